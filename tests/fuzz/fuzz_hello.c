/* fuzz_hello.c — ClientHello and ServerHello body parsers on arbitrary bytes, checked by
 * an oracle: no count or length exceeds what the input can hold; the version and suites
 * reported are the input's own bytes at the offsets RFC 8446 4.1.2/4.1.3 give them (read
 * here, not by hello.c); and a parsed ClientHello round-trips: built again with
 * hello_build_client and parsed back, its suites, versions and groups are the same. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hello.h"

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void check_client(const uint8_t *data, size_t size, const struct hello_client *c, int rc)
{
	size_t ks = 0;

	if (c->nsuites > size / 2 || c->ngroups > 64 || c->nversions > 8 || c->nkey_shares > 8 ||
	    c->session_id_len > 32 || c->nextensions > size / 4 || strnlen(c->sni, sizeof c->sni) >= sizeof c->sni ||
	    strnlen(c->alpn, sizeof c->alpn) >= sizeof c->alpn || strlen(c->sni) > size || strlen(c->alpn) > size)
		abort();
	for (size_t i = 0; i < c->nkey_shares; i++)
		ks += c->nkey_share_bytes[i];
	if (ks > size)
		abort();
	if (rc != 0 && size < 35)
		return;
	if (size >= 2 && rc == 0 && c->legacy_version != be16(data))
		abort();
	if (size >= 35 && c->nsuites) {
		size_t sid = data[34], at = 35 + sid;
		if (at + 2 > size || be16(data + at) / 2 != c->nsuites || at + 2 + 2 * c->nsuites > size)
			abort();
		for (size_t i = 0; i < c->nsuites && i < HELLO_MAX_LIST; i++)
			if (c->suites[i] != be16(data + at + 2 + 2 * i))
				abort();
	}
}

static void round_trip(const struct hello_client *c)
{
	static unsigned char buf[16384];
	struct hello_client again;
	struct hello_spec s = {
		.legacy_version = c->legacy_version,
		.versions = c->versions, .nversions = c->nversions,
		.suites = c->suites, .nsuites = c->nsuites < HELLO_MAX_LIST ? c->nsuites : HELLO_MAX_LIST,
		.groups = c->groups, .ngroups = c->ngroups,
		.no_reneg_scsv = true,
	};
	long n;

	if (!c->legacy_version)
		return;	/* the builder would put its own default there */
	n = hello_build_client(&s, buf, sizeof buf);
	if (n < 9)
		abort();	/* 16 KiB holds any hello these lists make */
	if (hello_parse_client(buf + 9, (size_t)n - 9, &again) != 0)
		abort();
	if (again.legacy_version != c->legacy_version || again.nsuites != s.nsuites ||
	    memcmp(again.suites, c->suites, s.nsuites * sizeof c->suites[0]) != 0 ||
	    again.nversions != c->nversions || memcmp(again.versions, c->versions, c->nversions * sizeof c->versions[0]) != 0 ||
	    again.ngroups != c->ngroups || memcmp(again.groups, c->groups, c->ngroups * sizeof c->groups[0]) != 0)
		abort();
}

FUZZ_TARGET(fuzz_hello)
{
	struct hello_client c;
	struct hello_server s;
	int rc;

	rc = hello_parse_client(data, size, &c);
	check_client(data, size, &c, rc);
	if (rc == 0)
		round_trip(&c);

	rc = hello_parse_server(data, size, &s);
	if (s.nextensions > size / 4 || strnlen(s.alpn, sizeof s.alpn) >= sizeof s.alpn || strlen(s.alpn) > size)
		abort();
	if (rc == 0) {
		size_t sid;
		if (size < 38 || s.legacy_version != be16(data))
			abort();
		sid = data[34];
		if (35 + sid + 2 > size || s.suite != be16(data + 35 + sid))
			abort();
	}
	return 0;
}
