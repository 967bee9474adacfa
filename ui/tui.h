/* tui.h — shared state of the terminal interface: one struct, screens as small const
 * objects in a stack, key bindings as one table (the help screen is generated from it).
 * Only ui/ includes curses. */
#ifndef TLSWIZ_TUI_H
#define TLSWIZ_TUI_H
#include <stdbool.h>

#include "cli.h"
#include "lab.h"
#include "model.h"
#include "pcap.h"
#include "run.h"

/* keys of our own, beyond curses' (define_key) */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)

enum ui_result { UI_IGNORED, UI_HANDLED, UI_REDRAW, UI_BACK, UI_QUIT };

enum screen_id { SCR_HOME, SCR_WIZARD, SCR_LADDER, SCR_CHAIN, SCR_FINDINGS, SCR_TEXT, SCR_HELP, SCR__COUNT };

struct tui;

struct screen {
	enum screen_id id;
	const char *name;		/* shown in the title bar and help */
	void (*draw)(struct tui *t);
	enum ui_result (*key)(struct tui *t, int ch);	/* keys not in the shared table */
};

/* Roles, not colours: each has a colour pair and a monochrome attribute. */
enum role { R_NORMAL, R_TITLE, R_PASS, R_WARN, R_FAIL, R_DIM, R_SEL, R_KEY, R_RUN, R__COUNT };

#define HOME_MAX 96

struct home_item {
	int kind;		/* HI_TARGET, HI_OPTION, HI_WIZARD, HI_DIAGNOSE, HI_EXPLAIN, HI_CAPTURE, HI_LAB, HI_RECENT */
	int arg;
	char label[160];
	char desc[160];
};

struct tui {
	struct cli_opts *opts;
	struct target target;
	struct lab *lab;
	struct run *run;
	char run_title[96];
	int notify[2], sig[2];
	enum screen_id stack[8];	/* ui_screens[] indices, top last */
	int depth;
	int rows, cols;
	bool color, ascii, quit, confirm_quit;
	int quit_signal;	/* SIGINT/SIGTERM/SIGHUP that ended the loop: exit 128+N */
	char status[256];

	struct home_item home[HOME_MAX];
	int nhome, home_sel, home_top;
	bool editing;
	int edit_what;		/* which home item is being edited */
	char edit[1024];	/* a pasted error line can be long */
	char recent[8][256];
	int nrecent;

	int wiz_sel;
	int lad_trace, lad_sel, lad_top;
	bool lad_detail;
	int lad_focus;		/* the step a finding points at, -1 */
	char lad_note[200];	/* that finding's title */
	int chain_top;
	int fnd_sel;
	char *text;		/* SCR_TEXT content (plain report, capture listing) */
	char text_title[96];
	char explain_wizard[16];	/* the wizard an explanation on the text screen suggests */
	int text_top;
	const struct screen *help_for;
	int spin;
	char search[64];

	/* per screen: the scroll of its text pane (line, column) */
	int pane_top[SCR__COUNT], pane_left[SCR__COUNT];
	int help_top, help_left;
	size_t edit_pos;	/* the cursor in t->edit, a byte offset */
	bool in_paste;		/* between bracketed-paste marks */
	bool more_input;	/* more keys are queued behind this one (a paste without marks) */
	bool wiz_auto;		/* the wizard screen still follows the run (no key moved it) */
	int wiz_shown;
	int lad_step;		/* the wizard step the ladder was opened on, -1 */		/* the step whose pane pane_top belongs to */
};

struct line {
	enum role r;
	char *s;
};
struct lines {
	struct line *v;
	size_t n, cap;
};

/* draw.c: theme and drawing helpers */
void ui_put_h(struct tui *t, int y, int x, int width, enum role r, const char *s, int left);
void ui_target(struct tui *t, char *buf, size_t len, const char *host, unsigned port, int width);
void lines_free(struct lines *l);
void lines_add(struct lines *l, enum role r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void lines_text(struct lines *l, enum role r, const char *text);
void lines_wrap(struct lines *l, enum role r, int width, const char *prefix, const char *text);
int lines_widest(const struct lines *l);
void ui_pane(struct tui *t, int y, int x, int h, int w, const struct lines *l, int *top, int *left, int sel);
void draw_theme_init(struct tui *t);
void ui_put(struct tui *t, int y, int x, int width, enum role r, const char *s);
void ui_title(struct tui *t, const char *left, const char *right);
void ui_footer(struct tui *t, const char *keys);
const char *ui_sym(struct tui *t, const char *utf8, const char *ascii);
enum role ui_state_role(enum step_state s);
const char *ui_state_tag(enum step_state s);
int ui_lines(const char *text);

/* screens.c */
void ui_push(struct tui *t, enum screen_id id);
void ui_start_run(struct tui *t, const char *const *names, const char *title);
int ui_dispatch(struct tui *t, int ch);
extern const struct screen *const ui_screens[SCR__COUNT];
void home_build(struct tui *t);
void recent_load(struct tui *t);
void recent_save(struct tui *t);

#endif
