/* test_cli.c — option and target parsing, the finding catalogue's invariants. */
#include <stdio.h>
#include <string.h>

#include "../tw_test.h"
#include "cli.h"
#include "target.h"
#include "finding.h"

START_TEST(cli_parses_host_port_forms)
{
	char host[256];
	unsigned short port;
	ck_assert_int_eq(target_parse_hostport("shop.example", host, sizeof host, &port), 0);
	ck_assert_str_eq(host, "shop.example");
	ck_assert_uint_eq(port, 443);
	ck_assert_int_eq(target_parse_hostport("shop.example:8443", host, sizeof host, &port), 0);
	ck_assert_uint_eq(port, 8443);
	ck_assert_int_eq(target_parse_hostport("[::1]:4433", host, sizeof host, &port), 0);
	ck_assert_str_eq(host, "::1");
	ck_assert_int_eq(target_parse_hostport("::1", host, sizeof host, &port), 0);
	ck_assert_str_eq(host, "::1");
	ck_assert_int_eq(target_parse_hostport("https://a.example:444/path", host, sizeof host, &port), 0);
	ck_assert_str_eq(host, "a.example");
	ck_assert_uint_eq(port, 444);
	ck_assert_int_eq(target_parse_hostport("a.example:0", host, sizeof host, &port), -1);
	ck_assert_int_eq(target_parse_hostport("a.example:99999", host, sizeof host, &port), -1);
	ck_assert_int_eq(target_parse_hostport(":443", host, sizeof host, &port), -1);
}
END_TEST

START_TEST(cli_parses_options_after_the_target)
{
	char *argv[] = { "diagnose", "shop.example:4433", "--connect-to", "127.0.0.1", "--no-sni",
			 "--timeout", "1.5", "--json", NULL };
	struct cli_opts o;
	char err[128];
	ck_assert_int_eq(cli_parse(8, argv, 1, &o, err, sizeof err), 0);
	ck_assert(o.have_target);
	ck_assert_str_eq(o.target.connect_to, "127.0.0.1");
	ck_assert_int_eq(o.target.sni_mode, SNI_NONE);
	ck_assert_int_eq(o.target.timeout_ms, 1500);
	ck_assert(o.json);
}
END_TEST

START_TEST(cli_rejects_bad_options)
{
	char *a1[] = { "diagnose", "--timeout", "-1", "x", NULL };
	char *a2[] = { "diagnose", "--bogus", "x", NULL };
	char *a3[] = { "diagnose", "--cert", "c.pem", "x", NULL };
	struct cli_opts o;
	char err[128];
	ck_assert_int_eq(cli_parse(4, a1, 1, &o, err, sizeof err), -1);
	ck_assert_int_eq(cli_parse(3, a2, 1, &o, err, sizeof err), -1);
	ck_assert_int_eq(cli_parse(4, a3, 1, &o, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "--key"));
}
END_TEST

START_TEST(finding_catalogue_ids_are_unique_and_documented)
{
	for (int i = 0; i < F__COUNT; i++) {
		const struct finding_def *d = finding_def(i);
		ck_assert_ptr_nonnull(d);
		ck_assert_ptr_eq(finding_def_by_id(d->id), d);
		ck_assert_str_ne(finding_section(d->area), "Other");
	}
	/* the ids the architecture fixes are present */
	ck_assert_ptr_nonnull(finding_def_by_id("net.reset"));
	ck_assert_ptr_nonnull(finding_def_by_id("chain.incomplete_aia"));
	ck_assert_ptr_nonnull(finding_def_by_id("cipher.no_server_preference"));
}
END_TEST

START_TEST(finding_every_id_has_a_doc_entry)
{
	char doc[65536], want[96];
	FILE *f = fopen("doc/findings.md", "r");
	size_t n;
	ck_assert_msg(f != NULL, "doc/findings.md missing (run tests from the repository root)");
	n = fread(doc, 1, sizeof doc - 1, f);
	fclose(f);
	doc[n] = '\0';
	for (int i = 0; i < F__COUNT; i++) {
		snprintf(want, sizeof want, "| `%s` |", finding_def(i)->id);
		ck_assert_msg(strstr(doc, want) != NULL, "%s is not documented", finding_def(i)->id);
	}
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, cli_parses_host_port_forms);
	tcase_add_test(tc, cli_parses_options_after_the_target);
	tcase_add_test(tc, cli_rejects_bad_options);
	tcase_add_test(tc, finding_catalogue_ids_are_unique_and_documented);
	tcase_add_test(tc, finding_every_id_has_a_doc_entry);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(cli_suite, TW_UNIT)
