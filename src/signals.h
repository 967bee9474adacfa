/* signals.h — structured signals in error text, whatever program wrapped them: TLS alerts
 * in every spelling, OpenSSL verify and reason codes, errno, curl exit codes, GnuTLS
 * errors and verification texts, NSS, Chrome, Schannel, Java, Go, .NET, Python and Apple
 * codes, and server-log phrases (nginx, HAProxy, Apache, Postfix). Each family is its own
 * small table (signals.c); a signal names one to three likely causes (finding ids) with
 * weights, and explain.c combines them. The program that wrote the text is detected
 * separately (signal_source) and only labels the answer. Pure functions, no printing. */
#ifndef TLSWIZ_SIGNALS_H
#define TLSWIZ_SIGNALS_H
#include <stddef.h>

#define SIGNAL_MAX_CAND 3

struct signal_cand {
	const char *id;		/* finding id (doc/findings.md) */
	int weight;		/* 0..100: how strongly this signal points at it */
};

struct signal {
	const char *family;	/* "alert", "x509", "openssl", "errno", "curl", "gnutls", "go", ... */
	char what[64];		/* the code as recognised: "alert 48", "num=20", "curl (60)" */
	struct signal_cand cand[SIGNAL_MAX_CAND];
	int ncand;
};

/* Signals in normalised text (lowercase, single spaces), at most max, strongest family
 * first within each family's order; duplicates (same family and code) are dropped.
 * Returns how many. */
size_t signal_scan(const char *norm, struct signal *out, size_t max);
/* The program that most likely wrote the text ("curl", "Java", "nginx"), or "unknown". */
const char *signal_source(const char *norm);

/* Exposed for tests: each returns the code found, or -1. */
int signal_alert_code(const char *norm);		/* TLS alert by number or name */
int signal_x509_code(const char *norm);		/* OpenSSL X509_V_ERR_* */
int signal_errno_code(const char *norm);	/* Linux errno */
int signal_curl_code(const char *norm);		/* curl exit code */
int signal_openssl_reason(const char *norm);	/* OpenSSL SSL_R_* reason (alerts are 1000+) */
int signal_gnutls_code(const char *norm);	/* GNUTLS_E_* (negative), or 0 */

/* Every table entry can pass the cheap first filter: NULL, or the first one that cannot. */
const char *signal_self_check(void);

/* The family names, for tests and docs: NULL after the last. */
const char *signal_family_at(size_t i);

#endif
