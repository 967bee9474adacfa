/* fakeserver.c — the raw responder (see fakeserver.h): parse one ClientHello, choose a
 * version, suite and group the way the configuration says, write the server's first
 * flight. Keys and signatures are filler bytes of the right length: a scanner stops at
 * the ServerHello (or the ServerKeyExchange) and never checks them. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "fakeserver.h"
#include "hello.h"
#include "net.h"
#include "suites.h"

#define IN_CAP (64 * 1024)

static const unsigned default_groups[] = { 0x001d, 0x0017, 0x0018 };

/* RFC 8446 4.1.3 */
static const unsigned char hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

struct out {
	unsigned char *p;
	size_t n, cap;
	bool overflow;
};

static void o8(struct out *w, unsigned v)
{
	if (w->n < w->cap)
		w->p[w->n++] = (unsigned char)v;
	else
		w->overflow = true;
}

static void o16(struct out *w, unsigned v)
{
	o8(w, v >> 8);
	o8(w, v & 0xff);
}

static void o24(struct out *w, size_t v)
{
	o8(w, (unsigned)(v >> 16) & 0xff);
	o16(w, (unsigned)v & 0xffff);
}

static void ofill(struct out *w, unsigned char b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		o8(w, b);
}

static void orand(struct out *w, size_t n)
{
	unsigned char b[64];
	while (n) {
		size_t k = n < sizeof b ? n : sizeof b;
		if (getrandom(b, k, 0) != (ssize_t)k)
			memset(b, 0x5a, k);
		for (size_t i = 0; i < k; i++)
			o8(w, b[i]);
		n -= k;
	}
}

/* Patch a big-endian length of len bytes at 'at' with the bytes written since. */
static void patch(struct out *w, size_t at, int len)
{
	size_t v = w->n - at - (size_t)len;
	if (w->overflow)
		return;
	for (int i = len - 1; i >= 0; i--, v >>= 8)
		w->p[at + (size_t)i] = (unsigned char)(v & 0xff);
}

static size_t mark(struct out *w, int len)
{
	size_t at = w->n;
	ofill(w, 0, (size_t)len);
	return at;
}

static bool in_list(const unsigned *l, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] == v)
			return true;
	return false;
}

/* A server's key_share length (RFC 8446 4.2.8.2; ML-KEM ciphertexts for the hybrids). */
static size_t server_share_len(unsigned g, const struct hello_client *h)
{
	switch (g) {
	case 0x11ec: case 0x6399: return 1088 + 32;
	case 0x11eb: case 0x639a: return 65 + 1088;
	case 0x11ed: return 97 + 1568;
	case 0x0200: return 768;
	case 0x0201: return 1088;
	case 0x0202: return 1568;
	default: {
		const struct group_info *gi = group_info(g);
		(void)h;
		return gi && gi->share_len ? gi->share_len : 32;
	}
	}
}

static ssize_t write_alert(struct out *w, unsigned version, int desc, struct fake_decision *d)
{
	o8(w, 21);
	o16(w, version ? version : 0x0301);
	o16(w, 2);
	o8(w, 2);
	o8(w, (unsigned)desc);
	d->alert = desc;
	d->action = FAKE_SEND;
	return w->overflow ? -1 : (ssize_t)w->n;
}

static ssize_t refuse(struct out *w, enum fake_refusal how, unsigned version, struct fake_decision *d)
{
	switch (how) {
	case FAKE_ALERT_PROTOCOL_VERSION:
		return write_alert(w, version, 70, d);
	case FAKE_CLOSE:
		d->action = FAKE_DO_CLOSE;
		return 0;
	case FAKE_RST:
		d->action = FAKE_DO_RST;
		return 0;
	case FAKE_SILENCE:
		d->action = FAKE_DO_SILENCE;
		return 0;
	default:
		return write_alert(w, version, 40, d);
	}
}

/* Wrap handshake bytes hs[0..n) into records of at most 16384 bytes. */
static void records(struct out *w, unsigned version, const unsigned char *hs, size_t n)
{
	size_t off = 0;
	do {
		size_t k = n - off < 16384 ? n - off : 16384;
		o8(w, 22);
		o16(w, version);
		o16(w, (unsigned)k);
		for (size_t i = 0; i < k; i++)
			o8(w, hs[off + i]);
		off += k;
	} while (off < n);
}

/* Whole ClientHello from the start of a TLS stream. 1 complete (body, total record bytes
 * consumed), 0 need more, -1 not a ClientHello. */
static int reassemble(const unsigned char *in, size_t n, unsigned char *hs, size_t *hsn, size_t *consumed)
{
	size_t off = 0;
	*hsn = 0;
	while (off + 5 <= n) {
		size_t len = (size_t)in[off + 3] << 8 | in[off + 4];
		if (in[off] != 22 || len == 0 || len > 16384 + 2048)
			return -1;
		if (off + 5 + len > n)
			return 0;
		if (*hsn + len > IN_CAP)
			return -1;
		memcpy(hs + *hsn, in + off + 5, len);
		*hsn += len;
		off += 5 + len;
		if (*hsn >= 4) {
			size_t mlen = (size_t)hs[1] << 16 | (size_t)hs[2] << 8 | hs[3];
			if (hs[0] != 1 || mlen > IN_CAP - 4)
				return -1;
			if (*hsn >= 4 + mlen) {
				*consumed = off;
				return 1;
			}
		}
	}
	return 0;
}

static ssize_t answer_ssl2(const struct fake_config *c, const unsigned char *in, size_t n, struct out *w,
			   struct fake_decision *d);
static ssize_t answer_tls(const struct fake_config *c, const struct hello_client *h, size_t hello_bytes,
			  struct out *w, struct fake_decision *d);

ssize_t fakeserver_reply(const struct fake_config *c, const unsigned char *in, size_t n, unsigned char *out,
			 size_t cap, struct fake_decision *d)
{
	struct out w = { out, 0, cap, false };
	unsigned char *hs;
	size_t hsn = 0, consumed = 0;
	struct hello_client *h;
	ssize_t ret;
	int k;

	memset(d, 0, sizeof *d);
	d->alert = -1;
	d->action = FAKE_NEED_MORE;
	if (!n)
		return 0;
	if (in[0] & 0x80)
		return answer_ssl2(c, in, n, &w, d);
	if (in[0] != 22) {
		snprintf(d->why, sizeof d->why, "not a TLS handshake record");
		d->action = FAKE_DO_CLOSE;
		return 0;
	}
	hs = malloc(IN_CAP);
	h = malloc(sizeof *h);
	if (!hs || !h) {
		free(hs);
		free(h);
		d->action = FAKE_DO_CLOSE;
		return 0;
	}
	k = reassemble(in, n, hs, &hsn, &consumed);
	if (k == 0 && n >= IN_CAP)
		k = -1;
	if (k <= 0) {
		if (k < 0) {
			snprintf(d->why, sizeof d->why, "not a ClientHello");
			d->action = FAKE_DO_CLOSE;
		}
		ret = 0;
		goto out;
	}
	if (hello_parse_client(hs + 4, (size_t)hs[1] << 16 | (size_t)hs[2] << 8 | hs[3], h) < 0) {
		snprintf(d->why, sizeof d->why, "a malformed ClientHello");
		ret = write_alert(&w, 0x0301, 50, d);	/* decode_error */
		goto out;
	}
	ret = answer_tls(c, h, consumed, &w, d);
out:
	free(hs);
	free(h);
	return ret;
}

/* ---- SSLv2 ---- */

static ssize_t answer_ssl2(const struct fake_config *c, const unsigned char *in, size_t n, struct out *w,
			   struct fake_decision *d)
{
	static const unsigned dflt[] = { 0x010080, 0x0700c0 };
	const unsigned *kinds = c->nssl2_kinds ? c->ssl2_kinds : dflt;
	size_t nk = c->nssl2_kinds ? c->nssl2_kinds : 2, len, nshared = 0, at;
	unsigned shared[8];
	struct hello_client h;

	if (n < 2)
		return 0;
	len = ((size_t)(in[0] & 0x7f) << 8 | in[1]) + 2;
	if (n < len)
		return 0;
	if (hello_parse_client_ssl2(in, len, &h) < 0) {
		snprintf(d->why, sizeof d->why, "a malformed SSLv2 CLIENT-HELLO");
		d->action = FAKE_DO_CLOSE;
		return 0;
	}
	if (!in_list(c->versions, c->nversions, 0x0002)) {
		/* RFC 5246 E.2: a TLS server answers the SSLv2-compatible hello in TLS */
		if (h.legacy_version >= 0x0300)
			return answer_tls(c, &h, len, w, d);
		snprintf(d->why, sizeof d->why, "SSLv2 is not accepted");
		return refuse(w, c->on_no_version, 0x0301, d);
	}
	for (size_t i = 0; i < nk && nshared < 8; i++)
		if (in_list(h.ssl2_kinds, h.nssl2_kinds, kinds[i]))
			shared[nshared++] = kinds[i];
	if (!nshared) {
		snprintf(d->why, sizeof d->why, "no common SSLv2 cipher kind");
		d->action = FAKE_DO_CLOSE;	/* SSLv2 servers send ERROR or close; close */
		return 0;
	}
	/* SERVER-HELLO: type, session-id-hit, cert type, version, cert len, specs len, id len,
	 * then a (filler) certificate, the cipher specs and a connection id. */
	at = mark(w, 2);
	o8(w, 4);
	o8(w, 0);
	o8(w, 1);
	o16(w, 0x0002);
	o16(w, 16);
	o16(w, (unsigned)(3 * nshared));
	o16(w, 16);
	ofill(w, 0x30, 16);
	for (size_t i = 0; i < nshared; i++) {
		o8(w, shared[i] >> 16);
		o16(w, shared[i] & 0xffff);
	}
	orand(w, 16);
	if (!w->overflow) {
		size_t body = w->n - at - 2;
		w->p[at] = (unsigned char)(0x80 | (body >> 8));
		w->p[at + 1] = (unsigned char)(body & 0xff);
	}
	d->version = 0x0002;
	d->suite = shared[0];
	d->action = FAKE_SEND;
	snprintf(d->why, sizeof d->why, "SSLv2 with %zu kinds", nshared);
	return w->overflow ? -1 : (ssize_t)w->n;
}

/* ---- TLS ---- */

static bool is_grease(unsigned v)
{
	return (v & 0x0f0f) == 0x0a0a;
}

static unsigned choose_version(const struct fake_config *c, const struct hello_client *h)
{
	unsigned best = 0;
	if (c->force_version)
		return c->force_version;
	if (h->nversions) {
		/* RFC 8446 4.2.1: supported_versions decides; legacy_version is ignored */
		for (size_t i = 0; i < h->nversions; i++) {
			unsigned v = h->versions[i];
			if (!is_grease(v) && v >= 0x0300 && v <= 0x0304 && v > best && in_list(c->versions, c->nversions, v))
				best = v;
		}
		return best;
	}
	for (size_t i = 0; i < c->nversions; i++) {
		unsigned v = c->versions[i];
		if (v >= 0x0300 && v <= 0x0303 && v <= h->legacy_version && v > best)
			best = v;
	}
	return best;
}

static const unsigned *groups_of(const struct fake_config *c, size_t *n)
{
	if (c->ngroups) {
		*n = c->ngroups;
		return c->groups;
	}
	*n = sizeof default_groups / sizeof default_groups[0];
	return default_groups;
}

/* TLS1.2 ECDHE curve (RFC 8422 5.1: no supported_groups means the client takes any). */
static unsigned choose_curve(const struct fake_config *c, const struct hello_client *h)
{
	size_t ng;
	const unsigned *g = groups_of(c, &ng);
	const unsigned *first = c->server_pref || !h->ngroups ? g : h->groups;
	size_t nfirst = c->server_pref || !h->ngroups ? ng : h->ngroups;

	for (size_t i = 0; i < nfirst; i++) {
		const struct group_info *gi = group_info(first[i]);
		if (!gi || !(gi->flags & GF_TLS12) || (gi->flags & GF_FFDHE))
			continue;
		if (!h->ngroups ? true : in_list(h->groups, h->ngroups, first[i]))
			if (in_list(g, ng, first[i]))
				return first[i];
	}
	return 0;
}

static bool suite_fits(unsigned s, unsigned version, unsigned curve)
{
	const struct suite_info *si = suite_info(s);
	if (!si || (si->flags & SF_SCSV))
		return false;
	if ((version == 0x0304) != ((si->flags & SF_TLS13) != 0))
		return false;
	if (version < 0x0303 && (si->flags & SF_TLS12))
		return false;
	if (version != 0x0304 && !strncmp(si->kx, "ECDH", 4) && !curve)
		return false;
	return true;
}

static unsigned choose_suite(const struct fake_config *c, const struct hello_client *h, unsigned version,
			     unsigned curve)
{
	size_t nh = h->nsuites < HELLO_MAX_LIST ? h->nsuites : HELLO_MAX_LIST;
	if (c->force_suite)
		return c->force_suite;
	if (c->server_pref) {
		for (size_t i = 0; i < c->nsuites; i++)
			if (suite_fits(c->suites[i], version, curve) && in_list(h->suites, nh, c->suites[i]))
				return c->suites[i];
	} else {
		for (size_t i = 0; i < nh; i++)
			if (suite_fits(h->suites[i], version, curve) && in_list(c->suites, c->nsuites, h->suites[i]))
				return h->suites[i];
	}
	return 0;
}

/* TLS1.3 group: in the server's order, or the client's key shares first. */
static unsigned choose_group13(const struct fake_config *c, const struct hello_client *h)
{
	size_t ng;
	const unsigned *g = groups_of(c, &ng);
	if (c->server_pref) {
		for (size_t i = 0; i < ng; i++)
			if (in_list(h->groups, h->ngroups, g[i]))
				return g[i];
		return 0;
	}
	for (size_t i = 0; i < h->nkey_shares; i++)
		if (in_list(g, ng, h->key_shares[i]) && in_list(h->groups, h->ngroups, h->key_shares[i]))
			return h->key_shares[i];
	for (size_t i = 0; i < h->ngroups; i++)
		if (in_list(g, ng, h->groups[i]))
			return h->groups[i];
	return 0;
}

/* Certificate (empty list), ServerKeyExchange, ServerHelloDone: enough for a scanner to
 * read the curve or the DH size. */
static void write_flight12(struct out *w, const struct fake_config *c, unsigned version, unsigned suite,
			   unsigned curve)
{
	const struct suite_info *si = suite_info(suite);
	size_t at;

	if (!si || (strcmp(si->kx, "ECDHE") && strcmp(si->kx, "DHE")))
		return;
	o8(w, 11);			/* Certificate: an empty certificate_list */
	o24(w, 3);
	o24(w, 0);
	o8(w, 12);			/* ServerKeyExchange */
	at = mark(w, 3);
	if (!strcmp(si->kx, "ECDHE")) {
		size_t pl = server_share_len(curve, NULL);
		o8(w, 3);
		o16(w, curve);
		o8(w, (unsigned)pl);
		if (curve == 0x0017 || curve == 0x0018 || curve == 0x0019) {
			o8(w, 4);
			orand(w, pl - 1);
		} else {
			orand(w, pl);
		}
	} else {
		size_t pbytes = (c->dh_bits ? c->dh_bits : 2048) / 8;
		o16(w, (unsigned)pbytes);
		ofill(w, 0xff, pbytes);
		o16(w, 1);
		o8(w, 2);
		o16(w, (unsigned)pbytes);
		orand(w, pbytes);
	}
	if (version >= 0x0303)
		o16(w, 0x0804);		/* rsa_pss_rsae_sha256: filler signature */
	o16(w, 256);
	orand(w, 256);
	patch(w, at, 3);
	o8(w, 14);			/* ServerHelloDone */
	o24(w, 0);
}

static ssize_t answer_tls(const struct fake_config *c, const struct hello_client *h, size_t hello_bytes,
			  struct out *w, struct fake_decision *d)
{
	unsigned char *hs = NULL;
	struct out hw;
	unsigned version, suite, curve = 0, group = 0, rec_version;
	bool offers13 = false, hrr = false;
	size_t at, ext;
	ssize_t ret;

	for (size_t i = 0; i < h->nversions; i++)
		offers13 |= !is_grease(h->versions[i]) && h->versions[i] >= 0x0304;
	if ((c->intolerant_tls13 && offers13) || (c->max_hello && hello_bytes > c->max_hello)) {
		snprintf(d->why, sizeof d->why, "%s", offers13 && c->intolerant_tls13 ? "intolerant of TLS1.3" : "hello too big");
		d->action = FAKE_DO_CLOSE;
		return 0;
	}
	if (c->rst_below_suites && h->nsuites < c->rst_below_suites) {
		snprintf(d->why, sizeof d->why, "fewer than %zu suites offered: reset", c->rst_below_suites);
		d->action = FAKE_DO_RST;
		return 0;
	}
	version = choose_version(c, h);
	rec_version = version && version < 0x0303 ? version : 0x0303;
	if (!version) {
		snprintf(d->why, sizeof d->why, "no common version");
		return refuse(w, c->on_no_version, h->legacy_version >= 0x0300 && h->legacy_version < 0x0303 ?
				  h->legacy_version : 0x0303, d);
	}
	if (version == 0x0304) {
		group = choose_group13(c, h);
		if (!group && !c->force_suite) {
			snprintf(d->why, sizeof d->why, "no common group");
			return refuse(w, c->on_no_suite, 0x0303, d);
		}
		hrr = c->always_hrr || !in_list(h->key_shares, h->nkey_shares, group);
	} else {
		curve = choose_curve(c, h);
	}
	suite = choose_suite(c, h, version, curve);
	if (!suite) {
		snprintf(d->why, sizeof d->why, "no common cipher suite");
		return refuse(w, c->on_no_suite, rec_version, d);
	}
	hs = malloc(8192);
	if (!hs)
		return -1;
	hw = (struct out){ hs, 0, 8192, false };
	o8(&hw, 2);
	at = mark(&hw, 3);
	o16(&hw, version == 0x0304 ? 0x0303 : version);
	if (hrr) {
		for (size_t i = 0; i < 32; i++)
			o8(&hw, hrr_random[i]);
	} else {
		orand(&hw, 32);
	}
	if (version == 0x0304) {
		o8(&hw, (unsigned)h->session_id_len);
		for (size_t i = 0; i < h->session_id_len; i++)
			o8(&hw, h->session_id[i]);
	} else {
		o8(&hw, 0);
	}
	o16(&hw, suite);
	o8(&hw, 0);
	if (version == 0x0304) {
		ext = mark(&hw, 2);
		o16(&hw, 43);
		o16(&hw, 2);
		o16(&hw, 0x0304);
		o16(&hw, 51);
		if (hrr) {
			o16(&hw, 2);
			o16(&hw, group);
		} else {
			size_t sl = server_share_len(group, h), a = mark(&hw, 2);
			o16(&hw, group);
			o16(&hw, (unsigned)sl);
			orand(&hw, sl);
			patch(&hw, a, 2);
		}
		patch(&hw, ext, 2);
	} else if (h->nextensions && version >= 0x0301) {
		ext = mark(&hw, 2);
		o16(&hw, 0xff01);	/* renegotiation_info, empty (RFC 5746) */
		o16(&hw, 1);
		o8(&hw, 0);
		if (curve) {
			o16(&hw, 0x000b);	/* ec_point_formats: uncompressed */
			o16(&hw, 2);
			o8(&hw, 1);
			o8(&hw, 0);
		}
		patch(&hw, ext, 2);
	}
	patch(&hw, at, 3);
	if (version != 0x0304 && !c->no_ske)
		write_flight12(&hw, c, version, suite, curve);
	if (hw.overflow) {
		free(hs);
		return -1;
	}
	records(w, rec_version, hs, hw.n);
	free(hs);
	d->version = version;
	d->suite = suite;
	d->group = version == 0x0304 ? group : curve;
	d->hrr = hrr;
	d->action = FAKE_SEND;
	snprintf(d->why, sizeof d->why, "%s 0x%04x%s", hrr ? "HelloRetryRequest" : "ServerHello", suite,
		 hrr ? " (no key share for the group)" : "");
	ret = w->overflow ? -1 : (ssize_t)w->n;
	return ret;
}

/* ---- on a socket ---- */

static void linger_reset(int fd)
{
	struct linger l = { 1, 0 };
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

/* Wait until the client closes (or the deadline), discarding what it sends. */
static void drain(int fd, double deadline, const volatile int *cancel)
{
	char junk[4096];
	for (int i = 0; i < 10000; i++) {
		ssize_t k;
		if (net_wait(fd, POLLIN, deadline, cancel) <= 0)
			return;
		k = recv(fd, junk, sizeof junk, 0);
		if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR))
			return;
	}
}

int fakeserver_serve_fd(int fd, const struct fake_config *c, int timeout_ms, const volatile int *cancel,
			struct fake_decision *dout)
{
	unsigned char *in = malloc(IN_CAP), *out = malloc(IN_CAP);
	size_t got = 0;
	double deadline = net_now_ms() + (timeout_ms > 0 ? timeout_ms : 5000);
	struct fake_decision d = { .action = FAKE_NEED_MORE, .alert = -1 };
	ssize_t n = 0;
	int ret = -1;

	if (!in || !out)
		goto out;
	while (d.action == FAKE_NEED_MORE && got < IN_CAP) {
		ssize_t k;
		if (net_wait(fd, POLLIN, deadline, cancel) <= 0)
			goto out;
		k = recv(fd, in + got, IN_CAP - got, 0);
		if (k == 0)
			goto out;
		if (k < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			goto out;
		}
		got += (size_t)k;
		n = fakeserver_reply(c, in, got, out, IN_CAP, &d);
	}
	ret = 0;
	switch (d.action) {
	case FAKE_SEND:
		if (n > 0 && net_send_all(fd, out, (size_t)n, deadline, cancel) < 0)
			ret = -1;
		drain(fd, deadline, cancel);
		break;
	case FAKE_DO_RST:
		linger_reset(fd);
		break;
	case FAKE_DO_SILENCE:
		drain(fd, deadline, cancel);
		break;
	default:
		break;
	}
out:
	if (dout)
		*dout = d;
	free(in);
	free(out);
	close(fd);
	return ret;
}

/* ---- a listener for tests and the lab ---- */

#define MAX_CONNS 32

struct fakeserver {
	struct fake_config cfg;
	int kind;			/* enum resp_kind, -1: answer with cfg */
	int stop_pipe[2];		/* readable when stopping, for the responder's kinds */
	int lfd;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	unsigned active, accepted;
	volatile int stop;
};

struct conn_arg {
	struct fakeserver *s;
	int fd;
};

static void *conn_main(void *p)
{
	struct conn_arg *a = p;
	struct fakeserver *s = a->s;
	if (s->kind >= 0) {
		struct resp_env env = { .stop_fd = s->stop_pipe[0], .deadline_ms = 30000 };
		responder_serve((enum resp_kind)s->kind, &env, a->fd);
		close(a->fd);
	} else
		fakeserver_serve_fd(a->fd, &s->cfg, 5000, &s->stop, NULL);
	free(a);
	pthread_mutex_lock(&s->lock);
	s->active--;
	pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static void *accept_main(void *p)
{
	struct fakeserver *s = p;
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		struct pollfd pf = { s->lfd, POLLIN, 0 };
		struct conn_arg *a;
		pthread_t t;
		int fd;
		if (poll(&pf, 1, 50) <= 0)
			continue;
		fd = accept(s->lfd, NULL, NULL);
		if (fd < 0)
			continue;
		pthread_mutex_lock(&s->lock);
		s->accepted++;
		if (s->active >= MAX_CONNS) {
			pthread_mutex_unlock(&s->lock);
			close(fd);
			continue;
		}
		s->active++;
		pthread_mutex_unlock(&s->lock);
		a = malloc(sizeof *a);
		if (a) {
			a->s = s;
			a->fd = fd;
		}
		if (!a || pthread_create(&t, NULL, conn_main, a) != 0) {
			free(a);
			close(fd);
			pthread_mutex_lock(&s->lock);
			s->active--;
			pthread_mutex_unlock(&s->lock);
			continue;
		}
		pthread_detach(t);
	}
	return NULL;
}

static struct fakeserver *start(const struct fake_config *c, int kind, unsigned short port, unsigned short *bound)
{
	struct fakeserver *s = calloc(1, sizeof *s);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	socklen_t sl = sizeof sa;
	int one = 1;

	if (!s)
		return NULL;
	if (c)
		s->cfg = *c;
	s->kind = kind;
	s->lfd = -1;
	if (pipe2(s->stop_pipe, O_CLOEXEC) < 0) {
		free(s);
		return NULL;
	}
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->lfd < 0)
		goto fail;
	setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(s->lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(s->lfd, 64) < 0 ||
	    getsockname(s->lfd, (struct sockaddr *)&sa, &sl) < 0)
		goto fail;
	if (bound)
		*bound = ntohs(sa.sin_port);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->idle, NULL);
	if (pthread_create(&s->thread, NULL, accept_main, s) != 0) {
		pthread_mutex_destroy(&s->lock);
		pthread_cond_destroy(&s->idle);
		goto fail;
	}
	return s;
fail:
	if (s->lfd >= 0)
		close(s->lfd);
	close(s->stop_pipe[0]);
	close(s->stop_pipe[1]);
	free(s);
	return NULL;
}

struct fakeserver *fakeserver_start(const struct fake_config *c, unsigned short port, unsigned short *bound)
{
	return start(c, -1, port, bound);
}

struct fakeserver *fakeserver_start_kind(enum resp_kind k, unsigned short port, unsigned short *bound)
{
	return start(NULL, (int)k, port, bound);
}

unsigned fakeserver_connections(struct fakeserver *s)
{
	unsigned n;
	pthread_mutex_lock(&s->lock);
	n = s->accepted;
	pthread_mutex_unlock(&s->lock);
	return n;
}

void fakeserver_stop(struct fakeserver *s)
{
	if (!s)
		return;
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	(void)!write(s->stop_pipe[1], "x", 1);
	pthread_join(s->thread, NULL);
	close(s->lfd);
	pthread_mutex_lock(&s->lock);
	while (s->active)
		pthread_cond_wait(&s->idle, &s->lock);
	pthread_mutex_unlock(&s->lock);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->idle);
	close(s->stop_pipe[0]);
	close(s->stop_pipe[1]);
	free(s);
}
