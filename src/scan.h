/* scan.h — the raw ClientHello scanner: what GnuTLS 3.7.9 cannot offer (SSLv2, SSLv3,
 * EXPORT, DES, IDEA, SEED, ARIA, static DH/ECDH suites, hybrid post-quantum groups) is
 * offered byte by byte (hello.c), and the reply is read only as far as the ServerHello or
 * the alert. Each attempt is a ladder (struct trace) like a GnuTLS probe's. Direct TCP
 * only: a target behind a proxy or STARTTLS is not scanned raw. Thread-safe; every step
 * has the deadline; nothing is read past 64 KiB. */
#ifndef TLSWIZ_SCAN_H
#define TLSWIZ_SCAN_H
#include <stdbool.h>
#include <stddef.h>

#include "hello.h"
#include "model.h"

struct scan_result {
	enum outcome outcome;	/* OK: a ServerHello came back */
	unsigned version;	/* negotiated (supported_versions when present) */
	unsigned suite;
	unsigned group;		/* TLS1.3 key_share / HRR group */
	bool hrr;		/* HelloRetryRequest */
	bool ssl2;		/* an SSLv2 SERVER-HELLO */
	int alert;		/* fatal alert received, -1 none */
	char reason[200];
};

/* Can this target be scanned raw (no proxy, no STARTTLS)? */
bool scan_possible(const struct target *t);

/* One attempt: connect, send the hello record, read the reply. Returns a trace (never
 * NULL) labelled label; *r gets the parsed result. */
struct trace *scan_hello(const struct target *t, const char *label, const unsigned char *hello, size_t n,
			 int timeout_ms, const volatile int *cancel, struct scan_result *r);

/* A hello for one protocol version offering suites (NULL: every registry suite that
 * version can carry) and the usual groups. version: 0x0300 SSLv3 .. 0x0304 TLS1.3. */
long scan_build(const struct target *t, unsigned version, const unsigned *suites, size_t nsuites,
		unsigned char *buf, size_t cap);
/* Registry suites a version can carry (no SCSV, no PSK/SRP/KRB5: certificate servers
 * never pick them). Returns how many were written to out (at most max). */
size_t scan_suites_for(unsigned version, unsigned *out, size_t max);

/* "Offer all, strike the chosen one, repeat" for one version: the suites the server
 * accepts, in the order it chose them. server_pref: 1 the server orders, 0 it follows the
 * client, -1 unknown (fewer than two suites). conns counts connections made. The first
 * attempt's trace is returned through first (caller frees) when first is not NULL. */
struct scan_enum {
	unsigned version;
	unsigned accepted[128];
	size_t naccepted;
	int server_pref;
	unsigned conns;
	bool refused;		/* the version itself was refused */
	char why[200];		/* how the version ended when refused */
	bool capped;		/* stopped at the iteration cap (a server that lies) */
};
void scan_enumerate(const struct target *t, unsigned version, int timeout_ms, const volatile int *cancel,
		    struct scan_enum *out, struct trace **first);

/* TLS1.3 key-exchange groups the server accepts, in the order it picks them: offer every
 * group (x25519, x448, NIST curves, ffdhe, and the hybrids X25519MLKEM768,
 * SecP256r1MLKEM768, SecP384r1MLKEM1024, X25519Kyber768Draft00) with one key share,
 * read the group of the ServerHello or HelloRetryRequest, strike it, repeat. */
struct scan_groups {
	unsigned accepted[24];
	size_t naccepted;
	bool hybrid;		/* a post-quantum hybrid group was accepted */
	unsigned conns;
};
void scan_enumerate_groups(const struct target *t, int timeout_ms, const volatile int *cancel,
			   struct scan_groups *out);

/* "TLS1.2" etc. for 0x0300..0x0304, "SSLv2" for 0x0200. */
const char *scan_version_name(unsigned v);

#endif
