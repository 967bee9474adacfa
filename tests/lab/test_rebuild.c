/* test_rebuild.c — the configuration tlswiz writes really fixes the server: a real nginx
 * on 127.0.0.1 with a legacy configuration (TLS1.0/1.1 only, every cipher) is
 * diagnosed, tlswiz's nginx snippet for that report replaces its TLS lines, nginx is
 * restarted, and the second diagnosis has no version or cipher problem left.
 * Skips visibly when nginx or certtool is missing. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tw_test.h"
#include "cli.h"
#include "target.h"
#include "report.h"
#include "run.h"
#include "serverconf.h"
#include "tw_srv.h"

static char dir[64];

static bool have(const char *prog)
{
	char cmd[160];
	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null || test -x /usr/sbin/%s", prog, prog);
	return tw_run(cmd, NULL, 0, 5) == 0;
}

static void nginx(const char *tls_lines, unsigned short port)
{
	char path[128], cmd[512], out[4096];
	FILE *f;
	int st;

	snprintf(path, sizeof path, "%s/nginx.conf", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp {\n access_log off;\n"
		" client_body_temp_path %s/tmp;\n server {\n  listen 127.0.0.1:%u ssl;\n  server_name shop.tlswiz.test;\n"
		"%s\n  location / { return 200 \"ok\\n\"; }\n }\n}\n", dir, dir, dir, port, tls_lines);
	fclose(f);
	snprintf(cmd, sizeof cmd, "/usr/sbin/nginx -p %s -c %s 2>&1", dir, path);
	st = tw_run(cmd, out, sizeof out, 30);
	ck_assert_msg(st == 0, "nginx did not start: %s", out);
}

static void nginx_stop(void)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "/usr/sbin/nginx -p %s -c %s/nginx.conf -s stop 2>/dev/null; sleep 0.3", dir, dir);
	tw_run(cmd, NULL, 0, 10);
}

static struct run *diagnose(unsigned short port)
{
	struct target t;
	struct run *r;
	target_defaults(&t);
	snprintf(t.host, sizeof t.host, "shop.tlswiz.test");
	t.port = port;
	snprintf(t.connect_to, sizeof t.connect_to, "127.0.0.1");
	snprintf(t.cafile, sizeof t.cafile, "%s/fullchain.pem", dir);
	t.timeout_ms = 3000;
	r = run_new(&t, NULL);
	run_exec(r);
	return r;
}

/* Version and cipher findings of warning level or worse. */
static int tls_problems(const struct report *rep, char *ids, size_t len)
{
	int n = 0;
	size_t o = 0;
	ids[0] = '\0';
	for (size_t i = 0; i < rep->nfindings; i++) {
		const struct finding *f = &rep->findings[i];
		if (f->severity >= SEV_WARN && (!strcmp(f->area, "versions") || !strcmp(f->area, "ciphers"))) {
			o += (size_t)snprintf(ids + o, len - o, "%s ", f->id);
			n++;
		}
	}
	return n;
}

START_TEST(nginx_snippet_fixes_the_server_it_was_written_for)
{
	char cmd[1024], ids[512], snippet[16384], lines[16384] = "";
	unsigned short port;
	struct run *r;
	struct serverconf sc;

	if (!have("nginx") || !have("certtool")) {
		fprintf(stderr, "skip rebuild: nginx or certtool not installed (make deps)\n");
		return;
	}
	snprintf(dir, sizeof dir, "/tmp/tlswiz-rebuild-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cmd, sizeof cmd,
		 "cd %s && mkdir tmp && certtool --generate-privkey --key-type=ecdsa --outfile privkey.pem >/dev/null 2>&1 && "
		 "printf 'cn = shop.tlswiz.test\\ndns_name = shop.tlswiz.test\\nexpiration_days = 30\\ntls_www_server\\n' > t && "
		 "certtool --generate-self-signed --load-privkey privkey.pem --template t --outfile fullchain.pem >/dev/null 2>&1",
		 dir);
	ck_assert_int_eq(tw_run(cmd, NULL, 0, 60), 0);

	/* Before: a legacy server. */
	port = tw_closed_port();
	snprintf(lines, sizeof lines, "  ssl_certificate %s/fullchain.pem;\n  ssl_certificate_key %s/privkey.pem;\n"
		 "  ssl_protocols TLSv1 TLSv1.1;\n  ssl_ciphers DEFAULT:@SECLEVEL=0;", dir, dir);
	nginx(lines, port);
	r = diagnose(port);
	nginx_stop();
	ck_assert_msg(report_has(&r->report, F_VERSION_LEGACY_ONLY), "the legacy server was not seen as legacy");
	ck_assert_int_gt(tls_problems(&r->report, ids, sizeof ids), 0);
	fprintf(stderr, "rebuild: before the fix: %s\n", ids);

	/* tlswiz's snippet for this report, with its paths pointed at our files. */
	serverconf_build(&r->report, SRV_NGINX, false, &sc);
	run_free(r);
	lines[0] = '\0';
	for (size_t i = 0; i < sc.n; i++) {
		const char *l = sc.lines[i].text;
		char buf[512];
		if (!strncmp(l, "ssl_certificate ", 16))
			snprintf(buf, sizeof buf, "  ssl_certificate %s/fullchain.pem;\n", dir);
		else if (!strncmp(l, "ssl_certificate_key ", 20))
			snprintf(buf, sizeof buf, "  ssl_certificate_key %s/privkey.pem;\n", dir);
		else if (!strncmp(l, "listen ", 7) || !strncmp(l, "ssl_dhparam", 11) || !strncmp(l, "ssl_stapling", 12))
			continue;	/* ours is on the loopback port; no DH file or OCSP here */
		else
			snprintf(buf, sizeof buf, "  %s\n", l);
		snprintf(lines + strlen(lines), sizeof lines - strlen(lines), "%s", buf);
	}
	ck_assert_ptr_nonnull(strstr(lines, "ssl_protocols TLSv1.2 TLSv1.3;"));
	serverconf_text(&sc, snippet, sizeof snippet);
	ck_assert_msg(strstr(snippet, "# fixes ") && strstr(snippet, "version.legacy_only"),
		      "the protocol line does not say it fixes version.legacy_only:\n%s", snippet);

	/* After: the same server rebuilt with it. */
	port = tw_closed_port();
	nginx(lines, port);
	r = diagnose(port);
	nginx_stop();
	ck_assert_msg(tls_problems(&r->report, ids, sizeof ids) == 0, "still wrong after the fix: %s", ids);
	ck_assert(report_has(&r->report, F_VERSION_LEGACY_ONLY) == false);
	run_free(r);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	tw_run(cmd, NULL, 0, 10);
}
END_TEST

static Suite *rebuild_suite(void)
{
	Suite *s = suite_create("rebuild");
	TCase *tc = tcase_create("nginx");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, nginx_snippet_fixes_the_server_it_was_written_for);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(rebuild_suite, TW_LAB)
