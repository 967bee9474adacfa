/* serverconf.c — configuration fixes as data: one row per (setting, server kind, profile)
 * with the context its lines belong in, the lines ({host} and {port} are the target's) and
 * the finding ids they clear. Snippets, the JSON "config" array and doc/fixes.md are all
 * read from the same rows; a row without proof in tests/lab/test_fixes.c does not belong. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clients.h"
#include "finding.h"
#include "report.h"
#include "serverconf.h"

static const struct {
	enum server_kind k;
	const char *name, *where;
	const char *detect[3];	/* fragments of a Server header or banner */
} servers[] = {
	{ SRV_NGINX, "nginx", "http { } for the TLS versions and suites, the site's server { } for its certificate", { "nginx", "openresty", NULL } },
	{ SRV_APACHE, "apache", "mods-enabled/ssl.conf outside any <VirtualHost>, and the site's <VirtualHost>", { "Apache", "httpd", NULL } },
	{ SRV_HAPROXY, "haproxy", "global section (ssl-default-bind-*) and the frontend's bind line", { "haproxy", NULL, NULL } },
	{ SRV_POSTFIX, "postfix", "main.cf (then: postfix reload)", { "Postfix", NULL, NULL } },
	{ SRV_DOVECOT, "dovecot", "conf.d/10-ssl.conf (then: doveadm reload)", { "Dovecot", NULL, NULL } },
	{ SRV_LIGHTTPD, "lighttpd", "the $SERVER[\"socket\"] block of the port", { "lighttpd", NULL, NULL } },
};

static const struct {
	enum server_kind k;
	const char *file, *block;
} contexts[CTX__COUNT] = {
	[CTX_NGINX_HTTP] = { SRV_NGINX, "/etc/nginx/nginx.conf",
			     "http { } (versions and suites are settled before SNI picks a server { }: a server { } value counts only in the port's default server)" },
	[CTX_NGINX_SERVER] = { SRV_NGINX, "/etc/nginx/sites-enabled/{host}", "the server { } with server_name {host} and listen {port} ssl" },
	[CTX_APACHE_GLOBAL] = { SRV_APACHE, "/etc/apache2/mods-enabled/ssl.conf", "server config, outside every <VirtualHost>" },
	[CTX_APACHE_VHOST] = { SRV_APACHE, "/etc/apache2/sites-enabled/{host}.conf", "the <VirtualHost *:{port}> with ServerName {host}" },
	[CTX_HAPROXY_GLOBAL] = { SRV_HAPROXY, "/etc/haproxy/haproxy.cfg", "the global section" },
	[CTX_HAPROXY_FRONTEND] = { SRV_HAPROXY, "/etc/haproxy/haproxy.cfg", "the frontend that binds port {port}" },
	[CTX_POSTFIX_MAIN] = { SRV_POSTFIX, "/etc/postfix/main.cf",
			       "main.cf (then: postfix reload; the smtpd of port {port} in master.cf must not override these with -o)" },
	[CTX_DOVECOT_SSL] = { SRV_DOVECOT, "/etc/dovecot/conf.d/10-ssl.conf", "top level: every listener, port {port} included (then: doveadm reload)" },
	[CTX_LIGHTTPD_SOCKET] = { SRV_LIGHTTPD, "/etc/lighttpd/conf-enabled/10-ssl.conf", "$SERVER[\"socket\"] == \":{port}\" { }" },
};

/* Profiles a row belongs to. */
#define PM 1u
#define PI 2u
#define PO 4u
#define PMI (PM | PI)
#define PIO (PI | PO)
#define PA (PM | PI | PO)

/* What the probe can tell about the line a row replaces. */
enum was_kind { WAS_NONE, WAS_PROTOCOLS };

struct fix_row {
	const char *setting;	/* "protocols" — names the row in doc/fixes.md */
	enum server_kind kind;
	unsigned profiles;
	enum conf_ctx ctx;
	const char *finding;	/* shown only when one of these is in the report; NULL: baseline */
	const char *unless;	/* a baseline row left out when one of these is in the report */
	const char *lines;	/* '\n'-separated */
	const char *clears;	/* finding ids the lines clear */
	const char *was;	/* the usual spelling of the line it replaces, NULL none */
	enum was_kind was_probe;
	const char *note;	/* a comment above the lines */
};

#define V_INT "version.ssl2,version.ssl3,version.tls10,version.tls11,version.no_tls12,version.no_tls13,version.legacy_only,version.tls13_only"
#define V_MOD "version.ssl2,version.ssl3,version.tls10,version.tls11,version.no_tls13,version.legacy_only"
#define V_OLD "version.ssl2,version.ssl3,version.no_tls12,version.no_tls13,version.legacy_only,version.tls13_only"
#define C_INT "cipher.null,cipher.export,cipher.rc4,cipher.3des,cipher.des,cipher.cbc_only,cipher.no_pfs,cipher.no_aead,cipher.no_shared,cipher.no_server_preference"
#define C_OLD "cipher.null,cipher.export,cipher.rc4,cipher.des,cipher.cbc_only,cipher.no_pfs,cipher.no_aead,cipher.no_shared"
#define NSP "cipher.no_server_preference"
#define CHAIN "chain.incomplete,chain.incomplete_aia,chain.wrong_order,chain.wrong_intermediate,chain.expired_intermediate,chain.root_sent"
#define SNI_HAP "sni.default_cert,sni.required,sni.unknown_name"
#define OLD_NOTE "@SECLEVEL=0: OpenSSL 3 refuses TLS1.0/1.1 and 3DES without it"
#define FFDHE_NOTE(path) "make the file once: openssl dhparam -out " path " 2048 (or Mozilla's ffdhe2048.txt)"
#define FULLCHAIN_NOTE "fullchain.pem: the leaf first, then its intermediate(s), no root (tlswiz --write-chain FILE writes it)"

static const struct fix_row rows[] = {
	/* ---- nginx ---- */
	{ "protocols", SRV_NGINX, PI, CTX_NGINX_HTTP, NULL, NULL, "ssl_protocols TLSv1.2 TLSv1.3;", V_INT, NULL, WAS_PROTOCOLS, NULL },
	{ "protocols", SRV_NGINX, PM, CTX_NGINX_HTTP, NULL, NULL, "ssl_protocols TLSv1.3;", V_MOD "," C_INT, NULL, WAS_PROTOCOLS, NULL },
	{ "protocols", SRV_NGINX, PO, CTX_NGINX_HTTP, NULL, NULL, "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;", V_OLD, NULL, WAS_PROTOCOLS, NULL },
	{ "ciphers", SRV_NGINX, PI, CTX_NGINX_HTTP, NULL, NULL, "ssl_ciphers " MOZ_INTERMEDIATE_CIPHERS ";", C_INT, NULL, WAS_NONE, NULL },
	{ "ciphers", SRV_NGINX, PO, CTX_NGINX_HTTP, NULL, NULL, "ssl_ciphers " MOZ_OLD_CIPHERS ":@SECLEVEL=0;", C_OLD, NULL, WAS_NONE, OLD_NOTE },
	{ "prefer", SRV_NGINX, PMI, CTX_NGINX_HTTP, NULL, NSP, "ssl_prefer_server_ciphers off;", NULL, NULL, WAS_NONE, NULL },
	{ "prefer", SRV_NGINX, PMI, CTX_NGINX_HTTP, NSP, NULL, "ssl_prefer_server_ciphers on;", NSP, "ssl_prefer_server_ciphers off;", WAS_NONE, NULL },
	{ "prefer", SRV_NGINX, PO, CTX_NGINX_HTTP, NULL, NULL, "ssl_prefer_server_ciphers on;", NSP, NULL, WAS_NONE, NULL },
	{ "curves", SRV_NGINX, PA, CTX_NGINX_HTTP, NULL, NULL, "ssl_ecdh_curve " MOZ_CURVES ";", NULL, NULL, WAS_NONE, NULL },
	{ "dhparam", SRV_NGINX, PIO, CTX_NGINX_HTTP, "cipher.weak_dh", NULL, "ssl_dhparam /etc/nginx/ffdhe2048.pem;", "cipher.weak_dh", NULL, WAS_NONE,
	  FFDHE_NOTE("/etc/nginx/ffdhe2048.pem") },
	{ "certificate", SRV_NGINX, PA, CTX_NGINX_SERVER, NULL, NULL,
	  "ssl_certificate /etc/ssl/{host}/fullchain.pem;\nssl_certificate_key /etc/ssl/{host}/privkey.pem;", CHAIN, NULL, WAS_NONE, FULLCHAIN_NOTE },
	{ "stapling", SRV_NGINX, PA, CTX_NGINX_SERVER, "cert.must_staple_missing", NULL, "ssl_stapling on;\nssl_stapling_verify on;",
	  "cert.must_staple_missing", NULL, WAS_NONE, "nginx fetches the response from the certificate's OCSP URL (needs resolver in http { })" },
	{ "default server", SRV_NGINX, PA, CTX_NGINX_SERVER, "sni.default_cert,sni.required", NULL, "listen {port} ssl default_server;",
	  "sni.default_cert,sni.required", "listen {port} ssl;", WAS_NONE, "change this server's listen line (a second listen for the port is refused)" },
	{ "server name", SRV_NGINX, PA, CTX_NGINX_SERVER, "sni.unknown_name", NULL, "server_name {host};", "sni.unknown_name", NULL, WAS_NONE,
	  "in the server { } whose certificate covers {host}" },
	{ "hsts", SRV_NGINX, PA, CTX_NGINX_SERVER, NULL, NULL, "add_header Strict-Transport-Security \"max-age=63072000\" always;", NULL, NULL, WAS_NONE, NULL },

	/* ---- Apache httpd ---- */
	{ "protocols", SRV_APACHE, PI, CTX_APACHE_GLOBAL, NULL, NULL, "SSLProtocol -all +TLSv1.2 +TLSv1.3", V_INT, NULL, WAS_PROTOCOLS,
	  "a <VirtualHost> with its own SSLProtocol overrides this" },
	{ "protocols", SRV_APACHE, PM, CTX_APACHE_GLOBAL, NULL, NULL, "SSLProtocol -all +TLSv1.3", V_MOD "," C_INT, NULL, WAS_PROTOCOLS, NULL },
	{ "protocols", SRV_APACHE, PO, CTX_APACHE_GLOBAL, NULL, NULL, "SSLProtocol -all +TLSv1 +TLSv1.1 +TLSv1.2 +TLSv1.3", V_OLD, NULL, WAS_PROTOCOLS, NULL },
	{ "ciphers", SRV_APACHE, PI, CTX_APACHE_GLOBAL, NULL, NULL, "SSLCipherSuite " MOZ_INTERMEDIATE_CIPHERS, C_INT, NULL, WAS_NONE, NULL },
	{ "ciphers", SRV_APACHE, PO, CTX_APACHE_GLOBAL, NULL, NULL, "SSLCipherSuite " MOZ_OLD_CIPHERS ":@SECLEVEL=0", C_OLD, NULL, WAS_NONE, OLD_NOTE },
	{ "prefer", SRV_APACHE, PMI, CTX_APACHE_GLOBAL, NULL, NSP, "SSLHonorCipherOrder off", NULL, NULL, WAS_NONE, NULL },
	{ "prefer", SRV_APACHE, PMI, CTX_APACHE_GLOBAL, NSP, NULL, "SSLHonorCipherOrder on", NSP, "SSLHonorCipherOrder off", WAS_NONE, NULL },
	{ "prefer", SRV_APACHE, PO, CTX_APACHE_GLOBAL, NULL, NULL, "SSLHonorCipherOrder on", NSP, NULL, WAS_NONE, NULL },
	{ "curves", SRV_APACHE, PA, CTX_APACHE_GLOBAL, NULL, NULL, "SSLOpenSSLConfCmd Curves " MOZ_CURVES, NULL, NULL, WAS_NONE, NULL },
	{ "dhparam", SRV_APACHE, PIO, CTX_APACHE_VHOST, "cipher.weak_dh", NULL, "SSLOpenSSLConfCmd DHParameters /etc/apache2/ffdhe2048.pem",
	  "cipher.weak_dh", NULL, WAS_NONE, FFDHE_NOTE("/etc/apache2/ffdhe2048.pem") },
	{ "certificate", SRV_APACHE, PA, CTX_APACHE_VHOST, NULL, NULL,
	  "SSLCertificateFile /etc/ssl/{host}/fullchain.pem\nSSLCertificateKeyFile /etc/ssl/{host}/privkey.pem", CHAIN, NULL, WAS_NONE, FULLCHAIN_NOTE },
	{ "stapling", SRV_APACHE, PA, CTX_APACHE_GLOBAL, "cert.must_staple_missing", NULL, "SSLStaplingCache shmcb:${APACHE_RUN_DIR}/ssl_stapling(32768)",
	  "cert.must_staple_missing", NULL, WAS_NONE, "the cache is server-wide: Apache refuses it inside <VirtualHost> (AH00526)" },
	{ "stapling", SRV_APACHE, PA, CTX_APACHE_VHOST, "cert.must_staple_missing", NULL, "SSLUseStapling On", "cert.must_staple_missing", NULL, WAS_NONE, NULL },
	{ "server name", SRV_APACHE, PA, CTX_APACHE_VHOST, "sni.unknown_name", NULL, "ServerAlias {host}", "sni.unknown_name", NULL, WAS_NONE,
	  "in the <VirtualHost> whose certificate covers {host}" },
	{ "hsts", SRV_APACHE, PA, CTX_APACHE_VHOST, NULL, NULL, "Header always set Strict-Transport-Security \"max-age=63072000\"", NULL, NULL, WAS_NONE,
	  "needs mod_headers (a2enmod headers)" },

	/* ---- HAProxy: bind options hold both the versions and the suite order ---- */
	{ "protocols", SRV_HAPROXY, PI, CTX_HAPROXY_GLOBAL, NULL, NSP, "ssl-default-bind-options prefer-client-ciphers ssl-min-ver TLSv1.2 no-tls-tickets",
	  V_INT, NULL, WAS_PROTOCOLS, NULL },
	{ "protocols", SRV_HAPROXY, PI, CTX_HAPROXY_GLOBAL, NSP, NULL, "ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets", V_INT "," NSP,
	  NULL, WAS_PROTOCOLS, "without prefer-client-ciphers HAProxy uses its own suite order" },
	{ "protocols", SRV_HAPROXY, PM, CTX_HAPROXY_GLOBAL, NULL, NULL, "ssl-default-bind-options prefer-client-ciphers ssl-min-ver TLSv1.3 no-tls-tickets",
	  V_MOD "," C_INT, NULL, WAS_PROTOCOLS, NULL },
	{ "protocols", SRV_HAPROXY, PO, CTX_HAPROXY_GLOBAL, NULL, NULL, "ssl-default-bind-options ssl-min-ver TLSv1.0 no-tls-tickets", V_OLD "," NSP,
	  NULL, WAS_PROTOCOLS, NULL },
	{ "ciphers", SRV_HAPROXY, PI, CTX_HAPROXY_GLOBAL, NULL, NULL, "ssl-default-bind-ciphers " MOZ_INTERMEDIATE_CIPHERS, C_INT, NULL, WAS_NONE, NULL },
	{ "ciphers", SRV_HAPROXY, PO, CTX_HAPROXY_GLOBAL, NULL, NULL, "ssl-default-bind-ciphers " MOZ_OLD_CIPHERS ":@SECLEVEL=0", C_OLD, NULL, WAS_NONE, OLD_NOTE },
	{ "ciphers", SRV_HAPROXY, PA, CTX_HAPROXY_GLOBAL, NULL, NULL,
	  "ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256", NULL, NULL, WAS_NONE, NULL },
	{ "curves", SRV_HAPROXY, PA, CTX_HAPROXY_GLOBAL, NULL, NULL, "ssl-default-bind-curves " MOZ_CURVES, NULL, NULL, WAS_NONE, NULL },
	{ "dhparam", SRV_HAPROXY, PIO, CTX_HAPROXY_GLOBAL, "cipher.weak_dh", NULL, "ssl-dh-param-file /etc/haproxy/ffdhe2048.pem", "cipher.weak_dh", NULL,
	  WAS_NONE, FFDHE_NOTE("/etc/haproxy/ffdhe2048.pem") },
	{ "certificate", SRV_HAPROXY, PA, CTX_HAPROXY_FRONTEND, NULL, SNI_HAP, "bind :{port} ssl crt /etc/haproxy/certs/{host}.pem alpn h2,http/1.1", CHAIN,
	  "bind :{port} ssl crt ...", WAS_NONE, "{host}.pem: the leaf, its intermediate(s), then the key, in one file" },
	{ "certificate", SRV_HAPROXY, PA, CTX_HAPROXY_FRONTEND, SNI_HAP, NULL,
	  "bind :{port} ssl crt /etc/haproxy/certs/{host}.pem crt /etc/haproxy/certs/ alpn h2,http/1.1", CHAIN "," SNI_HAP, "bind :{port} ssl crt ...",
	  WAS_NONE, "the first crt is the one clients without SNI get, the directory serves the other names; no strict-sni" },
	{ "hsts", SRV_HAPROXY, PA, CTX_HAPROXY_FRONTEND, NULL, NULL, "http-response set-header Strict-Transport-Security \"max-age=63072000\"", NULL, NULL,
	  WAS_NONE, NULL },

	/* ---- Postfix: opportunistic STARTTLS (level may) reads the non-mandatory settings ---- */
	{ "security level", SRV_POSTFIX, PA, CTX_POSTFIX_MAIN, NULL, NULL, "smtpd_tls_security_level = may", NULL, NULL, WAS_NONE, NULL },
	{ "protocols", SRV_POSTFIX, PI, CTX_POSTFIX_MAIN, NULL, NULL, "smtpd_tls_protocols = >=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1.2", V_INT,
	  NULL, WAS_PROTOCOLS, NULL },
	{ "protocols", SRV_POSTFIX, PM, CTX_POSTFIX_MAIN, NULL, NULL, "smtpd_tls_protocols = >=TLSv1.3\nsmtpd_tls_mandatory_protocols = >=TLSv1.3",
	  V_MOD "," C_INT, NULL, WAS_PROTOCOLS, NULL },
	{ "protocols", SRV_POSTFIX, PO, CTX_POSTFIX_MAIN, NULL, NULL, "smtpd_tls_protocols = >=TLSv1\nsmtpd_tls_mandatory_protocols = >=TLSv1", V_OLD,
	  NULL, WAS_PROTOCOLS, NULL },
	{ "ciphers", SRV_POSTFIX, PI, CTX_POSTFIX_MAIN, NULL, NULL,
	  "smtpd_tls_ciphers = medium\nsmtpd_tls_mandatory_ciphers = medium\ntls_medium_cipherlist = " MOZ_INTERMEDIATE_CIPHERS, C_INT, NULL, WAS_NONE,
	  "level may uses smtpd_tls_ciphers, level encrypt smtpd_tls_mandatory_ciphers: both name the list below" },
	{ "ciphers", SRV_POSTFIX, PO, CTX_POSTFIX_MAIN, NULL, NULL,
	  "smtpd_tls_ciphers = medium\nsmtpd_tls_mandatory_ciphers = medium\ntls_medium_cipherlist = " MOZ_OLD_CIPHERS ":@SECLEVEL=0", C_OLD, NULL, WAS_NONE,
	  OLD_NOTE },
	{ "prefer", SRV_POSTFIX, PMI, CTX_POSTFIX_MAIN, NULL, NSP, "tls_preempt_cipherlist = no", NULL, NULL, WAS_NONE, NULL },
	{ "prefer", SRV_POSTFIX, PMI, CTX_POSTFIX_MAIN, NSP, NULL, "tls_preempt_cipherlist = yes", NSP, "tls_preempt_cipherlist = no", WAS_NONE, NULL },
	{ "prefer", SRV_POSTFIX, PO, CTX_POSTFIX_MAIN, NULL, NULL, "tls_preempt_cipherlist = yes", NSP, NULL, WAS_NONE, NULL },
	{ "curves", SRV_POSTFIX, PA, CTX_POSTFIX_MAIN, NULL, NULL, "tls_eecdh_auto_curves = X25519 prime256v1 secp384r1", NULL, NULL, WAS_NONE, NULL },
	{ "dhparam", SRV_POSTFIX, PIO, CTX_POSTFIX_MAIN, "cipher.weak_dh", NULL, "smtpd_tls_dh1024_param_file = /etc/postfix/ffdhe2048.pem", "cipher.weak_dh",
	  NULL, WAS_NONE, "the parameter's name is historical: it takes the 2048-bit group. " FFDHE_NOTE("/etc/postfix/ffdhe2048.pem") },
	{ "certificate", SRV_POSTFIX, PA, CTX_POSTFIX_MAIN, NULL, NULL, "smtpd_tls_chain_files = /etc/ssl/{host}/privkey.pem, /etc/ssl/{host}/fullchain.pem",
	  CHAIN, NULL, WAS_NONE, "the key first, then " FULLCHAIN_NOTE },

	/* ---- Dovecot ---- */
	{ "ssl", SRV_DOVECOT, PA, CTX_DOVECOT_SSL, NULL, NULL, "ssl = yes", NULL, NULL, WAS_NONE, NULL },
	{ "protocols", SRV_DOVECOT, PI, CTX_DOVECOT_SSL, NULL, NULL, "ssl_min_protocol = TLSv1.2", V_INT, NULL, WAS_PROTOCOLS, NULL },
	{ "protocols", SRV_DOVECOT, PM, CTX_DOVECOT_SSL, NULL, NULL, "ssl_min_protocol = TLSv1.3", V_MOD "," C_INT, NULL, WAS_PROTOCOLS, NULL },
	{ "protocols", SRV_DOVECOT, PO, CTX_DOVECOT_SSL, NULL, NULL, "ssl_min_protocol = TLSv1", V_OLD, NULL, WAS_PROTOCOLS, NULL },
	{ "ciphers", SRV_DOVECOT, PI, CTX_DOVECOT_SSL, NULL, NULL, "ssl_cipher_list = " MOZ_INTERMEDIATE_CIPHERS, C_INT, NULL, WAS_NONE, NULL },
	{ "ciphers", SRV_DOVECOT, PO, CTX_DOVECOT_SSL, NULL, NULL, "ssl_cipher_list = " MOZ_OLD_CIPHERS ":@SECLEVEL=0", C_OLD, NULL, WAS_NONE, OLD_NOTE },
	{ "prefer", SRV_DOVECOT, PMI, CTX_DOVECOT_SSL, NULL, NSP, "ssl_prefer_server_ciphers = no", NULL, NULL, WAS_NONE, NULL },
	{ "prefer", SRV_DOVECOT, PMI, CTX_DOVECOT_SSL, NSP, NULL, "ssl_prefer_server_ciphers = yes", NSP, "ssl_prefer_server_ciphers = no", WAS_NONE, NULL },
	{ "prefer", SRV_DOVECOT, PO, CTX_DOVECOT_SSL, NULL, NULL, "ssl_prefer_server_ciphers = yes", NSP, NULL, WAS_NONE, NULL },
	{ "curves", SRV_DOVECOT, PA, CTX_DOVECOT_SSL, NULL, NULL, "ssl_curve_list = " MOZ_CURVES, NULL, NULL, WAS_NONE, NULL },
	{ "dhparam", SRV_DOVECOT, PIO, CTX_DOVECOT_SSL, "cipher.weak_dh", NULL, "ssl_dh = </etc/dovecot/ffdhe2048.pem", "cipher.weak_dh", NULL, WAS_NONE,
	  FFDHE_NOTE("/etc/dovecot/ffdhe2048.pem") },
	{ "certificate", SRV_DOVECOT, PA, CTX_DOVECOT_SSL, NULL, NULL, "ssl_cert = </etc/ssl/{host}/fullchain.pem\nssl_key = </etc/ssl/{host}/privkey.pem",
	  CHAIN, NULL, WAS_NONE, FULLCHAIN_NOTE },

	/* ---- lighttpd ---- */
	{ "ssl", SRV_LIGHTTPD, PA, CTX_LIGHTTPD_SOCKET, NULL, NULL, "ssl.engine = \"enable\"", NULL, NULL, WAS_NONE, NULL },
	/* one ssl-conf-cmd array: "=" replaces the one the server has, "+=" adds to it */
	{ "protocols", SRV_LIGHTTPD, PI, CTX_LIGHTTPD_SOCKET, NULL, NULL, "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"TLSv1.2\")", V_INT, NULL,
	  WAS_PROTOCOLS, "replaces the socket block's ssl.openssl.ssl-conf-cmd; the += lines below add to it" },
	{ "protocols", SRV_LIGHTTPD, PM, CTX_LIGHTTPD_SOCKET, NULL, NULL, "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"TLSv1.3\")", V_MOD "," C_INT,
	  NULL, WAS_PROTOCOLS, "replaces the socket block's ssl.openssl.ssl-conf-cmd; the += lines below add to it" },
	{ "protocols", SRV_LIGHTTPD, PO, CTX_LIGHTTPD_SOCKET, NULL, NULL, "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"TLSv1\")", V_OLD, NULL,
	  WAS_PROTOCOLS, "replaces the socket block's ssl.openssl.ssl-conf-cmd; the += lines below add to it" },
	{ "ciphers", SRV_LIGHTTPD, PI, CTX_LIGHTTPD_SOCKET, NULL, NULL, "ssl.openssl.ssl-conf-cmd += (\"CipherString\" => \"" MOZ_INTERMEDIATE_CIPHERS "\")",
	  C_INT, NULL, WAS_NONE, NULL },
	{ "ciphers", SRV_LIGHTTPD, PO, CTX_LIGHTTPD_SOCKET, NULL, NULL,
	  "ssl.openssl.ssl-conf-cmd += (\"CipherString\" => \"" MOZ_OLD_CIPHERS ":@SECLEVEL=0\")", C_OLD, NULL, WAS_NONE, OLD_NOTE },
	{ "prefer", SRV_LIGHTTPD, PMI, CTX_LIGHTTPD_SOCKET, NULL, NSP, "ssl.openssl.ssl-conf-cmd += (\"Options\" => \"-ServerPreference\")", NULL, NULL,
	  WAS_NONE, NULL },
	{ "prefer", SRV_LIGHTTPD, PMI, CTX_LIGHTTPD_SOCKET, NSP, NULL, "ssl.openssl.ssl-conf-cmd += (\"Options\" => \"ServerPreference\")", NSP, NULL,
	  WAS_NONE, NULL },
	{ "prefer", SRV_LIGHTTPD, PO, CTX_LIGHTTPD_SOCKET, NULL, NULL, "ssl.openssl.ssl-conf-cmd += (\"Options\" => \"ServerPreference\")", NSP, NULL,
	  WAS_NONE, NULL },
	{ "curves", SRV_LIGHTTPD, PA, CTX_LIGHTTPD_SOCKET, NULL, NULL, "ssl.openssl.ssl-conf-cmd += (\"Curves\" => \"" MOZ_CURVES "\")", NULL, NULL,
	  WAS_NONE, NULL },
	{ "dhparam", SRV_LIGHTTPD, PIO, CTX_LIGHTTPD_SOCKET, "cipher.weak_dh", NULL, "ssl.dh-file = \"/etc/lighttpd/ffdhe2048.pem\"", "cipher.weak_dh", NULL,
	  WAS_NONE, FFDHE_NOTE("/etc/lighttpd/ffdhe2048.pem") },
	{ "certificate", SRV_LIGHTTPD, PA, CTX_LIGHTTPD_SOCKET, NULL, NULL,
	  "ssl.pemfile = \"/etc/ssl/{host}/fullchain.pem\"\nssl.privkey = \"/etc/ssl/{host}/privkey.pem\"", CHAIN ",sni.default_cert", NULL, WAS_NONE,
	  "the socket block's certificate is also the one clients without SNI get; " FULLCHAIN_NOTE },
	{ "hsts", SRV_LIGHTTPD, PA, CTX_LIGHTTPD_SOCKET, NULL, NULL, "setenv.add-response-header = (\"Strict-Transport-Security\" => \"max-age=63072000\")",
	  NULL, NULL, WAS_NONE, "needs mod_setenv" },
};
#define NROWS (sizeof rows / sizeof rows[0])

/* Findings of the matrix, with why no configuration line fixes them on some kinds. */
static const struct {
	const char *id;
	const char *why;	/* shown in every cell without a directive */
} matrix[] = {
	{ "version.ssl2", NULL }, { "version.ssl3", NULL }, { "version.tls10", NULL }, { "version.tls11", NULL },
	{ "version.no_tls12", NULL }, { "version.no_tls13", NULL }, { "version.legacy_only", NULL }, { "version.tls13_only", NULL },
	{ "version.intolerance", "a middlebox or old firmware breaks the handshake: update or bypass it" },
	{ "cipher.null", NULL }, { "cipher.export", NULL }, { "cipher.rc4", NULL }, { "cipher.3des", NULL }, { "cipher.des", NULL },
	{ "cipher.cbc_only", NULL }, { "cipher.no_pfs", NULL }, { "cipher.weak_dh", NULL }, { "cipher.no_aead", NULL },
	{ "cipher.no_shared", NULL }, { "cipher.no_server_preference", NULL },
	{ "chain.incomplete", NULL }, { "chain.incomplete_aia", NULL }, { "chain.wrong_order", NULL }, { "chain.wrong_intermediate", NULL },
	{ "chain.expired_intermediate", NULL }, { "chain.root_sent", NULL },
	{ "chain.untrusted_root", "a certificate from a CA the clients trust" },
	{ "cert.expired", "a new certificate (the certificate line stays)" },
	{ "cert.hostname_mismatch", "a certificate that names the host (the certificate line stays)" },
	{ "cert.self_signed", "a certificate from a CA the clients trust" },
	{ "cert.weak_key", "a new key and certificate" },
	{ "cert.weak_signature", "a certificate signed with SHA-256" },
	{ "cert.revoked", "a new certificate" },
	{ "cert.must_staple_missing", "this server kind staples a response from a file you fetch and refresh (openssl ocsp ... -respout): HAProxy {host}.pem.ocsp, lighttpd ssl.stapling-file" },
	{ "sni.default_cert", "the first virtual host loaded for the port is the default: make it this one (file order)" },
	{ "sni.required", "no TLS setting: the default virtual host refuses clients without SNI" },
	{ "sni.unknown_name", "add the name to the virtual host whose certificate covers it" },
	{ "sni.alpn_mismatch", "the application protocols (http/1.1, h2) the server accepts are not a TLS setting here" },
};
#define NMATRIX (sizeof matrix / sizeof matrix[0])

const char *server_kind_name(enum server_kind k)
{
	return (unsigned)k < SRV__COUNT ? servers[k].name : "?";
}

int server_kind_from_name(const char *name)
{
	if (!strcasecmp(name, "httpd") || !strcasecmp(name, "apache2"))
		return SRV_APACHE;
	for (size_t i = 0; i < SRV__COUNT; i++)
		if (!strcasecmp(servers[i].name, name))
			return (int)servers[i].k;
	return -1;
}

static const char *const profile_names[PROFILE__COUNT] = { "modern", "intermediate", "old" };

const char *serverconf_profile_name(enum serverconf_profile p)
{
	return (unsigned)p < PROFILE__COUNT ? profile_names[p] : "?";
}

int serverconf_profile_from_name(const char *name)
{
	for (int i = 0; i < PROFILE__COUNT; i++)
		if (!strcasecmp(name, profile_names[i]))
			return i;
	return -1;
}

const char *serverconf_ctx_file(enum conf_ctx c)
{
	return (unsigned)c < CTX__COUNT ? contexts[c].file : "?";
}

const char *serverconf_ctx_block(enum conf_ctx c)
{
	return (unsigned)c < CTX__COUNT ? contexts[c].block : "?";
}

int serverconf_detect(const struct report *r)
{
	for (size_t t = 0; t < r->ntraces; t++) {
		const struct trace *tr = r->traces[t];
		const char *seen[2] = { tr->http_server, tr->first_text };
		for (size_t j = 0; j < 2; j++)
			for (size_t i = 0; i < SRV__COUNT && seen[j][0]; i++)
				for (size_t d = 0; d < 3 && servers[i].detect[d]; d++)
					if (strcasestr(seen[j], servers[i].detect[d]))
						return (int)servers[i].k;
		/* A STARTTLS ladder carries the banner in its steps. */
		for (size_t s = 0; s < tr->nsteps; s++)
			if (tr->steps[s].layer == LAYER_APP)
				for (size_t i = 0; i < SRV__COUNT; i++)
					for (size_t d = 0; d < 3 && servers[i].detect[d]; d++)
						if (strcasestr(tr->steps[s].summary, servers[i].detect[d]))
							return (int)servers[i].k;
	}
	return -1;
}

/* Whether the comma-separated list holds id. */
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

/* The finding ids of list present in the report, as "a, b"; "" none. */
static void present(const struct report *r, const char *list, char *out, size_t len)
{
	size_t o = 0;

	out[0] = '\0';
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ",");
		char id[64];
		if (n < sizeof id) {
			memcpy(id, p, n);
			id[n] = '\0';
			if (report_has(r, finding_id_from_name(id)) && o < len)
				o += (size_t)snprintf(out + o, len - o, "%s%s", o ? ", " : "", id);
		}
		p += n + (p[n] == ',');
	}
}

static bool any_present(const struct report *r, const char *list)
{
	char buf[256];
	present(r, list, buf, sizeof buf);
	return buf[0] != '\0';
}

/* fmt with {host} and {port} replaced; the format strings are ours, host is the target's
 * name as typed (a name or an address literal). */
static void expand(char *out, size_t len, const char *fmt, const char *host, unsigned port)
{
	size_t o = 0;
	char portbuf[8];

	snprintf(portbuf, sizeof portbuf, "%u", port);
	for (const char *p = fmt; *p && o + 1 < len;) {
		const char *v = NULL;
		size_t skip = 1;
		if (!strncmp(p, "{host}", 6))
			v = host, skip = 6;
		else if (!strncmp(p, "{port}", 6))
			v = portbuf, skip = 6;
		if (v)
			o += (size_t)snprintf(out + o, len - o, "%s", v);
		else
			out[o++] = *p;
		if (o >= len)
			o = len - 1;
		p += skip;
	}
	out[o < len ? o : len - 1] = '\0';
}

/* The protocols line the server behaves as if it had, from the versions it accepted. */
static bool infer_protocols(const struct report *r, enum server_kind k, char *out, size_t len)
{
	static const char *const nginx_name[6] = { "SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3" };
	static const char *const ver_name[6] = { "SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3" };
	const struct enumeration *e = r->scan;	/* the run's enumeration, for renderers */
	bool ok[6];
	int lo = -1, hi = -1;
	size_t o = 0;

	if (!e)
		return false;
	ok[0] = e->ssl2_ok;
	for (int i = 0; i < 5; i++)
		ok[i + 1] = e->version_ok[i] && (i != 0 || e->version_sh[0]);
	for (int i = 0; i < 6; i++)
		if (ok[i]) {
			if (lo < 0)
				lo = i;
			hi = i;
		}
	if (lo < 0)
		return false;
	out[0] = '\0';
	switch (k) {
	case SRV_NGINX:
		o += (size_t)snprintf(out + o, len - o, "ssl_protocols");
		for (int i = 0; i < 6 && o < len; i++)
			if (ok[i])
				o += (size_t)snprintf(out + o, len - o, " %s", nginx_name[i]);
		snprintf(out + o, len - o, ";");
		break;
	case SRV_APACHE:
		o += (size_t)snprintf(out + o, len - o, "SSLProtocol -all");
		for (int i = 0; i < 6 && o < len; i++)
			if (ok[i])
				o += (size_t)snprintf(out + o, len - o, " +%s", ver_name[i]);
		break;
	case SRV_HAPROXY:
		snprintf(out, len, "ssl-default-bind-options ssl-min-ver %s ssl-max-ver %s", lo == 2 ? "TLSv1.0" : ver_name[lo],
			 hi == 2 ? "TLSv1.0" : ver_name[hi]);
		break;
	case SRV_POSTFIX:
		snprintf(out, len, "smtpd_tls_protocols = >=%s, <=%s", ver_name[lo], ver_name[hi]);
		break;
	case SRV_DOVECOT:
		snprintf(out, len, "ssl_min_protocol = %s", ver_name[lo]);
		break;
	case SRV_LIGHTTPD:
		snprintf(out, len, "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"%s\", \"MaxProtocol\" => \"%s\")", ver_name[lo], ver_name[hi]);
		break;
	default:
		return false;
	}
	return true;
}

static void add_lines(struct serverconf *c, const struct fix_row *row, const struct report *r, const char *host, unsigned port,
		      const char *fixes)
{
	char buf[2048];
	bool first = true;

	expand(buf, sizeof buf, row->lines, host, port);
	for (char *p = buf; *p && c->n < SERVERCONF_MAX_LINES;) {
		size_t n = strcspn(p, "\n");
		struct conf_line *l = &c->lines[c->n++];
		memset(l, 0, sizeof *l);
		l->ctx = row->ctx;
		snprintf(l->text, sizeof l->text, "%.*s", (int)n, p);
		if (first) {
			snprintf(l->fixes, sizeof l->fixes, "%s", fixes);
			if (row->note)
				expand(l->note, sizeof l->note, row->note, host, port);
			/* The line it replaces: from the probe when it can tell, else the usual one,
			 * shown only for a line that fixes something of this report. */
			if (fixes[0] && row->was_probe == WAS_PROTOCOLS && infer_protocols(r, row->kind, l->was, sizeof l->was))
				l->inferred = true;
			else if (fixes[0] && row->was)
				expand(l->was, sizeof l->was, row->was, host, port);
			first = false;
		}
		p += n + (p[n] == '\n');
	}
}

void serverconf_build_profile(const struct report *r, enum server_kind k, enum serverconf_profile p, struct serverconf *out)
{
	const char *host = r->target.host[0] ? r->target.host : "example.com";
	unsigned port = r->target.port ? r->target.port : 443;

	memset(out, 0, sizeof *out);
	if ((unsigned)k >= SRV__COUNT)
		k = SRV_NGINX;
	out->kind = k;
	out->name = servers[k].name;
	out->where = servers[k].where;
	out->profile = p;
	out->modern = p == PROFILE_MODERN;
	snprintf(out->host, sizeof out->host, "%s", host);
	out->port = port;
	/* Grouped by context, in the contexts' order, so each block is one piece to paste. */
	for (int ctx = 0; ctx < CTX__COUNT; ctx++)
		for (size_t i = 0; i < NROWS; i++) {
			const struct fix_row *row = &rows[i];
			char fixes[200] = "";
			if (row->kind != k || (int)row->ctx != ctx || !(row->profiles & (1u << p)))
				continue;
			if (row->finding && !any_present(r, row->finding))
				continue;
			if (row->unless && any_present(r, row->unless))
				continue;
			if (row->clears)
				present(r, row->clears, fixes, sizeof fixes);
			add_lines(out, row, r, host, port, fixes);
		}
}

void serverconf_build(const struct report *r, enum server_kind k, bool modern, struct serverconf *out)
{
	serverconf_build_profile(r, k, modern ? PROFILE_MODERN : PROFILE_INTERMEDIATE, out);
}

/* snprintf into buf at *o, never past len. */
static void put(char *buf, size_t len, size_t *o, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t len, size_t *o, const char *fmt, ...)
{
	va_list ap;
	if (*o >= len)
		return;
	va_start(ap, fmt);
	*o += (size_t)vsnprintf(buf + *o, len - *o, fmt, ap);
	va_end(ap);
	if (*o >= len)
		*o = len - 1;
}

size_t serverconf_text(const struct serverconf *c, char *buf, size_t len)
{
	size_t o = 0;
	int ctx = -1;

	if (!len)
		return 0;
	buf[0] = '\0';
	/* Comments on their own lines: Apache, Postfix and Dovecot take no trailing comments. */
	put(buf, len, &o, "# %s, Mozilla \"%s\" profile (%s)\n", c->name, serverconf_profile_name(c->profile), MOZ_GUIDELINES);
	for (size_t i = 0; i < c->n; i++) {
		const struct conf_line *l = &c->lines[i];
		if ((int)l->ctx != ctx) {
			char file[300], block[300];
			ctx = (int)l->ctx;
			expand(file, sizeof file, contexts[ctx].file, c->host, c->port);
			expand(block, sizeof block, contexts[ctx].block, c->host, c->port);
			put(buf, len, &o, "%s# --- %s: %s\n", i ? "\n" : "", file, block);
		}
		if (l->note[0])
			put(buf, len, &o, "# %s\n", l->note);
		if (l->fixes[0])
			put(buf, len, &o, "# fixes %s\n", l->fixes);
		if (l->was[0])
			put(buf, len, &o, "# - %s   (%s)\n# + the line below\n", l->was,
			    l->inferred ? "what the server does now, inferred from the versions it accepted" : "change this line");
		put(buf, len, &o, "%s\n", l->text);
	}
	return o;
}

bool serverconf_relevant(const struct report *r)
{
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].clears && any_present(r, rows[i].clears))
			return true;
	return false;
}

/* ---- the matrix ---- */

size_t serverconf_matrix_count(void)
{
	return NMATRIX;
}

const char *serverconf_matrix_finding(size_t i)
{
	return i < NMATRIX ? matrix[i].id : NULL;
}

const char *serverconf_cell(enum server_kind k, const char *id, char *buf, size_t len, const char **note)
{
	size_t o = 0;

	buf[0] = '\0';
	if (note)
		*note = "";
	for (size_t i = 0; i < NROWS; i++) {
		const struct fix_row *row = &rows[i];
		if (row->kind != k || !(row->profiles & PI) || !row->clears || !list_has(row->clears, id))
			continue;
		/* A row shown only for other findings does not fix this one. */
		if (row->finding && !list_has(row->finding, id))
			continue;
		if (row->unless && list_has(row->unless, id))
			continue;
		if (o && strstr(buf, row->setting))
			continue;
		put(buf, len, &o, "%s%s", o ? ", " : "", row->setting);
	}
	if (!buf[0] && note)
		for (size_t i = 0; i < NMATRIX; i++)
			if (!strcmp(matrix[i].id, id))
				*note = matrix[i].why ? matrix[i].why : "";
	return buf;
}

/* IANA codes of the profiles' TLS1.2-and-older suites (the lists above) and TLS1.3 suites. */
static const unsigned int_suites[] = { 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009e, 0x009f, 0xccaa };
static const unsigned old_suites[] = { 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009e, 0x009f, 0xccaa, 0xc023, 0xc027,
				       0xc009, 0xc013, 0xc024, 0xc028, 0xc00a, 0xc014, 0x0067, 0x006b, 0x009c, 0x009d, 0x003c,
				       0x003d, 0x002f, 0x0035, 0x000a };

void serverconf_profile_drops(enum serverconf_profile p, char *buf, size_t len)
{
	unsigned minv = p == PROFILE_MODERN ? 0x0304 : p == PROFILE_INTERMEDIATE ? 0x0303 : 0x0301;
	const unsigned *list = p == PROFILE_OLD ? old_suites : int_suites;
	size_t nlist = p == PROFILE_OLD ? sizeof old_suites / sizeof old_suites[0] : sizeof int_suites / sizeof int_suites[0];
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < client_count(); i++) {
		const struct client_profile *c = client_at(i);
		bool ok = false;
		for (unsigned v = c->min_version > minv ? c->min_version : minv; v <= c->max_version && v <= 0x0304 && !ok; v++)
			for (size_t s = 0; s < c->nsuites && !ok; s++) {
				unsigned id = c->suites[s];
				if (v == 0x0304)
					ok = id >= 0x1301 && id <= 0x1303;
				else if (p != PROFILE_MODERN)
					for (size_t k = 0; k < nlist && !ok; k++)
						ok = id == list[k] && (v == 0x0303 || (id < 0x0067 || (id >= 0xc009 && id <= 0xc014)));
			}
		if (!ok)
			put(buf, len, &o, "%s%s", o ? ", " : "", c->title);
	}
}

/* ---- doc/fixes.md ---- */

struct mbuf {
	char *p;
	size_t n, cap;
};

static void mput(struct mbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mput(struct mbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->n + (size_t)n + 1 > b->cap) {
		b->cap = (b->n + (size_t)n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

char *serverconf_markdown(const char *(*proof)(enum server_kind k, const char *id))
{
	struct mbuf b = { NULL, 0, 0 };
	size_t nproven = 0, nnone = 0, nopen = 0, nchecked = 0;

	mput(&b, "# Configuration fixes: finding x server kind\n\n"
		 "Generated from the rows of src/serverconf.c by the test `fixes_doc_matches_the_rows`\n"
		 "(tests/lab/test_fixes.c); edit the rows, not this file. A cell names the settings of the\n"
		 "Mozilla \"intermediate\" profile (%s) that clear the finding on that\n"
		 "server.\n\n"
		 "- **proven**: tests/lab/test_fixes.c starts that server on 127.0.0.1 with the lab's\n"
		 "  certificates and the broken setting, diagnoses it (the finding is there), applies the\n"
		 "  snippet tlswiz printed for that report, checks it with the server's own checker\n"
		 "  (`nginx -t`, `apache2 -t`, `haproxy -c`, `postconf`, `doveconf -n`, `lighttpd -tt`),\n"
		 "  restarts the server (Postfix and Dovecot with implicit TLS: the suite scan does not\n"
		 "  run over STARTTLS)\n"
		 "  and diagnoses it again: the finding is gone and no error is left.\n"
		 "- **proven** after: no Debian server can be configured to show it (OpenSSL 3 has no\n"
		 "  SSLv2/SSLv3, EXPORT, single DES, RC4 or 3DES), or that server cannot (Dovecot has no\n"
		 "  maximum version): the snippet comes from the lab's report (cipher.no_aead, which no\n"
		 "  scenario shows: from a report that has it) and the second half is run.\n"
		 "- checked by ... only: the server's own checker accepts the snippet; not run\n"
		 "  (Must-Staple: the lab has no OCSP responder to staple from).\n"
		 "- **no directive**: tlswiz prints no line for it on that server (the reason follows).\n\n", MOZ_GUIDELINES);
	mput(&b, "| finding |");
	for (int k = 0; k < SRV__COUNT; k++)
		mput(&b, " %s |", servers[k].name);
	mput(&b, "\n|---|");
	for (int k = 0; k < SRV__COUNT; k++)
		mput(&b, "---|");
	mput(&b, "\n");
	for (size_t i = 0; i < NMATRIX; i++) {
		mput(&b, "| `%s` |", matrix[i].id);
		for (int k = 0; k < SRV__COUNT; k++) {
			char cell[200];
			const char *note;
			serverconf_cell((enum server_kind)k, matrix[i].id, cell, sizeof cell, &note);
			if (!cell[0]) {
				mput(&b, " no directive |");
				nnone++;
			} else if (proof && proof((enum server_kind)k, matrix[i].id)) {
				const char *how = proof((enum server_kind)k, matrix[i].id);
				mput(&b, " %s (%s) |", cell, how);
				if (!strncmp(how, "**proven", 8))
					nproven++;
				else
					nchecked++;
			} else {
				mput(&b, " %s (NOT PROVEN) |", cell);
				nopen++;
			}
		}
		mput(&b, "\n");
	}
	mput(&b, "\n%zu cells: %zu proven, %zu checked by the server's own checker only, %zu no directive, %zu not proven.\n\n",
	     nproven + nnone + nopen + nchecked, nproven, nchecked, nnone, nopen);

	mput(&b, "## Why there is no directive\n\n");
	for (size_t i = 0; i < NMATRIX; i++) {
		char kinds[200] = "", cell[200];
		size_t o = 0;
		const char *note = "";
		for (int k = 0; k < SRV__COUNT; k++) {
			const char *nk;
			if (!serverconf_cell((enum server_kind)k, matrix[i].id, cell, sizeof cell, &nk)[0]) {
				put(kinds, sizeof kinds, &o, "%s%s", o ? ", " : "", servers[k].name);
				note = nk;
			}
		}
		if (kinds[0])
			mput(&b, "- `%s` (%s): %s\n", matrix[i].id, kinds, note[0] ? note : "no setting of that server clears it");
	}

	mput(&b, "\n## Profiles\n\nThe base of every snippet is one of Mozilla's server-side TLS profiles (%s);\n"
		 "`intermediate` is the default. The clients of doc/clients.md each profile drops (judged by\n"
		 "protocol versions and cipher suites):\n\n| profile | versions | drops |\n|---|---|---|\n", MOZ_GUIDELINES);
	for (int p = 0; p < PROFILE__COUNT; p++) {
		char drops[1024];
		serverconf_profile_drops((enum serverconf_profile)p, drops, sizeof drops);
		mput(&b, "| %s | %s | %s |\n", profile_names[p],
		     p == PROFILE_MODERN ? "TLS1.3" : p == PROFILE_INTERMEDIATE ? "TLS1.2, TLS1.3" : "TLS1.0 to TLS1.3",
		     drops[0] ? drops : "none");
	}

	mput(&b, "\n## Where the lines go\n\n| server | file | block |\n|---|---|---|\n");
	for (int c = 0; c < CTX__COUNT; c++)
		mput(&b, "| %s | `%s` | %s |\n", servers[contexts[c].k].name, contexts[c].file, contexts[c].block);
	mput(&b, "\n`{host}` and `{port}` are the diagnosed target's. When tlswiz can tell the line a fix\n"
		 "replaces (the protocols line, from the versions the server accepted) it prints it as\n"
		 "`# - old line` above the new one.\n");
	return b.p;
}
