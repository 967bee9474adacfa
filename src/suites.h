/* suites.h — names for TLS registry values: cipher suites, named groups, signature schemes
 * (IANA TLS parameters registries). Data only. The full cipher-suite registry with OpenSSL
 * and GnuTLS spellings and properties grows here (issue 6). */
#ifndef TLSWIZ_SUITES_H
#define TLSWIZ_SUITES_H
#include <stdbool.h>

/* IANA name of a suite ("TLS_AES_128_GCM_SHA256"); "0xC0FF" form when unknown. */
const char *suite_name(unsigned id);
/* Short group name ("x25519", "secp256r1", "ffdhe2048", "X25519MLKEM768"). */
const char *group_name(unsigned id);
/* Signature scheme name ("rsa_pss_rsae_sha256"). */
const char *sigalg_name(unsigned id);

#endif
