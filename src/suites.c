/* suites.c — registry names for suites, groups and signature schemes (IANA TLS parameters).
 * Tables, one row per value; no logic beyond lookup. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <gnutls/gnutls.h>

#include "suites.h"

struct name_row {
	unsigned id;
	const char *name;
};

/* The IANA TLS Cipher Suites registry (RFC 5246, 4346, 2246, 4162, 4279, 4492, 5054, 5288,
 * 5289, 5487, 5489, 6209, 6367, 6655, 7251, 7905, 8446, 8442), with the OpenSSL spelling
 * where OpenSSL has one. Properties are read from the IANA name (suite_info). */
static const struct suite_row { unsigned id; const char *iana, *openssl; } suite_rows[] = {
	{ 0x0000, "TLS_NULL_WITH_NULL_NULL", NULL },
	{ 0x0001, "TLS_RSA_WITH_NULL_MD5", "NULL-MD5" },
	{ 0x0002, "TLS_RSA_WITH_NULL_SHA", "NULL-SHA" },
	{ 0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "EXP-RC4-MD5" },
	{ 0x0004, "TLS_RSA_WITH_RC4_128_MD5", "RC4-MD5" },
	{ 0x0005, "TLS_RSA_WITH_RC4_128_SHA", "RC4-SHA" },
	{ 0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "EXP-RC2-CBC-MD5" },
	{ 0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA", "IDEA-CBC-SHA" },
	{ 0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DES-CBC-SHA" },
	{ 0x0009, "TLS_RSA_WITH_DES_CBC_SHA", "DES-CBC-SHA" },
	{ 0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA" },
	{ 0x000b, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA", NULL },
	{ 0x000c, "TLS_DH_DSS_WITH_DES_CBC_SHA", NULL },
	{ 0x000d, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0x000e, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA", NULL },
	{ 0x000f, "TLS_DH_RSA_WITH_DES_CBC_SHA", NULL },
	{ 0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", "EXP-EDH-DSS-DES-CBC-SHA" },
	{ 0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA", NULL },
	{ 0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", "EDH-DSS-DES-CBC3-SHA" },
	{ 0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-EDH-RSA-DES-CBC-SHA" },
	{ 0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", "EDH-RSA-DES-CBC-SHA" },
	{ 0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", "EDH-RSA-DES-CBC3-SHA" },
	{ 0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", NULL },
	{ 0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", NULL },
	{ 0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", NULL },
	{ 0x001a, "TLS_DH_anon_WITH_DES_CBC_SHA", NULL },
	{ 0x001b, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0x001e, "TLS_KRB5_WITH_DES_CBC_SHA", NULL },
	{ 0x001f, "TLS_KRB5_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0x0020, "TLS_KRB5_WITH_RC4_128_SHA", NULL },
	{ 0x0021, "TLS_KRB5_WITH_IDEA_CBC_SHA", NULL },
	{ 0x0022, "TLS_KRB5_WITH_DES_CBC_MD5", NULL },
	{ 0x0023, "TLS_KRB5_WITH_3DES_EDE_CBC_MD5", NULL },
	{ 0x0024, "TLS_KRB5_WITH_RC4_128_MD5", NULL },
	{ 0x0025, "TLS_KRB5_WITH_IDEA_CBC_MD5", NULL },
	{ 0x0026, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA", NULL },
	{ 0x0027, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA", NULL },
	{ 0x0028, "TLS_KRB5_EXPORT_WITH_RC4_40_SHA", NULL },
	{ 0x0029, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5", NULL },
	{ 0x002a, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5", NULL },
	{ 0x002b, "TLS_KRB5_EXPORT_WITH_RC4_40_MD5", NULL },
	{ 0x002c, "TLS_PSK_WITH_NULL_SHA", NULL },
	{ 0x002d, "TLS_DHE_PSK_WITH_NULL_SHA", NULL },
	{ 0x002e, "TLS_RSA_PSK_WITH_NULL_SHA", NULL },
	{ 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA" },
	{ 0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA", NULL },
	{ 0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA", NULL },
	{ 0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", "DHE-DSS-AES128-SHA" },
	{ 0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA" },
	{ 0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", NULL },
	{ 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA" },
	{ 0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA", NULL },
	{ 0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA", NULL },
	{ 0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", "DHE-DSS-AES256-SHA" },
	{ 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA" },
	{ 0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA", NULL },
	{ 0x003b, "TLS_RSA_WITH_NULL_SHA256", "NULL-SHA256" },
	{ 0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256" },
	{ 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256" },
	{ 0x003e, "TLS_DH_DSS_WITH_AES_128_CBC_SHA256", NULL },
	{ 0x003f, "TLS_DH_RSA_WITH_AES_128_CBC_SHA256", NULL },
	{ 0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", NULL },
	{ 0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", "CAMELLIA128-SHA" },
	{ 0x0042, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA", NULL },
	{ 0x0043, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA", NULL },
	{ 0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", NULL },
	{ 0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", "DHE-RSA-CAMELLIA128-SHA" },
	{ 0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", NULL },
	{ 0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256" },
	{ 0x0068, "TLS_DH_DSS_WITH_AES_256_CBC_SHA256", NULL },
	{ 0x0069, "TLS_DH_RSA_WITH_AES_256_CBC_SHA256", NULL },
	{ 0x006a, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", NULL },
	{ 0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256" },
	{ 0x006c, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", NULL },
	{ 0x006d, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", NULL },
	{ 0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", "CAMELLIA256-SHA" },
	{ 0x0085, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA", NULL },
	{ 0x0086, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA", NULL },
	{ 0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", NULL },
	{ 0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", "DHE-RSA-CAMELLIA256-SHA" },
	{ 0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", NULL },
	{ 0x008a, "TLS_PSK_WITH_RC4_128_SHA", NULL },
	{ 0x008b, "TLS_PSK_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0x008c, "TLS_PSK_WITH_AES_128_CBC_SHA", "PSK-AES128-CBC-SHA" },
	{ 0x008d, "TLS_PSK_WITH_AES_256_CBC_SHA", "PSK-AES256-CBC-SHA" },
	{ 0x008e, "TLS_DHE_PSK_WITH_RC4_128_SHA", NULL },
	{ 0x008f, "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", NULL },
	{ 0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", NULL },
	{ 0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA", NULL },
	{ 0x0093, "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", NULL },
	{ 0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", NULL },
	{ 0x0096, "TLS_RSA_WITH_SEED_CBC_SHA", "SEED-SHA" },
	{ 0x0097, "TLS_DH_DSS_WITH_SEED_CBC_SHA", NULL },
	{ 0x0098, "TLS_DH_RSA_WITH_SEED_CBC_SHA", NULL },
	{ 0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA", NULL },
	{ 0x009a, "TLS_DHE_RSA_WITH_SEED_CBC_SHA", "DHE-RSA-SEED-SHA" },
	{ 0x009b, "TLS_DH_anon_WITH_SEED_CBC_SHA", NULL },
	{ 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256" },
	{ 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384" },
	{ 0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256" },
	{ 0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384" },
	{ 0x00a0, "TLS_DH_RSA_WITH_AES_128_GCM_SHA256", NULL },
	{ 0x00a1, "TLS_DH_RSA_WITH_AES_256_GCM_SHA384", NULL },
	{ 0x00a2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", NULL },
	{ 0x00a3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", NULL },
	{ 0x00a4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256", NULL },
	{ 0x00a5, "TLS_DH_DSS_WITH_AES_256_GCM_SHA384", NULL },
	{ 0x00a6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", NULL },
	{ 0x00a7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", NULL },
	{ 0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256" },
	{ 0x00a9, "TLS_PSK_WITH_AES_256_GCM_SHA384", "PSK-AES256-GCM-SHA384" },
	{ 0x00aa, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", NULL },
	{ 0x00ab, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", NULL },
	{ 0x00ac, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", NULL },
	{ 0x00ad, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", NULL },
	{ 0x00ae, "TLS_PSK_WITH_AES_128_CBC_SHA256", NULL },
	{ 0x00af, "TLS_PSK_WITH_AES_256_CBC_SHA384", NULL },
	{ 0x00b0, "TLS_PSK_WITH_NULL_SHA256", NULL },
	{ 0x00b1, "TLS_PSK_WITH_NULL_SHA384", NULL },
	{ 0x00b2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", NULL },
	{ 0x00b3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", NULL },
	{ 0x00b4, "TLS_DHE_PSK_WITH_NULL_SHA256", NULL },
	{ 0x00b5, "TLS_DHE_PSK_WITH_NULL_SHA384", NULL },
	{ 0x00b6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", NULL },
	{ 0x00b7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", NULL },
	{ 0x00b8, "TLS_RSA_PSK_WITH_NULL_SHA256", NULL },
	{ 0x00b9, "TLS_RSA_PSK_WITH_NULL_SHA384", NULL },
	{ 0x00ba, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0x00bb, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0x00bc, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0x00bd, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0x00be, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0x00bf, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0x00c0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", NULL },
	{ 0x00c1, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256", NULL },
	{ 0x00c2, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256", NULL },
	{ 0x00c3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", NULL },
	{ 0x00c4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", NULL },
	{ 0x00c5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", NULL },
	{ 0x00c6, "TLS_SM4_GCM_SM3", NULL },
	{ 0x00c7, "TLS_SM4_CCM_SM3", NULL },
	{ 0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", NULL },
	{ 0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256" },
	{ 0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384" },
	{ 0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256" },
	{ 0x1304, "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_SHA256" },
	{ 0x1305, "TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256" },
	{ 0x5600, "TLS_FALLBACK_SCSV", NULL },
	{ 0xc001, "TLS_ECDH_ECDSA_WITH_NULL_SHA", NULL },
	{ 0xc002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", NULL },
	{ 0xc003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0xc004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", NULL },
	{ 0xc005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", NULL },
	{ 0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "ECDHE-ECDSA-NULL-SHA" },
	{ 0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "ECDHE-ECDSA-RC4-SHA" },
	{ 0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-ECDSA-DES-CBC3-SHA" },
	{ 0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA" },
	{ 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA" },
	{ 0xc00b, "TLS_ECDH_RSA_WITH_NULL_SHA", NULL },
	{ 0xc00c, "TLS_ECDH_RSA_WITH_RC4_128_SHA", NULL },
	{ 0xc00d, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0xc00e, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", NULL },
	{ 0xc00f, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", NULL },
	{ 0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA", "ECDHE-RSA-NULL-SHA" },
	{ 0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "ECDHE-RSA-RC4-SHA" },
	{ 0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-RSA-DES-CBC3-SHA" },
	{ 0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA" },
	{ 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA" },
	{ 0xc015, "TLS_ECDH_anon_WITH_NULL_SHA", NULL },
	{ 0xc016, "TLS_ECDH_anon_WITH_RC4_128_SHA", NULL },
	{ 0xc017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", NULL },
	{ 0xc019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", NULL },
	{ 0xc01a, "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0xc01b, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0xc01c, "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0xc01d, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", NULL },
	{ 0xc01e, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", NULL },
	{ 0xc01f, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", NULL },
	{ 0xc020, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", NULL },
	{ 0xc021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", NULL },
	{ 0xc022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", NULL },
	{ 0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256" },
	{ 0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384" },
	{ 0xc025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", NULL },
	{ 0xc026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", NULL },
	{ 0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256" },
	{ 0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384" },
	{ 0xc029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", NULL },
	{ 0xc02a, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", NULL },
	{ 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256" },
	{ 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384" },
	{ 0xc02d, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", NULL },
	{ 0xc02e, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", NULL },
	{ 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256" },
	{ 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384" },
	{ 0xc031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", NULL },
	{ 0xc032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", NULL },
	{ 0xc033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA", NULL },
	{ 0xc034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", NULL },
	{ 0xc035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", NULL },
	{ 0xc036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", NULL },
	{ 0xc037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", NULL },
	{ 0xc038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", NULL },
	{ 0xc039, "TLS_ECDHE_PSK_WITH_NULL_SHA", NULL },
	{ 0xc03a, "TLS_ECDHE_PSK_WITH_NULL_SHA256", NULL },
	{ 0xc03b, "TLS_ECDHE_PSK_WITH_NULL_SHA384", NULL },
	{ 0xc03c, "TLS_RSA_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc03d, "TLS_RSA_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc03e, "TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc03f, "TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc040, "TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc041, "TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc042, "TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc043, "TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc046, "TLS_DH_anon_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc047, "TLS_DH_anon_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc04a, "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc04b, "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc04c, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc04d, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc04e, "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc04f, "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", "ARIA128-GCM-SHA256" },
	{ 0xc051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", "ARIA256-GCM-SHA384" },
	{ 0xc052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", "DHE-RSA-ARIA128-GCM-SHA256" },
	{ 0xc053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", "DHE-RSA-ARIA256-GCM-SHA384" },
	{ 0xc054, "TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256", NULL },
	{ 0xc055, "TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384", NULL },
	{ 0xc056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", NULL },
	{ 0xc057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", NULL },
	{ 0xc058, "TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256", NULL },
	{ 0xc059, "TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384", NULL },
	{ 0xc05a, "TLS_DH_anon_WITH_ARIA_128_GCM_SHA256", NULL },
	{ 0xc05b, "TLS_DH_anon_WITH_ARIA_256_GCM_SHA384", NULL },
	{ 0xc05c, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ECDSA-ARIA128-GCM-SHA256" },
	{ 0xc05d, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ECDSA-ARIA256-GCM-SHA384" },
	{ 0xc05e, "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256", NULL },
	{ 0xc05f, "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384", NULL },
	{ 0xc060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ARIA128-GCM-SHA256" },
	{ 0xc061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ARIA256-GCM-SHA384" },
	{ 0xc062, "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256", NULL },
	{ 0xc063, "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384", NULL },
	{ 0xc064, "TLS_PSK_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc065, "TLS_PSK_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc066, "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc067, "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc068, "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc069, "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc06a, "TLS_PSK_WITH_ARIA_128_GCM_SHA256", NULL },
	{ 0xc06b, "TLS_PSK_WITH_ARIA_256_GCM_SHA384", NULL },
	{ 0xc06c, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", NULL },
	{ 0xc06d, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", NULL },
	{ 0xc06e, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", NULL },
	{ 0xc06f, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", NULL },
	{ 0xc070, "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256", NULL },
	{ 0xc071, "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384", NULL },
	{ 0xc072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0xc073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", NULL },
	{ 0xc074, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0xc075, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", NULL },
	{ 0xc076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0xc077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", NULL },
	{ 0xc078, "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0xc079, "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384", NULL },
	{ 0xc07a, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc07b, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc07c, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc07d, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc07e, "TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc07f, "TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc080, "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc081, "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc082, "TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc083, "TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc084, "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc085, "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc088, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc089, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc08a, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc08b, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc08c, "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc08d, "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc08e, "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc08f, "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc090, "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc091, "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc092, "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256", NULL },
	{ 0xc093, "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384", NULL },
	{ 0xc094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0xc095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", NULL },
	{ 0xc096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0xc097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", NULL },
	{ 0xc098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0xc099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", NULL },
	{ 0xc09a, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", NULL },
	{ 0xc09b, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", NULL },
	{ 0xc09c, "TLS_RSA_WITH_AES_128_CCM", "AES128-CCM" },
	{ 0xc09d, "TLS_RSA_WITH_AES_256_CCM", "AES256-CCM" },
	{ 0xc09e, "TLS_DHE_RSA_WITH_AES_128_CCM", "DHE-RSA-AES128-CCM" },
	{ 0xc09f, "TLS_DHE_RSA_WITH_AES_256_CCM", "DHE-RSA-AES256-CCM" },
	{ 0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8", NULL },
	{ 0xc0a1, "TLS_RSA_WITH_AES_256_CCM_8", NULL },
	{ 0xc0a2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", NULL },
	{ 0xc0a3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", NULL },
	{ 0xc0a4, "TLS_PSK_WITH_AES_128_CCM", NULL },
	{ 0xc0a5, "TLS_PSK_WITH_AES_256_CCM", NULL },
	{ 0xc0a6, "TLS_DHE_PSK_WITH_AES_128_CCM", NULL },
	{ 0xc0a7, "TLS_DHE_PSK_WITH_AES_256_CCM", NULL },
	{ 0xc0a8, "TLS_PSK_WITH_AES_128_CCM_8", NULL },
	{ 0xc0a9, "TLS_PSK_WITH_AES_256_CCM_8", NULL },
	{ 0xc0aa, "TLS_PSK_DHE_WITH_AES_128_CCM_8", NULL },
	{ 0xc0ab, "TLS_PSK_DHE_WITH_AES_256_CCM_8", NULL },
	{ 0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "ECDHE-ECDSA-AES128-CCM" },
	{ 0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "ECDHE-ECDSA-AES256-CCM" },
	{ 0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "ECDHE-ECDSA-AES128-CCM8" },
	{ 0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "ECDHE-ECDSA-AES256-CCM8" },
	{ 0xc0b0, "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", NULL },
	{ 0xc0b1, "TLS_ECCPWD_WITH_AES_256_GCM_SHA384", NULL },
	{ 0xc0b2, "TLS_ECCPWD_WITH_AES_128_CCM_SHA256", NULL },
	{ 0xc0b3, "TLS_ECCPWD_WITH_AES_256_CCM_SHA384", NULL },
	{ 0xc0b4, "TLS_SHA256_SHA256", NULL },
	{ 0xc0b5, "TLS_SHA384_SHA384", NULL },
	{ 0xc100, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", NULL },
	{ 0xc101, "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC", NULL },
	{ 0xc102, "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", NULL },
	{ 0xc103, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L", NULL },
	{ 0xc104, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_L", NULL },
	{ 0xc105, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S", NULL },
	{ 0xc106, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_S", NULL },
	{ 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305" },
	{ 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305" },
	{ 0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305" },
	{ 0xccab, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", NULL },
	{ 0xccac, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", NULL },
	{ 0xccad, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", NULL },
	{ 0xccae, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", NULL },
	{ 0xd001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", NULL },
	{ 0xd002, "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384", NULL },
	{ 0xd003, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", NULL },
	{ 0xd005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", NULL },
};
#define NSUITES (sizeof suite_rows / sizeof suite_rows[0])

/* IANA TLS Supported Groups (RFC 8422, 7027, 8734, 7919, 8446, 9189, 8998; ML-KEM and the
 * hybrids from draft-ietf-tls-mlkem / draft-kwiatkowski-tls-ecdhe-mlkem; 0x6399/0x639a the
 * Kyber drafts browsers shipped). Sorted by id: group_info() searches it. */
static const struct group_info group_rows[] = {
	{ 0x0001, "sect163k1", "ecdh-binary", 80, 43, GF_TLS12 | GF_DEPRECATED },
	{ 0x0002, "sect163r1", "ecdh-binary", 80, 43, GF_TLS12 | GF_DEPRECATED },
	{ 0x0003, "sect163r2", "ecdh-binary", 80, 43, GF_TLS12 | GF_DEPRECATED },
	{ 0x0004, "sect193r1", "ecdh-binary", 96, 51, GF_TLS12 | GF_DEPRECATED },
	{ 0x0005, "sect193r2", "ecdh-binary", 96, 51, GF_TLS12 | GF_DEPRECATED },
	{ 0x0006, "sect233k1", "ecdh-binary", 112, 61, GF_TLS12 | GF_DEPRECATED },
	{ 0x0007, "sect233r1", "ecdh-binary", 112, 61, GF_TLS12 | GF_DEPRECATED },
	{ 0x0008, "sect239k1", "ecdh-binary", 112, 61, GF_TLS12 | GF_DEPRECATED },
	{ 0x0009, "sect283k1", "ecdh-binary", 128, 73, GF_TLS12 | GF_DEPRECATED },
	{ 0x000a, "sect283r1", "ecdh-binary", 128, 73, GF_TLS12 | GF_DEPRECATED },
	{ 0x000b, "sect409k1", "ecdh-binary", 192, 105, GF_TLS12 | GF_DEPRECATED },
	{ 0x000c, "sect409r1", "ecdh-binary", 192, 105, GF_TLS12 | GF_DEPRECATED },
	{ 0x000d, "sect571k1", "ecdh-binary", 256, 145, GF_TLS12 | GF_DEPRECATED },
	{ 0x000e, "sect571r1", "ecdh-binary", 256, 145, GF_TLS12 | GF_DEPRECATED },
	{ 0x000f, "secp160k1", "ecdh", 80, 41, GF_TLS12 | GF_DEPRECATED },
	{ 0x0010, "secp160r1", "ecdh", 80, 41, GF_TLS12 | GF_DEPRECATED },
	{ 0x0011, "secp160r2", "ecdh", 80, 41, GF_TLS12 | GF_DEPRECATED },
	{ 0x0012, "secp192k1", "ecdh", 96, 49, GF_TLS12 | GF_DEPRECATED },
	{ 0x0013, "secp192r1", "ecdh", 96, 49, GF_TLS12 | GF_DEPRECATED },
	{ 0x0014, "secp224k1", "ecdh", 112, 57, GF_TLS12 | GF_DEPRECATED },
	{ 0x0015, "secp224r1", "ecdh", 112, 57, GF_TLS12 | GF_DEPRECATED },
	{ 0x0016, "secp256k1", "ecdh", 128, 65, GF_TLS12 | GF_DEPRECATED },
	{ 0x0017, "secp256r1", "ecdh", 128, 65, GF_TLS12 | GF_TLS13 },
	{ 0x0018, "secp384r1", "ecdh", 192, 97, GF_TLS12 | GF_TLS13 },
	{ 0x0019, "secp521r1", "ecdh", 256, 133, GF_TLS12 | GF_TLS13 },
	{ 0x001a, "brainpoolP256r1", "ecdh", 128, 65, GF_TLS12 },
	{ 0x001b, "brainpoolP384r1", "ecdh", 192, 97, GF_TLS12 },
	{ 0x001c, "brainpoolP512r1", "ecdh", 256, 129, GF_TLS12 },
	{ 0x001d, "x25519", "x25519", 128, 32, GF_TLS12 | GF_TLS13 },
	{ 0x001e, "x448", "x448", 224, 56, GF_TLS12 | GF_TLS13 },
	{ 0x001f, "brainpoolP256r1tls13", "ecdh", 128, 65, GF_TLS13 },
	{ 0x0020, "brainpoolP384r1tls13", "ecdh", 192, 97, GF_TLS13 },
	{ 0x0021, "brainpoolP512r1tls13", "ecdh", 256, 129, GF_TLS13 },
	{ 0x0022, "GC256A", "gost", 128, 64, GF_TLS13 },
	{ 0x0023, "GC256B", "gost", 128, 64, GF_TLS13 },
	{ 0x0024, "GC256C", "gost", 128, 64, GF_TLS13 },
	{ 0x0025, "GC256D", "gost", 128, 64, GF_TLS13 },
	{ 0x0026, "GC512A", "gost", 256, 128, GF_TLS13 },
	{ 0x0027, "GC512B", "gost", 256, 128, GF_TLS13 },
	{ 0x0028, "GC512C", "gost", 256, 128, GF_TLS13 },
	{ 0x0029, "curveSM2", "sm2", 128, 65, GF_TLS13 },
	{ 0x0100, "ffdhe2048", "ffdhe", 103, 256, GF_TLS12 | GF_TLS13 | GF_FFDHE },
	{ 0x0101, "ffdhe3072", "ffdhe", 125, 384, GF_TLS12 | GF_TLS13 | GF_FFDHE },
	{ 0x0102, "ffdhe4096", "ffdhe", 150, 512, GF_TLS12 | GF_TLS13 | GF_FFDHE },
	{ 0x0103, "ffdhe6144", "ffdhe", 175, 768, GF_TLS12 | GF_TLS13 | GF_FFDHE },
	{ 0x0104, "ffdhe8192", "ffdhe", 192, 1024, GF_TLS12 | GF_TLS13 | GF_FFDHE },
	{ 0x0200, "MLKEM512", "mlkem", 128, 800, GF_TLS13 | GF_PQ },
	{ 0x0201, "MLKEM768", "mlkem", 192, 1184, GF_TLS13 | GF_PQ },
	{ 0x0202, "MLKEM1024", "mlkem", 256, 1568, GF_TLS13 | GF_PQ },
	{ 0x11eb, "SecP256r1MLKEM768", "hybrid", 128, 1249, GF_TLS13 | GF_HYBRID | GF_PQ },
	{ 0x11ec, "X25519MLKEM768", "hybrid", 128, 1216, GF_TLS13 | GF_HYBRID | GF_PQ },
	{ 0x11ed, "SecP384r1MLKEM1024", "hybrid", 192, 1665, GF_TLS13 | GF_HYBRID | GF_PQ },
	{ 0x6399, "X25519Kyber768Draft00", "hybrid", 128, 1216, GF_TLS13 | GF_HYBRID | GF_PQ },
	{ 0x639a, "SecP256r1Kyber768Draft00", "hybrid", 128, 1249, GF_TLS13 | GF_HYBRID | GF_PQ },
};
#define NGROUPS (sizeof group_rows / sizeof group_rows[0])

/* SSLv2 cipher kinds (draft-hickman-netscape-ssl-00 appendix C). */
static const struct ssl2_kind ssl2_rows[] = {
	{ 0x010080, "SSL_CK_RC4_128_WITH_MD5", "RC4-MD5", 128, false },
	{ 0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5", "EXP-RC4-MD5", 40, true },
	{ 0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5", "RC2-CBC-MD5", 128, false },
	{ 0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5", "EXP-RC2-CBC-MD5", 40, true },
	{ 0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5", "IDEA-CBC-MD5", 128, false },
	{ 0x060040, "SSL_CK_DES_64_CBC_WITH_MD5", "DES-CBC-MD5", 56, false },
	{ 0x0700c0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", "DES-CBC3-MD5", 112, false },
	{ 0x080080, "SSL_CK_RC4_64_WITH_MD5", "RC4-64-MD5", 64, false },
};
#define NSSL2 (sizeof ssl2_rows / sizeof ssl2_rows[0])


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

static struct suite_info infos[NSUITES];
static pthread_once_t infos_once = PTHREAD_ONCE_INIT;

/* Suites that name no key exchange: TLS1.3 (RFC 8446 B.4) and its relatives (RFC 8998
 * SM4, RFC 9150 integrity-only, RFC 9367 GOST). */
static bool tls13_style(unsigned id)
{
	return (id >> 8) == 0x13 || id == 0x00c6 || id == 0x00c7 || id == 0xc0b4 || id == 0xc0b5 ||
	       (id >= 0xc103 && id <= 0xc106);
}

/* Cipher family and mode from the encryption part of the name ("AES_128_CCM_8"). First
 * match wins: "3DES" before "DES", "CCM_8" before "CCM". */
static const struct { const char *needle, *cipher; } cipher_rows[] = {
	{ "CHACHA20", "CHACHA20" }, { "CAMELLIA", "CAMELLIA" }, { "ARIA", "ARIA" }, { "SEED", "SEED" },
	{ "IDEA", "IDEA" }, { "3DES", "3DES" }, { "DES40", "DES40" }, { "DES_CBC_40", "DES40" },
	{ "DES", "DES" }, { "RC4_40", "RC4_40" }, { "RC4", "RC4" }, { "RC2_CBC_40", "RC2_40" },
	{ "RC2", "RC2" }, { "AES", "AES" }, { "SM4", "SM4" }, { "KUZNYECHIK", "KUZNYECHIK" },
	{ "MAGMA", "MAGMA" }, { "28147", "GOST28147" }, { "NULL", "NULL" },
};
static const struct { const char *needle, *mode; } mode_rows[] = {
	{ "CCM_8", "CCM8" }, { "CCM", "CCM" }, { "GCM", "GCM" }, { "POLY1305", "POLY1305" },
	{ "MGM", "MGM" }, { "CTR", "CTR" }, { "CNT", "CTR" }, { "CBC", "CBC" }, { "RC4", "stream" },
	{ "NULL", "none" },
};

static void cipher_and_mode(struct suite_info *i)
{
	const char *n = i->iana;
	const char *e = strstr(n, "_WITH_") ? strstr(n, "_WITH_") + 6 : n + 4;

	snprintf(i->cipher, sizeof i->cipher, "?");
	snprintf(i->mode, sizeof i->mode, "?");
	for (size_t k = 0; k < sizeof cipher_rows / sizeof cipher_rows[0]; k++)
		if (strstr(e, cipher_rows[k].needle)) {
			snprintf(i->cipher, sizeof i->cipher, "%s", cipher_rows[k].cipher);
			break;
		}
	for (size_t k = 0; k < sizeof mode_rows / sizeof mode_rows[0]; k++)
		if (strstr(e, mode_rows[k].needle)) {
			snprintf(i->mode, sizeof i->mode, "%s", mode_rows[k].mode);
			break;
		}
	if (!i->bits && (!strcmp(i->cipher, "KUZNYECHIK") || !strcmp(i->cipher, "MAGMA") ||
			 !strcmp(i->cipher, "GOST28147")))
		i->bits = 256;
	if (!strcmp(i->cipher, "CHACHA20"))
		i->bits = 256;
	if (!strncmp(i->kx, "SRP", 3)) {	/* "SRP_SHA_RSA": SRP key exchange, RSA-signed */
		const char *au = !strcmp(i->kx, "SRP_SHA_RSA") ? "RSA" : !strcmp(i->kx, "SRP_SHA_DSS") ? "DSS" : "SRP";
		snprintf(i->au, sizeof i->au, "%s", au);
		snprintf(i->kx, sizeof i->kx, "SRP");
	}
	if (!i->bits && !strcmp(i->cipher, "SM4"))
		i->bits = 128;
	if (i->flags & SF_SCSV) {
		snprintf(i->cipher, sizeof i->cipher, "-");
		snprintf(i->mode, sizeof i->mode, "-");
	}
}

/* Key exchange, authentication, cipher and MAC from "TLS_<KX>_WITH_<ENC>_<MAC>". */
static void derive(const struct suite_row *r, struct suite_info *i)
{
	const char *n = r->iana, *with = strstr(n, "_WITH_");
	char kx[32] = "", enc[48] = "";
	unsigned f = 0;

	memset(i, 0, sizeof *i);
	i->id = r->id;
	i->iana = r->iana;
	i->openssl = r->openssl;
	if (tls13_style(r->id)) {
		f |= SF_TLS13 | SF_AEAD | SF_PFS;
		snprintf(i->kx, sizeof i->kx, "any");
		snprintf(i->au, sizeof i->au, "any");
		snprintf(enc, sizeof enc, "%s", n + 4);
		if (strstr(n, "_WITH_"))	/* RFC 9367: TLS_GOSTR341112_256_WITH_<AEAD> */
			snprintf(enc, sizeof enc, "%s", strstr(n, "_WITH_") + 6);
	} else if (!strncmp(n, "TLS_GOSTR", 9) && with) {
		snprintf(i->kx, sizeof i->kx, "GOST");
		snprintf(i->au, sizeof i->au, "GOST");
		snprintf(enc, sizeof enc, "%s", with + 6);
		f |= SF_PFS | SF_TLS12;
	} else if (with) {
		snprintf(kx, sizeof kx, "%.*s", (int)(with - n - 4), n + 4);
		snprintf(enc, sizeof enc, "%s", with + 6);
		if (!strncmp(kx, "ECDHE", 5) || !strncmp(kx, "DHE", 3) || !strncmp(kx, "PSK_DHE", 7))
			f |= SF_PFS;
		if (strstr(kx, "anon"))
			f |= SF_ANON;
		if (strstr(kx, "EXPORT"))
			f |= SF_EXPORT;
		if (strstr(kx, "PSK"))
			f |= SF_PSK;
		if (strstr(kx, "SRP"))
			f |= SF_SRP;
		{
			/* "ECDHE_RSA" -> ECDHE + RSA; "RSA" -> RSA + RSA; "PSK" -> PSK + PSK */
			char *us = strchr(kx, '_');
			char *exp = strstr(kx, "_EXPORT");
			if (exp)
				*exp = '\0';
			us = strchr(kx, '_');
			if (us && strncmp(kx, "SRP", 3)) {
				snprintf(i->au, sizeof i->au, "%s", us + 1);
				*us = '\0';
			} else {
				snprintf(i->au, sizeof i->au, "%s", kx);
			}
			snprintf(i->kx, sizeof i->kx, "%s", kx);
		}
	} else {
		snprintf(i->kx, sizeof i->kx, "NULL");
		snprintf(i->au, sizeof i->au, "NULL");
		f |= SF_NULL;
	}
	if (strstr(enc, "NULL"))
		f |= SF_NULL;
	if (strstr(enc, "RC4"))
		f |= SF_RC4;
	if (strstr(enc, "3DES"))
		f |= SF_3DES;
	else if (strstr(enc, "DES"))
		f |= SF_DES;
	if (strstr(enc, "_40") || strstr(enc, "DES40"))
		f |= SF_EXPORT;
	if (strstr(enc, "CBC"))
		f |= SF_CBC;
	if (strstr(enc, "GCM") || strstr(enc, "CCM") || strstr(enc, "CHACHA20"))
		f |= SF_AEAD;
	if (strstr(enc, "SHA256") || strstr(enc, "SHA384") || (f & SF_AEAD))
		f |= SF_TLS12;
	{
		/* the cipher alone: drop the MAC after the last '_' unless it is part of it */
		char *m = strrchr(enc, '_');
		if (m && (!strcmp(m, "_SHA") || !strcmp(m, "_MD5") || !strcmp(m, "_SHA256") || !strcmp(m, "_SHA384"))) {
			snprintf(i->mac, sizeof i->mac, "%s", m + 1);
			if (!(f & SF_AEAD) || (f & SF_TLS13))
				*m = '\0';
			else
				*m = '\0';
		} else {
			snprintf(i->mac, sizeof i->mac, "AEAD");
		}
		snprintf(i->enc, sizeof i->enc, "%s", enc);
	}
	i->bits = strstr(enc, "256") ? 256 : strstr(enc, "128") ? 128 : (f & SF_3DES) ? 112 :
		  (f & SF_EXPORT) ? 40 : (f & SF_DES) ? 56 : strstr(enc, "IDEA") || strstr(enc, "SEED") ? 128 : 0;
	i->flags = f;
	/* grade: what a client should think of it today */
	if (f & (SF_NULL | SF_EXPORT | SF_ANON | SF_RC4 | SF_DES))
		i->grade = "insecure";
	else if ((f & SF_3DES) || !(f & SF_PFS) || strstr(enc, "IDEA") || strstr(enc, "SEED"))
		i->grade = "weak";
	else if (f & SF_AEAD)
		i->grade = "good";
	else
		i->grade = "ok";
	if (r->id == 0x00ff || r->id == 0x5600) {
		i->flags = SF_SCSV;
		i->grade = "signal";
	}
	cipher_and_mode(i);
	if (r->id == 0xc0b4 || r->id == 0xc0b5) {	/* RFC 9150: integrity only */
		i->flags = (i->flags & ~(unsigned)SF_AEAD) | SF_NULL;
		i->grade = "insecure";
		snprintf(i->cipher, sizeof i->cipher, "NULL");
		snprintf(i->mode, sizeof i->mode, "none");
		i->bits = 0;
	}
}

static void infos_init(void)
{
	unsigned char cs[2];
	for (size_t k = 0; k < NSUITES; k++)
		derive(&suite_rows[k], &infos[k]);
	/* GnuTLS's spelling, where GnuTLS knows the suite */
	for (size_t idx = 0; ; idx++) {
		const char *gn = gnutls_cipher_suite_info(idx, cs, NULL, NULL, NULL, NULL);
		unsigned id;
		if (!gn)
			break;
		id = (unsigned)cs[0] << 8 | cs[1];
		for (size_t k = 0; k < NSUITES; k++)
			if (infos[k].id == id && !infos[k].gnutls)
				infos[k].gnutls = gn;
	}
}

const struct suite_info *suite_info(unsigned id)
{
	size_t lo = 0, hi = NSUITES;
	pthread_once(&infos_once, infos_init);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (suite_rows[mid].id == id)
			return &infos[mid];
		if (suite_rows[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t suite_count(void)
{
	return NSUITES;
}

const struct suite_info *suite_at(size_t i)
{
	pthread_once(&infos_once, infos_init);
	return i < NSUITES ? &infos[i] : NULL;
}

const char *suite_name(unsigned id)
{
	static __thread char buf[64];
	const struct suite_info *si = suite_info(id);

	if (si)
		return si->iana;
	if ((id & 0x0f0f) == 0x0a0a)
		return "GREASE";
	snprintf(buf, sizeof buf, "0x%04X", id);
	return buf;
}

const char *group_name(unsigned id)
{
	static __thread char buf[16];
	const struct group_info *g = group_info(id);
	if (g)
		return g->name;
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

const struct group_info *group_info(unsigned id)
{
	size_t lo = 0, hi = NGROUPS;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (group_rows[mid].id == id)
			return &group_rows[mid];
		if (group_rows[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t group_count(void)
{
	return NGROUPS;
}

const struct group_info *group_at(size_t i)
{
	return i < NGROUPS ? &group_rows[i] : NULL;
}

const struct ssl2_kind *ssl2_kind_info(unsigned id)
{
	for (size_t i = 0; i < NSSL2; i++)
		if (ssl2_rows[i].id == id)
			return &ssl2_rows[i];
	return NULL;
}

size_t ssl2_kind_count(void)
{
	return NSSL2;
}

const struct ssl2_kind *ssl2_kind_at(size_t i)
{
	return i < NSSL2 ? &ssl2_rows[i] : NULL;
}
