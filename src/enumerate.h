/* enumerate.c — the every-suite enumeration as one value: every suite of every version
 * (SSLv3..TLS1.3, one thread per version), the SSLv2 hello and the TLS1.3 groups, made
 * with raw hellos (scan.c). A run makes it once and hands it to the steps that read it;
 * nobody copies it into a report. */
#ifndef TLSWIZ_ENUMERATE_H
#define TLSWIZ_ENUMERATE_H
#include <pthread.h>

#include "model.h"

/* Never NULL. Not possible (proxy, STARTTLS): possible false and nothing sent. */
struct enumeration *enumeration_make(const struct target *t, const volatile int *cancel);
/* Hand the first hellos' ladders to the report (once) and note their indices. */
void enumeration_deliver(struct enumeration *e, struct report *r);
/* Frees the ladders the report did not receive. NULL is fine. */
void enumeration_free(struct enumeration *e);
/* Accepted suites in any version. */
size_t enumeration_total(const struct enumeration *e);
/* Did the raw hellos settle version wire (0x0300 SSLv3 .. 0x0304 TLS1.3)? A real
 * ServerHello for it, or a refusal in words (a ServerHello for another version, alert
 * protocol_version, or no shared suite). Silence, resets and retry requests settle
 * nothing. NULL: false. */
bool enumeration_settled(const struct enumeration *e, unsigned wire);

/* The enumeration as a value made once and awaited by whoever needs it: started in its
 * own thread, or made by the first that awaits it. Every call but scan_once_new,
 * scan_once_join and scan_once_free is made with *lock held (a run's lock: waiting
 * releases it). stop ends the scan early (cancel, a dead network). */
struct scan_once;
struct scan_once *scan_once_new(pthread_mutex_t *lock, const volatile int *stop);
/* Start it in its own thread for t, unless it is made or being made. */
void scan_once_start(struct scan_once *s, const struct target *t);
/* Made already (scan_once_get returns without waiting)? */
bool scan_once_done(const struct scan_once *s);
/* The value for t: waits while it is being made, makes it here when nobody started it,
 * and makes it again when it was made for another STARTTLS (a scan that spoke to the
 * plain-text service proves nothing). NULL when stopped: a partial scan would mislead. */
struct enumeration *scan_once_get(struct scan_once *s, const struct target *t);
/* Wait for its thread (without the lock). */
void scan_once_join(struct scan_once *s);
/* Frees the value too (NULL is fine). */
void scan_once_free(struct scan_once *s);

#endif
