/* report.h — building a report (model.h): traces, findings (deduplicated by id), the
 * chain and the verdict. No rendering here (cli.c and ui/ render). */
#ifndef TLSWIZ_REPORT_H
#define TLSWIZ_REPORT_H
#include "finding.h"
#include "model.h"

void report_init(struct report *r, const struct target *t);
void report_free(struct report *r);

/* Takes ownership of tr; returns its index. */
int report_add_trace(struct report *r, struct trace *tr);
/* The most recent trace of this kind, or NULL; *idx gets its index (-1). */
struct trace *report_find_trace(const struct report *r, enum trace_kind kind, int *idx);

/* Add finding id (or return the existing one with that id, so wizards that overlap do
 * not duplicate). trace/step may be -1; step -1 with a trace picks its failing step. */
struct finding *report_add(struct report *r, enum finding_id id, int trace, int step);
bool report_has(const struct report *r, enum finding_id id);
/* Drop a finding that a more precise one explains (a reset caused by intolerance). */
void report_remove(struct report *r, enum finding_id id);
void finding_title(struct finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void finding_evidence(struct finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void finding_fix(struct finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Order findings by rank, derive every step's state from the findings it raised, and
 * compute verdict + verdict_text (INCOMPLETE when a step could not judge and no error
 * was found). */
void report_finish(struct report *r);
/* The bookkeeping behind derived states (report_step.raised). */
void step_raise(struct step_raised *sr, enum finding_id id);
enum step_state step_state_derive(const struct report *r, enum step_state claim, const struct step_raised *sr);
/* Exit status: 0 ok, 1 warnings, 2 errors (3, could not run, is the caller's). */
int report_exit_status(const struct report *r);

#endif
