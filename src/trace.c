/* trace.c — the trace model's operations: append steps, set the outcome, copy certificates.
 * Everything stored goes through the sanitiser first. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "trace.h"
#include "xmalloc.h"

struct trace *trace_new(const char *label)
{
	struct trace *t = xcalloc(1, sizeof *t);
	text_sanitize_str(t->label, sizeof t->label, label ? label : "");
	t->alert = -1;
	t->alert_level = -1;
	return t;
}

/* The live observer (the TUI's live ladder): set once before any probe runs. */
static trace_observer_fn observer;
static void *observer_arg;

void trace_set_observer(trace_observer_fn fn, void *arg)
{
	observer = fn;
	observer_arg = arg;
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	if (observer)
		observer(observer_arg, t, -1);
	for (size_t i = 0; i < t->ncerts; i++)
		free(t->certs[i].data);
	free(t->certs);
	free(t->steps);
	free(t->ocsp.data);
	free(t);
}

struct trace *trace_dup(const struct trace *t)
{
	struct trace *c = xmemdup(t, sizeof *t);
	c->steps = xmemdup(t->steps, t->cap * sizeof *t->steps);
	c->ocsp.data = t->ocsp.len ? xmemdup(t->ocsp.data, t->ocsp.len) : NULL;
	c->certs = xcalloc(t->ncerts, sizeof *c->certs);
	for (size_t i = 0; i < t->ncerts; i++) {
		c->certs[i].data = xmemdup(t->certs[i].data, t->certs[i].len);
		c->certs[i].len = t->certs[i].len;
	}
	return c;
}

int trace_add_step(struct trace *t, double t_ms, enum dir dir, enum layer layer,
		   unsigned bytes, const char *name, const char *fmt, ...)
{
	struct step *s;
	char raw[512];
	va_list ap;

	if (t->nsteps >= TRACE_MAX_STEPS) {
		s = &t->steps[TRACE_MAX_STEPS - 1];
		if (t->steps_dropped == 0)
			t->steps_dropped = 1;	/* the step this one replaces */
		s->t_ms = t_ms;
		s->bytes += bytes;
		s->flags = 0;
		s->dir = DIR_LOCAL;
		s->layer = layer;
		snprintf(s->name, sizeof s->name, "more");
		snprintf(s->summary, sizeof s->summary, "%u more messages not shown (last: %s)",
			 ++t->steps_dropped, name ? name : "?");
		return TRACE_MAX_STEPS - 1;
	}
	if (t->nsteps == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->steps = xreallocarray(t->steps, t->cap, sizeof *t->steps);
	}
	s = &t->steps[t->nsteps];
	memset(s, 0, sizeof *s);
	s->t_ms = t_ms;
	s->dir = dir;
	s->layer = layer;
	s->bytes = bytes;
	text_sanitize_str(s->name, sizeof s->name, name);
	raw[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(raw, sizeof raw, fmt, ap);
		va_end(ap);
	}
	text_sanitize_str(s->summary, sizeof s->summary, raw);
	t->nsteps++;
	if (observer)
		observer(observer_arg, t, (int)t->nsteps - 1);
	return (int)t->nsteps - 1;
}

void trace_set_outcome(struct trace *t, enum outcome o, const char *fmt, ...)
{
	char raw[512];
	va_list ap;

	t->outcome = o;
	raw[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(raw, sizeof raw, fmt, ap);
		va_end(ap);
	}
	text_sanitize_str(t->reason, sizeof t->reason, raw);
	if (o != OUTCOME_OK && t->nsteps > 0 && trace_fail_step(t) < 0)
		t->steps[t->nsteps - 1].flags |= STEP_FAIL;
	if (observer)
		observer(observer_arg, t, -2);
}

void trace_add_cert(struct trace *t, const void *der, size_t len)
{
	if (t->ncerts >= TRACE_MAX_CERTS) {
		t->certs_dropped++;
		return;
	}
	t->certs = xreallocarray(t->certs, t->ncerts + 1, sizeof *t->certs);
	t->certs[t->ncerts].data = xmemdup(der, len);
	t->certs[t->ncerts].len = len;
	t->ncerts++;
}

void trace_sort_steps(struct trace *t)
{
	/* Insertion sort: stable, and traces are short and almost sorted. */
	for (size_t i = 1; i < t->nsteps; i++) {
		struct step s = t->steps[i];
		size_t j = i;
		while (j > 0 && t->steps[j - 1].t_ms > s.t_ms) {
			t->steps[j] = t->steps[j - 1];
			j--;
		}
		t->steps[j] = s;
	}
}

int trace_fail_step(const struct trace *t)
{
	for (size_t i = 0; i < t->nsteps; i++)
		if (t->steps[i].flags & STEP_FAIL)
			return (int)i;
	return -1;
}

bool trace_is_network_failure(const struct trace *t)
{
	switch (t->outcome) {
	case OUTCOME_DNS: case OUTCOME_REFUSED: case OUTCOME_FILTERED:
	case OUTCOME_UNREACHABLE: case OUTCOME_CONNECT: case OUTCOME_RESET:
	case OUTCOME_SILENCE: case OUTCOME_EOF: case OUTCOME_NOT_TLS: case OUTCOME_STALL:
	case OUTCOME_PROXY: case OUTCOME_STARTTLS:
		return true;
	default:
		return false;
	}
}

const char *outcome_name(enum outcome o)
{
	static const char *const names[] = {
		[OUTCOME_OK] = "ok", [OUTCOME_DNS] = "dns", [OUTCOME_REFUSED] = "refused",
		[OUTCOME_FILTERED] = "filtered", [OUTCOME_UNREACHABLE] = "unreachable",
		[OUTCOME_CONNECT] = "connect-error", [OUTCOME_RESET] = "reset",
		[OUTCOME_SILENCE] = "silence", [OUTCOME_EOF] = "eof", [OUTCOME_NOT_TLS] = "not-tls",
		[OUTCOME_ALERT] = "alert", [OUTCOME_STALL] = "stall",
		[OUTCOME_TLS_ERROR] = "tls-error", [OUTCOME_CANCELLED] = "cancelled",
		[OUTCOME_LOCAL] = "local-error", [OUTCOME_PROXY] = "proxy",
		[OUTCOME_STARTTLS] = "starttls",
	};
	return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "?";
}

const char *banner_name(enum banner b)
{
	static const char *const names[] = {
		[BANNER_NONE] = "none", [BANNER_HTTP] = "HTTP", [BANNER_SSH] = "SSH",
		[BANNER_SMTP] = "SMTP", [BANNER_FTP] = "FTP", [BANNER_POP3] = "POP3",
		[BANNER_IMAP] = "IMAP", [BANNER_XMPP] = "XMPP", [BANNER_LDAP] = "LDAP",
		[BANNER_MYSQL] = "MySQL", [BANNER_OTHER] = "unknown",
	};
	return (unsigned)b < sizeof names / sizeof names[0] ? names[b] : "?";
}

const char *tls_version_name(unsigned v)
{
	static __thread char buf[16];
	switch (v) {
	case 0x0002: return "SSLv2";
	case 0x0300: return "SSLv3";
	case 0x0301: return "TLS1.0";
	case 0x0302: return "TLS1.1";
	case 0x0303: return "TLS1.2";
	case 0x0304: return "TLS1.3";
	default:
		snprintf(buf, sizeof buf, "0x%04x", v);
		return buf;
	}
}

const char *trace_kind_label(enum trace_kind k)
{
	static const char *const labels[] = {
#define X(kind, label) [kind] = label,
		TRACE_KINDS(X)
#undef X
	};
	return (unsigned)k < sizeof labels / sizeof labels[0] ? labels[k] : "";
}
