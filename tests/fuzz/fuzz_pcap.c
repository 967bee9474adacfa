/* fuzz_pcap.c — the capture reader on arbitrary file contents (via a temporary file,
 * since libpcap reads files). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "pcap.h"

FUZZ_TARGET(fuzz_pcap)
{
	char path[] = "/tmp/tlswiz-fuzz-pcap-XXXXXX";
	int fd = mkstemp(path);
	struct capture cap;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size)
		if (capture_read(path, &cap) == 0)
			capture_free(&cap);
	close(fd);
	unlink(path);
	return 0;
}
