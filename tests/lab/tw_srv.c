/* tw_srv.c — raw misbehavers for the probe tests: silent, RST after the ClientHello,
 * HTTP 400, SSH banner, close after the ClientHello. Loopback only. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tw_srv.h"

struct tw_srv {
	int lfd;
	int stop_pipe[2];
	enum tw_srv_kind kind;
	pthread_t thread;
};

static int listen_loopback(unsigned short *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 64) < 0) {
		close(fd);
		return -1;
	}
	getsockname(fd, (struct sockaddr *)&a, &len);
	*port = ntohs(a.sin_port);
	return fd;
}

unsigned short tw_closed_port(void)
{
	unsigned short port = 0;
	int fd = listen_loopback(&port);
	close(fd);
	return port;
}

/* Wait for the client's first bytes (its ClientHello), bounded. */
static void read_hello(int fd, int stop)
{
	struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = stop, .events = POLLIN } };
	char buf[4096];
	if (poll(p, 2, 5000) > 0 && (p[0].revents & POLLIN))
		(void)!read(fd, buf, sizeof buf);
}

static void serve(struct tw_srv *s, int fd)
{
	static const char http[] = "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n";
	static const char ssh[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n";
	struct linger lg = { 1, 0 };
	struct pollfd p = { .fd = s->stop_pipe[0], .events = POLLIN };

	switch (s->kind) {
	case TW_SRV_SILENT:
		poll(&p, 1, 30000);	/* until the test stops us or the client leaves */
		break;
	case TW_SRV_RST_AFTER_HELLO:
		read_hello(fd, s->stop_pipe[0]);
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		break;
	case TW_SRV_HTTP:
		read_hello(fd, s->stop_pipe[0]);
		(void)!send(fd, http, sizeof http - 1, MSG_NOSIGNAL);
		break;
	case TW_SRV_SSH:
		(void)!send(fd, ssh, sizeof ssh - 1, MSG_NOSIGNAL);
		read_hello(fd, s->stop_pipe[0]);
		break;
	case TW_SRV_CLOSE:
		read_hello(fd, s->stop_pipe[0]);
		break;
	case TW_SRV_SMTP_NO_STARTTLS: {
		static const char greet[] = "220 mail.tlswiz.test ESMTP Postfix\r\n";
		static const char ehlo[] = "250-mail.tlswiz.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n";
		static const char refuse[] = "502 5.5.1 Error: command not implemented\r\n";
		(void)!send(fd, greet, sizeof greet - 1, MSG_NOSIGNAL);
		for (int i = 0; i < 3; i++) {
			read_hello(fd, s->stop_pipe[0]);
			(void)!send(fd, i == 0 ? ehlo : refuse, i == 0 ? sizeof ehlo - 1 : sizeof refuse - 1, MSG_NOSIGNAL);
		}
		break;
	}
	case TW_SRV_PROXY_407:
	case TW_SRV_PROXY_403: {
		static const char r407[] = "HTTP/1.1 407 Proxy Authentication Required\r\n"
					   "Proxy-Authenticate: Basic realm=\"lab\"\r\nContent-Length: 0\r\n\r\n";
		static const char r403[] = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
		read_hello(fd, s->stop_pipe[0]);
		if (s->kind == TW_SRV_PROXY_407)
			(void)!send(fd, r407, sizeof r407 - 1, MSG_NOSIGNAL);
		else
			(void)!send(fd, r403, sizeof r403 - 1, MSG_NOSIGNAL);
		break;
	}
	}
	close(fd);
}

static void *loop(void *arg)
{
	struct tw_srv *s = arg;
	for (;;) {
		struct pollfd p[2] = { { .fd = s->lfd, .events = POLLIN }, { .fd = s->stop_pipe[0], .events = POLLIN } };
		if (poll(p, 2, -1) < 0 || (p[1].revents & POLLIN))
			return NULL;
		if (p[0].revents & POLLIN) {
			int fd = accept(s->lfd, NULL, NULL);
			if (fd >= 0)
				serve(s, fd);
		}
	}
}

struct tw_srv *tw_srv_start(enum tw_srv_kind kind, unsigned short *port)
{
	struct tw_srv *s = calloc(1, sizeof *s);
	s->kind = kind;
	s->lfd = listen_loopback(port);
	if (s->lfd < 0 || pipe(s->stop_pipe) < 0) {
		free(s);
		return NULL;
	}
	pthread_create(&s->thread, NULL, loop, s);
	return s;
}

void tw_srv_stop(struct tw_srv *s)
{
	if (!s)
		return;
	(void)!write(s->stop_pipe[1], "x", 1);
	pthread_join(s->thread, NULL);
	close(s->lfd);
	close(s->stop_pipe[0]);
	close(s->stop_pipe[1]);
	free(s);
}
