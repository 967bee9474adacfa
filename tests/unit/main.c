/* main.c — the test runner: every registered suite in one SRunner.
 * TLSWIZ_TEST_KIND=unit|lab|tui limits the kinds; CK_RUN_SUITE/CK_RUN_CASE work as usual. */
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

int tw_run(const char *cmd, char *out, size_t cap, int timeout_s)
{
	char full[8192];
	FILE *f;
	size_t n = 0;
	int st;

	/* Through the environment, so the command may contain any quotes. */
	setenv("TW_CMD", cmd, 1);
	snprintf(full, sizeof full, "timeout -k 2 %d sh -c \"$TW_CMD\" 2>/dev/null", timeout_s);
	f = popen(full, "r");
	if (!f)
		return -1;
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
		char sink[4096];
		while (fread(sink, 1, sizeof sink, f) > 0)
			;
	}
	st = pclose(f);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
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
	int failed;

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
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
