/* serverconf.h — turns a report's findings into configuration for the server software in
 * use (nginx, Apache httpd, HAProxy, Postfix, Dovecot, lighttpd). The fixes are data: one
 * row per (setting, server kind, Mozilla profile) with the context the lines belong in,
 * the lines and the finding ids they clear; doc/fixes.md is generated from the rows. */
#ifndef TLSWIZ_SERVERCONF_H
#define TLSWIZ_SERVERCONF_H
#include "model.h"

enum server_kind { SRV_NGINX, SRV_APACHE, SRV_HAPROXY, SRV_POSTFIX, SRV_DOVECOT, SRV_LIGHTTPD, SRV__COUNT };

/* Mozilla server-side TLS profiles (guidelines 5.7). */
enum serverconf_profile { PROFILE_MODERN, PROFILE_INTERMEDIATE, PROFILE_OLD, PROFILE__COUNT };
#define MOZ_GUIDELINES "Mozilla server-side TLS guidelines 5.7"

/* Where lines go: each server kind has one or two contexts. */
enum conf_ctx { CTX_NGINX_HTTP, CTX_NGINX_SERVER, CTX_APACHE_GLOBAL, CTX_APACHE_VHOST, CTX_HAPROXY_GLOBAL,
		CTX_HAPROXY_FRONTEND, CTX_POSTFIX_MAIN, CTX_DOVECOT_SSL, CTX_LIGHTTPD_SOCKET, CTX__COUNT };

#define SERVERCONF_MAX_LINES 48

struct conf_line {
	char text[320];		/* one configuration line, no newline */
	char fixes[200];	/* the finding ids of this report it fixes ("a, b"), "" for a baseline line */
	enum conf_ctx ctx;	/* the block / file it belongs in */
	char was[320];		/* the line it replaces when known ("ssl_protocols TLSv1 TLSv1.1;"), else "" */
	bool inferred;		/* was[] is inferred from the probe (else: the usual spelling of that line) */
	char note[200];		/* a comment printed above the line, "" none */
};

struct serverconf {
	enum server_kind kind;
	const char *name;	/* "nginx" */
	const char *where;	/* "inside the server { } block for the site" */
	bool modern;		/* profile == PROFILE_MODERN (kept for older callers) */
	enum serverconf_profile profile;
	char host[TW_HOST_MAX];	/* the target's, as in the lines */
	unsigned port;
	struct conf_line lines[SERVERCONF_MAX_LINES];
	size_t n;
};

const char *server_kind_name(enum server_kind k);
/* From a name ("nginx", "apache", "httpd", "haproxy"...); -1 when unknown. */
int server_kind_from_name(const char *name);
/* From the HTTP Server header or a mail banner seen in the report's traces; -1 unknown. */
int serverconf_detect(const struct report *r);
/* True when some configuration line fixes one of the report's findings (false when nothing
 * answered: a snippet then fixes nothing). */
bool serverconf_relevant(const struct report *r);
/* Build the snippet (modern: Mozilla "modern", else "intermediate"). Paths are placeholders
 * the operator edits; the host name and port are the target's. */
void serverconf_build(const struct report *r, enum server_kind k, bool modern, struct serverconf *out);
void serverconf_build_profile(const struct report *r, enum server_kind k, enum serverconf_profile p,
			      struct serverconf *out);
/* The snippet as text: per context a header naming the file and the block, then the lines,
 * each fix preceded by "# fixes id" and, when the line it replaces is known, "# - old". */
size_t serverconf_text(const struct serverconf *c, char *buf, size_t len);

const char *serverconf_profile_name(enum serverconf_profile p);
int serverconf_profile_from_name(const char *name);
/* Context names: the file ("/etc/nginx/sites-enabled/HOST") and the block. */
const char *serverconf_ctx_file(enum conf_ctx c);
const char *serverconf_ctx_block(enum conf_ctx c);

/* The fix matrix (finding x server kind) for the intermediate profile. */
size_t serverconf_matrix_count(void);
const char *serverconf_matrix_finding(size_t i);
/* The setting names of the rows of kind k that clear finding id ("protocols, ciphers"), ""
 * when none; note receives why there is no directive (or "") when the result is "". */
const char *serverconf_cell(enum server_kind k, const char *id, char *buf, size_t len, const char **note);
/* The clients of clients.c a profile drops (by versions and suites), "a, b"; "" none. */
void serverconf_profile_drops(enum serverconf_profile p, char *buf, size_t len);
/* doc/fixes.md, generated from the rows. proof(k, id) says how a test proves the cell
 * ("**proven**", "checked by postconf only"), NULL when none does. Caller frees. */
char *serverconf_markdown(const char *(*proof)(enum server_kind k, const char *id));

/* Mozilla's cipher lists (ssl-config.mozilla.org, guidelines v5.7), OpenSSL spelling. */
#define MOZ_INTERMEDIATE_CIPHERS \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:" \
	"ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:" \
	"DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305"
#define MOZ_OLD_CIPHERS MOZ_INTERMEDIATE_CIPHERS ":" \
	"ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:" \
	"ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:" \
	"DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:" \
	"AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA"
#define MOZ_CURVES "X25519:prime256v1:secp384r1"

#endif
