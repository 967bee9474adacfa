/* tw_srv.h — tiny raw-socket misbehaving servers for tests, on 127.0.0.1 ephemeral
 * ports, each in its own thread; the lab (src/lab.c) has the full set. */
#ifndef TLSWIZ_TW_SRV_H
#define TLSWIZ_TW_SRV_H

enum tw_srv_kind { TW_SRV_SILENT, TW_SRV_RST_AFTER_HELLO, TW_SRV_HTTP, TW_SRV_SSH, TW_SRV_CLOSE,
		  TW_SRV_SMTP_NO_STARTTLS, TW_SRV_PROXY_407, TW_SRV_PROXY_403 };

struct tw_srv;
/* Start; *port receives the port. */
struct tw_srv *tw_srv_start(enum tw_srv_kind kind, unsigned short *port);
void tw_srv_stop(struct tw_srv *s);
/* A port with nothing listening (bound then closed). */
unsigned short tw_closed_port(void);
/* The lab with only these scenarios (NULL: the default set); NULL and a message on
 * stderr when it does not start. */
struct lab;
struct lab *tw_lab_start(const char *const *only);

#endif
