/* ciphers.c — the ciphers wizard: legacy suites offered alone (RC4, 3DES, NULL), forward
 * secrecy, AEAD coverage, DH group size, no shared suite. Mirrors "Insecure cipher suites".
 * Full per-suite enumeration and client simulation come with the raw scanner (issue 6). */
#include <stdio.h>
#include <string.h>


#include "alert.h"
#include "clients.h"
#include "enumerate.h"
#include "probe.h"
#include "scan.h"
#include "suites.h"
#include "trace.h"
#include "wizard.h"

#define OLD_VERS "+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0"
/* static RSA first: a client-order server answers it without signing (cheap to ask) */
#define ALL_KX "+RSA:+ECDHE-RSA:+ECDHE-ECDSA:+DHE-RSA:+DHE-DSS"

static const struct {
	enum trace_kind kind;
	const char *prio;
} probes[] = {
	{ TK_RC4_ONLY, "NONE:" OLD_VERS ":+ARCFOUR-128:" ALL_KX ":+SHA1:+MD5:+SIGN-ALL:+GROUP-ALL:+COMP-NULL" },
	{ TK_3DES_ONLY, "NONE:" OLD_VERS ":+3DES-CBC:" ALL_KX ":+SHA1:+SIGN-ALL:+GROUP-ALL:+COMP-NULL" },
	{ TK_NULL_ONLY, "NONE:" OLD_VERS ":+NULL:+RSA:+ECDHE-RSA:+ECDHE-ECDSA:+SHA1:+SHA256:+MD5:+SIGN-ALL:+GROUP-ALL:+COMP-NULL" },
	{ TK_PFS_ONLY, "NORMAL:+VERS-TLS1.0:+VERS-TLS1.1:-RSA:+3DES-CBC:+ARCFOUR-128:+DHE-DSS:+SIGN-ALL" },
	{ TK_AEAD_ONLY, "NORMAL:+VERS-TLS1.0:+VERS-TLS1.1:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:+AES-128-CCM:+AES-256-CCM:+RSA:+DHE-DSS:+SIGN-ALL" },
	/* No FFDHE groups, or an RFC 7919 server hides its own DH group. */
	{ TK_DHE_ONLY, "NONE:" OLD_VERS ":+DHE-RSA:+DHE-DSS:+AES-128-GCM:+AES-256-GCM:+AES-128-CBC:+AES-256-CBC:+3DES-CBC:+CHACHA20-POLY1305:+AEAD:+SHA1:+SHA256:+SHA384:+SIGN-ALL:+GROUP-SECP256R1:+COMP-NULL:%PROFILE_VERY_WEAK" },
};
#define NPROBES (sizeof probes / sizeof probes[0])
#define DHE_PROBE 5	/* "DHE only" */

/* Beside the enumeration, one DHE-only hello: the raw hellos offer the RFC 7919 groups,
 * and such a server answers DHE with ffdhe2048 (or, with none of them enabled, refuses
 * DHE) while older clients get its own group. Ask once without them (a later step reads
 * it). */
static size_t plan_enum(struct wctx *c, struct probe_req *reqs, size_t max)
{
	size_t n = wiz_plan_default(c, reqs, max);
	if (scan_possible(c->t) && n < max) {
		probe_req_init(&reqs[n], probes[DHE_PROBE].kind, probes[DHE_PROBE].prio);
		reqs[n++].o.no_post_recv = true;
	}
	return n;
}

/* RC4, 3DES and NULL offered alone, unless the enumeration answered for every suite. */
static size_t plan_ciphers(struct wctx *c, struct probe_req *reqs, size_t max)
{
	size_t n = wiz_plan_default(c, reqs, max);
	if (wiz_scan(c))
		return n;
	for (size_t i = 0; i < 3 && n < max; i++) {
		probe_req_init(&reqs[n], probes[i].kind, probes[i].prio);
		reqs[n].o.no_post_recv = true;
		reqs[n].o.stop_after_server_hello = true;	/* the ServerHello is the answer */
		n++;
	}
	return n;
}

/* The enumeration answers for forward secrecy, AEAD and the DH size when it found the
 * suites: a server that never answered the raw hellos (a middlebox choking on their
 * size) proves nothing by absence, and gets the probes. */
static const struct enumeration *from_enum(const struct wctx *c)
{
	const struct enumeration *e = wiz_scan(c);
	return e && enumeration_total(e) > 0 ? e : NULL;
}

static size_t plan_modern(struct wctx *c, struct probe_req *reqs, size_t max)
{
	size_t n = 0;
	if (from_enum(c))
		return 0;	/* the DHE question went with the legacy step */
	for (size_t i = 3; i < NPROBES && n < max; i++) {
		if (i == DHE_PROBE && report_find_trace(c->r, probes[DHE_PROBE].kind, NULL))
			continue;
		probe_req_init(&reqs[n], probes[i].kind, probes[i].prio);
		reqs[n].o.no_post_recv = true;
		/* the ServerHello answers "is this kind of suite accepted"; only the DHE probe
		 * needs the ServerKeyExchange (the group size) */
		reqs[n].o.stop_after_server_hello = probes[i].kind != TK_DHE_ONLY;
		n++;
	}
	return n;
}

static bool works(const struct trace *t)
{
	return t && t->server_hello_seen && (t->outcome == OUTCOME_OK || t->outcome == OUTCOME_TLS_ERROR);
}

/* Worked, and with a suite of the kind that was offered: a broken or hostile server that
 * answers every hello with the same suite proves nothing about RC4 or NULL. */
static bool works_with(const struct trace *t, const char *token)
{
	return works(t) && t->neg.suite_name[0] && strstr(t->neg.suite_name, token) != NULL;
}

static const char *fix_suites =
	"Use the Mozilla \"intermediate\" suite list:\n"
	"  nginx:   ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;\n"
	"  Apache:  SSLCipherSuite (same list)   HAProxy: ssl-default-bind-ciphers (same list)";

static const char *fix_no_shared =
	"The server allows only suites no current client offers (or its certificate\n"
	"type does not match its suites: an ECDSA key needs ECDHE-ECDSA suites, RSA needs\n"
	"*-RSA suites).";

/* The DHE-only probe's group, when it is small (0: fine, or no DHE). */
static int small_dh(const struct trace *dhe)
{
	return dhe && dhe->server_hello_seen && dhe->neg.dh_bits > 0 && dhe->neg.dh_bits < 2048 ? dhe->neg.dh_bits : 0;
}

static void add_weak_dh(struct wctx *c, int idx, int bits, const char *how)
{
	struct finding *f = wiz_add(c, F_CIPHER_WEAK_DH, idx);
	finding_title(f, "the server's Diffie-Hellman group has only %d bits", bits);
	finding_evidence(f, "%s: ServerKeyExchange with a %d-bit prime", how, bits);
	finding_fix(f, "Use a 2048-bit or larger group (RFC 7919 ffdhe2048), or drop DHE for ECDHE:\n"
		    "  nginx: ssl_dhparam /etc/ssl/ffdhe2048.pem;  Apache: SSLOpenSSLConfCmd DHParameters ...");
}

static bool suite_is_cbc(const char *name)
{
	return strstr(name, "_CBC_") != NULL;
}

static enum step_state judge_legacy(struct wctx *c)
{
	int di, idx[NPROBES];
	struct trace *def = wiz_default_trace(c, &di), *t[NPROBES];
	enum step_state st = STATE_PASSED;
	struct finding *f;
	char accepted[128] = "";
	size_t o = 0;

	if (!def || trace_is_network_failure(def))
		return STATE_SKIPPED;
	if (wiz_scan(c)) {
		/* the enumeration's judge added the findings; this step says what they mean */
		bool rc4 = wiz_confirm(c, F_CIPHER_RC4), des3 = wiz_confirm(c, F_CIPHER_3DES),
		     null = wiz_confirm(c, F_CIPHER_NULL);
		if (!rc4 && !des3 && !null) {
			wiz_note(c, "RC4, 3DES and NULL are refused (every suite, every version)");
			return STATE_PASSED;
		}
		wiz_note(c, "accepted: %s%s%s(every suite, every version)", rc4 ? "RC4 " : "", des3 ? "3DES " : "",
			 null ? "NULL " : "");
		return rc4 || null ? STATE_FAILED : STATE_WARNED;
	}
	for (size_t i = 0; i < NPROBES; i++)
		t[i] = report_find_trace(c->r, probes[i].kind, &idx[i]);
	if (works_with(t[0], "RC4")) {
		f = wiz_add(c, F_CIPHER_RC4, idx[0]);
		finding_evidence(f, "a hello offering only RC4 suites got %s", t[0]->neg.suite_name);
		finding_fix(f, "%s", fix_suites);
		o += (size_t)snprintf(accepted + o, sizeof accepted - o, "RC4 ");
		st = STATE_FAILED;
	}
	if (works_with(t[1], "3DES")) {
		f = wiz_add(c, F_CIPHER_3DES, idx[1]);
		finding_evidence(f, "a hello offering only 3DES suites got %s", t[1]->neg.suite_name);
		finding_fix(f, "%s", fix_suites);
		o += (size_t)snprintf(accepted + o, sizeof accepted - o, "3DES ");
		if (st == STATE_PASSED)
			st = STATE_WARNED;
	}
	if (works_with(t[2], "_NULL_")) {
		f = wiz_add(c, F_CIPHER_NULL, idx[2]);
		finding_evidence(f, "a hello offering only NULL suites got %s", t[2]->neg.suite_name);
		finding_fix(f, "%s", fix_suites);
		o += (size_t)snprintf(accepted + o, sizeof accepted - o, "NULL ");
		st = STATE_FAILED;
	}
	wiz_note(c, "%s%s", accepted[0] ? "accepted: " : "RC4, 3DES and NULL are refused", accepted);
	return st;
}

/* The trace of the newest version's first raw hello that found suites (evidence). */
static int enum_trace(const struct enumeration *e)
{
	for (size_t v = 5; v-- > 0;)
		if (e->nsuites[v] && e->trace[v] >= 0)
			return e->trace[v];
	return -1;
}

/* Forward secrecy, AEAD and the DH size from the suites the server accepts. */
static enum step_state judge_modern_enum(struct wctx *c, const struct enumeration *r, const struct trace *def, int di)
{
	size_t total = enumeration_total(r), pfs = 0, aead = 0;
	int idx = enum_trace(r), id;
	struct trace *dhe = report_find_trace(c->r, TK_DHE_ONLY, &id);
	enum step_state st = STATE_PASSED;
	struct finding *f;

	for (size_t v = 0; v < 5; v++)
		for (size_t i = 0; i < r->nsuites[v]; i++) {
			const struct suite_info *si = suite_info(r->suites[v][i]);
			if (!si)
				continue;
			pfs += (si->flags & (SF_PFS | SF_TLS13)) != 0;
			aead += (si->flags & (SF_AEAD | SF_TLS13)) != 0;
		}
	if (def->outcome == OUTCOME_ALERT && !def->server_hello_seen && ALERT_NO_SHARED(def->alert)) {
		char list[300] = "";
		size_t o = 0, shown = 0;
		for (size_t v = 5; v-- > 0;)
			for (size_t i = 0; i < r->nsuites[v] && shown < 4 && o < sizeof list; i++, shown++)
				o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", o ? ", " : "", suite_name(r->suites[v][i]));
		f = wiz_add(c, F_CIPHER_NO_SHARED, di);
		finding_title(f, "no cipher suite in common: the server accepts only suites usual clients do not offer");
		finding_evidence(f, "ClientHello with TLS1.0-1.3 and legacy suites: %s; raw hellos found only %s%s", def->reason,
				 list, total > shown ? ", ..." : "");
		finding_fix(f, "%s %s", fix_no_shared, fix_suites);
		wiz_note(c, "no shared suite");
		return STATE_FAILED;
	}
	if (works(def) && !pfs) {
		f = wiz_add(c, F_CIPHER_NO_PFS, idx);
		finding_title(f, "the server offers no forward secrecy: only static-RSA key exchange");
		finding_evidence(f, "negotiated %s; none of the %zu suites the server accepts (raw hellos, every version) has ECDHE or DHE key exchange",
				 def->neg.suite_name, total);
		finding_fix(f, "Enable ECDHE suites (and TLS1.3). %s", fix_suites);
		st = STATE_WARNED;
	}
	if (works(def) && !aead) {
		bool cbc = suite_is_cbc(def->neg.suite_name);
		f = wiz_add(c, cbc ? F_CIPHER_CBC_ONLY : F_CIPHER_NO_AEAD, idx);
		finding_evidence(f, "negotiated %s; none of the %zu suites the server accepts (raw hellos, every version) is AEAD (GCM, ChaCha20, CCM)",
				 def->neg.suite_name, total);
		finding_fix(f, "%s", fix_suites);
		st = STATE_WARNED;
	}
	if (small_dh(dhe)) {
		add_weak_dh(c, id, small_dh(dhe), "DHE-only hello without RFC 7919 groups");
		st = STATE_WARNED;
	} else if (r->dh_bits > 0 && r->dh_bits < 2048) {
		add_weak_dh(c, idx, r->dh_bits, "raw hellos with a DHE suite");
		st = STATE_WARNED;
	}
	if (st == STATE_PASSED)
		wiz_note(c, "%zu of %zu suites with forward secrecy, %zu AEAD%s", pfs, total, aead,
			 r->dh_bits ? "; DHE group ok" : "");
	else
		wiz_note(c, "weak key exchange or cipher mode");
	return st;
}

static enum step_state judge_modern(struct wctx *c)
{
	int di, ip, ia, id;
	struct trace *def = wiz_default_trace(c, &di);
	struct trace *pfs = report_find_trace(c->r, TK_PFS_ONLY, &ip);
	struct trace *aead = report_find_trace(c->r, TK_AEAD_ONLY, &ia);
	struct trace *dhe = report_find_trace(c->r, TK_DHE_ONLY, &id);
	enum step_state st = STATE_PASSED;
	struct finding *f;

	if (!def || trace_is_network_failure(def))
		return STATE_SKIPPED;
	if (from_enum(c))
		return judge_modern_enum(c, from_enum(c), def, di);
	if (def->outcome == OUTCOME_ALERT && !def->server_hello_seen &&
	    ALERT_NO_SHARED(def->alert) && !works(pfs) && !works(aead)) {
		bool any = false;
		for (size_t i = 0; i < NPROBES; i++)
			any |= works(report_find_trace(c->r, probes[i].kind, NULL));
		if (!any) {
			f = wiz_add(c, F_CIPHER_NO_SHARED, di);
			/* with the enumeration in the run, RC4/3DES/NULL were not offered alone here */
			finding_title(f, "%s", wiz_scan(c) ? "no cipher suite in common: the server refuses every usual suite" :
				      "no cipher suite in common: the server refuses every suite offered");
			finding_evidence(f, "ClientHello with %s: %s", "TLS1.0-1.3 and legacy suites", def->reason);
			finding_fix(f, "%s %s", fix_no_shared, fix_suites);
			wiz_note(c, "no shared suite");
			return STATE_FAILED;
		}
	}
	if (works(def) && pfs && !works(pfs) && !trace_is_network_failure(pfs)) {
		f = wiz_add(c, F_CIPHER_NO_PFS, ip);
		finding_title(f, "the server offers no forward secrecy: only static-RSA key exchange");
		finding_evidence(f, "negotiated %s; a hello with only ECDHE/DHE suites: %s", def->neg.suite_name, pfs->reason);
		finding_fix(f, "Enable ECDHE suites (and TLS1.3). %s", fix_suites);
		st = STATE_WARNED;
	}
	if (works(def) && aead && !works(aead) && !trace_is_network_failure(aead)) {
		bool cbc = suite_is_cbc(def->neg.suite_name);
		f = wiz_add(c, cbc ? F_CIPHER_CBC_ONLY : F_CIPHER_NO_AEAD, ia);
		finding_evidence(f, "negotiated %s; a hello with only AEAD suites (GCM, ChaCha20, CCM): %s",
				 def->neg.suite_name, aead->reason);
		finding_fix(f, "%s", fix_suites);
		st = STATE_WARNED;
	}
	if (small_dh(dhe)) {
		add_weak_dh(c, id, small_dh(dhe), "DHE-only hello");
		st = STATE_WARNED;
	}
	if (st == STATE_PASSED)
		wiz_note(c, "negotiated %s", def->neg.suite_name[0] ? def->neg.suite_name : def->reason);
	else
		wiz_note(c, "weak key exchange or cipher mode");
	return st;
}

/* ---- every suite of every version, with raw hellos (the run's enumeration) ---- */

static const unsigned enum_versions[] = { 0x0300, 0x0301, 0x0302, 0x0303, 0x0304 };
#define NENUM (sizeof enum_versions / sizeof enum_versions[0])

/* Accepted suites with a flag, as "NAME, NAME" for evidence; how many. */
static size_t list_flagged(const struct enumeration *r, unsigned flag, char *buf, size_t len)
{
	size_t n = 0, o = 0;
	buf[0] = '\0';
	for (size_t v = 0; v < NENUM; v++)
		for (size_t i = 0; i < r->nsuites[v]; i++) {
			const struct suite_info *si = suite_info(r->suites[v][i]);
			bool seen = false;
			if (!si || !(si->flags & flag))
				continue;
			for (size_t w = 0; w < v && !seen; w++)
				for (size_t k = 0; k < r->nsuites[w]; k++)
					seen |= r->suites[w][k] == si->id;
			if (seen)
				continue;
			if (o < len)
				o += (size_t)snprintf(buf + o, len - o, "%s%s", n ? ", " : "", si->iana);
			n++;
		}
	return n;
}

static enum step_state judge_enum(struct wctx *c)
{
	const struct enumeration *r = wiz_scan(c);
	enum step_state st = STATE_PASSED;
	char list[900], note[200] = "";
	size_t o = 0;
	int idx = -1;
	struct finding *f;

	if (!c->scan)
		return STATE_SKIPPED;
	if (!r) {
		wiz_note(c, "not scanned: raw hellos go direct, and this target uses a proxy or STARTTLS");
		return STATE_SKIPPED;
	}
	for (size_t i = 0; i < NENUM; i++) {
		if (r->nsuites[i] && idx < 0)
			idx = r->trace[i];
		if (r->nsuites[i] && o < sizeof note)
			o += (size_t)snprintf(note + o, sizeof note - o, "%s%s %zu%s", o ? ", " : "",
					      scan_version_name(enum_versions[i]), r->nsuites[i], r->cut[i] ? " (or more: cut)" : "");
	}
	if (r->ngroups && o < sizeof note) {
		o += (size_t)snprintf(note + o, sizeof note - o, "; groups");
		for (size_t g = 0; g < r->ngroups && o < sizeof note; g++)
			o += (size_t)snprintf(note + o, sizeof note - o, " %s", group_name(r->groups[g]));
		if (r->groups_cut && o < sizeof note)
			o += (size_t)snprintf(note + o, sizeof note - o, " (or more: cut %s)", r->groups_cut_why);
	}
	if (list_flagged(r, SF_EXPORT, list, sizeof list)) {
		f = wiz_add(c, F_CIPHER_EXPORT, idx);
		finding_title(f, "EXPORT suites are accepted (40/56-bit keys: FREAK, Logjam)");
		finding_evidence(f, "raw hellos got ServerHellos for: %s", list);
		finding_fix(f, "%s", fix_suites);
		st = STATE_FAILED;
	}
	if (list_flagged(r, SF_RC4, list, sizeof list) && !report_has(c->r, F_CIPHER_RC4)) {
		f = wiz_add(c, F_CIPHER_RC4, idx);
		finding_evidence(f, "raw hellos got ServerHellos for: %s", list);
		finding_fix(f, "%s", fix_suites);
		st = STATE_FAILED;
	}
	if (list_flagged(r, SF_3DES, list, sizeof list) && !report_has(c->r, F_CIPHER_3DES)) {
		f = wiz_add(c, F_CIPHER_3DES, idx);
		finding_evidence(f, "raw hellos got ServerHellos for: %s", list);
		finding_fix(f, "%s", fix_suites);
		if (st == STATE_PASSED)
			st = STATE_WARNED;
	}
	if (list_flagged(r, SF_DES, list, sizeof list)) {
		f = wiz_add(c, F_CIPHER_DES, idx);
		finding_title(f, "single-DES suites are accepted (56-bit keys)");
		finding_evidence(f, "raw hellos got ServerHellos for: %s", list);
		finding_fix(f, "%s", fix_suites);
		st = STATE_FAILED;
	}
	if (list_flagged(r, SF_NULL, list, sizeof list) && !report_has(c->r, F_CIPHER_NULL)) {
		f = wiz_add(c, F_CIPHER_NULL, idx);
		finding_title(f, "NULL suites are accepted: traffic is not encrypted");
		finding_evidence(f, "raw hellos got ServerHellos for: %s", list);
		finding_fix(f, "%s", fix_suites);
		st = STATE_FAILED;
	}
	if (list_flagged(r, SF_ANON, list, sizeof list)) {
		f = wiz_add(c, F_CIPHER_ANON, idx);
		finding_title(f, "anonymous suites are accepted: no server authentication at all");
		finding_evidence(f, "raw hellos got ServerHellos for: %s", list);
		finding_fix(f, "%s", fix_suites);
		st = STATE_FAILED;
	}
	/* Client order only matters when the list holds suites worse than the best. */
	for (size_t i = 0; i < NENUM; i++) {
		bool weak = false;
		for (size_t k = 0; k < r->nsuites[i]; k++) {
			const struct suite_info *si = suite_info(r->suites[i][k]);
			weak |= si && (!strcmp(si->grade, "insecure") || !strcmp(si->grade, "weak"));
		}
		if (r->server_pref[i] == 0 && weak && !report_has(c->r, F_CIPHER_NO_SERVER_PREFERENCE)) {
			f = wiz_add(c, F_CIPHER_NO_SERVER_PREFERENCE, r->trace[i] >= 0 ? idx : -1);
			finding_title(f, "the server follows the client's suite order while it accepts weak suites");
			finding_evidence(f, "%s: the accepted list offered in reverse got the client's first choice", scan_version_name(enum_versions[i]));
			finding_fix(f, "Remove the weak suites (best), or make the server choose: nginx ssl_prefer_server_ciphers on;\n"
				    "Apache SSLHonorCipherOrder on   HAProxy: drop prefer-client-ciphers (server order is its default)");
		}
	}
	wiz_note(c, "%s; %u connections in %.0f ms", o ? note : "no suite accepted", r->conns, r->ms);
	return st;
}

/* ---- client simulation ---- */

static enum step_state judge_clients(struct wctx *c)
{
	struct report *r = c->r;
	const struct enumeration *e = wiz_scan(c);
	size_t ok = 0, n = client_count();
	char failing[160] = "";
	size_t o = 0;
	const struct client_profile *mine = c->t->client[0] ? client_find(c->t->client) : NULL;

	if (!e) {
		wiz_note(c, "needs the suite enumeration (not possible through a proxy or STARTTLS)");
		return STATE_SKIPPED;
	}
	r->nclients = 0;
	for (size_t i = 0; i < n && r->nclients < sizeof r->clients / sizeof r->clients[0]; i++) {
		const struct client_profile *p = client_at(i);
		struct client_verdict v;
		struct client_line *l = &r->clients[r->nclients++];
		client_judge(p, e, &v);
		snprintf(l->name, sizeof l->name, "%s", p->name);
		l->ok = v.ok;
		if (v.ok) {
			ok++;
			snprintf(l->text, sizeof l->text, "%s: %s %s", p->title, tls_version_name(v.version), suite_name(v.suite));
		} else {
			snprintf(l->text, sizeof l->text, "%s fails: %s", p->title, v.why);
			if (o < sizeof failing)
				o += (size_t)snprintf(failing + o, sizeof failing - o, "%s%s", o ? " " : "", p->name);
		}
	}
	/* Current browsers and curl without a common suite: the answer, not a detail. */
	{
		static const char *const modern[] = { "chrome", "firefox", "safari", "curl-openssl3" };
		char who[160] = "", why[160] = "";
		size_t w = 0;
		for (size_t i = 0; i < sizeof modern / sizeof modern[0]; i++) {
			const struct client_profile *p = client_find(modern[i]);
			struct client_verdict v;
			client_judge(p, e, &v);
			if (!v.ok && !strncmp(v.why, "no common cipher suite", 22)) {
				w += (size_t)snprintf(who + w, sizeof who - w, "%s%s", w ? ", " : "", p->title);
				snprintf(why, sizeof why, "%s", v.why);
			}
		}
		if (w && !wiz_confirm(c, F_CIPHER_NO_SHARED)) {
			struct finding *f = wiz_add(c, F_CIPHER_NO_SHARED, -1);
			finding_title(f, "current clients cannot connect: %s share no cipher suite with the server", who);
			finding_evidence(f, "client simulation against the suites the server accepts: %s", why);
			finding_fix(f, "%s", fix_suites);
		}
	}
	if (c->t->client[0] && !mine) {
		wiz_note(c, "unknown --client %s (known: %s)", c->t->client, client_names());
		return STATE_WARNED;
	}
	if (mine) {
		struct client_verdict v;
		client_judge(mine, e, &v);
		if (!v.ok) {
			bool version = !strncmp(v.why, "no common version", 17);
			struct finding *f = wiz_add(c, version ? F_VERSION_MISMATCH : F_CIPHER_NO_SHARED, -1);
			finding_title(f, "your %s client fails: %s", mine->title, v.why);
			finding_evidence(f, "client simulation of %s (%s-%s, %zu suites) against the suites the server accepts",
					 mine->title, tls_version_name(mine->min_version), tls_version_name(mine->max_version),
					 mine->nsuites);
			finding_fix(f, "%s", version ? "Enable a version the client has on the server (TLS1.2 at least), or update the client."
						      : "Enable a suite the client has (ECDHE with AES-GCM covers every client since 2013), or update the client.");
			wiz_note(c, "%s fails; %zu of %zu clients connect", mine->title, ok, n);
			return STATE_FAILED;
		}
		wiz_note(c, "%s connects with %s %s; %zu of %zu clients connect", mine->title, tls_version_name(v.version),
			 suite_name(v.suite), ok, n);
		return STATE_PASSED;
	}
	if (ok == n)
		wiz_note(c, "all %zu simulated clients connect", n);
	else
		wiz_note(c, "%zu of %zu clients connect; fail: %s", ok, n, failing);
	/* Failing clients that matter are findings above; the rest (old clients) are named in
	 * the note: that is no warning. */
	return STATE_PASSED;
}

static const struct wstep steps[] = {
	{ .title = "Every suite, every version", .why = "Raw hellos offer the whole IANA registry, strike each suite the server picks and ask again: the exact list it accepts, in its order.",
	  .plan = plan_enum, .judge = judge_enum, .scan = WSCAN_JUDGES },
	{ .title = "Legacy suites", .why = "RC4, 3DES and NULL suites are broken or unencrypted; clients refuse them and scanners flag them.",
	  .plan = plan_ciphers, .judge = judge_legacy, .scan = WSCAN_READS },
	{ .title = "Forward secrecy, AEAD, DH size", .why = "Without ECDHE/DHE a stolen key decrypts old traffic; CBC-only and small DH groups fail modern policies.",
	  .plan = plan_modern, .judge = judge_modern, .scan = WSCAN_READS },
	{ .title = "Client simulation", .why = "Which real clients (browsers, Java, Windows, Android, curl, IoT) would connect, with what, or why not.",
	  .judge = judge_clients, .scan = WSCAN_READS },
};

const struct wizard wizard_ciphers = {
	.name = "ciphers",
	.title = "Cipher suites",
	.summary = "RC4/3DES/NULL, forward secrecy, AEAD, DH size, no shared suite",
	.area = "ciphers",
	.steps = WIZ_STEPS(steps),
};
