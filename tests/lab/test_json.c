/* test_json.c — `--json` follows doc/json.md: a structural schema check (keys, types,
 * enums, index ranges, sort order, exit status) over diagnose runs of very different lab
 * scenarios; and batch mode over 50 lab targets gives 50 JSON Lines with a progress-free
 * stdout. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "../tw_test.h"
#include "lab.h"

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

static char why[512];

#define NEED(cond, ...) do { if (!(cond)) { snprintf(why, sizeof why, __VA_ARGS__); return false; } } while (0)

static bool one_of(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (v && !strcmp(v, *set))
			return true;
	return false;
}

static bool is_str(json_t *o, const char *k)
{
	return json_is_string(json_object_get(o, k));
}

static bool check_step(json_t *s, size_t ti, size_t si)
{
	static const char *const dirs[] = { "c2s", "s2c", "local", NULL };
	static const char *const layers[] = { "dns", "tcp", "record", "handshake", "alert", "app", NULL };
	NEED(json_is_number(json_object_get(s, "t_ms")), "traces[%zu].steps[%zu].t_ms", ti, si);
	NEED(one_of(json_string_value(json_object_get(s, "dir")), dirs), "traces[%zu].steps[%zu].dir", ti, si);
	NEED(one_of(json_string_value(json_object_get(s, "layer")), layers), "traces[%zu].steps[%zu].layer", ti, si);
	NEED(is_str(s, "name") && is_str(s, "summary"), "traces[%zu].steps[%zu] name/summary", ti, si);
	NEED(json_is_integer(json_object_get(s, "bytes")), "traces[%zu].steps[%zu].bytes", ti, si);
	return true;
}

/* The shape of doc/json.md. */
static bool check_report(json_t *j, int exit_status)
{
	static const char *const outcomes[] = { "ok", "dns", "refused", "filtered", "unreachable", "connect-error",
		"reset", "silence", "eof", "not-tls", "alert", "stall", "tls-error", "cancelled", "local-error",
		"proxy", "starttls", NULL };
	static const char *const sev[] = { "error", "warn", "info", NULL };
	static const char *const status[] = { "OK", "WARN", "FAIL", "ERROR", "INCOMPLETE", NULL };
	json_t *t = json_object_get(j, "target"), *v = json_object_get(j, "verdict");
	json_t *fs = json_object_get(j, "findings"), *ts = json_object_get(j, "traces"), *x;
	size_t i, k;
	int last_rank = 3;

	NEED(json_is_object(j), "not an object");
	NEED(!strcmp(json_string_value(json_object_get(j, "tool")) ?: "", "tlswiz"), "tool");
	NEED(is_str(j, "version"), "version");
	NEED(json_is_object(t) && is_str(t, "host") && json_is_integer(json_object_get(t, "port")), "target");
	NEED(json_is_object(v) && one_of(json_string_value(json_object_get(v, "status")), status), "verdict.status");
	NEED(is_str(v, "text"), "verdict.text");
	NEED(json_integer_value(json_object_get(v, "exit")) == exit_status, "verdict.exit %lld != exit %d",
	     (long long)json_integer_value(json_object_get(v, "exit")), exit_status);
	NEED(json_is_array(fs) && json_is_array(ts), "findings/traces arrays");
	json_array_foreach(ts, i, x) {
		json_t *s;
		NEED(is_str(x, "label") && one_of(json_string_value(json_object_get(x, "outcome")), outcomes),
		     "traces[%zu] label/outcome (%s)", i, json_string_value(json_object_get(x, "outcome")));
		NEED(is_str(x, "reason"), "traces[%zu].reason", i);
		NEED(json_is_array(json_object_get(x, "steps")), "traces[%zu].steps", i);
		json_array_foreach(json_object_get(x, "steps"), k, s)
			if (!check_step(s, i, k))
				return false;
		NEED(json_is_object(json_object_get(x, "timing")), "traces[%zu].timing", i);
	}
	json_array_foreach(fs, i, x) {
		const char *sv = json_string_value(json_object_get(x, "severity"));
		json_t *ti = json_object_get(x, "trace"), *si = json_object_get(x, "step");
		int rank = !strcmp(sv ?: "", "error") ? 2 : !strcmp(sv ?: "", "warn") ? 1 : 0;
		NEED(is_str(x, "id") && is_str(x, "area") && is_str(x, "title") && is_str(x, "fix") &&
		     is_str(x, "evidence") && is_str(x, "section"), "findings[%zu] strings", i);
		NEED(one_of(sv, sev), "findings[%zu].severity", i);
		/* root cause first: severities never rise down the list */
		NEED(rank <= last_rank, "findings[%zu] (%s) ranked below a less severe one", i,
		     json_string_value(json_object_get(x, "id")));
		last_rank = rank;
		NEED(json_is_null(ti) || (json_is_integer(ti) && (size_t)json_integer_value(ti) < json_array_size(ts)),
		     "findings[%zu].trace out of range", i);
		if (json_is_integer(ti) && json_is_integer(si)) {
			json_t *steps = json_object_get(json_array_get(ts, (size_t)json_integer_value(ti)), "steps");
			NEED(json_integer_value(si) < 0 || (size_t)json_integer_value(si) < json_array_size(steps),
			     "findings[%zu].step out of range", i);
		}
	}
	NEED(json_is_array(json_object_get(j, "steps")), "steps (wizard steps)");
	json_array_foreach(json_object_get(j, "steps"), i, x)
		NEED(is_str(x, "wizard") && is_str(x, "step") && is_str(x, "state"), "steps[%zu]", i);
	NEED(json_is_object(json_object_get(j, "timing")), "timing");
	return true;
}

START_TEST(diagnose_json_follows_the_documented_schema)
{
	static const char *const scenarios[] = { "good-rsa", "leaf-only", "expired", "rst-after-hello", "http",
						 "smtp-starttls", "evil-names", "tls10-only", "sni-required",
						 "proxy-intercept" };
	static char out[1 << 20];
	for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
		const struct lab_entry *e = lab_find(lab, scenarios[i]);
		char args[512], cmd[1024];
		json_error_t err;
		json_t *j;
		int st;
		ck_assert_ptr_nonnull(e);
		lab_args(lab, e, args, sizeof args);
		snprintf(cmd, sizeof cmd, "%s diagnose --json --timeout 2 %s", tw_bin(), args);
		st = tw_run(cmd, out, sizeof out, 60);
		j = json_loads(out, 0, &err);
		ck_assert_msg(j != NULL, "%s: JSON does not parse: %s", scenarios[i], err.text);
		ck_assert_msg(check_report(j, st), "%s: %s", scenarios[i], why);
		json_decref(j);
	}
}
END_TEST

START_TEST(batch_of_fifty_lab_targets_gives_fifty_json_lines)
{
	char path[] = "/tmp/tlswiz-targets-XXXXXX", cmd[512];
	static char out[4 << 20];
	int fd = mkstemp(path), st, lines = 0;
	FILE *f;
	size_t n = 0;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fprintf(f, "# fifty lab targets, options per line\n");
	for (size_t i = 0; n < 50; i++) {
		const struct lab_entry *e = lab_entry(lab, i % lab_count(lab));
		char args[512];
		if (e->via)
			continue;
		lab_args(lab, e, args, sizeof args);
		fprintf(f, "--timeout 2 %s\n", args);
		n++;
	}
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s diagnose --json --jobs 8 --targets %s", tw_bin(), path);
	st = tw_run(cmd, out, sizeof out, 240);
	unlink(path);
	ck_assert_msg(st >= 1 && st <= 2, "exit %d", st);
	for (char *save = NULL, *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		json_t *j = json_loads(l, 0, NULL);
		ck_assert_msg(j != NULL, "line %d is not JSON: %.120s", lines + 1, l);
		ck_assert_msg(json_object_get(j, "verdict") || json_object_get(j, "error"), "line %d has no verdict", lines + 1);
		json_decref(j);
		lines++;
	}
	ck_assert_int_eq(lines, 50);
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("schema");
	tcase_add_checked_fixture(tc, lab_up, lab_down);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, diagnose_json_follows_the_documented_schema);
	tcase_add_test(tc, batch_of_fifty_lab_targets_gives_fifty_json_lines);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(json_suite, TW_LAB)
