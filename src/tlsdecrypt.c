/* tlsdecrypt.c — NSS key logs and TLS1.3 record opening. A key log line is
 * "LABEL <client random hex> <secret hex>"; we keep the five labels we use, indexed by
 * client random in a small hash table. Keys come from HKDF-Expand-Label (RFC 8446 7.1)
 * over gnutls_hkdf_expand, records open with gnutls_aead_cipher_decrypt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "tlsdecrypt.h"
#include "xmalloc.h"

struct kl_entry {
	uint8_t cr[32];
	uint8_t secret[KL__N][64];
	uint8_t len[KL__N];
	struct kl_entry *next;
};

struct keylog {
	struct kl_entry **buckets;
	size_t nbuckets, n;
};

static const char *const kl_names[KL__N] = {
	"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
	"CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "CLIENT_RANDOM",
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex word at *s into out (at most max bytes); the count, -1 when not hex. */
static int hexword(const char **s, uint8_t *out, size_t max)
{
	const char *p = *s;
	size_t n = 0;
	while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
		int hi = hexval(p[0]), lo = p[1] ? hexval(p[1]) : -1;
		if (hi < 0 || lo < 0 || n >= max)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	*s = p;
	return (int)n;
}

static size_t kl_hash(const uint8_t cr[32], size_t nb)
{
	uint64_t h = 1469598103934665603ull;
	for (int i = 0; i < 32; i++)
		h = (h ^ cr[i]) * 1099511628211ull;
	return (size_t)(h % nb);
}

static struct kl_entry *kl_find(const struct keylog *k, const uint8_t cr[32])
{
	for (struct kl_entry *e = k->buckets[kl_hash(cr, k->nbuckets)]; e; e = e->next)
		if (!memcmp(e->cr, cr, 32))
			return e;
	return NULL;
}

struct keylog *keylog_load(const char *path, size_t *bad, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct keylog *k;
	char line[512];

	if (bad)
		*bad = 0;
	if (!f) {
		snprintf(err, errlen, "cannot open the key log %s", path);
		return NULL;
	}
	k = xcalloc(1, sizeof *k);
	k->nbuckets = 4096;
	k->buckets = xcalloc(k->nbuckets, sizeof *k->buckets);
	while (fgets(line, sizeof line, f)) {
		const char *p = line;
		uint8_t cr[32], secret[64];
		int l = -1, n;
		struct kl_entry *e;
		size_t b;

		if (line[0] == '#' || line[0] == '\n' || line[0] == '\r')
			continue;
		for (int i = 0; i < KL__N; i++) {
			size_t nl = strlen(kl_names[i]);
			if (!strncmp(p, kl_names[i], nl) && (p[nl] == ' ' || p[nl] == '\t')) {
				l = i;
				p += nl + 1;
				break;
			}
		}
		if (l < 0) {
			if (bad && strncmp(line, "EARLY_", 6) && strncmp(line, "EXPORTER_", 9))
				(*bad)++;
			continue;
		}
		if (hexword(&p, cr, sizeof cr) != 32 || (n = hexword(&p, secret, sizeof secret)) < 32) {
			if (bad)
				(*bad)++;
			continue;
		}
		e = kl_find(k, cr);
		if (!e) {
			e = xcalloc(1, sizeof *e);
			memcpy(e->cr, cr, 32);
			b = kl_hash(cr, k->nbuckets);
			e->next = k->buckets[b];
			k->buckets[b] = e;
			k->n++;
		}
		memcpy(e->secret[l], secret, (size_t)n);
		e->len[l] = (uint8_t)n;
	}
	fclose(f);
	return k;
}

size_t keylog_size(const struct keylog *k)
{
	return k ? k->n : 0;
}

void keylog_free(struct keylog *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->nbuckets; i++)
		for (struct kl_entry *e = k->buckets[i], *nx; e; e = nx) {
			nx = e->next;
			free(e);
		}
	free(k->buckets);
	free(k);
}

size_t keylog_get(const struct keylog *k, const uint8_t cr[32], enum kl_label l, uint8_t out[64])
{
	const struct kl_entry *e = k ? kl_find(k, cr) : NULL;
	if (!e || !e->len[l])
		return 0;
	memcpy(out, e->secret[l], e->len[l]);
	return e->len[l];
}

/* HKDF-Expand-Label(secret, label, "", len) */
static int expand_label(gnutls_mac_algorithm_t mac, const uint8_t *secret, size_t slen, const char *label,
			uint8_t *out, size_t len)
{
	uint8_t info[64];
	size_t ll = strlen(label), n = 0;
	gnutls_datum_t key = { (unsigned char *)secret, (unsigned)slen }, inf;

	info[n++] = (uint8_t)(len >> 8);
	info[n++] = (uint8_t)len;
	info[n++] = (uint8_t)(6 + ll);
	memcpy(info + n, "tls13 ", 6);
	n += 6;
	memcpy(info + n, label, ll);
	n += ll;
	info[n++] = 0;
	inf.data = info;
	inf.size = (unsigned)n;
	return gnutls_hkdf_expand(mac, &key, &inf, out, len) < 0 ? -1 : 0;
}

int tls13_key_init(struct tls13_key *k, unsigned suite, const uint8_t *secret, size_t slen)
{
	gnutls_cipher_algorithm_t c;
	gnutls_mac_algorithm_t mac = GNUTLS_MAC_SHA256;
	size_t klen;
	uint8_t key[32];
	gnutls_datum_t kd;
	gnutls_aead_cipher_hd_t h;

	memset(k, 0, sizeof *k);
	switch (suite) {
	case 0x1301: c = GNUTLS_CIPHER_AES_128_GCM; klen = 16; k->tag = 16; break;
	case 0x1302: c = GNUTLS_CIPHER_AES_256_GCM; klen = 32; k->tag = 16; mac = GNUTLS_MAC_SHA384; break;
	case 0x1303: c = GNUTLS_CIPHER_CHACHA20_POLY1305; klen = 32; k->tag = 16; break;
	case 0x1304: c = GNUTLS_CIPHER_AES_128_CCM; klen = 16; k->tag = 16; break;
	case 0x1305: c = GNUTLS_CIPHER_AES_128_CCM_8; klen = 16; k->tag = 8; break;
	default: return -1;
	}
	if (expand_label(mac, secret, slen, "key", key, klen) < 0 ||
	    expand_label(mac, secret, slen, "iv", k->iv, 12) < 0)
		return -1;
	kd.data = key;
	kd.size = (unsigned)klen;
	if (gnutls_aead_cipher_init(&h, c, &kd) < 0)
		return -1;
	k->aead = h;
	return 0;
}

int tls13_open(struct tls13_key *k, const uint8_t hdr[5], const uint8_t *body, size_t len, uint8_t *out,
	       size_t *outlen, unsigned *type)
{
	uint8_t nonce[12];
	size_t n = len;

	if (!k->aead || len < k->tag + 1)
		return -1;
	memcpy(nonce, k->iv, 12);
	for (int i = 0; i < 8; i++)
		nonce[11 - i] ^= (uint8_t)(k->seq >> (8 * i));
	if (gnutls_aead_cipher_decrypt(k->aead, nonce, 12, hdr, 5, k->tag, body, len, out, &n) < 0)
		return -1;
	while (n > 0 && out[n - 1] == 0)
		n--;
	if (n == 0)
		return -1;
	*type = out[n - 1];
	*outlen = n - 1;
	k->seq++;
	return 0;
}

void tls13_key_free(struct tls13_key *k)
{
	if (k->aead)
		gnutls_aead_cipher_deinit(k->aead);
	memset(k, 0, sizeof *k);
}

/* P_hash (RFC 5246 5) for "key expansion": out = P_mac(master, label + seed). */
static int prf(gnutls_mac_algorithm_t mac, const uint8_t *secret, size_t slen, const uint8_t *seed, size_t seedlen,
	       uint8_t *out, size_t len)
{
	uint8_t a[64], buf[64 + 128], h[64];
	size_t hl = gnutls_hmac_get_len(mac), o = 0;

	if (!hl || hl > 64 || seedlen > 128)
		return -1;
	if (gnutls_hmac_fast(mac, secret, slen, seed, seedlen, a) < 0)	/* A(1) */
		return -1;
	while (o < len) {
		memcpy(buf, a, hl);
		memcpy(buf + hl, seed, seedlen);
		if (gnutls_hmac_fast(mac, secret, slen, buf, hl + seedlen, h) < 0)
			return -1;
		memcpy(out + o, h, len - o < hl ? len - o : hl);
		o += hl;
		if (gnutls_hmac_fast(mac, secret, slen, a, hl, a) < 0)	/* A(i+1) */
			return -1;
	}
	return 0;
}

int tls12_keys(unsigned suite, const uint8_t *master, size_t mlen, const uint8_t cr[32], const uint8_t sr[32],
	       struct tls13_key *client, struct tls13_key *server)
{
	gnutls_cipher_algorithm_t c;
	gnutls_mac_algorithm_t mac = GNUTLS_MAC_SHA256;
	size_t klen, ivlen;
	int mode;
	uint8_t seed[13 + 64], block[2 * 32 + 2 * 12];
	gnutls_datum_t kd;
	gnutls_aead_cipher_hd_t h;
	struct tls13_key *k[2] = { client, server };

	memset(client, 0, sizeof *client);
	memset(server, 0, sizeof *server);
	switch (suite) {
	case 0xc02f: case 0xc02b: case 0x009e: case 0x009c:
		c = GNUTLS_CIPHER_AES_128_GCM; klen = 16; ivlen = 4; mode = 1; break;
	case 0xc030: case 0xc02c: case 0x009f: case 0x009d:
		c = GNUTLS_CIPHER_AES_256_GCM; klen = 32; ivlen = 4; mode = 1; mac = GNUTLS_MAC_SHA384; break;
	case 0xcca8: case 0xcca9: case 0xccaa:
		c = GNUTLS_CIPHER_CHACHA20_POLY1305; klen = 32; ivlen = 12; mode = 2; break;
	default:
		return -1;
	}
	memcpy(seed, "key expansion", 13);
	memcpy(seed + 13, sr, 32);
	memcpy(seed + 45, cr, 32);
	if (prf(mac, master, mlen, seed, sizeof seed, block, 2 * klen + 2 * ivlen) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		kd.data = block + i * klen;
		kd.size = (unsigned)klen;
		if (gnutls_aead_cipher_init(&h, c, &kd) < 0) {
			tls13_key_free(client);
			return -1;
		}
		k[i]->aead = h;
		k[i]->tag = 16;
		k[i]->tls12 = mode;
		memcpy(k[i]->iv, block + 2 * klen + i * ivlen, ivlen);
	}
	return 0;
}

int tls12_open(struct tls13_key *k, const uint8_t hdr[5], const uint8_t *body, size_t len, uint8_t *out,
	       size_t *outlen)
{
	uint8_t nonce[12], aad[13];
	size_t n = len, explicit = k->tls12 == 1 ? 8 : 0, plen;

	if (!k->aead || len < explicit + k->tag)
		return -1;
	plen = len - explicit - k->tag;
	if (k->tls12 == 1) {
		memcpy(nonce, k->iv, 4);
		memcpy(nonce + 4, body, 8);
	} else {
		memcpy(nonce, k->iv, 12);
		for (int i = 0; i < 8; i++)
			nonce[11 - i] ^= (uint8_t)(k->seq >> (8 * i));
	}
	for (int i = 0; i < 8; i++)
		aad[7 - i] = (uint8_t)(k->seq >> (8 * i));
	aad[8] = hdr[0];
	aad[9] = hdr[1];
	aad[10] = hdr[2];
	aad[11] = (uint8_t)(plen >> 8);
	aad[12] = (uint8_t)plen;
	if (gnutls_aead_cipher_decrypt(k->aead, nonce, 12, aad, 13, k->tag, body + explicit, len - explicit, out, &n) < 0)
		return -1;
	*outlen = n;
	k->seq++;
	return 0;
}
