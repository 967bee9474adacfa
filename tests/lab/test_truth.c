/* test_truth.c — nothing on screen contradicts the evidence, over every lab scenario:
 * no step reads PASS while a finding it raised is an error or a warning, and narrower
 * regressions (a stall is not version intolerance). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "../tw_test.h"
#include "fakeserver.h"
#include "target.h"
#include "lab.h"
#include "tw_srv.h"
#include "report.h"
#include "run.h"
#include "trace.h"
#include "wizard.h"

static struct lab *lab;

static void lab_up(void)
{
	lab = tw_lab_start(NULL);
}

static void lab_down(void)
{
	lab_stop(lab);
	lab = NULL;
}

/* The diagnose stopped at the network: its default handshake never reached TLS. */
static bool trace_is_network_failure_of(const struct run *r)
{
	const struct trace *t = report_find_trace(&r->report, TK_DEFAULT, NULL);
	return t && (trace_is_network_failure(t) || t->outcome == OUTCOME_LOCAL);
}

static struct run *diagnose(const char *name, const char *const *wizards)
{
	struct target t;
	const struct lab_entry *e = lab_find(lab, name);
	struct run *r;

	ck_assert_msg(e != NULL, "no scenario %s", name);
	target_defaults(&t);
	lab_target(lab, e, &t);
	t.timeout_ms = 2000;
	r = run_new(&t, wizards);
	run_exec(r);
	return r;
}

START_TEST(a_stall_after_the_server_hello_is_not_version_intolerance)
{
	struct run *r = diagnose("stall-after-hello", NULL);
	ck_assert_msg(report_has(&r->report, F_NET_STALL), "the stall itself is the finding");
	ck_assert_msg(!report_has(&r->report, F_VERSION_INTOLERANCE),
		      "the ServerHello came: the hello was tolerated, yet version.intolerance");
	run_free(r);
}
END_TEST


/* Diagnose every scenario (proxy ones reach theirs through it); call check on each. */
static void each_scenario(void (*check)(const struct lab_entry *e, struct run *r, char *bad, size_t cap, size_t *o),
			  char *bad, size_t cap)
{
	size_t o = 0;
	bad[0] = '\0';
	ck_assert_ptr_nonnull(lab);
	for (size_t i = 0; i < lab_count(lab); i++) {
		const struct lab_entry *e = lab_entry(lab, i);
		struct run *r = diagnose(e->name, NULL);
		check(e, r, bad, cap, &o);
		run_free(r);
	}
}

#define BAD(...) (*o += (size_t)snprintf(bad + *o, *o < cap ? cap - *o : 0, __VA_ARGS__))

/* A step never reads better than a finding it raised, and never worse than the findings
 * give reason for: FAIL needs an error among them, WARN a warning (or an unchecked part). */
static void states_follow_findings(const struct lab_entry *e, struct run *r, char *bad, size_t cap, size_t *o)
{
	for (size_t k = 0; k < r->report.nsteps; k++) {
		const struct report_step *st = &r->report.steps[k];
		enum severity worst = SEV_INFO;
		bool any = false;
		for (size_t i = 0; i < r->report.nfindings; i++) {
			int id = r->report.findings[i].fid;
			if (!(st->raised.w[id / 64] >> (id % 64) & 1))
				continue;
			if (!any || r->report.findings[i].severity > worst)
				worst = r->report.findings[i].severity;
			any = true;
		}
		if (any && worst == SEV_ERROR && st->state != STATE_FAILED)
			BAD("%s: [%s] %s/%s raised an error\n", e->name, step_state_name(st->state), st->wizard, st->title);
		else if (any && worst == SEV_WARN && (st->state == STATE_PASSED || st->state == STATE_SKIPPED))
			BAD("%s: [%s] %s/%s raised a warning\n", e->name, step_state_name(st->state), st->wizard, st->title);
		/* a judge that saw a problem raised the finding that proves it */
		if ((st->claim == STATE_FAILED || st->claim == STATE_WARNED) && st->state == STATE_PASSED)
			BAD("%s: %s/%s judged %s but raised no finding (%s)\n", e->name, st->wizard, st->title,
			    step_state_name(st->claim), st->note);
	}
	/* and the verdict is computed from the same data */
	{
		bool err = false, open = false;
		for (size_t i = 0; i < r->report.nfindings; i++)
			err |= r->report.findings[i].severity == SEV_ERROR;
		for (size_t k = 0; k < r->report.nsteps; k++)
			open |= step_state_incomplete(r->report.steps[k].state);
		if (err && r->report.verdict != VERDICT_FAIL)
			BAD("%s: an error finding, verdict %s\n", e->name, verdict_name(r->report.verdict));
		if (!err && open && r->report.verdict == VERDICT_OK)
			BAD("%s: OK with steps not judged\n", e->name);
	}
}

START_TEST(every_step_state_follows_the_findings_it_raised)
{
	static char bad[32768];
	each_scenario(states_follow_findings, bad, sizeof bad);
	if (bad[0])
		fprintf(stderr, "step states that contradict their findings:\n%s", bad);
	ck_assert_msg(!bad[0], "step states that contradict their findings (all on stderr):\n%.3000s", bad);
}
END_TEST

/* Cancelled before anything was judged: every unfinished step says "cancelled" and the
 * verdict is INCOMPLETE (exit 3), never OK. */
START_TEST(a_cancelled_run_is_incomplete_not_ok)
{
	struct target t;
	const struct lab_entry *e = lab_find(lab, "silent");
	struct run *r;
	size_t cancelled = 0;

	ck_assert_ptr_nonnull(e);
	target_defaults(&t);
	lab_target(lab, e, &t);
	t.timeout_ms = 5000;
	r = run_new(&t, NULL);
	run_start(r, -1);
	usleep(200 * 1000);
	run_cancel(r);
	run_wait(r);
	for (size_t k = 0; k < r->report.nsteps; k++)
		cancelled += r->report.steps[k].state == STATE_CANCELLED;
	ck_assert_msg(cancelled > 0, "no step reads cancelled");
	ck_assert_msg(r->report.verdict == VERDICT_INCOMPLETE, "verdict %s: %s", verdict_name(r->report.verdict),
		      r->report.verdict_text);
	ck_assert_int_eq(report_exit_status(&r->report), 3);
	run_free(r);
}
END_TEST

/* "id:severity," for every finding the steps of wizard w raised in r (w NULL: all). */
static void raised_by(const struct run *r, const char *w, char *out, size_t len)
{
	const char *list[F__COUNT];
	size_t n = 0, o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < r->report.nfindings; i++) {
		const struct finding *f = &r->report.findings[i];
		bool mine = false;
		for (size_t k = 0; k < r->report.nsteps && !mine; k++)
			mine = (!w || !strcmp(r->report.steps[k].wizard, w)) &&
			       (r->report.steps[k].raised.w[f->fid / 64] >> (f->fid % 64) & 1);
		if (mine && n < F__COUNT)
			list[n++] = f->id;
	}
	/* sorted, so two runs compare as sets */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(list[j - 1], list[j]) > 0; j--) {
			const char *x = list[j];
			list[j] = list[j - 1];
			list[j - 1] = x;
		}
	for (size_t i = 0; i < n; i++) {
		enum finding_id id = finding_id_from_name(list[i]);
		const struct finding *f = NULL;
		for (size_t k = 0; k < r->report.nfindings && !f; k++)
			if (r->report.findings[k].fid == (int)id)
				f = &r->report.findings[k];
		o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%s:%s,", list[i], f ? severity_name(f->severity) : "?");
	}
}

/* A wizard alone judges exactly as inside diagnose: for every scenario and wizard, the
 * findings its steps raise (ids and severities) are the same both ways. All runs of a
 * scenario go side by side, so the silent ones cost one timeout, not seven. */
START_TEST(every_wizard_alone_judges_as_inside_diagnose)
{
	static char bad[32768];
	size_t o = 0;
	const char *names[8];
	size_t nw = 0;

	for (size_t i = 0; wizard_registry[i] && nw < 8; i++)
		names[nw++] = wizard_registry[i]->name;
	bad[0] = '\0';
	ck_assert_ptr_nonnull(lab);
	for (size_t i = 0; i < lab_count(lab); i++) {
		const struct lab_entry *e = lab_entry(lab, i);
		struct run *all, *one[8];
		struct target t;
		char a[2048], b[2048];

		target_defaults(&t);
		lab_target(lab, e, &t);
		t.timeout_ms = 2000;
		all = run_new(&t, NULL);
		run_start(all, -1);
		for (size_t w = 0; w < nw; w++) {
			const char *only[2] = { names[w], NULL };
			one[w] = run_new(&t, only);
			run_start(one[w], -1);
		}
		run_wait(all);
		for (size_t w = 0; w < nw; w++) {
			run_wait(one[w]);
			raised_by(all, names[w], a, sizeof a);
			raised_by(one[w], names[w], b, sizeof b);
			/* in diagnose a dead network stops the wizards after the firewall: nothing
			 * of theirs to compare */
			if (strcmp(a, b) && !(strcmp(names[w], "firewall") && trace_is_network_failure_of(all)))
				o += (size_t)snprintf(bad + o, o < sizeof bad ? sizeof bad - o : 0,
						      "%s: wizard %s alone: %s  inside diagnose: %s\n", e->name, names[w],
						      b[0] ? b : "-", a[0] ? a : "-");
			run_free(one[w]);
		}
		run_free(all);
	}
	if (bad[0])
		fprintf(stderr, "wizards alone vs inside diagnose:\n%s", bad);
	ck_assert_msg(!bad[0], "wizards alone judge otherwise than inside diagnose (all on stderr):\n%.3000s", bad);
}
END_TEST

/* A server that accepts NULL and anonymous suites gets two findings, each with its own
 * proof: the anonymous one once overwrote the NULL one's title and evidence. */
START_TEST(null_and_anonymous_suites_are_two_findings)
{
	struct fake_config fc = { .versions = { 0x0303 }, .nversions = 1, .suites = { 0x0034, 0x003b }, .nsuites = 2,
				  .server_pref = true };
	unsigned short port;
	struct fakeserver *fs = fakeserver_start(&fc, 0, &port);
	static const char *const only[] = { "ciphers", NULL };
	const struct finding *null = NULL, *anon = NULL;
	struct target t;
	struct run *r;

	ck_assert_ptr_nonnull(fs);
	target_defaults(&t);
	snprintf(t.host, sizeof t.host, "fake.tlswiz.test");
	snprintf(t.connect_to, sizeof t.connect_to, "127.0.0.1");
	t.port = port;
	t.timeout_ms = 2000;
	r = run_new(&t, only);
	run_exec(r);
	for (size_t i = 0; i < r->report.nfindings; i++) {
		if (r->report.findings[i].fid == F_CIPHER_NULL)
			null = &r->report.findings[i];
		if (r->report.findings[i].fid == F_CIPHER_ANON)
			anon = &r->report.findings[i];
	}
	ck_assert_msg(null && anon, "null %p anon %p", (void *)null, (void *)anon);
	ck_assert_msg(strstr(null->evidence, "NULL_SHA256") && !strstr(null->title, "anonymous"), "%s / %s", null->title,
		      null->evidence);
	ck_assert_msg(strstr(anon->evidence, "anon"), "%s", anon->evidence);
	run_free(r);
	fakeserver_stop(fs);
}
END_TEST

/* diagnose --json fills "versions" from the enumeration (it once printed {}): good-rsa
 * speaks TLS1.2 and TLS1.3 and refuses TLS1.0. */
START_TEST(diagnose_json_says_which_versions_were_settled)
{
	const struct lab_entry *e = lab_find(lab, "good-rsa");
	char args[1024], cmd[2048];
	static char out[1 << 20];
	json_t *j, *v;

	ck_assert_ptr_nonnull(e);
	lab_args(lab, e, args, sizeof args);
	snprintf(cmd, sizeof cmd, "%s diagnose --json --timeout 3 %s", tw_bin(), args);
	tw_run(cmd, out, sizeof out, 30);
	j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	v = json_object_get(j, "versions");
	ck_assert_msg(json_is_true(json_object_get(v, "TLS1.2")) && json_is_true(json_object_get(v, "TLS1.3")) &&
		      json_is_false(json_object_get(v, "TLS1.0")), "versions: %s", json_dumps(v, 0));
	json_decref(j);
}
END_TEST

/* Inputs are checked before anything runs, with the bad value and what is accepted. */
START_TEST(bad_inputs_are_refused_before_anything_runs)
{
	static const struct { const char *args, *says; } bad[] = {
		{ "--starttls smpt x.tlswiz.test:25", "unknown protocol \"smpt\" (one of: smtp imap" },
		{ "--proxy socks5://u:secret@127.0.0.1:1080 x.tlswiz.test", "cannot use \"socks5://127.0.0.1:1080\"" },
		{ "x.tlswiz.test:0", "(want HOST[:PORT], PORT 1-65535)" },
		{ "--cert /etc/hostname x.tlswiz.test", "--cert needs --key" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char cmd[1024], out[4096];
		snprintf(cmd, sizeof cmd, "%s diagnose %s 2>&1", tw_bin(), bad[i].args);
		ck_assert_msg(tw_run(cmd, out, sizeof out, 10) == 3, "%s: not exit 3\n%s", bad[i].args, out);
		ck_assert_msg(strstr(out, bad[i].says), "%s: says\n%s", bad[i].args, out);
		ck_assert_msg(!strstr(out, "secret"), "a proxy password on screen: %s", out);
	}
}
END_TEST

static Suite *truth_suite(void)
{
	Suite *s = suite_create("lab-truth");
	TCase *tc = tcase_create("truth");
	/* checked: each test (its own forked process) starts its lab, so no test forks a
	 * process that already runs threads (ThreadSanitizer refuses that) */
	tcase_add_checked_fixture(tc, lab_up, lab_down);
	tcase_add_test(tc, a_stall_after_the_server_hello_is_not_version_intolerance);
	tcase_add_test(tc, every_step_state_follows_the_findings_it_raised);
	tcase_add_test(tc, a_cancelled_run_is_incomplete_not_ok);
	tcase_add_test(tc, every_wizard_alone_judges_as_inside_diagnose);
	tcase_add_test(tc, null_and_anonymous_suites_are_two_findings);
	tcase_add_test(tc, diagnose_json_says_which_versions_were_settled);
	tcase_add_test(tc, bad_inputs_are_refused_before_anything_runs);
	tcase_set_timeout(tc, 240);
	suite_add_tcase(s, tc);
	return s;
}

TW_SUITE(truth_suite, TW_LAB)
