/* run.c — executes wizards step by step: plan → engine → judge. After the firewall wizard
 * finds a network-level failure, the rest is skipped: nothing behind it can be known
 * (the firewall wizard runs first). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enumerate.h"
#include "net.h"
#include "starttls.h"
#include "report.h"
#include "run.h"
#include "trace.h"
#include "xmalloc.h"

struct run *run_new(const struct target *t, const char *const *names)
{
	struct run *r = xcalloc(1, sizeof *r);
	const struct wizard *list[16];
	size_t nw = 0;
	bool wants_scan = false;

	r->target = *t;
	r->found = *t;
	r->notify_fd = -1;
	pthread_mutex_init(&r->lock, NULL);
	report_init(&r->report, t);
	if (!names) {
		for (size_t i = 0; wizard_registry[i] && nw < 16; i++)
			list[nw++] = wizard_registry[i];
		r->stop_on_network = true;
	} else {
		for (size_t i = 0; names[i] && nw < 16; i++) {
			const struct wizard *w = wizard_find(names[i]);
			if (w)
				list[nw++] = w;
		}
		r->stop_on_network = nw > 1;
	}
	for (size_t i = 0; i < nw; i++)
		r->nsteps += list[i]->nsteps;
	r->steps = xcalloc(r->nsteps, sizeof *r->steps);
	r->report.steps = xcalloc(r->nsteps, sizeof *r->report.steps);
	r->report.nsteps = r->nsteps;
	for (size_t i = 0, k = 0; i < nw; i++)
		for (size_t j = 0; j < list[i]->nsteps; j++, k++) {
			r->steps[k].w = list[i];
			r->steps[k].s = &list[i]->steps[j];
			r->steps[k].first_trace = -1;
			r->report.steps[k].wizard = list[i]->name;
			r->report.steps[k].title = list[i]->steps[j].title;
			/* a wizard alone judges as inside diagnose: whoever reads the
			 * enumeration gets it, also without the step that judges it */
			wants_scan |= r->steps[k].s->scan != WSCAN_NONE;
		}
	/* the enumeration is made when a step that judges it is in the run */
	if (wants_scan)
		r->scan = scan_once_new(&r->lock, &r->scan_stop);
	return r;
}

/* Under the lock: the report tells step k as it ended. */
static void publish(struct run *r, size_t k)
{
	const struct run_step *st = &r->steps[k];
	struct report_step *o = &r->report.steps[k];
	o->state = st->state;
	o->claim = st->claim;
	o->raised = st->raised;
	snprintf(o->note, sizeof o->note, "%s", st->note);
	o->t_start = st->t_start;
	o->t_end = st->t_end;
	o->ntraces = st->ntraces > 0 ? st->ntraces : 0;
}

static void notify(struct run *r)
{
	int fd;

	/* under the lock: run_free clears notify_fd when it abandons the run */
	pthread_mutex_lock(&r->lock);
	fd = r->notify_fd;
	pthread_mutex_unlock(&r->lock);
	if (fd >= 0) {
		ssize_t n = write(fd, "s", 1);
		(void)n;	/* a full pipe already means "look again" */
	}
}

/* Nothing behind a dead network can be known: judged on the latest default handshake
 * (a STARTTLS retry that worked brings the target back to life). */
static bool network_dead(const struct report *rep)
{
	const struct trace *t = report_find_trace(rep, TK_DEFAULT, NULL);
	return t && (trace_is_network_failure(t) || t->outcome == OUTCOME_LOCAL);
}

/* The first step to get the enumeration hands its ladders to the report. */
static const struct enumeration *scan_deliver(struct run *r, struct enumeration *e)
{
	if (e) {
		enumeration_deliver(e, &r->report);
		r->report.scan = e->possible ? e : NULL;	/* for renderers */
	}
	return e;
}

/* Does step k read the enumeration? Whenever the run has one: the first reader makes it
 * if nobody started it yet (a wizard run alone). */
static bool reads_scan(const struct run *r, size_t k)
{
	return r->steps[k].s->scan == WSCAN_READS && r->scan;
}

static void run_one(struct run *r, size_t k)
{
	struct run_step *st = &r->steps[k];
	struct probe_req *reqs = xcalloc(WIZ_MAX_PROBES, sizeof *reqs);
	struct trace **res = xcalloc(WIZ_MAX_PROBES, sizeof *res);
	struct wctx c = { .t = &r->found, .r = &r->report, .cancel = &r->cancel, .tr_base = -1 };
	size_t n = 0, before;
	enum step_state state;
	struct enumeration *scan = NULL;
	int scan_ladders = 0;

	run_lock(r);
	st->state = STATE_RUNNING;
	if (reads_scan(r, k)) {
		if (!scan_once_done(r->scan)) {
			snprintf(st->note, sizeof st->note, "waiting for the every-suite enumeration");
			run_unlock(r);
			notify(r);
			run_lock(r);
		}
		c.scan = scan_deliver(r, scan_once_get(r->scan, &r->found));
	}
	st->t_start = net_now_ms() - r->t0;
	r->current = k;
	/* plan reads the report (earlier traces), so it runs under the lock; what work()
	 * needs from the report is taken here too (other lanes write it meanwhile). */
	if (st->s->plan)
		n = st->s->plan(&c, reqs, WIZ_MAX_PROBES);
	c.def = report_find_trace(&r->report, TK_DEFAULT, NULL);
	st->nprobes = (int)n;
	run_unlock(r);
	notify(r);

	engine_run(&r->found, reqs, n, res, &r->cancel);
	c.tr = n ? res : NULL;
	c.ntr = n;
	for (size_t i = 0; i < n && !c.def; i++)
		if (res[i] && res[i]->kind == TK_DEFAULT)
			c.def = res[i];
	/* Slow I/O (AIA, OCSP, raw scans) without the lock. It sees this step's traces in
	 * c.tr and the default one in c.def, never the report's arrays. */
	if (st->s->work && !net_cancelled(&r->cancel))
		c.work = st->s->work(&c);

	/* The step's traces, then whatever its judge adds, in one locked block: they stay
	 * contiguous in the report even while other wizards run. */
	run_lock(r);
	if (st->s->scan == WSCAN_JUDGES && r->scan)
		scan = scan_once_get(r->scan, &r->found);	/* may wait: before this step's block starts */
	c.tr_base = (int)r->report.ntraces;
	for (size_t i = 0; i < n; i++)
		report_add_trace(&r->report, res[i]);
	if (scan) {
		/* the ladders it shows: its own, even when a reader received them first */
		scan_ladders = scan->delivered ? (int)scan->ntraces : 0;
		c.scan = scan_deliver(r, scan);
	}
	before = r->report.nfindings;
	if (net_cancelled(&r->cancel) || !st->s->judge) {
		state = net_cancelled(&r->cancel) ? STATE_CANCELLED : STATE_PASSED;
		if (c.work && st->s->drop)
			st->s->drop(c.work);	/* a cancelled step is never judged: it is partial */
	} else
		state = st->s->judge(&c);	/* owns c.work */
	st->first_trace = r->report.ntraces > (size_t)c.tr_base ? c.tr_base : -1;
	st->ntraces = (int)(r->report.ntraces - (size_t)c.tr_base);
	st->ntraces += scan_ladders;
	if (net_cancelled(&r->cancel) && !c.note[0])
		snprintf(c.note, sizeof c.note, "cancelled");
	if (c.starttls[0])
		snprintf(r->found.starttls, sizeof r->found.starttls, "%s", c.starttls);
	/* the state follows the evidence: never better than the findings it raised */
	st->claim = state;
	st->raised = c.raised;
	st->state = step_state_derive(&r->report, state, &c.raised);
	snprintf(st->note, sizeof st->note, "%s", c.note);
	st->first_finding = before;
	st->nfindings = r->report.nfindings - before;
	for (size_t i = before; i < r->report.nfindings; i++)
		r->report.findings[i].origin = (int)k;
	st->t_end = net_now_ms() - r->t0;
	publish(r, k);
	run_unlock(r);
	notify(r);
	free(reqs);
	free(res);
}

/* Steps [from, to) of one wizard, in order. */
struct lane {
	struct run *r;
	size_t from, to;
	pthread_t th;
	bool started;
};

/* The enumeration needs only the target: on a plain TLS port without a proxy it starts
 * with the first wizard (the CPU is idle while it waits for its one handshake). A STARTTLS
 * port waits until the firewall wizard has spoken, and a dead network stops it. */
static bool early_ok_now(const struct run *r)
{
	const struct target *t = &r->found;
	return !t->proxy[0] && !t->starttls[0] && !starttls_for_port(t->port);
}

static void run_lane(struct run *r, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++) {
		bool skip;
		run_lock(r);
		skip = net_cancelled(&r->cancel) || (r->stop_on_network && strcmp(r->steps[k].w->name, "firewall") != 0 &&
				     network_dead(&r->report));
		if (skip) {
			r->steps[k].state = net_cancelled(&r->cancel) ? STATE_CANCELLED : STATE_NOT_RUN;
			r->steps[k].claim = r->steps[k].state;
			snprintf(r->steps[k].note, sizeof r->steps[k].note, "%s",
				 net_cancelled(&r->cancel) ? "cancelled" : "skipped: no TLS connection to test");
			publish(r, k);
		}
		run_unlock(r);
		if (skip)
			notify(r);
		else
			run_one(r, k);
	}
}

static void *lane_thread(void *arg)
{
	struct lane *l = arg;
	run_lane(l->r, l->from, l->to);
	return NULL;
}

/* The first wizard (firewall, in diagnose) runs alone: it makes the default handshake
 * and may adopt STARTTLS for the target. The others then run side by side, one thread
 * each, their steps in order; the engine and the raw scanner share one cap on
 * connections to the target (ENGINE_WORKERS). */
void run_exec(struct run *r)
{
	struct lane lanes[16];
	size_t nl = 0;

	if (!r->started)
		r->t0 = net_now_ms();	/* run_start set it before the thread, for readers */
	r->report.started = time(NULL);
	for (size_t k = 0; k < r->nsteps && nl < 16;) {
		size_t e = k;
		while (e < r->nsteps && r->steps[e].w == r->steps[k].w)
			e++;
		lanes[nl++] = (struct lane){ .r = r, .from = k, .to = e };
		k = e;
	}
	if (nl > 1 && !r->sequential && early_ok_now(r)) {
		run_lock(r);
		if (r->scan)
			scan_once_start(r->scan, &r->found);
		run_unlock(r);
	}
	if (nl)
		run_lane(r, lanes[0].from, lanes[0].to);
	if (nl > 1 && !r->sequential) {
		run_lock(r);
		if (net_cancelled(&r->cancel) || (r->stop_on_network && network_dead(&r->report)))
			net_cancel_set(&r->scan_stop);
		else if (r->scan)
			scan_once_start(r->scan, &r->found);	/* it had to wait */
		run_unlock(r);
	}
	for (size_t i = 1; i < nl; i++)
		lanes[i].started = !r->sequential && pthread_create(&lanes[i].th, NULL, lane_thread, &lanes[i]) == 0;
	for (size_t i = 1; i < nl; i++)
		if (!lanes[i].started)
			run_lane(r, lanes[i].from, lanes[i].to);
	for (size_t i = 1; i < nl; i++)
		if (lanes[i].started)
			pthread_join(lanes[i].th, NULL);
	scan_once_join(r->scan);
	run_lock(r);
	report_finish(&r->report);
	/* the checklist shows the states the verdict was computed from */
	for (size_t k = 0; k < r->nsteps; k++)
		r->steps[k].state = r->report.steps[k].state;
	r->report.elapsed_ms = net_now_ms() - r->t0;
	__atomic_store_n(&r->done, true, __ATOMIC_RELEASE);
	run_unlock(r);
	notify(r);
}

static void destroy(struct run *r)
{
	report_free(&r->report);
	scan_once_free(r->scan);
	pthread_mutex_destroy(&r->lock);
	free(r->steps);
	free(r);
}

static void *run_thread(void *arg)
{
	struct run *r = arg;
	bool abandoned;

	run_exec(r);
	run_lock(r);
	abandoned = r->abandoned;
	run_unlock(r);
	if (abandoned)
		destroy(r);	/* run_free gave it up: nobody else holds it any more */
	return NULL;
}

bool run_done(struct run *r)
{
	return __atomic_load_n(&r->done, __ATOMIC_ACQUIRE);
}

void run_start(struct run *r, int notify_fd)
{
	r->notify_fd = notify_fd;
	r->t0 = net_now_ms();
	r->started = true;
	if (pthread_create(&r->thread, NULL, run_thread, r) != 0) {
		/* no thread to be had: run it here (the caller waits, but gets its answer) */
		r->started = false;
		run_exec(r);
	}
}

void run_cancel(struct run *r)
{
	net_cancel_set(&r->cancel);
	net_cancel_set(&r->scan_stop);
}

void run_wait(struct run *r)
{
	if (r->started) {
		pthread_join(r->thread, NULL);
		r->started = false;
	}
}

bool run_free(struct run *r)
{
	bool done = true;

	if (!r)
		return true;
	run_cancel(r);
	if (r->started) {
		/* Cancelled probes stop at their next check (50 ms); a worker that is still
		 * busy after RUN_FREE_WAIT_MS (inside a fetch or a resolver) is never joined:
		 * it is detached and frees the run itself when it ends. */
		double until = net_now_ms() + RUN_FREE_WAIT_MS;
		for (;;) {
			bool give_up = false;
			run_lock(r);
			done = r->done;
			if (!done && net_now_ms() >= until) {
				give_up = true;
				r->abandoned = true;
				r->notify_fd = -1;
				pthread_detach(r->thread);
			}
			run_unlock(r);
			/* after giving up, r may already be freed by its worker: not touched */
			if (done || give_up)
				break;
			usleep(5000);
		}
		if (!done)
			return false;
	}
	run_wait(r);
	destroy(r);
	return true;
}

void run_lock(struct run *r)
{
	pthread_mutex_lock(&r->lock);
}

void run_unlock(struct run *r)
{
	pthread_mutex_unlock(&r->lock);
}

size_t run_progress(struct run *r, size_t *total)
{
	size_t done = 0;
	for (size_t i = 0; i < r->nsteps; i++)
		if (r->steps[i].state >= STATE_PASSED)
			done++;
	*total = r->nsteps;
	return done;
}
