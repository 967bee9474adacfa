/* test_tui.c — the real binary under tmux, as a person uses it: keys in with send-keys,
 * the screen out with capture-pane, at 80x24 (and 132x43). Each test has its own tmux
 * server socket and the in-process lab (`tlswiz --lab`); waits poll the screen with a
 * deadline instead of sleeping. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../tw_test.h"

static char sock[64];
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

static void capture(bool escapes)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -p %s", sock, escapes ? "-e" : "");
	tw_run(cmd, screen, sizeof screen, 10);
}

/* Wait until text is on screen (deadline 15 s); true when it came. */
static bool wait_for(const char *text)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (;;) {
		capture(false);
		if (strstr(screen, text))
			return true;
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (b.tv_sec - a.tv_sec > (getenv("TLSWIZ_ASAN") || getenv("TLSWIZ_TSAN") ? 45 : 15))
			return false;
		usleep(50000);
	}
}

static bool has_colour_sgr(const char *s);

static void start_with(const char *env, int w, int h, const char *args)
{
	snprintf(sock, sizeof sock, "tlswiz-test-%d-%ld", getpid(), (long)time(NULL));
	/* the pane's title is set to a control value first (OSC 0, as a hostile name would):
	 * title_untouched() then proves both that tmux records titles and that tlswiz let
	 * no title through */
	ck_assert_int_eq(tmux("new-session -d -x %d -y %d \"printf '\\033]0;tw-title-control\\007'; "
			      "env TERM=tmux-256color LC_ALL=C.UTF-8 %s XDG_STATE_HOME=/tmp/tlswiz-tui-state "
			      "timeout --foreground 90 %s --lab %s; echo TLSWIZ-EXITED=\\$?; sleep 30\"", w, h, env ? env : "", tw_bin(),
			      args), 0);
	ck_assert_msg(wait_for("Diagnose everything"), "home screen did not appear:\n%s", screen);
}

static void start(const char *env, int w, int h)
{
	start_with(env, w, h, "");
}

static char raw_path[96];

static void stop(void)
{
	tmux("kill-server");
	if (raw_path[0] && !getenv("TW_KEEP_RAW"))
		unlink(raw_path);
	raw_path[0] = '\0';
}

/* capture-pane never shows escape sequences (tmux interprets them), so checks for raw
 * sequences read what tlswiz wrote to the terminal, byte for byte (pipe-pane). */
static void raw_begin(void)
{
	snprintf(raw_path, sizeof raw_path, "/tmp/%s.raw", sock);
	unlink(raw_path);
	ck_assert_int_eq(tmux("pipe-pane -o 'cat >> %s'", raw_path), 0);
}

static char raw[4 << 20];

static size_t raw_read(void)
{
	FILE *f = fopen(raw_path, "rb");
	size_t n = 0;
	ck_assert_msg(f != NULL, "no raw output recorded in %s", raw_path);
	n = fread(raw, 1, sizeof raw - 1, f);
	fclose(f);
	raw[n] = '\0';
	return n;
}

static bool raw_has(size_t n, const char *needle)
{
	return memmem(raw, n, needle, strlen(needle)) != NULL;
}

/* The hostile names' own bytes must never reach the terminal raw; their escaped form
 * (\x1B]0...) must, or the check saw nothing. */
static void raw_clean(const char *what)
{
	size_t n = raw_read();
	ck_assert_msg(raw_has(n, "\\x1B]0"), "%s: the names were not drawn at all (%zu bytes)", what, n);
	ck_assert_msg(!raw_has(n, "\033]0;pwned"), "%s: an OSC title sequence reached the terminal", what);
	ck_assert_msg(!raw_has(n, "\007\033[2J"), "%s: the clear-screen of a name reached the terminal", what);
	ck_assert_msg(!raw_has(n, "\xe2\x80\xae"), "%s: a raw RLO reached the terminal", what);
}

static void title_untouched(void)
{
	char cmd[256], title[256];
	snprintf(cmd, sizeof cmd, "tmux -L %s display-message -p '#{pane_title}'", sock);
	tw_run(cmd, title, sizeof title, 10);
	ck_assert_msg(!strstr(title, "pwned"), "the window title was changed: %s", title);
	ck_assert_msg(strstr(title, "tw-title-control") != NULL,
		      "the pane title is not the control value (%s): the title check would prove nothing", title);
}

static void keys(const char *k)
{
	tmux("send-keys %s", k);
}

/* Select a lab scenario by search and run its wizard. */
static void run_scenario(const char *name)
{
	keys("/");
	tmux("send-keys -l %s", name);
	keys("Enter");
	keys("Enter");
}

START_TEST(home_shows_the_six_wizards)
{
	static const char *const titles[] = { "Firewall or proxy", "Protocol versions", "Certificates",
					      "Certificate chain", "Cipher suites", "SNI and server configuration" };
	start(NULL, 80, 24);
	capture(true);
	ck_assert_msg(has_colour_sgr(screen), "no colour at all with colours on: the NO_COLOR test would prove nothing");
	capture(false);
	for (size_t i = 0; i < 6; i++)
		ck_assert_msg(strstr(screen, titles[i]), "missing %s:\n%s", titles[i], screen);
	ck_assert_ptr_nonnull(strstr(screen, "Explain an error message"));
	ck_assert_ptr_nonnull(strstr(screen, "Open a capture"));
	ck_assert_ptr_nonnull(strstr(screen, "Lab: "));
	stop();
}
END_TEST

START_TEST(wizard_run_reaches_a_verdict_with_the_fix)
{
	start(NULL, 80, 24);
	run_scenario("expired");
	ck_assert_msg(wait_for("the server certificate \"expired"), "no verdict:\n%s", screen);
	/* the screen opens on the root cause: its fix is there without a key */
	ck_assert_msg(wait_for("fix:"), "no fix for the selected step:\n%s", screen);
	ck_assert_ptr_nonnull(strstr(screen, "[FAIL]"));
	stop();
}
END_TEST

START_TEST(ladder_of_a_failing_scenario_shows_the_failing_message)
{
	start(NULL, 80, 24);
	run_scenario("rst-after-hello");
	ck_assert_msg(wait_for("the connection was reset"), "no verdict:\n%s", screen);
	keys("Enter");	/* the screen opens on the root cause: the handshake step */
	ck_assert_msg(wait_for("ladder default"), "no ladder:\n%s", screen);
	ck_assert_msg(strstr(screen, "RST") && strstr(screen, "ClientHello"), "RST not on the ladder:\n%s", screen);
	ck_assert_msg(strstr(screen, "reset right after the ClientHello"), "no reason:\n%s", screen);
	keys("Enter");
	ck_assert_msg(wait_for("Enter or Esc closes"), "no message details:\n%s", screen);
	stop();
}
END_TEST

START_TEST(question_mark_shows_help_generated_from_the_keys)
{
	start(NULL, 80, 24);
	keys("?");
	ck_assert_msg(wait_for("help: home"), "no help:\n%s", screen);
	ck_assert_ptr_nonnull(strstr(screen, "diagnose everything"));
	keys("x");
	ck_assert_msg(wait_for("Diagnose everything"), "help did not close:\n%s", screen);
	stop();
}
END_TEST

START_TEST(resize_to_132x43_and_back_and_too_small)
{
	start(NULL, 80, 24);
	tmux("resize-window -x 132 -y 43");
	ck_assert_msg(wait_for("Lab: "), "lost the home screen at 132x43:\n%s", screen);
	tmux("resize-window -x 60 -y 20");
	ck_assert_msg(wait_for("enlarge the terminal"), "no too-small message:\n%s", screen);
	tmux("resize-window -x 80 -y 24");
	ck_assert_msg(wait_for("Diagnose everything"), "did not come back at 80x24:\n%s", screen);
	stop();
}
END_TEST

START_TEST(q_quits_and_restores_the_terminal)
{
	start(NULL, 80, 24);
	keys("q");
	ck_assert_msg(wait_for("TLSWIZ-EXITED"), "did not exit:\n%s", screen);
	/* The alternate screen is gone: the TUI's home screen is no longer visible. */
	ck_assert_ptr_null(strstr(screen, "Diagnose everything"));
	ck_assert_msg(strstr(screen, "TLSWIZ-EXITED=0"), "q should exit 0:\n%s", screen);
	stop();
}
END_TEST

/* Ctrl-C is an interruption, not "no problem": exit status 130, as a shell expects. */
START_TEST(ctrl_c_quits_with_status_130)
{
	start(NULL, 80, 24);
	keys("C-c");
	ck_assert_msg(wait_for("TLSWIZ-EXITED"), "did not exit:\n%s", screen);
	ck_assert_msg(strstr(screen, "TLSWIZ-EXITED=130"), "Ctrl-C should exit 130:\n%s", screen);
	stop();
}
END_TEST

/* True when an SGR sequence sets a colour (30-38, 40-48, 90-97, 100-107); 39/49 reset. */
static bool has_colour_sgr(const char *s)
{
	for (const char *p = s; (p = strstr(p, "\033[")) != NULL;) {
		p += 2;
		while (*p && *p != 'm' && (*p == ';' || (*p >= '0' && *p <= '9'))) {
			int v = atoi(p);
			if ((v >= 30 && v <= 38) || (v >= 40 && v <= 48) || (v >= 90 && v <= 107))
				return true;
			while (*p >= '0' && *p <= '9')
				p++;
			if (*p == ';')
				p++;
		}
	}
	return false;
}

START_TEST(no_color_leaves_no_colour_sequences)
{
	start("NO_COLOR=1", 80, 24);
	run_scenario("expired");
	/* the failing step's tag, not just the word: under a sanitizer the verdict line's
	 * "(0 FAIL, ...)" counts can be on screen before the run has judged */
	ck_assert_msg(wait_for("[FAIL]"), "no [FAIL] step:\n%s", screen);
	capture(true);
	ck_assert_msg(!has_colour_sgr(screen), "colour sequences under NO_COLOR");
	ck_assert_ptr_nonnull(strstr(screen, "[FAIL]"));	/* state still readable */
	stop();
}
END_TEST

START_TEST(hostile_certificate_names_are_drawn_harmlessly)
{
	start(NULL, 80, 24);
	raw_begin();
	run_scenario("evil-names");
	ck_assert(wait_for("step 7 of 7"));
	keys("C");
	ck_assert_msg(wait_for("\\x1B]0"), "escapes not shown as text:\n%s", screen);
	raw_clean("evil-names");
	title_untouched();
	stop();
}
END_TEST

/* Every hostile server of the lab, one after the other in one TUI session: each wizard
 * ends with a verdict, nothing reaches the terminal raw (no clear screen, no title), and
 * q still goes home and quits at once. */
START_TEST(hostile_servers_leave_the_tui_usable)
{
	static const char *const hostile[] = { "chain-150", "cert-16mib", "lying-record", "bad-extensions",
					       "hrr-loop", "alert-flood", "drip", "tarpit" };
	start_with(NULL, 80, 24, "--hostile");
	raw_begin();
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		size_t n;
		run_scenario(hostile[i]);
		ck_assert_msg(wait_for(hostile[i]), "%s: the wizard did not open:\n%s", hostile[i], screen);
		ck_assert_msg(wait_for("FAIL"), "%s: no verdict:\n%s", hostile[i], screen);
		/* no OSC at all (tlswiz itself never sets a title); and the stream was seen */
		n = raw_read();
		ck_assert_msg(n > 0 && raw_has(n, hostile[i]), "%s: nothing recorded from the terminal", hostile[i]);
		ck_assert_msg(!raw_has(n, "\033]"), "%s: an OSC sequence reached the terminal", hostile[i]);
		keys("q");
		ck_assert_msg(wait_for("Enter choose"), "%s: q did not go home:\n%s", hostile[i], screen);
	}
	title_untouched();
	keys("q");
	/* the last wizard's probes may still wait for the tarpit's deadline: q asks once */
	for (int i = 0; i < 300; i++) {
		capture(false);
		if (strstr(screen, "TLSWIZ-EXITED"))
			break;
		if (strstr(screen, "Press q again")) {
			keys("q");
			break;
		}
		usleep(50000);
	}
	ck_assert_msg(wait_for("TLSWIZ-EXITED"), "q did not quit:\n%s", screen);
	stop();
}
END_TEST

/* Explain from the home screen: paste a curl error, read the cause, press w and the
 * wizard it names runs on the target the message names. */
START_TEST(explain_screen_explains_and_runs_the_wizard_it_names)
{
	start(NULL, 80, 24);
	keys("/");
	tmux("send-keys -l Explain");
	keys("Enter");
	keys("Enter");
	ck_assert_msg(wait_for("Paste the error"), "no explain prompt:\n%s", screen);
	tmux("send-keys -l 'curl: (60) SSL certificate problem: unable to get local issuer certificate, see https://127.0.0.1:9/'");
	keys("Enter");
	ck_assert_msg(wait_for("chain.incomplete"), "no explanation:\n%s", screen);
	ck_assert_ptr_nonnull(strstr(screen, "cause:"));
	ck_assert_ptr_nonnull(strstr(screen, "Press w to run the chain wizard on 127.0.0.1"));
	keys("w");
	ck_assert_msg(wait_for("Certificate chain 127.0.0.1:9"), "the chain wizard did not start:\n%s", screen);
	ck_assert_msg(wait_for("connection refused"), "no verdict on the closed port:\n%s", screen);
	stop();
}
END_TEST

START_TEST(findings_screen_saves_a_markdown_report)
{
	start(NULL, 80, 24);
	run_scenario("leaf-only");
	ck_assert(wait_for("FAIL"));
	keys("f");
	ck_assert_msg(wait_for("chain.incomplete"), "no findings screen:\n%s", screen);
	keys("s");
	/* s asks for the path, the default in the state directory filled in */
	ck_assert_msg(wait_for("Save the report to:"), "no save prompt:\n%s", screen);
	keys("Enter");
	ck_assert_msg(wait_for("Report saved to"), "no save message:\n%s", screen);
	{	/* the default path is in the state directory, shown whole */
		char out[1024] = "";
		const char *dir = "/tmp/tlswiz-tui-state/tlswiz/reports/";
		ck_assert_msg(strstr(screen, "/tmp/tlswiz-tui-state/tlswiz/reports/tlswiz-leaf-only"),
			      "not the state directory:\n%s", screen);
		tw_run("ls /tmp/tlswiz-tui-state/tlswiz/reports/", out, sizeof out, 10);
		ck_assert_msg(strstr(out, "tlswiz-leaf-only.tlswiz.test-"), "report missing in %s: %s", dir, out);
		tw_run("rm -rf /tmp/tlswiz-tui-state/tlswiz/reports", NULL, 0, 10);
	}
	stop();
}
END_TEST

START_TEST(sni_default_cert_walks_to_the_configuration_that_fixes_it)
{
	start(NULL, 80, 24);
	run_scenario("sni-default");
	ck_assert_msg(wait_for("without SNI"), "no SNI verdict:\n%s", screen);
	keys("f");
	ck_assert_msg(wait_for("sni.default_cert"), "no finding:\n%s", screen);
	keys("o");
	ck_assert_msg(wait_for("# fixes sni.default_cert"), "no configuration line:\n%s", screen);
	ck_assert_ptr_nonnull(strstr(screen, "default_server"));
	stop();
}
END_TEST

static Suite *tui_suite(void)
{
	Suite *s = suite_create("tui");
	TCase *tc = tcase_create("tmux");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, home_shows_the_six_wizards);
	tcase_add_test(tc, wizard_run_reaches_a_verdict_with_the_fix);
	tcase_add_test(tc, ladder_of_a_failing_scenario_shows_the_failing_message);
	tcase_add_test(tc, question_mark_shows_help_generated_from_the_keys);
	tcase_add_test(tc, resize_to_132x43_and_back_and_too_small);
	tcase_add_test(tc, q_quits_and_restores_the_terminal);
	tcase_add_test(tc, ctrl_c_quits_with_status_130);
	tcase_add_test(tc, no_color_leaves_no_colour_sequences);
	tcase_add_test(tc, hostile_certificate_names_are_drawn_harmlessly);
	tcase_add_test(tc, hostile_servers_leave_the_tui_usable);
	tcase_add_test(tc, explain_screen_explains_and_runs_the_wizard_it_names);
	tcase_add_test(tc, findings_screen_saves_a_markdown_report);
	tcase_add_test(tc, sni_default_cert_walks_to_the_configuration_that_fixes_it);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(tui_suite, TW_TUI)
