/* render_json.h — a report as the JSON of doc/json.md (jansson). */
#ifndef TLSWIZ_RENDER_JSON_H
#define TLSWIZ_RENDER_JSON_H
#include <stdbool.h>

#include "model.h"

/* The whole report; compact: one line (JSON Lines). Caller frees. */
char *render_json_report(const struct report *r, bool compact);
/* One trace as the object of the "traces" array; caller owns it. */
struct json_t;
struct json_t *render_json_trace(const struct trace *t);

#endif
