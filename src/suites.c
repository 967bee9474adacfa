/* suites.c — registry names for suites, groups and signature schemes (IANA TLS parameters).
 * Tables, one row per value; no logic beyond lookup. */
#include <stdio.h>
#include <string.h>
#include <gnutls/gnutls.h>

#include "suites.h"

struct name_row {
	unsigned id;
	const char *name;
};

static const struct name_row suite_rows[] = {
	{ 0x0000, "TLS_NULL_WITH_NULL_NULL" },
	{ 0x0001, "TLS_RSA_WITH_NULL_MD5" }, { 0x0002, "TLS_RSA_WITH_NULL_SHA" },
	{ 0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5" }, { 0x0004, "TLS_RSA_WITH_RC4_128_MD5" },
	{ 0x0005, "TLS_RSA_WITH_RC4_128_SHA" }, { 0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5" },
	{ 0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA" }, { 0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA" },
	{ 0x0009, "TLS_RSA_WITH_DES_CBC_SHA" }, { 0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA" },
	{ 0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA" }, { 0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA" },
	{ 0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA" }, { 0x0018, "TLS_DH_anon_WITH_RC4_128_MD5" },
	{ 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA" }, { 0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA" },
	{ 0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA" }, { 0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA" },
	{ 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA" }, { 0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA" },
	{ 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA" }, { 0x003b, "TLS_RSA_WITH_NULL_SHA256" },
	{ 0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256" }, { 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256" },
	{ 0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA" }, { 0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA" },
	{ 0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256" }, { 0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256" },
	{ 0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA" }, { 0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA" },
	{ 0x008c, "TLS_PSK_WITH_AES_128_CBC_SHA" }, { 0x008d, "TLS_PSK_WITH_AES_256_CBC_SHA" },
	{ 0x0096, "TLS_RSA_WITH_SEED_CBC_SHA" },
	{ 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256" }, { 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384" },
	{ 0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256" }, { 0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384" },
	{ 0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256" }, { 0x00a9, "TLS_PSK_WITH_AES_256_GCM_SHA384" },
	{ 0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV" },
	{ 0x1301, "TLS_AES_128_GCM_SHA256" }, { 0x1302, "TLS_AES_256_GCM_SHA384" },
	{ 0x1303, "TLS_CHACHA20_POLY1305_SHA256" }, { 0x1304, "TLS_AES_128_CCM_SHA256" },
	{ 0x1305, "TLS_AES_128_CCM_8_SHA256" }, { 0x5600, "TLS_FALLBACK_SCSV" },
	{ 0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA" }, { 0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA" },
	{ 0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA" }, { 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA" },
	{ 0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA" }, { 0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA" },
	{ 0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA" }, { 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA" },
	{ 0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256" }, { 0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384" },
	{ 0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256" }, { 0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384" },
	{ 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" }, { 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" },
	{ 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" }, { 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" },
	{ 0xc09c, "TLS_RSA_WITH_AES_128_CCM" }, { 0xc09d, "TLS_RSA_WITH_AES_256_CCM" },
	{ 0xc09e, "TLS_DHE_RSA_WITH_AES_128_CCM" }, { 0xc09f, "TLS_DHE_RSA_WITH_AES_256_CCM" },
	{ 0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM" }, { 0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM" },
	{ 0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8" }, { 0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8" },
	{ 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
	{ 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" },
	{ 0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
};

static const struct name_row group_rows[] = {
	{ 0x0017, "secp256r1" }, { 0x0018, "secp384r1" }, { 0x0019, "secp521r1" },
	{ 0x001d, "x25519" }, { 0x001e, "x448" }, { 0x001f, "brainpoolP256r1tls13" },
	{ 0x0020, "brainpoolP384r1tls13" }, { 0x0021, "brainpoolP512r1tls13" },
	{ 0x0100, "ffdhe2048" }, { 0x0101, "ffdhe3072" }, { 0x0102, "ffdhe4096" },
	{ 0x0103, "ffdhe6144" }, { 0x0104, "ffdhe8192" }, { 0x0200, "MLKEM512" },
	{ 0x0201, "MLKEM768" }, { 0x0202, "MLKEM1024" }, { 0x11eb, "SecP256r1MLKEM768" },
	{ 0x11ec, "X25519MLKEM768" }, { 0x11ed, "SecP384r1MLKEM1024" },
	{ 0x6399, "X25519Kyber768Draft00" }, { 0x0015, "secp224r1" }, { 0x0016, "secp256k1" },
};

static const struct name_row sigalg_rows[] = {
	{ 0x0201, "rsa_pkcs1_sha1" }, { 0x0203, "ecdsa_sha1" }, { 0x0401, "rsa_pkcs1_sha256" },
	{ 0x0403, "ecdsa_secp256r1_sha256" }, { 0x0501, "rsa_pkcs1_sha384" },
	{ 0x0503, "ecdsa_secp384r1_sha384" }, { 0x0601, "rsa_pkcs1_sha512" },
	{ 0x0603, "ecdsa_secp521r1_sha512" }, { 0x0804, "rsa_pss_rsae_sha256" },
	{ 0x0805, "rsa_pss_rsae_sha384" }, { 0x0806, "rsa_pss_rsae_sha512" },
	{ 0x0807, "ed25519" }, { 0x0808, "ed448" }, { 0x0809, "rsa_pss_pss_sha256" },
	{ 0x080a, "rsa_pss_pss_sha384" }, { 0x080b, "rsa_pss_pss_sha512" },
};

static const char *lookup(const struct name_row *rows, size_t n, unsigned id)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id)
			return rows[i].name;
	return NULL;
}

#define LOOKUP(rows, id) lookup(rows, sizeof rows / sizeof rows[0], id)

const char *suite_name(unsigned id)
{
	static __thread char buf[64];
	const char *n = LOOKUP(suite_rows, id);
	unsigned char cs[2];
	size_t idx;

	if (n)
		return n;
	/* Fall back on GnuTLS's own spelling before giving up. */
	for (idx = 0; ; idx++) {
		const char *gn = gnutls_cipher_suite_info(idx, cs, NULL, NULL, NULL, NULL);
		if (!gn)
			break;
		if (((unsigned)cs[0] << 8 | cs[1]) == id) {
			snprintf(buf, sizeof buf, "%s", gn);
			return buf;
		}
	}
	if ((id & 0x0f0f) == 0x0a0a)
		return "GREASE";
	snprintf(buf, sizeof buf, "0x%04X", id);
	return buf;
}

const char *group_name(unsigned id)
{
	static __thread char buf[16];
	const char *n = LOOKUP(group_rows, id);
	if (n)
		return n;
	if ((id & 0x0f0f) == 0x0a0a)
		return "GREASE";
	snprintf(buf, sizeof buf, "0x%04x", id);
	return buf;
}

const char *sigalg_name(unsigned id)
{
	static __thread char buf[16];
	const char *n = LOOKUP(sigalg_rows, id);
	if (n)
		return n;
	snprintf(buf, sizeof buf, "0x%04x", id);
	return buf;
}
