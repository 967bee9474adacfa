/* wizard.h — a wizard is data: a const table of steps, each
 * saying which probes to run (plan) and how to read them (judge). No curses, no printing;
 * findings go into the report the runner owns. */
#ifndef TLSWIZ_WIZARD_H
#define TLSWIZ_WIZARD_H
#include "engine.h"
#include "finding.h"
#include "model.h"
#include "report.h"


#define WIZ_MAX_PROBES 64

/* A step and the run's enumeration. The run makes it once when a step that judges it is
 * in the run (on a plain TLS port it starts with the first wizard, else after it), and
 * hands the same value to every step that reads it; without such a step, c->scan is NULL
 * and readers probe for themselves. */
enum wscan {
	WSCAN_NONE,
	WSCAN_READS,		/* c->scan before the plan (the plan depends on it) */
	WSCAN_JUDGES,		/* c->scan for the judge only: the step's probes run beside the
				 * scan, and its ladders count as the step's */
};

/* What a step's plan and judge see. */
struct wctx {
	const struct target *t;		/* the target, with what earlier steps found (STARTTLS) */
	struct report *r;		/* add findings here; earlier steps' traces are in it */
	struct trace *const *tr;	/* this step's own traces, in plan order */
	size_t ntr;
	int tr_base;			/* r->traces index of tr[0] */
	char note[200];			/* one-line result for the checklist */
	void *work;			/* what the step's work() returned, for its judge */
	struct trace *def;		/* the default trace as work() starts (NULL: none) */
	int arg;			/* set by plan (under the lock) for work() */
	/* The run's every-suite enumeration, for a step with .scan (NULL: this run makes
	 * none, or it was cancelled); wiz_scan() when it was possible. */
	const struct enumeration *scan;
	char starttls[16];		/* set by a step: the target speaks this STARTTLS, an
					 * input to the steps after it (the run's target stays) */
	const volatile int *cancel;	/* the run's cancel flag, for work() */
	struct step_raised raised;	/* ids this step raised or confirmed: its state follows them */
};

struct wstep {
	const char *title;		/* "TCP connection" */
	const char *why;		/* why it matters, one or two sentences */
	/* Fill reqs (at most max); return how many. 0 = judge from earlier traces only. */
	size_t (*plan)(struct wctx *c, struct probe_req *reqs, size_t max);
	enum step_state (*judge)(struct wctx *c);
	/* Optional slow I/O (HTTP fetches, raw scans) after the probes, WITHOUT the run lock
	 * and while other wizards run: it must not touch c->r at all. It sees its own traces
	 * (c->tr), the default trace (c->def) and what plan left in c->arg; judge gets its
	 * result in c->work and frees it. */
	void *(*work)(struct wctx *c);
	/* Frees what work() returned when the judge does not run (cancelled). */
	void (*drop)(void *work);
	/* What the step needs of the run's enumeration (c->scan). */
	enum wscan scan;
};

struct wizard {
	const char *name;		/* "firewall" */
	const char *title;		/* "Firewall or proxy" */
	const char *summary;		/* one line for the home screen */
	const char *area;		/* finding area / guide section */
	const struct wstep *steps;
	size_t nsteps;
};

/* NULL-terminated, in the order diagnose runs them (firewall first). */
extern const struct wizard *const wizard_registry[];
const struct wizard *wizard_find(const char *name);

/* Shared helpers for wizards. */
/* The default handshake: plan it unless an earlier step already ran it. */
size_t wiz_plan_default(struct wctx *c, struct probe_req *reqs, size_t max);
/* c->scan when the enumeration was possible, else NULL. */
const struct enumeration *wiz_scan(const struct wctx *c);
/* The default trace and its report index (NULL when it was never run). */
struct trace *wiz_default_trace(struct wctx *c, int *idx);
/* A finding tied to trace index idx (report-wide) at its failing step. It counts for this
 * step's state, also when an earlier step added the same id. */
struct finding *wiz_add(struct wctx *c, enum finding_id id, int idx);
/* This step's verdict rests on a finding another step makes (before or after it): it
 * counts for this step's state when it is in the final report. True when it is there now. */
bool wiz_confirm(struct wctx *c, enum finding_id id);
/* This step's own trace i as a report index. */
int wiz_idx(const struct wctx *c, size_t i);
/* "host:port" for messages. */
const char *wiz_target_name(const struct wctx *c);
/* Note setter. */
void wiz_note(struct wctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Make sure r->chain holds the default trace's chain, parsed and verified. */
const struct chain *wiz_chain(struct wctx *c);
/* The name clients verify: the SNI sent, else the host. */
const char *wiz_verify_name(const struct wctx *c);
/* Chain-shape findings for a trace (shared by the certificates and chain wizards); true
 * when the shape is a problem (its finding is in the report, whoever added it first). */
bool chain_shape_findings(struct wctx *c, const struct trace *t, int idx);
/* chain.expired_intermediate for certificate [i] of the chain (i > 0): the certificates and
 * chain wizards both judge it, with the same words, so either alone finds it. */
void chain_expired_finding(struct wctx *c, int idx, size_t i);

#define WIZ_STEPS(a) (a), (sizeof(a) / sizeof((a)[0]))

#endif
