/* sni.c — the SNI wizard: the same server asked with the requested name, with no name and
 * with a name it surely lacks; compare certificates and alerts. Mirrors "Server
 * misconfiguration". Also ALPN. */
#include <stdio.h>
#include <string.h>

#include "cert.h"
#include "probe.h"
#include "trace.h"
#include "wizard.h"

#define BOGUS_NAME "tlswiz-no-such-name.invalid"

/* Each of these needs the server's choice and its certificate, not the key exchange:
 * the probes stop at the message after the Certificate and offer static RSA first, so a
 * TLS1.2 server that follows the client's order answers without a private-key operation. */
static void sni_probe(struct probe_req *r, const char *label)
{
	probe_req_init(r, label, PROBE_PRIORITY_RSA_FIRST);
	r->o.no_post_recv = true;
	r->o.stop_after_certificate = true;
}

static size_t plan_sni(struct wctx *c, struct probe_req *reqs, size_t max)
{
	size_t n = wiz_plan_default(c, reqs, max);
	if (n + 3 > max)
		return n;
	sni_probe(&reqs[n], "no SNI");
	probe_req_sni(&reqs[n++], SNI_NONE, NULL);
	sni_probe(&reqs[n], "other SNI");
	probe_req_sni(&reqs[n++], SNI_NAME, BOGUS_NAME);
	sni_probe(&reqs[n], "ALPN h2,http/1.1");
	probe_req_alpn(&reqs[n++], "h2,http/1.1");
	/* --sni a,b,c: one handshake per further name. */
	if (c->t->sni_mode == SNI_NAME && strchr(c->t->sni, ',')) {
		char names[TW_HOST_MAX];
		snprintf(names, sizeof names, "%s", strchr(c->t->sni, ',') + 1);
		for (char *save = NULL, *p = strtok_r(names, ",", &save); p && n < max;
		     p = strtok_r(NULL, ",", &save)) {
			char label[64];
			snprintf(label, sizeof label, "SNI=%.58s", p);
			sni_probe(&reqs[n], label);
			probe_req_sni(&reqs[n++], SNI_NAME, p);
		}
	}
	return n;
}

static bool leaf_covers(const struct trace *t, const char *name)
{
	struct cert_info ci;
	char want[TW_HOST_MAX + 8];
	if (!t || !t->ncerts || cert_parse(t->certs[0].data, t->certs[0].len, &ci) < 0)
		return false;
	(void)want;
	/* RFC 6125 as clients apply it, IP subjectAltNames included (cert.c) */
	if (cert_match_host(t->certs[0].data, t->certs[0].len, name, NULL, 0) == 1)
		return true;
	return !ci.sans[0] && strcmp(ci.cn, name) == 0;
}

static void leaf_names(const struct trace *t, char *buf, size_t len)
{
	struct cert_info ci;
	if (!t || !t->ncerts || cert_parse(t->certs[0].data, t->certs[0].len, &ci) < 0) {
		snprintf(buf, len, "(no certificate)");
		return;
	}
	snprintf(buf, len, "%s", ci.sans[0] ? ci.sans : ci.subject);
}

static bool same_leaf(const struct trace *a, const struct trace *b)
{
	return a && b && a->ncerts && b->ncerts && a->certs[0].len == b->certs[0].len &&
	       memcmp(a->certs[0].data, b->certs[0].data, a->certs[0].len) == 0;
}

static enum step_state judge_sni(struct wctx *c)
{
	int di, ni, oi;
	struct trace *def = wiz_default_trace(c, &di);
	struct trace *nos = report_find_trace(c->r, "no SNI", &ni);
	struct trace *oth = report_find_trace(c->r, "other SNI", &oi);
	const char *name = wiz_verify_name(c);
	char names[200];
	struct finding *f;
	enum step_state st = STATE_PASSED;

	if (!def || trace_is_network_failure(def))
		return STATE_SKIPPED;
	if (!def->sni[0]) {
		wiz_note(c, "the target is an IP address or --no-sni: no SNI is sent, the server's default applies");
		return STATE_PASSED;
	}
	if (def->outcome == OUTCOME_OK && nos && nos->outcome != OUTCOME_OK && !trace_is_network_failure(nos)) {
		f = wiz_add(c, F_SNI_REQUIRED, ni);
		finding_title(f, "clients that send no SNI are refused");
		finding_evidence(f, "with SNI=%s: handshake ok; without SNI: %s", def->sni, nos->reason);
		finding_fix(f, "Clients without SNI (Java 6, Android 2.x, Windows XP, scripts and health checks\n"
			    "connecting by IP) fail. Give the server a default certificate/vhost:\n"
			    "  nginx: listen 443 ssl default_server; in one server block\n"
			    "  Apache: the first <VirtualHost *:443> is the default\n"
			    "  HAProxy: the first crt on the bind line is the default");
		st = STATE_WARNED;
	} else if (def->outcome == OUTCOME_OK && nos && nos->outcome == OUTCOME_OK &&
		   leaf_covers(def, name) && !leaf_covers(nos, name)) {
		leaf_names(nos, names, sizeof names);
		f = wiz_add(c, F_SNI_DEFAULT_CERT, ni);
		finding_title(f, "clients without SNI get a certificate for another name");
		finding_evidence(f, "without SNI the certificate covers %s, not %s", names, name);
		finding_fix(f, "Clients that send no SNI (old Java/Android, Windows XP, monitoring by IP) see a\n"
			    "name mismatch. Make the vhost for %s the default:\n"
			    "  nginx: listen 443 ssl default_server;   Apache: put its <VirtualHost> first\n"
			    "  HAProxy: list its crt first on the bind line", name);
		st = STATE_WARNED;
	}
	if (def->outcome == OUTCOME_OK && !leaf_covers(def, name) && oth && oth->outcome == OUTCOME_OK &&
	    same_leaf(def, oth)) {
		leaf_names(def, names, sizeof names);
		f = wiz_add(c, F_SNI_UNKNOWN_NAME, di);
		finding_title(f, "the server has no virtual host for %s; it returns its default certificate", name);
		finding_evidence(f, "SNI=%s and SNI=%s get the same certificate, which covers %s", name, BOGUS_NAME, names);
		finding_fix(f, "Add a server block / vhost for %s with its own certificate (server_name %s;),\n"
			    "or add %s to the existing certificate's subjectAltName.", name, name, name);
		st = STATE_FAILED;
	}
	if (st == STATE_PASSED)
		wiz_note(c, "with and without SNI the server behaves consistently");
	else
		wiz_note(c, "the answer depends on SNI");
	return st;
}

static enum step_state judge_alpn(struct wctx *c)
{
	int ai;
	struct trace *a = report_find_trace(c->r, "ALPN h2,http/1.1", &ai);
	struct finding *f;

	if (!a || trace_is_network_failure(a))
		return STATE_SKIPPED;
	if (a->outcome == OUTCOME_ALERT && a->alert == 120) {
		f = wiz_add(c, F_SNI_ALPN_MISMATCH, ai);
		finding_title(f, "the server refuses the ALPN protocols offered (h2, http/1.1)");
		finding_evidence(f, "ClientHello with ALPN h2,http/1.1: %s", a->reason);
		finding_fix(f, "Configure the server's ALPN list to include what clients offer (nginx: http2 on;\n"
			    "HAProxy: alpn h2,http/1.1 on the bind line).");
		wiz_note(c, "ALPN refused");
		return STATE_FAILED;
	}
	if (a->outcome == OUTCOME_OK)
		wiz_note(c, "ALPN: %s", a->neg.alpn[0] ? a->neg.alpn : "not negotiated");
	else
		wiz_note(c, "with ALPN: %s", a->reason);
	return STATE_PASSED;
}

/* One line per name: what each gets. */
static enum step_state judge_names(struct wctx *c)
{
	enum step_state st = STATE_PASSED;
	size_t o = 0;
	int shown = 0;

	for (size_t i = 0; i < c->r->ntraces; i++) {
		const struct trace *t = c->r->traces[i];
		const char *name;
		char names[200];
		if (strncmp(t->label, "SNI=", 4) != 0 && !(shown == 0 && !strcmp(t->label, "default")))
			continue;
		/* without SNI a client still checks the name it dialled (an IP address) */
		name = t->sni[0] ? t->sni : c->t->host;
		leaf_names(t, names, sizeof names);
		if (t->outcome == OUTCOME_OK && !leaf_covers(t, name)) {
			struct finding *f = wiz_add(c, F_SNI_UNKNOWN_NAME, (int)i);
			finding_title(f, "the server has no certificate for %s; it returns one for %s", name, names);
			finding_evidence(f, "SNI=%s: certificate covers %s", name, names);
			finding_fix(f, "Add a vhost/server block for %s with its certificate, or add the name to\n"
				    "the certificate's subjectAltName.", name);
			st = STATE_FAILED;
		}
		o += (size_t)snprintf(c->note + o, o < sizeof c->note ? sizeof c->note - o : 0, "%s%s: %s",
				      shown++ ? "; " : "", name,
				      t->outcome == OUTCOME_OK ? (leaf_covers(t, name) ? "ok" : "wrong cert") : t->reason);
	}
	if (shown <= 1) {
		wiz_note(c, "one name (give --sni a,b,c to compare several)");
		return STATE_SKIPPED;
	}
	return st;
}

static const struct wstep steps[] = {
	{ .title = "With, without and with another SNI", .why = "Servers pick the certificate by the SNI name; clients without SNI or with an unknown name get the default.",
	  .plan = plan_sni, .judge = judge_sni },
	{ .title = "Per-name differences", .why = "Each name on a shared address must get its own certificate and settings.",
	  .judge = judge_names },
	{ .title = "ALPN", .why = "HTTP/2 and other protocols are chosen by ALPN; a server that refuses the offer breaks those clients.",
	  .judge = judge_alpn },
};

const struct wizard wizard_sni = {
	.name = "sni",
	.title = "SNI and server configuration",
	.summary = "name-based virtual hosts, default certificates, SNI required, ALPN",
	.area = "sni",
	.steps = WIZ_STEPS(steps),
};
