/* test_capture_lo.c — captures made here, not downloaded: libpcap listens on the loopback
 * interface while tlswiz talks to lab scenarios, the packets go to a pcap file, and
 * `tlswiz capture --json` must draw the same ladders: a TLS1.2 handshake message by
 * message, a TLS1.3 one with its encrypted flight named by position, a reset right after
 * the ClientHello with the firewall finding. Needs root (capturing); skips visibly. */
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <pcap/pcap.h>

#include "../tw_test.h"
#include "lab.h"

struct sniffer {
	pcap_t *p;
	pcap_dumper_t *d;
	volatile int stop;
	pthread_t th;
};

static void *sniff(void *arg)
{
	struct sniffer *s = arg;
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE))
		if (pcap_dispatch(s->p, -1, pcap_dump, (u_char *)s->d) < 0)
			break;
	return NULL;
}

/* "ClientHello>,ServerHello<,..." of a capture connection's ladder (handshake, alert and
 * tcp steps). */
static void ladder(json_t *conn, char *buf, size_t len)
{
	json_t *st;
	size_t i, o = 0;
	buf[0] = '\0';
	json_array_foreach(json_object_get(json_object_get(conn, "trace"), "steps"), i, st) {
		const char *layer = json_string_value(json_object_get(st, "layer"));
		if (strcmp(layer, "handshake") && strcmp(layer, "alert") && strcmp(layer, "tcp"))
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%s%s", o ? "," : "",
				      json_string_value(json_object_get(st, "name")),
				      !strcmp(json_string_value(json_object_get(st, "dir")), "c2s") ? ">" : "<");
	}
}

static json_t *conn_to_port(json_t *cap, unsigned port)
{
	json_t *c;
	size_t i;
	char want[32];
	snprintf(want, sizeof want, ":%u", port);
	json_array_foreach(json_object_get(cap, "connections"), i, c) {
		const char *srv = json_string_value(json_object_get(c, "server"));
		if (srv && strlen(srv) > strlen(want) && !strcmp(srv + strlen(srv) - strlen(want), want))
			return c;
	}
	return NULL;
}

START_TEST(capture_of_lab_traffic_on_loopback_draws_the_ladders)
{
	static const char *const only[] = { "tls12-only", "good-ecdsa", "rst-after-hello", NULL };
	struct lab_opts lo = { .only = only };
	char err[PCAP_ERRBUF_SIZE > 256 ? PCAP_ERRBUF_SIZE : 256], path[] = "/tmp/tlswiz-lo-XXXXXX", filter[256], cmd[1024];
	static char out[1 << 20];
	struct sniffer s = { 0 };
	struct bpf_program bpf;
	struct lab *lab;
	json_t *cap, *c;
	char l[2048];
	int fd;

	s.p = pcap_open_live("lo", 65535, 0, 20, err);
	TW_SKIP_UNLESS(s.p != NULL, "capture on lo: %s (needs root)", err);
	lab = lab_start(&lo, err, sizeof err);
	ck_assert_msg(lab != NULL, "lab: %s", err);
	snprintf(filter, sizeof filter, "tcp port %u or tcp port %u or tcp port %u", lab_find(lab, "tls12-only")->port,
		 lab_find(lab, "good-ecdsa")->port, lab_find(lab, "rst-after-hello")->port);
	ck_assert_int_eq(pcap_compile(s.p, &bpf, filter, 1, PCAP_NETMASK_UNKNOWN), 0);
	ck_assert_int_eq(pcap_setfilter(s.p, &bpf), 0);
	pcap_freecode(&bpf);
	ck_assert_int_eq(pcap_setnonblock(s.p, 0, err), 0);
	fd = mkstemp(path);
	close(fd);
	s.d = pcap_dump_open(s.p, path);
	ck_assert_ptr_nonnull(s.d);
	ck_assert_int_eq(pthread_create(&s.th, NULL, sniff, &s), 0);

	for (size_t i = 0; only[i]; i++) {
		char args[512];
		lab_args(lab, lab_find(lab, only[i]), args, sizeof args);
		/* one handshake each: the firewall wizard's first probe is the default one */
		snprintf(cmd, sizeof cmd, "%s wizard firewall --timeout 2 %s >/dev/null", tw_bin(), args);
		tw_run(cmd, NULL, 0, 30);
	}
	usleep(300000);
	__atomic_store_n(&s.stop, 1, __ATOMIC_RELEASE);
	pcap_breakloop(s.p);
	pthread_join(s.th, NULL);
	pcap_dump_close(s.d);
	pcap_close(s.p);

	snprintf(cmd, sizeof cmd, "%s capture --json %s", tw_bin(), path);
	tw_run(cmd, out, sizeof out, 30);
	cap = json_loads(out, 0, NULL);
	ck_assert_msg(cap != NULL, "capture --json did not parse:\n%.600s", out);
	ck_assert_int_gt(json_integer_value(json_object_get(cap, "packets")), 10);

	/* TLS1.2: every message in the clear, both ChangeCipherSpecs' Finished encrypted */
	c = conn_to_port(cap, lab_find(lab, "tls12-only")->port);
	ck_assert_msg(c != NULL, "no connection to tls12-only in the capture");
	ladder(c, l, sizeof l);
	ck_assert_msg(strstr(l, "ClientHello>,ServerHello<,Certificate<,ServerKeyExchange<,ServerHelloDone<,ClientKeyExchange>"),
		      "TLS1.2 ladder: %s", l);
	ck_assert_str_eq(json_string_value(json_object_get(c, "outcome")), "ok");

	/* TLS1.3: ServerHello, then the encrypted flight named by position */
	c = conn_to_port(cap, lab_find(lab, "good-ecdsa")->port);
	ck_assert_msg(c != NULL, "no connection to good-ecdsa in the capture");
	ladder(c, l, sizeof l);
	ck_assert_msg(strstr(l, "ClientHello>,ServerHello<") && strstr(l, "encrypted handshake<"), "TLS1.3 ladder: %s", l);

	/* a reset right after the ClientHello: the firewall finding, from the capture alone */
	c = conn_to_port(cap, lab_find(lab, "rst-after-hello")->port);
	ck_assert_msg(c != NULL, "no connection to rst-after-hello in the capture");
	ladder(c, l, sizeof l);
	ck_assert_msg(strstr(l, "ClientHello>") && strstr(l, "RST<"), "reset ladder: %s", l);
	ck_assert_str_eq(json_string_value(json_object_get(c, "outcome")), "reset");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(c, "findings"), 0), "id")),
			 "net.reset");

	json_decref(cap);
	lab_stop(lab);
	unlink(path);
}
END_TEST

static Suite *capture_lo_suite(void)
{
	Suite *s = suite_create("capture-lo");
	TCase *tc = tcase_create("loopback");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, capture_of_lab_traffic_on_loopback_draws_the_ladders);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(capture_lo_suite, TW_LAB)
