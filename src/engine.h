/* engine.h — the probe job queue: a small pool of worker threads that run probes with
 * deadlines and cancellation. Knows nothing of wizards or UI. */
#ifndef TLSWIZ_ENGINE_H
#define TLSWIZ_ENGINE_H
#include <pthread.h>

#include "model.h"
#include "probe.h"

#define ENGINE_WORKERS 8

/* A probe request with its own storage for the strings probe_opts points to. */
struct probe_req {
	struct probe_opts o;
	char label[64];
	char priority[512];
	char sni[TW_HOST_MAX];
	char alpn[64];
};

/* Fill r for an attempt of this kind (labelled as the kind says) with priority (NULL =
 * default), and point r->o at its own storage. */
void probe_req_init(struct probe_req *r, enum trace_kind kind, const char *priority);
/* A label of its own ("address 2", "SNI=b.example"). */
void probe_req_label(struct probe_req *r, const char *label);
void probe_req_sni(struct probe_req *r, enum sni_mode mode, const char *sni);
void probe_req_alpn(struct probe_req *r, const char *alpn);

struct batch;	/* a set of probes against one target, waited on together */

/* Run n probes concurrently (at most ENGINE_WORKERS at once, process-wide) and wait for
 * all of them. results[i] receives probe i's trace (caller owns). cancel may be NULL. */
void engine_run(const struct target *t, const struct probe_req *reqs, size_t n,
		struct trace **results, const volatile int *cancel);

/* Stop the workers (at exit; optional). */
void engine_shutdown(void);

#endif
