/* pcap.c — captures to ladders. libpcap reads pcap and pcapng; we parse link, IP and TCP
 * headers with bounds checks, reassemble each direction by sequence number (bounded
 * out-of-order buffer, retransmits dropped, gaps reported and parsing stopped there), then
 * cut TLS records and handshake messages across segments. Never trusts a length. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>
#include <pthread.h>
#include <pcap/pcap.h>

#include "alert.h"
#include "cert.h"
#include "hello.h"
#include "net.h"
#include "pcap.h"
#include "rd.h"
#include "record.h"
#include "report.h"
#include "suites.h"
#include "text.h"
#include "trace.h"
#include "xmalloc.h"

#define SEG_MAX 64		/* out-of-order segments kept per direction */
#define HS_MAX 65536		/* handshake bytes buffered per direction */
#define REC_BUF (5 + RECORD_MAX_LEN)
#define DLT_LINUX_SLL2_ 276	/* not in every libpcap header */

struct seg {
	uint32_t seq;
	uint8_t *data;
	size_t len;
};

struct side {
	bool seen_syn, have_next, fin, rst, stopped;
	uint32_t next;
	struct seg segs[SEG_MAX];
	size_t nsegs;
	uint8_t rec[REC_BUF];
	size_t reclen;
	uint8_t hs[HS_MAX];
	size_t hslen;
	bool encrypted;
	size_t tls_bytes, payload;
	int appdata_step;	/* step aggregating application data records, -1 */
	unsigned appdata_records;
	int enc_hs_step;	/* TLS1.3: step aggregating the encrypted handshake flight */
};

struct conn {
	uint8_t addr[2][16];
	uint16_t port[2];
	int family;
	struct side side[2];	/* [0] = endpoint 0 -> 1, [1] = 1 -> 0 */
	int client;		/* which endpoint is the client (0/1) */
	double t0;
	struct capture_conn out;
	unsigned version;	/* from the ServerHello */
	bool ch_seen, sh_seen, server_finished;
};

struct reader {
	struct conn *conns[CAPTURE_MAX_CONNS];
	size_t n;
	struct capture *cap;
};

static void side_init(struct side *s)
{
	memset(s, 0, sizeof *s);
	s->appdata_step = -1;
	s->enc_hs_step = -1;
}

static enum dir dir_of(const struct conn *c, int from)
{
	return from == c->client ? DIR_C2S : DIR_S2C;
}

static void ep_text(const struct conn *c, int ep, char *buf, size_t len)
{
	char ip[64];
	inet_ntop(c->family, c->addr[ep], ip, sizeof ip);
	snprintf(buf, len, c->family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip, c->port[ep]);
}

/* ---- handshake messages ---- */

static void hs_message(struct conn *c, int from, unsigned type, const uint8_t *body, size_t len, double t)
{
	struct trace *tr = c->out.trace;
	enum dir d = dir_of(c, from);
	int i = trace_add_step(tr, t, d, LAYER_HANDSHAKE, (unsigned)len + 4, record_hs_name((int)type), NULL);
	struct step *st = &tr->steps[i];

	switch (type) {
	case 1: {
		struct hello_client h;
		char sni[128];
		c->ch_seen = true;
		if (from != c->client) {
			/* The side that sends a ClientHello is the client, whatever we guessed. */
			c->client = from;
			for (size_t k = 0; k < tr->nsteps; k++)
				if (tr->steps[k].dir != DIR_LOCAL)
					tr->steps[k].dir = tr->steps[k].dir == DIR_C2S ? DIR_S2C : DIR_C2S;
		}
		if (hello_parse_client(body, len, &h) == 0) {
			text_sanitize_str(sni, sizeof sni, h.sni);
			snprintf(tr->sni, sizeof tr->sni, "%s", sni);
			snprintf(st->summary, sizeof st->summary, "%s%s, %zu suites, %zu groups, SNI=%s%s%s",
				 h.nversions ? "up to " : "legacy ",
				 tls_version_name(h.nversions ? h.versions[0] : h.legacy_version), h.nsuites,
				 h.ngroups, sni[0] ? sni : "(none)", h.alpn[0] ? ", ALPN " : "", h.alpn[0] ? "yes" : "");
		}
		break;
	}
	case 2: {
		struct hello_server h;
		if (hello_parse_server(body, len, &h) == 0) {
			c->sh_seen = true;
			tr->server_hello_seen = true;
			c->version = h.version;
			tr->neg.version = h.version;
			tr->neg.suite = h.suite;
			snprintf(tr->neg.version_name, sizeof tr->neg.version_name, "%s", tls_version_name(h.version));
			snprintf(tr->neg.suite_name, sizeof tr->neg.suite_name, "%s", suite_name(h.suite));
			snprintf(st->summary, sizeof st->summary, "%s%s %s %s", h.hrr ? "HelloRetryRequest: " : "",
				 tls_version_name(h.version), suite_name(h.suite), h.group ? group_name(h.group) : "");
		}
		break;
	}
	case 11: {
		struct rd r = rd_make(body, len), list, cert;
		size_t n = 0;
		if (rd_vec24(&r, &list) == 0) {
			while (list.n && rd_vec24(&list, &cert) == 0) {
				if (n == 0)
					trace_add_cert(tr, cert.p, cert.n);
				n++;
			}
		}
		{
			struct cert_info ci;
			bool named = tr->ncerts && cert_parse(tr->certs[0].data, tr->certs[0].len, &ci) == 0;
			snprintf(st->summary, sizeof st->summary, "%zu cert%s%s%s", n, n == 1 ? "" : "s",
				 named ? ": CN=" : "", named ? ci.cn : "");
		}
		break;
	}
	case 13:
		tr->cert_requested = true;
		snprintf(st->summary, sizeof st->summary, "the server asks for a client certificate");
		break;
	case 20:
		if (d == DIR_S2C)
			c->server_finished = true;
		break;
	default:
		break;
	}
}

static void hs_feed(struct conn *c, int from, const uint8_t *p, size_t n, double t)
{
	struct side *s = &c->side[from];

	if (n > HS_MAX - s->hslen) {
		trace_add_step(c->out.trace, t, dir_of(c, from), LAYER_HANDSHAKE, (unsigned)n, "oversize",
			       "handshake data larger than %d bytes: not parsed further", HS_MAX);
		s->stopped = true;
		return;
	}
	memcpy(s->hs + s->hslen, p, n);
	s->hslen += n;
	for (;;) {
		size_t len;
		if (s->hslen < 4)
			return;
		len = (size_t)s->hs[1] << 16 | (size_t)s->hs[2] << 8 | s->hs[3];
		if (len > HS_MAX - 4) {
			s->stopped = true;
			return;
		}
		if (s->hslen < 4 + len)
			return;
		hs_message(c, from, s->hs[0], s->hs + 4, len, t);
		memmove(s->hs, s->hs + 4 + len, s->hslen - 4 - len);
		s->hslen -= 4 + len;
	}
}

/* ---- records ---- */

static void record_done(struct conn *c, int from, double t)
{
	struct side *s = &c->side[from];
	struct trace *tr = c->out.trace;
	unsigned type = s->rec[0];
	size_t len = s->reclen - 5;
	const uint8_t *body = s->rec + 5;
	enum dir d = dir_of(c, from);

	s->tls_bytes += s->reclen;
	c->out.tls = true;
	switch (type) {
	case REC_HANDSHAKE:
		if (!s->encrypted) {
			hs_feed(c, from, body, len, t);
			break;
		}
		trace_add_step(tr, t, d, LAYER_HANDSHAKE, (unsigned)s->reclen, "Finished", "encrypted handshake message (TLS1.2: Finished)");
		tr->steps[tr->nsteps - 1].flags |= STEP_ENCRYPTED;
		if (d == DIR_S2C)
			c->server_finished = true;
		break;
	case REC_CCS:
		trace_add_step(tr, t, d, LAYER_RECORD, (unsigned)s->reclen, "ChangeCipherSpec", "%s",
			       d == DIR_C2S ? "client switches to encrypted records" : "server switches to encrypted records");
		s->encrypted = true;
		break;
	case REC_ALERT:
		if (!s->encrypted && len == 2) {
			char name[48];
			snprintf(name, sizeof name, "alert %s(%d)", alert_name(body[1]), body[1]);
			trace_add_step(tr, t, d, LAYER_ALERT, (unsigned)s->reclen, name, "%s: %s",
				       body[0] == 2 ? "fatal" : "warning",
				       alert_lookup(body[1]) ? alert_lookup(body[1])->meaning : "unassigned code");
			if (d == DIR_S2C) {
				tr->alert = body[1];
				tr->alert_level = body[0];
			}
		} else {
			trace_add_step(tr, t, d, LAYER_ALERT, (unsigned)s->reclen, "alert", "encrypted alert");
		}
		break;
	case REC_APPDATA: {
		/* TLS1.3: until the client's Finished, the server's encrypted records are its
		 * handshake flight and the client's first one is its Finished; without keys
		 * they can only be named by position. */
		struct side *cl = &c->side[c->client];
		bool hs = c->version == 0x0304 &&
			  (d == DIR_S2C ? cl->enc_hs_step < 0 : s->enc_hs_step < 0);
		if (hs) {
			if (s->enc_hs_step < 0) {
				s->enc_hs_step = trace_add_step(tr, t, d, LAYER_HANDSHAKE, 0, "encrypted handshake",
								NULL);
				tr->steps[s->enc_hs_step].flags |= STEP_ENCRYPTED;
			}
			tr->steps[s->enc_hs_step].bytes += (unsigned)s->reclen;
			snprintf(tr->steps[s->enc_hs_step].summary, sizeof tr->steps[s->enc_hs_step].summary, "%s",
				 d == DIR_S2C ? "EncryptedExtensions .. Finished (by position)" : "client Finished (by position)");
			if (d == DIR_S2C)
				c->server_finished = true;
			break;
		}
		if (s->appdata_step < 0)
			s->appdata_step = trace_add_step(tr, t, d, LAYER_APP, 0, "ApplicationData", NULL);
		s->appdata_records++;
		tr->steps[s->appdata_step].bytes += (unsigned)s->reclen;
		snprintf(tr->steps[s->appdata_step].summary, sizeof tr->steps[s->appdata_step].summary,
			 "%u encrypted record%s", s->appdata_records, s->appdata_records == 1 ? "" : "s");
		break;
	}
	default:
		break;
	}
}

static void stream_feed(struct conn *c, int from, const uint8_t *p, size_t n, double t)
{
	struct side *s = &c->side[from];
	struct trace *tr = c->out.trace;

	while (n > 0 && !s->stopped) {
		size_t want, take;
		if (s->reclen < 5) {
			take = 5 - s->reclen < n ? 5 - s->reclen : n;
			memcpy(s->rec + s->reclen, p, take);
			s->reclen += take;
			p += take;
			n -= take;
			if (s->reclen < 5)
				break;
			if (s->rec[0] < REC_CCS || s->rec[0] > REC_HEARTBEAT || s->rec[1] != 3) {
				char text[96];
				text_sanitize(text, sizeof text, s->rec, 5);
				if (s->tls_bytes == 0) {
					size_t k = n < 40 ? n : 40;
					char more[96];
					text_sanitize(more, sizeof more, p, k);
					trace_add_step(tr, t, dir_of(c, from), LAYER_APP, (unsigned)(5 + n), "not TLS",
						       "%s%s", text, more);
					if (dir_of(c, from) == DIR_S2C) {
						memcpy(tr->first_bytes, s->rec, 5);
						tr->nfirst = 5;
						tr->banner = net_banner(s->rec, 5);
						snprintf(tr->first_text, sizeof tr->first_text, "%s%s", text, more);
					}
				} else {
					trace_add_step(tr, t, dir_of(c, from), LAYER_RECORD, 5, "bad record",
						       "bytes that are not a TLS record header: %s", text);
				}
				s->stopped = true;
				return;
			}
			want = (size_t)s->rec[3] << 8 | s->rec[4];
			if (want > RECORD_MAX_LEN) {
				trace_add_step(tr, t, dir_of(c, from), LAYER_RECORD, 5, "bad record",
					       "record header claims %zu bytes", want);
				s->stopped = true;
				return;
			}
		}
		want = 5 + ((size_t)s->rec[3] << 8 | s->rec[4]);
		take = want - s->reclen < n ? want - s->reclen : n;
		memcpy(s->rec + s->reclen, p, take);
		s->reclen += take;
		p += take;
		n -= take;
		if (s->reclen == want) {
			record_done(c, from, t);
			s->reclen = 0;
		}
	}
}

/* ---- TCP reassembly ---- */

static int seq_cmp(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0 ? -1 : a == b ? 0 : 1;
}

static void deliver(struct conn *c, int from, uint32_t seq, const uint8_t *p, size_t n, double t)
{
	struct side *s = &c->side[from];

	if (seq_cmp(seq, s->next) < 0) {
		uint32_t skip = s->next - seq;
		if (skip >= n) {
			c->out.retransmits++;
			return;
		}
		p += skip;
		n -= skip;
		seq = s->next;
	}
	stream_feed(c, from, p, n, t);
	s->next = seq + (uint32_t)n;
	/* Buffered segments that now fit. */
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < s->nsegs; i++) {
			struct seg *g = &s->segs[i];
			if (seq_cmp(g->seq, s->next) <= 0) {
				struct seg take = *g;
				s->segs[i] = s->segs[--s->nsegs];
				if (seq_cmp(take.seq + (uint32_t)take.len, s->next) > 0) {
					uint32_t skip = s->next - take.seq;
					stream_feed(c, from, take.data + skip, take.len - skip, t);
					s->next = take.seq + (uint32_t)take.len;
				}
				free(take.data);
				again = true;
				break;
			}
		}
	}
}

static void segment(struct conn *c, int from, uint32_t seq, const uint8_t *p, size_t n, double t)
{
	struct side *s = &c->side[from];

	s->payload += n;
	if (!s->have_next) {
		s->next = seq;
		s->have_next = true;
	}
	if (seq_cmp(seq, s->next) <= 0) {
		deliver(c, from, seq, p, n, t);
		return;
	}
	c->out.out_of_order++;
	if (s->nsegs < SEG_MAX) {
		s->segs[s->nsegs].seq = seq;
		s->segs[s->nsegs].data = xmemdup(p, n);
		s->segs[s->nsegs].len = n;
		s->nsegs++;
	}
}

/* At the end: what never arrived is a gap; say so and stop parsing that direction. */
static void flush_gaps(struct conn *c, int from, double t)
{
	struct side *s = &c->side[from];
	while (s->nsegs) {
		size_t lo = 0;
		uint32_t missing;
		for (size_t i = 1; i < s->nsegs; i++)
			if (seq_cmp(s->segs[i].seq, s->segs[lo].seq) < 0)
				lo = i;
		missing = s->segs[lo].seq - s->next;
		c->out.gaps += missing;
		if (!s->stopped)
			trace_add_step(c->out.trace, t, dir_of(c, from), LAYER_TCP, missing, "missing data",
				       "%u bytes were never captured; the rest of this direction is not parsed", missing);
		s->stopped = true;
		for (size_t i = 0; i < s->nsegs; i++)
			free(s->segs[i].data);
		s->nsegs = 0;
	}
}

/* ---- packets ---- */

static struct conn *find_conn(struct reader *rd, int family, const uint8_t *src, const uint8_t *dst,
			      uint16_t sport, uint16_t dport, int *from, double t)
{
	size_t alen = family == AF_INET ? 4 : 16;
	struct conn *c;

	for (size_t i = 0; i < rd->n; i++) {
		c = rd->conns[i];
		if (c->family != family)
			continue;
		if (!memcmp(c->addr[0], src, alen) && !memcmp(c->addr[1], dst, alen) && c->port[0] == sport &&
		    c->port[1] == dport) {
			*from = 0;
			return c;
		}
		if (!memcmp(c->addr[1], src, alen) && !memcmp(c->addr[0], dst, alen) && c->port[1] == sport &&
		    c->port[0] == dport) {
			*from = 1;
			return c;
		}
	}
	if (rd->n >= CAPTURE_MAX_CONNS)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->family = family;
	memcpy(c->addr[0], src, alen);
	memcpy(c->addr[1], dst, alen);
	c->port[0] = sport;
	c->port[1] = dport;
	side_init(&c->side[0]);
	side_init(&c->side[1]);
	c->client = 0;		/* the first packet's sender, until a SYN or ClientHello says otherwise */
	c->t0 = t;
	c->out.trace = trace_new("capture");
	rd->conns[rd->n++] = c;
	*from = 0;
	return c;
}

static void tcp_packet(struct reader *rd, int family, const uint8_t *src, const uint8_t *dst, struct rd r, double t)
{
	unsigned sport, dport, off_flags, flags;
	size_t seq_hi, hdr;
	uint32_t seq;
	struct conn *c;
	int from;
	struct rd tcp = r;

	if (rd_u16(&r, &sport) < 0 || rd_u16(&r, &dport) < 0 || rd_u24(&r, &seq_hi) < 0)
		return;
	{
		unsigned lo;
		if (rd_u8(&r, &lo) < 0)
			return;
		seq = (uint32_t)(seq_hi << 8 | lo);
	}
	if (rd_skip(&r, 4) < 0 || rd_u16(&r, &off_flags) < 0)
		return;
	hdr = (size_t)(off_flags >> 12) * 4;
	flags = off_flags & 0x3f;
	if (hdr < 20 || rd_skip(&tcp, hdr) < 0)
		return;
	c = find_conn(rd, family, src, dst, (uint16_t)sport, (uint16_t)dport, &from, t);
	if (!c)
		return;
	t -= c->t0;
	if (flags & 0x02) {	/* SYN */
		struct side *s = &c->side[from];
		s->seen_syn = true;
		s->next = seq + 1;
		s->have_next = true;
		if (!(flags & 0x10))
			c->client = from;	/* SYN without ACK: the connecting side */
		trace_add_step(c->out.trace, t, dir_of(c, from), LAYER_TCP, 0, flags & 0x10 ? "SYN-ACK" : "SYN", NULL);
		return;
	}
	if (tcp.n)
		segment(c, from, seq, tcp.p, tcp.n, t);
	if (flags & 0x04) {	/* RST */
		c->side[from].rst = true;
		trace_add_step(c->out.trace, t, dir_of(c, from), LAYER_TCP, 0, "RST", "connection reset");
	} else if ((flags & 0x01) && !c->side[from].fin) {	/* FIN */
		c->side[from].fin = true;
		trace_add_step(c->out.trace, t, dir_of(c, from), LAYER_TCP, 0, "FIN", "closes its side");
	}
}

static void packet(struct reader *rd, int dlt, const struct pcap_pkthdr *h, const uint8_t *bytes)
{
	struct rd r = rd_make(bytes, h->caplen);
	unsigned proto = 0, v;
	double t = (double)h->ts.tv_sec * 1000.0 + (double)h->ts.tv_usec / 1000.0;

	rd->cap->packets++;
	switch (dlt) {
	case DLT_EN10MB:
		if (rd_skip(&r, 12) < 0 || rd_u16(&r, &proto) < 0)
			goto skip;
		if (proto == 0x8100 && (rd_skip(&r, 2) < 0 || rd_u16(&r, &proto) < 0))
			goto skip;
		break;
	case DLT_LINUX_SLL:
		if (rd_skip(&r, 14) < 0 || rd_u16(&r, &proto) < 0)
			goto skip;
		break;
	case DLT_LINUX_SLL2_:
		if (rd_u16(&r, &proto) < 0 || rd_skip(&r, 18) < 0)
			goto skip;
		break;
	case DLT_NULL:
	case DLT_LOOP: {
		uint32_t fam;
		if (r.n < 4)
			goto skip;
		memcpy(&fam, r.p, 4);
		rd_skip(&r, 4);
		proto = (fam == 2 || fam == 0x02000000) ? 0x0800 : 0x86dd;
		break;
	}
	case DLT_RAW:
		proto = r.n && (r.p[0] >> 4) == 6 ? 0x86dd : 0x0800;
		break;
	default:
		goto skip;
	}
	if (proto == 0x0800) {
		struct rd ip = r;
		unsigned vihl, frag, p, total;
		const uint8_t *src, *dst;
		if (rd_u8(&ip, &vihl) < 0 || (vihl >> 4) != 4 || rd_skip(&ip, 1) < 0 || rd_u16(&ip, &total) < 0 ||
		    rd_skip(&ip, 2) < 0 || rd_u16(&ip, &frag) < 0 || rd_skip(&ip, 1) < 0 || rd_u8(&ip, &p) < 0 ||
		    rd_skip(&ip, 2) < 0 || ip.n < 8)
			goto skip;
		src = ip.p;
		dst = ip.p + 4;
		if (p != 6 || (frag & 0x1fff) || (vihl & 0x0f) * 4u < 20 || rd_skip(&r, (vihl & 0x0f) * 4u) < 0)
			goto skip;
		/* Ethernet padding: trust the IP total length when it is shorter. */
		if (total >= (vihl & 0x0f) * 4u && total - (vihl & 0x0f) * 4u < r.n)
			r.n = total - (vihl & 0x0f) * 4u;
		tcp_packet(rd, AF_INET, src, dst, r, t);
		return;
	}
	if (proto == 0x86dd) {
		const uint8_t *src, *dst;
		unsigned plen;
		if (r.n < 40 || (r.p[0] >> 4) != 6 || r.p[6] != 6)
			goto skip;
		plen = (unsigned)r.p[4] << 8 | r.p[5];
		src = r.p + 8;
		dst = r.p + 24;
		rd_skip(&r, 40);
		if (plen < r.n)
			r.n = plen;
		tcp_packet(rd, AF_INET6, src, dst, r, t);
		return;
	}
skip:
	(void)v;
	rd->cap->skipped++;
}

/* ---- outcome ---- */

static void finish(struct conn *c)
{
	struct trace *tr = c->out.trace;
	int srv = !c->client;
	struct side *s = &c->side[srv], *cl = &c->side[c->client];
	double last = tr->nsteps ? tr->steps[tr->nsteps - 1].t_ms : 0;

	flush_gaps(c, 0, last);
	flush_gaps(c, 1, last);
	ep_text(c, c->client, c->out.client, sizeof c->out.client);
	ep_text(c, srv, c->out.server, sizeof c->out.server);
	snprintf(tr->label, sizeof tr->label, "capture");
	snprintf(tr->addr, sizeof tr->addr, "%s", c->out.server);
	trace_sort_steps(tr);
	if (tr->alert >= 0 && tr->alert_level == 2)
		trace_set_outcome(tr, OUTCOME_ALERT, "the server refused with alert %s(%d)", alert_name(tr->alert), tr->alert);
	else if (tr->nfirst && !s->tls_bytes)
		trace_set_outcome(tr, OUTCOME_NOT_TLS, "the server answered with %s, not TLS: \"%s\"",
				  banner_name(tr->banner), tr->first_text);
	else if (c->server_finished && cl->tls_bytes)
		trace_set_outcome(tr, OUTCOME_OK, "handshake complete%s%s", tr->neg.version ? ": " : "",
				  tr->neg.version ? tr->neg.version_name : "");
	else if (s->rst && c->ch_seen)
		trace_set_outcome(tr, OUTCOME_RESET, s->tls_bytes ? "the server reset the connection mid-handshake"
								  : "the server reset the connection right after the ClientHello");
	else if (s->fin && c->ch_seen && !s->tls_bytes)
		trace_set_outcome(tr, OUTCOME_EOF, "the server closed the connection after the ClientHello without an alert");
	else if (!c->ch_seen && s->rst && !cl->payload)
		trace_set_outcome(tr, OUTCOME_REFUSED, "connection refused (RST to the SYN)");
	else if (c->ch_seen && !s->payload)
		trace_set_outcome(tr, OUTCOME_SILENCE, "no reply to the ClientHello in the capture");
	else if (c->sh_seen)
		trace_set_outcome(tr, OUTCOME_STALL, "the handshake stops after the server's first flight");
	else
		trace_set_outcome(tr, OUTCOME_OK, "no TLS handshake in this connection");
}

/* libpcap is opened at the first capture, not linked: with its D-Bus and systemd
 * dependencies it would add start-up time to every run, and only `capture` reads files. */
static struct {
	bool ok;
	pcap_t *(*open_offline)(const char *, char *);
	int (*datalink)(pcap_t *);
	int (*next_ex)(pcap_t *, struct pcap_pkthdr **, const u_char **);
	char *(*geterr)(pcap_t *);
	void (*close)(pcap_t *);
} lp;
static pthread_once_t lp_once = PTHREAD_ONCE_INIT;

static void lp_init(void)
{
	void *h = dlopen("libpcap.so.0.8", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		h = dlopen("libpcap.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return;
#define SYM(field, name) (*(void **)&lp.field = dlsym(h, name))
	lp.ok = SYM(open_offline, "pcap_open_offline") && SYM(datalink, "pcap_datalink") &&
		SYM(next_ex, "pcap_next_ex") && SYM(geterr, "pcap_geterr") && SYM(close, "pcap_close");
#undef SYM
}

int capture_read(const char *path, struct capture *out)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct reader rd = { .cap = out };
	struct pcap_pkthdr *h;
	const u_char *bytes;
	pcap_t *p;
	int dlt, r;

	memset(out, 0, sizeof *out);
	pthread_once(&lp_once, lp_init);
	if (!lp.ok) {
		snprintf(out->error, sizeof out->error, "libpcap is not installed (apt-get install libpcap0.8)");
		return -1;
	}
	p = lp.open_offline(path, errbuf);
	if (!p) {
		text_sanitize_str(out->error, sizeof out->error, errbuf);
		return -1;
	}
	dlt = lp.datalink(p);
	while ((r = lp.next_ex(p, &h, &bytes)) == 1)
		packet(&rd, dlt, h, bytes);
	if (r == PCAP_ERROR) {
		out->truncated = true;
		text_sanitize_str(out->error, sizeof out->error, lp.geterr(p));
	}
	lp.close(p);
	out->conns = xcalloc(rd.n ? rd.n : 1, sizeof *out->conns);
	for (size_t i = 0; i < rd.n; i++) {
		struct conn *c = rd.conns[i];
		finish(c);
		if (c->side[0].payload || c->side[1].payload || c->out.trace->outcome == OUTCOME_REFUSED)
			out->conns[out->n++] = c->out;
		else
			trace_free(c->out.trace);
		for (int s = 0; s < 2; s++)
			for (size_t k = 0; k < c->side[s].nsegs; k++)
				free(c->side[s].segs[k].data);
		free(c);
	}
	return 0;
}

void capture_free(struct capture *c)
{
	for (size_t i = 0; i < c->n; i++)
		trace_free(c->conns[i].trace);
	free(c->conns);
	memset(c, 0, sizeof *c);
}

void capture_judge(const struct capture_conn *c, int idx, struct report *r)
{
	const struct trace *t = c->trace;
	struct finding *f;

	switch (t->outcome) {
	case OUTCOME_RESET:
		f = report_add(r, F_NET_RESET, idx, -1);
		finding_title(f, "%s → %s: %s", c->client, c->server, t->reason);
		finding_evidence(f, "RST from %s after the ClientHello", c->server);
		finding_fix(f, "Something on the path or the server tears the connection down on the ClientHello:\n"
			    "run `tlswiz wizard firewall %s` to tell an SNI filter, intolerance or a crash apart.", c->server);
		break;
	case OUTCOME_REFUSED:
		f = report_add(r, F_NET_REFUSED, idx, -1);
		finding_title(f, "%s refuses the connection", c->server);
		finding_evidence(f, "SYN answered with RST");
		finding_fix(f, "Nothing listens on that port, or a firewall rejects: check the service and rules.");
		break;
	case OUTCOME_SILENCE:
		f = report_add(r, F_NET_BLACKHOLE, idx, -1);
		finding_title(f, "%s never answers the ClientHello in this capture", c->server);
		finding_evidence(f, "ClientHello sent; no byte from %s afterwards", c->server);
		finding_fix(f, "Check the server/backend health and any firewall or proxy in between.");
		break;
	case OUTCOME_EOF:
		f = report_add(r, F_NET_CLOSED, idx, -1);
		finding_title(f, "%s closes the connection after the ClientHello without an alert", c->server);
		finding_evidence(f, "FIN from %s, no TLS record", c->server);
		finding_fix(f, "Often version intolerance or an SNI filter: run `tlswiz wizard versions %s`.", c->server);
		break;
	case OUTCOME_NOT_TLS:
		f = report_add(r, F_NET_NOT_TLS, idx, -1);
		finding_title(f, "%s answers with %s, not TLS", c->server, banner_name(t->banner));
		finding_evidence(f, "first bytes: \"%s\"", t->first_text);
		finding_fix(f, "Wrong port, or the service needs STARTTLS (tlswiz diagnose --starttls ...).");
		break;
	case OUTCOME_ALERT: {
		const struct alert_info *a = alert_lookup(t->alert);
		f = report_add(r, F_TLS_ALERT, idx, -1);
		finding_title(f, "%s refuses the handshake with alert %s(%d)", c->server, alert_name(t->alert), t->alert);
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Usually: %s.\nNext: tlswiz wizard %s %s", a ? a->meaning : "an unassigned code",
			    a ? a->area : "versions", c->server);
		break;
	}
	case OUTCOME_STALL:
		f = report_add(r, F_NET_STALL, idx, -1);
		finding_title(f, "the handshake with %s stops midway", c->server);
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Lost large packets (path MTU) or a middlebox: run `tlswiz wizard firewall %s`.", c->server);
		break;
	default:
		break;
	}
}
