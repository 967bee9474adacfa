/* responder.c — the one fake server (responder.h): a handler per kind, in one table. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "hello.h"
#include "responder.h"
#include "xmalloc.h"

/* The caller's TLS server takes over (a filter let the hello through, STARTTLS said go). */
static void hand_over(const struct resp_env *e, int fd)
{
	if (e->tls)
		e->tls(e->arg, fd);
}

void resp_send_all(int fd, const void *p, size_t n)
{
	(void)!send(fd, p, n, MSG_NOSIGNAL);
}

static void rst_close(int fd)
{
	struct linger lg = { 1, 0 };
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
}

/* Wait for readable or the server stopping; 1 readable, 0 not. */
int resp_wait(int stop_fd, int fd, int ms)
{
	struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = stop_fd, .events = POLLIN } };
	return poll(p, 2, ms) > 0 && (p[0].revents & (POLLIN | POLLHUP)) && !(p[1].revents & POLLIN);
}

/* Peek at the whole first record (the ClientHello) without consuming it. */
static ssize_t peek_hello(const struct resp_env *e, int fd, unsigned char *buf, size_t cap)
{
	for (int tries = 0; tries < 50; tries++) {
		ssize_t n;
		if (!resp_wait(e->stop_fd, fd, 200))
			continue;
		n = recv(fd, buf, cap, MSG_PEEK);
		if (n <= 0)
			return -1;
		if (n >= 5 && (size_t)n >= 5 + ((size_t)buf[3] << 8 | buf[4]))
			return n;
		if ((size_t)n == cap)
			return n;
		usleep(10000);	/* the rest of the hello is on its way */
	}
	return -1;
}

static bool parse_hello(const unsigned char *buf, ssize_t n, struct hello_client *h)
{
	size_t hl;
	if (n < 9 || buf[0] != 0x16 || buf[5] != 1)
		return false;
	hl = (size_t)buf[6] << 16 | (size_t)buf[7] << 8 | buf[8];
	if (hl > (size_t)n - 9)
		hl = (size_t)n - 9;
	return hello_parse_client(buf + 9, hl, h) == 0;
}

/* Read up to cap-1 bytes until one of the markers shows up (or garbage/EOF/deadline). */
static size_t read_until(const struct resp_env *e, int fd, char *buf, size_t cap, const char *mark)
{
	size_t n = 0;
	while (n < cap - 1 && resp_wait(e->stop_fd, fd, e->deadline_ms)) {
		ssize_t r = recv(fd, buf + n, 1, 0);
		if (r != 1)
			break;
		buf[++n] = '\0';
		if (strstr(buf, mark) || (unsigned char)buf[0] == 0x16)
			break;
	}
	buf[n] = '\0';
	return n;
}

/* XMPP client-to-server (RFC 6120): stream features with <starttls/>, then <proceed/>.
 * A ClientHello instead of a stream header gets the stream error real servers send. */
static void serve_xmpp(const struct resp_env *e, int fd)
{
	static const char head[] = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
		"xmlns:stream='http://etherx.jabber.org/streams' id='lab1' from='xmpp.tlswiz.test' version='1.0'>";
	static const char feats[] = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
		"</starttls><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
		"</mechanisms></stream:features>";
	static const char bad[] = "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
		"</stream:error></stream:stream>";
	static const char go[] = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
	char buf[2048];
	size_t n = read_until(e, fd, buf, sizeof buf, "'>");

	if (!n)
		return;
	resp_send_all(fd, head, sizeof head - 1);
	if (!strstr(buf, "<stream:stream")) {
		resp_send_all(fd, bad, sizeof bad - 1);
		return;
	}
	resp_send_all(fd, feats, sizeof feats - 1);
	if (read_until(e, fd, buf, sizeof buf, "/>") && strstr(buf, "<starttls")) {
		resp_send_all(fd, go, sizeof go - 1);
		hand_over(e, fd);
	}
}

/* LDAP (RFC 4511): StartTLS extended operation answered with success; anything else gets
 * a Notice of Disconnection (protocolError), as OpenLDAP and AD send. */
static void serve_ldap(const struct resp_env *e, int fd)
{
	static const unsigned char ok[] = { 0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0a, 0x01, 0x00,
					    0x04, 0x00, 0x04, 0x00 };
	static const char oid[] = "1.3.6.1.4.1.1466.20036", msg[] = "unexpected data";
	unsigned char buf[512], notice[96];
	size_t n = 0, k = 0;

	if (!resp_wait(e->stop_fd, fd, e->deadline_ms))
		return;
	{
		ssize_t r = recv(fd, buf, sizeof buf, 0);
		if (r <= 0)
			return;
		n = (size_t)r;
	}
	if (buf[0] == 0x30 && memmem(buf, n, "1.3.6.1.4.1.1466.20037", 22)) {
		resp_send_all(fd, ok, sizeof ok);
		hand_over(e, fd);
		return;
	}
	/* 30 L | 02 01 00 | 78 L2 | 0a 01 02 | 04 00 | 04 len msg | 8a len oid */
	{
		size_t l2 = 3 + 2 + 2 + (sizeof msg - 1) + 2 + (sizeof oid - 1);
		notice[k++] = 0x30;
		notice[k++] = (unsigned char)(3 + 2 + l2);
		notice[k++] = 0x02; notice[k++] = 0x01; notice[k++] = 0x00;
		notice[k++] = 0x78; notice[k++] = (unsigned char)l2;
		notice[k++] = 0x0a; notice[k++] = 0x01; notice[k++] = 0x02;
		notice[k++] = 0x04; notice[k++] = 0x00;
		notice[k++] = 0x04; notice[k++] = sizeof msg - 1;
		memcpy(notice + k, msg, sizeof msg - 1);
		k += sizeof msg - 1;
		notice[k++] = 0x8a; notice[k++] = sizeof oid - 1;
		memcpy(notice + k, oid, sizeof oid - 1);
		k += sizeof oid - 1;
	}
	resp_send_all(fd, notice, k);
}

/* MySQL: protocol-10 greeting advertising CLIENT_SSL; an SSLRequest starts TLS; a
 * ClientHello sent blind gets "Bad handshake" like the real server. */
static void serve_mysql(const struct resp_env *e, int fd)
{
	static const char ver[] = "8.0.36-tlswiz-lab";
	static const unsigned char bad[] = { 0x13 + 4, 0, 0, 2, 0xff, 0x13, 0x04, '#', '0', '8', 'S', '0', '1',
					     'B', 'a', 'd', ' ', 'h', 'a', 'n', 'd', 's', 'h', 'a', 'k', 'e' };
	unsigned char g[128], hdr[4], body[64];
	size_t k = 4;

	g[k++] = 0x0a;
	memcpy(g + k, ver, sizeof ver);
	k += sizeof ver;
	g[k++] = 7; g[k++] = 0; g[k++] = 0; g[k++] = 0;			/* connection id */
	memcpy(g + k, "abcdefgh", 8);
	k += 8;
	g[k++] = 0;							/* filler */
	g[k++] = 0xff; g[k++] = 0xff;					/* caps low: incl. CLIENT_SSL */
	g[k++] = 0x2d;							/* charset */
	g[k++] = 0x02; g[k++] = 0x00;					/* status */
	g[k++] = 0xff; g[k++] = 0xdf;					/* caps high */
	g[k++] = 21;
	memset(g + k, 0, 10);
	k += 10;
	memcpy(g + k, "ijklmnopqrst", 13);
	k += 13;
	memcpy(g + k, "caching_sha2_password", 22);
	k += 22;
	g[0] = (unsigned char)(k - 4);
	g[1] = 0;
	g[2] = 0;
	g[3] = 0;
	resp_send_all(fd, g, k);
	if (!resp_wait(e->stop_fd, fd, e->deadline_ms) || recv(fd, hdr, 4, MSG_WAITALL) != 4)
		return;
	if (hdr[0] == 32 && hdr[1] == 0 && hdr[2] == 0 && hdr[3] == 1 &&
	    recv(fd, body, 32, MSG_WAITALL) == 32 && (body[1] & 0x08)) {
		hand_over(e, fd);
		return;
	}
	resp_send_all(fd, bad, sizeof bad);
}

static void serve_smtp(const struct resp_env *e, int fd)
{
	static const char greet[] = "220 smtp.tlswiz.test ESMTP tlswiz-lab\r\n";
	char line[512];
	size_t n = 0;

	resp_send_all(fd, greet, sizeof greet - 1);
	while (resp_wait(e->stop_fd, fd, e->deadline_ms)) {
		char c;
		if (recv(fd, &c, 1, 0) != 1)
			return;
		if (n < sizeof line - 1)
			line[n++] = c;
		if (c != '\n')
			continue;
		line[n] = '\0';
		n = 0;
		if (!strncasecmp(line, "EHLO", 4) || !strncasecmp(line, "HELO", 4)) {
			static const char ehlo[] = "250-smtp.tlswiz.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n";
			resp_send_all(fd, ehlo, sizeof ehlo - 1);
		} else if (!strncasecmp(line, "STARTTLS", 8)) {
			static const char go[] = "220 2.0.0 Ready to start TLS\r\n";
			resp_send_all(fd, go, sizeof go - 1);
			hand_over(e, fd);
			return;
		} else if (!strncasecmp(line, "QUIT", 4)) {
			resp_send_all(fd, "221 2.0.0 Bye\r\n", 15);
			return;
		} else {
			static const char no[] = "502 5.5.2 Error: command not recognized\r\n";
			resp_send_all(fd, no, sizeof no - 1);
			return;
		}
	}
}

static size_t canned_server_hello(unsigned char *out, unsigned version)
{
	return resp_server_hello(out, version, 0xc02f);
}

/* A ServerHello record choosing suite at version, renegotiation_info only. */
size_t resp_server_hello(unsigned char *out, unsigned version, unsigned suite)
{
	unsigned char tail[] = { 0x00, (unsigned char)(suite >> 8), (unsigned char)suite, 0x00, 0x00, 0x05, 0xff,
				 0x01, 0x00, 0x01, 0x00 };
	size_t body = 2 + 32 + sizeof tail, n = 0;
	out[n++] = 0x16;
	out[n++] = (unsigned char)(version >> 8);
	out[n++] = (unsigned char)version;
	out[n++] = (unsigned char)((body + 4) >> 8);
	out[n++] = (unsigned char)(body + 4);
	out[n++] = 0x02;
	out[n++] = 0;
	out[n++] = (unsigned char)(body >> 8);
	out[n++] = (unsigned char)body;
	out[n++] = (unsigned char)(version >> 8);
	out[n++] = (unsigned char)version;
	for (int i = 0; i < 32; i++)
		out[n++] = (unsigned char)(0x40 + i);
	memcpy(out + n, tail, sizeof tail);
	return n + sizeof tail;
}

static void put_record(unsigned char *out, size_t *n, unsigned type, const void *body, size_t len)
{
	out[(*n)++] = (unsigned char)type;
	out[(*n)++] = 3;
	out[(*n)++] = 3;
	out[(*n)++] = (unsigned char)(len >> 8);
	out[(*n)++] = (unsigned char)len;
	memcpy(out + *n, body, len);
	*n += len;
}

/* Wait for the ClientHello and consume all of it (buf may be small: the rest is drained,
 * or the close would turn into a RST). */
static bool read_hello(const struct resp_env *e, int fd, unsigned char *buf, size_t cap)
{
	unsigned char sink[16384];
	ssize_t r;
	if (!resp_wait(e->stop_fd, fd, 5000) || (r = recv(fd, sink, sizeof sink, 0)) <= 0)
		return false;
	memcpy(buf, sink, (size_t)r < cap ? (size_t)r : cap);
	return true;
}

/* ServerHello TLS1.2, then one Certificate message with 150 copies of the leaf, then
 * ServerHelloDone: no key exchange, so the client must stop cleanly. */
static void serve_chain150(const struct resp_env *e, int fd)
{
	const struct { const unsigned char *data; size_t size; } l = { e->leaf, e->leaf_len }, *leaf = &l;
	size_t one = 3 + leaf->size, list = 150 * one, msg = 4 + 3 + list, n, off = 0;
	unsigned char *m = xmalloc(msg), sh[128], *out = xmalloc(msg + (msg / 16384 + 1) * 5 + 256);
	static const unsigned char done[] = { 0x0e, 0, 0, 0 };

	if (!read_hello(e, fd, sh, sizeof sh)) {
		free(m);
		free(out);
		return;
	}
	m[0] = 11;
	m[1] = (unsigned char)((msg - 4) >> 16);
	m[2] = (unsigned char)((msg - 4) >> 8);
	m[3] = (unsigned char)(msg - 4);
	m[4] = (unsigned char)(list >> 16);
	m[5] = (unsigned char)(list >> 8);
	m[6] = (unsigned char)list;
	for (int i = 0; i < 150; i++) {
		unsigned char *p = m + 7 + (size_t)i * one;
		p[0] = (unsigned char)(leaf->size >> 16);
		p[1] = (unsigned char)(leaf->size >> 8);
		p[2] = (unsigned char)leaf->size;
		memcpy(p + 3, leaf->data, leaf->size);
	}
	n = canned_server_hello(out, 0x0303);
	while (off < msg) {
		size_t chunk = msg - off > 16384 ? 16384 : msg - off;
		put_record(out, &n, 22, m + off, chunk);
		off += chunk;
	}
	put_record(out, &n, 22, done, sizeof done);
	resp_send_all(fd, out, n);
	resp_wait(e->stop_fd, fd, 5000);
	free(m);
	free(out);
}

/* A Certificate header claiming 16 MiB - 1, then records of zeros as fast as they go,
 * until the client gives up (or 16 MiB are out). */
static void serve_bigcert(const struct resp_env *e, int fd)
{
	unsigned char buf[16384 + 5], sh[128];
	size_t n = 0, sent = 0;
	static const unsigned char head[] = { 11, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc };

	if (!read_hello(e, fd, buf, sizeof buf))
		return;
	n = canned_server_hello(sh, 0x0303);
	resp_send_all(fd, sh, n);
	n = 0;
	put_record(buf, &n, 22, head, sizeof head);
	resp_send_all(fd, buf, n);
	memset(buf, 0, sizeof buf);
	buf[0] = 22; buf[1] = 3; buf[2] = 3; buf[3] = 0x40; buf[4] = 0;
	while (sent < (16u << 20)) {
		if (send(fd, buf, sizeof buf, MSG_NOSIGNAL) != (ssize_t)sizeof buf)
			return;
		sent += 16384;
	}
}

static void serve_lying_record(const struct resp_env *e, int fd)
{
	unsigned char buf[512];
	if (!read_hello(e, fd, buf, sizeof buf))
		return;
	canned_server_hello(buf, 0x0303);
	buf[3] = 0xff;	/* the record claims 65535 bytes */
	buf[4] = 0xff;
	resp_send_all(fd, buf, 200);
	resp_wait(e->stop_fd, fd, 5000);
}

/* ServerHello whose extensions block says 40 bytes where 9 follow, with an extension
 * whose length runs past the block. */
static void serve_bad_ext(const struct resp_env *e, int fd)
{
	unsigned char buf[512], body[128];
	size_t b = 0, n = 0;
	if (!read_hello(e, fd, buf, sizeof buf))
		return;
	body[b++] = 2; body[b++] = 0; body[b++] = 0; body[b++] = 0;	/* type, length patched */
	body[b++] = 3; body[b++] = 3;
	for (int i = 0; i < 32; i++)
		body[b++] = (unsigned char)(0x20 + i);
	body[b++] = 0;						/* session id */
	body[b++] = 0xc0; body[b++] = 0x2f; body[b++] = 0;	/* suite, compression */
	body[b++] = 0; body[b++] = 40;				/* extensions: claims 40 */
	body[b++] = 0xff; body[b++] = 0x01; body[b++] = 0x00; body[b++] = 0x30;	/* renego, claims 48 */
	body[b++] = 0x00; body[b++] = 0x0b; body[b++] = 0x00; body[b++] = 0x02; body[b++] = 0x01;
	body[3] = (unsigned char)(b - 4);
	put_record(buf, &n, 22, body, b);
	resp_send_all(fd, buf, n);
	resp_wait(e->stop_fd, fd, 5000);
}

/* HelloRetryRequest (RFC 8446 4.1.3: the special random) for x25519, for every hello. */
static void serve_hrr_loop(const struct resp_env *e, int fd)
{
	static const unsigned char hrr_random[32] = {
		0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
		0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C };
	unsigned char buf[4096], body[128], rec[160];
	for (int round = 0; round < 50; round++) {
		size_t b = 0, n = 0;
		struct hello_client h;
		ssize_t r;
		if (!resp_wait(e->stop_fd, fd, 5000) || (r = recv(fd, buf, sizeof buf, 0)) <= 0)
			return;
		if (buf[0] != 22 || !parse_hello(buf, (size_t)r, &h))
			continue;	/* a CCS or the rest of a hello */
		body[b++] = 2; body[b++] = 0; body[b++] = 0; body[b++] = 0;
		body[b++] = 3; body[b++] = 3;
		memcpy(body + b, hrr_random, 32);
		b += 32;
		body[b++] = 0;
		body[b++] = 0x13; body[b++] = 0x01; body[b++] = 0;
		body[b++] = 0; body[b++] = 12;
		body[b++] = 0x00; body[b++] = 0x2b; body[b++] = 0; body[b++] = 2; body[b++] = 3; body[b++] = 4;
		/* ask for a group again and again, alternating */
		body[b++] = 0x00; body[b++] = 0x33; body[b++] = 0; body[b++] = 2;
		body[b++] = 0x00; body[b++] = round & 1 ? 0x1d : 0x17;
		body[3] = (unsigned char)(b - 4);
		put_record(rec, &n, 22, body, b);
		resp_send_all(fd, rec, n);
	}
}

/* Warning alerts (user_canceled, 1/90) as fast as the socket takes them, for 10 s. */
static void serve_alert_flood(const struct resp_env *e, int fd)
{
	unsigned char buf[4096];
	size_t n = 0;
	double end;
	if (!read_hello(e, fd, buf, sizeof buf))
		return;
	while (n + 7 <= sizeof buf) {
		static const unsigned char a[] = { 1, 90 };
		put_record(buf, &n, 21, a, 2);
	}
	end = (double)time(NULL) + e->deadline_ms / 1000;
	while ((double)time(NULL) < end) {
		struct pollfd p = { e->stop_fd, POLLIN, 0 };
		if (send(fd, buf, n, MSG_NOSIGNAL) <= 0 || poll(&p, 1, 0) > 0)
			return;
	}
}

/* The ServerHello, one byte a second. */
static void serve_drip(const struct resp_env *e, int fd)
{
	unsigned char buf[512], sh[128];
	size_t len;
	if (!read_hello(e, fd, buf, sizeof buf))
		return;
	len = canned_server_hello(sh, 0x0303);
	for (size_t i = 0; i < len; i++) {
		if (send(fd, sh + i, 1, MSG_NOSIGNAL) != 1)
			return;
		/* returns early when the client closes or the server stops */
		if (resp_wait(e->stop_fd, fd, 1000))
			return;
	}
}

/* ---- the kinds that only read a hello, or answer it in one go ---- */

static void serve_silent(const struct resp_env *e, int fd)
{
	resp_wait(e->stop_fd, e->stop_fd, e->deadline_ms);
}

static void serve_rst(const struct resp_env *e, int fd)
{
	unsigned char buf[16384];
	if (resp_wait(e->stop_fd, fd, 5000))
		(void)!recv(fd, buf, sizeof buf, 0);
	rst_close(fd);
}

static void serve_close(const struct resp_env *e, int fd)
{
	unsigned char buf[16384];
	if (resp_wait(e->stop_fd, fd, 5000))
		(void)!recv(fd, buf, sizeof buf, 0);
}

/* One SNI name is filtered (RST or silence), the rest gets TLS. */
static void serve_sni_filter(const struct resp_env *e, int fd, bool rst)
{
	unsigned char buf[16384];
	struct hello_client h;
	ssize_t n = peek_hello(e, fd, buf, sizeof buf);
	if (n > 0 && parse_hello(buf, n, &h) && e->sni && !strcasecmp(h.sni, e->sni)) {
		if (rst)
			rst_close(fd);
		else
			resp_wait(e->stop_fd, e->stop_fd, e->deadline_ms);
		return;
	}
	hand_over(e, fd);
}

static void serve_rst_sni(const struct resp_env *e, int fd)
{
	serve_sni_filter(e, fd, true);
}

static void serve_drop_sni(const struct resp_env *e, int fd)
{
	serve_sni_filter(e, fd, false);
}

static void serve_intolerant(const struct resp_env *e, int fd)
{
	unsigned char buf[16384];
	struct hello_client h;
	ssize_t n = peek_hello(e, fd, buf, sizeof buf);
	if (n > 0 && parse_hello(buf, n, &h)) {
		for (size_t i = 0; i < h.nversions; i++)
			if (h.versions[i] == 0x0304)
				return;	/* close: the old box cannot parse it */
	}
	hand_over(e, fd);
}

/* A middlebox that chokes on long hellos: anything over 255 bytes is never answered. */
static void serve_bighello(const struct resp_env *e, int fd)
{
	unsigned char buf[16384];
	ssize_t n = peek_hello(e, fd, buf, sizeof buf);
	if (n > 5 && (size_t)((buf[3] << 8) | buf[4]) > 255) {
		resp_wait(e->stop_fd, e->stop_fd, 3000);
		return;
	}
	hand_over(e, fd);
}

/* An SSLv2 CLIENT-HELLO gets an SSLv2 SERVER-HELLO (the leaf as its certificate,
 * DES-CBC3-MD5 as the only kind); a TLS hello gets alert protocol_version. */
static void serve_ssl2(const struct resp_env *e, int fd)
{
	unsigned char buf[16384], reply[4096];
	size_t len, k = 0;
	ssize_t n;
	if (!resp_wait(e->stop_fd, fd, 5000) || (n = recv(fd, buf, sizeof buf, 0)) <= 2)
		return;
	if (!(buf[0] & 0x80) || buf[2] != 0x01) {
		static const unsigned char alert70[] = { 0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 70 };
		resp_send_all(fd, alert70, sizeof alert70);
		return;
	}
	len = 11 + e->leaf_len + 3 + 16;
	if (len + 2 > sizeof reply || len > 0x7fff)
		return;
	reply[k++] = (unsigned char)(0x80 | (len >> 8));
	reply[k++] = (unsigned char)len;
	reply[k++] = 0x04;			/* SERVER-HELLO */
	reply[k++] = 0x00;			/* session id hit */
	reply[k++] = 0x01;			/* X.509 certificate */
	reply[k++] = 0x00;
	reply[k++] = 0x02;			/* SSL 2.0 */
	reply[k++] = (unsigned char)(e->leaf_len >> 8);
	reply[k++] = (unsigned char)e->leaf_len;
	reply[k++] = 0x00;
	reply[k++] = 0x03;			/* one cipher kind */
	reply[k++] = 0x00;
	reply[k++] = 16;			/* connection id */
	memcpy(reply + k, e->leaf, e->leaf_len);
	k += e->leaf_len;
	reply[k++] = 0x07;
	reply[k++] = 0x00;
	reply[k++] = 0xc0;
	memset(reply + k, 0x5a, 16);
	k += 16;
	resp_send_all(fd, reply, k);
}

/* Server order: the first of these the client offers; TLS1.0-1.2 only. */
static void serve_export(const struct resp_env *e, int fd)
{
	static const unsigned mine[] = { 0x0008, 0x0003, 0x0014, 0x0009, 0x0015, 0x0002 };
	unsigned char buf[16384], sh[128];
	struct hello_client h;
	unsigned pick = 0, ver;
	ssize_t n = peek_hello(e, fd, buf, sizeof buf);
	if (n <= 0 || !parse_hello(buf, n, &h))
		return;
	(void)!recv(fd, buf, sizeof buf, 0);
	ver = h.legacy_version > 0x0303 ? 0x0303 : h.legacy_version;
	for (size_t i = 0; i < h.nversions; i++)
		if (h.versions[i] == 0x0304 && h.nversions == 1)
			ver = 0;	/* a TLS1.3-only hello: nothing to offer */
	for (size_t k = 0; k < sizeof mine / sizeof mine[0] && !pick; k++)
		for (size_t i = 0; i < h.nsuites; i++)
			if (h.suites[i] == mine[k])
				pick = mine[k];
	if (!pick || ver < 0x0301) {
		unsigned char alert[] = { 0x15, 0x03, 0x01, 0x00, 0x02, 0x02, ver < 0x0301 ? 70 : 40 };
		resp_send_all(fd, alert, sizeof alert);
		return;
	}
	{
		/* the flight ends with ServerHelloDone (no certificate: nobody gets further) */
		size_t len = resp_server_hello(sh, ver, pick);
		const unsigned char done[] = { 0x16, (unsigned char)(ver >> 8), (unsigned char)ver, 0, 4, 14, 0, 0, 0 };
		memcpy(sh + len, done, sizeof done);
		resp_send_all(fd, sh, len + sizeof done);
	}
	resp_wait(e->stop_fd, fd, 2000);
}

/* A ServerHello (TLS1.2, or SSLv3), then silence (stall) or close. */
static void serve_hello_then(const struct resp_env *e, int fd, unsigned version, bool stall)
{
	unsigned char buf[16384], sh[128];
	size_t len;
	if (!resp_wait(e->stop_fd, fd, 5000) || recv(fd, buf, sizeof buf, 0) <= 0)
		return;
	len = canned_server_hello(sh, version);
	resp_send_all(fd, sh, len);
	if (stall)
		resp_wait(e->stop_fd, e->stop_fd, e->deadline_ms);
}

static void serve_stall(const struct resp_env *e, int fd)
{
	serve_hello_then(e, fd, 0x0303, true);
}

static void serve_ssl3(const struct resp_env *e, int fd)
{
	serve_hello_then(e, fd, 0x0300, false);
}

static void serve_http(const struct resp_env *e, int fd)
{
	static const char resp[] = "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\n"
				   "Content-Length: 0\r\nConnection: close\r\n\r\n";
	unsigned char buf[16384];
	if (resp_wait(e->stop_fd, fd, 5000))
		(void)!recv(fd, buf, sizeof buf, 0);
	resp_send_all(fd, resp, sizeof resp - 1);
}

static void serve_ssh(const struct resp_env *e, int fd)
{
	static const char banner[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";
	unsigned char buf[16384];
	resp_send_all(fd, banner, sizeof banner - 1);
	if (resp_wait(e->stop_fd, fd, 5000))
		(void)!recv(fd, buf, sizeof buf, 0);
}

/* ESMTP without STARTTLS: the EHLO lists no STARTTLS, the command is refused. */
static void serve_smtp_no_starttls(const struct resp_env *e, int fd)
{
	static const char greet[] = "220 mail.tlswiz.test ESMTP Postfix\r\n";
	static const char ehlo[] = "250-mail.tlswiz.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n";
	static const char refuse[] = "502 5.5.1 Error: command not implemented\r\n";
	char buf[4096];
	resp_send_all(fd, greet, sizeof greet - 1);
	for (int i = 0; i < 3; i++) {
		if (resp_wait(e->stop_fd, fd, 5000))
			(void)!recv(fd, buf, sizeof buf, 0);
		resp_send_all(fd, i == 0 ? ehlo : refuse, i == 0 ? sizeof ehlo - 1 : sizeof refuse - 1);
	}
}

static void serve_proxy_refusal(const struct resp_env *e, int fd, const char *reply)
{
	char buf[4096];
	if (resp_wait(e->stop_fd, fd, 5000))
		(void)!recv(fd, buf, sizeof buf, 0);
	resp_send_all(fd, reply, strlen(reply));
}

static void serve_proxy_407(const struct resp_env *e, int fd)
{
	serve_proxy_refusal(e, fd, "HTTP/1.1 407 Proxy Authentication Required\r\n"
				   "Proxy-Authenticate: Basic realm=\"lab\"\r\nContent-Length: 0\r\n\r\n");
}

static void serve_proxy_403(const struct resp_env *e, int fd)
{
	serve_proxy_refusal(e, fd, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
}

static void (*const handlers[R__COUNT])(const struct resp_env *, int) = {
	[R_SILENT] = serve_silent, [R_RST] = serve_rst, [R_RST_SNI] = serve_rst_sni, [R_DROP_SNI] = serve_drop_sni,
	[R_STALL] = serve_stall, [R_HTTP] = serve_http, [R_SSH] = serve_ssh, [R_CLOSE] = serve_close,
	[R_SMTP] = serve_smtp, [R_SMTP_NO_STARTTLS] = serve_smtp_no_starttls, [R_XMPP] = serve_xmpp,
	[R_LDAP] = serve_ldap, [R_MYSQL] = serve_mysql, [R_INTOLERANT] = serve_intolerant,
	[R_BIGHELLO] = serve_bighello, [R_SSL3] = serve_ssl3, [R_SSL2] = serve_ssl2, [R_EXPORT] = serve_export,
	[R_PROXY_407] = serve_proxy_407, [R_PROXY_403] = serve_proxy_403, [R_CHAIN150] = serve_chain150,
	[R_BIGCERT] = serve_bigcert, [R_LYING_RECORD] = serve_lying_record, [R_BAD_EXT] = serve_bad_ext,
	[R_HRR_LOOP] = serve_hrr_loop, [R_ALERT_FLOOD] = serve_alert_flood, [R_DRIP] = serve_drip,
};

void responder_serve(enum resp_kind k, const struct resp_env *env, int fd)
{
	if ((unsigned)k < R__COUNT && handlers[k])
		handlers[k](env, fd);
}
