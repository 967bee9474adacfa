/* proxy.c — the HTTP CONNECT tunnel. The reply is read line by line (never past the
 * blank line) so the TLS handshake that follows starts on a clean stream; every line is
 * capped and sanitised into the trace. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net.h"
#include "proxy.h"
#include "trace.h"

#define MAX_HEADER_LINES 100

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

static void percent_decode(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (s[0] == '%' && hexval((unsigned char)s[1]) >= 0 && hexval((unsigned char)s[2]) >= 0) {
			*o++ = (char)(hexval((unsigned char)s[1]) * 16 + hexval((unsigned char)s[2]));
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

int proxy_parse(const char *url, struct proxy_url *p)
{
	const char *s = url, *at, *end, *colon;
	size_t hl;
	long port = 3128;

	memset(p, 0, sizeof *p);
	if (strncasecmp(s, "http://", 7) == 0)
		s += 7;
	else if (strstr(s, "://"))
		return -1;	/* socks and https proxies are not spoken */
	end = s + strcspn(s, "/");
	at = memchr(s, '@', (size_t)(end - s));
	if (at) {
		if ((size_t)(at - s) >= sizeof p->userinfo)
			return -1;
		memcpy(p->userinfo, s, (size_t)(at - s));
		percent_decode(p->userinfo);
		s = at + 1;
	}
	if (*s == '[') {
		const char *rb = memchr(s, ']', (size_t)(end - s));
		if (!rb)
			return -1;
		hl = (size_t)(rb - s - 1);
		if (hl == 0 || hl >= sizeof p->host)
			return -1;
		memcpy(p->host, s + 1, hl);
		colon = rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(s, ':', (size_t)(end - s));
		hl = (size_t)((colon ? colon : end) - s);
		if (hl == 0 || hl >= sizeof p->host)
			return -1;
		memcpy(p->host, s, hl);
	}
	if (colon) {
		char *e;
		port = strtol(colon + 1, &e, 10);
		if (e != end || port < 1 || port > 65535)
			return -1;
	}
	p->port = (unsigned short)port;
	return 0;
}

bool proxy_bypassed(const char *host)
{
	const char *np = getenv("NO_PROXY") ? getenv("NO_PROXY") : getenv("no_proxy");
	char buf[1024];

	if (!np || !*np)
		return false;
	snprintf(buf, sizeof buf, "%s", np);
	for (char *save = NULL, *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		size_t hl = strlen(host), tl;
		if (!strcmp(tok, "*"))
			return true;
		if (*tok == '.')
			tok++;
		tl = strlen(tok);
		if (!strcasecmp(host, tok) || (hl > tl && host[hl - tl - 1] == '.' && !strcasecmp(host + hl - tl, tok)))
			return true;
	}
	return false;
}

static void base64(const char *in, char *out, size_t outlen)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(in), o = 0;
	for (size_t i = 0; i < n && o + 5 < outlen; i += 3) {
		unsigned v = (unsigned char)in[i] << 16;
		if (i + 1 < n)
			v |= (unsigned char)in[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)in[i + 2];
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? tab[v & 63] : '=';
	}
	out[o] = '\0';
}

static const char *status_words(int st)
{
	switch (st) {
	case 407: return "the proxy wants authentication (407): give user:pass in --proxy or https_proxy";
	case 403: return "the proxy forbids this destination (403): its policy blocks the host or port";
	case 502: return "the proxy could not reach the server (502 Bad Gateway)";
	case 503: return "the proxy is unavailable (503)";
	case 504: return "the proxy timed out reaching the server (504)";
	case 405: return "the proxy does not allow CONNECT (405)";
	default: return "the proxy refused the tunnel";
	}
}

int proxy_connect(int fd, const struct proxy_url *p, const char *host, unsigned port, struct trace *t,
		  double t0, double deadline, const volatile int *cancel, int *status, char *reason,
		  size_t len)
{
	char req[1024], auth[512] = "", line[1024];
	bool v6 = strchr(host, ':') != NULL;
	ssize_t r;

	*status = 0;
	if (p->userinfo[0]) {
		char b64[400];
		base64(p->userinfo, b64, sizeof b64);
		snprintf(auth, sizeof auth, "Proxy-Authorization: Basic %s\r\n", b64);
	}
	snprintf(req, sizeof req, "CONNECT %s%s%s:%u HTTP/1.1\r\nHost: %s%s%s:%u\r\n%sUser-Agent: tlswiz\r\n\r\n",
		 v6 ? "[" : "", host, v6 ? "]" : "", port, v6 ? "[" : "", host, v6 ? "]" : "", port, auth);
	trace_add_step(t, net_now_ms() - t0, DIR_C2S, LAYER_APP, (unsigned)strlen(req), "CONNECT",
		       "%s:%u via proxy %s:%u%s", host, port, p->host, p->port, auth[0] ? " (with credentials)" : "");
	if (net_send_all(fd, req, strlen(req), deadline, cancel) < 0) {
		snprintf(reason, len, "sending CONNECT to the proxy failed");
		return -1;
	}
	r = net_read_line(fd, line, sizeof line, deadline, cancel);
	if (r == -3) {
		trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, NET_LINE_BUDGET, "proxy reply",
			       "a status line longer than %d bytes", NET_LINE_BUDGET);
		snprintf(reason, len, "the proxy's status line is longer than %d bytes (cap)", NET_LINE_BUDGET);
		return -1;
	}
	if (r <= 0) {
		trace_add_step(t, net_now_ms() - t0, r == -2 ? DIR_LOCAL : DIR_S2C, LAYER_APP, 0,
			       r == -2 ? "timeout" : "FIN", "no reply from the proxy");
		snprintf(reason, len, "the proxy did not answer the CONNECT");
		return -1;
	}
	if (sscanf(line, "HTTP/%*d.%*d %d", status) != 1)
		*status = 0;
	line[strcspn(line, "\r\n")] = '\0';
	trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, (unsigned)r, "proxy reply", "%s", line);
	for (int i = 0;; i++) {
		char h[1024];
		if (i == MAX_HEADER_LINES) {
			snprintf(reason, len, "the proxy's reply has more than %d header lines (cap)", MAX_HEADER_LINES);
			return -1;
		}
		r = net_read_line(fd, h, sizeof h, deadline, cancel);
		if (r == -2 || r == -3) {
			trace_add_step(t, net_now_ms() - t0, r == -2 ? DIR_LOCAL : DIR_S2C, LAYER_APP, 0,
				       r == -2 ? "timeout" : "proxy reply", "%s",
				       r == -2 ? "the proxy's headers did not end in time" : "a header line is too long");
			if (r == -2)
				snprintf(reason, len, "the proxy's reply headers did not end before the deadline");
			else
				snprintf(reason, len, "a header line of the proxy's reply is longer than %d bytes (cap)",
					 NET_LINE_BUDGET);
			return -1;
		}
		if (r <= 0 || h[0] == '\r' || h[0] == '\n')
			break;
	}
	if (*status < 200 || *status > 299) {
		snprintf(reason, len, "%s", *status ? status_words(*status) : "the proxy's reply is not HTTP");
		return -1;
	}
	return 0;
}
