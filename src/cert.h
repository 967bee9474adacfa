/* cert.h — certificates: parse the chain a server sent into cert_info (sanitised fields),
 * and verify it against the system store or a CA file, by our own rules where GnuTLS is
 * too forgiving (notes/gnutls-3.7.9.md section 3). Returns data; never prints. */
#ifndef TLSWIZ_CERT_H
#define TLSWIZ_CERT_H
#include "model.h"

/* Parse one DER certificate. 0 ok, -1 not a certificate. */
int cert_parse(const void *der, size_t len, struct cert_info *out);

/* Parse every certificate of a trace into c (as sent). */
void cert_chain_from_trace(const struct trace *t, struct chain *c);

/* Verify the trace's chain for hostname (and serverAuth) against cafile ("" = system
 * store). Fills c->verified, c->status, c->status_text, c->trust. 0 when it ran. */
int cert_verify(const struct trace *t, const char *hostname, const char *cafile, struct chain *c);

/* --cafile: a regular file of at most CERT_CAFILE_MAX bytes holding at least one
 * certificate. The count, or -1 with why set ("... is larger than 8 MiB (cap)"). */
#define CERT_CAFILE_MAX (8 << 20)
int cert_cafile_check(const char *path, char *why, size_t wlen);

void chain_free(struct chain *c);
void chain_copy(struct chain *dst, const struct chain *src);

/* Verification status bits in plain words: "expired, signer not found". */
void cert_status_words(unsigned status, char *buf, size_t len);

/* Does the certificate (DER) cover name? RFC 6125 as browsers apply it: subjectAltName
 * only (no CN fallback), case-insensitive, trailing dot ignored, a wildcard only as the
 * whole left-most label of a name with two more labels, covering exactly one label and
 * never an IP address; an IP name matches only an IP SAN of the same family and bytes.
 * 1 match, 0 not (why gets plain words when given). */
int cert_match_host(const void *der, size_t len, const char *name, char *why, size_t wlen);
/* One SAN dNSName pattern (plen bytes, may contain anything) against name. 1/0. */
int cert_name_pattern_match(const char *pattern, size_t plen, const char *name);

/* Sent-chain shape for SIGNER_NOT_FOUND (notes section 3). */
enum chain_shape {
	CHAIN_OK,
	CHAIN_SELF_SIGNED_LEAF,	/* one self-signed certificate */
	CHAIN_UNTRUSTED_ROOT,	/* ends at a self-signed root that is not trusted */
	CHAIN_MISSING_INTERMEDIATE,	/* top cert's issuer neither sent nor trusted */
	CHAIN_WRONG_INTERMEDIATE,	/* [i] not issued by [i+1], issuer not sent */
	CHAIN_OUT_OF_ORDER,	/* issuer present but elsewhere */
	CHAIN_TOO_LONG,		/* more certificates than any client verifies (CERT_CHAIN_MAX) */
};
/* Certificates of a sent chain that tlswiz judges; more is CHAIN_TOO_LONG (GnuTLS
 * verifies at most 16, OpenSSL's default depth is 100). */
#define CERT_CHAIN_MAX 32
/* Classify the sent chain against the trust store. detail gets plain words. */
enum chain_shape cert_chain_shape(const struct trace *t, const char *cafile, char *detail, size_t len);

/* True when the leaf's EKU exists and excludes serverAuth. */
bool cert_leaf_bad_eku(const struct trace *t);

/* Revocation of the leaf: stapled OCSP first, then the OCSP responder from AIA, then the
 * CRL from the distribution point (fetched over HTTP with the deadline). An answer counts
 * (checked) only when its signature chains to the leaf's issuer (an OCSP response: the
 * issuer or a delegated responder with the OCSP signing EKU issued by it), it is about
 * this certificate and it is current; otherwise detail starts "could not check:". */
struct revocation {
	bool checked;		/* some source answered */
	bool revoked;
	bool must_staple;	/* the leaf carries the TLS feature status_request (RFC 7633) */
	bool verified;		/* the answer's signature, subject and dates were verified */
	bool staple_ok;		/* a staple came and verified (what Must-Staple needs) */
	bool nothing_to_ask;	/* no staple, no OCSP URL, no CRL point: nothing to check */
	char staple_why[300];	/* why a staple that came was not believed */
	char source[16];	/* "staple", "OCSP", "CRL" */
	char detail[300];	/* plain words: what was asked, what came back */
	time_t revoked_at;
	char fetch_log[400];	/* each URL asked, its address and the fetch policy's verdict */
};
void cert_revocation(const struct trace *t, const char *cafile, int timeout_ms, bool no_fetch, struct revocation *out);

/* The missing issuer fetched from the top certificate's AIA caIssuers URL. */
struct aia_fetch {
	bool tried, fetched, issues_top, anchored;
	char url[256];
	char subject[256];
	char detail[300];
	struct blob der;	/* the fetched certificate, DER (caller frees der.data) */
	char fetch_log[400];	/* the URL asked, its address and the fetch policy's verdict */
};
/* Both fetch under the policy of http.h (the target's address is t->addr); no_fetch
 * (--no-fetch) asks nothing. */
void cert_fetch_aia(const struct trace *t, const char *cafile, int timeout_ms, bool no_fetch, struct aia_fetch *out);

/* Put each fetch of a fetch_log (a revocation's or an AIA fetch's) on t's ladder as a
 * local step "HTTP fetch": the URL, the address, the policy's verdict. Call it where t
 * may change (a judge, under the run lock). */
void cert_fetch_steps(struct trace *t, const char *fetch_log);

/* Write the leaf and its intermediates in issuing order (no root) as PEM to path (NULL:
 * only say whether a verified chain could be written),
 * adding extra (a fetched intermediate) when given — only when that chain verifies to a
 * trust anchor of cafile (the system store when empty). 0 written; -1 with why set (for
 * an unverifiable chain: which certificate is missing or expired, and where to get it). */
int cert_write_fullchain(const struct trace *t, const struct blob *extra, const char *cafile, const char *path,
			 char *why, size_t len);

#endif
