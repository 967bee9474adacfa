/* test_pcap.c — the capture reader on captures written by the test itself (Ethernet,
 * IPv4, TCP built byte by byte): split and reordered segments, retransmits, a missing
 * segment, a truncated file, plain-text replies, a reset after the ClientHello. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tw_test.h"
#include "pcap.h"

struct gen {
	FILE *f;
	uint32_t seq[2];
	unsigned ts;
};

static void put32(FILE *f, uint32_t v) { fwrite(&v, 4, 1, f); }
static void put16(FILE *f, uint16_t v) { fwrite(&v, 2, 1, f); }

static void gen_open(struct gen *g, const char *path)
{
	g->f = fopen(path, "wb");
	put32(g->f, 0xa1b2c3d4);
	put16(g->f, 2);
	put16(g->f, 4);
	put32(g->f, 0);
	put32(g->f, 0);
	put32(g->f, 65535);
	put32(g->f, 1);	/* Ethernet */
	g->seq[0] = 1000;
	g->seq[1] = 5000;
	g->ts = 0;
}

/* One TCP segment from side (0 = client 10.0.0.1:40000, 1 = server 10.0.0.2:443). */
static void gen_seg(struct gen *g, int side, uint8_t flags, uint32_t seq, const void *data, size_t len)
{
	uint8_t pkt[2048] = { 0 };
	size_t n = 14 + 20 + 20 + len;
	uint8_t *ip = pkt + 14, *tcp = ip + 20;
	uint16_t sport = side ? 443 : 40000, dport = side ? 40000 : 443;

	pkt[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (uint8_t)((20 + 20 + len) >> 8);
	ip[3] = (uint8_t)(20 + 20 + len);
	ip[8] = 64;
	ip[9] = 6;
	ip[12] = 10; ip[15] = side ? 2 : 1;
	ip[16] = 10; ip[19] = side ? 1 : 2;
	tcp[0] = (uint8_t)(sport >> 8); tcp[1] = (uint8_t)sport;
	tcp[2] = (uint8_t)(dport >> 8); tcp[3] = (uint8_t)dport;
	tcp[4] = (uint8_t)(seq >> 24); tcp[5] = (uint8_t)(seq >> 16); tcp[6] = (uint8_t)(seq >> 8); tcp[7] = (uint8_t)seq;
	tcp[12] = 0x50;
	tcp[13] = flags;
	if (len)
		memcpy(tcp + 20, data, len);
	g->ts += 1000;
	put32(g->f, 0);
	put32(g->f, g->ts);
	put32(g->f, (uint32_t)n);
	put32(g->f, (uint32_t)n);
	fwrite(pkt, 1, n, g->f);
}

static void gen_handshake_start(struct gen *g)
{
	gen_seg(g, 0, 0x02, g->seq[0]++, NULL, 0);
	gen_seg(g, 1, 0x12, g->seq[1]++, NULL, 0);
}

/* A ClientHello record for SNI shop.x (the body of tests/unit/test_record.c). */
static size_t client_hello(uint8_t *out)
{
	static const uint8_t ch[] = {
		0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x04, 0x13, 0x01, 0xc0, 0x2f, 0x01, 0x00, 0x00, 0x20,
		0x00, 0x00, 0x00, 0x0b, 0x00, 0x09, 0x00, 0x00, 0x06, 's', 'h', 'o', 'p', '.', 'x',
		0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03,
		0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d,
	};
	size_t n = sizeof ch;
	out[0] = 0x16; out[1] = 3; out[2] = 1; out[3] = (uint8_t)((n + 4) >> 8); out[4] = (uint8_t)(n + 4);
	out[5] = 1; out[6] = 0; out[7] = (uint8_t)(n >> 8); out[8] = (uint8_t)n;
	memcpy(out + 9, ch, n);
	return 9 + n;
}

static char path[64];

static void new_path(void)
{
	snprintf(path, sizeof path, "/tmp/tlswiz-pcap-XXXXXX");
	close(mkstemp(path));
}

START_TEST(pcap_reorders_split_client_hello_and_drops_retransmits)
{
	struct gen g;
	uint8_t ch[256];
	size_t n;
	struct capture cap;

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	n = client_hello(ch);
	/* second half first, then the first half twice (a retransmit) */
	gen_seg(&g, 0, 0x18, g.seq[0] + 30, ch + 30, n - 30);
	gen_seg(&g, 0, 0x18, g.seq[0], ch, 30);
	gen_seg(&g, 0, 0x18, g.seq[0], ch, 30);
	g.seq[0] += (uint32_t)n;
	{
		static const uint8_t alert[] = { 0x15, 3, 3, 0, 2, 2, 70 };
		gen_seg(&g, 1, 0x18, g.seq[1], alert, sizeof alert);
	}
	fclose(g.f);
	ck_assert_int_eq(capture_read(path, &cap), 0);
	ck_assert_uint_eq(cap.n, 1);
	if (getenv("TW_DEBUG_PCAP"))
		for (size_t i = 0; i < cap.conns[0].trace->nsteps; i++)
			fprintf(stderr, "%s %s\n", cap.conns[0].trace->steps[i].name, cap.conns[0].trace->steps[i].summary);
	ck_assert_str_eq(cap.conns[0].trace->sni, "shop.x");
	ck_assert_uint_eq(cap.conns[0].out_of_order, 1);
	ck_assert_uint_eq(cap.conns[0].retransmits, 1);
	ck_assert_int_eq(cap.conns[0].trace->outcome, OUTCOME_ALERT);
	ck_assert_int_eq(cap.conns[0].trace->alert, 70);
	ck_assert_str_eq(cap.conns[0].client, "10.0.0.1:40000");
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_reports_reset_after_client_hello)
{
	struct gen g;
	uint8_t ch[256];
	size_t n;
	struct capture cap;

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	n = client_hello(ch);
	gen_seg(&g, 0, 0x18, g.seq[0], ch, n);
	gen_seg(&g, 1, 0x04, g.seq[1], NULL, 0);
	fclose(g.f);
	ck_assert_int_eq(capture_read(path, &cap), 0);
	ck_assert_uint_eq(cap.n, 1);
	ck_assert_int_eq(cap.conns[0].trace->outcome, OUTCOME_RESET);
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_names_plain_text_replies_and_missing_segments)
{
	struct gen g;
	uint8_t ch[256];
	size_t n;
	struct capture cap;
	static const char http[] = "HTTP/1.1 400 Bad Request\r\n\r\n";

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	n = client_hello(ch);
	/* the client's first 20 bytes never appear: a gap */
	gen_seg(&g, 0, 0x18, g.seq[0] + 20, ch + 20, n - 20);
	gen_seg(&g, 1, 0x18, g.seq[1], http, sizeof http - 1);
	fclose(g.f);
	ck_assert_int_eq(capture_read(path, &cap), 0);
	ck_assert_uint_eq(cap.n, 1);
	ck_assert_uint_eq(cap.conns[0].gaps, 20);
	ck_assert_int_eq(cap.conns[0].trace->outcome, OUTCOME_NOT_TLS);
	ck_assert_int_eq(cap.conns[0].trace->banner, BANNER_HTTP);
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_survives_a_truncated_file_and_garbage)
{
	struct gen g;
	uint8_t ch[256];
	size_t n;
	struct capture cap;
	long size;
	FILE *f;

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	n = client_hello(ch);
	gen_seg(&g, 0, 0x18, g.seq[0], ch, n);
	fclose(g.f);
	f = fopen(path, "r+b");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	ck_assert_int_eq(ftruncate(fileno(f), size - 30), 0);
	fclose(f);
	ck_assert_int_eq(capture_read(path, &cap), 0);
	ck_assert(cap.truncated);
	capture_free(&cap);
	/* not a capture at all */
	f = fopen(path, "wb");
	fputs("this is not a pcap file", f);
	fclose(f);
	ck_assert_int_eq(capture_read(path, &cap), -1);
	ck_assert(cap.error[0] != '\0');
	capture_free(&cap);
	unlink(path);
}
END_TEST

static Suite *pcap_suite(void)
{
	Suite *s = suite_create("pcap");
	TCase *tc = tcase_create("reader");
	tcase_add_test(tc, pcap_reorders_split_client_hello_and_drops_retransmits);
	tcase_add_test(tc, pcap_reports_reset_after_client_hello);
	tcase_add_test(tc, pcap_names_plain_text_replies_and_missing_segments);
	tcase_add_test(tc, pcap_survives_a_truncated_file_and_garbage);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(pcap_suite, TW_UNIT)
