/* test_scan.c — the raw scanner against real servers on 127.0.0.1: the lab's GnuTLS
 * servers and its raw ones (SSLv2, SSLv3, EXPORT/DES, HRR loop, intolerance), plus
 * silent and resetting sockets. Enumeration must equal what the server is configured
 * with, in the server's order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "../tw_test.h"
#include "cli.h"
#include "target.h"
#include "clients.h"
#include "fakeserver.h"
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
	target_defaults(t);
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
	ck_assert(e.sh_seen);
	/* the DHE picks' ServerKeyExchange came in their flight: an RFC 7919 group */
	ck_assert_uint_ge(e.dh_bits, 2048);
	scan_enumerate(&t, 0x0301, 2000, NULL, &e, NULL);
	ck_assert(e.refused);
	ck_assert_ptr_nonnull(strstr(e.why, "protocol_version"));
	/* refused in words: what the versions wizard takes as settled */
	ck_assert_int_eq(e.refusal, OUTCOME_ALERT);
	ck_assert_int_eq(e.refusal_alert, 70);
	ck_assert(!e.sh_seen);
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

	target_defaults(&t);
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

/* ---- the scanner API against the lab and the fake server ---- */

static void target_port(unsigned short port, struct target *t)
{
	target_defaults(t);
	snprintf(t->host, sizeof t->host, "127.0.0.1");
	t->port = port;
	t->timeout_ms = 2000;
}

static unsigned accepted_mask(const struct scan_versions *v)
{
	unsigned m = 0;
	for (int i = 0; i < SCAN_NVERSIONS; i++)
		if (v->v[i].verdict == SV_ACCEPTED)
			m |= 1u << i;
	return m;
}
#define VBIT(v) (1u << scan_version_index(v))

START_TEST(version_scan_of_lab_servers)
{
	struct target t;
	struct scan_versions v;
	target_for("good-rsa", &t);
	scan_versions(&t, 2000, NULL, &v);
	ck_assert_uint_eq(accepted_mask(&v), VBIT(0x0303) | VBIT(0x0304));
	ck_assert_uint_eq(v.conns, 6);
	ck_assert_int_eq(v.v[scan_version_index(0x0301)].verdict, SV_PROTOCOL_VERSION);
	for (int i = 0; i < SCAN_NVERSIONS; i++)
		ck_assert_ptr_nonnull(v.v[i].trace);
	ck_assert_str_eq(v.v[scan_version_index(0x0304)].trace->steps[v.v[scan_version_index(0x0304)].trace->nsteps - 1].name,
			 "ServerHello");
	scan_versions_free(&v);
	target_for("tls10-only", &t);
	scan_versions(&t, 2000, NULL, &v);
	ck_assert_uint_eq(accepted_mask(&v), VBIT(0x0301));
	scan_versions_free(&v);
	target_for("ssl3-only", &t);
	scan_versions(&t, 2000, NULL, &v);
	ck_assert(scan_version_accepted(&v, 0x0300));
	scan_versions_free(&v);
	target_for("ssl2-only", &t);
	scan_versions(&t, 2000, NULL, &v);
	ck_assert(scan_version_accepted(&v, 0x0200));
	ck_assert(!scan_version_accepted(&v, 0x0303));
	scan_versions_free(&v);
}
END_TEST

START_TEST(fake_server_list_comes_back_exactly_in_server_order)
{
	/* EXPORT, DES, NULL, RC4 and modern suites, deliberately out of registry order */
	static const unsigned list[] = { 0xc030, 0x0003, 0x0009, 0x0001, 0x0005, 0x002f, 0x0008, 0xc013, 0x000a, 0x0004 };
	struct fake_config c = { .versions = { 0x0303, 0x0301 }, .nversions = 2, .server_pref = true,
				 .on_no_version = FAKE_ALERT_PROTOCOL_VERSION };
	unsigned short port;
	struct fakeserver *fs;
	struct target t;
	struct scan_enum e;
	const size_t n = sizeof list / sizeof list[0];

	memcpy(c.suites, list, sizeof list);
	c.nsuites = n;
	fs = fakeserver_start(&c, 0, &port);
	ck_assert_ptr_nonnull(fs);
	target_port(port, &t);
	scan_suites(&t, 0x0303, 2000, NULL, &e);
	ck_assert(!e.refused && !e.violation);
	ck_assert_uint_eq(e.naccepted, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(e.accepted[i] == list[i], "[%zu] got %s", i, suite_name(e.accepted[i]));
	ck_assert_int_eq(e.server_pref, 1);
	/* 8 picks one after the other, then the rest in 4 shares side by side (each share
	 * ends with a refusal), 1 preference test, and 1 hello to order the 2 suites the
	 * shares found: 8 + (2 + 4) + 1 + 1 */
	ck_assert_uint_eq(e.conns, n + 4 + 1 + 1);
	ck_assert_uint_eq(fakeserver_connections(fs), n + 4 + 1 + 1);
	/* TLS1.0 carries only the suites without SHA-256/AEAD */
	scan_suites(&t, 0x0301, 2000, NULL, &e);
	ck_assert_uint_eq(e.naccepted, n - 1);
	ck_assert_uint_eq(e.accepted[0], 0x0003);
	/* TLS1.1 is not accepted: the server answers TLS1.0, which a TLS1.1-only client refuses */
	scan_suites(&t, 0x0302, 2000, NULL, &e);
	ck_assert(e.refused);
	ck_assert(!e.violation);
	ck_assert_ptr_nonnull(strstr(e.why, "TLS1.0"));
	fakeserver_stop(fs);
	/* a server without TLS1.0 and TLS1.1 refuses them with protocol_version */
	c.versions[1] = 0x0303;
	fs = fakeserver_start(&c, 0, &port);
	target_port(port, &t);
	scan_suites(&t, 0x0302, 2000, NULL, &e);
	ck_assert(e.refused);
	ck_assert_ptr_nonnull(strstr(e.why, "protocol_version"));
	fakeserver_stop(fs);
}
END_TEST

START_TEST(client_preference_is_detected)
{
	struct fake_config c = { .versions = { 0x0303 }, .nversions = 1, .suites = { 0x009c, 0xc02f, 0x0035 },
				 .nsuites = 3, .server_pref = false };
	unsigned short port;
	struct fakeserver *fs = fakeserver_start(&c, 0, &port);
	struct target t;
	struct scan_enum e;
	target_port(port, &t);
	scan_suites(&t, 0x0303, 2000, NULL, &e);
	ck_assert_uint_eq(e.naccepted, 3);
	ck_assert_int_eq(e.server_pref, 0);
	fakeserver_stop(fs);
}
END_TEST

/* A connection lost in the middle of an enumeration (here: every hello with fewer than
 * a few suites is reset) is retried once, then the list is marked cut, not passed off
 * as the whole answer. */
START_TEST(a_list_cut_by_a_lost_connection_says_so)
{
	struct fake_config c = { .versions = { 0x0303 }, .nversions = 1, .suites = { 0x009c, 0xc02f, 0x0035, 0x002f },
				 .nsuites = 4, .server_pref = true };
	unsigned short port;
	struct fakeserver *fs;
	struct target t;
	struct scan_enum e;
	size_t offered;
	unsigned all[512];

	offered = scan_suites_for(0x0303, all, sizeof all / sizeof all[0]);
	c.rst_below_suites = offered - 1;	/* after a strike or two, every hello is reset */
	fs = fakeserver_start(&c, 0, &port);
	target_port(port, &t);
	scan_suites(&t, 0x0303, 2000, NULL, &e);
	ck_assert_msg(e.naccepted > 0 && e.naccepted < 4, "accepted %zu", e.naccepted);
	ck_assert_msg(e.cut, "a list ended by resets reads as complete");
	ck_assert_ptr_nonnull(strstr(e.cut_why, "twice"));
	fakeserver_stop(fs);

	c.rst_below_suites = 0;	/* the same server without losses: complete */
	fs = fakeserver_start(&c, 0, &port);
	target_port(port, &t);
	scan_suites(&t, 0x0303, 2000, NULL, &e);
	ck_assert_uint_eq(e.naccepted, 4);
	ck_assert(!e.cut);
	fakeserver_stop(fs);
}
END_TEST

START_TEST(a_lying_server_is_a_violation_not_a_loop)
{
	struct fake_config c = { .versions = { 0x0303 }, .nversions = 1, .suites = { 0x002f }, .nsuites = 1,
				 .force_suite = 0x002f };
	unsigned short port;
	struct fakeserver *fs = fakeserver_start(&c, 0, &port);
	struct target t;
	struct scan_enum e;
	target_port(port, &t);
	scan_suites(&t, 0x0303, 2000, NULL, &e);
	ck_assert(e.violation);
	ck_assert_ptr_nonnull(strstr(e.violation_text, "TLS_RSA_WITH_AES_128_CBC_SHA"));
	ck_assert_uint_eq(e.naccepted, 1);
	ck_assert_uint_le(e.conns, 3);
	fakeserver_stop(fs);
	/* a TLS1.2 answer to a TLS1.3-only hello */
	c = (struct fake_config){ .versions = { 0x0303 }, .nversions = 1, .suites = { 0xc02f }, .nsuites = 1,
				  .force_version = 0x0303, .force_suite = 0xc02f };
	fs = fakeserver_start(&c, 0, &port);
	target_port(port, &t);
	scan_suites(&t, 0x0304, 2000, NULL, &e);
	ck_assert(e.violation);
	ck_assert(e.refused);
	ck_assert_uint_eq(e.conns, 1);
	fakeserver_stop(fs);
}
END_TEST

START_TEST(groups_hrr_hybrids_and_tls12_curves)
{
	struct fake_config c = { .versions = { 0x0304, 0x0303 }, .nversions = 2, .suites = { 0x1301, 0xc02f },
				 .nsuites = 2, .groups = { 0x11ec, 0x0018, 0x0017 }, .ngroups = 3, .server_pref = true };
	unsigned short port;
	struct fakeserver *fs = fakeserver_start(&c, 0, &port);
	struct target t;
	struct scan_groups g;
	target_port(port, &t);
	scan_groups(&t, true, true, 2000, NULL, &g);
	ck_assert_uint_eq(g.naccepted, 3);
	ck_assert_uint_eq(g.accepted[0], 0x11ec);
	ck_assert_uint_eq(g.accepted[1], 0x0018);
	ck_assert_uint_eq(g.accepted[2], 0x0017);
	ck_assert(g.hybrid);
	ck_assert_uint_ge(g.hrr, 1);		/* P-384 and P-256 came as HelloRetryRequests */
	/* TLS1.2: the hybrid is not an ECDHE curve */
	ck_assert_uint_eq(g.ncurves12, 2);
	ck_assert_uint_eq(g.curves12[0], 0x0018);
	ck_assert_uint_eq(g.curves12[1], 0x0017);
	ck_assert_uint_eq(g.conns12, 3);
	ck_assert_uint_eq(g.conns, 4 + 3);
	fakeserver_stop(fs);
	/* the lab's GnuTLS server: TLS1.2 curves read from its ServerKeyExchange */
	target_for("good-rsa", &t);
	scan_groups(&t, true, true, 2000, NULL, &g);
	ck_assert_uint_ge(g.ncurves12, 2);
	ck_assert(!g.hybrid);
}
END_TEST

START_TEST(intolerance_is_found_where_it_is)
{
	struct target t;
	struct scan_intolerance x;
	target_for("tls13-intolerant", &t);
	scan_intolerance(&t, 2000, NULL, &x);
	ck_assert_msg(x.intolerant, "%s", x.why);
	ck_assert_int_eq(x.plain.outcome, OUTCOME_OK);
	ck_assert_uint_eq(x.conns, 2);
	ck_assert_ptr_nonnull(x.big_trace);
	scan_intolerance_free(&x);
	target_for("good-rsa", &t);
	scan_intolerance(&t, 2000, NULL, &x);
	ck_assert_msg(!x.intolerant, "%s", x.why);
	ck_assert_uint_eq(x.big.version, 0x0304);
	scan_intolerance_free(&x);
	{
		/* a box that closes on hellos over 512 bytes */
		struct fake_config c = { .versions = { 0x0303 }, .nversions = 1, .suites = { 0xc02f }, .nsuites = 1,
					 .max_hello = 512 };
		unsigned short port;
		struct fakeserver *fs = fakeserver_start(&c, 0, &port);
		target_port(port, &t);
		scan_intolerance(&t, 2000, NULL, &x);
		ck_assert(x.intolerant);
		ck_assert_int_eq(x.big.outcome, OUTCOME_EOF);
		scan_intolerance_free(&x);
		fakeserver_stop(fs);
	}
}
END_TEST

START_TEST(refusals_reset_and_silence_keep_the_deadline)
{
	struct fake_config c = { .versions = { 0x0303 }, .nversions = 1, .suites = { 0xc02f }, .nsuites = 1,
				 .on_no_version = FAKE_RST };
	unsigned short port;
	struct fakeserver *fs = fakeserver_start(&c, 0, &port);
	struct target t;
	struct scan_versions v;
	double t0;
	target_port(port, &t);
	t0 = net_now_ms();
	scan_versions(&t, 800, NULL, &v);
	ck_assert_int_eq(v.v[scan_version_index(0x0303)].verdict, SV_ACCEPTED);
	ck_assert_int_eq(v.v[scan_version_index(0x0301)].verdict, SV_RESET);
	ck_assert_str_eq(v.v[scan_version_index(0x0301)].trace->steps[v.v[scan_version_index(0x0301)].trace->nsteps - 1].name, "RST");
	ck_assert(net_now_ms() - t0 < 1500);
	scan_versions_free(&v);
	fakeserver_stop(fs);
	c.on_no_version = FAKE_SILENCE;
	fs = fakeserver_start(&c, 0, &port);
	target_port(port, &t);
	t0 = net_now_ms();
	scan_versions(&t, 500, NULL, &v);
	ck_assert_int_eq(v.v[scan_version_index(0x0302)].verdict, SV_SILENCE);
	ck_assert_int_eq(v.v[scan_version_index(0x0200)].verdict, SV_SILENCE);
	ck_assert(net_now_ms() - t0 < 1500);	/* six in parallel: one deadline, not six */
	scan_versions_free(&v);
	fakeserver_stop(fs);
}
END_TEST

START_TEST(full_enumeration_of_good_rsa_and_client_predictions)
{
	struct target t;
	struct scan_summary *s = calloc(1, sizeof *s);
	struct client_verdict v;
	int i13 = scan_version_index(0x0304), i12 = scan_version_index(0x0303);
	target_for("good-rsa", &t);
	scan_all(&t, 2000, NULL, s);
	fprintf(stderr, "scan_all good-rsa: %u connections (versions %u, suites %u, groups %u), %.0f ms; "
		"TLS1.3 %zu suites, TLS1.2 %zu suites, groups %zu, TLS1.2 curves %zu\n", s->conns, s->conns_versions,
		s->conns_suites, s->conns_groups, s->ms, s->suites[i13].naccepted, s->suites[i12].naccepted,
		s->groups.naccepted, s->groups.ncurves12);
	ck_assert(s->version_ok[i13] && s->version_ok[i12] && !s->version_ok[scan_version_index(0x0301)]);
	ck_assert_uint_eq(s->conns, s->conns_versions + s->conns_suites + s->conns_groups);
	/* TLS1.3 (4 suites): one pick each, a refusal, a preference test; TLS1.2 (18): 8 picks,
	 * the other 10 from 4 shares that each end with a refusal, a preference test */
	ck_assert_uint_eq(s->conns_suites, s->suites[i13].naccepted + 2 + s->suites[i12].naccepted + 4 + 1);
	ck_assert_uint_lt(s->conns, 80);
	clients_judge(client_find("chrome"), s, &v);
	ck_assert(v.ok);
	ck_assert_uint_eq(v.version, 0x0304);
	clients_judge(client_find("java8"), s, &v);
	ck_assert(v.ok);
	ck_assert_uint_eq(v.version, 0x0303);
	clients_judge(client_find("win7"), s, &v);
	ck_assert_msg(v.ok, "%s", v.why);
	free(s);
}
END_TEST

START_TEST(java8_fails_against_tls13_only_in_judgement_and_live)
{
	struct target t;
	struct scan_summary *s = calloc(1, sizeof *s);
	struct client_verdict v;
	struct client_live *live = calloc(client_count(), sizeof *live);
	size_t n;
	ck_assert_uint_ge(client_count(), 15);
	target_for("tls13-only", &t);
	scan_all(&t, 2000, NULL, s);
	clients_judge(client_find("java8"), s, &v);
	ck_assert(!v.ok);
	ck_assert_ptr_nonnull(strstr(v.why, "no common version"));
	clients_judge(client_find("firefox"), s, &v);
	ck_assert(v.ok);
	n = clients_sim_live(&t, 2000, NULL, live, client_count());
	ck_assert_uint_eq(n, client_count());
	for (size_t i = 0; i < n; i++) {
		struct client_verdict pv;
		clients_judge(live[i].profile, s, &pv);
		ck_assert_ptr_nonnull(live[i].trace);
		/* the prediction and the live answer agree on success */
		ck_assert_msg(pv.ok == live[i].ok, "%s: predicted %s, live %s", live[i].profile->name,
			      pv.ok ? "ok" : pv.why, live[i].why);
		if (!strcmp(live[i].profile->name, "java8")) {
			ck_assert(!live[i].ok);
			ck_assert_int_eq(live[i].r.outcome, OUTCOME_ALERT);	/* GnuTLS: handshake_failure */
		}
	}
	clients_live_free(live, n);
	free(live);
	free(s);
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
	tcase_add_test(tc, version_scan_of_lab_servers);
	tcase_add_test(tc, fake_server_list_comes_back_exactly_in_server_order);
	tcase_add_test(tc, client_preference_is_detected);
	tcase_add_test(tc, a_lying_server_is_a_violation_not_a_loop);
	tcase_add_test(tc, a_list_cut_by_a_lost_connection_says_so);
	tcase_add_test(tc, groups_hrr_hybrids_and_tls12_curves);
	tcase_add_test(tc, intolerance_is_found_where_it_is);
	tcase_add_test(tc, refusals_reset_and_silence_keep_the_deadline);
	tcase_add_test(tc, full_enumeration_of_good_rsa_and_client_predictions);
	tcase_add_test(tc, java8_fails_against_tls13_only_in_judgement_and_live);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(scan_suite, TW_LAB)
