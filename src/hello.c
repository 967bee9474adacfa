/* hello.c — ClientHello/ServerHello body parsers (RFC 8446 4.1.2, 4.1.3; RFC 5246 7.4.1).
 * Every length is checked with the rd cursor; a malformed hello yields -1, never a crash. */
#include <string.h>

#include "hello.h"
#include "rd.h"

/* RFC 8446 4.1.3: SHA-256("HelloRetryRequest"). */
static const unsigned char hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65,
	0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2,
	0xc8, 0xa8, 0x33, 0x9c,
};

static void copy_raw(char *dst, size_t dstlen, const unsigned char *p, size_t n)
{
	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

static int client_ext(struct hello_client *h, unsigned type, struct rd e)
{
	struct rd l;
	unsigned v;

	switch (type) {
	case 0: {	/* server_name: list of (type, name) */
		unsigned nt;
		struct rd name;
		if (rd_vec16(&e, &l) < 0 || rd_u8(&l, &nt) < 0 || rd_vec16(&l, &name) < 0)
			return -1;
		if (nt == 0)
			copy_raw(h->sni, sizeof h->sni, name.p, name.n);
		return 0;
	}
	case 5:
		h->status_request = true;
		return 0;
	case 10:	/* supported_groups */
		if (rd_vec16(&e, &l) < 0)
			return -1;
		while (rd_u16(&l, &v) == 0)
			if (h->ngroups < sizeof h->groups / sizeof h->groups[0])
				h->groups[h->ngroups++] = v;
		return 0;
	case 16: {	/* ALPN */
		size_t o = 0;
		struct rd p;
		if (rd_vec16(&e, &l) < 0)
			return -1;
		while (l.n && rd_vec8(&l, &p) == 0) {
			if (o + p.n + 2 >= sizeof h->alpn)
				break;
			if (o)
				h->alpn[o++] = ',';
			memcpy(h->alpn + o, p.p, p.n);
			o += p.n;
		}
		h->alpn[o] = '\0';
		return 0;
	}
	case 43:	/* supported_versions */
		if (rd_vec8(&e, &l) < 0)
			return -1;
		while (rd_u16(&l, &v) == 0)
			if (h->nversions < sizeof h->versions / sizeof h->versions[0])
				h->versions[h->nversions++] = v;
		return 0;
	case 51: {	/* key_share */
		struct rd ks;
		if (rd_vec16(&e, &l) < 0)
			return -1;
		while (l.n) {
			if (rd_u16(&l, &v) < 0 || rd_vec16(&l, &ks) < 0)
				return -1;
			if (h->nkey_shares < sizeof h->key_shares / sizeof h->key_shares[0])
				h->key_shares[h->nkey_shares++] = v;
		}
		return 0;
	}
	default:
		return 0;
	}
}

int hello_parse_client(const void *body, size_t n, struct hello_client *h)
{
	struct rd r = rd_make(body, n), sid, suites, comp, exts;
	unsigned v;

	memset(h, 0, sizeof *h);
	if (rd_u16(&r, &h->legacy_version) < 0 || rd_skip(&r, 32) < 0 || rd_vec8(&r, &sid) < 0 ||
	    rd_vec16(&r, &suites) < 0 || rd_vec8(&r, &comp) < 0)
		return -1;
	h->nsuites = suites.n / 2;
	for (size_t i = 0; rd_u16(&suites, &v) == 0; i++)
		if (i < HELLO_MAX_LIST)
			h->suites[i] = v;
	if (r.n == 0)
		return 0;	/* no extensions: an old (SSLv3/TLS1.0-era) hello */
	if (rd_vec16(&r, &exts) < 0)
		return -1;
	while (exts.n) {
		unsigned type;
		struct rd e;
		if (rd_u16(&exts, &type) < 0 || rd_vec16(&exts, &e) < 0)
			return -1;
		h->nextensions++;
		if (client_ext(h, type, e) < 0)
			return -1;
	}
	return 0;
}

int hello_parse_server(const void *body, size_t n, struct hello_server *h)
{
	struct rd r = rd_make(body, n), sid, exts;
	unsigned comp;
	const unsigned char *random;

	memset(h, 0, sizeof *h);
	if (rd_u16(&r, &h->legacy_version) < 0 || r.n < 32)
		return -1;
	random = r.p;
	h->version = h->legacy_version;
	h->hrr = memcmp(random, hrr_random, 32) == 0;
	/* RFC 8446 4.1.3: "DOWNGRD" + 01/00 in the last 8 bytes of the random. */
	if (memcmp(random + 24, "DOWNGRD\x01", 8) == 0)
		h->downgrade_tls12 = true;
	if (memcmp(random + 24, "DOWNGRD\x00", 8) == 0)
		h->downgrade_tls11 = true;
	if (rd_skip(&r, 32) < 0 || rd_vec8(&r, &sid) < 0 || rd_u16(&r, &h->suite) < 0 ||
	    rd_u8(&r, &comp) < 0)
		return -1;
	if (r.n == 0)
		return 0;
	if (rd_vec16(&r, &exts) < 0)
		return -1;
	while (exts.n) {
		unsigned type, v;
		struct rd e, l, p;
		if (rd_u16(&exts, &type) < 0 || rd_vec16(&exts, &e) < 0)
			return -1;
		h->nextensions++;
		if (type == 43 && rd_u16(&e, &v) == 0)
			h->version = v;
		else if (type == 51 && rd_u16(&e, &v) == 0)
			h->group = v;	/* ServerHello: KeyShareEntry; HRR: selected_group */
		else if (type == 16 && rd_vec16(&e, &l) == 0 && rd_vec8(&l, &p) == 0)
			copy_raw(h->alpn, sizeof h->alpn, p.p, p.n);
	}
	return 0;
}
