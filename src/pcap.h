/* pcap.h — reading packet captures (pcap and pcapng, via libpcap): TCP streams are
 * reassembled (out of order, retransmits, gaps reported), TLS records and handshake
 * messages parsed across segments, and each connection becomes a trace with the same
 * ladder a live probe draws. Hostile input is normal here: everything is capped. */
#ifndef TLSWIZ_PCAP_H
#define TLSWIZ_PCAP_H
#include "model.h"

#define CAPTURE_MAX_CONNS 256

struct capture_conn {
	struct trace *trace;	/* label "client -> server"; steps with times from the first packet */
	char client[64], server[64];
	unsigned gaps;		/* bytes never seen (missing segments) */
	unsigned retransmits;
	unsigned out_of_order;
	bool tls;		/* at least one TLS record seen */
};

struct capture {
	struct capture_conn *conns;
	size_t n;
	size_t packets, skipped;	/* packets read; not IPv4/IPv6 TCP */
	bool truncated;		/* the file ended mid-packet or was cut */
	char error[256];
};

/* Read path. 0 ok (possibly with truncated set), -1 when the file cannot be read at all
 * (error set). Connections without any payload are left out. */
int capture_read(const char *path, struct capture *out);
void capture_free(struct capture *c);

/* Findings that one connection's ladder proves (net.reset, net.blackhole, net.not_tls,
 * tls.alert...), added to r with the connection's trace index. */
struct report;
void capture_judge(const struct capture_conn *c, int trace_index, struct report *r);

#endif
