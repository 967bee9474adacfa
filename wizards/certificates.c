/* certificates.c — the certificates wizard: validity, host name, key and signature
 * strength, purpose, client-certificate demands. Mirrors "Expired or invalid certificate".
 * Judged by our own rules on the parsed chain, not by GnuTLS's lenient defaults. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "alert.h"
#include "cert.h"
#include "trace.h"
#include "wizard.h"

#define DAY 86400

static const char *fix_deploy =
	"Renew or reissue the certificate, install it with its intermediates, reload the server:\n"
	"  certbot renew && systemctl reload nginx   (ACME)\n"
	"  nginx: ssl_certificate /etc/ssl/fullchain.pem; ssl_certificate_key /etc/ssl/key.pem;\n"
	"  Apache: SSLCertificateFile /etc/ssl/fullchain.pem  HAProxy: crt /etc/haproxy/site.pem";

static const struct trace *need_certs(struct wctx *c, int *idx, enum step_state *st)
{
	struct trace *t = wiz_default_trace(c, idx);
	if (!t || !t->ncerts) {
		wiz_note(c, "no certificate was received");
		*st = STATE_SKIPPED;
		return NULL;
	}
	return t;
}

static void fmt_time(time_t t, char *buf, size_t len)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M UTC", &tm);
}

static enum step_state judge_validity(struct wctx *c)
{
	enum step_state st = STATE_PASSED;
	int idx;
	const struct trace *t = need_certs(c, &idx, &st);
	const struct chain *ch;
	time_t now = time(NULL);
	char a[32], b[32];

	if (!t)
		return st;
	ch = wiz_chain(c);
	for (size_t i = 0; i < ch->n; i++) {
		const struct cert_info *ci = &ch->certs[i];
		struct finding *f = NULL;
		fmt_time(ci->not_before, a, sizeof a);
		fmt_time(ci->not_after, b, sizeof b);
		if (ci->not_after < now && i > 0) {
			chain_expired_finding(c, idx, i);
			st = STATE_FAILED;
		} else if (ci->not_after < now) {
			f = wiz_add(c, F_CERT_EXPIRED, idx);
			finding_title(f, "the server certificate \"%s\" expired %ld days ago", ci->cn[0] ? ci->cn : ci->subject,
				      (long)((now - ci->not_after) / DAY));
			finding_evidence(f, "certificate [0] %s: notAfter %s (now is later)", ci->subject, b);
			finding_fix(f, "%s", fix_deploy);
			st = STATE_FAILED;
		} else if (ci->not_before > now) {
			f = wiz_add(c, F_CERT_NOT_YET_VALID, idx);
			finding_title(f, "certificate \"%s\" is not valid until %s", ci->cn[0] ? ci->cn : ci->subject, a);
			finding_evidence(f, "certificate [%zu] %s: notBefore %s (now is earlier)", i, ci->subject, a);
			finding_fix(f, "Either the certificate was issued for the future or a clock is wrong. Check this\n"
				    "box's clock (`timedatectl`) and the issuing system's; reissue with a correct date.");
			st = STATE_FAILED;
		} else if (i == 0 && ci->not_after - now < 30 * DAY) {
			f = wiz_add(c, F_CERT_EXPIRES_SOON, idx);
			finding_title(f, "the server certificate expires in %ld days", (long)((ci->not_after - now) / DAY));
			finding_evidence(f, "certificate [0] %s: notAfter %s", ci->subject, b);
			finding_fix(f, "%s", fix_deploy);
			if (st == STATE_PASSED)
				st = STATE_WARNED;
		}
	}
	if (st == STATE_PASSED && ch->n) {
		fmt_time(ch->certs[0].not_after, b, sizeof b);
		wiz_note(c, "valid until %s (%ld days)", b, (long)((ch->certs[0].not_after - now) / DAY));
	} else if (st != STATE_PASSED) {
		wiz_note(c, "a certificate is outside its validity period");
	}
	return st;
}

static enum step_state judge_hostname(struct wctx *c)
{
	enum step_state st = STATE_PASSED;
	int idx;
	const struct trace *t = need_certs(c, &idx, &st);
	const struct chain *ch;
	const char *name = wiz_verify_name(c);
	char why[160];
	int ok;

	if (!t)
		return st;
	ch = wiz_chain(c);
	if (!ch->n)
		return STATE_SKIPPED;
	/* Our own matcher: GnuTLS falls back to the CN. */
	ok = cert_match_host(t->certs[0].data, t->certs[0].len, name, why, sizeof why);
	if (!strstr(ch->certs[0].sans, "DNS:") && !strstr(ch->certs[0].sans, "IP:")) {
		struct finding *f = wiz_add(c, F_CERT_NO_SAN, idx);
		finding_title(f, "the certificate names the host only in its CN; modern clients require a subjectAltName");
		finding_evidence(f, "certificate [0] subject %s, no subjectAltName extension", ch->certs[0].subject);
		finding_fix(f, "Reissue with a SAN: openssl req ... -addext \"subjectAltName=DNS:%s\"\n"
			    "(Chrome since 58, Go since 1.15, and others ignore the CN.)", name);
		st = STATE_FAILED;
	}
	if (!ok) {
		bool wild = strstr(ch->certs[0].sans, "DNS:*.") != NULL;
		struct finding *f = wiz_add(c, wild ? F_CERT_WILDCARD_MISMATCH : F_CERT_HOSTNAME_MISMATCH, idx);
		finding_title(f, "the certificate is for %s, not for %s",
			      ch->certs[0].sans[0] ? ch->certs[0].sans : ch->certs[0].subject, name);
		finding_evidence(f, "certificate [0] subjectAltName: %s; subject: %s (%s)",
				 ch->certs[0].sans[0] ? ch->certs[0].sans : "(none)", ch->certs[0].subject, why);
		finding_fix(f, "%s%s", wild ? "A wildcard covers exactly one label: *.example.com matches www.example.com,\n"
				       "not example.com and not a.b.example.com. " : "",
			    "Reissue the certificate with this name in its subjectAltName,\n"
			    "or make the client use a name the certificate covers. If another vhost answers,\n"
			    "check SNI: `tlswiz wizard sni HOST`.");
		st = STATE_FAILED;
	}
	if (st == STATE_PASSED)
		wiz_note(c, "%s is covered (%s)", name, ch->certs[0].sans);
	else
		wiz_note(c, "%s is not properly covered", name);
	return st;
}

static enum step_state judge_strength(struct wctx *c)
{
	enum step_state st = STATE_PASSED;
	int idx;
	const struct trace *t = need_certs(c, &idx, &st);
	const struct chain *ch;

	if (!t)
		return st;
	ch = wiz_chain(c);
	for (size_t i = 0; i < ch->n; i++) {
		const struct cert_info *ci = &ch->certs[i];
		bool rsa = strncmp(ci->key, "RSA", 3) == 0;
		bool ec = strncmp(ci->key, "ECDSA", 5) == 0;
		if ((rsa && ci->key_bits < 2048) || (ec && ci->key_bits < 256)) {
			struct finding *f = wiz_add(c, F_CERT_WEAK_KEY, idx);
			finding_title(f, "certificate [%zu] has a weak %s key", i, ci->key);
			finding_evidence(f, "certificate [%zu] %s: public key %s", i, ci->subject, ci->key);
			finding_fix(f, "Issue a new key of at least RSA 2048 or ECDSA P-256:\n"
				    "  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes ...\n"
				    "Clients at OpenSSL security level 2 (Debian, RHEL 9) refuse RSA < 2048.");
			st = STATE_FAILED;
		}
		if (ci->sig_weak && !ci->self_signed) {
			struct finding *f = wiz_add(c, F_CERT_WEAK_SIGNATURE, idx);
			finding_title(f, "certificate [%zu] is signed with %s", i, ci->sig);
			finding_evidence(f, "certificate [%zu] %s: signature algorithm %s", i, ci->subject, ci->sig);
			finding_fix(f, "Reissue the certificate with a SHA-256 (or better) signature; SHA-1 and MD5\n"
				    "signatures are rejected by browsers, Java and OpenSSL 3 at level 1+.");
			st = STATE_FAILED;
		}
	}
	if (cert_leaf_bad_eku(t)) {
		struct finding *f = wiz_add(c, F_CERT_BAD_EKU, idx);
		finding_title(f, "the certificate is not allowed for TLS servers (extendedKeyUsage lacks serverAuth)");
		finding_evidence(f, "certificate [0] %s: EKU without id-kp-serverAuth (1.3.6.1.5.5.7.3.1)",
				 ch->n ? ch->certs[0].subject : "?");
		finding_fix(f, "Reissue with extendedKeyUsage = serverAuth (a client certificate was installed\n"
			    "as a server certificate?): openssl ... -addext \"extendedKeyUsage=serverAuth\"");
		st = STATE_FAILED;
	}
	if (st == STATE_PASSED && ch->n)
		wiz_note(c, "%s key, %s signature", ch->certs[0].key, ch->certs[0].sig);
	return st;
}

static enum step_state judge_trust(struct wctx *c)
{
	enum step_state st = STATE_PASSED;
	int idx;
	const struct trace *t = need_certs(c, &idx, &st);
	const struct chain *ch;
	unsigned known = GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED |
			 GNUTLS_CERT_UNEXPECTED_OWNER | GNUTLS_CERT_INSECURE_ALGORITHM |
			 GNUTLS_CERT_PURPOSE_MISMATCH | GNUTLS_CERT_SIGNER_NOT_FOUND;

	if (!t)
		return st;
	ch = wiz_chain(c);
	if (!ch->verified)
		return STATE_SKIPPED;
	if (ch->status == 0) {
		wiz_note(c, "the chain verifies against %s", ch->trust);
		return STATE_PASSED;
	}
	if (ch->status & GNUTLS_CERT_SIGNER_NOT_FOUND)
		chain_shape_findings(c, t, idx);
	/* Each reason is proven by the step that names it (later in this wizard): the
	 * verdict here rests on those findings. */
	if (ch->status & GNUTLS_CERT_EXPIRED) {
		wiz_confirm(c, F_CERT_EXPIRED);
		wiz_confirm(c, F_CHAIN_EXPIRED_INTERMEDIATE);
	}
	if (ch->status & GNUTLS_CERT_NOT_ACTIVATED)
		wiz_confirm(c, F_CERT_NOT_YET_VALID);
	if (ch->status & GNUTLS_CERT_UNEXPECTED_OWNER) {
		wiz_confirm(c, F_CERT_HOSTNAME_MISMATCH);
		wiz_confirm(c, F_CERT_WILDCARD_MISMATCH);
		wiz_confirm(c, F_CERT_NO_SAN);
	}
	if (ch->status & GNUTLS_CERT_INSECURE_ALGORITHM) {
		wiz_confirm(c, F_CERT_WEAK_SIGNATURE);
		wiz_confirm(c, F_CERT_WEAK_KEY);
	}
	if (ch->status & GNUTLS_CERT_PURPOSE_MISMATCH)
		wiz_confirm(c, F_CERT_BAD_EKU);
	if (ch->status & GNUTLS_CERT_REVOKED) {
		struct finding *f = wiz_add(c, F_CERT_REVOKED, idx);
		finding_title(f, "a certificate in the chain is revoked");
		finding_evidence(f, "verification against %s: %s", ch->trust, ch->status_text);
		finding_fix(f, "The issuer revoked it: deploy a newly issued certificate and key.");
	}
	if (ch->status & ~known) {
		struct finding *f = wiz_add(c, F_CERT_VERIFY_FAILED, idx);
		finding_title(f, "the certificate chain does not verify: %s", ch->status_text);
		finding_evidence(f, "verification against %s: status 0x%x (%s)", ch->trust, ch->status, ch->status_text);
		finding_fix(f, "Run `tlswiz wizard chain HOST` for the chain as sent vs as built.");
	}
	wiz_note(c, "does not verify against %s: %s", ch->trust, ch->status_text);
	return STATE_FAILED;
}

static enum step_state judge_client_cert(struct wctx *c)
{
	int idx;
	struct trace *t = wiz_default_trace(c, &idx);
	struct finding *f;

	if (!t || (!t->cert_requested && t->alert != ALERT_CERTIFICATE_REQUIRED))
		return t ? (wiz_note(c, "no client certificate requested"), STATE_PASSED) : STATE_SKIPPED;
	if (t->outcome == OUTCOME_OK) {
		wiz_note(c, "a client certificate is requested but optional");
		return STATE_PASSED;
	}
	if (t->alert == ALERT_CERTIFICATE_REQUIRED || t->alert == ALERT_HANDSHAKE_FAILURE || t->alert == ALERT_BAD_CERTIFICATE ||
	    t->alert == ALERT_CERTIFICATE_UNKNOWN || t->alert == ALERT_UNKNOWN_CA ||
	    t->outcome == OUTCOME_ALERT || t->outcome == OUTCOME_EOF) {
		f = wiz_add(c, F_CERT_CLIENT_CERT_REQUIRED, idx);
		finding_title(f, "the server requires a client certificate (mutual TLS)");
		finding_evidence(f, "CertificateRequest received; without a client certificate the server answered: %s",
				 t->reason);
		finding_fix(f, "Clients must present a certificate issued by a CA the server accepts:\n"
			    "  curl --cert client.pem --key client.key https://HOST/\n"
			    "  tlswiz diagnose --cert client.pem --key client.key HOST\n"
			    "Server side: nginx ssl_verify_client optional|on; ssl_client_certificate ca.pem;");
		wiz_note(c, "client certificate required");
		return STATE_WARNED;
	}
	return STATE_PASSED;
}

static void *work_revocation(struct wctx *c)
{
	const struct trace *t = c->def;
	struct revocation *rv;

	if (!t || !t->ncerts)
		return NULL;
	rv = calloc(1, sizeof *rv);
	cert_revocation(t, c->t->cafile, c->t->timeout_ms > 0 ? c->t->timeout_ms : 5000, c->t->no_fetch, rv);
	return rv;
}

static enum step_state judge_revocation(struct wctx *c)
{
	struct revocation *rv = c->work;
	int idx;
	struct trace *t = wiz_default_trace(c, &idx);
	enum step_state st = STATE_PASSED;
	struct finding *f;

	if (!rv || !t) {
		free(rv);
		return STATE_SKIPPED;
	}
	if (rv->revoked) {
		f = wiz_add(c, F_CERT_REVOKED, idx);
		finding_title(f, "the server certificate has been revoked");
		finding_evidence(f, "%s", rv->detail);
		finding_fix(f, "The CA revoked this certificate (key compromise, mis-issuance, or replaced).\n"
			    "Issue a new certificate with a new key and deploy it; browsers and OCSP-checking\n"
			    "clients refuse the revoked one.\n%s", fix_deploy);
		st = STATE_FAILED;
	}
	if (rv->must_staple && !rv->staple_ok) {
		f = wiz_add(c, F_CERT_MUST_STAPLE_MISSING, idx);
		finding_title(f, t->staple ? "the certificate demands OCSP stapling (Must-Staple) and the staple sent does not verify"
				 : "the certificate demands OCSP stapling (Must-Staple) but the server sends no staple");
		if (t->staple)
			finding_evidence(f, "certificate [0] has the TLS feature status_request (RFC 7633); the staple: %s", rv->staple_why);
		else
			finding_evidence(f, "certificate [0] has the TLS feature status_request (RFC 7633); the handshake carried no CertificateStatus");
		finding_fix(f, "Enable stapling: nginx `ssl_stapling on; ssl_stapling_verify on;` (and a resolver),\n"
			    "Apache `SSLUseStapling on` + `SSLStaplingCache shmcb:...`, HAProxy `ocsp-update on`.\n"
			    "Firefox refuses Must-Staple certificates without a staple.");
		st = STATE_FAILED;
	}
	wiz_note(c, "%s%s%s%s", rv->detail, t->staple ? " (stapled)" : "", rv->fetch_log[0] ? "; asked: " : "", rv->fetch_log);
	cert_fetch_steps(t, rv->fetch_log);	/* and on the ladder */
	/* an answer that was not verified is no evidence either way: never a PASS. With
	 * nothing to ask the step does not apply; with something to ask and no verified
	 * answer (unreachable, forged, --no-fetch) it could not check: the report is then
	 * incomplete, not OK. */
	if (st == STATE_PASSED && !rv->checked)
		st = rv->nothing_to_ask ? STATE_SKIPPED : STATE_UNCHECKED;
	free(rv);
	c->work = NULL;
	return st;
}

static size_t plan_clock(struct wctx *c, struct probe_req *reqs, size_t max)
{
	struct trace *t = wiz_default_trace(c, NULL);
	/* HEAD where HTTPS is the likely service, or where the server says so by choosing
	 * ALPN http/1.1; elsewhere a HEAD would just wait for a reply that never comes. */
	bool https = c->t->port == 443 || c->t->port == 8443 || c->t->port == 4443;
	if (!t || t->outcome != OUTCOME_OK || max == 0 || c->t->starttls[0])
		return 0;
	probe_req_init(&reqs[0], TK_HTTP_DATE, NULL);
	probe_req_alpn(&reqs[0], "http/1.1");
	reqs[0].o.http_head = true;
	reqs[0].o.http_head_if_alpn = !https;
	reqs[0].o.no_post_recv = true;
	return 1;
}

static enum step_state judge_clock(struct wctx *c)
{
	int hi;
	struct trace *h = report_find_trace(c->r, TK_HTTP_DATE, &hi);
	time_t now = time(NULL);
	long skew;
	struct finding *f;
	char a[32], b[32];

	if (!h || !h->http_date_set) {
		wiz_note(c, "no HTTP Date header to compare clocks with");
		return STATE_SKIPPED;
	}
	skew = (long)(now - h->http_date);
	if (labs(skew) <= 300) {
		wiz_note(c, "server and local clocks agree (%+ld s)", skew);
		return STATE_PASSED;
	}
	fmt_time(h->http_date, a, sizeof a);
	fmt_time(now, b, sizeof b);
	f = wiz_add(c, F_CERT_CLOCK_SKEW, hi);
	if (labs(skew) >= 2 * 86400)
		finding_title(f, "the server's clock and this box's differ by %ld days", labs(skew) / 86400);
	else if (labs(skew) >= 2 * 3600)
		finding_title(f, "the server's clock and this box's differ by %ld hours", labs(skew) / 3600);
	else
		finding_title(f, "the server's clock and this box's differ by %ld minutes", labs(skew) / 60);
	finding_evidence(f, "server Date: %s; this box: %s (%+ld s)", a, b, skew);
	finding_fix(f, "A wrong clock makes valid certificates look expired or not yet valid. Check both:\n"
		    "  timedatectl; chronyc tracking   (enable NTP: timedatectl set-ntp true)");
	wiz_note(c, "clocks differ by %ld s", skew);
	return STATE_WARNED;
}

static const struct wstep steps[] = {
	{ .title = "Trust", .why = "Clients accept a certificate only when it chains to a root they trust and matches the name.",
	  .plan = wiz_plan_default, .judge = judge_trust },
	{ .title = "Validity dates", .why = "An expired or not-yet-valid certificate fails every client; a wrong clock looks the same.",
	  .plan = wiz_plan_default, .judge = judge_validity },
	/* right after the dates it explains, and before Revocation: its handshake then runs
	 * while the OCSP and CRL fetches wait, not after them */
	{ .title = "Clocks", .why = "Certificates are judged against the client's clock; a wrong clock on either side looks like an expired certificate.",
	  .plan = plan_clock, .judge = judge_clock },
	{ .title = "Host name", .why = "The name the client asked for must be in the certificate's subjectAltName.",
	  .plan = wiz_plan_default, .judge = judge_hostname },
	{ .title = "Key, signature and purpose", .why = "Small keys, SHA-1 signatures and a missing serverAuth EKU are refused by current clients.",
	  .plan = wiz_plan_default, .judge = judge_strength },
	{ .title = "Client certificate", .why = "A server that demands a client certificate fails every client that has none.",
	  .plan = wiz_plan_default, .judge = judge_client_cert },
	{ .title = "Revocation", .why = "A revoked certificate is refused by clients that check OCSP or CRLs; a Must-Staple certificate needs its staple.",
	  .plan = wiz_plan_default, .judge = judge_revocation, .work = work_revocation,
	  .drop = free },
};

const struct wizard wizard_certificates = {
	.name = "certificates",
	.title = "Certificates",
	.summary = "expiry, host name, key and signature strength, purpose, client certificates",
	.area = "certificates",
	.steps = WIZ_STEPS(steps),
};
