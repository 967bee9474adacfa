/* fuzz_hello.c — ClientHello and ServerHello body parsers on arbitrary bytes. */
#include "fuzz.h"
#include "hello.h"

FUZZ_TARGET(fuzz_hello)
{
	struct hello_client c;
	struct hello_server s;

	hello_parse_client(data, size, &c);
	hello_parse_server(data, size, &s);
	return 0;
}
