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
 * (or -1). The command is killed after timeout_s seconds. */
int tw_run(const char *cmd, char *out, size_t cap, int timeout_s);

#endif
