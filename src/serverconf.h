/* serverconf.h — turns a report's findings into configuration for the server software in
 * use (nginx, Apache httpd, HAProxy, Postfix, Dovecot, lighttpd), on the Mozilla
 * "intermediate" or "modern" baseline, each line marked with the finding it fixes. */
#ifndef TLSWIZ_SERVERCONF_H
#define TLSWIZ_SERVERCONF_H
#include "model.h"

enum server_kind { SRV_NGINX, SRV_APACHE, SRV_HAPROXY, SRV_POSTFIX, SRV_DOVECOT, SRV_LIGHTTPD, SRV__COUNT };

#define SERVERCONF_MAX_LINES 48

struct conf_line {
	char text[320];		/* one configuration line, no newline */
	char fixes[200];	/* the finding ids of this report it fixes ("a, b"), "" for a baseline line */
};

struct serverconf {
	enum server_kind kind;
	const char *name;	/* "nginx" */
	const char *where;	/* "inside the server { } block for the site" */
	bool modern;		/* Mozilla "modern" (TLS1.3 only) instead of "intermediate" */
	struct conf_line lines[SERVERCONF_MAX_LINES];
	size_t n;
};

const char *server_kind_name(enum server_kind k);
/* From a name ("nginx", "apache", "httpd", "haproxy"...); -1 when unknown. */
int server_kind_from_name(const char *name);
/* From the HTTP Server header or a mail banner seen in the report's traces; -1 unknown. */
int serverconf_detect(const struct report *r);
/* True when some configuration line fixes one of the report's findings. */
bool serverconf_relevant(const struct report *r);
/* Build the snippet. cert/key/chain paths are placeholders the operator edits. */
void serverconf_build(const struct report *r, enum server_kind k, bool modern, struct serverconf *out);
/* The snippet as text (with "# fixes: id" comments), into buf. */
size_t serverconf_text(const struct serverconf *c, char *buf, size_t len);

/* Mozilla's cipher lists (ssl-config.mozilla.org, guidelines v5.7), OpenSSL spelling. */
#define MOZ_INTERMEDIATE_CIPHERS \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:" \
	"ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:" \
	"DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305"
#define MOZ_CURVES "X25519:prime256v1:secp384r1"

#endif
