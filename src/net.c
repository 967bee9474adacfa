/* net.c — name resolution and TCP connection with deadlines and a failure taxonomy
 * (curl's habit: say exactly which layer failed). Never blocks past a deadline. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "net.h"

double net_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

bool net_is_ip_literal(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

static void addr_text(struct net_addr *a)
{
	const void *p = a->family == AF_INET6
		? (const void *)&((struct sockaddr_in6 *)&a->ss)->sin6_addr
		: (const void *)&((struct sockaddr_in *)&a->ss)->sin_addr;
	if (!inet_ntop(a->family, p, a->text, sizeof a->text))
		snprintf(a->text, sizeof a->text, "?");
}

static void resolved_add(struct net_resolved *out, const struct addrinfo *ai)
{
	struct net_addr *a;

	if (out->n >= NET_MAX_ADDRS || ai->ai_addrlen > sizeof a->ss)
		return;
	for (size_t i = 0; i < out->n; i++)
		if (out->addrs[i].len == ai->ai_addrlen &&
		    memcmp(&out->addrs[i].ss, ai->ai_addr, ai->ai_addrlen) == 0)
			return;
	a = &out->addrs[out->n++];
	memset(a, 0, sizeof *a);
	memcpy(&a->ss, ai->ai_addr, ai->ai_addrlen);
	a->len = ai->ai_addrlen;
	a->family = ai->ai_family;
	addr_text(a);
}

int net_resolve(const char *host, unsigned short port, enum family fam, int timeout_ms,
		struct net_resolved *out)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	struct gaicb req = { 0 }, *list[1] = { &req };
	struct timespec ts;
	char portstr[8];
	double t0 = net_now_ms();
	int rc;

	memset(out, 0, sizeof *out);
	{
		/* .invalid never exists (RFC 6761 6.4): answer without asking any resolver. */
		size_t hl = strlen(host);
		while (hl && host[hl - 1] == '.')
			hl--;
		if ((hl == 7 || (hl > 7 && host[hl - 8] == '.')) && hl >= 7 &&
		    strncasecmp(host + hl - 7, "invalid", 7) == 0) {
			out->gai_error = EAI_NONAME;
			snprintf(out->error, sizeof out->error,
				 "the name does not exist (.invalid is reserved, RFC 6761; no resolver was asked)");
			return -1;
		}
	}
	hints.ai_family = fam == FAMILY_V4 ? AF_INET : fam == FAMILY_V6 ? AF_INET6 : AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	if (net_is_ip_literal(host))
		hints.ai_flags = AI_NUMERICHOST;
	snprintf(portstr, sizeof portstr, "%u", port);

#ifdef __SANITIZE_THREAD__
	/* glibc's getaddrinfo_a starts its resolver thread behind ThreadSanitizer's back,
	 * which then crashes in its first malloc: a TSan build resolves synchronously (the
	 * tests resolve only names on this machine). */
	hints.ai_flags |= AI_NUMERICSERV;
	if (1) {
#else
	if (hints.ai_flags & AI_NUMERICHOST) {
#endif
		rc = getaddrinfo(host, portstr, &hints, &res);
	} else {
		/* getaddrinfo_a so that a dead resolver cannot hold us past the deadline. */
		req.ar_name = host;
		req.ar_service = portstr;
		req.ar_request = &hints;
		rc = getaddrinfo_a(GAI_NOWAIT, list, 1, NULL);
		if (rc == 0) {
			ts.tv_sec = timeout_ms / 1000;
			ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
			for (;;) {
				rc = gai_suspend((const struct gaicb *const *)list, 1, &ts);
				if (rc == EAI_INTR)
					continue;
				break;
			}
			if (rc == EAI_AGAIN) {
				gai_cancel(&req);
				/* A request that cannot be cancelled still finishes on its own. */
				if (gai_error(&req) == EAI_INPROGRESS) {
					out->gai_error = EAI_AGAIN;
					out->ms = net_now_ms() - t0;
					snprintf(out->error, sizeof out->error,
						 "no DNS answer within %d ms", timeout_ms);
					return -1;
				}
			}
			rc = gai_error(&req);
			res = req.ar_result;
		}
	}
	out->ms = net_now_ms() - t0;
	if (rc != 0) {
		out->gai_error = rc;
		snprintf(out->error, sizeof out->error, "%s",
			 rc == EAI_NONAME ? "the name does not exist (NXDOMAIN)" :
			 rc == EAI_NODATA ? "the name has no address of the requested family" :
			 rc == EAI_AGAIN ? "temporary DNS failure (resolver did not answer)" :
			 gai_strerror(rc));
		if (res)
			freeaddrinfo(res);
		return -1;
	}
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
		if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6)
			resolved_add(out, ai);
	freeaddrinfo(res);
	if (out->n == 0) {
		out->gai_error = EAI_NODATA;
		snprintf(out->error, sizeof out->error, "no usable address");
		return -1;
	}
	return 0;
}

int net_wait(int fd, short events, double deadline, const volatile int *cancel)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = events };
		double left = deadline - net_now_ms();
		int ms, r;

		if (net_cancelled(cancel))
			return -1;
		if (left <= 0)
			return 0;
		ms = left > 50 ? 50 : (int)left + 1;
		r = poll(&pfd, 1, ms);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return 1;	/* let the caller's read/write report the error */
	}
}

static enum outcome classify_connect_errno(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return OUTCOME_REFUSED;
	case ETIMEDOUT:
		return OUTCOME_FILTERED;
	case EHOSTUNREACH: case ENETUNREACH: case EACCES: case EPERM: case EHOSTDOWN:
	case ENETDOWN:
		return OUTCOME_UNREACHABLE;
	default:
		return OUTCOME_CONNECT;
	}
}

int net_connect(const struct net_addr *a, int timeout_ms, enum outcome *outcome, int *err,
		const volatile int *cancel)
{
	double deadline = net_now_ms() + timeout_ms;
	int fd, one = 1, soerr = 0, w;
	socklen_t sl = sizeof soerr;

	*err = 0;
	fd = socket(a->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0) {
		*err = errno;
		*outcome = OUTCOME_CONNECT;
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (const struct sockaddr *)&a->ss, a->len) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		*err = errno;
		goto fail;
	}
	w = net_wait(fd, POLLOUT, deadline, cancel);
	if (w < 0) {
		*err = ECANCELED;
		close(fd);
		*outcome = OUTCOME_CANCELLED;
		return -1;
	}
	if (w == 0) {
		*err = ETIMEDOUT;
		goto fail;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
		soerr = errno;
	if (soerr == 0)
		return fd;
	*err = soerr;
fail:
	close(fd);
	*outcome = classify_connect_errno(*err);
	return -1;
}

enum banner net_banner(const void *buf, size_t n)
{
	static const struct { const char *prefix; enum banner b; } tab[] = {
		{ "HTTP/", BANNER_HTTP }, { "<!DOCTYPE", BANNER_HTTP }, { "<html", BANNER_HTTP },
		{ "SSH-", BANNER_SSH }, { "220 ", BANNER_SMTP }, { "220-", BANNER_SMTP },
		{ "* OK", BANNER_IMAP }, { "* PREAUTH", BANNER_IMAP }, { "+OK", BANNER_POP3 },
	};
	const char *s = buf;

	if (!s || n == 0)
		return BANNER_NONE;
	/* Binary greetings: MySQL/MariaDB speaks first with a packet (3-byte length, sequence
	 * 0, protocol 10 or an 0xff error); LDAP answers garbage with a Notice of
	 * Disconnection (RFC 4511 4.4.1); XMPP with a stream error. */
	if (n >= 6 && s[3] == 0 && (s[4] == 0x0a || s[4] == (char)0xff) &&
	    ((unsigned char)s[0] | (unsigned char)s[1] << 8 | (unsigned char)s[2] << 16) < 1024 &&
	    ((unsigned char)s[0] | (unsigned char)s[1] << 8) > 4)
		return BANNER_MYSQL;
	if (n >= 8 && s[0] == 0x30 && memmem(s, n, "1.3.6.1.4.1.1466.20036", 22))
		return BANNER_LDAP;
	if (n >= 7 && (memmem(s, n < 64 ? n : 64, "<?xml", 5) || memmem(s, n < 64 ? n : 64, "<stream:", 8)))
		return BANNER_XMPP;
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		size_t k = strlen(tab[i].prefix);
		if (n >= k && strncasecmp(s, tab[i].prefix, k) == 0) {
			/* FTP servers greet with 220 too; the text usually says so. */
			if (tab[i].b == BANNER_SMTP && (memmem(s, n, "FTP", 3) || memmem(s, n, "ftp", 3)))
				return BANNER_FTP;
			return tab[i].b;
		}
	}
	return BANNER_OTHER;
}

static enum net_class v4_class(const unsigned char *b)
{
	if (b[0] == 127)
		return NET_CLASS_LOOPBACK;
	if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) || (b[0] == 192 && b[1] == 168) ||
	    (b[0] == 100 && (b[1] & 0xc0) == 64))
		return NET_CLASS_PRIVATE;
	if (b[0] == 169 && b[1] == 254)
		return NET_CLASS_LINKLOCAL;
	if (b[0] == 0 || b[0] >= 224 || (b[0] == 192 && b[1] == 0 && b[2] == 0) || (b[0] == 198 && (b[1] & 0xfe) == 18))
		return NET_CLASS_RESERVED;
	return NET_CLASS_PUBLIC;
}

enum net_class net_addr_class(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return v4_class((const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr);
	if (sa->sa_family == AF_INET6) {
		const unsigned char *b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		static const unsigned char zero[15] = { 0 };
		if (memcmp(b, mapped, 12) == 0)
			return v4_class(b + 12);
		if (memcmp(b, zero, 15) == 0)
			return b[15] == 1 ? NET_CLASS_LOOPBACK : NET_CLASS_RESERVED;
		if ((b[0] & 0xfe) == 0xfc)
			return NET_CLASS_PRIVATE;
		if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
			return NET_CLASS_LINKLOCAL;
		if (b[0] == 0xff || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) || (b[0] == 0 && b[1] == 0x64) ||
		    (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) || (b[0] == 0x20 && b[1] == 0x02))
			return NET_CLASS_RESERVED;	/* multicast, site-local, NAT64, documentation, 6to4 */
		return NET_CLASS_PUBLIC;
	}
	return NET_CLASS_RESERVED;
}

int net_text_class(const char *text)
{
	char buf[80];
	const char *p = text;
	size_t n;
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };

	if (!text || !*text)
		return -1;
	if (*p == '[') {
		const char *e = strchr(p, ']');
		if (!e)
			return -1;
		n = (size_t)(e - p - 1);
		p++;
	} else {
		const char *c = strchr(p, ':');
		/* one colon: "v4:port"; more: a bare IPv6 address */
		n = c && !strchr(c + 1, ':') ? (size_t)(c - p) : strlen(p);
	}
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &a4.sin_addr) == 1)
		return (int)net_addr_class((struct sockaddr *)&a4);
	if (inet_pton(AF_INET6, buf, &a6.sin6_addr) == 1)
		return (int)net_addr_class((struct sockaddr *)&a6);
	return -1;
}

const char *net_class_name(enum net_class c)
{
	static const char *const n[] = { "public", "loopback", "private", "link-local", "reserved" };
	return (unsigned)c <= NET_CLASS_RESERVED ? n[c] : "?";
}

const char *net_errno_words(int err)
{
	switch (err) {
	case ECONNREFUSED: return "connection refused (the host answered the SYN with a RST: nothing listens there, or a firewall rejects)";
	case ETIMEDOUT: return "no answer to the SYN before the deadline (a firewall drops the packets, or the host is down)";
	case EHOSTUNREACH: return "host unreachable (ICMP: no route to the host, or a router/firewall said no)";
	case ENETUNREACH: return "network unreachable (no route to that network from here)";
	case EACCES: case EPERM: return "blocked locally or by an ICMP admin-prohibited reply";
	case ECONNRESET: return "connection reset by the peer (RST)";
	case EPIPE: return "connection closed while we were sending";
	default: return strerror(err);
	}
}

ssize_t net_read_line(int fd, char *buf, size_t cap, double deadline, const volatile int *cancel)
{
	size_t n = 0, seen = 0;

	if (cap == 0)
		return -1;
	for (;;) {
		char c;
		ssize_t r;

		/* Checked per byte, not only when recv would block: a peer that never stops
		 * sending must not hold us past the deadline or the byte budget. */
		if (net_cancelled(cancel) || net_now_ms() >= deadline)
			return -2;
		if (seen >= NET_LINE_BUDGET) {
			buf[n] = '\0';
			return -3;
		}
		r = recv(fd, &c, 1, 0);
		if (r == 1) {
			seen++;
			if (n + 1 < cap)
				buf[n++] = c;
			if (c == '\n')
				break;
			continue;
		}
		if (r == 0) {
			if (n == 0) {
				buf[0] = '\0';
				return 0;
			}
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if (net_wait(fd, POLLIN, deadline, cancel) != 1)
			return -2;
	}
	buf[n] = '\0';
	return (ssize_t)n;
}

int net_send_all(int fd, const void *buf, size_t n, double deadline, const volatile int *cancel)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (net_wait(fd, POLLOUT, deadline, cancel) != 1)
			return -2;
	}
	return 0;
}

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_cv = PTHREAD_COND_INITIALIZER;
static int slots_used;

int net_slot_acquire(const volatile int *cancel)
{
	pthread_mutex_lock(&slot_lock);
	while (slots_used >= NET_MAX_CONNS) {
		struct timespec ts;
		if (net_cancelled(cancel)) {
			pthread_mutex_unlock(&slot_lock);
			return -1;
		}
		/* wake now and then to notice a cancel */
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 50 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&slot_cv, &slot_lock, &ts);
	}
	slots_used++;
	pthread_mutex_unlock(&slot_lock);
	return 0;
}

void net_slot_release(void)
{
	pthread_mutex_lock(&slot_lock);
	if (slots_used > 0)
		slots_used--;
	pthread_cond_signal(&slot_cv);
	pthread_mutex_unlock(&slot_lock);
}
