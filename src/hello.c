/* hello.c — ClientHello/ServerHello body parsers (RFC 8446 4.1.2, 4.1.3; RFC 5246 7.4.1).
 * Every length is checked with the rd cursor; a malformed hello yields -1, never a crash. */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "hello.h"
#include "rd.h"
#include "suites.h"

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

/* RFC 8701: 0x?A?A with both bytes equal. */
static bool is_grease(unsigned v)
{
	return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
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
		while (rd_u16(&l, &v) == 0) {
			h->grease |= is_grease(v);
			if (h->ngroups < sizeof h->groups / sizeof h->groups[0])
				h->groups[h->ngroups++] = v;
		}
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
		while (rd_u16(&l, &v) == 0) {
			h->grease |= is_grease(v);
			if (h->nversions < sizeof h->versions / sizeof h->versions[0])
				h->versions[h->nversions++] = v;
		}
		return 0;
	case 51: {	/* key_share */
		struct rd ks;
		if (rd_vec16(&e, &l) < 0)
			return -1;
		while (l.n) {
			if (rd_u16(&l, &v) < 0 || rd_vec16(&l, &ks) < 0)
				return -1;
			if (h->nkey_shares < sizeof h->key_shares / sizeof h->key_shares[0]) {
				h->nkey_share_bytes[h->nkey_shares] = ks.n;
				h->key_shares[h->nkey_shares++] = v;
			}
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
	if (sid.n <= sizeof h->session_id) {
		memcpy(h->session_id, sid.p, sid.n);
		h->session_id_len = sid.n;
	}
	h->nsuites = suites.n / 2;
	for (size_t i = 0; rd_u16(&suites, &v) == 0; i++) {
		h->grease |= is_grease(v);
		if (i < HELLO_MAX_LIST)
			h->suites[i] = v;
	}
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
		h->grease |= is_grease(type);
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

/* ---- building raw hellos ---- */

struct wb {
	unsigned char *p;
	size_t n, cap;
	bool overflow;
};

static void put8(struct wb *w, unsigned v)
{
	if (w->n < w->cap)
		w->p[w->n++] = (unsigned char)v;
	else
		w->overflow = true;
}

static void put16(struct wb *w, unsigned v)
{
	put8(w, v >> 8);
	put8(w, v & 0xff);
}

static void put_bytes(struct wb *w, const void *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put8(w, ((const unsigned char *)b)[i]);
}

/* Reserve a length field of len bytes; patch with end_len. */
static size_t begin_len(struct wb *w, int len)
{
	size_t at = w->n;
	for (int i = 0; i < len; i++)
		put8(w, 0);
	return at;
}

static void end_len(struct wb *w, size_t at, int len)
{
	size_t v = w->n - at - (size_t)len;
	if (w->overflow)
		return;
	for (int i = len - 1; i >= 0; i--) {
		w->p[at + (size_t)i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static void random_bytes(unsigned char *b, size_t n)
{
	if (getrandom(b, n, 0) != (ssize_t)n)
		for (size_t i = 0; i < n; i++)
			b[i] = (unsigned char)(rand() & 0xff);
}

/* Key share sizes (client side) for the groups a scan offers. */
static size_t share_len(unsigned g)
{
	const struct group_info *gi = group_info(g);
	if (gi && gi->share_len)
		return gi->share_len;
	switch (g) {
	case 0x001d: return 32;			/* x25519 */
	case 0x001e: return 56;			/* x448 */
	case 0x0017: return 65;			/* secp256r1 */
	case 0x0018: return 97;			/* secp384r1 */
	case 0x0019: return 133;		/* secp521r1 */
	case 0x11ec: return 1184 + 32;		/* X25519MLKEM768 */
	case 0x11eb: return 65 + 1184;		/* SecP256r1MLKEM768 */
	case 0x11ed: return 97 + 1568;		/* SecP384r1MLKEM1024 */
	case 0x6399: return 32 + 1184;		/* X25519Kyber768Draft00 */
	case 0x0100: return 256;		/* ffdhe2048 */
	case 0x0101: return 384;
	case 0x0102: return 512;
	case 0x0103: return 768;
	case 0x0104: return 1024;
	default: return 32;
	}
}

static const unsigned default_sigalgs[] = {
	0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b,
	0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202,
};

static unsigned grease(void)
{
	unsigned char b;
	random_bytes(&b, 1);
	return 0x0a0a + 0x1010 * (unsigned)(b % 16);
}

/* draft-hickman-netscape-ssl-00 appendix A / RFC 5246 E.2: a 2-byte record header with
 * the top bit set, then msg type 1, version, three lengths, cipher specs (3 bytes each; a
 * TLS suite is 0x00 + its two bytes), the session id (none) and the challenge. */
static long build_ssl2(const struct hello_spec *s, unsigned char *buf, size_t cap)
{
	struct wb w = { buf, 0, cap, false };
	unsigned char challenge[16];
	unsigned version = s->legacy_version ? s->legacy_version : 0x0002;
	size_t nspecs = 0, body;

	if (s->ssl2_kinds)
		nspecs += s->nssl2_kinds;
	else if (version == 0x0002)
		nspecs += ssl2_kind_count();
	nspecs += s->nsuites + (s->scsv_fallback ? 1 : 0) + (s->no_reneg_scsv || version == 0x0002 ? 0 : 1);
	body = 9 + 3 * nspecs + sizeof challenge;
	if (body > 0x7fff || cap < body + 2)
		return -1;
	put16(&w, 0x8000 | (unsigned)body);
	put8(&w, 0x01);
	put16(&w, version);
	put16(&w, (unsigned)(3 * nspecs));
	put16(&w, 0);
	put16(&w, sizeof challenge);
	if (s->ssl2_kinds) {
		for (size_t i = 0; i < s->nssl2_kinds; i++) {
			put8(&w, s->ssl2_kinds[i] >> 16);
			put16(&w, s->ssl2_kinds[i] & 0xffff);
		}
	} else if (version == 0x0002) {
		for (size_t i = 0; i < ssl2_kind_count(); i++) {
			put8(&w, ssl2_kind_at(i)->id >> 16);
			put16(&w, ssl2_kind_at(i)->id & 0xffff);
		}
	}
	for (size_t i = 0; i < s->nsuites; i++) {
		put8(&w, 0);
		put16(&w, s->suites[i]);
	}
	if (s->scsv_fallback) {
		put8(&w, 0);
		put16(&w, 0x5600);
	}
	if (!s->no_reneg_scsv && version != 0x0002) {
		put8(&w, 0);
		put16(&w, 0x00ff);
	}
	random_bytes(challenge, sizeof challenge);
	put_bytes(&w, challenge, sizeof challenge);
	return w.overflow ? -1 : (long)w.n;
}

long hello_build_client(const struct hello_spec *s, unsigned char *buf, size_t cap)
{
	struct wb w = { buf, 0, cap, false };
	unsigned char rnd[32];
	size_t rec, hs, body, exts;
	size_t shares = s->share_groups ? s->share_groups : 1;

	if (s->ssl2)
		return build_ssl2(s, buf, cap);
	put8(&w, 0x16);
	put16(&w, s->record_version ? s->record_version : 0x0301);
	rec = begin_len(&w, 2);
	put8(&w, 0x01);
	hs = begin_len(&w, 3);
	body = w.n;
	put16(&w, s->legacy_version ? s->legacy_version : 0x0303);
	random_bytes(rnd, sizeof rnd);
	put_bytes(&w, rnd, sizeof rnd);
	/* a 32-byte session id: the TLS1.3 middlebox-compatibility form */
	if (!s->no_extensions && s->versions && s->nversions) {
		put8(&w, 32);
		random_bytes(rnd, sizeof rnd);
		put_bytes(&w, rnd, sizeof rnd);
	} else {
		put8(&w, 0);
	}
	{
		size_t l = begin_len(&w, 2);
		if (s->grease)
			put16(&w, grease());
		for (size_t i = 0; i < s->nsuites; i++)
			put16(&w, s->suites[i]);
		if (s->scsv_fallback)
			put16(&w, 0x5600);
		if (!s->no_reneg_scsv)
			put16(&w, 0x00ff);	/* TLS_EMPTY_RENEGOTIATION_INFO_SCSV */
		end_len(&w, l, 2);
	}
	put8(&w, 1);
	put8(&w, 0);		/* compression: null */
	if (s->no_extensions)
		goto done;
	exts = begin_len(&w, 2);
	if (s->grease) {
		put16(&w, grease());
		put16(&w, 0);
	}
	if (s->sni && s->sni[0]) {
		size_t n = strlen(s->sni), a, b;
		put16(&w, 0x0000);
		a = begin_len(&w, 2);
		b = begin_len(&w, 2);
		put8(&w, 0);
		put16(&w, (unsigned)n);
		put_bytes(&w, s->sni, n);
		end_len(&w, b, 2);
		end_len(&w, a, 2);
	}
	if (s->status_request) {
		put16(&w, 0x0005);	/* RFC 6066 8: OCSP, no responder ids, no extensions */
		put16(&w, 5);
		put8(&w, 1);
		put16(&w, 0);
		put16(&w, 0);
	}
	if (s->alpn && s->alpn[0]) {
		size_t a = (put16(&w, 0x0010), begin_len(&w, 2)), b = begin_len(&w, 2);
		const char *p = s->alpn;
		while (*p) {
			size_t k = strcspn(p, ",");
			if (k && k < 256) {
				put8(&w, (unsigned)k);
				put_bytes(&w, p, k);
			}
			p += k + (p[k] == ',');
		}
		end_len(&w, b, 2);
		end_len(&w, a, 2);
	}
	/* ec_point_formats: uncompressed (old servers insist on it) */
	put16(&w, 0x000b);
	put16(&w, 2);
	put8(&w, 1);
	put8(&w, 0);
	if (s->ngroups) {
		size_t a, b;
		put16(&w, 0x000a);
		a = begin_len(&w, 2);
		b = begin_len(&w, 2);
		if (s->grease)
			put16(&w, grease());
		for (size_t i = 0; i < s->ngroups; i++)
			put16(&w, s->groups[i]);
		end_len(&w, b, 2);
		end_len(&w, a, 2);
	}
	{
		const unsigned *sa = s->sigalgs ? s->sigalgs : default_sigalgs;
		size_t nsa = s->sigalgs ? s->nsigalgs : sizeof default_sigalgs / sizeof default_sigalgs[0];
		size_t a, b;
		put16(&w, 0x000d);
		a = begin_len(&w, 2);
		b = begin_len(&w, 2);
		for (size_t i = 0; i < nsa; i++)
			put16(&w, sa[i]);
		end_len(&w, b, 2);
		end_len(&w, a, 2);
	}
	put16(&w, 0x0017);	/* extended_master_secret */
	put16(&w, 0);
	put16(&w, 0xff01);	/* renegotiation_info (empty) */
	put16(&w, 1);
	put8(&w, 0);
	if (s->versions && s->nversions) {
		size_t a, b;
		bool tls13 = false;
		put16(&w, 0x002b);
		a = begin_len(&w, 2);
		b = begin_len(&w, 1);
		if (s->grease)
			put16(&w, grease());
		for (size_t i = 0; i < s->nversions; i++) {
			put16(&w, s->versions[i]);
			tls13 |= s->versions[i] == 0x0304;
		}
		end_len(&w, b, 1);
		end_len(&w, a, 2);
		if (tls13) {
			put16(&w, 0x002d);	/* psk_key_exchange_modes: psk_dhe_ke */
			put16(&w, 2);
			put8(&w, 1);
			put8(&w, 1);
			if (s->ngroups) {
				put16(&w, 0x0033);	/* key_share */
				a = begin_len(&w, 2);
				b = begin_len(&w, 2);
				for (size_t i = 0; i < s->ngroups && i < shares; i++) {
					size_t n = share_len(s->groups[i]);
					unsigned char key[2048];
					put16(&w, s->groups[i]);
					put16(&w, (unsigned)n);
					random_bytes(key, n < sizeof key ? n : sizeof key);
					if (s->groups[i] == 0x0017 || s->groups[i] == 0x0018 || s->groups[i] == 0x0019)
						key[0] = 0x04;	/* uncompressed point */
					put_bytes(&w, key, n);
				}
				end_len(&w, b, 2);
				end_len(&w, a, 2);
			}
		}
	}
	if (s->pad_to && w.n - body + 4 < s->pad_to) {
		size_t need = s->pad_to - (w.n - body + 4);
		size_t n = need > 4 ? need - 4 : 0;
		put16(&w, 0x0015);
		put16(&w, (unsigned)n);
		for (size_t i = 0; i < n; i++)
			put8(&w, 0);
	}
	end_len(&w, exts, 2);
done:
	end_len(&w, hs, 3);
	end_len(&w, rec, 2);
	return w.overflow ? -1 : (long)w.n;
}

long hello_build_ssl2(unsigned char *buf, size_t cap)
{
	struct hello_spec s = { .ssl2 = true, .legacy_version = 0x0002 };
	return hello_build_client(&s, buf, cap);
}

int hello_parse_ssl2_server(const void *buf, size_t n, unsigned *ncipher_kinds)
{
	const unsigned char *p = buf;
	size_t len, hdr;
	if (n < 3)
		return -1;
	if (!(p[0] & 0x80))
		return 0;
	len = ((size_t)(p[0] & 0x7f) << 8) | p[1];
	hdr = 2;
	if (p[hdr] != 0x04 || len < 11)
		return 0;	/* not SERVER-HELLO */
	if (n < hdr + 11)
		return -1;
	if (ncipher_kinds)
		*ncipher_kinds = (((unsigned)p[hdr + 7] << 8) | p[hdr + 8]) / 3;
	return 1;
}

int hello_parse_ssl2_server_full(const void *buf, size_t n, struct hello_ssl2_server *h)
{
	struct rd r = rd_make(buf, n), certs, specs, id;
	unsigned len, type, cert_len, specs_len, id_len, v;

	memset(h, 0, sizeof *h);
	if (rd_u16(&r, &len) < 0)
		return -2;
	if (!(len & 0x8000))
		return -1;	/* the 3-byte header form carries padding: never a SERVER-HELLO */
	len &= 0x7fff;
	if (r.n < len)
		return -2;
	r.n = len;
	h->record_len = (size_t)len + 2;
	if (rd_u8(&r, &type) < 0 || type != 4 || rd_u8(&r, &v) < 0 || rd_u8(&r, &h->cert_type) < 0 ||
	    rd_u16(&r, &h->version) < 0 || rd_u16(&r, &cert_len) < 0 || rd_u16(&r, &specs_len) < 0 ||
	    rd_u16(&r, &id_len) < 0 || specs_len % 3 || rd_sub(&r, cert_len, &certs) < 0 ||
	    rd_sub(&r, specs_len, &specs) < 0 || rd_sub(&r, id_len, &id) < 0)
		return -1;
	h->session_id_hit = v != 0;
	h->cert_len = cert_len;
	while (specs.n) {
		unsigned hi, lo;
		if (rd_u8(&specs, &hi) < 0 || rd_u16(&specs, &lo) < 0)
			return -1;
		if (h->nkinds < sizeof h->kinds / sizeof h->kinds[0])
			h->kinds[h->nkinds++] = hi << 16 | lo;
	}
	return 0;
}

int hello_parse_client_ssl2(const void *rec, size_t n, struct hello_client *h)
{
	struct rd r = rd_make(rec, n), specs;
	unsigned len, type, specs_len, id_len, ch_len;

	memset(h, 0, sizeof *h);
	if (rd_u16(&r, &len) < 0 || !(len & 0x8000))
		return -1;
	len &= 0x7fff;
	if (r.n < len)
		return -1;
	r.n = len;
	if (rd_u8(&r, &type) < 0 || type != 1 || rd_u16(&r, &h->legacy_version) < 0 ||
	    rd_u16(&r, &specs_len) < 0 || rd_u16(&r, &id_len) < 0 || rd_u16(&r, &ch_len) < 0 ||
	    specs_len % 3 || rd_sub(&r, specs_len, &specs) < 0 || rd_skip(&r, id_len) < 0 ||
	    ch_len < 16 || ch_len > 32 || rd_skip(&r, ch_len) < 0)
		return -1;
	h->ssl2_format = true;
	while (specs.n) {
		unsigned hi, lo;
		if (rd_u8(&specs, &hi) < 0 || rd_u16(&specs, &lo) < 0)
			return -1;
		if (hi == 0) {
			if (h->nsuites < HELLO_MAX_LIST)
				h->suites[h->nsuites] = lo;
			h->nsuites++;
		} else if (h->nssl2_kinds < sizeof h->ssl2_kinds / sizeof h->ssl2_kinds[0]) {
			h->ssl2_kinds[h->nssl2_kinds++] = hi << 16 | lo;
		}
	}
	return 0;
}

int hello_parse_ske(const void *body, size_t n, const char *kx, struct hello_ske *out)
{
	struct rd r = rd_make(body, n), p;
	unsigned type, curve;

	memset(out, 0, sizeof *out);
	if (!strcmp(kx, "ECDHE")) {
		/* ECParameters: curve_type named_curve(3), NamedCurve */
		if (rd_u8(&r, &type) < 0 || type != 3 || rd_u16(&r, &curve) < 0)
			return -1;
		out->curve = curve;
		return 0;
	}
	if (!strcmp(kx, "DHE")) {
		size_t bits;
		if (rd_vec16(&r, &p) < 0 || !p.n)
			return -1;
		while (p.n && p.p[0] == 0)
			rd_skip(&p, 1);
		if (!p.n)
			return -1;
		bits = p.n * 8;
		for (unsigned top = p.p[0]; !(top & 0x80); top <<= 1)
			bits--;
		out->dh_bits = (unsigned)bits;
		return 0;
	}
	return -1;
}
