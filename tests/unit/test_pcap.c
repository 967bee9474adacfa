/* test_pcap.c — the capture reader on captures written by the test itself (Ethernet,
 * IPv4, TCP built byte by byte): split and reordered segments, retransmits, a missing
 * segment, a truncated file, plain-text replies, a reset after the ClientHello. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tw_test.h"
#include <zlib.h>

#include "pcap.h"
#include "report.h"

struct gen {
	FILE *f;
	uint32_t seq[2];
	unsigned ts;
	int vlans;		/* 802.1ad/802.1Q tags before the IP header */
	bool frag;		/* send each data segment as two IPv4 fragments */
	uint16_t cport;		/* client port (40000 unless set) */
	unsigned step_us;	/* time between packets (1000 unless set) */
	uint32_t snap;		/* cut frames to this many bytes (0: whole) */
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
	g->vlans = 0;
	g->frag = false;
	g->cport = 40000;
	g->step_us = 1000;
	g->snap = 0;
}

static void put_frame(struct gen *g, const uint8_t *pkt, size_t n)
{
	size_t incl = g->snap && n > g->snap ? g->snap : n;
	g->ts += g->step_us;
	put32(g->f, g->ts / 1000000);
	put32(g->f, g->ts % 1000000);
	put32(g->f, (uint32_t)incl);
	put32(g->f, (uint32_t)n);
	fwrite(pkt, 1, incl, g->f);
}

/* One TCP segment from side (0 = client 10.0.0.1:40000, 1 = server 10.0.0.2:443). */
static void gen_seg(struct gen *g, int side, uint8_t flags, uint32_t seq, const void *data, size_t len)
{
	static uint8_t pkt[80000];
	size_t l2 = 14 + 4 * (size_t)g->vlans, n = l2 + 20 + 20 + len;
	uint8_t *ip = pkt + l2, *tcp = ip + 20;
	uint16_t sport = side ? 443 : g->cport, dport = side ? g->cport : 443;

	memset(pkt, 0, l2 + 40);
	for (int v = 0; v < g->vlans; v++) {
		pkt[12 + 4 * v] = v + 1 < g->vlans ? 0x88 : 0x81;
		pkt[13 + 4 * v] = v + 1 < g->vlans ? 0xa8 : 0x00;
		pkt[15 + 4 * v] = (uint8_t)(10 + v);
	}
	pkt[l2 - 2] = 0x08;
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
	if (g->frag && len > 16) {
		/* two fragments: the TCP header and 8*k payload bytes, then the rest */
		static uint8_t f2[80000];
		size_t first = (20 + len / 2) & ~(size_t)7, rest = 20 + len - first;
		memcpy(f2, pkt, l2 + 20);
		ip[2] = (uint8_t)((20 + first) >> 8);
		ip[3] = (uint8_t)(20 + first);
		ip[4] = 0x12; ip[5] = 0x34;
		ip[6] = 0x20;	/* more fragments */
		f2[l2 + 2] = (uint8_t)((20 + rest) >> 8);
		f2[l2 + 3] = (uint8_t)(20 + rest);
		f2[l2 + 4] = 0x12; f2[l2 + 5] = 0x34;
		f2[l2 + 6] = (uint8_t)((first / 8) >> 8);
		f2[l2 + 7] = (uint8_t)(first / 8);
		memcpy(f2 + l2 + 20, tcp + first, rest);
		put_frame(g, f2, l2 + 20 + rest);	/* the second piece first */
		put_frame(g, pkt, l2 + 20 + first);
		return;
	}
	put_frame(g, pkt, n);
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


/* A handshake record holding one message of type t with a body of n bytes (filled with f). */
static size_t hs_record(uint8_t *out, unsigned t, size_t n, uint8_t f)
{
	out[0] = 0x16; out[1] = 3; out[2] = 3; out[3] = (uint8_t)((n + 4) >> 8); out[4] = (uint8_t)(n + 4);
	out[5] = (uint8_t)t; out[6] = (uint8_t)(n >> 16); out[7] = (uint8_t)(n >> 8); out[8] = (uint8_t)n;
	memset(out + 9, f, n);
	return 9 + n;
}

/* A TLS1.2 ServerHello (suite c02f, no extensions). */
static size_t server_hello12(uint8_t *out)
{
	uint8_t body[38] = { 0x03, 0x03 };
	size_t n;
	memset(body + 2, 7, 32);
	body[34] = 0;	/* session id */
	body[35] = 0xc0; body[36] = 0x2f; body[37] = 0;
	n = hs_record(out, 2, sizeof body, 0);
	memcpy(out + 9, body, sizeof body);
	return n;
}

static void gen_seg_adv(struct gen *g, int side, const void *data, size_t len)
{
	gen_seg(g, side, 0x18, g->seq[side], data, len);
	g->seq[side] += (uint32_t)len;
}

static struct capture_conn *only_conn(struct capture *cap)
{
	ck_assert_int_eq(capture_read(path, cap), 0);
	ck_assert_uint_eq(cap->n, 1);
	return &cap->conns[0];
}

START_TEST(pcap_client_alert_is_the_clients_refusal_and_carries_the_mark)
{
	struct gen g;
	uint8_t b[512];
	struct capture cap;
	struct capture_conn *c;
	static const uint8_t alert[] = { 0x15, 3, 3, 0, 2, 2, 48 };

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	gen_seg_adv(&g, 0, b, client_hello(b));
	gen_seg_adv(&g, 1, b, server_hello12(b));
	gen_seg_adv(&g, 1, b, hs_record(b, 14, 0, 0));
	gen_seg_adv(&g, 0, alert, sizeof alert);
	gen_seg(&g, 0, 0x11, g.seq[0], NULL, 0);
	gen_seg(&g, 1, 0x11, g.seq[1], NULL, 0);
	fclose(g.f);
	c = only_conn(&cap);
	ck_assert_int_eq(c->end, CAP_CLIENT_ALERT);
	ck_assert_int_eq(c->by, 0);
	ck_assert_int_eq(c->alert, 48);
	ck_assert_str_eq(c->after, "ServerHelloDone");
	ck_assert_int_ge(c->fail_step, 0);
	ck_assert_str_eq(c->trace->steps[c->fail_step].name, "alert unknown_ca(48)");
	ck_assert(c->trace->steps[c->fail_step].flags & STEP_FAIL);
	ck_assert_uint_eq(c->frames[c->fail_step], 6);
	{
		struct target t;
		struct report r;
		memset(&t, 0, sizeof t);
		report_init(&r, &t);
		capture_judge(c, 0, &r);
		ck_assert_uint_ge(r.nfindings, 1);
		ck_assert_str_eq(r.findings[0].id, "chain.client_rejected");
		report_free(&r);
	}
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_client_that_gives_up_is_a_timeout_not_a_server_close)
{
	struct gen g;
	uint8_t b[512];
	struct capture cap;
	struct capture_conn *c;

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	gen_seg_adv(&g, 0, b, client_hello(b));
	g.step_us = 3000000;
	gen_seg(&g, 0, 0x11, g.seq[0], NULL, 0);
	g.step_us = 1000;
	gen_seg(&g, 1, 0x11, g.seq[1], NULL, 0);
	fclose(g.f);
	c = only_conn(&cap);
	ck_assert_int_eq(c->end, CAP_CLIENT_TIMEOUT);
	ck_assert_int_eq(c->by, 0);
	ck_assert_str_eq(c->trace->steps[c->fail_step].name, "FIN");
	ck_assert(c->trace->steps[c->fail_step].dir == DIR_C2S);
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_tls13_one_sided_or_cut_is_not_complete)
{
	struct gen g;
	uint8_t b[512];
	struct capture cap;
	struct capture_conn *c;
	/* TLS1.3 ServerHello: supported_versions 0x0304, suite 1301 */
	static const uint8_t sh[] = {
		0x16, 3, 3, 0, 50, 2, 0, 0, 46, 3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
		19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 0, 0x13, 0x01, 0, 0, 6, 0, 0x2b, 0, 2, 3, 4,
	};
	uint8_t enc[5 + 600] = { 0x17, 3, 3, 600 >> 8, 600 & 0xff };

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	gen_seg_adv(&g, 0, b, client_hello(b));
	gen_seg_adv(&g, 1, sh, sizeof sh);
	gen_seg_adv(&g, 1, enc, sizeof enc);
	gen_seg_adv(&g, 1, enc, sizeof enc);
	fclose(g.f);
	c = only_conn(&cap);
	ck_assert_int_ne(c->end, CAP_COMPLETE);
	ck_assert_int_eq(c->end, CAP_CUT);
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_grease_is_not_the_offered_version)
{
	struct gen g;
	uint8_t b[512];
	struct capture cap;
	struct capture_conn *c;
	size_t n;

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	n = client_hello(b);
	/* supported_versions 0304,0303 -> 8a8a,0304 */
	for (size_t i = 0; i + 6 < n; i++)
		if (b[i] == 0x00 && b[i + 1] == 0x2b && b[i + 4] == 4) {
			b[i + 5] = 0x8a; b[i + 6] = 0x8a; b[i + 7] = 3; b[i + 8] = 4;
			break;
		}
	gen_seg_adv(&g, 0, b, n);
	fclose(g.f);
	c = only_conn(&cap);
	/* the ladder's wording (ladder.c): the range offered, GREASE named, never a version */
	ck_assert_msg(!strncmp(c->trace->steps[2].summary, "TLS1.3,", 7) && !strstr(c->trace->steps[2].summary, "8a8a"),
		      "%s", c->trace->steps[2].summary);
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_port_reuse_and_many_connections_are_all_reported)
{
	struct gen g;
	uint8_t b[512];
	struct capture cap;
	size_t n = client_hello(b);

	new_path();
	gen_open(&g, path);
	for (int i = 0; i < 300; i++) {
		g.cport = (uint16_t)(20000 + i);
		g.seq[0] = 1000;
		g.seq[1] = 5000;
		gen_handshake_start(&g);
		gen_seg_adv(&g, 0, b, n);
		gen_seg(&g, 1, 0x04, g.seq[1], NULL, 0);
	}
	/* the same port pair again, a new SYN later: a second connection */
	g.cport = 20000;
	g.seq[0] = 90000;
	g.seq[1] = 95000;
	gen_handshake_start(&g);
	gen_seg_adv(&g, 0, b, n);
	gen_seg(&g, 1, 0x04, g.seq[1], NULL, 0);
	fclose(g.f);
	ck_assert_int_eq(capture_read(path, &cap), 0);
	ck_assert_uint_eq(cap.n, 301);
	ck_assert_str_eq(cap.conns[0].client, "10.0.0.1:20000");
	ck_assert_str_eq(cap.conns[300].client, "10.0.0.1:20000");
	ck_assert_int_eq(cap.conns[300].end, CAP_SERVER_RESET);
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_large_message_is_named_and_parsing_goes_on)
{
	struct gen g;
	static uint8_t big[80000];
	uint8_t b[512];
	struct capture cap;
	struct capture_conn *c;
	size_t body = 70000, n;
	bool done = false;

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	gen_seg_adv(&g, 0, b, client_hello(b));
	gen_seg_adv(&g, 1, b, server_hello12(b));
	/* a 70000-byte Certificate over records of 16000 */
	big[0] = 11; big[1] = (uint8_t)(body >> 16); big[2] = (uint8_t)(body >> 8); big[3] = (uint8_t)body;
	memset(big + 4, 0, body);
	for (size_t off = 0; off < body + 4; off += 16000) {
		uint8_t rec[16005];
		size_t k = body + 4 - off < 16000 ? body + 4 - off : 16000;
		rec[0] = 0x16; rec[1] = 3; rec[2] = 3; rec[3] = (uint8_t)(k >> 8); rec[4] = (uint8_t)k;
		memcpy(rec + 5, big + off, k);
		gen_seg_adv(&g, 1, rec, 5 + k);
	}
	n = hs_record(b, 14, 0, 0);
	gen_seg_adv(&g, 1, b, n);
	fclose(g.f);
	c = only_conn(&cap);
	for (size_t i = 0; i < c->trace->nsteps; i++) {
		if (!strcmp(c->trace->steps[i].name, "Certificate"))
			ck_assert_uint_eq(c->trace->steps[i].bytes, body + 4);
		done |= !strcmp(c->trace->steps[i].name, "ServerHelloDone");
	}
	ck_assert_msg(done, "parsing stopped at the large message");
	capture_free(&cap);

	/* a 2 MiB Certificate: named with its size, skipped, parsing goes on after it */
	gen_open(&g, path);
	gen_handshake_start(&g);
	gen_seg_adv(&g, 0, b, client_hello(b));
	gen_seg_adv(&g, 1, b, server_hello12(b));
	body = 2u << 20;
	for (size_t off = 0; off < body + 4; off += 16000) {
		static uint8_t rec[16005];
		size_t k = body + 4 - off < 16000 ? body + 4 - off : 16000;
		memset(rec, 0, sizeof rec);
		rec[0] = 0x16; rec[1] = 3; rec[2] = 3; rec[3] = (uint8_t)(k >> 8); rec[4] = (uint8_t)k;
		if (off == 0) {
			rec[5] = 11; rec[6] = (uint8_t)(body >> 16); rec[7] = (uint8_t)(body >> 8); rec[8] = (uint8_t)body;
		}
		gen_seg_adv(&g, 1, rec, 5 + k);
	}
	gen_seg_adv(&g, 1, b, hs_record(b, 14, 0, 0));
	fclose(g.f);
	c = only_conn(&cap);
	done = false;
	for (size_t i = 0; i < c->trace->nsteps; i++) {
		if (!strcmp(c->trace->steps[i].name, "Certificate"))
			ck_assert_msg(strstr(c->trace->steps[i].summary, "2097152 bytes: larger than the 1024 KiB kept, not parsed"),
				      "%s", c->trace->steps[i].summary);
		done |= !strcmp(c->trace->steps[i].name, "ServerHelloDone");
	}
	ck_assert_msg(done, "parsing stopped at the 2 MiB message");
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_sslv2_hello_and_starttls_prefix_are_tls)
{
	struct gen g;
	uint8_t b[512];
	struct capture cap;
	struct capture_conn *c;
	/* SSLv2-format CLIENT-HELLO offering TLS1.0, one 3-byte kind, 16-byte challenge */
	static const uint8_t v2[] = { 0x80, 0x1c, 0x01, 0x03, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x10,
				      0x00, 0x00, 0x2f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	gen_seg_adv(&g, 0, v2, sizeof v2);
	fclose(g.f);
	c = only_conn(&cap);
	ck_assert_str_eq(c->trace->steps[2].name, "ClientHello");
	ck_assert_msg(strstr(c->trace->steps[2].summary, "SSLv2"), "%s", c->trace->steps[2].summary);
	capture_free(&cap);

	gen_open(&g, path);
	gen_handshake_start(&g);
	gen_seg_adv(&g, 1, "220 mail ESMTP\r\n", 16);
	gen_seg_adv(&g, 0, "EHLO x\r\n", 8);
	gen_seg_adv(&g, 1, "250 STARTTLS\r\n", 14);
	gen_seg_adv(&g, 0, "STARTTLS\r\n", 10);
	gen_seg_adv(&g, 1, "220 go ahead\r\n", 14);
	gen_seg_adv(&g, 0, b, client_hello(b));
	gen_seg_adv(&g, 1, b, server_hello12(b));
	fclose(g.f);
	c = only_conn(&cap);
	ck_assert_str_eq(c->prefix, "STARTTLS");
	ck_assert_str_eq(c->trace->sni, "shop.x");
	ck_assert_str_eq(c->trace->neg.version_name, "TLS1.2");
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_plain_reply_is_escaped_once)
{
	struct gen g;
	uint8_t b[512];
	struct capture cap;
	struct capture_conn *c;
	static const uint8_t reply[] = { 0x80, 'a', 'b', 'c', 0x1b, '[', '3', '1', 'm' };

	new_path();
	gen_open(&g, path);
	gen_handshake_start(&g);
	gen_seg_adv(&g, 0, b, client_hello(b));
	gen_seg_adv(&g, 1, reply, sizeof reply);
	fclose(g.f);
	c = only_conn(&cap);
	ck_assert_int_eq(c->end, CAP_NOT_TLS);
	ck_assert_msg(strstr(c->trace->steps[c->fail_step].summary, "\\x80abc\\x1B[31m") &&
		      !strstr(c->trace->steps[c->fail_step].summary, "\\\\"), "%s", c->trace->steps[c->fail_step].summary);
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_qinq_fragments_reordering_and_short_frames)
{
	struct gen g;
	uint8_t b[512];
	struct capture cap;
	struct capture_conn *c;
	size_t n = client_hello(b);

	new_path();
	gen_open(&g, path);
	g.vlans = getenv("TW_NOVLAN") ? 0 : 2;
	g.frag = !getenv("TW_NOFRAG");
	gen_handshake_start(&g);
	gen_seg_adv(&g, 0, b, n);
	gen_seg(&g, 1, 0x04, g.seq[1], NULL, 0);
	fclose(g.f);
	c = only_conn(&cap);
	ck_assert_str_eq(c->trace->sni, "shop.x");
	ck_assert_int_eq(c->end, CAP_SERVER_RESET);
	ck_assert_uint_eq(cap.fragments, 2);
	capture_free(&cap);

	/* 200 one-byte segments of the ClientHello, last first */
	gen_open(&g, path);
	gen_handshake_start(&g);
	for (size_t i = n; i-- > 0;)
		gen_seg(&g, 0, 0x18, g.seq[0] + (uint32_t)i, b + i, 1);
	fclose(g.f);
	c = only_conn(&cap);
	ck_assert_str_eq(c->trace->sni, "shop.x");
	ck_assert_uint_eq(c->out_of_order, n - 1);
	capture_free(&cap);

	/* a 60-byte snap length: the frames are cut and the reader says so */
	gen_open(&g, path);
	g.snap = 60;
	gen_handshake_start(&g);
	gen_seg_adv(&g, 0, b, n);
	fclose(g.f);
	ck_assert_int_eq(capture_read(path, &cap), 0);
	ck_assert_uint_eq(cap.short_frames, 1);
	capture_free(&cap);
	unlink(path);
}
END_TEST

START_TEST(pcap_unanswered_syn_is_filtered)
{
	struct gen g;
	struct capture cap;
	struct capture_conn *c;

	new_path();
	gen_open(&g, path);
	gen_seg(&g, 0, 0x02, 1000, NULL, 0);
	g.step_us = 1000000;
	gen_seg(&g, 0, 0x02, 1000, NULL, 0);
	gen_seg(&g, 0, 0x02, 1000, NULL, 0);
	fclose(g.f);
	c = only_conn(&cap);
	ck_assert_int_eq(c->end, CAP_FILTERED);
	capture_free(&cap);
	unlink(path);
}
END_TEST

/* The same capture as pcapng with two interfaces of different link types, gzip'd. */
START_TEST(pcap_two_interface_pcapng_gzip)
{
	uint8_t b[512];
	size_t n = client_hello(b);
	char gz[80];
	gzFile z;
	struct capture cap;
	uint32_t shb[7] = { 0x0a0d0d0a, 28, 0x1a2b3c4d, 1, 0xffffffff, 0xffffffff, 28 };
	uint32_t idb_eth[5] = { 1, 20, 1, 65535, 20 };		/* Ethernet */
	uint32_t idb_raw[5] = { 1, 20, 101, 65535, 20 };	/* raw IP */

	snprintf(gz, sizeof gz, "/tmp/tlswiz-pcapng-%d.pcapng.gz", (int)getpid());
	z = gzopen(gz, "wb");
	ck_assert_ptr_nonnull(z);
	gzwrite(z, shb, sizeof shb);
	gzwrite(z, idb_eth, sizeof idb_eth);
	gzwrite(z, idb_raw, sizeof idb_raw);
	for (int k = 0; k < 3; k++) {
		/* on interface 1 (raw IPv4): SYN, SYN-ACK, ClientHello */
		uint8_t ip[600] = { 0x45 };
		size_t len = 40 + (k == 2 ? n : 0), pad = (4 - len % 4) % 4;
		uint32_t epb[7] = { 6, (uint32_t)(32 + len + pad), 1, 0, (uint32_t)k * 1000, (uint32_t)len, (uint32_t)len };
		int side = k == 1;
		ip[2] = (uint8_t)(len >> 8); ip[3] = (uint8_t)len; ip[8] = 64; ip[9] = 6;
		ip[12] = 10; ip[15] = side ? 2 : 1; ip[16] = 10; ip[19] = side ? 1 : 2;
		ip[20] = side ? 0x01 : 0x9c; ip[21] = side ? 0xbb : 0x40;
		ip[22] = side ? 0x9c : 0x01; ip[23] = side ? 0x40 : 0xbb;
		ip[27] = k == 2 ? 1 : 0;
		ip[32] = 0x50; ip[33] = k == 0 ? 0x02 : k == 1 ? 0x12 : 0x18;
		if (k == 2)
			memcpy(ip + 40, b, n);
		gzwrite(z, epb, sizeof epb);
		gzwrite(z, ip, (unsigned)(len + pad));
		gzwrite(z, &epb[1], 4);
	}
	gzclose(z);
	ck_assert_int_eq(capture_read(gz, &cap), 0);
	ck_assert_msg(!cap.truncated, "%s", cap.error);
	ck_assert(cap.gzip);
	ck_assert_uint_eq(cap.interfaces, 2);
	ck_assert_uint_eq(cap.n, 1);
	ck_assert_str_eq(cap.conns[0].trace->sni, "shop.x");
	capture_free(&cap);

	/* two sections (two pcapng files one after the other), the second SHB past the
	 * reader's first megabyte */
	z = gzopen(gz, "wb");
	for (int sec = 0; sec < 2; sec++) {
		static uint8_t pkt[3000];
		uint32_t epb[7] = { 6, 32 + sizeof pkt, 0, 0, 0, sizeof pkt, sizeof pkt };
		gzwrite(z, shb, sizeof shb);
		gzwrite(z, idb_raw, sizeof idb_raw);
		for (int k = 0; k < 400; k++) {
			gzwrite(z, epb, sizeof epb);
			gzwrite(z, pkt, sizeof pkt);
			gzwrite(z, &epb[1], 4);
		}
	}
	gzclose(z);
	ck_assert_int_eq(capture_read(gz, &cap), 0);
	ck_assert_msg(!cap.truncated, "%s", cap.error);
	ck_assert_uint_eq(cap.packets, 800);
	capture_free(&cap);
	unlink(gz);
}
END_TEST

/* The command line: summary before the ladders, filters, two files, --help, exit status 3
 * for a file that cannot be read, JSON with frames and timings. */
START_TEST(pcap_cli_summary_filters_files_and_exit_status)
{
	struct gen g;
	uint8_t b[512];
	static char out[1 << 18];
	char cmd[512], p2[64];
	size_t n = client_hello(b);
	const char *sum, *lad;

	new_path();
	gen_open(&g, path);
	for (int i = 0; i < 2; i++) {
		g.cport = (uint16_t)(41000 + i);
		g.seq[0] = 1000;
		g.seq[1] = 5000;
		gen_handshake_start(&g);
		gen_seg_adv(&g, 0, b, n);
		gen_seg(&g, 1, 0x04, g.seq[1], NULL, 0);
	}
	fclose(g.f);
	snprintf(p2, sizeof p2, "%s", path);
	snprintf(cmd, sizeof cmd, "%s capture --no-color %s", tw_bin(), path);
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 20), 2);
	sum = strstr(out, "#1    10.0.0.1:41000         10.0.0.2:443           shop.x                   server_reset after ClientHello");
	lad = strstr(out, "#1 10.0.0.1:41000 -> 10.0.0.2:443");
	ck_assert_msg(sum && lad && sum < lad, "summary line then ladder:\n%.2000s", out);
	{
		const char *q = strstr(out, "<-- RST");
		ck_assert_ptr_nonnull(q);
		while (q > out && q[-1] != '\n')
			q--;
		ck_assert_msg(*q == 'x', "the mark is not on the RST:\n%.2000s", out);
	}
	snprintf(cmd, sizeof cmd, "%s capture --port 41001 %s", tw_bin(), path);
	tw_run(cmd, out, sizeof out, 20);
	ck_assert_msg(!strstr(out, "10.0.0.1:41000 ") && strstr(out, "10.0.0.1:41001") &&
		      strstr(out, "1 connections left out by --host/--port/--sni"), "%s", out);
	snprintf(cmd, sizeof cmd, "%s capture --sni other.x %s", tw_bin(), path);
	tw_run(cmd, out, sizeof out, 20);
	ck_assert_msg(strstr(out, "0 TCP connections with data") && strstr(out, "2 connections left out"), "%s", out);
	snprintf(cmd, sizeof cmd, "%s capture --host 10.0.0.2 %s %s", tw_bin(), path, p2);
	tw_run(cmd, out, sizeof out, 20);
	ck_assert_msg(strstr(out, "1:#2 ") && strstr(out, "2:#2 "), "two files:\n%.2000s", out);
	snprintf(cmd, sizeof cmd, "%s capture --json %s", tw_bin(), path);
	tw_run(cmd, out, sizeof out, 20);
	ck_assert_msg(strstr(out, "\"frame\": 3") && strstr(out, "\"end\": \"server_reset\"") &&
		      strstr(out, "\"by\": \"server\"") && strstr(out, "\"duration_ms\": 3.0"), "%.2000s", out);
	snprintf(cmd, sizeof cmd, "gzip -c %s | %s capture -", path, tw_bin());
	tw_run(cmd, out, sizeof out, 20);
	ck_assert_msg(strstr(out, "-: 8 packets, 2 TCP connections with data (gzip)") || strstr(out, "-: 8 packets, 2 TCP connections with data"),
		      "standard input:\n%.2000s", out);
	snprintf(cmd, sizeof cmd, "%s capture --help", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 20), 0);
	ck_assert_ptr_nonnull(strstr(out, "--keylog FILE"));
	snprintf(cmd, sizeof cmd, "%s capture /nonexistent.pcap", tw_bin());
	ck_assert_int_eq(tw_run(cmd, NULL, 0, 20), 3);
	snprintf(cmd, sizeof cmd, "%s capture %s /nonexistent.pcap", tw_bin(), path);
	ck_assert_int_eq(tw_run(cmd, NULL, 0, 20), 3);
	unlink(path);
}
END_TEST

/* Raw-IP pcap (linktype 101) writer for IPv6 and ICMP cases. */
static FILE *raw_open(const char *p)
{
	FILE *f = fopen(p, "wb");
	put32(f, 0xa1b2c3d4);
	put16(f, 2);
	put16(f, 4);
	put32(f, 0);
	put32(f, 0);
	put32(f, 65535);
	put32(f, 101);
	return f;
}

static void raw_put(FILE *f, unsigned ms, const uint8_t *pkt, size_t n)
{
	put32(f, ms / 1000);
	put32(f, (ms % 1000) * 1000);
	put32(f, (uint32_t)n);
	put32(f, (uint32_t)n);
	fwrite(pkt, 1, n, f);
}

/* IPv6 with a hop-by-hop header before TCP; side 0 = [2001:db8::1]:40000. */
static size_t ip6_seg(uint8_t *pkt, int side, uint8_t flags, uint32_t seq, const void *data, size_t len)
{
	uint8_t *tcp = pkt + 48;
	size_t plen = 8 + 20 + len;
	memset(pkt, 0, 48 + 20);
	pkt[0] = 0x60;
	pkt[4] = (uint8_t)(plen >> 8);
	pkt[5] = (uint8_t)plen;
	pkt[6] = 0;	/* hop-by-hop */
	pkt[7] = 64;
	pkt[8] = 0x20; pkt[9] = 0x01; pkt[10] = 0x0d; pkt[11] = 0xb8; pkt[23] = side ? 2 : 1;
	pkt[24] = 0x20; pkt[25] = 0x01; pkt[26] = 0x0d; pkt[27] = 0xb8; pkt[39] = side ? 1 : 2;
	pkt[40] = 6;	/* next: TCP; length 0 = 8 bytes */
	pkt[42] = 1; pkt[43] = 4;	/* PadN */
	tcp[0] = side ? 0x01 : 0x9c; tcp[1] = side ? 0xbb : 0x40;
	tcp[2] = side ? 0x9c : 0x01; tcp[3] = side ? 0x40 : 0xbb;
	tcp[4] = (uint8_t)(seq >> 24); tcp[5] = (uint8_t)(seq >> 16); tcp[6] = (uint8_t)(seq >> 8); tcp[7] = (uint8_t)seq;
	tcp[12] = 0x50;
	tcp[13] = flags;
	if (len)
		memcpy(tcp + 20, data, len);
	return 48 + 20 + len;
}

START_TEST(pcap_ipv6_extension_headers_and_icmp_unreachable)
{
	uint8_t b[512], pkt[1024];
	size_t n = client_hello(b);
	struct capture cap;
	FILE *f;

	new_path();
	f = raw_open(path);
	raw_put(f, 0, pkt, ip6_seg(pkt, 0, 0x02, 999, NULL, 0));
	raw_put(f, 1, pkt, ip6_seg(pkt, 1, 0x12, 4999, NULL, 0));
	raw_put(f, 2, pkt, ip6_seg(pkt, 0, 0x18, 1000, b, n));
	raw_put(f, 3, pkt, ip6_seg(pkt, 1, 0x04, 5000, NULL, 0));
	fclose(f);
	ck_assert_int_eq(capture_read(path, &cap), 0);
	ck_assert_uint_eq(cap.n, 1);
	ck_assert_str_eq(cap.conns[0].client, "[2001:db8::1]:40000");
	ck_assert_str_eq(cap.conns[0].trace->sni, "shop.x");
	ck_assert_int_eq(cap.conns[0].end, CAP_SERVER_RESET);
	capture_free(&cap);

	/* IPv4 SYN answered by an ICMP host unreachable from a router quoting it */
	f = raw_open(path);
	{
		uint8_t syn[40] = { 0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
				    0x9c, 0x40, 0x01, 0xbb, 0, 0, 3, 0xe8, 0, 0, 0, 0, 0x50, 0x02 };
		uint8_t icmp[20 + 8 + 28] = { 0x45, 0, 0, 56, 0, 0, 0, 0, 64, 1, 0, 0, 10, 0, 0, 254, 10, 0, 0, 1, 3, 1 };
		memcpy(icmp + 28, syn, 28);
		raw_put(f, 0, syn, sizeof syn);
		raw_put(f, 5, icmp, sizeof icmp);
	}
	fclose(f);
	ck_assert_int_eq(capture_read(path, &cap), 0);
	ck_assert_uint_eq(cap.n, 1);
	ck_assert_int_eq(cap.conns[0].end, CAP_UNREACHABLE);
	ck_assert_str_eq(cap.conns[0].trace->steps[cap.conns[0].fail_step].name, "ICMP unreachable");
	capture_free(&cap);
	unlink(path);
}
END_TEST

/* Each plain-text start is named, and the TLS after it is read. */
START_TEST(pcap_plaintext_prefixes_are_named)
{
	static const struct { const char *c; size_t cn; const char *s; size_t sn; const char *name; } cases[] = {
		{ "\x00\x00\x00\x08\x04\xd2\x16\x2f", 8, "S", 1, "PostgreSQL SSLRequest" },
		{ "\x05\x01\x00", 3, "\x05\x00", 2, "SOCKS5" },
		{ "STLS\r\n", 6, "+OK Begin TLS\r\n", 15, "POP3 STLS" },
		{ "AUTH TLS\r\n", 10, "234 AUTH TLS OK\r\n", 17, "FTP AUTH TLS" },
		{ "a1 STARTTLS\r\n", 13, "a1 OK Begin TLS\r\n", 17, "STARTTLS" },
		{ "CONNECT shop.x:443 HTTP/1.1\r\n\r\n", 31, "HTTP/1.1 200 OK\r\n\r\n", 19, "HTTP CONNECT" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct gen g;
		uint8_t b[512];
		struct capture cap;
		struct capture_conn *c;
		new_path();
		gen_open(&g, path);
		gen_handshake_start(&g);
		gen_seg_adv(&g, 0, cases[k].c, cases[k].cn);
		gen_seg_adv(&g, 1, cases[k].s, cases[k].sn);
		gen_seg_adv(&g, 0, b, client_hello(b));
		gen_seg_adv(&g, 1, b, server_hello12(b));
		fclose(g.f);
		c = only_conn(&cap);
		ck_assert_msg(!strcmp(c->prefix, cases[k].name), "case %zu: prefix \"%s\"", k, c->prefix);
		ck_assert_str_eq(c->trace->neg.version_name, "TLS1.2");
		capture_free(&cap);
		unlink(path);
	}
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
	tcase_add_test(tc, pcap_client_alert_is_the_clients_refusal_and_carries_the_mark);
	tcase_add_test(tc, pcap_client_that_gives_up_is_a_timeout_not_a_server_close);
	tcase_add_test(tc, pcap_tls13_one_sided_or_cut_is_not_complete);
	tcase_add_test(tc, pcap_grease_is_not_the_offered_version);
	tcase_add_test(tc, pcap_port_reuse_and_many_connections_are_all_reported);
	tcase_add_test(tc, pcap_large_message_is_named_and_parsing_goes_on);
	tcase_add_test(tc, pcap_sslv2_hello_and_starttls_prefix_are_tls);
	tcase_add_test(tc, pcap_plain_reply_is_escaped_once);
	tcase_add_test(tc, pcap_qinq_fragments_reordering_and_short_frames);
	tcase_add_test(tc, pcap_unanswered_syn_is_filtered);
	tcase_add_test(tc, pcap_two_interface_pcapng_gzip);
	tcase_add_test(tc, pcap_cli_summary_filters_files_and_exit_status);
	tcase_add_test(tc, pcap_ipv6_extension_headers_and_icmp_unreachable);
	tcase_add_test(tc, pcap_plaintext_prefixes_are_named);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(pcap_suite, TW_UNIT)
