/* suites.h — names for TLS registry values: cipher suites, named groups, signature schemes
 * (IANA TLS parameters registries). Data only. The full cipher-suite registry with OpenSSL
 * and GnuTLS spellings and properties grows here (issue 6). */
#ifndef TLSWIZ_SUITES_H
#define TLSWIZ_SUITES_H
#include <stdbool.h>

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
	int bits;
	unsigned flags;		/* SF_* */
	const char *grade;	/* "insecure", "weak", "ok", "good" */
};
/* The row for id, or NULL when the registry has none. Thread-safe. */
const struct suite_info *suite_info(unsigned id);
size_t suite_count(void);
const struct suite_info *suite_at(size_t i);

/* IANA name of a suite ("TLS_AES_128_GCM_SHA256"); "0xC0FF" form when unknown. */
const char *suite_name(unsigned id);
/* Short group name ("x25519", "secp256r1", "ffdhe2048", "X25519MLKEM768"). */
const char *group_name(unsigned id);
/* Signature scheme name ("rsa_pss_rsae_sha256"). */
const char *sigalg_name(unsigned id);

#endif
