/* http.c — libcurl wrappers for the certificate checks. Bodies are capped (a hostile
 * responder cannot fill memory), redirects are not followed, and only http:// URLs are
 * fetched: an https AIA URL would need the very trust we are checking. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "http.h"
#include "xmalloc.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
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
	c = curl_easy_init();
	if (!c) {
		snprintf(out->error, sizeof out->error, "libcurl failed to start");
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "tlswiz");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)HTTP_MAX_BODY);
	if (ctype) {
		char h[128];
		snprintf(h, sizeof h, "Content-Type: %s", ctype);
		hdr = curl_slist_append(hdr, h);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)n);
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	{
		double t = 0;
		curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &t);
		out->ms = t * 1000;
	}
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		snprintf(out->error, sizeof out->error, "%s",
			 s.overflow ? "the response is larger than 1 MiB" : curl_easy_strerror(rc));
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
