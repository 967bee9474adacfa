/* scan.c — raw hellos on the wire (see scan.h). One connection per attempt; the reply
 * is parsed as records until a ServerHello, a HelloRetryRequest, an alert, an SSLv2
 * SERVER-HELLO, or something that is not TLS. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "alert.h"
#include "hello.h"
#include "ladder.h"
#include "net.h"
#include "probe.h"
#include "record.h"
#include "scan.h"
#include "suites.h"
#include "target.h"
#include "text.h"
#include "trace.h"

#define READ_CAP (64 * 1024)
#define READ_START (8 * 1024)	/* first allocation; doubles up to READ_CAP */
#define ENUM_CAP 128		/* connections per version, whatever the server claims */
#define ENUM_PARTS 4		/* shares of the offer enumerated side by side */
#define ENUM_PART_MIN 12	/* fewer suites left than this: one share is fast enough */
#define ENUM_SEQ 8		/* accepted one after the other before the shares start */

const char *scan_version_name(unsigned v)
{
	return v == 0x0200 ? "SSLv2" : tls_version_name(v);
}

bool scan_possible(const struct target *t)
{
	return !t->proxy[0] && !t->starttls[0];
}

static const unsigned offer_groups[] = { 0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101 };
#define SKE_GRACE_MS 50		/* after a ServerHello (plus twice its time), for the rest of its flight */

size_t scan_suites_for(unsigned version, unsigned *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < suite_count() && n < max; i++) {
		const struct suite_info *s = suite_at(i);
		if (s->flags & (SF_SCSV | SF_PSK | SF_SRP) || !strcmp(s->kx, "KRB5") || !strcmp(s->kx, "NULL"))
			continue;
		if (version == 0x0304 ? !(s->flags & SF_TLS13) : (s->flags & SF_TLS13) != 0)
			continue;
		if (version < 0x0303 && (s->flags & SF_TLS12))
			continue;
		out[n++] = s->id;
	}
	return n;
}

long scan_build(const struct target *t, unsigned version, const unsigned *suites, size_t nsuites,
		unsigned char *buf, size_t cap)
{
	unsigned all[512];
	static const unsigned v13[] = { 0x0304 };
	struct hello_spec s = { 0 };

	if (!suites) {
		nsuites = scan_suites_for(version, all, sizeof all / sizeof all[0]);
		suites = all;
	}
	s.suites = suites;
	s.nsuites = nsuites;
	s.sni = t ? target_sni(t) : NULL;
	s.groups = offer_groups;
	s.ngroups = sizeof offer_groups / sizeof offer_groups[0];
	s.share_groups = 2;
	if (version == 0x0300) {
		s.legacy_version = 0x0300;
		s.record_version = 0x0300;
		s.no_extensions = true;
	} else if (version == 0x0304) {
		s.legacy_version = 0x0303;
		s.versions = v13;
		s.nversions = 1;
	} else {
		s.legacy_version = version;
	}
	return hello_build_client(&s, buf, cap);
}

/* The reply, parsed as it arrives: records are consumed once (so a warning alert is one
 * ladder step however often we look), handshake bytes gathered across records. */
struct reader {
	size_t off;		/* bytes of the stream consumed as whole records */
	unsigned char *hs;	/* handshake bytes, at most READ_CAP */
	size_t hscap;		/* allocated (grows: most replies fit the first block) */
	size_t hsn, hs_off;	/* gathered; start of the next message */
	bool sh_done;		/* a ServerHello was read (want_ske: keep going) */
	bool want_ske;
	char kx[16];		/* the chosen suite's key exchange, for the ServerKeyExchange */
	unsigned warnings;
};

static int fail(struct scan_result *r, enum outcome o, const char *fmt, const char *arg)
{
	r->outcome = o;
	snprintf(r->reason, sizeof r->reason, fmt, arg);
	return 1;
}

static int ssl2_reply(const unsigned char *b, size_t n, struct scan_result *r, struct trace *tr, double t_ms)
{
	struct hello_ssl2_server sh;
	int v = hello_parse_ssl2_server_full(b, n, &sh);
	if (v == -2)
		return 0;
	if (v < 0) {
		unsigned kinds = 0;
		if (hello_parse_ssl2_server(b, n, &kinds) != 1)
			return -1;
		sh.nkinds = 0;
		sh.record_len = n;
	}
	r->ssl2 = true;
	r->version = 0x0200;
	r->outcome = OUTCOME_OK;
	r->nssl2_kinds = sh.nkinds < 8 ? sh.nkinds : 8;
	memcpy(r->ssl2_kinds, sh.kinds, r->nssl2_kinds * sizeof sh.kinds[0]);
	if (r->nssl2_kinds) {
		const struct ssl2_kind *k = ssl2_kind_info(sh.kinds[0]);
		r->suite = sh.kinds[0];
		trace_add_step(tr, t_ms, DIR_S2C, LAYER_HANDSHAKE, (unsigned)sh.record_len, "SERVER-HELLO",
			       "SSLv2, %zu cipher kinds, first %s", sh.nkinds, k ? k->openssl : "unknown");
	} else {
		trace_add_step(tr, t_ms, DIR_S2C, LAYER_HANDSHAKE, (unsigned)n, "SERVER-HELLO", "SSLv2");
	}
	snprintf(r->reason, sizeof r->reason, "the server answers in SSLv2");
	return 1;
}

/* A ladder step worded by ladder.c, at t_ms. */
static void add_step(struct trace *tr, double t_ms, const struct step *st)
{
	trace_add_step(tr, t_ms, st->dir, st->layer, st->bytes, st->name, "%s", st->summary);
}

/* One complete handshake message. 1 decided, 0 go on. */
static int hs_message(struct reader *st, const unsigned char *m, size_t mlen, unsigned type, struct scan_result *r,
		      struct trace *tr, double t_ms)
{
	struct hello_server sh;
	const struct suite_info *si;
	struct ladder_facts f;
	struct step step;

	ladder_message(type, m, mlen, DIR_S2C, r->version, st->sh_done ? st->kx : NULL, &step, &f);
	if (st->sh_done) {
		add_step(tr, t_ms, &step);
		if (type == 12) {
			r->curve = f.ske.curve;
			r->dh_bits = f.ske.dh_bits;
			if (f.ske.dh_bits)
				tr->neg.dh_bits = (int)f.ske.dh_bits;
			return 1;
		}
		return type == 14 ? 1 : 0;	/* ServerHelloDone: no key exchange message came */
	}
	if (type != 2) {
		snprintf(step.summary, sizeof step.summary, "instead of a ServerHello");
		add_step(tr, t_ms, &step);
		return fail(r, OUTCOME_TLS_ERROR, "%s instead of a ServerHello", record_hs_name((int)type));
	}
	add_step(tr, t_ms, &step);
	if (!f.parsed)
		return fail(r, OUTCOME_TLS_ERROR, "%s", "a malformed ServerHello");
	sh = f.sh;
	r->version = sh.version;
	r->suite = sh.suite;
	r->group = sh.group;
	r->hrr = sh.hrr;
	r->outcome = OUTCOME_OK;
	snprintf(r->reason, sizeof r->reason, "%s %s", scan_version_name(sh.version), suite_name(sh.suite));
	st->sh_done = true;
	si = suite_info(sh.suite);
	if (!st->want_ske || sh.hrr || sh.version >= 0x0304 || !si || (strcmp(si->kx, "ECDHE") && strcmp(si->kx, "DHE")))
		return 1;
	snprintf(st->kx, sizeof st->kx, "%s", si->kx);
	return 0;
}

/* What the bytes so far say. 1 decided, 0 need more. */
static int decide(struct reader *st, const unsigned char *b, size_t n, struct scan_result *r, struct trace *tr,
		  double t_ms)
{
	if (!n)
		return 0;
	if (st->off == 0 && !st->sh_done && (b[0] & 0x80)) {
		int v = ssl2_reply(b, n, r, tr, t_ms);
		if (v >= 0)
			return v;
	}
	if (st->off == 0 && (b[0] < 0x14 || b[0] > 0x18)) {
		char text[64];
		text_sanitize(text, sizeof text, b, n < 40 ? n : 40);
		trace_add_step(tr, t_ms, DIR_S2C, LAYER_APP, (unsigned)n, "not TLS", "%s", text);
		snprintf(tr->first_text, sizeof tr->first_text, "%s", text);
		tr->banner = net_banner(b, n);
		return fail(r, OUTCOME_NOT_TLS, "the reply is not TLS: \"%s\"", text);
	}
	while (st->off + 5 <= n) {
		const unsigned char *h = b + st->off;
		unsigned type = h[0], len = (unsigned)h[3] << 8 | h[4];
		if (len > RECORD_MAX_LEN || type < 0x14 || type > 0x18) {
			trace_add_step(tr, t_ms, DIR_S2C, LAYER_RECORD, 5, "bad record", "type %u, %u bytes claimed", type, len);
			if (st->sh_done)
				return 1;
			r->outcome = OUTCOME_TLS_ERROR;
			snprintf(r->reason, sizeof r->reason, "a malformed record (type %u, %u bytes claimed)", type, len);
			return 1;
		}
		if (st->off + 5 + len > n)
			return 0;
		st->off += 5 + len;
		if (type == 21 && len >= 2) {
			char name[48];
			int level = h[5], desc = h[6];
			snprintf(name, sizeof name, "alert %s(%d)", alert_name(desc), desc);
			/* RFC 5246 7.2: a warning (other than close_notify) does not end the handshake */
			if (level == 1 && desc != 0 && st->warnings < 8) {
				st->warnings++;
				trace_add_step(tr, t_ms, DIR_S2C, LAYER_ALERT, len + 5, name, "warning, the handshake goes on");
				continue;
			}
			trace_add_step(tr, t_ms, DIR_S2C, LAYER_ALERT, len + 5, name, "%s",
				       alert_lookup(desc) ? alert_lookup(desc)->meaning : "unassigned code");
			if (st->sh_done)
				return 1;	/* the ServerHello stands; what followed is noted */
			r->alert = desc;
			tr->alert_level = level;
			r->outcome = OUTCOME_ALERT;
			snprintf(r->reason, sizeof r->reason, "the server refused with alert %s(%d)", alert_name(desc), desc);
			return 1;
		}
		if (type != 22) {
			trace_add_step(tr, t_ms, DIR_S2C, LAYER_RECORD, len + 5, record_type_name(type),
				       st->sh_done ? "after the ServerHello" : "before any ServerHello");
			if (st->sh_done)
				return 1;
			return fail(r, OUTCOME_TLS_ERROR, "a %s record before the ServerHello", record_type_name(type));
		}
		if (st->hsn + len > READ_CAP)
			return st->sh_done ? 1 : fail(r, OUTCOME_TLS_ERROR, "%s", "more than 64 KiB of handshake");
		if (st->hsn + len > st->hscap) {
			size_t cap = st->hscap;
			unsigned char *p;
			while (cap < st->hsn + len)
				cap *= 2;
			if (!(p = realloc(st->hs, cap)))
				return fail(r, OUTCOME_LOCAL, "%s", "out of memory");
			st->hs = p;
			st->hscap = cap;
		}
		memcpy(st->hs + st->hsn, h + 5, len);
		st->hsn += len;
		while (st->hsn - st->hs_off >= 4) {
			const unsigned char *m = st->hs + st->hs_off;
			size_t mlen = (size_t)m[1] << 16 | (size_t)m[2] << 8 | m[3];
			int k;
			if (mlen > READ_CAP - 4) {
				if (st->sh_done)
					return 1;
				snprintf(r->reason, sizeof r->reason, "a handshake message claiming %zu bytes", mlen);
				r->outcome = OUTCOME_TLS_ERROR;
				return 1;
			}
			if (st->hsn - st->hs_off < 4 + mlen)
				break;
			st->hs_off += 4 + mlen;
			k = hs_message(st, m + 4, mlen, m[0], r, tr, t_ms);
			if (k)
				return k;
		}
	}
	return 0;
}

/* The hello as sent: bytes are the whole record. */
static void hello_step(struct trace *tr, double t_ms, const unsigned char *hello, size_t n)
{
	struct ladder_facts *f = calloc(1, sizeof *f);
	struct step st;
	if (f && n > 9 && hello[0] == 0x16) {
		ladder_message(1, hello + 9, n - 9, DIR_C2S, 0, NULL, &st, f);
		st.bytes = (unsigned)n;
		add_step(tr, t_ms, &st);
	} else
		trace_add_step(tr, t_ms, DIR_C2S, LAYER_HANDSHAKE, (unsigned)n, hello[0] & 0x80 ? "CLIENT-HELLO" : "ClientHello",
			       "raw %s", hello[0] & 0x80 ? "SSLv2" : "hello");
	free(f);
}

int scan_on_fd(int fd, const unsigned char *hello, size_t n, int timeout_ms, const volatile int *cancel,
	       unsigned flags, struct scan_result *r, struct trace *tr, double t0)
{
	struct reader st = { .want_ske = (flags & SCAN_WANT_SKE) != 0 };
	size_t cap = READ_START, got = 0;
	unsigned char *buf = malloc(cap);
	double deadline;

	memset(r, 0, sizeof *r);
	r->alert = -1;
	r->outcome = OUTCOME_LOCAL;
	if (!t0)
		t0 = net_now_ms();
	st.hscap = READ_START;
	st.hs = malloc(st.hscap);
	if (!buf || !st.hs) {
		snprintf(r->reason, sizeof r->reason, "out of memory");
		goto out;
	}
	if (timeout_ms <= 0)
		timeout_ms = 5000;
	hello_step(tr, net_now_ms() - t0, hello, n);
	deadline = net_now_ms() + timeout_ms;
	if (net_send_all(fd, hello, n, deadline, cancel) < 0) {
		r->outcome = OUTCOME_RESET;
		snprintf(r->reason, sizeof r->reason, "the connection closed while sending the hello");
		goto out;
	}
	r->bytes_out = (unsigned)n;
	for (int rounds = 0;; rounds++) {
		int w;
		ssize_t k;
		bool had_sh = st.sh_done;
		if (decide(&st, buf, got, r, tr, net_now_ms() - t0))
			break;
		if (st.sh_done && !had_sh) {
			/* The ServerKeyExchange travels in the ServerHello's flight: a server that
			 * stops after the ServerHello gets a short grace, not the whole timeout. */
			double grace = net_now_ms() + SKE_GRACE_MS + 2 * (net_now_ms() - t0);
			if (grace < deadline)
				deadline = grace;
		}
		if (got >= READ_CAP || rounds > 4096) {
			if (!st.sh_done) {
				r->outcome = OUTCOME_TLS_ERROR;
				snprintf(r->reason, sizeof r->reason, "more than %d KiB without a ServerHello", READ_CAP / 1024);
			}
			break;
		}
		w = net_wait(fd, POLLIN, deadline, cancel);
		if (w < 0) {
			r->outcome = OUTCOME_CANCELLED;
			snprintf(r->reason, sizeof r->reason, "cancelled");
			break;
		}
		if (w == 0) {
			if (st.sh_done) {
				trace_add_step(tr, net_now_ms() - t0, DIR_LOCAL, LAYER_TCP, 0, "timeout",
					       "no ServerKeyExchange after the ServerHello");
				break;
			}
			trace_add_step(tr, net_now_ms() - t0, DIR_LOCAL, LAYER_TCP, 0, "timeout", "no %s in %d ms",
				       got ? "complete reply" : "reply", timeout_ms);
			r->outcome = got ? OUTCOME_STALL : OUTCOME_SILENCE;
			snprintf(r->reason, sizeof r->reason, got ? "the reply stopped midway" : "no reply to the hello");
			break;
		}
		if (got == cap) {
			unsigned char *p = realloc(buf, cap * 2);
			if (!p) {
				r->outcome = OUTCOME_LOCAL;
				snprintf(r->reason, sizeof r->reason, "out of memory");
				break;
			}
			buf = p;
			cap *= 2;
		}
		k = recv(fd, buf + got, cap - got, 0);
		if (k > 0) {
			if (!got) {
				size_t c = (size_t)k < sizeof tr->first_bytes ? (size_t)k : sizeof tr->first_bytes;
				memcpy(tr->first_bytes, buf, c);
				tr->nfirst = c;
			}
			got += (size_t)k;
			continue;
		}
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (k < 0)
			tr->sys_errno = errno;
		trace_add_step(tr, net_now_ms() - t0, DIR_S2C, LAYER_TCP, 0, k == 0 ? "FIN" : "RST",
			       k == 0 ? "the server closed the connection" : "connection reset");
		if (st.sh_done)
			break;
		r->outcome = k == 0 ? OUTCOME_EOF : OUTCOME_RESET;
		snprintf(r->reason, sizeof r->reason, k == 0 ? "the server closed the connection without a TLS reply"
							    : "the connection was reset after the hello");
		break;
	}
	r->bytes_in = (unsigned)got;
out:
	r->ms = net_now_ms() - t0;
	tr->bytes_out = r->bytes_out;
	tr->bytes_in = r->bytes_in;
	tr->server_hello_seen = r->outcome == OUTCOME_OK;
	if (r->outcome == OUTCOME_OK) {
		tr->neg.version = r->version;
		tr->neg.suite = r->suite;
		snprintf(tr->neg.version_name, sizeof tr->neg.version_name, "%s", scan_version_name(r->version));
		snprintf(tr->neg.suite_name, sizeof tr->neg.suite_name, "%s", r->ssl2 ? "SSLv2" : suite_name(r->suite));
		if (r->group || r->curve)
			snprintf(tr->neg.group, sizeof tr->neg.group, "%s", group_name(r->group ? r->group : r->curve));
	}
	if (r->alert >= 0)
		tr->alert = r->alert;
	tr->total_ms = r->ms;
	trace_set_outcome(tr, r->outcome, "%s", r->reason);
	free(st.hs);
	free(buf);
	return r->outcome == OUTCOME_OK ? 0 : -1;
}

static struct trace *hello_once(const struct target *t, const char *label, const unsigned char *hello, size_t n,
				int timeout_ms, const volatile int *cancel, unsigned flags, struct scan_result *r);

/* One connection slot (net.h) per raw attempt, shared with the engine's probes. */
struct trace *scan_hello_ex(const struct target *t, const char *label, const unsigned char *hello, size_t n,
			    int timeout_ms, const volatile int *cancel, unsigned flags, struct scan_result *r)
{
	bool slot = net_slot_acquire(cancel) == 0;
	struct trace *tr = hello_once(t, label, hello, n, timeout_ms, cancel, flags, r);
	if (slot)
		net_slot_release();
	return tr;
}

static struct trace *hello_once(const struct target *t, const char *label, const unsigned char *hello, size_t n,
				int timeout_ms, const volatile int *cancel, unsigned flags, struct scan_result *r)
{
	struct trace *tr = trace_new(label);
	struct net_resolved res;
	const char *dest = t->connect_to[0] ? t->connect_to : t->host;
	double t0 = net_now_ms();
	enum outcome oc;
	int fd, err;

	memset(r, 0, sizeof *r);
	r->alert = -1;
	r->outcome = OUTCOME_LOCAL;
	if (timeout_ms <= 0)
		timeout_ms = t->timeout_ms > 0 ? t->timeout_ms : 5000;
	if (net_resolve(dest, t->port, t->family, timeout_ms, &res) < 0) {
		trace_add_step(tr, res.ms, DIR_LOCAL, LAYER_DNS, 0, "DNS", "%s: %s", dest, res.error);
		r->outcome = OUTCOME_DNS;
		snprintf(r->reason, sizeof r->reason, "%s does not resolve", dest);
		trace_set_outcome(tr, r->outcome, "%s", r->reason);
		return tr;
	}
	tr->dns_ms = res.ms;
	tr->naddrs = (unsigned)res.n;
	snprintf(tr->addr, sizeof tr->addr, res.addrs[0].family == 10 ? "[%s]:%u" : "%s:%u", res.addrs[0].text, t->port);
	snprintf(tr->sni, sizeof tr->sni, "%s", target_sni(t));
	trace_add_step(tr, net_now_ms() - t0, DIR_C2S, LAYER_TCP, 0, "SYN", "connect to %s", tr->addr);
	fd = net_connect(&res.addrs[0], timeout_ms, &oc, &err, cancel);
	if (fd < 0) {
		trace_add_step(tr, net_now_ms() - t0, DIR_S2C, LAYER_TCP, 0, oc == OUTCOME_REFUSED ? "RST" : "timeout",
			       "%s", net_errno_words(err));
		r->outcome = oc;
		r->ms = net_now_ms() - t0;
		tr->sys_errno = err;
		snprintf(r->reason, sizeof r->reason, "%s", net_errno_words(err));
		trace_set_outcome(tr, r->outcome, "%s", r->reason);
		return tr;
	}
	tr->connect_ms = net_now_ms() - t0;
	trace_add_step(tr, net_now_ms() - t0, DIR_S2C, LAYER_TCP, 0, "SYN-ACK", "connected");
	scan_on_fd(fd, hello, n, timeout_ms, cancel, flags, r, tr, t0);
	close(fd);
	return tr;
}

struct trace *scan_hello(const struct target *t, const char *label, const unsigned char *hello, size_t n,
			 int timeout_ms, const volatile int *cancel, struct scan_result *r)
{
	return scan_hello_ex(t, label, hello, n, timeout_ms, cancel, 0, r);
}

static bool has(const unsigned *l, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] == v)
			return true;
	return false;
}

/* SSLv2: the SERVER-HELLO lists every kind the server has in common with the client. */
static void enumerate_ssl2(const struct target *t, int timeout_ms, const volatile int *cancel, struct scan_enum *out,
			   struct trace **first)
{
	unsigned char hello[512];
	struct scan_result r;
	struct trace *tr;
	long n = hello_build_ssl2(hello, sizeof hello);

	if (n < 0)
		return;
	tr = scan_hello(t, "SSLv2 raw", hello, (size_t)n, timeout_ms, cancel, &r);
	out->conns++;
	if (r.outcome == OUTCOME_OK && r.ssl2) {
		for (size_t i = 0; i < r.nssl2_kinds; i++)
			out->accepted[out->naccepted++] = r.ssl2_kinds[i];
		out->sh_seen = true;
	} else {
		out->refused = true;
		out->refusal = r.outcome;
		out->refusal_alert = r.alert;
		snprintf(out->why, sizeof out->why, "%s", r.outcome == OUTCOME_OK ? "the server answered in TLS" : r.reason);
	}
	if (first)
		*first = tr;
	else
		trace_free(tr);
}

/* Who is asked what: the target, the version offered, the deadline per connection and
 * the cancel flag, shared by every hello of one version's enumeration. */
struct enum_ask {
	const struct target *t;
	unsigned version;
	int timeout_ms;
	const volatile int *cancel;
};

/* The smallest DHE group seen so far (0: none yet). */
static void keep_smaller(unsigned *have, unsigned seen)
{
	if (seen && (!*have || seen < *have))
		*have = seen;
}

struct pref_job;
static void pref_ask(struct pref_job *pj, const struct scan_enum *out, bool side_by_side);

/* Offer remaining, strike the suite the server picks, repeat until it refuses. Appends to
 * out->accepted; first (when not NULL and empty) keeps the first attempt's ladder; pj
 * (when not NULL) gets the preference question once two suites are known. */
/* An answer that is no answer: the connection was lost, not refused. Once the server
 * has accepted something, such an end is retried once; a second loss cuts the list. */
static bool lost(const struct scan_result *r)
{
	return r->outcome == OUTCOME_RESET || r->outcome == OUTCOME_SILENCE || r->outcome == OUTCOME_EOF ||
	       r->outcome == OUTCOME_STALL;
}

static void strike_loop(const struct enum_ask *a, unsigned *remaining, size_t *pnrem, unsigned cap,
			struct scan_enum *out, struct trace **first, struct pref_job *pj)
{
	bool retried = false;
	const struct target *t = a->t;
	unsigned version = a->version;
	int timeout_ms = a->timeout_ms;
	const volatile int *cancel = a->cancel;
	unsigned char hello[4096];
	size_t nrem = *pnrem;

	while (nrem && out->conns < cap && !net_cancelled(cancel)) {
		struct scan_result r;
		struct trace *tr;
		long n = scan_build(t, version, remaining, nrem, hello, sizeof hello);
		size_t k;
		if (n < 0)
			break;
		/* the ServerKeyExchange travels in the same flight: reading on to it costs no
		 * round trip and gives the DHE group size */
		tr = scan_hello_ex(t, "enumerate", hello, (size_t)n, timeout_ms, cancel, SCAN_WANT_SKE, &r);
		out->conns++;
		if (first && !*first) {
			snprintf(tr->label, sizeof tr->label, "%s raw", scan_version_name(version));
			*first = tr;
		} else {
			trace_free(tr);
		}
		if (r.outcome == OUTCOME_OK && r.version != version && !r.hrr &&
		    (r.version > version || version == 0x0304 || out->naccepted)) {
			/* RFC 5246 E.1 / RFC 8446 4.2.1: never above what the client offered */
			out->violation = true;
			snprintf(out->violation_text, sizeof out->violation_text,
				 "offered %s only, the server answered %s with %s", scan_version_name(version),
				 scan_version_name(r.version), suite_name(r.suite));
		}
		if (lost(&r) && out->naccepted && !net_cancelled(cancel)) {
			if (!retried) {
				retried = true;
				continue;
			}
			out->cut = true;
			snprintf(out->cut_why, sizeof out->cut_why, "after %zu suites: %s (twice)", out->naccepted, r.reason);
			break;
		}
		if (r.outcome != OUTCOME_OK || (r.version != version && !r.hrr)) {
			if (!out->naccepted) {
				out->refused = true;
				out->refusal = r.outcome;
				out->refusal_alert = r.alert;
				if (r.outcome == OUTCOME_OK)
					snprintf(out->why, sizeof out->why, "the server answered with %s instead",
						 scan_version_name(r.version));
				else
					snprintf(out->why, sizeof out->why, "%s", r.reason);
			}
			break;
		}
		out->sh_seen |= !r.hrr;	/* a ServerHello for this version, whatever its suite */
		if (!has(remaining, nrem, r.suite)) {
			/* a suite we did not offer (or offered no more): never loop on a liar */
			out->capped = true;
			out->violation = true;
			snprintf(out->violation_text, sizeof out->violation_text, "the server chose %s, %s",
				 suite_name(r.suite), has(out->accepted, out->naccepted, r.suite) ?
				 "already struck from the offer" : "which was not offered");
			break;
		}
		if (out->naccepted < sizeof out->accepted / sizeof out->accepted[0])
			out->accepted[out->naccepted++] = r.suite;
		keep_smaller(&out->dh_bits, r.dh_bits);
		for (k = 0; k < nrem && remaining[k] != r.suite; k++)
			;
		memmove(remaining + k, remaining + k + 1, (nrem - k - 1) * sizeof *remaining);
		nrem--;
		if (pj && out->naccepted == 2)
			pref_ask(pj, out, true);
	}
	if (out->conns >= cap)
		out->capped = true;
	*pnrem = nrem;
}

/* One share of the offer, enumerated in its own thread. */
struct part {
	struct enum_ask ask;
	unsigned suites[512];
	size_t n;
	struct scan_enum e;
	pthread_t th;
	bool started;
};

static void *part_thread(void *arg)
{
	struct part *p = arg;
	memset(&p->e, 0, sizeof p->e);
	strike_loop(&p->ask, p->suites, &p->n, ENUM_CAP / ENUM_PARTS, &p->e, NULL, NULL);
	return NULL;
}

/* One hello offering exactly offer: the suite the server picks (0: none); *conns counts. */
static unsigned pick(const struct enum_ask *a, const unsigned *offer, size_t n, unsigned *conns)
{
	unsigned char hello[4096];
	struct scan_result r;
	long len = scan_build(a->t, a->version, offer, n, hello, sizeof hello);

	if (len < 0 || net_cancelled(a->cancel))
		return 0;
	trace_free(scan_hello(a->t, "preference", hello, (size_t)len, a->timeout_ms, a->cancel, &r));
	(*conns)++;
	return r.outcome == OUTCOME_OK && r.version == a->version ? r.suite : 0;
}

/* The preference test, side by side with the rest of the enumeration: as soon as two
 * suites are known, offer them the other way round. A server with its own order picks
 * its favourite (the first pick) again; one that follows the client picks the second. */
struct pref_job {
	struct enum_ask ask;
	unsigned offer[2];
	unsigned pick;
	unsigned conns;
	pthread_t th;
	bool asked, started;
};

static void *pref_thread(void *arg)
{
	struct pref_job *pj = arg;
	pj->pick = pick(&pj->ask, pj->offer, 2, &pj->conns);
	return NULL;
}

/* Ask once: in its own thread when side_by_side (and a thread starts), else here. */
static void pref_ask(struct pref_job *pj, const struct scan_enum *out, bool side_by_side)
{
	if (pj->asked)
		return;
	pj->asked = true;
	pj->offer[0] = out->accepted[1];
	pj->offer[1] = out->accepted[0];
	pj->started = side_by_side && pthread_create(&pj->th, NULL, pref_thread, pj) == 0;
	if (!pj->started)
		pref_thread(pj);
}

/* Position in the registry's offer order (for sorting a client-order server's list). */
static size_t offer_pos(const unsigned *all, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++)
		if (all[i] == v)
			return i;
	return n;
}

void scan_enumerate(const struct target *t, unsigned version, int timeout_ms, const volatile int *cancel,
		    struct scan_enum *out, struct trace **first)
{
	unsigned remaining[512], all[512];
	size_t nrem = scan_suites_for(version, remaining, sizeof remaining / sizeof remaining[0]);
	size_t nall = nrem;
	bool partitioned = false;
	double t0 = net_now_ms();
	const struct enum_ask ask = { .t = t, .version = version, .timeout_ms = timeout_ms, .cancel = cancel };
	struct pref_job pj = { .ask = ask };

	memcpy(all, remaining, nrem * sizeof *remaining);
	memset(out, 0, sizeof *out);
	out->version = version;
	out->server_pref = -1;
	out->refusal_alert = -1;
	if (first)
		*first = NULL;
	if (version == 0x0200) {
		enumerate_ssl2(t, timeout_ms, cancel, out, first);
		out->ms = net_now_ms() - t0;
		return;
	}
	/* One hello after the other while the list is short (a refused version costs one
	 * connection, a server with five suites six); a server that keeps accepting gets the
	 * rest of the offer in ENUM_PARTS shares side by side (round-robin, so that blocks of
	 * related suites spread out): 30 suites take 8 + 6 rounds, not 31. */
	strike_loop(&ask, remaining, &nrem, ENUM_SEQ, out, first, &pj);
	if (out->capped && out->naccepted == ENUM_SEQ && !out->violation && nrem > ENUM_PART_MIN &&
	    !net_cancelled(cancel)) {
		struct part *parts = calloc(ENUM_PARTS, sizeof *parts);
		out->capped = false;
		if (parts) {
			partitioned = true;
			for (size_t i = 0; i < nrem; i++) {
				struct part *p = &parts[i % ENUM_PARTS];
				p->suites[p->n++] = remaining[i];
			}
			for (size_t i = 0; i < ENUM_PARTS; i++) {
				parts[i].ask = ask;
				parts[i].started = pthread_create(&parts[i].th, NULL, part_thread, &parts[i]) == 0;
				if (!parts[i].started)
					part_thread(&parts[i]);
			}
			for (size_t i = 0; i < ENUM_PARTS; i++) {
				struct scan_enum *e = &parts[i].e;
				if (parts[i].started)
					pthread_join(parts[i].th, NULL);
				out->conns += e->conns;
				for (size_t j = 0; j < e->naccepted && out->naccepted < 128; j++)
					out->accepted[out->naccepted++] = e->accepted[j];
				out->capped |= e->capped;
				out->sh_seen |= e->sh_seen;
				if (e->cut && !out->cut) {
					out->cut = true;
					snprintf(out->cut_why, sizeof out->cut_why, "%s", e->cut_why);
				}
				keep_smaller(&out->dh_bits, e->dh_bits);
				if (e->violation && !out->violation) {
					out->violation = true;
					snprintf(out->violation_text, sizeof out->violation_text, "%s", e->violation_text);
				}
			}
			free(parts);
			/* the sequential picks stay first; the rest in offer order until the order
			 * is known */
			for (size_t i = ENUM_SEQ + 1; i < out->naccepted; i++)
				for (size_t j = i; j > ENUM_SEQ && offer_pos(all, nall, out->accepted[j]) <
							 offer_pos(all, nall, out->accepted[j - 1]); j--) {
					unsigned x = out->accepted[j];
					out->accepted[j] = out->accepted[j - 1];
					out->accepted[j - 1] = x;
				}
		}
	} else if (out->capped && out->naccepted == ENUM_SEQ && !out->violation) {
		out->capped = false;
		strike_loop(&ask, remaining, &nrem, ENUM_CAP, out, first, &pj);
	}
	/* Preference: asked (pref_ask) as soon as two suites were known, and answered by now
	 * or soon. */
	if (pj.started)
		pthread_join(pj.th, NULL);
	else if (out->naccepted >= 2 && !net_cancelled(cancel))
		pref_ask(&pj, out, false);
	out->conns += pj.conns;
	if (out->naccepted >= 2 && !net_cancelled(cancel)) {
		size_t n = out->naccepted;
		if (pj.pick)
			out->server_pref = pj.pick == pj.offer[0] ? 0 : 1;
		if (out->server_pref == 1 && partitioned && n > 2) {
			/* the shares found the set, not the order: strike and repeat over the
			 * accepted suites only (the first pick is known) */
			unsigned rest[128], order[128];
			size_t nr = 0, no = 0;
			for (size_t i = 0; i < ENUM_SEQ; i++)
				order[no++] = out->accepted[i];
			for (size_t i = ENUM_SEQ; i < n; i++)
				rest[nr++] = out->accepted[i];
			while (nr > 1 && !net_cancelled(cancel) && out->conns < ENUM_CAP * 2) {
				unsigned c = pick(&ask, rest, nr, &out->conns);
				size_t k;
				if (!c || !has(rest, nr, c))
					break;
				order[no++] = c;
				for (k = 0; k < nr && rest[k] != c; k++)
					;
				memmove(rest + k, rest + k + 1, (nr - k - 1) * sizeof *rest);
				nr--;
			}
			if (nr == 1 || no == n) {
				if (nr == 1)
					order[no++] = rest[0];
				memcpy(out->accepted, order, n * sizeof *order);
			}
		}
	}
	out->ms = net_now_ms() - t0;
}

void scan_enumerate_groups(const struct target *t, int timeout_ms, const volatile int *cancel,
			   struct scan_groups *out)
{
	static const unsigned all[] = { 0x11ec, 0x11eb, 0x11ed, 0x6399, 0x001d, 0x001e, 0x0017, 0x0018, 0x0019,
					0x0100, 0x0101, 0x0102, 0x0103, 0x0104 };
	unsigned remaining[sizeof all / sizeof all[0]];
	size_t nrem = sizeof all / sizeof all[0];
	unsigned suites[8];
	size_t ns = scan_suites_for(0x0304, suites, 8);
	static const unsigned v13[] = { 0x0304 };
	unsigned char hello[8192];

	bool retried = false;

	memcpy(remaining, all, sizeof all);
	memset(out, 0, sizeof *out);
	while (nrem && out->conns < 24 && !net_cancelled(cancel)) {
		struct hello_spec s = { .legacy_version = 0x0303, .versions = v13, .nversions = 1, .suites = suites,
					.nsuites = ns, .groups = remaining, .ngroups = nrem, .share_groups = 1,
					.sni = target_sni(t) };
		struct scan_result r;
		long n = hello_build_client(&s, hello, sizeof hello);
		size_t k;
		if (n < 0)
			break;
		trace_free(scan_hello(t, "groups", hello, (size_t)n, timeout_ms, cancel, &r));
		out->conns++;
		if (lost(&r) && out->naccepted && !net_cancelled(cancel)) {
			if (!retried) {
				retried = true;
				continue;
			}
			out->cut = true;
			snprintf(out->cut_why, sizeof out->cut_why, "after %zu groups: %s (twice)", out->naccepted, r.reason);
			break;
		}
		if (r.outcome != OUTCOME_OK || !r.group || r.version != 0x0304)
			break;
		if (r.hrr)
			out->hrr++;
		for (k = 0; k < nrem && remaining[k] != r.group; k++)
			;
		if (k == nrem)
			break;	/* a group we did not offer: stop, never loop */
		out->accepted[out->naccepted++] = r.group;
		if (r.group == 0x11ec || r.group == 0x11eb || r.group == 0x11ed || r.group == 0x6399)
			out->hybrid = true;
		memmove(remaining + k, remaining + k + 1, (nrem - k - 1) * sizeof *remaining);
		nrem--;
	}
}
