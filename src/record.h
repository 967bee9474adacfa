/* record.h — a TLS record-layer parser for one direction of a byte stream, fed in pieces
 * as they cross the socket. It reports each record's header, the first handshake type or
 * the alert of plaintext records, ChangeCipherSpec, and bytes that are not TLS at all.
 * It never decrypts and never allocates. */
#ifndef TLSWIZ_RECORD_H
#define TLSWIZ_RECORD_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

enum { REC_CCS = 20, REC_ALERT = 21, REC_HANDSHAKE = 22, REC_APPDATA = 23, REC_HEARTBEAT = 24 };

/* Records longer than this are not TLS (RFC 8446 5.2: 2^14 + 256; TLS1.2 allows +2048). */
#define RECORD_MAX_LEN (16384 + 2048)

enum record_kind {
	RECORD_TLS,		/* a complete TLS record */
	RECORD_NOT_TLS,		/* the stream does not start like TLS; parsing stops */
	RECORD_SSL2,		/* an SSLv2 record header (high bit set) */
	RECORD_OVERSIZE,	/* a header with an impossible length; parsing stops */
};

struct record_event {
	enum record_kind kind;
	unsigned type;		/* content type */
	unsigned version;	/* record-layer version */
	size_t len;		/* body length */
	int hs_type;		/* plaintext handshake: first message type, else -1 */
	int alert_level;	/* plaintext alert, else -1 */
	int alert_desc;
	bool encrypted;		/* after this direction's CCS / when told so */
	size_t offset;		/* stream offset of the record header */
};

typedef void (*record_cb)(void *arg, const struct record_event *ev);

struct record_stream {
	uint8_t hdr[5];
	size_t hdr_have;
	size_t body_left;
	uint8_t first[4];	/* first bytes of the body */
	size_t first_have;
	size_t body_len;
	size_t offset;		/* bytes seen so far */
	size_t rec_offset;
	bool encrypted;		/* set after a CCS in TLS <= 1.2, or by the caller (TLS1.3) */
	bool stopped;		/* not TLS: nothing more is parsed */
	unsigned nrecords;
};

void record_stream_init(struct record_stream *rs);
/* Feed bytes; cb fires for every complete record (and once for not-TLS). */
void record_feed(struct record_stream *rs, const void *buf, size_t n, record_cb cb, void *arg);
/* Name of a content type ("Handshake", "Alert"...). */
const char *record_type_name(unsigned type);
/* Name of a handshake message type ("ClientHello"...), "type N" when unknown. */
const char *record_hs_name(int hs_type);

#endif
