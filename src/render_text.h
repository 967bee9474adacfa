/* render_text.h — a report as text: the verdict, the findings with evidence and fix, the
 * ladder that proves the first one, the suites, the client simulation and the
 * configuration to change (80 columns; colour only when asked). Everything printed
 * comes from the sanitised model. */
#ifndef TLSWIZ_RENDER_TEXT_H
#define TLSWIZ_RENDER_TEXT_H
#include <stdbool.h>
#include <stdio.h>

#include "model.h"

void render_text_report(FILE *f, const struct report *r, bool color, bool verbose);
/* One ladder: a line per step, summaries wrapped at width. */
void render_text_trace(FILE *f, const struct trace *t, bool color, int width);
/* The report without colour, as a string for a screen (caller frees). */
char *render_text_report_str(const struct report *r, bool verbose);

#endif
