/* record.c — incremental TLS record-header parser (RFC 8446 5.1, RFC 5246 6.2). Sees the
 * bytes our push/pull functions move, so the ladder shows what crossed the wire, including
 * what GnuTLS's hooks never report (ChangeCipherSpec, plaintext alerts, non-TLS replies). */
#include <stdio.h>
#include <string.h>

#include "record.h"

void record_stream_init(struct record_stream *rs)
{
	memset(rs, 0, sizeof *rs);
}

static bool header_plausible(const uint8_t h[5])
{
	return h[0] >= REC_CCS && h[0] <= REC_HEARTBEAT && h[1] == 3 && h[2] <= 4;
}

static void emit_record(struct record_stream *rs, record_cb cb, void *arg)
{
	struct record_event ev = {
		.kind = RECORD_TLS,
		.type = rs->hdr[0],
		.version = (unsigned)rs->hdr[1] << 8 | rs->hdr[2],
		.len = rs->body_len,
		.hs_type = -1,
		.alert_level = -1,
		.alert_desc = -1,
		.encrypted = rs->encrypted,
		.offset = rs->rec_offset,
	};

	if (!rs->encrypted) {
		if (ev.type == REC_HANDSHAKE && rs->first_have >= 1)
			ev.hs_type = rs->first[0];
		if (ev.type == REC_ALERT && rs->first_have >= 2 && rs->body_len == 2) {
			ev.alert_level = rs->first[0];
			ev.alert_desc = rs->first[1];
		}
	}
	/* Application data records in TLS1.3 carry the encrypted handshake. */
	if (ev.type == REC_APPDATA)
		ev.encrypted = true;
	rs->nrecords++;
	if (cb)
		cb(arg, &ev);
	if (ev.type == REC_CCS)
		rs->encrypted = true;
}

static void emit_stop(struct record_stream *rs, enum record_kind kind, record_cb cb, void *arg)
{
	struct record_event ev = {
		.kind = kind,
		.type = rs->hdr[0],
		.version = (unsigned)rs->hdr[1] << 8 | rs->hdr[2],
		.len = (size_t)rs->hdr[3] << 8 | rs->hdr[4],
		.hs_type = -1,
		.alert_level = -1,
		.alert_desc = -1,
		.offset = rs->rec_offset,
	};
	if (kind == RECORD_SSL2)
		ev.len = ((size_t)(rs->hdr[0] & 0x7f) << 8) | rs->hdr[1];
	rs->stopped = true;
	if (cb)
		cb(arg, &ev);
}

void record_feed(struct record_stream *rs, const void *buf, size_t n, record_cb cb, void *arg)
{
	const uint8_t *p = buf;

	while (n > 0 && !rs->stopped) {
		if (rs->hdr_have < 5) {
			size_t take = 5 - rs->hdr_have;
			if (take > n)
				take = n;
			if (rs->hdr_have == 0)
				rs->rec_offset = rs->offset;
			memcpy(rs->hdr + rs->hdr_have, p, take);
			rs->hdr_have += take;
			p += take;
			n -= take;
			rs->offset += take;
			/* Decide early on the first byte so a short non-TLS reply is still named. */
			if (rs->hdr_have >= 1 && rs->nrecords == 0 && (rs->hdr[0] & 0x80) &&
			    rs->hdr_have >= 3) {
				emit_stop(rs, RECORD_SSL2, cb, arg);
				return;
			}
			if (rs->hdr_have < 5)
				continue;
			if (!header_plausible(rs->hdr)) {
				emit_stop(rs, (rs->hdr[0] & 0x80) && rs->nrecords == 0 ? RECORD_SSL2
										      : RECORD_NOT_TLS, cb, arg);
				return;
			}
			rs->body_len = (size_t)rs->hdr[3] << 8 | rs->hdr[4];
			if (rs->body_len > RECORD_MAX_LEN) {
				emit_stop(rs, RECORD_OVERSIZE, cb, arg);
				return;
			}
			rs->body_left = rs->body_len;
			rs->first_have = 0;
			if (rs->body_left == 0) {
				emit_record(rs, cb, arg);
				rs->hdr_have = 0;
			}
			continue;
		}
		{
			size_t take = rs->body_left < n ? rs->body_left : n;
			size_t done = rs->body_len - rs->body_left;	/* body bytes before p */

			for (size_t i = 0; i < take && done + i < sizeof rs->first; i++)
				rs->first[rs->first_have++] = p[i];
			p += take;
			n -= take;
			rs->offset += take;
			rs->body_left -= take;
			if (rs->body_left == 0) {
				emit_record(rs, cb, arg);
				rs->hdr_have = 0;
			}
		}
	}
}

/* A stream that ends inside the first header can still be classified by the caller from
 * the bytes it kept; this parser only judges whole headers. */

const char *record_type_name(unsigned type)
{
	static const char *const names[] = {
		[REC_CCS] = "ChangeCipherSpec", [REC_ALERT] = "Alert",
		[REC_HANDSHAKE] = "Handshake", [REC_APPDATA] = "ApplicationData",
		[REC_HEARTBEAT] = "Heartbeat",
	};
	if (type < sizeof names / sizeof names[0] && names[type])
		return names[type];
	return "unknown";
}

const char *record_hs_name(int t)
{
	static const struct { int t; const char *name; } hs[] = {
		{ 0, "HelloRequest" }, { 1, "ClientHello" }, { 2, "ServerHello" },
		{ 3, "HelloVerifyRequest" }, { 4, "NewSessionTicket" }, { 5, "EndOfEarlyData" },
		{ 8, "EncryptedExtensions" }, { 11, "Certificate" }, { 12, "ServerKeyExchange" },
		{ 13, "CertificateRequest" }, { 14, "ServerHelloDone" }, { 15, "CertificateVerify" },
		{ 16, "ClientKeyExchange" }, { 20, "Finished" }, { 21, "CertificateURL" },
		{ 22, "CertificateStatus" }, { 23, "SupplementalData" }, { 24, "KeyUpdate" },
		{ 254, "MessageHash" }, { 1025, "HelloRetryRequest" },
	};
	static __thread char buf[16];

	for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++)
		if (hs[i].t == t)
			return hs[i].name;
	snprintf(buf, sizeof buf, "type %d", t);
	return buf;
}
