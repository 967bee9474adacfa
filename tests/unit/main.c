/* main.c — the test runner: every registered suite in one SRunner.
 * TLSWIZ_TEST_KIND=unit|lab|tui limits the kinds; CK_RUN_SUITE/CK_RUN_CASE work as usual. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include "../tw_test.h"

#define MAX_SUITES 128
static struct { Suite *(*make)(void); enum tw_kind kind; } reg[MAX_SUITES];
static int nreg;

void tw_register(Suite *(*make)(void), enum tw_kind kind)
{
	if (nreg < MAX_SUITES) {
		reg[nreg].make = make;
		reg[nreg].kind = kind;
		nreg++;
	}
}

const char *tw_bin(void)
{
	const char *b = getenv("TLSWIZ_BIN");
	return b && *b ? b : "./build/tlswiz";
}

static char errbuf[64 * 1024];

const char *tw_stderr(void)
{
	return errbuf;
}

int tw_has_sanitizer_report(const char *text)
{
	return text && (strstr(text, "ERROR: AddressSanitizer") || strstr(text, "runtime error:") ||
			strstr(text, "LeakSanitizer") || strstr(text, "ERROR: ThreadSanitizer"));
}

static void slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	if (f) {
		n = fread(buf, 1, cap - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

int tw_run(const char *cmd, char *out, size_t cap, int timeout_s)
{
	char full[8192], errpath[] = "/tmp/tw-stderr-XXXXXX";
	static char tail[64 * 1024];
	FILE *f;
	size_t n = 0, tn = 0;
	int st, efd, code;

	errbuf[0] = '\0';
	efd = mkstemp(errpath);
	if (efd < 0)
		return -1;
	close(efd);
	/* Through the environment, so the command may contain any quotes. */
	setenv("TW_CMD", cmd, 1);
	snprintf(full, sizeof full, "timeout -k 2 %d sh -c \"$TW_CMD\" 2>%s", timeout_s, errpath);
	f = popen(full, "r");
	if (!f) {
		unlink(errpath);
		return -1;
	}
	if (out && cap) {
		while (n < cap - 1) {
			size_t r = fread(out + n, 1, cap - 1 - n, f);
			if (r == 0)
				break;
			n += r;
		}
		out[n] = '\0';
	}
	{
		/* what did not fit in out is still searched for sanitizer reports */
		size_t r;
		while ((r = fread(tail + tn, 1, sizeof tail - 1 - tn, f)) > 0) {
			tn += r;
			if (tn == sizeof tail - 1) {
				memmove(tail, tail + tn / 2, tn - tn / 2);
				tn -= tn / 2;
			}
		}
		tail[tn] = '\0';
	}
	st = pclose(f);
	slurp(errpath, errbuf, sizeof errbuf);
	unlink(errpath);
	if (tw_has_sanitizer_report(errbuf) || (out && cap && tw_has_sanitizer_report(out)) ||
	    tw_has_sanitizer_report(tail)) {
		const char *at = tw_has_sanitizer_report(errbuf) ? errbuf : out && tw_has_sanitizer_report(out) ? out : tail;
		fprintf(stderr, "sanitizer report from: %s\n%s\n", cmd, at);
		ck_abort_msg("sanitizer report in a child: %.160s ... %.600s", cmd, at);
	}
	if (st == -1 || !WIFEXITED(st))
		return -1;
	code = WEXITSTATUS(st);
	/* sh reports a child killed by signal N as 128+N */
	if (code == 128 + SIGSEGV || code == 128 + SIGABRT || code == 128 + SIGBUS || code == 128 + SIGFPE ||
	    code == 128 + SIGILL) {
		fprintf(stderr, "child crashed (exit %d): %s\n%s\n", code, cmd, errbuf);
		ck_abort_msg("a child crashed (signal %d): %.200s", code - 128, cmd);
	}
	return code;
}

/* Skips go through a file: every test runs in its own forked child. */
static char skip_path[64];

void tw_skip(const char *fmt, ...)
{
	char why[512];
	const char *ci = getenv("CI");
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (ci && !strcmp(ci, "true"))
		ck_abort_msg("prerequisite missing in CI (CI=true): %s", why);
	fprintf(stderr, "SKIP %s: %s\n", tcase_name(), why);
	f = skip_path[0] ? fopen(skip_path, "a") : NULL;
	if (f) {
		fprintf(f, "%s: %s\n", tcase_name(), why);
		fclose(f);
	}
}

static int kind_wanted(enum tw_kind k)
{
	const char *w = getenv("TLSWIZ_TEST_KIND");
	static const char *names[] = { "unit", "lab", "tui" };
	if (!w || !*w)
		return 1;
	return strstr(w, names[k]) != NULL;
}

int main(void)
{
	SRunner *sr = NULL;
	int failed, run, skipped = 0;

	signal(SIGPIPE, SIG_IGN);
	for (int kind = TW_UNIT; kind <= TW_TUI; kind++) {
		for (int i = 0; i < nreg; i++) {
			if ((int)reg[i].kind != kind || !kind_wanted(reg[i].kind))
				continue;
			if (!sr)
				sr = srunner_create(reg[i].make());
			else
				srunner_add_suite(sr, reg[i].make());
		}
	}
	if (!sr) {
		fprintf(stderr, "no test suites registered\n");
		return 1;
	}
	{
		int fd;
		snprintf(skip_path, sizeof skip_path, "/tmp/tw-skips-XXXXXX");
		fd = mkstemp(skip_path);
		if (fd >= 0)
			close(fd);
		else
			skip_path[0] = '\0';
	}
	if (getenv("TLSWIZ_ASAN"))
		fprintf(stderr, "tests: sanitizer build; a report from any child fails its test\n");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	run = srunner_ntests_run(sr);
	srunner_free(sr);
	if (skip_path[0]) {
		char line[600];
		FILE *f = fopen(skip_path, "r");
		while (f && fgets(line, sizeof line, f)) {
			printf("SKIP %s", line);
			skipped++;
		}
		if (f)
			fclose(f);
		unlink(skip_path);
	}
	/* Check counts a skipped test as passed; this line does not. */
	printf("tests: %d passed, %d failed, %d skipped\n", run - failed - skipped, failed, skipped);
	return failed ? 1 : 0;
}
