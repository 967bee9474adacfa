/* run.c — executes wizards step by step: plan → engine → judge. After the firewall wizard
 * finds a network-level failure, the rest is skipped: nothing behind it can be known
 * (ARCHITECTURE.md section 4: firewall runs first). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "report.h"
#include "run.h"
#include "trace.h"
#include "xmalloc.h"

const char *step_state_name(enum step_state s)
{
	static const char *const n[] = {
		[STATE_PENDING] = "pending", [STATE_RUNNING] = "running", [STATE_PASSED] = "passed",
		[STATE_WARNED] = "warned", [STATE_FAILED] = "failed", [STATE_SKIPPED] = "skipped",
	};
	return (unsigned)s <= STATE_SKIPPED ? n[s] : "?";
}

struct run *run_new(const struct target *t, const char *const *names)
{
	struct run *r = xcalloc(1, sizeof *r);
	const struct wizard *list[16];
	size_t nw = 0;

	r->target = *t;
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
	for (size_t i = 0, k = 0; i < nw; i++)
		for (size_t j = 0; j < list[i]->nsteps; j++, k++) {
			r->steps[k].w = list[i];
			r->steps[k].s = &list[i]->steps[j];
			r->steps[k].first_trace = -1;
		}
	return r;
}

static void notify(struct run *r)
{
	if (r->notify_fd >= 0) {
		ssize_t n = write(r->notify_fd, "s", 1);
		(void)n;	/* a full pipe already means "look again" */
	}
}

/* Nothing behind a dead network can be known: judged on the latest default handshake
 * (a STARTTLS retry that worked brings the target back to life). */
static bool network_dead(const struct report *rep)
{
	const struct trace *t = report_find_trace(rep, "default", NULL);
	return t && (trace_is_network_failure(t) || t->outcome == OUTCOME_LOCAL);
}

static void run_one(struct run *r, size_t k)
{
	struct run_step *st = &r->steps[k];
	struct probe_req *reqs = xcalloc(WIZ_MAX_PROBES, sizeof *reqs);
	struct trace **res = xcalloc(WIZ_MAX_PROBES, sizeof *res);
	struct wctx c = { .t = &r->target, .r = &r->report, .cancel = &r->cancel };
	size_t n = 0, before;
	enum step_state state;

	run_lock(r);
	st->state = STATE_RUNNING;
	st->t_start = net_now_ms() - r->t0;
	r->current = k;
	/* plan reads the report (earlier traces), so it runs under the lock. */
	if (st->s->plan)
		n = st->s->plan(&c, reqs, WIZ_MAX_PROBES);
	st->nprobes = (int)n;
	run_unlock(r);
	notify(r);

	engine_run(&r->target, reqs, n, res, &r->cancel);

	run_lock(r);
	c.tr_base = (int)r->report.ntraces;
	for (size_t i = 0; i < n; i++)
		report_add_trace(&r->report, res[i]);
	c.tr = n ? r->report.traces + c.tr_base : NULL;
	c.ntr = n;
	st->first_trace = n ? c.tr_base : -1;
	st->ntraces = (int)n;
	if (st->s->work && !r->cancel) {
		/* Only this thread writes the report, so reading it unlocked is safe; the UI
		 * keeps reading under the lock meanwhile. */
		run_unlock(r);
		c.work = st->s->work(&c);
		run_lock(r);
	}
	before = r->report.nfindings;
	state = r->cancel ? STATE_SKIPPED : st->s->judge ? st->s->judge(&c) : STATE_PASSED;
	/* traces a judge added (raw scans from work()) belong to this step too */
	if (r->report.ntraces > (size_t)c.tr_base + n) {
		st->first_trace = c.tr_base;
		st->ntraces = (int)(r->report.ntraces - (size_t)c.tr_base);
	}
	if (r->cancel && !c.note[0])
		snprintf(c.note, sizeof c.note, "cancelled");
	st->state = state;
	snprintf(st->note, sizeof st->note, "%s", c.note);
	st->first_finding = before;
	st->nfindings = r->report.nfindings - before;
	for (size_t i = before; i < r->report.nfindings; i++)
		r->report.findings[i].origin = (int)k;
	st->t_end = net_now_ms() - r->t0;
	run_unlock(r);
	notify(r);
	free(reqs);
	free(res);
}

void run_exec(struct run *r)
{
	r->t0 = net_now_ms();
	r->report.started = time(NULL);
	for (size_t k = 0; k < r->nsteps; k++) {
		bool skip;
		run_lock(r);
		skip = r->cancel || (r->stop_on_network && strcmp(r->steps[k].w->name, "firewall") != 0 &&
				     network_dead(&r->report));
		if (skip) {
			r->steps[k].state = STATE_SKIPPED;
			snprintf(r->steps[k].note, sizeof r->steps[k].note, "%s",
				 r->cancel ? "cancelled" : "skipped: no TLS connection to test");
		}
		run_unlock(r);
		if (!skip)
			run_one(r, k);
	}
	run_lock(r);
	report_finish(&r->report);
	r->report.elapsed_ms = net_now_ms() - r->t0;
	r->done = true;
	run_unlock(r);
	notify(r);
}

static void *run_thread(void *arg)
{
	run_exec(arg);
	return NULL;
}

void run_start(struct run *r, int notify_fd)
{
	r->notify_fd = notify_fd;
	r->started = true;
	pthread_create(&r->thread, NULL, run_thread, r);
}

void run_cancel(struct run *r)
{
	r->cancel = 1;
}

void run_wait(struct run *r)
{
	if (r->started) {
		pthread_join(r->thread, NULL);
		r->started = false;
	}
}

void run_free(struct run *r)
{
	if (!r)
		return;
	run_cancel(r);
	run_wait(r);
	report_free(&r->report);
	pthread_mutex_destroy(&r->lock);
	free(r->steps);
	free(r);
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
