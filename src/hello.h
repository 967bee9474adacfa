/* hello.h — parsing ClientHello and ServerHello bodies (without the 4-byte handshake
 * header) into the fields a ladder line shows; and, later, building raw hellos for what
 * GnuTLS cannot offer (issue 6). Pure functions over bytes, bounds-checked. */
#ifndef TLSWIZ_HELLO_H
#define TLSWIZ_HELLO_H
#include <stdbool.h>
#include <stddef.h>

#define HELLO_MAX_LIST 512	/* a scanner offers the whole registry */

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

/* What to put in a raw ClientHello (the scanner's, and the client simulation's). */
struct hello_spec {
	unsigned legacy_version;	/* ClientHello.legacy_version: 0x0303 for TLS1.2+, 0x0300 SSLv3 */
	unsigned record_version;	/* record header version (0x0301 is the compatible choice) */
	const unsigned *versions;	/* supported_versions (TLS1.3 style); NULL = none */
	size_t nversions;
	const unsigned *suites;
	size_t nsuites;
	const unsigned *groups;		/* supported_groups; key shares for the first share_groups */
	size_t ngroups;
	size_t share_groups;		/* how many of groups get a key_share (TLS1.3); 0 = 1 */
	const unsigned *sigalgs;	/* NULL = a broad default list */
	size_t nsigalgs;
	const char *sni;		/* NULL or "" = no server_name */
	bool grease;			/* RFC 8701 GREASE values in suites, groups, versions, extensions */
	size_t pad_to;			/* padding extension up to this many handshake bytes (0 = none) */
	bool no_extensions;		/* SSLv3-style hello: no extensions at all */
	bool scsv_fallback;		/* TLS_FALLBACK_SCSV (0x5600) at the end */
};

/* Build a whole record (header + handshake header + ClientHello). Returns its length, or
 * -1 when cap is too small. Key shares are random bytes of the right length: a scan
 * stops at the ServerHello, so no key is ever used. */
long hello_build_client(const struct hello_spec *s, unsigned char *buf, size_t cap);
/* An SSLv2 CLIENT-HELLO offering the SSLv2 cipher kinds (3-byte codes). */
long hello_build_ssl2(unsigned char *buf, size_t cap);
/* Parse the first bytes of an SSLv2 reply: 1 when it is a SERVER-HELLO (the server speaks
 * SSLv2), 0 when not, -1 when too short to tell. */
int hello_parse_ssl2_server(const void *buf, size_t n, unsigned *ncipher_kinds);

/* 0 on success, -1 when the body is malformed (the fields filled so far stay). */
int hello_parse_client(const void *body, size_t n, struct hello_client *out);
int hello_parse_server(const void *body, size_t n, struct hello_server *out);

#endif
