/* test_netns.c — filtered and unreachable need a firewall: the test makes a private
 * network namespace (unshare -n), brings up its own loopback, and has nftables drop or
 * reject SYNs there. Nothing leaves that namespace. Skipped, visibly, when not root. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "../tw_test.h"

static int netns_usable(void)
{
	if (geteuid() != 0)
		return 0;
	return tw_run("unshare -n true && command -v nft", NULL, 0, 10) == 0;
}

/* Run diagnose on 127.0.0.1:port inside a fresh namespace with rule for that port. */
static json_t *diagnose_in_netns(unsigned port, const char *rule, int *status)
{
	char cmd[2048], out[65536];
	snprintf(cmd, sizeof cmd,
		 "unshare -n sh -c 'ip link set lo up && nft add table inet tw && "
		 "nft add chain inet tw in \"{ type filter hook input priority 0; }\" && "
		 "nft add rule inet tw in tcp dport %u %s && "
		 "%s diagnose --json --timeout 1 --connect-to 127.0.0.1 fw.tlswiz.test:%u'",
		 port, rule, tw_bin(), port);
	*status = tw_run(cmd, out, sizeof out, 30);
	return json_loads(out, 0, NULL);
}

static void expect(const char *rule, const char *id, const char *step)
{
	int status;
	json_t *j, *f, *t, *s;
	size_t i;
	const char *fail = NULL;

	TW_SKIP_UNLESS(netns_usable(), "%s: needs root, unshare -n and nft (make deps)", id);
	j = diagnose_in_netns(4400, rule, &status);
	ck_assert_msg(j != NULL, "no JSON from diagnose inside the namespace");
	ck_assert_int_eq(status, 2);
	f = json_array_get(json_object_get(j, "findings"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(f, "id")), id);
	t = json_array_get(json_object_get(j, "traces"), 0);
	json_array_foreach(json_object_get(t, "steps"), i, s)
		if (json_is_true(json_object_get(s, "fail")))
			fail = json_string_value(json_object_get(s, "name"));
	ck_assert_str_eq(fail ? fail : "(none)", step);
	json_decref(j);
}

START_TEST(dropped_syn_is_filtered)
{
	expect("drop", "net.filtered", "timeout");
}
END_TEST

START_TEST(icmp_admin_prohibited_is_unreachable)
{
	expect("reject with icmp type admin-prohibited", "net.unreachable", "ICMP");
}
END_TEST

START_TEST(tcp_reset_by_a_firewall_is_refused)
{
	expect("reject with tcp reset", "net.refused", "RST");
}
END_TEST

static Suite *netns_suite(void)
{
	Suite *s = suite_create("netns");
	TCase *tc = tcase_create("firewall");
	tcase_set_timeout(tc, 40);
	tcase_add_test(tc, dropped_syn_is_filtered);
	tcase_add_test(tc, icmp_admin_prohibited_is_unreachable);
	tcase_add_test(tc, tcp_reset_by_a_firewall_is_refused);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(netns_suite, TW_LAB)
