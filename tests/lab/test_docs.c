/* test_docs.c — counts the documentation states are the program's own: every "N client
 * profiles" and "N ... broken servers" in README.md, doc/ and the man page must equal what
 * the code has, so a doc cannot drift when a profile or a scenario is added. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tw_test.h"
#include "clients.h"
#include "lab.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* For every occurrence of phrase in text, the number written right before it (skipping
 * up to max_words words between, e.g. "57 deliberately broken servers"): each must equal
 * want. Returns how many were checked; a wrong one fails with file and text. */
static int check_counts(const char *path, const char *text, const char *phrase, int max_words, unsigned long want)
{
	int seen = 0;
	for (const char *p = strstr(text, phrase); p; p = strstr(p + 1, phrase)) {
		const char *q = p;
		int words = 0;
		/* walk back over words until a number */
		while (q > text) {
			const char *end = q;
			while (q > text && q[-1] == ' ')
				q--;
			end = q;
			while (q > text && !isspace((unsigned char)q[-1]))
				q--;
			if (q < end && isdigit((unsigned char)*q)) {
				char *stop;
				unsigned long n = strtoul(q, &stop, 10);
				if (stop == end) {
					ck_assert_msg(n == want, "%s says \"%lu ...%s\", the code has %lu", path, n, phrase, want);
					seen++;
				}
				break;
			}
			if (++words > max_words)
				break;
		}
	}
	return seen;
}

static int check_all(const char *phrase, int max_words, unsigned long want)
{
	static const char *files[] = { "README.md", "doc/tlswiz.1" };
	int seen = 0;
	char *t;
	DIR *d;
	struct dirent *de;

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if ((t = slurp(files[i]))) {
			seen += check_counts(files[i], t, phrase, max_words, want);
			free(t);
		}
	d = opendir("doc");
	ck_assert_msg(d != NULL, "run the tests from the repository root (doc/ not found)");
	while ((de = readdir(d))) {
		char path[512];
		size_t n = strlen(de->d_name);
		if (n < 4 || strcmp(de->d_name + n - 3, ".md"))
			continue;
		snprintf(path, sizeof path, "doc/%s", de->d_name);
		if ((t = slurp(path))) {
			seen += check_counts(path, t, phrase, max_words, want);
			free(t);
		}
	}
	closedir(d);
	return seen;
}

START_TEST(docs_client_profile_count_is_the_tables)
{
	ck_assert_int_gt(check_all(" client profiles", 0, client_count()), 0);
}
END_TEST

START_TEST(docs_lab_server_count_is_what_the_lab_starts)
{
	struct lab_opts o = { 0 };
	char err[256];
	struct lab *lab = lab_start(&o, err, sizeof err);
	unsigned long n;

	ck_assert_msg(lab != NULL, "lab did not start: %s", err);
	n = lab_count(lab);
	lab_stop(lab);
	ck_assert_int_gt(check_all(" broken servers", 1, n), 0);
}
END_TEST

static Suite *docs_suite(void)
{
	Suite *s = suite_create("docs");
	TCase *tc = tcase_create("counts");
	tcase_add_test(tc, docs_client_profile_count_is_the_tables);
	tcase_add_test(tc, docs_lab_server_count_is_what_the_lab_starts);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

TW_SUITE(docs_suite, TW_LAB)
