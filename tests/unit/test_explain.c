/* test_explain.c — the explain table against its own samples (plain and noisy), alerts by
 * name and number, honest "not recognised", log grouping on a generated log, and the
 * command line in text and JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <stdbool.h>

#include <jansson.h>

#include "../tw_test.h"
#include "explain.h"

/* The best match for text gives entry e's finding id (or at least its area): the sample
 * is recognised as what the row says. */
/* The answer for text agrees with entry e: its finding id or area, or, for an ambiguous
 * answer, one of its ranked candidates. Rows whose id is a catch-all (tls.alert, tls.error)
 * agree with any answer that names one of the two or admits doubt. Signals outrank the
 * row: an error code that contradicts the row's words wins (see doc/explain.md). */
static const char *check_sample(const struct explain_entry *e, const char *text, char *why, size_t len)
{
	struct explain_match m[1];
	const struct explain_entry *got;
	bool ok;
	if (!explain_text(text, m, 1)) {
		snprintf(why, len, "%s: not recognised: %.120s", e->source, text);
		return why;
	}
	got = explain_entry_of(&m[0]);
	ok = !strcmp(got->id, e->id) || !strcmp(got->area, e->area);
	for (size_t k = 0; m[0].ambiguous && k < m[0].ncand; k++)
		ok |= !strcmp(m[0].cand[k].id, e->id) || !strcmp(m[0].cand[k].area, e->area);
	if (!strcmp(e->id, "tls.alert") || !strcmp(e->id, "tls.error"))
		ok |= m[0].ambiguous || !strcmp(got->id, "tls.alert") || !strcmp(got->id, "tls.error");
	if (!ok) {
		snprintf(why, len, "%s \"%.80s\": got %s%s/%s (%s), want %s/%s", e->source, text,
			 m[0].ambiguous ? "ambiguous " : "", got->area, got->id, got->source, e->area, e->id);
		return why;
	}
	return NULL;
}

START_TEST(explain_has_two_hundred_messages_from_twelve_sources)
{
	ck_assert_uint_ge(explain_entry_count(), 200);
	ck_assert_uint_ge(explain_source_count(), 12);
	for (size_t i = 0; i < explain_entry_count(); i++) {
		const struct explain_entry *e = explain_entry_at(i);
		ck_assert_msg(e->sample && e->sample[0] && e->cause[0] && e->fix[0], "row %zu incomplete", i);
		ck_assert_msg(!strcmp(explain_wizard(e->area), e->area), "row %zu: area %s is no wizard", i, e->area);
		for (const char *p = e->needles; *p; p++)
			ck_assert_msg(!isupper((unsigned char)*p), "row %zu: needles must be lowercase: %s", i, e->needles);
	}
}
END_TEST

START_TEST(every_sample_is_recognised_as_its_own_cause)
{
	char why[512];
	int bad = 0;
	for (size_t i = 0; i < explain_entry_count(); i++) {
		const struct explain_entry *e = explain_entry_at(i);
		if (check_sample(e, e->sample, why, sizeof why)) {
			fprintf(stderr, "explain: %s\n", why);
			bad++;
		}
	}
	ck_assert_msg(bad == 0, "%d samples are not recognised as their own row (see stderr)", bad);
}
END_TEST

/* Timestamps, hosts, trailing context, upper case, and a line break in the middle. */
START_TEST(noisy_variants_keep_their_area)
{
	char why[512], text[2048];
	int bad = 0;
	for (size_t i = 0; i < explain_entry_count(); i++) {
		const struct explain_entry *e = explain_entry_at(i);
		snprintf(text, sizeof text, "2024/05/01 12:00:00 [error] 123#0: *45 %s while SSL handshaking, client: 10.0.0.1",
			 e->sample);
		/* a client's "the server refused my certificate" inside a server's log line is
		 * the server refusing the client's chain: the wrapping changes the cause */
		if (strcmp(e->id, "cert.client_cert_required") && check_sample(e, text, why, sizeof why)) {
			fprintf(stderr, "explain noisy: %s\n", why);
			bad++;
		}
		snprintf(text, sizeof text, "%s", e->sample);
		for (char *p = text; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		if (check_sample(e, text, why, sizeof why)) {
			fprintf(stderr, "explain upper: %s\n", why);
			bad++;
		}
		/* wrapped: a newline and indentation where a space was */
		snprintf(text, sizeof text, "%s", e->sample);
		{
			char *sp = strchr(text + strlen(text) / 2, ' ');
			if (sp) {
				char tail[1024];
				snprintf(tail, sizeof tail, "%s", sp + 1);
				snprintf(sp, sizeof text - (size_t)(sp - text), "\n      %s", tail);
			}
		}
		if (check_sample(e, text, why, sizeof why)) {
			fprintf(stderr, "explain wrapped: %s\n", why);
			bad++;
		}
	}
	ck_assert_msg(bad == 0, "%d noisy variants lost their cause (see stderr)", bad);
}
END_TEST

START_TEST(unrelated_lines_match_nothing)
{
	static const char *const lines[] = {
		"192.0.2.1 - - [01/May/2024:12:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"",
		"May  1 12:00:00 host systemd[1]: Started nginx.service - A high performance web server.",
		"the quick brown fox jumps over the lazy dog",
		"2024/05/01 12:00:00 [notice] 123#0: signal process started",
		"kernel: [12345.678] eth0: link up, 1000Mbps, full-duplex",
		"",
	};
	struct explain_match m[1];
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		ck_assert_msg(explain_text(lines[i], m, 1) == 0, "matched: %s -> %s", lines[i],
			      explain_entry_of(&m[0])->id);
}
END_TEST

START_TEST(alerts_by_number_and_name_in_both_directions)
{
	static const struct { const char *text, *id; int code; } cases[] = {
		{ "alert 40", "cipher.no_shared", 40 },
		{ "SSL alert number 70", "version.mismatch", 70 },
		{ "handshake_failure", "cipher.no_shared", 40 },
		{ "TLS alert: unrecognized_name", "sni.required", 112 },
		{ "received alert certificate_required", "cert.client_cert_required", 116 },
		{ "The TLS protocol defined fatal alert code is 48.", "chain.incomplete", 48 },
		{ "alert(120)", "sni.alpn_mismatch", 120 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct explain_match m[2];
		size_t n = explain_text(cases[i].text, m, 2);
		bool found = false;
		ck_assert_msg(n > 0, "%s: not recognised", cases[i].text);
		for (size_t k = 0; k < n; k++)
			found |= !strcmp(explain_entry_of(&m[k])->id, cases[i].id);
		ck_assert_msg(found, "%s: want %s, got %s", cases[i].text, cases[i].id, explain_entry_of(&m[0])->id);
	}
	{
		struct explain_match m[1];
		ck_assert_uint_eq(explain_text("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure", m, 1), 1);
		/* a received alert says so; a sent one too */
		ck_assert_uint_eq(explain_text("received alert number 40", m, 1), 1);
		ck_assert_ptr_nonnull(strstr(m[0].detail, "received from the peer"));
		ck_assert_uint_eq(explain_text("sent alert number 40", m, 1), 1);
		ck_assert_ptr_nonnull(strstr(m[0].detail, "sent by this side"));
	}
}
END_TEST

START_TEST(targets_are_found_in_the_text)
{
	char t[256];
	explain_target("curl: (60) ... https://shop.example:8443/path", t, sizeof t);
	ck_assert_str_eq(t, "shop.example:8443");
	explain_target("x509: certificate is valid for other.example, not shop.example", t, sizeof t);
	ck_assert_str_eq(t, "other.example");
	explain_target("dial tcp 10.0.0.5:443: connect: connection refused", t, sizeof t);
	ck_assert_str_eq(t, "10.0.0.5:443");
	explain_target("java.security.cert.CertificateException: No subject alternative names present", t, sizeof t);
	ck_assert_str_eq(t, "");
	explain_target("(_ssl.c:1006) in /etc/ssl/cert.pem", t, sizeof t);
	ck_assert_str_eq(t, "");
}
END_TEST

START_TEST(log_lines_are_grouped_by_cause)
{
	struct explain_log *lg = explain_log_new();
	const struct explain_group *g;
	size_t n;
	char line[512];

	for (int i = 0; i < 1000; i++) {
		int kind = i % 10;
		if (kind < 6)
			snprintf(line, sizeof line, "2024/05/01 12:%02d:%02d [info] 1#0: *%d SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking, client: 192.0.2.%d, server: 0.0.0.0:443",
				 i / 60 % 60, i % 60, i, 1 + i % 5);
		else if (kind < 9)
			snprintf(line, sizeof line, "2024/05/01 13:%02d:%02d [info] 1#0: *%d SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking, client: 198.51.100.%d, server: 0.0.0.0:443",
				 i / 60 % 60, i % 60, i, i % 7);
		else if (i % 20 == 9)
			snprintf(line, sizeof line, "2024/05/01 14:00:00 [info] 1#0: *%d client sent no required SSL certificate while reading client request headers, client: [2001:db8::%x]", i, i);
		else
			snprintf(line, sizeof line, "192.0.2.9 - - [01/May/2024:12:00:00 +0000] \"GET / HTTP/1.1\" 200 12");
		explain_log_feed(lg, line);
	}
	ck_assert_uint_eq(explain_log_lines(lg), 1000);
	ck_assert_uint_eq(explain_log_ignored(lg), 50);
	n = explain_log_groups(lg, &g);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(g[0].e.id, "cipher.no_shared");
	ck_assert_uint_eq(g[0].count, 600);
	ck_assert_str_eq(g[0].first, "2024/05/01 12:00:00");
	ck_assert_str_eq(g[0].last, "2024/05/01 12:16:35");
	ck_assert_uint_eq(g[0].nclients, 3);
	ck_assert_str_eq(g[0].clients[0], "192.0.2.1");
	ck_assert_str_eq(g[1].e.id, "version.mismatch");
	ck_assert_uint_eq(g[1].count, 300);
	ck_assert_str_eq(g[2].e.id, "cert.client_cert_required");
	ck_assert_uint_eq(g[2].count, 50);
	ck_assert_str_eq(g[2].clients[0], "2001:db8::9");
	explain_log_free(lg);
}
END_TEST

START_TEST(log_timestamps_and_clients_of_each_server)
{
	char b[64];
	ck_assert(explain_log_timestamp("2024/05/01 12:00:00 [error] x", b, sizeof b));
	ck_assert_str_eq(b, "2024/05/01 12:00:00");
	ck_assert(explain_log_timestamp("May  1 12:00:00 mx postfix/smtpd[1]: x", b, sizeof b));
	ck_assert_str_eq(b, "May  1 12:00:00");
	ck_assert(explain_log_timestamp("2024-05-01T12:00:00.123Z host x", b, sizeof b));
	ck_assert_str_eq(b, "2024-05-01T12:00:00");
	ck_assert(explain_log_timestamp("[Wed May 01 12:00:00.123456 2024] [ssl:error] x", b, sizeof b));
	ck_assert_str_eq(b, "Wed May 01 12:00:00.123456 2024");
	ck_assert(!explain_log_timestamp("no time here", b, sizeof b));
	ck_assert(explain_log_client("[ssl:error] [pid 1] [client 192.0.2.1:54321] AH02039", b, sizeof b));
	ck_assert_str_eq(b, "192.0.2.1");
	ck_assert(explain_log_client("SSL_accept error from unknown[198.51.100.7]: -1", b, sizeof b));
	ck_assert_str_eq(b, "198.51.100.7");
	ck_assert(explain_log_client("user=<>, rip=203.0.113.5, lip=192.0.2.10", b, sizeof b));
	ck_assert_str_eq(b, "203.0.113.5");
	ck_assert(explain_log_client("while SSL handshaking, client: 192.0.2.4, server: 0.0.0.0:443", b, sizeof b));
	ck_assert_str_eq(b, "192.0.2.4");
}
END_TEST

START_TEST(command_line_text_json_stdin_and_exit_codes)
{
	char cmd[1024], out[65536];
	json_t *j, *m;
	int st;

	snprintf(cmd, sizeof cmd, "%s explain 'curl: (60) SSL certificate problem: unable to get local issuer certificate'", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	ck_assert_ptr_nonnull(strstr(out, "chain.incomplete"));
	ck_assert_ptr_nonnull(strstr(out, "tlswiz wizard chain"));

	snprintf(cmd, sizeof cmd, "%s explain --json 'x509: certificate is valid for a.example, not shop.example'", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	m = json_array_get(json_object_get(j, "matches"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(m, "source")), "Go");
	ck_assert_str_eq(json_string_value(json_object_get(m, "id")), "cert.hostname_mismatch");
	ck_assert_str_eq(json_string_value(json_object_get(m, "wizard")), "certificates");
	ck_assert_str_eq(json_string_value(json_object_get(m, "confidence")), "high");
	ck_assert(json_is_string(json_object_get(m, "cause")) && json_is_string(json_object_get(m, "fix")) &&
		  json_is_string(json_object_get(m, "line")) && json_is_string(json_object_get(m, "area")));
	json_decref(j);

	/* not recognised: exit 1, closest guesses, no made-up cause */
	snprintf(cmd, sizeof cmd, "%s explain 'the widget frobnicator certificate gizmo failed'", tw_bin());
	st = tw_run(cmd, out, sizeof out, 10);
	ck_assert_int_eq(st, 1);
	ck_assert_ptr_nonnull(strstr(out, "not recognised"));
	ck_assert_ptr_null(strstr(out, "cause:"));

	/* stdin, one message wrapped over two lines */
	snprintf(cmd, sizeof cmd, "printf 'javax.net.ssl.SSLHandshakeException: No appropriate\\n   protocol (protocol is disabled or cipher suites are inappropriate)\\n' | %s explain -", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	ck_assert_ptr_nonnull(strstr(out, "version.legacy_only"));

	/* a log on stdin: groups with counts */
	snprintf(cmd, sizeof cmd, "for i in 1 2 3 4 5; do echo \"2024/05/01 12:00:0$i [info] 1#0: *$i SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking, client: 192.0.2.$i\"; done | %s explain --json -", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "lines")), 5);
	m = json_array_get(json_object_get(j, "groups"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(m, "count")), 5);
	ck_assert_str_eq(json_string_value(json_object_get(m, "id")), "cipher.no_shared");
	json_decref(j);

	/* hostile input is never echoed raw */
	snprintf(cmd, sizeof cmd, "printf 'curl: (60) SSL certificate problem: self signed certificate \\033]0;pwned\\007\\n' | %s explain -", tw_bin());
	tw_run(cmd, out, sizeof out, 10);
	ck_assert_ptr_null(strchr(out, 0x1b));
	ck_assert_ptr_null(strchr(out, 0x07));

	snprintf(cmd, sizeof cmd, "%s explain", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 2);
}
END_TEST


/* Every signal family, at least three spellings each: the family finds it and the answer
 * lands in the area (or, when ambiguous, among the candidates). */
START_TEST(every_signal_family_in_three_spellings)
{
	static const struct {
		const char *family, *text, *area;
	} cases[] = {
		{ "alert", "gnutls-cli: *** Received alert [112]: The server name sent was not recognized", "sni" },
		{ "alert", "GnuTLS: received alert [40]: Handshake failed", "ciphers" },
		{ "alert", "javax.net.ssl.SSLHandshakeException: Received fatal alert: unrecognized_name", "sni" },
		{ "alert", "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_required", "certificates" },
		{ "alert", "SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking", "chain" },
		{ "alert", "sslv3 alert unsupported certificate", "certificates" },
		{ "alert", "SSL_ERROR_HANDSHAKE_FAILURE_ALERT", "ciphers" },
		{ "alert", "remote error: tls: protocol version not supported", "versions" },
		{ "alert", "HANDSHAKE_FAILURE", "ciphers" },
		{ "x509", "verify error:num=26:unsuitable certificate purpose", "certificates" },
		{ "x509", "verify error:num=66:EE certificate key too weak", "certificates" },
		{ "x509", "verify error:num=68:CA signature digest algorithm too weak", "certificates" },
		{ "x509", "verify error:num=62:hostname mismatch", "certificates" },
		{ "x509", "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "chain" },
		{ "x509", "Error: unable to verify the first certificate\n  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'", "chain" },
		{ "openssl", "error:0A0000C1:SSL routines::no shared cipher", "ciphers" },
		{ "openssl", "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)", "firewall" },
		{ "openssl", "SSL_R_DH_KEY_TOO_SMALL", "ciphers" },
		{ "openssl", "error:1408F10B:SSL routines:ssl3_get_record:wrong version number", "firewall" },
		{ "errno", "java.net.ConnectException: Connection refused", "firewall" },
		{ "errno", "Error: connect EHOSTUNREACH 10.0.0.5:443", "firewall" },
		{ "errno", "OSError: [Errno 113] No route to host", "firewall" },
		{ "errno", "error:8000006F:system library:BIO_connect:Connection refused", "firewall" },
		{ "errno", "fatal: unable to access 'https://git.example/': Recv failure: Connection reset by peer", "firewall" },
		{ "curl", "curl: (7) Failed to connect to shop.example port 443 after 3 ms: Couldn't connect to server", "firewall" },
		{ "curl", "curl: (6) Could not resolve host: shop.example", "firewall" },
		{ "curl", "CURLE_COULDNT_CONNECT", "firewall" },
		{ "curl-text", "curl: (60) SSL: no alternative certificate subject name matches target host name 'shop.example'", "certificates" },
		{ "curl-text", "curl: (51) SSL: no alternative certificate subject name matches target host name 'shop.example'", "certificates" },
		{ "curl-text", "curl: (56) CONNECT tunnel failed, response 407", "firewall" },
		{ "gnutls", "*** Fatal error: Error in the pull function.", "firewall" },
		{ "gnutls", "GNUTLS_E_NO_APPLICATION_PROTOCOL", "sni" },
		{ "gnutls", "gnutls_handshake() failed: Could not negotiate a supported cipher suite.", "ciphers" },
		{ "gnutls", "GnuTLS error -63 in handshake", "ciphers" },
		{ "gnutls-status", "ERROR: The certificate of 'shop.example' has expired.", "certificates" },
		{ "gnutls-status", "ERROR: The certificate of 'shop.example' is not yet activated.", "certificates" },
		{ "gnutls-status", "ERROR: The certificate of 'shop.example' doesn't have a known issuer.", "chain" },
		{ "gnutls-status", "ERROR: The certificate of 'shop.example' was signed using an insecure algorithm.", "certificates" },
		{ "gnutls-status", "- Status: The certificate is NOT trusted. The certificate issuer is unknown.", "chain" },
		{ "go", "x509: certificate relies on legacy Common Name field, use SANs instead", "certificates" },
		{ "go", "tls: first record does not look like a TLS handshake", "firewall" },
		{ "go", "Get \"https://shop.example/\": x509: certificate is valid for a.example, not shop.example", "certificates" },
		{ "java", "java.net.SocketTimeoutException: Connect timed out", "firewall" },
		{ "java", "java.net.NoRouteToHostException: No route to host", "firewall" },
		{ "java", "sun.security.validator.ValidatorException: PKIX path building failed", "chain" },
		{ "python", "TimeoutError: timed out", "firewall" },
		{ "python", "ssl.SSLEOFError: EOF occurred in violation of protocol (_ssl.c:1006)", "firewall" },
		{ "python", "ConnectionRefusedError: [Errno 111] Connection refused", "firewall" },
		{ "dotnet", "The remote certificate is invalid because of errors in the certificate chain: PartialChain", "chain" },
		{ "dotnet", "SslPolicyErrors: RemoteCertificateNameMismatch", "certificates" },
		{ "dotnet", "Cannot determine the frame size or a corrupted frame was received.", "firewall" },
		{ "schannel", "SEC_E_UNTRUSTED_ROOT (0x80090325)", "chain" },
		{ "schannel", "schannel: next InitializeSecurityContext failed: 0x80090322", "certificates" },
		{ "schannel", "CRYPT_E_REVOKED", "certificates" },
		{ "nss", "SEC_ERROR_UNKNOWN_ISSUER", "chain" },
		{ "nss", "SSL_ERROR_NO_CYPHER_OVERLAP", "ciphers" },
		{ "nss", "MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", "certificates" },
		{ "chrome", "net::ERR_CERT_COMMON_NAME_INVALID", "certificates" },
		{ "chrome", "ERR_SSL_OBSOLETE_VERSION", "versions" },
		{ "chrome", "net::ERR_CONNECTION_REFUSED", "firewall" },
		{ "apple", "errSSLHostNameMismatch", "certificates" },
		{ "apple", "NSURLErrorDomain Code=-1202", "chain" },
		{ "apple", "OSStatus -9843", "certificates" },
		{ "server", "client sent plain HTTP request to HTTPS port while reading client request headers", "firewall" },
		{ "server", "2024/05/01 12:00:00 [info] 1#0: *3 SSL_do_handshake() failed (SSL: error:0A000076:SSL routines::no suitable signature algorithm) while SSL handshaking", "ciphers" },
		{ "server", "haproxy[1]: 127.0.0.1:4242 [01/May/2024:12:00:00.000] fe/1: SSL client certificate not trusted", "certificates" },
		{ "server", "2024/05/01 12:00:00 [info] 1#0: *7 handshake rejected while SSL handshaking, client: 127.0.0.1", "sni" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct signal sig[16];
		struct explain_match m[1];
		size_t n = explain_signals(cases[i].text, sig, 16);
		bool fam = false, area = false;
		for (size_t k = 0; k < n; k++)
			fam |= !strcmp(sig[k].family, cases[i].family) ||
			       (!strcmp(cases[i].family, "server") && !strcmp(sig[k].family, "openssl"));
		ck_assert_msg(fam, "%s: no %s signal", cases[i].text, cases[i].family);
		ck_assert_uint_eq(explain_text(cases[i].text, m, 1), 1);
		area = !strcmp(explain_entry_of(&m[0])->area, cases[i].area);
		for (size_t k = 0; m[0].ambiguous && k < m[0].ncand; k++)
			area |= !strcmp(m[0].cand[k].area, cases[i].area);
		ck_assert_msg(area, "%s: area %s, want %s", cases[i].text, explain_entry_of(&m[0])->area, cases[i].area);
	}
	ck_assert_msg(signal_self_check() == NULL, "a signal the first filter skips: %s", signal_self_check());
	/* each family of signals.c has a case above */
	for (size_t f = 0; signal_family_at(f); f++) {
		int count = 0;
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
			count += !strcmp(cases[i].family, signal_family_at(f));
		ck_assert_msg(count >= 3, "family %s: %d spellings tested, want 3", signal_family_at(f), count);
	}
}
END_TEST

/* A message that names no cause says so, ranks two or three causes and names one wizard;
 * the command line says the same in text and JSON (issue 20: "SSL alert number 48"). */
START_TEST(vague_messages_are_ambiguous_and_json_equals_text)
{
	static const char *const vague[] = { "SSL handshake failure", "GnuTLS: A TLS fatal alert has been received.",
					     "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception." };
	char cmd[512], out[16384];
	for (size_t i = 0; i < sizeof vague / sizeof vague[0]; i++) {
		struct explain_match m[1];
		ck_assert_uint_eq(explain_text(vague[i], m, 1), 1);
		ck_assert_msg(m[0].ambiguous, "%s: not ambiguous", vague[i]);
		ck_assert_uint_ge(m[0].ncand, 2);
		ck_assert_ptr_nonnull(m[0].wizard);
	}
	snprintf(cmd, sizeof cmd, "%s explain --json \"SSL alert number 48\"", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	ck_assert_ptr_nonnull(strstr(out, "\"id\": \"chain.incomplete\""));
	ck_assert_ptr_null(strstr(out, "usualltlswiz"));
	snprintf(cmd, sizeof cmd, "%s explain \"SSL alert number 48\"", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	ck_assert_ptr_nonnull(strstr(out, "chain.incomplete"));
	snprintf(cmd, sizeof cmd, "%s explain --json \"SSL handshake failure\"", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	ck_assert_ptr_nonnull(strstr(out, "\"ambiguous\": true"));
	snprintf(cmd, sizeof cmd, "%s explain \"SSL handshake failure\"", tw_bin());
	ck_assert_int_eq(tw_run(cmd, out, sizeof out, 10), 0);
	ck_assert_ptr_nonnull(strstr(out, "ambiguous"));
}
END_TEST

static Suite *explain_suite(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tcase_create("table");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, explain_has_two_hundred_messages_from_twelve_sources);
	tcase_add_test(tc, every_sample_is_recognised_as_its_own_cause);
	tcase_add_test(tc, noisy_variants_keep_their_area);
	tcase_add_test(tc, unrelated_lines_match_nothing);
	tcase_add_test(tc, alerts_by_number_and_name_in_both_directions);
	tcase_add_test(tc, targets_are_found_in_the_text);
	tcase_add_test(tc, log_lines_are_grouped_by_cause);
	tcase_add_test(tc, log_timestamps_and_clients_of_each_server);
	tcase_add_test(tc, command_line_text_json_stdin_and_exit_codes);
	tcase_add_test(tc, every_signal_family_in_three_spellings);
	tcase_add_test(tc, vague_messages_are_ambiguous_and_json_equals_text);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(explain_suite, TW_UNIT)
