/* test_fullchain.c — the chain fix, end to end with other people's tools: gnutls-serv
 * serves a leaf without its intermediate (the intermediate is only reachable through the
 * leaf's AIA URL, served here over HTTP), gnutls-cli fails to verify; tlswiz diagnoses
 * chain.incomplete_aia and writes fullchain.pem; gnutls-serv restarted with that file
 * makes gnutls-cli --x509cafile ROOT succeed. Skips visibly without gnutls-bin. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "../tw_test.h"
#include "tw_srv.h"

struct aia_srv {
	int fd, stop[2];
	unsigned short port;
	unsigned char *der;
	size_t len;
	pthread_t th;
	int served;
};

static void *aia_thread(void *arg)
{
	struct aia_srv *a = arg;
	for (;;) {
		struct pollfd p[2] = { { a->fd, POLLIN, 0 }, { a->stop[0], POLLIN, 0 } };
		char req[2048], hdr[256];
		int c;
		if (poll(p, 2, 10000) <= 0 || p[1].revents)
			return NULL;
		c = accept(a->fd, NULL, NULL);
		if (c < 0)
			continue;
		{
			struct pollfd q = { c, POLLIN, 0 };
			if (poll(&q, 1, 2000) == 1)
				(void)!recv(c, req, sizeof req, 0);
		}
		snprintf(hdr, sizeof hdr, "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-cert\r\n"
			 "Content-Length: %zu\r\nConnection: close\r\n\r\n", a->len);
		(void)!send(c, hdr, strlen(hdr), MSG_NOSIGNAL);
		(void)!send(c, a->der, a->len, MSG_NOSIGNAL);
		__atomic_fetch_add(&a->served, 1, __ATOMIC_RELAXED);
		close(c);
	}
}

static unsigned short listen_any(int *fd)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t l = sizeof sa;
	*fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(*fd, 0);
	ck_assert_int_eq(bind(*fd, (struct sockaddr *)&sa, sizeof sa), 0);
	ck_assert_int_eq(listen(*fd, 8), 0);
	ck_assert_int_eq(getsockname(*fd, (struct sockaddr *)&sa, &l), 0);
	return ntohs(sa.sin_port);
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	fclose(f);
}

static void export_pem(gnutls_x509_crt_t c, const char *path)
{
	gnutls_datum_t d;
	ck_assert_int_eq(gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_PEM, &d), 0);
	write_file(path, d.data, d.size);
	gnutls_free(d.data);
}

static void new_cert(gnutls_x509_crt_t *c, gnutls_x509_privkey_t *k, const char *cn, bool ca)
{
	static unsigned char serial = 1;
	unsigned char sn[2] = { 0x33, serial++ };
	ck_assert_int_eq(gnutls_x509_privkey_init(k), 0);
	ck_assert_int_eq(gnutls_x509_privkey_generate(*k, GNUTLS_PK_ECDSA,
						      GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0), 0);
	ck_assert_int_eq(gnutls_x509_crt_init(c), 0);
	gnutls_x509_crt_set_version(*c, 3);
	gnutls_x509_crt_set_serial(*c, sn, 2);
	gnutls_x509_crt_set_dn_by_oid(*c, GNUTLS_OID_X520_COMMON_NAME, 0, cn, (unsigned)strlen(cn));
	gnutls_x509_crt_set_key(*c, *k);
	gnutls_x509_crt_set_activation_time(*c, time(NULL) - 3600);
	gnutls_x509_crt_set_expiration_time(*c, time(NULL) + 30 * 86400);
	gnutls_x509_crt_set_basic_constraints(*c, ca, -1);
	gnutls_x509_crt_set_key_usage(*c, ca ? GNUTLS_KEY_KEY_CERT_SIGN : GNUTLS_KEY_DIGITAL_SIGNATURE);
	if (!ca)
		gnutls_x509_crt_set_key_purpose_oid(*c, GNUTLS_KP_TLS_WWW_SERVER, 0);
	{
		unsigned char id[20];
		size_t idl = sizeof id;
		if (gnutls_x509_crt_get_key_id(*c, 0, id, &idl) == 0)
			gnutls_x509_crt_set_subject_key_id(*c, id, idl);
	}
}

/* gnutls-serv cannot choose its bind address (it listens on every interface), so this
 * test's process moves into a network namespace of its own, with only lo up, before it
 * starts anything: gnutls-serv, the AIA server, tlswiz and gnutls-cli all live there. */
static int private_netns(void)
{
	struct ifreq ifr = { 0 };
	int fd, r;

	if (unshare(CLONE_NEWNET) != 0)
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	r = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (r == 0) {
		ifr.ifr_flags |= IFF_UP;
		r = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return r;
}

/* Start gnutls-serv serving cert/key on port; wait until it listens. */
static pid_t serve(const char *cert, const char *key, unsigned short port)
{
	char p[16];
	pid_t pid;
	snprintf(p, sizeof p, "%u", port);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int nul = open("/dev/null", O_RDWR);
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(nul, 2);
		execlp("gnutls-serv", "gnutls-serv", "--echo", "-p", p, "--x509certfile", cert,
		       "--x509keyfile", key, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100; i++) {
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port),
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		int ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
		close(fd);
		if (ok)
			return pid;
		usleep(50000);
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	ck_abort_msg("gnutls-serv did not start on port %u", port);
	return -1;
}

static void unserve(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

static int gnutls_cli_ok(const char *root, unsigned short port)
{
	char cmd[512], out[4096];
	snprintf(cmd, sizeof cmd, "gnutls-cli --x509cafile %s --verify-hostname fix.tlswiz.test "
		 "--sni-hostname fix.tlswiz.test -p %u 127.0.0.1 </dev/null", root, port);
	return tw_run(cmd, out, sizeof out, 20);
}

START_TEST(fullchain_written_by_tlswiz_satisfies_gnutls_cli)
{
	gnutls_x509_crt_t root, inter, leaf;
	gnutls_x509_privkey_t kroot, kint, kleaf;
	struct aia_srv a = { 0 };
	char dir[] = "/tmp/tlswiz-fix-XXXXXX", f_root[64], f_leaf[64], f_key[64], f_fixed[64];
	char url[128], cmd[1024], out[65536];
	unsigned short port;
	pid_t srv;
	int st;

	TW_SKIP_UNLESS(system("command -v gnutls-serv >/dev/null && command -v gnutls-cli >/dev/null") == 0,
		       "fullchain: gnutls-bin is not installed (make deps)");
	TW_SKIP_UNLESS(private_netns() == 0, "fullchain: needs root for a private network namespace (gnutls-serv binds every interface)");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(f_root, sizeof f_root, "%s/root.pem", dir);
	snprintf(f_leaf, sizeof f_leaf, "%s/leaf.pem", dir);
	snprintf(f_key, sizeof f_key, "%s/key.pem", dir);
	snprintf(f_fixed, sizeof f_fixed, "%s/fullchain.pem", dir);

	a.port = listen_any(&a.fd);
	ck_assert_int_eq(pipe(a.stop), 0);
	snprintf(url, sizeof url, "http://127.0.0.1:%u/int.der", a.port);

	new_cert(&root, &kroot, "Fix Test Root", true);
	ck_assert_int_eq(gnutls_x509_crt_sign2(root, root, kroot, GNUTLS_DIG_SHA256, 0), 0);
	new_cert(&inter, &kint, "Fix Test Intermediate", true);
	ck_assert_int_eq(gnutls_x509_crt_sign2(inter, root, kroot, GNUTLS_DIG_SHA256, 0), 0);
	new_cert(&leaf, &kleaf, "fix.tlswiz.test", false);
	gnutls_x509_crt_set_subject_alt_name(leaf, GNUTLS_SAN_DNSNAME, "fix.tlswiz.test", 15, GNUTLS_FSAN_APPEND);
	{
		gnutls_datum_t u = { (unsigned char *)url, (unsigned)strlen(url) };
		ck_assert_int_eq(gnutls_x509_crt_set_authority_info_access(leaf, GNUTLS_IA_CAISSUERS_URI, &u), 0);
	}
	ck_assert_int_eq(gnutls_x509_crt_sign2(leaf, inter, kint, GNUTLS_DIG_SHA256, 0), 0);
	export_pem(root, f_root);
	export_pem(leaf, f_leaf);
	{
		gnutls_datum_t d;
		ck_assert_int_eq(gnutls_x509_privkey_export2(kleaf, GNUTLS_X509_FMT_PEM, &d), 0);
		write_file(f_key, d.data, d.size);
		gnutls_free(d.data);
		ck_assert_int_eq(gnutls_x509_crt_export2(inter, GNUTLS_X509_FMT_DER, &d), 0);
		a.der = malloc(d.size);
		memcpy(a.der, d.data, d.size);
		a.len = d.size;
		gnutls_free(d.data);
	}
	ck_assert_int_eq(pthread_create(&a.th, NULL, aia_thread, &a), 0);

	/* Broken: the leaf alone. gnutls-cli cannot verify it. */
	port = tw_closed_port();
	srv = serve(f_leaf, f_key, port);
	ck_assert_int_ne(gnutls_cli_ok(f_root, port), 0);

	snprintf(cmd, sizeof cmd, "%s diagnose --no-color --cafile %s --connect-to 127.0.0.1 --write-chain %s "
		 "fix.tlswiz.test:%u", tw_bin(), f_root, f_fixed, port);
	st = tw_run(cmd, out, sizeof out, 60);
	unserve(srv);
	ck_assert_msg(strstr(out, "chain.incomplete_aia") != NULL, "no chain.incomplete_aia in:\n%.1500s", out);
	ck_assert_msg(strstr(out, f_fixed) != NULL, "the written file is not named:\n%.1500s", strstr(out, "Findings") ? strstr(out, "Findings") : out);
	ck_assert_int_eq(st, 2);
	ck_assert_int_ge(__atomic_load_n(&a.served, __ATOMIC_RELAXED), 1);
	ck_assert_int_eq(access(f_fixed, R_OK), 0);

	/* Fixed: the same key with tlswiz's fullchain.pem. gnutls-cli verifies. */
	port = tw_closed_port();
	srv = serve(f_fixed, f_key, port);
	st = gnutls_cli_ok(f_root, port);
	unserve(srv);
	ck_assert_msg(st == 0, "gnutls-cli still fails with the fixed chain (exit %d)", st);

	(void)!write(a.stop[1], "x", 1);
	pthread_join(a.th, NULL);
	close(a.fd);
	close(a.stop[0]);
	close(a.stop[1]);
	free(a.der);
	gnutls_x509_crt_deinit(root);
	gnutls_x509_crt_deinit(inter);
	gnutls_x509_crt_deinit(leaf);
	gnutls_x509_privkey_deinit(kroot);
	gnutls_x509_privkey_deinit(kint);
	gnutls_x509_privkey_deinit(kleaf);
	unlink(f_root);
	unlink(f_leaf);
	unlink(f_key);
	unlink(f_fixed);
	rmdir(dir);
}
END_TEST

static Suite *fullchain_suite(void)
{
	Suite *s = suite_create("fullchain");
	TCase *tc = tcase_create("gnutls-cli");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, fullchain_written_by_tlswiz_satisfies_gnutls_cli);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(fullchain_suite, TW_LAB)
