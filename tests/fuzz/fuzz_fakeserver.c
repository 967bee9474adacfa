/* fuzz_fakeserver.c — the fake server's answer to arbitrary client bytes. The first byte
 * picks a server (a row below), the second its knobs and the reply buffer's size, the rest
 * is the client's stream. Whatever it sends must parse back as what it says it chose. */
#include <stdlib.h>
#include <string.h>

#include "fakeserver.h"
#include "fuzz.h"
#include "hello.h"

static const struct fake_config servers[] = {
	/* TLS1.3 and TLS1.2 ECDHE on the default groups */
	{ .versions = { 0x0304, 0x0303 }, .nversions = 2,
	  .suites = { 0x1301, 0x1302, 0x1303, 0xc02f, 0xc030, 0xcca8 }, .nsuites = 6 },
	/* TLS1.0-1.2: DHE with a 1024-bit prime, ECDHE on NIST curves, static RSA */
	{ .versions = { 0x0303, 0x0302, 0x0301 }, .nversions = 3,
	  .suites = { 0x009e, 0x0033, 0x0039, 0xc013, 0x002f }, .nsuites = 5,
	  .groups = { 0x0017, 0x0019 }, .ngroups = 2, .dh_bits = 1024 },
	/* TLS1.2 DHE with a 4096-bit prime */
	{ .versions = { 0x0303 }, .nversions = 1, .suites = { 0x009f, 0x0067 }, .nsuites = 2, .dh_bits = 4096 },
	/* SSLv3 and TLS1.0: RC4, 3DES, NULL, EXPORT */
	{ .versions = { 0x0300, 0x0301 }, .nversions = 2,
	  .suites = { 0x0005, 0x0004, 0x000a, 0x0003, 0x0008, 0x0001 }, .nsuites = 6,
	  .on_no_version = FAKE_ALERT_PROTOCOL_VERSION },
	/* SSLv2 beside SSLv3 */
	{ .versions = { 0x0002, 0x0300 }, .nversions = 2,
	  .ssl2_kinds = { 0x010080, 0x020080, 0x060040, 0x0700c0 }, .nssl2_kinds = 4,
	  .suites = { 0x0004, 0x000a }, .nsuites = 2 },
	/* SSLv2 only, the default kinds */
	{ .versions = { 0x0002 }, .nversions = 1 },
	/* TLS1.3 only: a hybrid group first, then x25519 and FFDHE */
	{ .versions = { 0x0304 }, .nversions = 1, .suites = { 0x1301, 0x1303 }, .nsuites = 2,
	  .groups = { 0x11ec, 0x001d, 0x0100 }, .ngroups = 3 },
	/* picky: TLS1.2, one suite on P-521, hellos up to 512 bytes */
	{ .versions = { 0x0303 }, .nversions = 1, .suites = { 0xc02b }, .nsuites = 1,
	  .groups = { 0x0019 }, .ngroups = 1, .max_hello = 512, .on_no_version = FAKE_RST },
	/* broken: every hello gets TLS1.0 RC4 */
	{ .versions = { 0x0301 }, .nversions = 1, .force_suite = 0x0005, .force_version = 0x0301 },
	/* broken: every hello gets TLS1.3 on P-384, offered or not */
	{ .versions = { 0x0304 }, .nversions = 1, .force_suite = 0x1301, .force_version = 0x0304,
	  .groups = { 0x0018 }, .ngroups = 1 },
};

/* 7 bytes hold an alert and nothing else; 64 KiB holds any reply. */
static const size_t caps[] = { 7, 64, 1024, 65536 };

static const enum fake_refusal refusals[] = {
	FAKE_ALERT_HANDSHAKE_FAILURE, FAKE_ALERT_PROTOCOL_VERSION, FAKE_CLOSE, FAKE_SILENCE,
};

static void check_reply(const unsigned char *out, size_t n, const struct fake_decision *d)
{
	if (d->alert >= 0) {
		if (n != 7 || out[0] != 21 || out[6] != d->alert)
			abort();
	} else if (d->version == 0x0002) {
		struct hello_ssl2_server sh;
		if (hello_parse_ssl2_server_full(out, n, &sh) != 0 || sh.record_len != n || !sh.nkinds ||
		    sh.kinds[0] != d->suite)
			abort();
	} else {
		struct hello_server sh;
		size_t len;
		if (n < 9 || out[0] != 22 || out[5] != 2)
			abort();
		len = (size_t)out[6] << 16 | (size_t)out[7] << 8 | out[8];
		if (9 + len > n || hello_parse_server(out + 9, len, &sh) != 0 || sh.suite != d->suite ||
		    sh.version != d->version || sh.hrr != d->hrr)
			abort();
	}
}

FUZZ_TARGET(fuzz_fakeserver)
{
	struct fake_config c;
	struct fake_decision d;
	unsigned char *out;
	size_t cap;
	ssize_t n;

	if (size < 2)
		return 0;
	c = servers[data[0] % (sizeof servers / sizeof servers[0])];
	c.server_pref = data[1] & 0x01;
	c.no_ske = data[1] & 0x02;
	c.intolerant_tls13 = data[1] & 0x04;
	c.always_hrr = data[1] & 0x08;
	cap = caps[(data[1] >> 4) & 3];
	c.on_no_suite = refusals[(data[1] >> 6) & 3];
	out = malloc(cap);
	if (!out)
		return 0;
	n = fakeserver_reply(&c, data + 2, size - 2, out, cap, &d);
	/* fakeserver.h: -1 only when cap is too small; bytes to send exactly with FAKE_SEND */
	if (n < -1 || n > (ssize_t)cap || (n == -1 && cap == 65536) || !memchr(d.why, '\0', sizeof d.why))
		abort();
	if ((n > 0 && d.action != FAKE_SEND) || (n == 0 && d.action == FAKE_SEND))
		abort();
	if (n > 0)
		check_reply(out, (size_t)n, &d);
	free(out);
	return 0;
}
