/* starttls.c — STARTTLS dialogues: line protocols as tables of (send, expect) exchanges
 * (RFC 3207 SMTP, RFC 2595 IMAP/POP3, RFC 4217 FTP) and the binary or XML ones by hand
 * (PostgreSQL SSLRequest, RFC 6120 XMPP, RFC 4511 LDAP StartTLS, MySQL SSLRequest).
 * Every read is capped and sanitised into the trace; every wait has the probe's deadline;
 * nothing past the server's "go ahead" is consumed (the TLS handshake follows). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <strings.h>

#include "net.h"
#include "starttls.h"
#include "text.h"
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
	{ "xmpp", NULL, 0, { 5222, 0, 0 }, BANNER_XMPP },
	{ "ldap", NULL, 0, { 389, 0, 0 }, BANNER_LDAP },
	{ "mysql", NULL, 0, { 3306, 0, 0 }, BANNER_MYSQL },
};
#define NPROTOS (sizeof protos / sizeof protos[0])

const char *starttls_names(void)
{
	static char buf[128];
	size_t o = 0;
	if (!buf[0])
		for (size_t i = 0; i < NPROTOS && o < sizeof buf; i++)
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? " " : "", protos[i].name);
	return buf;
}

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
		if (r == -3) {
			trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, NET_LINE_BUDGET, e->what,
				       "a line longer than %d bytes", NET_LINE_BUDGET);
			snprintf(reason, len, "a line of the %s reply is longer than %d bytes (cap)", e->what,
				 NET_LINE_BUDGET);
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

/* Read exactly n bytes before the deadline. 0 ok, -1 EOF/error, -2 deadline. */
static int read_exact(int fd, void *buf, size_t n, double deadline, const volatile int *cancel)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = recv(fd, (char *)buf + got, n - got, 0);
		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r == 0)
			return -1;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (net_wait(fd, POLLIN, deadline, cancel) != 1)
			return -2;
	}
	return 0;
}

/* XMPP (RFC 6120 5.4): open a stream, wait for <stream:features> with <starttls/>, ask,
 * wait for <proceed/>. XML is read byte by byte up to the end of the element we need. */
static int xmpp_until(int fd, const char *const *ends, size_t nends, char *buf, size_t cap,
		      double deadline, const volatile int *cancel, int *which)
{
	size_t n = 0;
	while (n < cap - 1) {
		int r = read_exact(fd, buf + n, 1, deadline, cancel);
		if (r < 0)
			return r;
		buf[++n] = '\0';
		for (size_t i = 0; i < nends; i++)
			if (strstr(buf, ends[i])) {
				*which = (int)i;
				return 0;
			}
	}
	return -3;
}

static int xmpp(int fd, const char *host, struct trace *t, double t0, double deadline,
		const volatile int *cancel, char *reason, size_t len)
{
	char open_[512], buf[16384];
	static const char ask[] = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
	static const char *const f_end[] = { "</stream:features>", "</stream:stream>", "<stream:error" };
	static const char *const p_end[] = { "<proceed", "<failure", "</stream:stream>" };
	int which = -1, r;

	snprintf(open_, sizeof open_, "<?xml version='1.0'?><stream:stream to='%s' version='1.0' "
		 "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>", host);
	trace_add_step(t, net_now_ms() - t0, DIR_C2S, LAYER_APP, (unsigned)strlen(open_), "stream",
		       "<stream:stream to='%s'>", host);
	if (net_send_all(fd, open_, strlen(open_), deadline, cancel) < 0) {
		snprintf(reason, len, "sending the XMPP stream header failed");
		return -1;
	}
	r = xmpp_until(fd, f_end, 3, buf, sizeof buf, deadline, cancel, &which);
	if (r < 0 || which != 0) {
		trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, 0, "features", "%s",
			       r == -2 ? "no reply" : r == -3 ? "reply too long" : "stream closed or error");
		snprintf(reason, len, "the XMPP server sent no stream features%s",
			 r == -2 ? " in time" : which == 2 ? " (stream error)" : "");
		return -1;
	}
	{
		bool offered = strstr(buf, "urn:ietf:params:xml:ns:xmpp-tls") != NULL;
		trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, (unsigned)strlen(buf), "features",
			       "stream features%s", offered ? " with <starttls/>" : ", no <starttls/>");
		if (!offered) {
			snprintf(reason, len, "the XMPP server does not offer STARTTLS in its stream features");
			return -1;
		}
	}
	trace_add_step(t, net_now_ms() - t0, DIR_C2S, LAYER_APP, sizeof ask - 1, "STARTTLS", "<starttls/>");
	if (net_send_all(fd, ask, sizeof ask - 1, deadline, cancel) < 0) {
		snprintf(reason, len, "sending <starttls/> failed");
		return -1;
	}
	r = xmpp_until(fd, p_end, 3, buf, sizeof buf, deadline, cancel, &which);
	if (r == 0 && which == 0) {
		/* finish the element: "<proceed xmlns='...'/>" */
		size_t n = strlen(buf);
		while (n < sizeof buf - 1 && buf[n - 1] != '>' && read_exact(fd, buf + n, 1, deadline, cancel) == 0)
			buf[++n] = '\0';
		trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, (unsigned)n, "proceed", "<proceed/>");
		return 0;
	}
	trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, 0, "STARTTLS", "%s",
		       r == 0 && which == 1 ? "<failure/>" : "no <proceed/>");
	snprintf(reason, len, "the XMPP server refused STARTTLS%s", r == 0 && which == 1 ? " (<failure/>)" : "");
	return -1;
}

/* LDAP StartTLS (RFC 4511 4.14): ExtendedRequest 1.3.6.1.4.1.1466.20037, messageID 1;
 * the ExtendedResponse's resultCode must be success (0). */
static int ldap(int fd, struct trace *t, double t0, double deadline, const volatile int *cancel,
		char *reason, size_t len)
{
	static const unsigned char req[] = {
		0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16,
		'1', '.', '3', '.', '6', '.', '1', '.', '4', '.', '1', '.', '1', '4', '6', '6', '.',
		'2', '0', '0', '3', '7' };
	unsigned char hdr[2], body[4096];
	size_t blen, o;
	int code = -1;
	char msg[128] = "";

	trace_add_step(t, net_now_ms() - t0, DIR_C2S, LAYER_APP, sizeof req, "StartTLS",
		       "ExtendedRequest 1.3.6.1.4.1.1466.20037");
	if (net_send_all(fd, req, sizeof req, deadline, cancel) < 0) {
		snprintf(reason, len, "sending the LDAP StartTLS request failed");
		return -1;
	}
	if (read_exact(fd, hdr, 2, deadline, cancel) < 0 || hdr[0] != 0x30) {
		trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, 0, "StartTLS", "no LDAP reply");
		snprintf(reason, len, "no LDAP answer to StartTLS");
		return -1;
	}
	if (hdr[1] & 0x80) {
		unsigned char l[4];
		size_t k = hdr[1] & 0x7f;
		if (k == 0 || k > 2 || read_exact(fd, l, k, deadline, cancel) < 0) {
			snprintf(reason, len, "a malformed LDAP reply");
			return -1;
		}
		blen = k == 1 ? l[0] : (size_t)l[0] << 8 | l[1];
	} else {
		blen = hdr[1];
	}
	if (blen > sizeof body || read_exact(fd, body, blen, deadline, cancel) < 0) {
		snprintf(reason, len, "the LDAP reply is too long or cut short");
		return -1;
	}
	/* 02 01 id | 78 len | 0a 01 code | 04 dnlen dn | 04 msglen msg */
	o = 0;
	if (blen > 2 && body[o] == 0x02 && body[o + 1] <= 4)
		o += 2 + body[o + 1];
	if (o + 2 < blen && body[o] == 0x78) {
		o += 2;
		if (body[o - 1] & 0x80)
			o += body[o - 1] & 0x7f;
		if (o + 2 < blen && body[o] == 0x0a && body[o + 1] == 1) {
			code = body[o + 2];
			o += 3;
			if (o + 1 < blen && body[o] == 0x04 && body[o + 1] < 0x80)
				o += 2 + body[o + 1];
			if (o + 1 < blen && body[o] == 0x04 && body[o + 1] < 0x80 && o + 2 + body[o + 1] <= blen)
				text_sanitize(msg, sizeof msg, body + o + 2, body[o + 1]);
		}
	}
	trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, (unsigned)(blen + 2), "StartTLS",
		       "ExtendedResponse resultCode %d%s%s", code, msg[0] ? ": " : "", msg);
	if (code != 0) {
		snprintf(reason, len, "the LDAP server refused StartTLS (resultCode %d%s%s)", code,
			 msg[0] ? ": " : "", msg);
		return -1;
	}
	return 0;
}

/* MySQL/MariaDB: the server's Initial Handshake must advertise CLIENT_SSL (0x0800); the
 * client answers with a 32-byte SSLRequest (sequence 1) and starts TLS. */
static int mysql(int fd, struct trace *t, double t0, double deadline, const volatile int *cancel,
		 char *reason, size_t len)
{
	unsigned char hdr[4], body[1024], req[36] = { 32, 0, 0, 1 };
	size_t blen, o;
	char ver[64];
	unsigned caps;
	static const unsigned flags = 0x1 | 0x200 | 0x800 | 0x8000 | 0x80000;

	if (read_exact(fd, hdr, 4, deadline, cancel) < 0) {
		trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, 0, "greeting", "no MySQL greeting");
		snprintf(reason, len, "no MySQL greeting");
		return -1;
	}
	blen = hdr[0] | (size_t)hdr[1] << 8 | (size_t)hdr[2] << 16;
	if (blen < 1 || blen > sizeof body || read_exact(fd, body, blen, deadline, cancel) < 0) {
		snprintf(reason, len, "the MySQL greeting is malformed");
		return -1;
	}
	if (body[0] == 0xff) {
		char m[160] = "";
		if (blen > 9)
			text_sanitize(m, sizeof m, body + 9, blen - 9);
		trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, (unsigned)blen + 4, "greeting", "error: %s", m);
		snprintf(reason, len, "the MySQL server refused the connection: %s", m);
		return -1;
	}
	for (o = 1; o < blen && body[o]; o++)
		;
	text_sanitize(ver, sizeof ver, body + 1, o - 1 < 60 ? o - 1 : 60);
	o += 1 + 4 + 8 + 1;	/* NUL, connection id, auth data part 1, filler */
	if (body[0] != 0x0a || o + 2 > blen) {
		snprintf(reason, len, "the MySQL greeting is not protocol 10");
		return -1;
	}
	caps = body[o] | (unsigned)body[o + 1] << 8;
	trace_add_step(t, net_now_ms() - t0, DIR_S2C, LAYER_APP, (unsigned)blen + 4, "greeting",
		       "MySQL %s%s", ver, caps & 0x800 ? ", TLS offered" : ", no TLS");
	if (!(caps & 0x800)) {
		snprintf(reason, len, "the MySQL server does not offer TLS (no CLIENT_SSL; have_ssl is off)");
		return -1;
	}
	req[4] = flags & 0xff;
	req[5] = (flags >> 8) & 0xff;
	req[6] = (flags >> 16) & 0xff;
	req[11] = 0x01;		/* max packet 16 MiB */
	req[12] = 0x2d;		/* utf8mb4_general_ci */
	trace_add_step(t, net_now_ms() - t0, DIR_C2S, LAYER_APP, sizeof req, "SSLRequest", "MySQL asks for TLS");
	if (net_send_all(fd, req, sizeof req, deadline, cancel) < 0) {
		snprintf(reason, len, "sending the MySQL SSLRequest failed");
		return -1;
	}
	return 0;
}

int starttls_run(int fd, const char *proto, const char *host, struct trace *t, double t0, double deadline,
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
	if (!strcmp(protos[p].name, "xmpp"))
		return xmpp(fd, host && host[0] ? host : "localhost", t, t0, deadline, cancel, reason, len);
	if (!strcmp(protos[p].name, "ldap"))
		return ldap(fd, t, t0, deadline, cancel, reason, len);
	if (!strcmp(protos[p].name, "mysql"))
		return mysql(fd, t, t0, deadline, cancel, reason, len);
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
