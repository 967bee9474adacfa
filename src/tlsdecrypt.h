/* tlsdecrypt.h — key logs (NSS SSLKEYLOGFILE format) and TLS1.3 record decryption with
 * GnuTLS's own primitives (HKDF-Expand-Label, AEAD). Used by the capture reader to turn
 * encrypted handshake records into real ladder steps. No I/O beyond reading the key log. */
#ifndef TLSWIZ_TLSDECRYPT_H
#define TLSWIZ_TLSDECRYPT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kl_label { KL_CLIENT_HS, KL_SERVER_HS, KL_CLIENT_APP, KL_SERVER_APP, KL_MASTER, KL__N };

struct keylog;
/* Load a key log; NULL with err set when it cannot be read. Lines that are not secrets
 * are ignored (counted in *bad when bad is not NULL). */
struct keylog *keylog_load(const char *path, size_t *bad, char *err, size_t errlen);
size_t keylog_size(const struct keylog *k);	/* client randoms with at least one secret */
void keylog_free(struct keylog *k);
/* The secret logged for this client random and label: its length (0 none). */
size_t keylog_get(const struct keylog *k, const uint8_t client_random[32], enum kl_label l, uint8_t out[64]);

/* One direction's record protection for TLS1.3 (RFC 8446 section 5.2). */
struct tls13_key {
	void *aead;		/* gnutls_aead_cipher_hd_t */
	uint8_t iv[12];
	uint64_t seq;
	size_t tag;
	int tls12;		/* 0 TLS1.3; 1 TLS1.2 GCM (4-byte salt + explicit nonce); 2 TLS1.2 ChaCha20 */
};
/* Derive key and IV from a traffic secret for a TLS1.3 suite (0x1301..0x1305). 0 ok. */
int tls13_key_init(struct tls13_key *k, unsigned suite, const uint8_t *secret, size_t slen);
/* Open one TLSCiphertext (hdr = its 5-byte header, body its payload). On success the
 * inner content (padding removed) is in out[0..*outlen), its real type in *type, and the
 * sequence number advances; -1 when it does not authenticate (seq unchanged). out must
 * hold len bytes. */
int tls13_open(struct tls13_key *k, const uint8_t hdr[5], const uint8_t *body, size_t len, uint8_t *out,
	       size_t *outlen, unsigned *type);
void tls13_key_free(struct tls13_key *k);

/* TLS1.2 AEAD suites (AES-GCM, ChaCha20-Poly1305): both directions' keys from the master
 * secret (the key log's CLIENT_RANDOM line) and the two randoms (RFC 5246 6.3). 0 ok,
 * -1 for a suite we do not decrypt (CBC, CCM...). */
int tls12_keys(unsigned suite, const uint8_t *master, size_t mlen, const uint8_t client_random[32],
	       const uint8_t server_random[32], struct tls13_key *client, struct tls13_key *server);
/* Open one TLS1.2 record (hdr its 5-byte header): plaintext in out[0..*outlen). */
int tls12_open(struct tls13_key *k, const uint8_t hdr[5], const uint8_t *body, size_t len, uint8_t *out,
	       size_t *outlen);

#endif
