/* test_ocsp.c — issue 23: OCSP answers are believed only when they verify. openssl (the
 * oracle) makes a CA, a Must-Staple leaf, responder certificates and OCSP responses,
 * honest and forged; cert_revocation must call the honest ones by their word and every
 * forgery "could not check", never PASS and never REVOKED. The leaf's OCSP URL points at a
 * loopback socket of this test, which also shows whether the fetch policy let a request
 * through. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../tw_test.h"
#include "cert.h"
#include "trace.h"
#include "xmalloc.h"

static char dir[64];
static int lfd = -1, hfd = -1;	/* the OCSP socket (never answers); the caIssuers HTTP server */
static unsigned short lport, hport;
static bool pki_ok;

static const char pki_script[] =
	"set -e; cd \"$D\"\n"
	"ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1.key; }\n"
	"ec ca; openssl req -x509 -new -key ca.key -out ca.pem -subj '/CN=OCSP Test CA' -days 30 "
	"  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign\n"
	/* the same name as the CA, another key: a forger's best try */
	"ec evil; openssl req -x509 -new -key evil.key -out evil.pem -subj '/CN=OCSP Test CA' -days 30\n"
	"signed() { ec $1; openssl req -new -key $1.key -out $1.csr -subj \"/CN=$2\";\n"
	"  printf \"$4\" > $1.ext; openssl x509 -req -in $1.csr -CA ca.pem -CAkey ca.key -set_serial $3 -days 10 "
	"  -extfile $1.ext -out $1.pem; }\n"
	"signed leaf leaf.tlswiz.test 0x1001 "
	"  'subjectAltName=DNS:leaf.tlswiz.test\\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:'$P'/\\ntlsfeature=status_request\\n'\n"
	"signed other other.tlswiz.test 0x2002 'subjectAltName=DNS:other.tlswiz.test\\n'\n"
	"signed rs 'OCSP Responder' 0x3003 'extendedKeyUsage=OCSPSigning\\n'\n"
	"signed rsn 'Not A Responder' 0x4004 'keyUsage=digitalSignature\\n'\n"
	"signed aia aia.tlswiz.test 0x5005 'authorityInfoAccess=caIssuers;URI:http://127.0.0.1:'$Q'/ca.der\\n'\n"
	"openssl x509 -in aia.pem -outform DER -out aia.der\n"
	"printf 'V\\t301231000000Z\\t\\t1001\\tunknown\\t/CN=leaf.tlswiz.test\\n"
	"V\\t301231000000Z\\t\\t2002\\tunknown\\t/CN=other.tlswiz.test\\n' > good.idx\n"
	"printf 'R\\t301231000000Z\\t250101000000Z\\t1001\\tunknown\\t/CN=leaf.tlswiz.test\\n' > rev.idx\n"
	"openssl ocsp -issuer ca.pem -cert leaf.pem -reqout req.der -no_nonce\n"
	"openssl ocsp -issuer ca.pem -cert other.pem -reqout req2.der -no_nonce\n"
	"resp() { openssl ocsp -index $1 -rsigner $2.pem -rkey $2.key -CA ca.pem -reqin $3 -respout $4 -ndays 1 $5; }\n"
	"resp rev.idx ca req.der rev_ca.der\n"
	"resp good.idx ca req.der good_ca.der\n"
	"resp rev.idx evil req.der rev_evil.der\n"
	"resp rev.idx evil req.der rev_evil_nocerts.der -resp_no_certs\n"
	"resp good.idx evil req.der good_evil.der\n"
	"resp good.idx ca req2.der good_other.der\n"
	"resp good.idx rs req.der good_deleg.der\n"
	"resp good.idx rsn req.der good_noeku.der\n"
	"head -c 61440 /dev/urandom > random.der\n"
	"openssl x509 -in leaf.pem -outform DER -out leaf.der; openssl x509 -in ca.pem -outform DER -out ca.der\n";

static void setup(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof a;
	char cmd[256];
	FILE *f;

	snprintf(dir, sizeof dir, "/tmp/tw-ocsp-XXXXXX");
	if (!mkdtemp(dir))
		return;
	/* the responder address: listens, never accepts; a pending connection is proof that
	 * a request was sent */
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 8) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &l) != 0)
		return;
	lport = ntohs(a.sin_port);
	hfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	a.sin_port = 0;
	l = sizeof a;
	if (bind(hfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(hfd, 8) != 0 ||
	    getsockname(hfd, (struct sockaddr *)&a, &l) != 0)
		return;
	hport = ntohs(a.sin_port);
	snprintf(cmd, sizeof cmd, "%s/pki.sh", dir);
	f = fopen(cmd, "w");
	if (!f)
		return;
	fputs(pki_script, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "D=%s P=%u Q=%u sh %s/pki.sh >%s/pki.log 2>&1", dir, lport, hport, dir, dir);
	pki_ok = system(cmd) == 0;
	if (!pki_ok)
		fprintf(stderr, "test_ocsp: the openssl PKI script failed, see %s/pki.log\n", dir);
}

static void teardown(void)
{
	char cmd[128];
	if (lfd >= 0)
		close(lfd);
	if (hfd >= 0)
		close(hfd);
	lfd = hfd = -1;
	if (dir[0] && pki_ok) {
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		(void)!system(cmd);
	}
}

static struct blob load(const char *name)
{
	char path[128];
	struct blob b = { 0 };
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "missing %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b.data = xmalloc((size_t)n + 1);
	b.len = fread(b.data, 1, (size_t)n, f);
	fclose(f);
	return b;
}

/* The leaf and its CA as a server would send them, with staple (a file name) or none. */
static struct trace *served(const char *staple, const char *addr)
{
	struct trace *t = trace_new("default");
	t->certs = xcalloc(2, sizeof *t->certs);
	t->certs[0] = load("leaf.der");
	t->certs[1] = load("ca.der");
	t->ncerts = 2;
	snprintf(t->addr, sizeof t->addr, "%s", addr);
	if (staple) {
		t->ocsp = load(staple);
		t->staple = true;
	}
	return t;
}

/* Take every connection the responder socket has pending; how many were there? */
static int drain_requests(void)
{
	int n = 0;
	struct pollfd p = { .fd = lfd, .events = POLLIN };
	while (poll(&p, 1, 0) == 1) {
		int c = accept(lfd, NULL, NULL);
		if (c < 0)
			break;
		close(c);
		n++;
	}
	return n;
}

static const struct {
	const char *staple;
	bool checked, revoked;
	const char *words;	/* in the staple's verdict */
} staples[] = {
	/* honest: signed by the issuer, or by a responder with the OCSP signing EKU */
	{ "rev_ca.der", true, true, "REVOKED since 2025-01-01" },
	{ "good_ca.der", true, false, "says good" },
	{ "good_deleg.der", true, false, "says good" },
	/* forged or beside the point: never a verdict */
	{ "rev_evil.der", false, false, "responder certificate the issuer did not sign" },
	{ "rev_evil_nocerts.der", false, false, "could not check" },
	{ "good_evil.der", false, false, "could not check" },
	{ "good_other.der", false, false, "about another certificate" },
	{ "good_noeku.der", false, false, "without the OCSP signing EKU" },
	{ "random.der", false, false, "not a valid OCSP response" },
};

START_TEST(only_a_verified_staple_counts)
{
	TW_SKIP_UNLESS(system("command -v openssl >/dev/null") == 0, "openssl is not installed");
	ck_assert_msg(pki_ok, "the PKI was not made (see %s/pki.log)", dir);
	for (size_t i = 0; i < sizeof staples / sizeof staples[0]; i++) {
		struct trace *t = served(staples[i].staple, "127.0.0.1:443");
		struct revocation rv;
		const char *said;

		cert_revocation(t, "", 500, false, &rv);
		drain_requests();
		said = rv.staple_ok ? rv.detail : rv.staple_why;
		ck_assert_msg(rv.must_staple, "the leaf's Must-Staple feature was not seen");
		ck_assert_msg(rv.staple_ok == staples[i].checked, "%s: staple %s: %s", staples[i].staple,
			      rv.staple_ok ? "believed" : "refused", said);
		ck_assert_msg(rv.revoked == staples[i].revoked, "%s: revoked=%d: %s", staples[i].staple, rv.revoked,
			      rv.detail);
		ck_assert_msg(strstr(said, staples[i].words) != NULL, "%s: want \"%s\" in \"%s\"", staples[i].staple,
			      staples[i].words, said);
		if (!staples[i].checked) {
			/* then the live responder was asked, and it does not answer: could not check */
			ck_assert_msg(!rv.checked, "%s: checked after a forged staple: %s", staples[i].staple, rv.detail);
			ck_assert_msg(!strncmp(said, "could not check: ", 17), "%s: %s", staples[i].staple, said);
			ck_assert_msg(!strncmp(rv.detail, "could not check: ", 17), "%s: %s", staples[i].staple, rv.detail);
		}
		trace_free(t);
	}
}
END_TEST

START_TEST(no_responder_reachable_is_could_not_check)
{
	struct trace *t;
	struct revocation rv;

	TW_SKIP_UNLESS(system("command -v openssl >/dev/null") == 0, "openssl is not installed");
	ck_assert(pki_ok);
	t = served(NULL, "127.0.0.1:443");
	cert_revocation(t, "", 500, false, &rv);
	ck_assert_msg(!rv.checked && !rv.revoked, "%s", rv.detail);
	ck_assert_msg(strstr(rv.detail, "could not check: OCSP responder") != NULL, "%s", rv.detail);
	/* the target is on loopback, so is the responder: the policy let the request go */
	ck_assert_int_eq(drain_requests(), 1);
	ck_assert_msg(strstr(rv.fetch_log, "loopback, like the target") != NULL, "%s", rv.fetch_log);
	/* and the request goes on the ladder */
	cert_fetch_steps(t, rv.fetch_log);
	ck_assert_uint_ge(t->nsteps, 1);
	ck_assert_str_eq(t->steps[t->nsteps - 1].name, "HTTP fetch");
	ck_assert_msg(strstr(t->steps[t->nsteps - 1].summary, "http://127.0.0.1:") != NULL, "%s",
		      t->steps[t->nsteps - 1].summary);
	trace_free(t);
}
END_TEST

START_TEST(the_fetch_policy_keeps_a_public_target_out_of_loopback)
{
	struct trace *t;
	struct revocation rv;

	TW_SKIP_UNLESS(system("command -v openssl >/dev/null") == 0, "openssl is not installed");
	ck_assert(pki_ok);
	/* a target on a public address (TEST-NET-3) whose certificate points at 127.0.0.1 */
	t = served(NULL, "203.0.113.7:443");
	cert_revocation(t, "", 500, false, &rv);
	ck_assert_int_eq(drain_requests(), 0);
	ck_assert_msg(!rv.checked, "%s", rv.detail);
	ck_assert_msg(strstr(rv.fetch_log, "not fetched (fetch policy): 127.0.0.1 is a loopback address and the target is not"),
		      "%s", rv.fetch_log);
	trace_free(t);

	/* --no-fetch: nothing is asked at all */
	t = served(NULL, "127.0.0.1:443");
	cert_revocation(t, "", 500, true, &rv);
	ck_assert_int_eq(drain_requests(), 0);
	ck_assert_msg(strstr(rv.fetch_log, "not fetched: --no-fetch") != NULL, "%s", rv.fetch_log);
	ck_assert(!rv.checked);
	trace_free(t);
}
END_TEST

/* ---- the caIssuers URL: an HTTP server here answers each connection with the next
 * canned reply ---- */

struct http_script {
	const char *const *replies;
	size_t n;
	int served;
	pthread_t th;
};

static void *http_main(void *arg)
{
	struct http_script *h = arg;
	for (size_t i = 0; i < h->n; i++) {
		struct pollfd p = { .fd = hfd, .events = POLLIN };
		char req[2048];
		int c;
		if (poll(&p, 1, 3000) != 1)
			break;
		c = accept(hfd, NULL, NULL);
		if (c < 0)
			break;
		(void)!recv(c, req, sizeof req, 0);
		if (!strcmp(h->replies[i], "BIG")) {
			static char zeros[65536];
			const char *hdr = "HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\n";
			(void)!send(c, hdr, strlen(hdr), MSG_NOSIGNAL);
			for (int k = 0; k < 32; k++)
				if (send(c, zeros, sizeof zeros, MSG_NOSIGNAL) < 0)
					break;
		} else {
			(void)!send(c, h->replies[i], strlen(h->replies[i]), MSG_NOSIGNAL);
		}
		h->served++;
		close(c);
	}
	return NULL;
}

static void aia_fetch_with(const char *const *replies, size_t n, struct aia_fetch *a, int *served)
{
	struct http_script h = { .replies = replies, .n = n };
	struct trace *t = trace_new("default");

	t->certs = xcalloc(1, sizeof *t->certs);
	t->certs[0] = load("aia.der");
	t->ncerts = 1;
	snprintf(t->addr, sizeof t->addr, "127.0.0.1:443");
	ck_assert_int_eq(pthread_create(&h.th, NULL, http_main, &h), 0);
	cert_fetch_aia(t, "", 2000, false, a);
	pthread_join(h.th, NULL);
	*served = h.served;
	trace_free(t);
}

START_TEST(a_fetched_body_is_capped_at_one_mib)
{
	static const char *const replies[] = { "BIG" };
	struct aia_fetch a;
	int served;

	TW_SKIP_UNLESS(system("command -v openssl >/dev/null") == 0, "openssl is not installed");
	ck_assert(pki_ok);
	aia_fetch_with(replies, 1, &a, &served);
	ck_assert_int_eq(served, 1);
	ck_assert_msg(!a.fetched && strstr(a.detail, "larger than 1 MiB") != NULL, "%s", a.detail);
	free(a.der.data);
}
END_TEST

START_TEST(a_redirect_is_judged_like_the_first_url)
{
	static const char *const to_private[] = {
		"HTTP/1.1 302 Found\r\nLocation: http://10.1.2.3/ca.der\r\nContent-Length: 0\r\n\r\n",
	};
	char again[256];
	const char *twice[2];
	struct aia_fetch a;
	int served;

	TW_SKIP_UNLESS(system("command -v openssl >/dev/null") == 0, "openssl is not installed");
	ck_assert(pki_ok);
	/* into a private network the target is not in: refused, nothing sent there */
	aia_fetch_with(to_private, 1, &a, &served);
	ck_assert_int_eq(served, 1);
	ck_assert_msg(!a.fetched, "%s", a.detail);
	ck_assert_msg(strstr(a.fetch_log, "redirects to http://10.1.2.3/ca.der") != NULL &&
		      strstr(a.fetch_log, "not fetched (fetch policy): 10.1.2.3 is a private address and the target is not"),
		      "%s", a.fetch_log);
	free(a.der.data);

	/* one redirect is followed, a second is not */
	snprintf(again, sizeof again, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:%u/again\r\nContent-Length: 0\r\n\r\n",
		 hport);
	twice[0] = twice[1] = again;
	aia_fetch_with(twice, 2, &a, &served);
	ck_assert_int_eq(served, 2);
	ck_assert_msg(!a.fetched, "%s", a.detail);
	ck_assert_msg(strstr(a.fetch_log, "a further redirect, not followed (at most one)") != NULL, "%s", a.fetch_log);
	free(a.der.data);
}
END_TEST

/* ---- the live responder: the OCSP socket answers one request with a file ---- */

struct responder {
	struct blob body;
	int served;
	pthread_t th;
};

static void *responder_main(void *arg)
{
	struct responder *r = arg;
	struct pollfd p = { .fd = lfd, .events = POLLIN };
	char req[4096], hdr[160];
	int c;

	if (poll(&p, 1, 3000) != 1 || (c = accept(lfd, NULL, NULL)) < 0)
		return NULL;
	(void)!recv(c, req, sizeof req, 0);
	snprintf(hdr, sizeof hdr, "HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: %zu\r\n\r\n",
		 r->body.len);
	(void)!send(c, hdr, strlen(hdr), MSG_NOSIGNAL);
	(void)!send(c, r->body.data, r->body.len, MSG_NOSIGNAL);
	r->served++;
	close(c);
	return NULL;
}

START_TEST(a_live_answer_counts_only_when_it_verifies)
{
	static const struct {
		const char *file;
		bool checked, revoked;
		const char *words;
	} answers[] = {
		{ "rev_ca.der", true, true, "OCSP says REVOKED" },
		{ "good_deleg.der", true, false, "OCSP says good" },
		{ "rev_evil.der", false, false, "could not check: the OCSP is not to be believed" },
		{ "good_evil.der", false, false, "could not check: the OCSP is not to be believed" },
		{ "good_other.der", false, false, "about another certificate" },
	};

	TW_SKIP_UNLESS(system("command -v openssl >/dev/null") == 0, "openssl is not installed");
	ck_assert(pki_ok);
	drain_requests();
	for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
		struct responder r = { .body = load(answers[i].file) };
		struct trace *t = served(NULL, "127.0.0.1:443");
		struct revocation rv;

		ck_assert_int_eq(pthread_create(&r.th, NULL, responder_main, &r), 0);
		cert_revocation(t, "", 2000, false, &rv);
		pthread_join(r.th, NULL);
		ck_assert_int_eq(r.served, 1);
		ck_assert_msg(rv.checked == answers[i].checked && rv.revoked == answers[i].revoked, "%s: %s", answers[i].file,
			      rv.detail);
		ck_assert_msg(strstr(rv.detail, answers[i].words) != NULL, "%s: want \"%s\" in \"%s\"", answers[i].file,
			      answers[i].words, rv.detail);
		free(r.body.data);
		trace_free(t);
	}
}
END_TEST

static Suite *ocsp_suite(void)
{
	Suite *s = suite_create("ocsp");
	TCase *tc = tcase_create("verify");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, only_a_verified_staple_counts);
	tcase_add_test(tc, no_responder_reachable_is_could_not_check);
	tcase_add_test(tc, a_live_answer_counts_only_when_it_verifies);
	tcase_add_test(tc, the_fetch_policy_keeps_a_public_target_out_of_loopback);
	tcase_add_test(tc, a_fetched_body_is_capped_at_one_mib);
	tcase_add_test(tc, a_redirect_is_judged_like_the_first_url);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(ocsp_suite, TW_LAB)
