/* finding.h — the finding catalogue (doc/findings.md): stable ids, their area,
 * default severity and one-line meaning, from one X-macro so enum and table cannot drift.
 * Ids are never renamed; new ones are appended and documented in doc/findings.md. */
#ifndef TLSWIZ_FINDING_H
#define TLSWIZ_FINDING_H
#include "model.h"

#define FINDING_LIST(X) \
	X(VERSION_SSL2, "version.ssl2", "versions", SEV_ERROR, "the server accepts SSLv2") \
	X(VERSION_SSL3, "version.ssl3", "versions", SEV_ERROR, "the server accepts SSLv3") \
	X(VERSION_TLS10, "version.tls10", "versions", SEV_WARN, "the server accepts TLS1.0") \
	X(VERSION_TLS11, "version.tls11", "versions", SEV_WARN, "the server accepts TLS1.1") \
	X(VERSION_NO_TLS12, "version.no_tls12", "versions", SEV_ERROR, "the server does not accept TLS1.2") \
	X(VERSION_NO_TLS13, "version.no_tls13", "versions", SEV_INFO, "the server does not accept TLS1.3") \
	X(VERSION_LEGACY_ONLY, "version.legacy_only", "versions", SEV_ERROR, "the server speaks nothing newer than TLS1.1") \
	X(VERSION_TLS13_ONLY, "version.tls13_only", "versions", SEV_WARN, "the server speaks only TLS1.3; clients without it fail") \
	X(VERSION_INTOLERANCE, "version.intolerance", "versions", SEV_ERROR, "the handshake fails when a newer version or a large hello is offered") \
	X(VERSION_MISMATCH, "version.mismatch", "versions", SEV_ERROR, "the client's and the server's version ranges do not overlap") \
	X(CERT_EXPIRED, "cert.expired", "certificates", SEV_ERROR, "the server certificate has expired") \
	X(CERT_NOT_YET_VALID, "cert.not_yet_valid", "certificates", SEV_ERROR, "the server certificate is not valid yet") \
	X(CERT_EXPIRES_SOON, "cert.expires_soon", "certificates", SEV_WARN, "the server certificate expires within 30 days") \
	X(CERT_CLOCK_SKEW, "cert.clock_skew", "certificates", SEV_WARN, "the local or the server clock is wrong") \
	X(CERT_HOSTNAME_MISMATCH, "cert.hostname_mismatch", "certificates", SEV_ERROR, "the certificate does not cover the host name") \
	X(CERT_WILDCARD_MISMATCH, "cert.wildcard_mismatch", "certificates", SEV_ERROR, "a wildcard certificate does not cover this name") \
	X(CERT_NO_SAN, "cert.no_san", "certificates", SEV_ERROR, "the certificate has no subjectAltName (CN only)") \
	X(CERT_SELF_SIGNED, "cert.self_signed", "certificates", SEV_ERROR, "the server certificate is self-signed") \
	X(CERT_WEAK_KEY, "cert.weak_key", "certificates", SEV_ERROR, "a certificate key is too small") \
	X(CERT_WEAK_SIGNATURE, "cert.weak_signature", "certificates", SEV_ERROR, "a certificate is signed with a weak hash (SHA-1/MD5)") \
	X(CERT_BAD_EKU, "cert.bad_eku", "certificates", SEV_ERROR, "the certificate is not allowed for TLS servers (EKU)") \
	X(CERT_REVOKED, "cert.revoked", "certificates", SEV_ERROR, "the certificate has been revoked") \
	X(CERT_MUST_STAPLE_MISSING, "cert.must_staple_missing", "certificates", SEV_ERROR, "the certificate requires OCSP stapling but no staple was sent") \
	X(CERT_CLIENT_CERT_REQUIRED, "cert.client_cert_required", "certificates", SEV_WARN, "the server requires a client certificate") \
	X(CERT_VERIFY_FAILED, "cert.verify_failed", "certificates", SEV_ERROR, "the certificate chain does not verify") \
	X(CERT_CLIENT_REJECTED, "cert.client_rejected", "certificates", SEV_ERROR, "the client rejects the server certificate (its alert says so)") \
	X(CHAIN_INCOMPLETE, "chain.incomplete", "chain", SEV_ERROR, "the server does not send the intermediate certificate(s)") \
	X(CHAIN_INCOMPLETE_AIA, "chain.incomplete_aia", "chain", SEV_ERROR, "an intermediate is missing but fetchable via AIA") \
	X(CHAIN_WRONG_ORDER, "chain.wrong_order", "chain", SEV_WARN, "the chain is sent in the wrong order") \
	X(CHAIN_WRONG_INTERMEDIATE, "chain.wrong_intermediate", "chain", SEV_ERROR, "the intermediate sent did not issue the leaf") \
	X(CHAIN_EXPIRED_INTERMEDIATE, "chain.expired_intermediate", "chain", SEV_ERROR, "an intermediate certificate has expired") \
	X(CHAIN_UNTRUSTED_ROOT, "chain.untrusted_root", "chain", SEV_ERROR, "the chain ends at a root that is not trusted") \
	X(CHAIN_ROOT_SENT, "chain.root_sent", "chain", SEV_INFO, "the server sends the root certificate") \
	X(CHAIN_INTERCEPTION, "chain.interception", "chain", SEV_WARN, "the chain is issued by a TLS-inspection CA") \
	X(CHAIN_CLIENT_REJECTED, "chain.client_rejected", "chain", SEV_ERROR, "the client does not trust the chain the server sent (unknown_ca)") \
	X(CHAIN_TOO_LONG, "chain.too_long", "chain", SEV_ERROR, "the server sends more certificates than any client verifies") \
	X(CIPHER_NO_SHARED, "cipher.no_shared", "ciphers", SEV_ERROR, "no cipher suite in common") \
	X(CIPHER_NULL, "cipher.null", "ciphers", SEV_ERROR, "NULL (unencrypted) suites are accepted") \
	X(CIPHER_ANON, "cipher.anon", "ciphers", SEV_ERROR, "anonymous suites are accepted: no server authentication") \
	X(CIPHER_EXPORT, "cipher.export", "ciphers", SEV_ERROR, "EXPORT suites are accepted") \
	X(CIPHER_RC4, "cipher.rc4", "ciphers", SEV_ERROR, "RC4 suites are accepted") \
	X(CIPHER_3DES, "cipher.3des", "ciphers", SEV_WARN, "3DES suites are accepted (Sweet32)") \
	X(CIPHER_DES, "cipher.des", "ciphers", SEV_ERROR, "single-DES suites are accepted") \
	X(CIPHER_CBC_ONLY, "cipher.cbc_only", "ciphers", SEV_WARN, "only CBC suites are accepted") \
	X(CIPHER_NO_PFS, "cipher.no_pfs", "ciphers", SEV_WARN, "no forward secrecy (static RSA key exchange)") \
	X(CIPHER_WEAK_DH, "cipher.weak_dh", "ciphers", SEV_WARN, "the Diffie-Hellman group is smaller than 2048 bits") \
	X(CIPHER_NO_AEAD, "cipher.no_aead", "ciphers", SEV_WARN, "no AEAD suite (GCM/ChaCha20/CCM) is accepted") \
	X(CIPHER_NO_SERVER_PREFERENCE, "cipher.no_server_preference", "ciphers", SEV_INFO, "the server follows the client's suite order") \
	X(CIPHER_CLIENT_REJECTED, "cipher.client_rejected", "ciphers", SEV_ERROR, "the client rejects the server's key exchange or signature") \
	X(SNI_REQUIRED, "sni.required", "sni", SEV_WARN, "the server refuses clients that send no SNI") \
	X(SNI_DEFAULT_CERT, "sni.default_cert", "sni", SEV_WARN, "without SNI the server shows a certificate for another name") \
	X(SNI_UNKNOWN_NAME, "sni.unknown_name", "sni", SEV_ERROR, "the requested name has no virtual host; the default certificate is returned") \
	X(SNI_ALPN_MISMATCH, "sni.alpn_mismatch", "sni", SEV_WARN, "ALPN negotiation fails") \
	X(NET_DNS, "net.dns", "firewall", SEV_ERROR, "the name does not resolve") \
	X(NET_REFUSED, "net.refused", "firewall", SEV_ERROR, "the TCP connection is refused") \
	X(NET_FILTERED, "net.filtered", "firewall", SEV_ERROR, "the TCP connection attempt is dropped (no answer to SYN)") \
	X(NET_UNREACHABLE, "net.unreachable", "firewall", SEV_ERROR, "the host is unreachable (ICMP)") \
	X(NET_BLACKHOLE, "net.blackhole", "firewall", SEV_ERROR, "TCP connects but the ClientHello gets no reply") \
	X(NET_RESET, "net.reset", "firewall", SEV_ERROR, "the connection is reset after the ClientHello") \
	X(NET_SNI_FILTER, "net.sni_filter", "firewall", SEV_ERROR, "the connection is blocked only for this SNI name") \
	X(NET_STALL, "net.stall", "firewall", SEV_ERROR, "the handshake stops midway") \
	X(NET_NOT_TLS, "net.not_tls", "firewall", SEV_ERROR, "the port answers with something that is not TLS") \
	X(NET_HTTP, "net.http", "firewall", SEV_ERROR, "the port speaks plain HTTP") \
	X(NET_SSH, "net.ssh", "firewall", SEV_ERROR, "the port speaks SSH") \
	X(NET_STARTTLS_REQUIRED, "net.starttls_required", "firewall", SEV_ERROR, "the service needs STARTTLS before TLS") \
	X(NET_PROXY, "net.proxy", "firewall", SEV_ERROR, "the proxy refused or failed the tunnel") \
	X(NET_INTERCEPTION, "net.interception", "firewall", SEV_WARN, "a middlebox intercepts TLS") \
	X(NET_CLOSED, "net.closed", "firewall", SEV_ERROR, "the server closes the connection after the ClientHello without an alert") \
	X(NET_STARTTLS_FAILED, "net.starttls_failed", "firewall", SEV_ERROR, "the STARTTLS upgrade fails") \
	X(NET_ADDRESS_DIFFERS, "net.address_differs", "firewall", SEV_ERROR, "some of the host's addresses work and others do not") \
	X(NET_CLIENT_TIMEOUT, "net.client_timeout", "firewall", SEV_ERROR, "the client gave up waiting for the server") \
	X(NET_CLIENT_CLOSED, "net.client_closed", "firewall", SEV_ERROR, "the client closes mid-handshake without an alert") \
	X(NET_CAPTURE_ENDS, "net.capture_ends", "firewall", SEV_WARN, "the capture ends (or misses data) before the handshake does") \
	X(TLS_ALERT, "tls.alert", "versions", SEV_ERROR, "the server refused the handshake with an alert") \
	X(TLS_ERROR, "tls.error", "versions", SEV_ERROR, "the handshake failed on the client side") \
	X(TLS_CLIENT_ALERT, "tls.client_alert", "versions", SEV_ERROR, "the client aborted the handshake with an alert")

enum finding_id {
#define X(e, id, area, sev, meaning) F_##e,
	FINDING_LIST(X)
#undef X
	F__COUNT
};

struct finding_def {
	enum finding_id e;
	const char *id;
	const char *area;
	enum severity severity;
	const char *meaning;
};

const struct finding_def *finding_def(enum finding_id e);
const struct finding_def *finding_def_by_id(const char *id);
/* What an attempt's outcome proves by itself, the same for a live probe and a capture:
 * its catalogue entry (id, severity, meaning), NULL for OK, LOCAL and CANCELLED. */
const struct finding_def *outcome_finding(enum outcome o);
/* The stable id as a string and back (tables that still spell ids as strings). */
const char *finding_id_name(enum finding_id e);
enum finding_id finding_id_from_name(const char *id);	/* F__COUNT when unknown */
/* The troubleshooting-guide section an area mirrors. */
const char *finding_section(const char *area);
/* Rank for ordering: network first, then errors before warnings... lower = earlier. */
int finding_rank(const struct finding *f);
int finding_is_generic(enum finding_id e);

#endif
