/* versions.c — the versions wizard: which protocol versions the server accepts, each
 * offered alone, and whether a normal modern hello fails where a narrower one works
 * (intolerance). Mirrors "Mismatched SSL/TLS versions". SSLv2/SSLv3 need the raw hello
 * scanner (src/hello.c, issue 6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "enumerate.h"
#include "probe.h"
#include "trace.h"
#include "scan.h"
#include "wizard.h"

static const struct { enum trace_kind kind; const char *vers; unsigned wire; } versions[] = {
	{ TK_TLS10_ONLY, "TLS1.0", 0x0301 },
	{ TK_TLS11_ONLY, "TLS1.1", 0x0302 },
	{ TK_TLS12_ONLY, "TLS1.2", 0x0303 },
	{ TK_TLS13_ONLY, "TLS1.3", 0x0304 },
};
#define NVERS (sizeof versions / sizeof versions[0])

/* The enumeration in this run (report index wire - 0x0300) settles a version when a real
 * ServerHello came for it, or when it was refused in words: alert protocol_version,
 * handshake_failure or insufficient_security to a hello offering every suite, or a
 * ServerHello for another version. Silence, a reset or a HelloRetryRequest alone settle
 * nothing (the raw hello is large: an intolerant middlebox drops it); those versions get
 * a GnuTLS probe of their own. */
static bool settled(const struct enumeration *r, unsigned wire)
{
	return enumeration_settled(r, wire);
}

static size_t plan_versions(struct wctx *c, struct probe_req *reqs, size_t max)
{
	size_t n = 0;
	char prio[512];

	n += wiz_plan_default(c, reqs, max);
	for (size_t i = 0; i < NVERS && n < max; i++) {
		if (settled(wiz_scan(c), versions[i].wire))
			continue;
		/* The same key exchanges as the default, static RSA offered first: a server that
		 * follows the client's order then answers without a private-key signature, and
		 * the probe stops at the ServerHello (no decryption either). */
		snprintf(prio, sizeof prio, "%s:-VERS-ALL:+VERS-%s", PROBE_PRIORITY_RSA_FIRST, versions[i].vers);
		probe_req_init(&reqs[n], versions[i].kind, prio);
		reqs[n].o.stop_after_server_hello = true;
		n++;
	}
	return n;
}

static bool accepted(const struct trace *t, unsigned wire)
{
	return t && t->server_hello_seen && t->neg.version == wire &&
	       (t->outcome == OUTCOME_OK || t->outcome == OUTCOME_TLS_ERROR || t->outcome == OUTCOME_ALERT);
}

/* How a version was refused, in words: a ServerHello for an older version is an answer
 * too ("the server answered TLS1.1 instead"), not just a suite name. */
static const char *why_not(const struct trace *t, unsigned wire, char *buf, size_t len)
{
	if (!t)
		return "not run";
	if (t->server_hello_seen && t->neg.version && t->neg.version != wire)
		snprintf(buf, len, "the server answered %s instead (%s)", t->neg.version_name, t->neg.suite_name);
	else
		snprintf(buf, len, "%s", t->reason);
	return buf;
}

static const char *fix_modern =
	"Enable TLS1.2 and TLS1.3, disable older versions:\n"
	"  nginx:   ssl_protocols TLSv1.2 TLSv1.3;\n"
	"  Apache:  SSLProtocol -all +TLSv1.2 +TLSv1.3\n"
	"  HAProxy: ssl-default-bind-options ssl-min-ver TLSv1.2\n"
	"  Postfix: smtpd_tls_protocols = >=TLSv1.2";

/* No TLS version got a ServerHello of its own. Say why from the answers: an older
 * protocol instead (SSLv3); a hello refused as sharing no suite (a cipher problem, not a
 * version one); or every hello refused outright (only SSLv2, or nothing we speak). */
static enum step_state judge_none_accepted(struct wctx *c, const struct trace *def, struct trace *const *tv,
					   const int *iv)
{
	const struct trace *older = NULL;
	bool no_shared = false, answered = false, refused = true;
	struct finding *f;
	int at = -1;

	if (!def || trace_is_network_failure(def)) {
		wiz_note(c, "not run: no TLS reply to test versions on");
		return STATE_NOT_RUN;
	}
	for (size_t i = 0; i < NVERS; i++) {
		if (!tv[i])
			continue;
		answered = true;
		if (at < 0)
			at = iv[i];
		if (tv[i]->server_hello_seen && tv[i]->neg.version && tv[i]->neg.version < 0x0301 && !older)
			older = tv[i];
		if (tv[i]->outcome == OUTCOME_ALERT && ALERT_NO_SHARED(tv[i]->alert))
			no_shared = true;
		/* a refusal in words: protocol_version, or a ServerHello for another version */
		if (!(tv[i]->outcome == OUTCOME_ALERT && tv[i]->alert == ALERT_PROTOCOL_VERSION) &&
		    !(tv[i]->server_hello_seen && tv[i]->neg.version && tv[i]->neg.version != versions[i].wire))
			refused = false;
	}
	if (!answered) {
		wiz_note(c, "could not check: no version probe came back");
		return STATE_UNCHECKED;
	}
	if (!older && !no_shared && !refused) {
		/* garbage, resets, errors: no answer says which versions the server has */
		wiz_note(c, "could not check: no version probe got an answer about versions (%.120s)", def->reason);
		return STATE_UNCHECKED;
	}
	if (no_shared && !older) {
		f = wiz_add(c, F_CIPHER_NO_SHARED, at);
		finding_evidence(f, "a hello for each of TLS1.0-1.3 was refused with %s: no suite in common, so no version "
				 "could be agreed", def->reason);
		wiz_note(c, "every version refused for want of a common suite (see ciphers)");
		return STATE_FAILED;
	}
	f = wiz_add(c, F_VERSION_LEGACY_ONLY, at);
	if (older) {
		finding_title(f, "the server speaks only %s; current clients (TLS1.2+) cannot connect", older->neg.version_name);
		finding_evidence(f, "every TLS1.0-1.3 hello was answered with a %s ServerHello", older->neg.version_name);
	} else {
		finding_title(f, "the server accepts no TLS version (TLS1.0-1.3); current clients cannot connect");
		finding_evidence(f, "every TLS1.0-1.3 hello was refused with alert protocol_version: %s", def->reason);
	}
	finding_fix(f, "%s", fix_modern);
	wiz_note(c, "no TLS version accepted");
	return STATE_FAILED;
}

static enum step_state judge_versions(struct wctx *c)
{
	struct trace *tv[NVERS] = { 0 };
	int iv[NVERS];
	bool ok[NVERS];
	int didx;
	struct trace *def = wiz_default_trace(c, &didx);
	enum step_state st = STATE_PASSED;
	char list[64] = "";
	size_t o = 0;
	int any = 0;
	struct finding *f;
	char w2[200], w3[200];

	for (size_t i = 0; i < NVERS; i++) {
		/* this step's probe, else the enumeration's first hello for that version */
		tv[i] = report_find_trace(c->r, versions[i].kind, &iv[i]);
		if (tv[i])
			ok[i] = accepted(tv[i], versions[i].wire);
		else if (settled(wiz_scan(c), versions[i].wire)) {
			size_t k = versions[i].wire - 0x0300;
			iv[i] = wiz_scan(c)->trace[k];
			tv[i] = iv[i] >= 0 ? c->r->traces[iv[i]] : NULL;
			ok[i] = wiz_scan(c)->version_ok[k];
		} else
			ok[i] = false;
		if (ok[i]) {
			o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", any ? " " : "", versions[i].vers);
			any++;
		}
	}
	/* the firewall wizard may have proven intolerance (it runs first in diagnose): the
	 * versions verdict rests on it as when this wizard finds it alone */
	wiz_confirm(c, F_VERSION_INTOLERANCE);
	if (!any)
		return judge_none_accepted(c, def, tv, iv);
	wiz_note(c, "accepted: %s", list);
	if (ok[0]) {
		f = wiz_add(c, F_VERSION_TLS10, iv[0]);
		finding_evidence(f, "a hello offering only TLS1.0 got ServerHello %s", tv[0]->neg.suite_name);
		finding_fix(f, "%s", fix_modern);
		st = STATE_WARNED;
	}
	if (ok[1]) {
		f = wiz_add(c, F_VERSION_TLS11, iv[1]);
		finding_evidence(f, "a hello offering only TLS1.1 got ServerHello %s", tv[1]->neg.suite_name);
		finding_fix(f, "%s", fix_modern);
		st = STATE_WARNED;
	}
	if (!ok[2]) {
		f = wiz_add(c, F_VERSION_NO_TLS12, iv[2]);
		finding_evidence(f, "a hello offering only TLS1.2: %s", why_not(tv[2], 0x0303, w2, sizeof w2));
		finding_fix(f, "%s", fix_modern);
		st = STATE_FAILED;
	}
	if (!ok[3]) {
		f = wiz_add(c, F_VERSION_NO_TLS13, iv[3]);
		finding_evidence(f, "a hello offering only TLS1.3: %s", why_not(tv[3], 0x0304, w3, sizeof w3));
		finding_fix(f, "%s\n(TLS1.3 needs OpenSSL 1.1.1+ / GnuTLS 3.6.5+ on the server.)", fix_modern);
	}
	if (!ok[2] && !ok[3]) {
		f = wiz_add(c, F_VERSION_LEGACY_ONLY, iv[2]);
		finding_title(f, "the server speaks only %s; current clients (TLS1.2+) cannot connect", list);
		finding_evidence(f, "accepted: %s; TLS1.2: %s", list, why_not(tv[2], 0x0303, w2, sizeof w2));
		finding_fix(f, "%s", fix_modern);
	}
	if (ok[3] && !ok[0] && !ok[1] && !ok[2]) {
		f = wiz_add(c, F_VERSION_TLS13_ONLY, iv[2]);
		finding_evidence(f, "TLS1.2-only hello: %s", why_not(tv[2], 0x0303, w2, sizeof w2));
		finding_fix(f, "Fine for modern clients; older ones (Java 8 before u261, Android < 10, Windows\n"
			    "before 11, OpenSSL 1.0.2) fail. If they matter, also enable TLS1.2:\n%s", fix_modern);
		if (st == STATE_PASSED)
			st = STATE_WARNED;
	}
	/* Intolerance: the broad hello failed while a single version works. */
	if (def && (def->outcome == OUTCOME_EOF || def->outcome == OUTCOME_RESET ||
		    def->outcome == OUTCOME_SILENCE || def->outcome == OUTCOME_ALERT) &&
	    (def->outcome != OUTCOME_ALERT || def->alert == ALERT_PROTOCOL_VERSION || def->alert == ALERT_ILLEGAL_PARAMETER ||
	     def->alert == ALERT_DECODE_ERROR)) {
		f = wiz_add(c, F_VERSION_INTOLERANCE, didx);
		finding_title(f, "the server fails a normal TLS1.3-capable hello but accepts %s alone", list);
		finding_evidence(f, "default hello (TLS1.0-1.3): %s; %s-only hello: accepted", def->reason, list);
		finding_fix(f, "An old server or middlebox (load balancer, firewall, IPS) cannot parse hellos\n"
			    "that offer TLS1.3 or are large. Upgrade its firmware/software or bypass TLS\n"
			    "inspection for this service. Modern browsers fail here; old clients work.");
		st = STATE_FAILED;
	}
	return st;
}

/* ---- SSLv2 and SSLv3: GnuTLS cannot offer them, raw hellos can ---- */

struct old_scan {
	struct trace *t2, *t3;
	struct scan_result r2, r3;
};

/* The enumeration in this run made both hellos already (c->arg, set under the lock). */
static size_t plan_old(struct wctx *c, struct probe_req *reqs, size_t max)
{
	c->arg = wiz_scan(c) && wiz_scan(c)->ssl2_tried;
	return 0;
}

static void *work_old(struct wctx *c)
{
	struct old_scan *o;
	unsigned char hello[4096];
	long n;

	if (c->arg)
		return NULL;
	o = calloc(1, sizeof *o);
	if (!o || !scan_possible(c->t))
		return o;
	n = scan_build(c->t, 0x0300, NULL, 0, hello, sizeof hello);
	if (n > 0)
		o->t3 = scan_hello(c->t, "SSLv3 only (raw)", hello, (size_t)n, 0, c->cancel, &o->r3);
	n = hello_build_ssl2(hello, sizeof hello);
	if (n > 0)
		o->t2 = scan_hello(c->t, "SSLv2 only (raw)", hello, (size_t)n, 0, c->cancel, &o->r2);
	return o;
}

static void drop_old(void *p)
{
	struct old_scan *o = p;
	if (o) {
		trace_free(o->t2);
		trace_free(o->t3);
	}
	free(o);
}

/* What the SSLv3 and SSLv2 hellos got, however they were made: accepted or not, the
 * trace (report index, -1 none) and the evidence; "not tried" when a hello was not sent. */
struct old_verdict {
	bool tried3, ssl3, tried2, ssl2;
	int i3, i2;
	char why3[240], why2[200];
};

static enum step_state judge_old_verdict(struct wctx *c, const struct old_verdict *v, const char *source)
{
	enum step_state st = STATE_PASSED;
	if (v->ssl3) {
		struct finding *f = wiz_add(c, F_VERSION_SSL3, v->i3);
		finding_title(f, "the server accepts SSLv3 (POODLE)");
		finding_evidence(f, "a raw SSLv3 hello (no extensions) got a ServerHello: %s", v->why3);
		finding_fix(f, "Disable SSLv3 everywhere: %s", "nginx ssl_protocols TLSv1.2 TLSv1.3;  Apache SSLProtocol -all +TLSv1.2 +TLSv1.3");
		st = STATE_FAILED;
	}
	if (v->ssl2) {
		struct finding *f = wiz_add(c, F_VERSION_SSL2, v->i2);
		finding_title(f, "the server speaks SSLv2 (DROWN)");
		finding_evidence(f, "an SSLv2 CLIENT-HELLO got an SSLv2 SERVER-HELLO%s", v->why2);
		finding_fix(f, "Disable SSLv2 on every service that shares this key (DROWN crosses servers); update the TLS library.");
		st = STATE_FAILED;
	}
	wiz_note(c, "SSLv3: %s; SSLv2: %s%s", v->tried3 ? (v->ssl3 ? "accepted" : "refused") : "not tried",
		 v->tried2 ? (v->ssl2 ? "accepted" : "refused") : "not tried", source);
	return st;
}

/* From the enumeration: its SSLv3 hello (every SSLv3 suite, no extensions) and its SSLv2
 * CLIENT-HELLO are the hellos this step would send. */
static enum step_state judge_old_enum(struct wctx *c)
{
	const struct enumeration *r = wiz_scan(c);
	struct old_verdict v = { .tried3 = true, .tried2 = true, .ssl3 = r->version_ok[0] && r->version_sh[0],
				 .ssl2 = r->ssl2_ok, .i3 = r->trace[0], .i2 = r->ssl2_trace };
	const struct trace *t3 = v.i3 >= 0 ? c->r->traces[v.i3] : NULL;

	snprintf(v.why3, sizeof v.why3, "%s; %zu SSLv3 suites accepted", t3 ? t3->reason : "", r->nsuites[0]);
	snprintf(v.why2, sizeof v.why2, " (%zu cipher kinds in common)", r->nssl2_kinds);
	return judge_old_verdict(c, &v, " (the enumeration's hellos)");
}

static enum step_state judge_old(struct wctx *c)
{
	struct old_scan *o = c->work;
	struct old_verdict v = { .i3 = -1, .i2 = -1 };
	enum step_state st;

	if (!o && wiz_scan(c) && wiz_scan(c)->ssl2_tried)
		return judge_old_enum(c);
	if (!o)
		return STATE_SKIPPED;
	c->work = NULL;
	if (!o->t2 && !o->t3) {
		wiz_note(c, "not scanned: raw hellos go direct, and this target uses a proxy or STARTTLS");
		free(o);
		return STATE_SKIPPED;
	}
	if (o->t3)
		v.i3 = report_add_trace(c->r, o->t3);
	if (o->t2)
		v.i2 = report_add_trace(c->r, o->t2);
	v.tried3 = o->t3 != NULL;
	v.tried2 = o->t2 != NULL;
	v.ssl3 = o->t3 && o->r3.outcome == OUTCOME_OK && o->r3.version == 0x0300;
	v.ssl2 = o->t2 && o->r2.ssl2;
	snprintf(v.why3, sizeof v.why3, "%s", o->r3.reason);
	st = judge_old_verdict(c, &v, "");
	free(o);
	return st;
}

static const struct wstep steps[] = {
	{ .title = "Versions accepted", .why = "Client and server must share a protocol version; old versions are disabled in current clients.",
	  .plan = plan_versions, .judge = judge_versions, .scan = WSCAN_READS },
	{ .title = "SSLv2 and SSLv3", .why = "Raw hellos for what current libraries cannot even offer: a server that still speaks them is broken by DROWN and POODLE.",
	  .plan = plan_old, .judge = judge_old, .work = work_old, .drop = drop_old, .scan = WSCAN_READS },
};

const struct wizard wizard_versions = {
	.name = "versions",
	.title = "Protocol versions",
	.summary = "which of TLS1.0-1.3 the server accepts; version intolerance",
	.area = "versions",
	.steps = WIZ_STEPS(steps),
};
