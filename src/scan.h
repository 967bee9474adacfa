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
	/* added with the scanner API below */
	double ms;		/* from the connect (or the send, on a given fd) to the verdict */
	unsigned bytes_out, bytes_in;
	unsigned curve;		/* TLS1.2 ECDHE curve from the ServerKeyExchange (SCAN_WANT_SKE) */
	unsigned dh_bits;	/* TLS1.2 DHE prime size from the ServerKeyExchange */
	unsigned ssl2_kinds[8];	/* SSLv2 SERVER-HELLO: the kinds the server offers */
	size_t nssl2_kinds;
};

/* scan_on_fd flags */
#define SCAN_WANT_SKE	0x01	/* TLS <= 1.2 (EC)DHE: read on to the ServerKeyExchange */

/* One raw hello on an already connected socket: send hello, read (at most 64 KiB, until
 * timeout_ms) to a ServerHello — across several records — or a HelloRetryRequest, an
 * SSLv2 SERVER-HELLO, a fatal alert (warning alerts are noted and skipped), EOF, RST,
 * silence, or bytes that are not TLS. Appends ladder steps to tr (required) with times
 * relative to t0 (net_now_ms clock; 0 = now) and sets its outcome. Does not close fd.
 * Returns 0 when a ServerHello/HRR came, -1 otherwise (detail in *r). Thread-safe. */
int scan_on_fd(int fd, const unsigned char *hello, size_t n, int timeout_ms, const volatile int *cancel,
	       unsigned flags, struct scan_result *r, struct trace *tr, double t0);
/* scan_hello with scan_on_fd flags. One connection. */
struct trace *scan_hello_ex(const struct target *t, const char *label, const unsigned char *hello, size_t n,
			    int timeout_ms, const volatile int *cancel, unsigned flags, struct scan_result *r);

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
	/* added: a ServerHello with a suite not offered, or another version than offered,
	 * after at least one good answer; the enumeration stops there */
	bool violation;
	char violation_text[200];
	double ms;		/* wall time of this version's enumeration */
	/* how far the answers prove the version (versions wizard reads these) */
	bool sh_seen;		/* a real ServerHello for the version (not only a HelloRetryRequest) */
	enum outcome refusal;	/* the answer that ended a refused version (OUTCOME_OK: a
				 * ServerHello for another version) */
	int refusal_alert;	/* its alert, -1 none */
	unsigned dh_bits;	/* the smallest DHE prime a ServerKeyExchange carried, 0 none */
	/* the list ends at a lost connection (reset, silence, close), not at a refusal, even
	 * after one retry: what came before is a part of the answer, not all of it */
	bool cut;
	char cut_why[160];
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
	/* added by scan_groups() (scan_enumerate_groups leaves them zero) */
	unsigned hrr;		/* answers that were a HelloRetryRequest for another group */
	unsigned curves12[32];	/* TLS1.2 ECDHE curves accepted, in the order the server chose */
	size_t ncurves12;
	unsigned conns12;	/* connections for the TLS1.2 curves (included in conns) */
	bool violation;		/* a group/curve not offered came back */
	bool cut;		/* the TLS1.3 list ends at a lost connection (after one retry) */
	char cut_why[160];
};
void scan_enumerate_groups(const struct target *t, int timeout_ms, const volatile int *cancel,
			   struct scan_groups *out);

/* ---- the scanner API (versions, suites, groups, intolerance) ----
 * All take the target (direct TCP: see scan_possible), a per-connection timeout_ms (0 =
 * the target's) and a cancel flag (may be NULL), make no more than 8 connections at
 * once, hold no global state, and are safe to call from several threads. */

/* What one version's lone hello got. */
enum scan_verdict {
	SV_ACCEPTED,		/* a ServerHello (or HRR / SSLv2 SERVER-HELLO) for that version */
	SV_PROTOCOL_VERSION,	/* alert protocol_version(70) */
	SV_HANDSHAKE_FAILURE,	/* alert handshake_failure(40) (or insufficient_security 71) */
	SV_OTHER_ALERT,
	SV_OTHER_VERSION,	/* a ServerHello for another version than offered (a violation) */
	SV_RESET,
	SV_SILENCE,
	SV_CLOSE,		/* FIN without a reply */
	SV_NOT_TLS,
	SV_ERROR,		/* malformed reply, or could not connect */
};
const char *scan_verdict_name(enum scan_verdict v);

#define SCAN_NVERSIONS 6	/* SSLv2, SSLv3, TLS1.0, TLS1.1, TLS1.2, TLS1.3 */
/* scan_versions index of a version (0x0200..0x0304), -1 otherwise; and back. */
int scan_version_index(unsigned v);
unsigned scan_version_at(int i);

struct scan_version {
	unsigned version;	/* what was offered alone */
	enum scan_verdict verdict;
	struct scan_result r;
	struct trace *trace;	/* the ladder of the attempt (owned; scan_versions_free) */
};
struct scan_versions {
	struct scan_version v[SCAN_NVERSIONS];	/* index: scan_version_index() */
	unsigned conns;		/* always 6 */
	double ms;		/* wall time */
};
/* Each of SSLv2..TLS1.3 offered alone with a broad suite list for that version: six
 * connections in parallel (six threads). Free the traces with scan_versions_free. */
void scan_versions(const struct target *t, int timeout_ms, const volatile int *cancel, struct scan_versions *out);
void scan_versions_free(struct scan_versions *v);
bool scan_version_accepted(const struct scan_versions *v, unsigned version);

/* "Offer all remaining, strike the chosen one, repeat" for one version (SSLv2: the one
 * SERVER-HELLO lists the kinds; 1 connection). Connections: accepted + 1 refusal + 1 order
 * test (when two or more are accepted); never more than 128 + 1. The accepted list is in
 * the order the server chose; server_pref tells whether that order is the server's (1) or
 * follows the client (0). A suite not offered or a changed version stops the loop and is
 * reported in violation/violation_text. TLS1.3 is offered with supported_versions =
 * [TLS1.3] only. The same as scan_enumerate with the traces dropped. */
void scan_suites(const struct target *t, unsigned version, int timeout_ms, const volatile int *cancel,
		 struct scan_enum *out);

/* Key-exchange groups: TLS1.3 (scan_enumerate_groups: every group in supported_groups, a
 * key_share for the first remaining only, so a HelloRetryRequest names the server's
 * choice; hybrids offered first), then TLS1.2 ECDHE curves (ECDHE suites only, every
 * TLS1.2 curve offered, the curve read from the ServerKeyExchange, strike and repeat: the
 * same answers as one curve per connection, with accepted + 1 connections instead of
 * one per curve). tls13 / tls12 false skip that part (the server lacks the version).
 * Connections: TLS1.3 groups accepted + 1, TLS1.2 curves accepted + 1. */
void scan_groups(const struct target *t, bool tls13, bool tls12, int timeout_ms, const volatile int *cancel,
		 struct scan_groups *out);

/* Version/size intolerance: a plain TLS1.2-only hello (no supported_versions, no GREASE,
 * ~200 bytes) against one offering TLS1.3+TLS1.2 in supported_versions, GREASE
 * everywhere and padded beyond 512 bytes. Two connections, one after the other. */
struct scan_intolerance {
	struct scan_result plain, big;
	struct trace *plain_trace, *big_trace;	/* owned; scan_intolerance_free */
	bool intolerant;	/* the plain hello works, the big one does not */
	char why[200];
	unsigned conns;
};
void scan_intolerance(const struct target *t, int timeout_ms, const volatile int *cancel,
		      struct scan_intolerance *out);
void scan_intolerance_free(struct scan_intolerance *x);

/* Everything the client simulation needs: versions, then every accepted version's suites
 * in parallel (one thread per version), then the groups. conns counts every connection. */
struct scan_summary {
	bool version_ok[SCAN_NVERSIONS];
	struct scan_enum suites[SCAN_NVERSIONS];	/* .naccepted 0 for refused versions */
	struct scan_groups groups;
	unsigned conns;
	unsigned conns_versions, conns_suites, conns_groups;
	double ms;
};
void scan_all(const struct target *t, int timeout_ms, const volatile int *cancel, struct scan_summary *out);

/* "TLS1.2" etc. for 0x0300..0x0304, "SSLv2" for 0x0200. */
const char *scan_version_name(unsigned v);

#endif
