/* test_sni_truth.c — what the SNI wizard says follows from what was sent and seen:
 * no "no virtual host" without proof of virtual hosts, no unknown-name finding for a name
 * never sent, names matched as clients match them (not as substrings), and alert 112 to a
 * hello without SNI is sni.required, not a generic alert. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tw_test.h"
#include "lab.h"
#include "tw_srv.h"

static struct lab *lab;

static void lab_up(void)
{
	static const char *const only[] = { "wrong-host", "sni-unknown", "sni-default", "sni-required", NULL };
	lab = tw_lab_start(only);
}

static void lab_down(void)
{
	lab_stop(lab);
	lab = NULL;
}

/* tlswiz CMD --json [extra] <scenario's args>: the ids found, as ",id,id," for strstr. */
static void ids_of(const char *cmd, const char *scenario, const char *extra, char *ids, size_t len, char *notes,
		   size_t nlen)
{
	char args[1024], full[2048];
	static char out[1 << 20];
	const struct lab_entry *e;
	json_t *j, *f;
	size_t i, o = 1;

	ck_assert_ptr_nonnull(lab);
	e = lab_find(lab, scenario);
	ck_assert_ptr_nonnull(e);
	lab_args(lab, e, args, sizeof args);
	snprintf(full, sizeof full, "%s %s --json --timeout 3 %s %s", tw_bin(), cmd, extra, args);
	tw_run(full, out, sizeof out, 30);
	j = json_loads(out, 0, NULL);
	ck_assert_msg(j != NULL, "no JSON from: %s\n%s", full, out);
	snprintf(ids, len, ",");
	json_array_foreach(json_object_get(j, "findings"), i, f)
		o += (size_t)snprintf(ids + o, o < len ? len - o : 0, "%s,", json_string_value(json_object_get(f, "id")));
	if (notes) {
		json_t *s;
		size_t k = 0;
		notes[0] = '\0';
		json_array_foreach(json_object_get(j, "steps"), i, s) {
			const char *n = json_string_value(json_object_get(s, "note"));
			if (n)
				k += (size_t)snprintf(notes + k, k < nlen ? nlen - k : 0, "%s\n", n);
		}
	}
	json_decref(j);
}

START_TEST(one_certificate_for_another_name_is_one_finding_not_two)
{
	char ids[4096];
	ids_of("diagnose", "wrong-host", "", ids, sizeof ids, NULL, 0);
	ck_assert_msg(strstr(ids, ",cert.hostname_mismatch,"), "%s", ids);
	ck_assert_msg(!strstr(ids, ",sni.unknown_name,"), "no vhost was ever seen, yet: %s", ids);
}
END_TEST

START_TEST(unknown_name_needs_a_name_that_gets_another_certificate)
{
	char ids[4096];
	ids_of("wizard sni", "sni-unknown", "", ids, sizeof ids, NULL, 0);
	ck_assert_msg(!strstr(ids, ",sni.unknown_name,"), "without proof of vhosts: %s", ids);
	ids_of("wizard sni", "sni-unknown", "--sni missing.tlswiz.test,vhost2.tlswiz.test", ids, sizeof ids, NULL, 0);
	ck_assert_msg(strstr(ids, ",sni.unknown_name,"), "vhost2 gets its own certificate, missing does not: %s", ids);
}
END_TEST

START_TEST(no_sni_sent_is_never_an_unknown_name)
{
	char ids[4096];
	ids_of("wizard sni", "sni-default", "--no-sni", ids, sizeof ids, NULL, 0);
	ck_assert_msg(!strstr(ids, ",sni.unknown_name,"), "--no-sni sent no name: %s", ids);
}
END_TEST

START_TEST(names_are_matched_as_clients_match_them)
{
	char ids[4096], notes[8192];
	/* "default.tlswiz.tes" is a prefix of the SAN default.tlswiz.test: not a match. */
	ids_of("wizard sni", "sni-default", "--sni vhost.tlswiz.test,default.tlswiz.tes", ids, sizeof ids, notes,
	       sizeof notes);
	ck_assert_msg(strstr(notes, "default.tlswiz.tes: wrong cert"), "per-name table:\n%s", notes);
	ck_assert_msg(strstr(ids, ",sni.unknown_name,"), "%s", ids);
}
END_TEST

START_TEST(no_sni_to_an_sni_required_server_is_sni_required_not_an_alert)
{
	char ids[4096];
	ids_of("diagnose", "sni-required", "--no-sni", ids, sizeof ids, NULL, 0);
	ck_assert_msg(strstr(ids, ",sni.required,"), "%s", ids);
	ck_assert_msg(!strstr(ids, ",tls.alert,"), "alert 112 is explained by sni.required: %s", ids);
}
END_TEST

static Suite *sni_truth_suite(void)
{
	Suite *s = suite_create("lab-sni-truth");
	TCase *tc = tcase_create("sni");
	/* checked: each test (a forked process) starts and stops its own lab, so no child
	 * exits with the parent's lab threads mid-allocation (LeakSanitizer) */
	tcase_add_checked_fixture(tc, lab_up, lab_down);
	tcase_add_test(tc, one_certificate_for_another_name_is_one_finding_not_two);
	tcase_add_test(tc, unknown_name_needs_a_name_that_gets_another_certificate);
	tcase_add_test(tc, no_sni_sent_is_never_an_unknown_name);
	tcase_add_test(tc, names_are_matched_as_clients_match_them);
	tcase_add_test(tc, no_sni_to_an_sni_required_server_is_sni_required_not_an_alert);
	tcase_set_timeout(tc, 180);
	suite_add_tcase(s, tc);
	return s;
}

TW_SUITE(sni_truth_suite, TW_LAB)
