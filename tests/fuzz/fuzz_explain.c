/* fuzz_explain.c — explain and log grouping on arbitrary text: no crash, and whatever
 * comes back (target, groups, examples) is clean for a terminal. Oracles: an answer has an
 * area that is a wizard and a cause; an ambiguous one ranks its candidates, heaviest
 * first; every signal names known finding ids; the log never holds two groups for one
 * cause. */
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
	for (size_t i = 0; i < n; i++) {
		const struct explain_entry *e = explain_entry_of(&m[i]);
		if (!e->id || !e->cause || strcmp(explain_wizard(e->area), e->area))
			abort();
		if (m[i].ambiguous && m[i].ncand < 2)
			abort();
		for (size_t k = 1; k < m[i].ncand; k++)
			if (m[i].cand[k].weight > m[i].cand[k - 1].weight)
				abort();
		for (size_t k = 0; k < m[i].nsig; k++)
			for (int c = 0; c < m[i].sig[k].ncand; c++)
				if (!explain_cause_of(m[i].sig[k].cand[c].id))
					abort();
		if (!text_is_clean(m[i].detail))
			abort();
	}
	(void)explain_guesses(s, g, 3);
	explain_target(s, target, sizeof target);
	if (!text_is_clean(target))
		abort();
	lg = explain_log_new();
	for (char *save = NULL, *l = strtok_r(s, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		explain_log_feed(lg, l);
	n = explain_log_groups(lg, &gr);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < i; k++)
			if (gr[i].ambiguous == gr[k].ambiguous &&
			    !strcmp(gr[i].ambiguous ? gr[i].candidates : gr[i].e.id, gr[k].ambiguous ? gr[k].candidates : gr[k].e.id))
				abort();
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
