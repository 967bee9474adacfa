/* clients.h — client simulation: real clients' protocol ranges and cipher-suite lists
 * (as they send them), judged against what the raw scanner found the server accepts.
 * "Would Java 8 connect, with what, or why not" without owning a Java 8. Data plus one
 * pure function. */
#ifndef TLSWIZ_CLIENTS_H
#define TLSWIZ_CLIENTS_H
#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "scan.h"

struct client_profile {
	const char *name;	/* short: "java8", "chrome", "win7" */
	const char *title;	/* "Java 8u111" */
	unsigned min_version, max_version;
	const unsigned *suites;	/* in the client's order */
	size_t nsuites;
	bool x25519;		/* offers X25519 (else NIST curves only) */
	const unsigned *groups;	/* supported_groups in the client's order */
	size_t ngroups;
	size_t nshares;		/* TLS1.3: key shares for the first nshares groups (0 = 1) */
	const unsigned *sigalgs;	/* signature_algorithms */
	size_t nsigalgs;
	bool sni;		/* sends server_name */
	const char *alpn;	/* "h2,http/1.1" or NULL */
	bool grease;		/* RFC 8701 GREASE */
	bool status_request;	/* OCSP stapling request */
};

size_t client_count(void);
const struct client_profile *client_at(size_t i);
/* By short name or title, case-insensitive; NULL if unknown. */
const struct client_profile *client_find(const char *name);
/* "chrome firefox ..." for messages. */
const char *client_names(void);

struct client_verdict {
	bool ok;
	unsigned version, suite;
	char why[160];		/* when not ok: "no common version: ..." */
	unsigned group;		/* expected key-exchange group / curve, 0 unknown */
};
/* Judge from a run's enumeration (it was possible): clients_judge over its versions,
 * suites and TLS1.3 groups. No connection. Thread-safe. */
void client_judge(const struct client_profile *p, const struct enumeration *r, struct client_verdict *v);

/* Predict without connecting, from a scan (scan_all): the highest version both speak, then
 * the suite the server would pick (its order when it has one, else the client's), skipping
 * ECDHE suites when the scan knows the server's TLS1.2 curves and none is the client's;
 * TLS1.3 fails without a common group. v->group is the group/curve expected (0 unknown).
 * Thread-safe, pure. */
void clients_judge(const struct client_profile *p, const struct scan_summary *s, struct client_verdict *v);

/* The profile's exact ClientHello as a record (versions, suites in order, groups with key
 * shares, signature algorithms, SNI from t when the client sends one, ALPN, GREASE).
 * Returns its length or -1 when cap is too small. */
long client_build_hello(const struct client_profile *p, const struct target *t, unsigned char *buf, size_t cap);

/* Live: send each profile's hello (scan.c) and read what the server picked, or why not. */
struct client_live {
	const struct client_profile *profile;
	bool ok;		/* the client would go on with this ServerHello */
	unsigned version, suite, group;
	struct scan_result r;	/* the raw answer: outcome, alert, HRR... */
	char why[200];		/* "TLS1.2 TLS_ECDHE_..." or "alert handshake_failure(40)..." */
	struct trace *trace;	/* the ladder (owned; clients_live_free) */
};
/* One profile: one connection. */
void client_sim_one(const struct client_profile *p, const struct target *t, int timeout_ms, const volatile int *cancel,
		    struct client_live *l);
#define CLIENT_LIVE_THREADS 5	/* + the caller: 6 connections at a time */
/* Every profile (at most max, in table order) into out[]: one connection each, 6 at a
 * time. Returns how many were filled (= connections made unless cancelled). */
size_t clients_sim_live(const struct target *t, int timeout_ms, const volatile int *cancel, struct client_live *out,
			size_t max);
void clients_live_free(struct client_live *l, size_t n);

#endif
