/* alert.h — TLS alert codes (RFC 8446 6, RFC 5246 7.2, IANA TLS Alerts registry): name,
 * who usually sends it and what it usually means in practice. Our own table, because
 * GnuTLS names none of 113, 114 and others. */
#ifndef TLSWIZ_ALERT_H
#define TLSWIZ_ALERT_H

/* The codes the wizards and the scanner reason about, by name. */
enum alert_code {
	ALERT_HANDSHAKE_FAILURE = 40,
	ALERT_BAD_CERTIFICATE = 42,
	ALERT_CERTIFICATE_UNKNOWN = 46,
	ALERT_ILLEGAL_PARAMETER = 47,
	ALERT_UNKNOWN_CA = 48,
	ALERT_DECODE_ERROR = 50,
	ALERT_PROTOCOL_VERSION = 70,
	ALERT_INSUFFICIENT_SECURITY = 71,
	ALERT_UNRECOGNIZED_NAME = 112,
	ALERT_CERTIFICATE_REQUIRED = 116,
	ALERT_NO_APPLICATION_PROTOCOL = 120,
};

/* handshake_failure or insufficient_security: "nothing you offered is acceptable". */
#define ALERT_NO_SHARED(a) ((a) == ALERT_HANDSHAKE_FAILURE || (a) == ALERT_INSUFFICIENT_SECURITY)

struct alert_info {
	int code;
	const char *name;	/* RFC spelling: "handshake_failure" */
	const char *sender;	/* who usually sends it */
	const char *meaning;	/* what it usually means for an operator */
	const char *area;	/* the wizard that digs further */
};

/* NULL for a code not in the registry. */
const struct alert_info *alert_lookup(int code);
/* Name for any code: "handshake_failure", or "unknown_alert" for unassigned ones. */
const char *alert_name(int code);
/* Code for a name ("handshake_failure", "HANDSHAKE_FAILURE", "handshake failure"); -1. */
int alert_from_name(const char *name);
/* Iterate the table. */
const struct alert_info *alert_at(unsigned i);

#endif
