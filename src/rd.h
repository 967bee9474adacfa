/* rd.h — a bounds-checked reading cursor for wire formats (STYLE.md: parsers use a cursor,
 * never pointer math). Every read fails cleanly (returns -1) instead of running past n. */
#ifndef TLSWIZ_RD_H
#define TLSWIZ_RD_H
#include <stddef.h>
#include <stdint.h>

struct rd {
	const uint8_t *p;
	size_t n;
};

static inline struct rd rd_make(const void *p, size_t n)
{
	struct rd r = { p, n };
	return r;
}

static inline int rd_u8(struct rd *r, unsigned *v)
{
	if (r->n < 1)
		return -1;
	*v = r->p[0];
	r->p += 1;
	r->n -= 1;
	return 0;
}

static inline int rd_u16(struct rd *r, unsigned *v)
{
	if (r->n < 2)
		return -1;
	*v = (unsigned)r->p[0] << 8 | r->p[1];
	r->p += 2;
	r->n -= 2;
	return 0;
}

static inline int rd_u24(struct rd *r, size_t *v)
{
	if (r->n < 3)
		return -1;
	*v = (size_t)r->p[0] << 16 | (size_t)r->p[1] << 8 | r->p[2];
	r->p += 3;
	r->n -= 3;
	return 0;
}

static inline int rd_skip(struct rd *r, size_t k)
{
	if (r->n < k)
		return -1;
	r->p += k;
	r->n -= k;
	return 0;
}

/* Take k bytes as a sub-cursor. */
static inline int rd_sub(struct rd *r, size_t k, struct rd *sub)
{
	if (r->n < k)
		return -1;
	*sub = rd_make(r->p, k);
	r->p += k;
	r->n -= k;
	return 0;
}

static inline int rd_vec8(struct rd *r, struct rd *sub)
{
	unsigned k;
	return rd_u8(r, &k) < 0 ? -1 : rd_sub(r, k, sub);
}

static inline int rd_vec16(struct rd *r, struct rd *sub)
{
	unsigned k;
	return rd_u16(r, &k) < 0 ? -1 : rd_sub(r, k, sub);
}

static inline int rd_vec24(struct rd *r, struct rd *sub)
{
	size_t k;
	return rd_u24(r, &k) < 0 ? -1 : rd_sub(r, k, sub);
}

#endif
