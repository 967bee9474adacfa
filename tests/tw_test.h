/* tw_test.h — every Check suite registers itself (unit, lab or tui), so adding a test file
 * never means editing a list. tests/unit/main.c runs them all in one SRunner, so `make test`
 * ends with Check's own summary line. */
#ifndef TLSWIZ_TW_TEST_H
#define TLSWIZ_TW_TEST_H
#include <check.h>

enum tw_kind { TW_UNIT, TW_LAB, TW_TUI };
void tw_register(Suite *(*make)(void), enum tw_kind kind);

/* At file scope: TW_SUITE(text_suite, TW_UNIT); */
#define TW_SUITE(fn, kind) \
	static void tw_reg_##fn(void) __attribute__((constructor)); \
	static void tw_reg_##fn(void) { tw_register(fn, kind); }

/* Path of the tlswiz binary under test (TLSWIZ_BIN, else ./build/tlswiz). */
const char *tw_bin(void);

/* Run a shell command, capture stdout (up to cap-1 bytes) into out; returns exit status
 * (or -1). The command is killed after timeout_s seconds. Its stderr is kept (tw_stderr)
 * and, with its stdout, searched for sanitizer reports (AddressSanitizer, UBSan's
 * "runtime error:", LeakSanitizer): one fails the calling test on the spot, as does a
 * child that died of SIGSEGV, SIGABRT, SIGBUS, SIGFPE or SIGILL, whatever the caller
 * does with the status. */
int tw_run(const char *cmd, char *out, size_t cap, int timeout_s);
/* The last tw_run's stderr (at most 64 KiB), NUL-terminated. */
const char *tw_stderr(void);
/* 1 when text holds a sanitizer report. */
int tw_has_sanitizer_report(const char *text);

/* A missing prerequisite: in CI (CI=true) the test fails; elsewhere it is reported as
 * SKIP (on stderr and in the runner's closing line), never counted as passed. */
void tw_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define TW_SKIP_UNLESS(cond, ...) \
	do { \
		if (!(cond)) { \
			tw_skip(__VA_ARGS__); \
			return; \
		} \
	} while (0)

#endif
