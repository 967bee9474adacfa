/* test_bounds_tui.c — issue 23: the TUI quits at once whatever its run is doing. The run
 * reads a STARTTLS greeting that a raw server here streams without end, or drips one byte
 * every 100 ms (before issue 23: Ctrl-C had not exited after 80 s; c then q q took 71 s). */
#include <arpa/inet.h>
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

struct drip {
	int lfd;
	unsigned short port;
	bool fast;	/* a 4 KiB burst, not a byte, every turn: recv never waits */
	volatile int stop;
	pthread_t th;
};

static void *drip_main(void *arg)
{
	struct drip *d = arg;
	int c = -1;

	static char burst[4096];

	memset(burst, 'x', sizeof burst);
	while (!__atomic_load_n(&d->stop, __ATOMIC_ACQUIRE)) {
		struct pollfd p = { .fd = d->lfd, .events = POLLIN };
		if (poll(&p, 1, d->fast ? 0 : 100) == 1) {
			int n = accept(d->lfd, NULL, NULL);
			if (n >= 0) {
				if (c >= 0)
					close(c);
				c = n;
				(void)!send(c, "220-", 4, MSG_NOSIGNAL);
			}
		} else if (c >= 0 && send(c, burst, d->fast ? sizeof burst : 1, MSG_NOSIGNAL) < 0) {
			close(c);
			c = -1;
		}
	}
	if (c >= 0)
		close(c);
	return NULL;
}

static struct drip *drip_start(bool fast)
{
	struct drip *d = calloc(1, sizeof *d);
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof a;

	ck_assert_ptr_nonnull(d);
	d->fast = fast;
	d->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(d->lfd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(d->lfd, 8), 0);
	getsockname(d->lfd, (struct sockaddr *)&a, &l);
	d->port = ntohs(a.sin_port);
	ck_assert_int_eq(pthread_create(&d->th, NULL, drip_main, d), 0);
	return d;
}

static void drip_stop(struct drip *d)
{
	__atomic_store_n(&d->stop, 1, __ATOMIC_RELEASE);
	pthread_join(d->th, NULL);
	close(d->lfd);
	free(d);
}

static char sock[64], screen[65536];

static void tmux(const char *fmt, const char *a)
{
	char args[1024], cmd[1200];
	snprintf(args, sizeof args, fmt, a);
	snprintf(cmd, sizeof cmd, "tmux -L %s %s", sock, args);
	tw_run(cmd, NULL, 0, 10);
}

static bool on_screen(const char *text)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -p", sock);
	tw_run(cmd, screen, sizeof screen, 10);
	return strstr(screen, text) != NULL;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds until text shows, at most limit (then -1). */
static double time_until(const char *text, double limit)
{
	double t0 = now_s();
	while (now_s() - t0 < limit) {
		if (on_screen(text))
			return now_s() - t0;
		usleep(20000);
	}
	return -1;
}

static void quit_while_dripping(const char *keys, bool fast)
{
	struct drip *d = drip_start(fast);
	char run[512];
	double secs;

	TW_SKIP_UNLESS(system("command -v tmux >/dev/null") == 0, "tmux is not installed (make deps)");
	snprintf(sock, sizeof sock, "tw-bounds-%d-%ld", getpid(), (long)time(NULL));
	snprintf(run, sizeof run, "new-session -d -x 100 -y 30 \"env TERM=tmux-256color LC_ALL=C.UTF-8 "
		 "XDG_STATE_HOME=/tmp/tlswiz-tui-state timeout --foreground 120 %s --timeout 60 --starttls smtp "
		 "127.0.0.1:%u; echo TLSWIZ-EXITED; sleep 30\"", tw_bin(), d->port);
	tmux("%s", run);
	/* the run is under way: its first step reads the endless greeting */
	ck_assert_msg(time_until("step", 15) >= 0, "the run did not start:\n%s", screen);
	usleep(1000 * 1000);
	ck_assert_msg(!on_screen("TLSWIZ-EXITED"), "tlswiz ended by itself:\n%s", screen);
	tmux("send-keys %s", keys);
	secs = time_until("TLSWIZ-EXITED", 20);
	tmux("kill-server%s", "");
	drip_stop(d);
	ck_assert_msg(secs >= 0, "%s did not quit within 20 s:\n%s", keys, screen);
	/* 200 ms in tlswiz, plus tmux and this polling loop */
	ck_assert_msg(secs < 2, "%s took %.2f s to quit", keys, secs);
}

/* the reproducer: a greeting that streams without end */
START_TEST(ctrl_c_quits_at_once_while_a_greeting_streams)
{
	quit_while_dripping("C-c", true);
}
END_TEST

START_TEST(cancel_then_q_q_quits_at_once_while_a_greeting_drips)
{
	quit_while_dripping("c q q q", false);
}
END_TEST

static Suite *bounds_tui_suite(void)
{
	Suite *s = suite_create("bounds-tui");
	TCase *tc = tcase_create("quit");
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, ctrl_c_quits_at_once_while_a_greeting_streams);
	tcase_add_test(tc, cancel_then_q_q_quits_at_once_while_a_greeting_drips);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(bounds_tui_suite, TW_TUI)
