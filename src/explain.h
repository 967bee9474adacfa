/* explain.h — "explain this error": error text from browsers, curl, OpenSSL, GnuTLS,
 * Java, Python, Go, Node, .NET, wget, git, Apple platforms and server logs (nginx, Apache,
 * HAProxy, Postfix, Dovecot, Schannel). The signals in the text (signals.h) are combined
 * into one answer, or an ambiguous one with ranked candidates; text without signals falls
 * back to a table of real messages (explain_table.c). Returns data; never prints. Pure
 * functions over text, thread-safe. */
#ifndef TLSWIZ_EXPLAIN_H
#define TLSWIZ_EXPLAIN_H
#include <stdbool.h>
#include <stddef.h>

#include "signals.h"

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

/* What a finding id means (explain_table.c): the answer built from signals. */
struct explain_cause {
	const char *area, *id, *cause, *fix;
};
/* NULL for an id without a row. */
const struct explain_cause *explain_cause_of(const char *id);

#define EXPLAIN_MAX_SIGNALS 8
#define EXPLAIN_MAX_CAND 3

struct explain_cand {
	const char *id, *area, *cause;	/* static strings */
	int weight;			/* summed over the signals that point at it */
};

/* One answer. Holds no pointer into itself: copying it is safe. */
struct explain_match {
	const struct explain_entry *e;	/* the table row when only a phrase matched, else NULL */
	struct explain_entry entry;	/* the answer when built from signals (static strings) */
	int score;			/* the winning weight (signals) or matched characters (phrases) */
	int confidence;			/* 0..100 */
	bool ambiguous;			/* no specific signal: cand[] ranks the likely causes */
	size_t ncand;
	struct explain_cand cand[EXPLAIN_MAX_CAND];
	const char *wizard;		/* the wizard to run; for ambiguous answers the one that tells
					 * the candidates apart */
	size_t nsig;
	struct signal sig[EXPLAIN_MAX_SIGNALS];
	char detail[160];		/* "alert 40 (handshake_failure), received from the peer", or "" */
	int alert_code;			/* -1 unless a TLS alert was among the signals */
};

/* Best matches for one line (or a few lines joined), best first; returns how many (0 =
 * not recognised). */
size_t explain_text(const char *text, struct explain_match *out, size_t max);
/* The entry of a match (the table row or the synthesised alert entry). */
const struct explain_entry *explain_entry_of(const struct explain_match *m);
/* Up to max closest table entries by shared words, for "not recognised" answers. */
size_t explain_guesses(const char *text, const struct explain_entry **out, size_t max);
/* Every signal in the text (no combination), for tests: returns how many. */
size_t explain_signals(const char *text, struct signal *out, size_t max);
/* The program that wrote the text ("curl", "Java", "nginx"), or "unknown". */
const char *explain_source(const char *text);
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

/* Server logs: feed lines, then read groups (most frequent first). One group per cause
 * (finding id); ambiguous lines form one group per set of candidates. */
#define EXPLAIN_MAX_CLIENTS 3
struct explain_group {
	struct explain_entry e;		/* the answer's entry; e.cause points at cause below */
	bool ambiguous;
	char candidates[160];		/* ambiguous groups: "net.closed, version.intolerance" */
	const char *wizard;
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
