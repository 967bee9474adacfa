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
#include "live.h"

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
	live_clear();
	t->lad_step = -1;
	t->run = run_new(&t->target, names);
	snprintf(t->run_title, sizeof t->run_title, "%s", title);
	t->wiz_sel = 0;
	t->fnd_sel = 0;
	t->wiz_auto = true;	/* until a key moves it, the screen opens on the root cause at the end */
	t->wiz_shown = -1;
	memset(t->pane_top, 0, sizeof t->pane_top);
	run_start(t->run, t->notify[1]);
	recent_save(t);
	ui_push(t, SCR_WIZARD);
}

/* ---- recent targets ($XDG_STATE_HOME/tlswiz/recent) ---- */

void scr_state_dir(char *buf, size_t len, bool mkdirs)
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
	snprintf(buf, len, "%s", dir);
}

void recent_load(struct tui *t)
{
	char path[600], line[300];
	FILE *f;
	scr_state_dir(path, sizeof path - 8, false);
	strcat(path, "/recent");
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
	scr_state_dir(path, sizeof path - 8, true);
	strcat(path, "/recent");
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
	if (t->editing)
		return;	/* the prompt draws its own footer */
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
	t->pane_top[SCR_TEXT] = 0;
	t->pane_left[SCR_TEXT] = 0;
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
	t->pane_top[SCR_TEXT] = 0;
	t->pane_left[SCR_TEXT] = 0;
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
			if (line > t->pane_top[SCR_TEXT] && strncmp(p + 1, t->search, strlen(t->search)) == 0) {
				t->pane_top[SCR_TEXT] = line;
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

/* Set one target field from the edit text; false (and a status line) when it is not usable. */
static bool apply_field(struct tui *t, int field, const char *clean)
{
	if (field == FIELD_TARGET) {
		char host[TW_HOST_MAX];
		unsigned short port;
		if (target_parse_hostport(t->edit, host, sizeof host, &port) < 0) {
			snprintf(t->status, sizeof t->status, "\"%s\" is not host[:port]", clean);
			return false;
		}
		snprintf(t->target.host, sizeof t->target.host, "%s", host);
		t->target.port = port;
		if (!t->target.timeout_ms)
			t->target.timeout_ms = 5000;
	} else {
		switch (field) {
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
				return false;
			}
			snprintf(t->target.cafile, sizeof t->target.cafile, "%s", t->edit);
			break;
		case OPT_PROXY: snprintf(t->target.proxy, sizeof t->target.proxy, "%s", t->edit); break;
		case OPT_STARTTLS: snprintf(t->target.starttls, sizeof t->target.starttls, "%s", t->edit); break;
		case FIELD_CERT: {
			/* "cert.pem" (key in it) or "cert.pem,key.pem"; empty: none */
			char cert[TW_PATH_MAX], *comma;
			snprintf(cert, sizeof cert, "%s", t->edit);
			comma = strchr(cert, ',');
			if (comma)
				*comma++ = '\0';
			if (cert[0] && (access(cert, R_OK) != 0 || (comma && access(comma, R_OK) != 0))) {
				snprintf(t->status, sizeof t->status, "cannot read %s", clean);
				return false;
			}
			snprintf(t->target.certfile, sizeof t->target.certfile, "%s", cert);
			snprintf(t->target.keyfile, sizeof t->target.keyfile, "%s", comma ? comma : cert);
			if (!cert[0])
				t->target.keyfile[0] = '\0';
			break;
		}
		case FIELD_CHAIN: snprintf(t->target.write_chain, sizeof t->target.write_chain, "%s", t->edit); break;
		default: break;
		}
	}
	return true;
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
	if (t->edit_what == EDIT_SAVE) {
		scr_save_report(t, t->edit);
		return;
	}
	if (t->edit_what >= EDIT_FIELD(-10) && t->edit_what < EDIT_FIELD(90)) {
		/* a field changed from a run's screen: the same wizards again, on the new target */
		if (apply_field(t, t->edit_what - EDIT_FIELD(0), clean) && t->run)
			scr_rerun(t);
		home_build(t);
		return;
	}
	apply_field(t, t->home[t->edit_what].kind == HI_TARGET ? FIELD_TARGET : t->home[t->edit_what].arg, clean);
	home_build(t);
}

static bool edit_multiline(struct tui *t)
{
	return t->edit_what == EDIT_EXPLAIN;
}

static const char *edit_label(struct tui *t)
{
	switch (t->edit_what) {
	case EDIT_CAPTURE: return "Capture file";
	case EDIT_SEARCH: return "Search";
	case EDIT_EXPLAIN: return "Paste the error";
	case EDIT_SAVE: return "Save the report to";
	case EDIT_FIELD(FIELD_TARGET): return "Retry on host[:port]";
	case EDIT_FIELD(OPT_SNI): return "Retry with SNI (empty: the host name, none: no SNI)";
	case EDIT_FIELD(OPT_CONNECT): return "Retry connecting to";
	case EDIT_FIELD(OPT_CAFILE): return "Retry trusting CA file";
	case EDIT_FIELD(OPT_PROXY): return "Retry via proxy (empty: direct)";
	case EDIT_FIELD(OPT_STARTTLS): return "Retry with STARTTLS (smtp imap pop3 ftp postgres xmpp ldap mysql)";
	case EDIT_FIELD(FIELD_CERT): return "Retry with client certificate file[,key file]";
	case EDIT_FIELD(FIELD_CHAIN): return "Write the fixed fullchain to";
	default: break;
	}
	if (t->edit_what >= 0 && t->edit_what < t->nhome && t->home[t->edit_what].kind == HI_TARGET)
		return "host[:port]";
	return "value (empty = default)";
}

/* The prompt, over the bottom of whatever screen is open: one line with the cursor
 * kept in view (a line cut on either side says so with "…"); a multi-line paste shows
 * its last lines. */
void scr_draw_edit(struct tui *t)
{
	const char *label = edit_label(t);
	int lw = (int)strlen(label) + 2, w = t->cols - lw;
	size_t line_start = t->edit_pos, n = strlen(t->edit);
	int nl = 0, maxl = edit_multiline(t) ? 6 : 1, y;
	const char *p;

	while (line_start > 0 && t->edit[line_start - 1] != '\n')
		line_start--;
	for (size_t i = 0; i < n; i++)
		nl += t->edit[i] == '\n';
	/* the lines before the cursor's, as many as fit */
	y = t->rows - 2;
	{
		size_t e = line_start;
		int row = y - 1;
		while (e > 0 && row > t->rows - 2 - maxl) {
			size_t b = e - 1;
			char buf[1100];
			while (b > 0 && t->edit[b - 1] != '\n')
				b--;
			snprintf(buf, sizeof buf, "%.*s", (int)(e - 1 - b), t->edit + b);
			ui_put(t, row, 0, t->cols, R_SEL, "");
			ui_put(t, row, lw, w, R_SEL, buf);
			row--;
			e = b;
		}
	}
	{
		char buf[1100], hd[80];
		size_t len = strcspn(t->edit + line_start, "\n");
		int col = 0, left;
		for (size_t i = line_start; i < t->edit_pos; i++)
			col += (t->edit[i] & 0xc0) != 0x80;
		left = col >= w - 1 ? col - (w - 2) : 0;
		snprintf(buf, sizeof buf, "%.*s", (int)len, t->edit + line_start);
		snprintf(hd, sizeof hd, "%s:", label);
		ui_put(t, y, 0, t->cols, R_SEL, "");
		ui_put(t, y, 0, lw, R_SEL, hd);
		ui_put_h(t, y, lw, w, R_SEL, buf, left);
		/* the cursor: the cell under it drawn the other way round */
		p = t->edit + t->edit_pos;
		{
			char cell[5] = " ";
			if (*p && *p != '\n') {
				size_t k = 1;
				while (p[k] && (p[k] & 0xc0) == 0x80 && k < 4)
					k++;
				snprintf(cell, sizeof cell, "%.*s", (int)k, p);
			}
			ui_put(t, y, lw + col - left + (left > 0 && col - left == 0 ? 1 : 0), 1, R_NORMAL, cell);
		}
	}
	if (edit_multiline(t)) {
		char f[160];
		snprintf(f, sizeof f, " %d line%s  Ctrl-D or Enter explains (a pasted newline is text)  Esc cancel", nl + 1,
			 nl ? "s" : "");
		ui_footer(t, f);
	} else {
		ui_footer(t, " Enter accept  Esc cancel  \u2190\u2192 Home End move  Ctrl-U clear");
	}
}

static void edit_insert(struct tui *t, const char *s, size_t k)
{
	size_t n = strlen(t->edit);
	if (n + k + 1 > sizeof t->edit)
		return;
	memmove(t->edit + t->edit_pos + k, t->edit + t->edit_pos, n - t->edit_pos + 1);
	memcpy(t->edit + t->edit_pos, s, k);
	t->edit_pos += k;
}

static size_t utf8_prev(const char *s, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && (s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static size_t utf8_next(const char *s, size_t i)
{
	if (!s[i])
		return i;
	i++;
	while (s[i] && (s[i] & 0xc0) == 0x80)
		i++;
	return i;
}

enum ui_result scr_edit_key(struct tui *t, int ch)
{
	size_t n = strlen(t->edit), a;
	if (ch == 27) {
		t->editing = false;
		return UI_REDRAW;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		/* inside a paste (marked, or one burst of keys), a newline is text */
		if (t->in_paste || t->more_input) {
			if (edit_multiline(t))
				edit_insert(t, "\n", 1);
			else if (t->in_paste)
				return UI_REDRAW;	/* a single value: a pasted line end is dropped */
			else
				goto submit;
			return UI_REDRAW;
		}
submit:
		t->editing = false;
		apply_edit(t);
		return UI_REDRAW;
	}
	switch (ch) {
	case 4:	/* Ctrl-D */
		if (edit_multiline(t) || !n)
			goto submit;
		if (t->edit_pos < n)
			memmove(t->edit + t->edit_pos, t->edit + utf8_next(t->edit, t->edit_pos), n - utf8_next(t->edit, t->edit_pos) + 1);
		return UI_REDRAW;
	case KEY_BACKSPACE: case 127: case 8:
		if (t->edit_pos) {
			a = utf8_prev(t->edit, t->edit_pos);
			memmove(t->edit + a, t->edit + t->edit_pos, n - t->edit_pos + 1);
			t->edit_pos = a;
		}
		return UI_REDRAW;
	case KEY_DC:
		if (t->edit_pos < n)
			memmove(t->edit + t->edit_pos, t->edit + utf8_next(t->edit, t->edit_pos), n - utf8_next(t->edit, t->edit_pos) + 1);
		return UI_REDRAW;
	case KEY_LEFT: case 2:
		t->edit_pos = utf8_prev(t->edit, t->edit_pos);
		return UI_REDRAW;
	case KEY_RIGHT: case 6:
		t->edit_pos = utf8_next(t->edit, t->edit_pos);
		return UI_REDRAW;
	case KEY_HOME: case 1:
		t->edit_pos = 0;
		return UI_REDRAW;
	case KEY_END: case 5:
		t->edit_pos = n;
		return UI_REDRAW;
	case 21:	/* Ctrl-U: everything before the cursor */
		memmove(t->edit, t->edit + t->edit_pos, n - t->edit_pos + 1);
		t->edit_pos = 0;
		return UI_REDRAW;
	case 11:	/* Ctrl-K: everything after it */
		t->edit[t->edit_pos] = '\0';
		return UI_REDRAW;
	case '\t':
		edit_insert(t, " ", 1);
		return UI_REDRAW;
	default:
		break;
	}
	if (ch >= 0x20 && ch < 0x100 && ch != 0x7f) {
		char c = (char)ch;
		edit_insert(t, &c, 1);
	}
	return UI_REDRAW;
}

void scr_begin_edit(struct tui *t, int what, const char *initial)
{
	t->editing = true;
	t->edit_what = what;
	snprintf(t->edit, sizeof t->edit, "%s", initial ? initial : "");
	t->edit_pos = strlen(t->edit);
	t->status[0] = '\0';
}

/* The current value of a target field, whole, to edit in place. */
void scr_field_value(struct tui *t, int field, char *buf, size_t len)
{
	buf[0] = '\0';
	switch (field) {
	case FIELD_TARGET:
		if (t->target.host[0])
			snprintf(buf, len, "%s%s%s:%u", strchr(t->target.host, ':') ? "[" : "", t->target.host,
				 strchr(t->target.host, ':') ? "]" : "", t->target.port);
		break;
	case OPT_SNI:
		snprintf(buf, len, "%s", t->target.sni_mode == SNI_NONE ? "none" : t->target.sni_mode == SNI_NAME ? t->target.sni : "");
		break;
	case OPT_CONNECT: snprintf(buf, len, "%s", t->target.connect_to); break;
	case OPT_CAFILE: snprintf(buf, len, "%s", t->target.cafile); break;
	case OPT_PROXY: snprintf(buf, len, "%s", t->target.proxy); break;
	case OPT_STARTTLS: snprintf(buf, len, "%s", t->target.starttls); break;
	case FIELD_CERT:
		if (t->target.certfile[0])
			snprintf(buf, len, "%s%s%s", t->target.certfile, strcmp(t->target.keyfile, t->target.certfile) ? "," : "",
				 strcmp(t->target.keyfile, t->target.certfile) ? t->target.keyfile : "");
		break;
	case FIELD_CHAIN: {
		char dir[600];
		if (t->target.write_chain[0]) {
			snprintf(buf, len, "%s", t->target.write_chain);
			break;
		}
		scr_state_dir(dir, sizeof dir, false);
		snprintf(buf, len, "%s/fullchain-%s.pem", dir, t->target.host);
		break;
	}
	default: break;
	}
}

enum ui_result scr_home_activate(struct tui *t)
{
	struct home_item *h = &t->home[t->home_sel];
	char init[300];

	switch (h->kind) {
	case HI_TARGET:
	case HI_OPTION:
		scr_field_value(t, h->kind == HI_TARGET ? FIELD_TARGET : h->arg, init, sizeof init);
		scr_begin_edit(t, t->home_sel, init);
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
