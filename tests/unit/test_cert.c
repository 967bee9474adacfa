/* test_cert.c — certificate judgement on certificates made here with GnuTLS: host-name
 * rules (wildcards, IP SANs, CN only), long chains and issuer loops that must terminate,
 * and the fixed chain written in issuing order. No fixture files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "../tw_test.h"
#include "cert.h"
#include "trace.h"

struct tcert {
	gnutls_x509_crt_t crt;
	gnutls_x509_privkey_t key;
};

static gnutls_x509_privkey_t new_key(void)
{
	gnutls_x509_privkey_t k;
	ck_assert_int_eq(gnutls_x509_privkey_init(&k), 0);
	ck_assert_int_eq(gnutls_x509_privkey_generate(k, GNUTLS_PK_ECDSA,
						      GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0), 0);
	return k;
}

/* A certificate for subject CN=cn; signed by issuer (or itself when NULL, or by
 * sign_key with issuer_dn_of when forging loops). sans: "DNS:a,IP:1.2.3.4" or NULL. */
static void make(struct tcert *out, const char *cn, const struct tcert *issuer, bool ca, const char *sans)
{
	static unsigned serial = 1;
	unsigned char sn[4];
	time_t now = time(NULL);

	out->key = new_key();
	ck_assert_int_eq(gnutls_x509_crt_init(&out->crt), 0);
	gnutls_x509_crt_set_version(out->crt, 3);
	sn[0] = 0x11;
	sn[1] = (unsigned char)(serial >> 16);
	sn[2] = (unsigned char)(serial >> 8);
	sn[3] = (unsigned char)serial++;
	gnutls_x509_crt_set_serial(out->crt, sn, sizeof sn);
	gnutls_x509_crt_set_dn_by_oid(out->crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn, (unsigned)strlen(cn));
	gnutls_x509_crt_set_key(out->crt, out->key);
	gnutls_x509_crt_set_activation_time(out->crt, now - 3600);
	gnutls_x509_crt_set_expiration_time(out->crt, now + 30 * 86400);
	gnutls_x509_crt_set_basic_constraints(out->crt, ca, -1);
	gnutls_x509_crt_set_key_usage(out->crt, ca ? GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN
						   : GNUTLS_KEY_DIGITAL_SIGNATURE);
	if (sans) {
		char buf[512];
		snprintf(buf, sizeof buf, "%s", sans);
		for (char *save = NULL, *s = strtok_r(buf, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
			if (!strncmp(s, "DNS:", 4)) {
				gnutls_x509_crt_set_subject_alt_name(out->crt, GNUTLS_SAN_DNSNAME, s + 4,
								     (unsigned)strlen(s + 4), GNUTLS_FSAN_APPEND);
			} else if (!strncmp(s, "IP:", 3)) {
				unsigned char ip[16];
				unsigned n = inet_pton(AF_INET, s + 3, ip) == 1 ? 4 : 16;
				if (n == 16)
					ck_assert_int_eq(inet_pton(AF_INET6, s + 3, ip), 1);
				gnutls_x509_crt_set_subject_alt_name(out->crt, GNUTLS_SAN_IPADDRESS, ip, n,
								     GNUTLS_FSAN_APPEND);
			}
		}
	}
	if (issuer)
		ck_assert_int_eq(gnutls_x509_crt_sign2(out->crt, issuer->crt, issuer->key, GNUTLS_DIG_SHA256, 0), 0);
	else
		ck_assert_int_eq(gnutls_x509_crt_sign2(out->crt, out->crt, out->key, GNUTLS_DIG_SHA256, 0), 0);
}

static void drop(struct tcert *c)
{
	gnutls_x509_crt_deinit(c->crt);
	gnutls_x509_privkey_deinit(c->key);
}

static void add_to_trace(struct trace *t, const struct tcert *c)
{
	gnutls_datum_t der;
	ck_assert_int_eq(gnutls_x509_crt_export2(c->crt, GNUTLS_X509_FMT_DER, &der), 0);
	trace_add_cert(t, der.data, der.size);
	gnutls_free(der.data);
}

static void write_pem(const char *path, const struct tcert *c)
{
	gnutls_datum_t pem;
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(gnutls_x509_crt_export2(c->crt, GNUTLS_X509_FMT_PEM, &pem), 0);
	fwrite(pem.data, 1, pem.size, f);
	gnutls_free(pem.data);
	fclose(f);
}

static int matches(const struct tcert *c, const char *name)
{
	gnutls_datum_t der;
	char why[160];
	int r;
	ck_assert_int_eq(gnutls_x509_crt_export2(c->crt, GNUTLS_X509_FMT_DER, &der), 0);
	r = cert_match_host(der.data, der.size, name, why, sizeof why);
	gnutls_free(der.data);
	return r;
}

static const struct {
	const char *pattern, *name;
	int want;
} pattern_cases[] = {
	{ "www.example.com", "www.example.com", 1 },
	{ "WWW.Example.COM", "www.example.com", 1 },
	{ "www.example.com.", "www.example.com", 1 },
	{ "www.example.com", "www.example.com.", 1 },
	{ "www.example.com", "example.com", 0 },
	{ "example.com", "www.example.com", 0 },
	{ "*.example.com", "www.example.com", 1 },
	{ "*.example.com", "WWW.EXAMPLE.COM", 1 },
	{ "*.example.com", "example.com", 0 },		/* never the apex */
	{ "*.example.com", "a.b.example.com", 0 },	/* exactly one label */
	{ "*.example.com", ".example.com", 0 },		/* empty label */
	{ "*.example.com", "wwwexample.com", 0 },
	{ "*.com", "example.com", 0 },			/* too broad */
	{ "*", "localhost", 0 },
	{ "w*.example.com", "www.example.com", 0 },	/* partial wildcards: refused, like browsers */
	{ "*w.example.com", "www.example.com", 0 },
	{ "www.*.com", "www.example.com", 0 },
	{ "*.*.example.com", "a.b.example.com", 0 },
	{ "*.example.com", "1.2.3.4", 0 },
	{ "*.2.3.4", "1.2.3.4", 0 },			/* a wildcard never covers an IP */
	{ "", "", 0 },
};

START_TEST(cert_name_patterns_follow_rfc6125)
{
	for (size_t i = 0; i < sizeof pattern_cases / sizeof pattern_cases[0]; i++) {
		int got = cert_name_pattern_match(pattern_cases[i].pattern, strlen(pattern_cases[i].pattern),
						  pattern_cases[i].name);
		ck_assert_msg(got == pattern_cases[i].want, "%s vs %s: got %d", pattern_cases[i].pattern,
			      pattern_cases[i].name, got);
	}
	/* An embedded NUL ("good.com\0.evil.com") never matches either side. */
	ck_assert_int_eq(cert_name_pattern_match("good.com\0.evil.com", 18, "good.com"), 0);
}
END_TEST

START_TEST(cert_host_uses_ip_sans_and_never_the_cn)
{
	struct tcert ca, ipc, cnonly, wild;
	make(&ca, "Test CA", NULL, true, NULL);
	make(&ipc, "10.0.0.1", &ca, false, "DNS:db.example.com,IP:10.0.0.1,IP:2001:db8::7");
	make(&cnonly, "legacy.example.com", &ca, false, NULL);
	make(&wild, "*.wild.example.com", &ca, false, "DNS:*.wild.example.com");

	ck_assert_int_eq(matches(&ipc, "10.0.0.1"), 1);
	ck_assert_int_eq(matches(&ipc, "2001:db8::7"), 1);
	ck_assert_int_eq(matches(&ipc, "2001:0db8:0:0::7"), 1);	/* same address, other spelling */
	ck_assert_int_eq(matches(&ipc, "10.0.0.2"), 0);
	ck_assert_int_eq(matches(&ipc, "db.example.com"), 1);
	ck_assert_int_eq(matches(&ipc, "10.0.0.1.example.com"), 0);
	/* The CN alone never counts (Chrome 58+, Go 1.15+). */
	ck_assert_int_eq(matches(&cnonly, "legacy.example.com"), 0);
	ck_assert_int_eq(matches(&wild, "a.wild.example.com"), 1);
	ck_assert_int_eq(matches(&wild, "wild.example.com"), 0);
	ck_assert_int_eq(matches(&wild, "a.b.wild.example.com"), 0);
	{
		gnutls_datum_t der;
		char why[160];
		ck_assert_int_eq(gnutls_x509_crt_export2(cnonly.crt, GNUTLS_X509_FMT_DER, &der), 0);
		cert_match_host(der.data, der.size, "legacy.example.com", why, sizeof why);
		ck_assert_ptr_nonnull(strstr(why, "no subjectAltName"));
		gnutls_free(der.data);
		ck_assert_int_eq(gnutls_x509_crt_export2(wild.crt, GNUTLS_X509_FMT_DER, &der), 0);
		cert_match_host(der.data, der.size, "wild.example.com", why, sizeof why);
		ck_assert_ptr_nonnull(strstr(why, "wildcard"));
		gnutls_free(der.data);
	}
	drop(&ca);
	drop(&ipc);
	drop(&cnonly);
	drop(&wild);
}
END_TEST

/* root -> 8 intermediates -> leaf: ten certificates sent, shuffled; the shape is judged,
 * and the fixed chain comes back leaf first, in issuing order, without the root. */
START_TEST(cert_chain_of_ten_is_ordered_and_terminates)
{
	struct tcert c[10];
	struct trace *t = trace_new("ten");
	char dir[] = "/tmp/tlswiz-cert-XXXXXX", ca[64], out[64], why[512], detail[256], buf[65536];
	static const int sent[10] = { 9, 3, 7, 1, 5, 0, 8, 2, 6, 4 };	/* leaf first, rest shuffled */
	FILE *f;
	size_t n;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	make(&c[0], "Root", NULL, true, NULL);
	for (int i = 1; i < 9; i++) {
		char cn[16];
		snprintf(cn, sizeof cn, "Int %d", i);
		make(&c[i], cn, &c[i - 1], true, NULL);
	}
	make(&c[9], "leaf.example.com", &c[8], false, "DNS:leaf.example.com");
	for (int i = 0; i < 10; i++)
		add_to_trace(t, &c[sent[i]]);
	snprintf(ca, sizeof ca, "%s/root.pem", dir);
	snprintf(out, sizeof out, "%s/fullchain.pem", dir);
	write_pem(ca, &c[0]);

	ck_assert_int_eq(cert_chain_shape(t, ca, detail, sizeof detail), CHAIN_OUT_OF_ORDER);
	ck_assert_int_eq(cert_write_fullchain(t, NULL, ca, out, why, sizeof why), 0);
	ck_assert_msg(strstr(why, "wrote 9 certificates") != NULL, "%s", why);
	f = fopen(out, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	{
		/* Import the written bundle and check each is issued by the next. */
		gnutls_x509_crt_t list[16];
		unsigned cnt = 16;
		gnutls_datum_t d = { (unsigned char *)buf, (unsigned)n };
		ck_assert_int_eq(gnutls_x509_crt_list_import(list, &cnt, &d, GNUTLS_X509_FMT_PEM, 0), 9);
		for (unsigned i = 0; i + 1 < cnt; i++)
			ck_assert_int_eq(gnutls_x509_crt_check_issuer(list[i], list[i + 1]), 1);
		for (unsigned i = 0; i < cnt; i++)
			gnutls_x509_crt_deinit(list[i]);
	}
	trace_free(t);
	for (int i = 0; i < 10; i++)
		drop(&c[i]);
	unlink(ca);
	unlink(out);
	rmdir(dir);
}
END_TEST

/* A signs B signs A: two CAs that issued each other. Judging and writing must end. */
START_TEST(cert_issuer_loop_terminates)
{
	struct tcert a, b, b2, leaf;
	struct trace *t = trace_new("loop");
	char dir[] = "/tmp/tlswiz-cert-XXXXXX", ca[64], out[64], why[512], detail[256];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	make(&a, "Loop A", NULL, true, NULL);	/* self-signed A, only to have A's key */
	make(&b, "Loop B", &a, true, NULL);	/* B issued by A */
	/* A again, now issued by B (same name and key as A): the loop A -> B -> A. */
	b2.key = NULL;
	ck_assert_int_eq(gnutls_x509_crt_init(&b2.crt), 0);
	gnutls_x509_crt_set_version(b2.crt, 3);
	gnutls_x509_crt_set_serial(b2.crt, "\x22\x01", 2);
	gnutls_x509_crt_set_dn_by_oid(b2.crt, GNUTLS_OID_X520_COMMON_NAME, 0, "Loop A", 6);
	gnutls_x509_crt_set_key(b2.crt, a.key);
	gnutls_x509_crt_set_activation_time(b2.crt, time(NULL) - 3600);
	gnutls_x509_crt_set_expiration_time(b2.crt, time(NULL) + 86400);
	gnutls_x509_crt_set_basic_constraints(b2.crt, 1, -1);
	ck_assert_int_eq(gnutls_x509_crt_sign2(b2.crt, b.crt, b.key, GNUTLS_DIG_SHA256, 0), 0);
	make(&leaf, "loop.example.com", &b, false, "DNS:loop.example.com");

	add_to_trace(t, &leaf);
	add_to_trace(t, &b);
	add_to_trace(t, &b2);
	add_to_trace(t, &b);
	add_to_trace(t, &b2);
	snprintf(ca, sizeof ca, "%s/unrelated.pem", dir);
	snprintf(out, sizeof out, "%s/fullchain.pem", dir);
	{
		struct tcert other;
		make(&other, "Unrelated Root", NULL, true, NULL);
		write_pem(ca, &other);
		drop(&other);
	}
	/* Nothing in the loop is trusted: it must come back as a verdict, not spin. */
	ck_assert_int_ne(cert_chain_shape(t, ca, detail, sizeof detail), CHAIN_OK);
	/* ... and no "fixed" chain is written for it: it verifies to nothing. */
	ck_assert_int_eq(cert_write_fullchain(t, NULL, ca, out, why, sizeof why), -1);
	ck_assert_msg(strstr(why, "not written") && strstr(why, "is missing"), "%s", why);
	ck_assert_int_ne(access(out, F_OK), 0);
	{
		struct chain ch = { 0 };
		cert_verify(t, "loop.example.com", ca, &ch);
		ck_assert(ch.verified);
		ck_assert_uint_ne(ch.status, 0);
		chain_free(&ch);
	}
	trace_free(t);
	drop(&a);
	drop(&b);
	gnutls_x509_crt_deinit(b2.crt);
	drop(&leaf);
	unlink(ca);
	unlink(out);
	rmdir(dir);
}
END_TEST

static Suite *cert_suite(void)
{
	Suite *s = suite_create("cert");
	TCase *tc = tcase_create("judge");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, cert_name_patterns_follow_rfc6125);
	tcase_add_test(tc, cert_host_uses_ip_sans_and_never_the_cn);
	tcase_add_test(tc, cert_chain_of_ten_is_ordered_and_terminates);
	tcase_add_test(tc, cert_issuer_loop_terminates);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(cert_suite, TW_UNIT)
