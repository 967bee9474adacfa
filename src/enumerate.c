/* enumerate.c — the every-suite enumeration as a value (enumerate.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enumerate.h"
#include "alert.h"
#include "net.h"
#include "report.h"
#include "scan.h"
#include "trace.h"
#include "xmalloc.h"

static const unsigned enum_versions[] = { 0x0300, 0x0301, 0x0302, 0x0303, 0x0304 };
#define NENUM (sizeof enum_versions / sizeof enum_versions[0])

struct enum_job {
	const struct target *t;
	const volatile int *cancel;
	struct scan_enum e;
	struct trace *first;
	pthread_t th;
	bool started;
};

static void *enum_thread(void *arg)
{
	struct enum_job *j = arg;
	scan_enumerate(j->t, j->e.version, 0, j->cancel, &j->e, &j->first);
	return NULL;
}

/* What one version's enumeration found, into the value. */
static void take_version(struct enumeration *v, size_t i, const struct enum_job *j)
{
	const struct scan_enum *e = &j->e;
	v->version_ok[i] = !e->refused && e->conns > 0;
	v->nsuites[i] = e->naccepted;
	memcpy(v->suites[i], e->accepted, e->naccepted * sizeof e->accepted[0]);
	v->server_pref[i] = e->server_pref;
	v->version_sh[i] = e->sh_seen;
	v->version_refusal[i] = e->refused ? e->refusal : OUTCOME_OK;
	v->version_alert[i] = e->refused ? e->refusal_alert : -1;
	v->cut[i] = e->cut;
	snprintf(v->cut_why[i], sizeof v->cut_why[i], "%s", e->cut_why);
	if (e->dh_bits && (!v->dh_bits || (int)e->dh_bits < v->dh_bits))
		v->dh_bits = (int)e->dh_bits;
	v->conns += e->conns;
	v->first[i] = j->first;
}

/* One thread per version: five short conversations side by side; SSLv2 and the groups
 * meanwhile, on this thread. */
struct enumeration *enumeration_make(const struct target *t, const volatile int *cancel)
{
	struct enumeration *v = xcalloc(1, sizeof *v);
	struct enum_job *job = xcalloc(NENUM + 1, sizeof *job), *ssl2 = &job[NENUM];
	struct scan_groups groups;
	double t0 = net_now_ms();

	snprintf(v->starttls, sizeof v->starttls, "%s", t->starttls);
	for (size_t i = 0; i < NENUM; i++)
		v->trace[i] = -1;
	v->ssl2_trace = -1;
	v->possible = scan_possible(t);
	if (!v->possible) {
		free(job);
		return v;
	}
	for (size_t i = 0; i < NENUM; i++) {
		job[i].t = t;
		job[i].cancel = cancel;
		job[i].e.version = enum_versions[i];
		job[i].started = pthread_create(&job[i].th, NULL, enum_thread, &job[i]) == 0;
		if (!job[i].started)
			enum_thread(&job[i]);
	}
	ssl2->e.version = 0x0200;
	scan_enumerate(t, 0x0200, 0, cancel, &ssl2->e, &ssl2->first);
	memset(&groups, 0, sizeof groups);
	scan_enumerate_groups(t, 0, cancel, &groups);
	for (size_t i = 0; i < NENUM; i++) {
		if (job[i].started)
			pthread_join(job[i].th, NULL);
		take_version(v, i, &job[i]);
	}
	v->ssl2_tried = ssl2->e.conns > 0;
	v->ssl2_ok = ssl2->e.sh_seen;
	v->nssl2_kinds = ssl2->e.naccepted < 8 ? ssl2->e.naccepted : 8;
	memcpy(v->ssl2_kinds, ssl2->e.accepted, v->nssl2_kinds * sizeof v->ssl2_kinds[0]);
	v->conns += ssl2->e.conns;
	v->ssl2_first = ssl2->first;
	v->ms = net_now_ms() - t0;
	v->ngroups = groups.naccepted;
	v->groups_cut = groups.cut;
	snprintf(v->groups_cut_why, sizeof v->groups_cut_why, "%s", groups.cut_why);
	memcpy(v->groups, groups.accepted, groups.naccepted * sizeof groups.accepted[0]);
	v->conns += groups.conns;
	free(job);
	return v;
}

void enumeration_deliver(struct enumeration *e, struct report *r)
{
	if (e->delivered)
		return;
	e->delivered = true;
	for (size_t i = 0; i < NENUM; i++)
		if (e->first[i]) {
			e->trace[i] = report_add_trace(r, e->first[i]);
			e->first[i] = NULL;
			e->ntraces++;
		}
	if (e->ssl2_first) {
		e->ssl2_trace = report_add_trace(r, e->ssl2_first);	/* "SSLv2 raw" */
		e->ssl2_first = NULL;
		e->ntraces++;
	}
}

void enumeration_free(struct enumeration *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < NENUM; i++)
		trace_free(e->first[i]);
	trace_free(e->ssl2_first);
	free(e);
}

size_t enumeration_total(const struct enumeration *e)
{
	size_t n = 0;
	for (size_t v = 0; v < NENUM; v++)
		n += e->nsuites[v];
	return n;
}

/* ---- made once, awaited by whoever needs it ---- */

struct scan_once {
	pthread_mutex_t *lock;
	const volatile int *stop;
	enum { SO_IDLE, SO_RUNNING, SO_DONE } state;
	pthread_cond_t done;
	struct target t;		/* as the scan started */
	struct enumeration *value;
	pthread_t th;
	bool thread;			/* th runs or ran */
};

struct scan_once *scan_once_new(pthread_mutex_t *lock, const volatile int *stop)
{
	struct scan_once *s = xcalloc(1, sizeof *s);
	s->lock = lock;
	s->stop = stop;
	pthread_cond_init(&s->done, NULL);
	return s;
}

/* Under the lock, SO_RUNNING set by the caller: make it without the lock. */
static void make(struct scan_once *s)
{
	struct enumeration *v;
	pthread_mutex_unlock(s->lock);
	v = enumeration_make(&s->t, s->stop);
	pthread_mutex_lock(s->lock);
	s->value = v;
	s->state = SO_DONE;
	pthread_cond_broadcast(&s->done);
}

static void *scan_thread(void *arg)
{
	struct scan_once *s = arg;
	pthread_mutex_lock(s->lock);
	make(s);
	pthread_mutex_unlock(s->lock);
	return NULL;
}

void scan_once_start(struct scan_once *s, const struct target *t)
{
	if (s->state != SO_IDLE || s->thread)
		return;
	s->t = *t;
	s->state = SO_RUNNING;
	s->thread = pthread_create(&s->th, NULL, scan_thread, s) == 0;
	if (!s->thread)
		s->state = SO_IDLE;
}

bool scan_once_done(const struct scan_once *s)
{
	return s->state == SO_DONE;
}

struct enumeration *scan_once_get(struct scan_once *s, const struct target *t)
{
	for (;;) {
		while (s->state == SO_RUNNING)
			pthread_cond_wait(&s->done, s->lock);
		if (s->state == SO_DONE && s->value && !s->value->delivered &&
		    strcmp(s->value->starttls, t->starttls) != 0) {
			enumeration_free(s->value);
			s->value = NULL;
			s->state = SO_IDLE;
		}
		if (s->state == SO_DONE)
			return s->value && !net_cancelled(s->stop) ? s->value : NULL;
		s->t = *t;
		s->state = SO_RUNNING;
		make(s);
	}
}

void scan_once_join(struct scan_once *s)
{
	if (s && s->thread) {
		pthread_join(s->th, NULL);
		s->thread = false;
	}
}

void scan_once_free(struct scan_once *s)
{
	if (!s)
		return;
	scan_once_join(s);
	enumeration_free(s->value);
	pthread_cond_destroy(&s->done);
	free(s);
}

bool enumeration_settled(const struct enumeration *e, unsigned wire)
{
	size_t k = wire - 0x0300;
	if (!e || !e->possible || wire < 0x0300 || wire > 0x0304)
		return false;
	if (e->version_ok[k])
		return e->version_sh[k];
	return e->version_refusal[k] == OUTCOME_OK ||
	       (e->version_refusal[k] == OUTCOME_ALERT &&
		(e->version_alert[k] == ALERT_PROTOCOL_VERSION || ALERT_NO_SHARED(e->version_alert[k])));
}
