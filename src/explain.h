/* explain.h — "explain this error": match error text from browsers, curl, OpenSSL,
 * GnuTLS, Java, Python, Go, Node, .NET, wget, git, Apple platforms and server logs
 * (nginx, Apache, HAProxy, Postfix, Dovecot, Schannel) against one table of real
 * messages (explain_table.c), plus every TLS alert by name or number. Returns data;
 * never prints. Pure functions over text, thread-safe. */
#ifndef TLSWIZ_EXPLAIN_H
#define TLSWIZ_EXPLAIN_H
#include <stdbool.h>
#include <stddef.h>

/* One known message. needles: '|'-separated lowercase substrings that must all appear. */
struct explain_entry {
	const char *source;	/* the program that prints it: "curl", "Chrome", "nginx" */
	const char *needles;
	const char *area;	/* versions certificates chain ciphers sni firewall */
	const char *id;		/* the finding id it most likely corresponds to */
	const char *cause;	/* plain words */
	const char *fix;	/* one to three short lines */
	const char *sample;	/* one real message it matches (tests use it) */
};

struct explain_match {
	const struct explain_entry *e;	/* NULL for an alert match (see alert fields) */
	int score;			/* specificity: matched characters */
	int confidence;			/* 0..100 */
	/* alert matches: the entry is synthesised in these buffers */
	struct explain_entry alert;
	char alert_cause[320], alert_source[48];
	int alert_code;			/* -1 unless an alert */
};

/* Best matches for one line (or a few lines joined), best first; returns how many (0 =
 * not recognised). */
size_t explain_text(const char *text, struct explain_match *out, size_t max);
/* The entry of a match (the table row or the synthesised alert entry). */
const struct explain_entry *explain_entry_of(const struct explain_match *m);
/* Up to max closest table entries by shared words, for "not recognised" answers. */
size_t explain_guesses(const char *text, const struct explain_entry **out, size_t max);
/* "high", "medium", "low". */
const char *explain_confidence_word(int confidence);
/* A target mentioned in the text ("shop.example:443", "10.0.0.5"), or "" if none. */
void explain_target(const char *text, char *buf, size_t len);
/* The wizard for an area ("chain" -> "chain", "firewall" -> "firewall"). */
const char *explain_wizard(const char *area);

size_t explain_entry_count(void);
const struct explain_entry *explain_entry_at(size_t i);
/* Distinct sources in the table. */
size_t explain_source_count(void);

/* Server logs: feed lines, then read groups (most frequent first). */
#define EXPLAIN_MAX_CLIENTS 3
struct explain_group {
	struct explain_entry e;		/* copy (alert entries are synthesised) */
	char cause[320];
	unsigned long count;
	char first[40], last[40];	/* timestamps as written in the log, "" if none */
	char clients[EXPLAIN_MAX_CLIENTS][48];
	size_t nclients;
	char example[240];		/* one line, sanitised */
};
struct explain_log;
struct explain_log *explain_log_new(void);
void explain_log_feed(struct explain_log *l, const char *line);
/* Groups sorted by count, most frequent first. */
size_t explain_log_groups(struct explain_log *l, const struct explain_group **out);
unsigned long explain_log_lines(const struct explain_log *l);
unsigned long explain_log_ignored(const struct explain_log *l);
void explain_log_free(struct explain_log *l);

/* Exposed for tests: the timestamp at the start of a log line and a client address. */
bool explain_log_timestamp(const char *line, char *buf, size_t len);
bool explain_log_client(const char *line, char *buf, size_t len);

#endif
