/* chain.c — the chain wizard: the certificates as sent vs the path to a trusted root.
 * Mirrors "Incomplete certificate chain". GnuTLS reports missing intermediates, private
 * roots and self-signed leaves all as "signer not found"; we tell them apart ourselves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>

#include "cert.h"
#include "intercept.h"
#include "trace.h"
#include "wizard.h"

static const char *fix_fullchain =
	"Serve the leaf followed by its intermediate(s), in order (leaf first):\n"
	"  cat leaf.pem intermediate.pem > fullchain.pem\n"
	"  nginx: ssl_certificate /etc/ssl/fullchain.pem;   Apache 2.4.8+: SSLCertificateFile fullchain.pem\n"
	"  HAProxy: crt /etc/haproxy/site.pem (leaf, intermediates, key)   Postfix: smtpd_tls_chain_files";

bool chain_shape_findings(struct wctx *c, const struct trace *t, int idx)
{
	char detail[256];
	enum chain_shape shape = cert_chain_shape(t, c->t->cafile, detail, sizeof detail);
	const struct chain *ch = wiz_chain(c);
	const struct cert_info *top = ch->n ? &ch->certs[ch->n - 1] : NULL;
	struct finding *f;

	switch (shape) {
	case CHAIN_SELF_SIGNED_LEAF:
		f = wiz_add(c, F_CERT_SELF_SIGNED, idx);
		finding_title(f, "the server certificate is self-signed");
		finding_evidence(f, "1 certificate sent: subject = issuer = %s; not in %s", top ? top->subject : "?", ch->trust);
		finding_fix(f, "Use a certificate from a public CA (e.g. ACME: certbot certonly --webroot ...)\n"
			    "or, for a private service, give clients the certificate/CA: --cafile, or install it\n"
			    "in /usr/local/share/ca-certificates/ + update-ca-certificates.");
		break;
	case CHAIN_UNTRUSTED_ROOT:
		f = wiz_add(c, F_CHAIN_UNTRUSTED_ROOT, idx);
		finding_title(f, "the chain ends at a root that is not trusted: %s", top ? top->subject : "?");
		finding_evidence(f, "top certificate [%zu] %s is self-signed and not in %s", ch->n - 1,
				 top ? top->subject : "?", ch->trust);
		finding_fix(f, "Either the server uses a private CA (give clients its root: --cafile, or\n"
			    "update-ca-certificates), or something re-signs the traffic (TLS inspection):\n"
			    "compare the issuer with what the server operator deployed.");
		break;
	case CHAIN_MISSING_INTERMEDIATE:
		if (top && top->aia_issuer[0]) {
			f = wiz_add(c, F_CHAIN_INCOMPLETE_AIA, idx);
			finding_title(f, "the intermediate is missing; clients that fetch AIA may recover, others fail");
			finding_evidence(f, "issuer \"%s\" not sent and not in %s; AIA caIssuers: %s", top->issuer,
					 ch->trust, top->aia_issuer);
		} else {
			f = wiz_add(c, F_CHAIN_INCOMPLETE, idx);
			finding_title(f, "clients without the intermediate cannot verify %s", c->t->host);
			finding_evidence(f, "issuer \"%s\" not sent and not in the trust store (%s)",
					 top ? top->issuer : "?", ch->trust);
		}
		finding_fix(f, "%s", fix_fullchain);
		break;
	case CHAIN_WRONG_INTERMEDIATE:
		f = wiz_add(c, F_CHAIN_WRONG_INTERMEDIATE, idx);
		finding_title(f, "the intermediate sent did not issue the server certificate");
		finding_evidence(f, "%s; [0] issuer: %s; [1] subject: %s", detail, ch->n ? ch->certs[0].issuer : "?",
				 ch->n > 1 ? ch->certs[1].subject : "?");
		finding_fix(f, "Replace the intermediate with the one that issued this certificate (its subject\n"
			    "must equal the leaf's issuer). %s", fix_fullchain);
		break;
	case CHAIN_TOO_LONG:
		f = wiz_add(c, F_CHAIN_TOO_LONG, idx);
		finding_title(f, "the server sends a chain far longer than any client verifies");
		finding_evidence(f, "%s", detail);
		finding_fix(f, "Serve only the leaf and the intermediates that issued it. %s", fix_fullchain);
		break;
	case CHAIN_OUT_OF_ORDER:
		f = wiz_add(c, F_CHAIN_WRONG_ORDER, idx);
		finding_title(f, "the chain is sent in the wrong order");
		finding_evidence(f, "%s", detail);
		finding_fix(f, "Put the leaf first, then each issuer in turn. %s", fix_fullchain);
		break;
	default:
		return false;
	}
	return true;
}

void chain_expired_finding(struct wctx *c, int idx, size_t i)
{
	const struct cert_info *ci = &wiz_chain(c)->certs[i];
	time_t now = time(NULL);
	struct finding *f = wiz_add(c, F_CHAIN_EXPIRED_INTERMEDIATE, idx);
	char b[32];
	struct tm tm;

	gmtime_r(&ci->not_after, &tm);
	strftime(b, sizeof b, "%Y-%m-%d %H:%M UTC", &tm);
	finding_title(f, "the intermediate certificate \"%s\" expired %ld days ago", ci->cn[0] ? ci->cn : ci->subject,
		      (long)((now - ci->not_after) / 86400));
	finding_evidence(f, "certificate [%zu] %s: notAfter %s (now is later)", i, ci->subject, b);
	finding_fix(f, "Download the CA's current intermediate and replace the expired one in the chain file "
		    "(leaf first, then the new intermediate), then reload the server.");
}

/* An expired certificate above the leaf breaks the path however it is shaped. */
static bool expired_intermediates(struct wctx *c, int idx)
{
	const struct chain *ch = wiz_chain(c);
	time_t now = time(NULL);
	bool any = false;

	for (size_t i = 1; i < ch->n; i++)
		if (ch->certs[i].not_after < now) {
			chain_expired_finding(c, idx, i);
			any = true;
		}
	return any;
}

static enum step_state judge_as_sent(struct wctx *c)
{
	int idx;
	struct trace *t = wiz_default_trace(c, &idx);
	const struct chain *ch;
	char detail[256];

	if (!t || !t->ncerts) {
		wiz_note(c, "no certificate was received");
		return STATE_SKIPPED;
	}
	ch = wiz_chain(c);
	if (cert_chain_shape(t, c->t->cafile, detail, sizeof detail) == CHAIN_OUT_OF_ORDER) {
		chain_shape_findings(c, t, idx);
		wiz_note(c, "%s", detail);
		return STATE_WARNED;
	}
	if (ch->n > 1 && ch->certs[ch->n - 1].self_signed) {
		struct finding *f = wiz_add(c, F_CHAIN_ROOT_SENT, idx);
		finding_title(f, "the server sends the root certificate (harmless but wasteful)");
		finding_evidence(f, "certificate [%zu] %s is self-signed", ch->n - 1, ch->certs[ch->n - 1].subject);
		finding_fix(f, "Drop the root from the chain file; clients use their own copy.");
		wiz_note(c, "%zu certificates sent, root included", ch->n);
		return STATE_PASSED;
	}
	wiz_note(c, "%zu certificate%s sent, in order", ch->n, ch->n == 1 ? "" : "s");
	return STATE_PASSED;
}

/* An issuer named after an inspection product: the traffic is re-signed on the path. */
static bool interception(struct wctx *c, int idx)
{
	const struct chain *ch = wiz_chain(c);
	for (size_t i = 0; i < ch->n; i++) {
		const char *prod = intercept_product(ch->certs[i].issuer);
		struct finding *f;
		if (!prod)
			continue;
		f = wiz_add(c, F_CHAIN_INTERCEPTION, idx);
		finding_title(f, "the certificate is issued by a TLS-inspection CA (likely %s)", prod);
		finding_evidence(f, "certificate [%zu] issuer: %s", i, ch->certs[i].issuer);
		finding_fix(f, "Something on the path (firewall, web gateway, antivirus) decrypts and re-signs\n"
			    "this connection. Confirm from another network or compare fingerprints with the\n"
			    "server operator. Then either trust the inspection CA on this client (company\n"
			    "policy) or get a bypass rule for %s.", c->t->host);
		if (wiz_confirm(c, F_NET_INTERCEPTION))
			return true;	/* the firewall wizard proved it already (proxy vs direct) */
		f = wiz_add(c, F_NET_INTERCEPTION, idx);
		finding_title(f, "a middlebox intercepts TLS (likely %s)", prod);
		finding_evidence(f, "certificate [%zu] issuer: %s", i, ch->certs[i].issuer);
		finding_fix(f, "Ask the network team for a TLS-inspection bypass for %s, or install the\n"
			    "inspection CA in this client's trust store if policy requires inspection.", c->t->host);
		return true;
	}
	return false;
}

static enum step_state judge_path(struct wctx *c)
{
	bool shaped;
	int idx;
	struct trace *t = wiz_default_trace(c, &idx);
	const struct chain *ch;

	if (!t || !t->ncerts)
		return STATE_SKIPPED;
	ch = wiz_chain(c);
	if (interception(c, idx)) {
		/* the path's shape is judged too, as the certificates wizard does: the same
		 * findings whichever wizard runs */
		if (ch->status & GNUTLS_CERT_SIGNER_NOT_FOUND)
			chain_shape_findings(c, t, idx);
		wiz_note(c, "issued by a TLS-inspection CA");
		return STATE_FAILED;
	}
	if (expired_intermediates(c, idx)) {
		wiz_note(c, "an intermediate on the path has expired");
		return STATE_FAILED;
	}
	if (!(ch->status & GNUTLS_CERT_SIGNER_NOT_FOUND)) {
		wiz_note(c, ch->status ? "issuer found (other problems: see certificates)" :
			 "the chain reaches a trusted root");
		return STATE_PASSED;
	}
	/* the certificates wizard may have added the same finding already: judge by the
	 * shape, not by whether this call added it */
	shaped = chain_shape_findings(c, t, idx);
	wiz_note(c, "no path to a trusted root (%s)", ch->trust);
	return shaped ? STATE_FAILED : STATE_WARNED;
}

/* Under the lock: is an intermediate missing (then work_aia fetches it)? */
static size_t plan_fix(struct wctx *c, struct probe_req *reqs, size_t max)
{
	c->arg = report_has(c->r, F_CHAIN_INCOMPLETE_AIA) || report_has(c->r, F_CHAIN_INCOMPLETE) ||
		 report_has(c->r, F_CHAIN_WRONG_INTERMEDIATE);
	return wiz_plan_default(c, reqs, max);
}

static void *work_aia(struct wctx *c)
{
	const struct trace *t = c->def;
	struct aia_fetch *a;

	if (!t || !t->ncerts)
		return NULL;
	a = calloc(1, sizeof *a);
	if (a && c->arg)
		cert_fetch_aia(t, c->t->cafile, c->t->timeout_ms > 0 ? c->t->timeout_ms : 5000, c->t->no_fetch, a);
	return a;
}

static void drop_aia(void *p)
{
	struct aia_fetch *a = p;
	if (a)
		free(a->der.data);
	free(a);
}

static enum step_state judge_fix(struct wctx *c)
{
	struct aia_fetch *a = c->work;
	int idx;
	struct trace *t = wiz_default_trace(c, &idx);
	enum step_state st = STATE_PASSED;
	/* what needs fixing is what this step's verdict rests on */
	static const enum finding_id fixes[] = { F_CHAIN_INCOMPLETE_AIA, F_CHAIN_INCOMPLETE, F_CHAIN_WRONG_ORDER,
						 F_CHAIN_WRONG_INTERMEDIATE, F_CHAIN_EXPIRED_INTERMEDIATE };
	bool broken = false;

	for (size_t i = 0; i < sizeof fixes / sizeof fixes[0]; i++)
		if (wiz_confirm(c, fixes[i]))	/* every one is recorded, present or not */
			broken = true;

	if (!t || !t->ncerts) {
		st = STATE_SKIPPED;
		goto out;
	}
	if (a && a->tried) {
		struct finding *f = NULL;
		cert_fetch_steps(t, a->fetch_log);	/* the fetch on the ladder */
		for (size_t i = 0; i < c->r->nfindings; i++)
			if (c->r->findings[i].fid == F_CHAIN_INCOMPLETE_AIA || c->r->findings[i].fid == F_CHAIN_WRONG_INTERMEDIATE)
				f = &c->r->findings[i];
		if (f) {
			size_t o = strlen(f->evidence);
			snprintf(f->evidence + o, sizeof f->evidence - o, "; %s%s%s", a->detail, a->fetch_log[0] ? "; asked: " : "", a->fetch_log);
			if (a->fetched && a->issues_top && f->fid == F_CHAIN_INCOMPLETE_AIA)
				finding_title(f, "the intermediate is missing: browsers that fetch it via AIA recover; curl, OpenSSL, Java, Python and Go fail");
		}
	}
	if (broken && c->t->write_chain[0]) {
		char why[300];
		const struct blob *extra = a && a->fetched && a->issues_top ? &a->der : NULL;
		if (cert_write_fullchain(t, extra, c->t->cafile, c->t->write_chain, why, sizeof why) == 0) {
			const char *p = c->t->write_chain;
			wiz_note(c, "%s", why);
			/* The fix becomes concrete: the file exists, say how to serve it. */
			for (size_t i = 0; i < c->r->nfindings; i++) {
				struct finding *cf = &c->r->findings[i];
				if (strcmp(cf->area, "chain") || cf->fid == F_CHAIN_ROOT_SENT || cf->fid == F_CHAIN_UNTRUSTED_ROOT ||
				    cf->fid == F_CHAIN_INTERCEPTION)
					continue;
				finding_fix(cf, "serve %s (written by tlswiz: %s)\n"
					    "  nginx: ssl_certificate %s;   Apache 2.4.8+: SSLCertificateFile %s\n"
					    "  HAProxy: crt (this file plus the key)   Postfix: smtpd_tls_chain_files = key.pem, %s",
					    p, why, p, p, p);
			}
		} else {
			/* Nothing unproven is written; the operator who asked is told why, in the fix. */
			wiz_note(c, "no fixed chain: %s", why);
			for (size_t i = 0; i < c->r->nfindings; i++) {
				struct finding *cf = &c->r->findings[i];
				size_t o = strlen(cf->fix);
				if (strncmp(cf->id, "chain.", 6) || !strcmp(cf->id, "chain.root_sent"))
					continue;
				snprintf(cf->fix + o, sizeof cf->fix - o, "%s--write-chain: %s", o ? "\n" : "", why);
			}
		}
		st = STATE_WARNED;
	} else if (broken) {
		/* promise only what --write-chain would do: the same check, nothing written */
		char why[300];
		const struct blob *extra = a && a->fetched && a->issues_top ? &a->der : NULL;
		cert_write_fullchain(t, extra, c->t->cafile, NULL, why, sizeof why);
		wiz_note(c, "%s%s%s", a && a->fetched ? a->detail : "the chain needs fixing", "; ", why);
		st = STATE_WARNED;
	} else {
		wiz_note(c, "nothing to fix");
	}
out:
	if (a)
		free(a->der.data);
	free(a);
	c->work = NULL;
	return st;
}

static const struct wstep steps[] = {
	{ .title = "Chain as sent", .why = "Servers must send the leaf and its intermediates, in order; clients do not guess missing links.",
	  .plan = wiz_plan_default, .judge = judge_as_sent },
	{ .title = "Path to a trusted root", .why = "Each certificate must be issued by the next, ending at a root the client trusts.",
	  .plan = wiz_plan_default, .judge = judge_path },
	{ .title = "The fix", .why = "The missing intermediate is fetched from the leaf's AIA URL and a corrected fullchain.pem written (leaf first, no root).",
	  .plan = plan_fix, .judge = judge_fix, .work = work_aia, .drop = drop_aia },
};

const struct wizard wizard_chain = {
	.name = "chain",
	.title = "Certificate chain",
	.summary = "missing or wrong intermediates, order, untrusted roots, interception",
	.area = "chain",
	.steps = WIZ_STEPS(steps),
};
