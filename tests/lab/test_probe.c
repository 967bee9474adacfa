/* test_probe.c — the foundation end to end: the real binary's `diagnose --json` against
 * misbehaving servers started inside the test on 127.0.0.1 (closed port, silent, RST after
 * the ClientHello, HTTP, SSH, close). Each must exit 2 with the right net.* id, the ladder
 * must show where it broke, and silence must end at --timeout, not hang. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>

#include <jansson.h>

#include "../tw_test.h"
#include "tw_srv.h"

static json_t *diagnose_json(unsigned short port, const char *extra, int *status, double *secs)
{
	char cmd[512], out[262144];
	json_error_t err;
	struct timespec a, b;
	json_t *j;

	snprintf(cmd, sizeof cmd, "%s diagnose --json --connect-to 127.0.0.1 %s probe.tlswiz.test:%u",
		 tw_bin(), extra ? extra : "", port);
	clock_gettime(CLOCK_MONOTONIC, &a);
	*status = tw_run(cmd, out, sizeof out, 30);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (secs)
		*secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	j = json_loads(out, 0, &err);
	ck_assert_msg(j != NULL, "not JSON (%s): %.300s", err.text, out);
	return j;
}

static bool has_finding(json_t *j, const char *id)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(j, "findings"), i, f)
		if (strcmp(json_string_value(json_object_get(f, "id")), id) == 0)
			return true;
	return false;
}

static const char *first_finding(json_t *j)
{
	json_t *f = json_array_get(json_object_get(j, "findings"), 0);
	return f ? json_string_value(json_object_get(f, "id")) : "(none)";
}

/* The name of the step flagged as failing in the default trace. */
static const char *fail_step(json_t *j)
{
	json_t *t = json_array_get(json_object_get(j, "traces"), 0), *s;
	size_t i;
	json_array_foreach(json_object_get(t, "steps"), i, s)
		if (json_is_true(json_object_get(s, "fail")))
			return json_string_value(json_object_get(s, "name"));
	return "(none)";
}

static void expect_net(enum tw_srv_kind kind, const char *id, const char *step, const char *also)
{
	unsigned short port;
	struct tw_srv *s = tw_srv_start(kind, &port);
	int status;
	json_t *j;

	ck_assert_ptr_nonnull(s);
	j = diagnose_json(port, "--timeout 2", &status, NULL);
	ck_assert_int_eq(status, 2);
	ck_assert_str_eq(first_finding(j), id);
	ck_assert_str_eq(fail_step(j), step);
	if (also)
		ck_assert_msg(has_finding(j, also), "missing %s", also);
	json_decref(j);
	tw_srv_stop(s);
}

START_TEST(closed_port_is_refused)
{
	int status;
	json_t *j = diagnose_json(tw_closed_port(), NULL, &status, NULL);
	ck_assert_int_eq(status, 2);
	ck_assert_str_eq(first_finding(j), "net.refused");
	ck_assert_str_eq(fail_step(j), "RST");
	/* nothing behind a dead network is reported as a TLS problem */
	ck_assert_int_eq(json_array_size(json_object_get(j, "findings")), 1);
	json_decref(j);
}
END_TEST

START_TEST(silent_server_ends_at_the_timeout_as_blackhole)
{
	unsigned short port;
	struct tw_srv *s = tw_srv_start(TW_SRV_SILENT, &port);
	int status;
	double secs;
	json_t *j = diagnose_json(port, "--timeout 1", &status, &secs);

	ck_assert_int_eq(status, 2);
	ck_assert_str_eq(first_finding(j), "net.blackhole");
	ck_assert_str_eq(fail_step(j), "timeout");
	/* bounded by --timeout (1 s) plus start-up, not hung */
	ck_assert_msg(secs < 5.0, "took %.1f s", secs);
	json_decref(j);
	tw_srv_stop(s);
}
END_TEST

START_TEST(reset_after_client_hello_is_net_reset)
{
	expect_net(TW_SRV_RST_AFTER_HELLO, "net.reset", "RST", NULL);
}
END_TEST

START_TEST(http_reply_is_not_tls_and_http)
{
	expect_net(TW_SRV_HTTP, "net.http", "not TLS", "net.not_tls");
}
END_TEST

START_TEST(ssh_banner_is_not_tls_and_ssh)
{
	expect_net(TW_SRV_SSH, "net.ssh", "not TLS", "net.not_tls");
}
END_TEST

START_TEST(close_after_client_hello_is_reported)
{
	expect_net(TW_SRV_CLOSE, "net.closed", "FIN", NULL);
}
END_TEST

START_TEST(http_evidence_quotes_the_reply)
{
	unsigned short port;
	struct tw_srv *s = tw_srv_start(TW_SRV_HTTP, &port);
	int status;
	json_t *j = diagnose_json(port, "--timeout 2", &status, NULL), *t;

	t = json_array_get(json_object_get(j, "traces"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(t, "outcome")), "not-tls");
	ck_assert_str_eq(json_string_value(json_object_get(t, "banner")), "HTTP");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(t, "first_bytes")), "HTTP/1.1 400 Bad Request"));
	json_decref(j);
	tw_srv_stop(s);
}
END_TEST

START_TEST(unresolvable_name_is_net_dns)
{
	char cmd[256], out[65536];
	int status;
	json_t *j;
	/* .invalid never resolves (RFC 6761): tlswiz answers it without a resolver, and runs
	 * here in an empty network namespace where it could not reach one anyway */
	TW_SKIP_UNLESS(system("unshare -n true 2>/dev/null") == 0, "needs root for unshare -n");
	snprintf(cmd, sizeof cmd, "unshare -n %s diagnose --json --timeout 2 no-such-host.invalid:443", tw_bin());
	status = tw_run(cmd, out, sizeof out, 20);
	ck_assert_int_eq(status, 2);
	ck_assert_msg(strstr(out, "RFC 6761; no resolver was asked") != NULL, "a resolver was asked:\n%.800s", out);
	j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(first_finding(j), "net.dns");
	json_decref(j);
}
END_TEST

START_TEST(bad_usage_exits_3)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "%s diagnose --timeout nope x", tw_bin());
	ck_assert_int_eq(tw_run(cmd, NULL, 0, 10), 3);
	snprintf(cmd, sizeof cmd, "%s diagnose", tw_bin());
	ck_assert_int_eq(tw_run(cmd, NULL, 0, 10), 3);
}
END_TEST

START_TEST(smtp_banner_needs_starttls_and_a_refused_upgrade_is_named)
{
	unsigned short port;
	struct tw_srv *s = tw_srv_start(TW_SRV_SMTP_NO_STARTTLS, &port);
	int status;
	json_t *j = diagnose_json(port, "--timeout 2", &status, NULL);

	ck_assert_int_eq(status, 2);
	ck_assert_str_eq(first_finding(j), "net.starttls_required");
	json_decref(j);
	/* asked explicitly: the dialogue is on the ladder and the refusal is named */
	j = diagnose_json(port, "--timeout 2 --starttls smtp", &status, NULL);
	ck_assert_int_eq(status, 2);
	ck_assert_str_eq(first_finding(j), "net.starttls_failed");
	ck_assert_str_eq(fail_step(j), "EHLO");
	json_decref(j);
	tw_srv_stop(s);
}
END_TEST

START_TEST(proxy_refusals_are_net_proxy_with_the_status)
{
	static const enum tw_srv_kind kinds[] = { TW_SRV_PROXY_407, TW_SRV_PROXY_403 };
	static const char *const words[] = { "407", "403" };
	for (int i = 0; i < 2; i++) {
		unsigned short port;
		struct tw_srv *s = tw_srv_start(kinds[i], &port);
		char extra[128];
		int status;
		json_t *j, *f;

		/* the proxy is on loopback, the destination is a name it would reach for us */
		snprintf(extra, sizeof extra, "--timeout 2 --proxy http://127.0.0.1:%u", port);
		{
			char cmd[512], out[65536];
			snprintf(cmd, sizeof cmd, "%s diagnose --json %s shop.tlswiz.test:443", tw_bin(), extra);
			status = tw_run(cmd, out, sizeof out, 20);
			j = json_loads(out, 0, NULL);
		}
		ck_assert_ptr_nonnull(j);
		ck_assert_int_eq(status, 2);
		ck_assert_str_eq(first_finding(j), "net.proxy");
		f = json_array_get(json_object_get(j, "findings"), 0);
		ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(f, "evidence")), words[i]));
		json_decref(j);
		tw_srv_stop(s);
	}
}
END_TEST

START_TEST(batch_mode_gives_one_json_line_per_target_and_the_worst_status)
{
	unsigned short http_port;
	struct tw_srv *s = tw_srv_start(TW_SRV_HTTP, &http_port);
	char path[] = "/tmp/tlswiz-targets-XXXXXX", cmd[512], out[262144];
	int fd = mkstemp(path), status, lines = 0, refused = 0, http = 0, bad = 0;
	FILE *f = fdopen(fd, "w");

	fprintf(f, "# a comment line\n127.0.0.1:%u\n\nweb.tlswiz.test:%u --connect-to 127.0.0.1\n--no-such-option x\n",
		tw_closed_port(), http_port);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s diagnose --json --timeout 2 --jobs 2 --targets %s", tw_bin(), path);
	status = tw_run(cmd, out, sizeof out, 60);
	/* the worst line decides: the bad one could not run (3) */
	ck_assert_int_eq(status, 3);
	for (char *save = NULL, *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		json_t *j = json_loads(l, 0, NULL);
		ck_assert_msg(j != NULL, "not a JSON line: %.200s", l);
		lines++;
		if (json_object_get(j, "error"))
			bad++;
		else if (!strcmp(first_finding(j), "net.refused"))
			refused++;
		else if (!strcmp(first_finding(j), "net.http"))
			http++;
		json_decref(j);
	}
	ck_assert_int_eq(lines, 3);
	ck_assert_int_eq(refused, 1);
	ck_assert_int_eq(http, 1);
	ck_assert_int_eq(bad, 1);
	unlink(path);
	tw_srv_stop(s);
}
END_TEST

START_TEST(markdown_report_has_verdict_finding_fix_and_ladder)
{
	unsigned short port;
	struct tw_srv *s = tw_srv_start(TW_SRV_SSH, &port);
	char cmd[512], out[65536];

	snprintf(cmd, sizeof cmd, "%s diagnose --markdown --timeout 2 --connect-to 127.0.0.1 ssh.tlswiz.test:%u",
		 tw_bin(), port);
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 30), 2);
	ck_assert_ptr_nonnull(strstr(out, "# TLS diagnosis: ssh.tlswiz.test"));
	ck_assert_ptr_nonnull(strstr(out, "**FAIL**"));
	ck_assert_ptr_nonnull(strstr(out, "`net.ssh`"));
	ck_assert_ptr_nonnull(strstr(out, "Fix:"));
	ck_assert(strstr(out, "SSH\\-2.0\\-OpenSSH") || strstr(out, "SSH-2.0-OpenSSH"));
	ck_assert_ptr_nonnull(strstr(out, "## Handshakes"));
	tw_srv_stop(s);
}
END_TEST

static Suite *probe_suite(void)
{
	Suite *s = suite_create("probe");
	TCase *tc = tcase_create("network");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, closed_port_is_refused);
	tcase_add_test(tc, silent_server_ends_at_the_timeout_as_blackhole);
	tcase_add_test(tc, reset_after_client_hello_is_net_reset);
	tcase_add_test(tc, http_reply_is_not_tls_and_http);
	tcase_add_test(tc, ssh_banner_is_not_tls_and_ssh);
	tcase_add_test(tc, close_after_client_hello_is_reported);
	tcase_add_test(tc, http_evidence_quotes_the_reply);
	tcase_add_test(tc, unresolvable_name_is_net_dns);
	tcase_add_test(tc, bad_usage_exits_3);
	tcase_add_test(tc, smtp_banner_needs_starttls_and_a_refused_upgrade_is_named);
	tcase_add_test(tc, proxy_refusals_are_net_proxy_with_the_status);
	tcase_add_test(tc, batch_mode_gives_one_json_line_per_target_and_the_worst_status);
	tcase_add_test(tc, markdown_report_has_verdict_finding_fix_and_ladder);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(probe_suite, TW_LAB)
