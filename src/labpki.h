/* labpki.h — the lab's certificates, made in memory at start-up with GnuTLS's X.509 API:
 * a private root, RSA and ECDSA intermediates, and every broken leaf a scenario needs.
 * Nothing touches the disk except the root CA file the tests pass as --cafile. */
#ifndef TLSWIZ_LABPKI_H
#define TLSWIZ_LABPKI_H
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/abstract.h>

/* How a scenario's chain is built. */
enum lab_chain {
	LC_GOOD,		/* leaf + intermediate */
	LC_LEAF_ONLY,		/* leaf only (intermediate missing) */
	LC_AIA,			/* leaf only, with an AIA caIssuers URL to the intermediate */
	LC_WRONG_ORDER,		/* leaf, root, intermediate */
	LC_WRONG_INT,		/* leaf + an intermediate that did not issue it */
	LC_EXPIRED_INT,		/* leaf issued by an expired intermediate, both sent */
	LC_UNTRUSTED_ROOT,	/* leaf + intermediate + a root that is not in the CA file */
	LC_SELF_SIGNED,		/* one self-signed certificate */
	LC_INTERCEPT,		/* issued by a TLS-inspection CA (not trusted) */
	LC_ROOT_SENT,		/* leaf + intermediate + the (trusted) root */
};

enum lab_key { LK_EC, LK_RSA2048, LK_RSA1024 };

#define LEAF_EXPIRED	0x01
#define LEAF_FUTURE	0x02
#define LEAF_SHA1	0x04
#define LEAF_NO_SAN	0x08
#define LEAF_CLIENT_EKU	0x10
#define LEAF_REVOKED	0x20	/* serial listed in the lab CRL; CRL URL in the leaf */
#define LEAF_MUST_STAPLE 0x40
#define LEAF_SOON	0x100	/* expires in 12 days */
#define LEAF_EVIL_DN	0x80	/* CN and O carry terminal escapes, bidi overrides, bad UTF-8 */

struct lab_leaf {
	const char *names;	/* "a.tlswiz.test,b.tlswiz.test" (first = CN) */
	enum lab_key key;
	enum lab_chain chain;
	unsigned flags;
};

struct labpki;

/* http_base: "http://127.0.0.1:PORT" of the lab's file server (AIA, CRL). */
struct labpki *labpki_new(const char *http_base, char *err, size_t errlen);
void labpki_free(struct labpki *p);
/* A chain exactly as it will be sent (GnuTLS's own loader sorts and prunes chains, which
 * would repair the very breakage a scenario needs), with its key. */
struct lab_certs {
	gnutls_pcert_st pcert[4];
	unsigned n;
	gnutls_privkey_t key;
	char names[256];	/* the leaf's names, comma-separated, for SNI selection */
};
int labpki_make(struct labpki *p, const struct lab_leaf *leaf, struct lab_certs *out);
void labpki_certs_free(struct lab_certs *c);
/* The root CA as PEM (for the CA file). */
const gnutls_datum_t *labpki_root_pem(const struct labpki *p);
/* Files the lab's HTTP server publishes: "/int-rsa.der", "/int-ec.der", "/lab.crl". */
const gnutls_datum_t *labpki_file(const struct labpki *p, const char *path);

#endif
