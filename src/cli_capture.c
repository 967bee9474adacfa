/* cli_capture.c — `tlswiz capture FILE`: ladders of the TLS connections in a capture.
 * The pcap reader (src/pcap.c) is not built yet (issue 10); say so plainly. */
#include <stdio.h>

#include "cli.h"

int cli_capture_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tlswiz: capture reading is not available in this version yet\n");
	return 3;
}
