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

static int perform(const char *url, const char *ctype, const void *body, size_t n, int timeout_ms,
		   struct http_resp *out)
{
	struct sink s = { .r = out };
	struct curl_slist *hdr = NULL;
	CURL *c;
	CURLcode rc;

	memset(out, 0, sizeof *out);
	if (strncasecmp(url, "http://", 7) != 0) {
		snprintf(out->error, sizeof out->error, "only http:// URLs are fetched");
		return -1;
	}
	http_global_init();
	if (!lc.ok) {
		snprintf(out->error, sizeof out->error, "%s", lc.why);
		return -1;
	}
	c = lc.easy_init();
	if (!c) {
		snprintf(out->error, sizeof out->error, "libcurl failed to start");
		return -1;
	}
	lc.easy_setopt(c, CURLOPT_URL, url);
	lc.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
	lc.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	lc.easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	lc.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)timeout_ms);
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
	rc = lc.easy_perform(c);
	lc.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	{
		double t = 0;
		lc.easy_getinfo(c, CURLINFO_TOTAL_TIME, &t);
		out->ms = t * 1000;
	}
	lc.slist_free_all(hdr);
	lc.easy_cleanup(c);
	if (rc != CURLE_OK) {
		snprintf(out->error, sizeof out->error, "%s",
			 s.overflow ? "the response is larger than 1 MiB" : lc.easy_strerror(rc));
		return -1;
	}
	return 0;
}

int http_get(const char *url, int timeout_ms, struct http_resp *out)
{
	return perform(url, NULL, NULL, 0, timeout_ms, out);
}

int http_post(const char *url, const char *ctype, const void *body, size_t n, int timeout_ms,
	      struct http_resp *out)
{
	return perform(url, ctype, body, n, timeout_ms, out);
}

void http_resp_free(struct http_resp *r)
{
	free(r->body);
	memset(r, 0, sizeof *r);
}
