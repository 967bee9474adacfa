/* test_hello_build.c — the raw ClientHello builder read back by our own parser, SSLv2
 * hellos, malformed ServerHellos, the suite registry's properties and the client table. */
#include <string.h>

#include "../tw_test.h"
#include "clients.h"
#include "hello.h"
#include "suites.h"

static struct hello_client parse_back(const unsigned char *rec, long n)
{
	struct hello_client h;
	memset(&h, 0, sizeof h);
	ck_assert_int_gt(n, 9);
	ck_assert_int_eq(rec[0], 0x16);
	ck_assert_int_eq(((long)rec[3] << 8 | rec[4]) + 5, n);		/* record length */
	ck_assert_int_eq(rec[5], 1);					/* ClientHello */
	ck_assert_int_eq(hello_parse_client(rec + 9, (size_t)n - 9, &h), 0);
	return h;
}

START_TEST(built_hello_reads_back_with_every_field)
{
	static const unsigned vers[] = { 0x0304, 0x0303 }, suites[] = { 0x1301, 0xc02f, 0x0008 },
			      groups[] = { 0x001d, 0x0017, 0x11ec };
	struct hello_spec s = { .legacy_version = 0x0303, .versions = vers, .nversions = 2, .suites = suites,
				.nsuites = 3, .groups = groups, .ngroups = 3, .share_groups = 3, .sni = "a.example" };
	unsigned char buf[8192];
	long n = hello_build_client(&s, buf, sizeof buf);
	struct hello_client h = parse_back(buf, n);

	ck_assert_uint_eq(h.legacy_version, 0x0303);
	ck_assert_uint_eq(h.nsuites, 4);	/* + TLS_EMPTY_RENEGOTIATION_INFO_SCSV */
	ck_assert_uint_eq(h.suites[2], 0x0008);
	ck_assert_uint_eq(h.suites[3], 0x00ff);
	ck_assert_str_eq(h.sni, "a.example");
	ck_assert_uint_eq(h.nversions, 2);
	ck_assert_uint_eq(h.versions[0], 0x0304);
	ck_assert_uint_eq(h.ngroups, 3);
	ck_assert_uint_eq(h.nkey_shares, 3);
	ck_assert_uint_eq(h.key_shares[2], 0x11ec);	/* the hybrid's 1216-byte share fits */
	ck_assert_int_gt(n, 1216);
}
END_TEST

START_TEST(grease_padding_and_sslv3_forms)
{
	static const unsigned suites[] = { 0x000a, 0x002f };
	unsigned char buf[8192];
	struct hello_spec s = { .legacy_version = 0x0303, .suites = suites, .nsuites = 2, .grease = true, .pad_to = 600,
				.sni = "b.example" };
	long n = hello_build_client(&s, buf, sizeof buf);
	struct hello_client h = parse_back(buf, n);
	ck_assert_int_ge(n - 5, 600);		/* padded to at least 600 handshake bytes */
	ck_assert_uint_eq(h.suites[0] & 0x0f0f, 0x0a0a);	/* GREASE first */
	ck_assert_str_eq(suite_name(h.suites[0]), "GREASE");

	s = (struct hello_spec){ .legacy_version = 0x0300, .record_version = 0x0300, .suites = suites, .nsuites = 2,
				 .no_extensions = true };
	n = hello_build_client(&s, buf, sizeof buf);
	h = parse_back(buf, n);
	ck_assert_uint_eq(h.legacy_version, 0x0300);
	ck_assert_uint_eq(h.nextensions, 0);
	ck_assert_int_eq(buf[1], 3);
	ck_assert_int_eq(buf[2], 0);		/* record version SSLv3 */

	ck_assert_int_eq(hello_build_client(&s, buf, 20), -1);	/* too small: refused, not overrun */
}
END_TEST

START_TEST(sslv2_hello_and_server_hello)
{
	unsigned char buf[256];
	long n = hello_build_ssl2(buf, sizeof buf);
	unsigned kinds = 0;
	static const unsigned char sh[] = { 0x80, 0x0e, 0x04, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x06,
					    0x00, 0x10, 0x07, 0x00, 0xc0 };
	ck_assert_int_gt(n, 20);
	ck_assert(buf[0] & 0x80);
	ck_assert_int_eq(buf[2], 0x01);		/* CLIENT-HELLO */
	ck_assert_int_eq(((buf[0] & 0x7f) << 8 | buf[1]) + 2, n);
	ck_assert_int_eq(hello_parse_ssl2_server(sh, sizeof sh, &kinds), 1);
	ck_assert_uint_eq(kinds, 2);
	ck_assert_int_eq(hello_parse_ssl2_server(sh, 2, NULL), -1);
	ck_assert_int_eq(hello_parse_ssl2_server("\x16\x03\x01", 3, NULL), 0);
}
END_TEST

START_TEST(malformed_server_hellos_are_refused_not_crashed_on)
{
	struct hello_server s;
	/* version, random(32), sid len 0, suite, compression, extensions length */
	unsigned char ok[2 + 32 + 1 + 2 + 1 + 2];
	memset(ok, 0, sizeof ok);
	ok[0] = 3;
	ok[1] = 3;
	ok[35] = 0xab;
	ok[36] = 0xcd;			/* a suite nobody registered */
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(hello_parse_server(ok, sizeof ok, &s), 0);
	ck_assert_uint_eq(s.suite, 0xabcd);
	ck_assert_str_eq(suite_name(s.suite), "0xABCD");
	ck_assert_int_eq(hello_parse_server(ok, 3, &s), -1);			/* short */
	ok[sizeof ok - 2] = 0xff;
	ok[sizeof ok - 1] = 0xff;						/* extensions claim 65535 */
	ck_assert_int_eq(hello_parse_server(ok, sizeof ok, &s), -1);
	{
		/* HelloRetryRequest: the special random */
		static const unsigned char hrr_random[32] = {
			0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
			0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c };
		unsigned char h[2 + 32 + 1 + 2 + 1 + 2 + 6 + 6];
		size_t k = 0;
		h[k++] = 3; h[k++] = 3;
		memcpy(h + k, hrr_random, 32); k += 32;
		h[k++] = 0;
		h[k++] = 0x13; h[k++] = 0x01; h[k++] = 0;
		h[k++] = 0; h[k++] = 12;
		h[k++] = 0x00; h[k++] = 0x2b; h[k++] = 0; h[k++] = 2; h[k++] = 3; h[k++] = 4;
		h[k++] = 0x00; h[k++] = 0x33; h[k++] = 0; h[k++] = 2; h[k++] = 0x00; h[k++] = 0x17;
		memset(&s, 0, sizeof s);
		ck_assert_int_eq(hello_parse_server(h, k, &s), 0);
		ck_assert(s.hrr);
		ck_assert_uint_eq(s.version, 0x0304);
		ck_assert_uint_eq(s.group, 0x0017);
	}
}
END_TEST

START_TEST(registry_knows_the_suites_and_their_properties)
{
	const struct suite_info *s;
	ck_assert_uint_ge(suite_count(), 300);
	s = suite_info(0xc02f);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->iana, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
	ck_assert_str_eq(s->openssl, "ECDHE-RSA-AES128-GCM-SHA256");
	ck_assert_ptr_nonnull(s->gnutls);
	ck_assert_str_eq(s->kx, "ECDHE");
	ck_assert_str_eq(s->au, "RSA");
	ck_assert_uint_eq(s->flags & (SF_PFS | SF_AEAD | SF_TLS12), SF_PFS | SF_AEAD | SF_TLS12);
	ck_assert_str_eq(s->grade, "good");
	s = suite_info(0x0008);
	ck_assert(s->flags & SF_EXPORT);
	ck_assert(s->flags & SF_DES);
	ck_assert_str_eq(s->grade, "insecure");
	ck_assert(suite_info(0x000a)->flags & SF_3DES);
	ck_assert(!(suite_info(0x000a)->flags & SF_DES));
	ck_assert(suite_info(0x0001)->flags & SF_NULL);
	ck_assert(suite_info(0x0018)->flags & SF_ANON);
	ck_assert(suite_info(0x1301)->flags & SF_TLS13);
	ck_assert(!(suite_info(0x002f)->flags & SF_PFS));
	ck_assert_str_eq(suite_info(0x002f)->grade, "weak");
	ck_assert(suite_info(0xc0a0)->flags & SF_AEAD);		/* CCM_8 */
	ck_assert_ptr_null(suite_info(0xabcd));
	/* sorted and unique: a binary search must find every row */
	for (size_t i = 0; i < suite_count(); i++)
		ck_assert_ptr_eq(suite_info(suite_at(i)->id), suite_at(i));
}
END_TEST

START_TEST(client_profiles_cover_old_and_new_clients)
{
	ck_assert_uint_ge(client_count(), 15);
	ck_assert_ptr_nonnull(client_find("java8"));
	ck_assert_ptr_nonnull(client_find("WIN7"));
	ck_assert_ptr_null(client_find("netscape"));
	for (size_t i = 0; i < client_count(); i++) {
		const struct client_profile *p = client_at(i);
		ck_assert_uint_le(p->min_version, p->max_version);
		ck_assert_uint_gt(p->nsuites, 0);
		for (size_t k = 0; k < p->nsuites; k++)
			ck_assert_msg(suite_info(p->suites[k]) != NULL, "%s offers unknown 0x%04x", p->name, p->suites[k]);
	}
}
END_TEST

static Suite *hello_build_suite(void)
{
	Suite *s = suite_create("hello-build");
	TCase *tc = tcase_create("bytes");
	tcase_add_test(tc, built_hello_reads_back_with_every_field);
	tcase_add_test(tc, grease_padding_and_sslv3_forms);
	tcase_add_test(tc, sslv2_hello_and_server_hello);
	tcase_add_test(tc, malformed_server_hellos_are_refused_not_crashed_on);
	tcase_add_test(tc, registry_knows_the_suites_and_their_properties);
	tcase_add_test(tc, client_profiles_cover_old_and_new_clients);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(hello_build_suite, TW_UNIT)
