/* home.c — the home screen: the target and its options, the wizards, the lab, recent
 * targets, opening a capture or an explanation, and the edit prompt. */
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

/* ---- the screen stack, and starting a run ---- */

void ui_push(struct tui *t, enum screen_id id)
{
	if (t->depth < (int)(sizeof t->stack / sizeof t->stack[0]))
		t->stack[t->depth++] = id;
}

void ui_start_run(struct tui *t, const char *const *names, const char *title)
{
	char err[300];
	/* the same checks as the command line, before anything runs */
	if (target_validate(&t->target, err, sizeof err) < 0) {
		snprintf(t->status, sizeof t->status, "%s", err);
		return;
	}
	if (t->run)
		run_free(t->run);
	t->run = run_new(&t->target, names);
	snprintf(t->run_title, sizeof t->run_title, "%s", title);
	t->wiz_sel = 0;
	t->fnd_sel = 0;
	run_start(t->run, t->notify[1]);
	recent_save(t);
	ui_push(t, SCR_WIZARD);
}

/* ---- recent targets ($XDG_STATE_HOME/tlswiz/recent) ---- */

static void state_path(char *buf, size_t len, bool mkdirs)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[512];
	if (x && *x)
		snprintf(dir, sizeof dir, "%s/tlswiz", x);
	else
		snprintf(dir, sizeof dir, "%s/.local/state/tlswiz", home ? home : "/tmp");
	if (mkdirs) {
		char tmp[512];
		snprintf(tmp, sizeof tmp, "%s", dir);
		for (char *p = tmp + 1; *p; p++)
			if (*p == '/') {
				*p = '\0';
				mkdir(tmp, 0700);
				*p = '/';
			}
		mkdir(tmp, 0700);
	}
	snprintf(buf, len, "%s/recent", dir);
}

void recent_load(struct tui *t)
{
	char path[600], line[300];
	FILE *f;
	state_path(path, sizeof path, false);
	f = fopen(path, "r");
	t->nrecent = 0;
	while (f && t->nrecent < 8 && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0])
			text_sanitize_str(t->recent[t->nrecent++], sizeof t->recent[0], line);
	}
	if (f)
		fclose(f);
}

void recent_save(struct tui *t)
{
	char path[600], cur[300];
	FILE *f;
	if (!t->target.host[0] || t->lab)
		return;
	snprintf(cur, sizeof cur, "%s:%u", t->target.host, t->target.port);
	state_path(path, sizeof path, true);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "%s\n", cur);
	for (int i = 0; i < t->nrecent; i++)
		if (strcmp(t->recent[i], cur))
			fprintf(f, "%s\n", t->recent[i]);
	fclose(f);
	recent_load(t);
}

/* ---- home ---- */

static void add_item(struct tui *t, int kind, int arg, const char *label, const char *desc)
{
	struct home_item *h;
	if (t->nhome >= HOME_MAX)
		return;
	h = &t->home[t->nhome++];
	h->kind = kind;
	h->arg = arg;
	text_sanitize_str(h->label, sizeof h->label, label);
	text_sanitize_str(h->desc, sizeof h->desc, desc ? desc : "");
}

static const char *opt_value(struct tui *t, int opt, char *buf, size_t len)
{
	switch (opt) {
	case OPT_SNI:
		snprintf(buf, len, "%s", t->target.sni_mode == SNI_NONE ? "(none)" : t->target.sni_mode == SNI_NAME ?
			 t->target.sni : "(the host name)");
		break;
	case OPT_CONNECT: snprintf(buf, len, "%s", t->target.connect_to[0] ? t->target.connect_to : "(resolve the host)"); break;
	case OPT_CAFILE: snprintf(buf, len, "%s", t->target.cafile[0] ? t->target.cafile : "(system trust store)"); break;
	case OPT_PROXY: snprintf(buf, len, "%s", t->target.proxy[0] ? t->target.proxy : "(direct)"); break;
	default: snprintf(buf, len, "%s", t->target.starttls[0] ? t->target.starttls : "(none)"); break;
	}
	return buf;
}

void home_build(struct tui *t)
{
	static const char *const optnames[OPT__COUNT] = { "SNI", "Connect to", "CA file", "Proxy", "STARTTLS" };
	char label[200], v[200];

	t->nhome = 0;
	snprintf(label, sizeof label, "Target: %s%s%u", t->target.host[0] ? t->target.host : "(press Enter to type host[:port])",
		 t->target.host[0] ? ":" : "", t->target.host[0] ? t->target.port : 0);
	if (!t->target.host[0])
		label[strlen(label) - 1] = '\0';
	add_item(t, HI_TARGET, 0, label, NULL);
	for (int i = 0; i < OPT__COUNT; i++) {
		snprintf(label, sizeof label, "  %-11s %s", optnames[i], opt_value(t, i, v, sizeof v));
		add_item(t, HI_OPTION, i, label, NULL);
	}
	add_item(t, HI_HEADER, 0, "Wizards: cause -> checks -> resolution", NULL);
	for (int i = 0; wizard_registry[i]; i++)
		add_item(t, HI_WIZARD, i, wizard_registry[i]->title, wizard_registry[i]->summary);
	add_item(t, HI_DIAGNOSE, 0, "Diagnose everything", "every wizard, root cause first");
	add_item(t, HI_EXPLAIN, 0, "Explain an error message", "curl, browser, OpenSSL, Java ... error text");
	add_item(t, HI_CAPTURE, 0, "Open a capture", "ladders of the TLS connections in a pcap/pcapng file");
	if (t->nrecent && !t->lab) {
		add_item(t, HI_HEADER, 0, "Recent targets", NULL);
		for (int i = 0; i < t->nrecent; i++)
			add_item(t, HI_RECENT, i, t->recent[i], NULL);
	}
	if (t->lab) {
		snprintf(label, sizeof label, "Lab: %zu broken servers on 127.0.0.1 (Enter runs its wizard, d diagnoses)",
			 lab_count(t->lab));
		add_item(t, HI_HEADER, 0, label, NULL);
		for (size_t i = 0; i < lab_count(t->lab); i++) {
			const struct lab_entry *e = lab_entry(t->lab, i);
			snprintf(label, sizeof label, "%-20s %s", e->name, e->desc);
			add_item(t, HI_LAB, (int)i, label, NULL);
		}
	}
	if (t->home_sel >= t->nhome)
		t->home_sel = t->nhome - 1;
}

void scr_draw_home(struct tui *t)
{
	int list_rows = t->rows - 4, y = 2, lw = 26;

	ui_title(t, "home", t->lab ? "lab running" : NULL);
	ui_put(t, 1, 1, t->cols - 2, R_DIM, "Why does the TLS handshake fail? Pick a target, then a wizard.");
	if (t->home_sel < t->home_top)
		t->home_top = t->home_sel;
	if (t->home_sel >= t->home_top + list_rows)
		t->home_top = t->home_sel - list_rows + 1;
	/* one column for the wizards' names, as wide as the longest */
	for (int i = 0; i < t->nhome; i++)
		if (t->home[i].kind != HI_HEADER && t->home[i].kind != HI_TARGET && t->home[i].kind != HI_OPTION &&
		    t->home[i].kind != HI_LAB && (int)strlen(t->home[i].label) > lw)
			lw = (int)strlen(t->home[i].label);
	for (int i = t->home_top; i < t->nhome && y < t->rows - 2; i++, y++) {
		const struct home_item *h = &t->home[i];
		char line[400];
		bool sel = i == t->home_sel;
		if (h->kind == HI_HEADER) {
			ui_put(t, y, 1, t->cols - 2, R_KEY, h->label);
			continue;
		}
		snprintf(line, sizeof line, "%s %-*s %s", sel ? ui_sym(t, "▶", ">") : " ", lw, h->label, h->desc);
		if (h->kind == HI_TARGET || h->kind == HI_OPTION || h->kind == HI_LAB)
			snprintf(line, sizeof line, "%s %s", sel ? ui_sym(t, "▶", ">") : " ", h->label);
		ui_put(t, y, 1, t->cols - 2, sel ? R_SEL : h->kind == HI_OPTION ? R_DIM : R_NORMAL, line);
	}
	if (t->editing) {
		char prompt[1200];
		const char *label = t->edit_what == EDIT_CAPTURE ? "Capture file" : t->edit_what == EDIT_SEARCH ? "Search" :
				    t->edit_what == EDIT_EXPLAIN ? "Paste the error" :
				    t->home[t->edit_what].kind == HI_TARGET ? "host[:port]" : "value (empty = default)";
		const char *shown = t->edit;
		int avail = t->cols - (int)strlen(label) - 4;
		/* a long paste: show its end, where the typing happens */
		if (avail > 8 && (int)strlen(shown) > avail)
			shown += strlen(shown) - (size_t)(avail - 3);
		snprintf(prompt, sizeof prompt, "%s: %s%s_", label, shown != t->edit ? "..." : "", shown);
		ui_put(t, t->rows - 2, 0, t->cols, R_SEL, prompt);
		ui_footer(t, " Enter accept  Esc cancel");
		return;
	}
	ui_footer(t, " Enter choose  d diagnose  / search  ? help  q quit");
}

/* ---- run helpers ---- */

static const char *run_names_one[2];

static void start_wizard(struct tui *t, const struct wizard *w)
{
	if (!t->target.host[0]) {
		snprintf(t->status, sizeof t->status, "Type a target first (Enter on the Target line).");
		return;
	}
	run_names_one[0] = w->name;
	run_names_one[1] = NULL;
	ui_start_run(t, run_names_one, w->title);
}

void scr_start_diagnose(struct tui *t)
{
	if (!t->target.host[0]) {
		snprintf(t->status, sizeof t->status, "Type a target first (Enter on the Target line).");
		return;
	}
	ui_start_run(t, NULL, "diagnose everything");
}

void scr_pick_lab(struct tui *t, int i, bool diagnose)
{
	const struct lab_entry *e = lab_entry(t->lab, (size_t)i);
	target_defaults(&t->target);
	lab_target(t->lab, e, &t->target);
	t->target.timeout_ms = 3000;
	home_build(t);
	if (diagnose)
		scr_start_diagnose(t);
	else
		start_wizard(t, wizard_find(e->wizard));
}

static void open_capture(struct tui *t, const char *path)
{
	struct capture cap;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (capture_read(path, &cap) < 0) {
		snprintf(t->status, sizeof t->status, "cannot read the capture: %s", cap.error);
		return;
	}
	f = open_memstream(&buf, &len);
	fprintf(f, "%zu packets, %zu TCP connections%s\n", cap.packets, cap.n, cap.truncated ? " (file truncated)" : "");
	for (size_t i = 0; i < cap.n; i++) {
		fprintf(f, "\n%s -> %s\n", cap.conns[i].client, cap.conns[i].server);
		render_text_trace(f, cap.conns[i].trace, false, t->cols);
	}
	fclose(f);
	capture_free(&cap);
	free(t->text);
	t->text = buf;
	snprintf(t->text_title, sizeof t->text_title, "capture");
	t->text_top = 0;
	ui_push(t, SCR_TEXT);
}

/* "Explain an error message": the same words as `tlswiz explain`, on the text screen;
 * w then runs the wizard it names, on the target the message names (or the current one). */
static void open_explain(struct tui *t, const char *text)
{
	char *buf = NULL, target[256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!text[0]) {
		fclose(f);
		free(buf);
		return;
	}
	cli_explain_print(f, text, t->explain_wizard, sizeof t->explain_wizard, target, sizeof target);
	if (t->explain_wizard[0]) {
		char host[TW_HOST_MAX];
		unsigned short port;
		if (target[0] && target_parse_hostport(target, host, sizeof host, &port) == 0) {
			snprintf(t->target.host, sizeof t->target.host, "%s", host);
			t->target.port = port;
			home_build(t);
		}
		fprintf(f, "\nPress w to run the %s wizard on %s.\n", t->explain_wizard,
			t->target.host[0] ? t->target.host : "the target you set on the home screen");
	}
	fclose(f);
	free(t->text);
	t->text = buf;
	snprintf(t->text_title, sizeof t->text_title, "explain");
	t->text_top = 0;
	ui_push(t, SCR_TEXT);
}

enum ui_result scr_act_explain_wizard(struct tui *t)
{
	const struct wizard *w;
	if (!t->explain_wizard[0] || strcmp(t->text_title, "explain") != 0)
		return UI_IGNORED;
	w = wizard_find(t->explain_wizard);
	if (!w || !t->target.host[0]) {
		snprintf(t->status, sizeof t->status, "set a target on the home screen first");
		return UI_REDRAW;
	}
	if (t->depth > 1)
		t->depth--;	/* off the explanation, back home, then into the wizard */
	start_wizard(t, w);
	return UI_REDRAW;
}

/* The next match of t->search on the home, text or wizard screen. */
enum ui_result scr_search_next(struct tui *t)
{
	if (!t->search[0])
		return UI_IGNORED;
	if (t->stack[t->depth - 1] == SCR_HOME) {
		for (int k = 1; k <= t->nhome; k++) {
			int i = (t->home_sel + k) % t->nhome;
			if (t->home[i].kind != HI_HEADER && (strcasestr(t->home[i].label, t->search) || strcasestr(t->home[i].desc, t->search))) {
				t->home_sel = i;
				break;
			}
		}
	} else if (t->stack[t->depth - 1] == SCR_TEXT && t->text) {
		int line = 0;
		for (const char *p = t->text; *p; p++) {
			if (*p == '\n')
				line++;
			if (line > t->text_top && !strncmp(p + 1, t->search, strlen(t->search))) {
				t->text_top = line;
				break;
			}
		}
	} else if (t->stack[t->depth - 1] == SCR_WIZARD) {
		run_lock(t->run);
		for (size_t k = 1; k <= t->run->nsteps; k++) {
			size_t i = ((size_t)t->wiz_sel + k) % t->run->nsteps;
			if (strcasestr(t->run->steps[i].s->title, t->search) || strcasestr(t->run->steps[i].note, t->search)) {
				t->wiz_sel = (int)i;
				break;
			}
		}
		run_unlock(t->run);
	}
	return UI_REDRAW;
}

static void apply_edit(struct tui *t)
{
	char clean[256];
	text_sanitize_str(clean, sizeof clean, t->edit);
	if (t->edit_what == EDIT_CAPTURE) {
		open_capture(t, t->edit);
		return;
	}
	if (t->edit_what == EDIT_SEARCH) {
		snprintf(t->search, sizeof t->search, "%s", t->edit);
		scr_search_next(t);
		return;
	}
	if (t->edit_what == EDIT_EXPLAIN) {
		open_explain(t, t->edit);
		return;
	}
	if (t->home[t->edit_what].kind == HI_TARGET) {
		char host[TW_HOST_MAX];
		unsigned short port;
		if (target_parse_hostport(t->edit, host, sizeof host, &port) < 0) {
			snprintf(t->status, sizeof t->status, "\"%s\" is not host[:port]", clean);
			return;
		}
		snprintf(t->target.host, sizeof t->target.host, "%s", host);
		t->target.port = port;
		if (!t->target.timeout_ms)
			t->target.timeout_ms = 5000;
	} else {
		switch (t->home[t->edit_what].arg) {
		case OPT_SNI:
			if (!t->edit[0]) {
				t->target.sni_mode = SNI_AUTO;
			} else if (!strcmp(t->edit, "none") || !strcmp(t->edit, "-")) {
				t->target.sni_mode = SNI_NONE;
			} else {
				t->target.sni_mode = SNI_NAME;
				snprintf(t->target.sni, sizeof t->target.sni, "%s", t->edit);
			}
			break;
		case OPT_CONNECT: snprintf(t->target.connect_to, sizeof t->target.connect_to, "%s", t->edit); break;
		case OPT_CAFILE:
			if (t->edit[0] && access(t->edit, R_OK) != 0) {
				snprintf(t->status, sizeof t->status, "cannot read %s", clean);
				return;
			}
			snprintf(t->target.cafile, sizeof t->target.cafile, "%s", t->edit);
			break;
		case OPT_PROXY: snprintf(t->target.proxy, sizeof t->target.proxy, "%s", t->edit); break;
		default: snprintf(t->target.starttls, sizeof t->target.starttls, "%s", t->edit); break;
		}
	}
	home_build(t);
}

enum ui_result scr_edit_key(struct tui *t, int ch)
{
	size_t n = strlen(t->edit);
	if (ch == 27) {
		t->editing = false;
		return UI_REDRAW;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		t->editing = false;
		apply_edit(t);
		return UI_REDRAW;
	}
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (n)
			t->edit[n - 1] = '\0';
		return UI_REDRAW;
	}
	if (ch == 21) {	/* Ctrl-U */
		t->edit[0] = '\0';
		return UI_REDRAW;
	}
	if (ch >= 0x20 && ch < 0x7f && n + 1 < sizeof t->edit) {
		t->edit[n] = (char)ch;
		t->edit[n + 1] = '\0';
	}
	return UI_REDRAW;
}

void scr_begin_edit(struct tui *t, int what, const char *initial)
{
	t->editing = true;
	t->edit_what = what;
	snprintf(t->edit, sizeof t->edit, "%s", initial ? initial : "");
	t->status[0] = '\0';
}

enum ui_result scr_home_activate(struct tui *t)
{
	struct home_item *h = &t->home[t->home_sel];
	char init[300];

	switch (h->kind) {
	case HI_TARGET:
		snprintf(init, sizeof init, "%s", t->target.host);
		scr_begin_edit(t, t->home_sel, init);
		break;
	case HI_OPTION:
		scr_begin_edit(t, t->home_sel, "");
		break;
	case HI_WIZARD:
		start_wizard(t, wizard_registry[h->arg]);
		break;
	case HI_DIAGNOSE:
		scr_start_diagnose(t);
		break;
	case HI_EXPLAIN:
		scr_begin_edit(t, EDIT_EXPLAIN, "");
		break;
	case HI_CAPTURE:
		scr_begin_edit(t, EDIT_CAPTURE, "");
		break;
	case HI_RECENT: {
		char host[TW_HOST_MAX];
		unsigned short port;
		if (target_parse_hostport(t->recent[h->arg], host, sizeof host, &port) == 0) {
			snprintf(t->target.host, sizeof t->target.host, "%s", host);
			t->target.port = port;
			home_build(t);
		}
		break;
	}
	case HI_LAB:
		scr_pick_lab(t, h->arg, false);
		break;
	default:
		break;
	}
	return UI_REDRAW;
}

enum ui_result scr_home_key(struct tui *t, int ch)
{
	if (t->editing)
		return scr_edit_key(t, ch);
	return UI_IGNORED;
}
