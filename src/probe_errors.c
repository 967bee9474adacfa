/* probe_errors.c — GnuTLS error codes in plain words (probe_errors.h), for reasons on
 * a ladder: what an operator can act on, not the library's own message. */
#include <gnutls/gnutls.h>

#include "probe_errors.h"

static const struct { int code; const char *words; } error_words[] = {
	{ GNUTLS_E_UNSUPPORTED_VERSION_PACKET, "the server chose a protocol version this client did not offer" },
	{ GNUTLS_E_UNEXPECTED_PACKET, "the reply is not TLS (wrong port, or the service needs STARTTLS)" },
	{ GNUTLS_E_UNEXPECTED_PACKET_LENGTH, "a malformed TLS record or message (broken server or middlebox)" },
	{ GNUTLS_E_RECORD_OVERFLOW, "a record longer than TLS allows: garbage or another protocol" },
	{ GNUTLS_E_PREMATURE_TERMINATION, "the server closed the connection without a TLS alert" },
	{ GNUTLS_E_TIMEDOUT, "the handshake timed out" },
	{ GNUTLS_E_NO_CIPHER_SUITES, "no cipher suite to offer (client configuration)" },
	{ GNUTLS_E_UNKNOWN_CIPHER_SUITE, "the server chose a cipher suite this client did not offer" },
	{ GNUTLS_E_INSUFFICIENT_CREDENTIALS, "the chosen suite needs credentials this client lacks (a client certificate, PSK or SRP)" },
	{ GNUTLS_E_NO_PRIORITIES_WERE_SET, "the priority string resolves to nothing (a version or suite this GnuTLS cannot speak)" },
	{ GNUTLS_E_DH_PRIME_UNACCEPTABLE, "the server's Diffie-Hellman group is too small for this client" },
	{ GNUTLS_E_INSUFFICIENT_SECURITY, "a server parameter is below this client's security level" },
	{ GNUTLS_E_CERTIFICATE_ERROR, "the server's certificate could not be processed" },
	{ GNUTLS_E_CERTIFICATE_REQUIRED, "the server requires a client certificate" },
	{ GNUTLS_E_PK_SIG_VERIFY_FAILED, "a handshake signature did not verify (key mismatch or tampering)" },
	{ GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM, "no signature algorithm in common" },
	{ GNUTLS_E_ERROR_IN_FINISHED_PACKET, "the Finished check failed: keys differ (MITM, broken offload)" },
	{ GNUTLS_E_DECRYPTION_FAILED, "a record failed to decrypt (corruption, MITM, broken offload)" },
	{ GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER, "the server sent an invalid parameter" },
	{ GNUTLS_E_RECEIVED_ILLEGAL_EXTENSION, "the server sent an extension that was not offered" },
	{ GNUTLS_E_NO_COMMON_KEY_SHARE, "no key-exchange group in common" },
	{ GNUTLS_E_ECC_UNSUPPORTED_CURVE, "the server chose an elliptic curve this client does not support" },
	{ GNUTLS_E_SAFE_RENEGOTIATION_FAILED, "safe renegotiation (RFC 5746) check failed" },
	{ GNUTLS_E_INAPPROPRIATE_FALLBACK, "the server refused a downgraded retry (TLS_FALLBACK_SCSV)" },
	{ GNUTLS_E_NO_APPLICATION_PROTOCOL, "no ALPN protocol in common" },
	{ GNUTLS_E_GOT_APPLICATION_DATA, "application data arrived in the middle of the handshake" },
	{ GNUTLS_E_TOO_MANY_EMPTY_PACKETS, "too many empty records (a misbehaving peer)" },
	{ GNUTLS_E_PULL_ERROR, "a socket read failed" },
	{ GNUTLS_E_PUSH_ERROR, "a socket write failed" },
	{ GNUTLS_E_FATAL_ALERT_RECEIVED, "the server sent a fatal alert" },
	{ GNUTLS_E_WARNING_ALERT_RECEIVED, "the server sent a warning alert" },
};

const char *probe_error_words(int err)
{
	for (size_t i = 0; i < sizeof error_words / sizeof error_words[0]; i++)
		if (error_words[i].code == err)
			return error_words[i].words;
	return gnutls_strerror(err);
}
