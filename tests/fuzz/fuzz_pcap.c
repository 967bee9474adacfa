/* fuzz_pcap.c — the capture reader on arbitrary file contents (via a temporary file,
 * since libpcap reads files). The seed capture is built here, byte by byte, instead of
 * being kept in git: three loopback connections (a TLS ServerHello, a reset after the
 * ClientHello, a plain-text HTTP reply). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "pcap.h"
#include "text.h"
#include "trace.h"

struct inv {
	size_t size, conns, packets_max;
};

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "fuzz_pcap invariant: %s\n", #cond); abort(); } } while (0)

/* Oracles on every connection the reader hands out, not just "did not crash". */
static void check_conn(struct capture_conn *c, void *arg)
{
	struct inv *v = arg;
	const struct trace *t = c->trace;
	size_t wire = 0;

	v->conns++;
	CHECK(t != NULL && (c->frames != NULL || t->nsteps == 0));
	CHECK(strcmp(capture_end_name(c->end), "?"));
	CHECK(c->by >= -1 && c->by <= 1);
	CHECK(c->fail_step >= -1 && (c->fail_step < 0 || (size_t)c->fail_step < t->nsteps));
	CHECK(c->first_frame >= 1);
	CHECK(text_is_clean(t->sni) && text_is_clean(t->reason) && text_is_clean(c->after) && text_is_clean(c->prefix));
	CHECK(text_is_clean(c->client) && text_is_clean(c->server));
	for (size_t i = 0; i < t->nsteps; i++) {
		const struct step *st = &t->steps[i];
		/* every step comes from a frame of the file */
		CHECK(c->frames[i] >= c->first_frame || st->dir == DIR_LOCAL);
		CHECK(c->frames[i] <= v->packets_max);
		CHECK(text_is_clean(st->name) && text_is_clean(st->summary));
		/* what was on the wire (not what a header claims) never exceeds the file */
		if (st->layer != LAYER_HANDSHAKE && st->layer != LAYER_TCP)
			wire += st->bytes;
	}
	CHECK(wire <= v->size + 65536u * t->nsteps);
	CHECK(c->gaps <= 0xffffffffu);
	for (size_t i = 0; i < t->ncerts; i++)
		CHECK(t->certs[i].len <= v->size);
}

FUZZ_TARGET(fuzz_pcap)
{
	char path[] = "/tmp/tlswiz-fuzz-pcap-XXXXXX";
	int fd = mkstemp(path);
	struct capture cap;
	struct inv v = { size, 0, size / 16 + 1 };

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		if (capture_stream(path, NULL, &cap, check_conn, &v) == 0) {
			CHECK(cap.packets <= size / 16 + 1);	/* a frame header alone is 16 bytes */
			CHECK(v.conns + cap.conns_empty + cap.conns_filtered <= cap.conns_seen);
			CHECK(text_is_clean(cap.error));
		}
		capture_free(&cap);
	}
	close(fd);
	unlink(path);
	return 0;
}

struct seed {
	uint8_t *p;
	size_t n, cap;
	uint32_t ts;
};

static void put(struct seed *s, const void *b, size_t n)
{
	if (n && s->n + n <= s->cap)
		memcpy(s->p + s->n, b, n);
	s->n += n;
}

static void put32(struct seed *s, uint32_t v)
{
	put(s, &v, 4);	/* host order, as the magic number says */
}

/* One Ethernet/IPv4/TCP packet of connection c, from the client (side 0) or the server. */
static void packet(struct seed *s, int c, int side, uint8_t flags, uint32_t seq, const void *data, size_t len)
{
	uint8_t h[54] = { 0 };
	uint8_t *ip = h + 14, *tcp = ip + 20;
	uint16_t cport = (uint16_t)(40000 + c), sport = side ? 443 : cport, dport = side ? cport : 443;

	h[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (uint8_t)((40 + len) >> 8);
	ip[3] = (uint8_t)(40 + len);
	ip[8] = 64;
	ip[9] = 6;
	ip[12] = 127; ip[15] = 1;
	ip[16] = 127; ip[19] = 1;
	tcp[0] = (uint8_t)(sport >> 8); tcp[1] = (uint8_t)sport;
	tcp[2] = (uint8_t)(dport >> 8); tcp[3] = (uint8_t)dport;
	tcp[4] = (uint8_t)(seq >> 24); tcp[5] = (uint8_t)(seq >> 16); tcp[6] = (uint8_t)(seq >> 8); tcp[7] = (uint8_t)seq;
	tcp[12] = 0x50;
	tcp[13] = flags;
	s->ts += 500;
	put32(s, 0);
	put32(s, s->ts);
	put32(s, (uint32_t)(54 + len));
	put32(s, (uint32_t)(54 + len));
	put(s, h, sizeof h);
	put(s, data, len);
}

size_t fuzz_pcap_seed(uint8_t *buf, size_t cap)
{
	static const uint8_t hello[] = {
		0x16, 0x03, 0x01, 0x00, 0x3d, 0x01, 0x00, 0x00, 0x39, 0x03, 0x03,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
		29, 30, 31, 32, 0x00, 0x00, 0x04, 0x13, 0x01, 0xc0, 0x2f, 0x01, 0x00, 0x00, 0x0c,
		0x00, 0x00, 0x00, 0x08, 0x00, 0x06, 0x00, 0x00, 0x03, 'l', 'a', 'b',
	};
	static const uint8_t server_hello[] = {
		0x16, 0x03, 0x03, 0x00, 0x2a, 0x02, 0x00, 0x00, 0x26, 0x03, 0x03,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
		29, 30, 31, 32, 0x00, 0xc0, 0x2f, 0x00,
	};
	static const char http[] = "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n";
	struct seed s = { .p = buf, .cap = cap };

	put32(&s, 0xa1b2c3d4);
	put32(&s, 2 | 4u << 16);	/* version 2.4 */
	put32(&s, 0);
	put32(&s, 0);
	put32(&s, 65535);
	put32(&s, 1);			/* Ethernet */
	for (int c = 0; c < 3; c++) {
		uint32_t cs = 1000, ss = 5000;
		packet(&s, c, 0, 0x02, cs++, NULL, 0);
		packet(&s, c, 1, 0x12, ss++, NULL, 0);
		packet(&s, c, 0, 0x18, cs, hello, sizeof hello);
		if (c == 0)
			packet(&s, c, 1, 0x18, ss, server_hello, sizeof server_hello);
		else if (c == 1)
			packet(&s, c, 1, 0x04, ss, NULL, 0);
		else
			packet(&s, c, 1, 0x18, ss, http, sizeof http - 1);
	}
	return s.n <= cap ? s.n : 0;
}

#ifdef FUZZ_LIBFUZZER
/* libFuzzer reads its corpus directories after this: put the seed in the first one (the
 * writable build-fuzz/corpus-pcap of `make fuzz`). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static uint8_t buf[4096];
	size_t n = fuzz_pcap_seed(buf, sizeof buf);
	struct stat st;

	for (int i = 1; i < *argc && n; i++) {
		char path[4096];
		FILE *f;
		if ((*argv)[i][0] == '-' || stat((*argv)[i], &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		snprintf(path, sizeof path, "%s/seed-three-conns.pcap", (*argv)[i]);
		if ((f = fopen(path, "wb"))) {
			fwrite(buf, 1, n, f);
			fclose(f);
		}
		break;
	}
	return 0;
}
#endif
