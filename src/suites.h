/* suites.h — names for TLS registry values: cipher suites, named groups, signature schemes
 * (IANA TLS parameters registries). Data only. The full cipher-suite registry with OpenSSL
 * and GnuTLS spellings and properties grows here (issue 6). */
#ifndef TLSWIZ_SUITES_H
#define TLSWIZ_SUITES_H
#include <stdbool.h>
#include <stddef.h>

/* One registry row with what its name says. */
#define SF_TLS13	0x0001	/* a TLS1.3 suite */
#define SF_TLS12	0x0002	/* needs TLS1.2 (SHA-256/384 MAC or AEAD) */
#define SF_PFS		0x0004	/* ephemeral key exchange (forward secrecy) */
#define SF_AEAD		0x0008	/* GCM, CCM, ChaCha20-Poly1305 */
#define SF_CBC		0x0010
#define SF_NULL		0x0020	/* no encryption */
#define SF_EXPORT	0x0040	/* 40/56-bit export grade */
#define SF_RC4		0x0080
#define SF_DES		0x0100	/* single DES */
#define SF_3DES		0x0200
#define SF_ANON		0x0400	/* no authentication */
#define SF_PSK		0x0800	/* pre-shared key: certificate clients never offer it */
#define SF_SRP		0x1000
#define SF_SCSV		0x2000	/* a signalling value, not a suite */
struct suite_info {
	unsigned id;
	const char *iana;	/* "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" */
	const char *openssl;	/* "ECDHE-RSA-AES128-GCM-SHA256", or NULL */
	const char *gnutls;	/* "TLS_ECDHE_RSA_AES_128_GCM_SHA256", or NULL when GnuTLS lacks it */
	char kx[16], au[16];	/* "ECDHE", "RSA"; TLS1.3: "any" */
	char enc[40], mac[8];	/* "AES_128_GCM", "SHA256" / "AEAD" */
	char cipher[12];	/* family: NULL RC4 RC4_40 RC2 RC2_40 DES DES40 3DES IDEA SEED ARIA
				 * CAMELLIA AES CHACHA20 SM4 KUZNYECHIK MAGMA GOST28147 */
	char mode[10];		/* CBC GCM CCM CCM8 POLY1305 MGM CTR stream none */
	int bits;
	unsigned flags;		/* SF_* */
	const char *grade;	/* "insecure", "weak", "ok", "good" */
};
/* The row for id, or NULL when the registry has none. Thread-safe. */
const struct suite_info *suite_info(unsigned id);
size_t suite_count(void);
const struct suite_info *suite_at(size_t i);

/* SSLv2 cipher kinds (3-byte codes, SSLv2 draft 2.3 appendix): their own small table. */
struct ssl2_kind {
	unsigned id;		/* 0x010080 */
	const char *name;	/* "SSL_CK_RC4_128_WITH_MD5" */
	const char *openssl;	/* "RC4-MD5" */
	int bits;		/* effective key bits (40 for export) */
	bool export_grade;
};
/* Row for id or NULL; count and index for listing. Immutable data, thread-safe. */
const struct ssl2_kind *ssl2_kind_info(unsigned id);
size_t ssl2_kind_count(void);
const struct ssl2_kind *ssl2_kind_at(size_t i);

/* The IANA TLS Supported Groups registry plus the deployed drafts (X25519Kyber768Draft00). */
#define GF_TLS13	0x01	/* usable in TLS1.3 key_share */
#define GF_TLS12	0x02	/* usable for TLS1.2 ECDHE/DHE (RFC 8422, RFC 7919) */
#define GF_HYBRID	0x04	/* classical + post-quantum KEM */
#define GF_PQ		0x08	/* has a post-quantum part (hybrid or pure ML-KEM) */
#define GF_FFDHE	0x10	/* finite-field group */
#define GF_DEPRECATED	0x20	/* RFC 8422/8446 deprecate it (binary curves, small primes) */
struct group_info {
	unsigned id;
	const char *name;	/* "x25519", "X25519MLKEM768" */
	const char *kind;	/* "ecdh", "ecdh-binary", "x25519", "ffdhe", "hybrid", "mlkem", "gost", "sm2" */
	int bits;		/* classical security strength in bits (x25519 128, ffdhe2048 103) */
	unsigned share_len;	/* a client's key_share for it, bytes (uncompressed point, KEM key) */
	unsigned flags;		/* GF_* */
};
/* Row for id or NULL (GREASE is not a row). Immutable data, thread-safe. */
const struct group_info *group_info(unsigned id);
size_t group_count(void);
const struct group_info *group_at(size_t i);

/* IANA name of a suite ("TLS_AES_128_GCM_SHA256"); "0xC0FF" form when unknown. */
const char *suite_name(unsigned id);
/* Short group name ("x25519", "secp256r1", "ffdhe2048", "X25519MLKEM768"). */
const char *group_name(unsigned id);
/* Signature scheme name ("rsa_pss_rsae_sha256"). */
const char *sigalg_name(unsigned id);

#endif
