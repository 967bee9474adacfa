/* test_lab.c — the lab itself, and the foundation's ladders against its real GnuTLS
 * servers: a TLS1.3 handshake and a TLS1.2-only one must show exactly their messages,
 * both ChangeCipherSpecs included; 1,000 connect/close cycles leave the lab healthy;
 * stopping it leaves no thread and no CA file behind. */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
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
		fprintf(stderr, "lab: %s\n", err);
}

static void lab_down(void)
{
	lab_stop(lab);
}

static int connect_port(unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static json_t *diagnose(const char *scenario, int *status)
{
	const struct lab_entry *e = lab_find(lab, scenario);
	char cmd[1024], out[262144];
	ck_assert_ptr_nonnull(e);
	snprintf(cmd, sizeof cmd, "%s wizard firewall --json --timeout 3 --connect-to 127.0.0.1 --cafile %s %s:%u",
		 tw_bin(), lab_cafile(lab), e->host, e->port);
	*status = tw_run(cmd, out, sizeof out, 30);
	return json_loads(out, 0, NULL);
}

/* "ClientHello>,ServerHello<,..." of the default trace's handshake and record steps. */
static void message_list(json_t *j, char *buf, size_t len)
{
	json_t *t = json_array_get(json_object_get(j, "traces"), 0), *s;
	size_t i, o = 0;
	buf[0] = '\0';
	json_array_foreach(json_object_get(t, "steps"), i, s) {
		const char *layer = json_string_value(json_object_get(s, "layer"));
		if (strcmp(layer, "handshake") && strcmp(layer, "record"))
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%s%s", o ? "," : "",
				      json_string_value(json_object_get(s, "name")),
				      !strcmp(json_string_value(json_object_get(s, "dir")), "c2s") ? ">" : "<");
	}
}

START_TEST(lab_lists_thirty_scenarios_with_five_fields)
{
	char cmd[256], out[65536];
	int lines = 0;
	snprintf(cmd, sizeof cmd, "%s lab --list --base-port 20000", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	for (char *save = NULL, *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int tabs = 0;
		if (l[0] == '#')
			continue;
		for (char *p = l; *p; p++)
			tabs += *p == '\t';
		ck_assert_msg(tabs == 4, "not 5 fields: %s", l);
		{
			long port = strtol(strchr(l, '\t') + 1, NULL, 10);
			ck_assert_msg(port > 20000 && port < 20100, "port not from the base: %s", l);
		}
		lines++;
	}
	ck_assert_int_ge(lines, 30);
}
END_TEST

START_TEST(lab_listens_on_every_scenario)
{
	ck_assert_ptr_nonnull(lab);
	ck_assert_uint_ge(lab_count(lab), 30);
	for (size_t i = 0; i < lab_count(lab); i++) {
		int fd = connect_port(lab_entry(lab, i)->port);
		ck_assert_msg(fd >= 0, "%s does not listen", lab_entry(lab, i)->name);
		close(fd);
	}
}
END_TEST

START_TEST(tls13_ladder_lists_its_messages)
{
	int status;
	char list[1024];
	json_t *j = diagnose("good-ecdsa", &status);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(status, 0);
	message_list(j, list, sizeof list);
	/* RFC 8446 D.4: the client's middlebox-compatibility CCS follows the ServerHello */
	ck_assert_str_eq(list, "ClientHello>,ServerHello<,ChangeCipherSpec>,ChangeCipherSpec<,EncryptedExtensions<,"
			       "Certificate<,CertificateVerify<,Finished<,Finished>");
	json_decref(j);
}
END_TEST

START_TEST(tls12_ladder_shows_both_change_cipher_specs)
{
	int status;
	char list[1024];
	json_t *j = diagnose("tls12-only", &status);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(status, 0);
	message_list(j, list, sizeof list);
	ck_assert_str_eq(list, "ClientHello>,ServerHello<,Certificate<,ServerKeyExchange<,ServerHelloDone<,"
			       "ClientKeyExchange>,ChangeCipherSpec>,Finished>,ChangeCipherSpec<,Finished<");
	json_decref(j);
}
END_TEST

START_TEST(lab_survives_a_thousand_quick_connections)
{
	const struct lab_entry *e = lab_find(lab, "good-ecdsa");
	int status;
	json_t *j;

	for (int i = 0; i < 1000; i++) {
		int fd = connect_port(e->port);
		ck_assert_int_ge(fd, 0);
		if (i % 3 == 0)
			(void)!write(fd, "\x16\x03\x01\x00\x05garbage", 12);
		close(fd);
	}
	j = diagnose("good-ecdsa", &status);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(status, 0);
	json_decref(j);
}
END_TEST

static int thread_count(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

START_TEST(lab_starts_fast_and_stops_clean)
{
	struct lab_opts o = { 0 };
	char err[256], ca[128];
	struct timespec a, b;
	int before = thread_count();
	struct lab *l;
	double ms;

	clock_gettime(CLOCK_MONOTONIC, &a);
	l = lab_start(&o, err, sizeof err);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ck_assert_msg(l != NULL, "%s", err);
	ms = (double)(b.tv_sec - a.tv_sec) * 1000 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	fprintf(stderr, "lab start-up: %.0f ms for %zu scenarios\n", ms, lab_count(l));
	ck_assert_msg(ms < 5000, "start-up took %.0f ms", ms);	/* a hang guard; the bench measures */
	snprintf(ca, sizeof ca, "%s", lab_cafile(l));
	ck_assert_int_eq(access(ca, R_OK), 0);
	/* a connection in flight when we stop */
	{
		int fd = connect_port(lab_find(l, "silent")->port);
		lab_stop(l);
		close(fd);
	}
	ck_assert_int_eq(thread_count(), before);
	ck_assert_int_ne(access(ca, F_OK), 0);
}
END_TEST

START_TEST(several_sni_names_get_a_table_of_what_each_gets)
{
	const struct lab_entry *e = lab_find(lab, "sni-default");
	char cmd[1024], out[65536];
	snprintf(cmd, sizeof cmd, "%s wizard sni --timeout 3 --connect-to 127.0.0.1 --cafile %s --sni vhost.tlswiz.test,default.tlswiz.test,nope.tlswiz.test %s:%u",
		 tw_bin(), lab_cafile(lab), e->host, e->port);
	tw_run(cmd, out, sizeof out, 30);
	ck_assert_msg(strstr(out, "Per name"), "no table:\n%s", out);
	ck_assert_ptr_nonnull(strstr(out, "DNS:vhost.tlswiz.test"));
	ck_assert_ptr_nonnull(strstr(out, "DNS:default.tlswiz.test"));
	/* nope.tlswiz.test has no vhost: the default certificate comes back, and says so */
	ck_assert_ptr_nonnull(strstr(out, "sni.unknown_name"));
}
END_TEST

/* Every STARTTLS dialogue against the lab's real plaintext servers: the upgrade steps are
 * on the ladder, then the handshake completes. */
START_TEST(starttls_upgrades_for_every_protocol)
{
	static const struct { const char *scenario, *proto, *step; } cases[] = {
		{ "smtp-starttls", "smtp", "EHLO" },
		{ "xmpp-starttls", "xmpp", "proceed" },
		{ "ldap-starttls", "ldap", "StartTLS" },
		{ "mysql-starttls", "mysql", "SSLRequest" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct lab_entry *e = lab_find(lab, cases[i].scenario);
		char cmd[1024], out[262144], list[2048];
		json_t *j, *t, *st;
		size_t k;
		int status, saw_step = 0, saw_sh = 0;

		ck_assert_ptr_nonnull(e);
		snprintf(cmd, sizeof cmd, "%s wizard firewall --json --timeout 3 --starttls %s --connect-to 127.0.0.1 "
			 "--cafile %s %s:%u", tw_bin(), cases[i].proto, lab_cafile(lab), e->host, e->port);
		status = tw_run(cmd, out, sizeof out, 30);
		j = json_loads(out, 0, NULL);
		ck_assert_msg(j != NULL, "%s: no JSON", cases[i].proto);
		ck_assert_msg(status == 0, "%s: exit %d", cases[i].proto, status);
		t = json_array_get(json_object_get(j, "traces"), 0);
		ck_assert_str_eq(json_string_value(json_object_get(t, "outcome")), "ok");
		json_array_foreach(json_object_get(t, "steps"), k, st) {
			const char *name = json_string_value(json_object_get(st, "name"));
			saw_step |= !strcmp(name, cases[i].step) && !saw_sh;
			saw_sh |= !strcmp(name, "ServerHello");
		}
		message_list(j, list, sizeof list);
		ck_assert_msg(saw_step && saw_sh, "%s: no %s before the ServerHello: %s", cases[i].proto,
			      cases[i].step, list);
		json_decref(j);
	}
}
END_TEST

/* The lab proxy with its password: the CONNECT exchange is on the ladder before the
 * ClientHello, and the handshake through the tunnel completes with the real certificate. */
START_TEST(proxy_with_credentials_tunnels_to_the_server)
{
	const struct lab_entry *px = lab_find(lab, "proxy-auth"), *to = lab_find(lab, "good-ecdsa");
	char cmd[1024], out[262144], list[2048];
	int status;
	json_t *j, *t, *st;
	size_t k;
	int connect_at = -1, ok_at = -1, ch_at = -1;

	ck_assert_ptr_nonnull(px);
	ck_assert_ptr_nonnull(to);
	snprintf(cmd, sizeof cmd, "%s wizard firewall --json --timeout 3 --proxy http://lab:lab@127.0.0.1:%u "
		 "--connect-to 127.0.0.1 --cafile %s %s:%u", tw_bin(), px->port, lab_cafile(lab), to->host, to->port);
	status = tw_run(cmd, out, sizeof out, 30);
	j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(status, 0);
	t = json_array_get(json_object_get(j, "traces"), 0);
	json_array_foreach(json_object_get(t, "steps"), k, st) {
		const char *name = json_string_value(json_object_get(st, "name"));
		const char *sum = json_string_value(json_object_get(st, "summary"));
		if (!strcmp(name, "CONNECT"))
			connect_at = (int)k;
		if (sum && strstr(sum, "200 Connection established"))
			ok_at = (int)k;
		if (!strcmp(name, "ClientHello") && ch_at < 0)
			ch_at = (int)k;
	}
	message_list(j, list, sizeof list);
	ck_assert_msg(connect_at >= 0 && ok_at > connect_at && ch_at > ok_at, "CONNECT %d, 200 %d, hello %d: %s",
		      connect_at, ok_at, ch_at, list);
	/* the password is never echoed */
	ck_assert_ptr_null(strstr(out, "lab:lab"));
	json_decref(j);
}
END_TEST

static Suite *lab_suite(void)
{
	Suite *s = suite_create("lab");
	TCase *tc = tcase_create("servers");
	/* In the test process itself: forking while lab threads run can leave a lock held. */
	tcase_add_checked_fixture(tc, lab_up, lab_down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, lab_lists_thirty_scenarios_with_five_fields);
	tcase_add_test(tc, lab_listens_on_every_scenario);
	tcase_add_test(tc, tls13_ladder_lists_its_messages);
	tcase_add_test(tc, tls12_ladder_shows_both_change_cipher_specs);
	tcase_add_test(tc, lab_survives_a_thousand_quick_connections);
	tcase_add_test(tc, lab_starts_fast_and_stops_clean);
	tcase_add_test(tc, several_sni_names_get_a_table_of_what_each_gets);
	tcase_add_test(tc, starttls_upgrades_for_every_protocol);
	tcase_add_test(tc, proxy_with_credentials_tunnels_to_the_server);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(lab_suite, TW_LAB)
