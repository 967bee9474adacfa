/* live.c — the live ladder: every trace being recorded is copied here step by step (the
 * observer in trace.c, called in the probe's thread), so the TUI can draw a handshake
 * while it happens and say what it is waiting for. Its own small lock, never the run's:
 * a probe never waits for the UI. The UI is woken at most 20 times a second. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "live.h"
#include "net.h"
#include "trace.h"

static struct live_slot slots[LIVE_SLOTS];
static unsigned long seq;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int wake_fd = -1;
static double last_wake;

static void observe(void *arg, const struct trace *t, int step)
{
	struct live_slot *s = NULL, *oldest = NULL;
	double now = net_now_ms();
	bool wake = false;

	(void)arg;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < LIVE_SLOTS; i++) {
		if (slots[i].key == t) {
			s = &slots[i];
			break;
		}
		if (!oldest || (!slots[i].key && oldest->key) ||
		    (!!slots[i].key == !!oldest->key && slots[i].seq < oldest->seq))
			oldest = &slots[i];
	}
	if (step == -2) {	/* it ended: not awaited any more */
		if (s)
			s->ended = true;
		pthread_mutex_unlock(&lock);
		return;
	}
	if (step < 0) {	/* freed: forget it */
		if (s)
			s->key = NULL;
		pthread_mutex_unlock(&lock);
		return;
	}
	if (!s) {
		s = oldest;
		memset(s, 0, sizeof *s);
		s->key = t;
		s->start = now - t->steps[step].t_ms;
	}
	snprintf(s->label, sizeof s->label, "%s", t->label);
	snprintf(s->addr, sizeof s->addr, "%s", t->addr);
	snprintf(s->sni, sizeof s->sni, "%s", t->sni);
	if (s->nsteps < LIVE_STEPS)
		s->steps[s->nsteps++] = t->steps[step];
	else
		s->steps[LIVE_STEPS - 1] = t->steps[step];
	s->last = now;
	s->ended = false;
	s->seq = ++seq;
	if (now - last_wake >= 50) {
		last_wake = now;
		wake = true;
	}
	pthread_mutex_unlock(&lock);
	if (wake && wake_fd >= 0)
		(void)!write(wake_fd, "l", 1);
}

void live_init(int notify_fd)
{
	wake_fd = notify_fd;
	trace_set_observer(observe, NULL);
}

void live_stop(void)
{
	trace_set_observer(NULL, NULL);
	wake_fd = -1;
}

void live_clear(void)
{
	pthread_mutex_lock(&lock);
	memset(slots, 0, sizeof slots);
	pthread_mutex_unlock(&lock);
}

/* The trace being recorded that waits longest for its next message (idle the longest),
 * or with newest true the most recently active one; false when none. */
bool live_pick(struct live_slot *out, bool newest)
{
	const struct live_slot *best = NULL;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < LIVE_SLOTS; i++) {
		if (!slots[i].key || slots[i].ended)
			continue;
		if (!best || (newest ? slots[i].seq > best->seq : slots[i].last < best->last))
			best = &slots[i];
	}
	if (best)
		*out = *best;
	pthread_mutex_unlock(&lock);
	return best != NULL;
}

/* What the last message makes us wait for, in the words of the ladder. */
void live_awaited(const struct live_slot *s, char *buf, size_t len)
{
	const struct step *l = s->nsteps ? &s->steps[s->nsteps - 1] : NULL;
	if (!l)
		snprintf(buf, len, "the first message");
	else if (!strcmp(l->name, "DNS"))
		snprintf(buf, len, "the TCP connection");
	else if (!strcmp(l->name, "SYN"))
		snprintf(buf, len, "SYN-ACK");
	else if (!strcmp(l->name, "SYN-ACK"))
		snprintf(buf, len, "the ClientHello to go out");
	else if (!strcmp(l->name, "ClientHello"))
		snprintf(buf, len, "ServerHello");
	else if (l->dir == DIR_C2S)
		snprintf(buf, len, "the server's answer to %s", l->name);
	else
		snprintf(buf, len, "the next message after %s", l->name);
}
