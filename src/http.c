/* http.c — libcurl wrappers for the certificate checks. Bodies are capped (a hostile
 * responder cannot fill memory), redirects are not followed, and only http:// URLs are
 * fetched: an https AIA URL would need the very trust we are checking.
 *
 * libcurl is opened with dlopen() at the first fetch, not linked: it drags in some thirty
 * libraries (Kerberos, LDAP, SSH, HTTP/2...) whose loading would cost every tlswiz run
 * about 2.5 ms of start-up, and most runs fetch nothing. */
#define CURL_DISABLE_TYPECHECK
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "http.h"
#include "net.h"
#include "text.h"
#include "xmalloc.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static struct {
	bool ok;
	char why[120];
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} lc;

static void init_once(void)
{
	static const char *const names[] = { "libcurl-gnutls.so.4", "libcurl.so.4" };
	void *h = NULL;

	for (size_t i = 0; i < sizeof names / sizeof names[0] && !h; i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(lc.why, sizeof lc.why, "libcurl is not installed (apt-get install libcurl3-gnutls)");
		return;
	}
#define SYM(field, name) (*(void **)&lc.field = dlsym(h, name))
	if (!SYM(global_init, "curl_global_init") || !SYM(easy_init, "curl_easy_init") ||
	    !SYM(easy_setopt, "curl_easy_setopt") || !SYM(easy_perform, "curl_easy_perform") ||
	    !SYM(easy_getinfo, "curl_easy_getinfo") || !SYM(easy_cleanup, "curl_easy_cleanup") ||
	    !SYM(easy_strerror, "curl_easy_strerror") || !SYM(slist_append, "curl_slist_append") ||
	    !SYM(slist_free_all, "curl_slist_free_all")) {
		snprintf(lc.why, sizeof lc.why, "libcurl lacks curl_easy_* (too old?)");
		return;
	}
#undef SYM
	lc.ok = lc.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	if (!lc.ok)
		snprintf(lc.why, sizeof lc.why, "libcurl failed to start");
}

void http_global_init(void)
{
	pthread_once(&once, init_once);
}

struct sink {
	struct http_resp *r;
	size_t cap;
	int overflow;
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;

	if (s->r->len + len > HTTP_MAX_BODY) {
		s->overflow = 1;
		return 0;	/* makes libcurl stop with CURLE_WRITE_ERROR */
	}
	if (s->r->len + len > s->cap) {
		while (s->cap < s->r->len + len)
			s->cap = s->cap ? s->cap * 2 : 4096;
		s->r->body = xreallocarray(s->r->body, s->cap, 1);
	}
	memcpy(s->r->body + s->r->len, p, len);
	s->r->len += len;
	return len;
}

#define HTTP_MAX_REDIRECTS 1

struct url_parts {
	char host[256];		/* without brackets */
	unsigned short port;
	bool port_given;
};

static int parse_url(const char *url, struct url_parts *u, char *why, size_t wlen)
{
	const char *p, *end, *at;
	size_t n;

	memset(u, 0, sizeof *u);
	if (strncasecmp(url, "http://", 7) != 0) {
		snprintf(why, wlen, "only http:// URLs are fetched (https would need the trust being checked)");
		return -1;
	}
	p = url + 7;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	if (at)
		p = at + 1;	/* userinfo is not sent anywhere but dropped from the host */
	if (*p == '[') {
		const char *rb = memchr(p, ']', (size_t)(end - p));
		if (!rb)
			goto bad;
		n = (size_t)(rb - p - 1);
		if (n == 0 || n >= sizeof u->host)
			goto bad;
		memcpy(u->host, p + 1, n);
		p = rb + 1;
	} else {
		const char *c = memchr(p, ':', (size_t)(end - p));
		n = (size_t)((c ? c : end) - p);
		if (n == 0 || n >= sizeof u->host)
			goto bad;
		memcpy(u->host, p, n);
		p += n;
	}
	u->port = 80;
	if (p < end && *p == ':') {
		char *e;
		long v = strtol(p + 1, &e, 10);
		if (e != end || v < 1 || v > 65535)
			goto bad;
		u->port = (unsigned short)v;
		u->port_given = v != 80;
	} else if (p != end) {
		goto bad;
	}
	for (const char *q = u->host; *q; q++)
		if ((unsigned char)*q <= 0x20 || *q == 0x7f)
			goto bad;
	return 0;
bad:
	snprintf(why, wlen, "the URL cannot be read");
	return -1;
}

/* Judge url; on success *pin gets "host:port:addr[,addr...]" for CURLOPT_RESOLVE. */
static int judge(const struct http_policy *pol, const char *url, int timeout_ms, char *pin, size_t plen,
		 char *why, size_t wlen)
{
	struct url_parts u;
	struct net_resolved res;
	int tclass = pol ? net_text_class(pol->target) : -1;
	size_t o;

	if (pin && plen)
		pin[0] = '\0';
	if (pol && pol->off) {
		snprintf(why, wlen, "not fetched: --no-fetch");
		return -1;
	}
	if (parse_url(url, &u, why, wlen) < 0)
		return -1;
	if (net_resolve(u.host, u.port, FAMILY_ANY, timeout_ms, &res) < 0) {
		snprintf(why, wlen, "not fetched: %s: %s", u.host, res.error);
		return -1;
	}
	o = pin ? (size_t)snprintf(pin, plen, "%s:%u:", u.host, u.port) : 0;
	for (size_t i = 0; i < res.n; i++) {
		enum net_class c = net_addr_class((struct sockaddr *)&res.addrs[i].ss);
		if (c == NET_CLASS_RESERVED) {
			snprintf(why, wlen, "not fetched (fetch policy): %s is a reserved address", res.addrs[i].text);
			return -1;
		}
		if (c != NET_CLASS_PUBLIC && (int)c != tclass) {
			snprintf(why, wlen, "not fetched (fetch policy): %s is a %s address and the target is not", res.addrs[i].text,
				 net_class_name(c));
			return -1;
		}
		if (u.port_given && (int)c != tclass) {
			snprintf(why, wlen, "not fetched (fetch policy): port %u is not HTTP's 80 and %s is not in the target's network class",
				 u.port, res.addrs[i].text);
			return -1;
		}
		if (pin && o < plen)
			o += (size_t)snprintf(pin + o, plen - o, "%s%s%s%s", i ? "," : "",
					      res.addrs[i].family == AF_INET6 ? "[" : "", res.addrs[i].text,
					      res.addrs[i].family == AF_INET6 ? "]" : "");
	}
	if (pin && o >= plen) {
		snprintf(why, wlen, "not fetched: too many addresses");
		return -1;
	}
	snprintf(why, wlen, "%s (%s%s)", res.n ? res.addrs[0].text : "?",
		 net_class_name(net_addr_class((struct sockaddr *)&res.addrs[0].ss)),
		 tclass >= 0 && net_addr_class((struct sockaddr *)&res.addrs[0].ss) == (enum net_class)tclass &&
		 tclass != NET_CLASS_PUBLIC ? ", like the target" : "");
	return 0;
}

int http_policy_check(const struct http_policy *pol, const char *url, int timeout_ms, char *why, size_t wlen)
{
	return judge(pol, url, timeout_ms, NULL, 0, why, wlen);
}

static void log_add(struct http_resp *out, const char *fmt, const char *a, const char *b)
{
	size_t o = strlen(out->log);
	char ca[200], cb[200];
	text_sanitize_str(ca, sizeof ca, a);
	text_sanitize_str(cb, sizeof cb, b);
	if (o < sizeof out->log)
		snprintf(out->log + o, sizeof out->log - o, fmt, o ? "; " : "", ca, cb);
}

static int perform(const struct http_policy *pol, const char *first_url, const char *ctype, const void *body,
		   size_t n, int timeout_ms, struct http_resp *out)
{
	char url[1024], where[200];
	double t_end;

	memset(out, 0, sizeof *out);
	snprintf(url, sizeof url, "%s", first_url);
	http_global_init();
	t_end = (double)timeout_ms;
	for (int hop = 0;; hop++) {
		struct sink s = { .r = out };
		struct curl_slist *hdr = NULL, *pin = NULL;
		char pinstr[600], *loc = NULL;
		CURL *c;
		CURLcode rc;

		if (judge(pol, url, timeout_ms, pinstr, sizeof pinstr, where, sizeof where) < 0) {
			log_add(out, "%s%s: %s", url, where);
			snprintf(out->error, sizeof out->error, "%s", where);
			return -1;
		}
		log_add(out, "%s%s from %s", url, where);
		if (!lc.ok) {
			snprintf(out->error, sizeof out->error, "%s", lc.why);
			return -1;
		}
		c = lc.easy_init();
		if (!c) {
			snprintf(out->error, sizeof out->error, "libcurl failed to start");
			return -1;
		}
		pin = lc.slist_append(NULL, pinstr);
		lc.easy_setopt(c, CURLOPT_URL, url);
		lc.easy_setopt(c, CURLOPT_RESOLVE, pin);
		lc.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
		lc.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		lc.easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)t_end);
		lc.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)t_end);
		lc.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
		lc.easy_setopt(c, CURLOPT_USERAGENT, "tlswiz");
		lc.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
		lc.easy_setopt(c, CURLOPT_WRITEDATA, &s);
		lc.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)HTTP_MAX_BODY);
		if (ctype) {
			char h[128];
			snprintf(h, sizeof h, "Content-Type: %s", ctype);
			hdr = lc.slist_append(hdr, h);
			lc.easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
			lc.easy_setopt(c, CURLOPT_POSTFIELDS, body);
			lc.easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)n);
		}
		free(out->body);
		out->body = NULL;
		out->len = 0;
		rc = lc.easy_perform(c);
		lc.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
		{
			double t = 0;
			lc.easy_getinfo(c, CURLINFO_TOTAL_TIME, &t);
			out->ms += t * 1000;
			t_end -= t * 1000;
		}
		if (rc == CURLE_OK && out->status >= 300 && out->status < 400)
			lc.easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
		if (loc)
			snprintf(url, sizeof url, "%s", loc);
		lc.slist_free_all(hdr);
		lc.slist_free_all(pin);
		lc.easy_cleanup(c);
		if (rc != CURLE_OK) {
			snprintf(out->error, sizeof out->error, "%s",
				 s.overflow || rc == CURLE_FILESIZE_EXCEEDED ? "the response is larger than 1 MiB (cap)"
									     : lc.easy_strerror(rc));
			return -1;
		}
		if (!loc)
			return 0;
		if (hop == HTTP_MAX_REDIRECTS || t_end < 1) {
			log_add(out, "%s%s%s: a further redirect, not followed (at most one)", url, "");
			return 0;
		}
		log_add(out, "%sHTTP %s redirects to %s", out->status == 301 ? "301" : out->status == 302 ? "302" : "3xx", url);
	}
}

int http_get(const struct http_policy *pol, const char *url, int timeout_ms, struct http_resp *out)
{
	return perform(pol, url, NULL, NULL, 0, timeout_ms, out);
}

int http_post(const struct http_policy *pol, const char *url, const char *ctype, const void *body, size_t n,
	      int timeout_ms, struct http_resp *out)
{
	return perform(pol, url, ctype, body, n, timeout_ms, out);
}

void http_resp_free(struct http_resp *r)
{
	free(r->body);
	memset(r, 0, sizeof *r);
}
