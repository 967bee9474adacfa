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
};

/* The run's every-suite enumeration: made once, in its own thread or by the first step
 * that awaits it, handed to every step with wstep.scan. */
enum scan_state { SCAN_IDLE, SCAN_RUNNING, SCAN_DONE };

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
	bool scan_wanted;	/* a step that judges the enumeration is in the run */
	enum scan_state scan_state;
	struct target scan_target;	/* as the enumeration started */
	struct enumeration *scan;	/* SCAN_DONE: the value (NULL: could not start) */
	pthread_t scan_th;
	bool scan_thread;		/* scan_th runs or ran the enumeration */
	pthread_cond_t scan_done;	/* broadcast (under lock) at SCAN_DONE */
	double t0;
};

/* names: NULL-terminated wizard names, or NULL for all (diagnose). */
struct run *run_new(const struct target *t, const char *const *names);
/* In a thread; notify_fd gets a byte per change. */
void run_start(struct run *r, int notify_fd);
/* Synchronously, in this thread. */
void run_exec(struct run *r);
void run_cancel(struct run *r);
void run_wait(struct run *r);
void run_free(struct run *r);
void run_lock(struct run *r);
void run_unlock(struct run *r);
/* Steps finished / total, for progress lines. */
size_t run_progress(struct run *r, size_t *total);

#endif
