/* cli.c — `tlswiz diagnose` and `tlswiz wizard`: parse options, run wizards through the
 * engine, render the report as text (80 columns, colour only on a tty without NO_COLOR)
 * or JSON (jansson). Everything printed comes from the sanitised model. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cert.h"
#include "cli.h"
#include "suites.h"
#include "clients.h"
#include "finding.h"
#include "net.h"
#include "markdown.h"
#include "run.h"
#include "serverconf.h"
#include "text.h"
#include "trace.h"
#include "wizard.h"

void cli_target_defaults(struct target *t)
{
	memset(t, 0, sizeof *t);
	t->port = 443;
	t->timeout_ms = 5000;
	t->sni_mode = SNI_AUTO;
}

int cli_parse_hostport(const char *s, char *host, size_t hostlen, unsigned short *port)
{
	const char *colon;
	size_t hl;
	long p = 443;

	if (!s || !*s)
		return -1;
	if (strncmp(s, "https://", 8) == 0)
		s += 8;
	if (s[0] == '[') {
		const char *end = strchr(s, ']');
		if (!end)
			return -1;
		hl = (size_t)(end - s - 1);
		if (hl >= hostlen)
			return -1;
		memcpy(host, s + 1, hl);
		host[hl] = '\0';
		colon = end[1] == ':' ? end + 1 : NULL;
	} else {
		colon = strrchr(s, ':');
		if (colon && strchr(s, ':') != colon)
			colon = NULL;	/* bare IPv6 literal */
		hl = colon ? (size_t)(colon - s) : strcspn(s, "/");
		if (hl == 0 || hl >= hostlen)
			return -1;
		memcpy(host, s, hl);
		host[hl] = '\0';
	}
	if (colon) {
		char *end;
		p = strtol(colon + 1, &end, 10);
		if (end == colon + 1 || (*end && *end != '/') || p < 1 || p > 65535)
			return -1;
	}
	*port = (unsigned short)p;
	return 0;
}

enum { OPT_SNI = 256, OPT_NO_SNI, OPT_CONNECT_TO, OPT_CAFILE, OPT_CERT, OPT_KEY, OPT_STARTTLS,
       OPT_PROXY, OPT_TIMEOUT, OPT_WRITE_CHAIN, OPT_SERVER, OPT_JSON, OPT_MARKDOWN, OPT_NO_COLOR, OPT_ASCII, OPT_LAB, OPT_HOSTILE, OPT_CLIENT,
       OPT_TARGETS, OPT_JOBS };

static const struct option long_opts[] = {
	{ "sni", required_argument, NULL, OPT_SNI },
	{ "no-sni", no_argument, NULL, OPT_NO_SNI },
	{ "connect-to", required_argument, NULL, OPT_CONNECT_TO },
	{ "cafile", required_argument, NULL, OPT_CAFILE },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "starttls", required_argument, NULL, OPT_STARTTLS },
	{ "proxy", required_argument, NULL, OPT_PROXY },
	{ "client", required_argument, NULL, OPT_CLIENT },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "write-chain", required_argument, NULL, OPT_WRITE_CHAIN },
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "markdown", no_argument, NULL, OPT_MARKDOWN },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "lab", no_argument, NULL, OPT_LAB },
	{ "hostile", no_argument, NULL, OPT_HOSTILE },
	{ "targets", required_argument, NULL, OPT_TARGETS },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "verbose", no_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 },
};

static int set_str(char *dst, size_t len, const char *src, const char *what, char *err, size_t errlen)
{
	if (strlen(src) >= len) {
		snprintf(err, errlen, "%s is too long", what);
		return -1;
	}
	snprintf(dst, len, "%s", src);
	return 0;
}

int cli_parse(int argc, char **argv, int first, struct cli_opts *o, char *err, size_t errlen)
{
	struct target *t = &o->target;
	int c;

	memset(o, 0, sizeof *o);
	cli_target_defaults(t);
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		o->no_color = true;
	if (getenv("https_proxy"))
		snprintf(t->proxy, sizeof t->proxy, "%s", getenv("https_proxy"));
	else if (getenv("HTTPS_PROXY"))
		snprintf(t->proxy, sizeof t->proxy, "%s", getenv("HTTPS_PROXY"));
	optind = first;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "46v", long_opts, NULL)) != -1) {
		switch (c) {
		case '4': t->family = FAMILY_V4; break;
		case '6': t->family = FAMILY_V6; break;
		case 'v': o->verbose = true; break;
		case OPT_SNI:
			t->sni_mode = SNI_NAME;
			if (set_str(t->sni, sizeof t->sni, optarg, "--sni", err, errlen) < 0)
				return -1;
			break;
		case OPT_NO_SNI: t->sni_mode = SNI_NONE; break;
		case OPT_CONNECT_TO:
			if (set_str(t->connect_to, sizeof t->connect_to, optarg, "--connect-to", err, errlen) < 0)
				return -1;
			break;
		case OPT_CAFILE:
			if (access(optarg, R_OK) != 0) {
				snprintf(err, errlen, "cannot read CA file %s", optarg);
				return -1;
			}
			if (set_str(t->cafile, sizeof t->cafile, optarg, "--cafile", err, errlen) < 0)
				return -1;
			break;
		case OPT_CERT:
			if (set_str(t->certfile, sizeof t->certfile, optarg, "--cert", err, errlen) < 0)
				return -1;
			break;
		case OPT_KEY:
			if (set_str(t->keyfile, sizeof t->keyfile, optarg, "--key", err, errlen) < 0)
				return -1;
			break;
		case OPT_STARTTLS:
			if (set_str(t->starttls, sizeof t->starttls, optarg, "--starttls", err, errlen) < 0)
				return -1;
			break;
		case OPT_PROXY:
			if (set_str(t->proxy, sizeof t->proxy, optarg, "--proxy", err, errlen) < 0)
				return -1;
			break;
		case OPT_CLIENT:
			if (!client_find(optarg)) {
				snprintf(err, errlen, "--client: one of %s", client_names());
				return -1;
			}
			if (set_str(t->client, sizeof t->client, optarg, "--client", err, errlen) < 0)
				return -1;
			break;
		case OPT_WRITE_CHAIN:
			if (set_str(t->write_chain, sizeof t->write_chain, optarg, "--write-chain", err, errlen) < 0)
				return -1;
			break;
		case OPT_SERVER:
			if (server_kind_from_name(optarg) < 0) {
				snprintf(err, errlen, "--server: one of nginx apache haproxy postfix dovecot lighttpd");
				return -1;
			}
			snprintf(t->server_sw, sizeof t->server_sw, "%s", optarg);
			break;
		case OPT_TIMEOUT: {
			char *end;
			double s = strtod(optarg, &end);
			if (*end || s <= 0 || s > 600) {
				snprintf(err, errlen, "--timeout wants seconds between 0 and 600");
				return -1;
			}
			t->timeout_ms = (int)(s * 1000);
			break;
		}
		case OPT_JSON: o->json = true; break;
		case OPT_MARKDOWN: o->markdown = true; break;
		case OPT_NO_COLOR: o->no_color = true; break;
		case OPT_ASCII: o->ascii = true; break;
		case OPT_LAB: o->lab = true; break;
		case OPT_HOSTILE: o->hostile = true; break;
		case OPT_TARGETS: o->targets = optarg; break;
		case OPT_JOBS:
			o->jobs = atoi(optarg);
			if (o->jobs < 1 || o->jobs > 64) {
				snprintf(err, errlen, "--jobs wants 1..64");
				return -1;
			}
			break;
		default:
			snprintf(err, errlen, "unknown option %s", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		if (cli_parse_hostport(argv[optind], t->host, sizeof t->host, &t->port) < 0) {
			snprintf(err, errlen, "cannot read target \"%.100s\" (want HOST[:PORT])", argv[optind]);
			return -1;
		}
		o->have_target = true;
		optind++;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument \"%.100s\"", argv[optind]);
		return -1;
	}
	if (t->certfile[0] && !t->keyfile[0]) {
		snprintf(err, errlen, "--cert needs --key");
		return -1;
	}
	return 0;
}

void cli_usage(FILE *f)
{
	fputs("usage: tlswiz [OPTIONS] [HOST[:PORT]]          open the TUI\n"
	      "       tlswiz --lab [--hostile]                TUI on the built-in lab (--hostile: and its hostile servers)\n"
	      "       tlswiz diagnose [OPTIONS] HOST[:PORT]   run every wizard, print a report\n"
	      "       tlswiz wizard NAME [OPTIONS] HOST[:PORT] one wizard: versions certificates chain\n"
	      "                                               ciphers sni firewall\n"
	      "       tlswiz explain [TEXT | -]               explain an error message or log lines\n"
	      "       tlswiz capture FILE                     ladders of the TLS connections in a pcap\n"
	      "       tlswiz lab [--list] [--base-port N] [--hostile] [--only NAME...]  run the lab of broken servers\n"
	      "options: --sni NAME  --no-sni  --connect-to ADDR  -4  -6  --cafile FILE\n"
	      "         --cert FILE --key FILE  --starttls PROTO  --proxy URL  --timeout SEC\n"
	      "         --client PROFILE (judge as that client: java8 win7 chrome ...; see doc/clients.md)\n"
	      "         --write-chain FILE (write a fixed fullchain.pem when the chain is broken)\n"
	      "         --server nginx|apache|haproxy|postfix|dovecot|lighttpd (configuration to print)\n"
	      "         --json  --markdown  --no-color  --ascii  -v  --version  --help\n"
	      "batch:   tlswiz diagnose --targets FILE [--jobs N] [--json]  (one target a line)\n"
	      "exit status: 0 no problem, 1 warnings, 2 errors, 3 could not run\n", f);
}

/* ---- text rendering ---- */

#define C_RED "\033[31m"
#define C_YEL "\033[33m"
#define C_GRN "\033[32m"
#define C_DIM "\033[2m"
#define C_BOLD "\033[1m"
#define C_OFF "\033[0m"

static const char *sev_color(enum severity s)
{
	return s == SEV_ERROR ? C_RED : s == SEV_WARN ? C_YEL : C_DIM;
}

static void print_block(FILE *f, const char *label, const char *text)
{
	const char *p = text;
	bool first = true;
	while (*p) {
		size_t n = strcspn(p, "\n");
		fprintf(f, "         %s%.*s\n", first ? label : "       ", (int)n, p);
		first = false;
		p += n;
		if (*p == '\n')
			p++;
	}
}

/* One ladder line per step: time, arrow, message, size, then the summary, wrapped onto
 * continuation lines so nothing is cut at 80 columns. */
#define LADDER_INDENT 40

void cli_print_trace(FILE *f, const struct trace *t, bool color, int width)
{
	fprintf(f, "  %s%s%s  %s  %s%s\n", color ? C_BOLD : "", t->label, color ? C_OFF : "",
		t->addr[0] ? t->addr : "-", t->sni[0] ? "SNI=" : "no SNI", t->sni);
	fprintf(f, "%s      ms     message             bytes%s\n", color ? C_DIM : "", color ? C_OFF : "");
	for (size_t i = 0; i < t->nsteps; i++) {
		const struct step *s = &t->steps[i];
		const char *arrow = s->dir == DIR_C2S ? "-->" : s->dir == DIR_S2C ? "<--" : " . ";
		bool fail = s->flags & STEP_FAIL;
		char bytes[16] = "";
		const char *p = s->summary;
		int room = width - LADDER_INDENT, first = 1;

		if (s->bytes)
			snprintf(bytes, sizeof bytes, "%u", s->bytes);
		fprintf(f, "%s%s%7.1f %s %-19s %5s  ", fail && color ? C_RED : "", fail ? "x" : " ",
			s->t_ms, arrow, s->name, bytes);
		if (room < 20)
			room = 20;
		do {
			size_t cut = strlen(p);
			if ((int)text_width(p) > room) {
				/* Break at the last space that fits. */
				size_t cols = 0, lastsp = 0, k;
				for (k = 0; p[k] && cols < (size_t)room; k++) {
					if ((p[k] & 0xc0) != 0x80)
						cols++;
					if (p[k] == ' ')
						lastsp = k;
				}
				while (p[k] && (p[k] & 0xc0) == 0x80)
					k++;
				cut = lastsp > 0 ? lastsp : k;
			}
			if (!first)
				fprintf(f, "\n%*s", LADDER_INDENT, "");
			fprintf(f, "%.*s", (int)cut, p);
			p += cut;
			while (*p == ' ')
				p++;
			first = 0;
		} while (*p);
		fprintf(f, "%s\n", fail && color ? C_OFF : "");
	}
	fprintf(f, "  => %s%s%s\n", t->outcome == OUTCOME_OK ? "" : (color ? C_RED : ""), t->reason,
		t->outcome == OUTCOME_OK || !color ? "" : C_OFF);
}

static const struct trace *trace_at(const struct report *r, int i)
{
	return i >= 0 && (size_t)i < r->ntraces ? r->traces[i] : NULL;
}

void cli_print_report(FILE *f, const struct run *run, bool color, bool verbose)
{
	const struct report *r = &run->report;
	const struct target *t = &r->target;
	const char *vc = r->verdict == VERDICT_OK ? C_GRN : r->verdict == VERDICT_WARN ? C_YEL : C_RED;
	const struct trace *shown = NULL;

	fprintf(f, "%s%-5s%s %s\n", color ? vc : "", verdict_name(r->verdict), color ? C_OFF : "", r->verdict_text);
	fprintf(f, "  target %s:%u%s%s", t->host, t->port, t->connect_to[0] ? " via " : "", t->connect_to);
	if (t->proxy[0]) {
		char px[TW_HOST_MAX + 16];
		/* Never print a proxy password. */
		const char *at = strrchr(t->proxy, '@'), *scheme = strstr(t->proxy, "://");
		snprintf(px, sizeof px, "%.*s%s", scheme ? (int)(scheme + 3 - t->proxy) : 0, t->proxy,
			 at ? at + 1 : scheme ? scheme + 3 : t->proxy);
		fprintf(f, " through proxy %s", px);
	}
	fputc('\n', f);

	/* The handshake, then the proof of the top finding if it is another attempt. */
	shown = report_find_trace(r, "default", NULL);
	if (!shown && r->ntraces)
		shown = r->traces[0];
	if (shown) {
		fputc('\n', f);
		cli_print_trace(f, shown, color, 80);
	}
	if (r->nfindings && trace_at(r, r->findings[0].trace) && trace_at(r, r->findings[0].trace) != shown &&
	    !verbose) {
		fputc('\n', f);
		cli_print_trace(f, trace_at(r, r->findings[0].trace), color, 80);
	}
	if (verbose)
		for (size_t i = 0; i < r->ntraces; i++)
			if (r->traces[i] != shown) {
				fputc('\n', f);
				cli_print_trace(f, r->traces[i], color, 80);
			}
	if (r->nfindings)
		fprintf(f, "\nFindings (%zu)\n", r->nfindings);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *fd = &r->findings[i];
		fprintf(f, "  %s%-5s%s  %s%s%s\n", color ? sev_color(fd->severity) : "",
			fd->severity == SEV_ERROR ? "ERROR" : fd->severity == SEV_WARN ? "WARN" : "INFO",
			color ? C_OFF : "", fd->title, "", "");
		fprintf(f, "         id: %s (%s)\n", fd->id, fd->section);
		if (fd->evidence[0])
			print_block(f, "proof: ", fd->evidence);
		if (fd->fix[0])
			print_block(f, "fix:   ", fd->fix);
	}
	if (r->verdict != VERDICT_OK && r->nfindings && serverconf_relevant(r)) {
		struct serverconf sc;
		char text[8192];
		int k = t->server_sw[0] ? server_kind_from_name(t->server_sw) : serverconf_detect(r);
		serverconf_build(r, k >= 0 ? (enum server_kind)k : SRV_NGINX, false, &sc);
		serverconf_text(&sc, text, sizeof text);
		fprintf(f, "\nServer configuration (%s%s)\n", sc.name, t->server_sw[0] ? "" : k >= 0 ? ", detected" :
			", not detected: --server NAME picks another");
		for (const char *p = text; *p;) {
			size_t n = strcspn(p, "\n");
			fprintf(f, "  %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	/* --sni a,b,c: what each name gets, side by side. */
	{
		bool header = false;
		for (size_t i = 0; i < r->ntraces; i++) {
			const struct trace *tr = r->traces[i];
			struct cert_info ci;
			bool first = !strcmp(tr->label, "default") && t->sni_mode == SNI_NAME && strchr(t->sni, ',');
			if (strncmp(tr->label, "SNI=", 4) && !first)
				continue;
			if (!header) {
				fprintf(f, "\nPer name\n  %-28s %-8s %-32s %s\n", "SNI", "version", "certificate", "result");
				header = true;
			}
			if (!tr->ncerts || cert_parse(tr->certs[0].data, tr->certs[0].len, &ci) < 0)
				snprintf(ci.sans, sizeof ci.sans, "-");
			fprintf(f, "  %-28.28s %-8s %-32.32s %s\n", tr->sni[0] ? tr->sni : "(none)",
				tr->neg.version_name[0] ? tr->neg.version_name : "-", ci.sans[0] ? ci.sans : ci.subject,
				tr->outcome == OUTCOME_OK ? "ok" : tr->reason);
		}
	}
	if (r->chain.n) {
		fprintf(f, "\nChain as sent (%zu), verified against %s: %s\n", r->chain.n, r->chain.trust,
			r->chain.status_text);
		for (size_t i = 0; i < r->chain.n; i++)
			fprintf(f, "  [%zu] %s\n      issuer %s; %s; %s\n", i, r->chain.certs[i].subject,
				r->chain.certs[i].issuer, r->chain.certs[i].key, r->chain.certs[i].sig);
	}
	if (r->enumerated) {
		fprintf(f, "\nSuites accepted (raw scan: %u connections, %.0f ms)\n", r->scan_conns, r->scan_ms);
		for (size_t v = 0; v < 5; v++) {
			if (!r->nsuites[v])
				continue;
			fprintf(f, "  %-7s %zu suite%s, %s order\n", tls_version_name(0x0300 + (unsigned)v), r->nsuites[v],
				r->nsuites[v] == 1 ? "" : "s", r->server_pref[v] == 1 ? "server" : r->server_pref[v] == 0 ? "client" : "one");
			if (verbose)
				for (size_t k = 0; k < r->nsuites[v]; k++) {
					const struct suite_info *si = suite_info(r->suites[v][k]);
					fprintf(f, "          %-44s %s\n", suite_name(r->suites[v][k]), si ? si->grade : "");
				}
		}
		if (r->ngroups) {
			fprintf(f, "  groups  ");
			for (size_t g = 0; g < r->ngroups; g++)
				fprintf(f, "%s%s", g ? ", " : "", group_name(r->groups[g]));
			fputc('\n', f);
		}
		if (r->nclients) {
			size_t ok = 0;
			for (size_t i = 0; i < r->nclients; i++)
				ok += r->clients[i].ok;
			fprintf(f, "Clients: %zu of %zu connect\n", ok, r->nclients);
			for (size_t i = 0; i < r->nclients; i++)
				if (verbose || !r->clients[i].ok)
					fprintf(f, "  %s %s\n", r->clients[i].ok ? "ok  " : "FAIL", r->clients[i].text);
		}
	}
	fprintf(f, "\n%zu probes in %.0f ms\n", r->ntraces, r->elapsed_ms);
}

/* ---- JSON ---- */

json_t *cli_trace_json(const struct trace *t)
{
	json_t *o = json_object(), *steps = json_array(), *neg = json_object();

	json_object_set_new(o, "label", json_string(t->label));
	json_object_set_new(o, "address", json_string(t->addr));
	json_object_set_new(o, "sni", t->sni[0] ? json_string(t->sni) : json_null());
	json_object_set_new(o, "outcome", json_string(outcome_name(t->outcome)));
	json_object_set_new(o, "reason", json_string(t->reason));
	if (t->tls_error)
		json_object_set_new(o, "tls_error", json_string(t->tls_error_name));
	if (t->alert >= 0)
		json_object_set_new(o, "alert", json_integer(t->alert));
	if (t->banner != BANNER_NONE)
		json_object_set_new(o, "banner", json_string(banner_name(t->banner)));
	if (t->first_text[0] && t->outcome == OUTCOME_NOT_TLS)
		json_object_set_new(o, "first_bytes", json_string(t->first_text));
	if (t->neg.version) {
		json_object_set_new(neg, "version", json_string(t->neg.version_name));
		json_object_set_new(neg, "suite", json_string(t->neg.suite_name));
		if (t->neg.group[0])
			json_object_set_new(neg, "group", json_string(t->neg.group));
		if (t->neg.sigalg[0])
			json_object_set_new(neg, "sigalg", json_string(t->neg.sigalg));
		if (t->neg.alpn[0])
			json_object_set_new(neg, "alpn", json_string(t->neg.alpn));
		if (t->neg.dh_bits)
			json_object_set_new(neg, "dh_bits", json_integer(t->neg.dh_bits));
	}
	json_object_set_new(o, "negotiated", neg);
	for (size_t i = 0; i < t->nsteps; i++) {
		const struct step *s = &t->steps[i];
		static const char *const dirs[] = { "c2s", "s2c", "local" };
		static const char *const layers[] = { "dns", "tcp", "record", "handshake", "alert", "app" };
		json_t *js = json_pack("{s:f, s:s, s:s, s:s, s:i, s:s}", "t_ms", s->t_ms, "dir", dirs[s->dir],
				       "layer", layers[s->layer], "name", s->name, "bytes", (int)s->bytes,
				       "summary", s->summary);
		if (s->flags & STEP_FAIL)
			json_object_set_new(js, "fail", json_true());
		if (s->flags & STEP_ENCRYPTED)
			json_object_set_new(js, "encrypted", json_true());
		json_array_append_new(steps, js);
	}
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "certificates", json_integer((json_int_t)t->ncerts));
	json_object_set_new(o, "timing", json_pack("{s:f, s:f, s:f, s:f}", "dns_ms", t->dns_ms, "connect_ms",
						   t->connect_ms, "handshake_ms", t->handshake_ms, "total_ms", t->total_ms));
	return o;
}

static json_t *versions_json(const struct report *r)
{
	static const char *const labels[][2] = { { "TLS1.0 only", "TLS1.0" }, { "TLS1.1 only", "TLS1.1" },
						  { "TLS1.2 only", "TLS1.2" }, { "TLS1.3 only", "TLS1.3" } };
	json_t *o = json_object();
	for (size_t i = 0; i < 4; i++) {
		const struct trace *t = report_find_trace(r, labels[i][0], NULL);
		if (t)
			json_object_set_new(o, labels[i][1], json_boolean(t->server_hello_seen &&
				strcmp(t->neg.version_name, labels[i][1]) == 0));
	}
	return o;
}

static char *report_json(const struct run *run, bool compact)
{
	const struct report *r = &run->report;
	const struct target *t = &r->target;
	json_t *root = json_object(), *fa = json_array(), *ta = json_array(), *ca = json_array(), *steps = json_array();
	const struct trace *def = report_find_trace(r, "default", NULL);
	char *s;

	json_object_set_new(root, "tool", json_string("tlswiz"));
	json_object_set_new(root, "version", json_string(TLSWIZ_VERSION));
	json_object_set_new(root, "target", json_pack("{s:s, s:i, s:s?, s:s?, s:s?, s:i}", "host", t->host,
		"port", (int)t->port, "sni", def && def->sni[0] ? def->sni : NULL,
		"connect_to", t->connect_to[0] ? t->connect_to : NULL, "cafile", t->cafile[0] ? t->cafile : NULL,
		"timeout_ms", t->timeout_ms));
	json_object_set_new(root, "verdict", json_pack("{s:s, s:s, s:i}", "status", verdict_name(r->verdict),
		"text", r->verdict_text, "exit", report_exit_status(r)));
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		json_t *jf = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", f->id, "area", f->area,
			"severity", severity_name(f->severity), "title", f->title, "evidence", f->evidence,
			"fix", f->fix, "section", f->section);
		json_object_set_new(jf, "trace", f->trace >= 0 ? json_integer(f->trace) : json_null());
		json_object_set_new(jf, "step", f->step >= 0 ? json_integer(f->step) : json_null());
		json_array_append_new(fa, jf);
	}
	json_object_set_new(root, "findings", fa);
	for (size_t i = 0; i < r->ntraces; i++)
		json_array_append_new(ta, cli_trace_json(r->traces[i]));
	json_object_set_new(root, "traces", ta);
	for (size_t i = 0; i < r->chain.n; i++) {
		const struct cert_info *c = &r->chain.certs[i];
		json_array_append_new(ca, json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:b, s:b, s:s}",
			"subject", c->subject, "issuer", c->issuer, "sans", c->sans,
			"not_before", (json_int_t)c->not_before, "not_after", (json_int_t)c->not_after,
			"key", c->key, "signature", c->sig, "ca", c->is_ca, "self_signed", c->self_signed,
			"sha256", c->sha256));
	}
	json_object_set_new(root, "chain", ca);
	json_object_set_new(root, "chain_status", r->chain.verified ?
		json_pack("{s:s, s:i, s:s}", "trust", r->chain.trust, "status", (int)r->chain.status,
			  "text", r->chain.status_text) : json_null());
	json_object_set_new(root, "versions", versions_json(r));
	{
		json_t *names = json_array();
		for (size_t i = 0; i < r->ntraces; i++) {
			const struct trace *tr = r->traces[i];
			struct cert_info ci;
			if (strncmp(tr->label, "SNI=", 4) && !(!strcmp(tr->label, "default") && t->sni_mode == SNI_NAME &&
								strchr(t->sni, ',')))
				continue;
			if (!tr->ncerts || cert_parse(tr->certs[0].data, tr->certs[0].len, &ci) < 0)
				memset(&ci, 0, sizeof ci);
			json_array_append_new(names, json_pack("{s:s, s:s, s:s, s:s, s:s}", "sni", tr->sni,
				"outcome", outcome_name(tr->outcome), "version", tr->neg.version_name,
				"certificate_names", ci.sans[0] ? ci.sans : ci.subject, "reason", tr->reason));
		}
		json_object_set_new(root, "sni_names", names);
	}
	{
		json_t *ciphers = json_pack("{s:s?}", "negotiated", def && def->neg.suite_name[0] ? def->neg.suite_name : NULL);
		if (r->enumerated) {
			json_t *en = json_object(), *cl = json_array();
			for (size_t v = 0; v < 5; v++) {
				json_t *list = json_array();
				for (size_t k = 0; k < r->nsuites[v]; k++) {
					const struct suite_info *si = suite_info(r->suites[v][k]);
					json_array_append_new(list, json_pack("{s:s, s:s?, s:s?}", "iana", suite_name(r->suites[v][k]),
						"openssl", si ? si->openssl : NULL, "grade", si ? si->grade : NULL));
				}
				json_object_set_new(en, tls_version_name(0x0300 + (unsigned)v), json_pack("{s:b, s:o, s:s}",
					"accepted", r->version_ok[v], "suites", list, "order",
					r->server_pref[v] == 1 ? "server" : r->server_pref[v] == 0 ? "client" : "unknown"));
			}
			json_object_set_new(ciphers, "enumeration", en);
			{
				json_t *g = json_array();
				for (size_t i = 0; i < r->ngroups; i++)
					json_array_append_new(g, json_string(group_name(r->groups[i])));
				json_object_set_new(ciphers, "groups", g);
			}
			json_object_set_new(ciphers, "connections", json_integer(r->scan_conns));
			json_object_set_new(ciphers, "scan_ms", json_real(r->scan_ms));
			for (size_t i = 0; i < r->nclients; i++)
				json_array_append_new(cl, json_pack("{s:s, s:b, s:s}", "client", r->clients[i].name,
								    "ok", r->clients[i].ok, "result", r->clients[i].text));
			json_object_set_new(root, "clients", cl);
		}
		json_object_set_new(root, "ciphers", ciphers);
	}
	for (size_t i = 0; i < run->nsteps; i++)
		json_array_append_new(steps, json_pack("{s:s, s:s, s:s, s:s, s:f, s:f, s:i}", "wizard", run->steps[i].w->name,
			"step", run->steps[i].s->title, "state", step_state_name(run->steps[i].state),
			"note", run->steps[i].note, "start_ms", run->steps[i].t_start,
			"ms", run->steps[i].t_end > run->steps[i].t_start ? run->steps[i].t_end - run->steps[i].t_start : 0.0,
			"connections", run->steps[i].ntraces > 0 ? run->steps[i].ntraces : 0));
	json_object_set_new(root, "steps", steps);
	{
		json_t *cfg = json_array();
		int k = serverconf_detect(r);
		/* Nothing to configure when no finding is a configuration one (nothing listens...). */
		for (int kind = 0; kind < SRV__COUNT && serverconf_relevant(r); kind++) {
			struct serverconf sc;
			char text[8192];
			json_t *ls = json_array();
			serverconf_build(r, (enum server_kind)kind, false, &sc);
			serverconf_text(&sc, text, sizeof text);
			for (size_t i = 0; i < sc.n; i++)
				json_array_append_new(ls, json_pack("{s:s, s:s?}", "line", sc.lines[i].text,
								    "fixes", sc.lines[i].fixes[0] ? sc.lines[i].fixes : NULL));
			json_array_append_new(cfg, json_pack("{s:s, s:b, s:s, s:s, s:o}", "server", sc.name,
				"detected", kind == k, "profile", "intermediate", "text", text, "lines", ls));
		}
		json_object_set_new(root, "config", cfg);
	}
	json_object_set_new(root, "timing", json_pack("{s:f}", "elapsed_ms", r->elapsed_ms));
	s = json_dumps(root, compact ? JSON_COMPACT | JSON_PRESERVE_ORDER : JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}

char *cli_report_json(const struct run *run)
{
	return report_json(run, false);
}

char *cli_report_json_line(const struct run *run)
{
	return report_json(run, true);
}
