/* labpki.c — the lab's private PKI, generated in memory at every start (nothing cached on
 * disk). Keys are few and shared (one RSA-2048 per role, one RSA-1024, ECDSA P-256 for the
 * rest) so start-up stays well under a second. Broken on purpose, one leaf per scenario. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stdbool.h>

#include <gnutls/x509-ext.h>

#include "labpki.h"
#include "xmalloc.h"

#define DAY 86400
#define REVOKED_SERIAL 0x7e7e01

struct ca {
	gnutls_x509_crt_t crt;
	gnutls_x509_privkey_t key;
};

struct labpki {
	gnutls_x509_privkey_t rsa2048, rsa1024, ec_leaf;
	struct ca root, root2, intercept, int_rsa, int_ec, int_other, int_expired, int_root2;
	gnutls_datum_t root_pem, int_rsa_der, int_ec_der, crl_der;
	char base[128];
	unsigned serial;
};

static int genkey(gnutls_x509_privkey_t *k, gnutls_pk_algorithm_t alg, unsigned bits)
{
	if (gnutls_x509_privkey_init(k) < 0)
		return -1;
	return gnutls_x509_privkey_generate(*k, alg, bits, 0) < 0 ? -1 : 0;
}

static int set_dn(gnutls_x509_crt_t crt, const char *cn, const char *org)
{
	if (org && gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, org, strlen(org)) < 0)
		return -1;
	return gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn, strlen(cn));
}

static void set_serial(gnutls_x509_crt_t crt, unsigned serial)
{
	unsigned char s[4] = { (unsigned char)(serial >> 24), (unsigned char)(serial >> 16),
			       (unsigned char)(serial >> 8), (unsigned char)serial };
	gnutls_x509_crt_set_serial(crt, s, sizeof s);
}

static void set_key_ids(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer)
{
	unsigned char id[64];
	size_t n = sizeof id;
	if (gnutls_x509_crt_get_key_id(crt, 0, id, &n) == 0)
		gnutls_x509_crt_set_subject_key_id(crt, id, n);
	n = sizeof id;
	if (issuer && gnutls_x509_crt_get_subject_key_id(issuer, id, &n, NULL) == 0)
		gnutls_x509_crt_set_authority_key_id(crt, id, n);
}

/* A CA certificate; issuer NULL = self-signed root. */
static int make_ca(struct ca *ca, gnutls_x509_privkey_t key, const char *cn, const char *org,
		   const struct ca *issuer, time_t from, time_t until, unsigned serial)
{
	if (gnutls_x509_crt_init(&ca->crt) < 0)
		return -1;
	ca->key = key;
	gnutls_x509_crt_set_version(ca->crt, 3);
	set_serial(ca->crt, serial);
	set_dn(ca->crt, cn, org);
	gnutls_x509_crt_set_key(ca->crt, key);
	gnutls_x509_crt_set_activation_time(ca->crt, from);
	gnutls_x509_crt_set_expiration_time(ca->crt, until);
	gnutls_x509_crt_set_basic_constraints(ca->crt, 1, issuer ? 0 : -1);
	gnutls_x509_crt_set_key_usage(ca->crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN | GNUTLS_KEY_DIGITAL_SIGNATURE);
	set_key_ids(ca->crt, issuer ? issuer->crt : NULL);
	if (issuer)
		return gnutls_x509_crt_sign2(ca->crt, issuer->crt, issuer->key, GNUTLS_DIG_SHA256, 0) < 0 ? -1 : 0;
	return gnutls_x509_crt_sign2(ca->crt, ca->crt, key, GNUTLS_DIG_SHA256, 0) < 0 ? -1 : 0;
}

static int export_der(gnutls_x509_crt_t crt, gnutls_datum_t *out)
{
	return gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, out) < 0 ? -1 : 0;
}

static int make_crl(struct labpki *p)
{
	gnutls_x509_crl_t crl;
	unsigned char serial[4] = { (REVOKED_SERIAL >> 24) & 0xff, (REVOKED_SERIAL >> 16) & 0xff,
				    (REVOKED_SERIAL >> 8) & 0xff, REVOKED_SERIAL & 0xff };
	time_t now = time(NULL);
	int r;

	if (gnutls_x509_crl_init(&crl) < 0)
		return -1;
	gnutls_x509_crl_set_version(crl, 2);
	gnutls_x509_crl_set_this_update(crl, now - DAY);
	gnutls_x509_crl_set_next_update(crl, now + 7 * DAY);
	gnutls_x509_crl_set_crt_serial(crl, serial, sizeof serial, now - 2 * DAY);
	r = gnutls_x509_crl_sign2(crl, p->int_ec.crt, p->int_ec.key, GNUTLS_DIG_SHA256, 0);
	if (r == 0)
		r = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &p->crl_der);
	gnutls_x509_crl_deinit(crl);
	return r < 0 ? -1 : 0;
}

struct labpki *labpki_new(const char *http_base, char *err, size_t errlen)
{
	struct labpki *p = xcalloc(1, sizeof *p);
	gnutls_x509_privkey_t k_root, k_root2, k_icpt, k_rsa_int, k_ec_int, k_other, k_exp, k_r2int;
	time_t now = time(NULL);

	snprintf(p->base, sizeof p->base, "%s", http_base);
	p->serial = 0x1000;
	if (genkey(&k_root, GNUTLS_PK_ECDSA, 256) || genkey(&k_root2, GNUTLS_PK_ECDSA, 256) ||
	    genkey(&k_icpt, GNUTLS_PK_ECDSA, 256) || genkey(&k_ec_int, GNUTLS_PK_ECDSA, 256) ||
	    genkey(&k_other, GNUTLS_PK_ECDSA, 256) || genkey(&k_exp, GNUTLS_PK_ECDSA, 256) ||
	    genkey(&k_r2int, GNUTLS_PK_ECDSA, 256) || genkey(&p->ec_leaf, GNUTLS_PK_ECDSA, 256) ||
	    genkey(&k_rsa_int, GNUTLS_PK_RSA, 2048) || genkey(&p->rsa2048, GNUTLS_PK_RSA, 2048) ||
	    genkey(&p->rsa1024, GNUTLS_PK_RSA, 1024)) {
		snprintf(err, errlen, "key generation failed");
		return NULL;
	}
	if (make_ca(&p->root, k_root, "tlswiz lab root", "tlswiz lab", NULL, now - 30 * DAY, now + 3650 * DAY, 1) ||
	    make_ca(&p->root2, k_root2, "tlswiz untrusted root", "Somebody Else", NULL, now - 30 * DAY, now + 3650 * DAY, 2) ||
	    make_ca(&p->intercept, k_icpt, "FortiGate SSL Inspection CA", "Fortinet", NULL, now - 30 * DAY, now + 3650 * DAY, 3) ||
	    make_ca(&p->int_rsa, k_rsa_int, "tlswiz lab RSA intermediate", "tlswiz lab", &p->root, now - 30 * DAY, now + 1825 * DAY, 4) ||
	    make_ca(&p->int_ec, k_ec_int, "tlswiz lab ECDSA intermediate", "tlswiz lab", &p->root, now - 30 * DAY, now + 1825 * DAY, 5) ||
	    make_ca(&p->int_other, k_other, "tlswiz lab other intermediate", "tlswiz lab", &p->root, now - 30 * DAY, now + 1825 * DAY, 6) ||
	    make_ca(&p->int_expired, k_exp, "tlswiz lab expired intermediate", "tlswiz lab", &p->root, now - 400 * DAY, now - 20 * DAY, 7) ||
	    make_ca(&p->int_root2, k_r2int, "untrusted intermediate", "Somebody Else", &p->root2, now - 30 * DAY, now + 1825 * DAY, 8)) {
		snprintf(err, errlen, "CA certificate generation failed");
		return NULL;
	}
	if (gnutls_x509_crt_export2(p->root.crt, GNUTLS_X509_FMT_PEM, &p->root_pem) < 0 ||
	    export_der(p->int_rsa.crt, &p->int_rsa_der) || export_der(p->int_ec.crt, &p->int_ec_der) || make_crl(p)) {
		snprintf(err, errlen, "exporting the lab CA failed");
		return NULL;
	}
	return p;
}

static void ca_free(struct ca *ca)
{
	if (ca->crt)
		gnutls_x509_crt_deinit(ca->crt);
	if (ca->key)
		gnutls_x509_privkey_deinit(ca->key);
}

void labpki_free(struct labpki *p)
{
	if (!p)
		return;
	ca_free(&p->root);
	ca_free(&p->root2);
	ca_free(&p->intercept);
	ca_free(&p->int_rsa);
	ca_free(&p->int_ec);
	ca_free(&p->int_other);
	ca_free(&p->int_expired);
	ca_free(&p->int_root2);
	gnutls_x509_privkey_deinit(p->rsa2048);
	gnutls_x509_privkey_deinit(p->rsa1024);
	gnutls_x509_privkey_deinit(p->ec_leaf);
	gnutls_free(p->root_pem.data);
	gnutls_free(p->int_rsa_der.data);
	gnutls_free(p->int_ec_der.data);
	gnutls_free(p->crl_der.data);
	free(p);
}

const gnutls_datum_t *labpki_root_pem(const struct labpki *p)
{
	return &p->root_pem;
}

const gnutls_datum_t *labpki_file(const struct labpki *p, const char *path)
{
	if (!strcmp(path, "/int-rsa.der"))
		return &p->int_rsa_der;
	if (!strcmp(path, "/int-ec.der"))
		return &p->int_ec_der;
	if (!strcmp(path, "/lab.crl"))
		return &p->crl_der;
	return NULL;
}

static const struct ca *issuer_for(struct labpki *p, const struct lab_leaf *l)
{
	bool rsa = l->key != LK_EC;
	switch (l->chain) {
	case LC_EXPIRED_INT: return &p->int_expired;
	case LC_UNTRUSTED_ROOT: return &p->int_root2;
	case LC_INTERCEPT: return &p->intercept;
	case LC_SELF_SIGNED: return NULL;
	default:
		if (l->flags & LEAF_REVOKED)
			return &p->int_ec;	/* the CRL's issuer */
		return rsa ? &p->int_rsa : &p->int_ec;
	}
}

int labpki_make(struct labpki *p, const struct lab_leaf *l, struct lab_certs *out)
{
	gnutls_x509_crt_t leaf, list[4];
	gnutls_x509_privkey_t key = l->key == LK_RSA2048 ? p->rsa2048 : l->key == LK_RSA1024 ? p->rsa1024 : p->ec_leaf;
	const struct ca *iss = issuer_for(p, l);
	char names[512], url[256];
	time_t now = time(NULL), from = now - DAY, until = now + 90 * DAY;
	unsigned n = 0;
	int r;

	if (gnutls_x509_crt_init(&leaf) < 0)
		return -1;
	if (l->flags & LEAF_EXPIRED) {
		from = now - 120 * DAY;
		until = now - 10 * DAY;
	} else if (l->flags & LEAF_FUTURE) {
		from = now + 10 * DAY;
		until = now + 100 * DAY;
	} else if (l->flags & LEAF_SOON) {
		from = now - 78 * DAY;
		until = now + 12 * DAY;
	}
	gnutls_x509_crt_set_version(leaf, 3);
	set_serial(leaf, l->flags & LEAF_REVOKED ? REVOKED_SERIAL : p->serial++);
	snprintf(names, sizeof names, "%s", l->names);
	{
		char *first = strtok(names, ",");
		if (l->flags & LEAF_EVIL_DN) {
			/* OSC window title, clear screen, cursor home, RLO, a lone continuation byte. */
			static const char evil[] = "evil\x1b]0;pwned\x07\x1b[2J\x1b[H\xe2\x80\xae\x80name";
			gnutls_x509_crt_set_dn_by_oid(leaf, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, evil, sizeof evil - 1);
			gnutls_x509_crt_set_dn_by_oid(leaf, GNUTLS_OID_X520_COMMON_NAME, 0, evil, sizeof evil - 1);
			gnutls_x509_crt_set_dn_by_oid(leaf, GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, 0, evil, sizeof evil - 1);
			/* SANs too: an escape-laden dNSName next to the real one (which still matches). */
			gnutls_x509_crt_set_subject_alt_name(leaf, GNUTLS_SAN_DNSNAME, evil, sizeof evil - 1,
							     GNUTLS_FSAN_APPEND);
		} else {
			set_dn(leaf, first, "tlswiz lab");
		}
		if (!(l->flags & LEAF_NO_SAN)) {
			gnutls_x509_crt_set_subject_alt_name(leaf, GNUTLS_SAN_DNSNAME, first, (unsigned)strlen(first),
							     GNUTLS_FSAN_APPEND);
			for (char *nm = strtok(NULL, ","); nm; nm = strtok(NULL, ","))
				gnutls_x509_crt_set_subject_alt_name(leaf, GNUTLS_SAN_DNSNAME, nm, (unsigned)strlen(nm),
								     GNUTLS_FSAN_APPEND);
		}
	}
	gnutls_x509_crt_set_key(leaf, key);
	gnutls_x509_crt_set_activation_time(leaf, from);
	gnutls_x509_crt_set_expiration_time(leaf, until);
	gnutls_x509_crt_set_basic_constraints(leaf, 0, -1);
	gnutls_x509_crt_set_key_usage(leaf, GNUTLS_KEY_DIGITAL_SIGNATURE |
					    (l->key != LK_EC ? GNUTLS_KEY_KEY_ENCIPHERMENT : 0));
	gnutls_x509_crt_set_key_purpose_oid(leaf, l->flags & LEAF_CLIENT_EKU ? GNUTLS_KP_TLS_WWW_CLIENT
									   : GNUTLS_KP_TLS_WWW_SERVER, 0);
	if (l->chain == LC_AIA) {
		snprintf(url, sizeof url, "%s%s", p->base, iss == &p->int_rsa ? "/int-rsa.der" : "/int-ec.der");
		gnutls_datum_t u = { (unsigned char *)url, (unsigned)strlen(url) };
		gnutls_x509_crt_set_authority_info_access(leaf, GNUTLS_IA_CAISSUERS_URI, &u);
	}
	if (l->flags & LEAF_REVOKED) {
		snprintf(url, sizeof url, "%s/lab.crl", p->base);
		gnutls_x509_crt_set_crl_dist_points(leaf, GNUTLS_SAN_URI, url, 0);
	}
	if (l->flags & LEAF_MUST_STAPLE) {
		gnutls_x509_tlsfeatures_t f;
		if (gnutls_x509_tlsfeatures_init(&f) == 0) {
			gnutls_x509_tlsfeatures_add(f, 5);
			gnutls_x509_crt_set_tlsfeatures(leaf, f);
			gnutls_x509_tlsfeatures_deinit(f);
		}
	}
	set_key_ids(leaf, iss ? iss->crt : NULL);
	if (iss) {
		r = gnutls_x509_crt_sign2(leaf, iss->crt, iss->key,
					  l->flags & LEAF_SHA1 ? GNUTLS_DIG_SHA1 : GNUTLS_DIG_SHA256, 0);
	} else {
		r = gnutls_x509_crt_sign2(leaf, leaf, key, GNUTLS_DIG_SHA256, 0);
	}
	if (r < 0) {
		gnutls_x509_crt_deinit(leaf);
		return -1;
	}
	list[n++] = leaf;
	switch (l->chain) {
	case LC_GOOD: case LC_EXPIRED_INT: case LC_INTERCEPT:
		if (iss)
			list[n++] = iss->crt;
		break;
	case LC_WRONG_ORDER:
		list[n++] = p->root.crt;
		list[n++] = iss->crt;
		break;
	case LC_WRONG_INT:
		list[n++] = p->int_other.crt;
		break;
	case LC_UNTRUSTED_ROOT:
		list[n++] = iss->crt;
		list[n++] = p->root2.crt;
		break;
	case LC_ROOT_SENT:
		list[n++] = iss->crt;
		list[n++] = p->root.crt;
		break;
	default:
		break;
	}
	memset(out, 0, sizeof *out);
	snprintf(out->names, sizeof out->names, "%s", l->names);
	r = 0;
	for (unsigned i = 0; i < n && r == 0; i++) {
		r = gnutls_pcert_import_x509(&out->pcert[i], list[i], 0);
		if (r == 0)
			out->n++;
	}
	if (r == 0 && gnutls_privkey_init(&out->key) == 0)
		r = gnutls_privkey_import_x509(out->key, key, GNUTLS_PRIVKEY_IMPORT_COPY);
	gnutls_x509_crt_deinit(leaf);
	if (r < 0) {
		labpki_certs_free(out);
		return -1;
	}
	return 0;
}

void labpki_certs_free(struct lab_certs *c)
{
	for (unsigned i = 0; i < c->n; i++)
		gnutls_pcert_deinit(&c->pcert[i]);
	if (c->key)
		gnutls_privkey_deinit(c->key);
	memset(c, 0, sizeof *c);
}
