/* scan_api.c — the scanner API of scan.h over the raw hellos of scan.c: each version
 * offered alone, one version's suites, the groups and TLS1.2 curves, version and size
 * intolerance, and all of it for the client simulation (scan_all). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "hello.h"
#include "net.h"
#include "probe.h"
#include "scan.h"
#include "suites.h"
#include "target.h"
#include "trace.h"

/* ---- versions, suites, groups, intolerance ---- */

static const unsigned all_versions[SCAN_NVERSIONS] = { 0x0200, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304 };

int scan_version_index(unsigned v)
{
	for (int i = 0; i < SCAN_NVERSIONS; i++)
		if (all_versions[i] == v)
			return i;
	return -1;
}

unsigned scan_version_at(int i)
{
	return i >= 0 && i < SCAN_NVERSIONS ? all_versions[i] : 0;
}

static const char *const verdict_names[] = {
	[SV_ACCEPTED] = "accepted", [SV_PROTOCOL_VERSION] = "alert protocol_version",
	[SV_HANDSHAKE_FAILURE] = "alert handshake_failure", [SV_OTHER_ALERT] = "other alert",
	[SV_OTHER_VERSION] = "another version", [SV_RESET] = "reset", [SV_SILENCE] = "silence",
	[SV_CLOSE] = "closed", [SV_NOT_TLS] = "not TLS", [SV_ERROR] = "error",
};

const char *scan_verdict_name(enum scan_verdict v)
{
	return (unsigned)v < sizeof verdict_names / sizeof verdict_names[0] ? verdict_names[v] : "?";
}

static enum scan_verdict verdict_of(unsigned offered, const struct scan_result *r)
{
	switch (r->outcome) {
	case OUTCOME_OK:
		if (offered == 0x0200)
			return r->ssl2 ? SV_ACCEPTED : SV_OTHER_VERSION;
		return r->version == offered && !r->ssl2 ? SV_ACCEPTED : SV_OTHER_VERSION;
	case OUTCOME_ALERT:
		return r->alert == ALERT_PROTOCOL_VERSION ? SV_PROTOCOL_VERSION : ALERT_NO_SHARED(r->alert) ? SV_HANDSHAKE_FAILURE
										     : SV_OTHER_ALERT;
	case OUTCOME_RESET:
		return SV_RESET;
	case OUTCOME_SILENCE:
	case OUTCOME_STALL:
		return SV_SILENCE;
	case OUTCOME_EOF:
		return SV_CLOSE;
	case OUTCOME_NOT_TLS:
		return SV_NOT_TLS;
	default:
		return SV_ERROR;
	}
}

struct version_job {
	const struct target *t;
	int timeout_ms;
	const volatile int *cancel;
	struct scan_version *v;
};

static void *version_thread(void *arg)
{
	struct version_job *j = arg;
	unsigned char hello[4096];
	char label[48];
	long n;

	snprintf(label, sizeof label, "%s alone (raw)", scan_version_name(j->v->version));
	n = j->v->version == 0x0200 ? hello_build_ssl2(hello, sizeof hello)
				    : scan_build(j->t, j->v->version, NULL, 0, hello, sizeof hello);
	if (n < 0) {
		j->v->verdict = SV_ERROR;
		return NULL;
	}
	j->v->trace = scan_hello(j->t, label, hello, (size_t)n, j->timeout_ms, j->cancel, &j->v->r);
	j->v->verdict = verdict_of(j->v->version, &j->v->r);
	return NULL;
}

void scan_versions(const struct target *t, int timeout_ms, const volatile int *cancel, struct scan_versions *out)
{
	struct version_job jobs[SCAN_NVERSIONS];
	pthread_t th[SCAN_NVERSIONS];
	bool started[SCAN_NVERSIONS];
	double t0 = net_now_ms();

	memset(out, 0, sizeof *out);
	for (int i = 0; i < SCAN_NVERSIONS; i++) {
		out->v[i].version = all_versions[i];
		out->v[i].r.alert = -1;
		jobs[i] = (struct version_job){ t, timeout_ms, cancel, &out->v[i] };
		started[i] = pthread_create(&th[i], NULL, version_thread, &jobs[i]) == 0;
		if (!started[i])
			version_thread(&jobs[i]);
	}
	for (int i = 0; i < SCAN_NVERSIONS; i++)
		if (started[i])
			pthread_join(th[i], NULL);
	out->conns = SCAN_NVERSIONS;
	out->ms = net_now_ms() - t0;
}

void scan_versions_free(struct scan_versions *v)
{
	for (int i = 0; i < SCAN_NVERSIONS; i++) {
		trace_free(v->v[i].trace);
		v->v[i].trace = NULL;
	}
}

bool scan_version_accepted(const struct scan_versions *v, unsigned version)
{
	int i = scan_version_index(version);
	return i >= 0 && v->v[i].verdict == SV_ACCEPTED;
}

void scan_suites(const struct target *t, unsigned version, int timeout_ms, const volatile int *cancel,
		 struct scan_enum *out)
{
	scan_enumerate(t, version, timeout_ms, cancel, out, NULL);
}

/* TLS1.2 ECDHE curves: strike and repeat, the curve read from the ServerKeyExchange. */
static void curves12(const struct target *t, int timeout_ms, const volatile int *cancel, struct scan_groups *out)
{
	unsigned suites[128], remaining[64];
	size_t ns = 0, nrem = 0;
	unsigned char hello[4096];

	for (size_t i = 0; i < suite_count() && ns < 128; i++) {
		const struct suite_info *si = suite_at(i);
		if (!strcmp(si->kx, "ECDHE") && !(si->flags & (SF_PSK | SF_TLS13)))
			suites[ns++] = si->id;
	}
	for (size_t i = 0; i < group_count() && nrem < 64; i++) {
		const struct group_info *g = group_at(i);
		if ((g->flags & GF_TLS12) && !(g->flags & GF_FFDHE))
			remaining[nrem++] = g->id;
	}
	while (nrem && out->conns12 < 40 && !net_cancelled(cancel)) {
		struct hello_spec s = { .legacy_version = 0x0303, .suites = suites, .nsuites = ns, .groups = remaining,
					.ngroups = nrem, .sni = target_sni(t) };
		struct scan_result r;
		long n = hello_build_client(&s, hello, sizeof hello);
		size_t k;
		if (n < 0)
			break;
		trace_free(scan_hello_ex(t, "TLS1.2 curves", hello, (size_t)n, timeout_ms, cancel, SCAN_WANT_SKE, &r));
		out->conns12++;
		if (r.outcome != OUTCOME_OK || r.version != 0x0303 || !r.curve)
			break;
		for (k = 0; k < nrem && remaining[k] != r.curve; k++)
			;
		if (k == nrem) {
			out->violation = true;	/* a curve we did not offer: stop, never loop */
			break;
		}
		if (out->ncurves12 < sizeof out->curves12 / sizeof out->curves12[0])
			out->curves12[out->ncurves12++] = r.curve;
		memmove(remaining + k, remaining + k + 1, (nrem - k - 1) * sizeof *remaining);
		nrem--;
	}
	out->conns += out->conns12;
}

void scan_groups(const struct target *t, bool tls13, bool tls12, int timeout_ms, const volatile int *cancel,
		 struct scan_groups *out)
{
	memset(out, 0, sizeof *out);
	if (tls13)
		scan_enumerate_groups(t, timeout_ms, cancel, out);
	if (tls12)
		curves12(t, timeout_ms, cancel, out);
}

void scan_intolerance(const struct target *t, int timeout_ms, const volatile int *cancel,
		      struct scan_intolerance *out)
{
	static const unsigned plain_suites[] = { 0xc02f, 0xc02b, 0xc030, 0xc02c, 0xcca8, 0xcca9, 0xc013, 0xc014,
						 0x009c, 0x009d, 0x002f, 0x0035, 0x000a };
	static const unsigned big_suites[] = { 0x1301, 0x1302, 0x1303, 0xc02f, 0xc02b, 0xc030, 0xc02c, 0xcca8,
					       0xcca9, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035, 0x000a };
	static const unsigned plain_groups[] = { 0x0017, 0x0018, 0x001d };
	static const unsigned big_groups[] = { 0x001d, 0x0017, 0x0018, 0x0019, 0x0100 };
	static const unsigned vers[] = { 0x0304, 0x0303 };
	unsigned char hello[4096];
	struct hello_spec plain = { .legacy_version = 0x0303, .suites = plain_suites,
				    .nsuites = sizeof plain_suites / sizeof plain_suites[0], .groups = plain_groups,
				    .ngroups = 3, .sni = target_sni(t) };
	struct hello_spec big = { .legacy_version = 0x0303, .versions = vers, .nversions = 2, .suites = big_suites,
				  .nsuites = sizeof big_suites / sizeof big_suites[0], .groups = big_groups,
				  .ngroups = 5, .share_groups = 2, .grease = true, .pad_to = 600, .alpn = "h2,http/1.1",
				  .status_request = true, .sni = target_sni(t) };
	long n;

	memset(out, 0, sizeof *out);
	n = hello_build_client(&plain, hello, sizeof hello);
	if (n > 0) {
		out->plain_trace = scan_hello(t, "TLS1.2 plain hello (raw)", hello, (size_t)n, timeout_ms, cancel, &out->plain);
		out->conns++;
	}
	n = hello_build_client(&big, hello, sizeof hello);
	if (n > 0 && !net_cancelled(cancel)) {
		out->big_trace = scan_hello(t, "TLS1.3 + GREASE, 600-byte hello (raw)", hello, (size_t)n, timeout_ms,
					    cancel, &out->big);
		out->conns++;
	}
	if (!out->plain_trace || !out->big_trace)
		return;
	if (out->plain.outcome == OUTCOME_OK && out->big.outcome != OUTCOME_OK) {
		out->intolerant = true;
		snprintf(out->why, sizeof out->why, "a plain TLS1.2 hello works, one offering TLS1.3 with GREASE and "
			 "%ld bytes fails: %s", n - 5, out->big.reason);
	} else if (out->plain.outcome != OUTCOME_OK && out->big.outcome == OUTCOME_OK) {
		snprintf(out->why, sizeof out->why, "only the TLS1.3 hello works (%s); the TLS1.2 hello: %s",
			 scan_version_name(out->big.version), out->plain.reason);
	} else if (out->plain.outcome != OUTCOME_OK) {
		snprintf(out->why, sizeof out->why, "both hellos fail: %s", out->plain.reason);
	} else {
		snprintf(out->why, sizeof out->why, "both hellos work (%s, %s)", scan_version_name(out->plain.version),
			 scan_version_name(out->big.version));
	}
}

void scan_intolerance_free(struct scan_intolerance *x)
{
	trace_free(x->plain_trace);
	trace_free(x->big_trace);
	x->plain_trace = x->big_trace = NULL;
}

struct suites_job {
	const struct target *t;
	int timeout_ms;
	const volatile int *cancel;
	struct scan_enum *e;
	unsigned version;
};

static void *suites_thread(void *arg)
{
	struct suites_job *j = arg;
	scan_suites(j->t, j->version, j->timeout_ms, j->cancel, j->e);
	return NULL;
}

void scan_all(const struct target *t, int timeout_ms, const volatile int *cancel, struct scan_summary *out)
{
	struct scan_versions *vs = calloc(1, sizeof *vs);
	struct suites_job jobs[SCAN_NVERSIONS];
	pthread_t th[SCAN_NVERSIONS];
	bool started[SCAN_NVERSIONS] = { false };
	double t0 = net_now_ms();

	memset(out, 0, sizeof *out);
	if (!vs)
		return;
	scan_versions(t, timeout_ms, cancel, vs);
	out->conns_versions = vs->conns;
	for (int i = 0; i < SCAN_NVERSIONS; i++) {
		out->version_ok[i] = vs->v[i].verdict == SV_ACCEPTED;
		out->suites[i].version = all_versions[i];
		out->suites[i].server_pref = -1;
		out->suites[i].refused = !out->version_ok[i];
		if (!out->version_ok[i])
			continue;
		/* SSLv2 lists its kinds in the one SERVER-HELLO already had */
		if (all_versions[i] == 0x0200) {
			for (size_t k = 0; k < vs->v[i].r.nssl2_kinds; k++)
				out->suites[i].accepted[out->suites[i].naccepted++] = vs->v[i].r.ssl2_kinds[k];
			continue;
		}
		jobs[i] = (struct suites_job){ t, timeout_ms, cancel, &out->suites[i], all_versions[i] };
		started[i] = pthread_create(&th[i], NULL, suites_thread, &jobs[i]) == 0;
		if (!started[i])
			suites_thread(&jobs[i]);
	}
	/* at most 5 enumeration threads plus this one: 6 connections at a time */
	scan_groups(t, out->version_ok[scan_version_index(0x0304)], out->version_ok[scan_version_index(0x0303)],
		    timeout_ms, cancel, &out->groups);
	for (int i = 0; i < SCAN_NVERSIONS; i++) {
		if (started[i])
			pthread_join(th[i], NULL);
		if (out->version_ok[i] && all_versions[i] != 0x0200)
			out->conns_suites += out->suites[i].conns;
	}
	out->conns_groups = out->groups.conns;
	out->conns = out->conns_versions + out->conns_suites + out->conns_groups;
	out->ms = net_now_ms() - t0;
	scan_versions_free(vs);
	free(vs);
}
