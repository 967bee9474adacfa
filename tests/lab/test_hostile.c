/* test_hostile.c — issue 12: the lab's hostile servers (a 150-certificate chain, a 16 MiB
 * Certificate, lying record lengths, broken extensions, endless HelloRetryRequests, an
 * alert flood, a one-byte-a-second drip, a tarpit, escape-laden names). Each must end in
 * a clean finding and a clean exit, in text and JSON, within the deadline, with no
 * control byte reaching the output and bounded memory. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <jansson.h>

#include "../tw_test.h"
#include "lab.h"

static struct lab *lab;

static void lab_up(void)
{
	struct lab_opts o = { .hostile = 1 };
	char err[256];
	lab = lab_start(&o, err, sizeof err);
	if (!lab)
		fprintf(stderr, "hostile lab did not start: %s\n", err);
}

static void lab_down(void)
{
	lab_stop(lab);
	lab = NULL;
}

static const struct {
	const char *scenario, *id, *words;	/* words: in the verdict line */
} cases[] = {
	{ "chain-150", "tls.error", "certificate" },
	{ "cert-16mib", "tls.error", "KiB without finishing the handshake" },
	{ "lying-record", "tls.error", "claims 65535 bytes" },
	{ "bad-extensions", "tls.error", "extensions" },
	{ "hrr-loop", "tls.error", "HelloRetryRequest" },
	{ "alert-flood", "tls.error", "floods the connection with alerts" },
	{ "drip", "net.stall", "stops midway" },
	{ "tarpit", "net.blackhole", "nothing answers the ClientHello" },
};

static bool has_control_bytes(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return true;
	return false;
}

static bool json_has_id(json_t *j, const char *id)
{
	json_t *f;
	size_t i;
	json_array_foreach(json_object_get(j, "findings"), i, f)
		if (!strcmp(json_string_value(json_object_get(f, "id")), id))
			return true;
	return false;
}

START_TEST(every_hostile_server_ends_in_a_clean_finding)
{
	static char out[1 << 20];
	ck_assert_ptr_nonnull(lab);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct lab_entry *e = lab_find(lab, cases[i].scenario);
		char cmd[1024];
		struct timespec a, b;
		double secs;
		int st;
		json_t *j;

		ck_assert_msg(e != NULL, "no scenario %s", cases[i].scenario);
		/* text, with the peak RSS of the child reported by GNU time-like wrapper */
		snprintf(cmd, sizeof cmd, "%s diagnose --no-color --timeout 2 --connect-to 127.0.0.1 --cafile %s %s:%u",
			 tw_bin(), lab_cafile(lab), e->host, e->port);
		clock_gettime(CLOCK_MONOTONIC, &a);
		st = tw_run(cmd, out, sizeof out, 30);
		clock_gettime(CLOCK_MONOTONIC, &b);
		secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		ck_assert_msg(st == 2, "%s: exit %d (want 2: errors found)\n%.800s", e->name, st, out);
		ck_assert_msg(strstr(out, cases[i].words) != NULL, "%s: \"%s\" not in:\n%.800s", e->name,
			      cases[i].words, out);
		ck_assert_msg(!has_control_bytes(out), "%s: control bytes in the text output", e->name);
		/* every step has a 2 s deadline; a run is a few rounds of them at most */
		ck_assert_msg(secs < 15, "%s: took %.1f s", e->name, secs);

		snprintf(cmd, sizeof cmd, "%s diagnose --json --timeout 2 --connect-to 127.0.0.1 --cafile %s %s:%u",
			 tw_bin(), lab_cafile(lab), e->host, e->port);
		st = tw_run(cmd, out, sizeof out, 30);
		ck_assert_int_eq(st, 2);
		j = json_loads(out, 0, NULL);
		ck_assert_msg(j != NULL, "%s: the JSON does not parse", e->name);
		ck_assert_msg(json_has_id(j, cases[i].id), "%s: no %s in the JSON findings", e->name, cases[i].id);
		json_decref(j);
	}
}
END_TEST

/* One diagnose against the server that streams a 16 MiB Certificate: memory stays small
 * because reads stop once a handshake passes 320 KiB (probe.c). Measured in a child. */
START_TEST(a_16_mib_certificate_does_not_grow_memory)
{
	const struct lab_entry *e = lab_find(lab, "cert-16mib");
	char port[16], host[128];
	pid_t pid;
	int st;
	struct rusage ru;

	ck_assert_ptr_nonnull(e);
	snprintf(port, sizeof port, "%s:%u", e->host, e->port);
	snprintf(host, sizeof host, "%s", lab_cafile(lab));
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execl(tw_bin(), "tlswiz", "diagnose", "--timeout", "2", "--connect-to", "127.0.0.1", "--cafile", host,
		      port, (char *)NULL);
		_exit(127);
	}
	ck_assert_int_eq(wait4(pid, &st, 0, &ru), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 2);
	/* ru_maxrss is in KiB; a plain diagnose peaks near 14 MiB */
	ck_assert_msg(ru.ru_maxrss < 48 * 1024, "peak RSS %ld KiB", ru.ru_maxrss);
}
END_TEST

/* Names full of terminal escapes, bidi overrides and bad UTF-8: text and Markdown show
 * them as visible escapes; JSON carries them escaped and parseable. */
START_TEST(escape_laden_names_never_reach_the_terminal)
{
	static char out[1 << 20];
	const struct lab_entry *e = lab_find(lab, "evil-names");
	static const char *const modes[] = { "-v --no-color", "--markdown", "--json" };
	ck_assert_ptr_nonnull(e);
	for (size_t m = 0; m < 3; m++) {
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "%s diagnose %s --timeout 2 --connect-to 127.0.0.1 --cafile %s %s:%u", tw_bin(),
			 modes[m], lab_cafile(lab), e->host, e->port);
		tw_run(cmd, out, sizeof out, 30);
		ck_assert_msg(!has_control_bytes(out), "%s: control bytes in the output", modes[m]);
		ck_assert_msg(!strstr(out, "\xe2\x80\xae"), "%s: a raw RLO reached the output", modes[m]);
		ck_assert_msg(strstr(out, "evil") != NULL, "%s: the certificate names are not shown", modes[m]);
		if (m == 2) {
			json_t *j = json_loads(out, 0, NULL);
			ck_assert_msg(j != NULL, "JSON does not parse");
			json_decref(j);
		}
	}
}
END_TEST

static Suite *hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("servers");
	tcase_add_checked_fixture(tc, lab_up, lab_down);
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, every_hostile_server_ends_in_a_clean_finding);
	tcase_add_test(tc, a_16_mib_certificate_does_not_grow_memory);
	tcase_add_test(tc, escape_laden_names_never_reach_the_terminal);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(hostile_suite, TW_LAB)
