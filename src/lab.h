/* lab.h — the built-in lab: deliberately broken TLS servers (GnuTLS servers and raw-socket
 * misbehavers) in one process on 127.0.0.1 (doc/design.md, "The lab and the fake
 * servers"). Used by `tlswiz lab`, by `tlswiz --lab` (TUI) and as the fixture of the test suite.
 * It never binds anything but 127.0.0.1. */
#ifndef TLSWIZ_LAB_H
#define TLSWIZ_LAB_H
#include <stddef.h>

struct lab;

struct lab_opts {
	unsigned short base_port;	/* 0: every server takes a free ephemeral port */
	const char *const *only;	/* NULL-terminated scenario names, or NULL for all */
	int hostile;			/* also start the hostile scenarios (issue 12) */
};

/* One running scenario, as listed by `tlswiz lab --list`. */
struct lab_entry {
	const char *name;	/* "expired", "rst-after-hello" */
	const char *host;	/* name to diagnose: "expired.tlswiz.test" (connect to 127.0.0.1) */
	const char *expect;	/* comma-separated finding ids, or "none" for healthy */
	const char *wizard;	/* the wizard that diagnoses it: versions, certificates, ... */
	const char *desc;	/* one line for operators */
	unsigned short port;	/* where it listens now */
	const char *via;	/* a proxy scenario: the scenario reached through it, else NULL */
};

/* Static description of the scenario table (no servers started): for --list without
 * starting anything, ports computed from base_port. */
size_t lab_scenario_count(void);
const struct lab_entry *lab_scenario(size_t i, unsigned short base_port);

/* Start the lab. Returns NULL and fills err on failure. Listening before it returns. */
struct lab *lab_start(const struct lab_opts *o, char *err, size_t errlen);
/* Stop every server, join every thread, remove temporary files. */
void lab_stop(struct lab *lab);

size_t lab_count(const struct lab *lab);
/* TCP connections scenario i has accepted so far (the benchmark counts with it). */
unsigned long lab_connections(const struct lab *lab, size_t i);
const struct lab_entry *lab_entry(const struct lab *lab, size_t i);
const struct lab_entry *lab_find(const struct lab *lab, const char *name);
/* Fill a target (already set to defaults) for diagnosing entry e: host, port,
 * --connect-to 127.0.0.1, --cafile; for a proxy scenario the scenario behind it, through
 * --proxy http://127.0.0.1:PORT. */
struct target;
void lab_target(const struct lab *lab, const struct lab_entry *e, struct target *t);
/* The same as command-line options (without the program name): "--connect-to ... HOST:PORT". */
void lab_args(const struct lab *lab, const struct lab_entry *e, char *buf, size_t len);

/* PEM file holding the lab's private root CA (pass as --cafile). */
const char *lab_cafile(const struct lab *lab);

#endif
