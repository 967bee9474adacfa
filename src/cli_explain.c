/* cli_explain.c — `tlswiz explain`: the error-message explainer is not built yet
 * (issue 10); say so plainly instead of guessing, and exit 3 (could not run). */
#include <stdio.h>

#include "cli.h"

int cli_explain_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tlswiz: explaining error messages is not available in this version yet.\n"
		"        Run the wizards instead: tlswiz diagnose HOST[:PORT]\n");
	return 3;
}
