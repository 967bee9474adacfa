/* markdown.h — the report as Markdown for tickets (`--markdown`, and the TUI's save). */
#ifndef TLSWIZ_MARKDOWN_H
#define TLSWIZ_MARKDOWN_H

#include "model.h"

/* The whole report; caller frees. Never NULL. */
char *md_report(const struct report *r);

#endif
