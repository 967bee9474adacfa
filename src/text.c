/* text.c — the sanitiser: makes any bytes from the network safe to store and show.
 * Everything else trusts its output; it must never emit a control byte, an escape
 * sequence, a bidi override or invalid UTF-8. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

/* Decode one UTF-8 sequence (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
 * Returns its length, or 0 when the bytes are not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Code points that must not reach a terminal as themselves: C1 controls, bidi
 * embeddings/overrides/isolates (Trojan Source, CVE-2021-42574), zero-width and other
 * format characters, line/paragraph separators, BOM, interlinear annotation, tags. */
static int cp_is_unsafe(uint32_t c)
{
	static const struct { uint32_t lo, hi; } bad[] = {
		{ 0x007f, 0x009f }, { 0x00ad, 0x00ad }, { 0x061c, 0x061c },
		{ 0x180e, 0x180e }, { 0x200b, 0x200f }, { 0x2028, 0x202e },
		{ 0x2060, 0x206f }, { 0xfeff, 0xfeff }, { 0xfff9, 0xfffb },
		{ 0xe0000, 0xe007f },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (c >= bad[i].lo && c <= bad[i].hi)
			return 1;
	return 0;
}

/* Append piece to dst if it fits, leaving room for "..." and NUL. */
static int put(char *dst, size_t dstlen, size_t *o, const char *piece, size_t n)
{
	if (*o + n + 4 > dstlen)
		return -1;
	memcpy(dst + *o, piece, n);
	*o += n;
	return 0;
}

size_t text_sanitize(char *dst, size_t dstlen, const void *src, size_t srclen)
{
	const unsigned char *s = src;
	size_t i = 0, o = 0;
	char esc[16];

	if (!dstlen)
		return 0;
	if (dstlen < 5) {
		dst[0] = '\0';
		return 0;
	}
	while (i < srclen) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, srclen - i, &cp);
		int r;

		if (len == 0) {
			snprintf(esc, sizeof esc, "\\x%02X", s[i]);
			r = put(dst, dstlen, &o, esc, 4);
			len = 1;
		} else if (cp == '\n') {
			r = put(dst, dstlen, &o, "\\n", 2);
		} else if (cp == '\r') {
			r = put(dst, dstlen, &o, "\\r", 2);
		} else if (cp == '\t') {
			r = put(dst, dstlen, &o, "\\t", 2);
		} else if (cp < 0x20) {
			snprintf(esc, sizeof esc, "\\x%02X", (unsigned)cp);
			r = put(dst, dstlen, &o, esc, 4);
		} else if (cp == '\\') {
			r = put(dst, dstlen, &o, "\\\\", 2);
		} else if (cp_is_unsafe(cp)) {
			int n = snprintf(esc, sizeof esc, "\\u{%04X}", (unsigned)cp);
			r = put(dst, dstlen, &o, esc, (size_t)n);
		} else {
			r = put(dst, dstlen, &o, (const char *)s + i, len);
		}
		if (r < 0) {
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		i += len;
	}
	dst[o] = '\0';
	return o;
}

size_t text_sanitize_str(char *dst, size_t dstlen, const char *src)
{
	return text_sanitize(dst, dstlen, src, src ? strlen(src) : 0);
}

int text_is_clean(const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (len == 0 || cp < 0x20 || cp_is_unsafe(cp))
			return 0;
		i += len;
	}
	return 1;
}

size_t text_hex(char *dst, size_t dstlen, const void *src, size_t n)
{
	const unsigned char *s = src;
	size_t o = 0;

	if (!dstlen)
		return 0;
	dst[0] = '\0';
	for (size_t i = 0; i < n && o + 4 <= dstlen; i++)
		o += (size_t)snprintf(dst + o, dstlen - o, i ? " %02x" : "%02x", s[i]);
	return o;
}

static int cp_is_wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	       (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	       (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	       (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
	       (c >= 0x20000 && c <= 0x3fffd);
}

size_t text_width(const char *s)
{
	size_t n = strlen(s), i = 0, w = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (len == 0)
			len = 1;
		else if (cp >= 0x300 && cp <= 0x36f)
			;	/* combining marks take no column */
		else
			w += cp_is_wide(cp) ? 2 : 1;
		i += len;
	}
	return w;
}

size_t text_utf8_trim(char *s)
{
	size_t n = strlen(s), i = 0, good = 0;

	/* keep the longest prefix of whole, valid sequences that reaches the end except for
	 * a cut tail: only an incomplete last sequence is dropped */
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (len == 0) {
			const unsigned char c = (unsigned char)s[i];
			size_t want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
			bool tail = want && n - i < want;
			for (size_t k = i + 1; tail && k < n; k++)
				tail = ((unsigned char)s[k] & 0xc0) == 0x80;
			if (tail)
				break;	/* a sequence cut by a truncation: drop it */
			len = 1;	/* invalid in the middle: not ours to judge */
		}
		i += len;
		good = i;
	}
	s[good] = '\0';
	return good;
}

size_t text_fit(char *dst, size_t dstlen, const char *src, size_t cols)
{
	size_t n = strlen(src), i = 0, o = 0, w = 0;

	if (!dstlen)
		return 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode((const unsigned char *)src + i, n - i, &cp), cw;
		if (len == 0) {
			len = 1;
			cw = 1;
		} else {
			cw = cp >= 0x300 && cp <= 0x36f ? 0 : cp_is_wide(cp) ? 2 : 1;
		}
		if (w + cw > cols || o + len >= dstlen)
			break;
		memcpy(dst + o, src + i, len);
		o += len;
		w += cw;
		i += len;
	}
	dst[o] = '\0';
	return w;
}
