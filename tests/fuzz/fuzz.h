/* fuzz.h — one harness, two drivers: libFuzzer (`make fuzz`, clang, -DFUZZ_LIBFUZZER) and
 * the Check replay suite (tests/unit/test_fuzz.c) that runs the saved corpus plus seeded
 * random mutations in every `make test`. */
#ifndef TLSWIZ_FUZZ_H
#define TLSWIZ_FUZZ_H
#include <stddef.h>
#include <stdint.h>

#ifdef FUZZ_LIBFUZZER
#define FUZZ_TARGET(name) \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return name(data, size); } \
	int name(const uint8_t *data, size_t size)
#else
#define FUZZ_TARGET(name) int name(const uint8_t *data, size_t size)
#endif

int fuzz_record(const uint8_t *data, size_t size);
int fuzz_hello(const uint8_t *data, size_t size);
int fuzz_cert(const uint8_t *data, size_t size);
int fuzz_text(const uint8_t *data, size_t size);
int fuzz_pcap(const uint8_t *data, size_t size);
int fuzz_explain(const uint8_t *data, size_t size);
int fuzz_ssl2(const uint8_t *data, size_t size);
int fuzz_ske(const uint8_t *data, size_t size);
int fuzz_fakeserver(const uint8_t *data, size_t size);

/* The pcap harness's seed, built in code (no capture in git): bytes written, 0 when cap is
 * too small. */
size_t fuzz_pcap_seed(uint8_t *buf, size_t cap);

#endif
