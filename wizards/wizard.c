/* wizard.c — the wizard registry (NULL-terminated, diagnose order) and the small helpers
 * every wizard's steps share. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cert.h"
#include "probe.h"
#include "target.h"
#include "wizard.h"

extern const struct wizard wizard_firewall, wizard_versions, wizard_certificates,
	wizard_chain, wizard_ciphers, wizard_sni;

/* Firewall first: nothing else works without a TCP connection and a TLS reply. */
const struct wizard *const wizard_registry[] = {
	&wizard_firewall, &wizard_versions, &wizard_certificates, &wizard_chain,
	&wizard_ciphers, &wizard_sni, NULL,
};

const struct wizard *wizard_find(const char *name)
{
	for (size_t i = 0; wizard_registry[i]; i++)
		if (strcmp(wizard_registry[i]->name, name) == 0)
			return wizard_registry[i];
	return NULL;
}

size_t wiz_plan_default(struct wctx *c, struct probe_req *reqs, size_t max)
{
	if (max == 0 || report_find_trace(c->r, TK_DEFAULT, NULL))
		return 0;
	probe_req_init(&reqs[0], TK_DEFAULT, NULL);
	return 1;
}

const struct enumeration *wiz_scan(const struct wctx *c)
{
	return c->scan && c->scan->possible ? c->scan : NULL;
}

struct trace *wiz_default_trace(struct wctx *c, int *idx)
{
	return report_find_trace(c->r, TK_DEFAULT, idx);
}

struct finding *wiz_add(struct wctx *c, enum finding_id id, int idx)
{
	step_raise(&c->raised, id);
	return report_add(c->r, id, idx, -1);
}

bool wiz_confirm(struct wctx *c, enum finding_id id)
{
	step_raise(&c->raised, id);
	return report_has(c->r, id);
}

int wiz_idx(const struct wctx *c, size_t i)
{
	return c->tr_base + (int)i;
}

const char *wiz_target_name(const struct wctx *c)
{
	static __thread char buf[TW_HOST_MAX + 8];
	snprintf(buf, sizeof buf, "%s:%u", c->t->host, c->t->port);
	return buf;
}

void wiz_note(struct wctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->note, sizeof c->note, fmt, ap);
	va_end(ap);
}

const char *wiz_verify_name(const struct wctx *c)
{
	const char *sni = target_sni(c->t);
	return sni[0] ? sni : c->t->host;
}

const struct chain *wiz_chain(struct wctx *c)
{
	struct trace *t = wiz_default_trace(c, NULL);

	if (!t || c->r->chain.n || !t->ncerts)
		return &c->r->chain;
	cert_chain_from_trace(t, &c->r->chain);
	cert_verify(t, wiz_verify_name(c), c->t->cafile, &c->r->chain);
	return &c->r->chain;
}
