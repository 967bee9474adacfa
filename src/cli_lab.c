/* cli_lab.c — `tlswiz lab`: list the scenarios, or run them in the foreground until
 * SIGINT/SIGTERM (taken with sigwait, so no work happens in a signal handler). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "lab.h"
#include "net.h"

static void print_list(unsigned short base, const struct lab *lab)
{
	printf("# name\tport\thost\texpected\tdescription\n");
	for (size_t i = 0; i < (lab ? lab_count(lab) : lab_scenario_count()); i++) {
		const struct lab_entry *e = lab ? lab_entry(lab, i) : lab_scenario(i, base);
		printf("%s\t%u\t%s\t%s\t%s\n", e->name, e->port, e->host, e->expect, e->desc);
	}
}

static bool known(const char *name)
{
	for (size_t i = 0; i < lab_scenario_count(); i++)
		if (!strcmp(lab_scenario(i, 0)->name, name))
			return true;
	return false;
}

int cli_lab_main(int argc, char **argv)
{
	struct lab_opts o = { 0 };
	const char *only[128];
	size_t nonly = 0;
	bool list = false;
	struct lab *lab;
	char err[256];
	sigset_t set;
	int sig;
	double t0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--list")) {
			list = true;
		} else if (!strcmp(argv[i], "--base-port") && i + 1 < argc) {
			long p = strtol(argv[++i], NULL, 10);
			if (p < 1 || p > 65000) {
				fprintf(stderr, "tlswiz lab: --base-port wants 1..65000\n");
				return 3;
			}
			o.base_port = (unsigned short)p;
		} else if (!strcmp(argv[i], "--only")) {
			/* --only a b c, or --only a,b,c */
			while (i + 1 < argc && argv[i + 1][0] != '-' && nonly < 127) {
				for (char *save = NULL, *nm = strtok_r(argv[++i], ",", &save); nm && nonly < 127;
				     nm = strtok_r(NULL, ",", &save)) {
					if (!known(nm)) {
						fprintf(stderr, "tlswiz lab: no scenario named \"%s\" (tlswiz lab --list)\n", nm);
						return 3;
					}
					only[nonly++] = nm;
				}
			}
		} else if (!strcmp(argv[i], "--hostile")) {
			o.hostile = 1;
		} else {
			fprintf(stderr, "usage: tlswiz lab [--list] [--base-port N] [--only NAME...]\n");
			return 3;
		}
	}
	only[nonly] = NULL;
	if (nonly)
		o.only = only;
	if (list && !nonly) {
		print_list(o.base_port, NULL);
		return 0;
	}
	/* Signals are taken synchronously by sigwait below, in this thread only. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	t0 = net_now_ms();
	lab = lab_start(&o, err, sizeof err);
	if (!lab) {
		fprintf(stderr, "tlswiz lab: %s\n", err);
		return 3;
	}
	if (list) {
		print_list(0, lab);
		lab_stop(lab);
		return 0;
	}
	printf("tlswiz lab: %zu scenarios on 127.0.0.1, started in %.0f ms; CA file %s\n\n", lab_count(lab),
	       net_now_ms() - t0, lab_cafile(lab));
	printf("%-22s %5s  %-32s %s\n", "scenario", "port", "host", "expected");
	for (size_t i = 0; i < lab_count(lab); i++) {
		const struct lab_entry *e = lab_entry(lab, i);
		printf("%-22s %5u  %-32s %s\n", e->name, e->port, e->host, e->expect);
	}
	if (lab_count(lab)) {
		const struct lab_entry *e = lab_entry(lab, 0);
		char args[512];
		lab_args(lab, e, args, sizeof args);
		printf("\ntry: tlswiz diagnose %s\n", args);
	}
	printf("Ctrl-C stops the lab.\n");
	fflush(stdout);
	/* SIGUSR1: print how many connections each scenario accepted (make bench). */
	while (sigwait(&set, &sig) == 0 && sig == SIGUSR1) {
		for (size_t i = 0; i < lab_count(lab); i++)
			printf("connections %s %lu\n", lab_entry(lab, i)->name, lab_connections(lab, i));
		fflush(stdout);
	}
	lab_stop(lab);
	fprintf(stderr, "tlswiz lab: stopped\n");
	return 0;
}
