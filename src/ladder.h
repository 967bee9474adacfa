/* ladder.h — one handshake message as one ladder step: its name, direction, bytes and a
 * one-line summary, worded once for every source of ladders (GnuTLS probes in probe.c,
 * raw hellos in scan.c, captures in pcap.c). What the message said comes back parsed, so
 * the caller fills its trace (negotiated version, certificates, DH size) from the same
 * read. Pure: no I/O, no allocation. */
#ifndef TLSWIZ_LADDER_H
#define TLSWIZ_LADDER_H
#include <stddef.h>

#include "hello.h"
#include "model.h"

/* The handshake type GnuTLS gives a HelloRetryRequest (on the wire it is a ServerHello). */
#define LADDER_HRR 1025

struct ladder_facts {
	bool parsed;			/* the body read as its type */
	struct hello_client ch;		/* ClientHello */
	struct hello_server sh;		/* ServerHello, HelloRetryRequest (sh.hrr) */
	size_t ncerts;			/* Certificate: how many */
	const unsigned char *leaf;	/* the first one (DER, inside body) */
	size_t leaf_len;
	struct hello_ske ske;		/* ServerKeyExchange */
	unsigned sigalg;		/* CertificateVerify */
};

/* type: the handshake type (LADDER_HRR as GnuTLS reports one); body without its 4-byte
 * header; version: what the ServerHello negotiated so far (0 unknown: a TLS1.3
 * Certificate has a context byte); kx: the suite's key exchange ("ECDHE", "DHE") for a
 * ServerKeyExchange, NULL to tell from the body. Fills out's dir, layer, bytes (message
 * with header), name and summary (sanitised); f may be NULL. */
void ladder_message(unsigned type, const void *body, size_t len, enum dir dir, unsigned version, const char *kx,
		    struct step *out, struct ladder_facts *f);

#endif
