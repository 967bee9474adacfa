/* responder.h — the one fake server for everything that is not a real TLS handshake:
 * silence, resets, plain-text services, STARTTLS dialogues, SSLv2/SSLv3/EXPORT servers
 * and the hostile servers, one handler per kind in one table. The lab's scenario rows and
 * the tests' servers name a kind; where a kind lets a client through to TLS (a hello the
 * filter does not mind, a STARTTLS go-ahead) the caller's real server takes the socket
 * (env.tls). fakeserver.c's listener serves these kinds and its configurable hello
 * responder alike. Loopback only. */
#ifndef TLSWIZ_RESPONDER_H
#define TLSWIZ_RESPONDER_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum resp_kind {
	R_SILENT,		/* accept, never answer */
	R_RST,			/* RST after the ClientHello */
	R_RST_SNI,		/* RST for one SNI name (env.sni), TLS for the rest */
	R_DROP_SNI,		/* silence for one SNI name, TLS for the rest */
	R_STALL,		/* a ServerHello, then silence */
	R_HTTP,			/* HTTP 400 */
	R_SSH,			/* an SSH banner */
	R_CLOSE,		/* FIN after the ClientHello */
	R_SMTP,			/* ESMTP with STARTTLS, then TLS */
	R_SMTP_NO_STARTTLS,	/* ESMTP that refuses STARTTLS */
	R_XMPP, R_LDAP, R_MYSQL,	/* their STARTTLS upgrades, then TLS */
	R_INTOLERANT,		/* close on a hello offering TLS1.3, TLS for the rest */
	R_BIGHELLO,		/* silence for a hello over 255 bytes, TLS for the rest */
	R_SSL3,			/* an SSLv3 ServerHello */
	R_SSL2,			/* an SSLv2 SERVER-HELLO (env.leaf); alert 70 to TLS */
	R_EXPORT,		/* EXPORT/DES suites only, TLS1.0-1.2 */
	R_PROXY_407, R_PROXY_403,	/* an HTTP proxy refusing CONNECT */
	/* hostile */
	R_CHAIN150,		/* 150 certificates (env.leaf) */
	R_BIGCERT,		/* a Certificate claiming 16 MiB */
	R_LYING_RECORD,		/* a record claiming 65535 bytes */
	R_BAD_EXT,		/* extension lengths that run past their block */
	R_HRR_LOOP,		/* a HelloRetryRequest for every hello */
	R_ALERT_FLOOD,		/* warning alerts as fast as they go */
	R_DRIP,			/* the ServerHello, one byte a second */
	R__COUNT
};
#define RESP_HOSTILE(k) ((k) >= R_CHAIN150 && (k) <= R_DRIP)

struct resp_env {
	int stop_fd;			/* readable when the server stops; -1 none */
	int deadline_ms;		/* how long a silence or a dialogue lasts */
	const char *sni;		/* R_RST_SNI, R_DROP_SNI: the name filtered */
	const unsigned char *leaf;	/* R_SSL2, R_CHAIN150: a certificate (DER) */
	size_t leaf_len;
	void (*tls)(void *arg, int fd);	/* a real TLS server takes the socket; NULL: close */
	void *arg;
};

/* Serve one accepted connection as kind k. Does not close fd. */
void responder_serve(enum resp_kind k, const struct resp_env *env, int fd);

/* Helpers the lab's own servers share. */
void resp_send_all(int fd, const void *p, size_t n);
/* Readable (or hung up) within ms, and stop_fd not readable: 1; else 0. */
int resp_wait(int stop_fd, int fd, int ms);
/* A ServerHello record choosing suite at version, renegotiation_info only. */
size_t resp_server_hello(unsigned char *out, unsigned version, unsigned suite);

#endif
