/* main.c — tlswiz's entry: make GnuTLS ignore a system-wide priority file (a diagnosis
 * must be able to offer what policy forbids), then dispatch to a sub-command or the TUI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "http.h"
#include "probe.h"
#include "ui.h"

#define GNUTLS_SYSTEM_CONFIG "/etc/gnutls/config"

/* The library constructor reads GNUTLS_SYSTEM_PRIORITY_FILE before main(); setting it now
 * is too late, so re-exec once (doc/design.md, "GnuTLS 3.7.9 behaviours"). */
static void escape_system_priorities(char **argv)
{
	if (getenv("GNUTLS_SYSTEM_PRIORITY_FILE") || access(GNUTLS_SYSTEM_CONFIG, F_OK) != 0)
		return;
	setenv("GNUTLS_SYSTEM_PRIORITY_FILE", "/dev/null", 1);
	setenv("TLSWIZ_SYSTEM_CONFIG_SEEN", "1", 1);
	execv("/proc/self/exe", argv);
	/* If exec fails we still run, under the system policy. */
}

static const struct {
	const char *name;
	int (*main)(int, char **);
} commands[] = {
	{ "diagnose", cli_diagnose_main },
	{ "wizard", cli_wizard_main },
	{ "explain", cli_explain_main },
	{ "capture", cli_capture_main },
	{ "lab", cli_lab_main },
};

int main(int argc, char **argv)
{
	struct cli_opts o;
	char err[256];

	escape_system_priorities(argv);
	/* GnuTLS set-up happens before any thread starts. libcurl is opened and started at
	 * the first fetch, under a pthread_once (curl_global_init is thread-safe since 7.84;
	 * Debian 12 ships 7.88). */
	probe_global_init();
	if (argc > 1) {
		if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
			printf("tlswiz %s\n", TLSWIZ_VERSION);
			return 0;
		}
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
			cli_usage(stdout);
			return 0;
		}
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (!strcmp(argv[1], commands[i].name))
				return commands[i].main(argc - 1, argv + 1);
	}
	if (cli_parse(argc, argv, 1, &o, err, sizeof err) < 0) {
		fprintf(stderr, "tlswiz: %s\n", err);
		cli_usage(stderr);
		return 3;
	}
	return ui_main(&o);
}
