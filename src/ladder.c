/* ladder.c — handshake messages as ladder steps (ladder.h). */
#include <stdio.h>
#include <string.h>

#include "cert.h"
#include "ladder.h"
#include "rd.h"
#include "record.h"
#include "suites.h"
#include "text.h"
#include "trace.h"

/* Lowest..highest, the way operators think of a client's range. */
static void client_range(const struct hello_client *h, char *vers, size_t len)
{
	unsigned lo = 0xffff, hi = 0;

	if (!h->nversions) {
		snprintf(vers, len, "up to %s", tls_version_name(h->legacy_version));
		return;
	}
	for (size_t i = 0; i < h->nversions; i++) {
		if ((h->versions[i] & 0x0f0f) == 0x0a0a)
			continue;
		if (h->versions[i] < lo)
			lo = h->versions[i];
		if (h->versions[i] > hi)
			hi = h->versions[i];
	}
	if (lo == hi)
		snprintf(vers, len, "%s", tls_version_name(hi));
	else if (lo >= 0x0301 && hi <= 0x0304)
		snprintf(vers, len, "TLS1.%u-1.%u", (lo & 0xff) - 1, (hi & 0xff) - 1);
	else {
		size_t o = (size_t)snprintf(vers, len, "%s-", tls_version_name(lo));
		if (o < len)
			snprintf(vers + o, len - o, "%s", tls_version_name(hi));
	}
}

static void client_hello(struct step *st, const void *body, size_t len, struct ladder_facts *f)
{
	char vers[64], sni[80], raw[sizeof st->summary];

	if (hello_parse_client(body, len, &f->ch) < 0) {
		snprintf(st->summary, sizeof st->summary, "malformed (%zu bytes)", len);
		return;
	}
	f->parsed = true;
	client_range(&f->ch, vers, sizeof vers);
	text_sanitize_str(sni, sizeof sni, f->ch.sni);
	snprintf(raw, sizeof raw, "%s, %zu suites, %zu groups, SNI=%s%s%s%s%s", vers, f->ch.nsuites, f->ch.ngroups,
		 sni[0] ? sni : "(none)", f->ch.alpn[0] ? ", ALPN " : "", f->ch.alpn,
		 f->ch.nextensions ? "" : ", no extensions", f->ch.grease ? ", GREASE" : "");
	text_sanitize_str(st->summary, sizeof st->summary, raw);
}

static void server_hello(struct step *st, const void *body, size_t len, struct ladder_facts *f)
{
	const struct hello_server *h = &f->sh;

	if (hello_parse_server(body, len, &f->sh) < 0) {
		snprintf(st->summary, sizeof st->summary, "malformed (%zu bytes)", len);
		return;
	}
	f->parsed = true;
	if (h->hrr) {
		snprintf(st->name, sizeof st->name, "HelloRetryRequest");
		snprintf(st->summary, sizeof st->summary, "server asks for another key share: %s", group_name(h->group));
		return;
	}
	snprintf(st->summary, sizeof st->summary, "%s %s%s%s%s", tls_version_name(h->version), suite_name(h->suite),
		 h->group ? " " : "", h->group ? group_name(h->group) : "",
		 h->downgrade_tls12 || h->downgrade_tls11 ? " (downgrade sentinel)" : "");
}

/* Certificate body: TLS1.2 = certs<3>; TLS1.3 = context<1> + (cert<3> exts<2>)*. */
static void certificate(struct step *st, const void *body, size_t len, unsigned version, struct ladder_facts *f)
{
	struct rd r = rd_make(body, len), list, c, ctx, ext;
	bool tls13 = version == 0x0304;
	char leaf[160] = "";

	if (st->dir == DIR_C2S) {
		snprintf(st->summary, sizeof st->summary, "%s", len <= 4 ? "empty (no client certificate)" : "client certificate");
		return;
	}
	if ((tls13 && rd_vec8(&r, &ctx) < 0) || rd_vec24(&r, &list) < 0)
		goto bad;
	while (list.n) {
		if (rd_vec24(&list, &c) < 0 || (tls13 && rd_vec16(&list, &ext) < 0))
			goto bad;
		if (f->ncerts++ == 0) {
			f->leaf = c.p;
			f->leaf_len = c.n;
		}
	}
	f->parsed = true;
	if (f->ncerts == 0) {
		snprintf(st->summary, sizeof st->summary, "empty (no certificate)");
		return;
	}
	{
		struct cert_info ci;
		if (cert_parse(f->leaf, f->leaf_len, &ci) == 0 && ci.cn[0])
			snprintf(leaf, sizeof leaf, ": CN=%.127s", ci.cn);
	}
	snprintf(st->summary, sizeof st->summary, "%zu cert%s%s", f->ncerts, f->ncerts == 1 ? "" : "s", leaf);
	return;
bad:
	f->ncerts = 0;
	f->leaf = NULL;
	snprintf(st->summary, sizeof st->summary, "malformed (%zu bytes)", len);
}

/* ECDHE: curve_type 3 (named_curve) + group; DHE: dh_p<2> first. */
static void key_exchange(struct step *st, const unsigned char *body, size_t len, const char *kx, struct ladder_facts *f)
{
	if (!kx)
		kx = len >= 4 && body[0] == 3 ? "ECDHE" : "DHE";
	if (hello_parse_ske(body, len, kx, &f->ske) < 0 || (!f->ske.curve && !f->ske.dh_bits)) {
		memset(&f->ske, 0, sizeof f->ske);
		snprintf(st->summary, sizeof st->summary, "%zu bytes", len);
		return;
	}
	f->parsed = true;
	if (f->ske.curve)
		snprintf(st->summary, sizeof st->summary, "ECDHE %s", group_name(f->ske.curve));
	else
		snprintf(st->summary, sizeof st->summary, "DHE %u-bit group", f->ske.dh_bits);
}

void ladder_message(unsigned type, const void *body, size_t len, enum dir dir, unsigned version, const char *kx,
		    struct step *out, struct ladder_facts *f)
{
	struct ladder_facts scratch;
	const unsigned char *b = body;

	if (!f)
		f = &scratch;
	memset(f, 0, sizeof *f);
	memset(out, 0, sizeof *out);
	out->dir = dir;
	out->layer = LAYER_HANDSHAKE;
	out->bytes = (unsigned)len + 4;
	snprintf(out->name, sizeof out->name, "%s", record_hs_name((int)type));
	switch (type) {
	case 1:
		client_hello(out, body, len, f);
		break;
	case 2:
	case LADDER_HRR:
		server_hello(out, body, len, f);
		break;
	case 11:
		certificate(out, body, len, version, f);
		break;
	case 12:
		key_exchange(out, b, len, kx, f);
		break;
	case 13:
		snprintf(out->summary, sizeof out->summary, "the server asks for a client certificate");
		break;
	case 22:
		snprintf(out->summary, sizeof out->summary, "stapled OCSP response");
		break;
	case 15:
		if (len >= 2) {
			f->sigalg = (unsigned)b[0] << 8 | b[1];
			snprintf(out->summary, sizeof out->summary, "signed with %s", sigalg_name(f->sigalg));
		}
		break;
	case 4:
		snprintf(out->summary, sizeof out->summary, "session ticket");
		break;
	case 20:
		snprintf(out->summary, sizeof out->summary, "%s", dir == DIR_S2C ? "server handshake done" : "client handshake done");
		break;
	default:
		break;
	}
}
