/* markdown.c — the report as Markdown, to paste into a ticket: verdict, findings with
 * evidence and fixes, the ladders of failing handshakes, the chain, versions, and the
 * server configuration. Strings are already sanitised; Markdown metacharacters in them
 * are escaped so a hostile certificate cannot restructure the ticket. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "markdown.h"
#include "suites.h"
#include "report.h"
#include "serverconf.h"
#include "trace.h"
#include "xmalloc.h"

struct buf {
	char *p;
	size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		while (b->n + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 8192;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* A string literal, its length taken by the compiler. */
#define PUTS(b, lit) put(b, lit, sizeof(lit) - 1)

static void putf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct buf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Inline text: escape what Markdown would interpret. */
static void put_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|", *s))	/* what changes inline meaning */
			PUTS(b, "\\");
		put(b, s, 1);
	}
}

/* Inside a fenced block only a fence can escape; break any run of backticks. */
static void put_code(struct buf *b, const char *s)
{
	for (; *s; s++) {
		put(b, s, 1);
		if (s[0] == '`' && s[1] == '`')
			PUTS(b, " ");
	}
}

static void ladder(struct buf *b, const struct trace *t)
{
	putf(b, "\n```\n%s  %s  %s%s\n", t->label, t->addr, t->sni[0] ? "SNI=" : "no SNI", t->sni);
	for (size_t i = 0; i < t->nsteps; i++) {
		const struct step *s = &t->steps[i];
		char line[400];
		snprintf(line, sizeof line, "%s%7.1f ms %s %-19s %6u  %s\n", s->flags & STEP_FAIL ? "x" : " ", s->t_ms,
			 s->dir == DIR_C2S ? "-->" : s->dir == DIR_S2C ? "<--" : " . ", s->name, s->bytes, s->summary);
		put_code(b, line);
	}
	PUTS(b, "=> ");
	put_code(b, t->reason);
	PUTS(b, "\n```\n");
}

char *md_report(const struct report *r)
{
	struct buf b = { 0 };
	char when[32];
	struct tm tm;
	const struct trace *def = report_find_trace(r, TK_DEFAULT, NULL);

	gmtime_r(&r->started, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
	PUTS(&b, "# TLS diagnosis: ");
	put_text(&b, r->target.host);
	putf(&b, ":%u\n\n", r->target.port);
	putf(&b, "**%s**: ", verdict_name(r->verdict));
	put_text(&b, r->verdict_text);
	putf(&b, "\n\n- checked: %s by tlswiz, %zu handshakes in %.0f ms\n", when, r->ntraces, r->elapsed_ms);
	if (r->target.connect_to[0]) {
		PUTS(&b, "- connected to: ");
		put_text(&b, r->target.connect_to);
		PUTS(&b, "\n");
	}
	if (def && def->neg.version) {
		PUTS(&b, "- negotiated: ");
		put_text(&b, def->neg.version_name);
		PUTS(&b, " ");
		put_text(&b, def->neg.suite_name);
		PUTS(&b, "\n");
	}

	if (r->nfindings)
		putf(&b, "\n## Findings (%zu)\n", r->nfindings);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		putf(&b, "\n### %zu. %s: ", i + 1, f->severity == SEV_ERROR ? "Error" : f->severity == SEV_WARN ? "Warning" : "Info");
		put_text(&b, f->title);
		putf(&b, "\n\n- id: `%s` (%s)\n", f->id, f->section);
		if (f->evidence[0]) {
			PUTS(&b, "- evidence: ");
			put_text(&b, f->evidence);
			PUTS(&b, "\n");
		}
		if (f->fix[0]) {
			PUTS(&b, "\nFix:\n\n```\n");
			put_code(&b, f->fix);
			PUTS(&b, "\n```\n");
		}
	}

	/* The ladders that prove the failures. */
	{
		bool shown[256] = { false };
		bool header = false;
		for (size_t i = 0; i < r->nfindings; i++) {
			int ti = r->findings[i].trace;
			if (ti < 0 || (size_t)ti >= r->ntraces || ti >= 256 || shown[ti])
				continue;
			if (!header) {
				PUTS(&b, "\n## Handshakes\n");
				header = true;
			}
			shown[ti] = true;
			ladder(&b, r->traces[ti]);
		}
		if (!header && def) {
			PUTS(&b, "\n## Handshake\n");
			ladder(&b, def);
		}
	}

	if (r->chain.n) {
		putf(&b, "\n## Certificate chain as sent\n\nVerified against %s: ", r->chain.trust);
		put_text(&b, r->chain.status_text);
		PUTS(&b, "\n\n| # | subject | issuer | key | signature | valid until |\n|---|---|---|---|---|---|\n");
		for (size_t i = 0; i < r->chain.n; i++) {
			const struct cert_info *c = &r->chain.certs[i];
			char until[32];
			gmtime_r(&c->not_after, &tm);
			strftime(until, sizeof until, "%Y-%m-%d", &tm);
			putf(&b, "| %zu | ", i);
			put_text(&b, c->subject);
			PUTS(&b, " | ");
			put_text(&b, c->issuer);
			PUTS(&b, " | ");
			put_text(&b, c->key);
			PUTS(&b, " | ");
			put_text(&b, c->sig);
			putf(&b, " | %s |\n", until);
		}
	}

	{
		static const struct { enum trace_kind kind; const char *name; } v[] = {
			{ TK_TLS10_ONLY, "TLS1.0" }, { TK_TLS11_ONLY, "TLS1.1" }, { TK_TLS12_ONLY, "TLS1.2" },
			{ TK_TLS13_ONLY, "TLS1.3" } };
		bool any = false;
		for (size_t i = 0; i < 4; i++) {
			const struct trace *t = report_find_trace(r, v[i].kind, NULL);
			if (!t)
				continue;
			if (!any) {
				PUTS(&b, "\n## Protocol versions\n\n| version | accepted |\n|---|---|\n");
				any = true;
			}
			putf(&b, "| %s | %s |\n", v[i].name,
			     t->server_hello_seen && !strcmp(t->neg.version_name, v[i].name) ? "yes" : "no");
		}
	}

	if (r->scan) {
		putf(&b, "\n## Cipher suites accepted\n\nRaw scan, %u connections. Grades: insecure, weak, ok, good.\n\n"
			 "| version | suite | grade |\n|---|---|---|\n", r->scan->conns);
		for (size_t v = 0; v < 5; v++)
			for (size_t k = 0; k < r->scan->nsuites[v]; k++) {
				const struct suite_info *si = suite_info(r->scan->suites[v][k]);
				putf(&b, "| %s | %s | %s |\n", k ? "" : tls_version_name(0x0300 + (unsigned)v),
				     suite_name(r->scan->suites[v][k]), si ? si->grade : "?");
			}
		if (r->nclients) {
			PUTS(&b, "\n## Simulated clients\n\n| client | result |\n|---|---|\n");
			for (size_t i = 0; i < r->nclients; i++)
				putf(&b, "| %s | %s |\n", r->clients[i].ok ? "ok" : "**fails**", r->clients[i].text);
		}
	}

	if (r->verdict != VERDICT_OK && r->nfindings && serverconf_relevant(r)) {
		struct serverconf sc;
		char text[8192];
		int k = r->target.server_sw[0] ? server_kind_from_name(r->target.server_sw) : serverconf_detect(r);
		serverconf_build(r, k >= 0 ? (enum server_kind)k : SRV_NGINX, false, &sc);
		serverconf_text(&sc, text, sizeof text);
		putf(&b, "\n## Server configuration (%s)\n\n```\n", sc.name);
		put_code(&b, text);
		PUTS(&b, "```\n");
	}
	return b.p;
}
