/* cli.h — the command line: options into a target (target.c), and the sub-commands.
 * src/cli*.c are the only files in src/ that print to stdout; they render reports with
 * render_text.c and render_json.c. */
#ifndef TLSWIZ_CLI_H
#define TLSWIZ_CLI_H
#include <stdio.h>

#include "model.h"

#include "render_json.h"
#include "render_text.h"
#include "target.h"
#include "version.h"

struct run;

struct cli_opts {
	struct target target;
	bool have_target;
	bool json, markdown, no_color, ascii, verbose, lab;
	bool hostile;		/* with --lab: the hostile scenarios too (issue 12) */
	const char *wizard;	/* for `tlswiz wizard NAME` */
	const char *targets;	/* --targets FILE: batch mode */
	int jobs;		/* --jobs N: targets in parallel (batch) */
};

/* Parse options and the HOST[:PORT] operand from argv[first..]. Returns 0, or -1 with a
 * message in err (exit status 3). */
int cli_parse(int argc, char **argv, int first, struct cli_opts *o, char *err, size_t errlen);

/* `tlswiz diagnose ...` and `tlswiz wizard NAME ...`; return the exit status. */
int cli_diagnose_main(int argc, char **argv);
int cli_wizard_main(int argc, char **argv);
void cli_usage(FILE *f);
/* Sub-commands living in their own files (cli_explain.c, cli_lab.c, cli_capture.c). */
int cli_explain_main(int argc, char **argv);
/* Explain text (one message or a few lines) into f as `tlswiz explain` prints it; the
 * best match's wizard and the target named in it ("" if none). Returns how many lines
 * were recognised. */
size_t cli_explain_print(FILE *f, const char *text, char *wizard, size_t wlen, char *target, size_t tlen);
int cli_lab_main(int argc, char **argv);
int cli_capture_main(int argc, char **argv);

/* Batch mode (cli_diagnose.c): one target a line in o->targets; argv are the options that
 * apply to every line. Returns the worst exit status. */
int cli_batch(struct cli_opts *o, int argc, char **argv);
/* Run r to the end; with progress, a live line on stderr (a tty) while it runs. */
void cli_run_with_progress(struct run *r, bool progress);
#endif
