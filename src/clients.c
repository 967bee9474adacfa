/* clients.c — client profiles (versions and suites in the order each client sends them,
 * from their default configurations: Chromium ssl_cipher_suites, NSS, Secure Transport,
 * OpenSSL/GnuTLS defaults, JDK java.security defaults, Android BoringSSL, Schannel cipher
 * suite order of the Windows release) and the judgement against a scan. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clients.h"
#include "net.h"
#include "hello.h"
#include "probe.h"
#include "scan.h"
#include "suites.h"
#include "target.h"
#include "trace.h"

#define L(...) (const unsigned[]){ __VA_ARGS__ }, sizeof((const unsigned[]){ __VA_ARGS__ }) / sizeof(unsigned)
#define G L

/* signature_algorithms lists, as the clients send them */
#define SA_CHROME L(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601)
#define SA_FIREFOX L(0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201)
#define SA_MODERN L(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0807, 0x0808)
#define SA_OPENSSL L(0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b, 0x0804, 0x0805, 0x0806, \
		     0x0401, 0x0501, 0x0601)
#define SA_TLS12 L(0x0601, 0x0603, 0x0501, 0x0503, 0x0401, 0x0403, 0x0301, 0x0303, 0x0201, 0x0203, 0x0402, 0x0202)

static const struct client_profile profiles[] = {
	{ "chrome", "Chrome 120+ / Edge", 0x0303, 0x0304,
	  L(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d,
	    0x002f, 0x0035), true,
	  G(0x11ec, 0x001d, 0x0017, 0x0018), 2, SA_CHROME, true, "h2,http/1.1", true, true },
	{ "edge", "Edge 120+ (Chromium)", 0x0303, 0x0304,
	  L(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d,
	    0x002f, 0x0035), true,
	  G(0x11ec, 0x001d, 0x0017, 0x0018), 2, SA_CHROME, true, "h2,http/1.1", true, true },
	{ "firefox", "Firefox 120+", 0x0303, 0x0304,
	  L(0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013, 0xc014,
	    0x009c, 0x009d, 0x002f, 0x0035), true,
	  G(0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101), 2, SA_FIREFOX, true, "h2,http/1.1", false, true },
	{ "safari", "Safari 17 (macOS/iOS)", 0x0303, 0x0304,
	  L(0x1301, 0x1302, 0x1303, 0xc02c, 0xc02b, 0xcca9, 0xc030, 0xc02f, 0xcca8, 0xc00a, 0xc009, 0xc014, 0xc013,
	    0x009d, 0x009c, 0x0035, 0x002f, 0xc008, 0xc012, 0x000a), true,
	  G(0x001d, 0x0017, 0x0018, 0x0019), 1, SA_MODERN, true, "h2,http/1.1", true, true },
	{ "curl-openssl3", "curl + OpenSSL 3 (level 2)", 0x0303, 0x0304,
	  L(0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f, 0x009e, 0xc024,
	    0xc028, 0x006b, 0xc023, 0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033, 0x009d, 0x009c,
	    0x003d, 0x003c, 0x0035, 0x002f), true,
	  G(0x001d, 0x0017, 0x001e, 0x0019, 0x0018, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104), 1, SA_OPENSSL, true, "h2,http/1.1", false, false },
	{ "curl-gnutls", "curl + GnuTLS 3.7", 0x0303, 0x0304,
	  L(0x1301, 0x1303, 0x1302, 0x1304, 0xc02b, 0xcca9, 0xc02c, 0xc0ad, 0xc0ac, 0xc02f, 0xcca8, 0xc030, 0xc014,
	    0xc013, 0xc00a, 0xc009, 0x009c, 0xc09c, 0x009d, 0xc09d, 0x002f, 0x0035, 0x009e, 0xccaa, 0x009f, 0xc09e,
	    0xc09f, 0x0033, 0x0039), true,
	  G(0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104), 2, SA_MODERN, true, "h2,http/1.1", false, true },
	{ "python", "Python 3.11 ssl (OpenSSL 3)", 0x0303, 0x0304,
	  L(0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0x009f, 0x009e, 0xccaa, 0xc024,
	    0xc028, 0xc023, 0xc027, 0x006b, 0x0067), true,
	  G(0x001d, 0x0017, 0x001e, 0x0019, 0x0018, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104), 1, SA_OPENSSL, true, NULL, false, false },
	{ "go", "Go 1.21 crypto/tls", 0x0303, 0x0304,
	  L(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014,
	    0x009c, 0x009d, 0x002f, 0x0035, 0xc012, 0x000a), true,
	  G(0x001d, 0x0017, 0x0018, 0x0019), 1, SA_MODERN, true, NULL, false, true },
	{ "java8", "Java 8u111", 0x0301, 0x0303,
	  L(0xc02c, 0xc02b, 0xc030, 0x009d, 0xc02e, 0xc032, 0x009f, 0x00a3, 0xc02f, 0x009c, 0xc02d, 0xc031, 0x009e,
	    0x00a2, 0xc024, 0xc028, 0x003d, 0xc026, 0xc02a, 0x006b, 0x006a, 0xc00a, 0xc014, 0x0035, 0xc005, 0xc00f,
	    0x0039, 0x0038, 0xc023, 0xc027, 0x003c, 0xc025, 0xc029, 0x0067, 0x0040, 0xc009, 0xc013, 0x002f, 0xc004,
	    0xc00e, 0x0033, 0x0032), false,
	  G(0x0017, 0x0018, 0x0019, 0x0016, 0x0009, 0x000a, 0x000b, 0x000c, 0x000d, 0x000e), 0, SA_TLS12, true, NULL, false, true },
	{ "java17", "Java 17", 0x0303, 0x0304,
	  L(0x1302, 0x1301, 0x1303, 0xc02c, 0xc02b, 0xcca9, 0xc030, 0xcca8, 0xc02f, 0x009f, 0xccaa, 0x00a3, 0x009e,
	    0x00a2, 0xc024, 0xc028, 0xc023, 0xc027, 0x006b, 0x006a, 0x0067, 0x0040, 0xc00a, 0xc014, 0xc009, 0xc013,
	    0x0039, 0x0038, 0x0033, 0x0032, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f), true,
	  G(0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104), 2, SA_MODERN, true, NULL, false, true },
	{ "java7", "Java 7 (default TLS1.0)", 0x0301, 0x0301,
	  L(0xc009, 0xc013, 0x002f, 0xc004, 0xc00e, 0x0033, 0x0032, 0xc007, 0xc011, 0x0005, 0xc003, 0xc00d, 0x000a,
	    0x0013, 0x0004), false,
	  G(0x0017, 0x0018, 0x0019, 0x0016), 0, SA_TLS12, true, NULL, false, false },
	{ "android7", "Android 7", 0x0301, 0x0303,
	  L(0xc02b, 0xc02c, 0xcca9, 0xc02f, 0xc030, 0xcca8, 0xc009, 0xc00a, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f,
	    0x0035), true,
	  G(0x001d, 0x0017, 0x0018), 0, SA_TLS12, true, "h2,http/1.1", false, true },
	{ "win7", "IE 11 / Windows 7", 0x0301, 0x0303,
	  L(0xc028, 0xc027, 0xc014, 0xc013, 0x009f, 0x009e, 0x0039, 0x0033, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035,
	    0x002f, 0xc02c, 0xc02b, 0xc024, 0xc023, 0xc00a, 0xc009, 0x006a, 0x0040, 0x0038, 0x0032, 0x000a, 0x0013), false,
	  G(0x0017, 0x0018), 0, SA_TLS12, true, NULL, false, true },
	{ "win10", "Windows 10 Schannel", 0x0301, 0x0303,
	  L(0xc02c, 0xc02b, 0xc030, 0xc02f, 0x009f, 0x009e, 0xc024, 0xc023, 0xc028, 0xc027, 0xc00a, 0xc009, 0xc014,
	    0xc013, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x000a), true,
	  G(0x001d, 0x0017, 0x0018), 0, SA_TLS12, true, "h2,http/1.1", false, true },
	{ "openssl102", "OpenSSL 1.0.2", 0x0301, 0x0303,
	  L(0xc030, 0xc02c, 0xc028, 0xc024, 0xc014, 0xc00a, 0x00a5, 0x00a3, 0x00a1, 0x009f, 0x006b, 0x006a, 0x0069,
	    0x0068, 0x0039, 0x0038, 0x0037, 0x0036, 0x0088, 0x0087, 0x0086, 0x0085, 0xc032, 0xc02e, 0xc02a, 0xc026,
	    0xc00f, 0xc005, 0x009d, 0x003d, 0x0035, 0x0084, 0xc02f, 0xc02b, 0xc027, 0xc023, 0xc013, 0xc009, 0x00a4,
	    0x00a2, 0x00a0, 0x009e, 0x0067, 0x0040, 0x003f, 0x003e, 0x0033, 0x0032, 0x0031, 0x0030, 0x009a, 0x0099,
	    0x0098, 0x0097, 0x0045, 0x0044, 0x0043, 0x0042, 0xc031, 0xc02d, 0xc029, 0xc025, 0xc00e, 0xc004, 0x009c,
	    0x003c, 0x002f, 0x0096, 0x0041, 0x0007, 0xc011, 0xc007, 0xc00c, 0xc002, 0x0005, 0x0004, 0xc012, 0xc008,
	    0x0016, 0x0013, 0x0010, 0x000d, 0xc00d, 0xc003, 0x000a), false,
	  G(0x0017, 0x0019, 0x001c, 0x001b, 0x0018, 0x001a, 0x0016, 0x000e, 0x000d, 0x000b, 0x000c, 0x0009, 0x000a), 0, SA_TLS12, true, NULL, false, false },
	{ "iot-ccm", "IoT device (TLS1.2, AES-CCM only)", 0x0303, 0x0303,
	  L(0xc0ae, 0xc0ac, 0xc0a0, 0xc09c), false,
	  G(0x0017), 0, SA_TLS12, false, NULL, false, false },
	{ "node20", "Node.js 20", 0x0303, 0x0304,
	  L(0x1302, 0x1303, 0x1301, 0xc02f, 0xc02b, 0xc030, 0xc02c, 0x009e, 0xc027, 0x0067, 0xc028, 0x006b, 0x00a3,
	    0x009f, 0xcca9, 0xcca8, 0xccaa), true,
	  G(0x001d, 0x0017, 0x0018), 1, SA_OPENSSL, true, NULL, false, false },
	{ "ios9", "iOS 9 / Safari 9", 0x0301, 0x0303,
	  L(0xc02c, 0xc02b, 0xc024, 0xc023, 0xc00a, 0xc009, 0xc030, 0xc02f, 0xc028, 0xc027, 0xc014, 0xc013, 0x009d,
	    0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0xc008, 0xc012, 0x000a), false,
	  G(0x0017, 0x0018, 0x0019), 0, SA_TLS12, true, "h2,http/1.1", false, true },
};
#define NPROFILES (sizeof profiles / sizeof profiles[0])

size_t client_count(void)
{
	return NPROFILES;
}

const struct client_profile *client_at(size_t i)
{
	return i < NPROFILES ? &profiles[i] : NULL;
}

const struct client_profile *client_find(const char *name)
{
	for (size_t i = 0; i < NPROFILES; i++)
		if (!strcasecmp(name, profiles[i].name) || !strcasecmp(name, profiles[i].title))
			return &profiles[i];
	return NULL;
}

static char names_buf[512];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void names_init(void)
{
	size_t o = 0;
	for (size_t i = 0; i < NPROFILES && o < sizeof names_buf; i++)
		o += (size_t)snprintf(names_buf + o, sizeof names_buf - o, "%s%s", i ? " " : "", profiles[i].name);
}

const char *client_names(void)
{
	pthread_once(&names_once, names_init);
	return names_buf;
}

static bool in_list(const unsigned *l, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] == v)
			return true;
	return false;
}

/* The server would pick this suite for this client: ECDHE needs a common curve when the
 * scan knows the server's curves (RFC 8422 5.1: no common curve, no ECDHE suite). */
static bool usable(const struct client_profile *p, const struct scan_summary *s, unsigned version, unsigned suite)
{
	const struct suite_info *si = suite_info(suite);
	if (!in_list(p->suites, p->nsuites, suite))
		return false;
	if (version < 0x0304 && si && !strcmp(si->kx, "ECDHE") && s->groups.ncurves12) {
		for (size_t i = 0; i < p->ngroups; i++)
			if (in_list(s->groups.curves12, s->groups.ncurves12, p->groups[i]))
				return true;
		return false;
	}
	return true;
}

void clients_judge(const struct client_profile *p, const struct scan_summary *s, struct client_verdict *v)
{
	unsigned best = 0;
	int bi;
	const struct scan_enum *e;

	memset(v, 0, sizeof *v);
	/* the highest version both speak; a client does not fall back inside a handshake */
	for (unsigned ver = p->max_version; ver >= p->min_version && ver >= 0x0300; ver--) {
		int i = scan_version_index(ver);
		if (i >= 0 && s->version_ok[i]) {
			best = ver;
			break;
		}
		if (ver == p->min_version)
			break;
	}
	if (!best) {
		char server[64] = "";
		size_t o = 0;
		for (int k = 1; k < SCAN_NVERSIONS; k++)
			if (s->version_ok[k])
				o += (size_t)snprintf(server + o, sizeof server - o, "%s%s", o ? " " : "",
						      tls_version_name(scan_version_at(k)));
		snprintf(v->why, sizeof v->why, "no common version: the client speaks %s-%s, the server %s",
			 tls_version_name(p->min_version), tls_version_name(p->max_version), o ? server : "none");
		return;
	}
	bi = scan_version_index(best);
	e = &s->suites[bi];
	v->version = best;
	if (best == 0x0304 && s->groups.naccepted) {
		/* RFC 8446 4.2.7: no common group is a handshake_failure, not a fallback */
		for (size_t i = 0; i < s->groups.naccepted && !v->group; i++)
			if (in_list(p->groups, p->ngroups, s->groups.accepted[i]))
				v->group = s->groups.accepted[i];
		if (!v->group && p->ngroups) {
			snprintf(v->why, sizeof v->why, "no common key-exchange group in TLS1.3 (the server takes %s%s)",
				 group_name(s->groups.accepted[0]), s->groups.naccepted > 1 ? " and others" : "");
			return;
		}
	}
	if (e->server_pref == 1) {
		for (size_t i = 0; i < e->naccepted && !v->ok; i++)
			if (usable(p, s, best, e->accepted[i])) {
				v->suite = e->accepted[i];
				v->ok = true;
			}
	} else {
		for (size_t i = 0; i < p->nsuites && !v->ok; i++)
			if (in_list(e->accepted, e->naccepted, p->suites[i]) && usable(p, s, best, p->suites[i])) {
				v->suite = p->suites[i];
				v->ok = true;
			}
	}
	if (v->ok && best < 0x0304 && !strcmp(suite_info(v->suite) ? suite_info(v->suite)->kx : "", "ECDHE")) {
		const unsigned *srv = s->groups.curves12;
		for (size_t i = 0; i < p->ngroups && !v->group; i++)
			if (!s->groups.ncurves12 || in_list(srv, s->groups.ncurves12, p->groups[i]))
				v->group = p->groups[i];
	}
	if (!v->ok)
		snprintf(v->why, sizeof v->why, "no common cipher suite in %s (the client offers %zu, the server accepts %zu, none shared)",
			 tls_version_name(best), p->nsuites, e->naccepted);
}

void client_judge(const struct client_profile *p, const struct enumeration *r, struct client_verdict *v)
{
	struct scan_summary *s = calloc(1, sizeof *s);
	if (!s) {
		memset(v, 0, sizeof *v);
		snprintf(v->why, sizeof v->why, "out of memory");
		return;
	}
	/* the enumeration keeps SSLv3..TLS1.3 at index version - 0x0300 */
	for (unsigned k = 0; k < 5; k++) {
		int i = scan_version_index(0x0300 + k);
		s->version_ok[i] = r->version_ok[k];
		s->suites[i].naccepted = r->nsuites[k] < 128 ? r->nsuites[k] : 128;
		memcpy(s->suites[i].accepted, r->suites[k], s->suites[i].naccepted * sizeof r->suites[k][0]);
		s->suites[i].server_pref = r->server_pref[k];
	}
	s->groups.naccepted = r->ngroups < 24 ? r->ngroups : 24;
	memcpy(s->groups.accepted, r->groups, s->groups.naccepted * sizeof r->groups[0]);
	clients_judge(p, s, v);
	free(s);
}

/* ---- live: each profile's own hello ---- */

long client_build_hello(const struct client_profile *p, const struct target *t, unsigned char *buf, size_t cap)
{
	unsigned versions[8];
	size_t nv = 0;
	struct hello_spec s = { 0 };

	if (p->max_version >= 0x0304)
		for (unsigned v = p->max_version; v >= p->min_version && v >= 0x0301 && nv < 8; v--)
			versions[nv++] = v;
	s.legacy_version = p->max_version >= 0x0303 ? 0x0303 : p->max_version;
	s.record_version = p->max_version == 0x0300 ? 0x0300 : 0x0301;
	s.versions = nv ? versions : NULL;
	s.nversions = nv;
	s.suites = p->suites;
	s.nsuites = p->nsuites;
	s.groups = p->groups;
	s.ngroups = p->ngroups;
	s.share_groups = p->nshares ? p->nshares : 1;
	s.sigalgs = p->sigalgs;
	s.nsigalgs = p->nsigalgs;
	s.sni = p->sni && t ? target_sni(t) : NULL;
	s.alpn = p->alpn;
	s.grease = p->grease;
	s.status_request = p->status_request;
	s.no_extensions = p->max_version == 0x0300;
	return hello_build_client(&s, buf, cap);
}

/* What the client makes of the server's answer. */
static void live_verdict(const struct client_profile *p, struct client_live *l)
{
	const struct scan_result *r = &l->r;
	l->ok = false;
	if (r->outcome != OUTCOME_OK) {
		snprintf(l->why, sizeof l->why, "%s", r->reason);
		return;
	}
	l->version = r->version;
	l->suite = r->suite;
	l->group = r->group;
	if (r->ssl2 || r->version < p->min_version || r->version > p->max_version) {
		snprintf(l->why, sizeof l->why, "the server chose %s, outside the client's %s-%s",
			 r->ssl2 ? "SSLv2" : tls_version_name(r->version), tls_version_name(p->min_version),
			 tls_version_name(p->max_version));
		return;
	}
	if (!in_list(p->suites, p->nsuites, r->suite)) {
		snprintf(l->why, sizeof l->why, "the server chose %s, which the client did not offer", suite_name(r->suite));
		return;
	}
	if (r->hrr && !in_list(p->groups, p->ngroups, r->group)) {
		snprintf(l->why, sizeof l->why, "HelloRetryRequest for %s, which the client does not have", group_name(r->group));
		return;
	}
	l->ok = true;
	snprintf(l->why, sizeof l->why, "%s %s%s%s", tls_version_name(r->version), suite_name(r->suite),
		 r->hrr ? " after a HelloRetryRequest for " : "", r->hrr ? group_name(r->group) : "");
}

struct live_job {
	const struct target *t;
	int timeout_ms;
	const volatile int *cancel;
	struct client_live *l;
	size_t next, n;
	pthread_mutex_t *lock;
};

void client_sim_one(const struct client_profile *p, const struct target *t, int timeout_ms, const volatile int *cancel,
		    struct client_live *l)
{
	unsigned char hello[8192];
	char label[64];
	long n = client_build_hello(p, t, hello, sizeof hello);

	memset(l, 0, sizeof *l);
	l->profile = p;
	l->r.alert = -1;
	if (n < 0) {
		snprintf(l->why, sizeof l->why, "the profile's hello does not fit");
		return;
	}
	snprintf(label, sizeof label, "as %s (raw)", p->title);
	l->trace = scan_hello(t, label, hello, (size_t)n, timeout_ms, cancel, &l->r);
	live_verdict(p, l);
}

static void *live_thread(void *arg)
{
	struct live_job *j = arg;
	for (;;) {
		size_t i;
		pthread_mutex_lock(j->lock);
		i = j->next++;
		pthread_mutex_unlock(j->lock);
		if (i >= j->n || net_cancelled(j->cancel))
			return NULL;
		client_sim_one(client_at(i), j->t, j->timeout_ms, j->cancel, &j->l[i]);
	}
}

size_t clients_sim_live(const struct target *t, int timeout_ms, const volatile int *cancel, struct client_live *out,
			size_t max)
{
	pthread_t th[CLIENT_LIVE_THREADS];
	bool started[CLIENT_LIVE_THREADS];
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	size_t n = NPROFILES < max ? NPROFILES : max;
	struct live_job j = { t, timeout_ms, cancel, out, 0, n, &lock };

	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].profile = client_at(i);
		out[i].r.alert = -1;
	}
	for (int k = 0; k < CLIENT_LIVE_THREADS; k++)
		started[k] = pthread_create(&th[k], NULL, live_thread, &j) == 0;
	live_thread(&j);
	for (int k = 0; k < CLIENT_LIVE_THREADS; k++)
		if (started[k])
			pthread_join(th[k], NULL);
	pthread_mutex_destroy(&lock);
	for (size_t i = 0; i < n; i++)
		if (!out[i].trace && !out[i].why[0])
			snprintf(out[i].why, sizeof out[i].why, "cancelled");
	return n;
}

void clients_live_free(struct client_live *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		trace_free(l[i].trace);
		l[i].trace = NULL;
	}
}
