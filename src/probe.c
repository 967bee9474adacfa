/* probe.c — a GnuTLS client handshake recorded message by message (doc/design.md, path
 * 2, and "GnuTLS 3.7.9 behaviours"). Names and bodies come from the handshake hook (PRE);
 * wire times, ChangeCipherSpec, plaintext alerts and non-TLS bytes from our record parser
 * inside the push/pull functions. Never auto-verifies; never blocks past the deadline. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "alert.h"
#include "hello.h"
#include "ladder.h"
#include "net.h"
#include "probe.h"
#include "probe_errors.h"
#include "proxy.h"
#include "rd.h"
#include "record.h"
#include "starttls.h"
#include "suites.h"
#include "target.h"
#include "text.h"
#include "trace.h"
#include "xmalloc.h"

/* Our own hook return code: stop right after the ServerHello. */
#define PROBE_E_STOP_EARLY (GNUTLS_E_APPLICATION_ERROR_MIN + 1)	/* stop_after_server_hello / _certificate */

#define PEND_MAX 32

struct pstate {
	struct trace *t;
	gnutls_session_t s;
	int fd;
	double t0;
	struct record_stream rx, tx;
	int pend[PEND_MAX];		/* outgoing hook steps waiting for their bytes */
	size_t npend;
	int rx_errno, tx_errno;
	bool eof;
	size_t server_bytes;
	unsigned version;		/* from the ServerHello, 0 before */
	bool stop_after_sh;
	bool stopped_after_sh;
	bool stop_after_cert;		/* stop at the message after the server's Certificate */
	bool cert_seen;
	bool stopped_after_cert;
	int not_tls_step;
	bool handshake_done;	/* past the handshake: no size cap on reads */
	bool too_much;		/* the server sent more than PROBE_MAX_HS during the handshake */
};

static gnutls_certificate_credentials_t shared_cred;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void global_init_once(void)
{
	gnutls_global_init();
	gnutls_certificate_allocate_credentials(&shared_cred);
}

void probe_global_init(void)
{
	pthread_once(&init_once, global_init_once);
}

/* Credentials with a client certificate, one per (cert, key) pair, loaded once and shared
 * read-only (GnuTLS credentials are thread-safe once set up). */
static struct {
	char cert[TW_PATH_MAX], key[TW_PATH_MAX];
	gnutls_certificate_credentials_t cred;
	int err;
} client_creds[4];
static pthread_mutex_t creds_lock = PTHREAD_MUTEX_INITIALIZER;

static gnutls_certificate_credentials_t cred_for(const struct target *t, int *err)
{
	gnutls_certificate_credentials_t c = shared_cred;
	size_t i;

	*err = 0;
	if (!t->certfile[0])
		return c;
	pthread_mutex_lock(&creds_lock);
	for (i = 0; i < sizeof client_creds / sizeof client_creds[0]; i++) {
		if (!client_creds[i].cert[0]) {
			snprintf(client_creds[i].cert, sizeof client_creds[i].cert, "%s", t->certfile);
			snprintf(client_creds[i].key, sizeof client_creds[i].key, "%s", t->keyfile);
			gnutls_certificate_allocate_credentials(&client_creds[i].cred);
			client_creds[i].err = gnutls_certificate_set_x509_key_file(client_creds[i].cred,
				t->certfile, t->keyfile, GNUTLS_X509_FMT_PEM);
			if (client_creds[i].err > 0)
				client_creds[i].err = 0;
		}
		if (!strcmp(client_creds[i].cert, t->certfile) && !strcmp(client_creds[i].key, t->keyfile))
			break;
	}
	if (i < sizeof client_creds / sizeof client_creds[0]) {
		*err = client_creds[i].err;
		c = client_creds[i].cred;
	}
	pthread_mutex_unlock(&creds_lock);
	return c;
}

static double now_rel(const struct pstate *ps)
{
	return net_now_ms() - ps->t0;
}

/* ---- record parser events → steps ---- */

static void on_record(struct pstate *ps, const struct record_event *ev, enum dir dir)
{
	struct trace *t = ps->t;
	double now = now_rel(ps);

	if (ev->kind == RECORD_NOT_TLS || ev->kind == RECORD_SSL2 || ev->kind == RECORD_OVERSIZE) {
		if (dir != DIR_S2C)
			return;
		if (ev->kind == RECORD_NOT_TLS) {
			t->banner = net_banner(t->first_bytes, t->nfirst);
			ps->not_tls_step = trace_add_step(t, now, DIR_S2C, LAYER_APP, (unsigned)t->nfirst,
				"not TLS", "%s reply: %s", banner_name(t->banner), t->first_text);
		} else if (ev->kind == RECORD_SSL2) {
			trace_add_step(t, now, DIR_S2C, LAYER_RECORD, (unsigned)ev->len + 2,
				       "SSLv2 record", "an SSLv2-format reply");
		} else {
			ps->not_tls_step = trace_add_step(t, now, DIR_S2C, LAYER_RECORD, 5,
				"bad record", "record header claims %zu bytes (TLS allows %d)",
				ev->len, RECORD_MAX_LEN);
		}
		return;
	}
	if (ev->type == REC_CCS) {
		trace_add_step(t, now, dir, LAYER_RECORD, (unsigned)ev->len + 5, "ChangeCipherSpec",
			       "%s", dir == DIR_C2S ? "client switches to encrypted records"
						    : "server switches to encrypted records");
		return;
	}
	if (ev->type == REC_ALERT && ev->alert_desc >= 0) {
		char name[48];
		snprintf(name, sizeof name, "alert %s(%d)", alert_name(ev->alert_desc), ev->alert_desc);
		trace_add_step(t, now, dir, LAYER_ALERT, (unsigned)ev->len + 5, name, "%s: %s",
			       ev->alert_level == 2 ? "fatal" : "warning",
			       alert_lookup(ev->alert_desc) ? alert_lookup(ev->alert_desc)->meaning : "unassigned code");
		if (dir == DIR_S2C) {
			t->alert = ev->alert_desc;
			t->alert_level = ev->alert_level;
		}
		return;
	}
	/* Outgoing handshake bytes: give the waiting hook step its wire time and size. */
	if (dir == DIR_C2S && (ev->type == REC_HANDSHAKE || ev->type == REC_APPDATA) && ps->npend) {
		struct step *st = &t->steps[ps->pend[0]];
		st->t_ms = now;
		st->bytes = (unsigned)ev->len + 5;
		memmove(ps->pend, ps->pend + 1, (ps->npend - 1) * sizeof ps->pend[0]);
		ps->npend--;
	}
}

static void on_rx_record(void *arg, const struct record_event *ev)
{
	on_record(arg, ev, DIR_S2C);
}

static void on_tx_record(void *arg, const struct record_event *ev)
{
	on_record(arg, ev, DIR_C2S);
}

static void keep_first_bytes(struct pstate *ps, const unsigned char *p, size_t n)
{
	struct trace *t = ps->t;
	size_t take = sizeof t->first_bytes - t->nfirst;
	size_t line;

	if (take == 0)
		return;
	if (take > n)
		take = n;
	memcpy(t->first_bytes + t->nfirst, p, take);
	t->nfirst += take;
	/* The first line is the evidence an operator recognises ("HTTP/1.1 400 ..."). */
	for (line = 0; line < t->nfirst; line++)
		if (t->first_bytes[line] == '\r' || t->first_bytes[line] == '\n')
			break;
	text_sanitize(t->first_text, sizeof t->first_text, t->first_bytes, line ? line : t->nfirst);
	/* Binary greetings: name what an operator would recognise. */
	if (t->nfirst > 5 && t->first_bytes[3] == 0 && t->first_bytes[4] == 0x0a &&
	    net_banner(t->first_bytes, t->nfirst) == BANNER_MYSQL) {
		char ver[48];
		size_t k = 5;
		while (k < t->nfirst && k < 5 + 40 && t->first_bytes[k])
			k++;
		text_sanitize(ver, sizeof ver, t->first_bytes + 5, k - 5);
		snprintf(t->first_text, sizeof t->first_text, "MySQL greeting, server version %s", ver);
	} else if (net_banner(t->first_bytes, t->nfirst) == BANNER_LDAP) {
		snprintf(t->first_text, sizeof t->first_text,
			 "LDAP Notice of Disconnection (1.3.6.1.4.1.1466.20036): it did not understand a ClientHello");
	}
}

static ssize_t pull_fn(gnutls_transport_ptr_t ptr, void *buf, size_t len)
{
	struct pstate *ps = ptr;
	ssize_t n;

	/* A hostile server may stream megabytes that GnuTLS would buffer: cut the handshake
	 * off once it has sent more than any honest handshake needs. */
	if (!ps->handshake_done && ps->server_bytes > PROBE_MAX_HS + 64 * 1024) {
		ps->too_much = true;
		gnutls_transport_set_errno(ps->s, EMSGSIZE);
		errno = EMSGSIZE;
		return -1;
	}
	n = recv(ps->fd, buf, len, 0);
	if (n > 0) {
		keep_first_bytes(ps, buf, (size_t)n);
		ps->server_bytes += (size_t)n;
		ps->t->bytes_in += (unsigned)n;
		record_feed(&ps->rx, buf, (size_t)n, on_rx_record, ps);
	} else if (n == 0) {
		ps->eof = true;
	} else {
		if (errno != EAGAIN && errno != EINTR)
			ps->rx_errno = errno;
		gnutls_transport_set_errno(ps->s, errno);
	}
	return n;
}

static ssize_t push_fn(gnutls_transport_ptr_t ptr, const void *buf, size_t len)
{
	struct pstate *ps = ptr;
	ssize_t n = send(ps->fd, buf, len, MSG_NOSIGNAL);

	if (n > 0) {
		ps->t->bytes_out += (unsigned)n;
		record_feed(&ps->tx, buf, (size_t)n, on_tx_record, ps);
	} else if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			ps->tx_errno = errno;
		gnutls_transport_set_errno(ps->s, errno);
	}
	return n;
}

static int pull_timeout_fn(gnutls_transport_ptr_t ptr, unsigned int ms)
{
	struct pstate *ps = ptr;
	struct pollfd pfd = { .fd = ps->fd, .events = POLLIN };
	int r = poll(&pfd, 1, (int)(ms > 1000 ? 1000 : ms));
	return r < 0 ? -1 : r;
}

/* ---- hook: one step per handshake message, worded by ladder.c ---- */

static int hook_fn(gnutls_session_t s, unsigned htype, unsigned when, unsigned incoming,
		   const gnutls_datum_t *msg)
{
	struct pstate *ps = gnutls_session_get_ptr(s);
	struct trace *t = ps->t;
	enum dir dir = incoming ? DIR_S2C : DIR_C2S;
	struct ladder_facts f;
	struct step st;
	int idx;

	if (when != GNUTLS_HOOK_PRE)
		return 0;
	ladder_message(htype, msg->data, msg->size, dir, ps->version, NULL, &st, &f);
	idx = trace_add_step(t, now_rel(ps), st.dir, st.layer, st.bytes, st.name, "%s", st.summary);
	if (!incoming && ps->npend < PEND_MAX)
		ps->pend[ps->npend++] = idx;
	if (incoming && ps->rx.encrypted)
		t->steps[idx].flags |= STEP_ENCRYPTED;
	if (ps->version == 0x0304 && htype != GNUTLS_HANDSHAKE_SERVER_HELLO &&
	    htype != GNUTLS_HANDSHAKE_CLIENT_HELLO && htype != GNUTLS_HANDSHAKE_HELLO_RETRY_REQUEST)
		t->steps[idx].flags |= STEP_ENCRYPTED;

	switch (htype) {
	case GNUTLS_HANDSHAKE_SERVER_HELLO:
		if (f.parsed) {
			t->server_hello_seen = true;
			ps->version = f.sh.version;
			t->neg.version = f.sh.version;
			t->neg.suite = f.sh.suite;
			snprintf(t->neg.version_name, sizeof t->neg.version_name, "%s", tls_version_name(f.sh.version));
			snprintf(t->neg.suite_name, sizeof t->neg.suite_name, "%s", suite_name(f.sh.suite));
			if (f.sh.group)
				snprintf(t->neg.group, sizeof t->neg.group, "%s", group_name(f.sh.group));
		}
		if (ps->stop_after_sh) {
			ps->stopped_after_sh = true;
			return PROBE_E_STOP_EARLY;
		}
		break;
	case GNUTLS_HANDSHAKE_CERTIFICATE_PKT:
		ps->cert_seen |= incoming;
		break;
	case GNUTLS_HANDSHAKE_SERVER_KEY_EXCHANGE:
		if (f.ske.curve && !t->neg.group[0])
			snprintf(t->neg.group, sizeof t->neg.group, "%s", group_name(f.ske.curve));
		if (f.ske.dh_bits)
			t->neg.dh_bits = (int)f.ske.dh_bits;
		break;
	case GNUTLS_HANDSHAKE_CERTIFICATE_REQUEST:
		t->cert_requested = true;
		break;
	case GNUTLS_HANDSHAKE_CERTIFICATE_STATUS:
		t->staple = true;
		break;
	default:
		break;
	}
	if (incoming && ps->stop_after_cert && ps->cert_seen && htype != GNUTLS_HANDSHAKE_CERTIFICATE_PKT) {
		/* the message after the Certificate: that one is processed, its chain is the
		 * peers' list now; this one is noted on the ladder and not acted on */
		ps->stopped_after_cert = true;
		return PROBE_E_STOP_EARLY;
	}
	return 0;
}

/* ---- outcome classification ---- */

static void read_more_evidence(struct pstate *ps, double deadline)
{
	unsigned char buf[64];
	double until = net_now_ms() + 150;

	if (until > deadline)
		until = deadline;
	while (ps->t->nfirst < sizeof ps->t->first_bytes && net_wait(ps->fd, POLLIN, until, NULL) == 1) {
		ssize_t n = recv(ps->fd, buf, sizeof ps->t->first_bytes - ps->t->nfirst, 0);
		if (n <= 0)
			break;
		keep_first_bytes(ps, buf, (size_t)n);
	}
	ps->t->banner = net_banner(ps->t->first_bytes, ps->t->nfirst);
	if (ps->not_tls_step >= 0) {
		struct step *st = &ps->t->steps[ps->not_tls_step];
		st->bytes = (unsigned)ps->t->nfirst;
		snprintf(st->summary, sizeof st->summary, "%s reply: %s", banner_name(ps->t->banner),
			 ps->t->first_text);
	}
}

static const char *last_server_msg(const struct trace *t)
{
	for (size_t i = t->nsteps; i-- > 0;)
		if (t->steps[i].dir == DIR_S2C)
			return t->steps[i].name;
	return NULL;
}

static void classify_failure(struct pstate *ps, int ret, double deadline, bool timed_out)
{
	struct trace *t = ps->t;
	double now = now_rel(ps);
	const char *last = last_server_msg(t);

	t->tls_error = ret;
	if (ret)
		snprintf(t->tls_error_name, sizeof t->tls_error_name, "%s",
			 gnutls_strerror_name(ret) ? gnutls_strerror_name(ret) : "GNUTLS_E_?");

	if (ps->too_much) {
		trace_add_step(t, now, DIR_LOCAL, LAYER_HANDSHAKE, 0, "client aborts",
			       "more than %u KiB without finishing the handshake", (PROBE_MAX_HS + 64 * 1024) / 1024);
		trace_set_outcome(t, OUTCOME_TLS_ERROR, "the server sent more than %u KiB without finishing the handshake%s%s",
				  (PROBE_MAX_HS + 64 * 1024) / 1024, last ? " (in " : "", last ? last : "");
		if (last)
			strncat(t->reason, ")", sizeof t->reason - strlen(t->reason) - 1);
		return;
	}
	/* A malformed record after real TLS records (or a length TLS never allows) is a broken
	 * or hostile TLS server, not a plaintext service. */
	if (ps->rx.stopped && ps->not_tls_step >= 0 &&
	    (ps->rx.nrecords > 0 || !strcmp(t->steps[ps->not_tls_step].name, "bad record"))) {
		t->steps[ps->not_tls_step].flags |= STEP_FAIL;
		trace_set_outcome(t, OUTCOME_TLS_ERROR, "the server sent a malformed TLS record%s%s: %s",
				  last && ps->rx.nrecords ? " after " : "", last && ps->rx.nrecords ? last : "",
				  t->steps[ps->not_tls_step].summary);
		return;
	}
	if (ps->rx.stopped && ps->not_tls_step >= 0) {
		read_more_evidence(ps, deadline);
		trace_set_outcome(t, OUTCOME_NOT_TLS, "the server answered with %s, not TLS: \"%s\"",
				  t->banner == BANNER_OTHER ? "something" : banner_name(t->banner),
				  t->first_text);
		t->steps[ps->not_tls_step].flags |= STEP_FAIL;
		return;
	}
	if (timed_out) {
		trace_add_step(t, now, DIR_LOCAL, LAYER_TCP, 0, "timeout", "nothing more from the server");
		if (ps->server_bytes == 0)
			trace_set_outcome(t, OUTCOME_SILENCE,
				"no reply to the ClientHello: the connection is open but the server stays silent");
		else
			trace_set_outcome(t, OUTCOME_STALL, "the handshake stalled after %s: the server sent nothing more",
					  last ? last : "the first bytes");
		return;
	}
	if (ret == GNUTLS_E_FATAL_ALERT_RECEIVED || ret == GNUTLS_E_WARNING_ALERT_RECEIVED) {
		int a = (int)gnutls_alert_get(ps->s);
		t->alert = a;
		if (t->alert_level < 0)
			t->alert_level = ret == GNUTLS_E_FATAL_ALERT_RECEIVED ? 2 : 1;
		/* Encrypted alerts never reach the record parser. */
		if (!last || strncmp(last, "alert ", 6) != 0) {
			char name[48];
			int i;
			snprintf(name, sizeof name, "alert %s(%d)", alert_name(a), a);
			i = trace_add_step(t, now, DIR_S2C, LAYER_ALERT, 0, name, "%s (encrypted)",
					   alert_lookup(a) ? alert_lookup(a)->meaning : "unassigned code");
			t->steps[i].flags |= STEP_ENCRYPTED;
		}
		trace_set_outcome(t, OUTCOME_ALERT, "the server refused with alert %s(%d)",
				  alert_name(a), a);
		return;
	}
	if (ps->rx_errno == ECONNRESET || ps->tx_errno == ECONNRESET || ps->tx_errno == EPIPE) {
		t->sys_errno = ECONNRESET;
		trace_add_step(t, now, DIR_S2C, LAYER_TCP, 0, "RST", "connection reset by the server side");
		if (ps->server_bytes == 0)
			trace_set_outcome(t, OUTCOME_RESET,
				"the connection was reset right after the ClientHello (no TLS reply)");
		else
			trace_set_outcome(t, OUTCOME_RESET, "the connection was reset after %s",
					  last ? last : "the first bytes");
		return;
	}
	if (ps->eof || ret == GNUTLS_E_PREMATURE_TERMINATION) {
		trace_add_step(t, now, DIR_S2C, LAYER_TCP, 0, "FIN", "the server closed the connection");
		/* whole TLS records came, but not one handshake message the library could
		 * read (a record of garbage): not "closed after the ClientHello" */
		if (ps->server_bytes > 0 && ps->rx.nrecords > 0 && !t->server_hello_seen) {
			trace_set_outcome(t, OUTCOME_TLS_ERROR,
				"the server sent %zu bytes in %u TLS record%s that hold no valid handshake message, "
				"then closed the connection", ps->server_bytes, ps->rx.nrecords, ps->rx.nrecords == 1 ? "" : "s");
			return;
		}
		if (ps->server_bytes == 0)
			trace_set_outcome(t, OUTCOME_EOF,
				"the server closed the connection right after the ClientHello, without a TLS alert");
		else
			trace_set_outcome(t, OUTCOME_EOF, "the server closed the connection after %s without a TLS alert",
					  last ? last : "the first bytes");
		return;
	}
	if (ps->rx_errno) {
		t->sys_errno = ps->rx_errno;
		trace_add_step(t, now, DIR_LOCAL, LAYER_TCP, 0, "socket error", "%s", net_errno_words(ps->rx_errno));
		trace_set_outcome(t, OUTCOME_RESET, "reading from the server failed: %s",
				  net_errno_words(ps->rx_errno));
		return;
	}
	{
		/* Words that fit what the server actually did. */
		unsigned alerts = 0;
		const char *words = probe_error_words(ret);
		char buf[160];
		for (size_t i = 0; i < t->nsteps; i++)
			alerts += t->steps[i].dir == DIR_S2C && t->steps[i].layer == LAYER_ALERT;
		if (alerts + t->steps_dropped >= 8) {
			snprintf(buf, sizeof buf, "the server floods the connection with alerts (%u and more)",
				 alerts + t->steps_dropped);
			words = buf;
		} else if (ret == GNUTLS_E_UNEXPECTED_PACKET && last) {
			snprintf(buf, sizeof buf, "the server sent a message the handshake does not allow here");
			words = buf;
		} else if (ret == GNUTLS_E_HANDSHAKE_TOO_LARGE) {
			snprintf(buf, sizeof buf, "a handshake message is larger than %u KiB (refused)", PROBE_MAX_HS / 1024);
			words = buf;
		}
		trace_add_step(t, now, DIR_LOCAL, LAYER_HANDSHAKE, 0, "client aborts", "%s (%s)",
			       words, t->tls_error_name);
		trace_set_outcome(t, OUTCOME_TLS_ERROR, "%s%s%s", words, last ? " after " : "", last ? last : "");
	}
}

/* ---- after a successful handshake ---- */

static void record_negotiated(struct pstate *ps)
{
	struct trace *t = ps->t;
	gnutls_session_t s = ps->s;
	gnutls_datum_t alpn;
	const gnutls_datum_t *peers;
	unsigned npeers = 0;
	const char *cs = gnutls_ciphersuite_get(s);
	gnutls_protocol_t p = gnutls_protocol_get_version(s);
	gnutls_group_t g = gnutls_group_get(s);
	gnutls_sign_algorithm_t sig = gnutls_sign_algorithm_get(s);

	if (p == GNUTLS_TLS1_0)
		t->neg.version = 0x0301;
	else if (p == GNUTLS_TLS1_1)
		t->neg.version = 0x0302;
	else if (p == GNUTLS_TLS1_2)
		t->neg.version = 0x0303;
	else if (p == GNUTLS_TLS1_3)
		t->neg.version = 0x0304;
	snprintf(t->neg.version_name, sizeof t->neg.version_name, "%s", tls_version_name(t->neg.version));
	if (cs)
		snprintf(t->neg.suite_name, sizeof t->neg.suite_name, "%s", cs);
	if (g && gnutls_group_get_name(g))
		snprintf(t->neg.group, sizeof t->neg.group, "%s", gnutls_group_get_name(g));
	if (sig && gnutls_sign_get_name(sig))
		snprintf(t->neg.sigalg, sizeof t->neg.sigalg, "%s", gnutls_sign_get_name(sig));
	if (gnutls_alpn_get_selected_protocol(s, &alpn) == 0)
		text_sanitize(t->neg.alpn, sizeof t->neg.alpn, alpn.data, alpn.size);
	if (gnutls_kx_get(s) == GNUTLS_KX_DHE_RSA || gnutls_kx_get(s) == GNUTLS_KX_DHE_DSS)
		t->neg.dh_bits = gnutls_dh_get_prime_bits(s);
	t->neg.resumed = gnutls_session_is_resumed(s) != 0;
	peers = gnutls_certificate_get_peers(s, &npeers);
	for (unsigned i = 0; peers && i < npeers; i++)
		trace_add_cert(t, peers[i].data, peers[i].size);
	{
		/* The staple in TLS1.3 sits inside Certificate; the API covers both. */
		gnutls_datum_t resp;
		if (gnutls_ocsp_status_request_get2(s, 0, &resp) == 0 && resp.size) {
			t->staple = true;
			t->ocsp.data = xmemdup(resp.data, resp.size);
			t->ocsp.len = resp.size;
		}
	}
}

/* HEAD / over the finished session: the server's clock and software, for clock-skew and
 * configuration advice. Capped at 8 KiB of headers and the probe's deadline. */
static void http_head(struct pstate *ps, const char *host, double deadline, const volatile int *cancel)
{
	char req[512], buf[8192];
	size_t n = 0;
	ssize_t r;

	if (deadline > net_now_ms() + 1000)
		deadline = net_now_ms() + 1000;	/* a non-HTTP service would make us wait in vain */
	snprintf(req, sizeof req, "HEAD / HTTP/1.1\r\nHost: %s\r\nUser-Agent: tlswiz\r\nConnection: close\r\n\r\n", host);
	for (size_t off = 0; off < strlen(req);) {
		r = gnutls_record_send(ps->s, req + off, strlen(req) - off);
		if (r > 0) {
			off += (size_t)r;
			continue;
		}
		if ((r != GNUTLS_E_AGAIN && r != GNUTLS_E_INTERRUPTED) ||
		    net_wait(ps->fd, POLLOUT, deadline, cancel) != 1)
			return;
	}
	while (n < sizeof buf - 1 && !memmem(buf, n, "\r\n\r\n", 4)) {
		r = gnutls_record_recv(ps->s, buf + n, sizeof buf - 1 - n);
		if (r > 0) {
			n += (size_t)r;
			continue;
		}
		if (r == 0 || (r != GNUTLS_E_AGAIN && r != GNUTLS_E_INTERRUPTED) ||
		    net_wait(ps->fd, POLLIN, deadline, cancel) != 1)
			break;
	}
	buf[n] = '\0';
	if (sscanf(buf, "HTTP/%*d.%*d %d", &ps->t->http_status) != 1)
		return;
	for (char *save = NULL, *line = strtok_r(buf, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		if (!strncasecmp(line, "Date:", 5)) {
			struct tm tm = { 0 };
			const char *v = line + 5 + strspn(line + 5, " ");
			if (strptime(v, "%a, %d %b %Y %H:%M:%S GMT", &tm)) {
				ps->t->http_date = timegm(&tm);
				ps->t->http_date_set = true;
			}
		} else if (!strncasecmp(line, "Server:", 7)) {
			text_sanitize_str(ps->t->http_server, sizeof ps->t->http_server,
					  line + 7 + strspn(line + 7, " "));
		}
	}
	trace_add_step(ps->t, now_rel(ps), DIR_S2C, LAYER_APP, (unsigned)n, "HTTP reply", "HEAD / -> %d%s%s",
		       ps->t->http_status, ps->t->http_server[0] ? ", Server: " : "", ps->t->http_server);
}

static void keep_peer_certs(struct pstate *ps)
{
	const gnutls_datum_t *peers;
	unsigned npeers = 0;

	if (ps->t->ncerts)
		return;
	peers = gnutls_certificate_get_peers(ps->s, &npeers);
	for (unsigned i = 0; peers && i < npeers; i++)
		trace_add_cert(ps->t, peers[i].data, peers[i].size);
}

/* TLS1.3 client-certificate failures arrive after gnutls_handshake() returns. */
static void post_handshake_read(struct pstate *ps, double deadline, const volatile int *cancel)
{
	double until = net_now_ms() + 500;
	char buf[512];

	if (until > deadline)
		until = deadline;
	for (;;) {
		ssize_t r = gnutls_record_recv(ps->s, buf, sizeof buf);
		if (r > 0 || r == 0)
			return;
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
			if (net_wait(ps->fd, POLLIN, until, cancel) != 1)
				return;
			continue;
		}
		if (r == GNUTLS_E_FATAL_ALERT_RECEIVED || r == GNUTLS_E_WARNING_ALERT_RECEIVED ||
		    r == GNUTLS_E_CERTIFICATE_REQUIRED || r == GNUTLS_E_PREMATURE_TERMINATION ||
		    r == GNUTLS_E_PULL_ERROR)
			classify_failure(ps, (int)r, deadline, false);
		return;
	}
}

/* ---- the attempt ---- */

static void add_dns_step(struct trace *t, const char *name, const struct net_resolved *res,
			 bool connect_to)
{
	char list[160] = "";
	size_t o = 0;

	for (size_t i = 0; i < res->n && i < 3; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", res->addrs[i].text);
	if (res->n > 3)
		snprintf(list + o, sizeof list - o, " +%zu", res->n - 3);
	if (connect_to)
		trace_add_step(t, 0, DIR_LOCAL, LAYER_DNS, 0, "DNS", "--connect-to %s (%.1f ms)", list, res->ms);
	else
		trace_add_step(t, 0, DIR_LOCAL, LAYER_DNS, 0, "DNS", "%s -> %s (%.1f ms)", name, list, res->ms);
}

static int setup_session(struct pstate *ps, const struct target *tg, const struct probe_opts *o,
			 const char *sni)
{
	const char *prio = o->priority ? o->priority : PROBE_PRIORITY_DEFAULT;
	const char *err = NULL;
	int r;

	r = gnutls_init(&ps->s, GNUTLS_CLIENT | GNUTLS_NONBLOCK | GNUTLS_NO_SIGNAL);
	if (r == 0)
		gnutls_handshake_set_max_packet_length(ps->s, PROBE_MAX_HS);
	if (r < 0)
		return r;
	gnutls_session_set_ptr(ps->s, ps);
	r = gnutls_priority_set_direct(ps->s, prio, &err);
	if (r < 0)
		return r;
	{
		int cerr;
		gnutls_certificate_credentials_t cred = cred_for(tg, &cerr);
		if (cerr < 0)
			return cerr;
		r = gnutls_credentials_set(ps->s, GNUTLS_CRD_CERTIFICATE, cred);
		if (r < 0)
			return r;
	}
	if (sni[0])
		gnutls_server_name_set(ps->s, GNUTLS_NAME_DNS, sni, strlen(sni));
	if (o->alpn) {
		gnutls_datum_t protos[4];
		char buf[128];
		unsigned n = 0;
		snprintf(buf, sizeof buf, "%s", o->alpn);
		for (char *save = NULL, *p = strtok_r(buf, ",", &save); p && n < 4;
		     p = strtok_r(NULL, ",", &save)) {
			protos[n].data = (unsigned char *)p;
			protos[n].size = (unsigned)strlen(p);
			n++;
		}
		gnutls_alpn_set_protocols(ps->s, protos, n, 0);
	}
	if (o->max_record)
		gnutls_record_set_max_size(ps->s, o->max_record);
	gnutls_handshake_set_hook_function(ps->s, GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_PRE, hook_fn);
	gnutls_transport_set_ptr(ps->s, ps);
	gnutls_transport_set_push_function(ps->s, push_fn);
	gnutls_transport_set_pull_function(ps->s, pull_fn);
	gnutls_transport_set_pull_timeout_function(ps->s, pull_timeout_fn);
	return 0;
}

static struct trace *fail_local(struct trace *t, const char *fmt, const char *detail)
{
	trace_set_outcome(t, OUTCOME_LOCAL, fmt, detail);
	return t;
}

/* Environment proxies are for the outside world; loopback targets (the lab, tests, a
 * local server) are always reached directly. */
static bool is_loopback_name(const char *h)
{
	return !strcmp(h, "localhost") || !strncmp(h, "127.", 4) || !strcmp(h, "::1");
}

struct trace *probe_tls(const struct target *tg, const struct probe_opts *o,
			const volatile int *cancel)
{
	static const struct probe_opts defaults = { .kind = TK_DEFAULT, .label = "default" };
	struct pstate ps = { .fd = -1, .not_tls_step = -1 };
	struct net_resolved res;
	enum outcome oc;
	const char *name, *sni, *dest, *starttls;
	struct proxy_url px;
	bool use_proxy = false;
	int timeout, fd, err, ret;
	double deadline, tc;

	if (!o)
		o = &defaults;
	probe_global_init();
	ps.t = trace_new(o->label ? o->label : o->kind ? trace_kind_label(o->kind) : "default");
	ps.t->kind = o->kind || o->label ? o->kind : TK_DEFAULT;
	ps.t0 = net_now_ms();
	record_stream_init(&ps.rx);
	record_stream_init(&ps.tx);
	timeout = o->timeout_ms > 0 ? o->timeout_ms : tg->timeout_ms > 0 ? tg->timeout_ms : 5000;
	if (o->sni_override)
		sni = o->sni_mode == SNI_NONE ? "" : o->sni ? o->sni : "";
	else
		sni = target_sni(tg);
	text_sanitize_str(ps.t->sni, sizeof ps.t->sni, sni);
	ps.stop_after_sh = o->stop_after_server_hello;
	ps.stop_after_cert = o->stop_after_certificate;

	starttls = o->starttls[0] ? o->starttls : tg->starttls;
	if (starttls[0] && !starttls_known(starttls))
		return fail_local(ps.t, "STARTTLS for \"%s\" is not supported (smtp, imap, pop3, ftp, postgres, xmpp, ldap, mysql)", starttls);
	dest = tg->connect_to[0] ? tg->connect_to : tg->host;
	/* Loopback names never go through a proxy (like NO_PROXY=localhost); --connect-to with a
	 * proxy names the tunnel's destination. */
	if (tg->proxy[0] && !o->no_proxy && !proxy_bypassed(tg->host) && !is_loopback_name(tg->host)) {
		if (proxy_parse(tg->proxy, &px) < 0)
			return fail_local(ps.t, "cannot read the proxy URL \"%s\" (want http://[user:pass@]host:port)", tg->proxy);
		use_proxy = true;
	}

	/* DNS */
	name = use_proxy ? px.host : dest;
	if (net_resolve(name, use_proxy ? px.port : tg->port, tg->family, timeout, &res) < 0) {
		ps.t->dns_ms = res.ms;
		trace_add_step(ps.t, res.ms, DIR_LOCAL, LAYER_DNS, 0, "DNS", "%s: %s", name, res.error);
		if (use_proxy) {
			trace_set_outcome(ps.t, OUTCOME_PROXY, "the proxy %s does not resolve: %s", name, res.error);
		} else {
			trace_set_outcome(ps.t, OUTCOME_DNS, "%s does not resolve: %s", name, res.error);
		}
		ps.t->total_ms = now_rel(&ps);
		return ps.t;
	}
	ps.t->dns_ms = res.ms;
	ps.t->naddrs = (unsigned)res.n;
	add_dns_step(ps.t, name, &res, tg->connect_to[0] != 0 && !use_proxy);
	{
		const struct net_addr *a = &res.addrs[o->addr_index >= 0 && (size_t)o->addr_index < res.n ? o->addr_index : 0];
		snprintf(ps.t->addr, sizeof ps.t->addr, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u",
			 a->text, use_proxy ? px.port : tg->port);

		/* TCP */
		tc = now_rel(&ps);
		trace_add_step(ps.t, tc, DIR_C2S, LAYER_TCP, 0, "SYN", "connect to %s%s", ps.t->addr,
			       use_proxy ? " (proxy)" : "");
		fd = net_connect(a, timeout, &oc, &err, cancel);
	}
	if (fd < 0) {
		double now = now_rel(&ps);
		ps.t->sys_errno = err;
		if (oc == OUTCOME_CANCELLED) {
			trace_set_outcome(ps.t, OUTCOME_CANCELLED, "cancelled");
		} else if (oc == OUTCOME_REFUSED) {
			trace_add_step(ps.t, now, DIR_S2C, LAYER_TCP, 0, "RST", "port %u closed", use_proxy ? px.port : tg->port);
			trace_set_outcome(ps.t, use_proxy ? OUTCOME_PROXY : oc, "%s%s", use_proxy ? "proxy: " : "",
					  net_errno_words(err));
		} else if (oc == OUTCOME_FILTERED) {
			trace_add_step(ps.t, now, DIR_LOCAL, LAYER_TCP, 0, "timeout", "no SYN-ACK in %d ms", timeout);
			trace_set_outcome(ps.t, use_proxy ? OUTCOME_PROXY : oc, "%s%s", use_proxy ? "proxy: " : "",
					  net_errno_words(err));
		} else {
			trace_add_step(ps.t, now, DIR_S2C, LAYER_TCP, 0, oc == OUTCOME_UNREACHABLE ? "ICMP" : "error",
				       "%s", net_errno_words(err));
			trace_set_outcome(ps.t, use_proxy ? OUTCOME_PROXY : oc, "%s%s", use_proxy ? "proxy: " : "",
					  net_errno_words(err));
		}
		ps.t->total_ms = now_rel(&ps);
		return ps.t;
	}
	ps.fd = fd;
	ps.t->connect_ms = now_rel(&ps) - tc;
	trace_add_step(ps.t, now_rel(&ps), DIR_S2C, LAYER_TCP, 0, "SYN-ACK", "connected in %.1f ms",
		       ps.t->connect_ms);

	/* Proxy tunnel and plaintext upgrade, both on the ladder. */
	deadline = net_now_ms() + timeout;
	if (use_proxy) {
		char why[256];
		int status;
		if (proxy_connect(fd, &px, dest, tg->port, ps.t, ps.t0, deadline, cancel, &status, why, sizeof why) < 0) {
			trace_set_outcome(ps.t, OUTCOME_PROXY, "%s", why);
			goto out;
		}
	}
	if (starttls[0]) {
		char why[256];
		if (starttls_run(fd, starttls, tg->host, ps.t, ps.t0, deadline, cancel, why, sizeof why) < 0) {
			trace_set_outcome(ps.t, OUTCOME_STARTTLS, "%s", why);
			goto out;
		}
	}

	/* TLS */
	ret = setup_session(&ps, tg, o, sni);
	if (ret < 0) {
		fail_local(ps.t, tg->certfile[0] ? "could not set up the TLS session (client certificate/key?): %s"
					       : "could not set up the TLS session: %s", gnutls_strerror(ret));
		goto out;
	}
	tc = net_now_ms();
	for (;;) {
		int w;
		ret = gnutls_handshake(ps.s);
		if (ret == 0)
			break;
		if (ret == PROBE_E_STOP_EARLY) {
			ret = 0;
			break;
		}
		/* A warning alert (e.g. unrecognized_name as a warning) is not the end. */
		if (ret == GNUTLS_E_WARNING_ALERT_RECEIVED)
			continue;
		if (ret != GNUTLS_E_AGAIN && ret != GNUTLS_E_INTERRUPTED)
			break;
		w = net_wait(fd, gnutls_record_get_direction(ps.s) ? POLLOUT : POLLIN, deadline, cancel);
		if (w < 0) {
			trace_set_outcome(ps.t, OUTCOME_CANCELLED, "cancelled");
			goto out;
		}
		if (w == 0) {
			classify_failure(&ps, 0, deadline, true);
			keep_peer_certs(&ps);
			goto out;
		}
	}
	ps.t->handshake_ms = net_now_ms() - tc;
	ps.handshake_done = ret == 0;
	snprintf(ps.t->last_in, sizeof ps.t->last_in, "%s",
		 gnutls_handshake_description_get_name(gnutls_handshake_get_last_in(ps.s)));
	snprintf(ps.t->last_out, sizeof ps.t->last_out, "%s",
		 gnutls_handshake_description_get_name(gnutls_handshake_get_last_out(ps.s)));
	if (ret < 0) {
		classify_failure(&ps, ret, deadline, false);
		keep_peer_certs(&ps);
		goto out;
	}
	if (ps.stopped_after_sh) {
		trace_set_outcome(ps.t, OUTCOME_OK, "server chose %s %s", ps.t->neg.version_name,
				  ps.t->neg.suite_name);
		goto out;
	}
	if (ps.stopped_after_cert) {
		gnutls_datum_t alpn;
		keep_peer_certs(&ps);
		if (gnutls_alpn_get_selected_protocol(ps.s, &alpn) == 0)
			text_sanitize(ps.t->neg.alpn, sizeof ps.t->neg.alpn, alpn.data, alpn.size);
		trace_set_outcome(ps.t, OUTCOME_OK, "server chose %s %s and sent its certificate",
				  ps.t->neg.version_name, ps.t->neg.suite_name);
		goto out;
	}
	record_negotiated(&ps);
	trace_set_outcome(ps.t, OUTCOME_OK, "handshake complete: %s %s", ps.t->neg.version_name,
			  ps.t->neg.suite_name);
	if (!o->no_post_recv && ps.t->cert_requested && ps.t->neg.version == 0x0304)
		post_handshake_read(&ps, deadline, cancel);
	if (o->http_head && ps.t->outcome == OUTCOME_OK &&
	    (!o->http_head_if_alpn || !strcmp(ps.t->neg.alpn, "http/1.1")))
		http_head(&ps, sni[0] ? sni : tg->host, deadline, cancel);
out:
	trace_sort_steps(ps.t);
	ps.t->total_ms = now_rel(&ps);
	if (ps.s)
		gnutls_deinit(ps.s);
	if (ps.fd >= 0)
		close(ps.fd);
	return ps.t;
}
