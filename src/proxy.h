/* proxy.h — HTTP CONNECT proxies (RFC 9110 9.3.6): parse the proxy URL, honour NO_PROXY,
 * open the tunnel and record the exchange as ladder steps. */
#ifndef TLSWIZ_PROXY_H
#define TLSWIZ_PROXY_H
#include "model.h"

struct proxy_url {
	char host[TW_HOST_MAX];
	unsigned short port;
	char userinfo[256];	/* "user:pass" (percent-decoded), empty = none */
};

/* "http://user:pass@host:port" (scheme optional, port default 3128). 0 ok, -1 invalid. */
int proxy_parse(const char *url, struct proxy_url *p);
/* True when NO_PROXY/no_proxy says host goes direct ("*", suffixes, exact names). */
bool proxy_bypassed(const char *host);
/* CONNECT host:port on a connected fd. 0: tunnel open. -1: failed, *status is the HTTP
 * status (0 none) and reason says why in plain words. */
int proxy_connect(int fd, const struct proxy_url *p, const char *host, unsigned port, struct trace *t,
		  double t0, double deadline, const volatile int *cancel, int *status, char *reason,
		  size_t len);

#endif
