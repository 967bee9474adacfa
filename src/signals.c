/* signals.c — the signal families of signals.h, one small table each.
 *
 * Codes come from the programs' own registries: TLS alerts (RFC 8446 6.2 and the IANA
 * registry, spelt as OpenSSL, GnuTLS, Java, Go, NSS, Apple and Python spell them), OpenSSL
 * X509_V_ERR_* and SSL_R_* numbers and texts (openssl/x509_vfy.h, sslerr.h), Linux errno,
 * curl's CURLE_* exit codes (every version: 51 became 60 in 7.62), GnuTLS GNUTLS_E_*
 * with gnutls_strerror() texts and its verification status texts (wget and gnutls-cli print
 * them), and the words Go, Java, .NET, Python, Schannel, NSS, Chrome, Apple and server logs
 * use. Every match is on normalised text (lowercase, single spaces). A signal never decides
 * alone how sure the answer is: explain.c adds the weights of all of them. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "signals.h"

/* ---- helpers ---- */

/* A bigram filter over the text being scanned: a needle with a pair of characters the text
 * lacks cannot occur in it, and most needles are ruled out without a strstr(). */
static _Thread_local const char *bg_text;
static _Thread_local uint64_t bg_bits[1024];

static void bg_build(const char *s)
{
	memset(bg_bits, 0, sizeof bg_bits);
	for (const unsigned char *p = (const unsigned char *)s; p[0] && p[1]; p++) {
		unsigned k = (unsigned)p[0] << 8 | p[1];
		bg_bits[k >> 6] |= 1ULL << (k & 63);
	}
	bg_text = s;
}

static const char *sstr(const char *h, const char *n)
{
	if (h == bg_text)
		for (const unsigned char *p = (const unsigned char *)n; p[0] && p[1]; p++) {
			unsigned k = (unsigned)p[0] << 8 | p[1];
			if (!(bg_bits[k >> 6] & (1ULL << (k & 63))))
				return NULL;
		}
	return strstr(h, n);
}

/* All '|'-separated needles occur in s. */
static bool has_all(const char *s, const char *needles)
{
	char one[128];
	for (const char *p = needles; *p;) {
		size_t n = strcspn(p, "|");
		if (n >= sizeof one)
			return false;
		memcpy(one, p, n);
		one[n] = '\0';
		if (!sstr(s, one))
			return false;
		p += n;
		if (*p == '|')
			p++;
	}
	return true;
}

/* A decimal number right after s+off, skipping spaces and the characters in skip. */
static int number_after(const char *p, const char *skip)
{
	while (*p && (*p == ' ' || strchr(skip, *p)))
		p++;
	if (*p == '-' && isdigit((unsigned char)p[1]))
		return -1;
	if (!isdigit((unsigned char)*p))
		return -1;
	long v = strtol(p, NULL, 10);
	return v >= 0 && v < 100000 ? (int)v : -1;
}

/* s contains word w not glued to letters/digits/underscores on either side. */
static const char *find_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = sstr(s, w); p; p = strstr(p + 1, w)) {
		bool l = p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool r = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (l && r)
			return p;
	}
	return NULL;
}

struct rule {
	const char *needles;	/* '|'-separated, all required */
	const char *what;	/* the code as shown */
	const char *id;
	int w;
	const char *id2;
	int w2;
	const char *id3;
	int w3;
};

static void put(struct signal *s, const char *family, const char *what, const char *id, int w, const char *id2,
		int w2, const char *id3, int w3)
{
	memset(s, 0, sizeof *s);
	s->family = family;
	snprintf(s->what, sizeof s->what, "%s", what);
	s->cand[0] = (struct signal_cand){ id, w };
	s->ncand = 1;
	if (id2)
		s->cand[s->ncand++] = (struct signal_cand){ id2, w2 };
	if (id3)
		s->cand[s->ncand++] = (struct signal_cand){ id3, w3 };
}

struct sink {
	struct signal *out;
	size_t n, max;
};

static void emit(struct sink *k, const char *family, const char *what, const char *id, int w, const char *id2, int w2,
		 const char *id3, int w3)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->out[i].family, family) && !strcmp(k->out[i].what, what))
			return;
	if (k->n < k->max)
		put(&k->out[k->n++], family, what, id, w, id2, w2, id3, w3);
}

static void emit_rule(struct sink *k, const char *family, const struct rule *r)
{
	emit(k, family, r->what, r->id, r->w, r->id2, r->w2, r->id3, r->w3);
}

/* ---- TLS alerts ---- */

/* What an alert most likely means for the operator: up to three causes. */
static const struct {
	int code;
	const char *id;
	int w;
	const char *id2;
	int w2;
	const char *id3;
	int w3;
} alert_causes[] = {
	{ 0, "net.closed", 30, NULL, 0, NULL, 0 },
	{ 10, "tls.error", 35, "net.not_tls", 20, NULL, 0 },
	{ 20, "tls.error", 35, "net.interception", 15, NULL, 0 },
	{ 21, "tls.error", 35, NULL, 0, NULL, 0 },
	{ 22, "tls.error", 35, "net.not_tls", 20, NULL, 0 },
	{ 30, "tls.error", 35, NULL, 0, NULL, 0 },
	/* handshake_failure: the generic refusal — no shared suite, version or SNI */
	{ 40, "cipher.no_shared", 30, "version.mismatch", 25, "sni.required", 15 },
	{ 41, "cert.client_cert_required", 75, NULL, 0, NULL, 0 },
	{ 42, "cert.verify_failed", 45, "cert.client_cert_required", 30, NULL, 0 },
	{ 43, "cert.bad_eku", 40, "cert.weak_key", 25, NULL, 0 },
	{ 44, "cert.revoked", 80, NULL, 0, NULL, 0 },
	{ 45, "cert.expired", 75, NULL, 0, NULL, 0 },
	{ 46, "cert.verify_failed", 40, "chain.incomplete", 30, NULL, 0 },
	{ 47, "tls.error", 35, NULL, 0, NULL, 0 },
	{ 48, "chain.incomplete", 60, "chain.untrusted_root", 30, NULL, 0 },
	{ 49, "tls.alert", 40, NULL, 0, NULL, 0 },
	{ 50, "tls.error", 35, NULL, 0, NULL, 0 },
	{ 51, "tls.error", 35, NULL, 0, NULL, 0 },
	{ 60, "cipher.no_shared", 40, NULL, 0, NULL, 0 },
	{ 70, "version.mismatch", 70, "version.legacy_only", 30, NULL, 0 },
	{ 71, "cipher.no_shared", 50, "version.mismatch", 20, NULL, 0 },
	{ 80, "tls.error", 30, NULL, 0, NULL, 0 },
	{ 86, "version.intolerance", 80, NULL, 0, NULL, 0 },
	{ 90, "tls.alert", 25, NULL, 0, NULL, 0 },
	{ 100, "tls.error", 35, NULL, 0, NULL, 0 },
	{ 109, "tls.error", 35, NULL, 0, NULL, 0 },
	{ 110, "tls.error", 35, NULL, 0, NULL, 0 },
	{ 111, "cert.verify_failed", 35, NULL, 0, NULL, 0 },
	{ 112, "sni.required", 70, "sni.unknown_name", 35, NULL, 0 },
	{ 113, "cert.must_staple_missing", 50, NULL, 0, NULL, 0 },
	{ 115, "tls.error", 35, NULL, 0, NULL, 0 },
	{ 116, "cert.client_cert_required", 85, NULL, 0, NULL, 0 },
	{ 120, "sni.alpn_mismatch", 85, NULL, 0, NULL, 0 },
};

/* Go's crypto/tls alert texts ("remote error: tls: bad certificate"). */
static const struct {
	int code;
	const char *text;
} go_alerts[] = {
	{ 10, "unexpected message" }, { 20, "bad record mac" }, { 22, "record overflow" }, { 40, "handshake failure" },
	{ 42, "bad certificate" }, { 43, "unsupported certificate" }, { 44, "revoked certificate" },
	{ 45, "expired certificate" }, { 46, "unknown certificate authority" }, { 46, "unknown certificate" },
	{ 47, "illegal parameter" }, { 49, "access denied" }, { 50, "error decoding message" },
	{ 51, "error decrypting message" }, { 70, "protocol version not supported" },
	{ 71, "insufficient security level" }, { 80, "internal error" }, { 86, "inappropriate fallback" },
	{ 90, "user canceled" }, { 109, "missing extension" }, { 110, "unsupported extension" },
	{ 112, "unrecognized name" }, { 116, "certificate required" }, { 120, "no application protocol" },
};

/* gnutls_alert_get_name() texts, lowercase */
static const struct {
	int code;
	const char *text;
} gnutls_alerts[] = {
	{ 10, "unexpected message" }, { 20, "bad record mac" }, { 22, "record overflow" }, { 40, "handshake failed" },
	{ 42, "certificate is bad" }, { 43, "certificate is not supported" }, { 44, "certificate was revoked" },
	{ 45, "certificate is expired" }, { 46, "unknown certificate" }, { 47, "illegal parameter" },
	{ 48, "ca is unknown" }, { 49, "access was denied" }, { 50, "decode error" }, { 51, "decrypt error" },
	{ 70, "error in protocol version" }, { 71, "insufficient security" }, { 80, "internal error" },
	{ 86, "inappropriate fallback" }, { 109, "an extension was expected but was not seen" },
	{ 110, "an unsupported extension was sent" }, { 112, "the server name sent was not recognized" },
	{ 116, "certificate is required" }, { 120, "no supported application protocol could be negotiated" },
};

/* NSS (SSL_ERROR_<x>_ALERT) and Apple (errSSLPeer<x>) spellings that are not RFC names. */
static const struct {
	const char *name;
	int code;
} alert_aliases[] = {
	{ "ssl_error_handshake_unexpected_alert", 10 }, { "ssl_error_bad_mac_alert", 20 },
	{ "ssl_error_bad_cert_alert", 42 }, { "ssl_error_unsupported_cert_alert", 43 },
	{ "ssl_error_revoked_cert_alert", 44 }, { "ssl_error_expired_cert_alert", 45 },
	{ "ssl_error_certificate_unknown_alert", 46 }, { "ssl_error_unknown_ca_alert", 48 },
	{ "ssl_error_protocol_version_alert", 70 }, { "ssl_error_rx_certificate_required_alert", 116 },
	{ "ssl_error_no_application_protocol", 120 }, { "ssl_error_next_protocol_no_protocol", 120 },
	{ "errsslpeerunexpectedmsg", 10 }, { "errsslpeerbadrecordmac", 20 }, { "errsslpeerhandshakefail", 40 },
	{ "errsslpeerbadcert", 42 }, { "errsslpeerunsupportedcert", 43 }, { "errsslpeercertrevoked", 44 },
	{ "errsslpeercertexpired", 45 }, { "errsslpeercertunknown", 46 }, { "errsslpeerillegalparam", 47 },
	{ "errsslpeerunknownca", 48 }, { "errsslpeeraccessdenied", 49 }, { "errsslpeerdecodeerror", 50 },
	{ "errsslpeerdecrypterror", 51 }, { "errsslpeerprotocolversion", 70 },
	{ "errsslpeerinsufficientsecurity", 71 }, { "errsslpeerinternalerror", 80 },
	{ "errsslpeerusercancelled", 90 }, { "errsslpeernorenegotiation", 100 },
	{ "-9824", 40 }, { "-9825", 42 }, { "-9826", 43 }, { "-9827", 44 }, { "-9828", 45 }, { "-9829", 46 },
	{ "-9830", 47 }, { "-9831", 48 }, { "-9832", 49 }, { "-9836", 70 }, { "-9837", 71 },
	/* OpenSSL's texts for reasons 1112 and the like have no "alert" word */
	{ "tlsv1 unrecognized name", 112 }, { "tlsv1_unrecognized_name", 112 },
	/* Java spells 116 as its own words in older releases */
	{ "bad_certificate_status_response", 113 },
};

/* The alert code right after an "alert" word: "alert 40", "alert [40]", "alert number 40",
 * "alert(40)", "alert code is 40", "alert description 40", "alert=40", "alert #40". */
static int alert_number(const char *norm)
{
	for (const char *a = sstr(norm, "alert"); a; a = strstr(a + 5, "alert")) {
		const char *p = a + 5;
		for (int guard = 0; guard < 4; guard++) {
			while (*p == ' ' || *p == ':' || *p == '[' || *p == '(' || *p == '#' || *p == '=')
				p++;
			if (!strncmp(p, "number", 6))
				p += 6;
			else if (!strncmp(p, "code", 4))
				p += 4;
			else if (!strncmp(p, "description", 11))
				p += 11;
			else if (!strncmp(p, "desc", 4))
				p += 4;
			else if (!strncmp(p, "is ", 3))
				p += 3;
			else if (!strncmp(p, "value", 5))
				p += 5;
			else
				break;
		}
		if (isdigit((unsigned char)*p)) {
			int code = atoi(p);
			const char *e = p;
			while (isdigit((unsigned char)*e))
				e++;
			if (code < 256 && (e - p) <= 3 && !isalpha((unsigned char)*e) && alert_lookup(code))
				return code;
		}
	}
	return -1;
}

/* An OpenSSL error code "error:0A000410:" / "error:14094410:": its reason; -1 if none. */
static long openssl_hex_reason(const char *norm, int *lib, const char **at)
{
	for (const char *p = sstr(norm, "error:"); p; p = strstr(p + 6, "error:")) {
		const char *h = p + 6;
		size_t n = strspn(h, "0123456789abcdef");
		unsigned long v;
		if (n != 8 || h[8] != ':')
			continue;
		v = strtoul(h, NULL, 16);
		if (at)
			*at = p;
		if (v & 0x80000000UL) {		/* OpenSSL 3 system error: the errno */
			*lib = 2;
			return (long)(v & 0x7fffffUL);
		}
		if ((v >> 24) >= 1 && (v >> 24) <= 0x3f && ((v >> 23) & 0xff) != 20) {
			*lib = (int)(v >> 24);	/* OpenSSL 1.x: lib 8 bits, func 12, reason 12 */
			return (long)(v & 0xfffUL);
		}
		*lib = (int)((v >> 23) & 0xff);	/* OpenSSL 3: lib 8 bits, reason 23 */
		return (long)(v & 0x7fffffUL);
	}
	return -1;
}

int signal_alert_code(const char *norm)
{
	int code = alert_number(norm), lib;
	long r;
	const char *p;

	if (code >= 0)
		return code;
	r = openssl_hex_reason(norm, &lib, NULL);
	if (lib == 20 && r >= 1000 && r < 1256 && alert_lookup((int)(r - 1000)))
		return (int)(r - 1000);
	for (size_t i = 0; i < sizeof alert_aliases / sizeof alert_aliases[0]; i++)
		if (sstr(norm, alert_aliases[i].name))
			return alert_aliases[i].code;
	/* RFC names: with their underscores anywhere ("handshake_failure",
	 * "SSLV3_ALERT_HANDSHAKE_FAILURE", "ERR_SSL_UNRECOGNIZED_NAME_ALERT"), spaced after
	 * an alert word ("sslv3 alert handshake failure", "alert: unknown ca") */
	bool has_alert_word = sstr(norm, "alert") != NULL;
	for (unsigned i = 0; alert_at(i); i++) {
		const struct alert_info *a = alert_at(i);
		char spaced[64];
		if (a->code == 0)
			continue;
		if (strchr(a->name, '_') && sstr(norm, a->name))
			return a->code;
		if (!has_alert_word)
			continue;
		snprintf(spaced, sizeof spaced, "%s", a->name);
		for (char *c = spaced; *c; c++)
			if (*c == '_')
				*c = ' ';
		for (p = sstr(norm, spaced); p; p = strstr(p + 1, spaced)) {
			const char *b = p;
			while (b > norm && (b[-1] == ' ' || b[-1] == ':'))
				b--;
			if (b - norm >= 5 && !strncmp(b - 5, "alert", 5))
				return a->code;
		}
	}
	/* GnuTLS's alert names where a program prints gnutls_alert_get_name() or libcurl its
	 * error ("gnutls_handshake() failed: Handshake failed", "GnuTLS: ... [40]: ...") */
	if ((p = sstr(norm, "handshake() failed: ")) != NULL || (p = sstr(norm, "gnutls: ")) != NULL) {
		const char *q = strstr(p, ": ") + 2;
		for (size_t i = 0; i < sizeof gnutls_alerts / sizeof gnutls_alerts[0]; i++)
			if (!strncmp(q, gnutls_alerts[i].text, strlen(gnutls_alerts[i].text)))
				return gnutls_alerts[i].code;
	}
	/* Go: "remote error: tls: bad certificate", "local error: tls: ..." */
	if ((p = sstr(norm, "error: tls: ")) != NULL)
		for (size_t i = 0; i < sizeof go_alerts / sizeof go_alerts[0]; i++)
			if (!strncmp(p + 12, go_alerts[i].text, strlen(go_alerts[i].text)))
				return go_alerts[i].code;
	return -1;
}

/* A server's log ("... while SSL handshaking, client: ...") or a client's message: an
 * alert a client received is about its own certificate, one a server logs is about the
 * server's. */
static _Thread_local const char *scan_source;	/* signal_source() of the text being scanned */

static bool client_side(const char *norm)
{
	static const char *const clients[] = { "curl", "wget", "git", "gnutls-cli", "Python", "Node.js", "Java", "Go",
					       ".NET", "Apple", "Firefox", "Chrome", "Schannel", "openssl s_client" };
	const char *src = scan_source ? scan_source : signal_source(norm);
	for (size_t i = 0; i < sizeof clients / sizeof clients[0]; i++)
		if (!strcmp(src, clients[i]))
			return true;
	return sstr(norm, "ssl3_read_bytes") && !sstr(norm, "handshaking");
}

static void scan_alerts(const char *norm, struct sink *k)
{
	int code = signal_alert_code(norm);
	char what[32];
	if (code < 0)
		return;
	snprintf(what, sizeof what, "alert %d (%s)", code, alert_name(code));
	if ((code == 48 || code == 42 || code == 46) && client_side(norm) &&
	    (sstr(norm, "received") || sstr(norm, "read_bytes") || sstr(norm, "remote error") ||
	     sstr(norm, "_alert") || sstr(norm, "ssl alert number") || sstr(norm, "errsslpeer"))) {
		/* the server refused the client's certificate */
		emit(k, "alert", what, "cert.client_cert_required", 60, code == 48 ? "chain.incomplete" : "cert.verify_failed",
		     25, NULL, 0);
		return;
	}
	for (size_t i = 0; i < sizeof alert_causes / sizeof alert_causes[0]; i++)
		if (alert_causes[i].code == code) {
			emit(k, "alert", what, alert_causes[i].id, alert_causes[i].w, alert_causes[i].id2, alert_causes[i].w2,
			     alert_causes[i].id3, alert_causes[i].w3);
			return;
		}
	emit(k, "alert", what, "tls.alert", 30, NULL, 0, NULL, 0);
}

/* ---- OpenSSL certificate verification: X509_V_ERR_* by number, name and text ---- */

static const struct {
	int num;
	const char *name;	/* without X509_V_ERR_; Node's err.code spells it the same */
	const char *text;	/* X509_verify_cert_error_string(); "" when too generic to match */
	const char *id;
	int w;
	const char *id2;
	int w2;
} x509_errs[] = {
	{ 2, "unable_to_get_issuer_cert", "unable to get issuer certificate", "chain.incomplete", 70, "chain.wrong_intermediate", 30 },
	{ 3, "unable_to_get_crl", "unable to get certificate crl", "cert.revoked", 50, NULL, 0 },
	{ 4, "unable_to_decrypt_cert_signature", "unable to decrypt certificate's signature", "chain.wrong_intermediate", 50, NULL, 0 },
	{ 6, "unable_to_decode_issuer_public_key", "unable to decode issuer public key", "chain.wrong_intermediate", 50, NULL, 0 },
	{ 7, "cert_signature_failure", "certificate signature failure", "chain.wrong_intermediate", 60, NULL, 0 },
	{ 9, "cert_not_yet_valid", "certificate is not yet valid", "cert.not_yet_valid", 75, "cert.clock_skew", 20 },
	{ 10, "cert_has_expired", "certificate has expired", "cert.expired", 55, "chain.expired_intermediate", 35 },
	{ 13, "error_in_cert_not_before_field", "format error in certificate's notbefore field", "cert.verify_failed", 50, NULL, 0 },
	{ 14, "error_in_cert_not_after_field", "format error in certificate's notafter field", "cert.verify_failed", 50, NULL, 0 },
	{ 18, "depth_zero_self_signed_cert", "self-signed certificate", "cert.self_signed", 80, NULL, 0 },
	{ 18, "depth_zero_self_signed_cert", "self signed certificate", "cert.self_signed", 80, NULL, 0 },
	{ 19, "self_signed_cert_in_chain", "self-signed certificate in certificate chain", "chain.untrusted_root", 70, "chain.interception", 30 },
	{ 19, "self_signed_cert_in_chain", "self signed certificate in certificate chain", "chain.untrusted_root", 70, "chain.interception", 30 },
	{ 20, "unable_to_get_issuer_cert_locally", "unable to get local issuer certificate", "chain.incomplete", 70, "chain.wrong_intermediate", 30 },
	{ 21, "unable_to_verify_leaf_signature", "unable to verify the first certificate", "chain.incomplete", 75, "chain.wrong_intermediate", 30 },
	{ 22, "cert_chain_too_long", "certificate chain too long", "chain.wrong_order", 40, NULL, 0 },
	{ 23, "cert_revoked", "certificate revoked", "cert.revoked", 85, NULL, 0 },
	{ 24, "no_issuer_public_key", "issuer certificate doesn't have a public key", "chain.wrong_intermediate", 50, NULL, 0 },
	{ 25, "path_length_exceeded", "path length constraint exceeded", "chain.wrong_intermediate", 50, NULL, 0 },
	{ 26, "invalid_purpose", "unsuitable certificate purpose", "cert.bad_eku", 80, NULL, 0 },
	{ 27, "cert_untrusted", "certificate not trusted", "chain.untrusted_root", 60, NULL, 0 },
	{ 28, "cert_rejected", "certificate rejected", "chain.untrusted_root", 50, NULL, 0 },
	{ 29, "subject_issuer_mismatch", "subject issuer mismatch", "chain.wrong_intermediate", 60, NULL, 0 },
	{ 30, "akid_skid_mismatch", "authority and subject key identifier mismatch", "chain.wrong_intermediate", 60, NULL, 0 },
	{ 32, "keyusage_no_certsign", "key usage does not include certificate signing", "chain.wrong_intermediate", 50, NULL, 0 },
	{ 37, "invalid_non_ca", "invalid non-ca certificate", "chain.wrong_intermediate", 50, NULL, 0 },
	{ 62, "hostname_mismatch", "hostname mismatch", "cert.hostname_mismatch", 85, NULL, 0 },
	{ 64, "ip_address_mismatch", "ip address mismatch", "cert.hostname_mismatch", 85, NULL, 0 },
	{ 66, "ee_key_too_small", "ee certificate key too weak", "cert.weak_key", 85, NULL, 0 },
	{ 67, "ca_key_too_small", "ca certificate key too weak", "cert.weak_key", 80, NULL, 0 },
	{ 68, "ca_md_too_weak", "ca signature digest algorithm too weak", "cert.weak_signature", 85, NULL, 0 },
	{ 71, "no_valid_scts", "certificate is not trusted: no valid scts", "cert.verify_failed", 50, NULL, 0 },
	{ 73, "ocsp_verify_needed", "ocsp verification needed", "cert.must_staple_missing", 60, NULL, 0 },
	{ 74, "ocsp_verify_failed", "ocsp verification failed", "cert.revoked", 50, NULL, 0 },
	{ 75, "ocsp_cert_unknown", "ocsp unknown cert", "cert.revoked", 50, NULL, 0 },
	{ 79, "invalid_ca", "invalid ca certificate", "chain.wrong_intermediate", 60, NULL, 0 },
};

/* "num=20", "error 20 at 0 depth", "verify return code: 20", "Error (20):", "verify error:20" */
static int x509_number(const char *norm)
{
	static const char *const leads[] = { "verify error:num=", "num=", "verify return code: ", "verify result: ",
					     "verify error:", "certificate verification: error (", "verify_result=" };
	for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++)
		for (const char *p = sstr(norm, leads[i]); p; p = strstr(p + 1, leads[i])) {
			int v = number_after(p + strlen(leads[i]), "");
			if (v > 0 && v < 100)
				return v;
		}
	for (const char *p = sstr(norm, "error "); p; p = strstr(p + 1, "error ")) {
		int v = number_after(p + 6, "");
		const char *q = p + 6;
		while (isdigit((unsigned char)*q))
			q++;
		if (v > 0 && v < 100 && !strncmp(q, " at ", 4) && strstr(q, "depth"))
			return v;
	}
	return -1;
}

int signal_x509_code(const char *norm)
{
	int v = x509_number(norm);
	size_t best = 0;
	int code = -1;
	if (v > 0)
		for (size_t i = 0; i < sizeof x509_errs / sizeof x509_errs[0]; i++)
			if (x509_errs[i].num == v)
				return v;
	const char *pre = sstr(norm, "x509_v_err_");
	for (size_t i = 0; i < sizeof x509_errs / sizeof x509_errs[0]; i++) {
		size_t l = strlen(x509_errs[i].name) + 11;
		bool named = pre && !strncmp(pre + 11, x509_errs[i].name, l - 11) &&
			     !(isalnum((unsigned char)pre[l]) || pre[l] == '_');
		if (named || (l > 23 && find_word(norm, x509_errs[i].name))) {
			if (l > best) {
				best = l;
				code = x509_errs[i].num;
			}
		}
		/* the longest text wins: "self-signed certificate in certificate chain" over
		 * "self-signed certificate" */
		if (x509_errs[i].text[0] && sstr(norm, x509_errs[i].text) && strlen(x509_errs[i].text) + 11 > best) {
			best = strlen(x509_errs[i].text) + 11;
			code = x509_errs[i].num;
		}
	}
	/* Node's short spellings of the same codes */
	if (code < 0 && find_word(norm, "invalid_purpose"))
		code = 26;
	return code;
}

/* depth of the certificate a verify error is about ("depth=1", "at 1 depth") */
static int x509_depth(const char *norm)
{
	int depth = -1;
	for (const char *p = sstr(norm, "depth="); p; p = strstr(p + 1, "depth=")) {
		int v = number_after(p + 6, "");
		/* the depth line right before "verify error" is the one that failed */
		const char *e = strstr(p, "verify error");
		if (v >= 0 && e && (size_t)(e - p) < 400)
			depth = v;
	}
	return depth;
}

static void scan_x509(const char *norm, struct sink *k)
{
	int code = signal_x509_code(norm);
	if (code < 0)
		return;
	if (sstr(norm, "client ssl certificate verify error") || sstr(norm, "certificate verification: error (")) {
		/* a server's log about the client's certificate (nginx, Apache AH02039/AH02276) */
		char what[48];
		snprintf(what, sizeof what, "X509_V_ERR %d (client certificate)", code);
		emit(k, "x509", what, "cert.client_cert_required", 85, NULL, 0, NULL, 0);
		return;
	}
	for (size_t i = 0; i < sizeof x509_errs / sizeof x509_errs[0]; i++) {
		char what[80];
		if (x509_errs[i].num != code)
			continue;
		snprintf(what, sizeof what, "X509_V_ERR %d (%s)", code, x509_errs[i].name);
		if ((code == 10 || code == 9) && x509_depth(norm) > 0)
			emit(k, "x509", what, "chain.expired_intermediate", 85, NULL, 0, NULL, 0);
		else if (code == 10 && x509_depth(norm) == 0)
			emit(k, "x509", what, "cert.expired", 85, NULL, 0, NULL, 0);
		else
			emit(k, "x509", what, x509_errs[i].id, x509_errs[i].w, x509_errs[i].id2, x509_errs[i].w2, NULL, 0);
		return;
	}
}

/* ---- OpenSSL reasons: SSL_R_* by number (error:0A0000xx), name and text ---- */

static const struct {
	int num;
	const char *name;	/* SSL_R_ without the prefix, lowercase ("[SSL: WRONG_VERSION_NUMBER]") */
	const char *text;	/* the reason string */
	const char *id;
	int w;
	const char *id2;
	int w2;
} ssl_reasons[] = {
	{ 102, "bad_dh_value", "bad dh value", "cipher.weak_dh", 60, NULL, 0 },
	{ 134, "certificate_verify_failed", "certificate verify failed", "cert.verify_failed", 25, "chain.incomplete", 20 },
	{ 155, "https_proxy_request", "https proxy request", "net.proxy", 70, NULL, 0 },
	{ 156, "http_request", "http request", "net.http", 80, NULL, 0 },
	{ 181, "no_ciphers_available", "no ciphers available", "cipher.no_shared", 70, NULL, 0 },
	{ 191, "no_protocols_available", "no protocols available", "version.mismatch", 75, NULL, 0 },
	{ 193, "no_shared_cipher", "no shared cipher", "cipher.no_shared", 85, NULL, 0 },
	{ 376, "no_shared_signature_algorithms", "no shared signature algorithms", "cipher.no_shared", 75, NULL, 0 },
	{ 101, "no_suitable_key_share", "no suitable key share", "cipher.no_shared", 70, NULL, 0 },
	{ 118, "no_suitable_signature_algorithm", "no suitable signature algorithm", "cipher.no_shared", 75, NULL, 0 },
	{ 199, "peer_did_not_return_a_certificate", "peer did not return a certificate", "cert.client_cert_required", 85, NULL, 0 },
	{ 235, "no_application_protocol", "no application protocol", "sni.alpn_mismatch", 80, NULL, 0 },
	{ 252, "unknown_protocol", "unknown protocol", "net.not_tls", 70, NULL, 0 },
	{ 258, "unsupported_protocol", "unsupported protocol", "version.legacy_only", 60, "version.mismatch", 35 },
	{ 259, "unsupported_ssl_version", "unsupported ssl version", "version.mismatch", 70, NULL, 0 },
	{ 266, "wrong_ssl_version", "wrong ssl version", "version.mismatch", 60, NULL, 0 },
	{ 267, "wrong_version_number", "wrong version number", "net.not_tls", 70, "net.starttls_required", 25 },
	{ 294, "unexpected_eof_while_reading", "unexpected eof while reading", "net.closed", 50, "version.intolerance", 25 },
	{ 333, "legacy_sigalg_disallowed_or_unsupported", "legacy sigalg disallowed or unsupported", "version.legacy_only", 75, NULL, 0 },
	{ 338, "unsafe_legacy_renegotiation_disabled", "unsafe legacy renegotiation disabled", "version.legacy_only", 70, NULL, 0 },
	{ 373, "inappropriate_fallback", "inappropriate fallback", "version.intolerance", 80, NULL, 0 },
	{ 394, "dh_key_too_small", "dh key too small", "cipher.weak_dh", 85, NULL, 0 },
	{ 396, "version_too_low", "version too low", "version.legacy_only", 80, NULL, 0 },
	{ 166, "version_too_high", "version too high", "version.mismatch", 60, NULL, 0 },
	{ 397, "ca_key_too_small", "ca key too small", "cert.weak_key", 80, NULL, 0 },
	{ 398, "ca_md_too_weak", "ca md too weak", "cert.weak_signature", 80, NULL, 0 },
	{ 399, "ee_key_too_small", "ee key too small", "cert.weak_key", 85, NULL, 0 },
	{ 198, "packet_length_too_long", "packet length too long", "net.not_tls", 65, NULL, 0 },
	{ 213, "record_length_mismatch", "record length mismatch", "net.not_tls", 50, NULL, 0 },
	{ 229, "ssl_handshake_failure", "ssl handshake failure", "tls.error", 20, NULL, 0 },
	{ 244, "unexpected_message", "unexpected message", "tls.error", 40, NULL, 0 },
	{ 245, "unexpected_record", "unexpected record", "tls.error", 40, NULL, 0 },
	{ 281, "decryption_failed_or_bad_record_mac", "decryption failed or bad record mac", "tls.error", 40, NULL, 0 },
	{ 115, "bad_packet_length", "bad packet length", "net.not_tls", 45, NULL, 0 },
	{ 407, "shutdown_while_in_init", "shutdown while in init", "net.closed", 40, NULL, 0 },
	/* a server that breaks the protocol */
	{ 152, "excessive_message_size", "excessive message size", "tls.error", 60, NULL, 0 },
	{ 383, "wrong_certificate_type", "wrong certificate type", "tls.error", 55, NULL, 0 },
	{ 409, "too_many_warn_alerts", "too many warn alerts", "tls.error", 60, NULL, 0 },
	{ 999, "invalid_session_id", "invalid session id", "tls.error", 55, NULL, 0 },
	{ 271, "bad_length", "bad length", "tls.error", 50, NULL, 0 },
	{ 110, "bad_extension", "bad extension", "tls.error", 50, NULL, 0 },
	{ 159, "length_mismatch", "length mismatch", "tls.error", 45, NULL, 0 },
	{ 150, "excessive_message_size", "record too long", "net.not_tls", 45, NULL, 0 },
	{ 236, "tlsv1_alert_unknown_ca", "unable to find public key parameters", "tls.error", 40, NULL, 0 },
};

int signal_openssl_reason(const char *norm)
{
	int lib = 0;
	long r = openssl_hex_reason(norm, &lib, NULL);
	size_t best = 0;
	int code = -1;
	if (r >= 0 && lib == 20)
		return (int)r;
	/* "[SSL: NAME]" (Python), "SSL_R_NAME", "ERR_SSL_NAME" (Node's err.code) */
	const char *br = sstr(norm, "[ssl: "), *sr = sstr(norm, "ssl_r_"), *nd = sstr(norm, "err_ssl_");
	for (size_t i = 0; i < sizeof ssl_reasons / sizeof ssl_reasons[0]; i++) {
		size_t l = strlen(ssl_reasons[i].text), nl = strlen(ssl_reasons[i].name);
		if ((br && !strncmp(br + 6, ssl_reasons[i].name, nl) && br[6 + nl] == ']') ||
		    (sr && !strncmp(sr + 6, ssl_reasons[i].name, nl) && !(isalnum((unsigned char)sr[6 + nl]) || sr[6 + nl] == '_')) ||
		    (nd && !strncmp(nd + 8, ssl_reasons[i].name, nl) && !(isalnum((unsigned char)nd[8 + nl]) || nd[8 + nl] == '_')))
			return ssl_reasons[i].num;
		/* texts: whole words, and the short generic ones only where OpenSSL speaks */
		if (l > best && find_word(norm, ssl_reasons[i].text) &&
		    (l >= 18 || sstr(norm, "ssl") || sstr(norm, "routines"))) {
			best = l;
			code = ssl_reasons[i].num;
		}
	}
	return code;
}

static void scan_openssl(const char *norm, struct sink *k)
{
	int code = signal_openssl_reason(norm);
	if (code < 0 || code >= 1000)
		return;	/* alerts are the alert family's */
	if (code == 134 && !client_side(norm) && sstr(norm, "ssl library error")) {
		/* Apache's own verification failed: the client's certificate */
		emit(k, "openssl", "SSL_R 134 (client certificate)", "cert.client_cert_required", 60, NULL, 0, NULL, 0);
		return;
	}
	if (code == 258 && !client_side(norm)) {
		/* a server that logs it refused the client's version */
		emit(k, "openssl", "SSL_R 258 (unsupported_protocol)", "version.mismatch", 70, NULL, 0, NULL, 0);
		return;
	}
	for (size_t i = 0; i < sizeof ssl_reasons / sizeof ssl_reasons[0]; i++)
		if (ssl_reasons[i].num == code) {
			char what[80];
			snprintf(what, sizeof what, "SSL_R %d (%s)", code, ssl_reasons[i].name);
			emit(k, "openssl", what, ssl_reasons[i].id, ssl_reasons[i].w, ssl_reasons[i].id2, ssl_reasons[i].w2,
			     NULL, 0);
			return;
		}
}

/* ---- errno: by name, number and text (Linux numbers; Windows sockets texts) ---- */

static const struct {
	int num;
	const char *name;
	const char *text;
	const char *id;
	int w;
	const char *id2;
	int w2;
	const char *id3;
	int w3;
} errnos[] = {
	{ 111, "econnrefused", "connection refused", "net.refused", 80, NULL, 0, NULL, 0 },
	{ 111, "wsaeconnrefused", "actively refused it", "net.refused", 80, NULL, 0, NULL, 0 },
	{ 104, "econnreset", "connection reset by peer", "net.reset", 40, "version.intolerance", 25, "net.sni_filter", 15 },
	{ 104, "wsaeconnreset", "forcibly closed by the remote host", "net.reset", 40, "version.intolerance", 25, "net.sni_filter", 15 },
	{ 110, "etimedout", "connection timed out", "net.filtered", 40, "net.blackhole", 30, NULL, 0 },
	{ 110, "wsaetimedout", "did not properly respond after a period of time", "net.filtered", 40, "net.blackhole", 30, NULL, 0 },
	{ 113, "ehostunreach", "no route to host", "net.unreachable", 85, NULL, 0, NULL, 0 },
	{ 101, "enetunreach", "network is unreachable", "net.unreachable", 85, NULL, 0, NULL, 0 },
	{ 32, "epipe", "broken pipe", "net.reset", 35, "net.closed", 30, NULL, 0 },
	{ 103, "econnaborted", "software caused connection abort", "net.reset", 40, "net.closed", 30, NULL, 0 },
	{ 71, "eproto", "protocol error", "tls.error", 25, NULL, 0, NULL, 0 },
	{ -2, "eai_noname", "name or service not known", "net.dns", 85, NULL, 0, NULL, 0 },
	{ -3, "eai_again", "temporary failure in name resolution", "net.dns", 80, NULL, 0, NULL, 0 },
	{ -2, "enotfound", "nodename nor servname provided", "net.dns", 80, NULL, 0, NULL, 0 },
};

int signal_errno_code(const char *norm)
{
	static const char *const leads[] = { "[errno ", "errno=", "errno ", "errno: ", "error code ", "os error " };
	for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++)
		for (const char *p = sstr(norm, leads[i]); p; p = strstr(p + 1, leads[i])) {
			const char *q = p + strlen(leads[i]);
			int neg = *q == '-';
			int v = number_after(q + neg, "");
			if (v <= 0)
				continue;
			if (neg)
				v = -v;
			for (size_t k = 0; k < sizeof errnos / sizeof errnos[0]; k++)
				if (errnos[k].num == v)
					return v;
		}
	{
		int lib = 0;
		long r = openssl_hex_reason(norm, &lib, NULL);
		if (lib == 2 && r > 0)
			for (size_t k = 0; k < sizeof errnos / sizeof errnos[0]; k++)
				if (errnos[k].num == r)
					return (int)r;
	}
	for (size_t k = 0; k < sizeof errnos / sizeof errnos[0]; k++) {
		const char *t = sstr(norm, errnos[k].text);
		/* curl's "Connection timed out after 3000 milliseconds" is its own timer (curl
		 * (28)), not ETIMEDOUT */
		if (t && !strncmp(t + strlen(errnos[k].text), " after ", 7))
			t = NULL;
		if (find_word(norm, errnos[k].name) || t)
			return errnos[k].num;
	}
	return -1;
}

static void scan_errno(const char *norm, struct sink *k)
{
	int code = signal_errno_code(norm);
	if (code == -1)
		return;
	for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
		if (errnos[i].num == code) {
			char what[48];
			snprintf(what, sizeof what, "errno %d (%s)", code, errnos[i].name);
			emit(k, "errno", what, errnos[i].id, errnos[i].w, errnos[i].id2, errnos[i].w2, errnos[i].id3, errnos[i].w3);
			return;
		}
}

/* ---- curl exit codes (CURLE_*), every version's numbers and texts ---- */

static const struct {
	int num;
	const char *name;	/* CURLE_ without the prefix */
	const char *text;	/* curl_easy_strerror() */
	const char *id;
	int w;
	const char *id2;
	int w2;
	const char *id3;
	int w3;
} curl_codes[] = {
	{ 5, "couldnt_resolve_proxy", "couldn't resolve proxy name", "net.proxy", 70, "net.dns", 30, NULL, 0 },
	{ 6, "couldnt_resolve_host", "couldn't resolve host name", "net.dns", 85, NULL, 0, NULL, 0 },
	{ 7, "couldnt_connect", "couldn't connect to server", "net.refused", 55, "net.filtered", 20, "net.unreachable", 15 },
	/* curl's connect phase includes the TLS handshake: a silent path, or a hello ignored */
	{ 28, "operation_timedout", "timeout was reached", "net.blackhole", 35, "version.intolerance", 25, "net.filtered", 25 },
	{ 35, "ssl_connect_error", "ssl connect error", "tls.error", 15, NULL, 0, NULL, 0 },
	{ 51, "peer_failed_verification", "ssl peer certificate or ssh remote key was not ok", "cert.hostname_mismatch", 40, "cert.verify_failed", 20, NULL, 0 },
	{ 55, "send_error", "failed sending data to the peer", "net.reset", 20, "net.closed", 15, NULL, 0 },
	{ 52, "got_nothing", "server returned nothing", "net.closed", 40, NULL, 0, NULL, 0 },
	{ 56, "recv_error", "failure when receiving data from the peer", "net.reset", 20, NULL, 0, NULL, 0 },
	{ 58, "ssl_certproblem", "problem with the local ssl certificate", "cert.client_cert_required", 60, NULL, 0, NULL, 0 },
	{ 59, "ssl_cipher", "couldn't use specified ssl cipher", "cipher.no_shared", 70, NULL, 0, NULL, 0 },
	{ 60, "peer_failed_verification", "ssl peer certificate or ssh remote key was not ok", "chain.incomplete", 20, "cert.verify_failed", 20, NULL, 0 },
	{ 77, "ssl_cacert_badfile", "problem with the ssl ca cert (path? access rights?)", "chain.untrusted_root", 40, NULL, 0, NULL, 0 },
	{ 80, "ssl_shutdown_failed", "failed to shut down the ssl connection", "net.closed", 30, NULL, 0, NULL, 0 },
	{ 83, "ssl_issuererror", "issuer check against peer certificate failed", "chain.wrong_intermediate", 60, NULL, 0, NULL, 0 },
	{ 90, "ssl_pinnedpubkeynotmatch", "ssl public key does not match pinned public key", "chain.interception", 70, NULL, 0, NULL, 0 },
	{ 91, "ssl_invalidcertstatus", "ssl server certificate status verification failed", "cert.must_staple_missing", 50, "cert.revoked", 30, NULL, 0 },
	{ 97, "proxy", "proxy handshake error", "net.proxy", 75, NULL, 0, NULL, 0 },
};

/* curl's own words around the code, in every version */
static const struct rule curl_rules[] = {
	{ "no alternative certificate subject name matches target host name", "curl: no alternative name", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "certificate subject name|does not match target host name", "curl: subject name", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "connect tunnel failed, response 407", "curl: CONNECT 407", "net.proxy", 85, NULL, 0, NULL, 0 },
	{ "received http code 407 from proxy after connect", "curl: CONNECT 407", "net.proxy", 85, NULL, 0, NULL, 0 },
	{ "connect tunnel failed", "curl: CONNECT failed", "net.proxy", 50, "net.refused", 25, NULL, 0 },
	{ "received http code|from proxy after connect", "curl: CONNECT failed", "net.proxy", 50, "net.refused", 25, NULL, 0 },
	{ "failed to connect to|after 0 ms", "curl: refused at once", "net.refused", 60, NULL, 0, NULL, 0 },
	{ "ssl certificate problem: ", "curl: certificate problem", "cert.verify_failed", 20, "chain.incomplete", 20, NULL, 0 },
};

int signal_curl_code(const char *norm)
{
	const char *p = sstr(norm, "curl: (");
	if (!p)
		p = sstr(norm, "curl error (");
	if (!p)
		p = sstr(norm, "curl error: (");
	if (p) {
		int v = number_after(strchr(p, '(') + 1, "");
		if (v > 0)
			return v;
	}
	if ((p = sstr(norm, "curle_")) != NULL)
		for (size_t i = 0; i < sizeof curl_codes / sizeof curl_codes[0]; i++)
			if (!strncmp(p + 6, curl_codes[i].name, strlen(curl_codes[i].name)))
				return curl_codes[i].num;
	if ((p = sstr(norm, "curl error ")) != NULL || (p = sstr(norm, "curl_errno=")) != NULL) {
		int v = number_after(p + 11, "");
		if (v > 0)
			return v;
	}
	return -1;
}

static void scan_curl(const char *norm, struct sink *k)
{
	int code = signal_curl_code(norm);
	for (size_t i = 0; i < sizeof curl_codes / sizeof curl_codes[0]; i++) {
		char what[48];
		if (code >= 0 ? curl_codes[i].num != code : !sstr(norm, curl_codes[i].text))
			continue;
		snprintf(what, sizeof what, "curl (%d)", curl_codes[i].num);
		emit(k, "curl", what, curl_codes[i].id, curl_codes[i].w, curl_codes[i].id2, curl_codes[i].w2, curl_codes[i].id3,
		     curl_codes[i].w3);
		return;
	}
}

/* ---- GnuTLS: GNUTLS_E_* by number, name and gnutls_strerror() text ---- */

static const struct {
	int num;
	const char *name;	/* without GNUTLS_E_ */
	const char *text;
	const char *id;
	int w;
	const char *id2;
	int w2;
	const char *id3;
	int w3;
} gnutls_errs[] = {
	{ -8, "unsupported_version_packet", "a packet with illegal or unsupported version was received", "version.legacy_only", 55, "version.mismatch", 35, NULL, 0 },
	{ -9, "unexpected_packet_length", "error decoding the received tls packet", "net.not_tls", 60, NULL, 0, NULL, 0 },
	{ -12, "fatal_alert_received", "a tls fatal alert has been received", "tls.alert", 10, NULL, 0, NULL, 0 },
	{ -15, "unexpected_packet", "an unexpected tls packet was received", "net.not_tls", 50, "tls.error", 35, "net.starttls_required", 20 },
	{ -16, "warning_alert_received", "a tls warning alert has been received", "tls.error", 30, "tls.alert", 20, NULL, 0 },
	{ -59, "internal_error", "gnutls internal error", "tls.error", 40, NULL, 0, NULL, 0 },
	{ -210, "handshake_too_large", "the handshake data size is too large", "tls.error", 60, NULL, 0, NULL, 0 },
	{ -19, "unexpected_handshake_packet", "an unexpected tls handshake packet was received", "tls.error", 40, NULL, 0, NULL, 0 },
	{ -21, "unknown_cipher_suite", "could not negotiate a supported cipher suite", "cipher.no_shared", 80, NULL, 0, NULL, 0 },
	{ -87, "no_cipher_suites", "no supported cipher suites have been found", "cipher.no_shared", 75, NULL, 0, NULL, 0 },
	{ -32, "insufficient_credentials", "insufficient credentials for that request", "cert.client_cert_required", 35, "cipher.no_shared", 35, NULL, 0 },
	{ -43, "certificate_error", "error in the certificate", "cert.verify_failed", 25, "chain.incomplete", 20, NULL, 0 },
	{ -348, "certificate_verification_error", "error in the certificate verification", "cert.verify_failed", 25, "chain.incomplete", 20, NULL, 0 },
	{ -48, "key_usage_violation", "key usage violation in certificate has been detected", "cert.bad_eku", 70, NULL, 0, NULL, 0 },
	{ -53, "push_error", "error in the push function", "net.reset", 40, "net.closed", 25, NULL, 0 },
	{ -54, "pull_error", "error in the pull function", "net.reset", 40, "version.intolerance", 25, "net.closed", 15 },
	{ -63, "dh_prime_unacceptable", "the diffie-hellman prime sent by the server is not acceptable", "cipher.weak_dh", 85, NULL, 0, NULL, 0 },
	{ -106, "unsupported_signature_algorithm", "the signature algorithm is not supported", "cert.weak_signature", 50, "cipher.no_shared", 25, NULL, 0 },
	{ -110, "premature_termination", "the tls connection was non-properly terminated", "net.closed", 40, "version.intolerance", 25, "net.reset", 15 },
	{ -112, "certificate_required", "certificate is required", "cert.client_cert_required", 80, NULL, 0, NULL, 0 },
	{ -217, "insufficient_security", "one of the involved algorithms has insufficient security level", "cert.weak_key", 40, "cipher.weak_dh", 30, NULL, 0 },
	{ -294, "unrecognized_name", "the sni host name not recognised", "sni.required", 75, NULL, 0, NULL, 0 },
	{ -319, "timedout", "the operation timed out", "net.blackhole", 40, "net.stall", 30, NULL, 0 },
	{ -340, "no_certificate_status", "there is no certificate status (ocsp)", "cert.must_staple_missing", 80, NULL, 0, NULL, 0 },
	{ -344, "no_application_protocol", "no common application protocol could be negotiated", "sni.alpn_mismatch", 85, NULL, 0, NULL, 0 },
	{ -347, "inappropriate_fallback", "a connection with inappropriate fallback was attempted", "version.intolerance", 80, NULL, 0, NULL, 0 },
	{ -417, "record_overflow", "a tls record packet with invalid length was received", "net.not_tls", 55, NULL, 0, NULL, 0 },
	{ -423, "no_common_key_share", "no common key share with peer", "cipher.no_shared", 70, NULL, 0, NULL, 0 },
};

int signal_gnutls_code(const char *norm)
{
	const char *p;
	if ((p = sstr(norm, "gnutls_e_")) != NULL)
		for (size_t i = 0; i < sizeof gnutls_errs / sizeof gnutls_errs[0]; i++)
			if (!strncmp(p + 9, gnutls_errs[i].name, strlen(gnutls_errs[i].name)))
				return gnutls_errs[i].num;
	for (size_t i = 0; i < sizeof gnutls_errs / sizeof gnutls_errs[0]; i++)
		if (sstr(norm, gnutls_errs[i].text))
			return gnutls_errs[i].num;
	/* "gnutls error -54", "GnuTLS error: -110", "(gnutls: -54)" */
	if ((p = sstr(norm, "gnutls")) != NULL)
		for (const char *q = strchr(p, '-'); q; q = strchr(q + 1, '-')) {
			int v;
			if (q > norm && (isalnum((unsigned char)q[-1]) || q[-1] == '-'))
				continue;
			v = number_after(q + 1, "");
			for (size_t i = 0; v > 0 && i < sizeof gnutls_errs / sizeof gnutls_errs[0]; i++)
				if (gnutls_errs[i].num == -v)
					return -v;
		}
	return 0;
}

static void scan_gnutls(const char *norm, struct sink *k)
{
	int code = signal_gnutls_code(norm);
	for (size_t i = 0; code && i < sizeof gnutls_errs / sizeof gnutls_errs[0]; i++)
		if (gnutls_errs[i].num == code) {
			char what[64];
			snprintf(what, sizeof what, "GNUTLS_E %d (%s)", code, gnutls_errs[i].name);
			emit(k, "gnutls", what, gnutls_errs[i].id, gnutls_errs[i].w, gnutls_errs[i].id2, gnutls_errs[i].w2,
			     gnutls_errs[i].id3, gnutls_errs[i].w3);
			return;
		}
}

/* ---- the families of phrases and names: one table each ---- */

/* "issuer unknown" in any spelling cannot tell a missing intermediate from a private root
 * or a self-signed leaf: the three share the weight, and the answer is ambiguous. */

/* GnuTLS certificate verification status (gnutls_certificate_verification_status_print),
 * as gnutls-cli prints it, and wget's own words for the same flags. */
static const struct rule gnutls_status[] = {
	{ "chain uses expired certificate", "GNUTLS_CERT_EXPIRED", "cert.expired", 55, "chain.expired_intermediate", 35, NULL, 0 },
	{ "chain uses not yet valid certificate", "GNUTLS_CERT_NOT_ACTIVATED", "cert.not_yet_valid", 75, NULL, 0, NULL, 0 },
	{ "certificate issuer is unknown", "GNUTLS_CERT_SIGNER_NOT_FOUND", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.self_signed", 30 },
	{ "chain uses insecure algorithm", "GNUTLS_CERT_INSECURE_ALGORITHM", "cert.weak_signature", 80, NULL, 0, NULL, 0 },
	{ "certificate is revoked", "GNUTLS_CERT_REVOKED", "cert.revoked", 85, NULL, 0, NULL, 0 },
	{ "name in the certificate does not match", "GNUTLS_CERT_UNEXPECTED_OWNER", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "does not match the expected", "GNUTLS_CERT_UNEXPECTED_OWNER", "cert.hostname_mismatch", 70, NULL, 0, NULL, 0 },
	{ "the ocsp status is missing", "GNUTLS_CERT_MISSING_OCSP_STATUS", "cert.must_staple_missing", 85, NULL, 0, NULL, 0 },
	{ "issuer is not a ca", "GNUTLS_CERT_SIGNER_NOT_CA", "chain.wrong_intermediate", 60, NULL, 0, NULL, 0 },
	{ "does not match the intended purpose", "GNUTLS_CERT_PURPOSE_MISMATCH", "cert.bad_eku", 80, NULL, 0, NULL, 0 },
	{ "signature verification failed", "GNUTLS_CERT_SIGNATURE_FAILURE", "chain.wrong_intermediate", 50, NULL, 0, NULL, 0 },
	{ "violates the signer's constraints", "GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE", "chain.wrong_intermediate", 50, NULL, 0, NULL, 0 },
	{ "certificate is not trusted", "GNUTLS_CERT_INVALID", "chain.incomplete", 15, "cert.verify_failed", 15, NULL, 0 },
	{ "certificate is not trusted", "GNUTLS_CERT_INVALID", "chain.incomplete", 15, "cert.verify_failed", 15, NULL, 0 },
	/* wget (src/gnutls.c, src/openssl.c) */
	{ "error: the certificate of|has expired", "wget: expired", "cert.expired", 55, "chain.expired_intermediate", 35, NULL, 0 },
	{ "the certificate has expired", "wget: expired", "cert.expired", 55, "chain.expired_intermediate", 35, NULL, 0 },
	{ "is not yet activated", "wget: not activated", "cert.not_yet_valid", 80, NULL, 0, NULL, 0 },
	{ "has not yet been activated", "wget: not activated", "cert.not_yet_valid", 80, NULL, 0, NULL, 0 },
	{ "doesn't have a known issuer", "wget: unknown issuer", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.self_signed", 30 },
	{ "was signed using an insecure algorithm", "wget: insecure algorithm", "cert.weak_signature", 85, NULL, 0, NULL, 0 },
	{ "has been revoked", "wget: revoked", "cert.revoked", 85, NULL, 0, NULL, 0 },
	{ "certificate's owner does not match hostname", "wget: owner", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "no certificate subject alternative name matches", "wget: no san match", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "issued by|is self-signed", "wget: self-signed", "cert.self_signed", 80, NULL, 0, NULL, 0 },
	{ "self-signed certificate encountered", "wget: self-signed", "cert.self_signed", 80, NULL, 0, NULL, 0 },
	{ "unable to locally verify the issuer's authority", "wget: unable to verify issuer", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.self_signed", 30 },
	{ "error: the certificate of|is not trusted", "wget: not trusted", "cert.verify_failed", 15, "chain.incomplete", 15, NULL, 0 },
	{ "proxy tunneling failed: proxy authentication required", "wget: proxy 407", "net.proxy", 85, NULL, 0, NULL, 0 },
	{ "proxy tunneling failed", "wget: proxy", "net.proxy", 40, "net.refused", 20, NULL, 0 },
	{ "unable to establish ssl connection", "wget: unable to establish", "tls.error", 5, NULL, 0, NULL, 0 },
	{ "certificate verification failed. cafile", "libcurl-gnutls: verify failed", "cert.verify_failed", 20, "chain.incomplete", 20, NULL, 0 },
};

/* Go crypto/x509 and crypto/tls */
static const struct rule go_rules[] = {
	{ "x509: certificate signed by unknown authority|insecure algorithm", "x509: insecure algorithm", "cert.weak_signature", 85, NULL, 0, NULL, 0 },
	{ "x509: certificate signed by unknown authority|certificate is not authorized to sign", "x509: not a ca", "chain.wrong_intermediate", 70, NULL, 0, NULL, 0 },
	{ "x509: certificate signed by unknown authority", "x509: unknown authority", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.self_signed", 30 },
	{ "x509: cannot verify signature: insecure algorithm", "x509: insecure algorithm", "cert.weak_signature", 85, NULL, 0, NULL, 0 },
	{ "x509: certificate has expired or is not yet valid|is after", "x509: expired", "cert.expired", 55, "chain.expired_intermediate", 35, NULL, 0 },
	{ "x509: certificate has expired or is not yet valid|is before", "x509: not yet valid", "cert.not_yet_valid", 80, NULL, 0, NULL, 0 },
	{ "x509: certificate has expired or is not yet valid", "x509: validity", "cert.expired", 50, "cert.not_yet_valid", 30, NULL, 0 },
	{ "x509: certificate is valid for", "x509: valid for other names", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "x509: certificate is not valid for any names", "x509: valid for no names", "cert.hostname_mismatch", 70, "cert.no_san", 30, NULL, 0 },
	{ "x509: certificate relies on legacy common name field", "x509: legacy CN", "cert.no_san", 90, NULL, 0, NULL, 0 },
	{ "x509: certificate specifies an incompatible key usage", "x509: key usage", "cert.bad_eku", 85, NULL, 0, NULL, 0 },
	{ "x509: certificate has been revoked", "x509: revoked", "cert.revoked", 85, NULL, 0, NULL, 0 },
	{ "x509: too many intermediates", "x509: too many intermediates", "chain.wrong_order", 50, NULL, 0, NULL, 0 },
	{ "tls: first record does not look like a tls handshake", "tls: not a handshake", "net.not_tls", 80, "net.starttls_required", 25, NULL, 0 },
	{ "tls: server selected unsupported protocol version", "tls: unsupported version", "version.legacy_only", 80, NULL, 0, NULL, 0 },
	{ "tls: no supported versions satisfy minversion and maxversion", "tls: no versions", "version.mismatch", 80, NULL, 0, NULL, 0 },
	{ "tls: client offered only unsupported versions", "tls: client versions", "version.mismatch", 80, NULL, 0, NULL, 0 },
	{ "tls: no cipher suite supported by both client and server", "tls: no cipher", "cipher.no_shared", 85, NULL, 0, NULL, 0 },
	{ "tls: server chose an unconfigured cipher suite", "tls: unconfigured suite", "cipher.no_shared", 70, NULL, 0, NULL, 0 },
	{ "tls: client didn't provide a certificate", "tls: no client cert", "cert.client_cert_required", 85, NULL, 0, NULL, 0 },
	{ "tls: failed to verify client certificate", "tls: client cert", "cert.client_cert_required", 70, NULL, 0, NULL, 0 },
	{ "tls: server's certificate contains an unsupported type of public key", "tls: key type", "cert.weak_key", 50, NULL, 0, NULL, 0 },
	{ "tls: handshake message of length", "tls: message too long", "tls.error", 60, NULL, 0, NULL, 0 },
	{ "tls: server did not echo the legacy session id", "tls: session id", "tls.error", 60, NULL, 0, NULL, 0 },
	{ "tls: received malformed", "tls: malformed", "tls.error", 55, NULL, 0, NULL, 0 },
	{ "tls: too many ignored records", "tls: ignored records", "tls.error", 55, NULL, 0, NULL, 0 },
	{ "tls: server sent two helloretryrequest messages", "tls: two HRR", "tls.error", 60, NULL, 0, NULL, 0 },
	{ "tls: unexpected message", "tls: unexpected message", "tls.error", 45, NULL, 0, NULL, 0 },
	{ "tls: dialwithdialer timed out", "tls: dial timeout", "net.blackhole", 45, "net.stall", 30, NULL, 0 },
	{ "dial tcp|i/o timeout", "go: dial timeout", "net.filtered", 75, NULL, 0, NULL, 0 },
	/* after the connection: a silent path, or a hello the server or a middlebox ignores */
	{ "context deadline exceeded", "go: deadline", "net.blackhole", 40, "version.intolerance", 25, "net.stall", 25 },
	{ "i/o timeout", "go: i/o timeout", "net.blackhole", 40, "version.intolerance", 25, "net.stall", 25 },
	{ "dial tcp|no such host", "go: no such host", "net.dns", 85, NULL, 0, NULL, 0 },
	{ "proxyconnect tcp", "go: proxyconnect", "net.proxy", 60, NULL, 0, NULL, 0 },
	{ "http: server gave http response to https client", "go: http response", "net.http", 85, NULL, 0, NULL, 0 },
	{ "http: tls handshake error from|eof", "go server: EOF", "net.closed", 35, "chain.incomplete", 20, NULL, 0 },
};

/* Java (JSSE, PKIX, java.net) */
static const struct rule java_rules[] = {
	{ "pkix path building failed", "PKIX path building", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.self_signed", 30 },
	{ "unable to find valid certification path", "SunCertPathBuilderException", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.self_signed", 30 },
	{ "certificateexpiredexception", "CertificateExpiredException", "cert.expired", 55, "chain.expired_intermediate", 35, NULL, 0 },
	{ "certificatenotyetvalidexception", "CertificateNotYetValidException", "cert.not_yet_valid", 85, NULL, 0, NULL, 0 },
	{ "validity check failed", "PKIX validity", "cert.expired", 45, "cert.not_yet_valid", 30, NULL, 0 },
	{ "certificaterevokedexception", "CertificateRevokedException", "cert.revoked", 85, NULL, 0, NULL, 0 },
	{ "certificate has been revoked", "PKIX revoked", "cert.revoked", 85, NULL, 0, NULL, 0 },
	{ "no subject alternative names present", "no SAN present", "cert.no_san", 70, "cert.hostname_mismatch", 40, NULL, 0 },
	{ "no subject alternative dns name matching", "no SAN match", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "no subject alternative names matching ip address", "no SAN IP match", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "no name matching|found", "no name matching", "cert.hostname_mismatch", 80, NULL, 0, NULL, 0 },
	{ "is not accepted by client preferences", "protocol not accepted", "version.legacy_only", 85, NULL, 0, NULL, 0 },
	{ "no appropriate protocol (protocol is disabled or cipher suites are inappropriate)", "No appropriate protocol", "version.legacy_only", 50, "cipher.no_shared", 35, NULL, 0 },
	{ "client requested protocol|is not enabled or supported", "protocol not enabled", "version.mismatch", 80, NULL, 0, NULL, 0 },
	{ "unsupported or unrecognized ssl message", "Unsupported SSL message", "net.not_tls", 80, "net.starttls_required", 25, NULL, 0 },
	{ "plaintext connection?", "plaintext connection", "net.not_tls", 80, NULL, 0, NULL, 0 },
	{ "remote host terminated the handshake", "Remote host terminated", "net.closed", 40, "version.intolerance", 25, "net.reset", 15 },
	{ "remote host closed connection during handshake", "Remote host closed", "net.closed", 40, "version.intolerance", 25, "net.reset", 15 },
	{ "socketexception: connection reset", "SocketException reset", "net.reset", 40, "version.intolerance", 25, "net.sni_filter", 15 },
	{ "connectexception: connection refused", "ConnectException", "net.refused", 85, NULL, 0, NULL, 0 },
	{ "sockettimeoutexception: connect timed out", "connect timed out", "net.filtered", 80, NULL, 0, NULL, 0 },
	{ "sockettimeoutexception: read timed out", "read timed out", "net.blackhole", 40, "net.stall", 35, "version.intolerance", 15 },
	{ "noroutetohostexception", "NoRouteToHostException", "net.unreachable", 85, NULL, 0, NULL, 0 },
	{ "unknownhostexception", "UnknownHostException", "net.dns", 85, NULL, 0, NULL, 0 },
	{ "algorithm constraints check failed on signature algorithm", "constraints: signature", "cert.weak_signature", 85, NULL, 0, NULL, 0 },
	{ "algorithm constraints check failed on keysize", "constraints: key size", "cert.weak_key", 85, NULL, 0, NULL, 0 },
	{ "algorithm constraints check failed on disabled algorithm", "constraints: disabled", "cert.weak_signature", 60, "cert.weak_key", 30, NULL, 0 },
	{ "certificates do not conform to algorithm constraints", "constraints", "cert.weak_signature", 50, "cert.weak_key", 35, NULL, 0 },
	{ "extended key usage does not permit use for tls server authentication", "EKU", "cert.bad_eku", 90, NULL, 0, NULL, 0 },
	{ "dh serverkeyexchange does not comply to algorithm constraints", "DH constraints", "cipher.weak_dh", 90, NULL, 0, NULL, 0 },
	{ "could not generate dh keypair", "DH keypair", "cipher.weak_dh", 70, NULL, 0, NULL, 0 },
	{ "no negotiable cipher suite", "no negotiable suite", "cipher.no_shared", 80, NULL, 0, NULL, 0 },
	{ "no available authentication scheme", "no auth scheme", "cipher.no_shared", 60, NULL, 0, NULL, 0 },
	{ "empty client certificate chain", "empty client chain", "cert.client_cert_required", 85, NULL, 0, NULL, 0 },
	{ "insufficient extensions data", "extensions data", "tls.error", 55, NULL, 0, NULL, 0 },
	{ "exceeds the maximum allowed size", "message too large", "tls.error", 55, NULL, 0, NULL, 0 },
	{ "bad input record size", "record size", "tls.error", 45, "net.not_tls", 25, NULL, 0 },
	{ "sslprotocolexception", "SSLProtocolException", "tls.error", 40, NULL, 0, NULL, 0 },
	{ "sslpeerunverifiedexception", "SSLPeerUnverifiedException", "cert.verify_failed", 40, NULL, 0, NULL, 0 },
	{ "received fatal alert: ", "Received fatal alert", "tls.alert", 5, NULL, 0, NULL, 0 },
};

/* Python ssl / urllib / requests, beyond the OpenSSL names */
static const struct rule python_rules[] = {
	{ "certificateerror: hostname", "CertificateError", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "hostname mismatch, certificate is not valid for", "Hostname mismatch", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "ip address mismatch, certificate is not valid for", "IP mismatch", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "eof occurred in violation of protocol", "SSLEOFError", "net.closed", 40, "version.intolerance", 25, "net.reset", 15 },
	{ "the handshake operation timed out", "handshake timed out", "net.blackhole", 40, "net.stall", 35, "version.intolerance", 15 },
	{ "the read operation timed out", "read timed out", "net.stall", 40, "net.blackhole", 35, NULL, 0 },
	{ "timeouterror: timed out", "TimeoutError", "net.filtered", 40, "net.blackhole", 35, NULL, 0 },
	{ "socket.timeout: timed out", "socket.timeout", "net.filtered", 40, "net.blackhole", 35, NULL, 0 },
	{ "connectionrefusederror", "ConnectionRefusedError", "net.refused", 85, NULL, 0, NULL, 0 },
	{ "connectionreseterror", "ConnectionResetError", "net.reset", 40, "version.intolerance", 25, "net.sni_filter", 15 },
	{ "remotedisconnected", "RemoteDisconnected", "net.closed", 40, NULL, 0, NULL, 0 },
	{ "gaierror", "socket.gaierror", "net.dns", 85, NULL, 0, NULL, 0 },
	{ "proxyerror", "ProxyError", "net.proxy", 70, NULL, 0, NULL, 0 },
	{ "tunnel connection failed: 407", "407", "net.proxy", 85, NULL, 0, NULL, 0 },
};

/* .NET SslStream / HttpClient: SslPolicyErrors, X509ChainStatus and texts */
static const struct rule dotnet_rules[] = {
	{ "remotecertificatenamemismatch", "RemoteCertificateNameMismatch", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "remotecertificatenotavailable", "RemoteCertificateNotAvailable", "tls.error", 40, NULL, 0, NULL, 0 },
	{ "remotecertificatechainerrors", "RemoteCertificateChainErrors", "chain.incomplete", 30, "chain.untrusted_root", 25, "cert.verify_failed", 15 },
	{ "untrustedroot", "X509ChainStatus UntrustedRoot", "chain.untrusted_root", 45, "cert.self_signed", 35, NULL, 0 },
	{ "partialchain", "X509ChainStatus PartialChain", "chain.incomplete", 85, NULL, 0, NULL, 0 },
	{ "nottimevalid", "X509ChainStatus NotTimeValid", "cert.expired", 55, "cert.not_yet_valid", 30, NULL, 0 },
	{ "notsignaturevalid", "X509ChainStatus NotSignatureValid", "chain.wrong_intermediate", 60, NULL, 0, NULL, 0 },
	{ "revocationstatusunknown", "X509ChainStatus RevocationStatusUnknown", "cert.revoked", 60, NULL, 0, NULL, 0 },
	{ "offlinerevocation", "X509ChainStatus OfflineRevocation", "cert.revoked", 55, NULL, 0, NULL, 0 },
	{ "notvalidforusage", "X509ChainStatus NotValidForUsage", "cert.bad_eku", 80, NULL, 0, NULL, 0 },
	{ "the remote certificate is invalid according to the validation procedure", "validation procedure", "cert.verify_failed", 20, "chain.incomplete", 20, NULL, 0 },
	{ "the remote certificate was rejected by the provided remotecertificatevalidationcallback", "validation callback", "cert.verify_failed", 30, NULL, 0, NULL, 0 },
	{ "received an unexpected eof or 0 bytes from the transport stream", "unexpected EOF", "net.closed", 40, "version.intolerance", 25, "net.reset", 15 },
	{ "cannot determine the frame size or a corrupted frame was received", "frame size", "net.not_tls", 75, NULL, 0, NULL, 0 },
	{ "the client and server cannot communicate, because they do not possess a common algorithm", "no common algorithm", "version.mismatch", 40, "cipher.no_shared", 35, NULL, 0 },
	{ "authentication failed, see inner exception", "see inner exception", "tls.error", 5, NULL, 0, NULL, 0 },
	{ "the ssl connection could not be established, see inner exception", "see inner exception", "tls.error", 5, NULL, 0, NULL, 0 },
	{ "authentication failed because the remote party has closed the transport stream", "closed stream", "net.closed", 40, "version.intolerance", 25, NULL, 0 },
};

/* Windows Schannel / CryptoAPI: SEC_E_*, CERT_E_*, CRYPT_E_* by name, hex and text */
static const struct rule schannel_rules[] = {
	{ "sec_e_untrusted_root", "SEC_E_UNTRUSTED_ROOT", "chain.untrusted_root", 60, "chain.incomplete", 30, NULL, 0 },
	{ "0x80090325", "SEC_E_UNTRUSTED_ROOT", "chain.untrusted_root", 60, "chain.incomplete", 30, NULL, 0 },
	{ "the certificate chain was issued by an authority that is not trusted", "SEC_E_UNTRUSTED_ROOT", "chain.untrusted_root", 60, "chain.incomplete", 30, NULL, 0 },
	{ "sec_e_cert_expired", "SEC_E_CERT_EXPIRED", "cert.expired", 80, NULL, 0, NULL, 0 },
	{ "0x80090328", "SEC_E_CERT_EXPIRED", "cert.expired", 80, NULL, 0, NULL, 0 },
	{ "sec_e_wrong_principal", "SEC_E_WRONG_PRINCIPAL", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "0x80090322", "SEC_E_WRONG_PRINCIPAL", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "the target principal name is incorrect", "SEC_E_WRONG_PRINCIPAL", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "sec_e_algorithm_mismatch", "SEC_E_ALGORITHM_MISMATCH", "version.mismatch", 40, "cipher.no_shared", 35, NULL, 0 },
	{ "0x80090331", "SEC_E_ALGORITHM_MISMATCH", "version.mismatch", 40, "cipher.no_shared", 35, NULL, 0 },
	{ "sec_e_unsupported_function", "SEC_E_UNSUPPORTED_FUNCTION", "version.legacy_only", 60, "version.mismatch", 30, NULL, 0 },
	{ "0x80090302", "SEC_E_UNSUPPORTED_FUNCTION", "version.legacy_only", 60, "version.mismatch", 30, NULL, 0 },
	{ "sec_e_illegal_message", "SEC_E_ILLEGAL_MESSAGE", "tls.alert", 20, "cipher.no_shared", 15, "cert.client_cert_required", 15 },
	{ "0x80090326", "SEC_E_ILLEGAL_MESSAGE", "tls.alert", 20, "cipher.no_shared", 15, "cert.client_cert_required", 15 },
	{ "sec_e_invalid_token", "SEC_E_INVALID_TOKEN", "net.not_tls", 55, NULL, 0, NULL, 0 },
	{ "0x80090308", "SEC_E_INVALID_TOKEN", "net.not_tls", 55, NULL, 0, NULL, 0 },
	{ "sec_e_cert_unknown", "SEC_E_CERT_UNKNOWN", "cert.verify_failed", 40, NULL, 0, NULL, 0 },
	{ "0x80090327", "SEC_E_CERT_UNKNOWN", "cert.verify_failed", 40, NULL, 0, NULL, 0 },
	{ "sec_e_no_credentials", "SEC_E_NO_CREDENTIALS", "cert.client_cert_required", 50, NULL, 0, NULL, 0 },
	{ "0x8009030e", "SEC_E_NO_CREDENTIALS", "cert.client_cert_required", 50, NULL, 0, NULL, 0 },
	{ "cert_e_untrustedroot", "CERT_E_UNTRUSTEDROOT", "chain.untrusted_root", 70, NULL, 0, NULL, 0 },
	{ "0x800b0109", "CERT_E_UNTRUSTEDROOT", "chain.untrusted_root", 70, NULL, 0, NULL, 0 },
	{ "cert_e_expired", "CERT_E_EXPIRED", "cert.expired", 80, NULL, 0, NULL, 0 },
	{ "0x800b0101", "CERT_E_EXPIRED", "cert.expired", 80, NULL, 0, NULL, 0 },
	{ "cert_e_cn_no_match", "CERT_E_CN_NO_MATCH", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "0x800b010f", "CERT_E_CN_NO_MATCH", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "cert_e_chaining", "CERT_E_CHAINING", "chain.incomplete", 75, NULL, 0, NULL, 0 },
	{ "0x800b010a", "CERT_E_CHAINING", "chain.incomplete", 75, NULL, 0, NULL, 0 },
	{ "crypt_e_revoked", "CRYPT_E_REVOKED", "cert.revoked", 85, NULL, 0, NULL, 0 },
	{ "0x80092010", "CRYPT_E_REVOKED", "cert.revoked", 85, NULL, 0, NULL, 0 },
	{ "crypt_e_no_revocation_check", "CRYPT_E_NO_REVOCATION_CHECK", "cert.revoked", 60, NULL, 0, NULL, 0 },
	{ "0x80092012", "CRYPT_E_NO_REVOCATION_CHECK", "cert.revoked", 60, NULL, 0, NULL, 0 },
	{ "crypt_e_revocation_offline", "CRYPT_E_REVOCATION_OFFLINE", "cert.revoked", 55, NULL, 0, NULL, 0 },
	{ "0x80092013", "CRYPT_E_REVOCATION_OFFLINE", "cert.revoked", 55, NULL, 0, NULL, 0 },
};

/* Firefox / NSS */
static const struct rule nss_rules[] = {
	{ "sec_error_unknown_issuer", "SEC_ERROR_UNKNOWN_ISSUER", "chain.incomplete", 60, "chain.untrusted_root", 35, NULL, 0 },
	{ "sec_error_expired_certificate", "SEC_ERROR_EXPIRED_CERTIFICATE", "cert.expired", 85, NULL, 0, NULL, 0 },
	{ "sec_error_expired_issuer_certificate", "SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE", "chain.expired_intermediate", 90, NULL, 0, NULL, 0 },
	{ "mozilla_pkix_error_not_yet_valid_certificate", "MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE", "cert.not_yet_valid", 85, NULL, 0, NULL, 0 },
	{ "mozilla_pkix_error_not_yet_valid_issuer_certificate", "MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE", "chain.wrong_intermediate", 60, NULL, 0, NULL, 0 },
	{ "ssl_error_bad_cert_domain", "SSL_ERROR_BAD_CERT_DOMAIN", "cert.hostname_mismatch", 85, NULL, 0, NULL, 0 },
	{ "mozilla_pkix_error_self_signed_cert", "MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", "cert.self_signed", 90, NULL, 0, NULL, 0 },
	{ "sec_error_untrusted_issuer", "SEC_ERROR_UNTRUSTED_ISSUER", "chain.untrusted_root", 75, NULL, 0, NULL, 0 },
	{ "sec_error_revoked_certificate", "SEC_ERROR_REVOKED_CERTIFICATE", "cert.revoked", 90, NULL, 0, NULL, 0 },
	{ "sec_error_cert_signature_algorithm_disabled", "SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED", "cert.weak_signature", 90, NULL, 0, NULL, 0 },
	{ "mozilla_pkix_error_inadequate_key_size", "MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE", "cert.weak_key", 90, NULL, 0, NULL, 0 },
	{ "sec_error_inadequate_key_usage", "SEC_ERROR_INADEQUATE_KEY_USAGE", "cert.bad_eku", 80, NULL, 0, NULL, 0 },
	{ "sec_error_inadequate_cert_type", "SEC_ERROR_INADEQUATE_CERT_TYPE", "cert.bad_eku", 85, NULL, 0, NULL, 0 },
	{ "mozilla_pkix_error_required_tls_feature_missing", "MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING", "cert.must_staple_missing", 90, NULL, 0, NULL, 0 },
	{ "mozilla_pkix_error_mitm_detected", "MOZILLA_PKIX_ERROR_MITM_DETECTED", "chain.interception", 90, NULL, 0, NULL, 0 },
	{ "ssl_error_no_cypher_overlap", "SSL_ERROR_NO_CYPHER_OVERLAP", "cipher.no_shared", 85, NULL, 0, NULL, 0 },
	{ "ssl_error_unsupported_version", "SSL_ERROR_UNSUPPORTED_VERSION", "version.legacy_only", 60, "version.mismatch", 35, NULL, 0 },
	{ "ssl_error_weak_server_ephemeral_dh_key", "SSL_ERROR_WEAK_SERVER_EPHEMERAL_DH_KEY", "cipher.weak_dh", 90, NULL, 0, NULL, 0 },
	{ "ssl_error_rx_record_too_long", "SSL_ERROR_RX_RECORD_TOO_LONG", "net.not_tls", 85, NULL, 0, NULL, 0 },
	{ "ssl_error_inappropriate_fallback_alert", "SSL_ERROR_INAPPROPRIATE_FALLBACK_ALERT", "version.intolerance", 85, NULL, 0, NULL, 0 },
	{ "pr_end_of_file_error", "PR_END_OF_FILE_ERROR", "net.closed", 40, "version.intolerance", 25, "net.interception", 15 },
	{ "pr_connect_reset_error", "PR_CONNECT_RESET_ERROR", "net.reset", 40, "version.intolerance", 25, "net.sni_filter", 15 },
	{ "pr_connect_refused_error", "PR_CONNECT_REFUSED_ERROR", "net.refused", 85, NULL, 0, NULL, 0 },
	{ "pr_io_timeout_error", "PR_IO_TIMEOUT_ERROR", "net.blackhole", 40, "net.stall", 30, NULL, 0 },
	{ "ssl_error_bad_cert_alert", "SSL_ERROR_BAD_CERT_ALERT", "cert.client_cert_required", 60, NULL, 0, NULL, 0 },
};

/* Chrome / Chromium net::ERR_* */
static const struct rule chrome_rules[] = {
	{ "err_cert_authority_invalid", "ERR_CERT_AUTHORITY_INVALID", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.self_signed", 30 },
	{ "err_cert_common_name_invalid", "ERR_CERT_COMMON_NAME_INVALID", "cert.hostname_mismatch", 75, "cert.no_san", 30, NULL, 0 },
	{ "err_cert_date_invalid", "ERR_CERT_DATE_INVALID", "cert.expired", 55, "cert.not_yet_valid", 30, NULL, 0 },
	{ "err_cert_revoked", "ERR_CERT_REVOKED", "cert.revoked", 90, NULL, 0, NULL, 0 },
	{ "err_cert_weak_signature_algorithm", "ERR_CERT_WEAK_SIGNATURE_ALGORITHM", "cert.weak_signature", 90, NULL, 0, NULL, 0 },
	{ "err_cert_weak_key", "ERR_CERT_WEAK_KEY", "cert.weak_key", 90, NULL, 0, NULL, 0 },
	{ "err_ssl_key_usage_incompatible", "ERR_SSL_KEY_USAGE_INCOMPATIBLE", "cert.bad_eku", 80, NULL, 0, NULL, 0 },
	{ "err_ssl_version_or_cipher_mismatch", "ERR_SSL_VERSION_OR_CIPHER_MISMATCH", "version.legacy_only", 35, "cipher.no_shared", 30, NULL, 0 },
	{ "err_ssl_obsolete_version", "ERR_SSL_OBSOLETE_VERSION", "version.legacy_only", 85, NULL, 0, NULL, 0 },
	{ "err_ssl_protocol_error", "ERR_SSL_PROTOCOL_ERROR", "tls.error", 25, "net.not_tls", 15, NULL, 0 },
	{ "err_connection_reset", "ERR_CONNECTION_RESET", "net.reset", 40, "version.intolerance", 25, "net.sni_filter", 15 },
	{ "err_connection_closed", "ERR_CONNECTION_CLOSED", "net.closed", 40, "version.intolerance", 25, NULL, 0 },
	{ "err_empty_response", "ERR_EMPTY_RESPONSE", "net.closed", 45, NULL, 0, NULL, 0 },
	{ "err_connection_refused", "ERR_CONNECTION_REFUSED", "net.refused", 85, NULL, 0, NULL, 0 },
	{ "err_connection_timed_out", "ERR_CONNECTION_TIMED_OUT", "net.filtered", 75, NULL, 0, NULL, 0 },
	{ "err_timed_out", "ERR_TIMED_OUT", "net.blackhole", 40, "net.stall", 30, NULL, 0 },
	{ "err_name_not_resolved", "ERR_NAME_NOT_RESOLVED", "net.dns", 90, NULL, 0, NULL, 0 },
	{ "err_address_unreachable", "ERR_ADDRESS_UNREACHABLE", "net.unreachable", 90, NULL, 0, NULL, 0 },
	{ "err_tunnel_connection_failed", "ERR_TUNNEL_CONNECTION_FAILED", "net.proxy", 85, NULL, 0, NULL, 0 },
	{ "err_proxy_connection_failed", "ERR_PROXY_CONNECTION_FAILED", "net.proxy", 85, NULL, 0, NULL, 0 },
	{ "err_bad_ssl_client_auth_cert", "ERR_BAD_SSL_CLIENT_AUTH_CERT", "cert.client_cert_required", 85, NULL, 0, NULL, 0 },
	{ "err_ssl_client_auth_cert_needed", "ERR_SSL_CLIENT_AUTH_CERT_NEEDED", "cert.client_cert_required", 90, NULL, 0, NULL, 0 },
	{ "err_ssl_weak_server_ephemeral_dh_key", "ERR_SSL_WEAK_SERVER_EPHEMERAL_DH_KEY", "cipher.weak_dh", 90, NULL, 0, NULL, 0 },
	{ "err_alpn_negotiation_failed", "ERR_ALPN_NEGOTIATION_FAILED", "sni.alpn_mismatch", 85, NULL, 0, NULL, 0 },
	{ "err_ssl_pinned_key_not_in_cert_chain", "ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN", "chain.interception", 75, NULL, 0, NULL, 0 },
	{ "err_cert_known_interception_blocked", "ERR_CERT_KNOWN_INTERCEPTION_BLOCKED", "chain.interception", 90, NULL, 0, NULL, 0 },
	{ "err_http2_inadequate_transport_security", "ERR_HTTP2_INADEQUATE_TRANSPORT_SECURITY", "cipher.cbc_only", 85, NULL, 0, NULL, 0 },
	{ "err_cert_invalid", "ERR_CERT_INVALID", "cert.verify_failed", 50, NULL, 0, NULL, 0 },
};

/* Apple Secure Transport / Network.framework / NSURLSession */
static const struct rule apple_rules[] = {
	{ "errsslxcertchaininvalid", "errSSLXCertChainInvalid", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.verify_failed", 20 },
	{ "-9807", "errSSLXCertChainInvalid", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.verify_failed", 20 },
	{ "errsslhostnamemismatch", "errSSLHostNameMismatch", "cert.hostname_mismatch", 90, NULL, 0, NULL, 0 },
	{ "-9843", "errSSLHostNameMismatch", "cert.hostname_mismatch", 90, NULL, 0, NULL, 0 },
	{ "errsslcertexpired", "errSSLCertExpired", "cert.expired", 85, NULL, 0, NULL, 0 },
	{ "-9814", "errSSLCertExpired", "cert.expired", 85, NULL, 0, NULL, 0 },
	{ "errsslcertnotyetvalid", "errSSLCertNotYetValid", "cert.not_yet_valid", 85, NULL, 0, NULL, 0 },
	{ "-9815", "errSSLCertNotYetValid", "cert.not_yet_valid", 85, NULL, 0, NULL, 0 },
	{ "errsslunknownrootcert", "errSSLUnknownRootCert", "chain.untrusted_root", 75, NULL, 0, NULL, 0 },
	{ "-9812", "errSSLUnknownRootCert", "chain.untrusted_root", 75, NULL, 0, NULL, 0 },
	{ "errsslnorootcert", "errSSLNoRootCert", "chain.incomplete", 75, NULL, 0, NULL, 0 },
	{ "-9813", "errSSLNoRootCert", "chain.incomplete", 75, NULL, 0, NULL, 0 },
	{ "errsslnegotiation", "errSSLNegotiation", "version.mismatch", 40, "cipher.no_shared", 35, NULL, 0 },
	{ "-9801", "errSSLNegotiation", "version.mismatch", 40, "cipher.no_shared", 35, NULL, 0 },
	{ "errsslclosedabort", "errSSLClosedAbort", "net.closed", 40, "version.intolerance", 25, "net.reset", 15 },
	{ "-9806", "errSSLClosedAbort", "net.closed", 40, "version.intolerance", 25, "net.reset", 15 },
	{ "errsslclientcertrequested", "errSSLClientCertRequested", "cert.client_cert_required", 85, NULL, 0, NULL, 0 },
	{ "errsslbadcert", "errSSLBadCert", "cert.verify_failed", 50, NULL, 0, NULL, 0 },
	{ "nsurlerrorservercertificatehasbaddate", "NSURLErrorServerCertificateHasBadDate", "cert.expired", 70, "cert.not_yet_valid", 25, NULL, 0 },
	{ "-1201", "NSURLErrorServerCertificateHasBadDate", "cert.expired", 70, "cert.not_yet_valid", 25, NULL, 0 },
	{ "nsurlerrorservercertificateuntrusted", "NSURLErrorServerCertificateUntrusted", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.self_signed", 30 },
	{ "-1202", "NSURLErrorServerCertificateUntrusted", "chain.incomplete", 40, "chain.untrusted_root", 30, "cert.self_signed", 30 },
	{ "nsurlerrorservercertificatehasunknownroot", "NSURLErrorServerCertificateHasUnknownRoot", "chain.untrusted_root", 80, NULL, 0, NULL, 0 },
	{ "-1203", "NSURLErrorServerCertificateHasUnknownRoot", "chain.untrusted_root", 80, NULL, 0, NULL, 0 },
	{ "nsurlerrorservercertificatenotyetvalid", "NSURLErrorServerCertificateNotYetValid", "cert.not_yet_valid", 85, NULL, 0, NULL, 0 },
	{ "-1204", "NSURLErrorServerCertificateNotYetValid", "cert.not_yet_valid", 85, NULL, 0, NULL, 0 },
	{ "nsurlerrorclientcertificaterejected", "NSURLErrorClientCertificateRejected", "cert.client_cert_required", 85, NULL, 0, NULL, 0 },
	{ "nsurlerrorclientcertificaterequired", "NSURLErrorClientCertificateRequired", "cert.client_cert_required", 90, NULL, 0, NULL, 0 },
	{ "-1206", "NSURLErrorClientCertificateRequired", "cert.client_cert_required", 90, NULL, 0, NULL, 0 },
	{ "nsurlerrorsecureconnectionfailed", "NSURLErrorSecureConnectionFailed", "tls.error", 20, NULL, 0, NULL, 0 },
	{ "nsurlerrorcannotconnecttohost", "NSURLErrorCannotConnectToHost", "net.refused", 70, "net.filtered", 20, NULL, 0 },
	{ "nsurlerrortimedout", "NSURLErrorTimedOut", "net.blackhole", 40, "net.filtered", 30, NULL, 0 },
	{ "nsurlerrorcannotfindhost", "NSURLErrorCannotFindHost", "net.dns", 90, NULL, 0, NULL, 0 },
	{ "nsurlerrornetworkconnectionlost", "NSURLErrorNetworkConnectionLost", "net.closed", 45, "net.reset", 25, NULL, 0 },
	{ "nsurlerrorapptransportsecurityrequiressecureconnection", "ATS", "version.legacy_only", 60, NULL, 0, NULL, 0 },
};

/* Server logs: nginx, HAProxy, Apache httpd, Postfix (and Dovecot) */
static const struct rule server_rules[] = {
	{ "client sent plain http request to https port", "nginx: plain HTTP", "net.http", 90, NULL, 0, NULL, 0 },
	{ "handshake rejected while ssl handshaking", "nginx: ssl_reject_handshake", "sni.unknown_name", 75, "sni.required", 40, NULL, 0 },
	{ "client closed connection while ssl handshaking", "nginx: client closed", "chain.incomplete", 30, "cert.verify_failed", 25, "net.closed", 20 },
	{ "peer closed connection in ssl handshake", "nginx: peer closed", "net.closed", 40, "chain.incomplete", 25, NULL, 0 },
	{ "client sent no required ssl certificate", "nginx: no client cert", "cert.client_cert_required", 90, NULL, 0, NULL, 0 },
	{ "client ssl certificate verify error", "nginx: client cert verify", "cert.client_cert_required", 80, NULL, 0, NULL, 0 },
	{ "no \"ssl_certificate\" is defined", "nginx: no ssl_certificate", "sni.default_cert", 85, NULL, 0, NULL, 0 },
	{ "ssl client certificate not trusted", "HAProxy: client cert not trusted", "cert.client_cert_required", 85, NULL, 0, NULL, 0 },
	{ "ssl client ca chain cannot be verified", "HAProxy: client CA chain", "cert.client_cert_required", 80, NULL, 0, NULL, 0 },
	{ "ssl client certificate required", "HAProxy: client cert required", "cert.client_cert_required", 85, NULL, 0, NULL, 0 },
	{ "connection closed during ssl handshake", "HAProxy: closed in handshake", "net.closed", 35, "chain.incomplete", 25, "cert.verify_failed", 20 },
	{ "timeout during ssl handshake", "HAProxy: handshake timeout", "net.stall", 40, "net.blackhole", 30, NULL, 0 },
	{ "ssl handshake failure", "HAProxy: handshake failure", "tls.error", 10, NULL, 0, NULL, 0 },
	{ "server presented an ssl certificate different from the configured one", "HAProxy: server cert", "chain.interception", 70, NULL, 0, NULL, 0 },
	{ "ah02039: certificate verification: error", "Apache: client cert verify", "cert.client_cert_required", 70, NULL, 0, NULL, 0 },
	{ "ah02261: re-negotiation handshake failed", "Apache: renegotiation", "cert.client_cert_required", 60, NULL, 0, NULL, 0 },
	{ "ah02042: rejecting client initiated renegotiation", "Apache: client renegotiation", "tls.error", 40, NULL, 0, NULL, 0 },
	{ "ah02032: hostname", "Apache: SNI vs Host", "sni.unknown_name", 75, NULL, 0, NULL, 0 },
	{ "ah02044: no matching ssl virtual host for servername", "Apache: no vhost", "sni.default_cert", 80, NULL, 0, NULL, 0 },
	{ "ah02033: no hostname was provided via sni", "Apache: no SNI", "sni.required", 80, NULL, 0, NULL, 0 },
	{ "ah02008: ssl library error", "Apache: library error", "tls.error", 5, NULL, 0, NULL, 0 },
	{ "ah01964: connection to child", "Apache: connection", "tls.error", 0, NULL, 0, NULL, 0 },
	{ "ssl_accept error from", "Postfix: SSL_accept error", "tls.error", 10, NULL, 0, NULL, 0 },
	{ "lost connection after starttls", "Postfix: lost after STARTTLS", "net.closed", 30, "chain.incomplete", 25, "cert.verify_failed", 20 },
	{ "must issue a starttls command first", "Postfix: STARTTLS first", "net.starttls_required", 90, NULL, 0, NULL, 0 },
	{ "cannot load certificate", "server: cannot load certificate", "tls.error", 40, NULL, 0, NULL, 0 },
	{ "key values mismatch", "server: key mismatch", "tls.error", 60, NULL, 0, NULL, 0 },
};

static const struct {
	const char *family;
	const struct rule *rules;
	size_t n;
} rule_families[] = {
#define FAM(name, t) { name, t, sizeof t / sizeof t[0] }
	FAM("curl-text", curl_rules), FAM("gnutls-status", gnutls_status), FAM("go", go_rules), FAM("java", java_rules),
	FAM("python", python_rules), FAM("dotnet", dotnet_rules), FAM("schannel", schannel_rules),
	FAM("nss", nss_rules), FAM("chrome", chrome_rules), FAM("apple", apple_rules), FAM("server", server_rules),
#undef FAM
};

static const char *const code_families[] = { "alert", "x509", "openssl", "errno", "curl", "gnutls" };

const char *signal_family_at(size_t i)
{
	size_t nc = sizeof code_families / sizeof code_families[0];
	if (i < nc)
		return code_families[i];
	i -= nc;
	return i < sizeof rule_families / sizeof rule_families[0] ? rule_families[i].family : NULL;
}

/* Substrings without one of which no family can match anything: one cheap pass first, so
 * unrelated log lines cost little. signal_self_check() proves every table entry passes. */
static const char *const triggers[] = {
	"ssl", "tls", "cert", "x509", "alert", "handshak", "err", "sec_", "pkix", "cipher", "protocol", "verif", "eof",
	"reset", "refus", "timed out", "timeout", "resolv", "proxy", "0x8", "-98", "-120", "trust", "expir", "issuer",
	"unreach", "route", "closed", "ah0", "sni", "terminat", "deadline", "exception", "curl", "gnutls", "nsurl",
	"function", "packet", "frame", "connect", "i/o", "owner", "activated", "insecure", "revoked", "gaierror",
	"name or service", "remote", "chain", "valid", "revocation", "usage", "signature", "algorithm", "crypt",
	"fallback", "version", "record", "pipe", "abort", "credential", "starttls", "ocsp", "denied", "econn",
	"ehost", "enet", "etimedout", "eai_", "enotfound", "epipe", "eproto", "mismatch", "weak", "diffie", "purpose",
	"self", "extension", "session", "plain http", "http request", "http response", "servname", "nodename",
	"temporary failure", "partialchain", "untrustedroot", "nottimevalid", "notvalidforusage", "authenticat",
	"principal", "dial tcp", "read tcp", "write tcp", "key", "failure", "rejected", "lost connection", "match",
	"constraint", "subject", "name", "host", "found", "unsupported", "parameter", "exceeded", "not ", "no ",
	"accepted", "invalid", "failed", "unable", "cannot", "could", "exceed", "too ", "size", "bad ", "missing",
	"message", "nothing", "close", "export", "cancel", "renegotiation", "psk", "unknown", "ech_required", "wrong",
	"legacy", "shutdown", "length", "decod", "insufficient", "limit", "ca ", "dh", "empty", "plaintext",
};

static bool worth_scanning(const char *norm)
{
	for (size_t i = 0; i < sizeof triggers / sizeof triggers[0]; i++)
		if (sstr(norm, triggers[i]))
			return true;
	return false;
}

static bool one_passes(const char *needles)
{
	char one[160];
	for (const char *p = needles; *p;) {
		size_t n = strcspn(p, "|");
		snprintf(one, sizeof one, "%.*s", (int)n, p);
		if (worth_scanning(one))
			return true;
		p += n;
		if (*p == '|')
			p++;
	}
	return false;
}

const char *signal_self_check(void)
{
	static char bad[200];
	char buf[160];
#define CHECK(s)                                              \
	do {                                                  \
		if (!one_passes(s)) {                         \
			snprintf(bad, sizeof bad, "%s", s); \
			return bad;                           \
		}                                             \
	} while (0)
	for (size_t f = 0; f < sizeof rule_families / sizeof rule_families[0]; f++)
		for (size_t i = 0; i < rule_families[f].n; i++)
			CHECK(rule_families[f].rules[i].needles);
	for (size_t i = 0; i < sizeof x509_errs / sizeof x509_errs[0]; i++) {
		if (x509_errs[i].text[0])
			CHECK(x509_errs[i].text);
		CHECK(x509_errs[i].name);
	}
	for (size_t i = 0; i < sizeof ssl_reasons / sizeof ssl_reasons[0]; i++)
		CHECK(ssl_reasons[i].text);
	for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++) {
		CHECK(errnos[i].text);
		CHECK(errnos[i].name);
	}
	for (size_t i = 0; i < sizeof curl_codes / sizeof curl_codes[0]; i++)
		CHECK(curl_codes[i].text);
	for (size_t i = 0; i < sizeof gnutls_errs / sizeof gnutls_errs[0]; i++)
		CHECK(gnutls_errs[i].text);
	for (size_t i = 0; i < sizeof alert_aliases / sizeof alert_aliases[0]; i++)
		CHECK(alert_aliases[i].name);
	for (unsigned i = 0; alert_at(i); i++) {
		snprintf(buf, sizeof buf, "%s", alert_at(i)->name);
		if (strchr(buf, '_'))
			CHECK(buf);
	}
#undef CHECK
	return NULL;
}

size_t signal_scan(const char *norm, struct signal *out, size_t max)
{
	struct sink k = { out, 0, max };
	if (!worth_scanning(norm))
		return 0;
	bg_build(norm);
	scan_source = signal_source(norm);
	scan_alerts(norm, &k);
	scan_x509(norm, &k);
	scan_openssl(norm, &k);
	scan_errno(norm, &k);
	scan_curl(norm, &k);
	scan_gnutls(norm, &k);
	for (size_t f = 0; f < sizeof rule_families / sizeof rule_families[0]; f++) {
		/* within a family the first matching row is the most specific one */
		for (size_t i = 0; i < rule_families[f].n; i++)
			if (has_all(norm, rule_families[f].rules[i].needles)) {
				emit_rule(&k, rule_families[f].family, &rule_families[f].rules[i]);
				break;
			}
	}
	scan_source = NULL;
	bg_text = NULL;
	return k.n;
}

/* ---- who wrote it ---- */

static const struct {
	const char *needles;
	const char *source;
} sources[] = {
	{ "curl: (", "curl" },
	{ "fatal: unable to access", "git" },
	{ "unable to establish ssl connection", "wget" },
	{ "error: the certificate of", "wget" },
	{ "certificate's owner does not match", "wget" },
	{ "proxy tunneling failed", "wget" },
	{ "*** fatal error", "gnutls-cli" },
	{ "*** received alert", "gnutls-cli" },
	{ "- status: the certificate", "gnutls-cli" },
	{ "ssl_do_handshake() failed", "nginx" },
	{ "while ssl handshaking", "nginx" },
	{ "client sent plain http request", "nginx" },
	{ "client sent no required ssl certificate", "nginx" },
	{ "client ssl certificate verify error", "nginx" },
	{ "while reading client request headers", "nginx" },
	{ "[emerg]", "nginx" },
	{ "haproxy", "HAProxy" },
	{ "ssl handshake failure", "HAProxy" },
	{ "ssl client certificate not trusted", "HAProxy" },
	{ "during ssl handshake", "HAProxy" },
	{ "ah0", "Apache" },
	{ "postfix/", "Postfix" },
	{ "smtpd[", "Postfix" },
	{ "dovecot", "Dovecot" },
	{ "javax.net.ssl", "Java" },
	{ "java.", "Java" },
	{ "sun.security", "Java" },
	{ "pkix path", "Java" },
	{ "system.net", ".NET" },
	{ "system.security", ".NET" },
	{ "sslpolicyerrors", ".NET" },
	{ "see inner exception", ".NET" },
	{ "remotecertificate", ".NET" },
	{ "ssl.ssl", "Python" },
	{ "_ssl.c", "Python" },
	{ "[ssl: ", "Python" },
	{ "[errno ", "Python" },
	{ "error: ", "" },	/* placeholder: never the answer by itself, see below */
	{ "code: '", "Node.js" },
	{ "error: connect e", "Node.js" },
	{ "error: read e", "Node.js" },
	{ "err_tls_", "Node.js" },
	{ "unable_to_verify_leaf_signature", "Node.js" },
	{ "x509: ", "Go" },
	{ "remote error: tls", "Go" },
	{ "tls: ", "Go" },
	{ "dial tcp", "Go" },
	{ "read tcp", "Go" },
	{ "context deadline exceeded", "Go" },
	{ "net::err_", "Chrome" },
	{ "err_cert_", "Chrome" },
	{ "err_ssl_", "Chrome" },
	{ "err_connection_", "Chrome" },
	{ "sec_error_", "Firefox" },
	{ "mozilla_pkix", "Firefox" },
	{ "ssl_error_", "Firefox" },
	{ "pr_end_of_file", "Firefox" },
	{ "pr_connect", "Firefox" },
	{ "sec_e_", "Schannel" },
	{ "0x8009", "Schannel" },
	{ "cert_e_", "Schannel" },
	{ "crypt_e_", "Schannel" },
	{ "schannel", "Schannel" },
	{ "errssl", "Apple" },
	{ "nsurlerror", "Apple" },
	{ "kcfstream", "Apple" },
	{ "gnutls", "GnuTLS" },
	{ "ssl routines", "OpenSSL" },
	{ "verify error:num=", "openssl s_client" },
	{ "error:0a", "OpenSSL" },
	{ "error:14", "OpenSSL" },
	{ "bio_connect", "openssl s_client" },
	{ "errno=", "openssl s_client" },
	{ "s_client", "openssl s_client" },
};

const char *signal_source(const char *norm)
{
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
		if (!sources[i].source[0])
			continue;
		if (has_all(norm, sources[i].needles)) {
			/* Node prints OpenSSL's error string but adds its code line */
			if (!strcmp(sources[i].source, "OpenSSL") && sstr(norm, "code: '"))
				return "Node.js";
			return sources[i].source;
		}
	}
	if (sstr(norm, "error: ") && sstr(norm, "code: "))
		return "Node.js";
	return "unknown";
}
