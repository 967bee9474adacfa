/* firewall.c — the firewall/proxy wizard: can a TCP connection be made, and does a TLS
 * server answer the ClientHello? Mirrors the guide's "Firewall or proxy interference".
 * Steps read the default handshake; each failure is named at the layer it happened. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "probe.h"
#include "proxy.h"
#include "scan.h"
#include "starttls.h"
#include "target.h"
#include "trace.h"
#include "wizard.h"

static enum step_state judge_dns(struct wctx *c)
{
	int idx;
	struct trace *t = wiz_default_trace(c, &idx);
	struct finding *f;

	if (!t)
		return STATE_SKIPPED;
	if (t->outcome != OUTCOME_DNS) {
		wiz_note(c, "%s", t->nsteps ? t->steps[0].summary : "resolved");
		return STATE_PASSED;
	}
	f = wiz_add(c, F_NET_DNS, idx);
	finding_title(f, "%s does not resolve", c->t->connect_to[0] ? c->t->connect_to : c->t->host);
	finding_evidence(f, "DNS: %s", t->reason);
	finding_fix(f, "Check the name for typos; `getent ahosts %s` and `dig %s A` / `dig %s AAAA` on this box;\n"
		    "check /etc/resolv.conf and the DNS zone. To test a server before DNS is ready:\n"
		    "tlswiz diagnose --connect-to IP %s:%u",
		    c->t->host, c->t->host, c->t->host, c->t->host, c->t->port);
	wiz_note(c, "%s", t->reason);
	return STATE_FAILED;
}

static enum step_state judge_tcp(struct wctx *c)
{
	int idx;
	struct trace *t = wiz_default_trace(c, &idx);
	struct finding *f;
	unsigned port = c->t->port;

	if (!t || t->outcome == OUTCOME_DNS)
		return STATE_SKIPPED;
	switch (t->outcome) {
	case OUTCOME_REFUSED:
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "nothing accepts connections on %s (connection refused)", t->addr);
		finding_evidence(f, "SYN to %s answered with RST", t->addr);
		finding_fix(f, "On the server: is the service running and listening on this address and port?\n"
			    "  ss -ltnp 'sport = :%u'   (0.0.0.0/[::] vs 127.0.0.1 only)\n"
			    "  systemctl status nginx   (or the service in question)\n"
			    "If it listens, a firewall REJECTs: nft list ruleset / iptables -S | grep %u", port, port);
		break;
	case OUTCOME_FILTERED:
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "no answer to the TCP connection attempt to %s (filtered)", t->addr);
		finding_evidence(f, "SYN to %s: no SYN-ACK and no RST within the timeout", t->addr);
		finding_fix(f, "A firewall DROPs the packets or the host is down. Check security groups / network\n"
			    "ACLs for port %u, the host firewall (nft list ruleset), and routing from this box\n"
			    "(`tracepath -n %s`).", port, t->addr);
		break;
	case OUTCOME_UNREACHABLE:
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "%s is unreachable", t->addr);
		finding_evidence(f, "connect: %s", t->reason);
		finding_fix(f, "An ICMP unreachable/admin-prohibited came back: a router or firewall refuses the path.\n"
			    "Check routes (`ip route get ADDR`), VPNs, and firewall rules that REJECT with ICMP.");
		break;
	case OUTCOME_CONNECT:
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "TCP connection to %s failed", t->addr);
		finding_evidence(f, "connect: %s", t->reason);
		finding_fix(f, "Check the address, local firewall rules and routes from this box.");
		break;
	case OUTCOME_CANCELLED:
		return STATE_SKIPPED;
	default:
		wiz_note(c, "connected to %s in %.1f ms", t->addr, t->connect_ms);
		return STATE_PASSED;
	}
	wiz_note(c, "%s", t->reason);
	return STATE_FAILED;
}

static void fix_not_tls(struct finding *f, const struct trace *t, unsigned port)
{
	switch (t->banner) {
	case BANNER_HTTP:
		finding_fix(f, "Port %u serves plain HTTP. Use the TLS port (usually 443), or enable TLS on\n"
			    "this listener: nginx `listen %u ssl;` + ssl_certificate/ssl_certificate_key;\n"
			    "Apache `SSLEngine on` in the <VirtualHost *:%u>.", port, port, port);
		break;
	case BANNER_SSH:
		finding_fix(f, "Port %u is an SSH server, not TLS. Check the port number, or a port forward /\n"
			    "load-balancer rule pointing at the wrong backend.", port);
		break;
	case BANNER_SMTP: case BANNER_FTP: case BANNER_IMAP: case BANNER_POP3:
	case BANNER_XMPP: case BANNER_LDAP: case BANNER_MYSQL:
		finding_fix(f, "This service speaks %s in plaintext and upgrades with STARTTLS. Connect with\n"
			    "`tlswiz diagnose --starttls %s HOST:%u`, or use the implicit-TLS port\n"
			    "(SMTP 465, IMAP 993, POP3 995, FTP 990, XMPP 5223, LDAPS 636; MySQL has none).",
			    banner_name(t->banner), starttls_for_banner(t->banner), port);
		break;
	default:
		finding_fix(f, "Something other than a TLS server answers on port %u: check the port, the\n"
			    "backend a load balancer forwards to, and whether a proxy sits in between.", port);
	}
}

static enum step_state judge_reply(struct wctx *c)
{
	int idx;
	struct trace *t = wiz_default_trace(c, &idx);
	struct finding *f = NULL;
	unsigned port = c->t->port;

	if (!t || t->outcome == OUTCOME_CANCELLED || t->outcome == OUTCOME_DNS ||
	    t->outcome == OUTCOME_REFUSED || t->outcome == OUTCOME_FILTERED ||
	    t->outcome == OUTCOME_UNREACHABLE || t->outcome == OUTCOME_CONNECT)
		return STATE_SKIPPED;
	if (!trace_is_network_failure(t)) {
		wiz_note(c, "%s", t->server_hello_seen ? "a TLS server answered (ServerHello)" :
			 t->outcome == OUTCOME_ALERT ? "a TLS server answered (with an alert)" : "a TLS reply came back");
		return STATE_PASSED;
	}
	switch (t->outcome) {
	case OUTCOME_SILENCE:
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "TCP connects but nothing answers the ClientHello");
		finding_evidence(f, "ClientHello sent to %s; no byte came back in %.0f ms", t->addr, t->total_ms);
		finding_fix(f, "Something accepts TCP but never answers TLS: a proxy or load balancer whose backend\n"
			    "is down, a DPI firewall that drops TLS, or a service that is not TLS and waits for\n"
			    "the client to speak (e.g. plain HTTP, a database). Check the backend health and\n"
			    "whether port %u is the TLS port.", port);
		break;
	case OUTCOME_RESET:
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "%s", t->reason);
		finding_evidence(f, "ClientHello sent to %s, then a TCP RST after %.1f ms", t->addr, t->total_ms);
		finding_fix(f, "A firewall, IPS or SNI filter tears the connection down when it sees the\n"
			    "ClientHello, or the server crashes on it. Retry with another SNI (--sni) or none\n"
			    "(--no-sni) to see if the name is filtered; check IPS/DPI logs and the server's\n"
			    "error log at that time.");
		break;
	case OUTCOME_EOF:
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "the server closes the connection after the ClientHello, without an alert");
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Often a server or middlebox that cannot parse this ClientHello (version\n"
			    "intolerance: run `tlswiz wizard versions`), an SNI-based filter, or a proxy whose\n"
			    "backend refused. Check the server's error log for the time of this test.");
		break;
	case OUTCOME_STALL:
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "the handshake stops midway");
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Large handshake packets (the Certificate) are lost: a path-MTU black hole\n"
			    "(ICMP 'fragmentation needed' blocked) or a middlebox. Check MTU/MSS clamping on\n"
			    "VPNs and tunnels (`ip link`, `tracepath`), and allow ICMP type 3 code 4.");
		break;
	case OUTCOME_PROXY:
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "the proxy did not open a tunnel to %s:%u", c->t->host, port);
		finding_evidence(f, "%s", t->reason);
		finding_fix(f, "Check the proxy URL and credentials (--proxy http://user:pass@host:port or\n"
			    "https_proxy), whether the proxy allows CONNECT to port %u, and NO_PROXY for\n"
			    "hosts that must be reached directly.", port);
		break;
	case OUTCOME_STARTTLS:
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "the STARTTLS upgrade fails: %s", t->reason);
		finding_evidence(f, "plaintext dialogue: %s", t->nsteps ? t->steps[t->nsteps - 1].summary : "?");
		finding_fix(f, "Enable STARTTLS on the server (Postfix: smtpd_tls_security_level = may and a\n"
			    "certificate; Dovecot: ssl = yes), or use the implicit-TLS port.");
		break;
	case OUTCOME_NOT_TLS: {
		enum finding_id extra = t->banner == BANNER_HTTP ? F_NET_HTTP : t->banner == BANNER_SSH ? F_NET_SSH :
			starttls_for_banner(t->banner) ? F_NET_STARTTLS_REQUIRED : F__COUNT;
		f = wiz_add(c, outcome_finding(t->outcome)->e, idx);
		finding_title(f, "port %u answers with %s, not TLS", port,
			      t->banner == BANNER_OTHER ? "something else" : banner_name(t->banner));
		finding_evidence(f, "first bytes from the server: \"%s\"", t->first_text);
		fix_not_tls(f, t, port);
		if (extra != F__COUNT) {
			struct finding *g = wiz_add(c, extra, idx);
			finding_evidence(g, "first bytes from the server: \"%s\"", t->first_text);
			fix_not_tls(g, t, port);
		}
		break;
	}
	default:
		return STATE_PASSED;
	}
	/* "Who is blocking" may prove this reset, close or silence to be intolerance of the
	 * hello (and drop the network finding): then the reply's verdict rests on that. */
	wiz_confirm(c, F_VERSION_INTOLERANCE);
	wiz_note(c, "%s", t->reason);
	return STATE_FAILED;
}

/* ---- retries that name the cause behind a reset, silence, close or stall ---- */

#define NEUTRAL_NAME "tlswiz-probe.invalid"

static bool blocked(const struct trace *t)
{
	return t && (t->outcome == OUTCOME_RESET || t->outcome == OUTCOME_SILENCE || t->outcome == OUTCOME_EOF ||
		     t->outcome == OUTCOME_STALL);
}

static bool answered(const struct trace *t)
{
	return t && t->server_hello_seen;
}

/* t got further than def: past where def stopped. A default handshake that stalled after
 * its ServerHello was not refused for its hello; only a completed one is further. */
static bool further(const struct trace *t, const struct trace *def)
{
	return def && def->server_hello_seen ? t && t->outcome == OUTCOME_OK : answered(t);
}

static size_t plan_retries(struct wctx *c, struct probe_req *reqs, size_t max)
{
	struct trace *def = wiz_default_trace(c, NULL);
	size_t n = 0;
	char prio[512];

	if (!blocked(def) || max < 4)
		return 0;
	if (def->sni[0]) {
		probe_req_init(&reqs[n], TK_RETRY_NO_SNI, NULL);
		probe_req_sni(&reqs[n++], SNI_NONE, NULL);
		probe_req_init(&reqs[n], TK_RETRY_OTHER_SNI, NULL);
		probe_req_sni(&reqs[n++], SNI_NAME, NEUTRAL_NAME);
	}
	snprintf(prio, sizeof prio, "%s:-VERS-TLS1.3", PROBE_PRIORITY_DEFAULT);
	probe_req_init(&reqs[n++], TK_RETRY_TLS12_MAX, prio);
	if (def->outcome == OUTCOME_STALL) {
		probe_req_init(&reqs[n], TK_RETRY_SMALL_RECORDS, NULL);
		reqs[n++].o.max_record = 512;
	}
	return n;
}

/* A middlebox that chokes on long hellos (the F5 bug: 256-511 bytes; others drop bigger
 * ones) lets a small one through: a raw TLS1.2 hello of under 200 bytes. */
struct small_hello {
	struct trace *t;
	struct scan_result r;
	long bytes;
};

static void *work_retries(struct wctx *c)
{
	static const unsigned suites[] = { 0xc02f, 0xc02b, 0xc030, 0xc02c, 0x009c, 0x002f };
	static const unsigned groups[] = { 0x001d, 0x0017 };
	static const unsigned sigalgs[] = { 0x0403, 0x0804, 0x0401 };
	const struct trace *def = c->def;
	struct small_hello *sh;
	unsigned char buf[1024];
	struct hello_spec spec = { .legacy_version = 0x0303, .suites = suites, .nsuites = 6, .groups = groups,
				   .ngroups = 2, .sigalgs = sigalgs, .nsigalgs = 3, .sni = target_sni(c->t) };

	if (!blocked(def) || !scan_possible(c->t))
		return NULL;
	sh = calloc(1, sizeof *sh);
	if (!sh)
		return NULL;
	sh->bytes = hello_build_client(&spec, buf, sizeof buf);
	if (sh->bytes > 0)
		sh->t = scan_hello(c->t, "retry with a small hello (raw)", buf, (size_t)sh->bytes, 0, c->cancel, &sh->r);
	return sh;
}

static void drop_retries(void *p)
{
	struct small_hello *sh = p;
	if (sh)
		trace_free(sh->t);
	free(sh);
}

static enum step_state judge_retries(struct wctx *c)
{
	struct small_hello *smallh = c->work, small_copy = { 0 };
	int smi = -1;
	int di, ni, oi, vi, si;
	struct trace *def = wiz_default_trace(c, &di);
	struct trace *nos = report_find_trace(c->r, TK_RETRY_NO_SNI, &ni);
	struct trace *oth = report_find_trace(c->r, TK_RETRY_OTHER_SNI, &oi);
	struct trace *v12 = report_find_trace(c->r, TK_RETRY_TLS12_MAX, &vi);
	struct trace *small = report_find_trace(c->r, TK_RETRY_SMALL_RECORDS, &si);

	c->work = NULL;
	if (smallh) {
		small_copy = *smallh;
		if (smallh->t)
			smi = report_add_trace(c->r, smallh->t);
		free(smallh);
	}
	struct finding *f;

	if (!blocked(def)) {
		wiz_note(c, "not needed: the server answered");
		return def ? STATE_PASSED : STATE_SKIPPED;
	}
	if ((further(nos, def) || further(oth, def)) && !further(v12, def)) {
		bool drop = def->outcome == OUTCOME_SILENCE;
		f = wiz_add(c, F_NET_SNI_FILTER, di);
		finding_title(f, "the connection is %s only when SNI is %s", drop ? "dropped" : def->outcome == OUTCOME_RESET ?
			      "reset" : "cut", def->sni);
		finding_evidence(f, "SNI=%s: %s; %s: %s", def->sni, def->reason,
				 answered(nos) ? "no SNI" : "SNI=" NEUTRAL_NAME,
				 answered(nos) ? nos->reason : oth->reason);
		finding_fix(f, "A firewall, DPI or web filter blocks this name (%s the connection when it sees\n"
			    "SNI=%s). Check the filter's policy/categories and logs for this name, or ask the\n"
			    "network team to allow it; the server itself answers.", drop ? "silently drops" : "resets", def->sni);
		wiz_note(c, "name-based filtering in the path");
		return STATE_FAILED;
	}
	if (answered(v12) && !answered(def)) {
		/* The reset/close/silence was the intolerance, not the network: let the other
		 * wizards work on the TLS1.2 handshake. A default hello that got its ServerHello
		 * was tolerated: a stall after it is not intolerance. */
		struct trace *adopt;
		f = wiz_add(c, F_VERSION_INTOLERANCE, vi);
		finding_title(f, "the server (or a box in front of it) fails hellos that offer TLS1.3; TLS1.2-only hellos work");
		finding_evidence(f, "TLS1.0-1.3 hello: %s; TLS1.2-max hello: %s", def->reason, v12->reason);
		finding_fix(f, "An old server, load balancer, firewall or IPS cannot parse modern ClientHellos.\n"
			    "Upgrade its firmware/software or turn off its TLS inspection for this service.\n"
			    "Current browsers and curl fail here; only TLS1.2-max clients connect.");
		report_remove(c->r, F_NET_RESET);
		report_remove(c->r, F_NET_CLOSED);
		report_remove(c->r, F_NET_BLACKHOLE);
		if (v12->outcome == OUTCOME_OK) {
			adopt = trace_dup(v12);
			snprintf(adopt->label, sizeof adopt->label, "default");
			adopt->kind = TK_DEFAULT;
			report_add_trace(c->r, adopt);
		}
		wiz_note(c, "version intolerance: TLS1.2-only hellos work");
		return STATE_FAILED;
	}
	if (def->outcome == OUTCOME_STALL && small && small->outcome == OUTCOME_OK) {
		f = wiz_add(c, F_NET_STALL, si);
		finding_title(f, "large handshake packets are lost (path MTU): with small records the handshake works");
		finding_evidence(f, "normal records: %s; records of 512 bytes: handshake complete", def->reason);
		wiz_note(c, "small records get through: path-MTU problem");
		return STATE_FAILED;
	}
	if (small_copy.t && small_copy.r.outcome == OUTCOME_OK && !answered(def) && !report_has(c->r, F_VERSION_INTOLERANCE)) {
		f = wiz_add(c, F_VERSION_INTOLERANCE, smi);
		finding_title(f, "something on the path drops large ClientHellos: a %ld-byte hello gets a ServerHello", small_copy.bytes);
		finding_evidence(f, "the usual hello (%u bytes): %s; a %ld-byte TLS1.2 hello: %s", def->bytes_out ? def->bytes_out : 517,
				 def->reason, small_copy.bytes, small_copy.r.reason);
		finding_fix(f, "An old load balancer or firewall cannot handle modern hellos (F5 BIG-IP before 11.x hangs on\n"
			    "256-511 bytes; some IPS drop long ones). Update it or disable its TLS inspection for\n"
			    "this service; meanwhile clients that send short hellos (TLS1.2 only) still work.");
		wiz_note(c, "hello-size intolerance: a small hello gets through");
		return STATE_FAILED;
	}
	/* nothing else got through: the verdict is the default handshake's own */
	if (outcome_finding(def->outcome))
		wiz_confirm(c, outcome_finding(def->outcome)->e);
	wiz_note(c, "no other SNI or version gets through either");
	return STATE_FAILED;
}

static size_t plan_starttls(struct wctx *c, struct probe_req *reqs, size_t max)
{
	struct trace *def = wiz_default_trace(c, NULL);
	const char *proto = def && def->outcome == OUTCOME_NOT_TLS ? starttls_for_banner(def->banner) : NULL;

	if (!proto || c->t->starttls[0] || max == 0)
		return 0;
	probe_req_init(&reqs[0], TK_STARTTLS, NULL);
	snprintf(reqs[0].o.starttls, sizeof reqs[0].o.starttls, "%s", proto);
	return 1;
}

static enum step_state judge_starttls(struct wctx *c)
{
	int si;
	struct trace *st = report_find_trace(c->r, TK_STARTTLS, &si);
	struct trace *adopt;

	if (!st) {
		wiz_note(c, c->t->starttls[0] ? "STARTTLS %s as asked" : "not needed", c->t->starttls);
		return STATE_SKIPPED;
	}
	if (st->outcome != OUTCOME_OK && !st->server_hello_seen) {
		struct finding *f = wiz_add(c, F_NET_STARTTLS_FAILED, si);
		finding_title(f, "the STARTTLS upgrade fails: %s", st->reason);
		finding_evidence(f, "plaintext dialogue ends with: %s",
				 st->nsteps ? st->steps[st->nsteps - 1].summary : "?");
		finding_fix(f, "Enable STARTTLS on the server (Postfix: smtpd_tls_security_level = may plus\n"
			    "smtpd_tls_chain_files; Dovecot: ssl = yes; vsftpd: ssl_enable=YES), or use the\n"
			    "implicit-TLS port (SMTP 465, IMAP 993, POP3 995, FTP 990).");
		wiz_note(c, "STARTTLS: %s", st->reason);
		return STATE_FAILED;
	}
	/* It works: the steps after this one judge over STARTTLS, as `--starttls` would. */
	{
		const char *proto = starttls_for_banner(report_find_trace(c->r, TK_DEFAULT, NULL)->banner);
		snprintf(c->starttls, sizeof c->starttls, "%s", proto ? proto : "");
	}
	adopt = trace_dup(st);
	snprintf(adopt->label, sizeof adopt->label, "default");
	adopt->kind = TK_DEFAULT;
	report_add_trace(c->r, adopt);
	wiz_note(c, "TLS works after STARTTLS (%s); continuing with it", c->starttls);
	return STATE_PASSED;
}

static size_t plan_addresses(struct wctx *c, struct probe_req *reqs, size_t max)
{
	struct trace *def = wiz_default_trace(c, NULL);
	size_t n = 0;
	unsigned naddr = 0;

	if (!def || def->outcome == OUTCOME_DNS || c->t->connect_to[0] || def->nsteps == 0)
		return 0;
	naddr = def->naddrs;
	for (unsigned i = 1; i < naddr && n < max && i < 8; i++) {
		char label[32];
		snprintf(label, sizeof label, "address %u", i + 1);
		probe_req_init(&reqs[n], TK_ADDRESS, NULL);
		probe_req_label(&reqs[n], label);
		reqs[n].o.addr_index = (int)i;
		reqs[n].o.no_post_recv = true;
		n++;
	}
	return n;
}

static enum step_state judge_addresses(struct wctx *c)
{
	int di;
	struct trace *def = wiz_default_trace(c, &di);
	bool def_ok = def && !trace_is_network_failure(def) && def->outcome != OUTCOME_DNS;

	if (c->ntr == 0) {
		wiz_note(c, "one address");
		return def ? STATE_PASSED : STATE_SKIPPED;
	}
	for (size_t i = 0; i < c->ntr; i++) {
		const struct trace *t = c->tr[i];
		bool ok = !trace_is_network_failure(t) && t->outcome != OUTCOME_DNS;
		if (ok != def_ok) {
			const struct trace *bad = ok ? def : t, *good = ok ? t : def;
			struct finding *f = wiz_add(c, F_NET_ADDRESS_DIFFERS, ok ? di : wiz_idx(c, i));
			finding_title(f, "%s fails while %s works", bad->addr, good->addr);
			finding_evidence(f, "%s: %s; %s: %s", bad->addr, bad->reason, good->addr, good->reason);
			finding_fix(f, "Clients that pick %s fail (often IPv6 vs IPv4). Fix the listener/firewall\n"
				    "for that address, or remove its DNS record (A/AAAA) until it works.", bad->addr);
			wiz_note(c, "addresses behave differently");
			return STATE_FAILED;
		}
	}
	wiz_note(c, "all %zu addresses behave alike", c->ntr + 1);
	return STATE_PASSED;
}

/* Through a proxy: the same handshake straight to the server. A different certificate
 * on the two paths is interception; a path that only works directly is the proxy's fault. */
static bool proxied(const struct wctx *c)
{
	const struct trace *t = wiz_default_trace((struct wctx *)c, NULL);
	if (!c->t->proxy[0] || !t)
		return false;
	for (size_t i = 0; i < t->nsteps; i++)
		if (!strcmp(t->steps[i].name, "CONNECT"))
			return true;
	return false;
}

static size_t plan_direct(struct wctx *c, struct probe_req *reqs, size_t max)
{
	if (!proxied(c) || max == 0)
		return 0;
	probe_req_init(&reqs[0], TK_DIRECT, NULL);
	reqs[0].o.no_proxy = true;
	reqs[0].o.no_post_recv = true;
	return 1;
}

static void leaf_issuer(const struct trace *t, char *buf, size_t len)
{
	struct cert_info ci;
	if (t->ncerts && cert_parse(t->certs[0].data, t->certs[0].len, &ci) == 0)
		snprintf(buf, len, "%s", ci.issuer);
	else
		snprintf(buf, len, "?");
}

static enum step_state judge_direct(struct wctx *c)
{
	int di, xi;
	struct trace *def = wiz_default_trace(c, &di);
	struct trace *dir = report_find_trace(c->r, TK_DIRECT, &xi);
	struct finding *f;
	char via[256], straight[256];

	if (!dir) {
		wiz_note(c, c->t->proxy[0] ? "the proxy was not used for this host" : "no proxy configured");
		return STATE_SKIPPED;
	}
	if (!dir->ncerts || dir->outcome == OUTCOME_DNS || trace_is_network_failure(dir)) {
		wiz_note(c, "the direct path is closed (%s): the proxy is the only way out, nothing to compare",
			 dir->reason);
		return STATE_PASSED;
	}
	if (!def->ncerts) {
		bool seen = report_has(c->r, F_NET_PROXY);
		f = wiz_add(c, F_NET_PROXY, di);
		if (seen) {
			size_t o = strlen(f->evidence);
			snprintf(f->evidence + o, sizeof f->evidence - o, "; directly (no proxy): %s", dir->reason);
			wiz_note(c, "only the direct path works");
			return STATE_FAILED;
		}
		finding_title(f, "TLS works directly but not through the proxy");
		finding_evidence(f, "through the proxy: %s; directly: %s", def->reason, dir->reason);
		finding_fix(f, "The proxy blocks or breaks this destination. Ask for CONNECT to be allowed\n"
			    "to %s:%u, or add the host to NO_PROXY if it may be reached directly.",
			    c->t->host, c->t->port);
		wiz_note(c, "only the direct path works");
		return STATE_FAILED;
	}
	if (def->certs[0].len == dir->certs[0].len && !memcmp(def->certs[0].data, dir->certs[0].data, dir->certs[0].len)) {
		wiz_note(c, "the same certificate directly and through the proxy: no interception");
		return STATE_PASSED;
	}
	leaf_issuer(def, via, sizeof via);
	leaf_issuer(dir, straight, sizeof straight);
	f = wiz_add(c, F_NET_INTERCEPTION, di);
	f->severity = SEV_ERROR;	/* proven, and every client without the proxy's CA fails */
	finding_title(f, "the proxy replaces the server's certificate (TLS interception)");
	finding_evidence(f, "through the proxy the leaf is issued by %s; directly by %s", via, straight);
	finding_fix(f, "The proxy decrypts and re-signs TLS. Clients through it must trust its CA\n"
		    "(install it in the trust store if policy requires inspection), or ask for an\n"
		    "inspection bypass for %s. Pinned clients (mobile apps, Java keystores) always fail.",
		    c->t->host);
	wiz_note(c, "a different certificate through the proxy");
	return STATE_FAILED;
}

static const struct wstep steps[] = {
	{ .title = "DNS", .why = "Every connection starts with the name: a wrong or missing record sends clients nowhere.",
	  .plan = wiz_plan_default, .judge = judge_dns },
	{ .title = "TCP connection", .why = "TLS needs a TCP connection first: refused, filtered and unreachable each point at a different culprit.",
	  .judge = judge_tcp },
	{ .title = "Reply to the ClientHello", .why = "A TLS server answers the ClientHello with a ServerHello or an alert; silence, a reset or plain text mean something else is in the way.",
	  .judge = judge_reply },
	{ .title = "STARTTLS", .why = "Mail and other services speak plain text first and switch to TLS on request; clients must use STARTTLS or the implicit-TLS port.",
	  .plan = plan_starttls, .judge = judge_starttls },
	{ .title = "Who is blocking", .why = "Retrying without SNI, with another name, with TLS1.2 only and with small records tells a name filter, version intolerance and an MTU problem apart.",
	  .plan = plan_retries, .judge = judge_retries, .work = work_retries,
	  .drop = drop_retries },
	{ .title = "Every address", .why = "A name with several addresses fails for the clients that pick the broken one.",
	  .plan = plan_addresses, .judge = judge_addresses },
	{ .title = "Proxy or direct", .why = "A proxy that re-signs TLS or refuses a destination shows up when the same handshake is tried without it.",
	  .plan = plan_direct, .judge = judge_direct },
};

const struct wizard wizard_firewall = {
	.name = "firewall",
	.title = "Firewall or proxy",
	.summary = "DNS, TCP, and what answers the ClientHello: resets, silence, plain text",
	.area = "firewall",
	.steps = WIZ_STEPS(steps),
};
