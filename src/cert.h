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

void chain_free(struct chain *c);
void chain_copy(struct chain *dst, const struct chain *src);

/* Verification status bits in plain words: "expired, signer not found". */
void cert_status_words(unsigned status, char *buf, size_t len);

/* Sent-chain shape for SIGNER_NOT_FOUND (notes section 3). */
enum chain_shape {
	CHAIN_OK,
	CHAIN_SELF_SIGNED_LEAF,	/* one self-signed certificate */
	CHAIN_UNTRUSTED_ROOT,	/* ends at a self-signed root that is not trusted */
	CHAIN_MISSING_INTERMEDIATE,	/* top cert's issuer neither sent nor trusted */
	CHAIN_WRONG_INTERMEDIATE,	/* [i] not issued by [i+1], issuer not sent */
	CHAIN_OUT_OF_ORDER,	/* issuer present but elsewhere */
};
/* Classify the sent chain against the trust store. detail gets plain words. */
enum chain_shape cert_chain_shape(const struct trace *t, const char *cafile, char *detail, size_t len);

/* True when the leaf's EKU exists and excludes serverAuth. */
bool cert_leaf_bad_eku(const struct trace *t);

#endif
