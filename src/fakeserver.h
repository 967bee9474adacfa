/* fakeserver.h — a raw TLS responder that answers one ClientHello with exactly the
 * ServerHello (or alert) a configured server would send, byte by byte: SSLv2, SSLv3,
 * EXPORT, DES, NULL, RC4, hybrid groups — whatever GnuTLS cannot serve. It never finishes
 * a handshake (no keys, no Finished); it exists so the raw scanner can be tested and the
 * lab can stand up "a server that accepts exactly these suites". Only 127.0.0.1. */
#ifndef TLSWIZ_FAKESERVER_H
#define TLSWIZ_FAKESERVER_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "responder.h"

/* What the server does when the hello has nothing it accepts. */
enum fake_refusal {
	FAKE_ALERT_HANDSHAKE_FAILURE,	/* fatal alert 40 (the default) */
	FAKE_ALERT_PROTOCOL_VERSION,	/* fatal alert 70 */
	FAKE_CLOSE,			/* FIN, no bytes */
	FAKE_RST,			/* RST (SO_LINGER 0) */
	FAKE_SILENCE,			/* keep the connection, say nothing */
};

#define FAKE_MAX_SUITES 256

struct fake_config {
	unsigned versions[8];		/* accepted: 0x0002 SSLv2, 0x0300 SSLv3 .. 0x0304 TLS1.3 */
	size_t nversions;
	unsigned suites[FAKE_MAX_SUITES];	/* accepted, in the server's preference order
					 * (TLS1.3 suites and older suites in one list) */
	size_t nsuites;
	bool server_pref;		/* choose by the server's order (else the client's) */
	unsigned groups[16];		/* accepted groups in preference order: TLS1.3 key
					 * exchange and TLS1.2 ECDHE curves; 0 = x25519, P-256, P-384 */
	size_t ngroups;
	unsigned ssl2_kinds[8];		/* with 0x0002: SSLv2 kinds; 0 = RC4-MD5 and DES-CBC3-MD5 */
	size_t nssl2_kinds;
	enum fake_refusal on_no_version;	/* default: alert handshake_failure; set
						 * FAKE_ALERT_PROTOCOL_VERSION for the usual */
	enum fake_refusal on_no_suite;
	bool no_ske;			/* TLS <= 1.2: ServerHello only, no Certificate /
					 * ServerKeyExchange / ServerHelloDone flight */
	unsigned dh_bits;		/* DHE: size of the (fake) prime in ServerKeyExchange; 0 = 2048 */
	/* misbehaviour, for tests of the scanner's defences */
	bool intolerant_tls13;		/* close when the hello offers TLS1.3 (or a newer version) */
	size_t max_hello;		/* close when the ClientHello record is longer; 0 no limit */
	unsigned force_suite;		/* answer every hello with this suite (offered or not) */
	unsigned force_version;		/* answer every hello with this version */
	bool always_hrr;		/* TLS1.3: a HelloRetryRequest for every hello */
	size_t rst_below_suites;	/* reset a hello offering fewer suites (a connection lost
					 * in the middle of an enumeration); 0 never */
};

enum fake_action {
	FAKE_NEED_MORE,		/* the ClientHello is not complete yet: read more */
	FAKE_SEND,		/* send the reply bytes, then wait for the client to close */
	FAKE_DO_CLOSE,
	FAKE_DO_RST,
	FAKE_DO_SILENCE,
};

struct fake_decision {
	enum fake_action action;
	unsigned version;	/* what was chosen (0x0002 SSLv2) */
	unsigned suite;		/* TLS suite, or the SSLv2 kind */
	unsigned group;		/* TLS1.3 key_share / HRR group, TLS1.2 ECDHE curve */
	bool hrr;
	int alert;		/* alert sent, -1 none */
	char why[160];		/* plain words, for test messages */
};

/* Answer the bytes received so far (in, n: the start of the client's stream). Writes the
 * reply into out (at most cap bytes) and returns its length (0 when nothing is to be
 * sent), or -1 when cap is too small. *d says what to do. Pure: no I/O, no state;
 * thread-safe. */
ssize_t fakeserver_reply(const struct fake_config *c, const unsigned char *in, size_t n, unsigned char *out,
			 size_t cap, struct fake_decision *d);

/* Serve one accepted connection: read the hello (at most 64 KiB, within timeout_ms), send
 * the reply, act on it, then close fd (it is always closed). *cancel (may be NULL) ends a
 * silence early. d may be NULL. Returns 0, or -1 when the client went away first. */
int fakeserver_serve_fd(int fd, const struct fake_config *c, int timeout_ms, const volatile int *cancel,
			struct fake_decision *d);

/* A listener on 127.0.0.1 (port 0 = ephemeral) running fakeserver_serve_fd for every
 * connection, each in its own thread (at most 32 at once). The config is copied. */
struct fakeserver;
struct fakeserver *fakeserver_start(const struct fake_config *c, unsigned short port, unsigned short *bound);
/* The same listener serving one of the responder's kinds (responder.h) instead: the
 * tests' misbehaving servers are the lab's. */
struct fakeserver *fakeserver_start_kind(enum resp_kind k, unsigned short port, unsigned short *bound);
/* Connections accepted so far. */
unsigned fakeserver_connections(struct fakeserver *s);
/* Stop listening, end every connection, join every thread, free. */
void fakeserver_stop(struct fakeserver *s);

#endif
