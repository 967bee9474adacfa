/* cli_capture.c — `tlswiz capture [--json] FILE`: one ladder per TLS connection found in a
 * pcap/pcapng file, with the findings the ladder proves (same ids as live probes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "pcap.h"
#include "report.h"
#include "run.h"

static void print_conn(const struct capture_conn *c, const struct report *r, bool color)
{
	printf("\n%s -> %s%s%s\n", c->client, c->server, c->trace->sni[0] ? "  SNI=" : "", c->trace->sni);
	if (c->gaps || c->retransmits || c->out_of_order)
		printf("  tcp: %u bytes missing, %u retransmitted segments, %u out of order\n", c->gaps,
		       c->retransmits, c->out_of_order);
	cli_print_trace(stdout, c->trace, color, 80);
	for (size_t i = 0; i < r->nfindings; i++)
		printf("  %s %s\n    fix: %s\n", r->findings[i].id, r->findings[i].title, r->findings[i].fix);
}

int cli_capture_main(int argc, char **argv)
{
	struct capture cap;
	const char *path = NULL;
	bool json = false, color;
	int worst = 0;
	json_t *root = NULL, *conns = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--no-color"))
			;
		else if (!path)
			path = argv[i];
	}
	if (!path) {
		fprintf(stderr, "usage: tlswiz capture [--json] FILE.pcap|FILE.pcapng\n");
		return 3;
	}
	color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (capture_read(path, &cap) < 0) {
		fprintf(stderr, "tlswiz: cannot read %s: %s\n", path, cap.error);
		return 3;
	}
	if (json) {
		root = json_object();
		conns = json_array();
	} else {
		printf("%s: %zu packets, %zu TCP connections with data%s%s\n", path, cap.packets, cap.n,
		       cap.truncated ? "; the file is truncated: " : "", cap.truncated ? cap.error : "");
	}
	for (size_t i = 0; i < cap.n; i++) {
		struct target t;
		struct report r;
		cli_target_defaults(&t);
		report_init(&r, &t);
		capture_judge(&cap.conns[i], 0, &r);
		report_finish(&r);
		if (report_exit_status(&r) > worst)
			worst = report_exit_status(&r);
		if (json) {
			json_t *fa = json_array();
			for (size_t k = 0; k < r.nfindings; k++)
				json_array_append_new(fa, json_pack("{s:s, s:s, s:s, s:s}", "id", r.findings[k].id,
					"title", r.findings[k].title, "evidence", r.findings[k].evidence, "fix", r.findings[k].fix));
			json_array_append_new(conns, json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:o, s:o}",
				"client", cap.conns[i].client, "server", cap.conns[i].server,
				"sni", cap.conns[i].trace->sni, "outcome", outcome_name(cap.conns[i].trace->outcome),
				"missing_bytes", (int)cap.conns[i].gaps, "retransmits", (int)cap.conns[i].retransmits,
				"steps", (int)cap.conns[i].trace->nsteps, "findings", fa,
				"trace", cli_trace_json(cap.conns[i].trace)));
		} else {
			print_conn(&cap.conns[i], &r, color);
		}
		report_free(&r);
	}
	if (json) {
		char *s;
		json_object_set_new(root, "file", json_string(path));
		json_object_set_new(root, "packets", json_integer((json_int_t)cap.packets));
		json_object_set_new(root, "truncated", json_boolean(cap.truncated));
		json_object_set_new(root, "connections", conns);
		s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(s);
		free(s);
		json_decref(root);
	}
	capture_free(&cap);
	return worst;
}
