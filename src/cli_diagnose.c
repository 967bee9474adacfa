/* cli_diagnose.c — the `diagnose` and `wizard` commands: one target with a live progress
 * line, or many (`--targets FILE --jobs N`), each in its own run thread while the engine's
 * process-wide pool keeps connections capped. Renders through cli.c; output is text, JSON,
 * JSON Lines or Markdown. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "markdown.h"
#include "wizard.h"
#include "net.h"
#include "render_json.h"
#include "render_text.h"
#include "report.h"
#include "run.h"
#include "xmalloc.h"

#define BATCH_MAX 10000
#define LINE_TOKENS 32

void cli_run_with_progress(struct run *r, bool progress)
{
	int p[2];

	if (!progress || pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
		run_exec(r);
		return;
	}
	run_start(r, p[1]);
	for (;;) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		char sink[64], line[160];
		size_t total, done;
		bool finished;

		poll(&pfd, 1, 250);
		while (read(p[0], sink, sizeof sink) > 0)
			;
		run_lock(r);
		finished = r->done;
		done = run_progress(r, &total);
		snprintf(line, sizeof line, "tlswiz: %s, step %zu of %zu (%s), %zu probes, %.1f s",
			 r->steps[r->current].w->name, done < total ? done + 1 : total, total,
			 r->steps[r->current].s->title, r->report.ntraces, (net_now_ms() - r->t0) / 1000);
		run_unlock(r);
		if (finished)
			break;
		fprintf(stderr, "\r\033[K%s", line);
	}
	fprintf(stderr, "\r\033[K");
	run_wait(r);
	close(p[0]);
	close(p[1]);
}

struct item {
	char line[1024];
	int lineno;
	struct cli_opts o;
	struct run *run;
	int status;
	char error[256];
};

struct batch {
	struct item *items;
	size_t n, next, done;
	pthread_mutex_t lock;
	bool json;
};

/* Options that apply to every line: everything on the command line but the batch ones. */
static int base_args(int argc, char **argv, char **out, int max)
{
	int n = 0;
	for (int i = 0; i < argc && n < max; i++) {
		if (!strcmp(argv[i], "--targets") || !strcmp(argv[i], "--jobs")) {
			i++;
			continue;
		}
		if (!strncmp(argv[i], "--targets=", 10) || !strncmp(argv[i], "--jobs=", 7))
			continue;
		out[n++] = argv[i];
	}
	return n;
}

static void parse_item(struct item *it, int argc, char **argv)
{
	char *args[128], copy[1024];
	int n = base_args(argc, argv, args, 64);

	snprintf(copy, sizeof copy, "%s", it->line);
	for (char *save = NULL, *tok = strtok_r(copy, " \t", &save); tok && n < 127;
	     tok = strtok_r(NULL, " \t", &save))
		args[n++] = tok;
	args[n] = NULL;
	it->status = -1;
	if (cli_parse(n, args, 1, &it->o, it->error, sizeof it->error) < 0) {
		it->status = 3;
		return;
	}
	it->o.targets = NULL;
	if (!it->o.have_target) {
		snprintf(it->error, sizeof it->error, "no target on this line");
		it->status = 3;
	}
}

static void *worker(void *arg)
{
	struct batch *b = arg;

	for (;;) {
		struct item *it;
		pthread_mutex_lock(&b->lock);
		if (b->next >= b->n) {
			pthread_mutex_unlock(&b->lock);
			return NULL;
		}
		it = &b->items[b->next++];
		pthread_mutex_unlock(&b->lock);
		if (it->status < 0) {
			it->run = run_new(&it->o.target, NULL);
			run_exec(it->run);
			it->status = report_exit_status(&it->run->report);
		}
		pthread_mutex_lock(&b->lock);
		b->done++;
		if (b->json) {
			if (it->run) {
				char *s = render_json_report(&it->run->report, true);
				fputs(s, stdout);
				fputc('\n', stdout);
				free(s);
			} else {
				printf("{\"tool\":\"tlswiz\",\"line\":%d,\"verdict\":{\"status\":\"ERROR\",\"exit\":3},"
				       "\"error\":\"bad line in the targets file\"}\n", it->lineno);
			}
			fflush(stdout);
		}
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "\r\033[Ktlswiz: %zu of %zu targets done", b->done, b->n);
		pthread_mutex_unlock(&b->lock);
	}
}

static size_t read_targets(const char *path, struct item **out, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char line[1024];
	size_t n = 0, cap = 0;
	int lineno = 0;

	*out = NULL;
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return 0;
	}
	while (fgets(line, sizeof line, f) && n < BATCH_MAX) {
		char *p = line + strspn(line, " \t");
		lineno++;
		p[strcspn(p, "\r\n#")] = '\0';
		if (!*p)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		memset(&(*out)[n], 0, sizeof **out);
		snprintf((*out)[n].line, sizeof (*out)[n].line, "%s", p);
		(*out)[n].lineno = lineno;
		n++;
	}
	if (f != stdin)
		fclose(f);
	if (!n)
		snprintf(err, errlen, "no targets in %s", path);
	return n;
}

int cli_batch(struct cli_opts *o, int argc, char **argv)
{
	struct batch b = { .json = o->json };
	pthread_t threads[64];
	int jobs = o->jobs > 0 ? o->jobs : 4, worst = 0;
	char err[256];

	b.n = read_targets(o->targets, &b.items, err, sizeof err);
	if (!b.n) {
		fprintf(stderr, "tlswiz: %s\n", err);
		free(b.items);
		return 3;
	}
	for (size_t i = 0; i < b.n; i++)
		parse_item(&b.items[i], argc, argv);
	pthread_mutex_init(&b.lock, NULL);
	if ((size_t)jobs > b.n)
		jobs = (int)b.n;
	for (int i = 0; i < jobs; i++)
		pthread_create(&threads[i], NULL, worker, &b);
	for (int i = 0; i < jobs; i++)
		pthread_join(threads[i], NULL);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
	if (!o->json) {
		printf("%-4s %-36s %-5s %s\n", "line", "target", "", "top finding");
		for (size_t i = 0; i < b.n; i++) {
			const struct item *it = &b.items[i];
			char tgt[300];
			if (!it->run) {
				printf("%-4d %-36.36s %-5s %s\n", it->lineno, it->line, "ERROR", it->error);
				continue;
			}
			snprintf(tgt, sizeof tgt, "%s:%u", it->run->report.target.host, it->run->report.target.port);
			printf("%-4d %-36.36s %-5s %s%s%s\n", it->lineno, tgt, verdict_name(it->run->report.verdict),
			       it->run->report.nfindings ? it->run->report.findings[0].id : "",
			       it->run->report.nfindings ? "  " : "", it->run->report.verdict_text);
		}
	}
	for (size_t i = 0; i < b.n; i++) {
		if (b.items[i].status > worst && b.items[i].status != 3)
			worst = b.items[i].status;
		if (b.items[i].status == 3 && worst == 0)
			worst = 3;
		run_free(b.items[i].run);
	}
	pthread_mutex_destroy(&b.lock);
	free(b.items);
	engine_shutdown();
	return worst;
}

/* ---- commands ---- */

static int run_and_print(struct cli_opts *o, const char *const *names)
{
	struct run *run;
	int status;
	bool color = !o->no_color && isatty(STDOUT_FILENO);

	if (!o->have_target) {
		fprintf(stderr, "tlswiz: which server? e.g. tlswiz diagnose example.com:443 (or --targets FILE)\n");
		return 3;
	}
	run = run_new(&o->target, names);
	if (!run->nsteps) {
		fprintf(stderr, "tlswiz: unknown wizard\n");
		run_free(run);
		return 3;
	}
	cli_run_with_progress(run, !o->json && isatty(STDERR_FILENO));
	if (o->json) {
		char *s = render_json_report(&run->report, false);
		if (s) {
			fputs(s, stdout);
			fputc('\n', stdout);
			free(s);
		}
	} else if (o->markdown) {
		char *md = md_report(&run->report);
		fputs(md, stdout);
		free(md);
	} else {
		render_text_report(stdout, &run->report, color, o->verbose);
	}
	fflush(stdout);
	status = report_exit_status(&run->report);
	run_free(run);
	engine_shutdown();
	return status;
}

int cli_diagnose_main(int argc, char **argv)
{
	struct cli_opts o;
	char err[256];

	if (cli_parse(argc, argv, 1, &o, err, sizeof err) < 0) {
		fprintf(stderr, "tlswiz: %s\n", err);
		cli_usage(stderr);
		return 3;
	}
	if (o.targets)
		return cli_batch(&o, argc, argv);
	return run_and_print(&o, NULL);
}

int cli_wizard_main(int argc, char **argv)
{
	struct cli_opts o;
	char err[256];
	const char *names[2];

	if (argc < 2 || !wizard_find(argv[1])) {
		fprintf(stderr, "tlswiz: wizard NAME: one of versions certificates chain ciphers sni firewall\n");
		return 3;
	}
	if (cli_parse(argc, argv, 2, &o, err, sizeof err) < 0) {
		fprintf(stderr, "tlswiz: %s\n", err);
		return 3;
	}
	names[0] = argv[1];
	names[1] = NULL;
	return run_and_print(&o, names);
}
