/* scan.c — raw hellos on the wire (see scan.h). One connection per attempt; the reply
 * is parsed as records until a ServerHello, a HelloRetryRequest, an alert, an SSLv2
 * SERVER-HELLO, or something that is not TLS. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "alert.h"
#include "hello.h"
#include "net.h"
#include "probe.h"
#include "record.h"
#include "scan.h"
#include "suites.h"
#include "text.h"
#include "trace.h"

#define READ_CAP (64 * 1024)
#define ENUM_CAP 128		/* connections per version, whatever the server claims */

const char *scan_version_name(unsigned v)
{
	return v == 0x0200 ? "SSLv2" : tls_version_name(v);
}

bool scan_possible(const struct target *t)
{
	return !t->proxy[0] && !t->starttls[0];
}

static const unsigned scan_groups[] = { 0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101 };

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
	s.sni = t ? probe_target_sni(t) : NULL;
	s.groups = scan_groups;
	s.ngroups = sizeof scan_groups / sizeof scan_groups[0];
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

/* What the bytes so far say. 1 decided, 0 need more. */
static int decide(const unsigned char *b, size_t n, struct scan_result *r, struct trace *tr, double t_ms)
{
	unsigned char hs[READ_CAP];
	size_t hsn = 0, off = 0;

	if (!n)
		return 0;
	if (b[0] & 0x80) {
		unsigned kinds = 0;
		int v = hello_parse_ssl2_server(b, n, &kinds);
		if (v < 0)
			return 0;
		if (v == 1) {
			r->ssl2 = true;
			r->version = 0x0200;
			r->outcome = OUTCOME_OK;
			trace_add_step(tr, t_ms, DIR_S2C, LAYER_HANDSHAKE, (unsigned)n, "SERVER-HELLO",
				       "SSLv2, %u cipher kinds", kinds);
			snprintf(r->reason, sizeof r->reason, "the server answers in SSLv2");
			return 1;
		}
	}
	if (b[0] < 0x14 || b[0] > 0x18) {
		char text[64];
		text_sanitize(text, sizeof text, b, n < 40 ? n : 40);
		trace_add_step(tr, t_ms, DIR_S2C, LAYER_APP, (unsigned)n, "not TLS", "%s", text);
		r->outcome = OUTCOME_NOT_TLS;
		snprintf(r->reason, sizeof r->reason, "the reply is not TLS: \"%s\"", text);
		return 1;
	}
	while (off + 5 <= n) {
		unsigned type = b[off], len = (unsigned)b[off + 3] << 8 | b[off + 4];
		if (len > 16384 + 2048) {
			trace_add_step(tr, t_ms, DIR_S2C, LAYER_RECORD, 5, "bad record", "record header claims %u bytes", len);
			r->outcome = OUTCOME_TLS_ERROR;
			snprintf(r->reason, sizeof r->reason, "a malformed record (%u bytes claimed)", len);
			return 1;
		}
		if (off + 5 + len > n)
			return 0;
		if (type == 21 && len >= 2) {
			char name[48];
			r->alert = b[off + 6];
			snprintf(name, sizeof name, "alert %s(%d)", alert_name(r->alert), r->alert);
			trace_add_step(tr, t_ms, DIR_S2C, LAYER_ALERT, len + 5, name, "%s",
				       alert_lookup(r->alert) ? alert_lookup(r->alert)->meaning : "unassigned code");
			r->outcome = OUTCOME_ALERT;
			snprintf(r->reason, sizeof r->reason, "the server refused with alert %s(%d)", alert_name(r->alert),
				 r->alert);
			return 1;
		}
		if (type != 22) {
			trace_add_step(tr, t_ms, DIR_S2C, LAYER_RECORD, len + 5, record_type_name(type), "before any ServerHello");
			r->outcome = OUTCOME_TLS_ERROR;
			snprintf(r->reason, sizeof r->reason, "a %s record before the ServerHello", record_type_name(type));
			return 1;
		}
		if (hsn + len > sizeof hs)
			len = (unsigned)(sizeof hs - hsn);
		memcpy(hs + hsn, b + off + 5, len);
		hsn += len;
		off += 5 + ((unsigned)b[off + 3] << 8 | b[off + 4]);
		if (hsn >= 4) {
			size_t mlen = (size_t)hs[1] << 16 | (size_t)hs[2] << 8 | hs[3];
			struct hello_server sh;
			if (hs[0] != 2) {
				trace_add_step(tr, t_ms, DIR_S2C, LAYER_HANDSHAKE, (unsigned)hsn, record_hs_name(hs[0]),
					       "instead of a ServerHello");
				r->outcome = OUTCOME_TLS_ERROR;
				snprintf(r->reason, sizeof r->reason, "%s instead of a ServerHello", record_hs_name(hs[0]));
				return 1;
			}
			if (mlen > READ_CAP - 4) {
				r->outcome = OUTCOME_TLS_ERROR;
				snprintf(r->reason, sizeof r->reason, "a ServerHello claiming %zu bytes", mlen);
				return 1;
			}
			if (hsn < 4 + mlen)
				continue;
			memset(&sh, 0, sizeof sh);
			if (hello_parse_server(hs + 4, mlen, &sh) < 0) {
				trace_add_step(tr, t_ms, DIR_S2C, LAYER_HANDSHAKE, (unsigned)mlen + 4, "ServerHello", "malformed");
				r->outcome = OUTCOME_TLS_ERROR;
				snprintf(r->reason, sizeof r->reason, "a malformed ServerHello");
				return 1;
			}
			r->version = sh.version;
			r->suite = sh.suite;
			r->group = sh.group;
			r->hrr = sh.hrr;
			r->outcome = OUTCOME_OK;
			trace_add_step(tr, t_ms, DIR_S2C, LAYER_HANDSHAKE, (unsigned)mlen + 4, sh.hrr ? "HelloRetryRequest" : "ServerHello",
				       "%s %s%s%s", scan_version_name(sh.version), suite_name(sh.suite),
				       sh.group ? " " : "", sh.group ? group_name(sh.group) : "");
			snprintf(r->reason, sizeof r->reason, "%s %s", scan_version_name(sh.version), suite_name(sh.suite));
			return 1;
		}
	}
	return 0;
}

struct trace *scan_hello(const struct target *t, const char *label, const unsigned char *hello, size_t n,
			 int timeout_ms, const volatile int *cancel, struct scan_result *r)
{
	struct trace *tr = trace_new(label);
	struct net_resolved res;
	const char *dest = t->connect_to[0] ? t->connect_to : t->host;
	unsigned char *buf;
	size_t got = 0;
	double t0 = net_now_ms(), deadline;
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
	snprintf(tr->addr, sizeof tr->addr, res.addrs[0].family == 10 ? "[%s]:%u" : "%s:%u", res.addrs[0].text, t->port);
	snprintf(tr->sni, sizeof tr->sni, "%s", probe_target_sni(t));
	trace_add_step(tr, net_now_ms() - t0, DIR_C2S, LAYER_TCP, 0, "SYN", "connect to %s", tr->addr);
	fd = net_connect(&res.addrs[0], timeout_ms, &oc, &err, cancel);
	if (fd < 0) {
		trace_add_step(tr, net_now_ms() - t0, DIR_S2C, LAYER_TCP, 0, oc == OUTCOME_REFUSED ? "RST" : "timeout",
			       "%s", net_errno_words(err));
		r->outcome = oc;
		snprintf(r->reason, sizeof r->reason, "%s", net_errno_words(err));
		trace_set_outcome(tr, r->outcome, "%s", r->reason);
		return tr;
	}
	trace_add_step(tr, net_now_ms() - t0, DIR_S2C, LAYER_TCP, 0, "SYN-ACK", "connected");
	{
		struct hello_client hc;
		memset(&hc, 0, sizeof hc);
		if (n > 9 && hello[0] == 0x16 && hello_parse_client(hello + 9, n - 9, &hc) == 0)
			trace_add_step(tr, net_now_ms() - t0, DIR_C2S, LAYER_HANDSHAKE, (unsigned)n, "ClientHello",
				       "raw: %s, %zu suites%s", scan_version_name(hc.nversions ? hc.versions[0] : hc.legacy_version),
				       hc.nsuites, hc.nextensions ? "" : ", no extensions");
		else
			trace_add_step(tr, net_now_ms() - t0, DIR_C2S, LAYER_HANDSHAKE, (unsigned)n,
				       hello[0] & 0x80 ? "CLIENT-HELLO" : "ClientHello", "raw %s", hello[0] & 0x80 ? "SSLv2" : "hello");
	}
	deadline = net_now_ms() + timeout_ms;
	if (net_send_all(fd, hello, n, deadline, cancel) < 0) {
		r->outcome = OUTCOME_RESET;
		snprintf(r->reason, sizeof r->reason, "the connection closed while sending the hello");
		trace_set_outcome(tr, r->outcome, "%s", r->reason);
		close(fd);
		return tr;
	}
	tr->bytes_out = (unsigned)n;
	buf = malloc(READ_CAP);
	for (;;) {
		int w;
		ssize_t k;
		if (!buf) {
			r->outcome = OUTCOME_LOCAL;
			break;
		}
		if (decide(buf, got, r, tr, net_now_ms() - t0))
			break;
		if (got >= READ_CAP) {
			r->outcome = OUTCOME_TLS_ERROR;
			snprintf(r->reason, sizeof r->reason, "more than %d KiB without a ServerHello", READ_CAP / 1024);
			break;
		}
		w = net_wait(fd, POLLIN, deadline, cancel);
		if (w < 0) {
			r->outcome = OUTCOME_CANCELLED;
			snprintf(r->reason, sizeof r->reason, "cancelled");
			break;
		}
		if (w == 0) {
			trace_add_step(tr, net_now_ms() - t0, DIR_LOCAL, LAYER_TCP, 0, "timeout", "no %s in %d ms",
				       got ? "complete reply" : "reply", timeout_ms);
			r->outcome = got ? OUTCOME_STALL : OUTCOME_SILENCE;
			snprintf(r->reason, sizeof r->reason, got ? "the reply stopped midway" : "no reply to the hello");
			break;
		}
		k = recv(fd, buf + got, READ_CAP - got, 0);
		if (k > 0) {
			got += (size_t)k;
			continue;
		}
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		trace_add_step(tr, net_now_ms() - t0, DIR_S2C, LAYER_TCP, 0, k == 0 ? "FIN" : "RST",
			       k == 0 ? "the server closed the connection" : "connection reset");
		r->outcome = k == 0 ? OUTCOME_EOF : OUTCOME_RESET;
		snprintf(r->reason, sizeof r->reason, k == 0 ? "the server closed the connection without a TLS reply"
							    : "the connection was reset after the hello");
		break;
	}
	tr->bytes_in = (unsigned)got;
	tr->server_hello_seen = r->outcome == OUTCOME_OK;
	if (r->outcome == OUTCOME_OK) {
		tr->neg.version = r->version;
		tr->neg.suite = r->suite;
		snprintf(tr->neg.version_name, sizeof tr->neg.version_name, "%s", scan_version_name(r->version));
		snprintf(tr->neg.suite_name, sizeof tr->neg.suite_name, "%s", r->ssl2 ? "SSLv2" : suite_name(r->suite));
	}
	if (r->alert >= 0)
		tr->alert = r->alert;
	tr->total_ms = net_now_ms() - t0;
	trace_set_outcome(tr, r->outcome, "%s", r->reason);
	free(buf);
	close(fd);
	return tr;
}

static bool has(const unsigned *l, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] == v)
			return true;
	return false;
}

void scan_enumerate(const struct target *t, unsigned version, int timeout_ms, const volatile int *cancel,
		    struct scan_enum *out, struct trace **first)
{
	unsigned remaining[512];
	size_t nrem = scan_suites_for(version, remaining, sizeof remaining / sizeof remaining[0]);
	unsigned char hello[4096];

	memset(out, 0, sizeof *out);
	out->version = version;
	out->server_pref = -1;
	if (first)
		*first = NULL;
	while (nrem && out->conns < ENUM_CAP && !(cancel && *cancel)) {
		struct scan_result r;
		struct trace *tr;
		long n = scan_build(t, version, remaining, nrem, hello, sizeof hello);
		size_t k;
		if (n < 0)
			break;
		tr = scan_hello(t, "enumerate", hello, (size_t)n, timeout_ms, cancel, &r);
		out->conns++;
		if (first && !*first) {
			char label[64];
			snprintf(label, sizeof label, "%s raw", scan_version_name(version));
			snprintf(tr->label, sizeof tr->label, "%s", label);
			*first = tr;
		} else {
			trace_free(tr);
		}
		if (r.outcome != OUTCOME_OK || (r.version != version && !r.hrr)) {
			if (!out->naccepted) {
				out->refused = true;
				if (r.outcome == OUTCOME_OK)
					snprintf(out->why, sizeof out->why, "the server answered with %s instead",
						 scan_version_name(r.version));
				else
					snprintf(out->why, sizeof out->why, "%s", r.reason);
			}
			break;
		}
		if (!has(remaining, nrem, r.suite)) {
			/* a suite we did not offer (or offered no more): never loop on a liar */
			out->capped = true;
			break;
		}
		if (out->naccepted < sizeof out->accepted / sizeof out->accepted[0])
			out->accepted[out->naccepted++] = r.suite;
		for (k = 0; k < nrem && remaining[k] != r.suite; k++)
			;
		memmove(remaining + k, remaining + k + 1, (nrem - k - 1) * sizeof *remaining);
		nrem--;
	}
	if (out->conns >= ENUM_CAP)
		out->capped = true;
	/* Preference: the accepted list offered in reverse. A server with its own order picks
	 * its favourite again; one that follows the client picks our first. */
	if (out->naccepted >= 2 && !(cancel && *cancel)) {
		unsigned rev[128];
		struct scan_result r;
		struct trace *tr;
		long n;
		for (size_t i = 0; i < out->naccepted; i++)
			rev[i] = out->accepted[out->naccepted - 1 - i];
		n = scan_build(t, version, rev, out->naccepted, hello, sizeof hello);
		if (n > 0) {
			tr = scan_hello(t, "preference", hello, (size_t)n, timeout_ms, cancel, &r);
			out->conns++;
			trace_free(tr);
			if (r.outcome == OUTCOME_OK)
				out->server_pref = r.suite == rev[0] ? 0 : 1;
		}
	}
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

	memcpy(remaining, all, sizeof all);
	memset(out, 0, sizeof *out);
	while (nrem && out->conns < 24 && !(cancel && *cancel)) {
		struct hello_spec s = { .legacy_version = 0x0303, .versions = v13, .nversions = 1, .suites = suites,
					.nsuites = ns, .groups = remaining, .ngroups = nrem, .share_groups = 1,
					.sni = probe_target_sni(t) };
		struct scan_result r;
		long n = hello_build_client(&s, hello, sizeof hello);
		size_t k;
		if (n < 0)
			break;
		trace_free(scan_hello(t, "groups", hello, (size_t)n, timeout_ms, cancel, &r));
		out->conns++;
		if (r.outcome != OUTCOME_OK || !r.group || r.version != 0x0304)
			break;
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
