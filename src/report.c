/* report.c — assembling a report: traces, deduplicated findings, verdict. The verdict
 * names the root cause first (finding_rank), so a dead network is not buried. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "cert.h"
#include "report.h"
#include "trace.h"
#include "xmalloc.h"

_Static_assert(F__COUNT <= STEP_RAISED_WORDS * 64, "struct step_raised holds every finding id");

const char *step_state_name(enum step_state s)
{
	static const char *const n[] = {
		[STATE_PENDING] = "pending", [STATE_RUNNING] = "running", [STATE_PASSED] = "passed",
		[STATE_WARNED] = "warned", [STATE_FAILED] = "failed", [STATE_SKIPPED] = "skipped",
		[STATE_UNCHECKED] = "could not check", [STATE_CANCELLED] = "cancelled", [STATE_NOT_RUN] = "not run",
	};
	return (unsigned)s <= STATE_NOT_RUN ? n[s] : "?";
}

bool step_state_incomplete(enum step_state s)
{
	return s == STATE_UNCHECKED || s == STATE_CANCELLED || s == STATE_NOT_RUN || s == STATE_PENDING ||
	       s == STATE_RUNNING;
}

void step_raise(struct step_raised *sr, enum finding_id id)
{
	if ((unsigned)id < F__COUNT)
		sr->w[id / 64] |= (uint64_t)1 << (id % 64);
}

/* One state from the evidence: the worst severity among the findings still in the report
 * that the step raised or rests on (the report may have dropped or re-graded them since).
 * A judge's PASSED, WARNED or FAILED is not taken on its word; what it says it could not
 * judge (SKIPPED, UNCHECKED, CANCELLED, NOT_RUN) stands unless a finding is worse. */
enum step_state step_state_derive(const struct report *r, enum step_state claim, const struct step_raised *sr)
{
	enum severity worst = SEV_INFO;
	bool any = false;
	enum step_state base = claim == STATE_WARNED || claim == STATE_FAILED ? STATE_PASSED : claim;

	for (size_t i = 0; i < r->nfindings; i++) {
		int id = r->findings[i].fid;
		if (id >= 0 && id < F__COUNT && (sr->w[id / 64] >> (id % 64) & 1)) {
			if (!any || r->findings[i].severity > worst)
				worst = r->findings[i].severity;
			any = true;
		}
	}
	if (any && worst == SEV_ERROR)
		return STATE_FAILED;
	if (any && worst == SEV_WARN && base != STATE_UNCHECKED)
		return STATE_WARNED;
	return base;
}

void report_init(struct report *r, const struct target *t)
{
	memset(r, 0, sizeof *r);
	r->target = *t;
	r->started = time(NULL);
}

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->ntraces; i++)
		trace_free(r->traces[i]);
	free(r->traces);
	free(r->findings);
	free(r->steps);
	chain_free(&r->chain);
	memset(r, 0, sizeof *r);
}

int report_add_trace(struct report *r, struct trace *tr)
{
	r->traces = xreallocarray(r->traces, r->ntraces + 1, sizeof *r->traces);
	r->traces[r->ntraces] = tr;
	return (int)r->ntraces++;
}

struct trace *report_find_trace(const struct report *r, enum trace_kind kind, int *idx)
{
	for (size_t i = r->ntraces; i-- > 0;)
		if (r->traces[i]->kind == kind) {
			if (idx)
				*idx = (int)i;
			return r->traces[i];
		}
	if (idx)
		*idx = -1;
	return NULL;
}

struct finding *report_add(struct report *r, enum finding_id id, int trace, int step)
{
	const struct finding_def *d = finding_def(id);
	struct finding *f;

	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].fid == (int)id)
			return &r->findings[i];
	r->findings = xreallocarray(r->findings, r->nfindings + 1, sizeof *r->findings);
	f = &r->findings[r->nfindings++];
	memset(f, 0, sizeof *f);
	f->fid = (int)id;
	f->id = d->id;
	f->area = d->area;
	f->severity = d->severity;
	f->section = finding_section(d->area);
	snprintf(f->title, sizeof f->title, "%s", d->meaning);
	f->trace = trace;
	f->step = step;
	f->origin = -1;
	if (trace >= 0 && step < 0 && (size_t)trace < r->ntraces) {
		const struct trace *t = r->traces[trace];
		f->step = trace_fail_step(t);
		/* A certificate problem is proven by the Certificate message, not by a failure. */
		if (!strcmp(d->area, "certificates") || !strcmp(d->area, "chain"))
			for (size_t i = 0; i < t->nsteps; i++)
				if (t->steps[i].dir == DIR_S2C && !strcmp(t->steps[i].name, "Certificate"))
					f->step = (int)i;
	}
	return f;
}

bool report_has(const struct report *r, enum finding_id id)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].fid == (int)id)
			return true;
	return false;
}

void report_remove(struct report *r, enum finding_id id)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].fid == (int)id) {
			memmove(&r->findings[i], &r->findings[i + 1], (r->nfindings - i - 1) * sizeof *r->findings);
			r->nfindings--;
			return;
		}
}

#define SETTER(fn, field) \
	void fn(struct finding *f, const char *fmt, ...) \
	{ \
		va_list ap; \
		va_start(ap, fmt); \
		vsnprintf(f->field, sizeof f->field, fmt, ap); \
		va_end(ap); \
	}
SETTER(finding_title, title)
SETTER(finding_evidence, evidence)
SETTER(finding_fix, fix)

/* Symptom and cause found together: the cause is the answer, the symptom its proof.
 * { symptom, cause } — the symptom ranks after everything when its cause is present. */
static const struct { enum finding_id symptom, cause; } explained_by[] = {
	{ F_CERT_HOSTNAME_MISMATCH, F_SNI_DEFAULT_CERT },
	{ F_CERT_HOSTNAME_MISMATCH, F_CERT_NO_SAN },
	{ F_TLS_ALERT, F_CERT_CLIENT_CERT_REQUIRED },
	{ F_TLS_ERROR, F_CERT_CLIENT_CERT_REQUIRED },
	{ F_VERSION_NO_TLS12, F_VERSION_LEGACY_ONLY },
	{ F_VERSION_NO_TLS12, F_VERSION_TLS13_ONLY },
	{ F_CHAIN_UNTRUSTED_ROOT, F_NET_INTERCEPTION },
	{ F_CHAIN_UNTRUSTED_ROOT, F_CHAIN_INTERCEPTION },
	{ F_CHAIN_ROOT_SENT, F_CHAIN_INTERCEPTION },
	{ F_CERT_VERIFY_FAILED, F_CHAIN_INTERCEPTION },
	/* a path that drops big hellos looks like silence, a reset or a close */
	{ F_NET_BLACKHOLE, F_VERSION_INTOLERANCE },
	{ F_NET_RESET, F_VERSION_INTOLERANCE },
	{ F_NET_CLOSED, F_VERSION_INTOLERANCE },
	/* --client PROFILE: that client's failure is the answer, the server's range its proof */
	{ F_VERSION_TLS13_ONLY, F_VERSION_MISMATCH },
	{ F_VERSION_NO_TLS12, F_VERSION_MISMATCH },
	{ F_VERSION_LEGACY_ONLY, F_VERSION_MISMATCH },
	{ F_VERSION_NO_TLS13, F_VERSION_MISMATCH },
};

static void mark_consequences(struct report *r)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		r->findings[i].consequence = false;
		for (size_t k = 0; k < sizeof explained_by / sizeof explained_by[0]; k++)
			if (r->findings[i].fid == (int)explained_by[k].symptom && report_has(r, explained_by[k].cause)) {
				r->findings[i].consequence = true;
				/* the cause is at least as serious as what it causes */
				for (size_t c = 0; c < r->nfindings; c++)
					if (r->findings[c].fid == (int)explained_by[k].cause &&
					    r->findings[c].severity < r->findings[i].severity)
						r->findings[c].severity = r->findings[i].severity;
			}
	}
}

static int cmp_findings(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	/* a consequence goes after the other findings of its severity */
	int rx = finding_rank(x) + (x->consequence ? 50 : 0), ry = finding_rank(y) + (y->consequence ? 50 : 0);
	/* Ties follow the catalogue's order, which lists causes before their symptoms. */
	return rx != ry ? rx - ry : (int)finding_def_by_id(x->id)->e - (int)finding_def_by_id(y->id)->e;
}

/* A failed default handshake that no wizard explained still fails the report. */
static void add_generic(struct report *r)
{
	int idx;
	struct trace *t = report_find_trace(r, TK_DEFAULT, &idx);
	struct finding *f;

	if (!t || t->outcome == OUTCOME_OK || t->outcome == OUTCOME_LOCAL || t->outcome == OUTCOME_CANCELLED)
		return;
	if (trace_is_network_failure(t)) {
		/* A single wizard without the firewall one still says the network stopped it. */
		const struct finding_def *d = outcome_finding(t->outcome);
		for (size_t i = 0; i < r->nfindings; i++)
			if (!strcmp(r->findings[i].area, "firewall"))
				return;
		if (d) {
			f = report_add(r, d->e, idx, -1);
			finding_title(f, "%s", t->reason);
			finding_evidence(f, "%s: %s", t->addr[0] ? t->addr : r->target.host, t->reason);
			finding_fix(f, "Nothing past the network could be judged. Next: tlswiz wizard firewall %s:%u",
				    r->target.host, r->target.port);
		}
		return;
	}
	/* an error, or a warning whose proof is this very handshake, explains it */
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity == SEV_ERROR || (r->findings[i].trace == idx && r->findings[i].severity == SEV_WARN))
			return;
	if (t->outcome == OUTCOME_ALERT) {
		const struct alert_info *a = alert_lookup(t->alert);
		f = report_add(r, F_TLS_ALERT, idx, -1);
		finding_title(f, "the server refuses the handshake with alert %s(%d)", alert_name(t->alert), t->alert);
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Usually: %s.\nNext: tlswiz wizard %s %s:%u", a ? a->meaning : "an unassigned alert code",
			    a ? a->area : "versions", r->target.host, r->target.port);
	} else {
		f = report_add(r, F_TLS_ERROR, idx, -1);
		finding_title(f, "the handshake fails: %s", t->reason);
		finding_evidence(f, "%s (%s)", t->reason, t->tls_error_name);
		finding_fix(f, "Run every wizard (tlswiz diagnose -v) and read the ladder where it stops.");
	}
}

void report_finish(struct report *r)
{
	size_t errors = 0, warns = 0, open = 0, cancelled = 0, unchecked = 0;
	struct trace *def = report_find_trace(r, TK_DEFAULT, NULL);
	const struct report_step *first_open = NULL;

	add_generic(r);

	mark_consequences(r);
	if (r->nfindings > 1)
		qsort(r->findings, r->nfindings, sizeof *r->findings, cmp_findings);
	for (size_t i = 0; i < r->nfindings; i++) {
		if (r->findings[i].severity == SEV_ERROR)
			errors++;
		else if (r->findings[i].severity == SEV_WARN)
			warns++;
	}
	/* Every step's state from the final evidence (severities settle only now). */
	for (size_t k = 0; k < r->nsteps; k++) {
		struct report_step *st = &r->steps[k];
		if (st->state >= STATE_PASSED)
			st->state = step_state_derive(r, st->claim, &st->raised);
		if (step_state_incomplete(st->state)) {
			open++;
			cancelled += st->state == STATE_CANCELLED;
			unchecked += st->state == STATE_UNCHECKED;
			if (!first_open)
				first_open = st;
		}
	}
	if (!errors && def && def->outcome == OUTCOME_LOCAL) {
		r->verdict = VERDICT_ERROR;
		snprintf(r->verdict_text, sizeof r->verdict_text, "could not run: %s", def->reason);
	} else if (!errors && open) {
		r->verdict = VERDICT_INCOMPLETE;
		snprintf(r->verdict_text, sizeof r->verdict_text, "incomplete: %zu of %zu steps %s (first: %s: %.100s)%s%s",
			 open, r->nsteps, cancelled == open ? "cancelled" : unchecked == open ? "could not be checked" :
			 "not judged", first_open->title, first_open->note[0] ? first_open->note : step_state_name(first_open->state),
			 warns ? "; warnings: " : "", warns ? r->findings[0].title : "");
	} else if (errors) {
		r->verdict = VERDICT_FAIL;
		snprintf(r->verdict_text, sizeof r->verdict_text, "%s", r->findings[0].title);
	} else if (warns) {
		r->verdict = VERDICT_WARN;
		snprintf(r->verdict_text, sizeof r->verdict_text, "TLS works, with %zu warning%s: %s", warns,
			 warns == 1 ? "" : "s", r->findings[0].title);
	} else {
		r->verdict = VERDICT_OK;
		snprintf(r->verdict_text, sizeof r->verdict_text, "no problem found");
	}
}

int report_exit_status(const struct report *r)
{
	switch (r->verdict) {
	case VERDICT_OK: return 0;
	case VERDICT_WARN: return 1;
	case VERDICT_FAIL: return 2;
	default: return 3;
	}
}

const char *verdict_name(enum verdict v)
{
	static const char *const n[] = { [VERDICT_OK] = "OK", [VERDICT_WARN] = "WARN",
					  [VERDICT_FAIL] = "FAIL", [VERDICT_ERROR] = "ERROR",
					  [VERDICT_INCOMPLETE] = "INCOMPLETE" };
	return (unsigned)v <= VERDICT_INCOMPLETE ? n[v] : "?";
}
