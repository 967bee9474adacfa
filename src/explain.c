/* explain.c — one answer from the signals in error text (signals.c), and grouping
 * server-log lines by cause.
 *
 * A line is lowercased and its whitespace collapsed. Every signal names finding ids with
 * weights; they are added per id, generic signals only when nothing specific is present,
 * and the answer is ambiguous when the winner is weak or a cause in another area comes
 * close (see doc/explain.md). Text without any signal is matched against the table of
 * known messages (explain_table.c): an entry matches when all of its needles occur, the
 * longest total match wins, and lines with none of a few trigger words are skipped before
 * any entry is tried. Nothing here prints. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "explain.h"
#include "signals.h"
#include "text.h"
#include "xmalloc.h"

#define LINE_CAP 4096
#define C_TLSERR_TEXT "the TLS handshake failed; the message does not say why"

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

/* ---- answers from signals ---- */

extern const struct explain_cause explain_causes[];
extern const size_t explain_causes_len;

const struct explain_cause *explain_cause_of(const char *id)
{
	for (size_t i = 0; id && i < explain_causes_len; i++)
		if (!strcmp(explain_causes[i].id, id))
			return &explain_causes[i];
	return NULL;
}

static const char *area_of(const char *id)
{
	const struct explain_cause *c = explain_cause_of(id);
	return c ? c->area : "firewall";
}

/* Which side sent the alert, from the words around it. */
static const char *alert_direction(const char *norm)
{
	if (strstr(norm, "received") || strstr(norm, "remote error") || strstr(norm, "from the remote") ||
	    strstr(norm, "from peer") || strstr(norm, "peer sent") || strstr(norm, "read alert") ||
	    strstr(norm, "errsslpeer") || strstr(norm, "read_bytes"))
		return "received from the peer";
	if (!strncmp(norm, "sent ", 5) || strstr(norm, " sent") || strstr(norm, "local error") || strstr(norm, "generated") ||
	    strstr(norm, "sending") || strstr(norm, "write alert"))
		return "sent by this side";
	return NULL;
}

/* A signal is generic when none of its causes reaches this weight: it only counts when
 * nothing specific was found ("SSL connect error", "see inner exception"). */
#define SPECIFIC_WEIGHT 30
/* Below this winning weight, or with a runner-up this close (per cent), it is ambiguous. */
#define SURE_WEIGHT 50
#define CLOSE_PERCENT 60

static int sig_max(const struct signal *s)
{
	int w = 0;
	for (int i = 0; i < s->ncand; i++)
		if (s->cand[i].weight > w)
			w = s->cand[i].weight;
	return w;
}

/* The wizard that tells the candidates apart: their common area, else the first of these
 * among them (versions retries with other hellos; chain shows every certificate). */
static const char *tell_apart(const struct explain_match *m)
{
	static const char *const order[] = { "versions", "chain", "ciphers", "sni", "certificates", "firewall" };
	bool same = true;
	for (size_t i = 1; i < m->ncand; i++)
		same &= !strcmp(m->cand[i].area, m->cand[0].area);
	if (same || !m->ambiguous)
		return explain_wizard(m->cand[0].area);
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		for (size_t i = 0; i < m->ncand; i++)
			if (!strcmp(m->cand[i].area, order[k]))
				return order[k];
	return explain_wizard(m->cand[0].area);
}

/* Causes a message that names none most likely has, by the words it does use. */
static void default_candidates(const char *norm, const char **ids)
{
	static const char *const cert[] = { "cert.verify_failed", "chain.incomplete", "cert.expired" };
	static const char *const conn[] = { "net.closed", "version.intolerance", "net.reset" };
	static const char *const hs[] = { "version.mismatch", "cipher.no_shared", "net.blackhole" };
	/* a server that logs a failed handshake: the client's versions, suites, or the client
	 * giving up on the server's chain */
	static const char *const srv[] = { "version.mismatch", "cipher.no_shared", "chain.incomplete" };
	static const char *const servers[] = { "nginx", "HAProxy", "Apache", "Postfix", "Dovecot" };
	const char *const *pick = hs, *src = signal_source(norm);
	for (size_t i = 0; i < sizeof servers / sizeof servers[0]; i++)
		if (!strcmp(src, servers[i]))
			pick = srv;
	if (strstr(norm, "certif") || strstr(norm, "verif") || strstr(norm, "trust"))
		pick = cert;	/* the words win over the source */
	else if (strstr(norm, "closed") || strstr(norm, "terminat") || strstr(norm, "eof") || strstr(norm, "reset") ||
		 strstr(norm, "lost connection"))
		pick = conn;
	for (int i = 0; i < 3; i++)
		ids[i] = pick[i];
}

static void add_cand(struct explain_cand *c, size_t *n, size_t cap, const char *id, int w)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(c[i].id, id)) {
			c[i].weight += w;
			return;
		}
	if (*n < cap) {
		const struct explain_cause *k = explain_cause_of(id);
		c[*n] = (struct explain_cand){ id, area_of(id), k ? k->cause : C_TLSERR_TEXT, w };
		(*n)++;
	}
}

static int cmp_cand(const void *a, const void *b)
{
	const struct explain_cand *x = a, *y = b;
	return y->weight - x->weight;
}

/* Combine the signals of norm into one answer; false when there is none. */
static bool answer_from_signals(const char *norm, struct explain_match *m)
{
	struct signal sig[16];
	struct explain_cand all[24];
	size_t ns = signal_scan(norm, sig, 16), nall = 0;
	bool specific = false;
	int top;

	if (!ns)
		return false;
	memset(m, 0, sizeof *m);
	m->alert_code = -1;
	for (size_t i = 0; i < ns; i++)
		specific |= sig_max(&sig[i]) >= SPECIFIC_WEIGHT;
	for (size_t i = 0; i < ns; i++) {
		if (specific && sig_max(&sig[i]) < SPECIFIC_WEIGHT)
			continue;
		for (int k = 0; k < sig[i].ncand; k++)
			add_cand(all, &nall, sizeof all / sizeof all[0], sig[i].cand[k].id, sig[i].cand[k].weight);
		if (m->nsig < EXPLAIN_MAX_SIGNALS)
			m->sig[m->nsig++] = sig[i];
		if (!strcmp(sig[i].family, "alert") && m->alert_code < 0)
			m->alert_code = signal_alert_code(norm);
	}
	qsort(all, nall, sizeof all[0], cmp_cand);
	top = nall ? all[0].weight : 0;
	if (top <= 0)
		return false;
	/* doubt is about where to look: the strongest cause in another area */
	m->ambiguous = top < SURE_WEIGHT;
	for (size_t i = 1; i < nall && !m->ambiguous; i++)
		if (strcmp(all[i].area, all[0].area)) {
			m->ambiguous = all[i].weight * 100 >= top * CLOSE_PERCENT;
			break;
		}
	if (m->ambiguous && (nall < 2 || !specific)) {
		const char *ids[3];
		/* nothing specific: the usual causes of a message with these words, not the
		 * catch-all ids (tls.error, tls.alert) the generic signals name */
		if (!specific)
			nall = 0;
		default_candidates(norm, ids);
		for (int i = 0; i < 3; i++)
			add_cand(all, &nall, sizeof all / sizeof all[0], ids[i], 0);
	}
	for (size_t i = 0; i < nall && m->ncand < EXPLAIN_MAX_CAND; i++)
		m->cand[m->ncand++] = all[i];
	m->score = top;
	m->confidence = top >= 95 ? 95 : top;
	if (m->ambiguous && m->confidence > 45)
		m->confidence = 45;
	{
		const struct explain_cause *c = explain_cause_of(m->cand[0].id);
		m->entry = (struct explain_entry){
			.source = signal_source(norm),
			.needles = "",
			.area = m->cand[0].area,
			.id = m->cand[0].id,
			.cause = c ? c->cause : C_TLSERR_TEXT,
			.fix = c ? c->fix : "Run `tlswiz diagnose HOST`.",
			.sample = "",
		};
	}
	m->wizard = tell_apart(m);
	if (m->alert_code >= 0) {
		const char *dir = alert_direction(norm);
		if (dir)
			snprintf(m->detail, sizeof m->detail, "alert %s(%d), %s", alert_name(m->alert_code), m->alert_code, dir);
	}
	return true;
}

const struct explain_entry *explain_entry_of(const struct explain_match *m)
{
	return m->e ? m->e : &m->entry;
}

static int cmp_match(const void *a, const void *b)
{
	const struct explain_match *x = a, *y = b;
	return y->score - x->score;
}

/* Phrases of the table: the fallback when no signal is in the text. */
static size_t match_phrases(const char *norm, struct explain_match *out, size_t max)
{
	size_t n = 0;
	if (!worth_trying(norm))
		return 0;
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
		out[slot].ncand = 1;
		out[slot].cand[0] = (struct explain_cand){ explain_table[i].id, explain_table[i].area, explain_table[i].cause, s };
		out[slot].wizard = explain_wizard(explain_table[i].area);
	}
	qsort(out, n, sizeof *out, cmp_match);
	return n;
}

static size_t match_norm(const char *norm, struct explain_match *out, size_t max)
{
	if (!max || !norm[0])
		return 0;
	if (answer_from_signals(norm, &out[0]))
		return 1;
	return match_phrases(norm, out, max);
}

size_t explain_text(const char *text, struct explain_match *out, size_t max)
{
	char norm[LINE_CAP];
	normalise(text, norm, sizeof norm);
	return match_norm(norm, out, max);
}

size_t explain_signals(const char *text, struct signal *out, size_t max)
{
	char norm[LINE_CAP];
	normalise(text, norm, sizeof norm);
	return signal_scan(norm, out, max);
}

const char *explain_source(const char *text)
{
	char norm[LINE_CAP];
	normalise(text, norm, sizeof norm);
	return signal_source(norm);
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
			size_t w = 0;
			while ((p[w] >= 'a' && p[w] <= 'z') || p[w] == '_')
				w++;
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

/* "id1, id2, id3" of an ambiguous answer: its group key. */
static void cand_list(const struct explain_match *m, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < m->ncand && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "", m->cand[i].id);
}

void explain_log_feed(struct explain_log *l, const char *line)
{
	char norm[LINE_CAP], cands[160] = "";
	struct explain_match m[2];
	const struct explain_entry *e;
	size_t n, g;
	char ts[40], client[48];

	l->lines++;
	normalise(line, norm, sizeof norm);
	n = match_norm(norm, m, 2);
	if (!n) {
		l->ignored++;
		return;
	}
	e = explain_entry_of(&m[0]);
	if (m[0].ambiguous)
		cand_list(&m[0], cands, sizeof cands);
	/* one group per cause: the finding id, or the candidate list of an ambiguous line */
	for (g = 0; g < l->n; g++)
		if (l->g[g].ambiguous == m[0].ambiguous &&
		    (m[0].ambiguous ? !strcmp(l->g[g].candidates, cands) : !strcmp(l->g[g].e.id, e->id)))
			break;
	if (g == l->n) {
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 16;
			l->g = xreallocarray(l->g, l->cap, sizeof *l->g);
		}
		memset(&l->g[g], 0, sizeof l->g[g]);
		l->g[g].e = *e;
		l->g[g].ambiguous = m[0].ambiguous;
		l->g[g].wizard = m[0].wizard ? m[0].wizard : explain_wizard(e->area);
		snprintf(l->g[g].candidates, sizeof l->g[g].candidates, "%s", cands);
		if (m[0].ambiguous)
			snprintf(l->g[g].cause, sizeof l->g[g].cause, "these lines name no specific cause; most likely "
				 "first: %s", cands);
		else if (m[0].detail[0])
			snprintf(l->g[g].cause, sizeof l->g[g].cause, "%s (%s)", e->cause, m[0].detail);
		else
			snprintf(l->g[g].cause, sizeof l->g[g].cause, "%s", e->cause);
		l->g[g].e.cause = NULL;	/* point at the group's own copy when read */
		text_sanitize_str(l->g[g].example, sizeof l->g[g].example, line);
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
	if (l->n > 1)
		qsort(l->g, l->n, sizeof *l->g, cmp_group);
	for (size_t i = 0; i < l->n; i++)
		l->g[i].e.cause = l->g[i].cause;
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
	free(l);
}
