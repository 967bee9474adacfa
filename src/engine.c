/* engine.c — worker pool for probes. Jobs carry a deadline (in their probe_opts/target)
 * and share a cancel flag; a cancelled job still returns a trace that says so. The pool is
 * process-wide so concurrent connections stay capped (about 8: beyond that a server's
 * listen backlog overflows). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "net.h"
#include "trace.h"
#include "xmalloc.h"

struct job {
	const struct target *t;
	const struct probe_req *req;
	struct trace **out;
	const volatile int *cancel;
	struct batch *b;
	struct job *next;
};

struct batch {
	pthread_mutex_t lock;
	pthread_cond_t done_cv;
	size_t left;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cv;
	struct job *head, *tail;
	pthread_t threads[ENGINE_WORKERS];
	int nthreads;		/* workers that started (pthread_create can fail) */
	int started;
	int stopping;
	pid_t pid;	/* a forked child (Check's CK_FORK) inherits no workers */
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

void probe_req_init(struct probe_req *r, enum trace_kind kind, const char *priority)
{
	memset(r, 0, sizeof *r);
	r->o.kind = kind;
	snprintf(r->label, sizeof r->label, "%s", trace_kind_label(kind));
	r->o.label = r->label;
	if (priority) {
		snprintf(r->priority, sizeof r->priority, "%s", priority);
		r->o.priority = r->priority;
	}
}

void probe_req_label(struct probe_req *r, const char *label)
{
	snprintf(r->label, sizeof r->label, "%s", label);
}

void probe_req_sni(struct probe_req *r, enum sni_mode mode, const char *sni)
{
	r->o.sni_override = true;
	r->o.sni_mode = mode;
	snprintf(r->sni, sizeof r->sni, "%s", sni ? sni : "");
	r->o.sni = r->sni;
}

void probe_req_alpn(struct probe_req *r, const char *alpn)
{
	snprintf(r->alpn, sizeof r->alpn, "%s", alpn);
	r->o.alpn = r->alpn;
}

static void run_job(struct job *j);

static void *worker(void *arg)
{
	(void)arg;
	for (;;) {
		struct job *j;

		pthread_mutex_lock(&pool.lock);
		while (!pool.head && !pool.stopping)
			pthread_cond_wait(&pool.cv, &pool.lock);
		if (!pool.head) {
			pthread_mutex_unlock(&pool.lock);
			return NULL;
		}
		j = pool.head;
		pool.head = j->next;
		if (!pool.head)
			pool.tail = NULL;
		pthread_mutex_unlock(&pool.lock);
		run_job(j);
	}
}

static void run_job(struct job *j)
{
	{
		struct probe_opts o;

		/* The request's pointers refer to its own storage; rebind after copying. */
		o = j->req->o;
		o.label = j->req->label;
		if (j->req->o.priority)
			o.priority = j->req->priority;
		if (j->req->o.sni_override)
			o.sni = j->req->sni;
		if (j->req->o.alpn)
			o.alpn = j->req->alpn;
		{
			bool slot = net_slot_acquire(j->cancel) == 0;
			*j->out = probe_tls(j->t, &o, j->cancel);	/* cancelled: returns at once */
			if (slot)
				net_slot_release();
		}

		pthread_mutex_lock(&j->b->lock);
		if (--j->b->left == 0)
			pthread_cond_signal(&j->b->done_cv);
		pthread_mutex_unlock(&j->b->lock);
	}
}

static void pool_start(void)
{
	/* Called with pool.lock held. */
	if (pool.started && pool.pid == getpid())
		return;
	pool.head = pool.tail = NULL;
	probe_global_init();
	pool.stopping = 0;
	pool.nthreads = 0;
	for (int i = 0; i < ENGINE_WORKERS; i++)
		if (pthread_create(&pool.threads[pool.nthreads], NULL, worker, NULL) == 0)
			pool.nthreads++;
	pool.started = 1;
	pool.pid = getpid();
}

void engine_run(const struct target *t, const struct probe_req *reqs, size_t n,
		struct trace **results, const volatile int *cancel)
{
	struct batch b = { .left = n };
	struct job *jobs;

	if (n == 0)
		return;
	jobs = xcalloc(n, sizeof *jobs);
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.done_cv, NULL);
	pthread_mutex_lock(&pool.lock);
	pool_start();
	if (!pool.nthreads) {
		/* no worker could start: the caller does the jobs itself, one by one */
		pthread_mutex_unlock(&pool.lock);
		for (size_t i = 0; i < n; i++) {
			jobs[i] = (struct job){ .t = t, .req = &reqs[i], .out = &results[i], .cancel = cancel, .b = &b };
			run_job(&jobs[i]);
		}
		pthread_mutex_destroy(&b.lock);
		pthread_cond_destroy(&b.done_cv);
		free(jobs);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		jobs[i] = (struct job){ .t = t, .req = &reqs[i], .out = &results[i], .cancel = cancel, .b = &b };
		if (pool.tail)
			pool.tail->next = &jobs[i];
		else
			pool.head = &jobs[i];
		pool.tail = &jobs[i];
	}
	pthread_cond_broadcast(&pool.cv);
	pthread_mutex_unlock(&pool.lock);

	pthread_mutex_lock(&b.lock);
	while (b.left)
		pthread_cond_wait(&b.done_cv, &b.lock);
	pthread_mutex_unlock(&b.lock);
	pthread_mutex_destroy(&b.lock);
	pthread_cond_destroy(&b.done_cv);
	free(jobs);
}

void engine_shutdown(void)
{
	pthread_mutex_lock(&pool.lock);
	if (!pool.started || pool.pid != getpid()) {
		pthread_mutex_unlock(&pool.lock);
		return;
	}
	pool.stopping = 1;
	pthread_cond_broadcast(&pool.cv);
	pthread_mutex_unlock(&pool.lock);
	for (int i = 0; i < pool.nthreads; i++)
		pthread_join(pool.threads[i], NULL);
	pthread_mutex_lock(&pool.lock);
	pool.started = 0;
	pthread_mutex_unlock(&pool.lock);
}
