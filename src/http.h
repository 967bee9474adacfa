/* http.h — small HTTP fetches for AIA issuers, OCSP and CRLs (libcurl): every request has
 * a deadline and a size cap, honours proxies from the environment, and returns data. */
#ifndef TLSWIZ_HTTP_H
#define TLSWIZ_HTTP_H
#include <stddef.h>

#define HTTP_MAX_BODY (1u << 20)	/* 1 MiB: far above any real CRL we judge, below harm */

struct http_resp {
	long status;		/* HTTP status, 0 when none */
	unsigned char *body;
	size_t len;
	double ms;
	char error[160];	/* plain words when the fetch failed */
};

/* GET url (http only: AIA, OCSP and CRL URLs are plain HTTP by design, RFC 5280 4.2.2.1).
 * 0 when a response arrived (any status), -1 with error set otherwise. */
int http_get(const char *url, int timeout_ms, struct http_resp *out);
/* POST body with content type (OCSP, RFC 6960 A.1). */
int http_post(const char *url, const char *ctype, const void *body, size_t n, int timeout_ms,
	      struct http_resp *out);
void http_resp_free(struct http_resp *r);
/* Opens and starts libcurl (dlopen) once; http_get/http_post call it themselves. */
void http_global_init(void);

#endif
