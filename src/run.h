/* run.h — a run of one or more wizards against a target: walks their steps, asks the
 * engine for probes, lets the steps judge, and owns the report. Runs in its own thread so
 * the UI never blocks; state is read under run_lock() and changes are signalled by one
 * byte on notify_fd. */
#ifndef TLSWIZ_RUN_H
#define TLSWIZ_RUN_H
#include <pthread.h>

#include "model.h"
#include "wizard.h"

struct run_step {
	const struct wizard *w;
	const struct wstep *s;
	enum step_state state;
	char note[200];
	double t_start, t_end;	/* ms since the run started */
	int first_trace;	/* report index of its first trace, -1 */
	int ntraces;
	int nprobes;
	size_t first_finding, nfindings;	/* findings this step added (before sorting) */
	bool enum_wait;		/* needs_enum: the enumeration comes first (run_exec decides) */
	/* an early work() (wstep.early) running in its own thread */
	pthread_t early_th;
	bool early_started;
	void *early_result;
	struct run *early_run;
	struct target early_target;	/* as the scan started (the firewall may adopt STARTTLS) */
};

struct run {
	struct target target;
	struct run_step *steps;
	size_t nsteps;
	size_t current;		/* step being run */
	struct report report;
	pthread_mutex_t lock;
	pthread_t thread;
	volatile int cancel;
	volatile int early_stop;	/* cancel, or a dead network: early scans give up */
	int notify_fd;		/* -1: nobody to tell */
	bool started, done, stop_on_network;
	bool sequential;	/* one wizard after another (tests compare both ways) */
	bool has_early;		/* a step with an early scan (the enumeration) is in the run */
	int enum_step;		/* the step with enum_source, -1 none */
	pthread_cond_t step_done;	/* broadcast (under lock) when a step is final */
	double t0;
	bool abandoned;		/* run_free gave up waiting: the worker frees the run */
};

/* names: NULL-terminated wizard names, or NULL for all (diagnose). */
struct run *run_new(const struct target *t, const char *const *names);
/* In a thread; notify_fd gets a byte per change. */
void run_start(struct run *r, int notify_fd);
/* Synchronously, in this thread. */
void run_exec(struct run *r);
void run_cancel(struct run *r);
void run_wait(struct run *r);
/* Cancel and free. A worker still busy after RUN_FREE_WAIT_MS is not joined but
 * abandoned (detached; it frees the run when it ends): false then, and r is gone for the
 * caller either way. */
#define RUN_FREE_WAIT_MS 150
bool run_free(struct run *r);
void run_lock(struct run *r);
void run_unlock(struct run *r);
/* Steps finished / total, for progress lines. */
size_t run_progress(struct run *r, size_t *total);

#endif
