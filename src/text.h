/* text.h — the one sanitiser every string from the network passes through before it is
 * stored in a result (doc/design.md, "Layers"). Output is valid UTF-8 with no control
 * characters, no escape sequences and no bidi overrides; those become visible escapes. */
#ifndef TLSWIZ_TEXT_H
#define TLSWIZ_TEXT_H
#include <stddef.h>

/* Sanitise src[0..srclen) into dst (always NUL-terminated, at most dstlen-1 bytes).
 * Control bytes become \xNN (\n \r \t as \n \r \t), invalid UTF-8 bytes \xNN, C1 controls,
 * bidi controls and other invisible format characters \u{XXXX}. A result that does not fit
 * ends in "..." at a character boundary. Returns strlen(dst). */
size_t text_sanitize(char *dst, size_t dstlen, const void *src, size_t srclen);

/* The same for a NUL-terminated string. */
size_t text_sanitize_str(char *dst, size_t dstlen, const char *src);

/* True when s (NUL-terminated) is already what text_sanitize would produce. */
int text_is_clean(const char *s);

/* Hex dump of up to n bytes, "16 03 01 ..." into dst. */
size_t text_hex(char *dst, size_t dstlen, const void *src, size_t n);

/* Display width in columns of a sanitised UTF-8 string (1 per code point, 2 for wide
 * East Asian ranges); good enough for layout. */
size_t text_width(const char *s);

/* Drop an incomplete UTF-8 sequence at the end of s (what snprintf leaves when it cuts
 * a string). Returns the new length. */
size_t text_utf8_trim(char *s);

/* Copy the whole characters of src that fit in cols columns (and dstlen-1 bytes) into
 * dst; never half a character. Returns the columns used. */
size_t text_fit(char *dst, size_t dstlen, const char *src, size_t cols);

#endif
