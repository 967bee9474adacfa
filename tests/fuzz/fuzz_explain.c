/* fuzz_explain.c — explain and log grouping on arbitrary text: no crash, and whatever
 * comes back (target, groups, examples) is clean for a terminal. */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "fuzz.h"
#include "text.h"

FUZZ_TARGET(fuzz_explain)
{
	char *s = malloc(size + 1), target[256];
	struct explain_match m[3];
	const struct explain_entry *g[3];
	struct explain_log *lg;
	const struct explain_group *gr;
	size_t n;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	n = explain_text(s, m, 3);
	for (size_t i = 0; i < n; i++)
		if (!explain_entry_of(&m[i])->id || !explain_entry_of(&m[i])->cause)
			abort();
	(void)explain_guesses(s, g, 3);
	explain_target(s, target, sizeof target);
	if (!text_is_clean(target))
		abort();
	lg = explain_log_new();
	for (char *save = NULL, *l = strtok_r(s, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		explain_log_feed(lg, l);
	n = explain_log_groups(lg, &gr);
	for (size_t i = 0; i < n; i++) {
		if (!text_is_clean(gr[i].example) || !text_is_clean(gr[i].first))
			abort();
		for (size_t k = 0; k < gr[i].nclients; k++)
			if (!text_is_clean(gr[i].clients[k]))
				abort();
	}
	explain_log_free(lg);
	free(s);
	return 0;
}
