/* starttls.h — the plaintext dialogues that upgrade a connection to TLS (SMTP, IMAP, POP3,
 * FTP, PostgreSQL, XMPP, LDAP, MySQL), each exchange recorded as ladder steps. Reads line by line so no
 * byte of the TLS handshake that follows is consumed. */
#ifndef TLSWIZ_STARTTLS_H
#define TLSWIZ_STARTTLS_H
#include "model.h"

/* True when proto is one we can speak. */
bool starttls_known(const char *proto);
/* "smtp imap pop3 ..." for messages. */
const char *starttls_names(void);
/* The protocol usually spoken on a port (25/587 smtp, 143 imap, 110 pop3, 21 ftp,
 * 5432 postgres, 5222 xmpp, 389 ldap, 3306 mysql), or NULL. */
const char *starttls_for_port(unsigned port);
/* The protocol that matches a banner we saw, or NULL. */
const char *starttls_for_banner(enum banner b);
/* Run the upgrade on a connected fd. t0 is the trace's time origin (net_now_ms clock).
 * host names the service where the protocol wants it (XMPP to=).
 * 0: ready for the TLS handshake. -1: failed; the trace's last step says where and
 * reason (plain words) why. */
int starttls_run(int fd, const char *proto, const char *host, struct trace *t, double t0, double deadline,
		 const volatile int *cancel, char *reason, size_t len);

#endif
