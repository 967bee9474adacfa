/* fuzz_record.c — the record parser fed arbitrary bytes in arbitrary pieces. */
#include <string.h>

#include "fuzz.h"
#include "record.h"

static void sink(void *arg, const struct record_event *ev)
{
	size_t *n = arg;
	*n += ev->len;
	(void)record_hs_name(ev->hs_type);
	(void)record_type_name(ev->type);
}

FUZZ_TARGET(fuzz_record)
{
	struct record_stream rs;
	size_t total = 0, i = 0;

	if (size == 0)
		return 0;
	record_stream_init(&rs);
	/* The first byte picks the chunk size, so splits across reads get exercised. */
	while (i + 1 < size) {
		size_t chunk = (size_t)(data[0] % 17) + 1;
		if (chunk > size - 1 - i)
			chunk = size - 1 - i;
		record_feed(&rs, data + 1 + i, chunk, sink, &total);
		i += chunk;
	}
	return 0;
}
