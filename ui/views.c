/* views.c — the screens that show a run: the wizard checklist, the ladder, the chain,
 * the findings and plain text. They draw from the run's report under its lock
 * and never touch the network. */
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

/* ---- wizard ---- */

static void spinner(struct tui *t, char *buf, size_t len)
{
	static const char *const u[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
	static const char *const a[] = { "|", "/", "-", "\\" };
	snprintf(buf, len, "%s", t->ascii ? a[t->spin % 4] : u[t->spin % 10]);
}

/* The title of a screen of the run: its name and the whole target (the host shortened,
 * never the port), then right. */
static void run_title(struct tui *t, const char *name, const char *right)
{
	char tgt[300], left[400];
	int room = t->cols - (right ? (int)text_width(right) + 2 : 0) - 11;
	int nw = (int)text_width(name);
	if (nw > room / 2)
		nw = room / 2;
	ui_target(t, tgt, sizeof tgt, t->run->target.host, t->run->target.port, room - nw - 1);
	snprintf(left, sizeof left, "%.*s %s", (int)strlen(name) > nw ? nw : (int)strlen(name), name, tgt);
	if ((int)strlen(name) > nw)
		snprintf(left, sizeof left, "%.*s%s %s", nw - 1, name, ui_sym(t, "…", "~"), tgt);
	ui_title(t, left, right);
}

/* The step the operator should look at first: the root cause, ranked first. */
static int root_step(struct run *r)
{
	for (size_t i = 0; i < r->report.nfindings; i++)
		if (r->report.findings[i].origin >= 0 && (size_t)r->report.findings[i].origin < r->nsteps)
			return r->report.findings[i].origin;
	for (size_t i = 0; i < r->nsteps; i++)
		if (r->steps[i].state == STATE_FAILED)
			return (int)i;
	return 0;
}

void scr_draw_wizard(struct tui *t)
{
	struct run *r = t->run;
	char right[96], spin[8] = "", line[400];
	size_t done, total;
	int y, list_rows, top = 0, tw = 26, nfail = 0, nwarn = 0;

	run_lock(r);
	done = run_progress(r, &total);
	if (!r->done)
		spinner(t, spin, sizeof spin);
	if (r->done && !strncmp(t->status, "Cancelling", 10))
		snprintf(t->status, sizeof t->status, "Cancelled: the steps that did not finish say so.");
	if (r->done && t->wiz_auto) {	/* the run ended: open on the root cause */
		t->wiz_sel = root_step(r);
		t->wiz_auto = false;
	}
	{
		double ms = run_done(r) ? r->report.elapsed_ms : net_now_ms() - r->t0;
		if (ms < 1000)
			snprintf(right, sizeof right, "%s step %zu of %zu  %.0f ms ", spin, done < total ? done + 1 : total, total, ms);
		else
			snprintf(right, sizeof right, "%s step %zu of %zu  %.1f s ", spin, done < total ? done + 1 : total, total, ms / 1000);
	}
	run_title(t, t->run_title, right);
	for (size_t i = 0; i < r->nsteps; i++) {	/* steps, and findings of no step */
		nfail += r->steps[i].state == STATE_FAILED;
		nwarn += r->steps[i].state == STATE_WARNED;
	}
	if (!nfail && !nwarn)
		for (size_t i = 0; i < r->report.nfindings; i++) {
			nfail += r->report.findings[i].severity == SEV_ERROR;
			nwarn += r->report.findings[i].severity == SEV_WARN;
		}
	if (r->done)
		snprintf(line, sizeof line, "%s (%d FAIL, %d WARN)  %s", verdict_name(r->report.verdict), nfail, nwarn,
			 r->report.verdict_text);
	else {
		struct live_slot ls;
		/* what is really awaited: the probe idle the longest, once it waits noticeably */
		if (live_pick(&ls, false) && net_now_ms() - ls.last > 300) {
			char what[160];
			live_awaited(&ls, what, sizeof what);
			snprintf(line, sizeof line, "waiting for %s, %.1f s of %.0f s  (%s, %s)", what, (net_now_ms() - ls.last) / 1000,
				 r->target.timeout_ms / 1000.0, ls.label, ls.addr);
		} else {
			snprintf(line, sizeof line, "checking: %s - %s", r->steps[r->current].w->title, r->steps[r->current].s->title);
		}
	}
	ui_put(t, 1, 1, t->cols - 2, r->done ? (r->report.verdict == VERDICT_OK ? R_PASS : (r->report.verdict == VERDICT_WARN || r->report.verdict == VERDICT_INCOMPLETE) ?
					       R_WARN : R_FAIL) : R_RUN, line);
	list_rows = t->rows / 2 - 2;
	if (t->wiz_sel >= (int)r->nsteps)
		t->wiz_sel = (int)r->nsteps - 1;
	if (t->wiz_sel < 0)
		t->wiz_sel = 0;
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
		char title[200];
		/* a title cut to its column says so */
		snprintf(title, sizeof title, "%s", st->s->title);
		{
			int w = r->nsteps > 8 ? 24 : tw;
			if ((int)text_width(title) > w)
				snprintf(title, sizeof title, "%.*s%s", w - 1, st->s->title, ui_sym(t, "…", "~"));
		}
		if (r->nsteps > 8) {	/* diagnose: several wizards, say whose step */
			snprintf(line, sizeof line, "%s %-12.12s %s", ui_state_tag(st->state), st->w->name, title);
			snprintf(line + strlen(line), sizeof line - strlen(line), "%*s %s",
				 24 - (int)text_width(title), "", st->note);
		} else {
			snprintf(line, sizeof line, "%s %s%*s %s", ui_state_tag(st->state), title, tw - (int)text_width(title), "",
				 st->note);
		}
		ui_put(t, y, 1, t->cols - 2, sel ? R_SEL : ui_state_role(st->state), line);
	}
	/* The selected step: cause -> checks -> resolution, right below the list; it scrolls. */
	y = 3 + ((int)r->nsteps - top < list_rows ? (int)r->nsteps - top : list_rows);
	{
		const struct run_step *st = &r->steps[t->wiz_sel];
		struct lines l = { 0 };
		int w = t->cols - 2;
		char hdr[200];
		if (t->wiz_shown != t->wiz_sel) {
			t->wiz_shown = t->wiz_sel;
			t->pane_top[SCR_WIZARD] = 0;
		}
		snprintf(hdr, sizeof hdr, "%s %s %s", ui_sym(t, "──", "--"), st->s->title, ui_sym(t, "──", "--"));
		ui_put(t, y++, 1, w, R_KEY, hdr);
		lines_wrap(&l, R_DIM, w, "why:  ", st->s->why);
		if (st->note[0])
			lines_wrap(&l, ui_state_role(st->state), w, "seen: ", st->note);
		for (size_t i = 0; i < r->report.nfindings; i++) {
			const struct finding *f = &r->report.findings[i];
			if (f->origin != t->wiz_sel)
				continue;
			snprintf(line, sizeof line, "%s %s (%s)", f->severity == SEV_ERROR ? ui_sym(t, "✗", "x") :
				 ui_sym(t, "!", "!"), f->title, f->id);
			lines_wrap(&l, f->severity == SEV_ERROR ? R_FAIL : R_WARN, w, "", line);
			lines_wrap(&l, R_NORMAL, w, "  proof: ", f->evidence);
			lines_wrap(&l, R_PASS, w, "  fix:   ", f->fix);
		}
		ui_pane(t, y, 1, t->rows - 2 - y, w, &l, &t->pane_top[SCR_WIZARD], NULL, -1);
		lines_free(&l);
	}
	run_unlock(r);
	ui_footer(t, " Enter ladder C chain f findings x next-FAIL PgDn more s save r rerun ? help q");
}

/* The trace that best shows a step: its finding's, its own, else the default handshake. */
int scr_step_trace(struct tui *t, int k)
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
	report_find_trace(&r->report, TK_DEFAULT, &idx);
	return idx;
}

/* ---- ladder ---- */

void scr_draw_ladder(struct tui *t)
{
	struct run *r = t->run;
	const struct trace *tr;
	char title[200], line[400];
	int y = 3, rows_per = 2, visible, fail;
	int colw = t->cols - 2;

	struct trace livetr;
	struct live_slot ls;
	bool live = false;

	run_lock(r);
	/* The step is still being probed: its handshake as it happens, until it is recorded. */
	if (t->lad_step >= 0 && (size_t)t->lad_step < r->nsteps && r->steps[t->lad_step].state == STATE_RUNNING &&
	    r->steps[t->lad_step].first_trace < 0 && live_pick(&ls, true)) {
		memset(&livetr, 0, sizeof livetr);
		snprintf(livetr.label, sizeof livetr.label, "%s", ls.label);
		snprintf(livetr.addr, sizeof livetr.addr, "%s", ls.addr);
		snprintf(livetr.sni, sizeof livetr.sni, "%s", ls.sni);
		livetr.steps = ls.steps;
		livetr.nsteps = ls.nsteps;
		livetr.alert = -1;
		live = true;
	} else if ((t->lad_trace < 0 || (size_t)t->lad_trace >= r->report.ntraces) && t->lad_step >= 0 &&
		   (size_t)t->lad_step < r->nsteps) {
		t->lad_trace = scr_step_trace(t, t->lad_step);	/* recorded since the screen opened? */
	}
	if (!live && (t->lad_trace < 0 || (size_t)t->lad_trace >= r->report.ntraces)) {
		bool running = !r->done;
		run_unlock(r);
		ui_title(t, "ladder", NULL);
		ui_put(t, 2, 1, t->cols - 2, R_DIM, running ? "No handshake was recorded for this step yet; it appears here when it starts." :
		       "No handshake was recorded for this step.");
		ui_footer(t, " q back");
		return;
	}
	tr = live ? &livetr : r->report.traces[t->lad_trace];
	if (live)
		snprintf(title, sizeof title, "ladder %s (live)", tr->label);
	else
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
	if (live) {
		char what[160];
		live_awaited(&ls, what, sizeof what);
		snprintf(line, sizeof line, "%s waiting for %s: %.1f s of %.0f s", ui_sym(t, "…", ".."), what,
			 (net_now_ms() - ls.last) / 1000, r->target.timeout_ms / 1000.0);
		ui_put(t, t->rows - 3, 1, colw, R_RUN, line);
		run_unlock(r);
		ui_footer(t, " live: rows appear as the messages happen  q back");
		return;
	}
	if (t->lad_note[0] && t->lad_focus >= 0)
		snprintf(line, sizeof line, "%s %s (at %s)", ui_sym(t, "✗", "x"), t->lad_note,
			 t->lad_focus < (int)tr->nsteps ? tr->steps[t->lad_focus].name : "?");
	else
		snprintf(line, sizeof line, "%s %s", tr->outcome == OUTCOME_OK ? ui_sym(t, "✔", "ok") : ui_sym(t, "✗", "x"), tr->reason);
	ui_put(t, t->rows - 3, 1, colw, tr->outcome == OUTCOME_OK && !(t->lad_note[0] && t->lad_focus >= 0) ? R_PASS : R_FAIL, line);
	if (t->lad_detail && t->lad_sel < (int)tr->nsteps) {
		const struct step *s = &tr->steps[t->lad_sel];
		int by = t->rows / 2 - 5, bx = 4, bw = t->cols - 8, bh = 10;
		struct lines l = { 0 };
		for (int k = 0; k < bh; k++) {	/* a modal box: nothing of the rows under it shows beside it */
			move(by + k, 0);
			clrtoeol();
			ui_put(t, by + k, bx, bw, R_SEL, "");
		}
		snprintf(line, sizeof line, " %s  %s  at %.2f ms  %u bytes%s", s->name,
			 s->dir == DIR_C2S ? "client -> server" : s->dir == DIR_S2C ? "server -> client" : "local",
			 s->t_ms, s->bytes, s->flags & STEP_ENCRYPTED ? "  (encrypted)" : "");
		ui_put(t, by, bx, bw, R_SEL, line);
		lines_wrap(&l, R_SEL, bw - 2, "", s->summary);
		ui_pane(t, by + 2, bx + 1, bh - 4, bw - 2, &l, &t->pane_top[SCR_LADDER], NULL, -1);
		lines_free(&l);
		ui_put(t, by + bh - 1, bx, bw, R_SEL, " Up/Down PgUp/PgDn scroll   Enter or Esc closes");
	}
	run_unlock(r);
	ui_footer(t, " \u2191\u2193 message  Enter details  t next handshake  T previous  q back");
}

/* ---- chain ---- */

void scr_draw_chain(struct tui *t)
{
	struct run *r = t->run;
	const struct chain *ch;
	char line[400];
	struct lines l = { 0 };
	int w = t->cols - 2;
	time_t now = time(NULL);

	run_title(t, "certificate chain", NULL);
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
	lines_wrap(&l, ch->status ? R_FAIL : R_PASS, w, "", line);
	for (size_t i = 0; i < ch->n; i++) {
		const struct cert_info *c = &ch->certs[i];
		long days = (long)((c->not_after - now) / 86400);
		bool expired = c->not_after < now, future = c->not_before > now;
		bool weak_key = (!strncmp(c->key, "RSA", 3) && c->key_bits < 2048) || (!strncmp(c->key, "ECDSA", 5) && c->key_bits < 256);
		char a[16], b[16];
		struct tm tm;
		lines_add(&l, R_NORMAL, "%s", "");
		lines_add(&l, R_KEY, "[%zu] %s", i, c->subject);
		lines_add(&l, c->self_signed && i == 0 ? R_FAIL : R_NORMAL, "    issuer  %s%s", c->issuer,
			  c->self_signed ? "  (self-signed)" : "");
		gmtime_r(&c->not_before, &tm);
		strftime(a, sizeof a, "%Y-%m-%d", &tm);
		gmtime_r(&c->not_after, &tm);
		strftime(b, sizeof b, "%Y-%m-%d", &tm);
		snprintf(line, sizeof line, "    valid   %s .. %s  %s", a, b, expired ? "EXPIRED" : future ? "NOT YET VALID" : "");
		if (!expired && !future)
			snprintf(line + strlen(line), sizeof line - strlen(line), "(%ld days left)", days);
		lines_add(&l, expired || future ? R_FAIL : days < 30 ? R_WARN : R_NORMAL, "%s", line);
		lines_add(&l, weak_key || (c->sig_weak && !c->self_signed) ? R_FAIL : R_NORMAL, "    key     %s, signed %s%s%s",
			  c->key, c->sig, weak_key ? "  WEAK KEY" : "", c->sig_weak && !c->self_signed ? "  WEAK SIGNATURE" : "");
		if (c->sans[0])
			lines_wrap(&l, R_DIM, w, "    names   ", c->sans);
		if (c->aia_issuer[0])
			lines_wrap(&l, R_DIM, w, "    AIA     ", c->aia_issuer);
	}
	/* As built: what the chain wizard concluded. */
	for (size_t i = 0; i < r->report.nfindings; i++)
		if (!strcmp(r->report.findings[i].area, "chain") || r->report.findings[i].fid == F_CERT_SELF_SIGNED) {
			lines_add(&l, R_NORMAL, "%s", "");
			snprintf(line, sizeof line, "As built: %s %s", ui_sym(t, "✗", "x"), r->report.findings[i].title);
			lines_wrap(&l, R_FAIL, w, "", line);
		}
	run_unlock(r);
	ui_pane(t, 2, 1, t->rows - 4, w, &l, &t->pane_top[SCR_CHAIN], &t->pane_left[SCR_CHAIN], -1);
	lines_free(&l);
	ui_footer(t, " \u2191\u2193 PgUp PgDn scroll  q back   (the chain wizard writes a fixed fullchain.pem with --write-chain)");
}

/* ---- findings ---- */

void scr_draw_findings(struct tui *t)
{
	struct run *r = t->run;
	char line[400];
	int y = 2;

	run_lock(r);
	snprintf(line, sizeof line, "findings (%zu)", r->report.nfindings);
	run_title(t, line, r->done ? verdict_name(r->report.verdict) : "running");
	if (!r->report.nfindings) {
		/* no finding is "no problem" only when everything was judged */
		bool whole = r->done && r->report.verdict == VERDICT_OK;
		ui_put(t, 2, 1, t->cols - 2, whole ? R_PASS : r->done ? R_WARN : R_DIM,
		       whole ? "No problem found." : r->done ? r->report.verdict_text : "Nothing yet.");
	}
	if (t->fnd_sel >= (int)r->report.nfindings)
		t->fnd_sel = (int)r->report.nfindings - 1;
	if (t->fnd_sel < 0)
		t->fnd_sel = 0;
	{	/* the list scrolls with the selection */
		int rows = t->rows - 12, top = t->fnd_sel >= rows ? t->fnd_sel - rows + 1 : 0;
		for (size_t i = (size_t)top; i < r->report.nfindings && y < 2 + rows; i++, y++) {
		const struct finding *f = &r->report.findings[i];
		snprintf(line, sizeof line, "%-5s %-26s %s", f->severity == SEV_ERROR ? "ERROR" : f->severity == SEV_WARN ? "WARN" : "INFO",
			 f->id, f->title);
		ui_put(t, y, 1, t->cols - 2, (int)i == t->fnd_sel ? R_SEL : f->severity == SEV_ERROR ? R_FAIL :
			 f->severity == SEV_WARN ? R_WARN : R_DIM, line);
		}
		if ((int)r->report.nfindings > top + rows)
			ui_put(t, 2 + rows, 1, t->cols - 2, R_KEY, "  ... more findings below (Down)");
	}
	if (r->report.nfindings) {
		const struct finding *f = &r->report.findings[t->fnd_sel];
		struct lines l = { 0 };
		if (t->wiz_shown != 1000 + t->fnd_sel) {
			t->wiz_shown = 1000 + t->fnd_sel;
			t->pane_top[SCR_FINDINGS] = 0;
		}
		lines_wrap(&l, R_KEY, t->cols - 2, "", f->title);
		lines_wrap(&l, R_NORMAL, t->cols - 2, "proof: ", f->evidence);
		lines_wrap(&l, R_PASS, t->cols - 2, "fix:   ", f->fix);
		ui_pane(t, t->rows - 9, 1, 7, t->cols - 2, &l, &t->pane_top[SCR_FINDINGS], NULL, -1);
		lines_free(&l);
	}
	run_unlock(r);
	ui_footer(t, " Enter go to its step  o config fix  s save report  y plain view  q back");
}

/* ---- text and help ---- */

/* Plain text: every line scrolls vertically and horizontally, so every character can be
 * read and selected; a line cut at the edge ends with "…". */
void scr_draw_text(struct tui *t)
{
	struct lines l = { 0 };
	ui_title(t, t->text_title, NULL);
	if (t->text)
		lines_text(&l, R_NORMAL, t->text);
	if (t->search[0])
		for (size_t i = 0; i < l.n; i++)
			if (strstr(l.v[i].s, t->search))
				l.v[i].r = R_WARN;
	/* rows 1 .. rows-3: the status line (rows-2) is never drawn over the text */
	ui_pane(t, 1, 0, t->rows - 3, t->cols, &l, &t->pane_top[SCR_TEXT], &t->pane_left[SCR_TEXT], -1);
	lines_free(&l);
	ui_footer(t, " \u2191\u2193 PgUp PgDn g G scroll  \u2190\u2192 wide lines  / search  n next  q back");
}
