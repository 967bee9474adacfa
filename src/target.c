/* target.c — a target from what an operator types (target.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "target.h"
#include "text.h"
#include "starttls.h"
#include "proxy.h"

void target_defaults(struct target *t)
{
	memset(t, 0, sizeof *t);
	t->port = 443;
	t->timeout_ms = 5000;
	t->sni_mode = SNI_AUTO;
}

int target_parse_hostport(const char *s, char *host, size_t hostlen, unsigned short *port)
{
	const char *colon;
	size_t hl;
	long p = 443;

	if (!s || !*s)
		return -1;
	if (strncmp(s, "https://", 8) == 0)
		s += 8;
	if (s[0] == '[') {
		const char *end = strchr(s, ']');
		if (!end)
			return -1;
		hl = (size_t)(end - s - 1);
		if (hl >= hostlen)
			return -1;
		memcpy(host, s + 1, hl);
		host[hl] = '\0';
		colon = end[1] == ':' ? end + 1 : NULL;
	} else {
		colon = strrchr(s, ':');
		if (colon && strchr(s, ':') != colon)
			colon = NULL;	/* bare IPv6 literal */
		hl = colon ? (size_t)(colon - s) : strcspn(s, "/");
		if (hl == 0 || hl >= hostlen)
			return -1;
		memcpy(host, s, hl);
		host[hl] = '\0';
	}
	if (colon) {
		char *end;
		p = strtol(colon + 1, &end, 10);
		if (end == colon + 1 || (*end && *end != '/') || p < 1 || p > 65535)
			return -1;
	}
	*port = (unsigned short)p;
	return 0;
}

const char *target_sni(const struct target *t)
{
	switch (t->sni_mode) {
	case SNI_NONE:
		return "";
	case SNI_NAME: {
		/* --sni a,b,c: the first name is the one every probe uses; the SNI wizard tries
		 * the others. */
		static __thread char first[TW_HOST_MAX];
		size_t n = strcspn(t->sni, ",");
		snprintf(first, sizeof first, "%.*s", (int)n, t->sni);
		return first;
	}
	default:
		return net_is_ip_literal(t->host) ? "" : t->host;
	}
}

int target_validate(const struct target *t, char *err, size_t len)
{
	struct proxy_url pu;

	if (t->certfile[0] && !t->keyfile[0]) {
		snprintf(err, len, "--cert needs --key");
		return -1;
	}
	if (t->keyfile[0] && !t->certfile[0]) {
		snprintf(err, len, "--key needs --cert");
		return -1;
	}
	if (t->port == 0) {
		snprintf(err, len, "port 0 is not a port (1-65535)");
		return -1;
	}
	if (t->starttls[0] && !starttls_known(t->starttls)) {
		char clean[48];
		text_sanitize_str(clean, sizeof clean, t->starttls);
		snprintf(err, len, "--starttls: unknown protocol \"%s\" (one of: %s)", clean, starttls_names());
		return -1;
	}
	if (t->proxy[0] && proxy_parse(t->proxy, &pu) < 0) {
		char clean[128];
		const char *at = strrchr(t->proxy, '@'), *scheme = strstr(t->proxy, "://");
		char shown[600];
		/* never a password on the screen */
		snprintf(shown, sizeof shown, "%.*s%s", scheme ? (int)(scheme + 3 - t->proxy) : 0, t->proxy,
			 at ? at + 1 : scheme ? scheme + 3 : t->proxy);
		text_sanitize_str(clean, sizeof clean, shown);
		snprintf(err, len, "--proxy (or https_proxy): cannot use \"%s\" (supported: http://[user:pass@]host[:port])",
			 clean);
		return -1;
	}
	/* Names the operator typed end up on the terminal: none may carry a control,
	 * escape or bidi character (no real host name does). */
	{
		const char *names[] = { t->host, t->sni, t->connect_to };
		const char *what[] = { "the target", "--sni", "--connect-to" };
		for (int i = 0; i < 3; i++)
			if (!text_is_clean(names[i])) {
				char clean[128];
				text_sanitize_str(clean, sizeof clean, names[i]);
				snprintf(err, len, "%s \"%.100s\" contains control or invisible characters", what[i], clean);
				return -1;
			}
	}
	return 0;
}
