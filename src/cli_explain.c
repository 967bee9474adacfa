/* cli_explain.c — `tlswiz explain`: say what an error message means, which wizard proves
 * it and how to fix it; with many lines (a server log on stdin), group them by cause.
 *
 *   tlswiz explain "curl: (60) SSL certificate problem: ..."
 *   tlswiz explain - < message.txt        one message or a few lines
 *   tlswiz explain - < /var/log/nginx/error.log   (or --log): grouped by cause
 *
 * Exit: 0 something recognised, 1 nothing, 2 usage. Input is never echoed raw. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "explain.h"
#include "text.h"
#include "xmalloc.h"

#define MAX_MSG_LINES 64	/* message mode keeps at most this many lines */
#define LOG_AFTER 3		/* more lines than this on stdin: log mode */

/* Print s wrapped at 78 columns, first line after a label, later ones indented. */
static void wrapped(FILE *f, const char *label, const char *s, int indent)
{
	int col = fprintf(f, "%*s%-7s", indent, "", label);
	const char *p = s;
	while (*p) {
		size_t w = strcspn(p, " ");
		if (col + (int)w > 78 && col > indent + 7) {
			fprintf(f, "\n%*s", indent + 7, "");
			col = indent + 7;
		}
		col += fprintf(f, "%.*s", (int)w, p);
		p += w;
		while (*p == ' ') {
			if (col < 78 && p[1] && p[1] != ' ')
				col += fprintf(f, " ");
			p++;
		}
	}
	fputc('\n', f);
}

static const char *wizard_of(const struct explain_match *m)
{
	return m->wizard ? m->wizard : explain_wizard(explain_entry_of(m)->area);
}

static void next_command(const struct explain_match *m, const char *line, char *buf, size_t len)
{
	char target[256];
	explain_target(line, target, sizeof target);
	snprintf(buf, len, "tlswiz wizard %s %s", wizard_of(m), target[0] ? target : "HOST[:PORT]");
}

/* "curl (60); X509_V_ERR 20 (unable_to_get_issuer_cert_locally)" */
static void signal_list(const struct explain_match *m, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < m->nsig && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? "; " : "", m->sig[i].what);
}

struct msg {
	char *line;		/* as given (raw) */
	struct explain_match m;
	bool matched;
};

static int cmp_msg(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;
	if (x->matched != y->matched)
		return x->matched ? -1 : 1;
	return y->m.score - x->m.score;
}

static void print_messages(FILE *f, const struct msg *ms, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		char clean[200];
		text_sanitize_str(clean, sizeof clean, ms[i].line);
		if (i)
			fputc('\n', f);
		if (ms[i].matched) {
			const struct explain_match *m = &ms[i].m;
			const struct explain_entry *e = explain_entry_of(m);
			char next[320], sigs[512];
			next_command(m, ms[i].line, next, sizeof next);
			signal_list(m, sigs, sizeof sigs);
			if (m->ambiguous)
				fprintf(f, "%s  ·  ambiguous  (%s confidence)\n", e->source, explain_confidence_word(m->confidence));
			else
				fprintf(f, "%s  ·  %s  ·  %s  (%s confidence)\n", e->source, e->area, e->id,
					explain_confidence_word(m->confidence));
			fprintf(f, "  \"%.*s%s\"\n", 72, clean, strlen(clean) > 72 ? "..." : "");
			if (sigs[0])
				wrapped(f, "code:", sigs, 2);
			if (m->detail[0])
				wrapped(f, "alert:", m->detail, 2);
			if (m->ambiguous) {
				fprintf(f, "  the message names no specific cause; most likely first:\n");
				for (size_t c = 0; c < m->ncand; c++) {
					char line[512];
					snprintf(line, sizeof line, "%zu. %s (%s): %s", c + 1, m->cand[c].id, m->cand[c].area,
						 m->cand[c].cause);
					wrapped(f, "", line, 4);
				}
				wrapped(f, "next:", next, 2);
				fprintf(f, "  %-7sthe %s wizard tells these apart\n", "", wizard_of(m));
				continue;
			}
			wrapped(f, "cause:", e->cause, 2);
			wrapped(f, "next:", next, 2);
			wrapped(f, "fix:", e->fix, 2);
		} else {
			const struct explain_entry *g[3];
			size_t ng = explain_guesses(ms[i].line, g, 3);
			fprintf(f, "not recognised: \"%.*s%s\"\n", 64, clean, strlen(clean) > 64 ? "..." : "");
			if (ng) {
				fprintf(f, "  closest known messages (not a diagnosis):\n");
				for (size_t j = 0; j < ng; j++)
					fprintf(f, "    - %s: \"%.60s\" (%s)\n", g[j]->source, g[j]->sample, g[j]->area);
			}
			fprintf(f, "  tlswiz does not guess. Run `tlswiz diagnose HOST` to find the cause directly.\n");
		}
	}
}

/* Match each line; a message wrapped over two lines: try each line, then it joined with
 * the next. Returns the messages (best first) and how many matched. */
static struct msg *collect(char **lines, size_t n, size_t *count, size_t *matched)
{
	struct msg *ms = xcalloc(n ? n : 1, sizeof *ms);
	size_t k = 0;

	*matched = 0;
	for (size_t i = 0; i < n; i++) {
		struct explain_match m[1];
		if (!lines[i][0])
			continue;
		ms[k].line = xstrdup(lines[i]);
		if (explain_text(lines[i], m, 1)) {
			ms[k].m = m[0];
			ms[k].matched = true;
		} else if (i + 1 < n) {
			size_t l = strlen(lines[i]) + strlen(lines[i + 1]) + 2;
			char *joined = xmalloc(l);
			snprintf(joined, l, "%s %s", lines[i], lines[i + 1]);
			if (explain_text(joined, m, 1)) {
				free(ms[k].line);
				ms[k].line = joined;
				ms[k].m = m[0];
				ms[k].matched = true;
				i++;
			} else {
				free(joined);
			}
		}
		*matched += ms[k].matched;
		k++;
	}
	qsort(ms, k, sizeof *ms, cmp_msg);
	*count = k;
	return ms;
}

static void free_msgs(struct msg *ms, size_t k)
{
	for (size_t i = 0; i < k; i++)
		free(ms[i].line);
	free(ms);
}

size_t cli_explain_print(FILE *f, const char *text, char *wizard, size_t wlen, char *target, size_t tlen)
{
	char *copy = xstrdup(text), **lines = NULL, *save = NULL;
	size_t n = 0, k, matched;
	struct msg *ms;

	for (char *l = strtok_r(copy, "\r\n", &save); l && n < MAX_MSG_LINES; l = strtok_r(NULL, "\r\n", &save)) {
		lines = xreallocarray(lines, n + 1, sizeof *lines);
		lines[n++] = l;
	}
	ms = collect(lines, n, &k, &matched);
	print_messages(f, ms, k);
	if (wizard && wlen)
		wizard[0] = '\0';
	if (target && tlen)
		target[0] = '\0';
	if (matched) {
		if (wizard && wlen)
			snprintf(wizard, wlen, "%s", wizard_of(&ms[0].m));
		if (target && tlen)
			explain_target(ms[0].line, target, tlen);
	}
	free_msgs(ms, k);
	free(lines);
	free(copy);
	return matched;
}

static int messages(char **lines, size_t n, bool json)
{
	size_t k, matched;
	struct msg *ms = collect(lines, n, &k, &matched);

	if (json) {
		json_t *root = json_object(), *arr = json_array(), *un = json_array();
		char *s;
		for (size_t i = 0; i < k; i++) {
			char clean[512], next[320];
			text_sanitize_str(clean, sizeof clean, ms[i].line);
			if (!ms[i].matched) {
				json_array_append_new(un, json_string(clean));
				continue;
			}
			{
				const struct explain_match *m = &ms[i].m;
				const struct explain_entry *e = explain_entry_of(m);
				json_t *cands = json_array(), *sigs = json_array();
				next_command(m, ms[i].line, next, sizeof next);
				for (size_t c = 0; m->ambiguous && c < m->ncand; c++)
					json_array_append_new(cands, json_pack("{s:s, s:s, s:s}", "id", m->cand[c].id, "area",
									       m->cand[c].area, "cause", m->cand[c].cause));
				for (size_t c = 0; c < m->nsig; c++)
					json_array_append_new(sigs, json_pack("{s:s, s:s}", "family", m->sig[c].family, "code",
									      m->sig[c].what));
				json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:s, s:s, s:s}",
					"source", e->source, "area", e->area, "id", e->id, "cause", e->cause,
					"wizard", wizard_of(m), "fix", e->fix,
					"confidence", explain_confidence_word(m->confidence), "ambiguous", m->ambiguous,
					"candidates", cands, "signals", sigs, "alert", m->detail, "line", clean, "next", next));
			}
		}
		json_object_set_new(root, "matches", arr);
		json_object_set_new(root, "not_recognised", un);
		s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(s);
		free(s);
		json_decref(root);
	} else {
		print_messages(stdout, ms, k);
	}
	free_msgs(ms, k);
	return matched ? 0 : 1;
}

static int log_report(struct explain_log *lg, bool json)
{
	const struct explain_group *g;
	size_t n = explain_log_groups(lg, &g);
	unsigned long lines = explain_log_lines(lg), ignored = explain_log_ignored(lg);

	if (json) {
		json_t *root = json_object(), *arr = json_array();
		char *s;
		for (size_t i = 0; i < n; i++) {
			json_t *cl = json_array();
			for (size_t k = 0; k < g[i].nclients; k++)
				json_array_append_new(cl, json_string(g[i].clients[k]));
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:I, s:s, s:s, s:o, s:s}",
				"id", g[i].e.id, "area", g[i].e.area, "source", g[i].e.source, "cause", g[i].cause,
				"wizard", g[i].wizard, "fix", g[i].ambiguous ? "" : g[i].e.fix, "ambiguous", g[i].ambiguous,
				"candidates", g[i].candidates, "count", (json_int_t)g[i].count,
				"first", g[i].first, "last", g[i].last, "clients", cl, "example", g[i].example));
		}
		json_object_set_new(root, "groups", arr);
		json_object_set_new(root, "lines", json_integer((json_int_t)lines));
		json_object_set_new(root, "ignored", json_integer((json_int_t)ignored));
		s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(s);
		free(s);
		json_decref(root);
	} else {
		printf("%lu lines: %lu TLS-related in %zu cause%s, %lu ignored\n", lines, lines - ignored, n,
		       n == 1 ? "" : "s", ignored);
		for (size_t i = 0; i < n; i++) {
			if (g[i].ambiguous) {
				printf("\n%7lux  ambiguous  (%s)  %s\n", g[i].count, g[i].e.source, g[i].candidates);
			} else {
				printf("\n%7lux  %s  %s  (%s)\n", g[i].count, g[i].e.area, g[i].e.id, g[i].e.source);
			}
			wrapped(stdout, "cause:", g[i].cause, 9);
			if (g[i].first[0])
				printf("         %-7s%s .. %s\n", "when:", g[i].first, g[i].last);
			if (g[i].nclients) {
				char cl[160] = "";
				for (size_t k = 0; k < g[i].nclients; k++)
					snprintf(cl + strlen(cl), sizeof cl - strlen(cl), "%s%s", k ? ", " : "", g[i].clients[k]);
				printf("         %-7s%s\n", "from:", cl);
			}
			printf("         %-7s\"%.66s%s\"\n", "e.g.:", g[i].example, strlen(g[i].example) > 66 ? "..." : "");
			printf("         %-7stlswiz wizard %s HOST[:PORT]%s\n", "next:", g[i].wizard,
			       g[i].ambiguous ? "  (tells these apart)" : "");
			if (!g[i].ambiguous)
				wrapped(stdout, "fix:", g[i].e.fix, 9);
		}
	}
	return n ? 0 : 1;
}

int cli_explain_main(int argc, char **argv)
{
	bool json = false, log_mode = false, from_stdin = false;
	char **lines = NULL;
	size_t n = 0, cap = 0;
	int ret;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--log")) {
			log_mode = true;
		} else if (!strcmp(argv[i], "-")) {
			from_stdin = true;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: tlswiz explain [--json] \"ERROR TEXT\"\n"
			       "       tlswiz explain [--json] [--log] - < FILE   (a message, or a server log)\n");
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			fprintf(stderr, "tlswiz explain: unknown option %s\n", argv[i]);
			return 2;
		} else {
			/* the words of one message, as the shell split them */
			size_t l = 0;
			char *joined;
			for (int k = i; k < argc; k++)
				l += strlen(argv[k]) + 1;
			joined = xmalloc(l + 1);
			joined[0] = '\0';
			for (int k = i; k < argc; k++) {
				strcat(joined, argv[k]);
				if (k + 1 < argc)
					strcat(joined, " ");
			}
			lines = xmalloc(sizeof *lines);
			lines[0] = joined;
			n = 1;
			break;
		}
	}
	if (!n && !from_stdin) {
		fprintf(stderr, "usage: tlswiz explain [--json] \"ERROR TEXT\"  |  tlswiz explain [--json] [--log] - < FILE\n");
		return 2;
	}
	if (from_stdin) {
		/* Lines are cut at EXPLAIN_LINE_CAP bytes (the rest is read and dropped, so one
		 * endless line costs no memory); the cut is said on stderr. */
		enum { EXPLAIN_LINE_CAP = 64 * 1024 };
		char *buf = xmalloc(EXPLAIN_LINE_CAP + 1);
		size_t ncut = 0;
		ssize_t r;
		struct explain_log *lg = NULL;
		for (;;) {
			int ch = EOF;
			bool cut = false;
			r = 0;
			while ((ch = getc(stdin)) != EOF && ch != '\n') {
				if (r < EXPLAIN_LINE_CAP)
					buf[r++] = (char)ch;
				else
					cut = true;
			}
			if (ch == EOF && r == 0 && !cut)
				break;
			buf[r] = '\0';
			ncut += cut;
			while (r && (buf[r - 1] == '\n' || buf[r - 1] == '\r'))
				buf[--r] = '\0';
			if (lg) {
				explain_log_feed(lg, buf);
				continue;
			}
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				lines = xreallocarray(lines, cap, sizeof *lines);
			}
			lines[n++] = xstrdup(buf);
			if (log_mode || n > LOG_AFTER) {
				/* a log: stream the rest, keep nothing but the groups */
				lg = explain_log_new();
				for (size_t k = 0; k < n; k++) {
					explain_log_feed(lg, lines[k]);
					free(lines[k]);
				}
				n = 0;
			}
		}
		free(buf);
		if (ncut)
			fprintf(stderr, "tlswiz explain: %zu line%s longer than %d KiB (cap): only the first %d KiB of each were read\n",
				ncut, ncut == 1 ? "" : "s", EXPLAIN_LINE_CAP / 1024, EXPLAIN_LINE_CAP / 1024);
		if (lg) {
			ret = log_report(lg, json);
			explain_log_free(lg);
			free(lines);
			return ret;
		}
		if (log_mode) {
			lg = explain_log_new();
			for (size_t k = 0; k < n; k++)
				explain_log_feed(lg, lines[k]);
			ret = log_report(lg, json);
			explain_log_free(lg);
			for (size_t k = 0; k < n; k++)
				free(lines[k]);
			free(lines);
			return ret;
		}
		if (n > MAX_MSG_LINES)
			n = MAX_MSG_LINES;
	}
	ret = messages(lines, n, json);
	for (size_t k = 0; k < n; k++)
		free(lines[k]);
	free(lines);
	return ret;
}
