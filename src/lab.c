/* lab.c — the built-in lab: deliberately broken servers on 127.0.0.1, one table row each.
 * One accept thread polls every listener (idle CPU ~0: it sleeps in poll); each connection
 * gets a short-lived thread with a 10 s deadline, at most LAB_MAX_CONNS at once (more are
 * closed at once). lab_stop() shuts every socket down and waits for every thread. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "hello.h"
#include "lab.h"
#include "labpki.h"
#include "model.h"
#include "responder.h"
#include "xmalloc.h"

#define LAB_MAX_CONNS 64
#define LAB_DEADLINE_S 10
#define HOST(n) n ".tlswiz.test"

/* A scenario's kind: one of the responder's (responder.h), or one of the lab's own
 * servers: a real GnuTLS server, an HTTP CONNECT proxy, the tarpit. The hostile ones are
 * started only with --hostile or by name. */
enum lab_kind { K_TLS = R__COUNT, K_PROXY, K_TARPIT };
#define IS_HOSTILE(k) (RESP_HOSTILE(k) || (k) == K_TARPIT)

#define O_CLIENT_CERT	0x01	/* require a client certificate */
#define O_SNI_REQUIRED	0x02	/* alert unrecognized_name without SNI */
#define O_ALPN_REFUSE	0x04	/* only an ALPN protocol nobody offers, mandatory */
#define O_DH1024	0x08	/* a 1024-bit DH group (RFC 2409 group 2) */
#define O_PSK_ONLY	0x10	/* PSK suites only: no certificate client shares a suite */
#define O_CLOCK_SKEW	0x20	/* HTTP Date three days behind: the server's clock is wrong */
#define O_PROXY_AUTH	0x40	/* the proxy wants Proxy-Authorization lab:lab (407 without) */
#define O_PROXY_ICPT	0x80	/* the proxy answers CONNECT itself with a re-signed certificate */

#define P_MODERN "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1"

struct scenario {
	struct lab_entry e;		/* name, host, expect, wizard, desc (port filled at start) */
	int offset;
	int kind;			/* enum resp_kind or enum lab_kind */
	const char *prio;		/* NULL: P_MODERN */
	struct lab_leaf leaf[2];	/* [1]: a second virtual host, names NULL if none */
	unsigned opts;
};

#define L(names, key, chain, flags) { names, key, chain, flags }
#define GOOD_EC(n) L(HOST(n), LK_EC, LC_GOOD, 0)
#define NO_LEAF2 { NULL, 0, 0, 0 }
#define S(name_, off, host_, expect_, wiz, desc_, kind_, prio_, leaf0, leaf1, opts_) \
	{ .e = { .name = name_, .host = host_, .expect = expect_, .wizard = wiz, .desc = desc_ }, \
	  .offset = off, .kind = kind_, .prio = prio_, .leaf = { leaf0, leaf1 }, .opts = opts_ }
/* A proxy scenario: diagnosing it means reaching via_ through this proxy. */
#define PX(name_, off, via_, expect_, desc_, leaf0, opts_) \
	{ .e = { .name = name_, .host = HOST(name_), .expect = expect_, .wizard = "firewall", .desc = desc_, \
		 .via = via_ }, .offset = off, .kind = K_PROXY, .prio = NULL, .leaf = { leaf0, NO_LEAF2 }, .opts = opts_ }

static const struct scenario table[] = {
	/* certificates */
	S("good-rsa", 1, HOST("good-rsa"), "none", "certificates", "healthy: TLS1.2+1.3, RSA-2048 leaf, full chain",
	  K_TLS, NULL, L(HOST("good-rsa"), LK_RSA2048, LC_GOOD, 0), NO_LEAF2, 0),
	S("good-ecdsa", 2, HOST("good-ecdsa"), "none", "certificates", "healthy: TLS1.2+1.3, ECDSA P-256 leaf, full chain",
	  K_TLS, NULL, GOOD_EC("good-ecdsa"), NO_LEAF2, 0),
	S("expired", 3, HOST("expired"), "cert.expired", "certificates", "the leaf expired 10 days ago",
	  K_TLS, NULL, L(HOST("expired"), LK_EC, LC_GOOD, LEAF_EXPIRED), NO_LEAF2, 0),
	S("not-yet-valid", 4, HOST("not-yet-valid"), "cert.not_yet_valid", "certificates", "the leaf becomes valid in 10 days",
	  K_TLS, NULL, L(HOST("not-yet-valid"), LK_EC, LC_GOOD, LEAF_FUTURE), NO_LEAF2, 0),
	S("wrong-host", 5, HOST("wrong-host"), "cert.hostname_mismatch", "certificates", "the certificate is for another name",
	  K_TLS, NULL, L(HOST("other-name"), LK_EC, LC_GOOD, 0), NO_LEAF2, 0),
	S("wildcard", 6, "www.wild.tlswiz.test", "none", "certificates", "healthy wildcard *.wild.tlswiz.test",
	  K_TLS, NULL, L("*.wild.tlswiz.test", LK_EC, LC_GOOD, 0), NO_LEAF2, 0),
	S("wildcard-apex", 7, "wild2.tlswiz.test", "cert.wildcard_mismatch", "certificates", "*.wild2.tlswiz.test does not cover the apex",
	  K_TLS, NULL, L("*.wild2.tlswiz.test", LK_EC, LC_GOOD, 0), NO_LEAF2, 0),
	S("self-signed", 8, HOST("self-signed"), "cert.self_signed", "certificates", "a self-signed leaf",
	  K_TLS, NULL, L(HOST("self-signed"), LK_EC, LC_SELF_SIGNED, 0), NO_LEAF2, 0),
	S("rsa1024", 9, HOST("rsa1024"), "cert.weak_key", "certificates", "an RSA-1024 leaf key",
	  K_TLS, NULL, L(HOST("rsa1024"), LK_RSA1024, LC_GOOD, 0), NO_LEAF2, 0),
	S("sha1", 10, HOST("sha1"), "cert.weak_signature", "certificates", "the leaf is signed with SHA-1",
	  K_TLS, NULL, L(HOST("sha1"), LK_EC, LC_GOOD, LEAF_SHA1), NO_LEAF2, 0),
	S("no-san", 11, HOST("no-san"), "cert.no_san", "certificates", "the name only in the CN, no subjectAltName",
	  K_TLS, NULL, L(HOST("no-san"), LK_EC, LC_GOOD, LEAF_NO_SAN), NO_LEAF2, 0),
	S("client-eku", 12, HOST("client-eku"), "cert.bad_eku", "certificates", "the leaf allows clientAuth only",
	  K_TLS, NULL, L(HOST("client-eku"), LK_EC, LC_GOOD, LEAF_CLIENT_EKU), NO_LEAF2, 0),
	S("revoked", 13, HOST("revoked"), "cert.revoked", "certificates", "the leaf is on the lab CRL (served over HTTP)",
	  K_TLS, NULL, L(HOST("revoked"), LK_EC, LC_GOOD, LEAF_REVOKED), NO_LEAF2, 0),
	S("must-staple", 14, HOST("must-staple"), "cert.must_staple_missing", "certificates", "Must-Staple leaf, no staple sent",
	  K_TLS, NULL, L(HOST("must-staple"), LK_EC, LC_GOOD, LEAF_MUST_STAPLE), NO_LEAF2, 0),
	S("client-cert", 15, HOST("client-cert"), "cert.client_cert_required", "certificates", "the server requires a client certificate",
	  K_TLS, NULL, GOOD_EC("client-cert"), NO_LEAF2, O_CLIENT_CERT),
	S("expires-soon", 17, HOST("expires-soon"), "cert.expires_soon", "certificates", "the leaf expires in 12 days",
	  K_TLS, NULL, L(HOST("expires-soon"), LK_EC, LC_GOOD, LEAF_SOON), NO_LEAF2, 0),
	S("clock-skew", 18, HOST("clock-skew"), "cert.clock_skew", "certificates", "the server's clock is three days behind (HTTP Date)",
	  K_TLS, NULL, GOOD_EC("clock-skew"), NO_LEAF2, O_CLOCK_SKEW),
	S("evil-names", 16, HOST("evil"), "none", "certificates", "subject CN and O full of terminal escape sequences",
	  K_TLS, NULL, L(HOST("evil"), LK_EC, LC_GOOD, LEAF_EVIL_DN), NO_LEAF2, 0),
	/* chain */
	S("leaf-only", 20, HOST("leaf-only"), "chain.incomplete", "chain", "the intermediate is not sent",
	  K_TLS, NULL, L(HOST("leaf-only"), LK_EC, LC_LEAF_ONLY, 0), NO_LEAF2, 0),
	S("aia", 21, HOST("aia"), "chain.incomplete_aia", "chain", "the intermediate is not sent but fetchable via AIA",
	  K_TLS, NULL, L(HOST("aia"), LK_EC, LC_AIA, 0), NO_LEAF2, 0),
	S("wrong-order", 22, HOST("wrong-order"), "chain.wrong_order", "chain", "leaf, root, intermediate",
	  K_TLS, NULL, L(HOST("wrong-order"), LK_EC, LC_WRONG_ORDER, 0), NO_LEAF2, 0),
	S("wrong-intermediate", 23, HOST("wrong-intermediate"), "chain.wrong_intermediate", "chain", "the intermediate sent did not issue the leaf",
	  K_TLS, NULL, L(HOST("wrong-intermediate"), LK_EC, LC_WRONG_INT, 0), NO_LEAF2, 0),
	S("expired-intermediate", 24, HOST("expired-intermediate"), "chain.expired_intermediate", "chain", "the intermediate expired",
	  K_TLS, NULL, L(HOST("expired-intermediate"), LK_EC, LC_EXPIRED_INT, 0), NO_LEAF2, 0),
	S("untrusted-root", 25, HOST("untrusted-root"), "chain.untrusted_root", "chain", "the chain ends at a root nobody trusts",
	  K_TLS, NULL, L(HOST("untrusted-root"), LK_EC, LC_UNTRUSTED_ROOT, 0), NO_LEAF2, 0),
	/* ciphers */
	S("root-sent", 26, HOST("root-sent"), "chain.root_sent", "chain", "leaf, intermediate and the root itself",
	  K_TLS, NULL, L(HOST("root-sent"), LK_EC, LC_ROOT_SENT, 0), NO_LEAF2, 0),
	S("export-des", 34, HOST("export-des"), "cipher.export,cipher.des,cipher.null,cipher.no_shared", "ciphers",
	  "only EXPORT, single-DES and NULL suites (a raw server GnuTLS could never be)",
	  R_EXPORT, NULL, GOOD_EC("export-des"), NO_LEAF2, 0),
	S("rc4-3des", 30, HOST("rc4-3des"), "cipher.no_shared,cipher.rc4,cipher.3des", "ciphers", "RC4 and 3DES suites only, TLS1.0-1.2",
	  K_TLS, "NONE:+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0:+ARCFOUR-128:+3DES-CBC:+RSA:+ECDHE-RSA:+SHA1:+MD5:+SIGN-ALL:+GROUP-ALL:+COMP-NULL",
	  L(HOST("rc4-3des"), LK_RSA2048, LC_GOOD, 0), NO_LEAF2, 0),
	S("static-rsa-cbc", 31, HOST("static-rsa-cbc"), "cipher.no_pfs,cipher.cbc_only", "ciphers", "static-RSA CBC suites only: no forward secrecy",
	  K_TLS, "NONE:+VERS-TLS1.2:+RSA:+AES-128-CBC:+AES-256-CBC:+SHA1:+SHA256:+SIGN-ALL:+COMP-NULL",
	  L(HOST("static-rsa-cbc"), LK_RSA2048, LC_GOOD, 0), NO_LEAF2, 0),
	S("dhe-1024", 32, HOST("dhe-1024"), "cipher.weak_dh", "ciphers", "DHE with a 1024-bit group",
	  K_TLS, "NORMAL:-VERS-TLS1.3:-VERS-TLS1.0:-VERS-TLS1.1:-GROUP-FFDHE2048:-GROUP-FFDHE3072:-GROUP-FFDHE4096:-GROUP-FFDHE6144:-GROUP-FFDHE8192",
	  L(HOST("dhe-1024"), LK_RSA2048, LC_GOOD, 0), NO_LEAF2, O_DH1024),
	S("no-shared-cipher", 33, HOST("no-shared-cipher"), "cipher.no_shared", "ciphers", "PSK suites only: certificate clients share none",
	  K_TLS, "NONE:+VERS-TLS1.2:+PSK:+AES-128-CBC:+SHA1:+SIGN-ALL:+COMP-NULL",
	  GOOD_EC("no-shared-cipher"), NO_LEAF2, O_PSK_ONLY),
	/* sni */
	S("sni-default", 40, HOST("vhost"), "sni.default_cert", "sni", "name-based vhosts; without SNI the default certificate is for another name",
	  K_TLS, NULL, GOOD_EC("default"), GOOD_EC("vhost"), 0),
	S("sni-unknown", 41, HOST("missing"), "cert.hostname_mismatch", "sni", "no vhost for the name asked: the default certificate comes back (sni.unknown_name with --sni NAME,vhost2...)",
	  K_TLS, NULL, GOOD_EC("default"), GOOD_EC("vhost2"), 0),
	S("sni-required", 42, HOST("sni-required"), "sni.required", "sni", "alert unrecognized_name without SNI",
	  K_TLS, NULL, GOOD_EC("sni-required"), NO_LEAF2, O_SNI_REQUIRED),
	S("alpn-refused", 43, HOST("alpn-refused"), "sni.alpn_mismatch", "sni", "refuses every ALPN protocol clients offer",
	  K_TLS, NULL, GOOD_EC("alpn-refused"), NO_LEAF2, O_ALPN_REFUSE),
	/* versions */
	S("tls10-only", 50, HOST("tls10-only"), "version.tls10,version.legacy_only,version.no_tls12", "versions", "TLS1.0 only",
	  K_TLS, "NORMAL:-VERS-ALL:+VERS-TLS1.0", L(HOST("tls10-only"), LK_RSA2048, LC_GOOD, 0), NO_LEAF2, 0),
	S("tls11-max", 51, HOST("tls11-max"), "version.tls10,version.tls11,version.legacy_only", "versions", "TLS1.0 and 1.1, nothing newer",
	  K_TLS, "NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0", L(HOST("tls11-max"), LK_RSA2048, LC_GOOD, 0), NO_LEAF2, 0),
	S("tls12-only", 55, HOST("tls12-only"), "none", "versions", "healthy TLS1.2-only server (no TLS1.3)",
	  K_TLS, "NORMAL:-VERS-ALL:+VERS-TLS1.2", GOOD_EC("tls12-only"), NO_LEAF2, 0),
	S("tls13-only", 52, HOST("tls13-only"), "version.tls13_only", "versions", "TLS1.3 only: older clients fail",
	  K_TLS, "NORMAL:-VERS-ALL:+VERS-TLS1.3", GOOD_EC("tls13-only"), NO_LEAF2, 0),
	S("tls13-intolerant", 53, HOST("tls13-intolerant"), "version.intolerance", "versions", "closes the connection when the hello offers TLS1.3",
	  R_INTOLERANT, "NORMAL:-VERS-ALL:+VERS-TLS1.2", GOOD_EC("tls13-intolerant"), NO_LEAF2, 0),
	S("big-hello-intolerant", 57, HOST("big-hello-intolerant"), "version.intolerance", "versions",
	  "hangs on hellos of 256-511 bytes and drops larger ones (the F5 bug and its cousins)",
	  R_BIGHELLO, NULL, GOOD_EC("big-hello-intolerant"), NO_LEAF2, 0),
	S("ssl3-only", 54, HOST("ssl3-only"), "version.ssl3", "versions", "answers every hello with an SSLv3 ServerHello",
	  R_SSL3, NULL, NO_LEAF2, NO_LEAF2, 0),
	S("ssl2-only", 56, HOST("ssl2-only"), "version.ssl2", "versions", "speaks SSLv2; refuses TLS hellos with protocol_version",
	  R_SSL2, NULL, GOOD_EC("ssl2-only"), NO_LEAF2, 0),
	/* firewall */
	S("silent", 60, HOST("silent"), "net.blackhole", "firewall", "accepts the connection, never answers",
	  R_SILENT, NULL, NO_LEAF2, NO_LEAF2, 0),
	S("rst-after-hello", 61, HOST("rst-after-hello"), "net.reset", "firewall", "resets the connection after the ClientHello",
	  R_RST, NULL, NO_LEAF2, NO_LEAF2, 0),
	S("rst-for-sni", 62, HOST("blocked"), "net.sni_filter", "firewall", "resets only when SNI is blocked.tlswiz.test",
	  R_RST_SNI, NULL, GOOD_EC("open"), NO_LEAF2, 0),
	S("drop-for-sni", 63, HOST("dropped"), "net.sni_filter", "firewall", "goes silent only when SNI is dropped.tlswiz.test",
	  R_DROP_SNI, NULL, GOOD_EC("open"), NO_LEAF2, 0),
	S("stall-after-hello", 64, HOST("stall"), "net.stall", "firewall", "sends a ServerHello, then nothing",
	  R_STALL, NULL, NO_LEAF2, NO_LEAF2, 0),
	S("http", 65, HOST("http"), "net.not_tls,net.http", "firewall", "plain HTTP on the port",
	  R_HTTP, NULL, NO_LEAF2, NO_LEAF2, 0),
	S("ssh", 66, HOST("ssh"), "net.not_tls,net.ssh", "firewall", "an SSH banner",
	  R_SSH, NULL, NO_LEAF2, NO_LEAF2, 0),
	S("smtp-starttls", 67, HOST("smtp"), "net.starttls_required", "firewall", "SMTP banner; STARTTLS works",
	  R_SMTP, NULL, GOOD_EC("smtp"), NO_LEAF2, 0),
	S("xmpp-starttls", 69, HOST("xmpp"), "net.starttls_required", "firewall", "XMPP stream; <starttls/> works",
	  R_XMPP, NULL, GOOD_EC("xmpp"), NO_LEAF2, 0),
	S("ldap-starttls", 70, HOST("ldap"), "net.starttls_required", "firewall", "LDAP; the StartTLS extended operation works",
	  R_LDAP, NULL, GOOD_EC("ldap"), NO_LEAF2, 0),
	S("mysql-starttls", 71, HOST("mysql"), "net.starttls_required", "firewall", "MySQL greeting; the SSLRequest upgrade works",
	  R_MYSQL, NULL, GOOD_EC("mysql"), NO_LEAF2, 0),
	PX("proxy", 72, "good-ecdsa", "none", "an HTTP CONNECT proxy that tunnels to the lab",
	   GOOD_EC("proxy"), 0),
	PX("proxy-auth", 73, "good-ecdsa", "net.proxy", "a CONNECT proxy that wants a password (407 without lab:lab)",
	   GOOD_EC("proxy-auth"), O_PROXY_AUTH),
	PX("proxy-intercept", 74, "good-ecdsa", "net.interception,chain.interception",
	   "a CONNECT proxy that decrypts and re-signs TLS (inspection)",
	   L("*.tlswiz.test", LK_EC, LC_INTERCEPT, 0), O_PROXY_ICPT),
	/* hostile servers (tlswiz lab --hostile): each must end in a clean finding */
	S("chain-150", 80, HOST("chain-150"), "tls.error", "certificates", "hostile: a Certificate message with 150 certificates",
	  R_CHAIN150, NULL, GOOD_EC("chain-150"), NO_LEAF2, 0),
	S("cert-16mib", 81, HOST("cert-16mib"), "tls.error", "firewall", "hostile: a Certificate message that claims 16 MiB and streams it",
	  R_BIGCERT, NULL, GOOD_EC("cert-16mib"), NO_LEAF2, 0),
	S("lying-record", 82, HOST("lying-record"), "tls.error", "firewall", "hostile: a record header claiming 65535 bytes",
	  R_LYING_RECORD, NULL, GOOD_EC("lying-record"), NO_LEAF2, 0),
	S("bad-extensions", 83, HOST("bad-extensions"), "tls.error", "versions", "hostile: ServerHello extensions that overlap and run past the end",
	  R_BAD_EXT, NULL, GOOD_EC("bad-extensions"), NO_LEAF2, 0),
	S("hrr-loop", 84, HOST("hrr-loop"), "tls.error", "versions", "hostile: a HelloRetryRequest for every ClientHello",
	  R_HRR_LOOP, NULL, GOOD_EC("hrr-loop"), NO_LEAF2, 0),
	S("alert-flood", 85, HOST("alert-flood"), "tls.error", "firewall", "hostile: warning alerts as fast as the socket takes them",
	  R_ALERT_FLOOD, NULL, GOOD_EC("alert-flood"), NO_LEAF2, 0),
	S("drip", 86, HOST("drip"), "net.stall", "firewall", "hostile: the ServerHello one byte per second",
	  R_DRIP, NULL, GOOD_EC("drip"), NO_LEAF2, 0),
	S("tarpit", 87, HOST("tarpit"), "net.blackhole", "firewall", "hostile: accepts up to 10,000 connections and never reads",
	  K_TARPIT, NULL, GOOD_EC("tarpit"), NO_LEAF2, 0),
	S("intercept", 68, HOST("intercept"), "chain.interception,net.interception", "firewall", "re-signed by a TLS-inspection CA",
	  K_TLS, NULL, L(HOST("intercept"), LK_EC, LC_INTERCEPT, 0), NO_LEAF2, 0),
};
#define NSCEN (sizeof table / sizeof table[0])

/* RFC 2409 6.2, the 1024-bit MODP group (generator 2). */
static const char modp1024[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
	"8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
	"0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF";

struct server {
	const struct scenario *sc;
	struct lab_entry e;
	int fd;
	struct lab_certs certs[2];	/* [0] default, [1] a second virtual host */
	gnutls_certificate_credentials_t cred;
	gnutls_psk_server_credentials_t psk;
	gnutls_priority_t prio;
	gnutls_dh_params_t dh;
	struct lab *lab;
	unsigned long accepted;		/* connections so far (atomic: read by lab_connections) */
};

struct lab {
	struct server *srv;
	size_t n;
	int files_fd;
	unsigned short files_port;
	struct labpki *pki;
	char cafile[64];
	int stop[2];
	pthread_t accept_thread;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	int active;
	int conn_fds[LAB_MAX_CONNS];
	bool stopping;
	int *tarpit;		/* connections the tarpit accepted and never reads */
	size_t ntarpit;
};

#define TARPIT_MAX 10000

/* ---- static listing ---- */

size_t lab_scenario_count(void)
{
	return NSCEN;
}

const struct lab_entry *lab_scenario(size_t i, unsigned short base)
{
	static __thread struct lab_entry e;
	if (i >= NSCEN)
		return NULL;
	e = table[i].e;
	e.port = base ? (unsigned short)(base + table[i].offset) : 0;
	return &e;
}

/* ---- sockets ---- */

static int listen_on(unsigned short port, unsigned short *actual)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 128) < 0) {
		close(fd);
		return -1;
	}
	getsockname(fd, (struct sockaddr *)&a, &len);
	*actual = ntohs(a.sin_port);
	return fd;
}

static void set_timeouts(int fd)
{
	struct timeval tv = { .tv_sec = LAB_DEADLINE_S };
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* ---- TLS ---- */

static bool names_cover(const char *names, const char *host)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", names);
	for (char *save = NULL, *n = strtok_r(buf, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
		const char *dot = strchr(host, '.');
		if (!strcasecmp(n, host) || (n[0] == '*' && dot && !strcasecmp(n + 1, dot)))
			return true;
	}
	return false;
}

/* Pick the chain by SNI (the second virtual host when its name is asked for) and hand it
 * over exactly as built. */
static int retrieve(gnutls_session_t s, const gnutls_datum_t *req_ca, int nreq, const gnutls_pk_algorithm_t *pk,
		    int npk, gnutls_pcert_st **pcert, unsigned *n, gnutls_privkey_t *key)
{
	struct server *srv = gnutls_session_get_ptr(s);
	struct lab_certs *c = &srv->certs[0];
	char name[256];
	size_t len = sizeof name;
	unsigned type;

	(void)req_ca, (void)nreq, (void)pk, (void)npk;
	if (srv->certs[1].n && gnutls_server_name_get(s, name, &len, &type, 0) == 0 &&
	    names_cover(srv->certs[1].names, name))
		c = &srv->certs[1];
	if (!c->n)
		return -1;
	*pcert = c->pcert;
	*n = c->n;
	*key = c->key;
	return 0;
}

static int need_sni(gnutls_session_t s)
{
	char name[256];
	size_t len = sizeof name;
	unsigned type;
	if (gnutls_server_name_get(s, name, &len, &type, 0) < 0)
		return GNUTLS_E_UNRECOGNIZED_NAME;
	return 0;
}

static void serve_tls(struct server *srv, int fd)
{
	gnutls_session_t s;
	char buf[2048];
	int r;

	if (gnutls_init(&s, GNUTLS_SERVER | GNUTLS_NO_SIGNAL) < 0)
		return;
	gnutls_session_set_ptr(s, srv);
	gnutls_priority_set(s, srv->prio);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, srv->cred);
	if (srv->psk)
		gnutls_credentials_set(s, GNUTLS_CRD_PSK, srv->psk);
	if (srv->sc->opts & O_CLIENT_CERT)
		gnutls_certificate_server_set_request(s, GNUTLS_CERT_REQUIRE);
	if (srv->sc->opts & O_SNI_REQUIRED)
		gnutls_handshake_set_post_client_hello_function(s, need_sni);
	if (srv->sc->opts & O_ALPN_REFUSE) {
		gnutls_datum_t only = { (unsigned char *)"tlswiz-only/1", 13 };
		gnutls_alpn_set_protocols(s, &only, 1, GNUTLS_ALPN_MANDATORY);
	} else {
		/* Like any web server: HTTP/1.1 when asked (the clock check's HEAD uses it). */
		gnutls_datum_t h1 = { (unsigned char *)"http/1.1", 8 };
		gnutls_alpn_set_protocols(s, &h1, 1, 0);
	}
	gnutls_transport_set_int(s, fd);
	gnutls_handshake_set_timeout(s, LAB_DEADLINE_S * 1000);
	do {
		r = gnutls_handshake(s);
	} while (r < 0 && !gnutls_error_is_fatal(r) && r != GNUTLS_E_AGAIN);
	if (r < 0) {
		gnutls_alert_send_appropriate(s, r);
		gnutls_deinit(s);
		return;
	}
	/* Answer one HTTP request (for the clock check), then close politely. */
	r = (int)gnutls_record_recv(s, buf, sizeof buf - 1);
	if (r > 0 && (!strncmp(buf, "HEAD ", 5) || !strncmp(buf, "GET ", 4))) {
		char resp[256], date[64];
		time_t now = time(NULL) - (srv->sc->opts & O_CLOCK_SKEW ? 3 * 86400 : 0);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		snprintf(resp, sizeof resp, "HTTP/1.1 200 OK\r\nDate: %s\r\nServer: tlswiz-lab\r\nContent-Length: 0\r\n"
			 "Connection: close\r\n\r\n", date);
		gnutls_record_send(s, resp, strlen(resp));
	}
	gnutls_bye(s, GNUTLS_SHUT_WR);
	gnutls_deinit(s);
}

/* ---- raw misbehaviours ---- */

/* ---- an HTTP CONNECT proxy (RFC 9110 9.3.6) that only ever tunnels to 127.0.0.1 ---- */

static void proxy_reply(int fd, const char *status, const char *extra)
{
	char buf[512];
	snprintf(buf, sizeof buf, "HTTP/1.1 %s\r\n%sContent-Length: 0\r\nConnection: close\r\n\r\n", status,
		 extra ? extra : "");
	resp_send_all(fd, buf, strlen(buf));
}

static bool lab_dest(const char *host)
{
	size_t n = strlen(host);
	return !strcmp(host, "localhost") || !strncmp(host, "127.", 4) ||
	       (n > 12 && !strcasecmp(host + n - 12, ".tlswiz.test"));
}

static void relay(struct server *srv, int a, int b)
{
	char buf[16384];
	for (;;) {
		struct pollfd p[3] = { { a, POLLIN, 0 }, { b, POLLIN, 0 }, { srv->lab->stop[0], POLLIN, 0 } };
		if (poll(p, 3, LAB_DEADLINE_S * 1000) <= 0 || p[2].revents)
			return;
		for (int i = 0; i < 2; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t r = recv(p[i].fd, buf, sizeof buf, 0);
			if (r <= 0)
				return;
			if (send(i ? a : b, buf, (size_t)r, MSG_NOSIGNAL) != r)
				return;
		}
	}
}

static void serve_proxy(struct server *srv, int fd)
{
	char req[8192], host[256];
	size_t n = 0;
	unsigned port = 0;

	while (n < sizeof req - 1 && resp_wait(srv->lab->stop[0], fd, LAB_DEADLINE_S * 1000)) {
		ssize_t r = recv(fd, req + n, 1, 0);
		if (r != 1)
			return;
		req[++n] = '\0';
		if (n >= 4 && !memcmp(req + n - 4, "\r\n\r\n", 4))
			break;
		if ((unsigned char)req[0] == 0x16) {	/* TLS spoken straight at the proxy */
			proxy_reply(fd, "400 Bad Request", NULL);
			return;
		}
	}
	req[n] = '\0';
	if (sscanf(req, "CONNECT %255[^: ]:%u HTTP/1.", host, &port) != 2 || !port || port > 65535) {
		proxy_reply(fd, "400 Bad Request", NULL);
		return;
	}
	if ((srv->sc->opts & O_PROXY_AUTH) && !strcasestr(req, "Proxy-Authorization: Basic bGFiOmxhYg==")) {
		proxy_reply(fd, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"tlswiz lab\"\r\n");
		return;
	}
	if (!lab_dest(host)) {
		proxy_reply(fd, "403 Forbidden", "X-Lab: this proxy tunnels only to the lab on 127.0.0.1\r\n");
		return;
	}
	if (srv->sc->opts & O_PROXY_ICPT) {
		/* Inspection: answer the tunnel and speak TLS ourselves, re-signed. */
		resp_send_all(fd, "HTTP/1.1 200 Connection established\r\n\r\n", 39);
		serve_tls(srv, fd);
		return;
	}
	{
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		int up = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (up < 0 || connect(up, (struct sockaddr *)&sa, sizeof sa) < 0) {
			if (up >= 0)
				close(up);
			proxy_reply(fd, "502 Bad Gateway", NULL);
			return;
		}
		set_timeouts(up);
		resp_send_all(fd, "HTTP/1.1 200 Connection established\r\n\r\n", 39);
		relay(srv, fd, up);
		close(up);
	}
}

/* ---- hostile servers (issue 12) ---- */

/* ---- one connection: the scenario row's kind ---- */

static void tls_over(void *arg, int fd)
{
	serve_tls(arg, fd);
}

static void serve_conn(struct server *srv, int fd)
{
	struct resp_env env = { .stop_fd = srv->lab->stop[0], .deadline_ms = LAB_DEADLINE_S * 1000,
				.sni = srv->sc->e.host, .tls = tls_over, .arg = srv };

	if (srv->certs[0].n) {
		env.leaf = srv->certs[0].pcert[0].cert.data;
		env.leaf_len = srv->certs[0].pcert[0].cert.size;
	}
	switch (srv->sc->kind) {
	case K_TLS:
		serve_tls(srv, fd);
		break;
	case K_PROXY:
		serve_proxy(srv, fd);
		break;
	case K_TARPIT:
		break;	/* handled in the accept loop */
	default:
		responder_serve((enum resp_kind)srv->sc->kind, &env, fd);
	}
}

/* ---- the file server for AIA and CRL ---- */

static void serve_files(struct lab *lab, int fd)
{
	char req[1024], path[256] = "";
	ssize_t n = 0;
	const gnutls_datum_t *d;
	char hdr[256];

	while (n < (ssize_t)sizeof req - 1 && resp_wait(lab->stop[0], fd, 5000)) {
		ssize_t r = recv(fd, req + n, sizeof req - 1 - (size_t)n, 0);
		if (r <= 0)
			break;
		n += r;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[n > 0 ? n : 0] = '\0';
	sscanf(req, "GET %255s", path);
	d = labpki_file(lab->pki, path);
	if (!d) {
		static const char nf[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
		resp_send_all(fd, nf, sizeof nf - 1);
		return;
	}
	snprintf(hdr, sizeof hdr, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %u\r\nConnection: close\r\n\r\n",
		 strstr(path, ".crl") ? "application/pkix-crl" : "application/pkix-cert", d->size);
	resp_send_all(fd, hdr, strlen(hdr));
	resp_send_all(fd, d->data, d->size);
}

/* ---- threads ---- */

struct conn_arg {
	struct server *srv;	/* NULL: the file server */
	struct lab *lab;
	int fd, slot;
};

static void *conn_thread(void *arg)
{
	struct conn_arg *a = arg;
	struct lab *lab = a->lab;

	if (a->srv)
		serve_conn(a->srv, a->fd);
	else
		serve_files(lab, a->fd);
	pthread_mutex_lock(&lab->lock);
	lab->conn_fds[a->slot] = -1;
	close(a->fd);
	if (--lab->active == 0)
		pthread_cond_broadcast(&lab->idle);
	pthread_mutex_unlock(&lab->lock);
	free(a);
	return NULL;
}

static void start_conn(struct lab *lab, struct server *srv, int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC), slot = -1;
	struct conn_arg *a;
	pthread_t t;
	pthread_attr_t attr;

	if (fd < 0)
		return;
	pthread_mutex_lock(&lab->lock);
	for (int i = 0; i < LAB_MAX_CONNS && !lab->stopping; i++)
		if (lab->conn_fds[i] < 0) {
			slot = i;
			lab->conn_fds[i] = fd;
			lab->active++;
			break;
		}
	pthread_mutex_unlock(&lab->lock);
	if (slot < 0) {
		close(fd);	/* over the cap: shed load rather than pile up threads */
		return;
	}
	set_timeouts(fd);
	a = xcalloc(1, sizeof *a);
	*a = (struct conn_arg){ .srv = srv, .lab = lab, .fd = fd, .slot = slot };
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, conn_thread, a) != 0) {
		pthread_mutex_lock(&lab->lock);
		lab->conn_fds[slot] = -1;
		lab->active--;
		pthread_mutex_unlock(&lab->lock);
		close(fd);
		free(a);
	}
	pthread_attr_destroy(&attr);
}

static void *accept_loop(void *arg)
{
	struct lab *lab = arg;
	struct pollfd *p = xcalloc(lab->n + 2, sizeof *p);

	for (size_t i = 0; i < lab->n; i++)
		p[i] = (struct pollfd){ .fd = lab->srv[i].fd, .events = POLLIN };
	p[lab->n] = (struct pollfd){ .fd = lab->files_fd, .events = POLLIN };
	p[lab->n + 1] = (struct pollfd){ .fd = lab->stop[0], .events = POLLIN };
	for (;;) {
		if (poll(p, lab->n + 2, -1) < 0 && errno != EINTR)
			break;
		if (p[lab->n + 1].revents)
			break;
		for (size_t i = 0; i < lab->n; i++) {
			if (!(p[i].revents & POLLIN))
				continue;
			__atomic_add_fetch(&lab->srv[i].accepted, 1, __ATOMIC_RELAXED);
			if (lab->srv[i].sc->kind == K_TARPIT) {
				/* Accept and hold, never read; past the cap (or out of descriptors)
				 * stop accepting: the kernel backlog then holds the rest. */
				int fd = lab->ntarpit < TARPIT_MAX ? accept4(p[i].fd, NULL, NULL, SOCK_CLOEXEC) : -1;
				if (fd >= 0) {
					if (!lab->tarpit)
						lab->tarpit = xcalloc(TARPIT_MAX, sizeof *lab->tarpit);
					lab->tarpit[lab->ntarpit++] = fd;
				} else {
					p[i].events = 0;
				}
				continue;
			}
			start_conn(lab, &lab->srv[i], p[i].fd);
		}
		if (p[lab->n].revents & POLLIN)
			start_conn(lab, NULL, lab->files_fd);
	}
	free(p);
	return NULL;
}

/* ---- start / stop ---- */

static bool named(const struct lab_opts *o, const char *name)
{
	if (!o->only)
		return true;
	for (size_t i = 0; o->only[i]; i++)
		if (!strcmp(o->only[i], name))
			return true;
	return false;
}

/* Asked for by name, or the server behind a proxy scenario that was asked for. Hostile
 * scenarios only with --hostile or by name. */
static bool wanted(const struct lab_opts *o, const struct scenario *sc)
{
	const char *name = sc->e.name;
	if (IS_HOSTILE(sc->kind) && !o->hostile && !(o->only && named(o, name)))
		return false;
	if (named(o, name))
		return true;
	for (size_t i = 0; i < NSCEN; i++)
		if (table[i].e.via && !strcmp(table[i].e.via, name) && named(o, table[i].e.name))
			return true;
	return false;
}

static int setup_server(struct lab *lab, struct server *srv, char *err, size_t errlen)
{
	const struct scenario *sc = srv->sc;
	const char *errpos;

	srv->lab = lab;
	if (gnutls_certificate_allocate_credentials(&srv->cred) < 0)
		return -1;
	for (int i = 0; i < 2; i++)
		if (sc->leaf[i].names && labpki_make(lab->pki, &sc->leaf[i], &srv->certs[i]) < 0) {
			snprintf(err, errlen, "%s: certificate set-up failed", sc->e.name);
			return -1;
		}
	gnutls_certificate_set_retrieve_function2(srv->cred, retrieve);
	if (gnutls_priority_init(&srv->prio, sc->prio ? sc->prio : P_MODERN, &errpos) < 0) {
		snprintf(err, errlen, "%s: bad priority near \"%.20s\"", sc->e.name, errpos ? errpos : "?");
		return -1;
	}
	if (sc->opts & O_DH1024) {
		gnutls_datum_t p = { NULL, 0 }, g = { (unsigned char *)"\x02", 1 };
		unsigned char bin[128];
		size_t n = 0;
		for (size_t i = 0; i + 1 < sizeof modp1024 && n < sizeof bin; i += 2) {
			unsigned v;
			sscanf(modp1024 + i, "%2x", &v);
			bin[n++] = (unsigned char)v;
		}
		p.data = bin;
		p.size = (unsigned)n;
		gnutls_dh_params_init(&srv->dh);
		gnutls_dh_params_import_raw(srv->dh, &p, &g);
		gnutls_certificate_set_dh_params(srv->cred, srv->dh);
	}
	if (sc->opts & O_PSK_ONLY) {
		gnutls_psk_allocate_server_credentials(&srv->psk);
	}
	srv->fd = listen_on(srv->e.port, &srv->e.port);
	if (srv->fd < 0) {
		snprintf(err, errlen, "%s: cannot listen on 127.0.0.1:%u: %s", sc->e.name, srv->e.port, strerror(errno));
		return -1;
	}
	return 0;
}

static void free_servers(struct lab *lab)
{
	for (size_t i = 0; i < lab->n; i++) {
		struct server *s = &lab->srv[i];
		if (s->fd >= 0)
			close(s->fd);
		if (s->cred)
			gnutls_certificate_free_credentials(s->cred);
		labpki_certs_free(&s->certs[0]);
		labpki_certs_free(&s->certs[1]);
		if (s->psk)
			gnutls_psk_free_server_credentials(s->psk);
		if (s->prio)
			gnutls_priority_deinit(s->prio);
		if (s->dh)
			gnutls_dh_params_deinit(s->dh);
	}
	free(lab->srv);
}

struct lab *lab_start(const struct lab_opts *o, char *err, size_t errlen)
{
	struct lab *lab = xcalloc(1, sizeof *lab);
	char base[64];
	size_t k = 0;
	FILE *f;
	int fd;

	gnutls_global_init();
	if (o->hostile) {
		/* the tarpit holds up to TARPIT_MAX connections */
		struct rlimit rl;
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	pthread_mutex_init(&lab->lock, NULL);
	pthread_cond_init(&lab->idle, NULL);
	for (int i = 0; i < LAB_MAX_CONNS; i++)
		lab->conn_fds[i] = -1;
	lab->files_fd = listen_on(o->base_port, &lab->files_port);
	if (lab->files_fd < 0 || pipe2(lab->stop, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "cannot listen on 127.0.0.1:%u: %s", o->base_port, strerror(errno));
		goto fail_early;
	}
	snprintf(base, sizeof base, "http://127.0.0.1:%u", lab->files_port);
	lab->pki = labpki_new(base, err, errlen);
	if (!lab->pki)
		goto fail_early;
	lab->srv = xcalloc(NSCEN, sizeof *lab->srv);
	for (size_t i = 0; i < NSCEN; i++) {
		if (!wanted(o, &table[i]))
			continue;
		lab->srv[k].sc = &table[i];
		lab->srv[k].e = table[i].e;
		lab->srv[k].e.port = o->base_port ? (unsigned short)(o->base_port + table[i].offset) : 0;
		lab->srv[k].fd = -1;
		lab->n = ++k;
		if (setup_server(lab, &lab->srv[k - 1], err, errlen) < 0)
			goto fail;
	}
	snprintf(lab->cafile, sizeof lab->cafile, "%s/tlswiz-lab-ca-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(lab->cafile);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "cannot write the lab CA file");
		lab->cafile[0] = '\0';
		goto fail;
	}
	fwrite(labpki_root_pem(lab->pki)->data, 1, labpki_root_pem(lab->pki)->size, f);
	fclose(f);
	if (pthread_create(&lab->accept_thread, NULL, accept_loop, lab) != 0) {
		snprintf(err, errlen, "cannot start the lab thread");
		goto fail;
	}
	return lab;
fail:
	if (lab->cafile[0])
		unlink(lab->cafile);
	free_servers(lab);
fail_early:
	labpki_free(lab->pki);
	if (lab->files_fd >= 0)
		close(lab->files_fd);
	free(lab);
	return NULL;
}

void lab_stop(struct lab *lab)
{
	if (!lab)
		return;
	pthread_mutex_lock(&lab->lock);
	lab->stopping = true;
	for (int i = 0; i < LAB_MAX_CONNS; i++)
		if (lab->conn_fds[i] >= 0)
			shutdown(lab->conn_fds[i], SHUT_RDWR);
	pthread_mutex_unlock(&lab->lock);
	(void)!write(lab->stop[1], "x", 1);
	pthread_join(lab->accept_thread, NULL);
	pthread_mutex_lock(&lab->lock);
	while (lab->active > 0)
		pthread_cond_wait(&lab->idle, &lab->lock);
	pthread_mutex_unlock(&lab->lock);
	for (size_t i = 0; i < lab->ntarpit; i++)
		close(lab->tarpit[i]);
	free(lab->tarpit);
	free_servers(lab);
	close(lab->files_fd);
	close(lab->stop[0]);
	close(lab->stop[1]);
	unlink(lab->cafile);
	labpki_free(lab->pki);
	pthread_mutex_destroy(&lab->lock);
	pthread_cond_destroy(&lab->idle);
	free(lab);
}

unsigned long lab_connections(const struct lab *lab, size_t i)
{
	return i < lab->n ? __atomic_load_n(&lab->srv[i].accepted, __ATOMIC_RELAXED) : 0;
}

size_t lab_count(const struct lab *lab)
{
	return lab->n;
}

const struct lab_entry *lab_entry(const struct lab *lab, size_t i)
{
	return i < lab->n ? &lab->srv[i].e : NULL;
}

const struct lab_entry *lab_find(const struct lab *lab, const char *name)
{
	for (size_t i = 0; i < lab->n; i++)
		if (!strcmp(lab->srv[i].e.name, name))
			return &lab->srv[i].e;
	return NULL;
}

void lab_target(const struct lab *lab, const struct lab_entry *e, struct target *t)
{
	const struct lab_entry *to = e->via ? lab_find(lab, e->via) : NULL;
	snprintf(t->host, sizeof t->host, "%s", to ? to->host : e->host);
	t->port = to ? to->port : e->port;
	snprintf(t->connect_to, sizeof t->connect_to, "127.0.0.1");
	snprintf(t->cafile, sizeof t->cafile, "%s", lab_cafile(lab));
	if (to)
		snprintf(t->proxy, sizeof t->proxy, "http://127.0.0.1:%u", e->port);
}

void lab_args(const struct lab *lab, const struct lab_entry *e, char *buf, size_t len)
{
	const struct lab_entry *to = e->via ? lab_find(lab, e->via) : NULL;
	char px[64] = "";
	if (to)
		snprintf(px, sizeof px, "--proxy http://127.0.0.1:%u ", e->port);
	snprintf(buf, len, "%s--connect-to 127.0.0.1 --cafile %s %s:%u", px, lab_cafile(lab),
		 to ? to->host : e->host, to ? to->port : e->port);
}

const char *lab_cafile(const struct lab *lab)
{
	return lab->cafile;
}
