/* net.h — DNS with a deadline, non-blocking TCP connect with a deadline, and the precise
 * classification of what went wrong (refused, filtered, unreachable...). Returns data;
 * never prints. */
#ifndef TLSWIZ_NET_H
#define TLSWIZ_NET_H
#include <netinet/in.h>
#include <sys/types.h>
#include <sys/socket.h>

#include "model.h"

#define NET_MAX_ADDRS 16

struct net_addr {
	struct sockaddr_storage ss;
	socklen_t len;
	int family;		/* AF_INET / AF_INET6 */
	char text[64];		/* "127.0.0.1" or "::1" */
};

struct net_resolved {
	struct net_addr addrs[NET_MAX_ADDRS];
	size_t n;
	double ms;
	int gai_error;		/* EAI_* when n == 0, EAI_AGAIN on timeout */
	char error[160];	/* plain words */
};

/* Monotonic milliseconds. */
double net_now_ms(void);

/* At most NET_MAX_CONNS connections to targets at once, process-wide: the engine's
 * GnuTLS probes and the raw scanner's hellos share these slots, so that diagnose, with
 * its wizards side by side, never opens more than a busy browser would. Acquire returns
 * -1 (and takes nothing) when *cancel becomes set while waiting. */
#define NET_MAX_CONNS 8
int net_slot_acquire(const volatile int *cancel);
/* A cancel flag is written by one thread (the UI, run_cancel) and read by every worker:
 * read and written atomically, never as a plain int. */
static inline bool net_cancelled(const volatile int *cancel)
{
	return cancel && __atomic_load_n(cancel, __ATOMIC_RELAXED);
}
static inline void net_cancel_set(volatile int *cancel)
{
	__atomic_store_n(cancel, 1, __ATOMIC_RELAXED);
}
void net_slot_release(void);

/* Resolve host (name or literal) for port, both families unless fam says otherwise,
 * within timeout_ms. Returns 0 with n >= 1, or -1 with gai_error/error set. */
int net_resolve(const char *host, unsigned short port, enum family fam, int timeout_ms,
		struct net_resolved *out);

/* True when host is an IPv4 or IPv6 literal. */
bool net_is_ip_literal(const char *host);

/* Non-blocking connect within timeout_ms. Returns a connected non-blocking fd with
 * TCP_NODELAY, or -1 and *outcome (REFUSED, FILTERED, UNREACHABLE, CONNECT) and *err. */
int net_connect(const struct net_addr *a, int timeout_ms, enum outcome *outcome, int *err,
		const volatile int *cancel);

/* Wait for fd readable/writable until deadline (absolute, net_now_ms clock). Returns 1
 * ready, 0 deadline, -1 cancelled. Wakes every 50 ms to look at *cancel. */
int net_wait(int fd, short events, double deadline, const volatile int *cancel);

/* Read one line (up to and including \n) into buf (NUL-terminated, at most cap-1 bytes,
 * longer lines are cut) byte by byte, so nothing past the line is consumed: the TLS
 * handshake that follows a STARTTLS or CONNECT must see its own bytes.
 * The deadline and *cancel are checked before every byte, and a line may consume at most
 * NET_LINE_BUDGET bytes from the socket (the rest of a longer line is not read).
 * Returns the length, 0 on EOF, -1 on error (errno), -2 on deadline/cancel or -3 when the
 * line is longer than NET_LINE_BUDGET. */
#define NET_LINE_BUDGET 8192
ssize_t net_read_line(int fd, char *buf, size_t cap, double deadline, const volatile int *cancel);
/* Send all of buf before the deadline. 0 ok, -1 error (errno), -2 deadline. */
int net_send_all(int fd, const void *buf, size_t n, double deadline, const volatile int *cancel);

/* What a plaintext reply looks like (first bytes from the server). */
enum banner net_banner(const void *buf, size_t n);

/* What kind of network an address is in, for the fetch policy (http.c). */
enum net_class {
	NET_CLASS_PUBLIC,
	NET_CLASS_LOOPBACK,	/* 127/8, ::1 */
	NET_CLASS_PRIVATE,	/* 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 */
	NET_CLASS_LINKLOCAL,	/* 169.254/16, fe80::/10 */
	NET_CLASS_RESERVED,	/* 0/8, multicast, 240/4, ::, other special addresses: never fetched */
};
enum net_class net_addr_class(const struct sockaddr *sa);
/* The class of an address in text ("127.0.0.1", "[::1]:443", "10.0.0.1:8443"); -1 when
 * the text is not an address. */
int net_text_class(const char *text);
const char *net_class_name(enum net_class c);

/* Plain words for a connect errno: "connection refused (RST to SYN)". */
const char *net_errno_words(int err);

#endif
