/* pcap.c — captures to ladders and verdicts. Our own reader takes pcap (either byte order,
 * micro or nanoseconds) and pcapng (any number of interfaces and sections), plain or gzip;
 * we parse link (Ethernet with stacked VLAN tags, SLL, SLL2, loopback, raw), IPv4 (with
 * fragment reassembly), IPv6 (with extension headers), TCP and ICMP with bounds checks,
 * reassemble each direction by sequence number (bounded out-of-order list, retransmits
 * dropped, gaps reported and parsing stopped there), then cut TLS records and handshake
 * messages across segments, decrypting TLS1.3 records when a key log has the secrets.
 * Each connection's outcome is the first decisive event on its timeline (decide()). */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "alert.h"
#include "cert.h"
#include "hello.h"
#include "net.h"
#include "ladder.h"
#include "pcap.h"
#include "rd.h"
#include "record.h"
#include "report.h"
#include "suites.h"
#include "text.h"
#include "tlsdecrypt.h"
#include "trace.h"
#include "xmalloc.h"

#define REC_BUF (5 + RECORD_MAX_LEN)
#define PLAIN_STEPS 8		/* plaintext steps drawn per direction before TLS */
#define IDLE_MS 120000.0	/* a connection silent this long is judged and handed out */
#define LINGER_MS 1000.0	/* after a close, packets still arriving (ACKs, RST) join it */
#define WAIT_MS 2000.0		/* "the capture went on this long after": silence, not a cut */
#define FRAG_MAX 64		/* IPv4 datagrams being reassembled at once */
#define PKT_MAX (256 * 1024)	/* a frame larger than this is not a frame */

enum mode { M_START, M_PLAIN, M_TLS, M_STOP };

struct seg {
	uint32_t seq;
	uint8_t *data;
	size_t len;
};

struct side {
	bool syn, have_next, fin, rst;
	uint32_t isn, next;
	struct seg *segs;
	size_t nsegs, segcap;
	enum mode mode;
	uint8_t *rec;		/* the record being collected (header + body) */
	size_t reclen, recwant;
	bool recskip;		/* body not needed: counted, not kept */
	uint8_t *hs;		/* handshake bytes not yet cut into messages */
	size_t hslen, hscap, hs_skip;
	bool ccs;		/* TLS1.2: records after its ChangeCipherSpec are encrypted */
	bool finished;		/* its Finished seen (decrypted, or by position) */
	bool flight;		/* TLS1.3 without keys: encrypted records before the peer's */
	unsigned enc_records;	/* TLS1.3 encrypted records sent */
	size_t tls_bytes, payload;
	double t_last_tls;	/* ms since the start, -1 */
	int appdata_step;
	unsigned appdata_records;
	int enc_hs_step;
	unsigned plain_steps;
	struct tls13_key key;
	int epoch;		/* 0 no keys, 1 handshake keys, 2 application keys, 3 TLS1.2 keys */
	uint8_t pre[8];		/* the first bytes, until there are enough to tell TLS from text */
	size_t npre;
};

struct conn {
	struct conn *hnext, *prev, *next;
	uint8_t addr[2][16];
	uint16_t port[2];
	int family;
	struct side side[2];	/* [0] = endpoint 0 -> 1, [1] = 1 -> 0 */
	int client;		/* which endpoint is the client (0/1) */
	double t0, tlast;	/* absolute ms */
	double t_syn, t_synack, t_ack, t_ch;	/* ms since t0, -1 */
	unsigned syns;
	struct capture_conn out;
	size_t frames_cap;
	unsigned version, suite;
	bool tls13, hrr, ch_seen, sh_seen, closed, listed_closing, server_flight_done;
	uint8_t cr[32], sr[32];
	bool have_cr, have_sr, keys12_tried;
	double closed_t;
	struct {
		bool set;
		enum cap_end end;
		int by, step, alert;
		double t;
		char why[200];
		bool provisional;	/* TLS1.3 completion the server's next record may still undo */
	} ev;
	bool client_closing;		/* TLS1.3: the client sent an alert-sized record after its Finished */
	bool client_auth;		/* TLS1.3: the client's flight starts with a record too small for Finished */
	char last_msg[48];
	bool plain_after_ch;
};

struct frag {
	bool used;
	uint8_t src[4], dst[4];
	unsigned id, proto;
	uint8_t *data;
	size_t have, total;	/* bytes received; datagram length once the last piece came */
	uint8_t *map;		/* one byte per 8-byte unit received */
	double t;
};

struct reader {
	struct conn **buckets;
	size_t nbuckets;
	struct conn *lru_head, *lru_tail;	/* open connections, least recently active first */
	struct conn *cl_head, *cl_tail;		/* closed ones, lingering, in closing order */
	size_t nlive;
	unsigned next_id;
	struct capture *cap;
	const struct capture_opts *opts;
	struct keylog *kl;
	capture_fn fn;
	void *arg;
	double now;		/* latest timestamp seen, absolute ms */
	unsigned frame;
	struct frag frags[FRAG_MAX];
	uint8_t *scratch;	/* decrypted record */
};

static void side_init(struct side *s)
{
	memset(s, 0, sizeof *s);
	s->appdata_step = -1;
	s->enc_hs_step = -1;
	s->t_last_tls = -1;
}

static enum dir dir_of(const struct conn *c, int from)
{
	return from == c->client ? DIR_C2S : DIR_S2C;
}

static int role(const struct conn *c, int from)
{
	return from == c->client ? 0 : 1;	/* 0 client, 1 server */
}

static void ep_text(const struct conn *c, int ep, char *buf, size_t len)
{
	char ip[64];
	inet_ntop(c->family, c->addr[ep], ip, sizeof ip);
	snprintf(buf, len, c->family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip, c->port[ep]);
}

/* Every step goes through here: it also records the frame the step came from. */
static int step_frame(struct reader *rd, struct conn *c, int i)
{
	if ((size_t)i >= c->frames_cap) {
		size_t n = c->frames_cap ? c->frames_cap * 2 : 16;
		while (n <= (size_t)i)
			n *= 2;
		c->out.frames = xreallocarray(c->out.frames, n, sizeof *c->out.frames);
		memset(c->out.frames + c->frames_cap, 0, (n - c->frames_cap) * sizeof *c->out.frames);
		c->frames_cap = n;
	}
	c->out.frames[i] = rd->frame;
	return i;
}

static int step(struct reader *rd, struct conn *c, double t, int from, enum layer l, unsigned bytes,
		const char *name, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
static int step(struct reader *rd, struct conn *c, double t, int from, enum layer l, unsigned bytes,
		const char *name, const char *fmt, ...)
{
	char raw[512];
	va_list ap;
	raw[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(raw, sizeof raw, fmt, ap);
		va_end(ap);
	}
	return step_frame(rd, c, trace_add_step(c->out.trace, t, from < 0 ? DIR_LOCAL : dir_of(c, from), l, bytes,
						name, "%s", raw));
}

/* A step whose summary is raw bytes from the wire, sanitised exactly once. */
static int step_bytes(struct reader *rd, struct conn *c, double t, int from, enum layer l, const char *name,
		      const char *prefix, const uint8_t *p, size_t n)
{
	int i = step(rd, c, t, from, l, (unsigned)n, name, NULL);
	struct step *st = &c->out.trace->steps[i];
	size_t o = (size_t)snprintf(st->summary, sizeof st->summary, "%s", prefix);
	if (o < sizeof st->summary)
		text_sanitize(st->summary + o, sizeof st->summary - o, p, n);
	return i;
}

/* ---- the timeline: the first decisive event wins ---- */

static void decide(struct conn *c, enum cap_end e, int by, int stp, int alert, double t, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
static void decide(struct conn *c, enum cap_end e, int by, int stp, int alert, double t, const char *fmt, ...)
{
	va_list ap;
	if (c->ev.set)
		return;
	c->ev.set = true;
	c->ev.end = e;
	c->ev.by = by;
	c->ev.step = stp;
	c->ev.alert = alert;
	c->ev.t = t;
	va_start(ap, fmt);
	vsnprintf(c->ev.why, sizeof c->ev.why, fmt, ap);
	va_end(ap);
	snprintf(c->out.after, sizeof c->out.after, "%s", c->last_msg);
}

static bool alert_sized(const struct conn *c, size_t len)
{
	return len == 2 + 1 + (c->suite == 0x1305 ? 8u : 16u);
}

static const char *who(int r)
{
	return r == 0 ? "client" : "server";
}

static void check_complete(struct conn *c, double t, int stp)
{
	if (c->side[0].finished && c->side[1].finished && !c->ev.set) {
		decide(c, CAP_COMPLETE, -1, stp, -1, t, "handshake complete%s%s", c->version ? ": " : "",
		       c->version ? tls_version_name(c->version) : "");
		c->ev.provisional = c->tls13;
	}
}

/* A side closes (FIN, close_notify, RST) before anything decided. */
static void side_closes(struct conn *c, int from, int stp, bool rst, double t)
{
	int r = role(c, from);
	struct side *cl = &c->side[c->client], *sv = &c->side[!c->client];

	if (c->ev.set)
		return;
	if (!c->ch_seen) {
		/* RST from the side that was sent a SYN, before any SYN-ACK: refused */
		if (rst && c->t_syn >= 0 && c->t_synack < 0 && r == 1 && !cl->payload)
			decide(c, CAP_REFUSED, 1, stp, -1, t, "connection refused (RST to the SYN)");
		return;
	}
	if (r == 1) {
		if (!sv->tls_bytes)
			decide(c, rst ? CAP_SERVER_RESET : CAP_SERVER_CLOSED, 1, stp, -1, t,
			       rst ? "the server reset the connection right after the ClientHello"
				   : "the server closed the connection after the ClientHello without an alert");
		else
			decide(c, rst ? CAP_SERVER_RESET : CAP_SERVER_CLOSED, 1, stp, -1, t,
			       "the server %s the connection mid-handshake, after %s, without an alert",
			       rst ? "reset" : "closed", c->last_msg[0] ? c->last_msg : "its first records");
		return;
	}
	/* the client was waiting when it spoke last, or when the server's flight was not
	 * complete (no ServerHelloDone / server Finished; without keys, TLS1.3 by time) */
	if ((cl->t_last_tls >= 0 && cl->t_last_tls >= sv->t_last_tls) ||
	    (c->sh_seen && !c->server_flight_done && (!c->tls13 || c->side[!c->client].epoch)) ||
	    (c->tls13 && !c->side[!c->client].epoch && sv->t_last_tls >= 0 && t - sv->t_last_tls >= 1000.0))
		decide(c, rst ? CAP_CLIENT_RESET : CAP_CLIENT_TIMEOUT, 0, stp, -1, t,
		       "the client gave up after waiting %.1f s for the server (last message: %s)",
		       (t - (cl->t_last_tls > sv->t_last_tls ? cl->t_last_tls : sv->t_last_tls)) / 1000.0,
		       c->last_msg[0] ? c->last_msg : "ClientHello");
	else
		decide(c, rst ? CAP_CLIENT_RESET : CAP_CLIENT_CLOSED, 0, stp, -1, t,
		       "the client %s the connection after the server's %s, without an alert",
		       rst ? "reset" : "closed", c->last_msg[0] ? c->last_msg : "records");
}

static void alert_event(struct conn *c, int from, int stp, int level, int code, double t)
{
	int r = role(c, from);

	/* TLS1.3: the server checks the client's flight (its certificate) after both Finished;
	 * a fatal alert as its next record undoes the completion */
	if (c->ev.set && c->ev.end == CAP_COMPLETE && c->ev.provisional && r == 1 && code != 0 && code != 90 &&
	    level != 1 && !(code < 0 && c->client_closing)) {
		c->ev.set = false;
		c->ev.provisional = false;
	}
	if (code < 0) {
		decide(c, r ? CAP_SERVER_ALERT : CAP_CLIENT_ALERT, r, stp, -1, t,
		       "the %s aborted the handshake with an encrypted alert (a key log would name it)", who(r));
		return;
	}
	if (code == 0 || code == 90 || level == 1) {
		if (code == 0 || code == 90)
			side_closes(c, from, stp, false, t);
		return;
	}
	if (r == 1)
		c->out.trace->alert = code, c->out.trace->alert_level = 2;
	decide(c, r ? CAP_SERVER_ALERT : CAP_CLIENT_ALERT, r, stp, code, t, "the %s refused with alert %s(%d)%s%s",
	       who(r), alert_name(code), code, c->last_msg[0] ? " after " : "", c->last_msg);
}

/* ---- handshake messages ---- */

static void keys_for(struct reader *rd, struct conn *c, int from, enum kl_label l)
{
	uint8_t secret[64];
	size_t n;
	struct side *s = &c->side[from];
	if (!rd->kl || !c->have_cr)
		return;
	n = keylog_get(rd->kl, c->cr, l, secret);
	tls13_key_free(&s->key);
	s->epoch = 0;
	if (n && tls13_key_init(&s->key, c->suite, secret, n) == 0)
		s->epoch = (l == KL_CLIENT_HS || l == KL_SERVER_HS) ? 1 : 2;
}

/* TLS1.2 AEAD keys for both directions, from the key log's master secret. */
static void keys12(struct reader *rd, struct conn *c)
{
	uint8_t master[64];
	size_t n;
	int cl = c->client;
	if (c->keys12_tried || !rd->kl || !c->have_cr || !c->have_sr)
		return;
	c->keys12_tried = true;
	n = keylog_get(rd->kl, c->cr, KL_MASTER, master);
	if (n && tls12_keys(c->suite, master, n, c->cr, c->sr, &c->side[cl].key, &c->side[!cl].key) == 0)
		c->side[0].epoch = c->side[1].epoch = 3;
}

/* The one place a handshake message becomes a ladder step (name and summary), and where
 * it moves the connection's state. body is NULL for a message too large to keep. */
static void hs_message(struct reader *rd, struct conn *c, int from, unsigned type, const uint8_t *body,
		       size_t len, double t, bool decrypted)
{
	struct trace *tr = c->out.trace;
	int i = step(rd, c, t, from, LAYER_HANDSHAKE, (unsigned)len + 4, record_hs_name((int)type), NULL);
	struct step *st = &tr->steps[i];

	if (decrypted)
		st->flags |= STEP_ENCRYPTED;
	snprintf(c->last_msg, sizeof c->last_msg, "%s", st->name);
	if (!body) {
		snprintf(st->summary, sizeof st->summary, "%zu bytes: larger than the %u KiB kept, not parsed", len,
			 CAPTURE_HS_KEEP / 1024);
		return;
	}
	switch (type) {
	case 1: {
		struct hello_client h;
		char sni[128];
		bool second = c->ch_seen;
		c->ch_seen = true;
		if (!second)
			c->t_ch = t;
		if (from != c->client) {
			/* The side that sends a ClientHello is the client, whatever we guessed. */
			c->client = from;
			for (size_t k = 0; k < tr->nsteps; k++)
				if (tr->steps[k].dir != DIR_LOCAL)
					tr->steps[k].dir = tr->steps[k].dir == DIR_C2S ? DIR_S2C : DIR_C2S;
		}
		if (len >= 34 && !second) {
			memcpy(c->cr, body + 2, 32);
			c->have_cr = true;
		}
		if (hello_parse_client(body, len, &h) == 0) {
			text_sanitize_str(sni, sizeof sni, h.sni);
			snprintf(tr->sni, sizeof tr->sni, "%s", sni);
		}
		break;
	}
	case 2: {
		struct hello_server h;
		if (hello_parse_server(body, len, &h) == 0) {
			if (len >= 34 && !h.hrr) {
				memcpy(c->sr, body + 2, 32);
				c->have_sr = true;
			}
			c->version = h.version;
			c->suite = h.suite;
			if (h.version >= 0x0304 && h.version < 0x0400) {
				c->tls13 = true;
				/* its ChangeCipherSpecs are for middleboxes: nothing switches */
				c->side[0].ccs = c->side[1].ccs = false;
			}
			if (h.hrr) {
				c->hrr = true;
				snprintf(c->last_msg, sizeof c->last_msg, "HelloRetryRequest");
				break;
			}
			c->sh_seen = true;
			tr->server_hello_seen = true;
			tr->neg.version = h.version;
			tr->neg.suite = h.suite;
			snprintf(tr->neg.version_name, sizeof tr->neg.version_name, "%s", tls_version_name(h.version));
			snprintf(tr->neg.suite_name, sizeof tr->neg.suite_name, "%s", suite_name(h.suite));
			if (h.group)
				snprintf(tr->neg.group, sizeof tr->neg.group, "%s", group_name(h.group));
			if (c->tls13) {
				keys_for(rd, c, c->client, KL_CLIENT_HS);
				keys_for(rd, c, !c->client, KL_SERVER_HS);
			}
		}
		break;
	}
	case 11: {
		struct rd r = rd_make(body, len), list, cert;
		size_t n = 0;
		unsigned ctxlen;
		if (c->tls13 && (rd_u8(&r, &ctxlen) < 0 || rd_skip(&r, ctxlen) < 0))
			break;
		if (rd_vec24(&r, &list) == 0) {
			while (list.n && rd_vec24(&list, &cert) == 0) {
				if (role(c, from) == 1)
					trace_add_cert(tr, cert.p, cert.n);
				n++;
				if (c->tls13) {
					struct rd ext;
					if (rd_vec16(&list, &ext) < 0)
						break;
				}
			}
		}
		break;
	}
	case 14:
		c->server_flight_done = true;
		break;
	case 13:
		tr->cert_requested = true;
		break;
	case 20: {
		struct side *s = &c->side[from];
		s->finished = true;
		if (role(c, from) == 1)
			c->server_flight_done = true;
		if (decrypted && c->tls13)
			keys_for(rd, c, from, from == c->client ? KL_CLIENT_APP : KL_SERVER_APP);
		check_complete(c, t, i);
		break;
	}
	default:
		break;
	}
	/* the words are the ladder's, the same as a live probe's (ladder.c) */
	{
		struct step ls;
		bool again = type == 1 && c->ch_seen && c->hrr;
		ladder_message(type, body, len, st->dir, c->tls13 ? 0x0304 : c->version, NULL, &ls, NULL);
		snprintf(st->name, sizeof st->name, "%s", ls.name);
		snprintf(st->summary, sizeof st->summary, "%s%s%s", again ? "again, after the retry request: " : "",
			 ls.summary, type == 20 && decrypted ? " (decrypted with the key log)" : "");
	}
}

static void hs_feed(struct reader *rd, struct conn *c, int from, const uint8_t *p, size_t n, double t, bool dec)
{
	struct side *s = &c->side[from];

	while (n > 0) {
		size_t len;
		if (s->hs_skip) {
			size_t k = n < s->hs_skip ? n : s->hs_skip;
			s->hs_skip -= k;
			p += k;
			n -= k;
			continue;
		}
		if (s->hslen + n > s->hscap) {
			size_t want = s->hslen + n;
			if (want > CAPTURE_HS_KEEP + 4)
				want = CAPTURE_HS_KEEP + 4;
			if (want > s->hscap) {
				s->hscap = want < 4096 ? 4096 : want;
				s->hs = xreallocarray(s->hs, s->hscap, 1);
			}
		}
		/* take what fits, then cut messages */
		{
			size_t k = s->hscap - s->hslen < n ? s->hscap - s->hslen : n;
			memcpy(s->hs + s->hslen, p, k);
			s->hslen += k;
			p += k;
			n -= k;
		}
		for (;;) {
			if (s->hslen < 4)
				break;
			len = (size_t)s->hs[1] << 16 | (size_t)s->hs[2] << 8 | s->hs[3];
			if (len > CAPTURE_HS_KEEP) {
				/* too large to keep: name it, skip its body, go on after it */
				size_t have = s->hslen - 4;
				hs_message(rd, c, from, s->hs[0], NULL, len, t, dec);
				if (have >= len) {
					memmove(s->hs, s->hs + 4 + len, have - len);
					s->hslen = have - len;
					continue;
				}
				s->hs_skip = len - have;
				s->hslen = 0;
				break;
			}
			if (s->hslen < 4 + len)
				break;
			hs_message(rd, c, from, s->hs[0], s->hs + 4, len, t, dec);
			memmove(s->hs, s->hs + 4 + len, s->hslen - 4 - len);
			s->hslen -= 4 + len;
		}
		if (s->hslen == s->hscap && n > 0 && !s->hs_skip)
			break;	/* cannot happen: a kept message fits; do not loop */
	}
}

/* ---- records ---- */

static void appdata_step(struct reader *rd, struct conn *c, int from, size_t bytes, double t, bool dec)
{
	struct side *s = &c->side[from];
	struct trace *tr = c->out.trace;
	if (s->appdata_step < 0 || (size_t)s->appdata_step >= tr->nsteps)
		s->appdata_step = step(rd, c, t, from, LAYER_APP, 0, "ApplicationData", NULL);
	s->appdata_records++;
	tr->steps[s->appdata_step].bytes += (unsigned)bytes;
	snprintf(tr->steps[s->appdata_step].summary, sizeof tr->steps[s->appdata_step].summary,
		 "%u %s record%s", s->appdata_records, dec ? "decrypted" : "encrypted", s->appdata_records == 1 ? "" : "s");
}

static void alert_step(struct reader *rd, struct conn *c, int from, const uint8_t *body, size_t len,
		       size_t bytes, double t, bool dec)
{
	char name[48];
	int i;
	if (len < 2) {
		i = step(rd, c, t, from, LAYER_ALERT, (unsigned)bytes, "alert", "a %zu-byte alert record", len);
		return;
	}
	snprintf(name, sizeof name, "alert %s(%d)", alert_name(body[1]), body[1]);
	i = step(rd, c, t, from, LAYER_ALERT, (unsigned)bytes, name, "%s%s: %s", dec ? "decrypted, " : "",
		 body[0] == 2 ? "fatal" : "warning",
		 alert_lookup(body[1]) ? alert_lookup(body[1])->meaning : "unassigned code");
	if (dec)
		c->out.trace->steps[i].flags |= STEP_ENCRYPTED;
	alert_event(c, from, i, body[0], body[1], t);
}

/* TLS1.3 encrypted record without keys (or keys that did not open it): named by position. */
static void tls13_opaque(struct reader *rd, struct conn *c, int from, size_t len, size_t bytes, double t)
{
	struct side *s = &c->side[from], *peer = &c->side[!from];
	struct trace *tr = c->out.trace;
	int r = role(c, from);
	int i;

	s->enc_records++;
	if (c->ev.set && c->ev.end == CAP_COMPLETE) {
		if (c->ev.provisional && r == 0 && alert_sized(c, len) && !c->client_auth)
			c->client_closing = true;
		if (c->ev.provisional && r == 1 && alert_sized(c, len)) {
			i = step(rd, c, t, from, LAYER_ALERT, (unsigned)bytes, "alert", "encrypted alert (by size)");
			tr->steps[i].flags |= STEP_ENCRYPTED;
			alert_event(c, from, i, 2, -1, t);
			c->ev.provisional = false;
			return;
		}
		if (r == 1)
			c->ev.provisional = false;
		appdata_step(rd, c, from, bytes, t, false);
		return;
	}
	if (r == 1 && !peer->flight) {
		/* the server's encrypted flight, up to the client's first encrypted record */
		if (s->enc_records == 1 && alert_sized(c, len)) {
			i = step(rd, c, t, from, LAYER_ALERT, (unsigned)bytes, "alert", "encrypted alert (by size)");
			tr->steps[i].flags |= STEP_ENCRYPTED;
			alert_event(c, from, i, 2, -1, t);
			return;
		}
		s->flight = true;
		if (s->enc_hs_step < 0 || (size_t)s->enc_hs_step >= tr->nsteps) {
			s->enc_hs_step = step(rd, c, t, from, LAYER_HANDSHAKE, 0, "encrypted handshake",
					      "EncryptedExtensions .. Finished (by position)");
			tr->steps[s->enc_hs_step].flags |= STEP_ENCRYPTED;
			snprintf(c->last_msg, sizeof c->last_msg, "encrypted handshake");
		}
		tr->steps[s->enc_hs_step].bytes += (unsigned)bytes;
		return;
	}
	if (r == 0 && !s->finished) {
		if (!peer->flight) {
			appdata_step(rd, c, from, bytes, t, false);	/* early data */
			return;
		}
		if (alert_sized(c, len)) {
			i = step(rd, c, t, from, LAYER_ALERT, (unsigned)bytes, "alert", "encrypted alert (by size)");
			tr->steps[i].flags |= STEP_ENCRYPTED;
			alert_event(c, from, i, 2, -1, t);
			return;
		}
		s->flight = true;
		/* by position: the client's flight ends with Finished, sent only once it has
		 * checked the server's */
		s->finished = peer->finished = true;
		/* a Finished is at least 4 + hash + 1 + tag bytes: smaller, it is the (empty)
		 * Certificate the server asked for */
		c->client_auth = len < 4 + (c->suite == 0x1302 ? 48u : 32u) + 1 + (c->suite == 0x1305 ? 8u : 16u);
		i = step(rd, c, t, from, LAYER_HANDSHAKE, (unsigned)bytes, "Finished",
			 c->client_auth ? "client Certificate .. Finished (by position; the server asked for a certificate)"
					: "client Finished (by position)");
		tr->steps[i].flags |= STEP_ENCRYPTED;
		snprintf(c->last_msg, sizeof c->last_msg, "Finished");
		check_complete(c, t, i);
		return;
	}
	if (r == 0) {
		/* more of the client's flight (certificate + verify + Finished) or data */
		appdata_step(rd, c, from, bytes, t, false);
		return;
	}
	/* the server, after the client's Finished: its first record tells acceptance */
	if (!peer->finished) {
		appdata_step(rd, c, from, bytes, t, false);
		return;
	}
	if (alert_sized(c, len)) {
		i = step(rd, c, t, from, LAYER_ALERT, (unsigned)bytes, "alert", "encrypted alert (by size)");
		tr->steps[i].flags |= STEP_ENCRYPTED;
		alert_event(c, from, i, 2, -1, t);
		return;
	}
	s->finished = true;
	appdata_step(rd, c, from, bytes, t, false);
	decide(c, CAP_COMPLETE, -1, s->appdata_step, -1, t, "handshake complete: %s (the server answers the client's Finished)",
	       tls_version_name(c->version));
}

static void record_done(struct reader *rd, struct conn *c, int from, double t)
{
	struct side *s = &c->side[from];
	struct trace *tr = c->out.trace;
	unsigned type = s->rec[0];
	size_t len = s->recwant - 5;
	const uint8_t *body = s->rec + 5;

	s->tls_bytes += s->recwant;
	s->t_last_tls = t;
	c->out.tls = true;
	if (type == REC_APPDATA && c->tls13) {
		unsigned inner;
		size_t n;
		if (!s->recskip && s->epoch &&
		    (tls13_open(&s->key, s->rec, body, len, rd->scratch, &n, &inner) == 0 ||
		     (s->epoch == 1 && (keys_for(rd, c, from, from == c->client ? KL_CLIENT_APP : KL_SERVER_APP),
					s->epoch == 2 && tls13_open(&s->key, s->rec, body, len, rd->scratch, &n, &inner) == 0)))) {
			c->out.decrypted = true;
			if (inner != REC_ALERT && role(c, from) == 1 && c->ev.set && c->ev.end == CAP_COMPLETE &&
			    c->side[c->client].finished && c->side[from].finished && s->epoch == 2)
				c->ev.provisional = false;
			if (inner == REC_HANDSHAKE)
				hs_feed(rd, c, from, rd->scratch, n, t, true);
			else if (inner == REC_ALERT)
				alert_step(rd, c, from, rd->scratch, n, s->recwant, t, true);
			else
				appdata_step(rd, c, from, s->recwant, t, true);
			return;
		}
		tls13_opaque(rd, c, from, len, s->recwant, t);
		return;
	}
	if (!c->tls13 && s->ccs && s->epoch == 3) {
		size_t n;
		if (type == REC_APPDATA) {
			s->key.seq++;	/* its body is not kept: only the sequence moves */
		} else if ((type == REC_HANDSHAKE || type == REC_ALERT) &&
			   tls12_open(&s->key, s->rec, body, len, rd->scratch, &n) == 0) {
			c->out.decrypted = true;
			if (type == REC_HANDSHAKE)
				hs_feed(rd, c, from, rd->scratch, n, t, true);
			else
				alert_step(rd, c, from, rd->scratch, n, s->recwant, t, true);
			return;
		}
	}
	switch (type) {
	case REC_HANDSHAKE:
		if (!s->ccs) {
			hs_feed(rd, c, from, body, len, t, false);
			break;
		}
		{
			int i = step(rd, c, t, from, LAYER_HANDSHAKE, (unsigned)s->recwant, s->finished ? "encrypted handshake" : "Finished",
				     "%s", s->finished ? "encrypted handshake message (renegotiation?)" : "encrypted (TLS1.2: Finished by position)");
			tr->steps[i].flags |= STEP_ENCRYPTED;
			if (!s->finished) {
				s->finished = true;
				if (role(c, from) == 1)
					c->server_flight_done = true;
				snprintf(c->last_msg, sizeof c->last_msg, "Finished");
				check_complete(c, t, i);
			}
		}
		break;
	case REC_CCS:
		step(rd, c, t, from, LAYER_RECORD, (unsigned)s->recwant, "ChangeCipherSpec", "%s",
		     c->tls13 ? "compatibility record (TLS1.3: changes nothing)"
			      : role(c, from) == 0 ? "client switches to encrypted records" : "server switches to encrypted records");
		if (!c->tls13) {
			s->ccs = true;
			keys12(rd, c);
		}
		break;
	case REC_ALERT:
		if (!s->ccs) {
			alert_step(rd, c, from, body, len, s->recwant, t, false);
		} else {
			int i = step(rd, c, t, from, LAYER_ALERT, (unsigned)s->recwant, "alert", "encrypted alert");
			tr->steps[i].flags |= STEP_ENCRYPTED;
			if (!c->ev.set)
				alert_event(c, from, i, 2, -1, t);
		}
		break;
	case REC_APPDATA:
		appdata_step(rd, c, from, s->recwant, t, false);
		if (!c->ev.set && role(c, from) == 1 && !c->sh_seen && !c->ch_seen)
			break;
		break;
	case REC_HEARTBEAT:
		step(rd, c, t, from, LAYER_RECORD, (unsigned)s->recwant, "Heartbeat", NULL);
		break;
	default:
		break;
	}
}

/* Does a TLS record (or an SSLv2-format ClientHello) start at p? */
static bool tls_start(const uint8_t *p, size_t n, bool client)
{
	if (n < 5)
		return false;
	if (p[0] >= REC_CCS && p[0] <= REC_HEARTBEAT && p[1] == 3 && p[2] <= 4) {
		size_t len = (size_t)p[3] << 8 | p[4];
		if (len == 0 || len > RECORD_MAX_LEN)
			return false;
		if (p[0] == REC_HANDSHAKE && n >= 6)
			return client ? p[5] == 1 : p[5] == 2 || p[5] == 14 || p[5] == 11;
		return p[0] == REC_HANDSHAKE || p[0] == REC_ALERT;
	}
	/* SSLv2 CLIENT-HELLO: 2-byte header with the top bit set, type 1, version 2, 3.0-3.3 */
	return client && (p[0] & 0x80) && p[2] == 1 && (p[3] == 0 || p[3] == 3) && p[4] <= 3;
}

static void plain_text(struct reader *rd, struct conn *c, int from, const uint8_t *p, size_t n, double t)
{
	struct side *s = &c->side[from];
	struct trace *tr = c->out.trace;
	int r = role(c, from);

	struct side *cl = &c->side[c->client];

	if (r == 1 && (c->ch_seen || (cl->payload && cl->mode != M_PLAIN)) && !c->plain_after_ch && !s->tls_bytes) {
		/* plain text in answer to a ClientHello: not a TLS server */
		int i;
		c->plain_after_ch = true;
		i = step_bytes(rd, c, t, from, LAYER_APP, "not TLS", "", p, n < 48 ? n : 48);
		memcpy(tr->first_bytes, p, n < sizeof tr->first_bytes ? n : sizeof tr->first_bytes);
		tr->nfirst = n < sizeof tr->first_bytes ? n : sizeof tr->first_bytes;
		tr->banner = net_banner(p, n);
		text_sanitize(tr->first_text, sizeof tr->first_text, p, n < 60 ? n : 60);
		decide(c, CAP_NOT_TLS, 1, i, -1, t, "the server answered with %s, not TLS", banner_name(tr->banner));
		return;
	}
	if (s->plain_steps++ < PLAIN_STEPS) {
		int i = step_bytes(rd, c, t, from, LAYER_APP, "plaintext", "", p, n < 60 ? n : 60);
		tr->steps[i].bytes = (unsigned)n;
	}
	if (!c->out.prefix[0] && r == 0) {
		static const struct { const char *word; const char *name; } kw[] = {
			{ "<starttls", "XMPP STARTTLS" }, { "STARTTLS", "STARTTLS" }, { "starttls", "STARTTLS" },
			{ "STLS", "POP3 STLS" }, { "AUTH TLS", "FTP AUTH TLS" }, { "AUTH SSL", "FTP AUTH SSL" },
			{ "CONNECT ", "HTTP CONNECT" },
		};
		for (size_t k = 0; k < sizeof kw / sizeof kw[0]; k++)
			if (memmem(p, n, kw[k].word, strlen(kw[k].word))) {
				snprintf(c->out.prefix, sizeof c->out.prefix, "%s", kw[k].name);
				break;
			}
		if (!c->out.prefix[0] && n == 8 && !memcmp(p, "\x00\x00\x00\x08\x04\xd2\x16\x2f", 8))
			snprintf(c->out.prefix, sizeof c->out.prefix, "PostgreSQL SSLRequest");
		if (!c->out.prefix[0] && n >= 3 && p[0] == 5 && (size_t)p[1] + 2 == n)
			snprintf(c->out.prefix, sizeof c->out.prefix, "SOCKS5");
		if (!c->out.prefix[0] && n >= 9 && p[0] == 4 && p[1] == 1)
			snprintf(c->out.prefix, sizeof c->out.prefix, "SOCKS4");
		if (!c->out.prefix[0] && memmem(p, n, "1.3.6.1.4.1.1466.20037", 22))
			snprintf(c->out.prefix, sizeof c->out.prefix, "LDAP StartTLS");
		if (!c->out.prefix[0] && n == 36 && p[3] == 1 && (p[5] & 0x08))
			snprintf(c->out.prefix, sizeof c->out.prefix, "MySQL SSL request");
	}
}

static void stream_feed(struct reader *rd, struct conn *c, int from, const uint8_t *p, size_t n, double t)
{
	struct side *s = &c->side[from];

	if (s->mode == M_START && s->npre + n < 6) {
		/* too few bytes to tell a record header from text: wait for more */
		memcpy(s->pre + s->npre, p, n);
		s->npre += n;
		return;
	}
	if (s->mode == M_START && s->npre) {
		uint8_t *join = xmalloc(s->npre + n);
		size_t k = s->npre;
		memcpy(join, s->pre, k);
		memcpy(join + k, p, n);
		s->npre = 0;
		stream_feed(rd, c, from, join, k + n, t);
		free(join);
		return;
	}

	while (n > 0 && s->mode != M_STOP) {
		size_t want, take;
		if (s->mode != M_TLS) {
			/* before TLS: plaintext (STARTTLS, CONNECT, SOCKS...) until a record starts */
			size_t k;
			bool client = role(c, from) == 0;
			if (tls_start(p, n, client) || (!client && s->mode == M_START && n >= 3 && p[0] >= REC_CCS &&
							p[0] <= REC_HEARTBEAT && p[1] == 3)) {
				s->mode = M_TLS;
				continue;
			}
			for (k = 1; k < n; k++)
				if (tls_start(p + k, n - k, client))
					break;
			s->mode = M_PLAIN;
			plain_text(rd, c, from, p, k, t);
			p += k;
			n -= k;
			continue;
		}
		if (s->reclen < 5) {
			if (!s->rec)
				s->rec = xmalloc(REC_BUF);
			take = 5 - s->reclen < n ? 5 - s->reclen : n;
			memcpy(s->rec + s->reclen, p, take);
			s->reclen += take;
			p += take;
			n -= take;
			if (s->reclen < 5)
				break;
			if ((s->rec[0] & 0x80) && s->tls_bytes == 0 && s->rec[2] == 1) {
				/* SSLv2-format ClientHello: 2-byte length, then the message */
				want = 2 + ((size_t)(s->rec[0] & 0x7f) << 8 | s->rec[1]);
				if (want > REC_BUF || want < 5) {
					s->mode = M_STOP;
					return;
				}
				s->recwant = want;
				s->recskip = false;
			} else if (s->rec[0] < REC_CCS || s->rec[0] > REC_HEARTBEAT || s->rec[1] != 3) {
				int i;
				if (s->tls_bytes == 0 && role(c, from) == 1 && c->ch_seen) {
					plain_text(rd, c, from, s->rec, 5, t);
				} else {
					i = step_bytes(rd, c, t, from, LAYER_RECORD, "bad record",
						       "bytes that are not a TLS record header: ", s->rec, 5);
					decide(c, CAP_BAD_RECORD, role(c, from), i, -1, t,
					       "the %s sent bytes that are not a TLS record", who(role(c, from)));
				}
				s->mode = M_STOP;
				return;
			} else {
				want = (size_t)s->rec[3] << 8 | s->rec[4];
				if (want > RECORD_MAX_LEN) {
					int i = step(rd, c, t, from, LAYER_RECORD, 5, "bad record", "record header claims %zu bytes", want);
					decide(c, CAP_BAD_RECORD, role(c, from), i, -1, t, "the %s sent a record longer than TLS allows",
					       who(role(c, from)));
					s->mode = M_STOP;
					return;
				}
				s->recwant = 5 + want;
				/* bodies we do not need are counted, not copied */
				s->recskip = s->rec[0] == REC_APPDATA && (!c->tls13 || !s->epoch);
			}
		}
		take = s->recwant - s->reclen < n ? s->recwant - s->reclen : n;
		if (!s->recskip)
			memcpy(s->rec + s->reclen, p, take);
		s->reclen += take;
		p += take;
		n -= take;
		if (s->reclen == s->recwant) {
			if (s->rec[0] & 0x80) {
				struct hello_client h;
				int i = step(rd, c, t, from, LAYER_HANDSHAKE, (unsigned)s->recwant, "ClientHello", NULL);
				c->ch_seen = true;
				c->t_ch = t;
				s->tls_bytes += s->recwant;
				s->t_last_tls = t;
				c->out.tls = true;
				snprintf(c->last_msg, sizeof c->last_msg, "ClientHello");
				if (hello_parse_client_ssl2(s->rec, s->recwant, &h) == 0)
					snprintf(c->out.trace->steps[i].summary, sizeof c->out.trace->steps[i].summary,
						 "SSLv2 format, up to %s, %zu suites", tls_version_name(h.legacy_version),
						 h.nsuites + h.nssl2_kinds);
				else
					snprintf(c->out.trace->steps[i].summary, sizeof c->out.trace->steps[i].summary,
						 "SSLv2 format");
			} else {
				record_done(rd, c, from, t);
			}
			s->reclen = 0;
		}
	}
}

/* ---- TCP reassembly ---- */

static int seq_cmp(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0 ? -1 : a == b ? 0 : 1;
}

static void deliver(struct reader *rd, struct conn *c, int from, uint32_t seq, const uint8_t *p, size_t n, double t)
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
	stream_feed(rd, c, from, p, n, t);
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
					stream_feed(rd, c, from, take.data + skip, take.len - skip, t);
					s->next = take.seq + (uint32_t)take.len;
				} else {
					c->out.retransmits++;
				}
				free(take.data);
				again = true;
				break;
			}
		}
	}
}

static void segment(struct reader *rd, struct conn *c, int from, uint32_t seq, const uint8_t *p, size_t n, double t)
{
	struct side *s = &c->side[from];

	s->payload += n;
	if (!s->have_next) {
		s->next = seq;
		s->have_next = true;
	}
	if (seq_cmp(seq, s->next) <= 0) {
		deliver(rd, c, from, seq, p, n, t);
		return;
	}
	c->out.out_of_order++;
	if (s->nsegs >= CAPTURE_MAX_SEGS) {
		c->out.segs_dropped++;
		return;
	}
	if (s->nsegs == s->segcap) {
		s->segcap = s->segcap ? s->segcap * 2 : 8;
		s->segs = xreallocarray(s->segs, s->segcap, sizeof *s->segs);
	}
	s->segs[s->nsegs].seq = seq;
	s->segs[s->nsegs].data = xmemdup(p, n);
	s->segs[s->nsegs].len = n;
	s->nsegs++;
}

/* At the end: what never arrived is a gap; say so and stop parsing that direction. */
static void flush_gaps(struct reader *rd, struct conn *c, int from, double t)
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
		if (s->mode != M_STOP)
			step(rd, c, t, from, LAYER_TCP, missing, "missing data",
			     "%u bytes were never captured; the rest of this direction is not parsed", missing);
		s->mode = M_STOP;
		for (size_t i = 0; i < s->nsegs; i++)
			free(s->segs[i].data);
		s->nsegs = 0;
	}
}

/* ---- connections: table, judgement, hand-out ---- */

static size_t tuple_hash(const struct reader *rd, int family, const uint8_t *a, const uint8_t *b, unsigned pa,
			 unsigned pb)
{
	size_t alen = family == AF_INET ? 4 : 16;
	uint64_t h = 1469598103934665603ull, ha = 0, hb = 0;
	for (size_t i = 0; i < alen; i++) {
		ha = (ha ^ a[i]) * 1099511628211ull;
		hb = (hb ^ b[i]) * 1099511628211ull;
	}
	ha ^= pa * 2654435761u;
	hb ^= pb * 2654435761u;
	h ^= ha + hb;	/* symmetric: both directions land in the same bucket */
	h *= 1099511628211ull;
	return (size_t)(h % rd->nbuckets);
}

static void list_remove(struct conn **head, struct conn **tail, struct conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		*head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		*tail = c->prev;
	c->prev = c->next = NULL;
}

static void list_append(struct conn **head, struct conn **tail, struct conn *c)
{
	c->prev = *tail;
	c->next = NULL;
	if (*tail)
		(*tail)->next = c;
	else
		*head = c;
	*tail = c;
}

static enum outcome model_outcome(enum cap_end e)
{
	switch (e) {
	case CAP_COMPLETE: case CAP_NO_TLS: return OUTCOME_OK;
	case CAP_SERVER_ALERT: return OUTCOME_ALERT;
	case CAP_CLIENT_ALERT: case CAP_BAD_RECORD: return OUTCOME_TLS_ERROR;
	case CAP_SERVER_RESET: case CAP_CLIENT_RESET: return OUTCOME_RESET;
	case CAP_SERVER_CLOSED: case CAP_CLIENT_CLOSED: return OUTCOME_EOF;
	case CAP_CLIENT_TIMEOUT: case CAP_SILENCE: return OUTCOME_SILENCE;
	case CAP_REFUSED: return OUTCOME_REFUSED;
	case CAP_FILTERED: return OUTCOME_FILTERED;
	case CAP_UNREACHABLE: return OUTCOME_UNREACHABLE;
	case CAP_STALL: case CAP_CUT: return OUTCOME_STALL;
	case CAP_NOT_TLS: return OUTCOME_NOT_TLS;
	}
	return OUTCOME_OK;
}

const char *capture_end_name(enum cap_end e)
{
	static const char *const names[] = {
		[CAP_COMPLETE] = "complete", [CAP_SERVER_ALERT] = "server_alert", [CAP_CLIENT_ALERT] = "client_alert",
		[CAP_SERVER_RESET] = "server_reset", [CAP_CLIENT_RESET] = "client_reset",
		[CAP_SERVER_CLOSED] = "server_closed", [CAP_CLIENT_CLOSED] = "client_closed",
		[CAP_CLIENT_TIMEOUT] = "client_timeout", [CAP_REFUSED] = "refused", [CAP_FILTERED] = "filtered",
		[CAP_UNREACHABLE] = "unreachable", [CAP_SILENCE] = "silence", [CAP_STALL] = "stall",
		[CAP_CUT] = "capture_ends", [CAP_NOT_TLS] = "not_tls", [CAP_BAD_RECORD] = "bad_record",
		[CAP_NO_TLS] = "no_tls",
	};
	return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "?";
}

/* No decisive event happened: the capture's end (or a long silence) decides. */
static void judge_end(struct conn *c, double now)
{
	struct side *cl = &c->side[c->client], *sv = &c->side[!c->client];
	struct trace *tr = c->out.trace;
	int last = tr->nsteps ? (int)tr->nsteps - 1 : -1;
	double after, tend = now - c->t0;

	if (!c->ch_seen) {
		if (c->t_syn >= 0 && c->t_synack < 0 && !cl->payload && !sv->payload) {
			if (c->syns > 1 || tend - c->t_syn >= 1000.0)
				decide(c, CAP_FILTERED, -1, 0, -1, tend, "the SYN was never answered (%u sent over %.1f s)",
				       c->syns, (tend - c->t_syn) / 1000.0);
			else
				decide(c, CAP_CUT, -1, last, -1, tend, "the capture ends right after the SYN");
		} else if (cl->tls_bytes || sv->tls_bytes) {
			decide(c, CAP_NO_TLS, -1, -1, -1, tend, "TLS records without a ClientHello: the capture starts after this connection's handshake");
		} else {
			decide(c, CAP_NO_TLS, -1, -1, -1, tend, "no TLS in this connection");
		}
		return;
	}
	if (cl->mode == M_STOP || sv->mode == M_STOP) {
		decide(c, CAP_CUT, -1, last, -1, tend, "data is missing from the capture mid-handshake (%u bytes never captured)",
		       c->out.gaps);
		return;
	}
	if (!sv->payload && !sv->syn && c->t_synack < 0 && (cl->tls_bytes > 0) &&
	    (cl->ccs || cl->enc_records || cl->finished)) {
		decide(c, CAP_CUT, -1, last, -1, tend, "only the client's side of this connection is in the capture");
		return;
	}
	if (!sv->tls_bytes && !sv->payload) {
		after = tend - c->t_ch;
		if (after >= WAIT_MS) {
			int chs = -1;
			for (size_t i = 0; i < tr->nsteps; i++)
				if (!strcmp(tr->steps[i].name, "ClientHello"))
					chs = (int)i;
			decide(c, CAP_SILENCE, -1, chs, -1, tend, "no reply to the ClientHello in the %.1f s the capture goes on",
			       after / 1000.0);
		} else {
			decide(c, CAP_CUT, -1, last, -1, tend, "the capture ends %.1f s after the ClientHello, before any reply",
			       after / 1000.0);
		}
		return;
	}
	after = now - c->tlast;
	if (after >= WAIT_MS)
		decide(c, CAP_STALL, -1, last, -1, tend, "the handshake stops after %s; nothing more for the %.1f s the capture goes on",
		       c->last_msg[0] ? c->last_msg : "the first records", after / 1000.0);
	else
		decide(c, CAP_CUT, -1, last, -1, tend, "the capture ends mid-handshake, after %s",
		       c->last_msg[0] ? c->last_msg : "the first records");
}

static bool wanted(const struct reader *rd, const struct capture_conn *o)
{
	const struct capture_opts *f = rd->opts;
	if (!f)
		return true;
	if (f->port) {
		char want[16];
		size_t wl, cl = strlen(o->client), sl = strlen(o->server);
		snprintf(want, sizeof want, ":%u", f->port);
		wl = strlen(want);
		if (!(cl > wl && !strcmp(o->client + cl - wl, want)) && !(sl > wl && !strcmp(o->server + sl - wl, want)))
			return false;
	}
	if (f->sni && f->sni[0] && strcasecmp(o->trace->sni, f->sni))
		return false;
	if (f->host && f->host[0]) {
		char a[80], b[80];
		snprintf(a, sizeof a, "%s", o->client);
		snprintf(b, sizeof b, "%s", o->server);
		/* strip ":port" and the IPv6 brackets */
		for (char *s = a; s; s = s == a ? b : NULL) {
			char *colon = strrchr(s, ':');
			if (colon)
				*colon = '\0';
			if (s[0] == '[') {
				memmove(s, s + 1, strlen(s));
				if (s[strlen(s) - 1] == ']')
					s[strlen(s) - 1] = '\0';
			}
		}
		if (strcmp(a, f->host) && strcmp(b, f->host) && strcasecmp(o->trace->sni, f->host))
			return false;
	}
	return true;
}

static void conn_release(struct conn *c)
{
	for (int s = 0; s < 2; s++) {
		for (size_t k = 0; k < c->side[s].nsegs; k++)
			free(c->side[s].segs[k].data);
		free(c->side[s].segs);
		free(c->side[s].rec);
		free(c->side[s].hs);
		tls13_key_free(&c->side[s].key);
	}
	trace_free(c->out.trace);
	free(c->out.frames);
	free(c);
}

/* Judge a connection, hand it out, forget it. */
static void emit(struct reader *rd, struct conn *c)
{
	struct trace *tr = c->out.trace;
	int srv = !c->client;
	struct side *cl = &c->side[c->client];
	double last = tr->nsteps ? tr->steps[tr->nsteps - 1].t_ms : 0;
	size_t alen = c->family == AF_INET ? 4 : 16;
	struct conn **pp = &rd->buckets[tuple_hash(rd, c->family, c->addr[0], c->addr[1], c->port[0], c->port[1])];

	(void)alen;
	while (*pp && *pp != c)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = c->hnext;
	if (c->listed_closing)
		list_remove(&rd->cl_head, &rd->cl_tail, c);
	else
		list_remove(&rd->lru_head, &rd->lru_tail, c);
	rd->nlive--;

	if (!c->side[0].payload && !c->side[1].payload && !c->ev.set) {
		/* SYN/ACK only: filtered or refused attempts are reported, the rest counted */
		judge_end(c, rd->now);
		if (c->ev.end != CAP_FILTERED && c->ev.end != CAP_UNREACHABLE) {
			if (c->t_syn >= 0 || c->syns)
				rd->cap->conns_empty++;
			else
				rd->cap->conns_seen--;
			conn_release(c);
			return;
		}
	}
	flush_gaps(rd, c, 0, last);
	flush_gaps(rd, c, 1, last);
	for (int k = 0; k < 2; k++)
		if (c->side[k].mode == M_TLS && c->side[k].reclen)
			step(rd, c, last, k, LAYER_RECORD, (unsigned)c->side[k].reclen, "partial record",
			     "the capture ends %zu bytes into a %zu-byte record", c->side[k].reclen,
			     c->side[k].reclen >= 5 ? c->side[k].recwant : (size_t)0);
	for (int k = 0; k < 2; k++)
		if (c->side[k].mode == M_START && c->side[k].npre) {
			c->side[k].mode = M_PLAIN;
			plain_text(rd, c, k, c->side[k].pre, c->side[k].npre, last);
		}
	if (!c->ev.set)
		judge_end(c, rd->now);
	ep_text(c, c->client, c->out.client, sizeof c->out.client);
	ep_text(c, srv, c->out.server, sizeof c->out.server);
	snprintf(tr->label, sizeof tr->label, "capture");
	snprintf(tr->addr, sizeof tr->addr, "%s", c->out.server);
	c->out.end = c->ev.end;
	c->out.by = c->ev.by;
	c->out.alert = c->ev.alert;
	c->out.fail_step = c->ev.step >= 0 && (size_t)c->ev.step < tr->nsteps ? c->ev.step : -1;
	if (model_outcome(c->ev.end) != OUTCOME_OK && c->out.fail_step >= 0)
		tr->steps[c->out.fail_step].flags |= STEP_FAIL;
	trace_set_outcome(tr, model_outcome(c->ev.end), "%s", c->ev.why);
	c->out.rtt_ms = c->t_syn >= 0 && c->t_ack >= 0 ? c->t_ack - c->t_syn
			: c->t_syn >= 0 && c->t_synack >= 0 ? c->t_synack - c->t_syn : -1;
	c->out.handshake_ms = c->ev.end == CAP_COMPLETE && c->t_ch >= 0 ? c->ev.t - c->t_ch : -1;
	c->out.duration_ms = c->tlast - c->t0;
	tr->connect_ms = c->out.rtt_ms > 0 ? c->out.rtt_ms : 0;
	tr->handshake_ms = c->out.handshake_ms > 0 ? c->out.handshake_ms : 0;
	tr->total_ms = c->out.duration_ms;
	tr->bytes_out = (unsigned)cl->payload;
	tr->bytes_in = (unsigned)c->side[srv].payload;
	if (!wanted(rd, &c->out)) {
		rd->cap->conns_filtered++;
	} else if (rd->fn) {
		rd->fn(&c->out, rd->arg);
	}
	conn_release(c);
}

static void sweep(struct reader *rd)
{
	while (rd->cl_head && rd->cl_head->closed_t < rd->now - LINGER_MS)
		emit(rd, rd->cl_head);
	while (rd->lru_head && rd->lru_head->tlast < rd->now - IDLE_MS)
		emit(rd, rd->lru_head);
}

static struct conn *conn_new(struct reader *rd, int family, const uint8_t *src, const uint8_t *dst, uint16_t sport,
			     uint16_t dport, double t)
{
	size_t alen = family == AF_INET ? 4 : 16;
	struct conn *c;
	size_t b;

	if (rd->nlive >= CAPTURE_MAX_OPEN) {
		struct conn *old = rd->lru_head ? rd->lru_head : rd->cl_head;
		if (old) {
			old->out.early = true;
			rd->cap->conns_early++;
			emit(rd, old);
		}
	}
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
	c->tlast = t;
	c->t_syn = c->t_synack = c->t_ack = c->t_ch = -1;
	c->ev.step = -1;
	c->out.trace = trace_new("capture");
	c->out.id = ++rd->next_id;
	c->out.start = t / 1000.0;
	c->out.first_frame = rd->frame;
	c->out.alert = -1;
	rd->cap->conns_seen++;
	b = tuple_hash(rd, family, src, dst, sport, dport);
	c->hnext = rd->buckets[b];
	rd->buckets[b] = c;
	list_append(&rd->lru_head, &rd->lru_tail, c);
	rd->nlive++;
	return c;
}

static struct conn *find_conn(struct reader *rd, int family, const uint8_t *src, const uint8_t *dst,
			      uint16_t sport, uint16_t dport, int *from)
{
	size_t alen = family == AF_INET ? 4 : 16;
	for (struct conn *c = rd->buckets[tuple_hash(rd, family, src, dst, sport, dport)]; c; c = c->hnext) {
		if (c->family != family)
			continue;
		if (c->port[0] == sport && c->port[1] == dport && !memcmp(c->addr[0], src, alen) &&
		    !memcmp(c->addr[1], dst, alen)) {
			*from = 0;
			return c;
		}
		if (c->port[1] == sport && c->port[0] == dport && !memcmp(c->addr[1], src, alen) &&
		    !memcmp(c->addr[0], dst, alen)) {
			*from = 1;
			return c;
		}
	}
	return NULL;
}

static void mark_closed(struct reader *rd, struct conn *c)
{
	if (c->closed)
		return;
	c->closed = true;
	c->closed_t = rd->now;
	list_remove(&rd->lru_head, &rd->lru_tail, c);
	list_append(&rd->cl_head, &rd->cl_tail, c);
	c->listed_closing = true;
}

static void tcp_packet(struct reader *rd, int family, const uint8_t *src, const uint8_t *dst, struct rd r, double t)
{
	unsigned sport, dport, off_flags, flags, b[4];
	size_t hdr;
	uint32_t seq;
	struct conn *c;
	int from;
	struct rd tcp = r;

	if (rd_u16(&r, &sport) < 0 || rd_u16(&r, &dport) < 0 || rd_u8(&r, &b[0]) < 0 || rd_u8(&r, &b[1]) < 0 ||
	    rd_u8(&r, &b[2]) < 0 || rd_u8(&r, &b[3]) < 0)
		return;
	seq = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	if (rd_skip(&r, 4) < 0 || rd_u16(&r, &off_flags) < 0)
		return;
	hdr = (size_t)(off_flags >> 12) * 4;
	flags = off_flags & 0x3f;
	if (hdr < 20 || rd_skip(&tcp, hdr) < 0)
		return;
	c = find_conn(rd, family, src, dst, (uint16_t)sport, (uint16_t)dport, &from);
	if (c && (flags & 0x12) == 0x02) {
		/* a new SYN on a known pair: a retransmitted SYN, or the port pair reused */
		struct side *s = &c->side[from];
		if (s->syn && s->isn == seq && !c->closed) {
			c->syns++;
			c->tlast = t;
			return;
		}
		if (s->syn || c->closed || c->side[0].payload || c->side[1].payload)
			emit(rd, c), c = NULL;
	}
	if (!c) {
		c = conn_new(rd, family, src, dst, (uint16_t)sport, (uint16_t)dport, t);
		from = 0;
	}
	c->tlast = t;
	if (!c->closed) {
		list_remove(&rd->lru_head, &rd->lru_tail, c);
		list_append(&rd->lru_head, &rd->lru_tail, c);
	}
	t -= c->t0;
	if (flags & 0x02) {	/* SYN */
		struct side *s = &c->side[from];
		s->syn = true;
		s->isn = seq;
		s->next = seq + 1;
		s->have_next = true;
		if (!(flags & 0x10)) {
			c->client = from;	/* SYN without ACK: the connecting side */
			c->t_syn = t;
			c->syns++;
		} else if (c->t_synack < 0) {
			c->t_synack = t;
		}
		step(rd, c, t, from, LAYER_TCP, 0, flags & 0x10 ? "SYN-ACK" : "SYN", NULL);
		return;
	}
	if (c->t_synack >= 0 && c->t_ack < 0 && from == c->client && (flags & 0x10))
		c->t_ack = t;
	if (tcp.n)
		segment(rd, c, from, seq, tcp.p, tcp.n, t);
	if (flags & 0x04) {	/* RST */
		if (!c->side[from].rst) {
			int i = step(rd, c, t, from, LAYER_TCP, 0, "RST", "connection reset");
			c->side[from].rst = true;
			side_closes(c, from, i, true, t);
		}
		mark_closed(rd, c);
	} else if ((flags & 0x01) && !c->side[from].fin) {	/* FIN */
		int i = step(rd, c, t, from, LAYER_TCP, 0, "FIN", "closes its side");
		c->side[from].fin = true;
		if (from == c->client && !c->client_auth)
			c->client_closing = true;
		side_closes(c, from, i, false, t);
		if (c->side[!from].fin)
			mark_closed(rd, c);
	}
}

/* ICMP / ICMPv6 destination unreachable quoting one of our connections' packets. */
static void icmp_unreachable(struct reader *rd, int family, struct rd inner, unsigned code, double t)
{
	const uint8_t *src, *dst;
	unsigned sport, dport;
	struct conn *c;
	int from;
	struct rd tcp;

	if (family == AF_INET) {
		size_t ihl;
		if (inner.n < 20 || (inner.p[0] >> 4) != 4 || inner.p[9] != 6)
			return;
		ihl = (size_t)(inner.p[0] & 0x0f) * 4;
		src = inner.p + 12;
		dst = inner.p + 16;
		tcp = inner;
		if (ihl < 20 || rd_skip(&tcp, ihl) < 0)
			return;
	} else {
		if (inner.n < 40 || (inner.p[0] >> 4) != 6 || inner.p[6] != 6)
			return;
		src = inner.p + 8;
		dst = inner.p + 24;
		tcp = inner;
		rd_skip(&tcp, 40);
	}
	if (rd_u16(&tcp, &sport) < 0 || rd_u16(&tcp, &dport) < 0)
		return;
	c = find_conn(rd, family, src, dst, (uint16_t)sport, (uint16_t)dport, &from);
	if (!c)
		return;
	c->tlast = t;
	t -= c->t0;
	{
		int i = step(rd, c, t, !from, LAYER_TCP, 0, "ICMP unreachable", "destination unreachable (code %u)", code);
		c->out.trace->steps[i].dir = DIR_S2C;
		decide(c, CAP_UNREACHABLE, -1, i, -1, t, "the network says the server is unreachable (ICMP%s code %u)",
		       family == AF_INET6 ? "v6" : "", code);
	}
}

static void ipv4_datagram(struct reader *rd, const uint8_t *src, const uint8_t *dst, unsigned proto, struct rd r, double t)
{
	if (proto == 6) {
		tcp_packet(rd, AF_INET, src, dst, r, t);
	} else if (proto == 1 && r.n >= 8 && r.p[0] == 3) {
		unsigned code = r.p[1];
		rd_skip(&r, 8);
		icmp_unreachable(rd, AF_INET, r, code, t);
	} else {
		rd->cap->skipped++;
	}
}

/* IPv4 fragments: kept until the datagram is whole (at most FRAG_MAX at once, 64 KiB each). */
static void ipv4_fragment(struct reader *rd, const uint8_t *src, const uint8_t *dst, unsigned id, unsigned proto,
			  unsigned frag, struct rd r, double t)
{
	size_t off = (size_t)(frag & 0x1fff) * 8;
	bool more = frag & 0x2000;
	struct frag *f = NULL, *freeslot = NULL, *oldest = NULL;

	rd->cap->fragments++;
	for (size_t i = 0; i < FRAG_MAX; i++) {
		struct frag *g = &rd->frags[i];
		if (!g->used) {
			if (!freeslot)
				freeslot = g;
			continue;
		}
		if (g->id == id && g->proto == proto && !memcmp(g->src, src, 4) && !memcmp(g->dst, dst, 4)) {
			f = g;
			break;
		}
		if (!oldest || g->t < oldest->t)
			oldest = g;
	}
	if (!f) {
		f = freeslot;
		if (!f) {
			rd->cap->frags_dropped++;	/* the oldest incomplete datagram is given up */
			f = oldest;
			free(f->data);
			free(f->map);
		}
		memset(f, 0, sizeof *f);
		f->used = true;
		memcpy(f->src, src, 4);
		memcpy(f->dst, dst, 4);
		f->id = id;
		f->proto = proto;
		f->data = xcalloc(1, 65536);
		f->map = xcalloc(1, 65536 / 8);
	}
	f->t = t;
	if (off + r.n > 65535 || (more && (r.n % 8))) {
		rd->cap->frags_dropped++;
		return;
	}
	memcpy(f->data + off, r.p, r.n);
	for (size_t u = off / 8; u < (off + r.n + 7) / 8; u++)
		if (!f->map[u]) {
			f->map[u] = 1;
			f->have += 8;
		}
	if (!more)
		f->total = off + r.n;
	if (f->total) {
		size_t units = (f->total + 7) / 8, u;
		for (u = 0; u < units && f->map[u]; u++)
			;
		if (u == units) {
			uint8_t s4[4], d4[4];
			uint8_t *data = f->data;
			size_t total = f->total;
			memcpy(s4, f->src, 4);
			memcpy(d4, f->dst, 4);
			free(f->map);
			f->used = false;
			ipv4_datagram(rd, s4, d4, f->proto, rd_make(data, total), t);
			free(data);
		}
	}
}

static void ip_packet(struct reader *rd, unsigned proto, struct rd r, double t)
{
	if (proto == 0x0800 || (proto == 0 && r.n && (r.p[0] >> 4) == 4)) {
		struct rd ip = r;
		unsigned vihl, frag, p, total, id;
		const uint8_t *src, *dst;
		size_t ihl;
		if (rd_u8(&ip, &vihl) < 0 || (vihl >> 4) != 4 || rd_skip(&ip, 1) < 0 || rd_u16(&ip, &total) < 0 ||
		    rd_u16(&ip, &id) < 0 || rd_u16(&ip, &frag) < 0 || rd_skip(&ip, 1) < 0 || rd_u8(&ip, &p) < 0 ||
		    rd_skip(&ip, 2) < 0 || ip.n < 8)
			goto skip;
		src = ip.p;
		dst = ip.p + 4;
		ihl = (vihl & 0x0f) * 4u;
		if (ihl < 20 || rd_skip(&r, ihl) < 0)
			goto skip;
		/* Ethernet padding: trust the IP total length when it is shorter. */
		if (total >= ihl && total - ihl < r.n)
			r.n = total - ihl;
		if ((frag & 0x1fff) || (frag & 0x2000)) {
			ipv4_fragment(rd, src, dst, id, p, frag, r, t);
			return;
		}
		ipv4_datagram(rd, src, dst, p, r, t);
		return;
	}
	if (proto == 0x86dd || (proto == 0 && r.n && (r.p[0] >> 4) == 6)) {
		const uint8_t *src, *dst;
		unsigned plen, nh;
		if (r.n < 40 || (r.p[0] >> 4) != 6)
			goto skip;
		plen = (unsigned)r.p[4] << 8 | r.p[5];
		nh = r.p[6];
		src = r.p + 8;
		dst = r.p + 24;
		rd_skip(&r, 40);
		if (plen < r.n)
			r.n = plen;
		/* extension headers: hop-by-hop, routing, destination options, fragment, AH */
		for (int k = 0; k < 8 && (nh == 0 || nh == 43 || nh == 60 || nh == 44 || nh == 51); k++) {
			size_t len;
			if (r.n < 8)
				goto skip;
			if (nh == 44) {
				unsigned off = ((unsigned)r.p[2] << 8 | r.p[3]);
				if ((off & 0xfff8) || (off & 1)) {
					rd->cap->fragments++;
					rd->cap->frags_dropped++;	/* IPv6 fragments are not reassembled */
					return;
				}
				len = 8;
			} else if (nh == 51) {
				len = ((size_t)r.p[1] + 2) * 4;
			} else {
				len = ((size_t)r.p[1] + 1) * 8;
			}
			nh = r.p[0];
			if (rd_skip(&r, len) < 0)
				goto skip;
		}
		if (nh == 6) {
			tcp_packet(rd, AF_INET6, src, dst, r, t);
			return;
		}
		if (nh == 58 && r.n >= 8 && r.p[0] == 1) {
			unsigned code = r.p[1];
			rd_skip(&r, 8);
			icmp_unreachable(rd, AF_INET6, r, code, t);
			return;
		}
	}
skip:
	rd->cap->skipped++;
}

#define DLT_NULL_ 0
#define DLT_EN10MB_ 1
#define DLT_RAW_ 101
#define DLT_RAW_OLD 12
#define DLT_RAW_OLD2 14
#define DLT_LOOP_ 108
#define DLT_LINUX_SLL_ 113
#define DLT_IPV4_ 228
#define DLT_IPV6_ 229
#define DLT_LINUX_SLL2_ 276

static void packet(struct reader *rd, unsigned dlt, const uint8_t *bytes, size_t caplen, double t)
{
	struct rd r = rd_make(bytes, caplen);
	unsigned proto = 0;

	rd->cap->packets++;
	rd->frame++;
	if (t > rd->now)
		rd->now = t;
	switch (dlt) {
	case DLT_EN10MB_:
		if (rd_skip(&r, 12) < 0 || rd_u16(&r, &proto) < 0)
			goto skip;
		/* 802.1Q, 802.1ad (QinQ) and the older 0x9100: any number of tags */
		for (int k = 0; k < 8 && (proto == 0x8100 || proto == 0x88a8 || proto == 0x9100); k++)
			if (rd_skip(&r, 2) < 0 || rd_u16(&r, &proto) < 0)
				goto skip;
		break;
	case DLT_LINUX_SLL_:
		if (rd_skip(&r, 14) < 0 || rd_u16(&r, &proto) < 0)
			goto skip;
		break;
	case DLT_LINUX_SLL2_:
		if (rd_u16(&r, &proto) < 0 || rd_skip(&r, 18) < 0)
			goto skip;
		break;
	case DLT_NULL_:
	case DLT_LOOP_: {
		uint32_t fam;
		if (r.n < 4)
			goto skip;
		memcpy(&fam, r.p, 4);
		rd_skip(&r, 4);
		proto = (fam == 2 || fam == 0x02000000) ? 0x0800 : 0x86dd;
		break;
	}
	case DLT_RAW_:
	case DLT_RAW_OLD:
	case DLT_RAW_OLD2:
	case DLT_IPV4_:
	case DLT_IPV6_:
		proto = 0;
		break;
	default:
		goto skip;
	}
	ip_packet(rd, proto, r, t);
	if ((rd->frame & 1023) == 0)
		sweep(rd);
	return;
skip:
	rd->cap->skipped++;
}

/* ---- the file: pcap or pcapng, through zlib (which reads plain files as they are) ---- */

struct src {
	gzFile gz;
	uint8_t *buf;
	size_t len, pos, cap;
};

/* n bytes at the cursor (buffered), or NULL at the end of the file. */
static const uint8_t *src_get(struct src *s, size_t n)
{
	const uint8_t *p;
	if (s->len - s->pos < n) {
		memmove(s->buf, s->buf + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
		if (n > s->cap) {
			s->cap = n;
			s->buf = xreallocarray(s->buf, s->cap, 1);
		}
		while (s->len < n) {
			int k = gzread(s->gz, s->buf + s->len, (unsigned)(s->cap - s->len));
			if (k <= 0)
				return NULL;
			s->len += (size_t)k;
		}
	}
	p = s->buf + s->pos;
	s->pos += n;
	return p;
}

static uint32_t u32(const uint8_t *p, bool swap)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

static uint16_t u16(const uint8_t *p, bool swap)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return swap ? __builtin_bswap16(v) : v;
}

struct iface {
	unsigned dlt, snaplen;
	double tsdiv;	/* ticks per second */
};

static void note_snaplen(struct capture *cap, unsigned snap)
{
	if (snap && (!cap->snaplen || snap < cap->snaplen))
		cap->snaplen = snap;
}

static int read_pcap(struct reader *rd, struct src *s, const uint8_t *hdr)
{
	uint32_t magic;
	bool swap, nano;
	unsigned dlt, snap;
	struct capture *cap = rd->cap;

	memcpy(&magic, hdr, 4);
	swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	nano = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
	if (!src_get(s, 20)) {
		snprintf(cap->error, sizeof cap->error, "the file ends inside the pcap header");
		return -1;
	}
	hdr = s->buf + s->pos - 20;
	snap = u32(hdr + 12, swap);
	dlt = u32(hdr + 16, swap) & 0xffff;
	note_snaplen(cap, snap);
	cap->interfaces = 1;
	for (;;) {
		const uint8_t *ph = src_get(s, 16), *data;
		uint32_t sec, frac, incl, orig;
		if (!ph)
			break;
		if (s->len - s->pos + 16 < 16)
			break;
		sec = u32(ph, swap);
		frac = u32(ph + 4, swap);
		incl = u32(ph + 8, swap);
		orig = u32(ph + 12, swap);
		if (incl > PKT_MAX) {
			cap->truncated = true;
			snprintf(cap->error, sizeof cap->error, "frame %u claims %u bytes: the file is damaged from there on",
				 rd->frame + 1, incl);
			break;
		}
		data = src_get(s, incl);
		if (!data) {
			cap->truncated = true;
			snprintf(cap->error, sizeof cap->error, "the file ends in the middle of frame %u", rd->frame + 1);
			break;
		}
		if (orig > incl)
			cap->short_frames++;
		packet(rd, dlt, data, incl, (double)sec * 1000.0 + (double)frac / (nano ? 1e6 : 1e3));
	}
	return 0;
}

static int read_pcapng(struct reader *rd, struct src *s)
{
	struct capture *cap = rd->cap;
	struct iface ifs[64];
	size_t nifs = 0;
	bool swap = false, first = true;
	unsigned nblocks = 0;

	s->pos = 0;	/* the block header was peeked */
	for (;;) {
		/* every block has at least 12 bytes: type, length and (SHB) the byte-order magic;
		 * the third word is given back after, so no rewind crosses a buffer refill */
		const uint8_t *bh = src_get(s, 12), *b;
		uint32_t type, len;
		if (!bh) {
			if (s->len > s->pos) {
				cap->truncated = true;
				snprintf(cap->error, sizeof cap->error, "the file ends inside a block header");
			}
			break;
		}
		s->pos -= 4;
		memcpy(&type, bh, 4);
		if (type == 0x0a0d0d0a) {
			uint32_t m;
			memcpy(&m, bh + 8, 4);
			if (m == 0x1a2b3c4d)
				swap = false;
			else if (m == 0x4d3c2b1a)
				swap = true;
			else {
				snprintf(cap->error, sizeof cap->error, "pcapng section header with an unknown byte order");
				if (first)
					return -1;
				cap->truncated = true;
				break;
			}
			nifs = 0;	/* a new section starts its own interfaces */
		} else if (first) {
			return -1;
		}
		first = false;
		type = u32(bh, swap);
		len = u32(bh + 4, swap);
		if (len < 12 || len % 4 || len > 16u * 1024 * 1024) {
			cap->truncated = true;
			snprintf(cap->error, sizeof cap->error, "block %u has an impossible length (%u): the file is damaged from there on",
				 nblocks + 1, len);
			break;
		}
		b = src_get(s, len - 8);
		if (!b) {
			cap->truncated = true;
			snprintf(cap->error, sizeof cap->error, "the file ends in the middle of block %u (frame %u)", nblocks + 1,
				 rd->frame + 1);
			break;
		}
		nblocks++;
		len -= 12;	/* body length */
		if (type == 1 && len >= 8) {	/* Interface Description */
			struct iface f = { u16(b, swap), u32(b + 4, swap), 1e6 };
			size_t o = 8;
			while (o + 4 <= len) {
				unsigned code = u16(b + o, swap), olen = u16(b + o + 2, swap);
				if (code == 0 || o + 4 + olen > len)
					break;
				if (code == 9 && olen >= 1) {
					unsigned v = b[o + 4];
					f.tsdiv = (v & 0x80) ? ldexp(1.0, (int)(v & 0x7f)) : pow(10.0, (double)(v & 0x7f));
				}
				o += 4 + ((olen + 3u) & ~3u);
			}
			note_snaplen(cap, f.snaplen);
			if (nifs < sizeof ifs / sizeof ifs[0])
				ifs[nifs++] = f;
			cap->interfaces++;
		} else if ((type == 6 || type == 2) && len >= 20) {	/* Enhanced / obsolete Packet */
			unsigned ifi = type == 6 ? u32(b, swap) : u16(b, swap);
			uint64_t ts = (uint64_t)u32(b + 4, swap) << 32 | u32(b + 8, swap);
			uint32_t incl = u32(b + 12, swap), orig = u32(b + 16, swap);
			if (ifi >= nifs || incl > len - 20) {
				cap->skipped++;
				cap->packets++;
				rd->frame++;
				continue;
			}
			if (orig > incl)
				cap->short_frames++;
			packet(rd, ifs[ifi].dlt, b + 20, incl, (double)ts / ifs[ifi].tsdiv * 1000.0);
		} else if (type == 3 && len >= 4 && nifs) {	/* Simple Packet */
			uint32_t orig = u32(b, swap), incl = orig < len - 4 ? orig : (uint32_t)(len - 4);
			if (ifs[0].snaplen && incl > ifs[0].snaplen)
				incl = ifs[0].snaplen;
			if (orig > incl)
				cap->short_frames++;
			packet(rd, ifs[0].dlt, b + 4, incl, rd->now);
		}
	}
	return 0;
}

int capture_stream(const char *path, const struct capture_opts *o, struct capture *out, capture_fn fn, void *arg)
{
	struct reader rd = { .cap = out, .opts = o, .fn = fn, .arg = arg };
	struct src s = { 0 };
	const uint8_t *h;
	uint32_t magic;
	int r = 0;
	const char *kl = o && o->keylog ? o->keylog : getenv("SSLKEYLOGFILE");
	FILE *f;
	unsigned char gzmagic[2] = { 0 };

	memset(out, 0, sizeof *out);
	f = strcmp(path, "-") ? fopen(path, "rb") : NULL;
	if (strcmp(path, "-") && !f) {
		snprintf(out->error, sizeof out->error, "cannot open it (%s)", strerror(errno));
		return -1;
	}
	if (f) {
		out->gzip = fread(gzmagic, 1, 2, f) == 2 && gzmagic[0] == 0x1f && gzmagic[1] == 0x8b;
		fclose(f);
		s.gz = gzopen(path, "rb");
	} else {
		s.gz = gzdopen(0, "rb");
	}
	if (!s.gz) {
		snprintf(out->error, sizeof out->error, "cannot open it");
		return -1;
	}
	gzbuffer(s.gz, 256 * 1024);
	s.cap = 1 << 20;
	s.buf = xmalloc(s.cap);
	h = src_get(&s, 4);
	if (!h) {
		snprintf(out->error, sizeof out->error, "the file is empty or shorter than a capture header");
		r = -1;
		goto done;
	}
	if (kl && kl[0]) {
		size_t bad;
		rd.kl = keylog_load(kl, &bad, out->keylog_error, sizeof out->keylog_error);
		out->keys = keylog_size(rd.kl);
		if (rd.kl && !out->keys)
			snprintf(out->keylog_error, sizeof out->keylog_error, "the key log %s holds no TLS secrets", kl);
	}
	rd.nbuckets = 1 << 16;
	rd.buckets = xcalloc(rd.nbuckets, sizeof *rd.buckets);
	rd.scratch = xmalloc(REC_BUF);
	memcpy(&magic, h, 4);
	if (magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1) {
		r = read_pcap(&rd, &s, h);
	} else if (magic == 0x0a0d0d0a) {
		r = read_pcapng(&rd, &s);
		if (r < 0 && !out->error[0])
			snprintf(out->error, sizeof out->error, "not a pcapng file");
	} else {
		char hex[32];
		text_hex(hex, sizeof hex, h, 4);
		snprintf(out->error, sizeof out->error, "not a pcap or pcapng file (it starts with %s)", hex);
		r = -1;
	}
	/* everything still open is judged at the capture's end */
	while (rd.cl_head)
		emit(&rd, rd.cl_head);
	while (rd.lru_head)
		emit(&rd, rd.lru_head);
	for (size_t i = 0; i < FRAG_MAX; i++)
		if (rd.frags[i].used) {
			out->frags_dropped++;
			free(rd.frags[i].data);
			free(rd.frags[i].map);
		}
	free(rd.buckets);
	free(rd.scratch);
	keylog_free(rd.kl);
done:
	free(s.buf);
	gzclose(s.gz);
	return r;
}

struct collect {
	struct capture *cap;
	size_t alloc;
};

static void collect_one(struct capture_conn *c, void *arg)
{
	struct collect *k = arg;
	if (k->cap->n == k->alloc) {
		k->alloc = k->alloc ? k->alloc * 2 : 16;
		k->cap->conns = xreallocarray(k->cap->conns, k->alloc, sizeof *k->cap->conns);
	}
	k->cap->conns[k->cap->n++] = *c;
	c->trace = NULL;
	c->frames = NULL;
}

static int by_id(const void *a, const void *b)
{
	const struct capture_conn *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

int capture_read_opts(const char *path, const struct capture_opts *o, struct capture *out)
{
	struct collect k = { 0 };
	struct capture tmp;
	int r;
	k.cap = &tmp;
	memset(&tmp, 0, sizeof tmp);
	r = capture_stream(path, o, out, collect_one, &k);
	out->conns = tmp.conns;
	out->n = tmp.n;
	if (out->n > 1)
		qsort(out->conns, out->n, sizeof *out->conns, by_id);
	if (!out->conns)
		out->conns = xcalloc(1, sizeof *out->conns);
	return r;
}

int capture_read(const char *path, struct capture *out)
{
	return capture_read_opts(path, NULL, out);
}

void capture_conn_free(struct capture_conn *c)
{
	trace_free(c->trace);
	free(c->frames);
	c->trace = NULL;
	c->frames = NULL;
}

void capture_free(struct capture *c)
{
	for (size_t i = 0; i < c->n; i++)
		capture_conn_free(&c->conns[i]);
	free(c->conns);
	memset(c, 0, sizeof *c);
}

/* ---- outcome -> finding: the one table ---- */

/* What a client's alert says it refused. */
static enum finding_id client_alert_finding(int code, const char **cause)
{
	switch (code) {
	case 48:
		*cause = "the client does not trust the issuer of the server's chain (unknown CA, or an intermediate is missing)";
		return F_CHAIN_CLIENT_REJECTED;
	case 42: case 43: case 44: case 45: case 46: case 49:
		*cause = code == 45 ? "the client finds the server certificate expired"
		       : code == 44 ? "the client finds the server certificate revoked"
				    : "the client rejects the server certificate";
		return F_CERT_CLIENT_REJECTED;
	case 40: case 47: case 51: case 71:
		*cause = "the client rejects the server's key exchange or signature (DH group too small, a "
			 "signature algorithm it no longer accepts, or a bad signature)";
		return F_CIPHER_CLIENT_REJECTED;
	case 70:
		*cause = "the client refuses the version the server chose";
		return F_TLS_CLIENT_ALERT;
	default:
		*cause = "the client aborted the handshake";
		return F_TLS_CLIENT_ALERT;
	}
}

/* What a connection's end proves where a live probe could end the same way: the id comes
 * from the one outcome -> finding table (finding.c), as for the firewall wizard. */
static enum finding_id shared_finding(enum cap_end e)
{
	static const struct { enum cap_end e; enum outcome o; } same[] = {
		{ CAP_SERVER_RESET, OUTCOME_RESET }, { CAP_REFUSED, OUTCOME_REFUSED }, { CAP_FILTERED, OUTCOME_FILTERED },
		{ CAP_UNREACHABLE, OUTCOME_UNREACHABLE }, { CAP_SILENCE, OUTCOME_SILENCE }, { CAP_SERVER_CLOSED, OUTCOME_EOF },
		{ CAP_NOT_TLS, OUTCOME_NOT_TLS }, { CAP_BAD_RECORD, OUTCOME_NOT_TLS }, { CAP_SERVER_ALERT, OUTCOME_ALERT },
		{ CAP_STALL, OUTCOME_STALL },
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		if (same[i].e == e)
			return outcome_finding(same[i].o)->e;
	return F__COUNT;
}

void capture_judge(const struct capture_conn *c, int idx, struct report *r)
{
	const struct trace *t = c->trace;
	int st = c->fail_step;
	struct finding *f;

	switch (c->end) {
	case CAP_COMPLETE:
	case CAP_NO_TLS:
		break;
	case CAP_SERVER_RESET:
		f = report_add(r, shared_finding(c->end), idx, st);
		finding_title(f, "%s → %s: %s", c->client, c->server, t->reason);
		finding_evidence(f, "RST from %s after the %s", c->server, c->after[0] ? c->after : "ClientHello");
		finding_fix(f, "Something on the path or the server tears the connection down on the ClientHello:\n"
			    "run `tlswiz wizard firewall %s` to tell an SNI filter, intolerance or a crash apart.", c->server);
		break;
	case CAP_REFUSED:
		f = report_add(r, shared_finding(c->end), idx, st);
		finding_title(f, "%s refuses the connection", c->server);
		finding_evidence(f, "SYN answered with RST");
		finding_fix(f, "Nothing listens on that port, or a firewall rejects: check the service and rules.");
		break;
	case CAP_FILTERED:
		f = report_add(r, shared_finding(c->end), idx, st);
		finding_title(f, "%s never answers the SYN", c->server);
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "A firewall drops the connection attempt, or the host is down: check the rules on the path.");
		break;
	case CAP_UNREACHABLE:
		f = report_add(r, shared_finding(c->end), idx, st);
		finding_title(f, "%s is unreachable", c->server);
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Routing or a firewall on the path rejects the packets: check routes and ACLs.");
		break;
	case CAP_SILENCE:
		f = report_add(r, shared_finding(c->end), idx, st);
		finding_title(f, "%s never answers the ClientHello in this capture", c->server);
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Check the server/backend health and any firewall or proxy in between.");
		break;
	case CAP_CLIENT_TIMEOUT:
		f = report_add(r, F_NET_CLIENT_TIMEOUT, idx, st);
		finding_title(f, "the client gave up on %s", c->server);
		finding_evidence(f, "%s; the FIN comes from the client %s", t->reason, c->client);
		finding_fix(f, "The server (or the path to it) does not answer in time: check the backend and any firewall;\n"
			    "run `tlswiz wizard firewall %s`.", c->server);
		break;
	case CAP_SERVER_CLOSED:
		f = report_add(r, shared_finding(c->end), idx, st);
		finding_title(f, "%s closes the connection %s without an alert", c->server,
			      c->after[0] && strcmp(c->after, "ClientHello") ? "mid-handshake" : "after the ClientHello");
		finding_evidence(f, "FIN from %s after the %s", c->server, c->after[0] ? c->after : "ClientHello");
		finding_fix(f, "Often version intolerance or an SNI filter: run `tlswiz wizard versions %s`.", c->server);
		break;
	case CAP_CLIENT_CLOSED:
	case CAP_CLIENT_RESET:
		f = report_add(r, F_NET_CLIENT_CLOSED, idx, st);
		finding_title(f, "the client %s gives up on %s after its %s, without an alert", c->client, c->server,
			      c->after[0] ? c->after : "first records");
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Clients that close without an alert usually rejected what the server sent (certificate, key "
			    "exchange) and say why in their own log;\nrun `tlswiz diagnose %s` to see what a client objects to.", c->server);
		break;
	case CAP_NOT_TLS:
		f = report_add(r, shared_finding(c->end), idx, st);
		finding_title(f, "%s answers with %s, not TLS", c->server, banner_name(t->banner));
		finding_evidence(f, "first bytes: \"%s\"", t->first_text);
		finding_fix(f, "Wrong port, or the service needs STARTTLS (tlswiz diagnose --starttls ...).");
		break;
	case CAP_BAD_RECORD:
		f = report_add(r, shared_finding(c->end), idx, st);
		finding_title(f, "%s", t->reason);
		finding_evidence(f, "%s", st >= 0 ? t->steps[st].summary : t->reason);
		finding_fix(f, "A middlebox or a broken implementation injects bytes into the TLS stream: capture on both sides "
			    "of the path to see where.");
		break;
	case CAP_SERVER_ALERT: {
		const struct alert_info *a = c->alert >= 0 ? alert_lookup(c->alert) : NULL;
		f = report_add(r, shared_finding(c->end), idx, st);
		if (c->alert >= 0)
			finding_title(f, "%s refuses the handshake with alert %s(%d)", c->server, alert_name(c->alert), c->alert);
		else
			finding_title(f, "%s refuses the handshake with an encrypted alert", c->server);
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Usually: %s.\nNext: tlswiz wizard %s %s", a ? a->meaning : c->alert < 0 ? "run with --keylog to read the alert" : "an unassigned code",
			    a ? a->area : "versions", c->server);
		break;
	}
	case CAP_CLIENT_ALERT: {
		const char *cause;
		enum finding_id id = client_alert_finding(c->alert, &cause);
		f = report_add(r, id, idx, st);
		if (c->alert >= 0)
			finding_title(f, "the client refuses %s with alert %s(%d): %s", c->server, alert_name(c->alert), c->alert, cause);
		else
			finding_title(f, "the client aborts the handshake with %s after its %s (encrypted alert)", c->server,
				      c->after[0] ? c->after : "flight");
		finding_evidence(f, "%s", t->reason);
		if (id == F_CHAIN_CLIENT_REJECTED)
			finding_fix(f, "Send the full chain (leaf + intermediates) and use a CA the clients trust;\n"
				    "run `tlswiz wizard chain %s`.", c->server);
		else if (id == F_CERT_CLIENT_REJECTED)
			finding_fix(f, "Renew or replace the server certificate; run `tlswiz wizard certificates %s`.", c->server);
		else if (id == F_CIPHER_CLIENT_REJECTED)
			finding_fix(f, "Use a 2048-bit (or larger) DH group or ECDHE, and SHA-256+ signatures;\n"
				    "run `tlswiz wizard ciphers %s`.", c->server);
		else
			finding_fix(f, "%s", c->alert < 0 ? "Run again with --keylog FILE (SSLKEYLOGFILE of the client) to read the alert."
							  : "See the client's own log for the reason; run `tlswiz diagnose` on the server.");
		break;
	}
	case CAP_STALL:
		f = report_add(r, shared_finding(c->end), idx, st);
		finding_title(f, "the handshake with %s stops midway", c->server);
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Lost large packets (path MTU) or a middlebox: run `tlswiz wizard firewall %s`.", c->server);
		break;
	case CAP_CUT:
		f = report_add(r, F_NET_CAPTURE_ENDS, idx, st);
		finding_title(f, "the capture does not show how the connection to %s ends", c->server);
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Capture longer (or on both sides of the path), with a full snap length (-s 0).");
		break;
	}
}
