/* test_hello_build.c — the raw ClientHello builder read back by our own parser, SSLv2
 * hellos, malformed ServerHellos, the suite registry's properties and the client table. */
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "../tw_test.h"
#include "clients.h"
#include "fakeserver.h"
#include "net.h"
#include "scan.h"
#include "trace.h"
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

START_TEST(registry_has_modes_groups_and_sslv2_kinds)
{
	const struct suite_info *s = suite_info(0xc02f);
	const struct group_info *g;
	ck_assert_uint_ge(suite_count(), 340);
	ck_assert_str_eq(s->cipher, "AES");
	ck_assert_str_eq(s->mode, "GCM");
	ck_assert_int_eq(s->bits, 128);
	ck_assert_str_eq(suite_info(0xc0ae)->mode, "CCM8");
	ck_assert_str_eq(suite_info(0x0005)->mode, "stream");
	ck_assert_str_eq(suite_info(0x0005)->cipher, "RC4");
	ck_assert_str_eq(suite_info(0x0003)->cipher, "RC4_40");
	ck_assert_str_eq(suite_info(0x0096)->cipher, "SEED");
	ck_assert_str_eq(suite_info(0xc03c)->cipher, "ARIA");
	ck_assert_str_eq(suite_info(0x0007)->cipher, "IDEA");
	ck_assert_str_eq(suite_info(0x000c)->kx, "DH");		/* static DH */
	ck_assert_str_eq(suite_info(0xc004)->kx, "ECDH");	/* static ECDH */
	ck_assert_str_eq(suite_info(0x001e)->kx, "KRB5");
	ck_assert_str_eq(suite_info(0xc01a)->kx, "SRP");
	ck_assert_int_eq(suite_info(0xcca8)->bits, 256);
	ck_assert_ptr_nonnull(suite_info(0x00c6));		/* TLS_SM4_GCM_SM3 */
	ck_assert(suite_info(0x00c6)->flags & SF_TLS13);
	ck_assert(suite_info(0xc0b4)->flags & SF_NULL);		/* integrity-only TLS1.3 */
	ck_assert_str_eq(suite_info(0x1301)->openssl, "TLS_AES_128_GCM_SHA256");
	g = group_info(0x11ec);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g->name, "X25519MLKEM768");
	ck_assert_uint_eq(g->share_len, 1216);
	ck_assert(g->flags & GF_HYBRID);
	ck_assert_uint_eq(group_info(0x11eb)->share_len, 65 + 1184);
	ck_assert_str_eq(group_name(0x6399), "X25519Kyber768Draft00");
	ck_assert_uint_eq(group_info(0x0017)->share_len, 65);
	ck_assert(group_info(0x0100)->flags & GF_FFDHE);
	ck_assert(group_info(0x001a)->flags & GF_TLS12);	/* brainpoolP256r1 */
	ck_assert(!(group_info(0x001a)->flags & GF_TLS13));
	ck_assert_ptr_null(group_info(0x0a0a));
	for (size_t i = 1; i < group_count(); i++)
		ck_assert_uint_lt(group_at(i - 1)->id, group_at(i)->id);
	ck_assert_uint_ge(ssl2_kind_count(), 7);
	ck_assert_str_eq(ssl2_kind_info(0x0700c0)->openssl, "DES-CBC3-MD5");
	ck_assert(ssl2_kind_info(0x020080)->export_grade);
}
END_TEST

START_TEST(key_shares_have_the_lengths_servers_expect)
{
	static const unsigned vers[] = { 0x0304 }, suites[] = { 0x1301 },
			      groups[] = { 0x11ec, 0x001d, 0x0017, 0x11eb };
	struct hello_spec s = { .legacy_version = 0x0303, .versions = vers, .nversions = 1, .suites = suites,
				.nsuites = 1, .groups = groups, .ngroups = 4, .share_groups = 4, .alpn = "h2,http/1.1",
				.no_reneg_scsv = true, .status_request = true };
	unsigned char buf[8192];
	long n = hello_build_client(&s, buf, sizeof buf);
	struct hello_client h = parse_back(buf, n);
	ck_assert_uint_eq(h.nkey_shares, 4);
	ck_assert_uint_eq(h.nkey_share_bytes[0], 1216);
	ck_assert_uint_eq(h.nkey_share_bytes[1], 32);
	ck_assert_uint_eq(h.nkey_share_bytes[2], 65);
	ck_assert_uint_eq(h.nkey_share_bytes[3], 1249);
	ck_assert_uint_eq(h.nsuites, 1);		/* no renegotiation SCSV when asked */
	ck_assert_str_eq(h.alpn, "h2,http/1.1");
	ck_assert(h.status_request);
	ck_assert_uint_eq(h.session_id_len, 32);
	{
		/* the P-256 share is an uncompressed point */
		const unsigned char *p = buf + 9;
		size_t k;
		for (k = 0; k + 4 < (size_t)n - 9; k++)
			if (p[k] == 0x00 && p[k + 1] == 0x17 && p[k + 2] == 0x00 && p[k + 3] == 65)
				break;
		ck_assert_uint_lt(k + 4, (size_t)n - 9);
		ck_assert_int_eq(p[k + 4], 0x04);
	}
}
END_TEST

START_TEST(sslv2_format_hellos_read_back)
{
	static const unsigned suites[] = { 0x002f, 0x000a };
	unsigned char buf[512];
	struct hello_spec s = { .ssl2 = true, .legacy_version = 0x0301, .suites = suites, .nsuites = 2 };
	struct hello_client h;
	struct hello_ssl2_server sh;
	long n = hello_build_client(&s, buf, sizeof buf);
	static const unsigned char v2sh[] = { 0x80, 0x17, 0x04, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x06,
					      0x00, 0x04, 0xaa, 0xbb, 0x01, 0x00, 0x80, 0x07, 0x00, 0xc0,
					      1, 2, 3, 4 };
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(hello_parse_client_ssl2(buf, (size_t)n, &h), 0);
	ck_assert(h.ssl2_format);
	ck_assert_uint_eq(h.legacy_version, 0x0301);
	ck_assert_uint_eq(h.nsuites, 3);		/* + renegotiation SCSV */
	ck_assert_uint_eq(h.suites[0], 0x002f);
	ck_assert_uint_eq(h.nssl2_kinds, 0);
	n = hello_build_ssl2(buf, sizeof buf);
	ck_assert_int_eq(hello_parse_client_ssl2(buf, (size_t)n, &h), 0);
	ck_assert_uint_eq(h.legacy_version, 0x0002);
	ck_assert_uint_eq(h.nssl2_kinds, ssl2_kind_count());
	ck_assert_int_eq(hello_parse_ssl2_server_full(v2sh, sizeof v2sh, &sh), 0);
	ck_assert_uint_eq(sh.nkinds, 2);
	ck_assert_uint_eq(sh.kinds[1], 0x0700c0);
	ck_assert_uint_eq(sh.cert_len, 2);
	ck_assert_int_eq(hello_parse_ssl2_server_full(v2sh, 10, &sh), -2);	/* short: read more */
	ck_assert_int_eq(hello_parse_ssl2_server_full("\x80\x03\x05\x00\x00", 5, &sh), -1);
}
END_TEST

START_TEST(server_key_exchange_names_the_curve_and_the_dh_size)
{
	static const unsigned char ec[] = { 3, 0x00, 0x18, 1, 4 };
	unsigned char dh[2 + 128 + 3];
	struct hello_ske k;
	ck_assert_int_eq(hello_parse_ske(ec, sizeof ec, "ECDHE", &k), 0);
	ck_assert_uint_eq(k.curve, 0x0018);
	ck_assert_int_eq(hello_parse_ske(ec, 2, "ECDHE", &k), -1);
	memset(dh, 0xff, sizeof dh);
	dh[0] = 0;
	dh[1] = 128;
	dh[2] = 0x7f;					/* 1023-bit prime */
	ck_assert_int_eq(hello_parse_ske(dh, sizeof dh, "DHE", &k), 0);
	ck_assert_uint_eq(k.dh_bits, 1023);
	dh[1] = 200;					/* longer than the message */
	ck_assert_int_eq(hello_parse_ske(dh, sizeof dh, "DHE", &k), -1);
	ck_assert_int_eq(hello_parse_ske(dh, sizeof dh, "RSA", &k), -1);
}
END_TEST

/* ---- the fake server, as a pure function ---- */

static long tls_hello(unsigned version, const unsigned *suites, size_t n, const unsigned *groups, size_t ng,
		      unsigned char *buf, size_t cap)
{
	static const unsigned v13[] = { 0x0304, 0x0303 };
	struct hello_spec s = { .legacy_version = version >= 0x0303 ? 0x0303 : version, .suites = suites, .nsuites = n,
				.groups = groups, .ngroups = ng, .versions = version == 0x0304 ? v13 : NULL,
				.nversions = version == 0x0304 ? 2 : 0 };
	return hello_build_client(&s, buf, cap);
}

static struct hello_server reply_hello(const unsigned char *out, ssize_t n)
{
	struct hello_server h;
	ck_assert_int_gt(n, 9);
	ck_assert_int_eq(out[0], 22);
	ck_assert_int_eq(out[5], 2);
	ck_assert_int_eq(hello_parse_server(out + 9, (size_t)out[6] << 16 | (size_t)out[7] << 8 | out[8], &h), 0);
	return h;
}

START_TEST(fake_server_picks_by_its_order_or_the_clients)
{
	static const unsigned offer[] = { 0x002f, 0x0008, 0x0005, 0x0001 }, groups[] = { 0x0017 };
	struct fake_config c = { .versions = { 0x0303, 0x0301 }, .nversions = 2, .suites = { 0x0001, 0x0005, 0x0008 },
				 .nsuites = 3, .server_pref = true };
	unsigned char hello[2048], out[8192];
	struct fake_decision d;
	long n = tls_hello(0x0303, offer, 4, groups, 1, hello, sizeof hello);
	ssize_t k = fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d);
	struct hello_server h = reply_hello(out, k);
	ck_assert_uint_eq(h.suite, 0x0001);
	ck_assert_uint_eq(h.version, 0x0303);
	ck_assert_int_eq(d.action, FAKE_SEND);
	c.server_pref = false;
	k = fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d);
	ck_assert_uint_eq(reply_hello(out, k).suite, 0x0008);
	/* half a hello: read more */
	ck_assert_int_eq(fakeserver_reply(&c, hello, (size_t)n - 10, out, sizeof out, &d), 0);
	ck_assert_int_eq(d.action, FAKE_NEED_MORE);
	/* nothing in common: alert handshake_failure, or what the config says */
	c.nsuites = 1;
	c.suites[0] = 0xc02f;
	k = fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d);
	ck_assert_int_eq(k, 7);
	ck_assert_int_eq(out[0], 21);
	ck_assert_int_eq(out[6], 40);
	c.on_no_suite = FAKE_RST;
	ck_assert_int_eq(fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d), 0);
	ck_assert_int_eq(d.action, FAKE_DO_RST);
	/* TLS1.1 is not accepted: a TLS1.1 hello gets TLS1.0 */
	n = tls_hello(0x0302, offer, 4, groups, 1, hello, sizeof hello);
	c.nsuites = 1;
	c.suites[0] = 0x002f;
	k = fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d);
	ck_assert_uint_eq(reply_hello(out, k).version, 0x0301);
	c.on_no_version = FAKE_ALERT_PROTOCOL_VERSION;
	c.versions[0] = 0x0304;
	c.nversions = 1;
	k = fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d);
	ck_assert_int_eq(out[6], 70);
}
END_TEST

START_TEST(fake_server_answers_tls13_with_a_share_or_a_retry)
{
	static const unsigned offer[] = { 0x1302, 0x1301, 0xc02f }, groups[] = { 0x001d, 0x0018 };
	struct fake_config c = { .versions = { 0x0304, 0x0303 }, .nversions = 2, .suites = { 0x1301, 0x1302, 0xc02f },
				 .nsuites = 3, .groups = { 0x0018 }, .ngroups = 1 };
	unsigned char hello[4096], out[8192];
	struct fake_decision d;
	long n = tls_hello(0x0304, offer, 3, groups, 2, hello, sizeof hello);
	ssize_t k = fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d);
	struct hello_server h = reply_hello(out, k);
	ck_assert(h.hrr);			/* the only key share is x25519; the server wants P-384 */
	ck_assert_uint_eq(h.version, 0x0304);
	ck_assert_uint_eq(h.group, 0x0018);
	ck_assert_uint_eq(h.suite, 0x1302);	/* client order */
	c.groups[0] = 0x001d;
	k = fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d);
	h = reply_hello(out, k);
	ck_assert(!h.hrr);
	ck_assert_uint_eq(h.group, 0x001d);
	c.intolerant_tls13 = true;
	ck_assert_int_eq(fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d), 0);
	ck_assert_int_eq(d.action, FAKE_DO_CLOSE);
}
END_TEST

START_TEST(fake_server_speaks_sslv2_when_told)
{
	struct fake_config c = { .versions = { 0x0002 }, .nversions = 1 };
	unsigned char hello[512], out[512];
	struct fake_decision d;
	struct hello_ssl2_server sh;
	long n = hello_build_ssl2(hello, sizeof hello);
	ssize_t k = fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d);
	ck_assert_int_gt(k, 0);
	ck_assert_int_eq(hello_parse_ssl2_server_full(out, (size_t)k, &sh), 0);
	ck_assert_uint_eq(sh.nkinds, 2);
	ck_assert_uint_eq(d.version, 0x0002);
}
END_TEST

/* ---- the reply reader on a socketpair: no network, exact bytes ---- */

static struct scan_result read_reply(const unsigned char *srv, size_t n, bool close_after, unsigned flags,
				     struct trace **trp)
{
	int sv[2];
	unsigned char hello[2048];
	static const unsigned suites[] = { 0xc02f };
	struct scan_result r;
	struct trace *tr = trace_new("pair");
	long hn = tls_hello(0x0303, suites, 1, NULL, 0, hello, sizeof hello);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
	ck_assert_int_eq(write(sv[1], srv, n), (ssize_t)n);
	if (close_after)
		shutdown(sv[1], SHUT_WR);
	scan_on_fd(sv[0], hello, (size_t)hn, 300, NULL, flags, &r, tr, 0);
	close(sv[0]);
	close(sv[1]);
	if (trp)
		*trp = tr;
	else
		trace_free(tr);
	return r;
}

START_TEST(reader_takes_a_server_hello_across_records_after_a_warning)
{
	/* warning unrecognized_name, then a ServerHello cut in two records */
	unsigned char b[128];
	size_t k = 0;
	struct trace *tr;
	struct scan_result r;
	static const unsigned char body[] = { 0x03, 0x03 };
	b[k++] = 21; b[k++] = 3; b[k++] = 3; b[k++] = 0; b[k++] = 2; b[k++] = 1; b[k++] = 112;
	b[k++] = 22; b[k++] = 3; b[k++] = 3; b[k++] = 0; b[k++] = 6;
	b[k++] = 2; b[k++] = 0; b[k++] = 0; b[k++] = 38;		/* ServerHello, 38 bytes */
	memcpy(b + k, body, 2); k += 2;
	b[k++] = 22; b[k++] = 3; b[k++] = 3; b[k++] = 0; b[k++] = 36;
	memset(b + k, 0x11, 32); k += 32;				/* random */
	b[k++] = 0; b[k++] = 0xc0; b[k++] = 0x2f; b[k++] = 0;		/* sid, suite, compression */
	r = read_reply(b, k, false, 0, &tr);
	ck_assert_int_eq(r.outcome, OUTCOME_OK);
	ck_assert_uint_eq(r.suite, 0xc02f);
	ck_assert_uint_eq(r.version, 0x0303);
	ck_assert_str_eq(tr->steps[1].name, "alert unrecognized_name(112)");
	ck_assert_str_eq(tr->steps[tr->nsteps - 1].name, "ServerHello");
	trace_free(tr);
}
END_TEST

START_TEST(reader_refuses_hostile_and_plain_replies)
{
	static const unsigned char big[] = { 22, 3, 3, 0xff, 0xff, 2, 0, 0 };
	static const unsigned char http[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
	static const unsigned char fatal[] = { 21, 3, 3, 0, 2, 2, 40 };
	static const unsigned char notsh[] = { 22, 3, 3, 0, 4, 11, 0, 0, 0 };
	static const unsigned char huge_msg[] = { 22, 3, 3, 0, 4, 2, 0xff, 0xff, 0xff };
	struct scan_result r = read_reply(big, sizeof big, true, 0, NULL);
	ck_assert_int_eq(r.outcome, OUTCOME_TLS_ERROR);
	r = read_reply(http, sizeof http - 1, true, 0, NULL);
	ck_assert_int_eq(r.outcome, OUTCOME_NOT_TLS);
	r = read_reply(fatal, sizeof fatal, false, 0, NULL);
	ck_assert_int_eq(r.outcome, OUTCOME_ALERT);
	ck_assert_int_eq(r.alert, 40);
	r = read_reply(notsh, sizeof notsh, true, 0, NULL);
	ck_assert_int_eq(r.outcome, OUTCOME_TLS_ERROR);
	r = read_reply(huge_msg, sizeof huge_msg, true, 0, NULL);
	ck_assert_int_eq(r.outcome, OUTCOME_TLS_ERROR);
	r = read_reply(fatal, 3, true, 0, NULL);		/* half a header, then FIN */
	ck_assert_int_eq(r.outcome, OUTCOME_EOF);
	{
		double t0 = net_now_ms();
		r = read_reply(fatal, 0, false, 0, NULL);	/* nothing: silence until the deadline */
		ck_assert_int_eq(r.outcome, OUTCOME_SILENCE);
		ck_assert(net_now_ms() - t0 < 1500);
	}
}
END_TEST

START_TEST(reader_follows_the_fake_servers_flight_to_the_curve)
{
	static const unsigned offer[] = { 0xc02f }, groups[] = { 0x0018, 0x0017 };
	struct fake_config c = { .versions = { 0x0303 }, .nversions = 1, .suites = { 0xc02f }, .nsuites = 1,
				 .groups = { 0x0017, 0x0018 }, .ngroups = 2, .server_pref = true };
	unsigned char hello[2048], out[8192];
	struct fake_decision d;
	long n = tls_hello(0x0303, offer, 1, groups, 2, hello, sizeof hello);
	ssize_t k = fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d);
	struct scan_result r = read_reply(out, (size_t)k, false, SCAN_WANT_SKE, NULL);
	ck_assert_int_eq(r.outcome, OUTCOME_OK);
	ck_assert_uint_eq(r.curve, 0x0017);
	c.suites[0] = 0x0033;		/* DHE with a 1024-bit prime */
	c.dh_bits = 1024;
	{
		static const unsigned dhe[] = { 0x0033 };
		n = tls_hello(0x0303, dhe, 1, groups, 2, hello, sizeof hello);
	}
	k = fakeserver_reply(&c, hello, (size_t)n, out, sizeof out, &d);
	r = read_reply(out, (size_t)k, false, SCAN_WANT_SKE, NULL);
	ck_assert_uint_eq(r.dh_bits, 1024);
}
END_TEST

START_TEST(client_profiles_build_their_own_hellos)
{
	static const char *const names[] = { "chrome", "edge", "firefox", "safari", "curl-openssl3", "curl-gnutls",
					     "python", "go", "java8", "java17", "android7", "win7", "win10",
					     "openssl102", "iot-ccm" };
	unsigned char buf[8192];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct client_profile *p = client_find(names[i]);
		struct hello_client h;
		long n;
		ck_assert_msg(p != NULL, "%s", names[i]);
		n = client_build_hello(p, NULL, buf, sizeof buf);
		h = parse_back(buf, n);
		ck_assert_uint_ge(h.nsuites, p->nsuites);
		ck_assert_uint_eq(h.ngroups, p->ngroups + (p->grease ? 1 : 0));
		ck_assert_msg((h.nversions > 0) == (p->max_version >= 0x0304), "%s versions", names[i]);
	}
	ck_assert_ptr_eq(client_find("Java8"), client_find("java8"));
	ck_assert(!client_find("java8")->x25519);
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
	tcase_add_test(tc, registry_has_modes_groups_and_sslv2_kinds);
	tcase_add_test(tc, key_shares_have_the_lengths_servers_expect);
	tcase_add_test(tc, sslv2_format_hellos_read_back);
	tcase_add_test(tc, server_key_exchange_names_the_curve_and_the_dh_size);
	tcase_add_test(tc, fake_server_picks_by_its_order_or_the_clients);
	tcase_add_test(tc, fake_server_answers_tls13_with_a_share_or_a_retry);
	tcase_add_test(tc, fake_server_speaks_sslv2_when_told);
	tcase_add_test(tc, reader_takes_a_server_hello_across_records_after_a_warning);
	tcase_add_test(tc, reader_refuses_hostile_and_plain_replies);
	tcase_add_test(tc, reader_follows_the_fake_servers_flight_to_the_curve);
	tcase_add_test(tc, client_profiles_build_their_own_hellos);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(hello_build_suite, TW_UNIT)
