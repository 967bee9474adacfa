/* screens.c — the screens (home, wizard, ladder, chain, findings, text, help) as small
 * const objects, and the one key table every screen dispatches through; the help screen
 * is generated from that table so it cannot drift. Screens draw from the run's report
 * under its lock and never touch the network. */
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
#include "net.h"
#include "report.h"
#include "serverconf.h"
#include "text.h"
#include "trace.h"
#include "tui.h"
#include "wizard.h"
#include "xmalloc.h"

enum { HI_TARGET, HI_OPTION, HI_WIZARD, HI_DIAGNOSE, HI_EXPLAIN, HI_CAPTURE, HI_RECENT, HI_LAB, HI_HEADER };
enum { OPT_SNI, OPT_CONNECT, OPT_CAFILE, OPT_PROXY, OPT_STARTTLS, OPT__COUNT };
#define EDIT_CAPTURE 1000	/* edit_what: the capture path prompt */
#define EDIT_SEARCH 1001
#define EDIT_EXPLAIN 1002

#define M(s) (1u << (s))
#define ALL 0xffffu

void ui_push(struct tui *t, enum screen_id id)
{
	if (t->depth < (int)(sizeof t->stack / sizeof t->stack[0]))
		t->stack[t->depth++] = ui_screens[id];
}

void ui_start_run(struct tui *t, const char *const *names, const char *title)
{
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

static void draw_home(struct tui *t)
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

static void start_diagnose(struct tui *t)
{
	if (!t->target.host[0]) {
		snprintf(t->status, sizeof t->status, "Type a target first (Enter on the Target line).");
		return;
	}
	ui_start_run(t, NULL, "diagnose everything");
}

static void pick_lab(struct tui *t, int i, bool diagnose)
{
	const struct lab_entry *e = lab_entry(t->lab, (size_t)i);
	cli_target_defaults(&t->target);
	lab_target(t->lab, e, &t->target);
	t->target.timeout_ms = 3000;
	home_build(t);
	if (diagnose)
		start_diagnose(t);
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
		cli_print_trace(f, cap.conns[i].trace, false, t->cols);
	}
	fclose(f);
	capture_free(&cap);
	free(t->text);
	t->text = buf;
	snprintf(t->text_title, sizeof t->text_title, "capture");
	t->text_top = 0;
	ui_push(t, SCR_TEXT);
}

static enum ui_result act_next(struct tui *t);
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
		if (target[0] && cli_parse_hostport(target, host, sizeof host, &port) == 0) {
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

static enum ui_result act_explain_wizard(struct tui *t)
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
		act_next(t);
		return;
	}
	if (t->edit_what == EDIT_EXPLAIN) {
		open_explain(t, t->edit);
		return;
	}
	if (t->home[t->edit_what].kind == HI_TARGET) {
		char host[TW_HOST_MAX];
		unsigned short port;
		if (cli_parse_hostport(t->edit, host, sizeof host, &port) < 0) {
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

static enum ui_result edit_key(struct tui *t, int ch)
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

static void begin_edit(struct tui *t, int what, const char *initial)
{
	t->editing = true;
	t->edit_what = what;
	snprintf(t->edit, sizeof t->edit, "%s", initial ? initial : "");
	t->status[0] = '\0';
}

static enum ui_result home_activate(struct tui *t)
{
	struct home_item *h = &t->home[t->home_sel];
	char init[300];

	switch (h->kind) {
	case HI_TARGET:
		snprintf(init, sizeof init, "%s", t->target.host);
		begin_edit(t, t->home_sel, init);
		break;
	case HI_OPTION:
		begin_edit(t, t->home_sel, "");
		break;
	case HI_WIZARD:
		start_wizard(t, wizard_registry[h->arg]);
		break;
	case HI_DIAGNOSE:
		start_diagnose(t);
		break;
	case HI_EXPLAIN:
		begin_edit(t, EDIT_EXPLAIN, "");
		break;
	case HI_CAPTURE:
		begin_edit(t, EDIT_CAPTURE, "");
		break;
	case HI_RECENT: {
		char host[TW_HOST_MAX];
		unsigned short port;
		if (cli_parse_hostport(t->recent[h->arg], host, sizeof host, &port) == 0) {
			snprintf(t->target.host, sizeof t->target.host, "%s", host);
			t->target.port = port;
			home_build(t);
		}
		break;
	}
	case HI_LAB:
		pick_lab(t, h->arg, false);
		break;
	default:
		break;
	}
	return UI_REDRAW;
}

static enum ui_result home_key(struct tui *t, int ch)
{
	if (t->editing)
		return edit_key(t, ch);
	return UI_IGNORED;
}

/* ---- wizard ---- */

static void spinner(struct tui *t, char *buf, size_t len)
{
	static const char *const u[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
	static const char *const a[] = { "|", "/", "-", "\\" };
	snprintf(buf, len, "%s", t->ascii ? a[t->spin % 4] : u[t->spin % 10]);
}

/* Lines of text wrapped to width, drawn from y; returns the next row. */
static int draw_wrapped(struct tui *t, int y, int x, int width, int maxy, enum role r, const char *prefix, const char *s)
{
	char line[512];
	size_t plen = strlen(prefix);
	const char *p = s;
	bool first = true;

	while (*p && y < maxy) {
		size_t n = strcspn(p, "\n"), cut = n, cols = 0, k, lastsp = 0;
		int room = width - (int)plen;
		for (k = 0; k < n && (int)cols < room; k++) {
			if ((p[k] & 0xc0) != 0x80)
				cols++;
			if (p[k] == ' ')
				lastsp = k;
		}
		if (k < n)
			cut = lastsp ? lastsp : k;
		snprintf(line, sizeof line, "%s%.*s", first ? prefix : "", (int)cut, p);
		if (!first)
			snprintf(line, sizeof line, "%*s%.*s", (int)plen, "", (int)cut, p);
		ui_put(t, y++, x, width, r, line);
		first = false;
		p += cut;
		while (*p == ' ')
			p++;
		if (*p == '\n')
			p++;
	}
	return y;
}

static void draw_wizard(struct tui *t)
{
	struct run *r = t->run;
	char right[96], spin[8] = "", line[400], tgt[300];
	size_t done, total;
	int y, list_rows, top = 0, dy, tw = 26;

	run_lock(r);
	done = run_progress(r, &total);
	if (!r->done)
		spinner(t, spin, sizeof spin);
	{
		double ms = r->done ? r->report.elapsed_ms : net_now_ms() - r->t0;
		if (ms < 1000)
			snprintf(right, sizeof right, "%s step %zu of %zu  %.0f ms ", spin, done < total ? done + 1 : total, total, ms);
		else
			snprintf(right, sizeof right, "%s step %zu of %zu  %.1f s ", spin, done < total ? done + 1 : total, total, ms / 1000);
	}
	snprintf(tgt, sizeof tgt, "%s %s:%u", t->run_title, r->target.host, r->target.port);
	ui_title(t, tgt, right);
	if (r->done)
		snprintf(line, sizeof line, "%s  %s", verdict_name(r->report.verdict), r->report.verdict_text);
	else
		snprintf(line, sizeof line, "checking: %s - %s", r->steps[r->current].w->title, r->steps[r->current].s->title);
	ui_put(t, 1, 1, t->cols - 2, r->done ? (r->report.verdict == VERDICT_OK ? R_PASS : r->report.verdict == VERDICT_WARN ?
					       R_WARN : R_FAIL) : R_RUN, line);
	list_rows = t->rows / 2 - 2;
	if (t->wiz_sel >= (int)r->nsteps)
		t->wiz_sel = (int)r->nsteps - 1;
	if (t->wiz_sel >= list_rows)
		top = t->wiz_sel - list_rows + 1;
	y = 2;
	/* step titles in full where the screen has room (wide terminals), else 26 columns */
	for (size_t i = 0; i < r->nsteps; i++)
		if ((int)strlen(r->steps[i].s->title) > tw)
			tw = (int)strlen(r->steps[i].s->title);
	if (tw > (t->cols >= 100 ? 36 : 26))
		tw = t->cols >= 100 ? 36 : 26;
	for (int i = top; i < (int)r->nsteps && y < 2 + list_rows; i++, y++) {
		const struct run_step *st = &r->steps[i];
		bool sel = i == t->wiz_sel;
		if (r->nsteps > 8)	/* diagnose: several wizards, say whose step */
			snprintf(line, sizeof line, "%s %-12.12s %-24.24s %s", ui_state_tag(st->state), st->w->name,
				 st->s->title, st->note);
		else
			snprintf(line, sizeof line, "%s %-*.*s %s", ui_state_tag(st->state), tw, tw, st->s->title, st->note);
		ui_put(t, y, 1, t->cols - 2, sel ? R_SEL : ui_state_role(st->state), line);
	}
	/* The selected step: cause -> checks -> resolution, right below the list. */
	y = 3 + ((int)r->nsteps - top < list_rows ? (int)r->nsteps - top : list_rows);
	{
		const struct run_step *st = &r->steps[t->wiz_sel];
		char hdr[200];
		snprintf(hdr, sizeof hdr, "%s %s %s", ui_sym(t, "──", "--"), st->s->title, ui_sym(t, "──", "--"));
		ui_put(t, y++, 1, t->cols - 2, R_KEY, hdr);
		dy = draw_wrapped(t, y, 1, t->cols - 2, t->rows - 2, R_DIM, "why:  ", st->s->why);
		y = dy;
		if (st->note[0])
			y = draw_wrapped(t, y, 1, t->cols - 2, t->rows - 2, ui_state_role(st->state), "seen: ", st->note);
		for (size_t i = 0; i < r->report.nfindings && y < t->rows - 2; i++) {
			const struct finding *f = &r->report.findings[i];
			if (f->origin != t->wiz_sel)
				continue;
			snprintf(line, sizeof line, "%s %s (%s)", f->severity == SEV_ERROR ? ui_sym(t, "✗", "x") :
				 ui_sym(t, "!", "!"), f->title, f->id);
			y = draw_wrapped(t, y, 1, t->cols - 2, t->rows - 2, f->severity == SEV_ERROR ? R_FAIL : R_WARN, "", line);
			y = draw_wrapped(t, y, 1, t->cols - 2, t->rows - 2, R_NORMAL, "  proof: ", f->evidence);
			y = draw_wrapped(t, y, 1, t->cols - 2, t->rows - 2, R_PASS, "  fix:   ", f->fix);
		}
	}
	run_unlock(r);
	ui_footer(t, " Enter ladder  C chain  f findings  s save  r re-run  c cancel  ? help  q back");
}

/* The trace that best shows a step: its finding's, its own, else the default handshake. */
static int step_trace(struct tui *t, int k)
{
	struct run *r = t->run;
	int idx = -1;
	t->lad_focus = -1;
	t->lad_note[0] = '\0';
	for (size_t i = 0; i < r->report.nfindings; i++)
		if (r->report.findings[i].origin == k && r->report.findings[i].trace >= 0) {
			t->lad_focus = r->report.findings[i].step;
			snprintf(t->lad_note, sizeof t->lad_note, "%s", r->report.findings[i].title);
			return r->report.findings[i].trace;
		}
	if (r->steps[k].first_trace >= 0)
		return r->steps[k].first_trace;
	report_find_trace(&r->report, "default", &idx);
	return idx;
}

/* ---- ladder ---- */

static void draw_ladder(struct tui *t)
{
	struct run *r = t->run;
	const struct trace *tr;
	char title[200], line[400];
	int y = 3, rows_per = 2, visible, fail;
	int colw = t->cols - 2;

	run_lock(r);
	if (t->lad_trace < 0 || (size_t)t->lad_trace >= r->report.ntraces) {
		run_unlock(r);
		ui_title(t, "ladder", NULL);
		ui_put(t, 2, 1, t->cols - 2, R_DIM, "No handshake was recorded for this step yet.");
		ui_footer(t, " q back");
		return;
	}
	tr = r->report.traces[t->lad_trace];
	snprintf(title, sizeof title, "ladder %s (%d of %zu)", tr->label, t->lad_trace + 1, r->report.ntraces);
	ui_title(t, title, NULL);
	snprintf(line, sizeof line, "%8s%-*s%s", "", colw - 8 - 29, "client", "server");
	ui_put(t, 1, 1, colw, R_KEY, line);
	snprintf(line, sizeof line, "to %s%s%s", tr->addr, tr->sni[0] ? "  SNI=" : "  no SNI", tr->sni);
	ui_put(t, 2, 1, colw, R_DIM, line);
	fail = t->lad_focus >= 0 ? t->lad_focus : trace_fail_step(tr);
	visible = (t->rows - 6) / rows_per;
	if (t->lad_sel >= (int)tr->nsteps)
		t->lad_sel = (int)tr->nsteps - 1;
	if (t->lad_sel < 0)
		t->lad_sel = 0;
	if (t->lad_sel < t->lad_top)
		t->lad_top = t->lad_sel;
	if (t->lad_sel >= t->lad_top + visible)
		t->lad_top = t->lad_sel - visible + 1;
	for (int i = t->lad_top; i < (int)tr->nsteps && y < t->rows - 3; i++) {
		const struct step *s = &tr->steps[i];
		char bytes[16] = "", arrow[200];
		/* time | client-side name | arrow | server-side name | size */
		int aw = colw - 8 - 20 - 20 - 9;
		enum role role = i == fail ? R_FAIL : s->dir == DIR_LOCAL ? R_DIM : R_NORMAL;
		if (aw < 6)
			aw = 6;
		if (s->bytes)
			snprintf(bytes, sizeof bytes, "%u B", s->bytes);
		{
			size_t o = 0;
			const char *dash = ui_sym(t, "─", "-");
			if (s->dir == DIR_S2C)
				o += (size_t)snprintf(arrow + o, sizeof arrow - o, "%s", ui_sym(t, "◀", "<"));
			for (int k = 0; k < aw - 1 && o + 4 < sizeof arrow; k++)
				o += (size_t)snprintf(arrow + o, sizeof arrow - o, "%s", s->dir == DIR_LOCAL ? " " : dash);
			if (s->dir == DIR_C2S)
				snprintf(arrow + o, sizeof arrow - o, "%s", ui_sym(t, "▶", ">"));
		}
		snprintf(line, sizeof line, "%7.1f %-20.20s%s %-20.20s %s", s->t_ms, s->dir == DIR_S2C ? "" : s->name, arrow,
			 s->dir == DIR_S2C ? s->name : "", bytes);
		ui_put(t, y, 1, colw, i == t->lad_sel ? R_SEL : role, line);
		y++;
		snprintf(line, sizeof line, "%s%s", i == fail ? ui_sym(t, "✗ ", "x ") : "  ", s->summary);
		ui_put(t, y++, 9, colw - 8, i == fail ? R_FAIL : R_DIM, line);
	}
	if (t->lad_note[0] && t->lad_focus >= 0)
		snprintf(line, sizeof line, "%s %s (at %s)", ui_sym(t, "✗", "x"), t->lad_note,
			 t->lad_focus < (int)tr->nsteps ? tr->steps[t->lad_focus].name : "?");
	else
		snprintf(line, sizeof line, "%s %s", tr->outcome == OUTCOME_OK ? ui_sym(t, "✔", "ok") : ui_sym(t, "✗", "x"), tr->reason);
	ui_put(t, t->rows - 3, 1, colw, tr->outcome == OUTCOME_OK && !(t->lad_note[0] && t->lad_focus >= 0) ? R_PASS : R_FAIL, line);
	if (t->lad_detail && t->lad_sel < (int)tr->nsteps) {
		const struct step *s = &tr->steps[t->lad_sel];
		int by = t->rows / 2 - 3, bx = 4, bw = t->cols - 8;
		for (int k = 0; k < 7; k++)
			ui_put(t, by + k, bx, bw, R_SEL, "");
		snprintf(line, sizeof line, " %s  %s  at %.2f ms  %u bytes%s", s->name,
			 s->dir == DIR_C2S ? "client -> server" : s->dir == DIR_S2C ? "server -> client" : "local",
			 s->t_ms, s->bytes, s->flags & STEP_ENCRYPTED ? "  (encrypted)" : "");
		ui_put(t, by, bx, bw, R_SEL, line);
		draw_wrapped(t, by + 2, bx + 1, bw - 2, by + 6, R_SEL, "", s->summary);
		ui_put(t, by + 6, bx, bw, R_SEL, " Enter or Esc closes");
	}
	run_unlock(r);
	ui_footer(t, " \u2191\u2193 message  Enter details  t next handshake  T previous  q back");
}

/* ---- chain ---- */

static void draw_chain(struct tui *t)
{
	struct run *r = t->run;
	const struct chain *ch;
	char line[400];
	int y = 2;
	time_t now = time(NULL);

	ui_title(t, "certificate chain", NULL);
	run_lock(r);
	ch = &r->report.chain;
	if (!ch->n) {
		run_unlock(r);
		ui_put(t, 2, 1, t->cols - 2, R_DIM, "No certificate was received (yet).");
		ui_footer(t, " q back");
		return;
	}
	snprintf(line, sizeof line, "As sent: %zu certificate%s. Verified against %s: %s", ch->n, ch->n == 1 ? "" : "s",
		 ch->trust, ch->status_text);
	y = draw_wrapped(t, y, 1, t->cols - 2, t->rows - 2, ch->status ? R_FAIL : R_PASS, "", line);
	for (size_t i = 0; i < ch->n && y < t->rows - 2; i++) {
		const struct cert_info *c = &ch->certs[i];
		long days = (long)((c->not_after - now) / 86400);
		bool expired = c->not_after < now, future = c->not_before > now;
		bool weak_key = (!strncmp(c->key, "RSA", 3) && c->key_bits < 2048) || (!strncmp(c->key, "ECDSA", 5) && c->key_bits < 256);
		y++;
		snprintf(line, sizeof line, "[%zu] %s", i, c->subject);
		ui_put(t, y++, 1, t->cols - 2, R_KEY, line);
		snprintf(line, sizeof line, "    issuer  %s%s", c->issuer, c->self_signed ? "  (self-signed)" : "");
		ui_put(t, y++, 1, t->cols - 2, c->self_signed && i == 0 ? R_FAIL : R_NORMAL, line);
		snprintf(line, sizeof line, "    valid   %s%s", expired ? "EXPIRED " : future ? "NOT YET VALID " : "",
			 expired ? "" : "");
		{
			char a[16], b[16];
			struct tm tm;
			gmtime_r(&c->not_before, &tm);
			strftime(a, sizeof a, "%Y-%m-%d", &tm);
			gmtime_r(&c->not_after, &tm);
			strftime(b, sizeof b, "%Y-%m-%d", &tm);
			snprintf(line, sizeof line, "    valid   %s .. %s  %s", a, b, expired ? "EXPIRED" : future ? "NOT YET VALID" : "");
			if (!expired && !future)
				snprintf(line + strlen(line), sizeof line - strlen(line), "(%ld days left)", days);
		}
		ui_put(t, y++, 1, t->cols - 2, expired || future ? R_FAIL : days < 30 ? R_WARN : R_NORMAL, line);
		snprintf(line, sizeof line, "    key     %s, signed %s%s%s", c->key, c->sig, weak_key ? "  WEAK KEY" : "",
			 c->sig_weak && !c->self_signed ? "  WEAK SIGNATURE" : "");
		ui_put(t, y++, 1, t->cols - 2, weak_key || (c->sig_weak && !c->self_signed) ? R_FAIL : R_NORMAL, line);
		if (c->sans[0] && y < t->rows - 2) {
			snprintf(line, sizeof line, "    names   %s", c->sans);
			ui_put(t, y++, 1, t->cols - 2, R_DIM, line);
		}
		if (c->aia_issuer[0] && y < t->rows - 2) {
			snprintf(line, sizeof line, "    AIA     %s", c->aia_issuer);
			ui_put(t, y++, 1, t->cols - 2, R_DIM, line);
		}
	}
	/* As built: what the chain wizard concluded. */
	for (size_t i = 0; i < r->report.nfindings && y < t->rows - 2; i++)
		if (!strcmp(r->report.findings[i].area, "chain") || !strncmp(r->report.findings[i].id, "cert.self", 9)) {
			snprintf(line, sizeof line, "As built: %s %s", ui_sym(t, "✗", "x"), r->report.findings[i].title);
			ui_put(t, ++y, 1, t->cols - 2, R_FAIL, line);
			y++;
		}
	run_unlock(r);
	ui_footer(t, " q back   (the chain wizard writes a fixed fullchain.pem with --write-chain)");
}

/* ---- findings ---- */

static void draw_findings(struct tui *t)
{
	struct run *r = t->run;
	char line[400];
	int y = 2;

	run_lock(r);
	snprintf(line, sizeof line, "findings (%zu)", r->report.nfindings);
	ui_title(t, line, r->done ? verdict_name(r->report.verdict) : "running");
	if (!r->report.nfindings)
		ui_put(t, 2, 1, t->cols - 2, R_PASS, r->done ? "No problem found." : "Nothing yet.");
	if (t->fnd_sel >= (int)r->report.nfindings)
		t->fnd_sel = (int)r->report.nfindings - 1;
	if (t->fnd_sel < 0)
		t->fnd_sel = 0;
	for (size_t i = 0; i < r->report.nfindings && y < t->rows - 8; i++, y++) {
		const struct finding *f = &r->report.findings[i];
		snprintf(line, sizeof line, "%-5s %-26s %s", f->severity == SEV_ERROR ? "ERROR" : f->severity == SEV_WARN ? "WARN" : "INFO",
			 f->id, f->title);
		ui_put(t, y, 1, t->cols - 2, (int)i == t->fnd_sel ? R_SEL : f->severity == SEV_ERROR ? R_FAIL :
			 f->severity == SEV_WARN ? R_WARN : R_DIM, line);
	}
	if (r->report.nfindings) {
		const struct finding *f = &r->report.findings[t->fnd_sel];
		y = t->rows - 8;
		y = draw_wrapped(t, y, 1, t->cols - 2, t->rows - 2, R_NORMAL, "proof: ", f->evidence);
		draw_wrapped(t, y, 1, t->cols - 2, t->rows - 2, R_PASS, "fix:   ", f->fix);
	}
	run_unlock(r);
	ui_footer(t, " Enter go to its step  o config fix  s save report  y plain view  q back");
}

/* ---- text and help ---- */

static void draw_text_lines(struct tui *t, const char *text, int *top)
{
	int y = 1, n = 0, total = ui_lines(text);
	const char *p = text;

	if (*top > total - (t->rows - 3))
		*top = total - (t->rows - 3);
	if (*top < 0)
		*top = 0;
	while (*p && n < *top) {
		if (*p++ == '\n')
			n++;
	}
	while (*p && y < t->rows - 1) {
		size_t len = strcspn(p, "\n");
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line - 1 ? len : sizeof line - 1), p);
		ui_put(t, y++, 0, t->cols, t->search[0] && strstr(line, t->search) ? R_WARN : R_NORMAL, line);
		p += len;
		if (*p == '\n')
			p++;
	}
}

static void draw_text(struct tui *t)
{
	ui_title(t, t->text_title, NULL);
	if (t->text)
		draw_text_lines(t, t->text, &t->text_top);
	ui_footer(t, " \u2191\u2193 PgUp PgDn g G scroll  / search  n next  q back");
}

struct keydef {
	int key, key2;
	const char *name;
	unsigned screens;
	const char *help;
	enum ui_result (*fn)(struct tui *t);
};

static const struct keydef keys[];

static void draw_help(struct tui *t)
{
	char line[200];
	int y = 2;
	enum screen_id for_id = t->help_for ? t->help_for->id : SCR_HOME;

	snprintf(line, sizeof line, "help: %s", t->help_for ? t->help_for->name : "home");
	ui_title(t, line, NULL);
	for (const struct keydef *k = keys; k->name && y < t->rows - 2; k++) {
		if (!(k->screens & M(for_id)))
			continue;
		snprintf(line, sizeof line, "  %-16s %s", k->name, k->help);
		ui_put(t, y++, 1, t->cols - 2, R_NORMAL, line);
	}
	ui_put(t, y + 1, 1, t->cols - 2, R_DIM, "States: [PASS] [WARN] [FAIL] [ .. ] running [SKIP]. NO_COLOR and --ascii are honoured.");
	ui_footer(t, " any key closes");
}

/* ---- actions ---- */

static const struct screen *top(struct tui *t)
{
	return t->stack[t->depth - 1];
}

static enum ui_result act_up(struct tui *t)
{
	switch (top(t)->id) {
	case SCR_HOME:
		do
			t->home_sel = t->home_sel > 0 ? t->home_sel - 1 : 0;
		while (t->home_sel > 0 && t->home[t->home_sel].kind == HI_HEADER);
		break;
	case SCR_WIZARD: if (t->wiz_sel > 0) t->wiz_sel--; break;
	case SCR_LADDER: if (t->lad_sel > 0) t->lad_sel--; break;
	case SCR_FINDINGS: if (t->fnd_sel > 0) t->fnd_sel--; break;
	case SCR_TEXT: t->text_top--; break;
	default: break;
	}
	return UI_REDRAW;
}

static enum ui_result act_down(struct tui *t)
{
	switch (top(t)->id) {
	case SCR_HOME:
		do
			t->home_sel = t->home_sel < t->nhome - 1 ? t->home_sel + 1 : t->home_sel;
		while (t->home_sel < t->nhome - 1 && t->home[t->home_sel].kind == HI_HEADER);
		break;
	case SCR_WIZARD: t->wiz_sel++; break;
	case SCR_LADDER: t->lad_sel++; break;
	case SCR_FINDINGS: t->fnd_sel++; break;
	case SCR_TEXT: t->text_top++; break;
	default: break;
	}
	return UI_REDRAW;
}

static enum ui_result act_page(struct tui *t, int dir)
{
	int n = t->rows - 4;
	for (int i = 0; i < n; i++)
		dir > 0 ? act_down(t) : act_up(t);
	return UI_REDRAW;
}

static enum ui_result act_pgup(struct tui *t) { return act_page(t, -1); }
static enum ui_result act_pgdn(struct tui *t) { return act_page(t, 1); }

static enum ui_result act_top(struct tui *t)
{
	t->home_sel = 0;
	t->wiz_sel = 0;
	t->lad_sel = 0;
	t->fnd_sel = 0;
	t->text_top = 0;
	return UI_REDRAW;
}

static enum ui_result act_bottom(struct tui *t)
{
	t->home_sel = t->nhome - 1;
	t->wiz_sel = 1 << 20;
	t->lad_sel = 1 << 20;
	t->fnd_sel = 1 << 20;
	t->text_top = 1 << 20;
	return UI_REDRAW;
}

static enum ui_result act_enter(struct tui *t)
{
	switch (top(t)->id) {
	case SCR_HOME:
		return home_activate(t);
	case SCR_WIZARD:
		run_lock(t->run);
		t->lad_trace = step_trace(t, t->wiz_sel);
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
	if (t->run && !t->run->done && !t->confirm_quit) {
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
		pick_lab(t, t->home[t->home_sel].arg, true);
	else
		start_diagnose(t);
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

static enum ui_result act_rerun(struct tui *t)
{
	const char *names[8] = { NULL };
	size_t n = 0;
	char title[96];
	/* The same wizards again, from scratch (steps depend on each other's probes). */
	run_lock(t->run);
	for (size_t i = 0; i < t->run->nsteps && n < 7; i++)
		if (n == 0 || strcmp(names[n - 1], t->run->steps[i].w->name))
			names[n++] = t->run->steps[i].w->name;
	run_unlock(t->run);
	snprintf(title, sizeof title, "%s", t->run_title);
	t->depth--;
	ui_start_run(t, n > 1 ? NULL : names, title);
	return UI_REDRAW;
}

static enum ui_result act_cancel(struct tui *t)
{
	if (t->run && !t->run->done) {
		run_cancel(t->run);
		snprintf(t->status, sizeof t->status, "Cancelling: running probes stop at their next check.");
	}
	return UI_REDRAW;
}

static enum ui_result act_save(struct tui *t)
{
	char path[512], when[32], host[128];
	time_t now = time(NULL);
	struct tm tm;
	char *md;
	FILE *f;

	run_lock(t->run);
	if (!t->run->done) {
		run_unlock(t->run);
		snprintf(t->status, sizeof t->status, "Wait for the run to finish (or c to cancel) before saving.");
		return UI_REDRAW;
	}
	md = md_report(t->run);
	snprintf(host, sizeof host, "%s", t->run->report.target.host);
	run_unlock(t->run);
	for (char *p = host; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
			*p = '_';
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y%m%d-%H%M%S", &tm);
	snprintf(path, sizeof path, "tlswiz-%s-%s.md", host, when);
	f = fopen(path, "w");
	if (!f) {
		snprintf(t->status, sizeof t->status, "Cannot write %s: %s", path, strerror(errno));
	} else {
		fputs(md, f);
		fclose(f);
		snprintf(t->status, sizeof t->status, "Report saved to %s", path);
	}
	free(md);
	return UI_REDRAW;
}

static enum ui_result act_plain(struct tui *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	run_lock(t->run);
	cli_print_report(f, t->run, false, false);
	run_unlock(t->run);
	fclose(f);
	free(t->text);
	t->text = buf;
	t->text_top = 0;
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
	t->text_top = 0;
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
	begin_edit(t, EDIT_SEARCH, "");
	return UI_REDRAW;
}

/* Next match of the search text after the current position. */
static enum ui_result act_next(struct tui *t)
{
	if (!t->search[0])
		return UI_IGNORED;
	if (top(t)->id == SCR_HOME) {
		for (int k = 1; k <= t->nhome; k++) {
			int i = (t->home_sel + k) % t->nhome;
			if (t->home[i].kind != HI_HEADER && (strcasestr(t->home[i].label, t->search) || strcasestr(t->home[i].desc, t->search))) {
				t->home_sel = i;
				break;
			}
		}
	} else if (top(t)->id == SCR_TEXT && t->text) {
		int line = 0;
		for (const char *p = t->text; *p; p++) {
			if (*p == '\n')
				line++;
			if (line > t->text_top && !strncmp(p + 1, t->search, strlen(t->search))) {
				t->text_top = line;
				break;
			}
		}
	} else if (top(t)->id == SCR_WIZARD) {
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

#define S_LIST (M(SCR_HOME) | M(SCR_WIZARD) | M(SCR_LADDER) | M(SCR_FINDINGS) | M(SCR_TEXT))
#define S_RUN (M(SCR_WIZARD) | M(SCR_FINDINGS) | M(SCR_LADDER) | M(SCR_CHAIN))

static const struct keydef keys[] = {
	{ KEY_UP, 'k', "Up / k", S_LIST, "move up", act_up },
	{ KEY_DOWN, 'j', "Down / j", S_LIST, "move down", act_down },
	{ KEY_PPAGE, 0, "PgUp", S_LIST, "page up", act_pgup },
	{ KEY_NPAGE, 0, "PgDn", S_LIST, "page down", act_pgdn },
	{ 'g', KEY_HOME, "g / Home", S_LIST, "go to the top", act_top },
	{ 'G', KEY_END, "G / End", S_LIST, "go to the bottom", act_bottom },
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
	{ 's', 0, "s", M(SCR_WIZARD) | M(SCR_FINDINGS), "save a Markdown report (the path is shown)", act_save },
	{ 'y', 0, "y", M(SCR_WIZARD) | M(SCR_FINDINGS), "plain view to copy from", act_plain },
	{ 'o', 0, "o", M(SCR_WIZARD) | M(SCR_FINDINGS), "server configuration lines that fix the findings", act_config },
	{ '/', 0, "/", M(SCR_HOME) | M(SCR_WIZARD) | M(SCR_TEXT), "search", act_search },
	{ 'n', 0, "n", M(SCR_HOME) | M(SCR_WIZARD) | M(SCR_TEXT), "next match", act_next },
	{ 'w', 0, "w", M(SCR_TEXT), "after an explanation: run the wizard it names", act_explain_wizard },
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

	if (s->id == SCR_HELP) {
		t->depth--;
		return UI_REDRAW;
	}
	if (t->editing)
		return edit_key(t, ch);
	if (ch != 'q')
		t->confirm_quit = false;
	if (s->key && (r = s->key(t, ch)) != UI_IGNORED)
		return r;
	for (const struct keydef *k = keys; k->name; k++)
		if ((k->key == ch || (k->key2 && k->key2 == ch)) && (k->screens & M(s->id)))
			return k->fn(t);
	if (ch == 127 && s->id != SCR_HOME)
		return act_back(t);
	return UI_IGNORED;
}

static const struct screen home = { SCR_HOME, "home", draw_home, home_key };
static const struct screen wizard = { SCR_WIZARD, "wizard", draw_wizard, NULL };
static const struct screen ladder = { SCR_LADDER, "ladder", draw_ladder, NULL };
static const struct screen chain = { SCR_CHAIN, "certificate chain", draw_chain, NULL };
static const struct screen findings = { SCR_FINDINGS, "findings", draw_findings, NULL };
static const struct screen textv = { SCR_TEXT, "text", draw_text, NULL };
static const struct screen help = { SCR_HELP, "help", draw_help, NULL };

const struct screen *const ui_screens[SCR__COUNT] = {
	[SCR_HOME] = &home, [SCR_WIZARD] = &wizard, [SCR_LADDER] = &ladder, [SCR_CHAIN] = &chain,
	[SCR_FINDINGS] = &findings, [SCR_TEXT] = &textv, [SCR_HELP] = &help,
};
