/* test_golden.c — golden screens, in the manner of tig's tests: the real binary under
 * tmux on the built-in lab, a script of keys, and after each step the captured screen
 * compared with a stored file, tests/tui/golden/NAME-WxH.screen, once what changes from
 * run to run is masked (times, ports, dates, sizes, temporary paths).
 *
 * One tmux server per size walks every screen, so the whole walk costs seconds. A
 * screen that differs is reported with its first differing line and the whole capture;
 * the walk goes on so one run shows every difference.
 *
 * To accept a deliberate change: TLSWIZ_GOLDEN_UPDATE=1 make test-tui, then read the
 * diff of tests/tui/golden/ before committing it. */
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../tw_test.h"

static char sock[80];
static char screen[65536];

static int tmux(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int tmux(const char *fmt, ...)
{
	char args[2048], cmd[2400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof cmd, "tmux -L %s %s", sock, args);
	return tw_run(cmd, NULL, 0, 10);
}

/* Replace every match of an extended regular expression. */
static void mask_one(char *s, size_t cap, const char *re, const char *with)
{
	regex_t rx;
	regmatch_t m;
	char *out = malloc(cap), *o = out;
	const char *p = s;
	size_t wl = strlen(with);

	ck_assert_int_eq(regcomp(&rx, re, REG_EXTENDED | REG_NEWLINE), 0);
	while (*p && regexec(&rx, p, 1, &m, p == s ? 0 : REG_NOTBOL) == 0 && m.rm_eo > 0) {
		size_t pre = (size_t)m.rm_so;
		if ((size_t)(o - out) + pre + wl + 1 >= cap)
			break;
		memcpy(o, p, pre);
		o += pre;
		memcpy(o, with, wl);
		o += wl;
		p += m.rm_eo;
	}
	if ((size_t)(o - out) + strlen(p) + 1 < cap) {
		strcpy(o, p);
		strcpy(s, out);
	}
	regfree(&rx);
	free(out);
}

/* What differs between two runs of the same scenario, and nothing else. */
static void mask(char *s, size_t cap)
{
	static const char *const rules[][2] = {
		{ "/tmp/[A-Za-z0-9._/-]*", "<tmp>" },
		{ "([0-9]{1,3}\\.){3}[0-9]{1,3}", "<ip>" },
		{ "[0-9]{8}-[0-9]{6}", "<stamp>" },
		{ "[0-9]{4}-[0-9]{2}-[0-9]{2}", "<date>" },
		{ "[0-9]{2}:[0-9]{2} UTC", "<hh:mm> UTC" },
		{ ":[0-9]{2,5}", ":<port>" },
		{ "[0-9]+(\\.[0-9]+)? ?ms", "<t>" },
		{ "[0-9]+(\\.[0-9]+)? s([^a-zA-Z]|$)", "<t>" },
		{ "[+-]?[0-9]+ s\\)", "<t>)" },
		{ "[0-9]+(\\.[0-9]+)? ?(B|bytes)", "<n> B" },
		{ "[0-9]+ days", "<n> days" },
		/* the size column of the plain ladder: ECDSA signatures vary by a byte */
		{ "ficate +[0-9]+ ", "ficate <n> " },	/* (Certificate, scrolled or not) */
		{ "Verify +[0-9]+ ", "Verify <n> " },
		{ "Exchange +[0-9]+ ", "Exchange <n> " },
		{ "[0-9]+\\.[0-9]+", "<n>" },
		{ "^ +<n> ", "  <n> " },
		{ "(⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏)", "*" },	/* the spinner, byte-wise (C locale) */
		{ " +(\\* +)?step [0-9]+ of", "  step # of" },	/* right-aligned after a time */	/* the ladder's time column, right-aligned */
	};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		mask_one(s, cap, rules[i][0], rules[i][1]);
}

static void capture(void)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -p", sock);
	tw_run(cmd, screen, sizeof screen, 10);
	mask(screen, sizeof screen);
}

/* Wait for text, then until the screen stops changing (two equal captures). */
static bool settle(const char *text)
{
	static char prev[65536];
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	prev[0] = '\0';
	for (;;) {
		capture();
		if ((!text || strstr(screen, text)) && !strcmp(prev, screen))
			return true;
		snprintf(prev, sizeof prev, "%s", screen);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (b.tv_sec - a.tv_sec > 15)
			return false;
		usleep(120000);
	}
}

static void golden_dir(char *buf, size_t len)
{
	const char *src = getenv("TLSWIZ_SRCDIR");
	if (src && *src) {
		snprintf(buf, len, "%s/tests/tui/golden", src);
		return;
	}
	snprintf(buf, len, "%s", __FILE__);
	*strrchr(buf, '/') = '\0';
	strncat(buf, "/golden", len - strlen(buf) - 1);
}

struct shot {
	const char *name;	/* the golden file's name: NAME-WxH.screen */
	const char *keys;	/* tmux send-keys arguments; NULL: none */
	const char *literal;	/* text typed with send-keys -l, after keys */
	const char *paste;	/* text pasted with bracketed paste, after that */
	const char *then;	/* keys after the text */
	const char *wait;	/* text on the screen when it is ready */
	bool snap;		/* false: a step that only moves along */
};

static int compare(const char *name, int w, int h, char *failures, size_t flen)
{
	char dir[512], path[700], *want = NULL;
	size_t wl = 0;
	FILE *f;

	golden_dir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/%s-%dx%d.screen", dir, name, w, h);
	if (getenv("TLSWIZ_GOLDEN_UPDATE") && *getenv("TLSWIZ_GOLDEN_UPDATE") == '1') {
		f = fopen(path, "w");
		ck_assert_msg(f, "cannot write %s", path);
		fputs(screen, f);
		fclose(f);
		return 0;
	}
	f = fopen(path, "r");
	if (!f) {
		snprintf(failures + strlen(failures), flen - strlen(failures), "\n%s: no golden file %s (TLSWIZ_GOLDEN_UPDATE=1 writes it)",
			 name, path);
		return 1;
	}
	want = calloc(1, sizeof screen);
	wl = fread(want, 1, sizeof screen - 1, f);
	want[wl] = '\0';
	fclose(f);
	if (strcmp(want, screen)) {
		const char *a = want, *b = screen;
		int line = 1;
		while (*a && *a == *b) {
			line += *a == '\n';
			a++;
			b++;
		}
		fprintf(stderr, "golden %s-%dx%d differs at line %d; the screen now:\n%s\n", name, w, h, line, screen);
		snprintf(failures + strlen(failures), flen - strlen(failures), "\n%s-%dx%d: line %d: want \"%.*s\" got \"%.*s\"",
			 name, w, h, line, (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
		free(want);
		return 1;
	}
	free(want);
	return 0;
}

static void walk(int w, int h, const struct shot *shots, const char *args)
{
	char failures[16384] = "", cmd[600];
	int bad = 0;

	snprintf(sock, sizeof sock, "tlswiz-golden-%d-%ld", getpid(), (long)time(NULL));
	snprintf(cmd, sizeof cmd, "rm -rf /tmp/tg%d", (int)getpid());
	tw_run(cmd, NULL, 0, 10);
	ck_assert_int_eq(tmux("new-session -d -x %d -y %d \"env TERM=tmux-256color LC_ALL=C.UTF-8 NO_COLOR=1 "
			      "XDG_STATE_HOME=/tmp/tg%d timeout --foreground 120 %s --lab %s; sleep 30\"",
			      w, h, (int)getpid(), tw_bin(), args), 0);
	ck_assert_msg(settle("Diagnose everything"), "home screen did not appear:\n%s", screen);
	for (const struct shot *s = shots; s->name; s++) {
		if (s->keys)
			tmux("send-keys %s", s->keys);
		if (s->literal)
			tmux("send-keys -l '%s'", s->literal);
		if (s->paste) {
			char file[128];
			FILE *f;
			snprintf(file, sizeof file, "/tmp/tlswiz-golden-paste-%d", (int)getpid());
			f = fopen(file, "w");
			fputs(s->paste, f);
			fclose(f);
			tmux("load-buffer %s", file);
			tmux("paste-buffer -p -d");
			unlink(file);
		}
		if (s->then)
			tmux("send-keys %s", s->then);
		if (!settle(s->wait)) {
			snprintf(failures + strlen(failures), sizeof failures - strlen(failures), "\n%s: \"%s\" never came",
				 s->name, s->wait ? s->wait : "");
			fprintf(stderr, "golden %s: \"%s\" never came:\n%s\n", s->name, s->wait ? s->wait : "", screen);
			bad++;
			continue;
		}
		if (s->snap)
			bad += compare(s->name, w, h, failures, sizeof failures);
	}
	tmux("kill-server");
	snprintf(cmd, sizeof cmd, "rm -rf /tmp/tg%d", (int)getpid());
	tw_run(cmd, NULL, 0, 10);
	ck_assert_msg(!bad, "%d golden screen(s) differ:%s", bad, failures);
}

#define PASTE3 "curl: (60) SSL certificate problem: unable to get local issuer certificate\n" \
	       "* Closing connection 0\n" \
	       "curl: (35) error:0A000410:SSL routines::sslv3 alert handshake failure"

/* Every screen and the keys that act on them, on the expired-certificate scenario. */
static const struct shot walk80[] = {
	{ "home", NULL, NULL, NULL, NULL, "Diagnose everything", true },
	{ "help-home", "?", NULL, NULL, NULL, "help: home", true },
	{ "help-home-end", "End", NULL, NULL, NULL, "Glossary", true },
	{ "home-after-help", "x", NULL, NULL, NULL, "Diagnose everything", false },
	{ "edit-target-empty", "g Enter", NULL, NULL, NULL, "host[:port]:", true },
	{ "edit-target-typed", NULL, "a-very-long-host-name-that-will-not-fit-in-the-title.example.tlswiz.test:44361", NULL,
	  "Enter", "Target: a-very", true },
	{ "edit-target-prefilled", "Enter", NULL, NULL, NULL, "host[:port]:", true },
	{ "edit-target-cursor", "Home Right Right Right", NULL, NULL, NULL, "host[:port]:", true },
	{ "home-back", "Escape", NULL, NULL, NULL, "Diagnose everything", false },
	{ "explain-prompt", "/", "Explain", NULL, "Enter Enter", "Paste the error", true },
	{ "explain-paste", NULL, NULL, PASTE3, NULL, "3 lines", true },
	{ "explain-result", "C-d", NULL, NULL, NULL, "chain.incomplete", true },
	{ "explain-end", "End", NULL, NULL, NULL, "Press w", true },
	{ "home-again", "q", NULL, NULL, NULL, "Diagnose everything", false },
	{ "wizard-expired", "/", "expired", NULL, "Enter Enter", "WARN)", true },
	{ "wizard-detail-pgdn", "PgDn", NULL, NULL, NULL, "WARN)", true },
	{ "wizard-next-fail", "x", NULL, NULL, NULL, "WARN)", true },
	{ "wizard-next-step", "Right", NULL, NULL, NULL, "WARN)", true },
	{ "wizard-back-step", "Left Left", NULL, NULL, NULL, "WARN)", true },
	{ "retry-host-prompt", "e", NULL, NULL, NULL, "Retry on host[:port]:", true },
	/* Esc and a key in one burst read as Alt-key: Esc goes on its own */
	{ "retry-host-cancel", "Escape", NULL, NULL, NULL, "WARN)", false },
	{ "retry-sni-prompt", "S", NULL, NULL, NULL, "Retry with SNI", true },
	{ "retry-sni-cancel", "Escape", NULL, NULL, NULL, "WARN)", false },
	{ "retry-cert-unreadable", "K", "/nonexistent/client.pem", NULL, "Enter", "cannot read", true },
	{ "help-wizard", "F1", NULL, NULL, NULL, "help: wizard", true },
	{ "wizard-after-help", "q", NULL, NULL, NULL, "WARN)", false },
	{ "wizard-unknown-escape", "Escape '[' 9 9 '~'", NULL, NULL, NULL, "WARN)", true },
	{ "ladder", "g Enter", NULL, NULL, NULL, "ladder ", true },
	{ "ladder-detail", "Enter", NULL, NULL, NULL, "Enter or Esc closes", true },
	{ "ladder-back", "Escape", NULL, NULL, NULL, "ladder ", false },
	{ "wizard-back", "q", NULL, NULL, NULL, "WARN)", false },
	{ "chain", "C", NULL, NULL, NULL, "As sent", true },
	{ "chain-end", "End", NULL, NULL, NULL, "As sent", true },
	{ "findings", "q f", NULL, NULL, NULL, "findings (", true },
	{ "plain", "y", NULL, NULL, NULL, "plain view", true },
	{ "plain-right", "Right Right", NULL, NULL, NULL, "plain view", true },
	{ "plain-end", "Left Left End", NULL, NULL, NULL, "plain view", true },
	{ "config", "q o", NULL, NULL, NULL, "server configuration", true },
	{ "config-right", "Right Right Right Right Right Right", NULL, NULL, NULL, "server configuration", true },
	{ "save-prompt", "q s", NULL, NULL, NULL, "Save the report to:", true },
	{ "saved", "Enter", NULL, NULL, NULL, "Report saved to", true },
	{ "home-end", "q q", NULL, NULL, NULL, "Diagnose everything", true },
	{ NULL, NULL, NULL, NULL, NULL, NULL, false },
};

static const struct shot walk132[] = {
	{ "home", NULL, NULL, NULL, NULL, "Diagnose everything", true },
	{ "help-home", "?", NULL, NULL, NULL, "help: home", true },
	{ "home-after-help", "x", NULL, NULL, NULL, "Diagnose everything", false },
	{ "wizard-expired", "/", "expired", NULL, "Enter Enter", "WARN)", true },
	{ "ladder", "g Enter", NULL, NULL, NULL, "ladder ", true },
	{ "chain", "q C", NULL, NULL, NULL, "As sent", true },
	{ "findings", "q f", NULL, NULL, NULL, "findings (", true },
	{ "plain", "y", NULL, NULL, NULL, "plain view", true },
	{ "config", "q o", NULL, NULL, NULL, "server configuration", true },
	{ NULL, NULL, NULL, NULL, NULL, NULL, false },
};

/* The tarpit accepts and never answers: the ladder live mid-handshake, the progress
 * line waiting for ServerHello, the recorded ladder after the timeout, a cancelled run. */
static const struct shot walk_live[] = {
	{ "live-wizard", "/", "tarpit", NULL, "Enter Enter", "waiting for ServerHello", true },
	{ "live-ladder", "Enter", NULL, NULL, NULL, "(live)", true },
	{ "live-ladder-recorded", NULL, NULL, NULL, NULL, "(1 of 1)", true },
	{ "live-wizard-done", "q", NULL, NULL, NULL, "WARN)", true },
	{ "cancel-rerun", "r", NULL, NULL, NULL, "waiting for ServerHello", false },
	{ "cancelled", "c", NULL, NULL, NULL, "WARN)", true },
	{ NULL, NULL, NULL, NULL, NULL, NULL, false },
};

START_TEST(golden_screens_80x24)
{
	walk(80, 24, walk80, "");
}
END_TEST

START_TEST(golden_screens_132x43)
{
	walk(132, 43, walk132, "");
}
END_TEST

START_TEST(golden_screens_live_and_cancelled)
{
	walk(80, 24, walk_live, "--hostile");
}
END_TEST

/* Y puts the selected fix on the clipboard with OSC 52: tmux (set-clipboard on) turns
 * it into a paste buffer, which must hold the fix's words. */
START_TEST(copy_sends_the_fix_by_osc52)
{
	char out[4096] = "", cmd[256];
	snprintf(sock, sizeof sock, "tlswiz-golden-y-%d-%ld", getpid(), (long)time(NULL));
	ck_assert_int_eq(tmux("new-session -d -x 80 -y 24 \"env TERM=tmux-256color LC_ALL=C.UTF-8 XDG_STATE_HOME=/tmp/tgy%d "
			      "timeout --foreground 60 %s --lab; sleep 30\"", (int)getpid(), tw_bin()), 0);
	tmux("set -s set-clipboard on");
	ck_assert(settle("Diagnose everything"));
	tmux("send-keys /");
	tmux("send-keys -l expired");
	tmux("send-keys Enter Enter");
	ck_assert_msg(settle("WARN)"), "no verdict:\n%s", screen);
	tmux("send-keys Y");
	ck_assert_msg(settle("with OSC 52"), "no copy message:\n%s", screen);
	snprintf(cmd, sizeof cmd, "tmux -L %s show-buffer", sock);
	tw_run(cmd, out, sizeof out, 10);
	ck_assert_msg(strstr(out, "(cert.expired)") && strstr(out, "Renew or reissue the certificate"), "clipboard: %s", out);
	tmux("kill-server");
	snprintf(cmd, sizeof cmd, "rm -rf /tmp/tgy%d", (int)getpid());
	tw_run(cmd, NULL, 0, 10);
}
END_TEST

/* The masking itself: a time, a port, a path and a date are masked; words are not. */
START_TEST(golden_mask_masks_what_varies_only)
{
	char s[512] = "step 7 of 7  40 ms  127.0.0.1:44361  /tmp/tlswiz-lab-ca-x.pem 2026-11-23  Validity dates";
	mask(s, sizeof s);
	ck_assert_str_eq(s, "step 7 of 7  <t>  <ip>:<port>  <tmp> <date>  Validity dates");
}
END_TEST

static Suite *golden_suite(void)
{
	Suite *s = suite_create("tui-golden");
	TCase *tc = tcase_create("tmux");
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, golden_mask_masks_what_varies_only);
	tcase_add_test(tc, golden_screens_80x24);
	tcase_add_test(tc, golden_screens_132x43);
	tcase_add_test(tc, golden_screens_live_and_cancelled);
	tcase_add_test(tc, copy_sends_the_fix_by_osc52);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(golden_suite, TW_TUI)
