/* test_fixes.c — every configuration fix tlswiz prints is applied to the real server it is
 * for and proven: for each case (a lab scenario with a configuration finding) and each
 * server kind Debian ships, the real server is started on 127.0.0.1 with the lab's
 * certificates and the broken setting of the scenario, diagnosed (the finding is there),
 * tlswiz's snippet for that report replaces its lines, the server's own checker accepts the
 * result, the server is restarted and diagnosed again: the finding is gone, no error left.
 * Where no Debian server can be made to show a finding (SSLv2, EXPORT, RC4...), the snippet
 * comes from the lab's report and the proof is the second half. A missing server program
 * fails under CI=true and is a visible skip elsewhere. doc/fixes.md is checked here too. */
#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../tw_test.h"
#include "cli.h"
#include "finding.h"
#include "lab.h"
#include "labpki.h"
#include "report.h"
#include "run.h"
#include "serverconf.h"
#include "tw_srv.h"

/* ---- the cases ---- */

enum chain_sel { CH_GOOD, CH_LEAF_ONLY, CH_AIA, CH_WRONG_ORDER, CH_WRONG_INT, CH_EXPIRED_INT, CH_ROOT_SENT };
enum sni_setup { VH_NONE, VH_OTHER_FIRST, VH_REJECT_FIRST, VH_NAME_MISSING };

#define K_ALL 0x3fu
#define K_WEB ((1u << SRV_NGINX) | (1u << SRV_APACHE) | (1u << SRV_HAPROXY) | (1u << SRV_LIGHTTPD))
#define K(k) (1u << (k))

struct fcase {
	const char *name;	/* the lab scenario it stands for */
	const char *host;	/* the scenario's name */
	const char *wizard;	/* judges the finding */
	const char *findings;	/* cleared by the snippet: present before, absent after */
	unsigned kinds;		/* the server kinds with a directive for them */
	enum chain_sel chain;	/* the chain the broken server sends */
	enum sni_setup sni;
	const char *brk[SRV__COUNT];	/* the broken lines ('\n'-separated), as an operator has them */
};

/* Versions: OpenSSL 3 needs @SECLEVEL=0 before it speaks TLS1.0/1.1 at all. */
#define LEGACY_NGINX "ssl_protocols TLSv1 TLSv1.1;\nssl_ciphers DEFAULT:@SECLEVEL=0;"
#define LEGACY_APACHE "SSLProtocol -all +TLSv1 +TLSv1.1\nSSLCipherSuite DEFAULT:@SECLEVEL=0"
#define LEGACY_HAPROXY "ssl-default-bind-options ssl-min-ver TLSv1.0 ssl-max-ver TLSv1.1\nssl-default-bind-ciphers DEFAULT:@SECLEVEL=0"
#define LEGACY_POSTFIX "smtpd_tls_protocols = >=TLSv1, <=TLSv1.1\nsmtpd_tls_mandatory_protocols = >=TLSv1, <=TLSv1.1\ntls_medium_cipherlist = DEFAULT:@SECLEVEL=0"
#define LEGACY_LIGHTTPD "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"TLSv1\", \"MaxProtocol\" => \"TLSv1.1\", \"CipherString\" => \"DEFAULT:@SECLEVEL=0\")"
/* Dovecot has no maximum version: TLS1.0 accepted is what it can show. */
#define LEGACY_DOVECOT "ssl_min_protocol = TLSv1\nssl_cipher_list = DEFAULT:@SECLEVEL=0"

#define WEAKRSA "ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256"
#define STATICRSA "AES128-SHA:AES256-SHA"
#define DHE1024 "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0"

static const struct fcase cases[] = {
	{ "tls11-max", "tls11-max.tlswiz.test", "versions", "version.tls10,version.tls11,version.legacy_only,version.no_tls12", K_ALL & ~K(SRV_DOVECOT), CH_GOOD, VH_NONE,
	  { LEGACY_NGINX, LEGACY_APACHE, LEGACY_HAPROXY, LEGACY_POSTFIX, NULL, LEGACY_LIGHTTPD } },
	{ "tls10-only", "tls10-only.tlswiz.test", "versions", "version.tls10,version.tls11", K(SRV_DOVECOT), CH_GOOD, VH_NONE,
	  { NULL, NULL, NULL, NULL, LEGACY_DOVECOT, NULL } },
	{ "tls13-only", "tls13-only.tlswiz.test", "versions", "version.tls13_only", K_ALL, CH_GOOD, VH_NONE,
	  { "ssl_protocols TLSv1.3;", "SSLProtocol -all +TLSv1.3", "ssl-default-bind-options ssl-min-ver TLSv1.3", "smtpd_tls_protocols = >=TLSv1.3\nsmtpd_tls_mandatory_protocols = >=TLSv1.3",
	    "ssl_min_protocol = TLSv1.3", "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"TLSv1.3\")" } },
	{ "tls12-only", "tls12-only.tlswiz.test", "versions", "version.no_tls13", K_ALL & ~K(SRV_DOVECOT), CH_GOOD, VH_NONE,
	  { "ssl_protocols TLSv1.2;", "SSLProtocol -all +TLSv1.2", "ssl-default-bind-options ssl-max-ver TLSv1.2",
	    "smtpd_tls_protocols = >=TLSv1.2, <=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1.2, <=TLSv1.2", NULL, "ssl.openssl.ssl-conf-cmd = (\"MaxProtocol\" => \"TLSv1.2\")" } },
	/* no lab scenario: a static-RSA suite beside a good one, in the client's order */
	{ "client-order", "client-order.tlswiz.test", "ciphers", "cipher.no_server_preference", K_ALL, CH_GOOD, VH_NONE,
	  { "ssl_protocols TLSv1.2;\nssl_ciphers " WEAKRSA ";\nssl_prefer_server_ciphers off;", "SSLProtocol -all +TLSv1.2\nSSLCipherSuite " WEAKRSA "\nSSLHonorCipherOrder off",
	    "ssl-default-bind-ciphers " WEAKRSA "\nssl-default-bind-options prefer-client-ciphers ssl-max-ver TLSv1.2",
	    "smtpd_tls_protocols = >=TLSv1.2, <=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1.2, <=TLSv1.2\nsmtpd_tls_ciphers = medium\ntls_medium_cipherlist = " WEAKRSA "\ntls_preempt_cipherlist = no",
	    "ssl_cipher_list = " WEAKRSA "\nssl_prefer_server_ciphers = no",
	    "ssl.openssl.ssl-conf-cmd = (\"MaxProtocol\" => \"TLSv1.2\", \"CipherString\" => \"" WEAKRSA "\", \"Options\" => \"-ServerPreference\")" } },
	{ "static-rsa-cbc", "static-rsa-cbc.tlswiz.test", "ciphers", "cipher.no_pfs,cipher.cbc_only", K_ALL & ~K(SRV_DOVECOT), CH_GOOD, VH_NONE,
	  { "ssl_protocols TLSv1.2;\nssl_ciphers " STATICRSA ";", "SSLProtocol -all +TLSv1.2\nSSLCipherSuite " STATICRSA,
	    "ssl-default-bind-options ssl-max-ver TLSv1.2\nssl-default-bind-ciphers " STATICRSA,
	    "smtpd_tls_protocols = >=TLSv1.2, <=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1.2, <=TLSv1.2\nsmtpd_tls_ciphers = medium\ntls_medium_cipherlist = " STATICRSA,
	    "ssl_cipher_list = " STATICRSA "\nssl_min_protocol = TLSv1.2", /* dovecot cannot cap at 1.2: TLS1.3 stays */
	    "ssl.openssl.ssl-conf-cmd = (\"MaxProtocol\" => \"TLSv1.2\", \"CipherString\" => \"" STATICRSA "\")" } },
	{ "dhe-1024", "dhe-1024.tlswiz.test", "ciphers", "cipher.weak_dh", K(SRV_NGINX) | K(SRV_POSTFIX) | K(SRV_DOVECOT), CH_GOOD, VH_NONE,
	  { "ssl_ciphers " DHE1024 ";\nssl_dhparam @D/dh1024.pem;", "SSLCipherSuite " DHE1024 "\nSSLOpenSSLConfCmd DHParameters @D/dh1024.pem",
	    "ssl-default-bind-ciphers " DHE1024 "\nssl-dh-param-file @D/dh1024.pem",
	    "smtpd_tls_ciphers = medium\ntls_medium_cipherlist = " DHE1024 "\nsmtpd_tls_dh1024_param_file = @D/dh1024.pem",
	    "ssl_cipher_list = " DHE1024 "\nssl_dh = <@D/dh1024.pem", "ssl.openssl.ssl-conf-cmd = (\"CipherString\" => \"" DHE1024 "\")\nssl.dh-file = \"@D/dh1024.pem\"" } },
	{ "leaf-only", "leaf-only.tlswiz.test", "chain", "chain.incomplete", K_ALL, CH_LEAF_ONLY, VH_NONE, { "", "", "", "", "", "" } },
	{ "aia", "aia.tlswiz.test", "chain", "chain.incomplete_aia", K_ALL, CH_AIA, VH_NONE, { "", "", "", "", "", "" } },
	{ "wrong-order", "wrong-order.tlswiz.test", "chain", "chain.wrong_order", K_ALL, CH_WRONG_ORDER, VH_NONE, { "", "", "", "", "", "" } },
	{ "wrong-intermediate", "wrong-intermediate.tlswiz.test", "chain", "chain.wrong_intermediate", K_ALL, CH_WRONG_INT, VH_NONE,
	  { "", "", "", "", "", "" } },
	{ "expired-intermediate", "expired-intermediate.tlswiz.test", "certificates", "chain.expired_intermediate", K_ALL, CH_EXPIRED_INT, VH_NONE,
	  { "", "", "", "", "", "" } },
	{ "root-sent", "root-sent.tlswiz.test", "chain", "chain.root_sent", K_ALL, CH_ROOT_SENT, VH_NONE, { "", "", "", "", "", "" } },
	{ "sni-default", "vhost.tlswiz.test", "sni", "sni.default_cert", K(SRV_NGINX) | K(SRV_HAPROXY) | K(SRV_LIGHTTPD), CH_GOOD, VH_OTHER_FIRST,
	  { "", NULL, "", NULL, NULL, "" } },
	{ "sni-required", "sni-required.tlswiz.test", "sni", "sni.required", K(SRV_NGINX) | K(SRV_HAPROXY), CH_GOOD, VH_REJECT_FIRST,
	  { "", NULL, "", NULL, NULL, NULL } },
	/* sni.unknown_name needs proof of name-based virtual hosts (another name that gets
	 * its own certificate: tests/lab/test_sni_truth.c); a server with one certificate
	 * for another name is cert.hostname_mismatch. The VH_NAME_MISSING setups here give
	 * no such proof, so those cells are checked by the servers' own checkers only. */
};
#define NCASES (sizeof cases / sizeof cases[0])

/* Findings no Debian server can be configured to show (OpenSSL 3 has no SSLv2/SSLv3,
 * EXPORT, single DES, RC4 or 3DES (Debian builds it without them); PSK-only needs a PSK setup): the
 * snippet comes from the lab's report, the proof is the server with it applied. */
static const struct {
	const char *scenario, *findings;
} lab_only[] = {
	{ "ssl3-only", "version.ssl3" },
	{ "tls10-only", "version.legacy_only,version.no_tls12" },	/* dovecot has no maximum version */
	{ "tls12-only", "version.no_tls13" },
	{ "ssl2-only", "version.ssl2" },
	{ "export-des", "cipher.export,cipher.des,cipher.null" },
	{ "rc4-3des", "cipher.rc4,cipher.3des" },
	{ "no-shared-cipher", "cipher.no_shared" },
	{ "static-rsa-cbc", "cipher.no_pfs,cipher.cbc_only" },	/* dovecot keeps TLS1.3 (no maximum version) */
	{ "dhe-1024", "cipher.weak_dh" },	/* Apache, HAProxy and lighttpd would not use a 1024-bit group */
};
#define NLAB_ONLY (sizeof lab_only / sizeof lab_only[0])

static bool list_has(const char *list, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = list; p && *p;) {
		size_t m = strcspn(p, ",");
		if (m == n && !strncmp(p, id, n))
			return true;
		p += m + (p[m] == ',');
	}
	return false;
}

/* Checked by the server's own checker only: the lab has no OCSP responder to staple from. */
static const struct {
	const char *findings;
	unsigned kinds;
} syntax_only[] = {
	{ "cert.must_staple_missing", K(SRV_NGINX) | K(SRV_APACHE) },
	/* no scenario shows it: a report that has it, the fixed server must not */
	{ "cipher.no_aead", K_ALL },
	{ "sni.unknown_name", K(SRV_NGINX) | K(SRV_APACHE) | K(SRV_HAPROXY) },
};
#define NSYNTAX (sizeof syntax_only / sizeof syntax_only[0])

/* How a cell (kind, finding) is proven, NULL when nothing covers it. */
static const char *proof(enum server_kind k, const char *id)
{
	for (size_t i = 0; i < NCASES; i++)
		if ((cases[i].kinds & K(k)) && list_has(cases[i].findings, id))
			return "**proven**";
	for (size_t i = 0; i < NLAB_ONLY; i++)
		if (list_has(lab_only[i].findings, id))
			return "**proven** after";
	for (size_t i = 0; i < NSYNTAX; i++)
		if ((syntax_only[i].kinds & K(k)) && list_has(syntax_only[i].findings, id))
			return !strcmp(id, "cipher.no_aead") ? "**proven** after"
							     : k == SRV_NGINX ? "checked by nginx -t only" : k == SRV_HAPROXY ?
							       "checked by haproxy -c only" : "checked by apache2 -t only";
	return NULL;
}

/* ---- files ---- */

static char dir[64];

static void write_file(const char *name, const char *text, size_t n)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	fwrite(text, 1, n, f);
	fclose(f);
	chmod(path, 0644);
}

static void append_pem(FILE *f, const char *label, const gnutls_datum_t *der)
{
	gnutls_datum_t pem;
	ck_assert_int_eq(gnutls_pem_base64_encode2(label, der, &pem), 0);
	fwrite(pem.data, 1, pem.size, f);
	gnutls_free(pem.data);
}

/* name.pem (the chain as given), name-key.pem, and name-hap.pem (chain then key, HAProxy). */
static void write_certs(struct labpki *pki, const char *names, enum lab_chain ch, const char *name)
{
	/* RSA for the static-RSA suites; the broken chains as the lab makes them (ECDSA) */
	struct lab_leaf leaf = { names, ch == LC_GOOD ? LK_RSA2048 : LK_EC, ch, 0 };
	struct lab_certs c;
	char path[256], *buf = NULL;
	size_t len = 0;
	FILE *f;
	gnutls_x509_privkey_t xk;
	gnutls_datum_t kd;

	ck_assert_int_eq(labpki_make(pki, &leaf, &c), 0);
	f = open_memstream(&buf, &len);
	for (unsigned i = 0; i < c.n; i++)
		append_pem(f, "CERTIFICATE", &c.pcert[i].cert);
	fclose(f);
	snprintf(path, sizeof path, "%s.pem", name);
	write_file(path, buf, len);
	ck_assert_int_eq(gnutls_privkey_export_x509(c.key, &xk), 0);
	ck_assert_int_eq(gnutls_x509_privkey_export2(xk, GNUTLS_X509_FMT_PEM, &kd), 0);
	snprintf(path, sizeof path, "%s-key.pem", name);
	write_file(path, (const char *)kd.data, kd.size);
	buf = realloc(buf, len + kd.size);
	memcpy(buf + len, kd.data, kd.size);
	snprintf(path, sizeof path, "%s-hap.pem", name);
	write_file(path, buf, len + kd.size);
	gnutls_free(kd.data);
	gnutls_x509_privkey_deinit(xk);
	free(buf);
	labpki_certs_free(&c);
}

/* ---- configuration as lines per context, the snippet replacing lines by key ---- */

#define MAXL 64
struct conf {
	char line[CTX__COUNT][MAXL][400];
	size_t n[CTX__COUNT];
};

/* The directive a line sets: the name before " =" (Postfix, Dovecot, lighttpd) or the first word. */
static void key_of(const char *l, char *key, size_t len)
{
	size_t n = strcspn(l, " \t=");
	const char *add = strstr(l, "+= (\"");
	/* lighttpd: "x = (...)" replaces the array, each "x += ("Name" => ...)" adds Name */
	if (add && (size_t)(add - l) <= n + 1)
		snprintf(key, len, "%.*s+%.*s", (int)n, l, (int)strcspn(add + 4, "\""), add + 4);
	else
		snprintf(key, len, "%.*s", (int)n, l);
}

static void conf_set(struct conf *c, enum conf_ctx ctx, const char *line)
{
	char k1[128], k2[128];
	if (!line[0] || line[0] == '#')
		return;
	key_of(line, k1, sizeof k1);
	for (size_t i = 0; i < c->n[ctx]; i++) {
		key_of(c->line[ctx][i], k2, sizeof k2);
		if (!strcmp(k1, k2)) {
			snprintf(c->line[ctx][i], sizeof c->line[ctx][i], "%s", line);
			return;
		}
	}
	ck_assert_uint_lt(c->n[ctx], MAXL);
	snprintf(c->line[ctx][c->n[ctx]++], sizeof c->line[0][0], "%s", line);
}

/* Replace every "from" in s by "to". */
static void subst(char *s, size_t len, const char *from, const char *to)
{
	char out[2048];
	size_t o = 0;
	const char *p = s, *q;
	while ((q = strstr(p, from)) && o + (size_t)(q - p) + strlen(to) + 1 < sizeof out) {
		memcpy(out + o, p, (size_t)(q - p));
		o += (size_t)(q - p);
		memcpy(out + o, to, strlen(to));
		o += strlen(to);
		p = q + strlen(from);
	}
	snprintf(out + o, sizeof out - o, "%s", p);
	snprintf(s, len, "%s", out);
}

/* Point a snippet line's placeholders at this test: the files in dir, the loopback. */
static void localise(char *l, size_t len, const char *host, unsigned port)
{
	char from[256], to[256];
	snprintf(from, sizeof from, "/etc/ssl/%s/fullchain.pem", host);
	snprintf(to, sizeof to, "%s/good.pem", dir);
	subst(l, len, from, to);
	snprintf(from, sizeof from, "/etc/ssl/%s/privkey.pem", host);
	snprintf(to, sizeof to, "%s/good-key.pem", dir);
	subst(l, len, from, to);
	snprintf(from, sizeof from, "/etc/haproxy/certs/%s.pem", host);
	snprintf(to, sizeof to, "%s/good-hap.pem", dir);
	subst(l, len, from, to);
	snprintf(to, sizeof to, "%s/hcerts/", dir);
	subst(l, len, "/etc/haproxy/certs/", to);
	for (size_t i = 0; i < 5; i++) {
		static const char *const dh[] = { "/etc/nginx/", "/etc/apache2/", "/etc/haproxy/", "/etc/postfix/", "/etc/dovecot/" };
		snprintf(from, sizeof from, "%sffdhe2048.pem", dh[i]);
		snprintf(to, sizeof to, "%s/ffdhe2048.pem", dir);
		subst(l, len, from, to);
	}
	snprintf(to, sizeof to, "%s/ffdhe2048.pem", dir);
	subst(l, len, "/etc/lighttpd/ffdhe2048.pem", to);
	subst(l, len, "${APACHE_RUN_DIR}", dir);
	/* "listen PORT" / "bind :PORT" would take every address: the test stays on 127.0.0.1,
	 * on its own port (a snippet from the lab's report names the lab's) */
	{
		static const char *const pre[] = { "listen ", "bind :" };
		for (size_t i = 0; i < 2; i++)
			if (!strncmp(l, pre[i], strlen(pre[i])) && l[strlen(pre[i])] >= '0' && l[strlen(pre[i])] <= '9') {
				char rest[1024];
				snprintf(rest, sizeof rest, "%s", l + strlen(pre[i]) + strspn(l + strlen(pre[i]), "0123456789"));
				snprintf(l, len, "%s127.0.0.1:%u%s", i ? "bind " : "listen ", port, rest);
			}
	}
	subst(l, len, "@D", dir);
}

static void conf_lines(struct conf *c, enum conf_ctx ctx, const char *text, const char *host, unsigned port)
{
	char buf[4096];
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");
		snprintf(buf, sizeof buf, "%.*s", (int)n, p);
		localise(buf, sizeof buf, host, port);
		conf_set(c, ctx, buf);
		p += n + (p[n] == '\n');
	}
}

/* The context the broken lines of kind k go in (the one where the snippet puts them). */
static enum conf_ctx break_ctx(enum server_kind k, const char *line)
{
	switch (k) {
	case SRV_NGINX:
		return CTX_NGINX_HTTP;
	case SRV_APACHE:
		return strstr(line, "DHParameters") ? CTX_APACHE_VHOST : CTX_APACHE_GLOBAL;
	case SRV_HAPROXY:
		return CTX_HAPROXY_GLOBAL;
	case SRV_POSTFIX:
		return CTX_POSTFIX_MAIN;
	case SRV_DOVECOT:
		return CTX_DOVECOT_SSL;
	default:
		return CTX_LIGHTTPD_SOCKET;
	}
}

/* The broken server: its certificate lines, its SNI setup's own lines, the case's lines. */
static void conf_broken(struct conf *c, enum server_kind k, const struct fcase *fc, unsigned port)
{
	char buf[1024];
	memset(c, 0, sizeof *c);
	switch (k) {
	case SRV_NGINX:
		snprintf(buf, sizeof buf, "listen 127.0.0.1:%u ssl;", port);
		conf_set(c, CTX_NGINX_SERVER, buf);
		snprintf(buf, sizeof buf, "server_name %s;", fc->sni == VH_NAME_MISSING ? "site.tlswiz.test" : fc->host);
		conf_set(c, CTX_NGINX_SERVER, buf);
		snprintf(buf, sizeof buf, "ssl_certificate %s/broken.pem;\nssl_certificate_key %s/broken-key.pem;", dir, dir);
		conf_lines(c, CTX_NGINX_SERVER, buf, fc->host, port);
		break;
	case SRV_APACHE:
		snprintf(buf, sizeof buf, "ServerName %s", fc->sni == VH_NAME_MISSING ? "site.tlswiz.test" : fc->host);
		conf_set(c, CTX_APACHE_VHOST, buf);
		conf_set(c, CTX_APACHE_VHOST, "SSLEngine on");
		snprintf(buf, sizeof buf, "SSLCertificateFile %s/broken.pem\nSSLCertificateKeyFile %s/broken-key.pem", dir, dir);
		conf_lines(c, CTX_APACHE_VHOST, buf, fc->host, port);
		break;
	case SRV_HAPROXY:
		if (fc->sni == VH_OTHER_FIRST)
			snprintf(buf, sizeof buf, "bind 127.0.0.1:%u ssl crt %s/other-hap.pem crt %s/broken-hap.pem", port, dir, dir);
		else if (fc->sni == VH_REJECT_FIRST)
			snprintf(buf, sizeof buf, "bind 127.0.0.1:%u ssl strict-sni crt %s/broken-hap.pem", port, dir);
		else if (fc->sni == VH_NAME_MISSING)
			snprintf(buf, sizeof buf, "bind 127.0.0.1:%u ssl crt %s/other-hap.pem", port, dir);
		else
			snprintf(buf, sizeof buf, "bind 127.0.0.1:%u ssl crt %s/broken-hap.pem", port, dir);
		conf_set(c, CTX_HAPROXY_FRONTEND, buf);
		break;
	case SRV_POSTFIX:
		conf_set(c, CTX_POSTFIX_MAIN, "smtpd_tls_security_level = may");
		snprintf(buf, sizeof buf, "smtpd_tls_chain_files = %s/broken-key.pem, %s/broken.pem", dir, dir);
		conf_set(c, CTX_POSTFIX_MAIN, buf);
		break;
	case SRV_DOVECOT:
		conf_set(c, CTX_DOVECOT_SSL, "ssl = yes");
		snprintf(buf, sizeof buf, "ssl_cert = <%s/broken.pem\nssl_key = <%s/broken-key.pem", dir, dir);
		conf_lines(c, CTX_DOVECOT_SSL, buf, fc->host, port);
		break;
	default:
		conf_set(c, CTX_LIGHTTPD_SOCKET, "ssl.engine = \"enable\"");
		snprintf(buf, sizeof buf, "ssl.pemfile = \"%s/%s.pem\"\nssl.privkey = \"%s/%s-key.pem\"", dir,
			 fc->sni == VH_OTHER_FIRST ? "other" : "broken", dir, fc->sni == VH_OTHER_FIRST ? "other" : "broken");
		conf_lines(c, CTX_LIGHTTPD_SOCKET, buf, fc->host, port);
		break;
	}
	if (fc->brk[k])
		for (const char *p = fc->brk[k]; *p;) {
			size_t n = strcspn(p, "\n");
			snprintf(buf, sizeof buf, "%.*s", (int)n, p);
			localise(buf, sizeof buf, fc->host, port);
			conf_set(c, break_ctx(k, buf), buf);
			p += n + (p[n] == '\n');
		}
}

/* The snippet applied: each of its lines replaces the broken one it names, or is added. */
static void conf_apply(struct conf *c, const struct serverconf *sc, const char *host, unsigned port)
{
	for (size_t i = 0; i < sc->n; i++) {
		char buf[1024];
		snprintf(buf, sizeof buf, "%s", sc->lines[i].text);
		localise(buf, sizeof buf, host, port);
		conf_set(c, sc->lines[i].ctx, buf);
	}
}

/* ---- the servers ---- */

struct srv {
	enum server_kind k;
	const char *prog;	/* to check it is installed */
	const char *starttls;	/* diagnose with --starttls */
};
static const struct srv srvs[SRV__COUNT] = {
	[SRV_NGINX] = { SRV_NGINX, "/usr/sbin/nginx", "" },
	[SRV_APACHE] = { SRV_APACHE, "/usr/sbin/apache2", "" },
	[SRV_HAPROXY] = { SRV_HAPROXY, "/usr/sbin/haproxy", "" },
	[SRV_POSTFIX] = { SRV_POSTFIX, "/usr/sbin/postfix", "" },	/* smtps, as Dovecot */
	[SRV_DOVECOT] = { SRV_DOVECOT, "/usr/sbin/dovecot", "" },	/* imaps: the suite scan does not run over STARTTLS */
	[SRV_LIGHTTPD] = { SRV_LIGHTTPD, "/usr/sbin/lighttpd", "" },
};

static void put_ctx(FILE *f, const struct conf *c, enum conf_ctx ctx, const char *indent)
{
	for (size_t i = 0; i < c->n[ctx]; i++)
		fprintf(f, "%s%s\n", indent, c->line[ctx][i]);
}

/* Run the checker only, do not start the server. */
static bool check_only;

/* Each configuration written gets a number (Dovecot's base_dir). */
static unsigned run_id;

/* Write the whole configuration file for kind k; returns its path in path. */
static void write_conf(enum server_kind k, const struct conf *c, const struct fcase *fc, unsigned port, char *path, size_t plen)
{
	FILE *f;
	run_id++;
	switch (k) {
	case SRV_NGINX:
		snprintf(path, plen, "%s/nginx.conf", dir);
		f = fopen(path, "w");
		fprintf(f, "pid %s/nginx.pid;\nerror_log %s/error.log;\nworker_processes 1;\nevents {}\nhttp {\n access_log off;\n"
			" client_body_temp_path %s/tmp;\n", dir, dir, dir);
		put_ctx(f, c, CTX_NGINX_HTTP, " ");
		if (fc->sni != VH_NONE)	/* first: the port's default server */
			fprintf(f, " server {\n  listen 127.0.0.1:%u ssl;\n  server_name other.tlswiz.test;\n%s"
				"  ssl_certificate %s/other.pem;\n  ssl_certificate_key %s/other-key.pem;\n }\n", port,
				fc->sni == VH_REJECT_FIRST ? "  ssl_reject_handshake on;\n" : "", dir, dir);
		fprintf(f, " server {\n");
		put_ctx(f, c, CTX_NGINX_SERVER, "  ");
		fprintf(f, "  location / { return 200 \"ok\\n\"; }\n }\n}\n");
		fclose(f);
		break;
	case SRV_APACHE:
		snprintf(path, plen, "%s/apache2.conf", dir);
		f = fopen(path, "w");
		fprintf(f, "DefaultRuntimeDir %s\nPidFile %s/apache2.pid\nErrorLog %s/error.log\nServerName localhost\n"
			"User www-data\nGroup www-data\nMutex file:%s default\n"
			"LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n"
			"LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n"
			"LoadModule socache_shmcb_module /usr/lib/apache2/modules/mod_socache_shmcb.so\n"
			"LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\n"
			"LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n"
			"Listen 127.0.0.1:%u\nDocumentRoot %s\n", dir, dir, dir, dir, port, dir);
		put_ctx(f, c, CTX_APACHE_GLOBAL, "");
		if (fc->sni != VH_NONE)
			fprintf(f, "<VirtualHost 127.0.0.1:%u>\n ServerName other.tlswiz.test\n SSLEngine on\n"
				" SSLCertificateFile %s/other.pem\n SSLCertificateKeyFile %s/other-key.pem\n</VirtualHost>\n", port, dir, dir);
		fprintf(f, "<VirtualHost 127.0.0.1:%u>\n", port);
		put_ctx(f, c, CTX_APACHE_VHOST, " ");
		fprintf(f, "</VirtualHost>\n");
		fclose(f);
		break;
	case SRV_HAPROXY:
		snprintf(path, plen, "%s/haproxy.cfg", dir);
		f = fopen(path, "w");
		fprintf(f, "global\n");
		put_ctx(f, c, CTX_HAPROXY_GLOBAL, "  ");
		fprintf(f, "defaults\n  mode http\n  timeout connect 5s\n  timeout client 5s\n  timeout server 5s\nfrontend web\n");
		put_ctx(f, c, CTX_HAPROXY_FRONTEND, "  ");
		fprintf(f, "  http-request return status 200 content-type text/plain string ok\n");
		fclose(f);
		break;
	case SRV_POSTFIX:
		snprintf(path, plen, "%s/main.cf", dir);
		f = fopen(path, "w");
		/* a private instance: its own queue and data directories, logging to stdout */
		fprintf(f, "compatibility_level = 3.6\nqueue_directory = %s/q-%u\ndata_directory = %s/d-%u\nmail_owner = postfix\n"
			"inet_interfaces = 127.0.0.1\ninet_protocols = ipv4\nmyhostname = %s\nmydomain = tlswiz.test\nmydestination =\n"
			"local_recipient_maps =\nalias_maps =\nalias_database =\nmynetworks = 127.0.0.0/8\nmaillog_file = /dev/stdout\n"
			"smtpd_tls_session_cache_database =\nsmtpd_peername_lookup = no\n", dir, run_id, dir, run_id, fc->host);
		put_ctx(f, c, CTX_POSTFIX_MAIN, "");
		fclose(f);
		snprintf(path, plen, "%s/master.cf", dir);
		f = fopen(path, "w");
		/* SMTPS (wrapper mode): the suite scan does not run over STARTTLS */
		fprintf(f, "127.0.0.1:%u inet n - n - - smtpd -o smtpd_tls_wrappermode=yes\npostlog unix-dgram n - n - 1 postlogd\n"
			"anvil unix - - n - 1 anvil\ntlsmgr unix - - n 1000? 1 tlsmgr\nproxymap unix - - n - - proxymap\n", port);
		fclose(f);
		snprintf(path, plen, "%s/main.cf", dir);
		break;
	case SRV_DOVECOT:
		snprintf(path, plen, "%s/dovecot.conf", dir);
		f = fopen(path, "w");
		fprintf(f, "base_dir = %s/run-%u\nstate_dir = %s/state\nlog_path = %s/dovecot.log\nprotocols = imap\n"
			"listen = 127.0.0.1\nservice imap-login {\n  inet_listener imap {\n    port = 0\n  }\n"
			"  inet_listener imaps {\n    address = 127.0.0.1\n    port = %u\n    ssl = yes\n  }\n}\nservice anvil {\n  chroot =\n}\nservice imap-login {\n  chroot =\n}\n"
			"passdb {\n  driver = static\n  args = nopassword=y\n}\nuserdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=%s/home\n}\n",
			dir, run_id, dir, dir, port, dir);
		put_ctx(f, c, CTX_DOVECOT_SSL, "");
		fclose(f);
		break;
	default:
		snprintf(path, plen, "%s/lighttpd.conf", dir);
		f = fopen(path, "w");
		fprintf(f, "server.document-root = \"%s\"\nserver.port = %u\nserver.bind = \"127.0.0.1\"\nserver.pid-file = \"%s/lighttpd.pid\"\n"
			"server.errorlog = \"%s/error.log\"\nserver.modules += (\"mod_openssl\", \"mod_setenv\")\n"
			"$SERVER[\"socket\"] == \"127.0.0.1:%u\" {\n", dir, port, dir, dir, port);
		put_ctx(f, c, CTX_LIGHTTPD_SOCKET, "  ");
		fprintf(f, "}\n");
		if (fc->sni == VH_OTHER_FIRST)
			fprintf(f, "$HTTP[\"host\"] == \"%s\" {\n  ssl.pemfile = \"%s/broken.pem\"\n  ssl.privkey = \"%s/broken-key.pem\"\n}\n", fc->host, dir,
				dir);
		fclose(f);
		break;
	}
}

/* The server's own syntax checker; 0 when it accepts the file. */
static int check_conf(enum server_kind k, const char *path, char *out, size_t len)
{
	char cmd[1024];
	switch (k) {
	case SRV_NGINX:
		snprintf(cmd, sizeof cmd, "/usr/sbin/nginx -t -q -p %s -c %s 2>&1", dir, path);
		break;
	case SRV_APACHE:
		snprintf(cmd, sizeof cmd, "APACHE_RUN_DIR=%s /usr/sbin/apache2 -t -f %s 2>&1", dir, path);
		break;
	case SRV_HAPROXY:
		snprintf(cmd, sizeof cmd, "/usr/sbin/haproxy -c -q -f %s 2>&1", path);
		break;
	case SRV_POSTFIX:
		/* postconf warns about parameters it does not know and values it refuses */
		/* (a main.cf written within the last second or two makes postconf wait that long) */
		snprintf(cmd, sizeof cmd, "touch -d '-1 minute' %s/main.cf; out=$(/usr/sbin/postconf -c %s -n 2>&1 >/dev/null); echo \"$out\"; test -z \"$out\"",
			 dir, dir);
		break;
	case SRV_DOVECOT:
		snprintf(cmd, sizeof cmd, "/usr/bin/doveconf -c %s -n >/dev/null 2>%s/doveconf.err; st=$?; cat %s/doveconf.err; "
			 "! grep -q . %s/doveconf.err && exit $st", path, dir, dir, dir);
		break;
	default:
		snprintf(cmd, sizeof cmd, "/usr/sbin/lighttpd -tt -f %s 2>&1", path);
		break;
	}
	return tw_run(cmd, out, len, 30);
}

static bool port_open(unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	close(fd);
	return ok;
}

/* Poll until the port answers (or stops answering), bounded. */
static bool wait_port(unsigned port, bool open, int ms)
{
	struct timespec ts = { 0, 20 * 1000000L };
	for (int t = 0; t < ms; t += 20) {
		if (port_open(port) == open)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

static void stop_server(enum server_kind k, const char *path, unsigned port);

/* The server running now, stopped at exit when an assertion ends the test early. */
static struct {
	bool up;
	enum server_kind k;
	char path[256];
	unsigned port;
} running;

static void stop_running(void)
{
	if (running.up)
		stop_server(running.k, running.path, running.port);
}

static void start_server(enum server_kind k, const char *path, unsigned port)
{
	static bool registered;
	if (!registered) {
		atexit(stop_running);
		registered = true;
	}
	running.up = true;
	running.k = k;
	snprintf(running.path, sizeof running.path, "%s", path);
	running.port = port;
	char cmd[1024], out[4096];
	int st;
	switch (k) {
	case SRV_NGINX:
		snprintf(cmd, sizeof cmd, "mkdir -p %s/tmp && /usr/sbin/nginx -p %s -c %s 2>&1", dir, dir, path);
		break;
	case SRV_APACHE:
		snprintf(cmd, sizeof cmd, "APACHE_RUN_DIR=%s /usr/sbin/apache2 -f %s -k start 2>&1", dir, path);
		break;
	case SRV_HAPROXY:
		snprintf(cmd, sizeof cmd, "/usr/sbin/haproxy -D -p %s/haproxy.pid -f %s 2>&1", dir, path);
		break;
	case SRV_POSTFIX:
		/* start-fg in its own session: "postfix start" needs syslog, which a test box may lack */
		snprintf(cmd, sizeof cmd, "mkdir -p %s/q-%u %s/d-%u && chown postfix %s/d-%u && touch -d '-1 minute' %s/main.cf && "
			 "(setsid /usr/sbin/postfix -c %s start-fg >%s/postfix-%u.log 2>&1 </dev/null &) 2>&1", dir, run_id, dir, run_id, dir, run_id,
			 dir, dir, dir, run_id);
		break;
	case SRV_DOVECOT:
		snprintf(cmd, sizeof cmd, "mkdir -p %s/run-%u %s/state %s/home && /usr/sbin/dovecot -c %s 2>&1", dir, run_id, dir, dir, path);
		break;
	case SRV_LIGHTTPD:
		snprintf(cmd, sizeof cmd, "/usr/sbin/lighttpd -f %s 2>&1", path);
		break;
	default:
		ck_abort_msg("no live server for %s", server_kind_name(k));
	}
	/* Daemons keep inherited descriptors open: their output goes to a file, not our pipe. */
	snprintf(cmd + strlen(cmd) - 5, sizeof cmd - strlen(cmd) + 5, " >%s/start.log 2>&1 </dev/null; st=$?; cat %s/start.log; exit $st", dir, dir);
	st = tw_run(cmd, out, sizeof out, 30);
	ck_assert_msg(st == 0, "%s did not start: %s", server_kind_name(k), out);
	ck_assert_msg(wait_port(port, true, 10000), "%s does not listen on 127.0.0.1:%u", server_kind_name(k), port);
}

static void stop_server(enum server_kind k, const char *path, unsigned port)
{
	char cmd[1024];
	switch (k) {
	case SRV_NGINX:
		snprintf(cmd, sizeof cmd, "/usr/sbin/nginx -p %s -c %s -s stop 2>/dev/null", dir, path);
		break;
	case SRV_APACHE:
		snprintf(cmd, sizeof cmd, "APACHE_RUN_DIR=%s /usr/sbin/apache2 -f %s -k stop 2>/dev/null", dir, path);
		break;
	case SRV_HAPROXY:
		snprintf(cmd, sizeof cmd, "kill $(cat %s/haproxy.pid) 2>/dev/null", dir);
		break;
	case SRV_POSTFIX:
		/* the master's process group: master, smtpd, anvil, tlsmgr... of this instance */
		/* then its queue goes: postfix-script walks every directory under its configuration
		 * directory at start, which would grow with each instance */
		snprintf(cmd, sizeof cmd, "p=$(cat %s/q-%u/pid/master.pid) && kill -9 -$(ps -o pgid= -p $p | tr -d ' '); rm -rf %s/q-%u %s/d-%u", dir,
			 run_id, dir, run_id, dir, run_id);
		break;
	case SRV_DOVECOT:
		/* SIGTERM makes the master wait ~2 s for its children: its process group (it
		 * called setsid) holds nothing else; each run has its own base_dir, as a killed
		 * master may stay a zombie for a while */
		snprintf(cmd, sizeof cmd, "kill -9 -$(cat %s/run-%u/master.pid)", dir, run_id);
		break;
	default:
		snprintf(cmd, sizeof cmd, "kill $(cat %s/lighttpd.pid) 2>/dev/null", dir);
		break;
	}
	snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), " >/dev/null 2>&1 </dev/null");
	tw_run(cmd, NULL, 0, 15);
	running.up = false;
	ck_assert_msg(wait_port(port, false, 10000), "%s still listens on %u", server_kind_name(k), port);
}

static struct run *diagnose(enum server_kind k, const char *host, unsigned port, const char *wizard)
{
	struct target t;
	struct run *r;
	const char *names[2] = { wizard, NULL };
	target_defaults(&t);
	snprintf(t.host, sizeof t.host, "%s", host);
	t.port = (unsigned short)port;
	snprintf(t.connect_to, sizeof t.connect_to, "127.0.0.1");
	snprintf(t.cafile, sizeof t.cafile, "%s/ca.pem", dir);
	snprintf(t.starttls, sizeof t.starttls, "%s", srvs[k].starttls);
	t.timeout_ms = 3000;
	r = run_new(&t, wizard ? names : NULL);
	run_exec(r);
	return r;
}

static void ids_of(const struct report *r, int minsev, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->nfindings && o < len; i++)
		if ((int)r->findings[i].severity >= minsev)
			o += (size_t)snprintf(buf + o, len - o, "%s ", r->findings[i].id);
}

/* ---- the proof ---- */

static bool have_server(enum server_kind k)
{
	if (access(srvs[k].prog, X_OK) == 0)
		return true;
	ck_assert_msg(!getenv("CI") || strcmp(getenv("CI"), "true"), "%s is not installed (make deps installs it)", srvs[k].prog);
	fprintf(stderr, "SKIP fixes %s: %s not installed (make deps)\n", server_kind_name(k), srvs[k].prog);
	return false;
}

static struct labpki *pki;

static void setup_dir(void)
{
	char err[256], cmd[512];
	gnutls_global_init();
	snprintf(dir, sizeof dir, "/tmp/tlswiz-fixes-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	chmod(dir, 0755);
	pki = labpki_new("http://127.0.0.1:9", err, sizeof err);
	ck_assert_msg(pki != NULL, "labpki: %s", err);
	{
		const gnutls_datum_t *root = labpki_root_pem(pki);
		write_file("ca.pem", (const char *)root->data, root->size);
	}
	write_certs(pki, "other.tlswiz.test", LC_GOOD, "other");
	snprintf(cmd, sizeof cmd, "cd %s && mkdir -p hcerts tmp && cp other-hap.pem hcerts/ && "
		 "certtool --get-dh-params --sec-param medium --outfile ffdhe2048.pem >/dev/null 2>&1 && "
		 "openssl dhparam -out dh1024.pem 1024 >/dev/null 2>&1", dir);
	ck_assert_int_eq(tw_run(cmd, NULL, 0, 60), 0);
}

static void teardown_dir(void)
{
	char cmd[128];
	labpki_free(pki);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	tw_run(cmd, NULL, 0, 10);
}

static enum lab_chain lab_chain_of(enum chain_sel c)
{
	static const enum lab_chain map[] = { LC_GOOD, LC_LEAF_ONLY, LC_AIA, LC_WRONG_ORDER, LC_WRONG_INT, LC_EXPIRED_INT, LC_ROOT_SENT };
	return map[c];
}

/* Check, start, diagnose, stop: the report of kind k running configuration c. */
static struct run *run_conf(enum server_kind k, const struct conf *c, const struct fcase *fc, unsigned port, const char *wizard,
			    const char *what)
{
	char path[256], out[8192];
	struct run *r;
	write_conf(k, c, fc, port, path, sizeof path);
	{
		struct timespec a, b;
		int st;
		clock_gettime(CLOCK_MONOTONIC, &a);
		st = check_conf(k, path, out, sizeof out);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (getenv("TLSWIZ_FIXES_TIMING"))
			fprintf(stderr, "timing %s %s %s: check %.2f\n", server_kind_name(k), fc->name, what,
				(double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
		if (st == 0)
			goto checked;
	}
	{
		char cmd[512], conf[8192];
		snprintf(cmd, sizeof cmd, "cat %s", path);
		tw_run(cmd, conf, sizeof conf, 5);
		ck_abort_msg("%s %s: %s refuses the %s configuration: %s\n--- %s ---\n%s", fc->name, server_kind_name(k), server_kind_name(k), what,
			     out, path, conf);
	}
checked:
	if (check_only)
		return NULL;
	{
		struct timespec a, b, c2, d;
		clock_gettime(CLOCK_MONOTONIC, &a);
		start_server(k, path, port);
		clock_gettime(CLOCK_MONOTONIC, &b);
		r = diagnose(k, fc->host, port, wizard);
		clock_gettime(CLOCK_MONOTONIC, &c2);
		stop_server(k, path, port);
		clock_gettime(CLOCK_MONOTONIC, &d);
		if (getenv("TLSWIZ_FIXES_TIMING"))
			fprintf(stderr, "timing %s %s %s: start %.2f diag %.2f stop %.2f\n", server_kind_name(k), fc->name, what,
				(double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
				(double)(c2.tv_sec - b.tv_sec) + (double)(c2.tv_nsec - b.tv_nsec) / 1e9,
				(double)(d.tv_sec - c2.tv_sec) + (double)(d.tv_nsec - c2.tv_nsec) / 1e9);
	}
	return r;
}

/* One case on one server kind. */
static void prove_case(enum server_kind k, const struct fcase *fc, const struct report *lab_report)
{
	unsigned port = tw_closed_port();
	struct conf c;
	struct run *before = NULL, *after;
	struct serverconf sc;
	char ids[1024], errs[1024], snippet[16384];
	const struct report *from;
	struct report synth;

	memset(&synth, 0, sizeof synth);
	write_certs(pki, fc->host, lab_chain_of(fc->chain), "broken");
	write_certs(pki, fc->host, LC_GOOD, "good");
	conf_broken(&c, k, fc, port);
	if (fc->brk[k]) {
		before = run_conf(k, &c, fc, port, fc->wizard, "broken");
		if (before) {
			ids_of(&before->report, SEV_INFO, ids, sizeof ids);
			fprintf(stderr, "fixes %s %s before: %s\n", server_kind_name(k), fc->name, ids);
			for (const char *p = fc->findings; *p;) {
				size_t n = strcspn(p, ",");
				char id[64];
				snprintf(id, sizeof id, "%.*s", (int)n, p);
				ids_of(&before->report, SEV_INFO, ids, sizeof ids);
				ck_assert_msg(report_has(&before->report, finding_id_from_name(id)), "%s on %s: the broken server does not show %s (it shows: %s)", fc->name,
					      server_kind_name(k), id, ids);
				p += n + (p[n] == ',');
			}
		}
	}
	if (!before && !lab_report) {
		struct target t;
		target_defaults(&t);
		snprintf(t.host, sizeof t.host, "%s", fc->host);
		t.port = (unsigned short)port;
		report_init(&synth, &t);
		for (const char *p = fc->findings; *p;) {
			size_t n = strcspn(p, ",");
			char id[64];
			snprintf(id, sizeof id, "%.*s", (int)n, p);
			ck_assert_ptr_nonnull(finding_def_by_id(id));
			report_add(&synth, finding_def_by_id(id)->e, -1, -1);
			p += n + (p[n] == ',');
		}
		lab_report = &synth;
	}
	from = before ? &before->report : lab_report;
	ck_assert_msg(from != NULL, "%s on %s: no report to build the snippet from", fc->name, server_kind_name(k));
	serverconf_build(from, k, false, &sc);
	serverconf_text(&sc, snippet, sizeof snippet);
	/* The snippet says which line clears the finding, on the target's port and name. */
	for (const char *p = fc->findings; *p;) {
		size_t n = strcspn(p, ",");
		char id[64], want[80];
		snprintf(id, sizeof id, "%.*s", (int)n, p);
		snprintf(want, sizeof want, "# fixes ");
		ck_assert_msg(!before || strstr(snippet, id), "%s on %s: no line says it fixes %s:\n%s", fc->name, server_kind_name(k), id, snippet);
		p += n + (p[n] == ',');
	}
	if (before) {
		char want[64];
		snprintf(want, sizeof want, "%u", port);
		ck_assert_msg(strstr(snippet, want), "%s on %s: the snippet does not name port %u:\n%s", fc->name, server_kind_name(k), port, snippet);
	}
	conf_apply(&c, &sc, fc->host, port);
	after = run_conf(k, &c, fc, port, NULL, "fixed");
	if (after) {
		ids_of(&after->report, SEV_INFO, ids, sizeof ids);
		ids_of(&after->report, SEV_ERROR, errs, sizeof errs);
		for (const char *p = fc->findings; *p;) {
			size_t n = strcspn(p, ",");
			char id[64];
			snprintf(id, sizeof id, "%.*s", (int)n, p);
			ck_assert_msg(!report_has(&after->report, finding_id_from_name(id)), "%s on %s: %s is still there after the fix (%s)\n%s", fc->name, server_kind_name(k), id,
				      ids, snippet);
			p += n + (p[n] == ',');
		}
		ck_assert_msg(!errs[0], "%s on %s: errors after the fix: %s\n%s", fc->name, server_kind_name(k), errs, snippet);
		run_free(after);
	}
	if (before)
		run_free(before);
	if (lab_report == &synth)
		report_free(&synth);
}

/* The lab's report of a scenario, diagnosed by one wizard. */
static struct run *lab_report(struct lab *lab, const char *scenario, const char *wizard)
{
	const struct lab_entry *e = lab_find(lab, scenario);
	struct target t;
	struct run *r;
	const char *names[2] = { wizard, NULL };
	ck_assert_msg(e != NULL, "no lab scenario %s", scenario);
	target_defaults(&t);
	lab_target(lab, e, &t);
	t.timeout_ms = 3000;
	r = run_new(&t, names);
	run_exec(r);
	return r;
}

static void prove_kind(enum server_kind k)
{
	static const char *const only[] = { "ssl3-only", "tls10-only", "tls12-only", "ssl2-only", "export-des", "rc4-3des", "no-shared-cipher", "static-rsa-cbc", "dhe-1024", NULL };
	struct lab_opts o = { 0, only, 0 };
	struct lab *lab;
	char err[256];
	struct timespec t0, t1;

	if (!have_server(k))
		return;
	if (getenv("TLSWIZ_FIXES_KIND") && strcmp(getenv("TLSWIZ_FIXES_KIND"), server_kind_name(k)))
		return;	/* while working on one kind */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	setup_dir();
	for (size_t i = 0; i < NCASES; i++)
		if (cases[i].kinds & K(k))
			prove_case(k, &cases[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "fixes %s: cases in %.1f s\n", server_kind_name(k), (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	/* The findings no Debian server shows: the snippet from the lab's report. */
	lab = lab_start(&o, err, sizeof err);
	ck_assert_msg(lab != NULL, "lab: %s", err);
	{
		/* Scenarios whose snippets hold the same lines (the baseline, mostly) share one run
		 * of the server: each snippet must name its findings, the run must clear them all. */
		struct run *rs[NLAB_ONLY];
		static char sig[NLAB_ONLY][8192];
		char merged[512];
		bool done[NLAB_ONLY] = { false };
		for (size_t i = 0; i < NLAB_ONLY; i++) {
			const char *wiz = strncmp(lab_only[i].findings, "version", 7) ? "ciphers" : "versions";
			struct serverconf sc;
			char text[16384];
			size_t so = 0;
			rs[i] = lab_report(lab, lab_only[i].scenario, wiz);
			serverconf_build(&rs[i]->report, k, false, &sc);
			serverconf_text(&sc, text, sizeof text);
			for (const char *p = lab_only[i].findings; *p;) {
				size_t n = strcspn(p, ",");
				char id[64];
				snprintf(id, sizeof id, "%.*s", (int)n, p);
				ck_assert_msg(report_has(&rs[i]->report, finding_id_from_name(id)), "lab %s does not show %s", lab_only[i].scenario, id);
				ck_assert_msg(strstr(text, id), "lab %s on %s: no line says it fixes %s:\n%s", lab_only[i].scenario, server_kind_name(k), id, text);
				p += n + (p[n] == ',');
			}
			sig[i][0] = '\0';
			for (size_t l = 0; l < sc.n && so < sizeof sig[i]; l++) {
				char line[1024];
				snprintf(line, sizeof line, "%s", sc.lines[l].text);
				localise(line, sizeof line, rs[i]->report.target.host, 0);
				so += (size_t)snprintf(sig[i] + so, sizeof sig[i] - so, "%s\n", line);
			}
		}
		for (size_t i = 0; i < NLAB_ONLY; i++) {
			const struct lab_entry *e = lab_find(lab, lab_only[i].scenario);
			struct fcase fc = { lab_only[i].scenario, e->host, NULL, merged, K_ALL, CH_GOOD, VH_NONE, { NULL } };
			if (done[i])
				continue;
			snprintf(merged, sizeof merged, "%s", lab_only[i].findings);
			for (size_t j = i + 1; j < NLAB_ONLY; j++)
				if (!done[j] && !strcmp(sig[i], sig[j])) {
					snprintf(merged + strlen(merged), sizeof merged - strlen(merged), ",%s", lab_only[j].findings);
					done[j] = true;
				}
			prove_case(k, &fc, &rs[i]->report);
		}
		for (size_t i = 0; i < NLAB_ONLY; i++)
			run_free(rs[i]);
	}
	lab_stop(lab);
	for (size_t i = 0; i < NSYNTAX; i++)
		if (syntax_only[i].kinds & K(k)) {
			struct fcase fc = { "syntax", "must-staple.tlswiz.test", NULL, syntax_only[i].findings, K_ALL, CH_GOOD, VH_NONE, { NULL } };
			check_only = !strcmp(syntax_only[i].findings, "cert.must_staple_missing") ||
				     !strcmp(syntax_only[i].findings, "sni.unknown_name");
			prove_case(k, &fc, NULL);
			check_only = false;
		}
	teardown_dir();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "fixes %s: proven in %.1f s\n", server_kind_name(k), (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
}

START_TEST(nginx_fixes_are_proven_on_a_real_nginx) { prove_kind(SRV_NGINX); }
END_TEST
START_TEST(apache_fixes_are_proven_on_a_real_apache) { prove_kind(SRV_APACHE); }
END_TEST
START_TEST(haproxy_fixes_are_proven_on_a_real_haproxy) { prove_kind(SRV_HAPROXY); }
END_TEST
START_TEST(postfix_fixes_are_proven_on_a_real_postfix) { prove_kind(SRV_POSTFIX); }
END_TEST
START_TEST(dovecot_fixes_are_proven_on_a_real_dovecot) { prove_kind(SRV_DOVECOT); }
END_TEST
START_TEST(lighttpd_fixes_are_proven_on_a_real_lighttpd) { prove_kind(SRV_LIGHTTPD); }
END_TEST

/* Every cell of the matrix with a directive is proven by a case above. */
START_TEST(every_directive_cell_has_a_proof)
{
	char missing[4096] = "", cell[200];
	size_t o = 0;
	for (size_t i = 0; i < serverconf_matrix_count(); i++)
		for (int k = 0; k < SRV__COUNT; k++) {
			const char *id = serverconf_matrix_finding(i);
			if (serverconf_cell((enum server_kind)k, id, cell, sizeof cell, NULL)[0] && !proof((enum server_kind)k, id) && o < sizeof missing)
				o += (size_t)snprintf(missing + o, sizeof missing - o, "%s/%s ", server_kind_name((enum server_kind)k), id);
		}
	ck_assert_msg(!missing[0], "cells with a directive and no proof: %s", missing);
}
END_TEST

/* doc/fixes.md is the generated matrix, byte for byte. */
START_TEST(fixes_doc_matches_the_rows)
{
	char *want = serverconf_markdown(proof), *have = NULL;
	size_t len = 0;
	FILE *f = fopen("doc/fixes.md", "r");
	if (f) {
		have = calloc(1, 1 << 20);
		len = fread(have, 1, (1 << 20) - 1, f);
		fclose(f);
	}
	if (!have || strcmp(have, want)) {
		FILE *o = fopen("build/fixes.md", "w");
		if (o) {
			fputs(want, o);
			fclose(o);
		}
		ck_abort_msg("doc/fixes.md (%zu bytes) is not the generated matrix: cp build/fixes.md doc/fixes.md", len);
	}
	free(have);
	free(want);
}
END_TEST

static Suite *fixes_suite(void)
{
	Suite *s = suite_create("fixes");
	TCase *tc = tcase_create("servers");
	TCase *doc = tcase_create("doc");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, nginx_fixes_are_proven_on_a_real_nginx);
	tcase_add_test(tc, apache_fixes_are_proven_on_a_real_apache);
	tcase_add_test(tc, haproxy_fixes_are_proven_on_a_real_haproxy);
	tcase_add_test(tc, postfix_fixes_are_proven_on_a_real_postfix);
	tcase_add_test(tc, dovecot_fixes_are_proven_on_a_real_dovecot);
	tcase_add_test(tc, lighttpd_fixes_are_proven_on_a_real_lighttpd);
	tcase_add_test(doc, every_directive_cell_has_a_proof);
	tcase_add_test(doc, fixes_doc_matches_the_rows);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, doc);
	return s;
}
TW_SUITE(fixes_suite, TW_LAB)
