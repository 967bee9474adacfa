/* test_writechain.c — `--write-chain` writes only what is proven: for every broken-chain
 * lab scenario, `tlswiz wizard chain --write-chain FILE` either writes a chain that
 * `openssl verify` accepts against the lab's root, or writes nothing and says which
 * certificate is missing or expired. The chain wizard alone also finds an expired
 * intermediate (it once printed OK for it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tw_test.h"
#include "lab.h"
#include "tw_srv.h"

static struct lab *lab;

static void lab_up(void)
{
	static const char *const only[] = { "aia", "wrong-order", "leaf-only", "wrong-intermediate", "expired-intermediate",
					    NULL };
	lab = tw_lab_start(only);
}

static void lab_down(void)
{
	lab_stop(lab);
	lab = NULL;
}

/* Run the chain wizard on a scenario with --write-chain into a fresh directory; out gets
 * the report, path the file name. Returns the exit status. */
static int write_chain(const char *name, char *out, size_t cap, char *path, size_t plen)
{
	const struct lab_entry *e;
	char args[1024], cmd[2048];
	static char dir[64];

	ck_assert_ptr_nonnull(lab);
	e = lab_find(lab, name);
	ck_assert_ptr_nonnull(e);
	snprintf(dir, sizeof dir, "/tmp/tlswiz-wc-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, plen, "%s/fullchain.pem", dir);
	lab_args(lab, e, args, sizeof args);
	snprintf(cmd, sizeof cmd, "%s wizard chain --no-color --timeout 3 --write-chain %s %s", tw_bin(), path, args);
	return tw_run(cmd, out, cap, 30);
}

static void cleanup(const char *path)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s", path);
	unlink(path);
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
}

/* The real judge: openssl verify, leaf first, the rest of the file as intermediates. */
static int openssl_verify(const char *path, char *out, size_t cap)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "openssl verify -CAfile %s -untrusted %s %s 2>&1", lab_cafile(lab), path, path);
	return tw_run(cmd, out, cap, 10);
}

static void written_and_verifies(const char *name)
{
	char out[65536], v[4096], path[1024];
	int st = write_chain(name, out, sizeof out, path, sizeof path);

	ck_assert_msg(st == 1 || st == 2, "%s: exit %d\n%s", name, st, out);
	ck_assert_msg(access(path, R_OK) == 0, "%s: no chain written\n%s", name, out);
	ck_assert_msg(strstr(out, "verified against"), "%s: the fix does not say it was verified\n%s", name, out);
	ck_assert_msg(openssl_verify(path, v, sizeof v) == 0 && strstr(v, ": OK"), "%s: openssl verify refuses it:\n%s",
		      name, v);
	cleanup(path);
}

static void nothing_written(const char *name, const char *why)
{
	char out[65536], path[1024];
	int st = write_chain(name, out, sizeof out, path, sizeof path);

	ck_assert_msg(st == 2, "%s: exit %d\n%s", name, st, out);
	ck_assert_msg(access(path, F_OK) != 0, "%s: a chain that cannot verify was written", name);
	ck_assert_msg(strstr(out, "--write-chain: not written") && strstr(out, why), "%s: no reason \"%s\":\n%s", name,
		      why, out);
	ck_assert_msg(!strstr(out, "serve /tmp/tlswiz-wc-"), "%s: tells the operator to serve a file never written:\n%s",
		      name, out);
	cleanup(path);
}

START_TEST(aia_chain_is_written_and_openssl_verifies_it)
{
	written_and_verifies("aia");
}
END_TEST

START_TEST(wrong_order_chain_is_reordered_and_openssl_verifies_it)
{
	written_and_verifies("wrong-order");
}
END_TEST

START_TEST(leaf_only_without_aia_writes_nothing_and_names_the_missing_issuer)
{
	nothing_written("leaf-only", "\"CN=tlswiz lab ECDSA intermediate,O=tlswiz lab\" of \"CN=leaf-only.tlswiz.test");
}
END_TEST

START_TEST(wrong_intermediate_writes_nothing_and_names_the_leafs_real_issuer)
{
	nothing_written("wrong-intermediate", "\"CN=tlswiz lab ECDSA intermediate,O=tlswiz lab\" of \"CN=wrong-intermediate");
}
END_TEST

START_TEST(expired_intermediate_is_found_by_the_chain_wizard_alone_and_not_written)
{
	char out[65536], path[1024];
	int st = write_chain("expired-intermediate", out, sizeof out, path, sizeof path);
	ck_assert_msg(st == 2 && strstr(out, "chain.expired_intermediate"), "exit %d\n%s", st, out);
	cleanup(path);
	nothing_written("expired-intermediate", "has expired");
	{
		/* without --write-chain, the fix step promises only what it would do */
		char args[1024], cmd[2048];
		lab_args(lab, lab_find(lab, "expired-intermediate"), args, sizeof args);
		snprintf(cmd, sizeof cmd, "%s wizard chain --json --timeout 3 %s", tw_bin(), args);
		tw_run(cmd, out, sizeof out, 30);
		ck_assert_msg(strstr(out, "could write no proven chain") && !strstr(out, "writes a fixed"), "%s", out);
	}
}
END_TEST

static Suite *writechain_suite(void)
{
	Suite *s = suite_create("lab-writechain");
	TCase *tc = tcase_create("write-chain");
	/* checked: each test (a forked process) starts and stops its own lab, so no child
	 * exits with the parent's lab threads mid-allocation (LeakSanitizer) */
	tcase_add_checked_fixture(tc, lab_up, lab_down);
	tcase_add_test(tc, aia_chain_is_written_and_openssl_verifies_it);
	tcase_add_test(tc, wrong_order_chain_is_reordered_and_openssl_verifies_it);
	tcase_add_test(tc, leaf_only_without_aia_writes_nothing_and_names_the_missing_issuer);
	tcase_add_test(tc, wrong_intermediate_writes_nothing_and_names_the_leafs_real_issuer);
	tcase_add_test(tc, expired_intermediate_is_found_by_the_chain_wizard_alone_and_not_written);
	tcase_set_timeout(tc, 180);
	suite_add_tcase(s, tc);
	return s;
}

TW_SUITE(writechain_suite, TW_LAB)
