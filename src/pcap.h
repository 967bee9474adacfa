/* pcap.h — reading packet captures (pcap and pcapng, plain or gzip, read by our own
 * bounds-checked reader): TCP streams are reassembled (out of order, retransmits, gaps
 * reported), TLS records and handshake messages parsed across segments (decrypted when a
 * key log has the secrets), and each connection becomes a trace with the same ladder a
 * live probe draws plus the first decisive event of its timeline: who alerted, reset or
 * closed first, after what, or that the handshake completed or the capture ended.
 * Connections are handed out as they end so memory stays bounded on large captures.
 * Hostile input is normal here: everything is capped, and every cap says what it dropped. */
#ifndef TLSWIZ_PCAP_H
#define TLSWIZ_PCAP_H
#include "model.h"

#define CAPTURE_MAX_OPEN 100000		/* connections tracked at the same time */
#define CAPTURE_MAX_SEGS 1024		/* out-of-order segments kept per direction */
#define CAPTURE_HS_KEEP (1u << 20)	/* one handshake message kept for parsing (bytes) */

/* How a connection ended: the first decisive event of its timeline. */
enum cap_end {
	CAP_COMPLETE,		/* both Finished seen (or data both ways after them) */
	CAP_SERVER_ALERT,	/* the server sent a fatal alert */
	CAP_CLIENT_ALERT,	/* the client sent a fatal alert: it refused the server */
	CAP_SERVER_RESET,
	CAP_CLIENT_RESET,
	CAP_SERVER_CLOSED,	/* FIN (or close_notify) from the server mid-handshake */
	CAP_CLIENT_CLOSED,	/* FIN from the client after the server's flight, no alert */
	CAP_CLIENT_TIMEOUT,	/* the client closed while waiting for the server */
	CAP_REFUSED,		/* RST to the SYN */
	CAP_FILTERED,		/* SYN never answered while the capture went on */
	CAP_UNREACHABLE,	/* ICMP destination unreachable for this connection */
	CAP_SILENCE,		/* ClientHello never answered while the capture went on */
	CAP_STALL,		/* the handshake stops midway while the capture went on */
	CAP_CUT,		/* the capture ends (or misses data) mid-handshake */
	CAP_NOT_TLS,		/* the server answered the ClientHello in plain text */
	CAP_BAD_RECORD,		/* bytes that are not a TLS record mid-stream */
	CAP_NO_TLS,		/* TCP data without any TLS handshake */
};
const char *capture_end_name(enum cap_end e);

struct capture_conn {
	unsigned id;		/* 1, 2, ... in order of the connection's first packet */
	struct trace *trace;	/* label "capture"; step times from the first packet */
	unsigned *frames;	/* frame number (1-based, in the file) of each step */
	char client[64], server[64];
	unsigned gaps;		/* bytes never seen (missing segments) */
	unsigned retransmits;
	unsigned out_of_order;
	unsigned segs_dropped;	/* out-of-order segments beyond CAPTURE_MAX_SEGS */
	bool tls;		/* at least one TLS record seen */
	bool decrypted;		/* a key log decrypted records of this connection */
	bool early;		/* judged before it ended: too many connections open at once */
	enum cap_end end;
	int by;			/* who caused it: 0 client, 1 server, -1 nobody (capture end) */
	int alert;		/* the deciding alert's code, -1 none or encrypted */
	int fail_step;		/* the deciding step, -1 */
	char after[48];		/* last handshake message before the decisive event */
	char prefix[48];	/* plaintext before TLS ("SMTP STARTTLS", "HTTP CONNECT"), empty */
	double start;		/* first packet, seconds since the epoch */
	double rtt_ms, handshake_ms, duration_ms;	/* -1 unknown */
	unsigned first_frame;
};

struct capture_opts {
	const char *keylog;	/* NSS key log; NULL: $SSLKEYLOGFILE if set */
	const char *host;	/* only connections with this address (either end) or SNI */
	unsigned port;		/* only connections with this port at either end; 0 any */
	const char *sni;	/* only connections whose ClientHello names this SNI */
};

struct capture {
	struct capture_conn *conns;	/* capture_read only, sorted by id */
	size_t n;
	size_t packets, skipped;	/* frames read; frames not IPv4/IPv6 TCP/ICMP */
	size_t conns_seen;		/* TCP connections with a SYN or data */
	size_t conns_empty;		/* ... of which without payload (not reported) */
	size_t conns_filtered;		/* ... left out by --host/--port/--sni */
	size_t conns_early;		/* judged early: more than CAPTURE_MAX_OPEN open */
	size_t short_frames;		/* frames cut by the snap length */
	unsigned snaplen;		/* smallest snap length of the file's interfaces */
	unsigned interfaces;
	size_t fragments;		/* IPv4 fragments seen (reassembled ones included) */
	size_t frags_dropped;		/* fragments that could not be reassembled */
	size_t keys;			/* client randoms in the key log */
	char keylog_error[256];
	bool truncated;			/* the file ended mid-packet or was cut */
	bool gzip;
	char error[256];
};

/* Stream: fn is called once per reported connection, as it ends (not in id order). The
 * connection is freed after fn returns; fn may keep its trace and frames by setting those
 * fields to NULL. 0 ok (possibly with truncated set), -1 when the file cannot be read at
 * all (error set). Connections without any payload are counted, not reported. */
typedef void (*capture_fn)(struct capture_conn *c, void *arg);
int capture_stream(const char *path, const struct capture_opts *o, struct capture *stats, capture_fn fn,
		   void *arg);
/* Every connection in memory (small captures: the TUI, tests). */
int capture_read(const char *path, struct capture *out);
int capture_read_opts(const char *path, const struct capture_opts *o, struct capture *out);
void capture_conn_free(struct capture_conn *c);
void capture_free(struct capture *c);

/* Findings that one connection's timeline proves (net.reset, net.blackhole,
 * cert.client_rejected, tls.alert...), added to r with the connection's trace index. */
struct report;
void capture_judge(const struct capture_conn *c, int trace_index, struct report *r);

#endif
