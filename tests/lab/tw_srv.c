/* tw_srv.c — the probe tests' misbehaving servers: the responder's kinds (src/responder.c,
 * the lab's own) on fakeserver.c's listener. Loopback only. */
#include <arpa/inet.h>
#include <stdio.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fakeserver.h"
#include "lab.h"
#include "tw_srv.h"

static const enum resp_kind kinds[] = {
	[TW_SRV_SILENT] = R_SILENT, [TW_SRV_RST_AFTER_HELLO] = R_RST, [TW_SRV_HTTP] = R_HTTP,
	[TW_SRV_SSH] = R_SSH, [TW_SRV_CLOSE] = R_CLOSE, [TW_SRV_SMTP_NO_STARTTLS] = R_SMTP_NO_STARTTLS,
	[TW_SRV_PROXY_407] = R_PROXY_407, [TW_SRV_PROXY_403] = R_PROXY_403,
};

unsigned short tw_closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	unsigned short port = 0;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

struct tw_srv *tw_srv_start(enum tw_srv_kind kind, unsigned short *port)
{
	return (struct tw_srv *)fakeserver_start_kind(kinds[kind], 0, port);
}

void tw_srv_stop(struct tw_srv *s)
{
	fakeserver_stop((struct fakeserver *)s);
}

struct lab *tw_lab_start(const char *const *only)
{
	struct lab_opts o = { .only = only };
	char err[256];
	struct lab *l = lab_start(&o, err, sizeof err);
	if (!l)
		fprintf(stderr, "lab did not start: %s\n", err);
	return l;
}
