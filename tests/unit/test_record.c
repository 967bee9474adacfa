/* test_record.c — the record parser and the hello parsers on byte vectors, and the
 * alert table. */
#include <string.h>

#include "../tw_test.h"
#include "alert.h"
#include "hello.h"
#include "record.h"

struct seen {
	struct record_event ev[16];
	int n;
};

static void collect(void *arg, const struct record_event *ev)
{
	struct seen *s = arg;
	if (s->n < 16)
		s->ev[s->n++] = *ev;
}

START_TEST(record_reports_alert_and_ccs_split_across_reads)
{
	/* alert fatal handshake_failure, then a CCS, fed one byte at a time */
	const unsigned char in[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28,
				     0x14, 0x03, 0x03, 0x00, 0x01, 0x01 };
	struct record_stream rs;
	struct seen s = { 0 };
	record_stream_init(&rs);
	for (size_t i = 0; i < sizeof in; i++)
		record_feed(&rs, in + i, 1, collect, &s);
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(s.ev[0].type, REC_ALERT);
	ck_assert_int_eq(s.ev[0].alert_level, 2);
	ck_assert_int_eq(s.ev[0].alert_desc, 40);
	ck_assert_int_eq(s.ev[1].type, REC_CCS);
	ck_assert(rs.encrypted);
}
END_TEST

START_TEST(record_names_the_first_handshake_message)
{
	unsigned char in[5 + 40] = { 0x16, 0x03, 0x01, 0x00, 40, 0x01 };
	struct record_stream rs;
	struct seen s = { 0 };
	record_stream_init(&rs);
	record_feed(&rs, in, 7, collect, &s);
	ck_assert_int_eq(s.n, 0);	/* incomplete */
	record_feed(&rs, in + 7, sizeof in - 7, collect, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.ev[0].hs_type, 1);
	ck_assert_uint_eq(s.ev[0].len, 40);
	ck_assert_str_eq(record_hs_name(1), "ClientHello");
}
END_TEST

START_TEST(record_stops_on_plaintext_protocols)
{
	static const char *const replies[] = { "HTTP/1.1 400 Bad Request\r\n", "SSH-2.0-OpenSSH_9.2\r\n",
					       "220 mail.example ESMTP\r\n" };
	for (size_t i = 0; i < 3; i++) {
		struct record_stream rs;
		struct seen s = { 0 };
		record_stream_init(&rs);
		record_feed(&rs, replies[i], strlen(replies[i]), collect, &s);
		ck_assert_int_eq(s.n, 1);
		ck_assert_int_eq(s.ev[0].kind, RECORD_NOT_TLS);
		ck_assert(rs.stopped);
	}
}
END_TEST

START_TEST(record_rejects_oversized_length)
{
	const unsigned char in[] = { 0x16, 0x03, 0x03, 0xff, 0xff, 0x00 };
	struct record_stream rs;
	struct seen s = { 0 };
	record_stream_init(&rs);
	record_feed(&rs, in, sizeof in, collect, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.ev[0].kind, RECORD_OVERSIZE);
}
END_TEST

/* ServerHello body: TLS1.3 with supported_versions and key_share x25519. */
static const unsigned char sh13[] = {
	0x03, 0x03,
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
	25, 26, 27, 28, 29, 30, 31, 32,
	0x00,			/* session id */
	0x13, 0x01, 0x00,	/* suite, compression */
	0x00, 0x0e,		/* extensions */
	0x00, 0x2b, 0x00, 0x02, 0x03, 0x04,
	0x00, 0x33, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x00,
};

START_TEST(hello_parses_tls13_server_hello)
{
	struct hello_server h;
	ck_assert_int_eq(hello_parse_server(sh13, sizeof sh13, &h), 0);
	ck_assert_uint_eq(h.version, 0x0304);
	ck_assert_uint_eq(h.suite, 0x1301);
	ck_assert_uint_eq(h.group, 0x001d);
	ck_assert(!h.hrr);
}
END_TEST

START_TEST(hello_rejects_truncated_extension)
{
	struct hello_server h;
	for (size_t n = 0; n < sizeof sh13; n++) {
		int r = hello_parse_server(sh13, n, &h);
		/* every strict prefix that cuts into the extensions must fail, never crash */
		if (n > 38)
			ck_assert_int_eq(r, -1);
	}
}
END_TEST

START_TEST(hello_detects_hello_retry_request)
{
	unsigned char hrr[sizeof sh13];
	static const unsigned char magic[32] = {
		0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65,
		0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2,
		0xc8, 0xa8, 0x33, 0x9c };
	struct hello_server h;
	memcpy(hrr, sh13, sizeof hrr);
	memcpy(hrr + 2, magic, 32);
	ck_assert_int_eq(hello_parse_server(hrr, sizeof hrr, &h), 0);
	ck_assert(h.hrr);
}
END_TEST

START_TEST(hello_parses_client_hello_sni_and_versions)
{
	static const unsigned char ch[] = {
		0x03, 0x03,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0,
		0x00,
		0x00, 0x04, 0x13, 0x01, 0xc0, 0x2f,
		0x01, 0x00,
		0x00, 0x20,
		0x00, 0x00, 0x00, 0x0b, 0x00, 0x09, 0x00, 0x00, 0x06, 's', 'h', 'o', 'p', '.', 'x',
		0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03,
		0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d,
	};
	struct hello_client h;
	ck_assert_int_eq(hello_parse_client(ch, sizeof ch, &h), 0);
	ck_assert_str_eq(h.sni, "shop.x");
	ck_assert_uint_eq(h.nsuites, 2);
	ck_assert_uint_eq(h.nversions, 2);
	ck_assert_uint_eq(h.versions[0], 0x0304);
	ck_assert_uint_eq(h.groups[0], 0x001d);
	/* a length that lies */
	{
		unsigned char bad[sizeof ch];
		memcpy(bad, ch, sizeof ch);
		bad[43] = 0xff;
		ck_assert_int_eq(hello_parse_client(bad, sizeof bad, &h), -1);
	}
}
END_TEST

START_TEST(alert_table_names_every_code_we_rely_on)
{
	ck_assert_str_eq(alert_name(40), "handshake_failure");
	ck_assert_str_eq(alert_name(112), "unrecognized_name");
	ck_assert_str_eq(alert_name(113), "bad_certificate_status_response");
	ck_assert_str_eq(alert_name(116), "certificate_required");
	ck_assert_str_eq(alert_name(200), "unknown_alert");
	ck_assert_int_eq(alert_from_name("HANDSHAKE_FAILURE"), 40);
	ck_assert_int_eq(alert_from_name("protocol version"), 70);
	ck_assert_int_eq(alert_from_name("nope"), -1);
	for (unsigned i = 0; alert_at(i); i++) {
		ck_assert_ptr_nonnull(alert_at(i)->meaning);
		ck_assert_ptr_nonnull(alert_at(i)->sender);
		ck_assert_ptr_eq(alert_lookup(alert_at(i)->code), alert_at(i));
	}
}
END_TEST

static Suite *record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("parsers");
	tcase_add_test(tc, record_reports_alert_and_ccs_split_across_reads);
	tcase_add_test(tc, record_names_the_first_handshake_message);
	tcase_add_test(tc, record_stops_on_plaintext_protocols);
	tcase_add_test(tc, record_rejects_oversized_length);
	tcase_add_test(tc, hello_parses_tls13_server_hello);
	tcase_add_test(tc, hello_rejects_truncated_extension);
	tcase_add_test(tc, hello_detects_hello_retry_request);
	tcase_add_test(tc, hello_parses_client_hello_sni_and_versions);
	tcase_add_test(tc, alert_table_names_every_code_we_rely_on);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(record_suite, TW_UNIT)
