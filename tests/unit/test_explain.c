/* test_explain.c — the explain table against its own samples (plain and noisy), alerts by
 * name and number, honest "not recognised", log grouping on a generated log, and the
 * command line in text and JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#include <jansson.h>

#include "../tw_test.h"
#include "explain.h"

/* The best match for text gives entry e's finding id (or at least its area): the sample
 * is recognised as what the row says. */
static const char *check_sample(const struct explain_entry *e, const char *text, char *why, size_t len)
{
	struct explain_match m[1];
	const struct explain_entry *got;
	if (!explain_text(text, m, 1)) {
		snprintf(why, len, "%s: not recognised: %.120s", e->source, text);
		return why;
	}
	got = explain_entry_of(&m[0]);
	if (strcmp(got->id, e->id) && strcmp(got->area, e->area)) {
		snprintf(why, len, "%s \"%.80s\": got %s/%s (%s), want %s/%s", e->source, text, got->area, got->id,
			 got->source, e->area, e->id);
		return why;
	}
	return NULL;
}

START_TEST(explain_has_two_hundred_messages_from_twelve_sources)
{
	ck_assert_uint_ge(explain_entry_count(), 200);
	ck_assert_uint_ge(explain_source_count(), 12);
	for (size_t i = 0; i < explain_entry_count(); i++) {
		const struct explain_entry *e = explain_entry_at(i);
		ck_assert_msg(e->sample && e->sample[0] && e->cause[0] && e->fix[0], "row %zu incomplete", i);
		ck_assert_msg(!strcmp(explain_wizard(e->area), e->area), "row %zu: area %s is no wizard", i, e->area);
		for (const char *p = e->needles; *p; p++)
			ck_assert_msg(!isupper((unsigned char)*p), "row %zu: needles must be lowercase: %s", i, e->needles);
	}
}
END_TEST

START_TEST(every_sample_is_recognised_as_its_own_cause)
{
	char why[512];
	int bad = 0;
	for (size_t i = 0; i < explain_entry_count(); i++) {
		const struct explain_entry *e = explain_entry_at(i);
		if (check_sample(e, e->sample, why, sizeof why)) {
			fprintf(stderr, "explain: %s\n", why);
			bad++;
		}
	}
	ck_assert_msg(bad == 0, "%d samples are not recognised as their own row (see stderr)", bad);
}
END_TEST

/* Timestamps, hosts, trailing context, upper case, and a line break in the middle. */
START_TEST(noisy_variants_keep_their_area)
{
	char why[512], text[2048];
	int bad = 0;
	for (size_t i = 0; i < explain_entry_count(); i++) {
		const struct explain_entry *e = explain_entry_at(i);
		snprintf(text, sizeof text, "2024/05/01 12:00:00 [error] 123#0: *45 %s while SSL handshaking, client: 10.0.0.1",
			 e->sample);
		if (check_sample(e, text, why, sizeof why)) {
			fprintf(stderr, "explain noisy: %s\n", why);
			bad++;
		}
		snprintf(text, sizeof text, "%s", e->sample);
		for (char *p = text; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		if (check_sample(e, text, why, sizeof why)) {
			fprintf(stderr, "explain upper: %s\n", why);
			bad++;
		}
		/* wrapped: a newline and indentation where a space was */
		snprintf(text, sizeof text, "%s", e->sample);
		{
			char *sp = strchr(text + strlen(text) / 2, ' ');
			if (sp) {
				char tail[1024];
				snprintf(tail, sizeof tail, "%s", sp + 1);
				snprintf(sp, sizeof text - (size_t)(sp - text), "\n      %s", tail);
			}
		}
		if (check_sample(e, text, why, sizeof why)) {
			fprintf(stderr, "explain wrapped: %s\n", why);
			bad++;
		}
	}
	ck_assert_msg(bad == 0, "%d noisy variants lost their cause (see stderr)", bad);
}
END_TEST

START_TEST(unrelated_lines_match_nothing)
{
	static const char *const lines[] = {
		"192.0.2.1 - - [01/May/2024:12:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"",
		"May  1 12:00:00 host systemd[1]: Started nginx.service - A high performance web server.",
		"the quick brown fox jumps over the lazy dog",
		"2024/05/01 12:00:00 [notice] 123#0: signal process started",
		"kernel: [12345.678] eth0: link up, 1000Mbps, full-duplex",
		"",
	};
	struct explain_match m[1];
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		ck_assert_msg(explain_text(lines[i], m, 1) == 0, "matched: %s -> %s", lines[i],
			      explain_entry_of(&m[0])->id);
}
END_TEST

START_TEST(alerts_by_number_and_name_in_both_directions)
{
	static const struct { const char *text, *id; int code; } cases[] = {
		{ "alert 40", "cipher.no_shared", 40 },
		{ "SSL alert number 70", "version.mismatch", 70 },
		{ "handshake_failure", "cipher.no_shared", 40 },
		{ "TLS alert: unrecognized_name", "sni.required", 112 },
		{ "received alert certificate_required", "cert.client_cert_required", 116 },
		{ "The TLS protocol defined fatal alert code is 48.", "chain.incomplete", 48 },
		{ "alert(120)", "sni.alpn_mismatch", 120 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct explain_match m[2];
		size_t n = explain_text(cases[i].text, m, 2);
		bool found = false;
		ck_assert_msg(n > 0, "%s: not recognised", cases[i].text);
		for (size_t k = 0; k < n; k++)
			found |= !strcmp(explain_entry_of(&m[k])->id, cases[i].id);
		ck_assert_msg(found, "%s: want %s, got %s", cases[i].text, cases[i].id, explain_entry_of(&m[0])->id);
	}
	{
		struct explain_match m[1];
		ck_assert_uint_eq(explain_text("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure", m, 1), 1);
		/* a received alert says so; a sent one too */
		ck_assert_uint_eq(explain_text("received alert number 40", m, 1), 1);
		ck_assert_ptr_nonnull(strstr(explain_entry_of(&m[0])->cause, "received from the peer"));
		ck_assert_uint_eq(explain_text("sent alert number 40", m, 1), 1);
		ck_assert_ptr_nonnull(strstr(explain_entry_of(&m[0])->cause, "sent by this side"));
	}
}
END_TEST

START_TEST(targets_are_found_in_the_text)
{
	char t[256];
	explain_target("curl: (60) ... https://shop.example:8443/path", t, sizeof t);
	ck_assert_str_eq(t, "shop.example:8443");
	explain_target("x509: certificate is valid for other.example, not shop.example", t, sizeof t);
	ck_assert_str_eq(t, "other.example");
	explain_target("dial tcp 10.0.0.5:443: connect: connection refused", t, sizeof t);
	ck_assert_str_eq(t, "10.0.0.5:443");
	explain_target("java.security.cert.CertificateException: No subject alternative names present", t, sizeof t);
	ck_assert_str_eq(t, "");
	explain_target("(_ssl.c:1006) in /etc/ssl/cert.pem", t, sizeof t);
	ck_assert_str_eq(t, "");
}
END_TEST

START_TEST(log_lines_are_grouped_by_cause)
{
	struct explain_log *lg = explain_log_new();
	const struct explain_group *g;
	size_t n;
	char line[512];

	for (int i = 0; i < 1000; i++) {
		int kind = i % 10;
		if (kind < 6)
			snprintf(line, sizeof line, "2024/05/01 12:%02d:%02d [info] 1#0: *%d SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking, client: 192.0.2.%d, server: 0.0.0.0:443",
				 i / 60 % 60, i % 60, i, 1 + i % 5);
		else if (kind < 9)
			snprintf(line, sizeof line, "2024/05/01 13:%02d:%02d [info] 1#0: *%d SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking, client: 198.51.100.%d, server: 0.0.0.0:443",
				 i / 60 % 60, i % 60, i, i % 7);
		else if (i % 20 == 9)
			snprintf(line, sizeof line, "2024/05/01 14:00:00 [info] 1#0: *%d client sent no required SSL certificate while reading client request headers, client: [2001:db8::%x]", i, i);
		else
			snprintf(line, sizeof line, "192.0.2.9 - - [01/May/2024:12:00:00 +0000] \"GET / HTTP/1.1\" 200 12");
		explain_log_feed(lg, line);
	}
	ck_assert_uint_eq(explain_log_lines(lg), 1000);
	ck_assert_uint_eq(explain_log_ignored(lg), 50);
	n = explain_log_groups(lg, &g);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(g[0].e.id, "cipher.no_shared");
	ck_assert_uint_eq(g[0].count, 600);
	ck_assert_str_eq(g[0].first, "2024/05/01 12:00:00");
	ck_assert_str_eq(g[0].last, "2024/05/01 12:16:35");
	ck_assert_uint_eq(g[0].nclients, 3);
	ck_assert_str_eq(g[0].clients[0], "192.0.2.1");
	ck_assert_str_eq(g[1].e.id, "version.mismatch");
	ck_assert_uint_eq(g[1].count, 300);
	ck_assert_str_eq(g[2].e.id, "cert.client_cert_required");
	ck_assert_uint_eq(g[2].count, 50);
	ck_assert_str_eq(g[2].clients[0], "2001:db8::9");
	explain_log_free(lg);
}
END_TEST

START_TEST(log_timestamps_and_clients_of_each_server)
{
	char b[64];
	ck_assert(explain_log_timestamp("2024/05/01 12:00:00 [error] x", b, sizeof b));
	ck_assert_str_eq(b, "2024/05/01 12:00:00");
	ck_assert(explain_log_timestamp("May  1 12:00:00 mx postfix/smtpd[1]: x", b, sizeof b));
	ck_assert_str_eq(b, "May  1 12:00:00");
	ck_assert(explain_log_timestamp("2024-05-01T12:00:00.123Z host x", b, sizeof b));
	ck_assert_str_eq(b, "2024-05-01T12:00:00");
	ck_assert(explain_log_timestamp("[Wed May 01 12:00:00.123456 2024] [ssl:error] x", b, sizeof b));
	ck_assert_str_eq(b, "Wed May 01 12:00:00.123456 2024");
	ck_assert(!explain_log_timestamp("no time here", b, sizeof b));
	ck_assert(explain_log_client("[ssl:error] [pid 1] [client 192.0.2.1:54321] AH02039", b, sizeof b));
	ck_assert_str_eq(b, "192.0.2.1");
	ck_assert(explain_log_client("SSL_accept error from unknown[198.51.100.7]: -1", b, sizeof b));
	ck_assert_str_eq(b, "198.51.100.7");
	ck_assert(explain_log_client("user=<>, rip=203.0.113.5, lip=192.0.2.10", b, sizeof b));
	ck_assert_str_eq(b, "203.0.113.5");
	ck_assert(explain_log_client("while SSL handshaking, client: 192.0.2.4, server: 0.0.0.0:443", b, sizeof b));
	ck_assert_str_eq(b, "192.0.2.4");
}
END_TEST

START_TEST(command_line_text_json_stdin_and_exit_codes)
{
	char cmd[1024], out[65536];
	json_t *j, *m;
	int st;

	snprintf(cmd, sizeof cmd, "%s explain 'curl: (60) SSL certificate problem: unable to get local issuer certificate'", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	ck_assert_ptr_nonnull(strstr(out, "chain.incomplete"));
	ck_assert_ptr_nonnull(strstr(out, "tlswiz wizard chain"));

	snprintf(cmd, sizeof cmd, "%s explain --json 'x509: certificate is valid for a.example, not shop.example'", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	m = json_array_get(json_object_get(j, "matches"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(m, "source")), "Go");
	ck_assert_str_eq(json_string_value(json_object_get(m, "id")), "cert.hostname_mismatch");
	ck_assert_str_eq(json_string_value(json_object_get(m, "wizard")), "certificates");
	ck_assert_str_eq(json_string_value(json_object_get(m, "confidence")), "high");
	ck_assert(json_is_string(json_object_get(m, "cause")) && json_is_string(json_object_get(m, "fix")) &&
		  json_is_string(json_object_get(m, "line")) && json_is_string(json_object_get(m, "area")));
	json_decref(j);

	/* not recognised: exit 1, closest guesses, no made-up cause */
	snprintf(cmd, sizeof cmd, "%s explain 'the widget frobnicator certificate gizmo failed'", tw_bin());
	st = tw_run(cmd, out, sizeof out, 10);
	ck_assert_int_eq(st, 1);
	ck_assert_ptr_nonnull(strstr(out, "not recognised"));
	ck_assert_ptr_null(strstr(out, "cause:"));

	/* stdin, one message wrapped over two lines */
	snprintf(cmd, sizeof cmd, "printf 'javax.net.ssl.SSLHandshakeException: No appropriate\\n   protocol (protocol is disabled or cipher suites are inappropriate)\\n' | %s explain -", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	ck_assert_ptr_nonnull(strstr(out, "version.legacy_only"));

	/* a log on stdin: groups with counts */
	snprintf(cmd, sizeof cmd, "for i in 1 2 3 4 5; do echo \"2024/05/01 12:00:0$i [info] 1#0: *$i SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking, client: 192.0.2.$i\"; done | %s explain --json -", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "lines")), 5);
	m = json_array_get(json_object_get(j, "groups"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(m, "count")), 5);
	ck_assert_str_eq(json_string_value(json_object_get(m, "id")), "cipher.no_shared");
	json_decref(j);

	/* hostile input is never echoed raw */
	snprintf(cmd, sizeof cmd, "printf 'curl: (60) SSL certificate problem: self signed certificate \\033]0;pwned\\007\\n' | %s explain -", tw_bin());
	tw_run(cmd, out, sizeof out, 10);
	ck_assert_ptr_null(strchr(out, 0x1b));
	ck_assert_ptr_null(strchr(out, 0x07));

	snprintf(cmd, sizeof cmd, "%s explain", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 2);
}
END_TEST

static Suite *explain_suite(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tcase_create("table");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, explain_has_two_hundred_messages_from_twelve_sources);
	tcase_add_test(tc, every_sample_is_recognised_as_its_own_cause);
	tcase_add_test(tc, noisy_variants_keep_their_area);
	tcase_add_test(tc, unrelated_lines_match_nothing);
	tcase_add_test(tc, alerts_by_number_and_name_in_both_directions);
	tcase_add_test(tc, targets_are_found_in_the_text);
	tcase_add_test(tc, log_lines_are_grouped_by_cause);
	tcase_add_test(tc, log_timestamps_and_clients_of_each_server);
	tcase_add_test(tc, command_line_text_json_stdin_and_exit_codes);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(explain_suite, TW_UNIT)
