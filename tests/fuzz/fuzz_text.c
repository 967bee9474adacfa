/* fuzz_text.c — the sanitiser, checked by an independent oracle: the output is
 * NUL-terminated, bounded, valid UTF-8 (decoded here, not by text.c) with no C0 or C1
 * control, DEL, bidi control or other invisible format character; and it is reversible:
 * undoing its escapes gives the input back, or, when it was cut ("..."), a prefix of it. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "text.h"

/* 1..4 bytes of one code point, 0 when invalid (strict RFC 3629). */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	uint32_t c;

	if (!len || len > n)
		return 0;
	c = len == 1 ? s[0] : s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static bool forbidden(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xad || c == 0x61c || c == 0x180e ||
	       (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) ||
	       c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) || (c >= 0xe0000 && c <= 0xe007f);
}

static size_t put_utf8(unsigned char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (unsigned char)(0xc0 | c >> 6);
		o[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xe0 | c >> 12);
		o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | c >> 18);
	o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

/* Undo the escapes of s[0..n) into o; the length, or (size_t)-1 when an escape is not
 * one text_sanitize makes. */
static size_t unescape(const char *s, size_t n, unsigned char *o)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] != '\\') {
			o[k++] = (unsigned char)s[i++];
			continue;
		}
		if (i + 1 >= n)
			return (size_t)-1;
		switch (s[i + 1]) {
		case '\\': o[k++] = '\\'; i += 2; break;
		case 'n': o[k++] = '\n'; i += 2; break;
		case 'r': o[k++] = '\r'; i += 2; break;
		case 't': o[k++] = '\t'; i += 2; break;
		case 'x': {
			unsigned v;
			if (i + 4 > n || sscanf(s + i + 2, "%2X", &v) != 1)
				return (size_t)-1;
			o[k++] = (unsigned char)v;
			i += 4;
			break;
		}
		case 'u': {
			unsigned v;
			const char *e = memchr(s + i, '}', n - i);
			if (i + 3 > n || s[i + 2] != '{' || !e || sscanf(s + i + 3, "%X", &v) != 1 || !forbidden(v))
				return (size_t)-1;
			k += put_utf8(o + k, v);
			i = (size_t)(e - s) + 1;
			break;
		}
		default:
			return (size_t)-1;
		}
	}
	return k;
}

FUZZ_TARGET(fuzz_text)
{
	static char out[257];
	static unsigned char back[257];
	size_t cap = size ? (size_t)(data[0] % 200) + 57 : sizeof out;	/* every size of buffer */
	size_t n = text_sanitize(out, cap, data, size), k;
	bool cut;

	if (n != strlen(out) || n >= cap || !text_is_clean(out))
		abort();
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = decode((const unsigned char *)out + i, n - i, &c);
		if (!l || forbidden(c))
			abort();	/* a control, format or invalid byte reached the output */
		i += l;
	}
	if (text_width(out) > n)
		abort();
	k = unescape(out, n, back);
	cut = k == (size_t)-1 || k != size || memcmp(back, data, size) != 0;
	if (cut) {
		/* cut: ends in "..." and what is before it is a prefix of the input */
		if (n < 3 || memcmp(out + n - 3, "...", 3) != 0)
			abort();
		k = unescape(out, n - 3, back);
		if (k == (size_t)-1 || k > size || memcmp(back, data, k) != 0)
			abort();
	}
	return 0;
}
