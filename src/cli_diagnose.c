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

#include <jansson.h>

#include "cli.h"
#include "engine.h"
#include "markdown.h"
#include "wizard.h"
#include "net.h"
#include "render_json.h"
#include "render_text.h"
#include "report.h"
#include "run.h"
#include "text.h"
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
		finished = run_done(r);
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

/* Batch mode streams: each worker takes the next line of the targets file, runs it,
 * prints its row (or JSON line) as soon as it is done and frees it, so memory stays the
 * size of --jobs runs whatever the file's length. Every input is capped, and a cap that
 * drops something says so. */
#define BATCH_LINE_MAX 1023		/* bytes of one line */
#define BATCH_BYTES_MAX (16u << 20)	/* bytes of the whole file */

struct item {
	char line[BATCH_LINE_MAX + 1];
	int lineno;
	struct cli_opts o;
	struct run *run;
	int status;
	char error[256];
};

struct batch {
	FILE *f;
	const char *path;
	int argc;
	char **argv;
	int lineno;
	size_t taken, done, bytes;
	bool eof, header;
	char capped[200];	/* why reading stopped early, when it did */
	int worst;
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
	char *args[128], copy[sizeof it->line];
	int n = base_args(argc, argv, args, 64);

	it->status = -1;
	if (it->error[0]) {	/* the reader already refused the line */
		it->status = 3;
		return;
	}
	snprintf(copy, sizeof copy, "%s", it->line);
	for (char *save = NULL, *tok = strtok_r(copy, " \t", &save); tok && n < 127;
	     tok = strtok_r(NULL, " \t", &save))
		args[n++] = tok;
	args[n] = NULL;
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

/* One physical line into buf (at most cap-1 bytes kept). 1 read, 0 end of input.
 * *toolong when the line had more. Counts every byte against BATCH_BYTES_MAX. */
static int read_line(struct batch *b, char *buf, size_t cap, bool *toolong)
{
	size_t n = 0;
	int c = EOF;

	*toolong = false;
	while (b->bytes < BATCH_BYTES_MAX && (c = getc(b->f)) != EOF) {
		b->bytes++;
		if (c == '\n')
			break;
		if (n + 1 < cap)
			buf[n++] = (char)c;
		else
			*toolong = true;
	}
	buf[n] = '\0';
	if (c == EOF && n == 0 && !*toolong)
		return 0;
	if (c != '\n' && c != EOF && b->bytes >= BATCH_BYTES_MAX)
		return 0;
	return 1;
}

/* Under the lock: the next target line, or NULL at the end (or at a cap). */
static struct item *next_item(struct batch *b)
{
	char line[BATCH_LINE_MAX + 1];
	bool toolong;

	while (!b->eof) {
		struct item *it;
		char *p;

		if (read_line(b, line, sizeof line, &toolong) == 0) {
			b->eof = true;
			if (b->bytes >= BATCH_BYTES_MAX)
				snprintf(b->capped, sizeof b->capped,
					 "%s is larger than %u MiB (cap): reading stopped at line %d",
					 b->path, BATCH_BYTES_MAX >> 20, b->lineno + 1);
			break;
		}
		b->lineno++;
		p = line + strspn(line, " \t");
		p[strcspn(p, "\r#")] = '\0';
		if (!*p && !toolong)
			continue;
		for (char *q = p; *q; q++)
			if (*q == '\t')
				*q = ' ';
		if (b->taken == BATCH_MAX) {
			b->eof = true;
			snprintf(b->capped, sizeof b->capped,
				 "more than %d targets (cap): line %d and every line after it were not run",
				 BATCH_MAX, b->lineno);
			break;
		}
		it = xcalloc(1, sizeof *it);
		text_sanitize_str(it->line, sizeof it->line, p);
		it->lineno = b->lineno;
		if (toolong)
			snprintf(it->error, sizeof it->error, "the line is longer than %d bytes (cap); not run",
				 BATCH_LINE_MAX);
		else if (strcmp(it->line, p))
			snprintf(it->error, sizeof it->error, "the line contains control or invisible characters; not run");
		parse_item(it, b->argc, b->argv);
		b->taken++;
		return it;
	}
	return NULL;
}

/* The target column: 36 columns of whole characters (printf's %.36s cuts bytes, and so
 * half a UTF-8 character). */
#define print_cell(s) (cellw = text_fit(cell, sizeof cell, (s), 36))

static void print_row(struct batch *b, const struct item *it)
{
	char tgt[300], cell[160];
	size_t cellw;

	if (b->json) {
		if (it->run) {
			char *s = render_json_report(&it->run->report, true);
			fputs(s, stdout);
			fputc('\n', stdout);
			free(s);
		} else {
			json_t *j = json_pack("{s:s,s:i,s:{s:s,s:i},s:s}", "tool", "tlswiz", "line", it->lineno,
					      "verdict", "status", "ERROR", "exit", 3, "error", it->error);
			char *s = json_dumps(j, JSON_COMPACT);
			puts(s);
			free(s);
			json_decref(j);
		}
		fflush(stdout);
		return;
	}
	if (!b->header) {
		printf("%-4s %-36s %-5s %s\n", "line", "target", "", "top finding");
		b->header = true;
	}
	if (!it->run) {
		print_cell(it->line);
		printf("%-4d %s%*s %-5s %s\n", it->lineno, cell, (int)(36 - cellw), "", "ERROR", it->error);
	} else {
		const struct report *r = &it->run->report;
		char host[TW_HOST_MAX * 4 + 1];
		text_sanitize_str(host, sizeof host, r->target.host);
		snprintf(tgt, sizeof tgt, "%s:%u", host, r->target.port);
		print_cell(tgt);
		printf("%-4d %s%*s %-5s %s%s%s\n", it->lineno, cell, (int)(36 - cellw), "", verdict_name(r->verdict),
		       r->verdict != VERDICT_OK && r->nfindings ? r->findings[0].id : "",
		       r->verdict != VERDICT_OK && r->nfindings ? "  " : "", r->verdict_text);
	}
	fflush(stdout);
}

static void *worker(void *arg)
{
	struct batch *b = arg;

	for (;;) {
		struct item *it;
		pthread_mutex_lock(&b->lock);
		it = next_item(b);
		pthread_mutex_unlock(&b->lock);
		if (!it)
			return NULL;
		if (it->status < 0) {
			it->run = run_new(&it->o.target, NULL);
			run_exec(it->run);
			it->status = report_exit_status(&it->run->report);
		}
		pthread_mutex_lock(&b->lock);
		b->done++;
		/* The exit status is the worst of all lines (a line that could not run
		 * counts as 3), whatever their order. */
		if (it->status > b->worst)
			b->worst = it->status;
		print_row(b, it);
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "\r\033[Ktlswiz: %zu targets done", b->done);
		pthread_mutex_unlock(&b->lock);
		run_free(it->run);
		free(it);
	}
}

int cli_batch(struct cli_opts *o, int argc, char **argv)
{
	struct batch b = { .json = o->json, .path = o->targets, .argc = argc, .argv = argv };
	pthread_t threads[64];
	int jobs = o->jobs > 0 ? o->jobs : 4;

	b.f = strcmp(o->targets, "-") ? fopen(o->targets, "r") : stdin;
	if (!b.f) {
		fprintf(stderr, "tlswiz: cannot read %s: %s\n", o->targets, strerror(errno));
		return 3;
	}
	pthread_mutex_init(&b.lock, NULL);
	{
		int started = 0;
		for (int i = 0; i < jobs; i++)
			if (pthread_create(&threads[started], NULL, worker, &b) == 0)
				started++;
		if (!started)
			worker(&b);	/* no thread: this one does every line */
		for (int i = 0; i < started; i++)
			pthread_join(threads[i], NULL);
	}
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
	if (b.f != stdin)
		fclose(b.f);
	pthread_mutex_destroy(&b.lock);
	engine_shutdown();
	if (!b.taken) {
		fprintf(stderr, "tlswiz: no targets in %s\n", o->targets);
		return 3;
	}
	if (b.capped[0]) {
		fprintf(stderr, "tlswiz: %s\n", b.capped);
		return 3;
	}
	return b.worst;
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
