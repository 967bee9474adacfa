/* trace.h — building and reading a struct trace (model.h): one connection attempt as an
 * ordered list of steps plus how it ended. No I/O here. */
#ifndef TLSWIZ_TRACE_H
#define TLSWIZ_TRACE_H
#include "model.h"

/* A hostile peer (alert flood, endless records) must not grow a trace without bound: past
 * this many steps one "more" step counts the rest. */
#define TRACE_MAX_STEPS 400
/* Certificates kept per trace (a hostile server may send hundreds). */
#define TRACE_MAX_CERTS 64

struct trace *trace_new(const char *label);
/* An observer of every trace while it is recorded: called in the recording thread with
 * the index of each step as it is added, -2 when its outcome is set (it ended), and
 * -1 when the trace is freed. It must
 * not block (the TUI copies the step under its own small lock). NULL: none. */
typedef void (*trace_observer_fn)(void *arg, const struct trace *t, int step);
void trace_set_observer(trace_observer_fn fn, void *arg);
void trace_free(struct trace *t);
struct trace *trace_dup(const struct trace *t);

/* Append a step; summary is printf-style and is sanitised. Returns the step index. */
int trace_add_step(struct trace *t, double t_ms, enum dir dir, enum layer layer,
		   unsigned bytes, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Set outcome and reason (printf-style, sanitised). The last step is marked STEP_FAIL
 * unless the outcome is OK. */
void trace_set_outcome(struct trace *t, enum outcome o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Keep a copy of a peer certificate (DER). */
void trace_add_cert(struct trace *t, const void *der, size_t len);
/* Stable-sort steps by time: outgoing hook steps get their wire time only when their
 * record is pushed, after steps that were appended later. */
void trace_sort_steps(struct trace *t);
/* Index of the step marked STEP_FAIL, or -1. */
int trace_fail_step(const struct trace *t);
/* True when the outcome is a network-level failure (nothing TLS could be learnt). */
bool trace_is_network_failure(const struct trace *t);
/* The label a kind's attempts carry ("default", "TLS1.2 only"). */
const char *trace_kind_label(enum trace_kind k);
/* "TLS1.2" for 0x0303 etc.; "SSLv3"; "0x7f1c" otherwise. */
const char *tls_version_name(unsigned v);

#endif
