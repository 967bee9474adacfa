/* test_explain_corpus.c — explain against messages written by real programs: the clients
 * Debian provides (curl, wget, git, gnutls-cli, openssl s_client, Python, Node, Java, Go)
 * run against every lab scenario (tests/explain/gen.sh), and the logs of nginx, HAProxy,
 * Apache and Postfix for the same failures (tests/explain/servers.sh); each message must
 * name the scenario's area. The split into development and held-out messages is fixed by a hash of
 * client and scenario (gen.sh) and was decided before any rule was written; the held-out
 * part is never printed. The test prints both scores and asserts each.
 *
 * Right: the answer's area is the scenario's wizard or the area of one of its expected
 * findings; an ambiguous answer is right when one of its ranked candidates is (it says it
 * cannot tell, and names the wizard that can). TLSWIZ_EXPLAIN_DEV_MISSES=1 prints the
 * development misses (never the held-out ones). */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "../tw_test.h"
#include "explain.h"
#include "lab.h"

#define MAX_SCEN 128

struct scen {
	char name[64], wizard[16], expect[160];
};

static struct scen scens[MAX_SCEN];
static size_t nscen;

static const struct scen *scen_find(const char *name)
{
	for (size_t i = 0; i < nscen; i++)
		if (!strcmp(scens[i].name, name))
			return &scens[i];
	return NULL;
}

/* area is the scenario's wizard or the area of one of its expected ids */
static bool area_ok(const struct scen *s, const char *area)
{
	char ex[160];
	if (!strcmp(area, s->wizard))
		return true;
	snprintf(ex, sizeof ex, "%s", s->expect);
	for (char *save = NULL, *id = strtok_r(ex, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		const struct explain_cause *c = explain_cause_of(id);
		if (c && !strcmp(c->area, area))
			return true;
	}
	return false;
}

static bool id_ok(const struct scen *s, const char *id)
{
	char ex[160];
	snprintf(ex, sizeof ex, "%s", s->expect);
	for (char *save = NULL, *e = strtok_r(ex, ",", &save); e; e = strtok_r(NULL, ",", &save))
		if (!strcmp(e, id))
			return true;
	return false;
}

struct score {
	unsigned total, area, id, ambiguous;
	unsigned top1;	/* the first-ranked answer's area alone, ambiguous or not: the strict score */
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;
	if (!f)
		return NULL;
	buf = malloc(65536);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static bool is_server(const char *name)
{
	return !strcmp(name, "nginx") || !strcmp(name, "haproxy") || !strcmp(name, "apache") || !strcmp(name, "postfix");
}

/* A server's log lines for one case, grouped as `tlswiz explain --log` groups them: right
 * when every specific group names the case's area (and there is one), or, with only
 * ambiguous groups, when one of them lists a candidate in it. The answer reported is the
 * largest group. */
static bool log_case(const char *msg, const struct scen *s, bool *iok, bool *amb, char *got, size_t glen)
{
	struct explain_log *lg = explain_log_new();
	const struct explain_group *g;
	char *copy = strdup(msg);
	size_t n;
	int specific = 0, right = 0;
	bool amb_right = false;
	for (char *save = NULL, *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		explain_log_feed(lg, l);
	n = explain_log_groups(lg, &g);
	*iok = false;
	*amb = n > 0;
	got[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		snprintf(got + strlen(got), glen - strlen(got), "%s%s%s", i ? " | " : "", g[i].ambiguous ? "ambiguous " : "",
			 g[i].ambiguous ? g[i].candidates : g[i].e.id);
		if (!g[i].ambiguous) {
			*amb = false;
			specific++;
			right += area_ok(s, g[i].e.area);
			*iok |= id_ok(s, g[i].e.id);
			continue;
		}
		{
			char c[160];
			snprintf(c, sizeof c, "%s", g[i].candidates);
			for (char *save = NULL, *id = strtok_r(c, ", ", &save); id; id = strtok_r(NULL, ", ", &save)) {
				const struct explain_cause *k = explain_cause_of(id);
				amb_right |= k && area_ok(s, k->area);
				*iok |= id_ok(s, id);
			}
		}
	}
	explain_log_free(lg);
	free(copy);
	return specific ? right == specific : amb_right;
}

/* Score every CLIENT/SCENARIO.txt under dir; per-client counts into counts. */
static void score_dir(const char *dir, struct score *sc, bool show_misses, char *counts, size_t clen)
{
	DIR *d = opendir(dir), *cd;
	struct dirent *c, *f;
	if (!d)
		return;
	while ((c = readdir(d))) {
		char cpath[512];
		unsigned n = 0;
		if (c->d_name[0] == '.')
			continue;
		snprintf(cpath, sizeof cpath, "%s/%s", dir, c->d_name);
		if (!(cd = opendir(cpath)))
			continue;
		while ((f = readdir(cd))) {
			char path[1024], name[64];
			char *msg, *dot;
			const struct scen *s;
			struct explain_match m[1];
			bool aok = false, iok = false;
			if (f->d_name[0] == '.')
				continue;
			snprintf(name, sizeof name, "%s", f->d_name);
			if ((dot = strstr(name, ".txt")))
				*dot = '\0';
			if (!(s = scen_find(name)))
				continue;
			snprintf(path, sizeof path, "%s/%s", cpath, f->d_name);
			if (!(msg = slurp(path)))
				continue;
			n++;
			sc->total++;
			if (is_server(c->d_name)) {
				char got[512];
				bool amb;
				aok = log_case(msg, s, &iok, &amb, got, sizeof got);
				sc->ambiguous += amb;
				sc->top1 += aok && !amb;
				if (show_misses && !aok)
					fprintf(stderr, "dev miss %s/%s: want %s (%s), got [%s]\n  %.600s\n", c->d_name, name,
						s->wizard, s->expect, got, msg);
			} else if (explain_text(msg, m, 1)) {
				const struct explain_entry *e = explain_entry_of(&m[0]);
				if (m[0].ambiguous) {
					sc->ambiguous++;
					for (size_t k = 0; k < m[0].ncand; k++) {
						aok |= area_ok(s, m[0].cand[k].area);
						iok |= id_ok(s, m[0].cand[k].id);
					}
				} else {
					aok = area_ok(s, e->area);
					iok = id_ok(s, e->id);
				}
				sc->top1 += area_ok(s, e->area);
				if (show_misses && !aok) {
					fprintf(stderr, "dev miss %s/%s: want %s (%s), got %s%s/%s [", c->d_name, name, s->wizard,
						s->expect, m[0].ambiguous ? "ambiguous " : "", e->area, e->id);
					for (size_t k = 0; k < m[0].ncand; k++)
						fprintf(stderr, " %s", m[0].cand[k].id);
					fprintf(stderr, " ]\n  %.300s\n", msg);
				}
			} else if (show_misses) {
				fprintf(stderr, "dev miss %s/%s: want %s (%s), not recognised\n  %.300s\n", c->d_name, name,
					s->wizard, s->expect, msg);
			}
			sc->area += aok;
			sc->id += iok;
			free(msg);
		}
		closedir(cd);
		if (counts && n)
			snprintf(counts + strlen(counts), clen - strlen(counts), "%s%s %u", counts[0] ? ", " : "", c->d_name, n);
	}
	closedir(d);
}

/* n consecutive ports nothing listens on, above the ephemeral range */
static unsigned short free_ports(int n)
{
	for (unsigned base = 61000 + (unsigned)(getpid() % 300) * 12; base < 65000; base += 12) {
		int ok = 1;
		for (int i = 0; i < n && ok; i++) {
			struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)(base + i)),
						 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
			int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
			ok = fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0;
			if (fd >= 0)
				close(fd);
		}
		if (ok)
			return (unsigned short)base;
	}
	return 0;
}

static unsigned short closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t l = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	unsigned short port = 1;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &l) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

START_TEST(real_clients_messages_name_the_scenarios_area)
{
	struct lab_opts o = { .hostile = 1 };
	char err[256], dir[512], scenfile[600], cmd[2048], out[8192], missing[1024] = "", path[700];
	const char *bin = tw_bin(), *slash = strrchr(bin, '/');
	struct lab *lab = lab_start(&o, err, sizeof err);
	const struct lab_entry *px;
	struct score dev = { 0 }, held = { 0 };
	char dev_counts[512] = "", held_counts[512] = "";
	FILE *f;
	char *miss;

	ck_assert_msg(lab != NULL, "lab: %s", err);
	/* the corpus goes next to the binary under test (build/ or build-asan/), never into git */
	snprintf(dir, sizeof dir, "%.*s/explain-corpus", slash ? (int)(slash - bin) : 1, slash ? bin : ".");
	mkdir(dir, 0755);
	snprintf(scenfile, sizeof scenfile, "%s/scenarios", dir);
	f = fopen(scenfile, "w");
	ck_assert_ptr_nonnull(f);
	nscen = 0;
	for (size_t i = 0; i < lab_count(lab) && nscen < MAX_SCEN - 1; i++) {
		const struct lab_entry *e = lab_entry(lab, i);
		if (!strcmp(e->expect, "none"))
			continue;
		if (e->via) {
			const struct lab_entry *v = lab_find(lab, e->via);
			if (!v)
				continue;
			fprintf(f, "%s %s %u %u\n", e->name, v->host, v->port, e->port);
		} else {
			fprintf(f, "%s %s %u -\n", e->name, e->host, e->port);
		}
		snprintf(scens[nscen].name, sizeof scens[0].name, "%s", e->name);
		snprintf(scens[nscen].wizard, sizeof scens[0].wizard, "%s", e->wizard);
		snprintf(scens[nscen].expect, sizeof scens[0].expect, "%s", e->expect);
		nscen++;
	}
	/* nothing listens: the refused case the lab has no scenario for */
	fprintf(f, "refused refused.tlswiz.test %u -\n", closed_port());
	snprintf(scens[nscen].name, sizeof scens[0].name, "refused");
	snprintf(scens[nscen].wizard, sizeof scens[0].wizard, "firewall");
	snprintf(scens[nscen].expect, sizeof scens[0].expect, "net.refused");
	nscen++;
	fclose(f);
	px = lab_find(lab, "proxy");
	ck_assert_ptr_nonnull(px);
	snprintf(cmd, sizeof cmd, "sh tests/explain/gen.sh %s %s %s %u %u 2>&1", dir, scenfile, lab_cafile(lab), px->port,
		 free_ports(9));
	tw_run(cmd, out, sizeof out, 180);
	lab_stop(lab);

	/* the server cases (servers.sh) */
	snprintf(path, sizeof path, "%s/server-cases", dir);
	if ((f = fopen(path, "r"))) {
		while (nscen < MAX_SCEN && fscanf(f, "%63s %15s %159s", scens[nscen].name, scens[nscen].wizard,
						  scens[nscen].expect) == 3)
			nscen++;
		fclose(f);
	}

	snprintf(path, sizeof path, "%s/missing", dir);
	if ((miss = slurp(path))) {
		for (char *p = miss; *p; p++)
			if (*p == '\n')
				*p = ' ';
		snprintf(missing, sizeof missing, "%s", miss);
		free(miss);
	}
	if (missing[0]) {
		const char *ci = getenv("CI");
		ck_assert_msg(!(ci && !strcmp(ci, "true")), "explain corpus: client programs missing in CI: %s", missing);
		fprintf(stderr, "explain corpus: SKIPPED clients (not installed): %s\n", missing);
	}
	snprintf(path, sizeof path, "%s/dev", dir);
	score_dir(path, &dev, getenv("TLSWIZ_EXPLAIN_DEV_MISSES") != NULL, dev_counts, sizeof dev_counts);
	snprintf(path, sizeof path, "%s/held", dir);
	score_dir(path, &held, false, held_counts, sizeof held_counts);
	fprintf(stderr, "explain corpus: dev %u/%u right area (%.1f %%), %u right id, %u ambiguous, first-ranked area "
		"right %u (%.1f %%); per client: %s\n", dev.area, dev.total, dev.total ? 100.0 * dev.area / dev.total : 0.0,
		dev.id, dev.ambiguous, dev.top1, dev.total ? 100.0 * dev.top1 / dev.total : 0.0, dev_counts);
	fprintf(stderr, "explain corpus: held-out %u/%u right area (%.1f %%), %u right id, %u ambiguous, first-ranked "
		"area right %u (%.1f %%); per client: %s\n", held.area, held.total,
		held.total ? 100.0 * held.area / held.total : 0.0, held.id, held.ambiguous, held.top1,
		held.total ? 100.0 * held.top1 / held.total : 0.0, held_counts);
	/* log mode on every server line of the corpus at once: one group per cause, and the
	 * JSON says what the text says */
	{
		char all[700], text[65536], json[262144];
		json_t *j, *gr, *g;
		size_t i;
		snprintf(path, sizeof path, "%s/servers.log", dir);
		snprintf(cmd, sizeof cmd, "cat %s/dev/nginx/* %s/dev/haproxy/* %s/dev/apache/* %s/dev/postfix/* %s/held/nginx/* "
			 "%s/held/haproxy/* %s/held/apache/* %s/held/postfix/* >%s 2>/dev/null", dir, dir, dir, dir, dir, dir, dir,
			 dir, path);
		tw_run(cmd, out, sizeof out, 10);
		snprintf(all, sizeof all, "%s explain --log --json - < %s", bin, path);
		tw_run(all, json, sizeof json, 30);
		snprintf(all, sizeof all, "%s explain --log - < %s", bin, path);
		tw_run(all, text, sizeof text, 30);
		j = json_loads(json, 0, NULL);
		ck_assert_ptr_nonnull(j);
		gr = json_object_get(j, "groups");
		ck_assert_uint_ge(json_array_size(gr), 5);
		json_array_foreach(gr, i, g) {
			const char *id = json_string_value(json_object_get(g, "id"));
			const char *cand = json_string_value(json_object_get(g, "candidates"));
			bool amb = json_is_true(json_object_get(g, "ambiguous"));
			char count[32];
			for (size_t k = 0; k < i; k++) {
				json_t *h = json_array_get(gr, k);
				bool hamb = json_is_true(json_object_get(h, "ambiguous"));
				ck_assert_msg(amb != hamb || strcmp(amb ? cand : id, json_string_value(json_object_get(h,
					      amb ? "candidates" : "id"))), "two groups for %s", amb ? cand : id);
			}
			ck_assert_ptr_nonnull(strstr(text, amb ? cand : id));
			snprintf(count, sizeof count, "%7lldx", (long long)json_integer_value(json_object_get(g, "count")));
			ck_assert_msg(strstr(text, count), "count %s of %s not in the text", count, amb ? cand : id);
		}
		json_decref(j);
	}
	ck_assert_msg(dev.total >= 150 && held.total >= 50, "explain corpus too small: dev %u, held-out %u (gen.sh: %.400s)",
		      dev.total, held.total, out);
	/* the corpus is regenerated on every run, and a few real clients' messages vary with
	 * timing (a reset instead of an alert): measured 97-98 % on development, asserted 96 % */
	ck_assert_msg(dev.area * 100 >= dev.total * 96, "dev: %u/%u right area, want >= 96 %%", dev.area, dev.total);
	/* the goal is 97 %; measured 94-97 % when the rules were written (doc/explain.md): this
	 * floor catches a regression without pretending the goal is met */
	ck_assert_msg(held.area * 100 >= held.total * 93, "held-out: %u/%u right area, want >= 93 %%", held.area, held.total);
}
END_TEST

static Suite *explain_corpus_suite(void)
{
	Suite *s = suite_create("explain_corpus");
	TCase *tc = tcase_create("corpus");
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, real_clients_messages_name_the_scenarios_area);
	suite_add_tcase(s, tc);
	return s;
}

TW_SUITE(explain_corpus_suite, TW_LAB)
