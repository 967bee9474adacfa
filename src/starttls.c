/* starttls.c — STARTTLS dialogues as tables of (send, expect) exchanges (RFC 3207 SMTP,
 * RFC 2595 IMAP/POP3, RFC 4217 FTP, PostgreSQL SSLRequest). Every line read is capped and
 * sanitised into the trace; every wait has the probe's deadline. */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <strings.h>

#include "net.h"
#include "starttls.h"
#include "trace.h"

#define LINE_MAX_BYTES 1024
#define MAX_LINES 64	/* a greeting or EHLO reply longer than this is hostile */

/* One exchange: send (may be NULL) then read a reply whose final line starts with ok. */
struct exchange {
	const char *send;
	const char *ok;		/* prefix of the success reply ("220", "+OK", "a1 OK") */
	bool multiline;		/* SMTP/FTP style "250-..." continuation lines */
	const char *need;	/* a word the reply must contain (STARTTLS capability) */
	const char *what;	/* step name */
};

static const struct exchange smtp[] = {
	{ NULL, "220", true, NULL, "greeting" },
	{ "EHLO tlswiz.invalid\r\n", "250", true, "STARTTLS", "EHLO" },
	{ "STARTTLS\r\n", "220", true, NULL, "STARTTLS" },
};
static const struct exchange imap[] = {
	{ NULL, "* OK", false, NULL, "greeting" },
	{ "a1 STARTTLS\r\n", "a1 OK", false, NULL, "STARTTLS" },
};
static const struct exchange pop3[] = {
	{ NULL, "+OK", false, NULL, "greeting" },
	{ "STLS\r\n", "+OK", false, NULL, "STLS" },
};
static const struct exchange ftp[] = {
	{ NULL, "220", true, NULL, "greeting" },
	{ "AUTH TLS\r\n", "234", true, NULL, "AUTH TLS" },
};

static const struct {
	const char *name;
	const struct exchange *ex;
	size_t n;
	unsigned ports[3];
	enum banner banner;
} protos[] = {
	{ "smtp", smtp, 3, { 25, 587, 2525 }, BANNER_SMTP },
	{ "imap", imap, 2, { 143, 0, 0 }, BANNER_IMAP },
	{ "pop3", pop3, 2, { 110, 0, 0 }, BANNER_POP3 },
	{ "ftp", ftp, 2, { 21, 0, 0 }, BANNER_FTP },
	{ "postgres", NULL, 0, { 5432, 0, 0 }, BANNER_NONE },
};
#define NPROTOS (sizeof protos / sizeof protos[0])

bool starttls_known(const char *proto)
{
	for (size_t i = 0; i < NPROTOS; i++)
		if (!strcasecmp(protos[i].name, proto))
			return true;
	return false;
}

const char *starttls_for_port(unsigned port)
{
	for (size_t i = 0; i < NPROTOS; i++)
		for (size_t k = 0; k < 3; k++)
			if (protos[i].ports[k] && protos[i].ports[k] == port)
				return protos[i].name;
	return NULL;
}

const char *starttls_for_banner(enum banner b)
{
	for (size_t i = 0; i < NPROTOS; i++)
		if (b != BANNER_NONE && protos[i].banner == b)
			return protos[i].name;
	return NULL;
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* Read a (possibly multi-line) reply; the final line goes to last. */
static int read_reply(int fd, const struct exchange *e, struct trace *t, double t0, double deadline,
		      const volatile int *cancel, char *last, size_t lastlen, bool *has_need, char *reason,
		      size_t len)
{
	char line[LINE_MAX_BYTES];

	*has_need = e->need == NULL;
	for (int i = 0; i < MAX_LINES; i++) {
		ssize_t r = net_read_line(fd, line, sizeof line, deadline, cancel);
		if (r == -2) {
			trace_add_step(t, net_now_ms() - t0, DIR_LOCAL, LAYER_APP, 0, "timeout",
				       "no %s reply", e->what);
			snprintf(reason, len, "the server did not answer the %s in time", e->what);
			return -1;
		}
		if (r <= 0) {
			trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_TCP, 0, r == 0 ? "FIN" : "RST",
				       "connection closed during the %s", e->what);
			snprintf(reason, len, "the connection closed during the %s", e->what);
			return -1;
		}
		chomp(line);
		if (e->need && strcasestr(line, e->need))
			*has_need = true;
		trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, (unsigned)r, e->what, "%s", line);
		/* "250-X" continues, "250 X" ends (RFC 5321 4.2.1). */
		if (e->multiline && strlen(line) >= 4 && line[3] == '-')
			continue;
		snprintf(last, lastlen, "%s", line);
		return 0;
	}
	snprintf(reason, len, "the %s reply is endless (more than %d lines)", e->what, MAX_LINES);
	return -1;
}

static int postgres(int fd, struct trace *t, double t0, double deadline, const volatile int *cancel,
		    char *reason, size_t len)
{
	/* SSLRequest: length 8, code 80877103 (PostgreSQL protocol 53.2). */
	static const unsigned char req[8] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };
	char c;

	trace_add_step(t, net_now_ms() - t0, DIR_C2S, LAYER_APP, 8, "SSLRequest", "PostgreSQL asks for TLS");
	if (net_send_all(fd, req, sizeof req, deadline, cancel) < 0) {
		snprintf(reason, len, "sending the SSLRequest failed");
		return -1;
	}
	for (;;) {
		ssize_t r = recv(fd, &c, 1, 0);
		if (r == 1)
			break;
		if (r == 0 || net_wait(fd, POLLIN, deadline, cancel) != 1) {
			snprintf(reason, len, "no answer to the SSLRequest");
			return -1;
		}
	}
	trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, 1, "SSLResponse", "'%c'%s",
		       c >= 0x20 && c < 0x7f ? c : '?', c == 'S' ? " (TLS accepted)" : " (TLS refused)");
	if (c != 'S') {
		snprintf(reason, len, "the PostgreSQL server does not offer TLS (answered '%c')",
			 c >= 0x20 && c < 0x7f ? c : '?');
		return -1;
	}
	return 0;
}

int starttls_run(int fd, const char *proto, struct trace *t, double t0, double deadline,
		 const volatile int *cancel, char *reason, size_t len)
{
	size_t p;

	for (p = 0; p < NPROTOS; p++)
		if (!strcasecmp(protos[p].name, proto))
			break;
	if (p == NPROTOS) {
		snprintf(reason, len, "STARTTLS for %s is not supported", proto);
		return -1;
	}
	if (!protos[p].ex)
		return postgres(fd, t, t0, deadline, cancel, reason, len);
	for (size_t i = 0; i < protos[p].n; i++) {
		const struct exchange *e = &protos[p].ex[i];
		char last[LINE_MAX_BYTES];
		bool has_need;

		if (e->send) {
			char shown[64];
			snprintf(shown, sizeof shown, "%s", e->send);
			chomp(shown);
			trace_add_step(t, net_now_ms() - t0, DIR_C2S, LAYER_APP, (unsigned)strlen(e->send),
				       e->what, "%s", shown);
			if (net_send_all(fd, e->send, strlen(e->send), deadline, cancel) < 0) {
				snprintf(reason, len, "sending %s failed", e->what);
				return -1;
			}
		}
		if (read_reply(fd, e, t, t0, deadline, cancel, last, sizeof last, &has_need, reason, len) < 0)
			return -1;
		if (strncasecmp(last, e->ok, strlen(e->ok)) != 0) {
			char clean[128];
			snprintf(clean, sizeof clean, "%s", t->steps[t->nsteps - 1].summary);
			snprintf(reason, len, "the server refused %s: \"%s\"", e->what, clean);
			return -1;
		}
		if (!has_need) {
			snprintf(reason, len, "the server does not offer %s (not in its %s reply)", e->need, e->what);
			return -1;
		}
	}
	return 0;
}
