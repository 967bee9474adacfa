/* enumerate.c — the every-suite enumeration as one value: every suite of every version
 * (SSLv3..TLS1.3, one thread per version), the SSLv2 hello and the TLS1.3 groups, made
 * with raw hellos (scan.c). A run makes it once and hands it to the steps that read it;
 * nobody copies it into a report. */
#ifndef TLSWIZ_ENUMERATE_H
#define TLSWIZ_ENUMERATE_H
#include "model.h"

/* Never NULL. Not possible (proxy, STARTTLS): possible false and nothing sent. */
struct enumeration *enumeration_make(const struct target *t, const volatile int *cancel);
/* Hand the first hellos' ladders to the report (once) and note their indices. */
void enumeration_deliver(struct enumeration *e, struct report *r);
/* Frees the ladders the report did not receive. NULL is fine. */
void enumeration_free(struct enumeration *e);
/* Accepted suites in any version. */
size_t enumeration_total(const struct enumeration *e);

#endif
