/* render_text.c — a report as text (render_text.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "render_text.h"
#include "report.h"
#include "serverconf.h"
#include "suites.h"
#include "text.h"
#include "trace.h"
#include "xmalloc.h"

#define C_RED "\033[31m"
#define C_YEL "\033[33m"
#define C_GRN "\033[32m"
#define C_DIM "\033[2m"
#define C_BOLD "\033[1m"
#define C_OFF "\033[0m"

static const char *sev_color(enum severity s)
{
	return s == SEV_ERROR ? C_RED : s == SEV_WARN ? C_YEL : C_DIM;
}

static void print_block(FILE *f, const char *label, const char *text)
{
	const char *p = text;
	bool first = true;
	while (*p) {
		size_t n = strcspn(p, "\n");
		fprintf(f, "         %s%.*s\n", first ? label : "       ", (int)n, p);
		first = false;
		p += n;
		if (*p == '\n')
			p++;
	}
}

/* One ladder line per step: time, arrow, message, size, then the summary, wrapped onto
 * continuation lines so nothing is cut at 80 columns. */
#define LADDER_INDENT 40

void render_text_trace(FILE *f, const struct trace *t, bool color, int width)
{
	fprintf(f, "  %s%s%s  %s  %s%s\n", color ? C_BOLD : "", t->label, color ? C_OFF : "",
		t->addr[0] ? t->addr : "-", t->sni[0] ? "SNI=" : "no SNI", t->sni);
	fprintf(f, "%s      ms     message             bytes%s\n", color ? C_DIM : "", color ? C_OFF : "");
	for (size_t i = 0; i < t->nsteps; i++) {
		const struct step *s = &t->steps[i];
		const char *arrow = s->dir == DIR_C2S ? "-->" : s->dir == DIR_S2C ? "<--" : " . ";
		bool fail = s->flags & STEP_FAIL;
		char bytes[16] = "";
		const char *p = s->summary;
		int room = width - LADDER_INDENT, first = 1;

		if (s->bytes)
			snprintf(bytes, sizeof bytes, "%u", s->bytes);
		fprintf(f, "%s%s%7.1f %s %-19s %5s  ", fail && color ? C_RED : "", fail ? "x" : " ",
			s->t_ms, arrow, s->name, bytes);
		if (room < 20)
			room = 20;
		do {
			size_t cut = strlen(p);
			if ((int)text_width(p) > room) {
				/* Break at the last space that fits. */
				size_t cols = 0, lastsp = 0, k;
				for (k = 0; p[k] && cols < (size_t)room; k++) {
					if ((p[k] & 0xc0) != 0x80)
						cols++;
					if (p[k] == ' ')
						lastsp = k;
				}
				while (p[k] && (p[k] & 0xc0) == 0x80)
					k++;
				cut = lastsp > 0 ? lastsp : k;
			}
			if (!first)
				fprintf(f, "\n%*s", LADDER_INDENT, "");
			fprintf(f, "%.*s", (int)cut, p);
			p += cut;
			while (*p == ' ')
				p++;
			first = 0;
		} while (*p);
		fprintf(f, "%s\n", fail && color ? C_OFF : "");
	}
	fprintf(f, "  => %s%s%s\n", t->outcome == OUTCOME_OK ? "" : (color ? C_RED : ""), t->reason,
		t->outcome == OUTCOME_OK || !color ? "" : C_OFF);
}

static const struct trace *trace_at(const struct report *r, int i)
{
	return i >= 0 && (size_t)i < r->ntraces ? r->traces[i] : NULL;
}

void render_text_report(FILE *f, const struct report *r, bool color, bool verbose)
{
	const struct target *t = &r->target;
	const char *vc = r->verdict == VERDICT_OK ? C_GRN : r->verdict == VERDICT_WARN || r->verdict == VERDICT_INCOMPLETE ?
			 C_YEL : C_RED;
	const struct trace *shown = NULL;

	fprintf(f, "%s%-5s%s %s\n", color ? vc : "", verdict_name(r->verdict), color ? C_OFF : "", r->verdict_text);
	fprintf(f, "  target %s:%u%s%s", t->host, t->port, t->connect_to[0] ? " via " : "", t->connect_to);
	if (t->proxy[0]) {
		char px[TW_HOST_MAX + 16];
		/* Never print a proxy password. */
		const char *at = strrchr(t->proxy, '@'), *scheme = strstr(t->proxy, "://");
		snprintf(px, sizeof px, "%.*s%s", scheme ? (int)(scheme + 3 - t->proxy) : 0, t->proxy,
			 at ? at + 1 : scheme ? scheme + 3 : t->proxy);
		fprintf(f, " through proxy %s", px);
	}
	fputc('\n', f);

	/* The handshake, then the proof of the top finding if it is another attempt. */
	shown = report_find_trace(r, TK_DEFAULT, NULL);
	if (!shown && r->ntraces)
		shown = r->traces[0];
	if (shown) {
		fputc('\n', f);
		render_text_trace(f, shown, color, 80);
	}
	if (r->nfindings && trace_at(r, r->findings[0].trace) && trace_at(r, r->findings[0].trace) != shown &&
	    !verbose) {
		fputc('\n', f);
		render_text_trace(f, trace_at(r, r->findings[0].trace), color, 80);
	}
	if (verbose)
		for (size_t i = 0; i < r->ntraces; i++)
			if (r->traces[i] != shown) {
				fputc('\n', f);
				render_text_trace(f, r->traces[i], color, 80);
			}
	if (r->nfindings)
		fprintf(f, "\nFindings (%zu)\n", r->nfindings);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *fd = &r->findings[i];
		fprintf(f, "  %s%-5s%s  %s%s%s\n", color ? sev_color(fd->severity) : "",
			fd->severity == SEV_ERROR ? "ERROR" : fd->severity == SEV_WARN ? "WARN" : "INFO",
			color ? C_OFF : "", fd->title, "", "");
		fprintf(f, "         id: %s (%s)\n", fd->id, fd->section);
		if (fd->evidence[0])
			print_block(f, "proof: ", fd->evidence);
		if (fd->fix[0])
			print_block(f, "fix:   ", fd->fix);
	}
	/* What was not judged is said, so no reader takes it for checked. */
	{
		size_t open = 0;
		for (size_t i = 0; i < r->nsteps; i++)
			open += step_state_incomplete(r->steps[i].state);
		if (open)
			fprintf(f, "\nNot judged (%zu of %zu steps)\n", open, r->nsteps);
		for (size_t i = 0; i < r->nsteps && open; i++)
			if (step_state_incomplete(r->steps[i].state))
				fprintf(f, "  %-15s %s / %s%s%s\n", step_state_name(r->steps[i].state), r->steps[i].wizard,
					r->steps[i].title, r->steps[i].note[0] ? ": " : "", r->steps[i].note);
	}
	if (r->verdict != VERDICT_OK && r->nfindings && serverconf_relevant(r)) {
		struct serverconf sc;
		char text[8192];
		int k = t->server_sw[0] ? server_kind_from_name(t->server_sw) : serverconf_detect(r);
		serverconf_build(r, k >= 0 ? (enum server_kind)k : SRV_NGINX, false, &sc);
		serverconf_text(&sc, text, sizeof text);
		fprintf(f, "\nServer configuration (%s%s)\n", sc.name, t->server_sw[0] ? "" : k >= 0 ? ", detected" :
			", not detected: --server NAME picks another");
		for (const char *p = text; *p;) {
			size_t n = strcspn(p, "\n");
			fprintf(f, "  %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	/* --sni a,b,c: what each name gets, side by side. */
	{
		bool header = false;
		for (size_t i = 0; i < r->ntraces; i++) {
			const struct trace *tr = r->traces[i];
			struct cert_info ci;
			bool first = tr->kind == TK_DEFAULT && t->sni_mode == SNI_NAME && strchr(t->sni, ',');
			if (tr->kind != TK_SNI_NAME && !first)
				continue;
			if (!header) {
				fprintf(f, "\nPer name\n  %-28s %-8s %-32s %s\n", "SNI", "version", "certificate", "result");
				header = true;
			}
			if (!tr->ncerts || cert_parse(tr->certs[0].data, tr->certs[0].len, &ci) < 0)
				snprintf(ci.sans, sizeof ci.sans, "-");
			fprintf(f, "  %-28.28s %-8s %-32.32s %s\n", tr->sni[0] ? tr->sni : "(none)",
				tr->neg.version_name[0] ? tr->neg.version_name : "-", ci.sans[0] ? ci.sans : ci.subject,
				tr->outcome == OUTCOME_OK ? "ok" : tr->reason);
		}
	}
	if (r->chain.n) {
		fprintf(f, "\nChain as sent (%zu), verified against %s: %s\n", r->chain.n, r->chain.trust,
			r->chain.status_text);
		for (size_t i = 0; i < r->chain.n; i++)
			fprintf(f, "  [%zu] %s\n      issuer %s; %s; %s\n", i, r->chain.certs[i].subject,
				r->chain.certs[i].issuer, r->chain.certs[i].key, r->chain.certs[i].sig);
	}
	if (r->scan) {
		fprintf(f, "\nSuites accepted (raw scan: %u connections, %.0f ms)\n", r->scan->conns, r->scan->ms);
		for (size_t v = 0; v < 5; v++) {
			if (!r->scan->nsuites[v])
				continue;
			fprintf(f, "  %-7s %zu suite%s, %s order\n", tls_version_name(0x0300 + (unsigned)v), r->scan->nsuites[v],
				r->scan->nsuites[v] == 1 ? "" : "s", r->scan->server_pref[v] == 1 ? "server" : r->scan->server_pref[v] == 0 ? "client" : "one");
			if (verbose)
				for (size_t k = 0; k < r->scan->nsuites[v]; k++) {
					const struct suite_info *si = suite_info(r->scan->suites[v][k]);
					fprintf(f, "          %-44s %s\n", suite_name(r->scan->suites[v][k]), si ? si->grade : "");
				}
		}
		if (r->scan->ngroups) {
			fprintf(f, "  groups  ");
			for (size_t g = 0; g < r->scan->ngroups; g++)
				fprintf(f, "%s%s", g ? ", " : "", group_name(r->scan->groups[g]));
			fputc('\n', f);
		}
		if (r->nclients) {
			size_t ok = 0;
			for (size_t i = 0; i < r->nclients; i++)
				ok += r->clients[i].ok;
			fprintf(f, "Clients: %zu of %zu connect\n", ok, r->nclients);
			for (size_t i = 0; i < r->nclients; i++)
				if (verbose || !r->clients[i].ok)
					fprintf(f, "  %s %s\n", r->clients[i].ok ? "ok  " : "FAIL", r->clients[i].text);
		}
	}
	fprintf(f, "\n%zu probes in %.0f ms\n", r->ntraces, r->elapsed_ms);
}

/* Into a string, for a screen that shows it (the TUI): the same text, never a capture of
 * stdout. */
struct mem {
	FILE *f;
	char *buf;
	size_t len;
};

static bool mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	return m->f != NULL;
}

static char *mem_close(struct mem *m)
{
	fclose(m->f);
	return m->buf;
}

char *render_text_report_str(const struct report *r, bool verbose)
{
	struct mem m;
	if (!mem_open(&m))
		return xstrdup("");
	render_text_report(m.f, r, false, verbose);
	return mem_close(&m);
}
