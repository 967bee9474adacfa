/* fuzz_ske.c — the ServerKeyExchange reader on arbitrary bytes; the first byte picks the
 * key exchange, the rest is the message body. */
#include <stdlib.h>

#include "fuzz.h"
#include "hello.h"

/* The two it reads, and one it must refuse (static RSA sends no ServerKeyExchange). */
static const char *const kxs[] = { "ECDHE", "DHE", "RSA" };

static volatile unsigned sink;

FUZZ_TARGET(fuzz_ske)
{
	struct hello_ske ske;
	const char *kx;

	if (size == 0)
		return 0;
	kx = kxs[data[0] % (sizeof kxs / sizeof kxs[0])];
	if (hello_parse_ske(data + 1, size - 1, kx, &ske) == 0) {
		/* a prime has at most 8 bits per byte of the message */
		if ((ske.curve && ske.dh_bits) || ske.curve > 0xffff || ske.dh_bits > 8 * (size - 1))
			abort();
		sink = ske.curve + ske.dh_bits;
	}
	return 0;
}
