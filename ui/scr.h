/* scr.h — what the screen files share (ui/ only): the home screen's item kinds
 * and options, the edit prompts, and the functions one screen group lends another. */
#ifndef TLSWIZ_UI_SCR_H
#define TLSWIZ_UI_SCR_H
#include "tui.h"

enum { HI_TARGET, HI_OPTION, HI_WIZARD, HI_DIAGNOSE, HI_EXPLAIN, HI_CAPTURE, HI_RECENT, HI_LAB, HI_HEADER };
enum { OPT_SNI, OPT_CONNECT, OPT_CAFILE, OPT_PROXY, OPT_STARTTLS, OPT__COUNT };
#define EDIT_CAPTURE 1000	/* edit_what: the capture path prompt */
#define EDIT_SEARCH 1001
#define EDIT_EXPLAIN 1002
#define EDIT_SAVE 1003
/* a target field edited from a run's screen, then the run again: EDIT_FIELD(OPT_SNI) ... */
#define EDIT_FIELD(f) (1110 + (f))
#define FIELD_TARGET (-1)
#define FIELD_CERT OPT__COUNT
#define FIELD_CHAIN (OPT__COUNT + 1)

#define M(s) (1u << (s))
#define ALL 0xffffu

/* home.c: the screen stack, the home screen, recent targets, the run helpers and the
 * edit prompt */
void scr_draw_home(struct tui *t);
void scr_start_diagnose(struct tui *t);
void scr_pick_lab(struct tui *t, int i, bool diagnose);
enum ui_result scr_act_explain_wizard(struct tui *t);
enum ui_result scr_edit_key(struct tui *t, int ch);
void scr_begin_edit(struct tui *t, int what, const char *initial);
void scr_draw_edit(struct tui *t);
void scr_state_dir(char *buf, size_t len, bool mkdirs);
void scr_save_report(struct tui *t, const char *path);	/* screens.c */
void scr_rerun(struct tui *t);
void scr_field_value(struct tui *t, int field, char *buf, size_t len);	/* home.c */	/* screens.c: the same wizards again */
enum ui_result scr_home_activate(struct tui *t);
enum ui_result scr_home_key(struct tui *t, int ch);
enum ui_result scr_search_next(struct tui *t);

/* views.c: the wizard, ladder, chain, findings and text screens */
void scr_draw_wizard(struct tui *t);
int scr_step_trace(struct tui *t, int k);
void scr_draw_ladder(struct tui *t);
void scr_draw_chain(struct tui *t);
void scr_draw_findings(struct tui *t);
void scr_draw_text(struct tui *t);

#endif
