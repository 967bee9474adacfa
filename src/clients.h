/* clients.h — client simulation: real clients' protocol ranges and cipher-suite lists
 * (as they send them), judged against what the raw scanner found the server accepts.
 * "Would Java 8 connect, with what, or why not" without owning a Java 8. Data plus one
 * pure function. */
#ifndef TLSWIZ_CLIENTS_H
#define TLSWIZ_CLIENTS_H
#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct client_profile {
	const char *name;	/* short: "java8", "chrome", "win7" */
	const char *title;	/* "Java 8u111" */
	unsigned min_version, max_version;
	const unsigned *suites;	/* in the client's order */
	size_t nsuites;
	bool x25519;		/* offers X25519 (else NIST curves only) */
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
};
/* Judge from the report's enumeration (r->enumerated must be true). */
void client_judge(const struct client_profile *p, const struct report *r, struct client_verdict *v);

#endif
