/* serverconf.c — configuration snippets per server software. One table row per
 * (setting, server): the directive text and the findings it addresses; a row is emitted
 * when the baseline needs it or when one of its findings is in the report. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "finding.h"
#include "report.h"
#include "serverconf.h"

static const struct {
	enum server_kind k;
	const char *name, *where;
	const char *detect[3];	/* fragments of a Server header or banner */
} servers[] = {
	{ SRV_NGINX, "nginx", "in the server { } block of the site (http { } for all sites)", { "nginx", "openresty", NULL } },
	{ SRV_APACHE, "apache", "in the <VirtualHost *:443> of the site (or ssl.conf for all)", { "Apache", "httpd", NULL } },
	{ SRV_HAPROXY, "haproxy", "global section (ssl-default-*) and the frontend's bind line", { "haproxy", NULL, NULL } },
	{ SRV_POSTFIX, "postfix", "main.cf (then: postfix reload)", { "Postfix", NULL, NULL } },
	{ SRV_DOVECOT, "dovecot", "conf.d/10-ssl.conf (then: doveadm reload)", { "Dovecot", NULL, NULL } },
	{ SRV_LIGHTTPD, "lighttpd", "lighttpd.conf, in the $SERVER[\"socket\"] == \":443\" block", { "lighttpd", NULL, NULL } },
};

/* The settings. %s slots are filled with the baseline's values where marked. */
enum setting { S_PROTOCOLS, S_CIPHERS, S_PREFER, S_CURVES, S_DHPARAM, S_CHAIN, S_KEY, S_STAPLING,
	       S_STAPLING2, S_DEFAULT_SNI, S_HSTS, S__COUNT };

/* What each setting fixes (comma-separated finding ids); baseline settings always appear. */
static const struct {
	enum setting s;
	bool baseline;
	const char *fixes;
} settings[] = {
	{ S_PROTOCOLS, true, "version.ssl2,version.ssl3,version.tls10,version.tls11,version.no_tls12,version.no_tls13,version.legacy_only,version.tls13_only" },
	{ S_CIPHERS, true, "cipher.null,cipher.export,cipher.rc4,cipher.3des,cipher.des,cipher.cbc_only,cipher.no_pfs,cipher.no_aead,cipher.no_shared" },
	{ S_PREFER, true, "cipher.no_server_preference" },
	{ S_CURVES, true, "cipher.no_pfs" },
	{ S_DHPARAM, false, "cipher.weak_dh" },
	{ S_CHAIN, true, "chain.incomplete,chain.incomplete_aia,chain.wrong_order,chain.wrong_intermediate,chain.expired_intermediate,chain.root_sent,cert.expired,cert.self_signed,cert.hostname_mismatch" },
	{ S_KEY, true, NULL },
	{ S_STAPLING, false, "cert.must_staple_missing,cert.revoked" },
	{ S_STAPLING2, false, "cert.must_staple_missing" },
	{ S_DEFAULT_SNI, false, "sni.default_cert,sni.required,sni.unknown_name" },
	{ S_HSTS, false, NULL },
};

/* [server][setting]: the line; NULL = not applicable. Intermediate profile. */
static const char *const lines[SRV__COUNT][S__COUNT] = {
	[SRV_NGINX] = {
		[S_PROTOCOLS] = "ssl_protocols TLSv1.2 TLSv1.3;",
		[S_CIPHERS] = "ssl_ciphers " MOZ_INTERMEDIATE_CIPHERS ";",
		[S_PREFER] = "ssl_prefer_server_ciphers off;",
		[S_CURVES] = "ssl_ecdh_curve " MOZ_CURVES ";",
		[S_DHPARAM] = "ssl_dhparam /etc/ssl/ffdhe2048.pem;",
		[S_CHAIN] = "ssl_certificate /etc/ssl/%s/fullchain.pem;",
		[S_KEY] = "ssl_certificate_key /etc/ssl/%s/privkey.pem;",
		[S_STAPLING] = "ssl_stapling on;",
		[S_STAPLING2] = "ssl_stapling_verify on;",
		[S_DEFAULT_SNI] = "listen 443 ssl default_server;",
		[S_HSTS] = "add_header Strict-Transport-Security \"max-age=63072000\" always;",
	},
	[SRV_APACHE] = {
		[S_PROTOCOLS] = "SSLProtocol -all +TLSv1.2 +TLSv1.3",
		[S_CIPHERS] = "SSLCipherSuite " MOZ_INTERMEDIATE_CIPHERS,
		[S_PREFER] = "SSLHonorCipherOrder off",
		[S_CURVES] = "SSLOpenSSLConfCmd Curves " MOZ_CURVES,
		[S_DHPARAM] = "SSLOpenSSLConfCmd DHParameters /etc/ssl/ffdhe2048.pem",
		[S_CHAIN] = "SSLCertificateFile /etc/ssl/%s/fullchain.pem",
		[S_KEY] = "SSLCertificateKeyFile /etc/ssl/%s/privkey.pem",
		[S_STAPLING] = "SSLUseStapling On",
		[S_STAPLING2] = "SSLStaplingCache shmcb:/var/run/ocsp(128000)",
		[S_DEFAULT_SNI] = "# make this <VirtualHost *:443> the first one loaded (it is the default for clients without SNI)",
		[S_HSTS] = "Header always set Strict-Transport-Security \"max-age=63072000\"",
	},
	[SRV_HAPROXY] = {
		[S_PROTOCOLS] = "ssl-default-bind-options prefer-client-ciphers no-sslv3 no-tlsv10 no-tlsv11 no-tls-tickets",
		[S_CIPHERS] = "ssl-default-bind-ciphers " MOZ_INTERMEDIATE_CIPHERS,
		[S_PREFER] = "ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256",
		[S_CURVES] = "ssl-default-bind-curves " MOZ_CURVES,
		[S_DHPARAM] = "ssl-dh-param-file /etc/haproxy/ffdhe2048.pem",
		[S_CHAIN] = "# frontend: bind :443 ssl crt /etc/haproxy/certs/%s.pem alpn h2,http/1.1  (leaf, intermediates, key in one file)",
		[S_KEY] = NULL,
		[S_STAPLING] = "# bind ... crt-list with ocsp-update on (HAProxy 2.8+), or put %s.pem.ocsp next to the crt",
		[S_STAPLING2] = NULL,
		[S_DEFAULT_SNI] = "# the first crt on the bind line is the default certificate for clients without SNI",
		[S_HSTS] = "# backend: http-response set-header Strict-Transport-Security \"max-age=63072000\"",
	},
	[SRV_POSTFIX] = {
		[S_PROTOCOLS] = "smtpd_tls_protocols = >=TLSv1.2",
		[S_CIPHERS] = "smtpd_tls_mandatory_ciphers = high",
		[S_PREFER] = "tls_preempt_cipherlist = no",
		[S_CURVES] = "tls_eecdh_auto_curves = X25519 prime256v1 secp384r1",
		[S_DHPARAM] = "smtpd_tls_dh1024_param_file = /etc/postfix/ffdhe2048.pem",
		[S_CHAIN] = "smtpd_tls_chain_files = /etc/ssl/%s/privkey.pem, /etc/ssl/%s/fullchain.pem",
		[S_KEY] = "smtpd_tls_security_level = may",
		[S_STAPLING] = NULL,
		[S_STAPLING2] = NULL,
		[S_DEFAULT_SNI] = "tls_server_sni_maps = hash:/etc/postfix/sni_maps",
		[S_HSTS] = NULL,
	},
	[SRV_DOVECOT] = {
		[S_PROTOCOLS] = "ssl_min_protocol = TLSv1.2",
		[S_CIPHERS] = "ssl_cipher_list = " MOZ_INTERMEDIATE_CIPHERS,
		[S_PREFER] = "ssl_prefer_server_ciphers = no",
		[S_CURVES] = "ssl_curve_list = X25519:prime256v1:secp384r1",
		[S_DHPARAM] = "ssl_dh = </etc/dovecot/ffdhe2048.pem",
		[S_CHAIN] = "ssl_cert = </etc/ssl/%s/fullchain.pem",
		[S_KEY] = "ssl_key = </etc/ssl/%s/privkey.pem",
		[S_STAPLING] = NULL,
		[S_STAPLING2] = NULL,
		[S_DEFAULT_SNI] = "local_name %s { ssl_cert = </etc/ssl/%s/fullchain.pem  ssl_key = </etc/ssl/%s/privkey.pem }",
		[S_HSTS] = NULL,
	},
	[SRV_LIGHTTPD] = {
		[S_PROTOCOLS] = "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"TLSv1.2\")",
		[S_CIPHERS] = "ssl.openssl.ssl-conf-cmd += (\"CipherString\" => \"" MOZ_INTERMEDIATE_CIPHERS "\")",
		[S_PREFER] = "ssl.openssl.ssl-conf-cmd += (\"Options\" => \"-ServerPreference\")",
		[S_CURVES] = "ssl.openssl.ssl-conf-cmd += (\"Curves\" => \"" MOZ_CURVES "\")",
		[S_DHPARAM] = "ssl.openssl.ssl-conf-cmd += (\"DHParameters\" => \"/etc/ssl/ffdhe2048.pem\")",
		[S_CHAIN] = "ssl.pemfile = \"/etc/ssl/%s/fullchain.pem\"",
		[S_KEY] = "ssl.privkey = \"/etc/ssl/%s/privkey.pem\"",
		[S_STAPLING] = "ssl.stapling-file = \"/etc/ssl/%s/ocsp.der\"",
		[S_STAPLING2] = NULL,
		[S_DEFAULT_SNI] = "# the global ssl.pemfile is the default for clients without SNI; per name: $HTTP[\"host\"] == \"%s\" { ssl.pemfile = ... }",
		[S_HSTS] = "setenv.add-response-header = (\"Strict-Transport-Security\" => \"max-age=63072000\")",
	},
};

/* Modern profile (TLS1.3 only): protocols differ; cipher lists are not needed. */
static const char *const modern_protocols[SRV__COUNT] = {
	[SRV_NGINX] = "ssl_protocols TLSv1.3;",
	[SRV_APACHE] = "SSLProtocol -all +TLSv1.3",
	[SRV_HAPROXY] = "ssl-default-bind-options prefer-client-ciphers ssl-min-ver TLSv1.3 no-tls-tickets",
	[SRV_POSTFIX] = "smtpd_tls_protocols = >=TLSv1.3",
	[SRV_DOVECOT] = "ssl_min_protocol = TLSv1.3",
	[SRV_LIGHTTPD] = "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"TLSv1.3\")",
};

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

/* The finding ids of list (comma-separated) present in the report, as "a, b"; "" none. */
static void present(const struct report *r, const char *list, char *out, size_t len)
{
	const char *p = list;
	size_t o = 0;

	out[0] = '\0';
	while (p && *p) {
		size_t n = strcspn(p, ",");
		char id[64];
		if (n < sizeof id) {
			memcpy(id, p, n);
			id[n] = '\0';
			if (report_has(r, finding_id_from_name(id)) && o < len)
				o += (size_t)snprintf(out + o, len - o, "%s%s", o ? ", " : "", id);
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

static void add(struct serverconf *c, const char *fmt, const char *host, const char *fixes)
{
	struct conf_line *l;
	if (c->n >= SERVERCONF_MAX_LINES || !fmt)
		return;
	l = &c->lines[c->n++];
	/* Up to three %s, all the host name: the format strings are ours, not the network's. */
	snprintf(l->text, sizeof l->text, fmt, host, host, host);
	snprintf(l->fixes, sizeof l->fixes, "%s", fixes ? fixes : "");
}

void serverconf_build(const struct report *r, enum server_kind k, bool modern, struct serverconf *out)
{
	const char *host = r->target.host[0] ? r->target.host : "example.com";
	bool http = k == SRV_NGINX || k == SRV_APACHE || k == SRV_HAPROXY || k == SRV_LIGHTTPD;

	memset(out, 0, sizeof *out);
	out->kind = k;
	out->name = servers[k].name;
	out->where = servers[k].where;
	out->modern = modern;
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		enum setting s = settings[i].s;
		const char *fmt = lines[k][s];
		char keep[200] = "";
		bool fixed;

		if (settings[i].fixes)
			present(r, settings[i].fixes, keep, sizeof keep);
		fixed = keep[0] != '\0';
		if (modern && s == S_PROTOCOLS)
			fmt = modern_protocols[k];
		if (modern && (s == S_CIPHERS || s == S_DHPARAM || s == S_PREFER) && k != SRV_HAPROXY)
			continue;	/* TLS1.3 suites need no configuration */
		if (s == S_HSTS && !http)
			continue;
		if (!settings[i].baseline && !fixed && s != S_HSTS)
			continue;
		if (fmt) {
			add(out, fmt, host, keep);
		}
	}
}

size_t serverconf_text(const struct serverconf *c, char *buf, size_t len)
{
	size_t o = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	/* Comments on their own lines: Apache, Postfix and Dovecot take no trailing comments. */
	o += (size_t)snprintf(buf + o, len - o, "# %s, Mozilla \"%s\" profile; %s\n", c->name,
			      c->modern ? "modern" : "intermediate", c->where);
	for (size_t i = 0; i < c->n && o < len; i++) {
		if (c->lines[i].fixes[0])
			o += (size_t)snprintf(buf + o, len - o, "# fixes %s\n", c->lines[i].fixes);
		if (o < len)
			o += (size_t)snprintf(buf + o, len - o, "%s\n", c->lines[i].text);
	}
	return o < len ? o : len - 1;
}

bool serverconf_relevant(const struct report *r)
{
	char buf[200];
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (settings[i].fixes && (present(r, settings[i].fixes, buf, sizeof buf), buf[0]))
			return true;
	return false;
}
