/* cert.c — certificate parsing and verification with GnuTLS's X.509 API. Every string
 * taken from a certificate goes through text_sanitize (DNs carry raw ESC bytes, notes 7.7).
 * Trust stores are loaded once per path and shared read-only. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/ocsp.h>
#include <gnutls/pkcs7.h>

#include "cert.h"
#include "http.h"
#include "text.h"
#include "trace.h"
#include "xmalloc.h"

#define CHAIN_MAX CERT_CHAIN_MAX
#define OID_SERVER_AUTH "1.3.6.1.5.5.7.3.1"
#define OID_ANY_EKU "2.5.29.37.0"

static int import(gnutls_x509_crt_t *crt, const void *der, size_t len);

static void dn_string(gnutls_x509_crt_t crt, int issuer, char *out, size_t len)
{
	gnutls_datum_t d = { NULL, 0 };
	int r = issuer ? gnutls_x509_crt_get_issuer_dn3(crt, &d, 0) : gnutls_x509_crt_get_dn3(crt, &d, 0);
	if (r < 0) {
		snprintf(out, len, "?");
		return;
	}
	text_sanitize(out, len, d.data, d.size);
	gnutls_free(d.data);
}

/* The subjectAltName extension walked once, by its DER (RFC 5280 4.2.1.6: a SEQUENCE of
 * GeneralName): asking GnuTLS for entry i decodes the whole extension again each time,
 * and decoding it builds an ASN.1 tree of every name, so 10,000 names cost seconds and
 * tens of MB. cb gets each dNSName and iPAddress; it returns nonzero to stop. Returns -1
 * when the extension is absent or malformed. */
static size_t der_len(const unsigned char *p, size_t n, size_t *hdr)
{
	size_t l, k;

	if (n < 2)
		return (size_t)-1;
	if (p[1] < 0x80) {
		*hdr = 2;
		return p[1];
	}
	k = p[1] & 0x7f;
	if (k == 0 || k > 4 || n < 2 + k)
		return (size_t)-1;
	l = 0;
	for (size_t i = 0; i < k; i++)
		l = l << 8 | p[2 + i];
	*hdr = 2 + k;
	return l;
}

static int sans_walk(gnutls_x509_crt_t crt, int (*cb)(void *arg, int type, const unsigned char *v, size_t n),
		     void *arg)
{
	gnutls_datum_t ext = { NULL, 0 };
	unsigned crit = 0;
	const unsigned char *p;
	size_t n, hdr, l;
	int r = -1;

	if (gnutls_x509_crt_get_extension_by_oid2(crt, "2.5.29.17", 0, &ext, &crit) < 0)
		return -1;
	p = ext.data;
	n = ext.size;
	if (n < 2 || p[0] != 0x30 || (l = der_len(p, n, &hdr)) == (size_t)-1 || hdr + l > n)
		goto out;
	p += hdr;
	n = l;
	while (n) {
		unsigned tag = p[0];
		if ((l = der_len(p, n, &hdr)) == (size_t)-1 || hdr + l > n)
			goto out;
		if ((tag == 0x82 && cb(arg, GNUTLS_SAN_DNSNAME, p + hdr, l)) ||
		    (tag == 0x87 && cb(arg, GNUTLS_SAN_IPADDRESS, p + hdr, l)))
			break;
		p += hdr + l;
		n -= hdr + l;
	}
	r = 0;
out:
	gnutls_free(ext.data);
	return r;
}

struct sans_out {
	char *out;
	size_t len, o;
	unsigned n;
};

static int sans_string_cb(void *arg, int type, const unsigned char *v, size_t n)
{
	struct sans_out *s = arg;
	char clean[256], ip[64];

	if (type == GNUTLS_SAN_DNSNAME) {
		text_sanitize(clean, sizeof clean, v, n);
		s->o += (size_t)snprintf(s->out + s->o, s->len - s->o, "%sDNS:%s", s->o ? ", " : "", clean);
	} else if (n == 4 || n == 16) {
		if (!inet_ntop(n == 4 ? AF_INET : AF_INET6, v, ip, sizeof ip))
			snprintf(ip, sizeof ip, "?");
		s->o += (size_t)snprintf(s->out + s->o, s->len - s->o, "%sIP:%s", s->o ? ", " : "", ip);
	}
	return s->o >= s->len - 1 || ++s->n > 200;
}

static void sans_string(gnutls_x509_crt_t crt, char *out, size_t len)
{
	struct sans_out s = { out, len, 0, 0 };

	out[0] = '\0';
	sans_walk(crt, sans_string_cb, &s);
	if (s.o >= len)
		text_utf8_trim(out);
}

/* ---- host names (RFC 6125 section 6.4, as browsers apply it; no CN fallback) ---- */

/* Compare n bytes case-insensitively (ASCII only: names on the wire are A-labels). */
static bool label_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

static bool is_ip(const char *name)
{
	unsigned char b[16];
	return inet_pton(AF_INET, name, b) == 1 || inet_pton(AF_INET6, name, b) == 1;
}

int cert_name_pattern_match(const char *pat, size_t plen, const char *name)
{
	size_t nlen = strlen(name);
	const char *ndot;

	if (plen && pat[plen - 1] == '.')
		plen--;
	if (nlen && name[nlen - 1] == '.')
		nlen--;
	if (!plen || !nlen || memchr(pat, '\0', plen))
		return 0;		/* an embedded NUL is an attack, never a match */
	if (!(plen > 2 && pat[0] == '*' && pat[1] == '.'))
		return memchr(pat, '*', plen) ? 0 : (plen == nlen && label_eq(pat, name, nlen));
	/* "*.rest": exactly one whole left-most label; rest must have two labels or more
	 * (no "*.com"), no further wildcard, and never an IP address. */
	if (memchr(pat + 2, '*', plen - 2) || !memchr(pat + 2, '.', plen - 2) || is_ip(name))
		return 0;
	ndot = memchr(name, '.', nlen);
	if (!ndot || ndot == name)
		return 0;		/* the apex, or an empty first label */
	return (size_t)(name + nlen - ndot) == plen - 1 && label_eq(ndot, pat + 1, plen - 1);
}

struct match {
	const char *name;
	unsigned char ip[16];
	size_t iplen;
	bool any_dns, any_ip, any_wild;
	int match;
};

static int match_cb(void *arg, int type, const unsigned char *v, size_t n)
{
	struct match *m = arg;

	if (type == GNUTLS_SAN_DNSNAME) {
		m->any_dns = true;
		m->any_wild |= n > 1 && v[0] == '*';
		if (!m->iplen)
			m->match = cert_name_pattern_match((const char *)v, n, m->name);
	} else {
		m->any_ip = true;
		m->match = m->iplen && n == m->iplen && memcmp(v, m->ip, m->iplen) == 0;
	}
	return m->match;
}

int cert_match_host(const void *der, size_t len, const char *name, char *why, size_t wlen)
{
	gnutls_x509_crt_t crt;
	struct match m = { .name = name };

	if (why && wlen)
		why[0] = '\0';
	if (inet_pton(AF_INET, name, m.ip) == 1)
		m.iplen = 4;
	else if (inet_pton(AF_INET6, name, m.ip) == 1)
		m.iplen = 16;
	if (import(&crt, der, len) < 0) {
		if (why && wlen)
			snprintf(why, wlen, "the certificate cannot be parsed");
		return 0;
	}
	/* every name, however many: the walk is linear and allocates nothing */
	sans_walk(crt, match_cb, &m);
	gnutls_x509_crt_deinit(crt);
	if (!m.match && why && wlen) {
		if (!m.any_dns && !m.any_ip)
			snprintf(why, wlen, "no subjectAltName: the CN is not used for name checks");
		else if (m.iplen && !m.any_ip)
			snprintf(why, wlen, "%s is an IP address and the certificate has no IP subjectAltName", name);
		else if (m.iplen)
			snprintf(why, wlen, "no IP subjectAltName equals %s", name);
		else if (m.any_wild)
			snprintf(why, wlen, "a wildcard covers exactly one left-most label, never the apex");
		else
			snprintf(why, wlen, "no DNS subjectAltName equals the name");
	}
	return m.match;
}

static void aia_string(gnutls_x509_crt_t crt, const char *method, char *out, size_t len)
{
	out[0] = '\0';
	for (unsigned seq = 0; seq < 16; seq++) {
		gnutls_datum_t oid = { NULL, 0 }, uri = { NULL, 0 };
		int r = gnutls_x509_crt_get_authority_info_access(crt, seq, GNUTLS_IA_ACCESSMETHOD_OID, &oid, NULL);
		if (r < 0)
			break;
		if (oid.data && strcmp((const char *)oid.data, method) == 0 &&
		    gnutls_x509_crt_get_authority_info_access(crt, seq, GNUTLS_IA_URI, &uri, NULL) >= 0) {
			text_sanitize(out, len, uri.data, uri.size);
			gnutls_free(uri.data);
			gnutls_free(oid.data);
			return;
		}
		gnutls_free(oid.data);
	}
}

static int import(gnutls_x509_crt_t *crt, const void *der, size_t len)
{
	gnutls_datum_t d = { (unsigned char *)der, (unsigned)len };
	if (gnutls_x509_crt_init(crt) < 0)
		return -1;
	if (gnutls_x509_crt_import(*crt, &d, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(*crt);
		return -1;
	}
	return 0;
}

int cert_parse(const void *der, size_t len, struct cert_info *c)
{
	gnutls_x509_crt_t crt;
	unsigned bits = 0, ca = 0, crit;
	int pk, sig;
	unsigned char fp[32];
	size_t fplen = sizeof fp;
	char cn[256];
	size_t cnlen = sizeof cn;

	memset(c, 0, sizeof *c);
	if (import(&crt, der, len) < 0)
		return -1;
	dn_string(crt, 0, c->subject, sizeof c->subject);
	dn_string(crt, 1, c->issuer, sizeof c->issuer);
	if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &cnlen) == 0)
		text_sanitize(c->cn, sizeof c->cn, cn, cnlen);
	sans_string(crt, c->sans, sizeof c->sans);
	c->not_before = gnutls_x509_crt_get_activation_time(crt);
	c->not_after = gnutls_x509_crt_get_expiration_time(crt);
	pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	c->key_bits = (int)bits;
	if (pk == GNUTLS_PK_EC || pk == GNUTLS_PK_ECDSA) {
		gnutls_ecc_curve_t curve;
		if (gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, NULL, NULL) >= 0)
			snprintf(c->key, sizeof c->key, "ECDSA %s", gnutls_ecc_curve_get_name(curve));
		else
			snprintf(c->key, sizeof c->key, "ECDSA %u", bits);
	} else {
		snprintf(c->key, sizeof c->key, "%s %u", pk >= 0 && gnutls_pk_get_name(pk) ? gnutls_pk_get_name(pk) : "?", bits);
	}
	sig = gnutls_x509_crt_get_signature_algorithm(crt);
	snprintf(c->sig, sizeof c->sig, "%s", sig >= 0 && gnutls_sign_get_name(sig) ? gnutls_sign_get_name(sig) : "?");
	c->sig_weak = sig >= 0 && !gnutls_sign_is_secure2(sig, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS);
	if (gnutls_x509_crt_get_basic_constraints(crt, &crit, &ca, NULL) >= 0)
		c->is_ca = ca != 0;
	c->self_signed = gnutls_x509_crt_check_issuer(crt, crt) == 1;
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp, &fplen) == 0)
		for (size_t i = 0; i < fplen && i < 32; i++)
			snprintf(c->sha256 + 2 * i, 3, "%02x", fp[i]);
	aia_string(crt, GNUTLS_OID_AD_CAISSUERS, c->aia_issuer, sizeof c->aia_issuer);
	aia_string(crt, GNUTLS_OID_AD_OCSP, c->aia_ocsp, sizeof c->aia_ocsp);
	gnutls_x509_crt_deinit(crt);
	return 0;
}

void cert_chain_from_trace(const struct trace *t, struct chain *c)
{
	memset(c, 0, sizeof *c);
	if (!t->ncerts)
		return;
	c->certs = xcalloc(t->ncerts, sizeof *c->certs);
	for (size_t i = 0; i < t->ncerts; i++) {
		if (cert_parse(t->certs[i].data, t->certs[i].len, &c->certs[c->n]) == 0)
			c->n++;
	}
}

void chain_free(struct chain *c)
{
	free(c->certs);
	memset(c, 0, sizeof *c);
}

void chain_copy(struct chain *dst, const struct chain *src)
{
	*dst = *src;
	dst->certs = src->n ? xmemdup(src->certs, src->n * sizeof *src->certs) : NULL;
}

/* ---- trust stores: one per path, loaded once, read-only afterwards ---- */

struct store {
	char path[TW_PATH_MAX];
	gnutls_x509_trust_list_t tl;
	int n;
};

/* Read a CA file of at most CERT_CAFILE_MAX bytes (a regular file: not a directory, a
 * device or a pipe) into *buf. 0 ok, -1 with why set. */
static int read_cafile(const char *path, unsigned char **buf, size_t *len, char *why, size_t wlen)
{
	struct stat st;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	*buf = NULL;
	*len = 0;
	if (fd < 0) {
		snprintf(why, wlen, "cannot read CA file %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, wlen, "CA file %s is not a regular file (%s)", path,
			 S_ISDIR(st.st_mode) ? "a directory" : "a device, pipe or socket");
		close(fd);
		return -1;
	}
	if (st.st_size > CERT_CAFILE_MAX) {
		snprintf(why, wlen, "CA file %s is larger than %d MiB (cap)", path, CERT_CAFILE_MAX >> 20);
		close(fd);
		return -1;
	}
	*buf = xmalloc((size_t)st.st_size + 1);
	/* never past the cap, even if the file grows while we read */
	while (n <= (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + n, (size_t)st.st_size + 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > (size_t)st.st_size) {
		snprintf(why, wlen, "CA file %s grew while it was read", path);
		free(*buf);
		*buf = NULL;
		return -1;
	}
	*len = n;
	return 0;
}

/* Add the certificates of a CA file (PEM, else one DER certificate) to tl. The count, or
 * -1 with why set. */
static int load_cafile(gnutls_x509_trust_list_t tl, const char *path, char *why, size_t wlen)
{
	unsigned char *buf;
	size_t len;
	gnutls_datum_t d;
	int n;

	if (read_cafile(path, &buf, &len, why, wlen) < 0)
		return -1;
	d.data = buf;
	d.size = (unsigned)len;
	n = gnutls_x509_trust_list_add_trust_mem(tl, &d, NULL, GNUTLS_X509_FMT_PEM, 0, 0);
	if (n <= 0)
		n = gnutls_x509_trust_list_add_trust_mem(tl, &d, NULL, GNUTLS_X509_FMT_DER, 0, 0);
	free(buf);
	if (n <= 0) {
		snprintf(why, wlen, "CA file %s holds no certificate (PEM or DER expected)", path);
		return -1;
	}
	return n;
}

int cert_cafile_check(const char *path, char *why, size_t wlen)
{
	gnutls_x509_trust_list_t tl;
	int n;

	if (gnutls_x509_trust_list_init(&tl, 0) < 0) {
		snprintf(why, wlen, "out of memory");
		return -1;
	}
	n = load_cafile(tl, path, why, wlen);
	gnutls_x509_trust_list_deinit(tl, 1);
	return n < 0 ? -1 : n;
}

static struct store stores[8];
static size_t nstores;
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;

static gnutls_x509_trust_list_t trust_for(const char *cafile, int *count)
{
	gnutls_x509_trust_list_t tl = NULL;
	const char *key = cafile && cafile[0] ? cafile : "";

	pthread_mutex_lock(&stores_lock);
	for (size_t i = 0; i < nstores; i++)
		if (strcmp(stores[i].path, key) == 0) {
			tl = stores[i].tl;
			*count = stores[i].n;
			goto out;
		}
	if (nstores == sizeof stores / sizeof stores[0] || gnutls_x509_trust_list_init(&tl, 0) < 0) {
		tl = NULL;
		goto out;
	}
	if (key[0]) {
		char why[256];
		*count = load_cafile(tl, key, why, sizeof why);
		if (*count < 0)
			*count = 0;
	} else {
		*count = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
	}
	snprintf(stores[nstores].path, sizeof stores[nstores].path, "%s", key);
	stores[nstores].tl = tl;
	stores[nstores].n = *count;
	nstores++;
out:
	pthread_mutex_unlock(&stores_lock);
	return tl;
}

static const struct { unsigned bit; const char *words; } status_words[] = {
	{ GNUTLS_CERT_EXPIRED, "a certificate has expired" },
	{ GNUTLS_CERT_NOT_ACTIVATED, "a certificate is not valid yet" },
	{ GNUTLS_CERT_SIGNER_NOT_FOUND, "the issuer is not known (missing intermediate, private CA or self-signed)" },
	{ GNUTLS_CERT_SIGNER_NOT_CA, "the issuer is not a CA" },
	{ GNUTLS_CERT_UNEXPECTED_OWNER, "the certificate does not match the host name" },
	{ GNUTLS_CERT_INSECURE_ALGORITHM, "a signature uses an insecure algorithm" },
	{ GNUTLS_CERT_REVOKED, "a certificate is revoked" },
	{ GNUTLS_CERT_SIGNATURE_FAILURE, "a signature does not verify" },
	{ GNUTLS_CERT_PURPOSE_MISMATCH, "the certificate is not for TLS servers" },
	{ GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, "a CA constraint is violated" },
	{ GNUTLS_CERT_MISSING_OCSP_STATUS, "the required OCSP staple is missing" },
	{ GNUTLS_CERT_INVALID_OCSP_STATUS, "the OCSP staple is invalid" },
	{ GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, "unknown critical extension" },
};

void cert_status_words(unsigned status, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	if (status == 0) {
		snprintf(buf, len, "trusted");
		return;
	}
	for (size_t i = 0; i < sizeof status_words / sizeof status_words[0]; i++)
		if (status & status_words[i].bit)
			o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s%s", o ? "; " : "",
					      status_words[i].words);
	if (!buf[0])
		snprintf(buf, len, "invalid (status 0x%x)", status);
}

static size_t import_all(const struct trace *t, gnutls_x509_crt_t *crts, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < t->ncerts && n < max; i++)
		if (import(&crts[n], t->certs[i].data, t->certs[i].len) == 0)
			n++;
	return n;
}

static void deinit_all(gnutls_x509_crt_t *crts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
}

int cert_verify(const struct trace *t, const char *hostname, const char *cafile, struct chain *c)
{
	gnutls_x509_crt_t crts[CHAIN_MAX];
	gnutls_x509_trust_list_t tl;
	gnutls_typed_vdata_st vdata[2];
	unsigned nv = 0, status = 0;
	int count = 0;
	size_t n;

	snprintf(c->trust, sizeof c->trust, "%s", cafile && cafile[0] ? cafile : "system");
	if (!t->ncerts)
		return -1;
	tl = trust_for(cafile, &count);
	if (!tl)
		return -1;
	n = import_all(t, crts, CHAIN_MAX);
	if (!n)
		return -1;
	if (hostname && hostname[0]) {
		vdata[nv].type = GNUTLS_DT_DNS_HOSTNAME;
		vdata[nv].data = (unsigned char *)hostname;
		vdata[nv].size = 0;
		nv++;
	}
	vdata[nv].type = GNUTLS_DT_KEY_PURPOSE_OID;
	vdata[nv].data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
	vdata[nv].size = 0;
	nv++;
	if (gnutls_x509_trust_list_verify_crt2(tl, crts, (unsigned)n, vdata, nv, 0, &status, NULL) < 0)
		status = GNUTLS_CERT_INVALID;
	/* verify_crt2 may skip EKU (notes 7.6): check it ourselves. */
	if (cert_leaf_bad_eku(t))
		status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_PURPOSE_MISMATCH;
	deinit_all(crts, n);
	c->verified = true;
	c->status = status;
	cert_status_words(status, c->status_text, sizeof c->status_text);
	return 0;
}

bool cert_leaf_bad_eku(const struct trace *t)
{
	gnutls_x509_crt_t crt;
	bool any = false, server = false;

	if (!t->ncerts || import(&crt, t->certs[0].data, t->certs[0].len) < 0)
		return false;
	for (unsigned i = 0; i < 64; i++) {
		char oid[128];
		size_t sz = sizeof oid;
		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &sz, NULL) < 0)
			break;
		any = true;
		if (strcmp(oid, OID_SERVER_AUTH) == 0 || strcmp(oid, OID_ANY_EKU) == 0)
			server = true;
	}
	gnutls_x509_crt_deinit(crt);
	return any && !server;
}

enum chain_shape cert_chain_shape(const struct trace *t, const char *cafile, char *detail, size_t len)
{
	gnutls_x509_crt_t crts[CHAIN_MAX];
	gnutls_x509_trust_list_t tl;
	enum chain_shape shape = CHAIN_OK;
	int count = 0;
	size_t n = import_all(t, crts, CHAIN_MAX);
	bool anchored = false;

	detail[0] = '\0';
	if (!n)
		return CHAIN_OK;
	if (t->ncerts + t->certs_dropped > CHAIN_MAX) {
		/* judging its first 32 would call it "intermediate not sent": say what it is */
		snprintf(detail, len, "the server sent %zu certificates; no client verifies a chain that long "
			 "(GnuTLS stops at 16, OpenSSL at 100; tlswiz judges at most %d)",
			 t->ncerts + t->certs_dropped, CHAIN_MAX);
		deinit_all(crts, n);
		return CHAIN_TOO_LONG;
	}
	tl = trust_for(cafile, &count);
	for (size_t i = 0; i + 1 < n; i++) {
		if (gnutls_x509_crt_check_issuer(crts[i], crts[i + 1]) == 1)
			continue;
		for (size_t j = 0; j < n; j++)
			if (j != i && j != i + 1 && gnutls_x509_crt_check_issuer(crts[i], crts[j]) == 1) {
				snprintf(detail, len, "certificate [%zu] is issued by [%zu], not by the next one [%zu]",
					 i, j, i + 1);
				shape = CHAIN_OUT_OF_ORDER;
				goto anchor;
			}
		/* The issuer of [i] is nowhere in what was sent; is it in the store? */
		if (tl) {
			gnutls_x509_crt_t issuer;
			if (gnutls_x509_trust_list_get_issuer(tl, crts[i], &issuer, 0) == 0)
				continue;
		}
		snprintf(detail, len, "certificate [%zu] was not issued by the certificate sent after it [%zu]; its issuer is not in the sent chain",
			 i, i + 1);
		shape = CHAIN_WRONG_INTERMEDIATE;
		goto out;
	}
anchor:
	for (size_t i = 0; i < n && tl; i++) {
		gnutls_x509_crt_t issuer;
		if (gnutls_x509_trust_list_get_issuer(tl, crts[i], &issuer, 0) == 0) {
			anchored = true;
			break;
		}
	}
	if (anchored || shape != CHAIN_OK)
		goto out;
	{
		gnutls_x509_crt_t top = crts[n - 1];
		bool self = gnutls_x509_crt_check_issuer(top, top) == 1;
		if (self && n == 1) {
			shape = CHAIN_SELF_SIGNED_LEAF;
			snprintf(detail, len, "the only certificate sent is self-signed and not in the trust store");
		} else if (self) {
			shape = CHAIN_UNTRUSTED_ROOT;
			snprintf(detail, len, "the chain ends at a root that is not in the trust store");
		} else {
			shape = CHAIN_MISSING_INTERMEDIATE;
			snprintf(detail, len, "the issuer of the last certificate sent is neither sent nor in the trust store");
		}
	}
out:
	deinit_all(crts, n);
	return shape;
}

/* ---- revocation ---- */

static bool leaf_must_staple(gnutls_x509_crt_t leaf)
{
	gnutls_x509_tlsfeatures_t f;
	bool yes = false;
	unsigned feat;

	if (gnutls_x509_tlsfeatures_init(&f) < 0)
		return false;
	if (gnutls_x509_crt_get_tlsfeatures(leaf, f, 0, NULL) == 0)
		for (unsigned i = 0; gnutls_x509_tlsfeatures_get(f, i, &feat) == 0; i++)
			if (feat == 5)	/* status_request, RFC 7633 */
				yes = true;
	gnutls_x509_tlsfeatures_deinit(f);
	return yes;
}

/* The leaf's issuer: the next sent certificate if it issued it, else the trust store. */
static int find_issuer(gnutls_x509_crt_t *crts, size_t n, const char *cafile, gnutls_x509_crt_t *issuer,
		       bool *owned)
{
	gnutls_x509_trust_list_t tl;
	int count;

	*owned = false;
	for (size_t i = 1; i < n; i++)
		if (gnutls_x509_crt_check_issuer(crts[0], crts[i]) == 1) {
			*issuer = crts[i];
			return 0;
		}
	tl = trust_for(cafile, &count);
	if (tl && gnutls_x509_trust_list_get_issuer(tl, crts[0], issuer, GNUTLS_TL_GET_COPY) == 0) {
		*owned = true;
		return 0;
	}
	return -1;
}

static const char *ocsp_verify_words(unsigned v)
{
	if (v & GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE)
		return "its signature does not verify with the issuer's key or a responder certificate the issuer signed";
	if (v & GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR)
		return "it is signed by a responder certificate without the OCSP signing EKU";
	if (v & GNUTLS_OCSP_VERIFY_UNTRUSTED_SIGNER)
		return "it is signed by a responder certificate the issuer did not sign";
	if (v & GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND)
		return "its signer is not the issuer and no responder certificate came with it";
	if (v & GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM)
		return "it is signed with an insecure algorithm";
	if (v & (GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED | GNUTLS_OCSP_VERIFY_CERT_EXPIRED))
		return "its responder certificate is outside its validity dates";
	return "its signature cannot be checked";
}

static bool datum_eq(const gnutls_datum_t *a, const gnutls_datum_t *b)
{
	return a->size == b->size && (a->size == 0 || memcmp(a->data, b->data, a->size) == 0);
}

/* Is single response i about leaf as issued by issuer? The whole certID: hash algorithm,
 * issuer name hash, issuer key hash and serial, as an OCSP request for them would say. */
static bool ocsp_certid_matches(gnutls_ocsp_resp_t resp, unsigned i, gnutls_x509_crt_t leaf,
				gnutls_x509_crt_t issuer)
{
	gnutls_digest_algorithm_t dig, rdig;
	gnutls_datum_t nh = { 0 }, kh = { 0 }, sn = { 0 }, rnh = { 0 }, rkh = { 0 }, rsn = { 0 };
	gnutls_ocsp_req_t req;
	bool ok = false;

	if (gnutls_ocsp_resp_get_single(resp, i, &dig, &nh, &kh, &sn, NULL, NULL, NULL, NULL, NULL) < 0)
		return false;
	if (gnutls_ocsp_req_init(&req) == 0) {
		if (gnutls_ocsp_req_add_cert(req, dig, issuer, leaf) == 0 &&
		    gnutls_ocsp_req_get_cert_id(req, 0, &rdig, &rnh, &rkh, &rsn) == 0)
			ok = rdig == dig && datum_eq(&nh, &rnh) && datum_eq(&kh, &rkh) && datum_eq(&sn, &rsn);
		gnutls_ocsp_req_deinit(req);
	}
	gnutls_free(nh.data);
	gnutls_free(kh.data);
	gnutls_free(sn.data);
	gnutls_free(rnh.data);
	gnutls_free(rkh.data);
	gnutls_free(rsn.data);
	return ok;
}

#define OCSP_SKEW 300	/* seconds of clock difference allowed on thisUpdate/nextUpdate */

/* Believe a response only when every check passes: the issuer really issued the leaf,
 * the response is signed by the issuer or by a responder certificate with the OCSP
 * signing EKU that the issuer signed, its certID is the leaf's, and it is current.
 * Anything else leaves out->checked false with the reason: "could not check", never a
 * verdict. */
static void ocsp_judge(gnutls_ocsp_resp_t resp, gnutls_x509_crt_t leaf, gnutls_x509_crt_t issuer,
		       struct revocation *out)
{
	unsigned status = 0, verify = 0, reason = 0, lv = 0;
	time_t this_upd = -1, next_upd = -1, rev_time = -1, now = time(NULL);
	int single = -1;
	char when[32];
	struct tm tm;

	if (gnutls_ocsp_resp_get_status(resp) != GNUTLS_OCSP_RESP_SUCCESSFUL) {
		snprintf(out->detail, sizeof out->detail, "could not check: the %s is an OCSP error status (%d), not an answer",
			 out->source, gnutls_ocsp_resp_get_status(resp));
		return;
	}
	if (!issuer) {
		snprintf(out->detail, sizeof out->detail,
			 "could not check: the issuer is unknown, so the %s's signature cannot be verified", out->source);
		return;
	}
	if (gnutls_x509_crt_verify(leaf, &issuer, 1,
				   GNUTLS_VERIFY_DISABLE_TIME_CHECKS | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
				   GNUTLS_VERIFY_ALLOW_UNSORTED_CHAIN, &lv) < 0 ||
	    (lv & GNUTLS_CERT_SIGNATURE_FAILURE)) {
		snprintf(out->detail, sizeof out->detail,
			 "could not check: the certificate named as issuer did not sign the leaf, so the %s proves nothing",
			 out->source);
		return;
	}
	if (gnutls_ocsp_resp_verify_direct(resp, issuer, &verify, 0) < 0 || verify != 0) {
		snprintf(out->detail, sizeof out->detail, "could not check: the %s is not to be believed: %s", out->source,
			 ocsp_verify_words(verify ? verify : GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE));
		return;
	}
	for (unsigned i = 0; i < 64 && single < 0; i++) {
		if (gnutls_ocsp_resp_get_single(resp, i, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) < 0)
			break;
		if (ocsp_certid_matches(resp, i, leaf, issuer))
			single = (int)i;
	}
	if (single < 0 ||
	    gnutls_ocsp_resp_get_single(resp, (unsigned)single, NULL, NULL, NULL, NULL, &status, &this_upd, &next_upd,
					&rev_time, &reason) < 0) {
		snprintf(out->detail, sizeof out->detail,
			 "could not check: the %s is about another certificate (its certID is not this leaf's)", out->source);
		return;
	}
	if (this_upd == (time_t)-1 || this_upd > now + OCSP_SKEW) {
		snprintf(out->detail, sizeof out->detail, "could not check: the %s's thisUpdate is in the future", out->source);
		return;
	}
	if (next_upd != (time_t)-1 && next_upd < now - OCSP_SKEW) {
		gmtime_r(&next_upd, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
		snprintf(out->detail, sizeof out->detail, "could not check: the %s is stale (nextUpdate %s has passed)",
			 out->source, when);
		return;
	}
	if (status != GNUTLS_OCSP_CERT_GOOD && status != GNUTLS_OCSP_CERT_REVOKED) {
		snprintf(out->detail, sizeof out->detail, "could not check: the %s says \"unknown\" (the responder does not know the certificate)",
			 out->source);
		return;
	}
	out->checked = true;
	out->verified = true;
	if (status == GNUTLS_OCSP_CERT_REVOKED) {
		gmtime_r(&rev_time, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
		out->revoked = true;
		out->revoked_at = rev_time;
		snprintf(out->detail, sizeof out->detail, "%s says REVOKED since %s (reason %u); signature verified",
			 out->source, when, reason);
	} else {
		snprintf(out->detail, sizeof out->detail, "%s says good; signature, certID and dates verified", out->source);
	}
}

static bool check_ocsp_der(const unsigned char *der, size_t len, gnutls_x509_crt_t leaf, gnutls_x509_crt_t issuer,
			   struct revocation *out)
{
	gnutls_ocsp_resp_t resp;
	gnutls_datum_t d = { (unsigned char *)der, (unsigned)len };
	bool ok = false;

	if (gnutls_ocsp_resp_init(&resp) < 0)
		return false;
	if (gnutls_ocsp_resp_import(resp, &d) == 0) {
		ocsp_judge(resp, leaf, issuer, out);
		ok = out->checked;
	} else {
		snprintf(out->detail, sizeof out->detail, "could not check: the %s is not a valid OCSP response (%zu bytes)",
			 out->source, len);
	}
	gnutls_ocsp_resp_deinit(resp);
	return ok;
}

static void fetch_log_add(char *log, size_t len, const char *what)
{
	size_t o = strlen(log);
	if (what[0] && o < len)
		snprintf(log + o, len - o, "%s%s", o ? "; " : "", what);
}

static bool check_ocsp_live(const struct http_policy *pol, const char *url, gnutls_x509_crt_t leaf,
			    gnutls_x509_crt_t issuer, int timeout_ms, struct revocation *out)
{
	gnutls_ocsp_req_t req;
	gnutls_datum_t der = { NULL, 0 };
	struct http_resp resp;
	bool ok = false;

	snprintf(out->source, sizeof out->source, "OCSP");
	if (gnutls_ocsp_req_init(&req) < 0)
		return false;
	if (gnutls_ocsp_req_add_cert(req, GNUTLS_DIG_SHA1, issuer, leaf) == 0 && gnutls_ocsp_req_export(req, &der) == 0) {
		int r = http_post(pol, url, "application/ocsp-request", der.data, der.size, timeout_ms, &resp);
		fetch_log_add(out->fetch_log, sizeof out->fetch_log, resp.log);
		if (r == 0) {
			if (resp.status == 200)
				ok = check_ocsp_der(resp.body, resp.len, leaf, issuer, out);
			else
				snprintf(out->detail, sizeof out->detail, "could not check: OCSP responder %s answered HTTP %ld", url, resp.status);
		} else {
			snprintf(out->detail, sizeof out->detail, "could not check: OCSP responder %s: %s", url, resp.error);
		}
		http_resp_free(&resp);
	}
	gnutls_free(der.data);
	gnutls_ocsp_req_deinit(req);
	return ok;
}

static bool check_crl(const struct http_policy *pol, gnutls_x509_crt_t leaf, gnutls_x509_crt_t issuer, int timeout_ms,
		      struct revocation *out)
{
	char url[512];
	size_t sz = sizeof url;
	unsigned reasons = 0, crit = 0;
	struct http_resp resp;
	gnutls_x509_crl_t crl;
	gnutls_datum_t d;
	bool ok = false;
	int type = gnutls_x509_crt_get_crl_dist_points(leaf, 0, url, &sz, &reasons, &crit);

	snprintf(out->source, sizeof out->source, "CRL");
	if (type != GNUTLS_SAN_URI || sz >= sizeof url)
		return false;
	url[sz] = '\0';
	{
		int r = http_get(pol, url, timeout_ms, &resp);
		fetch_log_add(out->fetch_log, sizeof out->fetch_log, resp.log);
		if (r < 0)
			resp.status = 0;
	}
	if (resp.status != 200) {
		char clean[160];
		text_sanitize_str(clean, sizeof clean, url);
		snprintf(out->detail, sizeof out->detail, "could not check: CRL %s: %s", clean,
			 resp.error[0] ? resp.error : "HTTP error");
		http_resp_free(&resp);
		return false;
	}
	d.data = resp.body;
	d.size = (unsigned)resp.len;
	if (gnutls_x509_crl_init(&crl) == 0) {
		if (gnutls_x509_crl_import(crl, &d, GNUTLS_X509_FMT_DER) == 0 ||
		    gnutls_x509_crl_import(crl, &d, GNUTLS_X509_FMT_PEM) == 0) {
			unsigned v = 1;
			time_t next = gnutls_x509_crl_get_next_update(crl);
			if (gnutls_x509_crl_verify(crl, &issuer, 1, 0, &v) < 0 || v != 0) {
				snprintf(out->detail, sizeof out->detail,
					 "could not check: the CRL's signature does not verify with the issuer's key");
			} else if (next != (time_t)-1 && next < time(NULL) - OCSP_SKEW) {
				snprintf(out->detail, sizeof out->detail, "could not check: the CRL is stale (nextUpdate has passed)");
			} else {
				out->checked = true;
				out->verified = true;
				out->revoked = gnutls_x509_crt_check_revocation(leaf, &crl, 1) == 1;
				snprintf(out->detail, sizeof out->detail, "CRL lists the certificate as %s; signature verified",
					 out->revoked ? "REVOKED" : "not revoked");
				ok = true;
			}
		} else {
			snprintf(out->detail, sizeof out->detail, "could not check: the CRL could not be parsed");
		}
		gnutls_x509_crl_deinit(crl);
	}
	http_resp_free(&resp);
	return ok;
}

static void revocation_tidy(struct revocation *out)
{
	/* snprintf cuts bytes: never leave half a UTF-8 character for a terminal */
	text_utf8_trim(out->detail);
	text_utf8_trim(out->staple_why);
	text_utf8_trim(out->fetch_log);
}

void cert_revocation(const struct trace *t, const char *cafile, int timeout_ms, bool no_fetch, struct revocation *out)
{
	struct http_policy pol = { .off = no_fetch };
	gnutls_x509_crt_t crts[CHAIN_MAX], issuer = NULL;
	bool owned = false;
	size_t n;
	struct cert_info ci;

	memset(out, 0, sizeof *out);
	snprintf(pol.target, sizeof pol.target, "%s", t->addr);
	n = import_all(t, crts, CHAIN_MAX);
	if (!n) {
		snprintf(out->detail, sizeof out->detail, "no certificate");
		return;
	}
	out->must_staple = leaf_must_staple(crts[0]);
	if (find_issuer(crts, n, cafile, &issuer, &owned) < 0)
		issuer = NULL;
	if (t->ocsp.len) {
		snprintf(out->source, sizeof out->source, "staple");
		if (check_ocsp_der(t->ocsp.data, t->ocsp.len, crts[0], issuer, out)) {
			out->staple_ok = true;
			goto out;
		}
		snprintf(out->staple_why, sizeof out->staple_why, "%s", out->detail);
	}
	if (!issuer) {
		snprintf(out->detail, sizeof out->detail, "could not check: the issuer is unknown, so OCSP and CRL cannot be checked");
		goto out;
	}
	cert_parse(t->certs[0].data, t->certs[0].len, &ci);
	if (ci.aia_ocsp[0] && check_ocsp_live(&pol, ci.aia_ocsp, crts[0], issuer, timeout_ms, out))
		goto out;
	if (check_crl(&pol, crts[0], issuer, timeout_ms, out))
		goto out;
	if (!out->detail[0]) {
		out->nothing_to_ask = true;
		snprintf(out->detail, sizeof out->detail, "no OCSP responder or CRL distribution point to ask");
	}
out:
	if (owned)
		gnutls_x509_crt_deinit(issuer);
	deinit_all(crts, n);
	revocation_tidy(out);
}

/* ---- AIA: fetch the missing issuer ---- */

static int import_any(gnutls_x509_crt_t *crt, const unsigned char *p, size_t n)
{
	gnutls_datum_t d = { (unsigned char *)p, (unsigned)n };
	gnutls_pkcs7_t p7;
	int r = -1;

	if (gnutls_x509_crt_init(crt) < 0)
		return -1;
	if (gnutls_x509_crt_import(*crt, &d, GNUTLS_X509_FMT_DER) == 0 ||
	    gnutls_x509_crt_import(*crt, &d, GNUTLS_X509_FMT_PEM) == 0)
		return 0;
	/* caIssuers may be a certs-only PKCS#7 (.p7c, RFC 5280 4.2.2.1). */
	if (gnutls_pkcs7_init(&p7) == 0) {
		gnutls_datum_t c = { NULL, 0 };
		if ((gnutls_pkcs7_import(p7, &d, GNUTLS_X509_FMT_DER) == 0 ||
		     gnutls_pkcs7_import(p7, &d, GNUTLS_X509_FMT_PEM) == 0) &&
		    gnutls_pkcs7_get_crt_raw2(p7, 0, &c) == 0) {
			r = gnutls_x509_crt_import(*crt, &c, GNUTLS_X509_FMT_DER);
			gnutls_free(c.data);
		}
		gnutls_pkcs7_deinit(p7);
	}
	if (r < 0)
		gnutls_x509_crt_deinit(*crt);
	return r < 0 ? -1 : 0;
}

/* The certificate whose issuer is missing: follow issuers from the leaf through what was
 * sent; the last one reached, unless its issuer is in the store (or it is a root). Its
 * index, or -1 when nothing is missing. On a wrong intermediate this is the leaf, whose
 * real issuer was never sent, not the intermediate sent after it. */
static int missing_issuer_of(gnutls_x509_crt_t *crts, size_t n, gnutls_x509_trust_list_t tl)
{
	size_t cur = 0, steps = 0;
	gnutls_x509_crt_t anchor;

	for (;;) {
		size_t next = n;
		if (gnutls_x509_crt_check_issuer(crts[cur], crts[cur]) == 1)
			return -1;
		for (size_t i = 0; i < n && next == n; i++)
			if (i != cur && gnutls_x509_crt_check_issuer(crts[cur], crts[i]) == 1)
				next = i;
		if (next == n || ++steps > n)
			break;
		cur = next;
	}
	if (tl && gnutls_x509_trust_list_get_issuer(tl, crts[cur], &anchor, 0) == 0)
		return -1;
	return (int)cur;
}

void cert_fetch_aia(const struct trace *t, const char *cafile, int timeout_ms, bool no_fetch, struct aia_fetch *out)
{
	struct http_policy pol = { .off = no_fetch };
	struct http_resp resp;
	gnutls_x509_crt_t crts[CHAIN_MAX], got;
	gnutls_x509_trust_list_t tl;
	char needer[256];
	int count, want;
	size_t n;

	memset(out, 0, sizeof *out);
	n = import_all(t, crts, CHAIN_MAX);
	if (!n)
		return;
	tl = trust_for(cafile, &count);
	want = missing_issuer_of(crts, n, tl);
	if (want >= 0)
		aia_string(crts[want], GNUTLS_OID_AD_CAISSUERS, out->url, sizeof out->url);
	if (want < 0 || !out->url[0]) {
		out->url[0] = '\0';
		deinit_all(crts, n);
		return;
	}
	dn_string(crts[want], 0, needer, sizeof needer);
	out->tried = true;
	snprintf(pol.target, sizeof pol.target, "%s", t->addr);
	if (http_get(&pol, out->url, timeout_ms, &resp) < 0 || resp.status != 200) {
		snprintf(out->fetch_log, sizeof out->fetch_log, "%s", resp.log);
		snprintf(out->detail, sizeof out->detail, "fetching %s failed: %s", out->url,
			 resp.error[0] ? resp.error : "HTTP error");
		http_resp_free(&resp);
		deinit_all(crts, n);
		text_utf8_trim(out->detail);
		text_utf8_trim(out->fetch_log);
		return;
	}
	if (import_any(&got, resp.body, resp.len) < 0) {
		snprintf(out->detail, sizeof out->detail, "%s did not return a certificate", out->url);
		http_resp_free(&resp);
		deinit_all(crts, n);
		text_utf8_trim(out->detail);
		text_utf8_trim(out->fetch_log);
		return;
	}
	snprintf(out->fetch_log, sizeof out->fetch_log, "%s", resp.log);
	http_resp_free(&resp);
	out->fetched = true;
	dn_string(got, 0, out->subject, sizeof out->subject);
	{
		gnutls_datum_t der = { NULL, 0 };
		if (gnutls_x509_crt_export2(got, GNUTLS_X509_FMT_DER, &der) == 0) {
			out->der.data = xmemdup(der.data, der.size);
			out->der.len = der.size;
			gnutls_free(der.data);
		}
	}
	{
		gnutls_x509_crt_t anchor;
		out->issues_top = gnutls_x509_crt_check_issuer(crts[want], got) == 1;
		out->anchored = tl && gnutls_x509_trust_list_get_issuer(tl, got, &anchor, 0) == 0;
	}
	deinit_all(crts, n);
	snprintf(out->detail, sizeof out->detail, "fetched %s from %s (the AIA URL of \"%.80s\"): %s%s", out->subject,
		 out->url, needer, out->issues_top ? "it issued that certificate" : "it did NOT issue that certificate",
		 out->anchored ? " and chains to a trusted root" : "");
	gnutls_x509_crt_deinit(got);
	text_utf8_trim(out->detail);
	text_utf8_trim(out->fetch_log);
}

void cert_fetch_steps(struct trace *t, const char *log)
{
	char copy[sizeof ((struct revocation *)0)->fetch_log];

	if (!t || !log || !log[0])
		return;
	snprintf(copy, sizeof copy, "%s", log);
	for (char *save = NULL, *e = strtok_r(copy, ";", &save); e; e = strtok_r(NULL, ";", &save)) {
		while (*e == ' ')
			e++;
		if (*e)
			trace_add_step(t, t->total_ms, DIR_LOCAL, LAYER_APP, 0, "HTTP fetch", "%s", e);
	}
}

/* ---- the fixed chain ---- */

/* Why the ordered chain does not verify to an anchor of tl, in words an operator can act
 * on: which certificate is missing (and where to get it) or which has expired. */
static void unverified_why(gnutls_x509_crt_t *order, size_t k, gnutls_x509_trust_list_t tl, const char *trust,
			   unsigned status, char *why, size_t len)
{
	gnutls_x509_crt_t anchor, top = order[k - 1];
	char dn[256], idn[256], url[256];
	time_t now = time(NULL);

	for (size_t i = 0; i < k; i++) {
		time_t na = gnutls_x509_crt_get_expiration_time(order[i]);
		if (na != (time_t)-1 && na < now) {
			dn_string(order[i], 0, dn, sizeof dn);
			snprintf(why, len, "certificate [%zu] \"%.100s\" has expired: %s", i, dn,
				 i ? "get the CA's current intermediate and write again" : "renew the certificate first");
			return;
		}
	}
	if (gnutls_x509_crt_check_issuer(top, top) != 1 && !(tl && gnutls_x509_trust_list_get_issuer(tl, top, &anchor, 0) == 0)) {
		dn_string(top, 0, dn, sizeof dn);
		dn_string(top, 1, idn, sizeof idn);
		aia_string(top, GNUTLS_OID_AD_CAISSUERS, url, sizeof url);
		snprintf(why, len, "the issuer \"%.100s\" of \"%.80s\" is missing: it was not sent, %s, and is not in the trust store (%s); %s%s",
			 idn, dn, url[0] ? "not fetched from its AIA URL" : "it has no AIA URL", trust,
			 url[0] ? "download it from " : "get it from the CA that issued the certificate",
			 url[0] ? url : "");
		return;
	}
	cert_status_words(status, dn, sizeof dn);
	snprintf(why, len, "the chain does not verify against %s: %s", trust, dn);
}

int cert_write_fullchain(const struct trace *t, const struct blob *extra, const char *cafile, const char *path, char *why,
			 size_t len)
{
	gnutls_x509_crt_t crts[CHAIN_MAX + 1], order[CHAIN_MAX + 1];
	bool used[CHAIN_MAX + 1] = { false };
	size_t n = import_all(t, crts, CHAIN_MAX), k = 0;
	gnutls_x509_trust_list_t tl;
	gnutls_typed_vdata_st purpose = { .type = GNUTLS_DT_KEY_PURPOSE_OID,
					  .data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER };
	const char *trust = cafile && cafile[0] ? cafile : "the system store";
	unsigned status = 0;
	int count = 0;
	FILE *f;

	if (!n) {
		snprintf(why, len, "no certificate to write");
		return -1;
	}
	if (extra && extra->len && import(&crts[n], extra->data, extra->len) == 0)
		n++;
	/* Leaf first, then each issuer in turn; roots are left out (clients have them). */
	order[k++] = crts[0];
	used[0] = true;
	for (;;) {
		size_t next = n;
		for (size_t i = 0; i < n && next == n; i++) {
			bool seen = false;
			if (used[i] || gnutls_x509_crt_check_issuer(order[k - 1], crts[i]) != 1)
				continue;
			/* A duplicate, or a loop back to a certificate already placed: stop. */
			for (size_t j = 0; j < k && !seen; j++)
				seen = gnutls_x509_crt_equals(order[j], crts[i]) != 0;
			if (!seen)
				next = i;
		}
		if (next == n || gnutls_x509_crt_check_issuer(crts[next], crts[next]) == 1)
			break;
		used[next] = true;
		order[k++] = crts[next];
	}
	/* A fix that is written is proven: only a chain that verifies to a trust anchor of
	 * the store the run used is written; otherwise nothing, and why. */
	tl = trust_for(cafile, &count);
	if (!tl || gnutls_x509_trust_list_verify_crt2(tl, order, (unsigned)k, &purpose, 1, 0, &status, NULL) < 0)
		status = GNUTLS_CERT_INVALID;
	if (status) {
		char reason[400];
		unverified_why(order, k, tl, trust, status, reason, sizeof reason);
		snprintf(why, len, "%s: %s", path ? "not written" : "--write-chain could write no proven chain", reason);
		deinit_all(crts, n);
		return -1;
	}
	if (!path) {
		/* a dry run: say whether a proven chain can be written */
		snprintf(why, len, "--write-chain FILE writes a fixed chain of %zu certificate%s (verified against %s)", k,
			 k == 1 ? "" : "s", trust);
		deinit_all(crts, n);
		return 0;
	}
	f = fopen(path, "w");
	if (!f) {
		snprintf(why, len, "cannot write %s: %s", path, strerror(errno));
		deinit_all(crts, n);
		return -1;
	}
	for (size_t i = 0; i < k; i++) {
		gnutls_datum_t pem = { NULL, 0 };
		if (gnutls_x509_crt_export2(order[i], GNUTLS_X509_FMT_PEM, &pem) == 0) {
			fwrite(pem.data, 1, pem.size, f);
			gnutls_free(pem.data);
		}
	}
	if (fclose(f) != 0) {
		snprintf(why, len, "cannot write %s: %s", path, strerror(errno));
		deinit_all(crts, n);
		return -1;
	}
	snprintf(why, len, "wrote %zu certificate%s (leaf first) to %s; verified against %s", k, k == 1 ? "" : "s", path,
		 trust);
	deinit_all(crts, n);
	return 0;
}
