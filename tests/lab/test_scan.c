/* test_scan.c — the raw scanner against real servers on 127.0.0.1: the lab's GnuTLS
 * servers and its raw ones (SSLv2, SSLv3, EXPORT/DES, HRR loop, intolerance), plus
 * silent and resetting sockets. Enumeration must equal what the server is configured
 * with, in the server's order. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "../tw_test.h"
#include "cli.h"
#include "lab.h"
#include "net.h"
#include "scan.h"
#include "suites.h"
#include "trace.h"
#include "tw_srv.h"

static struct lab *lab;

static void lab_up(void)
{
	static const char *const only[] = { "good-rsa", "tls10-only", "ssl3-only", "ssl2-only", "export-des",
					    "tls13-only", "tls13-intolerant", "hrr-loop", NULL };
	struct lab_opts o = { .only = only };
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

static void target_for(const char *scenario, struct target *t)
{
	cli_target_defaults(t);
	lab_target(lab, lab_find(lab, scenario), t);
	t->timeout_ms = 2000;
}

static struct scan_result hello_to(const char *scenario, unsigned version)
{
	struct target t;
	unsigned char buf[4096];
	struct scan_result r;
	long n;
	target_for(scenario, &t);
	n = scan_build(&t, version, NULL, 0, buf, sizeof buf);
	ck_assert_int_gt(n, 0);
	trace_free(scan_hello(&t, "test", buf, (size_t)n, 2000, NULL, &r));
	return r;
}

START_TEST(enumeration_equals_the_configured_list_in_server_order)
{
	static const unsigned configured[] = { 0x0008, 0x0003, 0x0014, 0x0009, 0x0015, 0x0002 };
	struct target t;
	struct scan_enum e;
	target_for("export-des", &t);
	scan_enumerate(&t, 0x0301, 2000, NULL, &e, NULL);
	ck_assert(!e.refused);
	ck_assert_uint_eq(e.naccepted, sizeof configured / sizeof configured[0]);
	for (size_t i = 0; i < e.naccepted; i++)
		ck_assert_msg(e.accepted[i] == configured[i], "[%zu] got %s", i, suite_name(e.accepted[i]));
	ck_assert_int_eq(e.server_pref, 1);
	/* one connection per accepted suite, one refusal, one order test */
	ck_assert_uint_eq(e.conns, e.naccepted + 2);
	scan_enumerate(&t, 0x0304, 2000, NULL, &e, NULL);
	ck_assert(e.refused);
}
END_TEST

START_TEST(gnutls_server_versions_and_client_order)
{
	struct target t;
	struct scan_enum e;
	struct trace *first;
	target_for("good-rsa", &t);
	scan_enumerate(&t, 0x0304, 2000, NULL, &e, &first);
	ck_assert(!e.refused);
	ck_assert_uint_ge(e.naccepted, 3);
	for (size_t i = 0; i < e.naccepted; i++)
		ck_assert(suite_info(e.accepted[i])->flags & SF_TLS13);
	ck_assert_int_eq(e.server_pref, 0);	/* the lab's GnuTLS servers follow the client */
	ck_assert_ptr_nonnull(first);
	ck_assert_str_eq(first->steps[first->nsteps - 1].name, "ServerHello");
	trace_free(first);
	scan_enumerate(&t, 0x0303, 2000, NULL, &e, NULL);
	ck_assert_uint_ge(e.naccepted, 10);
	scan_enumerate(&t, 0x0301, 2000, NULL, &e, NULL);
	ck_assert(e.refused);
	ck_assert_ptr_nonnull(strstr(e.why, "protocol_version"));
	{
		/* GnuTLS 3.7.9 has no hybrid group: offered first, never chosen */
		struct scan_groups g;
		bool x25519 = false, p256 = false;
		scan_enumerate_groups(&t, 2000, NULL, &g);
		for (size_t i = 0; i < g.naccepted; i++) {
			x25519 |= g.accepted[i] == 0x001d;
			p256 |= g.accepted[i] == 0x0017;
		}
		ck_assert(x25519 && p256);
		ck_assert(!g.hybrid);
		ck_assert_uint_eq(g.conns, g.naccepted + 1);
	}
	target_for("tls10-only", &t);
	scan_enumerate(&t, 0x0301, 2000, NULL, &e, NULL);
	ck_assert(!e.refused);
	scan_enumerate(&t, 0x0303, 2000, NULL, &e, NULL);
	ck_assert(e.refused);
}
END_TEST

START_TEST(sslv2_sslv3_hrr_and_intolerance)
{
	struct target t;
	unsigned char buf[4096];
	struct scan_result r;
	long n;

	r = hello_to("ssl3-only", 0x0300);
	ck_assert_int_eq(r.outcome, OUTCOME_OK);
	ck_assert_uint_eq(r.version, 0x0300);
	target_for("ssl2-only", &t);
	n = hello_build_ssl2(buf, sizeof buf);
	trace_free(scan_hello(&t, "v2", buf, (size_t)n, 2000, NULL, &r));
	ck_assert(r.ssl2);
	r = hello_to("good-rsa", 0x0300);
	ck_assert(!r.ssl2 && r.outcome == OUTCOME_ALERT);
	r = hello_to("hrr-loop", 0x0304);
	ck_assert(r.hrr);
	/* the intolerant box closes on a TLS1.3 hello and answers a TLS1.2 one */
	r = hello_to("tls13-intolerant", 0x0304);
	ck_assert_msg(r.outcome == OUTCOME_EOF || r.outcome == OUTCOME_RESET, "outcome %d", r.outcome);
	r = hello_to("tls13-intolerant", 0x0303);
	ck_assert_int_eq(r.outcome, OUTCOME_OK);
}
END_TEST

START_TEST(silence_and_reset_end_within_the_deadline)
{
	unsigned short port;
	struct tw_srv *silent = tw_srv_start(TW_SRV_SILENT, &port), *rst;
	struct target t;
	unsigned char buf[4096];
	struct scan_result r;
	double t0;
	long n;

	cli_target_defaults(&t);
	snprintf(t.host, sizeof t.host, "127.0.0.1");
	t.port = port;
	n = scan_build(&t, 0x0303, NULL, 0, buf, sizeof buf);
	t0 = net_now_ms();
	trace_free(scan_hello(&t, "silent", buf, (size_t)n, 500, NULL, &r));
	ck_assert_int_eq(r.outcome, OUTCOME_SILENCE);
	ck_assert(net_now_ms() - t0 < 2000);
	tw_srv_stop(silent);
	rst = tw_srv_start(TW_SRV_RST_AFTER_HELLO, &port);
	t.port = port;
	trace_free(scan_hello(&t, "rst", buf, (size_t)n, 2000, NULL, &r));
	ck_assert_int_eq(r.outcome, OUTCOME_RESET);
	tw_srv_stop(rst);
}
END_TEST

START_TEST(java8_against_a_tls13_only_server_is_predicted_to_fail)
{
	const struct lab_entry *e = lab_find(lab, "tls13-only");
	char args[512], cmd[1024], out[262144];
	json_t *j, *f;
	lab_args(lab, e, args, sizeof args);
	snprintf(cmd, sizeof cmd, "%s diagnose --json --timeout 2 --client java8 %s", tw_bin(), args);
	tw_run(cmd, out, sizeof out, 60);
	j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	f = json_array_get(json_object_get(j, "findings"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(f, "id")), "version.mismatch");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(f, "title")), "Java 8"));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(f, "title")), "no common version"));
	json_decref(j);
	/* an unknown profile is a usage error that lists the known ones */
	snprintf(cmd, sizeof cmd, "%s diagnose --client netscape4 %s 2>&1", tw_bin(), args);
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 30), 3);
}
END_TEST

static Suite *scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tcase_create("raw");
	tcase_add_checked_fixture(tc, lab_up, lab_down);
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, enumeration_equals_the_configured_list_in_server_order);
	tcase_add_test(tc, gnutls_server_versions_and_client_order);
	tcase_add_test(tc, sslv2_sslv3_hrr_and_intolerance);
	tcase_add_test(tc, silence_and_reset_end_within_the_deadline);
	tcase_add_test(tc, java8_against_a_tls13_only_server_is_predicted_to_fail);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(scan_suite, TW_LAB)
