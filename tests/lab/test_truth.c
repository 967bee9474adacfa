/* test_truth.c — nothing on screen contradicts the evidence, over every lab scenario:
 * no step reads PASS while a finding it raised is an error or a warning, and narrower
 * regressions (a stall is not version intolerance). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tw_test.h"
#include "cli.h"
#include "lab.h"
#include "report.h"
#include "run.h"

static struct lab *lab;

static void lab_up(void)
{
	struct lab_opts o = { 0 };
	char err[256];
	lab = lab_start(&o, err, sizeof err);
	if (!lab)
		fprintf(stderr, "lab did not start: %s\n", err);
}

static void lab_down(void)
{
	lab_stop(lab);
	lab = NULL;
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

static Suite *truth_suite(void)
{
	Suite *s = suite_create("lab-truth");
	TCase *tc = tcase_create("truth");
	tcase_add_unchecked_fixture(tc, lab_up, lab_down);
	tcase_add_test(tc, a_stall_after_the_server_hello_is_not_version_intolerance);
	tcase_set_timeout(tc, 240);
	suite_add_tcase(s, tc);
	return s;
}

TW_SUITE(truth_suite, TW_LAB)
