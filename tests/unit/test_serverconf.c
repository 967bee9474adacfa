/* test_serverconf.c — generated server configuration is accepted by the real programs:
 * `nginx -t` and `haproxy -c` (installed by make deps for the tests), and each line that
 * fixes a finding says which. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tw_test.h"
#include "cli.h"
#include "report.h"
#include "serverconf.h"

static char dir[64];

static void make_report(struct report *r)
{
	struct target t;
	cli_target_defaults(&t);
	snprintf(t.host, sizeof t.host, "shop.tlswiz.test");
	report_init(r, &t);
	report_add(r, F_VERSION_TLS10, -1, -1);
	report_add(r, F_CIPHER_RC4, -1, -1);
	report_add(r, F_CIPHER_WEAK_DH, -1, -1);
	report_add(r, F_CHAIN_INCOMPLETE, -1, -1);
	report_add(r, F_CERT_MUST_STAPLE_MISSING, -1, -1);
	report_add(r, F_SNI_DEFAULT_CERT, -1, -1);
}

/* Key, certificate and DH parameters in dir, with certtool (gnutls-bin). */
static void make_files(void)
{
	char cmd[1024];
	snprintf(dir, sizeof dir, "/tmp/tlswiz-conf-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cmd, sizeof cmd,
		 "cd %s && certtool --generate-privkey --key-type=ecdsa --outfile privkey.pem >/dev/null 2>&1 && "
		 "printf 'cn = shop.tlswiz.test\\ndns_name = shop.tlswiz.test\\nexpiration_days = 30\\ntls_www_server\\n' > t && "
		 "certtool --generate-self-signed --load-privkey privkey.pem --template t --outfile fullchain.pem >/dev/null 2>&1 && "
		 "cat fullchain.pem privkey.pem > haproxy.pem && "
		 "certtool --get-dh-params --sec-param medium --outfile ffdhe2048.pem >/dev/null 2>&1", dir);
	ck_assert_int_eq(tw_run(cmd, NULL, 0, 60), 0);
}

/* Point the snippet's placeholder paths at our files. */
static void localise(char *text, size_t len)
{
	static const char *const from[] = { "/etc/ssl/shop.tlswiz.test/", "/etc/ssl/", "/etc/haproxy/certs/shop.tlswiz.test.pem",
					     "/etc/haproxy/" };
	char out[16384];
	for (size_t k = 0; k < 4; k++) {
		size_t o = 0;
		char to[128];
		const char *p = text, *q;
		snprintf(to, sizeof to, "%s/%s", dir, k == 2 ? "haproxy.pem" : "");
		while ((q = strstr(p, from[k])) && o + (size_t)(q - p) + strlen(to) < sizeof out) {
			memcpy(out + o, p, (size_t)(q - p));
			o += (size_t)(q - p);
			memcpy(out + o, to, strlen(to));
			o += strlen(to);
			p = q + strlen(from[k]);
		}
		snprintf(out + o, sizeof out - o, "%s", p);
		snprintf(text, len, "%s", out);
	}
}

static int have(const char *prog)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "command -v %s", prog);
	return tw_run(cmd, NULL, 0, 5) == 0;
}

START_TEST(nginx_accepts_the_generated_configuration)
{
	struct report r;
	struct serverconf sc;
	char text[16384], cmd[512], path[128];
	FILE *f;

	if (!have("nginx") && access("/usr/sbin/nginx", X_OK) != 0) {
		fprintf(stderr, "SKIP nginx_accepts_the_generated_configuration: nginx not installed (make deps)\n");
		return;
	}
	make_files();
	make_report(&r);
	serverconf_build(&r, SRV_NGINX, false, &sc);
	serverconf_text(&sc, text, sizeof text);
	ck_assert_ptr_nonnull(strstr(text, "# fixes cipher.rc4"));
	ck_assert_ptr_nonnull(strstr(text, "# fixes cipher.weak_dh"));
	ck_assert_ptr_nonnull(strstr(text, "ssl_stapling on;"));
	localise(text, sizeof text);
	snprintf(path, sizeof path, "%s/nginx.conf", dir);
	f = fopen(path, "w");
	/* The snippet goes in a server block, as its header says; listen comes from it. */
	fprintf(f, "pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp {\n access_log off;\n server {\n"
		"  server_name shop.tlswiz.test;\n%s }\n}\n", dir, dir, text);
	fclose(f);
	snprintf(cmd, sizeof cmd, "/usr/sbin/nginx -t -q -p %s -c %s 2>&1", dir, path);
	{
		char out[4096];
		int st = tw_run(cmd, out, sizeof out, 30);
		ck_assert_msg(st == 0, "nginx -t failed: %s\n--- config ---\n%s", out, text);
	}
	report_free(&r);
}
END_TEST

START_TEST(haproxy_accepts_the_generated_configuration)
{
	struct report r;
	struct serverconf sc;
	char text[16384], cmd[512], path[128], global[8192] = "", frontend[2048] = "";
	FILE *f;

	if (!have("haproxy") && access("/usr/sbin/haproxy", X_OK) != 0) {
		fprintf(stderr, "SKIP haproxy_accepts_the_generated_configuration: haproxy not installed (make deps)\n");
		return;
	}
	make_files();
	make_report(&r);
	serverconf_build(&r, SRV_HAPROXY, false, &sc);
	/* global lines go in the global section, the frontend's (the bind line) in the frontend */
	for (size_t i = 0; i < sc.n; i++) {
		const char *l = sc.lines[i].text;
		if (sc.lines[i].ctx == CTX_HAPROXY_FRONTEND)
			snprintf(frontend + strlen(frontend), sizeof frontend - strlen(frontend), "  %s\n", l);
		else
			snprintf(global + strlen(global), sizeof global - strlen(global), "  %s\n", l);
	}
	ck_assert_msg(strstr(frontend, "bind :"), "no bind line in the HAProxy snippet");
	snprintf(text, sizeof text, "global\n%s\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 5s\n"
		 "  timeout server 5s\nfrontend web\n%s  default_backend b\nbackend b\n  server s1 127.0.0.1:8080\n",
		 global, frontend);
	localise(text, sizeof text);
	snprintf(path, sizeof path, "%s/haproxy.cfg", dir);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "/usr/sbin/haproxy -c -q -f %s 2>&1", path);
	{
		char out[4096];
		int st = tw_run(cmd, out, sizeof out, 30);
		ck_assert_msg(st == 0, "haproxy -c failed: %s\n--- config ---\n%s", out, text);
	}
	report_free(&r);
}
END_TEST

START_TEST(every_server_kind_builds_lines_that_name_their_finding)
{
	struct report r;
	make_report(&r);
	for (int k = 0; k < SRV__COUNT; k++) {
		struct serverconf sc;
		int fixes = 0;
		serverconf_build(&r, (enum server_kind)k, false, &sc);
		ck_assert_uint_gt(sc.n, 2);
		for (size_t i = 0; i < sc.n; i++)
			fixes += sc.lines[i].fixes[0] != '\0';
		ck_assert_msg(fixes >= 2, "%s: only %d lines name a finding", sc.name, fixes);
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
	tcase_add_test(tc, nginx_accepts_the_generated_configuration);
	tcase_add_test(tc, haproxy_accepts_the_generated_configuration);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(serverconf_suite, TW_UNIT)
