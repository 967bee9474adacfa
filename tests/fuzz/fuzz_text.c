/* fuzz_text.c — the sanitiser: its output is always clean, terminated and bounded. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "text.h"

FUZZ_TARGET(fuzz_text)
{
	char out[257];
	size_t n = text_sanitize(out, sizeof out, data, size);

	if (n != strlen(out) || n >= sizeof out || !text_is_clean(out))
		abort();
	(void)text_width(out);
	return 0;
}
