/* alert.c — the TLS alert registry with operator-level meanings. Data, not logic:
 * one row per IANA-assigned code (TLS Alerts registry, RFC 8446 6.2 and predecessors). */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "alert.h"

static const struct alert_info alerts[] = {
	{ 0, "close_notify", "either side",
	  "orderly shutdown; before the handshake finished it means the peer gave up without saying why", "firewall" },
	{ 10, "unexpected_message", "either side",
	  "a message arrived out of order: a broken middlebox, a protocol bug, or a non-TLS peer", "firewall" },
	{ 20, "bad_record_mac", "either side",
	  "a record failed its integrity check: corruption on the path, a broken TLS offload or MITM", "firewall" },
	{ 21, "decryption_failed", "old peers",
	  "obsolete (TLS1.0 and earlier): decryption failed; treat like bad_record_mac", "firewall" },
	{ 22, "record_overflow", "either side",
	  "a record was too large: a peer or middlebox that mangles record sizes", "firewall" },
	{ 30, "decompression_failure", "old peers",
	  "obsolete TLS compression failed; compression should be off everywhere (CRIME)", "ciphers" },
	{ 40, "handshake_failure", "server, usually",
	  "no acceptable set of parameters: no shared cipher suite, group or signature algorithm; in TLS1.2 also a missing client certificate", "ciphers" },
	{ 41, "no_certificate", "old clients",
	  "SSLv3 only: the client has no certificate", "certificates" },
	{ 42, "bad_certificate", "either side",
	  "a certificate was corrupt or failed verification (signature, algorithm); from a server: the client certificate was rejected", "certificates" },
	{ 43, "unsupported_certificate", "either side",
	  "the certificate type or key is not supported (e.g. an ECDSA certificate for a client without ECDSA)", "certificates" },
	{ 44, "certificate_revoked", "either side",
	  "the certificate was revoked by its issuer (OCSP or CRL)", "certificates" },
	{ 45, "certificate_expired", "either side",
	  "a certificate in the chain is expired or not yet valid (check the clocks too)", "certificates" },
	{ 46, "certificate_unknown", "client, usually",
	  "the peer rejected the certificate for another reason: untrusted issuer, wrong name, bad EKU (Java sends this for PKIX failures)", "chain" },
	{ 47, "illegal_parameter", "either side",
	  "a field in a handshake message was out of range or inconsistent: a buggy peer or middlebox", "versions" },
	{ 48, "unknown_ca", "client, usually",
	  "the chain does not end at a trusted root: missing intermediate, private CA, or TLS interception", "chain" },
	{ 49, "access_denied", "either side",
	  "the certificate was valid but access control refused the connection", "certificates" },
	{ 50, "decode_error", "either side",
	  "a message could not be parsed: a broken middlebox, a truncated hello, or a non-TLS peer", "firewall" },
	{ 51, "decrypt_error", "either side",
	  "a handshake signature or Finished check failed: key mismatch, broken offload or MITM", "certificates" },
	{ 60, "export_restriction", "old peers",
	  "obsolete: an export-grade parameter was refused", "ciphers" },
	{ 70, "protocol_version", "server, usually",
	  "the peer does not support any protocol version we offered (TLS1.0/1.1 turned off, or a TLS1.3-only server and an old client)", "versions" },
	{ 71, "insufficient_security", "server, usually",
	  "the peer requires stronger parameters than offered (suites, DH size)", "ciphers" },
	{ 80, "internal_error", "either side",
	  "the peer failed internally; OpenSSL 3 also sends it right after a ClientHello offering only TLS1.0/1.1 (security level)", "versions" },
	{ 86, "inappropriate_fallback", "server",
	  "the client retried with a lower version while the server supports a higher one (TLS_FALLBACK_SCSV): a client or middlebox downgraded", "versions" },
	{ 90, "user_canceled", "either side",
	  "the peer cancelled the handshake on purpose", "firewall" },
	{ 100, "no_renegotiation", "either side",
	  "renegotiation was refused", "versions" },
	{ 109, "missing_extension", "either side",
	  "a required extension was absent (TLS1.3: e.g. no supported_versions or key_share)", "versions" },
	{ 110, "unsupported_extension", "either side",
	  "the peer received an extension it did not offer or cannot accept", "versions" },
	{ 111, "certificate_unobtainable", "either side",
	  "obsolete: the certificate URL could not be fetched", "chain" },
	{ 112, "unrecognized_name", "server",
	  "the server has no virtual host for the requested SNI name (or requires SNI and none was sent)", "sni" },
	{ 113, "bad_certificate_status_response", "client",
	  "the stapled OCSP response was invalid or said revoked", "certificates" },
	{ 114, "bad_certificate_hash_value", "client",
	  "obsolete: certificate hash mismatch", "certificates" },
	{ 115, "unknown_psk_identity", "server",
	  "the PSK identity is unknown (PSK configuration mismatch)", "ciphers" },
	{ 116, "certificate_required", "server",
	  "TLS1.3: the server requires a client certificate and none was sent", "certificates" },
	{ 120, "no_application_protocol", "server",
	  "no ALPN protocol in common (e.g. the client offered only h2 and the server only http/1.1)", "sni" },
	{ 121, "ech_required", "server",
	  "the server requires Encrypted Client Hello", "sni" },
};

const struct alert_info *alert_lookup(int code)
{
	for (size_t i = 0; i < sizeof alerts / sizeof alerts[0]; i++)
		if (alerts[i].code == code)
			return &alerts[i];
	return NULL;
}

const char *alert_name(int code)
{
	const struct alert_info *a = alert_lookup(code);
	return a ? a->name : "unknown_alert";
}

const struct alert_info *alert_at(unsigned i)
{
	return i < sizeof alerts / sizeof alerts[0] ? &alerts[i] : NULL;
}

/* Compare ignoring case and treating '_', ' ' and '-' alike. */
static int name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
		if (ca == ' ' || ca == '-')
			ca = '_';
		if (cb == ' ' || cb == '-')
			cb = '_';
		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

int alert_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof alerts / sizeof alerts[0]; i++)
		if (name_eq(alerts[i].name, name))
			return alerts[i].code;
	return -1;
}
