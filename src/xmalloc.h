/* xmalloc.h — allocation that cannot return NULL (tmux xmalloc.c habit): out of memory
 * aborts with a message, so callers never check. Overflow-checked. */
#ifndef TLSWIZ_XMALLOC_H
#define TLSWIZ_XMALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);
/* snprintf into a fixed buffer, always terminated; returns the buffer. */
char *xsnprintf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
