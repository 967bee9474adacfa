/* fuzz_record.c — the record parser fed arbitrary bytes in arbitrary pieces, checked by
 * an oracle: the events of a chunked feed equal those of one whole feed; every TLS record
 * re-encodes (type, version, length) to the very header bytes at its offset, starts where
 * the previous one ended and ends inside the input; its first handshake type and its
 * alert are the body's own bytes; a stop is the last event. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "record.h"

#define MAX_EV 8192

struct evlog {
	struct record_event ev[MAX_EV];
	size_t n, dropped;
};

static void sink(void *arg, const struct record_event *ev)
{
	struct evlog *l = arg;
	(void)record_hs_name(ev->hs_type);
	(void)record_type_name(ev->type);
	if (l->n < MAX_EV)
		l->ev[l->n++] = *ev;
	else
		l->dropped++;
}

static bool same(const struct record_event *a, const struct record_event *b)
{
	return a->kind == b->kind && a->type == b->type && a->version == b->version && a->len == b->len &&
	       a->hs_type == b->hs_type && a->alert_level == b->alert_level && a->alert_desc == b->alert_desc &&
	       a->encrypted == b->encrypted && a->offset == b->offset;
}

static struct evlog chunked, whole;

FUZZ_TARGET(fuzz_record)
{
	struct record_stream rs;
	const uint8_t *s = data + 1;
	size_t n, i = 0, off = 0;

	if (size == 0)
		return 0;
	n = size - 1;
	chunked.n = chunked.dropped = whole.n = whole.dropped = 0;
	record_stream_init(&rs);
	/* The first byte picks the chunk size, so splits across reads get exercised. */
	while (i < n) {
		size_t chunk = (size_t)(data[0] % 17) + 1;
		if (chunk > n - i)
			chunk = n - i;
		record_feed(&rs, s + i, chunk, sink, &chunked);
		i += chunk;
	}
	record_stream_init(&rs);
	record_feed(&rs, s, n, sink, &whole);

	if (chunked.n != whole.n || chunked.dropped != whole.dropped)
		abort();	/* the result depends on how the bytes were split */
	for (size_t k = 0; k < whole.n; k++) {
		const struct record_event *e = &whole.ev[k];
		if (!same(e, &chunked.ev[k]))
			abort();
		if (e->offset != off)
			abort();	/* records are contiguous from the first byte */
		if (e->kind != RECORD_TLS) {
			if (k + 1 != whole.n)
				abort();	/* nothing after a stop */
			if (e->offset >= n || e->type != s[e->offset])
				abort();
			continue;
		}
		if (off + 5 + e->len > n || e->len > RECORD_MAX_LEN)
			abort();	/* a record beyond the input */
		/* re-encode the header: the same bytes */
		{
			uint8_t h[5] = { (uint8_t)e->type, (uint8_t)(e->version >> 8), (uint8_t)e->version,
					 (uint8_t)(e->len >> 8), (uint8_t)e->len };
			if (e->type > 255 || e->version > 0xffff || memcmp(h, s + off, 5) != 0)
				abort();
		}
		if (e->hs_type >= 0 && (e->type != REC_HANDSHAKE || e->len < 1 || e->hs_type != s[off + 5]))
			abort();
		if (e->alert_level >= 0 && (e->type != REC_ALERT || e->len != 2 || e->alert_level != s[off + 5] ||
					    e->alert_desc != s[off + 6]))
			abort();
		if (!e->encrypted && e->type == REC_HANDSHAKE && e->len >= 1 && e->hs_type < 0)
			abort();	/* a plaintext handshake record names its first message */
		off += 5 + e->len;
	}
	return 0;
}
