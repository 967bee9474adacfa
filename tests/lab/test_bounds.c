/* test_bounds.c — issue 23: every read has a deadline and a byte budget. Small raw servers
 * on 127.0.0.1 (ephemeral ports, one thread each) send a greeting or a proxy status line
 * that never ends; tlswiz must stop within its --timeout with a message naming the cap. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>

#include "../tw_test.h"
#include "cert.h"
#include "cli.h"
#include "text.h"
#include "trace.h"

/* ---- an endless talker: sends prefix, then filler bytes until the peer goes away ---- */

struct endless {
	int lfd;
	unsigned short port;
	const char *prefix;
	size_t prefix_len;	/* 0: strlen(prefix) */
	size_t limit;		/* filler bytes, then close; 0: 64 MiB */
	char filler;
	volatile int stop;
	pthread_t th;
};

static void *endless_main(void *arg)
{
	struct endless *e = arg;
	char buf[4096];

	memset(buf, e->filler, sizeof buf);
	while (!__atomic_load_n(&e->stop, __ATOMIC_ACQUIRE)) {
		struct pollfd p = { .fd = e->lfd, .events = POLLIN };
		int c;
		if (poll(&p, 1, 100) <= 0)
			continue;
		c = accept(e->lfd, NULL, NULL);
		if (c < 0)
			continue;
		if (e->limit) {
			char req[4096];
			(void)!recv(c, req, sizeof req, 0);	/* the ClientHello, then the reply */
		}
		if (send(c, e->prefix, e->prefix_len ? e->prefix_len : strlen(e->prefix), MSG_NOSIGNAL) >= 0) {
			/* at most 64 MiB: far past any cap, and the test still ends if tlswiz
			 * had none */
			size_t left = e->limit ? e->limit : (size_t)64 << 20;
			while (left && !__atomic_load_n(&e->stop, __ATOMIC_ACQUIRE)) {
				size_t k = left < sizeof buf ? left : sizeof buf;
				if (send(c, buf, k, MSG_NOSIGNAL) < 0)
					break;
				left -= k;
			}
		}
		close(c);
	}
	return NULL;
}

static struct endless *endless_start_n(const char *prefix, size_t plen, size_t limit, char filler)
{
	struct endless *e = calloc(1, sizeof *e);
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof a;
	int one = 1;

	ck_assert_ptr_nonnull(e);
	e->prefix = prefix;
	e->prefix_len = plen;
	e->limit = limit;
	e->filler = filler;
	e->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(e->lfd, 0);
	setsockopt(e->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(e->lfd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(e->lfd, 16), 0);
	ck_assert_int_eq(getsockname(e->lfd, (struct sockaddr *)&a, &l), 0);
	e->port = ntohs(a.sin_port);
	ck_assert_int_eq(pthread_create(&e->th, NULL, endless_main, e), 0);
	return e;
}

static struct endless *endless_start(const char *prefix, char filler)
{
	return endless_start_n(prefix, 0, 0, filler);
}

static void endless_stop(struct endless *e)
{
	__atomic_store_n(&e->stop, 1, __ATOMIC_RELEASE);
	pthread_join(e->th, NULL);
	close(e->lfd);
	free(e);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run cmd; the wall time goes to *secs. */
static int timed_run(const char *cmd, char *out, size_t cap, double *secs)
{
	double a = now_s();
	int st = tw_run(cmd, out, cap, 60);
	*secs = now_s() - a;
	return st;
}

static const struct {
	const char *proto, *prefix;
} greetings[] = {
	{ "smtp", "220-" }, { "imap", "* OK " }, { "pop3", "+OK " }, { "ftp", "220-" },
};

START_TEST(an_endless_starttls_greeting_ends_at_the_line_cap)
{
	static char out[1 << 16];
	for (size_t i = 0; i < sizeof greetings / sizeof greetings[0]; i++) {
		struct endless *e = endless_start(greetings[i].prefix, 'A');
		char cmd[512];
		double secs;
		int st;

		snprintf(cmd, sizeof cmd, "%s wizard versions --no-color --timeout 2 --starttls %s 127.0.0.1:%u",
			 tw_bin(), greetings[i].proto, e->port);
		st = timed_run(cmd, out, sizeof out, &secs);
		endless_stop(e);
		ck_assert_msg(st == 2, "%s: exit %d\n%.600s", greetings[i].proto, st, out);
		ck_assert_msg(strstr(out, "longer than 8192 bytes (cap)") != NULL, "%s: the cap is not named:\n%.800s",
			      greetings[i].proto, out);
		/* before issue 23: 54 s wall at --timeout 2 */
		ck_assert_msg(secs < 5, "%s: took %.1f s at --timeout 2", greetings[i].proto, secs);
	}
}
END_TEST

START_TEST(an_endless_proxy_status_line_ends_at_the_line_cap)
{
	static char out[1 << 16];
	struct endless *e = endless_start("HTTP/1.1 200 ", 'B');
	char cmd[512];
	double secs;
	int st;

	snprintf(cmd, sizeof cmd, "%s wizard versions --no-color --timeout 2 --proxy http://127.0.0.1:%u shop.tlswiz.test:443",
		 tw_bin(), e->port);
	st = timed_run(cmd, out, sizeof out, &secs);
	endless_stop(e);
	ck_assert_msg(st == 2, "exit %d\n%.600s", st, out);
	ck_assert_msg(strstr(out, "status line is longer than 8192 bytes (cap)") != NULL, "the cap is not named:\n%.800s",
		      out);
	/* before issue 23: 40 s */
	ck_assert_msg(secs < 5, "took %.1f s at --timeout 2", secs);
}
END_TEST

START_TEST(endless_proxy_headers_end_at_the_line_cap)
{
	static char out[1 << 16];
	struct endless *e = endless_start("HTTP/1.1 200 Connection established\r\nX-Filler: ", 'C');
	char cmd[512];
	double secs;
	int st;

	snprintf(cmd, sizeof cmd, "%s wizard versions --no-color --timeout 2 --proxy http://127.0.0.1:%u shop.tlswiz.test:443",
		 tw_bin(), e->port);
	st = timed_run(cmd, out, sizeof out, &secs);
	endless_stop(e);
	ck_assert_msg(st == 2, "exit %d\n%.600s", st, out);
	ck_assert_msg(strstr(out, "header line of the proxy's reply is longer than 8192 bytes (cap)") != NULL,
		      "the cap is not named:\n%.800s", out);
	ck_assert_msg(secs < 5, "took %.1f s at --timeout 2", secs);
}
END_TEST

START_TEST(a_16_kib_garbage_record_is_a_tls_error_not_a_close)
{
	static char out[1 << 16];
	/* a Handshake record header claiming 16384 bytes, then 16384 bytes of garbage, then FIN */
	struct endless *e = endless_start_n("\x16\x03\x03\x40\x00", 5, 16384, 'G');
	char cmd[512];
	int st;

	snprintf(cmd, sizeof cmd, "%s wizard firewall --json --timeout 2 127.0.0.1:%u", tw_bin(), e->port);
	st = tw_run(cmd, out, sizeof out, 30);
	endless_stop(e);
	ck_assert_int_eq(st, 2);
	/* before: net.closed, "closes the connection after the ClientHello" */
	ck_assert_msg(!strstr(out, "net.closed") && strstr(out, "tls.error"), "%.1500s", out);
	ck_assert_msg(strstr(out, "16389 bytes in 1 TLS record that hold no valid handshake message") != NULL, "%.1500s", out);
}
END_TEST

/* ---- batch mode ---- */

/* A port with nothing listening: bound, then closed. */
static unsigned short closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	getsockname(fd, (struct sockaddr *)&a, &l);
	close(fd);
	return ntohs(a.sin_port);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static FILE *targets_file(char *path)
{
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	return fdopen(fd, "w");
}

START_TEST(a_bad_batch_line_does_not_spoil_the_lines_after_it)
{
	static char out[1 << 16];
	char path[] = "/tmp/tw-targets-XXXXXX", cmd[512];
	unsigned short p = closed_port();
	FILE *f = targets_file(path);
	int st;

	/* before: optind = first left getopt mid-cluster after "-rf": every later line failed */
	fprintf(f, "-rf 127.0.0.1:%u\n127.0.0.1:%u\n--timeout 0 127.0.0.1:%u\n127.0.0.1:%u\n", p, p, p, p);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s diagnose --json --timeout 2 --jobs 1 --targets %s", tw_bin(), path);
	st = tw_run(cmd, out, sizeof out, 30);
	ck_assert_msg(count(out, "\"net.refused\"") >= 2, "the good lines did not run:\n%.2000s", out);
	ck_assert_msg(strstr(out, "unknown option -r") != NULL, "no error for -rf:\n%.2000s", out);
	ck_assert_msg(strstr(out, "more than 0 and at most 600") != NULL, "no error for --timeout 0:\n%.2000s", out);
	/* the worst line decides, in any order: two could not run (3) */
	ck_assert_int_eq(st, 3);
	unlink(path);
}
END_TEST

START_TEST(the_batch_exit_status_does_not_depend_on_line_order)
{
	static char out[1 << 16];
	char path[] = "/tmp/tw-targets-XXXXXX", cmd[512];
	unsigned short p = closed_port();
	int st[2];

	for (int order = 0; order < 2; order++) {
		FILE *f = targets_file(path);
		if (order == 0)
			fprintf(f, "--bogus\n127.0.0.1:%u\n", p);
		else
			fprintf(f, "127.0.0.1:%u\n--bogus\n", p);
		fclose(f);
		snprintf(cmd, sizeof cmd, "%s diagnose --timeout 2 --jobs 1 --targets %s", tw_bin(), path);
		st[order] = tw_run(cmd, out, sizeof out, 30);
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
	ck_assert_int_eq(st[0], st[1]);
	ck_assert_int_eq(st[0], 3);
}
END_TEST

START_TEST(an_overlong_batch_line_is_one_refused_line)
{
	static char out[1 << 16];
	char path[] = "/tmp/tw-targets-XXXXXX", cmd[512];
	unsigned short p = closed_port();
	FILE *f = targets_file(path);
	int st;

	fprintf(f, "127.0.0.1:%u --sni ", p);
	for (int i = 0; i < 1500; i++)
		fputc('a', f);
	fprintf(f, "\n");
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s diagnose --no-color --timeout 2 --targets %s", tw_bin(), path);
	st = tw_run(cmd, out, sizeof out, 30);
	/* before: the line was split in two targets at byte 1023 */
	ck_assert_msg(strstr(out, "longer than 1023 bytes (cap)") != NULL, "no cap named:\n%.2000s", out);
	ck_assert_msg(count(out, "\n1 ") == 1 && !strstr(out, "\n2 "), "not exactly one row for line 1:\n%.2000s", out);
	ck_assert_int_eq(st, 3);
	unlink(path);
}
END_TEST

START_TEST(the_ten_thousand_and_first_target_is_named_not_dropped)
{
	static char out[1 << 20];
	char path[] = "/tmp/tw-targets-XXXXXX", cmd[512];
	FILE *f = targets_file(path);
	int st;

	/* lines that fail in the parser cost nothing to "run" */
	for (int i = 0; i < 10001; i++)
		fprintf(f, "--bogus%d\n", i);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s diagnose --json --targets %s", tw_bin(), path);
	st = tw_run(cmd, out, sizeof out, 60);
	ck_assert_int_eq(st, 3);
	ck_assert_int_eq(count(out, "\"line\":"), 10000);
	ck_assert_msg(strstr(tw_stderr(), "more than 10000 targets (cap): line 10001") != NULL, "stderr: %.500s",
		      tw_stderr());
	unlink(path);
}
END_TEST

START_TEST(control_bytes_in_a_local_target_never_reach_the_output)
{
	static char out[1 << 16];
	char path[] = "/tmp/tw-targets-XXXXXX", cmd[512];
	FILE *f = targets_file(path);
	int st;

	fprintf(f, "evil\033]0;pwned\007\xe2\x80\xae.tlswiz.test:443\n");
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s diagnose --no-color --timeout 2 --targets %s", tw_bin(), path);
	st = tw_run(cmd, out, sizeof out, 30);
	ck_assert_int_eq(st, 3);
	ck_assert_msg(!strchr(out, '\033') && !strchr(out, '\007') && !strstr(out, "\xe2\x80\xae"),
		      "a raw control byte reached the batch table");
	ck_assert_msg(strstr(out, "control or invisible characters") != NULL, "%.1000s", out);
	/* and on the command line */
	snprintf(cmd, sizeof cmd, "%s diagnose --timeout 2 'evil\033[2J\xe2\x80\xae.tlswiz.test' 2>&1", tw_bin());
	st = tw_run(cmd, out, sizeof out, 30);
	ck_assert_int_eq(st, 3);
	ck_assert_msg(!strchr(out, '\033') && !strstr(out, "\xe2\x80\xae"), "a raw control byte reached stderr");
	ck_assert_msg(strstr(out, "evil\\x1B[2J") != NULL, "the name is not shown escaped: %.500s", out);
	unlink(path);
}
END_TEST

/* ---- local inputs ---- */

START_TEST(a_bad_or_huge_ca_file_is_refused_with_its_reason)
{
	static const struct {
		const char *content;	/* NULL: path is used as is */
		const char *path, *words;
	} cases[] = {
		{ NULL, "/dev/zero", "is not a regular file (a device, pipe or socket)" },
		{ NULL, "/tmp", "is not a regular file (a directory)" },
		{ "", NULL, "holds no certificate" },
		{ "garbage, not a certificate\n", NULL, "holds no certificate" },
		{ "big", NULL, "is larger than 8 MiB (cap)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[] = "/tmp/tw-ca-XXXXXX", cmd[512], out[4096];
		const char *p = cases[i].path;
		double secs;
		int st;

		if (!p) {
			int fd = mkstemp(path);
			ck_assert_int_ge(fd, 0);
			if (!strcmp(cases[i].content, "big"))
				ck_assert_int_eq(ftruncate(fd, (9 << 20)), 0);	/* sparse: costs nothing */
			else
				ck_assert_int_eq(write(fd, cases[i].content, strlen(cases[i].content)),
						 (ssize_t)strlen(cases[i].content));
			close(fd);
			p = path;
		}
		/* before: /dev/zero grew to 24 GB; the others ran and said chain.incomplete */
		snprintf(cmd, sizeof cmd, "%s diagnose --timeout 2 --cafile %s 127.0.0.1:%u 2>&1", tw_bin(), p, 1);
		st = timed_run(cmd, out, sizeof out, &secs);
		if (!cases[i].path)
			unlink(path);
		ck_assert_msg(st == 3, "%s: exit %d\n%.400s", cases[i].words, st, out);
		ck_assert_msg(strstr(out, cases[i].words) != NULL, "want \"%s\" in:\n%.400s", cases[i].words, out);
		ck_assert_msg(secs < 5, "%s: %.1f s", cases[i].words, secs);
	}
}
END_TEST

START_TEST(one_endless_line_on_explain_stdin_is_cut_at_the_cap)
{
	static char out[1 << 16];
	char cmd[512];
	int st;

	/* before: one endless line was buffered whole (1 GiB in, 2.1 GB RSS) */
	snprintf(cmd, sizeof cmd, "(printf 'x509: certificate signed by unknown authority '; "
		 "head -c 4000000 /dev/zero | tr '\\000' a) | %s explain - 2>&1", tw_bin());
	st = tw_run(cmd, out, sizeof out, 30);
	ck_assert_msg(strstr(out, "1 line longer than 64 KiB (cap)") != NULL, "no cap named:\n%.500s", out);
	ck_assert_msg(strstr(out, "unknown authority") != NULL || strstr(out, "trust") != NULL,
		      "the message was not explained:\n%.500s", out);
	ck_assert_int_eq(st, 0);
}
END_TEST

/* ---- odd but harmless servers: python3's ssl module on 127.0.0.1, a certificate with
 * only an IP subjectAltName, and a Date header from 1970 ---- */

static const char py_server[] =
	"import socket, ssl, sys, threading\n"
	"ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
	"ctx.load_cert_chain(sys.argv[1], sys.argv[2])\n"
	"ctx.set_alpn_protocols(['http/1.1'])\n"
	"s = socket.socket()\n"
	"s.bind(('127.0.0.1', 0))\n"
	"s.listen(64)\n"
	"print(s.getsockname()[1], flush=True)\n"
	"def serve(c):\n"
	"    try:\n"
	"        c.settimeout(5)\n"
	"        t = ctx.wrap_socket(c, server_side=True)\n"
	"        d = b''\n"
	"        while b'\\r\\n\\r\\n' not in d:\n"
	"            x = t.recv(4096)\n"
	"            if not x: break\n"
	"            d += x\n"
	"        t.sendall(b'HTTP/1.1 200 OK\\r\\nDate: Thu, 01 Jan 1970 00:00:00 GMT\\r\\nContent-Length: 0\\r\\n\\r\\n')\n"
	"        t.close()\n"
	"    except Exception:\n"
	"        pass\n"
	"while True:\n"
	"    c, _ = s.accept()\n"
	"    threading.Thread(target=serve, args=(c,), daemon=True).start()\n";

struct pysrv {
	char dir[64];
	pid_t pid;
	unsigned short port;
};

static bool pysrv_start(struct pysrv *p)
{
	char cmd[1024], srv[96], crt[96], key[96], line[32];
	FILE *f;
	int fd[2];
	ssize_t n;

	snprintf(p->dir, sizeof p->dir, "/tmp/tw-pysrv-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(p->dir));
	snprintf(srv, sizeof srv, "%s/srv.py", p->dir);
	snprintf(crt, sizeof crt, "%s/c.pem", p->dir);
	snprintf(key, sizeof key, "%s/k.pem", p->dir);
	f = fopen(srv, "w");
	ck_assert_ptr_nonnull(f);
	fputs(py_server, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "cd %s && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
		 "-keyout k.pem -out c.pem -subj /CN=ip-only -days 90 -addext subjectAltName=IP:127.0.0.1 "
		 "-addext basicConstraints=critical,CA:FALSE -addext extendedKeyUsage=serverAuth >/dev/null 2>&1", p->dir);
	if (system(cmd) != 0 || pipe(fd) != 0)
		return false;
	p->pid = fork();
	if (p->pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		execlp("python3", "python3", srv, crt, key, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	n = read(fd[0], line, sizeof line - 1);	/* the port, one line */
	close(fd[0]);
	if (n <= 0)
		return false;
	line[n] = '\0';
	p->port = (unsigned short)atoi(line);
	return p->port != 0;
}

static void pysrv_stop(struct pysrv *p)
{
	char cmd[128];
	if (p->pid > 0) {
		kill(p->pid, SIGTERM);
		waitpid(p->pid, NULL, 0);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", p->dir);
	(void)!system(cmd);
}

START_TEST(a_healthy_server_diagnosed_by_ip_address_passes_its_name_checks)
{
	static char out[1 << 18];
	struct pysrv p = { 0 };
	char cmd[512];

	TW_SKIP_UNLESS(system("command -v python3 >/dev/null && command -v openssl >/dev/null") == 0,
		       "python3 or openssl is not installed");
	ck_assert_msg(pysrv_start(&p), "the python3 TLS server did not start");
	snprintf(cmd, sizeof cmd, "%s diagnose --json --timeout 3 --cafile %s/c.pem 127.0.0.1:%u", tw_bin(), p.dir, p.port);
	tw_run(cmd, out, sizeof out, 60);
	pysrv_stop(&p);
	ck_assert_msg(strstr(out, "\"findings\"") != NULL, "no report:\n%.800s", out);
	/* before: "the server has no certificate for (none)" (sni.unknown_name) */
	ck_assert_msg(!strstr(out, "sni.unknown_name") && !strstr(out, "certificate for (none)"), "a false name failure:\n%.3000s", out);
	ck_assert_msg(!strstr(out, "cert.name_mismatch"), "a false mismatch:\n%.3000s", out);
	/* the positive control: the Date of 1970 is seen and judged (before: skipped as "no Date") */
	ck_assert_msg(strstr(out, "cert.clock_skew") != NULL, "the 1970 Date header was not judged:\n%.3000s", out);
}
END_TEST

START_TEST(a_201_certificate_chain_is_too_long_not_incomplete)
{
	char dir[] = "/tmp/tw-chain-XXXXXX", cmd[512], path[96];
	unsigned char der[4096];
	struct trace *t = trace_new("default");
	char detail[256];
	size_t n;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cmd, sizeof cmd, "cd %s && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
		 "-keyout k.pem -outform DER -out c.der -subj /CN=chain-link -days 30 >/dev/null 2>&1", dir);
	TW_SKIP_UNLESS(system(cmd) == 0, "openssl is not installed");
	snprintf(path, sizeof path, "%s/c.der", dir);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	n = fread(der, 1, sizeof der, f);
	fclose(f);
	for (int i = 0; i < 201; i++)
		trace_add_cert(t, der, n);
	/* before: "the issuer of the last certificate sent is neither sent nor in the trust store" */
	ck_assert_int_eq(cert_chain_shape(t, "", detail, sizeof detail), CHAIN_TOO_LONG);
	ck_assert_msg(strstr(detail, "sent 201 certificates") != NULL, "%s", detail);
	trace_free(t);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	(void)!system(cmd);
}
END_TEST

START_TEST(a_cut_never_leaves_half_a_character)
{
	char s1[] = "abc\xe2\x80", s2[] = "abc\xe2\x80\xa6", s3[] = "a\xff b", s4[] = "x\xf0\x9f\x98";
	char out[64];

	ck_assert_uint_eq(text_utf8_trim(s1), 3);
	ck_assert_str_eq(s1, "abc");
	ck_assert_uint_eq(text_utf8_trim(s2), 6);	/* whole: kept */
	ck_assert_uint_eq(text_utf8_trim(s3), 4);	/* invalid inside is not a cut */
	ck_assert_uint_eq(text_utf8_trim(s4), 1);
	ck_assert_uint_eq(text_fit(out, sizeof out, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e" "abc", 5), 4);
	ck_assert_str_eq(out, "\xe6\x97\xa5\xe6\x9c\xac");
	ck_assert_uint_eq(text_fit(out, sizeof out, "a\xc3\xa9z", 2), 2);
	ck_assert_str_eq(out, "a\xc3\xa9");
	ck_assert_uint_eq(text_fit(out, 3, "a\xc3\xa9z", 9), 1);	/* bytes run out first */
	ck_assert_str_eq(out, "a");
}
END_TEST

START_TEST(the_batch_table_cuts_a_long_name_between_characters)
{
	static char out[1 << 16];
	char path[] = "/tmp/tw-targets-XXXXXX", cmd[512];
	FILE *f = targets_file(path);

	/* "x" and 40 two-byte characters: %.36s would cut the 18th in half */
	fputs("x", f);
	for (int i = 0; i < 40; i++)
		fputs("\xc3\xa9", f);
	fputs(".invalid:443\n", f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s diagnose --no-color --timeout 2 --targets %s", tw_bin(), path);
	tw_run(cmd, out, sizeof out, 30);
	unlink(path);
	ck_assert_msg(strstr(out, "\xc3\xa9\xc3\xa9") != NULL, "the name is not in the table:\n%s", out);
	for (char *save = NULL, *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		ck_assert_msg(text_is_clean(l), "a row is not clean UTF-8: %s", l);
}
END_TEST

START_TEST(no_fetch_reaches_the_target)
{
	struct cli_opts o;
	char err[256];
	char *argv[] = { "diagnose", "--no-fetch", "x.tlswiz.test", NULL };
	char *again[] = { "diagnose", "x.tlswiz.test", NULL };

	ck_assert_int_eq(cli_parse(3, argv, 1, &o, err, sizeof err), 0);
	ck_assert(o.target.no_fetch);
	ck_assert_int_eq(cli_parse(2, again, 1, &o, err, sizeof err), 0);
	ck_assert(!o.target.no_fetch);
}
END_TEST

START_TEST(option_parsing_is_fresh_every_time)
{
	/* batch mode parses line after line in one process: a line that leaves getopt inside
	 * a cluster ("-rf") must not spoil the next one (before: every later line failed, and
	 * a fuzzer reached a SEGV in getopt) */
	static const char *const lines[][5] = {
		{ "-rf", "a.tlswiz.test", NULL }, { "-4v6", "b.tlswiz.test", NULL },
		{ "-v", "--", "c.tlswiz.test", NULL }, { "-4", "-", NULL }, { "--timeout", NULL },
		{ "-44444444", "-vrx", "d.tlswiz.test", NULL },
	};
	struct cli_opts o;
	char err[256];

	for (int round = 0; round < 200; round++)
		for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
			char *argv[8] = { "diagnose" };
			int n = 1;
			for (const char *const *a = lines[i]; *a; a++)
				argv[n++] = (char *)*a;
			argv[n] = NULL;
			(void)cli_parse(n, argv, 1, &o, err, sizeof err);
			{
				char *good[] = { "diagnose", "-v", "ok.tlswiz.test:8443", NULL };
				ck_assert_msg(cli_parse(3, good, 1, &o, err, sizeof err) == 0, "after line %zu: %s", i, err);
				ck_assert_str_eq(o.target.host, "ok.tlswiz.test");
				ck_assert_uint_eq(o.target.port, 8443);
				ck_assert(o.verbose);
			}
		}
	{
		char *rf[] = { "diagnose", "-rf", "x", NULL };
		char *key[] = { "diagnose", "--key", "k.pem", "x", NULL };
		char *t0[] = { "diagnose", "--timeout", "0", "x", NULL };
		ck_assert_int_eq(cli_parse(3, rf, 1, &o, err, sizeof err), -1);
		ck_assert_str_eq(err, "unknown option -r");
		ck_assert_int_eq(cli_parse(4, key, 1, &o, err, sizeof err), -1);
		ck_assert_str_eq(err, "--key needs --cert");
		ck_assert_int_eq(cli_parse(4, t0, 1, &o, err, sizeof err), -1);
		ck_assert_str_eq(err, "--timeout wants seconds, more than 0 and at most 600 (e.g. 0.5 or 10)");
	}
}
END_TEST

static Suite *text_bounds_suite(void)
{
	Suite *s = suite_create("bounds-text");
	TCase *tc = tcase_create("cuts");
	tcase_add_test(tc, a_cut_never_leaves_half_a_character);
	tcase_add_test(tc, no_fetch_reaches_the_target);
	tcase_add_test(tc, option_parsing_is_fresh_every_time);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(text_bounds_suite, TW_UNIT)

START_TEST(every_subject_alt_name_is_read_however_many)
{
	char dir[] = "/tmp/tw-sans-XXXXXX", cmd[1024], path[96], why[160];
	static unsigned char der[1 << 18];
	size_t n;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* 3,000 names; the old loop read the first 256 and re-decoded the whole extension for
	 * each one */
	snprintf(cmd, sizeof cmd, "cd %s && python3 -c \"print('subjectAltName=' + ','.join('DNS:h%%d.tlswiz.test' %% i "
		 "for i in range(3000)))\" > ext.cnf && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
		 "-keyout k.pem -out r.csr -subj /CN=sans >/dev/null 2>&1 && openssl x509 -req -in r.csr -signkey k.pem "
		 "-days 30 -extfile ext.cnf -outform DER -out c.der >/dev/null 2>&1", dir);
	TW_SKIP_UNLESS(system(cmd) == 0, "python3 or openssl is not installed");
	snprintf(path, sizeof path, "%s/c.der", dir);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	n = fread(der, 1, sizeof der, f);
	fclose(f);
	ck_assert_int_eq(cert_match_host(der, n, "h0.tlswiz.test", why, sizeof why), 1);
	ck_assert_int_eq(cert_match_host(der, n, "h2999.tlswiz.test", why, sizeof why), 1);
	ck_assert_int_eq(cert_match_host(der, n, "h3000.tlswiz.test", why, sizeof why), 0);
	ck_assert_str_eq(why, "no DNS subjectAltName equals the name");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	(void)!system(cmd);
}
END_TEST

static Suite *bounds_suite(void)
{
	Suite *s = suite_create("bounds");
	TCase *tc = tcase_create("reads");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, an_endless_starttls_greeting_ends_at_the_line_cap);
	tcase_add_test(tc, an_endless_proxy_status_line_ends_at_the_line_cap);
	tcase_add_test(tc, endless_proxy_headers_end_at_the_line_cap);
	tcase_add_test(tc, a_16_kib_garbage_record_is_a_tls_error_not_a_close);
	suite_add_tcase(s, tc);
	tc = tcase_create("inputs");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_bad_or_huge_ca_file_is_refused_with_its_reason);
	tcase_add_test(tc, one_endless_line_on_explain_stdin_is_cut_at_the_cap);
	tcase_add_test(tc, a_201_certificate_chain_is_too_long_not_incomplete);
	tcase_add_test(tc, every_subject_alt_name_is_read_however_many);
	suite_add_tcase(s, tc);
	tc = tcase_create("odd-servers");
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, a_healthy_server_diagnosed_by_ip_address_passes_its_name_checks);
	suite_add_tcase(s, tc);
	tc = tcase_create("batch");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, a_bad_batch_line_does_not_spoil_the_lines_after_it);
	tcase_add_test(tc, the_batch_exit_status_does_not_depend_on_line_order);
	tcase_add_test(tc, an_overlong_batch_line_is_one_refused_line);
	tcase_add_test(tc, the_ten_thousand_and_first_target_is_named_not_dropped);
	tcase_add_test(tc, control_bytes_in_a_local_target_never_reach_the_output);
	tcase_add_test(tc, the_batch_table_cuts_a_long_name_between_characters);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(bounds_suite, TW_LAB)
