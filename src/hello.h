/* hello.h — parsing ClientHello and ServerHello bodies (without the 4-byte handshake
 * header) into the fields a ladder line shows; and, later, building raw hellos for what
 * GnuTLS cannot offer (issue 6). Pure functions over bytes, bounds-checked. */
#ifndef TLSWIZ_HELLO_H
#define TLSWIZ_HELLO_H
#include <stdbool.h>
#include <stddef.h>

#define HELLO_MAX_LIST 64

struct hello_client {
	unsigned legacy_version;
	unsigned versions[8];		/* supported_versions, in order */
	size_t nversions;
	size_t nsuites;
	unsigned suites[HELLO_MAX_LIST];	/* first HELLO_MAX_LIST */
	unsigned groups[16];
	size_t ngroups;
	unsigned key_shares[8];
	size_t nkey_shares;
	char sni[256];			/* raw bytes, NOT sanitised: sanitise before storing */
	char alpn[128];			/* "h2,http/1.1" raw */
	size_t nextensions;
	bool status_request;
};

struct hello_server {
	unsigned legacy_version;
	unsigned version;		/* selected: ext 43 if present */
	unsigned suite;
	unsigned group;			/* key_share (ServerHello) or HRR selected group; 0 */
	bool hrr;			/* RFC 8446 4.1.3: HelloRetryRequest random */
	bool downgrade_tls12, downgrade_tls11;	/* RFC 8446 4.1.3 sentinel in random */
	char alpn[64];			/* raw, TLS1.2 only */
	size_t nextensions;
};

/* 0 on success, -1 when the body is malformed (the fields filled so far stay). */
int hello_parse_client(const void *body, size_t n, struct hello_client *out);
int hello_parse_server(const void *body, size_t n, struct hello_server *out);

#endif
