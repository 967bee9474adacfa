/* explain.c — matching error text against the table of known messages (explain_table.c)
 * and the TLS alert registry (alert.c), and grouping server-log lines by cause.
 *
 * A line is lowercased and its whitespace collapsed; an entry matches when all of its
 * needles occur in it; the longest total match wins (a curl line that quotes an OpenSSL
 * reason is the curl entry when one exists, else the OpenSSL one). Lines with none of a
 * few trigger words are skipped before any entry is tried, so unrelated log lines cost
 * one pass. Nothing here prints. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "explain.h"
#include "text.h"
#include "xmalloc.h"

#define LINE_CAP 4096

extern const struct explain_entry explain_table[];
extern const size_t explain_table_len;

size_t explain_entry_count(void)
{
	return explain_table_len;
}

const struct explain_entry *explain_entry_at(size_t i)
{
	return i < explain_table_len ? &explain_table[i] : NULL;
}

size_t explain_source_count(void)
{
	size_t n = 0;
	for (size_t i = 0; i < explain_table_len; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(explain_table[k].source, explain_table[i].source);
		n += !seen;
	}
	return n;
}

const char *explain_wizard(const char *area)
{
	static const char *const wizards[] = { "versions", "certificates", "chain", "ciphers", "sni", "firewall" };
	for (size_t i = 0; i < sizeof wizards / sizeof wizards[0]; i++)
		if (area && !strcmp(area, wizards[i]))
			return wizards[i];
	return "firewall";
}

const char *explain_confidence_word(int c)
{
	return c >= 80 ? "high" : c >= 50 ? "medium" : "low";
}

/* Lowercase, whitespace collapsed to single spaces, trimmed. */
static void normalise(const char *in, char *out, size_t cap)
{
	size_t o = 0;
	bool space = true;
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < cap; p++) {
		if (isspace(*p)) {
			if (!space)
				out[o++] = ' ';
			space = true;
			continue;
		}
		out[o++] = (char)tolower(*p);
		space = false;
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* Words without which no table entry or alert can match: one cheap pass per line. */
static bool worth_trying(const char *s)
{
	static const char *const triggers[] = {
		"ssl", "tls", "cert", "x509", "handshake", "err_", "sec_", "alert", "pkix", "cipher",
		"protocol", "verif", "eof", "reset", "refused", "timed out", "timeout", "resolve", "proxy",
		"0x80", "-98", "-120", "trust", "self signed", "self-signed", "expired", "issuer", "unreachable",
		"no route", "econn", "eproto", "secure", "closed", "host name", "hostname", "ah0", "sni",
		"name or service", "no such host", "terminated", "plaintext", "altname", "san", "dh ",
		"no shared", "not yet valid", "revoked", "crypt_e", "nsurl", "kcfstream", "alpn",
		"application protocol", "authentication", "handshaking", "version", "errno", "push function",
		"pull function", "credentials", "renegotiation", "ocsp", "etimedout", "enotfound", "getaddrinfo",
		"algorithm", "private key", "diffie", "curl: (", "kcfstream", "insecure transport", "pr_end", "pr_connect",
	};
	for (size_t i = 0; i < sizeof triggers / sizeof triggers[0]; i++)
		if (strstr(s, triggers[i]))
			return true;
	return false;
}

/* All needles present: the summed length, else 0. */
static int needles_score(const char *norm, const char *needles)
{
	int score = 0;
	const char *p = needles;
	char one[160];
	while (*p) {
		size_t n = strcspn(p, "|");
		if (n >= sizeof one)
			return 0;
		memcpy(one, p, n);
		one[n] = '\0';
		if (!strstr(norm, one))
			return 0;
		score += (int)n;
		p += n;
		if (*p == '|')
			p++;
	}
	return score;
}

static int confidence_of(int score)
{
	return score >= 24 ? 90 : score >= 12 ? 65 : 35;
}

/* ---- alerts ---- */

static const struct {
	int code;
	const char *area, *id;
} alert_ids[] = {
	{ 40, "ciphers", "cipher.no_shared" }, { 71, "ciphers", "cipher.no_shared" },
	{ 70, "versions", "version.mismatch" }, { 86, "versions", "version.intolerance" },
	{ 112, "sni", "sni.required" }, { 120, "sni", "sni.alpn_mismatch" },
	{ 116, "certificates", "cert.client_cert_required" }, { 41, "certificates", "cert.client_cert_required" },
	{ 42, "certificates", "cert.verify_failed" }, { 43, "certificates", "cert.verify_failed" },
	{ 44, "certificates", "cert.revoked" }, { 45, "certificates", "cert.expired" },
	{ 46, "certificates", "cert.verify_failed" }, { 48, "chain", "chain.incomplete" },
};

/* Which side sent the alert, from the words around it. */
static const char *alert_direction(const char *norm)
{
	if (strstr(norm, "received") || strstr(norm, "remote error") || strstr(norm, "from the remote") ||
	    strstr(norm, "from peer") || strstr(norm, "peer sent") || strstr(norm, "read alert"))
		return "received from the peer";
	if (!strncmp(norm, "sent ", 5) || strstr(norm, " sent") || strstr(norm, "local error") || strstr(norm, "generated") ||
	    strstr(norm, "sending") || strstr(norm, "write alert"))
		return "sent by this side";
	return NULL;
}

/* An alert code named in the text: "alert 40", "alert number 40", "alert code is 40",
 * "alert(40)", "handshake_failure", "alert handshake failure". -1 when none. */
static int find_alert(const char *norm, int *name_len)
{
	*name_len = 0;
	for (const char *a = strstr(norm, "alert"); a; a = strstr(a + 5, "alert")) {
		const char *p = a + 5;
		static const char *const lead[] = { " number ", " code is ", " code ", " description ", "(", ": ", " ", "=" };
		for (size_t k = 0; k < sizeof lead / sizeof lead[0]; k++) {
			size_t n = strlen(lead[k]);
			if (!strncmp(p, lead[k], n) && isdigit((unsigned char)p[n])) {
				int code = atoi(p + n);
				if (code >= 0 && code < 256 && alert_lookup(code)) {
					*name_len = 8;
					return code;
				}
			}
		}
		/* "alert handshake failure", "alert: unknown ca", "fatal alert: handshake_failure" */
		for (unsigned i = 0; alert_at(i); i++) {
			const char *nm = alert_at(i)->name;
			char spaced[64];
			size_t n = strlen(nm), off = (*p == ':' ? 1 : 0) + (p[*p == ':' ? 1 : 0] == ' ' ? 1 : 0);
			snprintf(spaced, sizeof spaced, "%s", nm);
			for (char *c = spaced; *c; c++)
				if (*c == '_')
					*c = ' ';
			if (!strncmp(p + off, nm, n) || !strncmp(p + off, spaced, n)) {
				*name_len = (int)n;
				return alert_at(i)->code;
			}
		}
	}
	/* A bare RFC name with its underscores is distinctive enough on its own. */
	for (unsigned i = 0; alert_at(i); i++) {
		const char *nm = alert_at(i)->name;
		if (strchr(nm, '_') && strstr(norm, nm)) {
			*name_len = (int)strlen(nm);
			return alert_at(i)->code;
		}
	}
	return -1;
}

static void fill_alert(struct explain_match *m, const char *norm, int code, int name_len)
{
	const struct alert_info *a = alert_lookup(code);
	const char *dir = alert_direction(norm);
	const char *area = a && a->area ? a->area : "firewall", *id = "tls.alert";

	for (size_t i = 0; i < sizeof alert_ids / sizeof alert_ids[0]; i++)
		if (alert_ids[i].code == code) {
			area = alert_ids[i].area;
			id = alert_ids[i].id;
		}
	m->e = NULL;
	m->alert_code = code;
	snprintf(m->alert_source, sizeof m->alert_source, "TLS alert %d", code);
	snprintf(m->alert_cause, sizeof m->alert_cause, "alert %s(%d)%s%s, usually sent by the %s: %s",
		 alert_name(code), code, dir ? ", " : "", dir ? dir : "", a ? a->sender : "either side",
		 a ? a->meaning : "an unassigned alert code");
	m->alert = (struct explain_entry){
		.source = m->alert_source, .needles = "", .area = area, .id = id, .cause = m->alert_cause,
		.fix = "Run the wizard below against the server: it repeats the handshake and shows which "
		       "message the alert answers.",
		.sample = "",
	};
	m->score = 6 + name_len;
	m->confidence = name_len >= 8 ? 65 : 50;
}

const struct explain_entry *explain_entry_of(const struct explain_match *m)
{
	return m->e ? m->e : &m->alert;
}

static int cmp_match(const void *a, const void *b)
{
	const struct explain_match *x = a, *y = b;
	return y->score - x->score;
}

static size_t match_norm(const char *norm, struct explain_match *out, size_t max)
{
	size_t n = 0;
	int name_len, code;

	if (!max || !norm[0] || !worth_trying(norm))
		return 0;
	/* Keep the best max by score: fill, then replace the weakest. */
	for (size_t i = 0; i < explain_table_len; i++) {
		int s = needles_score(norm, explain_table[i].needles);
		size_t slot;
		if (!s)
			continue;
		if (n < max) {
			slot = n++;
		} else {
			slot = 0;
			for (size_t k = 1; k < n; k++)
				if (out[k].score < out[slot].score)
					slot = k;
			if (out[slot].score >= s)
				continue;
		}
		memset(&out[slot], 0, sizeof out[slot]);
		out[slot].e = &explain_table[i];
		out[slot].score = s;
		out[slot].confidence = confidence_of(s);
		out[slot].alert_code = -1;
	}
	code = find_alert(norm, &name_len);
	if (code >= 0) {
		struct explain_match am;
		memset(&am, 0, sizeof am);
		fill_alert(&am, norm, code, name_len);
		if (n < max) {
			out[n++] = am;
		} else {
			size_t slot = 0;
			for (size_t k = 1; k < n; k++)
				if (out[k].score < out[slot].score)
					slot = k;
			if (out[slot].score < am.score)
				out[slot] = am;
		}
	}
	qsort(out, n, sizeof *out, cmp_match);
	/* struct copies moved the alert entry: re-point its strings at the copy */
	for (size_t i = 0; i < n; i++)
		if (!out[i].e) {
			out[i].alert.source = out[i].alert_source;
			out[i].alert.cause = out[i].alert_cause;
		}
	return n;
}

size_t explain_text(const char *text, struct explain_match *out, size_t max)
{
	char norm[LINE_CAP];
	normalise(text, norm, sizeof norm);
	return match_norm(norm, out, max);
}

size_t explain_guesses(const char *text, const struct explain_entry **out, size_t max)
{
	char norm[LINE_CAP];
	int best[8] = { 0 };
	size_t n = 0;

	if (max > 8)
		max = 8;
	normalise(text, norm, sizeof norm);
	for (size_t i = 0; i < explain_table_len; i++) {
		char sample[512];
		int shared = 0;
		normalise(explain_table[i].sample, sample, sizeof sample);
		/* words of 4+ letters of the text that the sample contains */
		for (const char *p = norm; *p;) {
			size_t w = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
			if (w >= 4) {
				char word[64];
				snprintf(word, sizeof word, "%.*s", (int)(w < 63 ? w : 63), p);
				shared += strstr(sample, word) != NULL;
			}
			p += w ? w : 1;
		}
		if (shared < 2)
			continue;
		if (n < max) {
			out[n] = &explain_table[i];
			best[n++] = shared;
		} else {
			size_t slot = 0;
			for (size_t k = 1; k < n; k++)
				if (best[k] < best[slot])
					slot = k;
			if (best[slot] < shared) {
				out[slot] = &explain_table[i];
				best[slot] = shared;
			}
		}
	}
	/* most words shared first */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && best[k] > best[k - 1]; k--) {
			int tb = best[k];
			const struct explain_entry *te = out[k];
			best[k] = best[k - 1];
			out[k] = out[k - 1];
			best[k - 1] = tb;
			out[k - 1] = te;
		}
	return n;
}

/* ---- a target named in the text ---- */

static bool host_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
}

static bool plausible_host(const char *tok, size_t n)
{
	static const char *const not_tld[] = { "http", "https", "log", "pem", "crt", "cer", "der", "key", "conf",
		"cfg", "txt", "json", "xml", "html", "htm", "java", "py", "go", "js", "so", "exception", "error", "c",
		"h", "ssl", "tls", "x509", "jar", "class", "dll", "exe", "sh", "rb", "php", "cs", "net", "lang", "io" };
	char host[256], *colon, *tld;
	bool digits_only = true;

	if (n < 4 || n >= sizeof host)
		return false;
	memcpy(host, tok, n);
	host[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (isupper((unsigned char)host[i]))
			return false;	/* Java.Class.Names */
	colon = strchr(host, ':');
	if (colon)
		*colon = '\0';
	if (!strchr(host, '.') || host[0] == '.' || host[strlen(host) - 1] == '.')
		return false;
	for (const char *c = host; *c; c++)
		if (!isdigit((unsigned char)*c) && *c != '.')
			digits_only = false;
	if (digits_only) {
		int dots = 0;
		for (const char *c = host; *c; c++)
			dots += *c == '.';
		return dots == 3;	/* an IPv4 address */
	}
	tld = strrchr(host, '.') + 1;
	if (strlen(tld) < 2 || strlen(tld) > 24)
		return false;
	for (const char *c = tld; *c; c++)
		if (!isalpha((unsigned char)*c))
			return false;
	for (size_t i = 0; i < sizeof not_tld / sizeof not_tld[0]; i++)
		if (!strcmp(tld, not_tld[i]))
			return false;
	return true;
}

void explain_target(const char *text, char *buf, size_t len)
{
	const char *best = NULL;
	size_t best_n = 0;
	bool best_port = false;

	buf[0] = '\0';
	for (const char *p = text; *p;) {
		const char *s;
		size_t n;
		if (!host_char(*p)) {
			p++;
			continue;
		}
		s = p;
		while (*p && host_char(*p))
			p++;
		n = (size_t)(p - s);
		/* "https://host:port/..." leaves "//host:port" out of the token already */
		while (n && (s[n - 1] == ':' || s[n - 1] == '.' || s[n - 1] == ']'))
			n--;
		while (n && (*s == ':' || *s == '['))
			s++, n--;
		if (plausible_host(s, n)) {
			bool port = memchr(s, ':', n) != NULL;
			if (!best || (port && !best_port)) {
				best = s;
				best_n = n;
				best_port = port;
			}
		}
	}
	if (best) {
		char raw[256];
		snprintf(raw, sizeof raw, "%.*s", (int)best_n, best);
		text_sanitize_str(buf, len, raw);
	}
}

/* ---- server logs ---- */

struct explain_log {
	struct explain_group *g;
	size_t n, cap;
	const struct explain_entry **key;	/* table row per group, NULL for alerts */
	int *alert;				/* alert code per group */
	unsigned long lines, ignored;
};

struct explain_log *explain_log_new(void)
{
	return xcalloc(1, sizeof(struct explain_log));
}

static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
				      "nov", "dec" };

bool explain_log_timestamp(const char *line, char *buf, size_t len)
{
	const char *p = line;
	size_t n = 0;

	buf[0] = '\0';
	while (*p == ' ')
		p++;
	/* 2024/05/01 12:00:00 (nginx) or 2024-05-01T12:00:00[.frac][Z|+hh:mm] (ISO 8601) */
	if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[3]) && (p[4] == '/' || p[4] == '-') &&
	    isdigit((unsigned char)p[5]) && (p[7] == '/' || p[7] == '-') && (p[10] == ' ' || p[10] == 'T') &&
	    isdigit((unsigned char)p[11]) && p[13] == ':') {
		n = 19;
	} else if (p[0] == '[' && isalpha((unsigned char)p[1])) {
		/* [Wed May 01 12:00:00.123456 2024] (Apache) */
		const char *e = strchr(p, ']');
		if (e && e - p < 40 && e - p > 10) {
			snprintf(buf, len, "%.*s", (int)(e - p - 1), p + 1);
			return true;
		}
		return false;
	} else if (isalpha((unsigned char)p[0])) {
		/* May  1 12:00:00 (syslog, journalctl) */
		for (size_t m = 0; m < 12; m++)
			if (!strncasecmp(p, months[m], 3) && p[3] == ' ') {
				const char *q = p + 4;
				while (*q == ' ')
					q++;
				while (isdigit((unsigned char)*q))
					q++;
				if (*q == ' ' && isdigit((unsigned char)q[1]) && q[3] == ':') {
					n = (size_t)(q + 9 - p);
					break;
				}
			}
	}
	if (!n || strlen(p) < n)
		return false;
	snprintf(buf, len, "%.*s", (int)n, p);
	return true;
}

static bool ip_char(char c)
{
	return isxdigit((unsigned char)c) || c == '.' || c == ':';
}

bool explain_log_client(const char *line, char *buf, size_t len)
{
	static const char *const marks[] = { "client: ", "[client ", "client=", "remote=", "rip=", "from ", "client " };
	buf[0] = '\0';
	for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
		for (const char *p = strstr(line, marks[k]); p; p = strstr(p + 1, marks[k])) {
			const char *s = p + strlen(marks[k]), *e;
			bool dot = false, colon = false;
			/* Postfix: "from unknown[192.0.2.1]" */
			if (*s != '[' && !ip_char(*s)) {
				const char *br = strchr(s, '[');
				if (!br || br - s > 64)
					continue;
				s = br + 1;
			} else if (*s == '[') {
				s++;
			}
			for (e = s; ip_char(*e); e++) {
				dot |= *e == '.';
				colon |= *e == ':';
			}
			if (e - s < 3 || (!dot && !colon))
				continue;
			/* "192.0.2.1:54321" (Apache): drop the port of an IPv4 address */
			if (dot) {
				const char *c = memchr(s, ':', (size_t)(e - s));
				if (c)
					e = c;
			}
			{
				char raw[64];
				snprintf(raw, sizeof raw, "%.*s", (int)(e - s < 63 ? e - s : 63), s);
				text_sanitize_str(buf, len, raw);
			}
			return true;
		}
	}
	return false;
}

void explain_log_feed(struct explain_log *l, const char *line)
{
	char norm[LINE_CAP];
	struct explain_match m[2];
	size_t n, g;
	const struct explain_entry *key;
	char ts[40], client[48];

	l->lines++;
	normalise(line, norm, sizeof norm);
	n = match_norm(norm, m, 2);
	if (!n) {
		l->ignored++;
		return;
	}
	key = m[0].e;
	for (g = 0; g < l->n; g++)
		if (l->key[g] == key && (key || l->alert[g] == m[0].alert_code))
			break;
	if (g == l->n) {
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 16;
			l->g = xreallocarray(l->g, l->cap, sizeof *l->g);
			l->key = xreallocarray(l->key, l->cap, sizeof *l->key);
			l->alert = xreallocarray(l->alert, l->cap, sizeof *l->alert);
		}
		memset(&l->g[g], 0, sizeof l->g[g]);
		l->g[g].e = *explain_entry_of(&m[0]);
		snprintf(l->g[g].cause, sizeof l->g[g].cause, "%s", explain_entry_of(&m[0])->cause);
		l->g[g].e.cause = NULL;	/* point at the group's own copy when read */
		if (!key)
			l->g[g].e.source = "TLS alert";
		text_sanitize_str(l->g[g].example, sizeof l->g[g].example, line);
		l->key[g] = key;
		l->alert[g] = m[0].alert_code;
		l->n++;
	}
	l->g[g].count++;
	if (explain_log_timestamp(line, ts, sizeof ts)) {
		char clean[40];
		text_sanitize_str(clean, sizeof clean, ts);
		if (!l->g[g].first[0])
			snprintf(l->g[g].first, sizeof l->g[g].first, "%s", clean);
		snprintf(l->g[g].last, sizeof l->g[g].last, "%s", clean);
	}
	if (l->g[g].nclients < EXPLAIN_MAX_CLIENTS && explain_log_client(line, client, sizeof client)) {
		bool dup = false;
		for (size_t k = 0; k < l->g[g].nclients && !dup; k++)
			dup = !strcmp(l->g[g].clients[k], client);
		if (!dup)
			snprintf(l->g[g].clients[l->g[g].nclients++], sizeof l->g[g].clients[0], "%s", client);
	}
}

static int cmp_group(const void *a, const void *b)
{
	const struct explain_group *x = a, *y = b;
	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

size_t explain_log_groups(struct explain_log *l, const struct explain_group **out)
{
	/* sorting moves groups away from their keys: feeding after this starts afresh */
	if (l->n > 1)
		qsort(l->g, l->n, sizeof *l->g, cmp_group);
	for (size_t i = 0; i < l->n; i++) {
		l->g[i].e.cause = l->g[i].cause;
		l->key[i] = (const struct explain_entry *)-1;	/* never equal to a real key */
		l->alert[i] = -2;
	}
	*out = l->g;
	return l->n;
}

unsigned long explain_log_lines(const struct explain_log *l)
{
	return l->lines;
}

unsigned long explain_log_ignored(const struct explain_log *l)
{
	return l->ignored;
}

void explain_log_free(struct explain_log *l)
{
	if (!l)
		return;
	free(l->g);
	free(l->key);
	free(l->alert);
	free(l);
}
