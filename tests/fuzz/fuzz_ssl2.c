/* fuzz_ssl2.c — the SSLv2 record parsers (SERVER-HELLO, CLIENT-HELLO) on arbitrary bytes:
 * a parse that succeeds stays inside the record and inside its arrays. */
#include <stdlib.h>

#include "fuzz.h"
#include "hello.h"

static volatile unsigned sink;

FUZZ_TARGET(fuzz_ssl2)
{
	struct hello_ssl2_server s;
	struct hello_client c;
	unsigned nkinds = 0, sum = 0;

	if (hello_parse_ssl2_server_full(data, size, &s) == 0) {
		if (s.record_len > size || s.nkinds > sizeof s.kinds / sizeof s.kinds[0])
			abort();
		sum += s.version + s.session_id_hit + s.cert_type + (unsigned)s.cert_len;
		for (size_t i = 0; i < s.nkinds; i++)
			sum += s.kinds[i];
	}
	if (hello_parse_client_ssl2(data, size, &c) == 0) {
		size_t ns = c.nsuites < HELLO_MAX_LIST ? c.nsuites : HELLO_MAX_LIST;
		if (!c.ssl2_format || c.nssl2_kinds > sizeof c.ssl2_kinds / sizeof c.ssl2_kinds[0])
			abort();
		sum += c.legacy_version;
		for (size_t i = 0; i < ns; i++)
			sum += c.suites[i];
		for (size_t i = 0; i < c.nssl2_kinds; i++)
			sum += c.ssl2_kinds[i];
	}
	(void)hello_parse_ssl2_server(data, size, &nkinds);
	sink = sum + nkinds;
	return 0;
}
