/* test_serverconf.c — the rows say what they fix and where they go: one test per defect an
 * operator could paste (Apache's stapling cache inside <VirtualHost>, Postfix's mandatory-
 * only cipher list, "prefer off" claimed as the server-order fix, nginx's second listen on
 * 443, snippets when nothing listens). The real servers judge the lines in
 * tests/lab/test_fixes.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tw_test.h"
#include "cli.h"
#include "target.h"
#include "report.h"
#include "serverconf.h"
#include "../lab/tw_srv.h"

static void make_report(struct report *r, unsigned short port, const enum finding_id *ids, size_t n)
{
	struct target t;
	target_defaults(&t);
	snprintf(t.host, sizeof t.host, "shop.tlswiz.test");
	t.port = port;
	report_init(r, &t);
	for (size_t i = 0; i < n; i++)
		report_add(r, ids[i], -1, -1);
}

static const struct conf_line *find_line(const struct serverconf *sc, const char *prefix)
{
	for (size_t i = 0; i < sc->n; i++)
		if (!strncmp(sc->lines[i].text, prefix, strlen(prefix)))
			return &sc->lines[i];
	return NULL;
}

START_TEST(apache_stapling_cache_goes_outside_the_virtualhost)
{
	static const enum finding_id ids[] = { F_CERT_MUST_STAPLE_MISSING };
	struct report r;
	struct serverconf sc;
	const struct conf_line *cache, *use;

	make_report(&r, 443, ids, 1);
	serverconf_build(&r, SRV_APACHE, false, &sc);
	cache = find_line(&sc, "SSLStaplingCache ");
	use = find_line(&sc, "SSLUseStapling ");
	ck_assert_ptr_nonnull(cache);
	ck_assert_ptr_nonnull(use);
	ck_assert_int_eq(cache->ctx, CTX_APACHE_GLOBAL);	/* AH00526 inside <VirtualHost> */
	ck_assert_int_eq(use->ctx, CTX_APACHE_VHOST);
	ck_assert_ptr_nonnull(strstr(cache->fixes, "cert.must_staple_missing"));
	report_free(&r);
}
END_TEST

START_TEST(postfix_cipher_fix_covers_opportunistic_tls)
{
	static const enum finding_id ids[] = { F_CIPHER_RC4, F_CIPHER_3DES };
	struct report r;
	struct serverconf sc;
	const struct conf_line *opp, *list;
	char text[16384];

	make_report(&r, 25, ids, 2);
	serverconf_build(&r, SRV_POSTFIX, false, &sc);
	ck_assert_ptr_nonnull(find_line(&sc, "smtpd_tls_security_level = may"));
	/* level may reads smtpd_tls_ciphers; the list it names must be the Mozilla one */
	opp = find_line(&sc, "smtpd_tls_ciphers = medium");
	list = find_line(&sc, "tls_medium_cipherlist = ");
	ck_assert_ptr_nonnull(opp);
	ck_assert_ptr_nonnull(list);
	ck_assert_ptr_nonnull(strstr(list->text, MOZ_INTERMEDIATE_CIPHERS));
	ck_assert_ptr_nonnull(find_line(&sc, "smtpd_tls_mandatory_ciphers = medium"));
	ck_assert_ptr_nonnull(strstr(opp->fixes, "cipher.rc4"));
	ck_assert_ptr_null(find_line(&sc, "smtpd_tls_mandatory_ciphers = high"));
	serverconf_text(&sc, text, sizeof text);
	ck_assert_ptr_nonnull(strstr(text, "# fixes cipher.rc4, cipher.3des\nsmtpd_tls_ciphers = medium\n"));
	report_free(&r);
}
END_TEST

/* The finding says "the server follows the client's order": only server-order lines fix it. */
START_TEST(only_server_order_lines_claim_the_server_preference_fix)
{
	static const enum finding_id ids[] = { F_CIPHER_NO_SERVER_PREFERENCE };
	static const char *const on[SRV__COUNT] = { "ssl_prefer_server_ciphers on;", "SSLHonorCipherOrder on", "ssl-default-bind-options ssl-min-ver",
						     "tls_preempt_cipherlist = yes", "ssl_prefer_server_ciphers = yes",
						     "ssl.openssl.ssl-conf-cmd += (\"Options\" => \"ServerPreference\")" };
	struct report r;

	make_report(&r, 443, ids, 1);
	for (int k = 0; k < SRV__COUNT; k++) {
		struct serverconf sc;
		const struct conf_line *l;
		serverconf_build(&r, (enum server_kind)k, false, &sc);
		l = find_line(&sc, on[k]);
		ck_assert_msg(l && strstr(l->fixes, "cipher.no_server_preference"), "%s: no server-order line fixes it", sc.name);
		for (size_t i = 0; i < sc.n; i++) {
			const char *t = sc.lines[i].text;
			bool client_order = strstr(t, " off") || strstr(t, "= no") || strstr(t, "prefer-client-ciphers") ||
					    strstr(t, "-ServerPreference");
			ck_assert_msg(!client_order, "%s: a client-order line with the finding present: %s", sc.name, t);
		}
	}
	report_free(&r);
	/* without the finding, the Mozilla baseline (client order) claims nothing */
	make_report(&r, 443, NULL, 0);
	report_add(&r, F_VERSION_TLS10, -1, -1);
	for (int k = 0; k < SRV__COUNT; k++) {
		struct serverconf sc;
		serverconf_build(&r, (enum server_kind)k, false, &sc);
		for (size_t i = 0; i < sc.n; i++)
			ck_assert_msg(!strstr(sc.lines[i].fixes, "no_server_preference"), "%s: %s", sc.name, sc.lines[i].text);
	}
	report_free(&r);
}
END_TEST

START_TEST(nginx_default_server_changes_the_listen_line_of_the_target_port)
{
	static const enum finding_id ids[] = { F_SNI_DEFAULT_CERT };
	struct report r;
	struct serverconf sc;
	const struct conf_line *l;
	char text[16384];
	int listens = 0;

	make_report(&r, 8443, ids, 1);
	serverconf_build(&r, SRV_NGINX, false, &sc);
	l = find_line(&sc, "listen ");
	ck_assert_ptr_nonnull(l);
	ck_assert_str_eq(l->text, "listen 8443 ssl default_server;");
	ck_assert_str_eq(l->was, "listen 8443 ssl;");
	ck_assert_int_eq(l->ctx, CTX_NGINX_SERVER);
	serverconf_text(&sc, text, sizeof text);
	for (const char *p = text; (p = strstr(p, "\nlisten ")); p++)
		listens++;
	ck_assert_int_eq(listens, 1);
	ck_assert_ptr_null(strstr(text, " 443 "));
	ck_assert_ptr_nonnull(strstr(text, "# - listen 8443 ssl;"));
	ck_assert_ptr_nonnull(strstr(text, "/etc/nginx/sites-enabled/shop.tlswiz.test"));
	report_free(&r);
}
END_TEST

START_TEST(protocols_line_shows_what_the_server_does_now)
{
	static const enum finding_id ids[] = { F_VERSION_TLS10, F_VERSION_TLS11, F_VERSION_LEGACY_ONLY };
	static const char *const was[SRV__COUNT] = { "ssl_protocols TLSv1 TLSv1.1;", "SSLProtocol -all +TLSv1 +TLSv1.1",
						      "ssl-default-bind-options ssl-min-ver TLSv1.0 ssl-max-ver TLSv1.1",
						      "smtpd_tls_protocols = >=TLSv1, <=TLSv1.1", "ssl_min_protocol = TLSv1",
						      "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"TLSv1\", \"MaxProtocol\" => \"TLSv1.1\")" };
	struct report r;
	static struct enumeration e;

	make_report(&r, 443, ids, 3);
	e.version_ok[1] = e.version_ok[2] = true;	/* TLS1.0, TLS1.1 */
	r.scan = &e;
	for (int k = 0; k < SRV__COUNT; k++) {
		struct serverconf sc;
		bool found = false;
		serverconf_build(&r, (enum server_kind)k, false, &sc);
		for (size_t i = 0; i < sc.n; i++)
			if (sc.lines[i].inferred) {
				ck_assert_str_eq(sc.lines[i].was, was[k]);
				ck_assert_ptr_nonnull(strstr(sc.lines[i].fixes, "version.legacy_only"));
				found = true;
			}
		ck_assert_msg(found, "%s: no inferred protocols line", sc.name);
	}
	r.scan = NULL;
	report_free(&r);
}
END_TEST

START_TEST(no_snippet_when_no_finding_is_a_configuration_one)
{
	static const enum finding_id ids[] = { F_NET_REFUSED };
	struct report r;
	char cmd[512], out[65536];
	unsigned short port = tw_closed_port();

	make_report(&r, 443, ids, 1);
	ck_assert(!serverconf_relevant(&r));
	report_free(&r);
	/* the JSON report of a port where nothing listens carries no configuration */
	snprintf(cmd, sizeof cmd, "%s diagnose --json 127.0.0.1:%u", tw_bin(), port);
	tw_run(cmd, out, sizeof out, 30);
	ck_assert_ptr_nonnull(strstr(out, "net.refused"));
	ck_assert_msg(strstr(out, "\"config\": []"), "configuration printed for a closed port:\n%.2000s", strstr(out, "\"config\"") ? strstr(out, "\"config\"") : out);
	snprintf(cmd, sizeof cmd, "%s diagnose --no-color 127.0.0.1:%u", tw_bin(), port);
	tw_run(cmd, out, sizeof out, 30);
	ck_assert_ptr_null(strstr(out, "Server configuration"));
}
END_TEST

START_TEST(profiles_change_the_base_and_name_the_clients_they_drop)
{
	static const enum finding_id ids[] = { F_VERSION_TLS10 };
	struct report r;
	struct serverconf sc;
	char drops[1024], text[16384];

	make_report(&r, 443, ids, 1);
	serverconf_build_profile(&r, SRV_NGINX, PROFILE_MODERN, &sc);
	ck_assert_ptr_nonnull(find_line(&sc, "ssl_protocols TLSv1.3;"));
	ck_assert_ptr_null(find_line(&sc, "ssl_ciphers "));
	serverconf_text(&sc, text, sizeof text);
	ck_assert_ptr_nonnull(strstr(text, "\"modern\" profile (" MOZ_GUIDELINES ")"));
	serverconf_build_profile(&r, SRV_NGINX, PROFILE_OLD, &sc);
	/* old keeps TLS1.0: its protocols line does not claim to fix version.tls10 */
	ck_assert_ptr_nonnull(find_line(&sc, "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;"));
	ck_assert_str_eq(find_line(&sc, "ssl_protocols ")->fixes, "");
	serverconf_profile_drops(PROFILE_INTERMEDIATE, drops, sizeof drops);
	ck_assert_ptr_nonnull(strstr(drops, "Java 7"));
	ck_assert_ptr_null(strstr(drops, "Java 8"));
	serverconf_profile_drops(PROFILE_MODERN, drops, sizeof drops);
	ck_assert_ptr_nonnull(strstr(drops, "Java 8"));
	serverconf_profile_drops(PROFILE_OLD, drops, sizeof drops);
	ck_assert_ptr_null(strstr(drops, "Java 7"));
	ck_assert_int_eq(serverconf_profile_from_name("old"), PROFILE_OLD);
	report_free(&r);
}
END_TEST

START_TEST(every_server_kind_builds_lines_that_name_their_finding)
{
	static const enum finding_id ids[] = { F_VERSION_TLS10, F_CIPHER_RC4, F_CIPHER_WEAK_DH, F_CHAIN_INCOMPLETE };
	struct report r;
	make_report(&r, 443, ids, 4);
	for (int k = 0; k < SRV__COUNT; k++) {
		struct serverconf sc;
		int fixes = 0;
		serverconf_build(&r, (enum server_kind)k, false, &sc);
		ck_assert_uint_gt(sc.n, 2);
		for (size_t i = 0; i < sc.n; i++)
			fixes += sc.lines[i].fixes[0] != '\0';
		ck_assert_msg(fixes >= 3, "%s: only %d lines name a finding", sc.name, fixes);
		ck_assert_int_eq(server_kind_from_name(sc.name), k);
	}
	report_free(&r);
}
END_TEST

static Suite *serverconf_suite(void)
{
	Suite *s = suite_create("serverconf");
	TCase *tc = tcase_create("snippets");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_server_kind_builds_lines_that_name_their_finding);
	tcase_add_test(tc, apache_stapling_cache_goes_outside_the_virtualhost);
	tcase_add_test(tc, postfix_cipher_fix_covers_opportunistic_tls);
	tcase_add_test(tc, only_server_order_lines_claim_the_server_preference_fix);
	tcase_add_test(tc, nginx_default_server_changes_the_listen_line_of_the_target_port);
	tcase_add_test(tc, protocols_line_shows_what_the_server_does_now);
	tcase_add_test(tc, no_snippet_when_no_finding_is_a_configuration_one);
	tcase_add_test(tc, profiles_change_the_base_and_name_the_clients_they_drop);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(serverconf_suite, TW_UNIT)
