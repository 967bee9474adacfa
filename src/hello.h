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
	unsigned groups[64];		/* a scanner offers every TLS1.2 curve */
	size_t ngroups;
	unsigned key_shares[8];
	size_t nkey_shares;
	char sni[256];			/* raw bytes, NOT sanitised: sanitise before storing */
	char alpn[128];			/* "h2,http/1.1" raw */
	size_t nextensions;
	bool status_request;
	/* SSLv2-format CLIENT-HELLO (hello_parse_client_ssl2): the 3-byte SSLv2 kinds */
	bool ssl2_format;
	unsigned ssl2_kinds[16];
	size_t nssl2_kinds;
	size_t nkey_share_bytes[8];	/* length of each key share, same order as key_shares */
	bool grease;			/* a GREASE value somewhere (RFC 8701) */
	unsigned char session_id[32];	/* legacy_session_id (a TLS1.3 server echoes it) */
	size_t session_id_len;
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
	/* added for the scanner and the client simulation; zero = the old behaviour */
	bool no_reneg_scsv;		/* leave out TLS_EMPTY_RENEGOTIATION_INFO_SCSV (sent by default) */
	const char *alpn;		/* "h2,http/1.1": application_layer_protocol_negotiation */
	bool status_request;		/* OCSP status_request extension */
	bool ssl2;			/* SSLv2-format CLIENT-HELLO (no extensions) with legacy_version
					 * (0x0002 SSLv2, 0x0300+ the compatible form) */
	const unsigned *ssl2_kinds;	/* with ssl2: 3-byte SSLv2 kinds first; NULL with legacy_version
					 * 0x0002 = every kind of the registry */
	size_t nssl2_kinds;
};

/* Build a whole record (header + handshake header + ClientHello). Returns its length, or
 * -1 when cap is too small. Key shares are random bytes of the right length: a scan
 * stops at the ServerHello, so no key is ever used. */
long hello_build_client(const struct hello_spec *s, unsigned char *buf, size_t cap);
/* An SSLv2 CLIENT-HELLO offering the SSLv2 cipher kinds (3-byte codes). Equivalent to
 * hello_build_client() with .ssl2 = true, .legacy_version = 0x0002. */
long hello_build_ssl2(unsigned char *buf, size_t cap);
/* Parse the first bytes of an SSLv2 reply: 1 when it is a SERVER-HELLO (the server speaks
 * SSLv2), 0 when not, -1 when too short to tell. */
int hello_parse_ssl2_server(const void *buf, size_t n, unsigned *ncipher_kinds);

/* An SSLv2 SERVER-HELLO in full (draft-hickman-netscape-ssl-00 appendix A). */
struct hello_ssl2_server {
	unsigned version;		/* 0x0002 */
	bool session_id_hit;
	unsigned cert_type;
	size_t cert_len;
	unsigned kinds[16];		/* the cipher kinds the server offers, first 16 */
	size_t nkinds;
	size_t record_len;		/* bytes of the whole message incl. the 2-byte header */
};
/* Parse a whole SSLv2 SERVER-HELLO record (2-byte header form). 0 ok, -1 malformed or
 * not a SERVER-HELLO, -2 too short so far (read more). */
int hello_parse_ssl2_server_full(const void *buf, size_t n, struct hello_ssl2_server *out);
/* Parse an SSLv2-format CLIENT-HELLO record (what a TLS server may still receive from
 * an old client): fills legacy_version, suites (the 3-byte kinds whose first byte is 0),
 * ssl2_kinds and ssl2_format. 0 ok, -1 malformed. */
int hello_parse_client_ssl2(const void *rec, size_t n, struct hello_client *out);

/* The parts of a TLS1.2-or-older ServerKeyExchange a scan wants (RFC 8422 5.4, RFC 5246
 * 7.4.3). kx: the suite's key exchange as suite_info() spells it ("ECDHE", "DHE"). */
struct hello_ske {
	unsigned curve;			/* ECDHE named_curve; 0 otherwise */
	unsigned dh_bits;		/* DHE: bit length of p; 0 otherwise */
};
/* 0 ok, -1 malformed or not a key exchange we read. */
int hello_parse_ske(const void *body, size_t n, const char *kx, struct hello_ske *out);

/* 0 on success, -1 when the body is malformed (the fields filled so far stay). */
int hello_parse_client(const void *body, size_t n, struct hello_client *out);
int hello_parse_server(const void *body, size_t n, struct hello_server *out);

#endif
