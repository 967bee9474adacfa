/* target.h — a target from what an operator types: defaults, and "host:port" parsed and
 * checked. The command line and the TUI both use it. */
#ifndef TLSWIZ_TARGET_H
#define TLSWIZ_TARGET_H
#include <stddef.h>

#include "model.h"

/* Port 443, 5 s timeout, SNI from the host name. */
void target_defaults(struct target *t);
/* Split "host:port", "[v6]:port", "host" (port 443), "https://host[:port]/path". 0 ok,
 * -1 invalid (an empty host, a port outside 1..65535). */
int target_parse_hostport(const char *s, char *host, size_t hostlen, unsigned short *port);

/* The SNI a probe sends: the first --sni name, none with --no-sni or for an IP literal,
 * else the host. "" for none. Thread-local storage for --sni lists. */
const char *target_sni(const struct target *t);
/* Before anything runs (CLI and TUI): --cert with --key, a real port, a known STARTTLS
 * protocol, a proxy URL tlswiz speaks, names without control characters. 0, or -1 with a
 * one-line err naming the bad value and what is accepted. */
int target_validate(const struct target *t, char *err, size_t len);

#endif
