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
	enum step_state state;	/* derived from claim and raised (report.c) */
	enum step_state claim;	/* what the judge said */
	struct step_raised raised;	/* finding ids it raised or confirmed */
	char note[200];
	double t_start, t_end;	/* ms since the run started */
	int first_trace;	/* report index of its first trace, -1 */
	int ntraces;
	int nprobes;
	size_t first_finding, nfindings;	/* findings this step added (before sorting) */
};


struct run {
	struct target target;		/* as asked */
	struct target found;		/* what the steps see: the target with what earlier
					 * steps found (a STARTTLS the firewall wizard detected) */
	struct run_step *steps;
	size_t nsteps;
	size_t current;		/* step being run */
	struct report report;
	pthread_mutex_t lock;
	pthread_t thread;
	volatile int cancel;
	volatile int scan_stop;		/* cancel, or a dead network: the enumeration gives up */
	int notify_fd;		/* -1: nobody to tell */
	bool started, done, stop_on_network;
	bool sequential;	/* one wizard after another (tests compare both ways) */
	/* The every-suite enumeration, made once and handed to every step with wstep.scan;
	 * NULL when no step that judges it is in the run. */
	struct scan_once *scan;
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
/* The run has finished (read without the lock, from any thread). */
bool run_done(struct run *r);
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
