/* explain_table.c — real error messages and what they mean, one row each:
 * { source, needles ('|'-separated lowercase substrings, all required), area, finding id,
 *   cause, fix, one real sample }. The comment before each block names where the strings
 * come from. At the end, what each finding id means (explain_causes), for answers built
 * from signals (signals.c). Data only; the matching is in explain.c. */
#include <stddef.h>

#include "explain.h"

/* area, finding id */
#define A_UNTRUSTED "chain", "chain.incomplete"
#define A_ROOT "chain", "chain.untrusted_root"
#define A_SELF "certificates", "cert.self_signed"
#define A_EXPIRED "certificates", "cert.expired"
#define A_NOTYET "certificates", "cert.not_yet_valid"
#define A_NAME "certificates", "cert.hostname_mismatch"
#define A_NOSAN "certificates", "cert.no_san"
#define A_REVOKED "certificates", "cert.revoked"
#define A_WEAKKEY "certificates", "cert.weak_key"
#define A_WEAKSIG "certificates", "cert.weak_signature"
#define A_EKU "certificates", "cert.bad_eku"
#define A_STAPLE "certificates", "cert.must_staple_missing"
#define A_CLIENTCERT "certificates", "cert.client_cert_required"
#define A_VERIFY "certificates", "cert.verify_failed"
#define A_WRONGINT "chain", "chain.wrong_intermediate"
#define A_EXPINT "chain", "chain.expired_intermediate"
#define A_ORDER "chain", "chain.wrong_order"
#define A_ICPT "chain", "chain.interception"
#define A_VERSION "versions", "version.mismatch"
#define A_LEGACY "versions", "version.legacy_only"
#define A_INTOL "versions", "version.intolerance"
#define A_NOCIPHER "ciphers", "cipher.no_shared"
#define A_WEAKDH "ciphers", "cipher.weak_dh"
#define A_NOAEAD "ciphers", "cipher.cbc_only"
#define A_SNIREQ "sni", "sni.required"
#define A_SNIUNK "sni", "sni.unknown_name"
#define A_SNIDEF "sni", "sni.default_cert"
#define A_ALPN "sni", "sni.alpn_mismatch"
#define A_NOTTLS "firewall", "net.not_tls"
#define A_HTTP "firewall", "net.http"
#define A_RESET "firewall", "net.reset"
#define A_CLOSED "firewall", "net.closed"
#define A_SILENT "firewall", "net.blackhole"
#define A_FILTERED "firewall", "net.filtered"
#define A_REFUSED "firewall", "net.refused"
#define A_UNREACH "firewall", "net.unreachable"
#define A_DNS "firewall", "net.dns"
#define A_PROXY "firewall", "net.proxy"
#define A_STARTTLS "firewall", "net.starttls_required"
#define A_ALERT "firewall", "tls.alert"
#define A_TLSERR "versions", "tls.error"
#define A_CONF "certificates", "tls.error"

/* causes */
#define C_UNTRUSTED "the client cannot build a path to a trusted root: usually the server does not send its intermediate certificate(s); else the issuing CA is private and not in the client's trust store"
#define C_ROOT "the chain ends at a root the client does not trust: a private CA, or TLS inspection re-signing the traffic"
#define C_SELF "the server presents a self-signed certificate that no client trusts"
#define C_EXPIRED "the certificate is past its notAfter date (or the client's clock is wrong)"
#define C_NOTYET "the certificate is not valid yet: issued with a future notBefore, or a clock is wrong"
#define C_NAME "the certificate does not cover the host name the client used (subjectAltName)"
#define C_NOSAN "the certificate names the host only in its CN; modern clients require a subjectAltName"
#define C_REVOKED "the certificate has been revoked by its CA (or its revocation status cannot be checked)"
#define C_WEAKKEY "a certificate key is too small for the client (RSA < 2048 bits, EC < 256)"
#define C_WEAKSIG "a certificate is signed with a hash the client refuses (SHA-1, MD5)"
#define C_EKU "the certificate is not allowed for TLS server authentication (extended key usage)"
#define C_STAPLE "the certificate demands an OCSP staple (Must-Staple) or the client demands one, and none was sent"
#define C_CLIENTCERT "mutual TLS: the server requires a client certificate, and none (or one it does not accept) was presented"
#define C_VERIFY "the certificate chain failed verification (see the detail in the message)"
#define C_WRONGINT "the intermediate sent is not the one that signed the certificate, or its signature does not verify"
#define C_EXPINT "an intermediate certificate in the chain has expired"
#define C_ICPT "the certificate does not come from the real server: a TLS-inspection proxy or pinning mismatch"
#define C_VERSION "the client and the server have no TLS version in common"
#define C_LEGACY "the server offers only old TLS versions (1.0/1.1) that the client has disabled"
#define C_INTOL "a retry with a lower version was refused as a downgrade (TLS_FALLBACK_SCSV): version intolerance on the path"
#define C_NOCIPHER "the client and the server share no cipher suite (or no key-exchange group/signature algorithm)"
#define C_WEAKDH "the server's Diffie-Hellman group is too small (1024 bits or less) for the client"
#define C_NOAEAD "the negotiated suite is blacklisted for HTTP/2 (CBC, no forward secrecy)"
#define C_SNIREQ "the server refused the name sent in SNI (alert unrecognized_name), or requires SNI and none was sent"
#define C_SNIUNK "the server has no virtual host for the requested name and answers with its default certificate or refuses"
#define C_SNIDEF "an HTTPS listener has no certificate for the name or the default vhost"
#define C_ALPN "the server refuses every application protocol (ALPN) the client offers"
#define C_NOTTLS "the reply is not TLS: the port speaks plain HTTP or another protocol, or a proxy answered"
#define C_HTTP "a client spoke plain HTTP to the TLS port"
#define C_RESET "the connection was reset (RST) during the handshake: a firewall, IPS or load balancer, or the server aborting"
#define C_CLOSED "the peer closed the connection during the handshake without a TLS alert: it disliked the ClientHello, or a middlebox cut it"
#define C_SILENT "nothing answered in time: a firewall dropping packets, a stalled proxy or an overloaded server"
#define C_FILTERED "the TCP connection timed out: a firewall drops the SYN, or the host is down"
#define C_REFUSED "nothing listens on that port, or a firewall rejects the connection"
#define C_UNREACH "no route to the host (ICMP unreachable or administratively prohibited)"
#define C_DNS "the host name does not resolve"
#define C_PROXY "the proxy refused or failed the CONNECT tunnel (authentication, policy, or upstream)"
#define C_STARTTLS "the service speaks plaintext first and needs STARTTLS, or TLS is not enabled on it"
#define C_ALERT "the peer aborted the handshake with a TLS alert"
#define C_TLSERR "the TLS handshake failed; the message does not say why"
#define C_KEYMISMATCH "the private key does not belong to the certificate configured next to it"
#define C_CERTLOAD "the server cannot load its certificate or key file (path, permissions, format)"

/* fixes */
#define F_UNTRUSTED "Serve the full chain: leaf then intermediates (nginx ssl_certificate fullchain.pem; Apache SSLCertificateFile fullchain.pem). If the CA is private, add its root to the client's trust store."
#define F_ROOT "If the CA is yours, install its root on the clients (update-ca-certificates, keytool -importcert). If not, something re-signs the traffic: compare with `tlswiz wizard chain` from another network."
#define F_SELF "Replace it with a certificate from a CA the clients trust (e.g. ACME/Let's Encrypt), or distribute it to the clients explicitly."
#define F_EXPIRED "Renew the certificate and reload the server (certbot renew && systemctl reload nginx); check both clocks (timedatectl)."
#define F_NOTYET "Check the clocks of client and server (timedatectl, chronyc tracking); reissue if notBefore is in the future."
#define F_NAME "Reissue the certificate with the name in its subjectAltName, or connect with a name it covers; check SNI with `tlswiz wizard sni`."
#define F_NOSAN "Reissue with a subjectAltName (openssl req -addext \"subjectAltName=DNS:host\")."
#define F_REVOKED "Replace the certificate with a new one (new key); if revocation cannot be checked, allow the client to reach the OCSP/CRL URLs."
#define F_WEAKKEY "Reissue with RSA 2048+ or ECDSA P-256."
#define F_WEAKSIG "Reissue the certificate (and intermediates) signed with SHA-256."
#define F_EKU "Reissue with extendedKeyUsage serverAuth."
#define F_STAPLE "Enable OCSP stapling (nginx ssl_stapling on; Apache SSLUseStapling on) and let the server reach the OCSP responder."
#define F_CLIENTCERT "Present a client certificate the server accepts (curl --cert c.pem --key c.key; tlswiz --cert/--key), or relax the server (nginx ssl_verify_client optional)."
#define F_VERIFY "Run `tlswiz wizard chain HOST` to see which certificate fails and why."
#define F_WRONGINT "Download the intermediate that issued the leaf (its AIA caIssuers URL) and serve it after the leaf."
#define F_EXPINT "Replace the expired intermediate with the CA's current one (and rebuild fullchain.pem)."
#define F_ICPT "Find the inspecting device (web proxy, firewall, antivirus); trust its CA if policy requires inspection, or ask for a bypass for this host."
#define F_VERSION "Enable TLS1.2 and TLS1.3 on the server (nginx ssl_protocols TLSv1.2 TLSv1.3;) and on the client; `tlswiz wizard versions` shows what each side accepts."
#define F_LEGACY "Enable TLS1.2+ on the server; as a stopgap re-enable TLS1.0/1.1 on that client only (Java: jdk.tls.disabledAlgorithms)."
#define F_INTOL "Find the middlebox that drops newer hellos (`tlswiz wizard versions`), update it or the server."
#define F_NOCIPHER "Use the Mozilla intermediate suite list on the server (ECDHE with AES-GCM/ChaCha20); match the certificate type (ECDSA needs ECDHE-ECDSA suites)."
#define F_WEAKDH "Use a 2048-bit DH group (ssl_dhparam ffdhe2048.pem) or prefer ECDHE suites."
#define F_NOAEAD "Prefer ECDHE + AES-GCM/ChaCha20 suites (Mozilla intermediate list)."
#define F_SNIREQ "Give the server a vhost (and certificate) for the name, or a default vhost for clients without SNI."
#define F_SNIUNK "Add a server block/vhost for this name with its certificate, or add the name to the existing certificate."
#define F_SNIDEF "Give the listener (or the default server) an ssl_certificate, or reject unknown names with ssl_reject_handshake on (nginx 1.19.4+)."
#define F_ALPN "Let the server accept http/1.1 (and h2) in ALPN, or fix the client's protocol list."
#define F_NOTTLS "Check the port: use the HTTPS port (443), https:// instead of http://, or STARTTLS for mail ports; check proxies on the path."
#define F_HTTP "Harmless scanners, or clients using http:// on the HTTPS port: redirect them with nginx `error_page 497 https://$host$request_uri;`."
#define F_RESET "Find what sends the RST: `tlswiz wizard firewall HOST` compares SNI, versions and record sizes; check IPS/firewall logs."
#define F_CLOSED "Compare what the client offers with what the server accepts: `tlswiz wizard versions HOST` and `tlswiz wizard ciphers HOST`."
#define F_SILENT "Check firewalls and proxies on the path: `tlswiz wizard firewall HOST` shows where the handshake stops."
#define F_FILTERED "Open the port on the host firewall/security group, check the service listens on that address (ss -ltnp)."
#define F_REFUSED "Start the service or fix its listen address/port (ss -ltnp); check reject rules."
#define F_UNREACH "Check routing and firewall rules that answer with ICMP unreachable/prohibited."
#define F_DNS "Check the name and the resolver (dig +short HOST); test a server before DNS with --connect-to."
#define F_PROXY "Check the proxy URL, credentials (http://user:pass@proxy:port), and whether it allows CONNECT to this host and port; or set NO_PROXY."
#define F_STARTTLS "Use the implicit-TLS port (465/993/995/636) or STARTTLS (`tlswiz diagnose --starttls smtp HOST:25`); enable TLS on the service."
#define F_ALERT "Run the wizard for the area: it repeats the handshake and shows which message the alert answers."
#define F_TLSERR "Run `tlswiz diagnose HOST`: it tries each version, cipher family and SNI variant and names the one that fails."
#define F_KEYMISMATCH "Install the key that matches the certificate (compare `openssl x509 -noout -pubkey` with `openssl pkey -pubout`)."
#define F_CERTLOAD "Fix the path and permissions of the certificate/key files, PEM format, leaf first; test with nginx -t / apachectl configtest."

#define E(src, needles, area_id, cause, fix, sample) { src, needles, area_id, cause, fix, sample }

const struct explain_entry explain_table[] = {
	/* Chrome / Edge: Chromium net/base/net_error_list.h */
	E("Chrome", "net::err_cert_authority_invalid", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "NET::ERR_CERT_AUTHORITY_INVALID"),
	E("Chrome", "net::err_cert_common_name_invalid", A_NAME, C_NAME, F_NAME, "NET::ERR_CERT_COMMON_NAME_INVALID"),
	E("Chrome", "net::err_cert_date_invalid", A_EXPIRED, C_EXPIRED, F_EXPIRED, "NET::ERR_CERT_DATE_INVALID"),
	E("Chrome", "net::err_cert_revoked", A_REVOKED, C_REVOKED, F_REVOKED, "NET::ERR_CERT_REVOKED"),
	E("Chrome", "net::err_cert_weak_signature_algorithm", A_WEAKSIG, C_WEAKSIG, F_WEAKSIG, "NET::ERR_CERT_WEAK_SIGNATURE_ALGORITHM"),
	E("Chrome", "net::err_cert_weak_key", A_WEAKKEY, C_WEAKKEY, F_WEAKKEY, "NET::ERR_CERT_WEAK_KEY"),
	E("Chrome", "net::err_cert_invalid", A_VERIFY, C_VERIFY, F_VERIFY, "NET::ERR_CERT_INVALID"),
	E("Chrome", "net::err_cert_symantec_legacy", A_ROOT, C_ROOT, F_ROOT, "NET::ERR_CERT_SYMANTEC_LEGACY"),
	E("Chrome", "net::err_cert_validity_too_long", A_VERIFY, "the certificate's validity period exceeds what browsers accept (398 days)", "Reissue with a validity of 398 days or less.", "NET::ERR_CERT_VALIDITY_TOO_LONG"),
	E("Chrome", "net::err_cert_name_constraint_violation", A_WRONGINT, "the certificate's name is outside the name constraints of an intermediate", F_WRONGINT, "NET::ERR_CERT_NAME_CONSTRAINT_VIOLATION"),
	E("Chrome", "net::err_cert_known_interception_blocked", A_ICPT, C_ICPT, F_ICPT, "NET::ERR_CERT_KNOWN_INTERCEPTION_BLOCKED"),
	E("Chrome", "net::err_cert_unable_to_check_revocation", A_REVOKED, C_REVOKED, F_REVOKED, "NET::ERR_CERT_UNABLE_TO_CHECK_REVOCATION"),
	E("Chrome", "net::err_cert_no_revocation_mechanism", A_REVOKED, C_REVOKED, F_REVOKED, "NET::ERR_CERT_NO_REVOCATION_MECHANISM"),
	E("Chrome", "err_ssl_version_or_cipher_mismatch", A_VERSION, "no TLS version or cipher suite in common between the browser and the server (often: only TLS1.0/1.1, or RC4/3DES suites, or a certificate type without matching suites)", F_VERSION, "ERR_SSL_VERSION_OR_CIPHER_MISMATCH"),
	E("Chrome", "err_ssl_protocol_error", A_TLSERR, "the server sent something the browser could not accept during the handshake (a broken server, a middlebox, or a client-certificate rejection)", F_TLSERR, "ERR_SSL_PROTOCOL_ERROR"),
	E("Chrome", "err_ssl_obsolete_version", A_LEGACY, C_LEGACY, F_LEGACY, "ERR_SSL_OBSOLETE_VERSION"),
	E("Chrome", "err_ssl_obsolete_cipher", A_NOCIPHER, "the server chose an obsolete cipher suite the browser refuses", F_NOCIPHER, "ERR_SSL_OBSOLETE_CIPHER"),
	E("Chrome", "err_connection_reset", A_RESET, C_RESET, F_RESET, "ERR_CONNECTION_RESET"),
	E("Chrome", "err_connection_closed", A_CLOSED, C_CLOSED, F_CLOSED, "ERR_CONNECTION_CLOSED"),
	E("Chrome", "err_connection_refused", A_REFUSED, C_REFUSED, F_REFUSED, "ERR_CONNECTION_REFUSED"),
	E("Chrome", "err_connection_timed_out", A_FILTERED, C_FILTERED, F_FILTERED, "ERR_CONNECTION_TIMED_OUT"),
	E("Chrome", "err_timed_out", A_SILENT, C_SILENT, F_SILENT, "net::ERR_TIMED_OUT"),
	E("Chrome", "err_name_not_resolved", A_DNS, C_DNS, F_DNS, "ERR_NAME_NOT_RESOLVED"),
	E("Chrome", "err_address_unreachable", A_UNREACH, C_UNREACH, F_UNREACH, "ERR_ADDRESS_UNREACHABLE"),
	E("Chrome", "err_tunnel_connection_failed", A_PROXY, C_PROXY, F_PROXY, "ERR_TUNNEL_CONNECTION_FAILED"),
	E("Chrome", "err_proxy_connection_failed", A_PROXY, C_PROXY, F_PROXY, "ERR_PROXY_CONNECTION_FAILED"),
	E("Chrome", "err_bad_ssl_client_auth_cert", A_CLIENTCERT, C_CLIENTCERT, F_CLIENTCERT, "ERR_BAD_SSL_CLIENT_AUTH_CERT"),
	E("Chrome", "err_ssl_client_auth_cert_needed", A_CLIENTCERT, C_CLIENTCERT, F_CLIENTCERT, "ERR_SSL_CLIENT_AUTH_CERT_NEEDED"),
	E("Chrome", "err_ssl_unrecognized_name_alert", A_SNIREQ, C_SNIREQ, F_SNIREQ, "ERR_SSL_UNRECOGNIZED_NAME_ALERT"),
	E("Chrome", "err_ssl_pinned_key_not_in_cert_chain", A_ICPT, C_ICPT, F_ICPT, "ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN"),
	E("Chrome", "err_ssl_server_cert_bad_format", A_VERIFY, "the server's certificate could not be parsed", F_VERIFY, "ERR_SSL_SERVER_CERT_BAD_FORMAT"),
	E("Chrome", "err_ssl_decrypt_error_alert", A_ALERT, "the server could not verify a signature or decrypt a key exchange (often a broken TLS offload or a client-certificate key problem)", F_ALERT, "ERR_SSL_DECRYPT_ERROR_ALERT"),
	E("Chrome", "err_ssl_bad_record_mac_alert", A_ALERT, "a record failed its integrity check: a middlebox corrupting data, or a broken offload", F_SILENT, "ERR_SSL_BAD_RECORD_MAC_ALERT"),
	E("Chrome", "err_ssl_key_usage_incompatible", A_EKU, C_EKU, F_EKU, "ERR_SSL_KEY_USAGE_INCOMPATIBLE"),
	E("Chrome", "err_empty_response", A_CLOSED, "the server closed the connection without sending anything (often HTTPS to an HTTP-only port behind a proxy)", F_CLOSED, "ERR_EMPTY_RESPONSE"),
	E("Chrome", "err_ssl_server_cert_changed", A_ICPT, C_ICPT, F_ICPT, "ERR_SSL_SERVER_CERT_CHANGED"),
	E("Chrome", "err_http2_inadequate_transport_security", A_NOAEAD, C_NOAEAD, F_NOAEAD, "ERR_HTTP2_INADEQUATE_TRANSPORT_SECURITY"),
	E("Chrome", "err_cert_authority_invalid|hsts", A_UNTRUSTED, "the certificate is not trusted and HSTS forbids clicking through", F_UNTRUSTED, "NET::ERR_CERT_AUTHORITY_INVALID (HSTS)"),
	E("Chrome", "err_ssl_no_renegotiation", A_TLSERR, "the server requested renegotiation, which the browser refused (often per-directory client certificates)", F_CLIENTCERT, "ERR_SSL_NO_RENEGOTIATION"),
	E("Chrome", "err_ssl_unsafe_negotiation", A_TLSERR, "the server does not support secure renegotiation (RFC 5746)", "Update the server's TLS library.", "ERR_SSL_UNSAFE_NEGOTIATION"),
	E("Chrome", "err_certificate_transparency_required", A_VERIFY, "the certificate lacks the Certificate Transparency proofs the browser requires", "Reissue from a CA that logs to CT (all public CAs do).", "NET::ERR_CERTIFICATE_TRANSPARENCY_REQUIRED"),

	/* Firefox / NSS: security/nss/lib/util/secerr.h, sslerr.h, mozilla::pkix ErrorList.h */
	E("Firefox", "sec_error_unknown_issuer", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "SEC_ERROR_UNKNOWN_ISSUER"),
	E("Firefox", "sec_error_expired_certificate", A_EXPIRED, C_EXPIRED, F_EXPIRED, "SEC_ERROR_EXPIRED_CERTIFICATE"),
	E("Firefox", "sec_error_expired_issuer_certificate", A_EXPINT, C_EXPINT, F_EXPINT, "SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE"),
	E("Firefox", "sec_error_untrusted_issuer", A_ROOT, C_ROOT, F_ROOT, "SEC_ERROR_UNTRUSTED_ISSUER"),
	E("Firefox", "sec_error_untrusted_cert", A_VERIFY, C_VERIFY, F_VERIFY, "SEC_ERROR_UNTRUSTED_CERT"),
	E("Firefox", "sec_error_revoked_certificate", A_REVOKED, C_REVOKED, F_REVOKED, "SEC_ERROR_REVOKED_CERTIFICATE"),
	E("Firefox", "sec_error_inadequate_key_usage", A_EKU, C_EKU, F_EKU, "SEC_ERROR_INADEQUATE_KEY_USAGE"),
	E("Firefox", "sec_error_cert_signature_algorithm_disabled", A_WEAKSIG, C_WEAKSIG, F_WEAKSIG, "SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED"),
	E("Firefox", "sec_error_bad_signature", A_WRONGINT, C_WRONGINT, F_WRONGINT, "SEC_ERROR_BAD_SIGNATURE"),
	E("Firefox", "sec_error_ca_cert_invalid", A_WRONGINT, "a certificate used as an issuer is not a valid CA certificate", F_WRONGINT, "SEC_ERROR_CA_CERT_INVALID"),
	E("Firefox", "sec_error_cert_not_in_name_space", A_WRONGINT, "the certificate's name is outside an issuer's name constraints", F_WRONGINT, "SEC_ERROR_CERT_NOT_IN_NAME_SPACE"),
	E("Firefox", "sec_error_path_len_constraint_invalid", A_WRONGINT, "the chain is longer than an issuer's pathLen constraint allows", F_WRONGINT, "SEC_ERROR_PATH_LEN_CONSTRAINT_INVALID"),
	E("Firefox", "sec_error_ocsp_", A_REVOKED, "the OCSP check failed (responder unreachable, bad or stale response)", F_STAPLE, "SEC_ERROR_OCSP_SERVER_ERROR"),
	E("Firefox", "sec_error_bad_der", A_VERIFY, "the server's certificate is malformed", F_VERIFY, "SEC_ERROR_BAD_DER"),
	E("Firefox", "ssl_error_bad_cert_domain", A_NAME, C_NAME, F_NAME, "SSL_ERROR_BAD_CERT_DOMAIN"),
	E("Firefox", "ssl_error_no_cypher_overlap", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "SSL_ERROR_NO_CYPHER_OVERLAP"),
	E("Firefox", "ssl_error_unsupported_version", A_VERSION, C_VERSION, F_VERSION, "SSL_ERROR_UNSUPPORTED_VERSION"),
	E("Firefox", "ssl_error_protocol_version_alert", A_VERSION, C_VERSION, F_VERSION, "SSL_ERROR_PROTOCOL_VERSION_ALERT"),
	E("Firefox", "ssl_error_handshake_failure_alert", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "SSL_ERROR_HANDSHAKE_FAILURE_ALERT"),
	E("Firefox", "ssl_error_rx_record_too_long", A_NOTTLS, C_NOTTLS, F_NOTTLS, "SSL_ERROR_RX_RECORD_TOO_LONG"),
	E("Firefox", "ssl_error_bad_mac_read", A_ALERT, "a record failed its integrity check: corruption on the path or a broken offload", F_SILENT, "SSL_ERROR_BAD_MAC_READ"),
	E("Firefox", "ssl_error_rx_malformed_server_hello", A_TLSERR, "the ServerHello is malformed (a broken server or middlebox)", F_TLSERR, "SSL_ERROR_RX_MALFORMED_SERVER_HELLO"),
	E("Firefox", "ssl_error_unrecognized_name_alert", A_SNIREQ, C_SNIREQ, F_SNIREQ, "SSL_ERROR_UNRECOGNIZED_NAME_ALERT"),
	E("Firefox", "ssl_error_access_denied_alert", A_ALERT, "the server refused access (alert access_denied)", F_ALERT, "SSL_ERROR_ACCESS_DENIED_ALERT"),
	E("Firefox", "ssl_error_handshake_unexpected_alert", A_ALERT, C_ALERT, F_ALERT, "SSL_ERROR_HANDSHAKE_UNEXPECTED_ALERT"),
	E("Firefox", "ssl_error_no_certificate", A_CLIENTCERT, C_CLIENTCERT, F_CLIENTCERT, "SSL_ERROR_NO_CERTIFICATE"),
	E("Firefox", "ssl_error_bad_cert_alert", A_CLIENTCERT, "the server rejected the client certificate (alert bad_certificate)", F_CLIENTCERT, "SSL_ERROR_BAD_CERT_ALERT"),
	E("Firefox", "ssl_error_weak_server_ephemeral_dh_key", A_WEAKDH, C_WEAKDH, F_WEAKDH, "SSL_ERROR_WEAK_SERVER_EPHEMERAL_DH_KEY"),
	E("Firefox", "ssl_error_inappropriate_fallback_alert", A_INTOL, C_INTOL, F_INTOL, "SSL_ERROR_INAPPROPRIATE_FALLBACK_ALERT"),
	E("Firefox", "ssl_error_decode_error_alert", A_ALERT, "the peer could not parse a handshake message (alert decode_error)", F_ALERT, "SSL_ERROR_DECODE_ERROR_ALERT"),
	E("Firefox", "ssl_error_illegal_parameter_alert", A_ALERT, "the peer rejected a handshake field (alert illegal_parameter)", F_ALERT, "SSL_ERROR_ILLEGAL_PARAMETER_ALERT"),
	E("Firefox", "ssl_error_unknown_ca_alert", A_CLIENTCERT, "the server does not know the CA of the client certificate (alert unknown_ca)", F_CLIENTCERT, "SSL_ERROR_UNKNOWN_CA_ALERT"),
	E("Firefox", "ssl_error_certificate_unknown_alert", A_CLIENTCERT, "the server rejected the client certificate (alert certificate_unknown)", F_CLIENTCERT, "SSL_ERROR_CERTIFICATE_UNKNOWN_ALERT"),
	E("Firefox", "ssl_error_missing_extension_alert", A_ALERT, "the peer requires an extension that was not sent (alert missing_extension)", F_ALERT, "SSL_ERROR_MISSING_EXTENSION_ALERT"),
	E("Firefox", "mozilla_pkix_error_self_signed_cert", A_SELF, C_SELF, F_SELF, "MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT"),
	E("Firefox", "mozilla_pkix_error_mitm_detected", A_ICPT, C_ICPT, F_ICPT, "MOZILLA_PKIX_ERROR_MITM_DETECTED"),
	E("Firefox", "mozilla_pkix_error_not_yet_valid_certificate", A_NOTYET, C_NOTYET, F_NOTYET, "MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE"),
	E("Firefox", "mozilla_pkix_error_not_yet_valid_issuer_certificate", A_EXPINT, "an intermediate certificate is not valid yet", F_EXPINT, "MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE"),
	E("Firefox", "mozilla_pkix_error_inadequate_key_size", A_WEAKKEY, C_WEAKKEY, F_WEAKKEY, "MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE"),
	E("Firefox", "mozilla_pkix_error_ca_cert_used_as_end_entity", A_EKU, "the server presents a CA certificate as its own (basicConstraints CA:TRUE)", "Serve the leaf certificate first; reissue the leaf with CA:FALSE.", "MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY"),
	E("Firefox", "mozilla_pkix_error_required_tls_feature_missing", A_STAPLE, C_STAPLE, F_STAPLE, "MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING"),
	E("Firefox", "mozilla_pkix_error_v1_cert_used_as_ca", A_WRONGINT, "an X.509 v1 certificate is used as an issuer", F_WRONGINT, "MOZILLA_PKIX_ERROR_V1_CERT_USED_AS_CA"),
	E("Firefox", "mozilla_pkix_error_key_pinning_failure", A_ICPT, C_ICPT, F_ICPT, "MOZILLA_PKIX_ERROR_KEY_PINNING_FAILURE"),
	E("Firefox", "mozilla_pkix_error_insufficient_certificate_transparency", A_VERIFY, "the certificate lacks Certificate Transparency proofs", "Reissue from a CA that logs to CT.", "MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY"),
	E("Firefox", "mozilla_pkix_error_empty_issuer_name", A_VERIFY, "a certificate has an empty issuer name", F_VERIFY, "MOZILLA_PKIX_ERROR_EMPTY_ISSUER_NAME"),
	E("Firefox", "pr_end_of_file_error", A_CLOSED, C_CLOSED, F_CLOSED, "PR_END_OF_FILE_ERROR"),
	E("Firefox", "pr_connect_reset_error", A_RESET, C_RESET, F_RESET, "PR_CONNECT_RESET_ERROR"),
	E("Firefox", "pr_connect_refused_error", A_REFUSED, C_REFUSED, F_REFUSED, "PR_CONNECT_REFUSED_ERROR"),

	/* curl: docs/libcurl/libcurl-errors.3 and lib/vtls/openssl.c messages */
	E("curl", "curl: (6)|could not resolve host", A_DNS, C_DNS, F_DNS, "curl: (6) Could not resolve host: shop.example"),
	E("curl", "curl: (7)|connection refused", A_REFUSED, C_REFUSED, F_REFUSED, "curl: (7) Failed to connect to shop.example port 443 after 3 ms: Connection refused"),
	E("curl", "curl: (7)|no route to host", A_UNREACH, C_UNREACH, F_UNREACH, "curl: (7) Failed to connect to shop.example port 443: No route to host"),
	E("curl", "curl: (28)|connection timed out", A_FILTERED, C_FILTERED, F_FILTERED, "curl: (28) Failed to connect to shop.example port 443 after 75001 ms: Connection timed out"),
	E("curl", "curl: (28)|operation timed out", A_SILENT, C_SILENT, F_SILENT, "curl: (28) Operation timed out after 30000 milliseconds with 0 out of 0 bytes received"),
	E("curl", "curl: (35)", A_TLSERR, C_TLSERR, F_TLSERR, "curl: (35) SSL connect error"),
	E("curl", "curl: (35)|ssl_error_syscall", A_RESET, "the connection was reset or closed during the handshake (SSL_ERROR_SYSCALL): a firewall, proxy or the server cut it", F_RESET, "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to shop.example:443"),
	E("curl", "curl: (35)|connection reset by peer", A_RESET, C_RESET, F_RESET, "curl: (35) Recv failure: Connection reset by peer"),
	E("curl", "curl: (35)|unexpected eof while reading", A_CLOSED, C_CLOSED, F_CLOSED, "curl: (35) error:0A000126:SSL routines::unexpected eof while reading"),
	E("curl", "curl: (35)|gnutls, handshake failed", A_ALERT, C_ALERT, F_ALERT, "curl: (35) gnutls_handshake() failed: A TLS fatal alert has been received."),
	E("curl", "curl: (35)|schannel", A_TLSERR, "Windows Schannel could not complete the handshake (often no common version/suite with an old server, or a revocation check failure)", F_TLSERR, "curl: (35) schannel: next InitializeSecurityContext failed: Unknown error"),
	E("curl", "curl: (35)|wrong version number", A_NOTTLS, C_NOTTLS, F_NOTTLS, "curl: (35) error:0A00010B:SSL routines::wrong version number"),
	E("curl", "curl: (35)|alert protocol version", A_VERSION, C_VERSION, F_VERSION, "curl: (35) error:0A00042E:SSL routines::tlsv1 alert protocol version"),
	E("curl", "curl: (35)|alert handshake failure", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "curl: (35) error:0A000410:SSL routines::sslv3 alert handshake failure"),
	E("curl", "curl: (35)|unsupported protocol", A_VERSION, C_VERSION, F_VERSION, "curl: (35) error:0A000102:SSL routines::unsupported protocol"),
	E("curl", "curl: (51)|no alternative certificate subject name matches", A_NAME, C_NAME, F_NAME, "curl: (51) SSL: no alternative certificate subject name matches target host name 'shop.example'"),
	E("curl", "curl: (51)|does not match target host name", A_NAME, C_NAME, F_NAME, "curl: (51) SSL: certificate subject name 'other.example' does not match target host name 'shop.example'"),
	E("curl", "curl: (52)|empty reply from server", A_CLOSED, "the server closed the connection without a reply (after or instead of the handshake)", F_CLOSED, "curl: (52) Empty reply from server"),
	E("curl", "curl: (56)|connection reset by peer", A_RESET, C_RESET, F_RESET, "curl: (56) Recv failure: Connection reset by peer"),
	E("curl", "curl: (56)|received http code 407 from proxy", A_PROXY, "the proxy wants authentication (407)", F_PROXY, "curl: (56) Received HTTP code 407 from proxy after CONNECT"),
	E("curl", "curl: (56)|received http code 403 from proxy", A_PROXY, "the proxy's policy forbids this destination (403)", F_PROXY, "curl: (56) Received HTTP code 403 from proxy after CONNECT"),
	E("curl", "curl: (56)|proxy connect aborted", A_PROXY, C_PROXY, F_PROXY, "curl: (56) Proxy CONNECT aborted"),
	E("curl", "curl: (58)", A_CLIENTCERT, "curl could not load the client certificate or key given with --cert/--key", "Check the --cert/--key paths, format (--cert-type PEM|P12) and passphrase.", "curl: (58) unable to set private key file: 'client.key' type PEM"),
	E("curl", "curl: (59)", A_NOCIPHER, "the cipher list given to curl (--ciphers) is not usable", "Fix the --ciphers list or drop it.", "curl: (59) failed setting cipher list: RC4-SHA"),
	E("curl", "curl: (60)|unable to get local issuer certificate", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "curl: (60) SSL certificate problem: unable to get local issuer certificate"),
	E("curl", "curl: (60)|self signed certificate in certificate chain", A_ROOT, C_ROOT, F_ROOT, "curl: (60) SSL certificate problem: self signed certificate in certificate chain"),
	E("curl", "curl: (60)|self-signed certificate in certificate chain", A_ROOT, C_ROOT, F_ROOT, "curl: (60) SSL certificate problem: self-signed certificate in certificate chain"),
	E("curl", "curl: (60)|self signed certificate", A_SELF, C_SELF, F_SELF, "curl: (60) SSL certificate problem: self signed certificate"),
	E("curl", "curl: (60)|self-signed certificate", A_SELF, C_SELF, F_SELF, "curl: (60) SSL certificate problem: self-signed certificate"),
	E("curl", "curl: (60)|certificate has expired", A_EXPIRED, C_EXPIRED, F_EXPIRED, "curl: (60) SSL certificate problem: certificate has expired"),
	E("curl", "curl: (60)|certificate is not yet valid", A_NOTYET, C_NOTYET, F_NOTYET, "curl: (60) SSL certificate problem: certificate is not yet valid"),
	E("curl", "curl: (60)|unable to verify the first certificate", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "curl: (60) SSL certificate problem: unable to verify the first certificate"),
	E("curl", "curl: (60)|peer certificate cannot be authenticated", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "curl: (60) Peer certificate cannot be authenticated with given CA certificates"),
	E("curl", "curl: (77)", A_VERIFY, "curl cannot read its CA bundle (--cacert/CURL_CA_BUNDLE path wrong or unreadable)", "Point --cacert at a readable PEM bundle, or install ca-certificates.", "curl: (77) error setting certificate verify locations: CAfile: /etc/ssl/cert.pem CApath: none"),
	E("curl", "curl: (83)", A_WRONGINT, "the issuer check failed (--crlfile/--cacert issuer mismatch)", F_WRONGINT, "curl: (83) Issuer check failed"),
	E("curl", "curl: (90)|pinned public key", A_ICPT, C_ICPT, F_ICPT, "curl: (90) SSL: public key does not match pinned public key"),
	E("curl", "curl: (91)", A_STAPLE, "curl --cert-status asked for OCSP status and the server stapled none or an invalid one", F_STAPLE, "curl: (91) No OCSP response received"),

	/* OpenSSL 1.1 and 3 reason strings: crypto/err/openssl.txt (SSL_R_*), X509_V_ERR_* texts */
	E("OpenSSL", "wrong version number", A_NOTTLS, C_NOTTLS, F_NOTTLS, "error:0A00010B:SSL routines::wrong version number"),
	E("OpenSSL", "unsupported protocol", A_VERSION, C_VERSION, F_VERSION, "error:0A000102:SSL routines::unsupported protocol"),
	E("OpenSSL", "no protocols available", A_VERSION, "this side has every TLS version disabled (MinProtocol/MaxProtocol or security level)", F_VERSION, "error:0A0000BF:SSL routines::no protocols available"),
	E("OpenSSL", "tlsv1 alert protocol version", A_VERSION, C_VERSION, F_VERSION, "error:1409442E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version"),
	E("OpenSSL", "sslv3 alert handshake failure", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure"),
	E("OpenSSL", "no shared cipher", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "error:0A0000C1:SSL routines::no shared cipher"),
	E("OpenSSL", "no ciphers available", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "error:0A0000B5:SSL routines::no ciphers available"),
	E("OpenSSL", "no cipher match", A_NOCIPHER, "the configured cipher list matches no suite this OpenSSL knows", F_NOCIPHER, "error:0A0000B9:SSL routines::no cipher match"),
	E("OpenSSL", "certificate verify failed", A_VERIFY, C_VERIFY, F_VERIFY, "error:0A000086:SSL routines::certificate verify failed"),
	E("OpenSSL", "tlsv1 alert unknown ca", A_CLIENTCERT, "the peer does not trust the CA of the certificate this side sent (from a server: the client certificate's CA)", F_CLIENTCERT, "error:14094418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca"),
	E("OpenSSL", "sslv3 alert bad certificate", A_CLIENTCERT, "the peer rejected the certificate this side sent (from a server: the client certificate)", F_CLIENTCERT, "error:14094412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate"),
	E("OpenSSL", "sslv3 alert certificate expired", A_CLIENTCERT, "the peer says the certificate this side sent has expired", F_EXPIRED, "error:0A000415:SSL routines::sslv3 alert certificate expired"),
	E("OpenSSL", "sslv3 alert certificate unknown", A_VERIFY, "the peer could not verify the certificate this side sent (from a browser: it does not trust the server)", F_VERIFY, "error:0A000416:SSL routines::sslv3 alert certificate unknown"),
	E("OpenSSL", "tlsv13 alert certificate required", A_CLIENTCERT, C_CLIENTCERT, F_CLIENTCERT, "error:0A00045C:SSL routines::tlsv13 alert certificate required"),
	E("OpenSSL", "peer did not return a certificate", A_CLIENTCERT, C_CLIENTCERT, F_CLIENTCERT, "error:0A0000C7:SSL routines::peer did not return a certificate"),
	E("OpenSSL", "tlsv1 unrecognized name", A_SNIREQ, C_SNIREQ, F_SNIREQ, "error:14094458:SSL routines:ssl3_read_bytes:tlsv1 unrecognized name"),
	E("OpenSSL", "tlsv1 alert internal error", A_ALERT, "the peer hit an internal error (often a misconfigured server: missing key, broken engine, OCSP stapling failure)", F_ALERT, "error:0A000438:SSL routines::tlsv1 alert internal error"),
	E("OpenSSL", "tlsv1 alert decode error", A_ALERT, "the peer could not parse a message (a broken or very old implementation, or a middlebox)", F_ALERT, "error:0A000432:SSL routines::tlsv1 alert decode error"),
	E("OpenSSL", "sslv3 alert illegal parameter", A_ALERT, "the peer rejected a field of the handshake (illegal_parameter)", F_ALERT, "error:0A000417:SSL routines::sslv3 alert illegal parameter"),
	E("OpenSSL", "tlsv1 alert no application protocol", A_ALPN, C_ALPN, F_ALPN, "error:0A000460:SSL routines::tlsv1 alert no application protocol"),
	E("OpenSSL", "unexpected eof while reading", A_CLOSED, C_CLOSED, F_CLOSED, "error:0A000126:SSL routines::unexpected eof while reading"),
	E("OpenSSL", "ssl routines|http request", A_HTTP, C_HTTP, F_HTTP, "error:1408F09C:SSL routines:ssl3_get_record:http request"),
	E("OpenSSL", "https proxy request", A_PROXY, "a client sent a proxy request (CONNECT) to the TLS port", F_HTTP, "error:0A00009B:SSL routines::https proxy request"),
	E("OpenSSL", "dh key too small", A_WEAKDH, C_WEAKDH, F_WEAKDH, "error:0A00018A:SSL routines::dh key too small"),
	E("OpenSSL", "ee key too small", A_WEAKKEY, C_WEAKKEY, F_WEAKKEY, "error:0A00018F:SSL routines::ee key too small"),
	E("OpenSSL", "ca md too weak", A_WEAKSIG, C_WEAKSIG, F_WEAKSIG, "error:0A00018E:SSL routines::ca md too weak"),
	E("OpenSSL", "legacy sigalg disallowed or unsupported", A_WEAKSIG, C_WEAKSIG, F_WEAKSIG, "error:0A000172:SSL routines::legacy sigalg disallowed or unsupported"),
	E("OpenSSL", "unsafe legacy renegotiation disabled", A_TLSERR, "the server does not support secure renegotiation (RFC 5746); OpenSSL 3 refuses it by default", "Update the server's TLS stack; as a stopgap on the client: Options = UnsafeLegacyServerConnect.", "error:0A000152:SSL routines::unsafe legacy renegotiation disabled"),
	E("OpenSSL", "inappropriate fallback", A_INTOL, C_INTOL, F_INTOL, "error:0A000175:SSL routines::inappropriate fallback"),
	E("OpenSSL", "version too low", A_LEGACY, C_LEGACY, F_LEGACY, "error:0A00018C:SSL routines::version too low"),
	E("OpenSSL", "packet length too long", A_NOTTLS, C_NOTTLS, F_NOTTLS, "error:0A0000C6:SSL routines::packet length too long"),
	E("OpenSSL", "decryption failed or bad record mac", A_ALERT, "a record failed its integrity check: corruption on the path or a broken offload", F_SILENT, "error:0A000119:SSL routines::decryption failed or bad record mac"),
	E("OpenSSL", "sslv3 alert bad record mac", A_ALERT, "the peer saw a corrupted record: a middlebox modifying traffic or a broken offload", F_SILENT, "error:140943FC:SSL routines:ssl3_read_bytes:sslv3 alert bad record mac"),
	E("OpenSSL", "no suitable signature algorithm", A_NOCIPHER, "no signature algorithm in common for the certificate's key", F_NOCIPHER, "error:0A000076:SSL routines::no suitable signature algorithm"),
	E("OpenSSL", "bad key share", A_NOCIPHER, "no key-exchange group in common, or a broken key share", F_NOCIPHER, "error:0A00006C:SSL routines::bad key share"),
	E("OpenSSL", "key values mismatch", A_CONF, C_KEYMISMATCH, F_KEYMISMATCH, "error:05800074:x509 certificate routines::key values mismatch"),
	E("OpenSSL", "unable to get local issuer certificate", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "verify error:num=20:unable to get local issuer certificate"),
	E("OpenSSL", "unable to get issuer certificate", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "verify error:num=2:unable to get issuer certificate"),
	E("OpenSSL", "self signed certificate in certificate chain", A_ROOT, C_ROOT, F_ROOT, "verify error:num=19:self signed certificate in certificate chain"),
	E("OpenSSL", "self-signed certificate in certificate chain", A_ROOT, C_ROOT, F_ROOT, "verify error:num=19:self-signed certificate in certificate chain"),
	E("OpenSSL", "self signed certificate", A_SELF, C_SELF, F_SELF, "verify error:num=18:self signed certificate"),
	E("OpenSSL", "self-signed certificate", A_SELF, C_SELF, F_SELF, "verify error:num=18:self-signed certificate"),
	E("OpenSSL", "certificate has expired", A_EXPIRED, C_EXPIRED, F_EXPIRED, "verify error:num=10:certificate has expired"),
	E("OpenSSL", "certificate is not yet valid", A_NOTYET, C_NOTYET, F_NOTYET, "verify error:num=9:certificate is not yet valid"),
	E("OpenSSL", "unable to verify the first certificate", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "verify error:num=21:unable to verify the first certificate"),
	E("OpenSSL", "certificate signature failure", A_WRONGINT, C_WRONGINT, F_WRONGINT, "verify error:num=7:certificate signature failure"),
	E("OpenSSL", "unsupported certificate purpose", A_EKU, C_EKU, F_EKU, "verify error:num=26:unsupported certificate purpose"),
	E("OpenSSL", "certificate revoked", A_REVOKED, C_REVOKED, F_REVOKED, "verify error:num=23:certificate revoked"),
	E("OpenSSL", "invalid ca certificate", A_WRONGINT, "a certificate used as an issuer is not a CA certificate", F_WRONGINT, "verify error:num=24:invalid CA certificate"),
	E("OpenSSL", "path length constraint exceeded", A_WRONGINT, "the chain is longer than an issuer's pathLen allows", F_WRONGINT, "verify error:num=25:path length constraint exceeded"),
	E("OpenSSL", "hostname mismatch", A_NAME, C_NAME, F_NAME, "verify error:num=62:hostname mismatch"),
	E("OpenSSL", "no peer certificate available", A_TLSERR, "openssl s_client: the handshake never got as far as the server's certificate", F_TLSERR, "no peer certificate available"),
	E("OpenSSL", "connect:errno=111", A_REFUSED, C_REFUSED, F_REFUSED, "connect:errno=111"),
	E("OpenSSL", "write:errno=104", A_RESET, C_RESET, F_RESET, "write:errno=104"),
	E("OpenSSL", "ssl handshake has read 0 bytes", A_CLOSED, "openssl s_client sent its hello and got nothing back before the connection closed", F_CLOSED, "SSL handshake has read 0 bytes and written 293 bytes"),

	/* GnuTLS: lib/errors.c strings (gnutls_strerror), gnutls-cli verification output */
	E("GnuTLS", "the tls connection was non-properly terminated", A_CLOSED, C_CLOSED, F_CLOSED, "The TLS connection was non-properly terminated."),
	E("GnuTLS", "a tls fatal alert has been received", A_ALERT, C_ALERT, F_ALERT, "A TLS fatal alert has been received."),
	E("GnuTLS", "no supported cipher suites have been found", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "No supported cipher suites have been found."),
	E("GnuTLS", "could not negotiate a supported cipher suite", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "Could not negotiate a supported cipher suite."),
	E("GnuTLS", "a packet with illegal or unsupported version was received", A_VERSION, C_VERSION, F_VERSION, "A packet with illegal or unsupported version was received."),
	E("GnuTLS", "an unexpected tls packet was received", A_NOTTLS, C_NOTTLS, F_NOTTLS, "An unexpected TLS packet was received."),
	E("GnuTLS", "the certificate issuer is unknown", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "The certificate is NOT trusted. The certificate issuer is unknown."),
	E("GnuTLS", "the certificate chain uses expired certificate", A_EXPIRED, C_EXPIRED, F_EXPIRED, "The certificate chain uses expired certificate."),
	E("GnuTLS", "the name in the certificate does not match the expected", A_NAME, C_NAME, F_NAME, "The name in the certificate does not match the expected."),
	E("GnuTLS", "error in the push function", A_RESET, C_RESET, F_RESET, "Error in the push function."),
	E("GnuTLS", "error in the pull function", A_RESET, C_RESET, F_RESET, "Error in the pull function."),
	E("GnuTLS", "the diffie-hellman prime sent by the server is not acceptable", A_WEAKDH, C_WEAKDH, F_WEAKDH, "The Diffie-Hellman prime sent by the server is not acceptable (not long enough)."),
	E("GnuTLS", "insufficient credentials for that request", A_CLIENTCERT, "GnuTLS has no credentials for what the handshake needs (a client certificate, or a certificate for the negotiated key type)", F_CLIENTCERT, "Insufficient credentials for that request."),
	E("GnuTLS", "safe renegotiation failed", A_TLSERR, "the peer does not support safe renegotiation (RFC 5746)", "Update the server's TLS library.", "Safe renegotiation failed."),
	E("GnuTLS", "the certificate is not trusted", A_VERIFY, C_VERIFY, F_VERIFY, "The certificate is NOT trusted."),

	/* Java JSSE: sun.security.validator, sun.security.ssl messages */
	E("Java", "pkix path building failed", A_UNTRUSTED, C_UNTRUSTED, "Serve the full chain on the server; if the CA is private import its root into the JVM trust store (keytool -importcert -cacerts -alias myca -file root.pem).", "javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target"),
	E("Java", "unable to find valid certification path to requested target", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "unable to find valid certification path to requested target"),
	E("Java", "certificateexpiredexception", A_EXPIRED, C_EXPIRED, F_EXPIRED, "java.security.cert.CertificateExpiredException: NotAfter: Sun May 01 12:00:00 UTC 2024"),
	E("Java", "certificatenotyetvalidexception", A_NOTYET, C_NOTYET, F_NOTYET, "java.security.cert.CertificateNotYetValidException: NotBefore: Wed Jun 01 12:00:00 UTC 2033"),
	E("Java", "no subject alternative dns name matching", A_NAME, C_NAME, F_NAME, "java.security.cert.CertificateException: No subject alternative DNS name matching shop.example found."),
	E("Java", "no subject alternative names present", A_NOSAN, C_NOSAN, F_NOSAN, "java.security.cert.CertificateException: No subject alternative names present"),
	E("Java", "no subject alternative names matching ip address", A_NAME, "the client connected by IP address and the certificate has no IP subjectAltName for it", F_NAME, "java.security.cert.CertificateException: No subject alternative names matching IP address 10.0.0.5 found"),
	E("Java", "received fatal alert: handshake_failure", A_NOCIPHER, C_NOCIPHER, "Compare the JVM's enabled suites/versions with the server's (`tlswiz wizard ciphers HOST`); old JVMs need TLS1.2 enabled (-Dhttps.protocols=TLSv1.2).", "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure"),
	E("Java", "received fatal alert: protocol_version", A_VERSION, C_VERSION, F_VERSION, "javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version"),
	E("Java", "received fatal alert: certificate_unknown", A_VERIFY, "the peer could not validate the certificate this side sent (in a server log: the client does not trust the server's certificate)", F_UNTRUSTED, "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown"),
	E("Java", "received fatal alert: bad_certificate", A_CLIENTCERT, "the server rejected the client certificate (or none was sent)", F_CLIENTCERT, "javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate"),
	E("Java", "unrecognized_name", A_SNIUNK, "the server answers the SNI name with an unrecognized_name alert; Java treats it as fatal (JDK 7+)", "Give the server a vhost for the name (ServerName/ServerAlias), or as a stopgap -Djsse.enableSNIExtension=false.", "javax.net.ssl.SSLProtocolException: handshake alert: unrecognized_name"),
	E("Java", "no appropriate protocol", A_LEGACY, "the JVM has TLS1.0/1.1 disabled (jdk.tls.disabledAlgorithms) and the server speaks nothing newer, or no suite fits", F_LEGACY, "javax.net.ssl.SSLHandshakeException: No appropriate protocol (protocol is disabled or cipher suites are inappropriate)"),
	E("Java", "is not accepted by client preferences", A_LEGACY, C_LEGACY, F_LEGACY, "javax.net.ssl.SSLHandshakeException: The server selected protocol version TLS10 is not accepted by client preferences [TLS13, TLS12]"),
	E("Java", "remote host terminated the handshake", A_CLOSED, C_CLOSED, F_CLOSED, "javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake"),
	E("Java", "remote host closed connection during handshake", A_CLOSED, C_CLOSED, F_CLOSED, "javax.net.ssl.SSLHandshakeException: Remote host closed connection during handshake"),
	E("Java", "socketexception: connection reset", A_RESET, C_RESET, F_RESET, "java.net.SocketException: Connection reset"),
	E("Java", "algorithm constraints check failed", A_WEAKSIG, C_WEAKSIG, F_WEAKSIG, "java.security.cert.CertPathValidatorException: Algorithm constraints check failed on signature algorithm: SHA1withRSA"),
	E("Java", "certificates do not conform to algorithm constraints", A_WEAKKEY, C_WEAKKEY, F_WEAKKEY, "java.security.cert.CertificateException: Certificates do not conform to algorithm constraints"),
	E("Java", "extended key usage does not permit use for tls server authentication", A_EKU, C_EKU, F_EKU, "java.security.cert.CertificateException: Extended key usage does not permit use for TLS server authentication"),
	E("Java", "no cipher suites in common", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "javax.net.ssl.SSLHandshakeException: no cipher suites in common"),
	E("Java", "could not generate dh keypair", A_WEAKDH, "the JVM cannot handle the server's DH group size (Java 7 and older: >1024 bits; newer: <1024 refused)", F_WEAKDH, "javax.net.ssl.SSLException: Could not generate DH keypair"),
	E("Java", "unrecognized ssl message, plaintext connection", A_NOTTLS, C_NOTTLS, F_NOTTLS, "javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?"),
	E("Java", "unsupported or unrecognized ssl message", A_NOTTLS, C_NOTTLS, F_NOTTLS, "javax.net.ssl.SSLException: Unsupported or unrecognized SSL message"),
	E("Java", "empty server certificate chain", A_CLIENTCERT, "the client sent an empty certificate list (no client certificate)", F_CLIENTCERT, "javax.net.ssl.SSLHandshakeException: Empty server certificate chain"),
	E("Java", "peer not authenticated", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "javax.net.ssl.SSLPeerUnverifiedException: peer not authenticated"),
	E("Java", "certificate has been revoked", A_REVOKED, C_REVOKED, F_REVOKED, "java.security.cert.CertPathValidatorException: Certificate has been revoked, reason: KEY_COMPROMISE"),
	E("Java", "timestamp check failed", A_EXPIRED, C_EXPIRED, F_EXPIRED, "java.security.cert.CertPathValidatorException: timestamp check failed"),

	/* Python ssl: Modules/_ssl.c, with OpenSSL's reason codes in brackets */
	E("Python", "certificate_verify_failed|unable to get local issuer certificate", A_UNTRUSTED, C_UNTRUSTED, "Serve the full chain; for a private CA pass cafile= / set REQUESTS_CA_BUNDLE or SSL_CERT_FILE to its root.", "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)"),
	E("Python", "certificate_verify_failed|self signed certificate in certificate chain", A_ROOT, C_ROOT, F_ROOT, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate in certificate chain (_ssl.c:1129)"),
	E("Python", "certificate_verify_failed|self-signed certificate", A_SELF, C_SELF, F_SELF, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)"),
	E("Python", "certificate_verify_failed|certificate has expired", A_EXPIRED, C_EXPIRED, F_EXPIRED, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)"),
	E("Python", "certificate_verify_failed|hostname mismatch", A_NAME, C_NAME, F_NAME, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'shop.example'. (_ssl.c:1006)"),
	E("Python", "certificate_verify_failed|ip address mismatch", A_NAME, "the client connected by IP and the certificate has no IP subjectAltName for it", F_NAME, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, certificate is not valid for '10.0.0.5'. (_ssl.c:1006)"),
	E("Python", "[ssl: wrong_version_number]", A_NOTTLS, C_NOTTLS, F_NOTTLS, "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"),
	E("Python", "[ssl: tlsv1_alert_protocol_version]", A_VERSION, C_VERSION, F_VERSION, "ssl.SSLError: [SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version (_ssl.c:1006)"),
	E("Python", "[ssl: sslv3_alert_handshake_failure]", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "ssl.SSLError: [SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:1006)"),
	E("Python", "[ssl: unsupported_protocol]", A_VERSION, C_VERSION, F_VERSION, "ssl.SSLError: [SSL: UNSUPPORTED_PROTOCOL] unsupported protocol (_ssl.c:1006)"),
	E("Python", "[ssl: dh_key_too_small]", A_WEAKDH, C_WEAKDH, F_WEAKDH, "ssl.SSLError: [SSL: DH_KEY_TOO_SMALL] dh key too small (_ssl.c:1006)"),
	E("Python", "[ssl: unexpected_eof_while_reading]", A_CLOSED, C_CLOSED, F_CLOSED, "ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)"),
	E("Python", "eof occurred in violation of protocol", A_CLOSED, C_CLOSED, F_CLOSED, "ssl.SSLEOFError: EOF occurred in violation of protocol (_ssl.c:2426)"),
	E("Python", "[ssl: tlsv1_unrecognized_name]", A_SNIREQ, C_SNIREQ, F_SNIREQ, "ssl.SSLError: [SSL: TLSV1_UNRECOGNIZED_NAME] tlsv1 unrecognized name (_ssl.c:1006)"),
	E("Python", "[ssl: tlsv13_alert_certificate_required]", A_CLIENTCERT, C_CLIENTCERT, F_CLIENTCERT, "ssl.SSLError: [SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c:2638)"),
	E("Python", "[ssl: no_ciphers_available]", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "ssl.SSLError: [SSL: NO_CIPHERS_AVAILABLE] no ciphers available (_ssl.c:1006)"),
	E("Python", "[ssl: unsafe_legacy_renegotiation_disabled]", A_TLSERR, "the server lacks secure renegotiation (RFC 5746); OpenSSL 3 refuses it", "Update the server; as a stopgap set OP_LEGACY_SERVER_CONNECT on the client context.", "ssl.SSLError: [SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] unsafe legacy renegotiation disabled (_ssl.c:1006)"),
	E("Python", "[ssl: ee_key_too_small]", A_WEAKKEY, C_WEAKKEY, F_WEAKKEY, "ssl.SSLError: [SSL: EE_KEY_TOO_SMALL] ee key too small (_ssl.c:4046)"),
	E("Python", "[ssl: ca_md_too_weak]", A_WEAKSIG, C_WEAKSIG, F_WEAKSIG, "ssl.SSLError: [SSL: CA_MD_TOO_WEAK] ca md too weak (_ssl.c:4046)"),
	E("Python", "[ssl: sslv3_alert_bad_certificate]", A_CLIENTCERT, "the server rejected the client certificate", F_CLIENTCERT, "ssl.SSLError: [SSL: SSLV3_ALERT_BAD_CERTIFICATE] sslv3 alert bad certificate (_ssl.c:1006)"),
	E("Python", "[ssl: tlsv1_alert_unknown_ca]", A_CLIENTCERT, "the server does not trust the client certificate's CA", F_CLIENTCERT, "ssl.SSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:1006)"),
	E("Python", "[ssl: tlsv1_alert_internal_error]", A_ALERT, "the server hit an internal error during the handshake", F_ALERT, "ssl.SSLError: [SSL: TLSV1_ALERT_INTERNAL_ERROR] tlsv1 alert internal error (_ssl.c:1006)"),
	E("Python", "[errno 104] connection reset by peer", A_RESET, C_RESET, F_RESET, "ConnectionResetError: [Errno 104] Connection reset by peer"),
	E("Python", "[errno 111] connection refused", A_REFUSED, C_REFUSED, F_REFUSED, "ConnectionRefusedError: [Errno 111] Connection refused"),
	E("Python", "[errno -2] name or service not known", A_DNS, C_DNS, F_DNS, "socket.gaierror: [Errno -2] Name or service not known"),
	E("Python", "[errno 110] connection timed out", A_FILTERED, C_FILTERED, F_FILTERED, "TimeoutError: [Errno 110] Connection timed out"),
	E("Python", "_ssl.c|operation timed out", A_SILENT, C_SILENT, F_SILENT, "TimeoutError: _ssl.c:990: The handshake operation timed out"),

	/* Go: crypto/tls and crypto/x509 error strings */
	E("Go", "x509: certificate signed by unknown authority", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "tls: failed to verify certificate: x509: certificate signed by unknown authority"),
	E("Go", "x509: certificate has expired or is not yet valid", A_EXPIRED, "the certificate is outside its validity period (expired, or not yet valid: check the message's times and the clocks)", F_EXPIRED, "x509: certificate has expired or is not yet valid: current time 2024-05-01T12:00:00Z is after 2024-04-30T23:59:59Z"),
	E("Go", "x509: certificate is valid for|not", A_NAME, C_NAME, F_NAME, "x509: certificate is valid for other.example, www.other.example, not shop.example"),
	E("Go", "x509: certificate relies on legacy common name field", A_NOSAN, C_NOSAN, F_NOSAN, "x509: certificate relies on legacy Common Name field, use SANs instead"),
	E("Go", "doesn't contain any ip sans", A_NAME, "the client connected by IP address and the certificate has no IP subjectAltName", F_NAME, "x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs"),
	E("Go", "x509: certificate is not valid for any names", A_NOSAN, C_NOSAN, F_NOSAN, "x509: certificate is not valid for any names, but wanted to match shop.example"),
	E("Go", "x509: certificate specifies an incompatible key usage", A_EKU, C_EKU, F_EKU, "x509: certificate specifies an incompatible key usage"),
	E("Go", "x509: cannot verify signature: insecure algorithm", A_WEAKSIG, C_WEAKSIG, F_WEAKSIG, "x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)"),
	E("Go", "tls: first record does not look like a tls handshake", A_NOTTLS, C_NOTTLS, F_NOTTLS, "tls: first record does not look like a TLS handshake"),
	E("Go", "tls: server selected unsupported protocol version", A_LEGACY, C_LEGACY, F_LEGACY, "tls: server selected unsupported protocol version 301"),
	E("Go", "remote error: tls: protocol version not supported", A_VERSION, C_VERSION, F_VERSION, "remote error: tls: protocol version not supported"),
	E("Go", "remote error: tls: handshake failure", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "remote error: tls: handshake failure"),
	E("Go", "tls: no cipher suite supported by both client and server", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "tls: no cipher suite supported by both client and server"),
	E("Go", "remote error: tls: bad certificate", A_CLIENTCERT, "the peer rejected the certificate (from a server: the client certificate)", F_CLIENTCERT, "remote error: tls: bad certificate"),
	E("Go", "remote error: tls: unrecognized name", A_SNIREQ, C_SNIREQ, F_SNIREQ, "remote error: tls: unrecognized name"),
	E("Go", "remote error: tls: unknown certificate authority", A_CLIENTCERT, "the peer does not trust the CA of the certificate this side sent", F_CLIENTCERT, "remote error: tls: unknown certificate authority"),
	E("Go", "remote error: tls: certificate required", A_CLIENTCERT, C_CLIENTCERT, F_CLIENTCERT, "remote error: tls: certificate required"),
	E("Go", "remote error: tls: internal error", A_ALERT, "the peer hit an internal error during the handshake", F_ALERT, "remote error: tls: internal error"),
	E("Go", "remote error: tls: illegal parameter", A_ALERT, "the peer rejected a field of the handshake", F_ALERT, "remote error: tls: illegal parameter"),
	E("Go", "remote error: tls: no application protocol", A_ALPN, C_ALPN, F_ALPN, "remote error: tls: no application protocol"),
	E("Go", "tls handshake timeout", A_SILENT, C_SILENT, F_SILENT, "net/http: TLS handshake timeout"),
	E("Go", "tls: failed to verify certificate", A_VERIFY, C_VERIFY, F_VERIFY, "tls: failed to verify certificate: x509: unhandled critical extension"),
	E("Go", "tls: oversized record received", A_NOTTLS, C_NOTTLS, F_NOTTLS, "tls: oversized record received with length 20527"),
	E("Go", "dial tcp|connect: connection refused", A_REFUSED, C_REFUSED, F_REFUSED, "dial tcp 10.0.0.5:443: connect: connection refused"),
	E("Go", "dial tcp|i/o timeout", A_FILTERED, C_FILTERED, F_FILTERED, "dial tcp 10.0.0.5:443: i/o timeout"),
	E("Go", "dial tcp: lookup|no such host", A_DNS, C_DNS, F_DNS, "dial tcp: lookup shop.example on 127.0.0.53:53: no such host"),
	E("Go", "proxyconnect tcp", A_PROXY, C_PROXY, F_PROXY, "proxyconnect tcp: dial tcp 10.0.0.9:3128: connect: connection refused"),

	/* Node.js: OpenSSL verify codes as err.code, and lib/_tls_wrap.js */
	E("Node.js", "unable_to_verify_leaf_signature", A_UNTRUSTED, C_UNTRUSTED, "Serve the full chain; for a private CA set NODE_EXTRA_CA_CERTS=/path/root.pem.", "Error: unable to verify the first certificate { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }"),
	E("Node.js", "unable_to_get_issuer_cert_locally", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "Error: unable to get local issuer certificate { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }"),
	E("Node.js", "unable_to_get_issuer_cert", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "Error: unable to get issuer certificate { code: 'UNABLE_TO_GET_ISSUER_CERT' }"),
	E("Node.js", "depth_zero_self_signed_cert", A_SELF, C_SELF, F_SELF, "Error: self-signed certificate { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }"),
	E("Node.js", "self_signed_cert_in_chain", A_ROOT, C_ROOT, F_ROOT, "Error: self-signed certificate in certificate chain { code: 'SELF_SIGNED_CERT_IN_CHAIN' }"),
	E("Node.js", "cert_has_expired", A_EXPIRED, C_EXPIRED, F_EXPIRED, "Error: certificate has expired { code: 'CERT_HAS_EXPIRED' }"),
	E("Node.js", "cert_not_yet_valid", A_NOTYET, C_NOTYET, F_NOTYET, "Error: certificate is not yet valid { code: 'CERT_NOT_YET_VALID' }"),
	E("Node.js", "err_tls_cert_altname_invalid", A_NAME, C_NAME, F_NAME, "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: shop.example. is not in the cert's altnames: DNS:other.example"),
	E("Node.js", "err_ssl_wrong_version_number", A_NOTTLS, C_NOTTLS, F_NOTTLS, "Error: write EPROTO ... error:0A00010B:SSL routines::wrong version number { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }"),
	E("Node.js", "err_ssl_tlsv1_alert_protocol_version", A_VERSION, C_VERSION, F_VERSION, "code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'"),
	E("Node.js", "err_ssl_sslv3_alert_handshake_failure", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'"),
	E("Node.js", "err_ssl_unsupported_protocol", A_VERSION, C_VERSION, F_VERSION, "code: 'ERR_SSL_UNSUPPORTED_PROTOCOL'"),
	E("Node.js", "err_ssl_dh_key_too_small", A_WEAKDH, C_WEAKDH, F_WEAKDH, "code: 'ERR_SSL_DH_KEY_TOO_SMALL'"),
	E("Node.js", "err_ssl_tlsv1_unrecognized_name", A_SNIREQ, C_SNIREQ, F_SNIREQ, "code: 'ERR_SSL_TLSV1_UNRECOGNIZED_NAME'"),
	E("Node.js", "err_tls_handshake_timeout", A_SILENT, C_SILENT, F_SILENT, "Error [ERR_TLS_HANDSHAKE_TIMEOUT]: TLS handshake timeout"),
	E("Node.js", "cert_revoked", A_REVOKED, C_REVOKED, F_REVOKED, "Error: certificate revoked { code: 'CERT_REVOKED' }"),
	E("Node.js", "econnreset", A_RESET, C_RESET, F_RESET, "Error: read ECONNRESET { errno: -104, code: 'ECONNRESET', syscall: 'read' }"),
	E("Node.js", "client network socket disconnected before secure tls connection was established", A_CLOSED, C_CLOSED, F_CLOSED, "Error: Client network socket disconnected before secure TLS connection was established { code: 'ECONNRESET' }"),
	E("Node.js", "econnrefused", A_REFUSED, C_REFUSED, F_REFUSED, "Error: connect ECONNREFUSED 10.0.0.5:443"),
	E("Node.js", "enotfound|getaddrinfo", A_DNS, C_DNS, F_DNS, "Error: getaddrinfo ENOTFOUND shop.example"),
	E("Node.js", "etimedout|connect", A_FILTERED, C_FILTERED, F_FILTERED, "Error: connect ETIMEDOUT 10.0.0.5:443"),
	E("Node.js", "eproto", A_TLSERR, C_TLSERR, F_TLSERR, "Error: write EPROTO 140:error:... { code: 'EPROTO' }"),

	/* .NET (SslStream, HttpClient) and Windows Schannel / CryptoAPI codes (winerror.h) */
	E(".NET", "the remote certificate is invalid according to the validation procedure", A_VERIFY, C_VERIFY, F_VERIFY, "System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure."),
	E(".NET", "remotecertificatenamemismatch", A_NAME, C_NAME, F_NAME, "The remote certificate is invalid because of errors in the certificate chain: RemoteCertificateNameMismatch"),
	E(".NET", "remotecertificatechainerrors", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "The remote certificate is invalid because of errors in the certificate chain: RemoteCertificateChainErrors"),
	E(".NET", "remotecertificatenotavailable", A_TLSERR, "the server sent no certificate", F_TLSERR, "SslPolicyErrors: RemoteCertificateNotAvailable"),
	E(".NET", "the ssl connection could not be established", A_TLSERR, C_TLSERR, F_TLSERR, "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception."),
	E(".NET", "authentication failed because the remote party has closed the transport stream", A_CLOSED, C_CLOSED, F_CLOSED, "System.IO.IOException: Authentication failed because the remote party has closed the transport stream."),
	E(".NET", "do not possess a common algorithm", A_VERSION, "no common TLS version or suite (often .NET Framework without TLS1.2 enabled, or a server with only TLS1.0)", "Enable TLS1.2 (SchUseStrongCrypto=1 / ServicePointManager.SecurityProtocol) and on the server; `tlswiz wizard versions HOST`.", "System.ComponentModel.Win32Exception: The client and server cannot communicate, because they do not possess a common algorithm"),
	E(".NET", "could not create ssl/tls secure channel", A_VERSION, "no common TLS version or suite; classic .NET Framework default is TLS1.0", "Enable TLS1.2 in .NET (SchUseStrongCrypto=1) and check the server with `tlswiz wizard versions HOST`.", "The request was aborted: Could not create SSL/TLS secure channel."),
	E(".NET", "rejected by the provided remotecertificatevalidationcallback", A_VERIFY, "the application's own certificate validation callback rejected the certificate", F_VERIFY, "The remote certificate was rejected by the provided RemoteCertificateValidationCallback."),
	E(".NET", "an existing connection was forcibly closed by the remote host", A_RESET, C_RESET, F_RESET, "System.Net.Sockets.SocketException (10054): An existing connection was forcibly closed by the remote host."),
	E(".NET", "could not establish trust relationship for the ssl/tls secure channel", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel."),
	E("Schannel", "sec_e_untrusted_root", A_ROOT, C_ROOT, F_ROOT, "SEC_E_UNTRUSTED_ROOT (0x80090325)"),
	E("Schannel", "0x80090325", A_ROOT, C_ROOT, F_ROOT, "0x80090325 - The certificate chain was issued by an authority that is not trusted."),
	E("Schannel", "sec_e_cert_expired", A_EXPIRED, C_EXPIRED, F_EXPIRED, "SEC_E_CERT_EXPIRED (0x80090328)"),
	E("Schannel", "sec_e_wrong_principal", A_NAME, C_NAME, F_NAME, "SEC_E_WRONG_PRINCIPAL (0x80090322) - The target principal name is incorrect."),
	E("Schannel", "sec_e_algorithm_mismatch", A_VERSION, "no common TLS version or suite", F_VERSION, "SEC_E_ALGORITHM_MISMATCH (0x80090331)"),
	E("Schannel", "sec_e_illegal_message", A_ALERT, "the server aborted the handshake (the Windows side received a fatal alert)", F_ALERT, "SEC_E_ILLEGAL_MESSAGE (0x80090326) - This error usually occurs when a fatal SSL/TLS alert is received"),
	E("Schannel", "cert_e_cn_no_match", A_NAME, C_NAME, F_NAME, "CERT_E_CN_NO_MATCH (0x800B010F)"),
	E("Schannel", "cert_e_untrustedroot", A_ROOT, C_ROOT, F_ROOT, "CERT_E_UNTRUSTEDROOT (0x800B0109)"),
	E("Schannel", "cert_e_expired", A_EXPIRED, C_EXPIRED, F_EXPIRED, "CERT_E_EXPIRED (0x800B0101)"),
	E("Schannel", "cert_e_chaining", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "CERT_E_CHAINING (0x800B010A)"),
	E("Schannel", "crypt_e_revoked", A_REVOKED, C_REVOKED, F_REVOKED, "CRYPT_E_REVOKED (0x80092010)"),
	E("Schannel", "crypt_e_no_revocation_check", A_REVOKED, "the revocation status could not be checked (the OCSP/CRL URL is unreachable from the client)", F_REVOKED, "CRYPT_E_NO_REVOCATION_CHECK (0x80092012)"),
	E("Schannel", "crypt_e_revocation_offline", A_REVOKED, "the revocation server was offline or unreachable", F_REVOKED, "CRYPT_E_REVOCATION_OFFLINE (0x80092013)"),
	E("Schannel", "the tls protocol defined fatal alert code is 40", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 40."),
	E("Schannel", "the tls protocol defined fatal alert code is 70", A_VERSION, C_VERSION, F_VERSION, "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 70."),
	E("Schannel", "fatal alert was generated and sent to the remote endpoint", A_TLSERR, "Windows aborted the handshake itself (see the alert code for why)", F_TLSERR, "A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal alert code is 46."),
	E("Schannel", "does not contain the expected name", A_NAME, C_NAME, F_NAME, "The certificate received from the remote server does not contain the expected name."),
	E("Schannel", "issued by an untrusted certificate authority", A_ROOT, C_ROOT, F_ROOT, "The certificate received from the remote server was issued by an untrusted certificate authority."),
	E("Schannel", "has either expired or is not yet valid", A_EXPIRED, C_EXPIRED, F_EXPIRED, "The certificate received from the remote server has either expired or is not yet valid."),

	/* Apple platforms: NSURLErrorDomain / Secure Transport codes (SecureTransport.h) */
	E("Safari/macOS", "nsurlerrordomain|-1202", A_VERIFY, "the server certificate is invalid (untrusted, expired or wrong name)", F_VERIFY, "Error Domain=NSURLErrorDomain Code=-1202 \"The certificate for this server is invalid.\""),
	E("Safari/macOS", "nsurlerrordomain|-1200", A_TLSERR, "an SSL error: often App Transport Security (TLS1.2 + forward secrecy required) or no common version", F_VERSION, "Error Domain=NSURLErrorDomain Code=-1200 \"An SSL error has occurred and a secure connection to the server cannot be made.\""),
	E("Safari/macOS", "an ssl error has occurred and a secure connection to the server cannot be made", A_TLSERR, "an SSL error: often App Transport Security (TLS1.2 + forward secrecy required) or no common version", F_VERSION, "An SSL error has occurred and a secure connection to the server cannot be made."),
	E("Safari/macOS", "you might be connecting to a server that is pretending to be", A_VERIFY, "the server certificate is not valid for this client (trust, dates or name)", F_VERIFY, "The certificate for this server is invalid. You might be connecting to a server that is pretending to be \"shop.example\""),
	E("Safari/macOS", "kcfstream|-9802", A_LEGACY, "App Transport Security refused the connection: it needs TLS1.2+ with forward-secret suites", F_LEGACY, "_kCFStreamErrorDomainKey=3, _kCFStreamErrorCodeKey=-9802"),
	E("Safari/macOS", "-9813", A_ROOT, C_ROOT, F_ROOT, "errSSLNoRootCert (-9813)"),
	E("Safari/macOS", "-9807", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "errSSLXCertChainInvalid (-9807)"),
	E("Safari/macOS", "-9814", A_EXPIRED, C_EXPIRED, F_EXPIRED, "errSSLCertExpired (-9814)"),
	E("Safari/macOS", "-9843", A_NAME, C_NAME, F_NAME, "errSSLHostNameMismatch (-9843)"),
	E("Safari/macOS", "safari can't establish a secure connection", A_TLSERR, "no common TLS version or suite, or the server aborted the handshake", F_VERSION, "Safari can't open the page because Safari can't establish a secure connection to the server \"shop.example\"."),

	/* wget: src/openssl.c and src/gnutls.c messages */
	E("wget", "unable to locally verify the issuer's authority", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "ERROR: cannot verify shop.example's certificate, issued by 'CN=R11,O=Let's Encrypt,C=US': Unable to locally verify the issuer's authority."),
	E("wget", "self-signed certificate encountered", A_SELF, C_SELF, F_SELF, "ERROR: cannot verify shop.example's certificate, issued by 'CN=shop.example': Self-signed certificate encountered."),
	E("wget", "self signed certificate encountered", A_SELF, C_SELF, F_SELF, "Self signed certificate encountered."),
	E("wget", "issued certificate has expired", A_EXPIRED, C_EXPIRED, F_EXPIRED, "ERROR: cannot verify shop.example's certificate, issued by 'CN=R11': Issued certificate has expired."),
	E("wget", "no certificate subject alternative name matches", A_NAME, C_NAME, F_NAME, "ERROR: no certificate subject alternative name matches requested host name 'shop.example'."),
	E("wget", "doesn't match requested host name", A_NAME, C_NAME, F_NAME, "ERROR: certificate common name 'other.example' doesn't match requested host name 'shop.example'."),
	E("wget", "unable to establish ssl connection", A_TLSERR, C_TLSERR, F_TLSERR, "Unable to establish SSL connection."),
	E("wget", "the certificate's owner does not match hostname", A_NAME, C_NAME, F_NAME, "The certificate's owner does not match hostname 'shop.example'"),
	E("wget", "the certificate has not yet been activated", A_NOTYET, C_NOTYET, F_NOTYET, "The certificate has not yet been activated"),
	E("wget", "the certificate has expired", A_EXPIRED, C_EXPIRED, F_EXPIRED, "The certificate has expired"),

	/* git (curl or GnuTLS underneath), apt */
	E("git", "unable to access|ssl certificate problem: unable to get local issuer certificate", A_UNTRUSTED, C_UNTRUSTED, "Serve the full chain on the git server; for a private CA: git config http.sslCAInfo /path/root.pem.", "fatal: unable to access 'https://git.example/repo.git/': SSL certificate problem: unable to get local issuer certificate"),
	E("git", "unable to access|ssl certificate problem: self signed certificate in certificate chain", A_ROOT, C_ROOT, "Install the private root (git config http.sslCAInfo) or find the inspecting proxy.", "fatal: unable to access 'https://git.example/repo.git/': SSL certificate problem: self signed certificate in certificate chain"),
	E("git", "server certificate verification failed. cafile:", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "fatal: unable to access 'https://git.example/repo.git/': server certificate verification failed. CAfile: none CRLfile: none"),
	E("git", "gnutls_handshake() failed: the tls connection was non-properly terminated", A_CLOSED, C_CLOSED, F_CLOSED, "fatal: unable to access 'https://git.example/': gnutls_handshake() failed: The TLS connection was non-properly terminated."),
	E("git", "gnutls_handshake() failed: handshake failed", A_TLSERR, C_TLSERR, F_TLSERR, "fatal: unable to access 'https://git.example/': gnutls_handshake() failed: Handshake failed"),
	E("git", "gnutls recv error (-110)", A_CLOSED, C_CLOSED, F_CLOSED, "error: RPC failed; curl 56 GnuTLS recv error (-110): The TLS connection was non-properly terminated."),
	E("git", "openssl ssl_read: connection was reset", A_RESET, C_RESET, F_RESET, "error: RPC failed; curl 56 OpenSSL SSL_read: Connection was reset, errno 10054"),
	E("git", "schannel: failed to receive handshake, ssl/tls connection failed", A_TLSERR, "Windows Schannel could not finish the handshake (version/suite mismatch or revocation check)", F_TLSERR, "fatal: unable to access 'https://git.example/': schannel: failed to receive handshake, SSL/TLS connection failed"),
	E("git", "unable to access|no alternative certificate subject name matches", A_NAME, C_NAME, F_NAME, "fatal: unable to access 'https://git.example/': SSL: no alternative certificate subject name matches target host name 'git.example'"),
	E("apt", "certificate verification failed: the certificate is not trusted", A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED, "Certificate verification failed: The certificate is NOT trusted. The certificate issuer is unknown.  Could not handshake: Error in the certificate verification."),

	/* nginx error.log: src/event/ngx_event_openssl.c */
	E("nginx", "ssl_do_handshake() failed|no shared cipher", A_NOCIPHER, "clients offered no cipher suite this server allows (or the certificate type does not match the suites)", F_NOCIPHER, "2024/05/01 12:00:00 [info] 123#0: *45 SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking, client: 192.0.2.1, server: 0.0.0.0:443"),
	E("nginx", "ssl_do_handshake() failed|unsupported protocol", A_VERSION, "clients offered only TLS versions this server has disabled (old clients with TLS1.0/1.1)", "Usually old clients; decide whether to support them (ssl_protocols) — `tlswiz wizard versions` shows what the server accepts.", "2024/05/01 12:00:00 [info] 123#0: *46 SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking, client: 192.0.2.2, server: 0.0.0.0:443"),
	E("nginx", "ssl_do_handshake() failed|http request", A_HTTP, C_HTTP, F_HTTP, "2024/05/01 12:00:00 [info] 123#0: *47 SSL_do_handshake() failed (SSL: error:0A00009C:SSL routines::http request) while SSL handshaking, client: 192.0.2.3, server: 0.0.0.0:443"),
	E("nginx", "ssl_do_handshake() failed|wrong version number", A_NOTTLS, "a client sent something that is not TLS to the TLS port", F_HTTP, "2024/05/01 12:00:00 [info] 123#0: *48 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking, client: 192.0.2.4, server: 0.0.0.0:443"),
	E("nginx", "ssl_do_handshake() failed|alert unknown ca", A_UNTRUSTED, "clients do not trust this server's certificate (alert unknown_ca from the client): a missing intermediate or a private CA", F_UNTRUSTED, "2024/05/01 12:00:00 [info] 123#0: *49 SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: 192.0.2.5, server: 0.0.0.0:443"),
	E("nginx", "ssl_do_handshake() failed|alert certificate unknown", A_UNTRUSTED, "clients could not validate this server's certificate (alert certificate_unknown): chain, name or trust", F_VERIFY, "2024/05/01 12:00:00 [info] 123#0: *50 SSL_do_handshake() failed (SSL: error:0A000416:SSL routines::sslv3 alert certificate unknown:SSL alert number 46) while SSL handshaking, client: 192.0.2.6, server: 0.0.0.0:443"),
	E("nginx", "ssl_do_handshake() failed|alert bad certificate", A_VERIFY, "clients rejected this server's certificate (alert bad_certificate)", F_VERIFY, "2024/05/01 12:00:00 [info] 123#0: *51 SSL_do_handshake() failed (SSL: error:0A000412:SSL routines::sslv3 alert bad certificate:SSL alert number 42) while SSL handshaking, client: 192.0.2.7, server: 0.0.0.0:443"),
	E("nginx", "client sent no required ssl certificate", A_CLIENTCERT, "a client connected without the client certificate this server requires (ssl_verify_client on)", F_CLIENTCERT, "2024/05/01 12:00:00 [info] 123#0: *52 client sent no required SSL certificate while reading client request headers, client: 192.0.2.8"),
	E("nginx", "client ssl certificate verify error|while reading client request headers", A_CLIENTCERT, "a client certificate failed verification against ssl_client_certificate", F_CLIENTCERT, "2024/05/01 12:00:00 [info] 123#0: *53 client SSL certificate verify error: (20:unable to get local issuer certificate) while reading client request headers, client: 192.0.2.9"),
	E("nginx", "no \"ssl_certificate\" is defined", A_SNIDEF, C_SNIDEF, F_SNIDEF, "2024/05/01 12:00:00 [error] 123#0: *54 no \"ssl_certificate\" is defined in server listening on SSL port while SSL handshaking, client: 192.0.2.10, server: 0.0.0.0:443"),
	E("nginx", "\"ssl_stapling\" ignored|issuer certificate not found", A_STAPLE, "OCSP stapling cannot work: nginx does not have the issuer certificate (the chain file lacks the intermediate)", "Serve fullchain.pem (ssl_certificate) or set ssl_trusted_certificate to the chain.", "2024/05/01 12:00:00 [warn] 123#0: \"ssl_stapling\" ignored, issuer certificate not found for certificate \"/etc/ssl/shop.example.pem\""),
	E("nginx", "ocsp_basic_verify() failed", A_STAPLE, "the OCSP response for stapling does not verify (wrong ssl_trusted_certificate or responder)", F_STAPLE, "2024/05/01 12:00:00 [error] 123#0: OCSP_basic_verify() failed (SSL: error:27069065:OCSP routines:OCSP_basic_verify:certificate verify error) while requesting certificate status"),
	E("nginx", "upstream ssl certificate verify error", A_UNTRUSTED, "nginx (as a client, proxy_ssl_verify) cannot verify the upstream's certificate", "Set proxy_ssl_trusted_certificate to the upstream's CA, and serve the upstream's full chain.", "2024/05/01 12:00:00 [error] 123#0: *55 upstream SSL certificate verify error: (20:unable to get local issuer certificate) while SSL handshaking to upstream"),
	E("nginx", "upstream ssl certificate does not match", A_NAME, "the upstream's certificate does not cover proxy_ssl_name", "Set proxy_ssl_name (and proxy_ssl_server_name on) to a name the upstream certificate covers.", "2024/05/01 12:00:00 [error] 123#0: *56 upstream SSL certificate does not match \"backend.internal\" while SSL handshaking to upstream"),
	E("nginx", "while ssl handshaking to upstream|sslv3 alert handshake failure", A_NOCIPHER, "nginx and its upstream share no suite/version, or the upstream needs SNI (proxy_ssl_server_name on)", "Set proxy_ssl_server_name on; align proxy_ssl_protocols/proxy_ssl_ciphers with the upstream.", "2024/05/01 12:00:00 [error] 123#0: *57 SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream"),
	E("nginx", "cannot load certificate", A_CONF, C_CERTLOAD, F_CERTLOAD, "nginx: [emerg] cannot load certificate \"/etc/ssl/shop.example.pem\": BIO_new_file() failed"),
	E("nginx", "ssl_ctx_use_privatekey_file|key values mismatch", A_CONF, C_KEYMISMATCH, F_KEYMISMATCH, "nginx: [emerg] SSL_CTX_use_PrivateKey_file(\"/etc/ssl/shop.key\") failed (SSL: error:05800074:x509 certificate routines::key values mismatch)"),

	/* Apache httpd mod_ssl: AH message ids (modules/ssl) */
	E("Apache", "ah02039|unable to get local issuer certificate", A_CLIENTCERT, "a client certificate's issuer is not in SSLCACertificateFile (mutual TLS)", F_CLIENTCERT, "[Wed May 01 12:00:00.123456 2024] [ssl:error] [pid 123] [client 192.0.2.1:54321] AH02039: Certificate Verification: Error (20): unable to get local issuer certificate"),
	E("Apache", "ah02032|provided via sni and hostname|no compatible ssl setup", A_SNIUNK, "the SNI name and the HTTP Host name select different vhosts with different TLS setups (421 Misdirected Request)", "Give both names the same vhost/SSL settings, or make clients send matching SNI and Host.", "[Wed May 01 12:00:00.123456 2024] [ssl:error] [pid 123] AH02032: Hostname shop.example provided via SNI and hostname other.example provided via HTTP have no compatible SSL setup"),
	E("Apache", "ah02033|no hostname was provided via sni", A_SNIREQ, "a client sent no SNI for a name-based virtual host that requires it (SSLStrictSNIVHostCheck)", F_SNIREQ, "[Wed May 01 12:00:00.123456 2024] [ssl:error] [pid 123] AH02033: No hostname was provided via SNI for a name based virtual host"),
	E("Apache", "ah02261|re-negotiation handshake failed", A_CLIENTCERT, "a per-directory client-certificate requirement forced a renegotiation that the client refused (TLS1.3/HTTP2 clients cannot renegotiate)", "Require the client certificate for the whole vhost (SSLVerifyClient in the vhost) instead of per location.", "[Wed May 01 12:00:00.123456 2024] [ssl:error] [pid 123] [client 192.0.2.2:50000] AH02261: Re-negotiation handshake failed"),
	E("Apache", "ah02008|no shared cipher", A_NOCIPHER, C_NOCIPHER, F_NOCIPHER, "[Wed May 01 12:00:00.123456 2024] [ssl:info] [pid 123] [client 192.0.2.3:50001] AH02008: SSL library error 1 in handshake (server shop.example:443) ... no shared cipher"),
	E("Apache", "ah02008", A_TLSERR, "a TLS handshake with a client failed (the next log line names the OpenSSL reason)", F_TLSERR, "[Wed May 01 12:00:00.123456 2024] [ssl:info] [pid 123] [client 192.0.2.4:50002] AH02008: SSL library error 1 in handshake (server shop.example:443)"),
	E("Apache", "ah01909|does not include an id which matches the server name", A_NAME, "the vhost's certificate does not cover its ServerName", F_NAME, "[Wed May 01 12:00:00.123456 2024] [ssl:warn] [pid 123] AH01909: shop.example:443:0 server certificate does NOT include an ID which matches the server name"),
	E("Apache", "ah02565|do not match", A_CONF, C_KEYMISMATCH, F_KEYMISMATCH, "[Wed May 01 12:00:00.123456 2024] [ssl:emerg] [pid 123] AH02565: Certificate and private key shop.example:443:0 from /etc/ssl/shop.crt and /etc/ssl/shop.key do not match"),
	E("Apache", "ah02217|can't retrieve issuer certificate", A_UNTRUSTED, "OCSP stapling cannot find the issuer: the configured chain lacks the intermediate", F_UNTRUSTED, "[Wed May 01 12:00:00.123456 2024] [ssl:error] [pid 123] AH02217: ssl_stapling_init_cert: can't retrieve issuer certificate!"),
	E("Apache", "ah01906|is a ca certificate", A_ORDER, "the file configured as the server certificate starts with a CA certificate (wrong order or wrong file)", "Put the leaf first in SSLCertificateFile, then the intermediates.", "[Wed May 01 12:00:00.123456 2024] [ssl:warn] [pid 123] AH01906: shop.example:443:0 server certificate is a CA certificate (BasicConstraints: CA == TRUE !?)"),
	E("Apache", "ah02312|fatal error initialising mod_ssl", A_CONF, C_CERTLOAD, F_CERTLOAD, "[Wed May 01 12:00:00.123456 2024] [ssl:emerg] [pid 123] AH02312: Fatal error initialising mod_ssl, exiting."),

	/* HAProxy: src/ssl_sock.c connection error strings (conn_err_code_str) */
	E("HAProxy", "ssl handshake failure", A_TLSERR, "a client's TLS handshake failed (see `tlswiz wizard versions/ciphers` for the usual causes)", F_TLSERR, "May  1 12:00:00 lb haproxy[123]: 192.0.2.1:50000 [01/May/2024:12:00:00.000] https/1: SSL handshake failure"),
	E("HAProxy", "connection closed during ssl handshake", A_CLOSED, "clients closed the connection during the handshake (often they do not trust the certificate, or health checks)", F_VERIFY, "May  1 12:00:00 lb haproxy[123]: 192.0.2.2:50001 [01/May/2024:12:00:00.000] https/1: Connection closed during SSL handshake"),
	E("HAProxy", "timeout during ssl handshake", A_SILENT, "clients started but never finished the handshake before timeout client", F_SILENT, "May  1 12:00:00 lb haproxy[123]: 192.0.2.3:50002 [01/May/2024:12:00:00.000] https/1: Timeout during SSL handshake"),
	E("HAProxy", "ssl client ca chain cannot be verified", A_CLIENTCERT, "a client certificate's chain does not verify against ca-file (mutual TLS)", F_CLIENTCERT, "May  1 12:00:00 lb haproxy[123]: 192.0.2.4:50003 [01/May/2024:12:00:00.000] https/1: SSL client CA chain cannot be verified"),
	E("HAProxy", "ssl client certificate not trusted", A_CLIENTCERT, "a client certificate is not trusted by ca-file", F_CLIENTCERT, "May  1 12:00:00 lb haproxy[123]: 192.0.2.5:50004 [01/May/2024:12:00:00.000] https/1: SSL client certificate not trusted"),
	E("HAProxy", "inconsistencies between private key and certificate", A_CONF, C_KEYMISMATCH, F_KEYMISMATCH, "[ALERT] (123) : config : parsing [/etc/haproxy/haproxy.cfg:30] : 'bind :443' : inconsistencies between private key and certificate loaded from PEM file '/etc/haproxy/site.pem'."),
	E("HAProxy", "unable to load ssl private key from pem file", A_CONF, C_CERTLOAD, "Put the certificate, intermediates and key in one PEM file for crt.", "[ALERT] (123) : config : parsing [/etc/haproxy/haproxy.cfg:30] : 'bind :443' : unable to load SSL private key from PEM file '/etc/haproxy/site.pem'."),
	E("HAProxy", "ssl handshake failure|unknown ca", A_UNTRUSTED, "clients reject the certificate (unknown CA): missing intermediate or private CA", F_UNTRUSTED, "192.0.2.6:50005 [01/May/2024:12:00:00.000] https/1: SSL handshake failure (error:0A000418:SSL routines::tlsv1 alert unknown ca)"),

	/* Postfix: src/tls/tls_server.c, tls_client.c, smtpd messages */
	E("Postfix", "ssl_accept error from", A_TLSERR, "a client's STARTTLS handshake failed (the following 'TLS library problem' line names why)", F_TLSERR, "May  1 12:00:00 mx postfix/smtpd[123]: SSL_accept error from unknown[192.0.2.1]: -1"),
	E("Postfix", "tls library problem|no shared cipher", A_NOCIPHER, "a sending server offered no cipher suite this Postfix allows", "Relax smtpd_tls_mandatory_ciphers / smtpd_tls_exclude_ciphers for opportunistic TLS, or ask the sender to update.", "May  1 12:00:00 mx postfix/smtpd[123]: warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2220:"),
	E("Postfix", "tls library problem|unsupported protocol", A_VERSION, "a sending server offered only TLS versions this Postfix has disabled", "Check smtpd_tls_protocols (>=TLSv1.2 is right for most); old senders fall back to plaintext.", "May  1 12:00:00 mx postfix/smtpd[123]: warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1657:"),
	E("Postfix", "tls library problem|wrong version number", A_NOTTLS, "a peer sent non-TLS data after STARTTLS (or spoke TLS to a plaintext port)", F_STARTTLS, "May  1 12:00:00 mx postfix/smtpd[123]: warning: TLS library problem: error:0A00010B:SSL routines::wrong version number"),
	E("Postfix", "tls library problem|http request", A_HTTP, C_HTTP, F_HTTP, "May  1 12:00:00 mx postfix/smtpd[123]: warning: TLS library problem: error:0A00009C:SSL routines::http request"),
	E("Postfix", "certificate verification failed for|untrusted issuer", A_UNTRUSTED, "the remote mail server's certificate does not chain to a trusted root (as seen by this Postfix as a client)", "For verify/secure levels install the CA (smtp_tls_CAfile); opportunistic TLS still delivers.", "May  1 12:00:00 mx postfix/smtp[123]: certificate verification failed for mx.example[192.0.2.2]:25: untrusted issuer /C=US/O=Example/CN=Root"),
	E("Postfix", "untrusted tls connection established to", A_UNTRUSTED, "TLS works but the remote certificate is not verified (opportunistic TLS)", "Nothing to fix for opportunistic TLS; for verified delivery install the peer's CA.", "May  1 12:00:00 mx postfix/smtp[123]: Untrusted TLS connection established to mx.example[192.0.2.2]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)"),
	E("Postfix", "lost connection after starttls from", A_CLOSED, "the client gave up right after STARTTLS: it rejected the certificate or found no common suite", F_VERIFY, "May  1 12:00:00 mx postfix/smtpd[123]: lost connection after STARTTLS from unknown[192.0.2.3]"),
	E("Postfix", "cannot get private key from file", A_CONF, C_CERTLOAD, F_CERTLOAD, "May  1 12:00:00 mx postfix/smtpd[123]: warning: cannot get private key from file \"/etc/postfix/key.pem\""),
	E("Postfix", "tls_process_server_certificate:certificate verify failed", A_VERIFY, "the remote server's certificate failed verification", F_VERIFY, "May  1 12:00:00 mx postfix/smtp[123]: warning: TLS library problem: error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed"),

	/* Dovecot: src/lib-ssl-iostream messages */
	E("Dovecot", "ssl_accept() failed|no shared cipher", A_NOCIPHER, C_NOCIPHER, "Check ssl_cipher_list / ssl_min_protocol against the mail clients.", "May  1 12:00:00 mail dovecot: imap-login: Disconnected: Connection closed: SSL_accept() failed: error:0A0000C1:SSL routines::no shared cipher (no auth attempts in 0 secs): user=<>, rip=192.0.2.1, lip=192.0.2.10, TLS handshaking: SSL_accept() failed"),
	E("Dovecot", "ssl_accept() failed|unsupported protocol", A_VERSION, "a mail client offered only TLS versions Dovecot has disabled (ssl_min_protocol)", F_VERSION, "May  1 12:00:00 mail dovecot: imap-login: Disconnected (no auth attempts in 0 secs): user=<>, rip=192.0.2.2, lip=192.0.2.10, TLS handshaking: SSL_accept() failed: error:0A000102:SSL routines::unsupported protocol"),
	E("Dovecot", "ssl_accept() failed|wrong version number", A_NOTTLS, "a client spoke plaintext to the TLS port (993/995), or TLS where STARTTLS was expected", F_STARTTLS, "May  1 12:00:00 mail dovecot: imap-login: Disconnected (no auth attempts in 0 secs): user=<>, rip=192.0.2.3, TLS handshaking: SSL_accept() failed: error:0A00010B:SSL routines::wrong version number"),
	E("Dovecot", "ssl_accept() failed|http request", A_HTTP, C_HTTP, F_HTTP, "May  1 12:00:00 mail dovecot: imap-login: Disconnected: rip=192.0.2.4, TLS handshaking: SSL_accept() failed: error:0A00009C:SSL routines::http request"),
	E("Dovecot", "ssl_accept() failed|alert unknown ca", A_UNTRUSTED, "the mail client does not trust Dovecot's certificate (unknown CA): missing intermediate in ssl_cert", "Put the full chain in ssl_cert = </etc/ssl/fullchain.pem.", "May  1 12:00:00 mail dovecot: imap-login: Disconnected: rip=192.0.2.5, TLS handshaking: SSL_accept() failed: error:0A000418:SSL routines::tlsv1 alert unknown ca: SSL alert number 48"),
	E("Dovecot", "ssl_accept() failed|alert bad certificate", A_VERIFY, "the mail client rejected Dovecot's certificate", F_VERIFY, "May  1 12:00:00 mail dovecot: imap-login: Disconnected: rip=192.0.2.6, TLS handshaking: SSL_accept() failed: error:0A000412:SSL routines::sslv3 alert bad certificate: SSL alert number 42"),
	E("Dovecot", "tls handshaking: disconnected", A_CLOSED, "clients disconnect during the TLS handshake (often they reject the certificate)", F_VERIFY, "May  1 12:00:00 mail dovecot: imap-login: Disconnected: Connection closed (no auth attempts in 0 secs): user=<>, rip=192.0.2.7, TLS handshaking: Disconnected"),
	E("Dovecot", "can't load ssl certificate", A_CONF, C_CERTLOAD, "Check ssl_cert = </path (note the <) and ssl_key; leaf first.", "doveconf: Fatal: Error in configuration file /etc/dovecot/conf.d/10-ssl.conf: ssl_cert: Can't load SSL certificate"),

	/* Databases: psql (libpq fe-connect.c), MySQL client */
	E("psql", "server does not support ssl, but ssl was required", A_STARTTLS, "the PostgreSQL server has ssl = off", "Enable ssl = on (with ssl_cert_file/ssl_key_file) in postgresql.conf, or use sslmode=prefer.", "psql: error: connection to server at \"db.example\" (10.0.0.5), port 5432 failed: server does not support SSL, but SSL was required"),
	E("MySQL", "ssl connection is required. please specify ssl options and retry", A_STARTTLS, "the MySQL server requires TLS and the client did not ask for it", "Connect with --ssl-mode=REQUIRED (and --ssl-ca), or check require_secure_transport.", "ERROR 3159 (HY000): Connections using insecure transport are prohibited while --require_secure_transport=ON. / SSL connection is required. Please specify SSL options and retry."),
};

const size_t explain_table_len = sizeof explain_table / sizeof explain_table[0];

/* What each finding id means, for answers built from signals (signal.c): one row per id. */
#define K(area_id, cause, fix) { area_id, cause, fix }
#define K4(area, id, cause, fix) { area, id, cause, fix }
const struct explain_cause explain_causes[] = {
	K(A_UNTRUSTED, C_UNTRUSTED, F_UNTRUSTED),
	K(A_ROOT, C_ROOT, F_ROOT),
	K(A_SELF, C_SELF, F_SELF),
	K(A_EXPIRED, C_EXPIRED, F_EXPIRED),
	K(A_NOTYET, C_NOTYET, F_NOTYET),
	K4("certificates", "cert.clock_skew", "a clock is wrong: the certificate looks expired or not yet valid only because the client's (or server's) time is off", F_NOTYET),
	K(A_NAME, C_NAME, F_NAME),
	K(A_NOSAN, C_NOSAN, F_NOSAN),
	K(A_REVOKED, C_REVOKED, F_REVOKED),
	K(A_WEAKKEY, C_WEAKKEY, F_WEAKKEY),
	K(A_WEAKSIG, C_WEAKSIG, F_WEAKSIG),
	K(A_EKU, C_EKU, F_EKU),
	K(A_STAPLE, C_STAPLE, F_STAPLE),
	K(A_CLIENTCERT, C_CLIENTCERT, F_CLIENTCERT),
	K(A_VERIFY, C_VERIFY, F_VERIFY),
	K(A_WRONGINT, C_WRONGINT, F_WRONGINT),
	K(A_EXPINT, C_EXPINT, F_EXPINT),
	K(A_ORDER, "the chain is sent in the wrong order or with extra certificates, and this client does not reorder it", "Serve leaf, then its issuer, then the next: rebuild fullchain.pem in order."),
	K(A_ICPT, C_ICPT, F_ICPT),
	K4("firewall", "net.interception", C_ICPT, F_ICPT),
	K(A_VERSION, C_VERSION, F_VERSION),
	K(A_LEGACY, C_LEGACY, F_LEGACY),
	K4("versions", "version.intolerance", "the server or a middlebox mishandles this client's hello (a newer version, its size or an extension): it resets, closes or stays silent, and a retry with a lower version may be refused as a downgrade", F_INTOL),
	K(A_NOCIPHER, C_NOCIPHER, F_NOCIPHER),
	K(A_WEAKDH, C_WEAKDH, F_WEAKDH),
	K(A_NOAEAD, C_NOAEAD, F_NOAEAD),
	K(A_SNIREQ, C_SNIREQ, F_SNIREQ),
	K(A_SNIUNK, C_SNIUNK, F_SNIUNK),
	K(A_SNIDEF, C_SNIDEF, F_SNIDEF),
	K(A_ALPN, C_ALPN, F_ALPN),
	K(A_NOTTLS, C_NOTTLS, F_NOTTLS),
	K(A_HTTP, C_HTTP, F_HTTP),
	K(A_RESET, C_RESET, F_RESET),
	K4("firewall", "net.sni_filter", "a filter on the path resets or drops connections for this server name (SNI)", F_RESET),
	K(A_CLOSED, C_CLOSED, F_CLOSED),
	K(A_SILENT, C_SILENT, F_SILENT),
	K4("firewall", "net.stall", "the handshake started and then stopped: the server or a middlebox stalls after the first answer", F_SILENT),
	K(A_FILTERED, C_FILTERED, F_FILTERED),
	K(A_REFUSED, C_REFUSED, F_REFUSED),
	K(A_UNREACH, C_UNREACH, F_UNREACH),
	K(A_DNS, C_DNS, F_DNS),
	K(A_PROXY, C_PROXY, F_PROXY),
	K(A_STARTTLS, C_STARTTLS, F_STARTTLS),
	K(A_ALERT, C_ALERT, F_ALERT),
	K(A_TLSERR, C_TLSERR, F_TLSERR),
};
const size_t explain_causes_len = sizeof explain_causes / sizeof explain_causes[0];
