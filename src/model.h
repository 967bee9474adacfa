/* model.h — the data tlswiz reasons about: target, trace (one handshake as steps),
 * chain, finding, report (doc/design.md).
 * Plain structs only: no curses, no GnuTLS types, no printing. Every string in here that
 * came from the network has been through text_sanitize() before it was stored. */
#ifndef TLSWIZ_MODEL_H
#define TLSWIZ_MODEL_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define TW_HOST_MAX 256
#define TW_PATH_MAX 1024

enum family { FAMILY_ANY, FAMILY_V4, FAMILY_V6 };

/* What name (if any) goes into the SNI extension. */
enum sni_mode {
	SNI_AUTO,	/* the host name; none when the host is an IP literal */
	SNI_NONE,	/* --no-sni */
	SNI_NAME,	/* --sni NAME, or a probe's own choice */
};

struct target {
	char host[TW_HOST_MAX];		/* name as the operator typed it */
	unsigned short port;
	enum sni_mode sni_mode;
	char sni[TW_HOST_MAX];		/* with SNI_NAME */
	char connect_to[TW_HOST_MAX];	/* connect here, keep host for SNI/verification */
	enum family family;
	char cafile[TW_PATH_MAX];	/* empty: system trust store */
	char certfile[TW_PATH_MAX], keyfile[TW_PATH_MAX];
	char starttls[16];
	char proxy[512];
	char client[24];	/* --client PROFILE: judge from this client's point of view */
	int timeout_ms;			/* bounds every network step */
	char write_chain[TW_PATH_MAX];	/* --write-chain: where to write a fixed fullchain.pem */
	char server_sw[16];		/* --server: the software to write configuration for */
	bool no_fetch;			/* --no-fetch: no AIA, OCSP or CRL request */
};

enum dir { DIR_C2S, DIR_S2C, DIR_LOCAL };
enum layer { LAYER_DNS, LAYER_TCP, LAYER_RECORD, LAYER_HANDSHAKE, LAYER_ALERT, LAYER_APP };

#define STEP_FAIL	0x01	/* the step where the handshake broke */
#define STEP_ENCRYPTED	0x02	/* seen only as an encrypted record / via the library */

struct step {
	double t_ms;		/* since the start of the attempt */
	enum dir dir;
	enum layer layer;
	unsigned flags;
	unsigned bytes;		/* on the wire (record incl. header) or message body */
	char name[48];		/* "ClientHello", "alert handshake_failure(40)", "RST" */
	char summary[200];	/* one line, sanitised */
};

/* How an attempt ended. Order matters only for display. */
enum outcome {
	OUTCOME_OK,
	OUTCOME_DNS,		/* name did not resolve */
	OUTCOME_REFUSED,	/* RST to SYN */
	OUTCOME_FILTERED,	/* SYN unanswered until the deadline */
	OUTCOME_UNREACHABLE,	/* ICMP: host/net unreachable, admin prohibited */
	OUTCOME_CONNECT,	/* another connect error */
	OUTCOME_RESET,		/* RST after the ClientHello */
	OUTCOME_SILENCE,	/* nothing at all came back before the deadline */
	OUTCOME_EOF,		/* FIN without a TLS reply (or mid-handshake) */
	OUTCOME_NOT_TLS,	/* a plaintext reply: HTTP, SSH, SMTP... */
	OUTCOME_ALERT,		/* the server sent a fatal alert */
	OUTCOME_STALL,		/* handshake started, then silence until the deadline */
	OUTCOME_TLS_ERROR,	/* we aborted: the library refused what the server sent */
	OUTCOME_CANCELLED,
	OUTCOME_LOCAL,		/* could not run: bad priority string, no credentials... */
	OUTCOME_PROXY,		/* the proxy refused or failed the CONNECT tunnel */
	OUTCOME_STARTTLS,	/* the plaintext upgrade (STARTTLS) failed */
};
const char *outcome_name(enum outcome o);

/* What a plaintext reply looked like. */
enum banner { BANNER_NONE, BANNER_HTTP, BANNER_SSH, BANNER_SMTP, BANNER_FTP, BANNER_POP3,
	      BANNER_IMAP, BANNER_XMPP, BANNER_LDAP, BANNER_MYSQL, BANNER_OTHER };
const char *banner_name(enum banner b);

struct negotiated {
	unsigned version;	/* 0x0303 = TLS1.2; 0 unknown */
	unsigned suite;		/* IANA id; 0 unknown */
	char version_name[16];
	char suite_name[96];	/* IANA spelling */
	char group[32];
	char sigalg[48];
	char alpn[32];
	int dh_bits;
	bool resumed;
};

struct blob {
	unsigned char *data;
	size_t len;
};

/* What an attempt asked for, for code to find it by; its label is what people read
 * (TK_OTHER, TK_ADDRESS, TK_SNI_NAME: a label of its own). */
#define TRACE_KINDS(X) \
	X(TK_OTHER, "") X(TK_DEFAULT, "default") X(TK_STARTTLS, "STARTTLS") \
	X(TK_TLS10_ONLY, "TLS1.0 only") X(TK_TLS11_ONLY, "TLS1.1 only") X(TK_TLS12_ONLY, "TLS1.2 only") \
	X(TK_TLS13_ONLY, "TLS1.3 only") X(TK_RC4_ONLY, "RC4 only") X(TK_3DES_ONLY, "3DES only") \
	X(TK_NULL_ONLY, "NULL only") X(TK_PFS_ONLY, "forward secrecy only") X(TK_AEAD_ONLY, "AEAD only") \
	X(TK_DHE_ONLY, "DHE only") X(TK_RETRY_NO_SNI, "retry without SNI") \
	X(TK_RETRY_OTHER_SNI, "retry with another SNI") X(TK_RETRY_TLS12_MAX, "retry with TLS1.2 max") \
	X(TK_RETRY_SMALL_RECORDS, "retry with small records") X(TK_ADDRESS, "address") \
	X(TK_DIRECT, "direct (no proxy)") X(TK_HTTP_DATE, "HTTP date") X(TK_NO_SNI, "no SNI") \
	X(TK_OTHER_SNI, "other SNI") X(TK_ALPN, "ALPN h2,http/1.1") X(TK_SNI_NAME, "SNI=")
enum trace_kind {
#define X(k, label) k,
	TRACE_KINDS(X)
#undef X
};

struct trace {
	enum trace_kind kind;
	char label[64];		/* what this attempt asked for: "default", "TLS1.2 only" */
	char addr[64];		/* address:port actually used */
	unsigned naddrs;	/* how many addresses the name resolved to */
	char sni[TW_HOST_MAX];	/* SNI sent, empty = none */
	struct step *steps;
	size_t nsteps, cap;
	unsigned steps_dropped;	/* beyond TRACE_MAX_STEPS, counted in the last step */

	enum outcome outcome;
	char reason[256];	/* plain words: why it stopped */
	int tls_error;		/* GnuTLS code; 0 */
	char tls_error_name[48];
	int alert;		/* received alert code, -1 none */
	int alert_level;
	int sys_errno;		/* saved from the socket call that failed */
	enum banner banner;
	unsigned char first_bytes[64];	/* raw, first bytes from the server */
	size_t nfirst;
	char first_text[128];	/* those bytes, sanitised */
	char last_in[40], last_out[40];	/* last handshake message each way */

	struct negotiated neg;
	struct blob *certs;	/* peer certificates, DER, as sent */
	size_t ncerts;
	unsigned certs_dropped;	/* beyond TRACE_MAX_CERTS */
	bool cert_requested;	/* server sent CertificateRequest */
	bool staple;		/* OCSP staple received */
	struct blob ocsp;	/* the stapled OCSP response (DER), if any */
	int http_status;	/* with probe_opts.http_head: status of HEAD / (0 none) */
	time_t http_date;	/* its Date header (0 none) */
	char http_server[64];	/* its Server header, sanitised */
	bool server_hello_seen;

	double dns_ms, connect_ms, handshake_ms, total_ms;
	unsigned bytes_out, bytes_in;
	bool http_date_set;	/* a Date header was read (http_date may be 0: 1970-01-01) */
};

/* One certificate, parsed (cert.c); strings sanitised. */
struct cert_info {
	char subject[256];
	char issuer[256];
	char cn[128];
	char sans[512];		/* "DNS:a, DNS:b, IP:1.2.3.4" */
	time_t not_before, not_after;
	char key[32];		/* "RSA 2048", "ECDSA P-256" */
	int key_bits;
	char sig[48];		/* signature algorithm */
	bool sig_weak;
	bool is_ca;
	bool self_signed;
	char sha256[65];
	char aia_issuer[256];	/* caIssuers URL */
	char aia_ocsp[256];
};

struct chain {
	struct cert_info *certs;	/* as sent */
	size_t n;
	bool verified;		/* verification ran */
	unsigned status;	/* GnuTLS verify status bits; 0 = trusted */
	char status_text[256];	/* plain words, sanitised */
	char trust[TW_PATH_MAX];	/* "system" or the CA file */
};

enum severity { SEV_INFO, SEV_WARN, SEV_ERROR };
const char *severity_name(enum severity s);

struct finding {
	int fid;		/* enum finding_id (finding.h): what code compares */
	const char *id;		/* its stable catalogue spelling: what is printed */
	const char *area;	/* versions, certificates, chain, ciphers, sni, firewall */
	enum severity severity;
	const char *section;	/* troubleshooting-guide section */
	char title[200];
	char evidence[600];	/* quotes the step or field that proves it */
	char fix[1200];
	int trace;		/* index into report.traces, -1 none */
	int step;		/* index into that trace's steps, -1 none */
	int origin;		/* the run step (struct run.steps index) that found it, -1 */
	bool consequence;	/* explained by another finding of this report: ranked after it */
};

/* The raw scanner's every-suite enumeration (src/enumerate.c): a value a run makes once
 * and hands to the steps that read it. Per version SSLv3..TLS1.3 (index version -
 * 0x0300), the suites accepted in the order the server chose them. */
struct enumeration {
	bool possible;			/* false: a proxy or STARTTLS (raw hellos go direct) */
	char starttls[16];		/* the target's STARTTLS as it was scanned */
	bool version_ok[5];
	unsigned suites[5][128];
	size_t nsuites[5];
	int server_pref[5];		/* 1 server order, 0 client order, -1 unknown */
	unsigned groups[24];		/* TLS1.3 key-exchange groups, in the server's order */
	size_t ngroups;
	/* a list that ends at a lost connection (after one retry) is a part, not the whole:
	 * said wherever it is shown */
	bool cut[5], groups_cut;
	char cut_why[5][160], groups_cut_why[160];
	/* how each version was decided, for the versions wizard: a real ServerHello came
	 * (not only a HelloRetryRequest), or the answer that refused it (OUTCOME_OK: a
	 * ServerHello for another version) and its alert (-1 none) */
	bool version_sh[5];
	enum outcome version_refusal[5];
	int version_alert[5];
	int dh_bits;			/* smallest DHE prime a ServerKeyExchange carried, 0 none */
	/* SSLv2, enumerated with the rest: its SERVER-HELLO lists the kinds it shares */
	bool ssl2_tried, ssl2_ok;
	unsigned ssl2_kinds[8];
	size_t nssl2_kinds;
	unsigned conns;			/* connections the enumeration made */
	double ms;
	/* The first hello of each version and the SSLv2 one, as ladders: owned here until
	 * the run hands them to the report (enumeration_deliver), then their report indices
	 * (-1 none). */
	struct trace *first[5], *ssl2_first;
	int trace[5], ssl2_trace;
	size_t ntraces;			/* how many of them the report received */
	bool delivered;
};

/* How a wizard step ended, for the checklist. PASSED, WARNED and FAILED are derived from
 * the findings the step raised (report_finish); the others say what was not judged:
 * SKIPPED (not applicable here), UNCHECKED (it should have been checked and could not:
 * no answer, a fetch failed), CANCELLED, NOT_RUN (nothing to run it on: no TLS
 * connection). Every state from PASSED on is final. */
enum step_state { STATE_PENDING, STATE_RUNNING, STATE_PASSED, STATE_WARNED, STATE_FAILED,
		  STATE_SKIPPED, STATE_UNCHECKED, STATE_CANCELLED, STATE_NOT_RUN };
const char *step_state_name(enum step_state s);
/* A final state that leaves something unjudged: the report cannot be OK with one. */
bool step_state_incomplete(enum step_state s);

/* Finding ids a step raised or confirmed (enum finding_id bits). */
#define STEP_RAISED_WORDS 4
struct step_raised { uint64_t w[STEP_RAISED_WORDS]; };

/* One step of the run, as the report tells it. */
struct report_step {
	const char *wizard;	/* "firewall" */
	const char *title;	/* "TCP connection" */
	enum step_state state;	/* derived: the worst of claim and what raised proves */
	enum step_state claim;	/* what the step's judge said */
	struct step_raised raised;
	char note[200];
	double t_start, t_end;	/* ms since the run started */
	int ntraces;		/* ladders the step shows */
};

/* INCOMPLETE: no error found, but something was cancelled, not run or could not be
 * checked, so "no problem" would claim what was never seen. */
enum verdict { VERDICT_OK, VERDICT_WARN, VERDICT_FAIL, VERDICT_ERROR, VERDICT_INCOMPLETE };
const char *verdict_name(enum verdict v);

struct report {
	struct target target;
	struct trace **traces;
	size_t ntraces;
	struct chain chain;
	struct finding *findings;
	size_t nfindings;
	enum verdict verdict;
	char verdict_text[256];
	double elapsed_ms;
	time_t started;

	struct report_step *steps;	/* the run's checklist, each step as it ended */
	size_t nsteps;
	/* The run's every-suite enumeration, for renderers (owned by the run; NULL: none was
	 * made). Steps read it from their context (wctx.scan), never from here. */
	const struct enumeration *scan;
	/* Client simulation from it: one line per profile ("Java 8u111: TLS1.2 ..." / "fails: ...") */
	struct client_line { char name[24]; bool ok; char text[160]; } clients[24];
	size_t nclients;
};

#endif
