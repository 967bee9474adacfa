/* screens.c — the screens as small const objects (home.c and views.c draw them), and
 * the one key table every screen dispatches through; the help screen is generated from
 * that table so it cannot drift. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "cert.h"
#include "markdown.h"
#include "render_text.h"
#include "target.h"
#include "net.h"
#include "report.h"
#include "serverconf.h"
#include "text.h"
#include "trace.h"
#include "tui.h"
#include "wizard.h"
#include "xmalloc.h"
#include "scr.h"

struct keydef {
	int key, key2;
	const char *name;
	unsigned screens;
	const char *help;
	enum ui_result (*fn)(struct tui *t);
};

static const struct keydef keys[];

static const char *const glossary[] = {
	"SNI   Server Name Indication: the host name the client sends in its hello, so one address can serve many sites",
	"AIA   Authority Information Access: a URL in a certificate where its issuer's certificate can be fetched",
	"AEAD  Authenticated encryption (AES-GCM, ChaCha20-Poly1305): the cipher modes TLS1.3 keeps",
	"EKU   Extended Key Usage: what a certificate may be used for (serverAuth for a web server)",
	"OCSP  Online Certificate Status Protocol: asks the CA whether a certificate is revoked; \"stapled\" when the server sends it",
	"PFS   Perfect forward secrecy: (EC)DHE key exchange, so a stolen key cannot decrypt past traffic",
	"HRR   HelloRetryRequest: a TLS1.3 server asking the client to hello again with another key share",
	NULL
};

/* Help: generated from the key table for the screen underneath, then the states and the
 * glossary; it scrolls (Up/Down, PgUp/PgDn), any other key closes it. */
static void draw_help(struct tui *t)
{
	char line[200];
	struct lines l = { 0 };
	enum screen_id for_id = t->help_for ? t->help_for->id : SCR_HOME;

	snprintf(line, sizeof line, "help: %s", t->help_for ? t->help_for->name : "home");
	ui_title(t, line, NULL);
	for (const struct keydef *k = keys; k->name; k++) {
		if (!(k->screens & M(for_id)))
			continue;
		lines_add(&l, R_NORMAL, "  %-16s %s", k->name, k->help);
	}
	lines_add(&l, R_NORMAL, "%s", "");
	lines_wrap(&l, R_DIM, t->cols - 2, "", "States: [PASS] [WARN] [FAIL] [ .. ] running [SKIP]. NO_COLOR and --ascii are honoured.");
	lines_add(&l, R_NORMAL, "%s", "");
	lines_add(&l, R_KEY, "%s", "Glossary");
	for (int i = 0; glossary[i]; i++) {
		char term[16];
		snprintf(term, sizeof term, "  %.6s", glossary[i]);
		lines_wrap(&l, R_NORMAL, t->cols - 2, term, glossary[i] + 6);
	}
	ui_pane(t, 2, 1, t->rows - 4, t->cols - 2, &l, &t->help_top, &t->help_left, -1);
	lines_free(&l);
	ui_footer(t, " \u2191\u2193 PgUp PgDn scroll  any other key closes");
}

/* ---- actions ---- */

static const struct screen *top(struct tui *t)
{
	return ui_screens[t->stack[t->depth - 1]];
}

/* Screens that are one scrolling text pane move it; list screens move their selection
 * (and the wizard and findings screens page their detail pane). Each screen keeps its
 * own position. */
static bool pane_screen(enum screen_id id)
{
	return id == SCR_TEXT || id == SCR_CHAIN || id == SCR_HELP;
}

static int *pane_of(struct tui *t)
{
	return top(t)->id == SCR_HELP ? &t->help_top : &t->pane_top[top(t)->id];
}

static void user_moved(struct tui *t)
{
	if (top(t)->id == SCR_WIZARD)
		t->wiz_auto = false;
}

static enum ui_result act_up(struct tui *t)
{
	user_moved(t);
	if (pane_screen(top(t)->id) || (top(t)->id == SCR_LADDER && t->lad_detail)) {
		(*pane_of(t))--;
		return UI_REDRAW;
	}
	switch (top(t)->id) {
	case SCR_HOME:
		do
			t->home_sel = t->home_sel > 0 ? t->home_sel - 1 : 0;
		while (t->home_sel > 0 && t->home[t->home_sel].kind == HI_HEADER);
		break;
	case SCR_WIZARD: if (t->wiz_sel > 0) t->wiz_sel--; break;
	case SCR_LADDER: if (t->lad_sel > 0) t->lad_sel--; break;
	case SCR_FINDINGS: if (t->fnd_sel > 0) t->fnd_sel--; break;
	default: break;
	}
	return UI_REDRAW;
}

static enum ui_result act_down(struct tui *t)
{
	user_moved(t);
	if (pane_screen(top(t)->id) || (top(t)->id == SCR_LADDER && t->lad_detail)) {
		(*pane_of(t))++;	/* clamped when drawn */
		return UI_REDRAW;
	}
	switch (top(t)->id) {
	case SCR_HOME:
		do
			t->home_sel = t->home_sel < t->nhome - 1 ? t->home_sel + 1 : t->home_sel;
		while (t->home_sel < t->nhome - 1 && t->home[t->home_sel].kind == HI_HEADER);
		break;
	case SCR_WIZARD: t->wiz_sel++; break;
	case SCR_LADDER: t->lad_sel++; break;
	case SCR_FINDINGS: t->fnd_sel++; break;
	default: break;
	}
	return UI_REDRAW;
}

static enum ui_result act_page(struct tui *t, int dir)
{
	int n = t->rows - 5;
	enum screen_id id = top(t)->id;
	if (id == SCR_WIZARD || id == SCR_FINDINGS || (id == SCR_LADDER && t->lad_detail)) {	/* the detail pane below the list */
		t->pane_top[id] += dir * 4;
		return UI_REDRAW;
	}
	for (int i = 0; i < n; i++)
		dir > 0 ? act_down(t) : act_up(t);
	return UI_REDRAW;
}

static enum ui_result act_pgup(struct tui *t) { return act_page(t, -1); }
static enum ui_result act_pgdn(struct tui *t) { return act_page(t, 1); }

static enum ui_result act_top(struct tui *t)
{
	user_moved(t);
	switch (top(t)->id) {
	case SCR_HOME: t->home_sel = 0; break;
	case SCR_WIZARD: t->wiz_sel = 0; break;
	case SCR_LADDER: t->lad_sel = 0; break;
	case SCR_FINDINGS: t->fnd_sel = 0; break;
	default: *pane_of(t) = 0; break;
	}
	return UI_REDRAW;
}

static enum ui_result act_bottom(struct tui *t)
{
	user_moved(t);
	switch (top(t)->id) {
	case SCR_HOME: t->home_sel = t->nhome - 1; break;
	case SCR_WIZARD: t->wiz_sel = 1 << 20; break;
	case SCR_LADDER: t->lad_sel = 1 << 20; break;
	case SCR_FINDINGS: t->fnd_sel = 1 << 20; break;
	default: *pane_of(t) = 1 << 20; break;
	}
	return UI_REDRAW;
}

static enum ui_result act_hscroll(struct tui *t, int d)
{
	int *l = top(t)->id == SCR_HELP ? &t->help_left : &t->pane_left[top(t)->id];
	*l += d;
	if (*l < 0)
		*l = 0;
	return UI_REDRAW;
}

/* Left/Right: wide lines on a text pane; Back/Next through the steps on the wizard. */
static enum ui_result act_left(struct tui *t)
{
	if (top(t)->id == SCR_WIZARD)
		return act_up(t);
	return act_hscroll(t, -8);
}

static enum ui_result act_right(struct tui *t)
{
	if (top(t)->id == SCR_WIZARD)
		return act_down(t);
	return act_hscroll(t, 8);
}

/* The next step that failed (then warned), after the selected one. */
static enum ui_result act_next_fail(struct tui *t)
{
	run_lock(t->run);
	for (int pass = 0; pass < 2; pass++) {
		enum step_state want = pass ? STATE_WARNED : STATE_FAILED;
		for (size_t k = 1; k <= t->run->nsteps; k++) {
			size_t i = ((size_t)t->wiz_sel + k) % t->run->nsteps;
			if (t->run->steps[i].state == want) {
				t->wiz_sel = (int)i;
				t->wiz_auto = false;
				run_unlock(t->run);
				return UI_REDRAW;
			}
		}
	}
	run_unlock(t->run);
	snprintf(t->status, sizeof t->status, "No step failed or warned.");
	return UI_REDRAW;
}

static enum ui_result act_enter(struct tui *t)
{
	switch (top(t)->id) {
	case SCR_HOME:
		return scr_home_activate(t);
	case SCR_WIZARD:
		run_lock(t->run);
		t->lad_trace = scr_step_trace(t, t->wiz_sel);
		t->lad_step = t->wiz_sel;
		run_unlock(t->run);
		t->lad_sel = 0;
		t->lad_top = 0;
		t->lad_detail = false;
		/* Start at the step where it broke. */
		run_lock(t->run);
		if (t->lad_trace >= 0) {
			int f = t->lad_focus >= 0 ? t->lad_focus : trace_fail_step(t->run->report.traces[t->lad_trace]);
			if (f >= 0)
				t->lad_sel = f;
		}
		run_unlock(t->run);
		ui_push(t, SCR_LADDER);
		break;
	case SCR_LADDER:
		t->lad_detail = !t->lad_detail;
		t->pane_top[SCR_LADDER] = 0;
		break;
	case SCR_FINDINGS:
		run_lock(t->run);
		if (t->fnd_sel < (int)t->run->report.nfindings && t->run->report.findings[t->fnd_sel].origin >= 0)
			t->wiz_sel = t->run->report.findings[t->fnd_sel].origin;
		run_unlock(t->run);
		t->depth--;
		break;
	default:
		break;
	}
	return UI_REDRAW;
}

static enum ui_result act_back(struct tui *t)
{
	if (top(t)->id == SCR_LADDER && t->lad_detail) {
		t->lad_detail = false;
		return UI_REDRAW;
	}
	if (t->depth > 1) {
		t->depth--;
		t->status[0] = '\0';
		return UI_REDRAW;
	}
	return UI_IGNORED;
}

static enum ui_result act_quit_or_back(struct tui *t)
{
	if (act_back(t) == UI_REDRAW)
		return UI_REDRAW;
	if (t->run && !run_done(t->run) && !t->confirm_quit) {
		t->confirm_quit = true;
		snprintf(t->status, sizeof t->status, "Probes are still running. Press q again to quit.");
		return UI_REDRAW;
	}
	return UI_QUIT;
}

static enum ui_result act_quit(struct tui *t)
{
	(void)t;
	return UI_QUIT;
}

static enum ui_result act_help(struct tui *t)
{
	t->help_for = top(t);
	t->help_top = 0;
	t->help_left = 0;
	ui_push(t, SCR_HELP);
	return UI_REDRAW;
}

static enum ui_result act_redraw(struct tui *t)
{
	(void)t;
	clearok(curscr, TRUE);
	return UI_REDRAW;
}

static enum ui_result act_diagnose(struct tui *t)
{
	if (t->home[t->home_sel].kind == HI_LAB)
		scr_pick_lab(t, t->home[t->home_sel].arg, true);
	else
		scr_start_diagnose(t);
	return UI_REDRAW;
}

static enum ui_result act_chain(struct tui *t)
{
	t->chain_top = 0;
	ui_push(t, SCR_CHAIN);
	return UI_REDRAW;
}

static enum ui_result act_findings(struct tui *t)
{
	ui_push(t, SCR_FINDINGS);
	return UI_REDRAW;
}

/* The same wizards again, from scratch (steps depend on each other's probes), on the
 * target as it is now. */
void scr_rerun(struct tui *t)
{
	const char *names[8] = { NULL };
	size_t n = 0;
	bool all;
	char title[96];
	run_lock(t->run);
	for (size_t i = 0; i < t->run->nsteps && n < 7; i++)
		if (n == 0 || strcmp(names[n - 1], t->run->steps[i].w->name))
			names[n++] = t->run->steps[i].w->name;
	all = n > 1;
	run_unlock(t->run);
	snprintf(title, sizeof title, "%s", t->run_title);
	t->depth = 1;	/* home, then the wizard screen again */
	ui_start_run(t, all ? NULL : names, title);
}

static enum ui_result act_rerun(struct tui *t)
{
	scr_rerun(t);
	return UI_REDRAW;
}

/* Actions that change one target field from a run's screen and run again. */
static enum ui_result edit_field(struct tui *t, int field)
{
	char v[1024];
	scr_field_value(t, field, v, sizeof v);
	scr_begin_edit(t, EDIT_FIELD(field), v);
	return UI_REDRAW;
}

static enum ui_result act_f_target(struct tui *t) { return edit_field(t, FIELD_TARGET); }
static enum ui_result act_f_sni(struct tui *t) { return edit_field(t, OPT_SNI); }
static enum ui_result act_f_proxy(struct tui *t) { return edit_field(t, OPT_PROXY); }
static enum ui_result act_f_starttls(struct tui *t) { return edit_field(t, OPT_STARTTLS); }
static enum ui_result act_f_ca(struct tui *t) { return edit_field(t, OPT_CAFILE); }
static enum ui_result act_f_cert(struct tui *t) { return edit_field(t, FIELD_CERT); }
static enum ui_result act_f_chain(struct tui *t) { return edit_field(t, FIELD_CHAIN); }

static enum ui_result act_cancel(struct tui *t)
{
	if (t->run && !run_done(t->run)) {
		run_cancel(t->run);
		snprintf(t->status, sizeof t->status, "Cancelling: running probes stop at their next check.");
	}
	return UI_REDRAW;
}

/* s asks where to save; the default is in the state directory, and the full path is
 * shown when it is written. */
static enum ui_result act_save(struct tui *t)
{
	char path[800], dir[600], when[32], host[128];
	time_t now = time(NULL);
	struct tm tm;

	run_lock(t->run);
	if (!run_done(t->run)) {
		run_unlock(t->run);
		snprintf(t->status, sizeof t->status, "Wait for the run to finish (or c to cancel) before saving.");
		return UI_REDRAW;
	}
	snprintf(host, sizeof host, "%s", t->run->report.target.host);
	run_unlock(t->run);
	for (char *p = host; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
			*p = '_';
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y%m%d-%H%M%S", &tm);
	scr_state_dir(dir, sizeof dir, false);
	snprintf(path, sizeof path, "%s/reports/tlswiz-%s-%s.md", dir, host, when);
	scr_begin_edit(t, EDIT_SAVE, path);
	return UI_REDRAW;
}

void scr_save_report(struct tui *t, const char *path)
{
	char *md, dir[800];
	FILE *f;
	char clean[600];

	text_sanitize_str(clean, sizeof clean, path);
	if (!path[0])
		return;
	/* the default directory is made; a directory the operator named must exist */
	scr_state_dir(dir, sizeof dir, true);
	if (!strncmp(path, dir, strlen(dir)) && !strncmp(path + strlen(dir), "/reports/", 9)) {
		strcat(dir, "/reports");
		mkdir(dir, 0700);
	}
	run_lock(t->run);
	md = md_report(&t->run->report);
	run_unlock(t->run);
	f = fopen(path, "w");
	if (!f) {
		snprintf(t->status, sizeof t->status, "Cannot write %s: %s", clean, strerror(errno));
	} else {
		fputs(md, f);
		if (fclose(f) != 0)
			snprintf(t->status, sizeof t->status, "Cannot write %s: %s", clean, strerror(errno));
		else
			snprintf(t->status, sizeof t->status, "Report saved to %s", clean);
	}
	free(md);
}

/* Y: the selected fix (wizard, findings) or the ladder as text to the terminal's
 * clipboard with OSC 52 (xterm, tmux with set-clipboard, kitty, iTerm2, WezTerm); a
 * terminal without it ignores the sequence, and the status line says what was sent. */
static enum ui_result act_copy(struct tui *t)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *text = NULL, what[64] = "";
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	run_lock(t->run);
	if (top(t)->id == SCR_LADDER && t->lad_trace >= 0 && (size_t)t->lad_trace < t->run->report.ntraces) {
		render_text_trace(f, t->run->report.traces[t->lad_trace], false, 100);
		snprintf(what, sizeof what, "the ladder");
	} else {
		for (size_t i = 0; i < t->run->report.nfindings; i++) {
			const struct finding *fd = &t->run->report.findings[i];
			if ((top(t)->id == SCR_FINDINGS && (int)i == t->fnd_sel) || (top(t)->id == SCR_WIZARD && fd->origin == t->wiz_sel)) {
				fprintf(f, "%s (%s)\n%s\n", fd->title, fd->id, fd->fix);
				snprintf(what, sizeof what, "the fix for %s", fd->id);
				break;
			}
		}
	}
	run_unlock(t->run);
	fclose(f);
	if (!what[0] || !len) {
		snprintf(t->status, sizeof t->status, "Nothing to copy here (select a step with a fix, or open its ladder).");
		free(text);
		return UI_REDRAW;
	}
	fputs("\033]52;c;", stdout);
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned char)text[i] << 16 | (i + 1 < len ? (unsigned char)text[i + 1] << 8 : 0) |
			     (i + 2 < len ? (unsigned char)text[i + 2] : 0);
		putchar(b64[v >> 18 & 63]);
		putchar(b64[v >> 12 & 63]);
		putchar(i + 1 < len ? b64[v >> 6 & 63] : '=');
		putchar(i + 2 < len ? b64[v & 63] : '=');
	}
	fputs("\a", stdout);
	fflush(stdout);
	snprintf(t->status, sizeof t->status, "Copied %s (%zu bytes) with OSC 52, where the terminal allows it; y shows it as text.",
		 what, len);
	free(text);
	return UI_REDRAW;
}

static enum ui_result act_plain(struct tui *t)
{
	run_lock(t->run);
	free(t->text);
	t->text = render_text_report_str(&t->run->report, false);
	run_unlock(t->run);
	t->pane_top[SCR_TEXT] = 0;
	t->pane_left[SCR_TEXT] = 0;
	snprintf(t->text_title, sizeof t->text_title, "plain view (select with the mouse to copy)");
	ui_push(t, SCR_TEXT);
	return UI_REDRAW;
}

/* Server configuration that fixes the findings, for the detected (or chosen) software. */
static enum ui_result act_config(struct tui *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int k;

	run_lock(t->run);
	k = t->target.server_sw[0] ? server_kind_from_name(t->target.server_sw) : serverconf_detect(&t->run->report);
	if (!serverconf_relevant(&t->run->report))
		fprintf(f, "No finding of this run is fixed by server configuration: no snippet to show.\n");
	else
		fprintf(f, "Lines marked \"fixes\" address a finding of this run; the rest is the Mozilla baseline.\n");
	fprintf(f, "Server software: %s\n\n", k >= 0 ? "detected" : "not detected, showing every kind");
	for (int kind = 0; kind < SRV__COUNT; kind++) {
		struct serverconf sc;
		char text[8192];
		if ((k >= 0 && kind != k) || !serverconf_relevant(&t->run->report))
			continue;
		serverconf_build(&t->run->report, (enum server_kind)kind, false, &sc);
		serverconf_text(&sc, text, sizeof text);
		fprintf(f, "%s\n", text);
	}
	run_unlock(t->run);
	fclose(f);
	free(t->text);
	t->text = buf;
	t->pane_top[SCR_TEXT] = 0;
	t->pane_left[SCR_TEXT] = 0;
	snprintf(t->text_title, sizeof t->text_title, "server configuration that fixes it");
	ui_push(t, SCR_TEXT);
	return UI_REDRAW;
}

static enum ui_result act_trace_step(struct tui *t, int d)
{
	run_lock(t->run);
	if (t->run->report.ntraces) {
		t->lad_focus = -1;
		t->lad_note[0] = '\0';
		t->lad_trace = (t->lad_trace + d + (int)t->run->report.ntraces) % (int)t->run->report.ntraces;
		t->lad_step = -1;	/* t and T browse the recorded ones */
		t->lad_sel = 0;
		t->lad_top = 0;
	}
	run_unlock(t->run);
	return UI_REDRAW;
}

static enum ui_result act_next_trace(struct tui *t) { return act_trace_step(t, 1); }
static enum ui_result act_prev_trace(struct tui *t) { return act_trace_step(t, -1); }

/* A new search starts empty, as in less and vi; n repeats the last one. */
static enum ui_result act_search(struct tui *t)
{
	scr_begin_edit(t, EDIT_SEARCH, "");
	return UI_REDRAW;
}

/* Next match of the search text after the current position. */
#define S_LIST (M(SCR_HOME) | M(SCR_WIZARD) | M(SCR_LADDER) | M(SCR_FINDINGS) | M(SCR_TEXT) | M(SCR_CHAIN) | M(SCR_HELP))
#define S_PANE (M(SCR_TEXT) | M(SCR_CHAIN) | M(SCR_HELP))
#define S_RUN (M(SCR_WIZARD) | M(SCR_FINDINGS) | M(SCR_LADDER) | M(SCR_CHAIN))

static const struct keydef keys[] = {
	{ KEY_UP, 'k', "Up / k", S_LIST, "move up", act_up },
	{ KEY_DOWN, 'j', "Down / j", S_LIST, "move down", act_down },
	{ KEY_PPAGE, 0, "PgUp", S_LIST, "page up", act_pgup },
	{ KEY_NPAGE, 0, "PgDn", S_LIST, "page down", act_pgdn },
	{ 'g', KEY_HOME, "g / Home", S_LIST, "go to the top", act_top },
	{ 'G', KEY_END, "G / End", S_LIST, "go to the bottom", act_bottom },
	{ KEY_LEFT, 0, "Left", M(SCR_WIZARD), "back: the previous step", act_left },
	{ KEY_RIGHT, 0, "Right", M(SCR_WIZARD), "next: the next step", act_right },
	{ KEY_LEFT, 0, "Left", S_PANE, "scroll wide lines left", act_left },
	{ KEY_RIGHT, 0, "Right", S_PANE, "scroll wide lines right", act_right },
	{ 'x', 0, "x", M(SCR_WIZARD), "next failed (then warned) step", act_next_fail },
	{ '\n', KEY_ENTER, "Enter", M(SCR_HOME) | M(SCR_WIZARD) | M(SCR_LADDER) | M(SCR_FINDINGS),
	  "choose / open the ladder / message details / go to the step", act_enter },
	{ '\t', 0, "Tab", M(SCR_WIZARD), "the same as Enter: to the handshake ladder", act_enter },
	{ 'd', 0, "d", M(SCR_HOME), "diagnose everything (on a lab scenario: that scenario)", act_diagnose },
	{ 'C', 0, "C", S_RUN, "the certificate chain", act_chain },
	{ 'f', 0, "f", M(SCR_WIZARD) | M(SCR_LADDER), "all findings, by severity", act_findings },
	{ 't', 0, "t", M(SCR_LADDER), "next handshake attempt", act_next_trace },
	{ 'T', 0, "T", M(SCR_LADDER), "previous handshake attempt", act_prev_trace },
	{ 'r', 0, "r", M(SCR_WIZARD), "re-run", act_rerun },
	{ 'c', 0, "c", M(SCR_WIZARD) | M(SCR_FINDINGS), "cancel the running probes", act_cancel },
	{ 'e', 0, "e", S_RUN, "retry on another host:port (pre-filled)", act_f_target },
	{ 'S', 0, "S", S_RUN, "retry with another SNI, or none", act_f_sni },
	{ 'L', 0, "L", S_RUN, "retry with STARTTLS (smtp, imap, ...)", act_f_starttls },
	{ 'P', 0, "P", S_RUN, "retry via a proxy, or direct (empty)", act_f_proxy },
	{ 'A', 0, "A", S_RUN, "retry trusting a CA file", act_f_ca },
	{ 'K', 0, "K", S_RUN, "retry with a client certificate (file[,key])", act_f_cert },
	{ 'W', 0, "W", S_RUN, "write the fixed fullchain (asks for the path), run again", act_f_chain },
	{ 's', 0, "s", M(SCR_WIZARD) | M(SCR_FINDINGS), "save a Markdown report (asks for the path)", act_save },
	{ 'y', 0, "y", M(SCR_WIZARD) | M(SCR_FINDINGS), "plain view to copy from", act_plain },
	{ 'Y', 0, "Y", M(SCR_WIZARD) | M(SCR_FINDINGS) | M(SCR_LADDER), "copy the fix (or the ladder) to the clipboard, OSC 52", act_copy },
	{ 'o', 0, "o", M(SCR_WIZARD) | M(SCR_FINDINGS), "server configuration lines that fix the findings", act_config },
	{ '/', 0, "/", M(SCR_HOME) | M(SCR_WIZARD) | M(SCR_TEXT), "search", act_search },
	{ 'n', 0, "n", M(SCR_HOME) | M(SCR_WIZARD) | M(SCR_TEXT), "next match", scr_search_next },
	{ 'w', 0, "w", M(SCR_TEXT), "after an explanation: run the wizard it names", scr_act_explain_wizard },
	{ '?', KEY_F(1), "? / F1", ALL, "this help", act_help },
	{ 12, 0, "Ctrl-L", ALL, "redraw the screen", act_redraw },
	{ 27, KEY_BACKSPACE, "Esc / Backspace", ALL & ~M(SCR_HOME), "back", act_back },
	{ 'q', 0, "q", ALL, "back; on the home screen quit (asks while probes run)", act_quit_or_back },
	{ KEY_F(10), 0, "F10", ALL, "quit", act_quit },
	{ 0, 0, NULL, 0, NULL, NULL },
};

int ui_dispatch(struct tui *t, int ch)
{
	const struct screen *s = top(t);
	enum ui_result r;

	if (s->id == SCR_HELP) {	/* scroll keys scroll it, any other key closes it */
		static const int scroll[] = { KEY_UP, KEY_DOWN, 'j', 'k', KEY_PPAGE, KEY_NPAGE, KEY_HOME, KEY_END, 'g', 'G',
					      KEY_LEFT, KEY_RIGHT, 0 };
		for (int i = 0; scroll[i]; i++)
			if (scroll[i] == ch)
				goto table;
		t->depth--;
		return UI_REDRAW;
	}
	if (t->editing)
		return scr_edit_key(t, ch);
	if (ch != 'q')
		t->confirm_quit = false;
	if (s->key && (r = s->key(t, ch)) != UI_IGNORED)
		return r;
table:
	for (const struct keydef *k = keys; k->name; k++)
		if ((k->key == ch || (k->key2 && k->key2 == ch)) && (k->screens & M(s->id)))
			return k->fn(t);
	if (ch == 127 && s->id != SCR_HOME)
		return act_back(t);
	return UI_IGNORED;
}

static const struct screen home_screen = { SCR_HOME, "home", scr_draw_home, scr_home_key };
static const struct screen wizard_screen = { SCR_WIZARD, "wizard", scr_draw_wizard, NULL };
static const struct screen ladder_screen = { SCR_LADDER, "ladder", scr_draw_ladder, NULL };
static const struct screen chain_screen = { SCR_CHAIN, "certificate chain", scr_draw_chain, NULL };
static const struct screen findings_screen = { SCR_FINDINGS, "findings", scr_draw_findings, NULL };
static const struct screen textv_screen = { SCR_TEXT, "text", scr_draw_text, NULL };
static const struct screen help_screen = { SCR_HELP, "help", draw_help, NULL };

const struct screen *const ui_screens[SCR__COUNT] = {
	[SCR_HOME] = &home_screen, [SCR_WIZARD] = &wizard_screen, [SCR_LADDER] = &ladder_screen, [SCR_CHAIN] = &chain_screen,
	[SCR_FINDINGS] = &findings_screen, [SCR_TEXT] = &textv_screen, [SCR_HELP] = &help_screen,
};
