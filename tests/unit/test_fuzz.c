/* test_fuzz.c — every fuzz harness replays its saved corpus (tests/fuzz/corpus/NAME) and
 * then 20,000 seeded random mutations of it, in every `make test` (under ASan/UBSan in
 * `make check-asan`). `make fuzz` runs the same harnesses coverage-guided with libFuzzer. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "../tw_test.h"
#include "../fuzz/fuzz.h"
#include "pcap.h"

#define MAX_SEEDS 64
#define MAX_LEN 4096

static const struct {
	const char *name;
	int (*fn)(const uint8_t *, size_t);
	size_t (*seed)(uint8_t *, size_t);	/* a seed built in code, besides the corpus */
} targets[] = {
	{ "record", fuzz_record },
	{ "hello", fuzz_hello },
	{ "cert", fuzz_cert },
	{ "text", fuzz_text },
	{ "explain", fuzz_explain },
	{ "pcap", fuzz_pcap, fuzz_pcap_seed },
	{ "ssl2", fuzz_ssl2 },
	{ "ske", fuzz_ske },
	{ "fakeserver", fuzz_fakeserver },
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t load(const char *name, uint8_t seeds[][MAX_LEN], size_t *lens)
{
	char path[512];
	size_t n = 0;
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof path, "tests/fuzz/corpus/%s", name);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d)) && n < MAX_SEEDS) {
		FILE *f;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "tests/fuzz/corpus/%s/%s", name, e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		lens[n] = fread(seeds[n], 1, MAX_LEN, f);
		fclose(f);
		n++;
	}
	closedir(d);
	return n;
}

/* Flip bits, overwrite with interesting bytes, insert, delete, truncate. */
static size_t mutate(uint8_t *buf, size_t len)
{
	static const uint8_t interesting[] = { 0x00, 0x01, 0x7f, 0x80, 0xff, 0x16, 0x03, 0x1b };
	int rounds = 1 + (int)(next() % 4);
	for (int r = 0; r < rounds; r++) {
		size_t pos = len ? next() % len : 0;
		switch (next() % 5) {
		case 0:
			if (len)
				buf[pos] ^= (uint8_t)(1u << (next() % 8));
			break;
		case 1:
			if (len)
				buf[pos] = interesting[next() % sizeof interesting];
			break;
		case 2:
			if (len < MAX_LEN) {
				memmove(buf + pos + 1, buf + pos, len - pos);
				buf[pos] = (uint8_t)next();
				len++;
			}
			break;
		case 3:
			if (len) {
				memmove(buf + pos, buf + pos + 1, len - pos - 1);
				len--;
			}
			break;
		default:
			len = len ? next() % len : 0;
		}
	}
	return len;
}

START_TEST(fuzz_harnesses_survive_corpus_and_mutations)
{
	static uint8_t seeds[MAX_SEEDS][MAX_LEN];
	static size_t lens[MAX_SEEDS];
	static uint8_t buf[MAX_LEN];
	size_t t = (size_t)_i;
	size_t n = load(targets[t].name, seeds, lens);

	if (targets[t].seed && n < MAX_SEEDS && (lens[n] = targets[t].seed(seeds[n], MAX_LEN)) > 0)
		n++;

	ck_assert_msg(n > 0, "no corpus for %s (run from the repository root)", targets[t].name);
	for (size_t i = 0; i < n; i++)
		targets[t].fn(seeds[i], lens[i]);
	/* The pcap harness goes through a file; fewer rounds keep it quick. Under a sanitizer
	 * (each input costs 5-20 times more) a tenth of the rounds: the fuzzers proper run
	 * in make fuzz. */
	int rounds = strcmp(targets[t].name, "pcap") ? 20000 : 2000;
	if (getenv("TLSWIZ_ASAN") || getenv("TLSWIZ_TSAN"))
		rounds /= 10;
	for (int i = 0; i < rounds; i++) {
		size_t k = next() % n, len = lens[k];
		memcpy(buf, seeds[k], len);
		len = mutate(buf, len);
		targets[t].fn(buf, len);
	}
}
END_TEST

/* The pcap seed built in code is a real capture: three connections with payload. */
START_TEST(pcap_seed_is_a_capture_of_three_connections)
{
	static uint8_t buf[MAX_LEN];
	char path[] = "/tmp/tlswiz-pcap-seed-XXXXXX";
	size_t n = fuzz_pcap_seed(buf, sizeof buf);
	int fd = mkstemp(path);
	struct capture cap;

	ck_assert_uint_gt(n, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, buf, n), (ssize_t)n);
	close(fd);
	ck_assert_int_eq(capture_read(path, &cap), 0);
	unlink(path);
	ck_assert(!cap.truncated);
	ck_assert_uint_eq(cap.n, 3);
	capture_free(&cap);
	ck_assert_uint_eq(fuzz_pcap_seed(buf, 100), 0);
}
END_TEST

static Suite *fuzz_suite(void)
{
	Suite *s = suite_create("fuzz-replay");
	TCase *tc = tcase_create("harnesses");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, fuzz_harnesses_survive_corpus_and_mutations, 0,
			    (int)(sizeof targets / sizeof targets[0]));
	tcase_add_test(tc, pcap_seed_is_a_capture_of_three_connections);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(fuzz_suite, TW_UNIT)
