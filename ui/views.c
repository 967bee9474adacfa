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

void scr_draw_wizard(struct tui *t)
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
		double ms = run_done(r) ? r->report.elapsed_ms : net_now_ms() - r->t0;
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
	ui_put(t, 1, 1, t->cols - 2, r->done ? (r->report.verdict == VERDICT_OK ? R_PASS : (r->report.verdict == VERDICT_WARN || r->report.verdict == VERDICT_INCOMPLETE) ?
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

void scr_draw_chain(struct tui *t)
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
		if (!strcmp(r->report.findings[i].area, "chain") || r->report.findings[i].fid == F_CERT_SELF_SIGNED) {
			snprintf(line, sizeof line, "As built: %s %s", ui_sym(t, "✗", "x"), r->report.findings[i].title);
			ui_put(t, ++y, 1, t->cols - 2, R_FAIL, line);
			y++;
		}
	run_unlock(r);
	ui_footer(t, " q back   (the chain wizard writes a fixed fullchain.pem with --write-chain)");
}

/* ---- findings ---- */

void scr_draw_findings(struct tui *t)
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

void scr_draw_text(struct tui *t)
{
	ui_title(t, t->text_title, NULL);
	if (t->text)
		draw_text_lines(t, t->text, &t->text_top);
	ui_footer(t, " \u2191\u2193 PgUp PgDn g G scroll  / search  n next  q back");
}
