/* cli.c — the command line: options into a struct cli_opts (the target through
 * target.c), and the usage text. Rendering is render_text.c's and render_json.c's. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cert.h"
#include "cli.h"
#include "clients.h"
#include "serverconf.h"
#include "target.h"
#include "text.h"

enum { OPT_SNI = 256, OPT_NO_SNI, OPT_CONNECT_TO, OPT_CAFILE, OPT_CERT, OPT_KEY, OPT_STARTTLS,
       OPT_PROXY, OPT_TIMEOUT, OPT_WRITE_CHAIN, OPT_SERVER, OPT_JSON, OPT_MARKDOWN, OPT_NO_COLOR, OPT_ASCII, OPT_LAB, OPT_HOSTILE, OPT_CLIENT,
       OPT_TARGETS, OPT_JOBS, OPT_NO_FETCH };

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
	{ "no-fetch", no_argument, NULL, OPT_NO_FETCH },
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
	/* getopt is reset with optind = 0 (a full re-initialisation: glibc keeps state
	 * between calls, e.g. inside "-rf"), so it must see argv[first - 1] as its argv[0]. */
	int ac = argc - (first - 1);
	char **av = argv + (first - 1);
	int c;

	memset(o, 0, sizeof *o);
	target_defaults(t);
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		o->no_color = true;
	if (getenv("https_proxy"))
		snprintf(t->proxy, sizeof t->proxy, "%s", getenv("https_proxy"));
	else if (getenv("HTTPS_PROXY"))
		snprintf(t->proxy, sizeof t->proxy, "%s", getenv("HTTPS_PROXY"));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(ac, av, "46v", long_opts, NULL)) != -1) {
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
			if (cert_cafile_check(optarg, err, errlen) < 0)
				return -1;
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
			if (end == optarg || *end || !(s > 0) || s > 600) {
				snprintf(err, errlen, "--timeout wants seconds, more than 0 and at most 600 (e.g. 0.5 or 10)");
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
		case OPT_NO_FETCH: t->no_fetch = true; break;
		default: {
			/* '?': optopt is the unknown short option's letter, 0 for an unknown
			 * long option, a long option's value when its argument is missing. */
			char clean[128] = "?";
			if (optopt > 0 && optopt < 256)
				snprintf(clean, sizeof clean, "-%c", optopt > 0x20 && optopt < 0x7f ? optopt : '?');
			else if (optind > 0 && optind <= ac)
				text_sanitize_str(clean, sizeof clean, av[optind - 1]);
			if (optopt >= 256)
				snprintf(err, errlen, "option %s needs a value", clean);
			else
				snprintf(err, errlen, "unknown option %s", clean);
			return -1;
		}
		}
	}
	if (optind < ac) {
		if (target_parse_hostport(av[optind], t->host, sizeof t->host, &t->port) < 0) {
			char clean[128];
			text_sanitize_str(clean, sizeof clean, av[optind]);
			snprintf(err, errlen, "cannot read target \"%.100s\" (want HOST[:PORT], PORT 1-65535)", clean);
			return -1;
		}
		o->have_target = true;
		optind++;
	}
	if (optind < ac) {
		char clean[128];
		text_sanitize_str(clean, sizeof clean, av[optind]);
		snprintf(err, errlen, "unexpected argument \"%.100s\"", clean);
		return -1;
	}
	/* before anything runs: the CLI and the TUI check the same way */
	return target_validate(t, err, errlen);
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
	      "         --no-fetch (fetch no AIA issuer, OCSP or CRL that a certificate points at)\n"
	      "         --server nginx|apache|haproxy|postfix|dovecot|lighttpd (configuration to print)\n"
	      "         --json  --markdown  --no-color  --ascii  -v  --version  --help\n"
	      "batch:   tlswiz diagnose --targets FILE [--jobs N] [--json]  (one target a line)\n"
	      "exit status: 0 no problem, 1 warnings, 2 errors, 3 could not run\n", f);
}
