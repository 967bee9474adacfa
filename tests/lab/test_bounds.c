/* test_bounds.c — issue 23: every read has a deadline and a byte budget. Small raw servers
 * on 127.0.0.1 (ephemeral ports, one thread each) send a greeting or a proxy status line
 * that never ends; tlswiz must stop within its --timeout with a message naming the cap. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../tw_test.h"

/* ---- an endless talker: sends prefix, then filler bytes until the peer goes away ---- */

struct endless {
	int lfd;
	unsigned short port;
	const char *prefix;
	char filler;
	volatile int stop;
	pthread_t th;
};

static void *endless_main(void *arg)
{
	struct endless *e = arg;
	char buf[4096];

	memset(buf, e->filler, sizeof buf);
	while (!e->stop) {
		struct pollfd p = { .fd = e->lfd, .events = POLLIN };
		int c;
		if (poll(&p, 1, 100) <= 0)
			continue;
		c = accept(e->lfd, NULL, NULL);
		if (c < 0)
			continue;
		if (send(c, e->prefix, strlen(e->prefix), MSG_NOSIGNAL) >= 0) {
			/* at most 64 MiB: far past any cap, and the test still ends if tlswiz
			 * had none */
			for (int i = 0; i < 16384 && !e->stop; i++)
				if (send(c, buf, sizeof buf, MSG_NOSIGNAL) < 0)
					break;
		}
		close(c);
	}
	return NULL;
}

static struct endless *endless_start(const char *prefix, char filler)
{
	struct endless *e = calloc(1, sizeof *e);
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof a;
	int one = 1;

	ck_assert_ptr_nonnull(e);
	e->prefix = prefix;
	e->filler = filler;
	e->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(e->lfd, 0);
	setsockopt(e->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(e->lfd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(e->lfd, 16), 0);
	ck_assert_int_eq(getsockname(e->lfd, (struct sockaddr *)&a, &l), 0);
	e->port = ntohs(a.sin_port);
	ck_assert_int_eq(pthread_create(&e->th, NULL, endless_main, e), 0);
	return e;
}

static void endless_stop(struct endless *e)
{
	e->stop = 1;
	pthread_join(e->th, NULL);
	close(e->lfd);
	free(e);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run cmd; the wall time goes to *secs. */
static int timed_run(const char *cmd, char *out, size_t cap, double *secs)
{
	double a = now_s();
	int st = tw_run(cmd, out, cap, 60);
	*secs = now_s() - a;
	return st;
}

static const struct {
	const char *proto, *prefix;
} greetings[] = {
	{ "smtp", "220-" }, { "imap", "* OK " }, { "pop3", "+OK " }, { "ftp", "220-" },
};

START_TEST(an_endless_starttls_greeting_ends_at_the_line_cap)
{
	static char out[1 << 16];
	for (size_t i = 0; i < sizeof greetings / sizeof greetings[0]; i++) {
		struct endless *e = endless_start(greetings[i].prefix, 'A');
		char cmd[512];
		double secs;
		int st;

		snprintf(cmd, sizeof cmd, "%s wizard versions --no-color --timeout 2 --starttls %s 127.0.0.1:%u",
			 tw_bin(), greetings[i].proto, e->port);
		st = timed_run(cmd, out, sizeof out, &secs);
		endless_stop(e);
		ck_assert_msg(st == 2, "%s: exit %d\n%.600s", greetings[i].proto, st, out);
		ck_assert_msg(strstr(out, "longer than 8192 bytes (cap)") != NULL, "%s: the cap is not named:\n%.800s",
			      greetings[i].proto, out);
		/* before issue 23: 54 s wall at --timeout 2 */
		ck_assert_msg(secs < 5, "%s: took %.1f s at --timeout 2", greetings[i].proto, secs);
	}
}
END_TEST

START_TEST(an_endless_proxy_status_line_ends_at_the_line_cap)
{
	static char out[1 << 16];
	struct endless *e = endless_start("HTTP/1.1 200 ", 'B');
	char cmd[512];
	double secs;
	int st;

	snprintf(cmd, sizeof cmd, "%s wizard versions --no-color --timeout 2 --proxy http://127.0.0.1:%u shop.tlswiz.test:443",
		 tw_bin(), e->port);
	st = timed_run(cmd, out, sizeof out, &secs);
	endless_stop(e);
	ck_assert_msg(st == 2, "exit %d\n%.600s", st, out);
	ck_assert_msg(strstr(out, "status line is longer than 8192 bytes (cap)") != NULL, "the cap is not named:\n%.800s",
		      out);
	/* before issue 23: 40 s */
	ck_assert_msg(secs < 5, "took %.1f s at --timeout 2", secs);
}
END_TEST

START_TEST(endless_proxy_headers_end_at_the_line_cap)
{
	static char out[1 << 16];
	struct endless *e = endless_start("HTTP/1.1 200 Connection established\r\nX-Filler: ", 'C');
	char cmd[512];
	double secs;
	int st;

	snprintf(cmd, sizeof cmd, "%s wizard versions --no-color --timeout 2 --proxy http://127.0.0.1:%u shop.tlswiz.test:443",
		 tw_bin(), e->port);
	st = timed_run(cmd, out, sizeof out, &secs);
	endless_stop(e);
	ck_assert_msg(st == 2, "exit %d\n%.600s", st, out);
	ck_assert_msg(strstr(out, "header line of the proxy's reply is longer than 8192 bytes (cap)") != NULL,
		      "the cap is not named:\n%.800s", out);
	ck_assert_msg(secs < 5, "took %.1f s at --timeout 2", secs);
}
END_TEST

static Suite *bounds_suite(void)
{
	Suite *s = suite_create("bounds");
	TCase *tc = tcase_create("reads");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, an_endless_starttls_greeting_ends_at_the_line_cap);
	tcase_add_test(tc, an_endless_proxy_status_line_ends_at_the_line_cap);
	tcase_add_test(tc, endless_proxy_headers_end_at_the_line_cap);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(bounds_suite, TW_LAB)
