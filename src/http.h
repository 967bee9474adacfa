/* http.h — small HTTP fetches for AIA issuers, OCSP and CRLs (libcurl): every request has
 * a deadline and a size cap, honours proxies from the environment, and returns data. */
#ifndef TLSWIZ_HTTP_H
#define TLSWIZ_HTTP_H
#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_BODY (1u << 20)	/* 1 MiB: far above any real CRL we judge, below harm */

struct http_resp {
	long status;		/* HTTP status, 0 when none */
	unsigned char *body;
	size_t len;
	double ms;
	char error[160];	/* plain words when the fetch failed */
	char log[400];		/* what was fetched from where, redirects, and the policy's verdict */
};

/* The fetch policy for URLs taken from a server's certificate (AIA caIssuers, OCSP, CRL):
 * a hostile certificate must not make tlswiz send requests into the operator's network.
 *   - http:// only (https would need the very trust being checked);
 *   - the host is resolved here and every address judged; the connection is pinned to
 *     them (no second resolution);
 *   - no loopback, private, link-local or reserved destination unless the target itself
 *     is in that class (so the lab on 127.0.0.1 still works);
 *   - port 80 only, unless the destination is in the target's own class;
 *   - one redirect at most, judged like the first URL.
 * off (--no-fetch) fetches nothing. */
struct http_policy {
	bool off;
	char target[64];	/* the address the target was reached at, "ip:port" */
};

/* 0 when the URL may be fetched, -1 with why set. */
int http_policy_check(const struct http_policy *pol, const char *url, int timeout_ms, char *why, size_t wlen);

/* GET url under pol. 0 when a response arrived (any status), -1 with error set otherwise. */
int http_get(const struct http_policy *pol, const char *url, int timeout_ms, struct http_resp *out);
/* POST body with content type (OCSP, RFC 6960 A.1). */
int http_post(const struct http_policy *pol, const char *url, const char *ctype, const void *body, size_t n,
	      int timeout_ms, struct http_resp *out);
void http_resp_free(struct http_resp *r);
/* Opens and starts libcurl (dlopen) once; http_get/http_post call it themselves. */
void http_global_init(void);

#endif
