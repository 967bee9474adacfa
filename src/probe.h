/* probe.h — one real TLS handshake attempt with GnuTLS, recorded as a trace: DNS, TCP,
 * every handshake message both ways (hook + our own record parser), alerts, and exactly
 * where and why it stopped. No verification here (cert.c does that), no printing. */
#ifndef TLSWIZ_PROBE_H
#define TLSWIZ_PROBE_H
#include "model.h"

/* Broad default: TLS1.0-1.3 and the legacy suites a troubleshooter must still reach. */
#define PROBE_PRIORITY_DEFAULT \
	"NORMAL:+VERS-TLS1.0:+VERS-TLS1.1:+ARCFOUR-128:+3DES-CBC:+CAMELLIA-128-CBC:" \
	"+CAMELLIA-256-CBC:+DHE-DSS:+SIGN-ALL:%COMPAT"

/* The default's key exchanges with static RSA first: a server that follows the client's
 * order answers a TLS1.2-or-older hello without a private-key operation (no signature),
 * so quick probes that stop early cost it nothing. TLS1.3 is unchanged. */
#define PROBE_PRIORITY_RSA_FIRST PROBE_PRIORITY_DEFAULT ":-KX-ALL:+RSA:+ECDHE-ECDSA:+ECDHE-RSA:+DHE-RSA:+DHE-DSS"

/* The largest handshake message accepted (a 150-certificate chain fits; 16 MiB does not). */
#define PROBE_MAX_HS (256 * 1024)

struct probe_opts {
	enum trace_kind kind;	/* what the attempt asks for (TK_OTHER with a label: a test's own) */
	const char *label;	/* "default", "TLS1.2 only"; NULL: the kind's label */
	const char *priority;	/* GnuTLS priority string; NULL = PROBE_PRIORITY_DEFAULT */
	bool sni_override;	/* use sni_mode/sni below instead of the target's */
	enum sni_mode sni_mode;
	const char *sni;
	const char *alpn;	/* "h2,http/1.1"; NULL = none */
	int timeout_ms;		/* 0 = target's */
	int addr_index;		/* which resolved address to use */
	bool stop_after_server_hello;	/* a quick probe: abort once the choice is known */
	bool stop_after_certificate;	/* abort at the first message after the server's
					 * Certificate: chain, version, suite and ALPN are
					 * known, no key exchange is checked */
	bool no_post_recv;	/* skip the post-handshake read (TLS1.3 client-cert alerts) */
	char starttls[16];	/* upgrade with this protocol first; "" = the target's */
	bool no_proxy;		/* connect directly even if the target has a proxy */
	bool http_head;		/* after the handshake, HEAD / for the Date and Server headers */
	bool http_head_if_alpn;	/* ...but only when the server chose ALPN http/1.1 */
	unsigned max_record;	/* ask the server for small records (record_size_limit); 0 = no */
};

/* Run one attempt. Never returns NULL; a failure to even start is OUTCOME_LOCAL.
 * cancel may be NULL; when it becomes non-zero the attempt ends as OUTCOME_CANCELLED. */
struct trace *probe_tls(const struct target *t, const struct probe_opts *o,
			const volatile int *cancel);


/* One-time global set-up (GnuTLS init, shared credentials); safe to call repeatedly. */
void probe_global_init(void);

#endif
