/* cli_capture.c — `tlswiz capture [options] FILE...`: a summary table (one line per
 * reported connection: client, server, SNI, outcome), then one ladder per connection with
 * the findings its timeline proves (same ids as live probes). Connections arrive from the
 * reader as they end; ladders go to a temporary file so the summary can come first while
 * memory stays bounded. --json streams the same as one JSON document (doc/capture.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "alert.h"
#include "cert.h"
#include "cli.h"
#include "render_json.h"
#include "render_text.h"
#include "pcap.h"
#include "report.h"
#include "run.h"
#include "target.h"
#include "xmalloc.h"

static const char usage[] =
	"usage: tlswiz capture [--json] [--keylog FILE] [--cafile FILE] [--host ADDR|NAME] [--port N]\n"
	"                      [--sni NAME] [--no-color] FILE.pcap|FILE.pcapng[.gz]|- ...\n"
	"\n"
	"Reads packet captures (pcap or pcapng, plain or gzip; - for standard input) and shows,\n"
	"for every TCP connection with data, where it broke: a summary line per connection,\n"
	"then its handshake ladder with the failure mark on the deciding event and the findings.\n"
	"\n"
	"  --json          one JSON document instead of text (doc/capture.md)\n"
	"  --keylog FILE   NSS key log (SSLKEYLOGFILE format) to decrypt TLS1.3 handshakes;\n"
	"                  default: the SSLKEYLOGFILE environment variable\n"
	"  --cafile FILE   check the certificate chains seen against this CA file\n"
	"  --host X        only connections with this address at either end, or this SNI\n"
	"  --port N        only connections with this port at either end\n"
	"  --sni NAME      only connections whose ClientHello names NAME\n"
	"\n"
	"Exit status: 0 no problem, 1 warnings, 2 errors, 3 a capture could not be read.\n";

struct sumline {
	unsigned id;
	char file_no;
	char client[64], server[64], sni[64], outcome[96];
	long off, len;		/* its ladder in the temporary file */
};

struct ctx {
	bool json, color, first_json;
	const char *cafile;
	FILE *ladders;		/* text mode: ladders, printed after the summary */
	struct sumline *lines;
	size_t nlines, alloc;
	int worst;
	size_t shown;
	int file_no;
	const char *file;
};

static void outcome_text(const struct capture_conn *c, char *buf, size_t len)
{
	char alert[48] = "";
	if (c->alert >= 0)
		snprintf(alert, sizeof alert, " %s(%d)", alert_name(c->alert), c->alert);
	snprintf(buf, len, "%s%s%s%s", capture_end_name(c->end), alert, c->after[0] && c->end != CAP_COMPLETE ? " after " : "",
		 c->end != CAP_COMPLETE ? c->after : "");
}

static void chain_check(const struct ctx *x, const struct capture_conn *c, char *buf, size_t len)
{
	struct chain ch = { 0 };
	buf[0] = '\0';
	if (!c->trace->ncerts)
		return;
	if (!x->cafile && c->end != CAP_CLIENT_ALERT && c->end != CAP_CLIENT_CLOSED)
		return;
	if (cert_verify(c->trace, c->trace->sni, x->cafile ? x->cafile : "", &ch) == 0)
		snprintf(buf, len, "%s (%zu certificate%s sent, checked against %s)",
			 ch.status ? ch.status_text : "the chain verifies", c->trace->ncerts, c->trace->ncerts == 1 ? "" : "s",
			 ch.trust);
	chain_free(&ch);
}

static json_t *conn_json(const struct ctx *x, const struct capture_conn *c, const struct report *r)
{
	json_t *fa = json_array(), *tr = render_json_trace(c->trace), *steps = json_object_get(tr, "steps"), *o, *st;
	char chain[400];
	size_t i;

	for (size_t k = 0; k < r->nfindings; k++)
		json_array_append_new(fa, json_pack("{s:s, s:s, s:s, s:s}", "id", r->findings[k].id, "title",
						    r->findings[k].title, "evidence", r->findings[k].evidence, "fix",
						    r->findings[k].fix));
	json_array_foreach(steps, i, st)
		if (c->frames && i < c->trace->nsteps)
			json_object_set_new(st, "frame", json_integer(c->frames[i]));
	o = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?}", "id", (int)c->id, "file", x->file,
		      "client", c->client, "server", c->server, "sni", c->trace->sni, "outcome",
		      outcome_name(c->trace->outcome), "end", capture_end_name(c->end),
		      "by", c->by == 0 ? "client" : c->by == 1 ? "server" : NULL,
		      "after", c->after[0] ? c->after : NULL);
	json_object_set_new(o, "alert", c->alert >= 0 ? json_integer(c->alert) : json_null());
	json_object_set_new(o, "reason", json_string(c->trace->reason));
	if (c->prefix[0])
		json_object_set_new(o, "plaintext_prefix", json_string(c->prefix));
	json_object_set_new(o, "start", json_real(c->start));
	json_object_set_new(o, "first_frame", json_integer(c->first_frame));
	json_object_set_new(o, "rtt_ms", c->rtt_ms >= 0 ? json_real(c->rtt_ms) : json_null());
	json_object_set_new(o, "handshake_ms", c->handshake_ms >= 0 ? json_real(c->handshake_ms) : json_null());
	json_object_set_new(o, "duration_ms", json_real(c->duration_ms));
	json_object_set_new(o, "decrypted", json_boolean(c->decrypted));
	json_object_set_new(o, "missing_bytes", json_integer(c->gaps));
	json_object_set_new(o, "retransmits", json_integer(c->retransmits));
	json_object_set_new(o, "out_of_order", json_integer(c->out_of_order));
	json_object_set_new(o, "segments_dropped", json_integer(c->segs_dropped));
	if (c->early)
		json_object_set_new(o, "judged_early", json_true());
	json_object_set_new(o, "steps", json_integer((json_int_t)c->trace->nsteps));
	json_object_set_new(o, "fail_step", c->fail_step >= 0 ? json_integer(c->fail_step) : json_null());
	chain_check(x, c, chain, sizeof chain);
	if (chain[0])
		json_object_set_new(o, "chain", json_string(chain));
	json_object_set_new(o, "findings", fa);
	json_object_set_new(o, "trace", tr);
	return o;
}

static void print_conn(const struct ctx *x, FILE *f, const struct capture_conn *c, const struct report *r)
{
	char when[32] = "?", chain[400];
	time_t sec = (time_t)c->start;
	struct tm tm;

	if (gmtime_r(&sec, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(f, "\n#%u %s -> %s%s%s\n", c->id, c->client, c->server, c->trace->sni[0] ? "  SNI=" : "", c->trace->sni);
	fprintf(f, "  from frame %u, %s.%03d UTC", c->first_frame, when, (int)((c->start - (double)sec) * 1000.0));
	if (c->rtt_ms >= 0)
		fprintf(f, ", RTT %.1f ms", c->rtt_ms);
	if (c->handshake_ms >= 0)
		fprintf(f, ", handshake %.1f ms", c->handshake_ms);
	fprintf(f, ", %.1f ms in all%s\n", c->duration_ms, c->decrypted ? ", decrypted with the key log" : "");
	if (c->prefix[0])
		fprintf(f, "  TLS starts after a plaintext exchange: %s\n", c->prefix);
	if (c->gaps || c->retransmits || c->out_of_order)
		fprintf(f, "  tcp: %u bytes missing, %u retransmitted segments, %u out of order\n", c->gaps, c->retransmits,
			c->out_of_order);
	if (c->segs_dropped)
		fprintf(f, "  tcp: %u out-of-order segments beyond the %d kept per direction were dropped\n", c->segs_dropped,
			CAPTURE_MAX_SEGS);
	if (c->early)
		fprintf(f, "  judged before it ended: more than %d connections were open at once\n", CAPTURE_MAX_OPEN);
	render_text_trace(f, c->trace, x->color, 80);
	if (c->fail_step >= 0 && c->frames)
		fprintf(f, "  deciding step: %s, frame %u\n", c->trace->steps[c->fail_step].name, c->frames[c->fail_step]);
	chain_check(x, c, chain, sizeof chain);
	if (chain[0])
		fprintf(f, "  chain: %s\n", chain);
	for (size_t i = 0; i < r->nfindings; i++)
		fprintf(f, "  %s %s\n    fix: %s\n", r->findings[i].id, r->findings[i].title, r->findings[i].fix);
}

static void on_conn(struct capture_conn *c, void *arg)
{
	struct ctx *x = arg;
	struct target t;
	struct report r;

	target_defaults(&t);
	report_init(&r, &t);
	capture_judge(c, 0, &r);
	report_finish(&r);
	if (report_exit_status(&r) > x->worst)
		x->worst = report_exit_status(&r);
	x->shown++;
	if (x->json) {
		json_t *o = conn_json(x, c, &r);
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s%s", x->first_json ? "\n" : ",\n", s);
		x->first_json = false;
		free(s);
		json_decref(o);
	} else {
		struct sumline *l;
		if (x->nlines == x->alloc) {
			x->alloc = x->alloc ? x->alloc * 2 : 64;
			x->lines = xreallocarray(x->lines, x->alloc, sizeof *x->lines);
		}
		l = &x->lines[x->nlines++];
		l->id = c->id;
		l->file_no = (char)x->file_no;
		snprintf(l->client, sizeof l->client, "%s", c->client);
		snprintf(l->server, sizeof l->server, "%s", c->server);
		snprintf(l->sni, sizeof l->sni, "%s", c->trace->sni[0] ? c->trace->sni : "-");
		outcome_text(c, l->outcome, sizeof l->outcome);
		l->off = ftell(x->ladders);
		print_conn(x, x->ladders, c, &r);
		l->len = ftell(x->ladders) - l->off;
	}
	report_free(&r);
}

static int by_id(const void *a, const void *b)
{
	const struct sumline *x = a, *y = b;
	if (x->file_no != y->file_no)
		return x->file_no - y->file_no;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void file_notes(FILE *f, const struct capture *cap)
{
	if (cap->truncated)
		fprintf(f, "  the file is truncated or damaged: %s; everything before that is read\n", cap->error);
	if (cap->short_frames)
		fprintf(f, "  %zu frames were cut by the snap length (%u bytes): data beyond it is missing, "
			   "capture with -s 0\n", cap->short_frames, cap->snaplen);
	else if (cap->snaplen && cap->snaplen < 1600)
		fprintf(f, "  the snap length is %u bytes: larger frames would be cut\n", cap->snaplen);
	if (cap->conns_empty)
		fprintf(f, "  %zu TCP connections without payload are not shown\n", cap->conns_empty);
	if (cap->conns_filtered)
		fprintf(f, "  %zu connections left out by --host/--port/--sni\n", cap->conns_filtered);
	if (cap->conns_early)
		fprintf(f, "  %zu connections judged before they ended (more than %d open at once)\n", cap->conns_early,
			CAPTURE_MAX_OPEN);
	if (cap->frags_dropped)
		fprintf(f, "  %zu IP fragments could not be reassembled (IPv6 fragments, or pieces missing)\n",
			cap->frags_dropped);
	if (cap->keylog_error[0])
		fprintf(f, "  key log: %s\n", cap->keylog_error);
	else if (cap->keys)
		fprintf(f, "  key log: secrets for %zu client randoms\n", cap->keys);
}

int cli_capture_main(int argc, char **argv)
{
	struct capture_opts o = { 0 };
	struct ctx x = { .first_json = true };
	const char **files = xcalloc((size_t)argc, sizeof *files);
	size_t nfiles = 0;
	bool unreadable = false, opts_done = false;
	json_t *fa = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool more = i + 1 < argc;
		if (opts_done || a[0] != '-' || !strcmp(a, "-")) {
			files[nfiles++] = a;
		} else if (!strcmp(a, "--")) {
			opts_done = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			free(files);
			return 0;
		} else if (!strcmp(a, "--json")) {
			x.json = true;
		} else if (!strcmp(a, "--no-color")) {
			;
		} else if (more && !strcmp(a, "--keylog")) {
			o.keylog = argv[++i];
		} else if (more && !strcmp(a, "--cafile")) {
			x.cafile = argv[++i];
		} else if (more && !strcmp(a, "--host")) {
			o.host = argv[++i];
		} else if (more && !strcmp(a, "--sni")) {
			o.sni = argv[++i];
		} else if (more && !strcmp(a, "--port")) {
			char *end;
			long p = strtol(argv[++i], &end, 10);
			if (*end || p <= 0 || p > 65535) {
				fprintf(stderr, "tlswiz capture: --port wants 1..65535, not \"%s\"\n", argv[i]);
				free(files);
				return 3;
			}
			o.port = (unsigned)p;
		} else {
			fprintf(stderr, "tlswiz capture: unknown option or missing value: %s\n%s", a, usage);
			free(files);
			return 3;
		}
	}
	if (!nfiles) {
		fputs(usage, stderr);
		free(files);
		return 3;
	}
	x.color = !x.json && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (x.json) {
		fa = json_array();
		printf("{\n\"tool\": \"tlswiz\",\n\"connections\": [");
	} else {
		x.ladders = tmpfile();
		if (!x.ladders) {
			fprintf(stderr, "tlswiz capture: no temporary file (%s)\n", strerror(errno));
			free(files);
			return 3;
		}
	}
	for (size_t k = 0; k < nfiles; k++) {
		struct capture cap;
		size_t before = x.shown;
		x.file = files[k];
		x.file_no = (int)k;
		if (capture_stream(files[k], &o, &cap, on_conn, &x) < 0) {
			fprintf(stderr, "tlswiz: cannot read %s: %s\n", files[k], cap.error);
			unreadable = true;
			if (fa)
				json_array_append_new(fa, json_pack("{s:s, s:s}", "file", files[k], "error", cap.error));
			continue;
		}
		if (fa) {
			json_t *fo = json_pack("{s:s, s:i, s:i, s:i, s:b, s:b}", "file", files[k], "packets", (int)cap.packets,
					       "interfaces", (int)cap.interfaces, "connections", (int)(x.shown - before),
					       "truncated", cap.truncated, "gzip", cap.gzip);
			if (cap.truncated)
				json_object_set_new(fo, "error", json_string(cap.error));
			json_object_set_new(fo, "snaplen", json_integer(cap.snaplen));
			json_object_set_new(fo, "short_frames", json_integer((json_int_t)cap.short_frames));
			json_object_set_new(fo, "connections_without_payload", json_integer((json_int_t)cap.conns_empty));
			json_object_set_new(fo, "connections_filtered", json_integer((json_int_t)cap.conns_filtered));
			json_object_set_new(fo, "connections_judged_early", json_integer((json_int_t)cap.conns_early));
			json_object_set_new(fo, "fragments_dropped", json_integer((json_int_t)cap.frags_dropped));
			json_object_set_new(fo, "keylog_secrets", json_integer((json_int_t)cap.keys));
			if (cap.keylog_error[0])
				json_object_set_new(fo, "keylog_error", json_string(cap.keylog_error));
			json_array_append_new(fa, fo);
		} else {
			printf("%s: %zu packets, %zu TCP connections with data%s\n", files[k], cap.packets, x.shown - before,
			       cap.gzip ? " (gzip)" : "");
			file_notes(stdout, &cap);
		}
		if (cap.truncated && x.worst < 1)
			x.worst = 1;
	}
	if (x.json) {
		char *s = json_dumps(fa, JSON_INDENT(2));
		/* compatible with one-file readers: the first file's packet count at the top */
		json_t *f0 = json_array_get(fa, 0);
		printf("\n],\n\"files\": %s,\n\"packets\": %lld,\n\"truncated\": %s\n}\n", s,
		       (long long)json_integer_value(json_object_get(f0, "packets")),
		       json_is_true(json_object_get(f0, "truncated")) ? "true" : "false");
		free(s);
		json_decref(fa);
	} else {
		char buf[65536];
		size_t n;
		if (x.nlines > 1)
			qsort(x.lines, x.nlines, sizeof *x.lines, by_id);
		if (x.nlines) {
			printf("\n%-5s %-22s %-22s %-24s %s\n", "#", "client", "server", "SNI", "outcome");
			for (size_t i = 0; i < x.nlines; i++)
			{
				char id[24];
				if (nfiles > 1)
					snprintf(id, sizeof id, "%d:#%u", x.lines[i].file_no + 1, x.lines[i].id);
				else
					snprintf(id, sizeof id, "#%u", x.lines[i].id);
				printf("%-5s %-22s %-22s %-24s %s\n", id, x.lines[i].client, x.lines[i].server, x.lines[i].sni,
				       x.lines[i].outcome);
			}
		}
		fflush(stdout);
		/* the ladders in the summary's order */
		for (size_t i = 0; i < x.nlines; i++) {
			long left = x.lines[i].len;
			if (fseek(x.ladders, x.lines[i].off, SEEK_SET) < 0)
				break;
			while (left > 0 && (n = fread(buf, 1, left < (long)sizeof buf ? (size_t)left : sizeof buf, x.ladders)) > 0) {
				fwrite(buf, 1, n, stdout);
				left -= (long)n;
			}
		}
		fclose(x.ladders);
	}
	free(x.lines);
	free(files);
	return unreadable ? 3 : x.worst;
}
