/* ciphers.c — the ciphers wizard: legacy suites offered alone (RC4, 3DES, NULL), forward
 * secrecy, AEAD coverage, DH group size, no shared suite. Mirrors "Insecure cipher suites".
 * Full per-suite enumeration and client simulation come with the raw scanner (issue 6). */
#include <stdio.h>
#include <string.h>

#include "probe.h"
#include "trace.h"
#include "wizard.h"

#define OLD_VERS "+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0"
#define ALL_KX "+ECDHE-RSA:+ECDHE-ECDSA:+DHE-RSA:+DHE-DSS:+RSA"

static const struct {
	const char *label, *prio;
} probes[] = {
	{ "RC4 only", "NONE:" OLD_VERS ":+ARCFOUR-128:" ALL_KX ":+SHA1:+MD5:+SIGN-ALL:+GROUP-ALL:+COMP-NULL" },
	{ "3DES only", "NONE:" OLD_VERS ":+3DES-CBC:" ALL_KX ":+SHA1:+SIGN-ALL:+GROUP-ALL:+COMP-NULL" },
	{ "NULL only", "NONE:" OLD_VERS ":+NULL:+RSA:+ECDHE-RSA:+ECDHE-ECDSA:+SHA1:+SHA256:+MD5:+SIGN-ALL:+GROUP-ALL:+COMP-NULL" },
	{ "forward secrecy only", "NORMAL:+VERS-TLS1.0:+VERS-TLS1.1:-RSA:+3DES-CBC:+ARCFOUR-128:+DHE-DSS:+SIGN-ALL" },
	{ "AEAD only", "NORMAL:+VERS-TLS1.0:+VERS-TLS1.1:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:+AES-128-CCM:+AES-256-CCM:+RSA:+DHE-DSS:+SIGN-ALL" },
	/* No FFDHE groups, or an RFC 7919 server hides its own DH group (notes 7.10). */
	{ "DHE only", "NONE:" OLD_VERS ":+DHE-RSA:+DHE-DSS:+AES-128-GCM:+AES-256-GCM:+AES-128-CBC:+AES-256-CBC:+3DES-CBC:+CHACHA20-POLY1305:+AEAD:+SHA1:+SHA256:+SHA384:+SIGN-ALL:+GROUP-SECP256R1:+COMP-NULL:%PROFILE_VERY_WEAK" },
};
#define NPROBES (sizeof probes / sizeof probes[0])

static size_t plan_ciphers(struct wctx *c, struct probe_req *reqs, size_t max)
{
	size_t n = wiz_plan_default(c, reqs, max);
	for (size_t i = 0; i < NPROBES && n < max; i++) {
		probe_req_init(&reqs[n], probes[i].label, probes[i].prio);
		reqs[n].o.no_post_recv = true;
		n++;
	}
	return n;
}

static bool works(const struct trace *t)
{
	return t && t->server_hello_seen && (t->outcome == OUTCOME_OK || t->outcome == OUTCOME_TLS_ERROR);
}

/* Worked, and with a suite of the kind that was offered: a broken or hostile server that
 * answers every hello with the same suite proves nothing about RC4 or NULL. */
static bool works_with(const struct trace *t, const char *token)
{
	return works(t) && t->neg.suite_name[0] && strstr(t->neg.suite_name, token) != NULL;
}

static const char *fix_suites =
	"Use the Mozilla \"intermediate\" suite list:\n"
	"  nginx:   ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;\n"
	"  Apache:  SSLCipherSuite (same list)   HAProxy: ssl-default-bind-ciphers (same list)";

static bool suite_is_cbc(const char *name)
{
	return strstr(name, "_CBC_") != NULL;
}

static enum step_state judge_legacy(struct wctx *c)
{
	int di, idx[NPROBES];
	struct trace *def = wiz_default_trace(c, &di), *t[NPROBES];
	enum step_state st = STATE_PASSED;
	struct finding *f;
	char accepted[128] = "";
	size_t o = 0;

	if (!def || trace_is_network_failure(def))
		return STATE_SKIPPED;
	for (size_t i = 0; i < NPROBES; i++)
		t[i] = report_find_trace(c->r, probes[i].label, &idx[i]);
	if (works_with(t[0], "RC4")) {
		f = wiz_add(c, F_CIPHER_RC4, idx[0]);
		finding_evidence(f, "a hello offering only RC4 suites got %s", t[0]->neg.suite_name);
		finding_fix(f, "%s", fix_suites);
		o += (size_t)snprintf(accepted + o, sizeof accepted - o, "RC4 ");
		st = STATE_FAILED;
	}
	if (works_with(t[1], "3DES")) {
		f = wiz_add(c, F_CIPHER_3DES, idx[1]);
		finding_evidence(f, "a hello offering only 3DES suites got %s", t[1]->neg.suite_name);
		finding_fix(f, "%s", fix_suites);
		o += (size_t)snprintf(accepted + o, sizeof accepted - o, "3DES ");
		if (st == STATE_PASSED)
			st = STATE_WARNED;
	}
	if (works_with(t[2], "_NULL_")) {
		f = wiz_add(c, F_CIPHER_NULL, idx[2]);
		finding_evidence(f, "a hello offering only NULL suites got %s", t[2]->neg.suite_name);
		finding_fix(f, "%s", fix_suites);
		o += (size_t)snprintf(accepted + o, sizeof accepted - o, "NULL ");
		st = STATE_FAILED;
	}
	wiz_note(c, "%s%s", accepted[0] ? "accepted: " : "RC4, 3DES and NULL are refused", accepted);
	return st;
}

static enum step_state judge_modern(struct wctx *c)
{
	int di, ip, ia, id;
	struct trace *def = wiz_default_trace(c, &di);
	struct trace *pfs = report_find_trace(c->r, "forward secrecy only", &ip);
	struct trace *aead = report_find_trace(c->r, "AEAD only", &ia);
	struct trace *dhe = report_find_trace(c->r, "DHE only", &id);
	enum step_state st = STATE_PASSED;
	struct finding *f;

	if (!def || trace_is_network_failure(def))
		return STATE_SKIPPED;
	if (def->outcome == OUTCOME_ALERT && !def->server_hello_seen &&
	    (def->alert == 40 || def->alert == 71) && !works(pfs) && !works(aead)) {
		bool any = false;
		for (size_t i = 0; i < NPROBES; i++)
			any |= works(report_find_trace(c->r, probes[i].label, NULL));
		if (!any) {
			f = wiz_add(c, F_CIPHER_NO_SHARED, di);
			finding_title(f, "no cipher suite in common: the server refuses every suite offered");
			finding_evidence(f, "ClientHello with %s: %s", "TLS1.0-1.3 and legacy suites", def->reason);
			finding_fix(f, "The server allows only suites no current client offers (or its certificate\n"
				    "type does not match its suites: an ECDSA key needs ECDHE-ECDSA suites, RSA needs\n"
				    "*-RSA suites). %s", fix_suites);
			wiz_note(c, "no shared suite");
			return STATE_FAILED;
		}
	}
	if (works(def) && pfs && !works(pfs) && !trace_is_network_failure(pfs)) {
		f = wiz_add(c, F_CIPHER_NO_PFS, ip);
		finding_title(f, "the server offers no forward secrecy: only static-RSA key exchange");
		finding_evidence(f, "negotiated %s; a hello with only ECDHE/DHE suites: %s", def->neg.suite_name, pfs->reason);
		finding_fix(f, "Enable ECDHE suites (and TLS1.3). %s", fix_suites);
		st = STATE_WARNED;
	}
	if (works(def) && aead && !works(aead) && !trace_is_network_failure(aead)) {
		bool cbc = suite_is_cbc(def->neg.suite_name);
		f = wiz_add(c, cbc ? F_CIPHER_CBC_ONLY : F_CIPHER_NO_AEAD, ia);
		finding_evidence(f, "negotiated %s; a hello with only AEAD suites (GCM, ChaCha20, CCM): %s",
				 def->neg.suite_name, aead->reason);
		finding_fix(f, "%s", fix_suites);
		st = STATE_WARNED;
	}
	if (dhe && dhe->server_hello_seen && dhe->neg.dh_bits > 0 && dhe->neg.dh_bits < 2048) {
		f = wiz_add(c, F_CIPHER_WEAK_DH, id);
		finding_title(f, "the server's Diffie-Hellman group has only %d bits", dhe->neg.dh_bits);
		finding_evidence(f, "DHE-only hello: ServerKeyExchange with a %d-bit prime", dhe->neg.dh_bits);
		finding_fix(f, "Use a 2048-bit or larger group (RFC 7919 ffdhe2048), or drop DHE for ECDHE:\n"
			    "  nginx: ssl_dhparam /etc/ssl/ffdhe2048.pem;  Apache: SSLOpenSSLConfCmd DHParameters ...");
		st = STATE_WARNED;
	}
	if (st == STATE_PASSED)
		wiz_note(c, "negotiated %s", def->neg.suite_name[0] ? def->neg.suite_name : def->reason);
	else
		wiz_note(c, "weak key exchange or cipher mode");
	return st;
}

static const struct wstep steps[] = {
	{ "Legacy suites", "RC4, 3DES and NULL suites are broken or unencrypted; clients refuse them and scanners flag them.",
	  plan_ciphers, judge_legacy },
	{ "Forward secrecy, AEAD, DH size", "Without ECDHE/DHE a stolen key decrypts old traffic; CBC-only and small DH groups fail modern policies.",
	  NULL, judge_modern },
};

const struct wizard wizard_ciphers = {
	.name = "ciphers",
	.title = "Cipher suites",
	.summary = "RC4/3DES/NULL, forward secrecy, AEAD, DH size, no shared suite",
	.area = "ciphers",
	.steps = WIZ_STEPS(steps),
};
