/* finding.c — the catalogue table generated from FINDING_LIST, and the guide sections. */
#include <string.h>

#include "finding.h"

static const struct finding_def defs[] = {
#define X(e, id, area, sev, meaning) { F_##e, id, area, sev, meaning },
	FINDING_LIST(X)
#undef X
};

const struct finding_def *finding_def(enum finding_id e)
{
	return (unsigned)e < F__COUNT ? &defs[e] : NULL;
}

const struct finding_def *finding_def_by_id(const char *id)
{
	for (size_t i = 0; i < F__COUNT; i++)
		if (strcmp(defs[i].id, id) == 0)
			return &defs[i];
	return NULL;
}

static const struct { enum outcome o; enum finding_id id; } outcomes[] = {
	{ OUTCOME_DNS, F_NET_DNS }, { OUTCOME_REFUSED, F_NET_REFUSED }, { OUTCOME_FILTERED, F_NET_FILTERED },
	{ OUTCOME_UNREACHABLE, F_NET_UNREACHABLE }, { OUTCOME_CONNECT, F_NET_UNREACHABLE },
	{ OUTCOME_RESET, F_NET_RESET }, { OUTCOME_SILENCE, F_NET_BLACKHOLE }, { OUTCOME_EOF, F_NET_CLOSED },
	{ OUTCOME_NOT_TLS, F_NET_NOT_TLS }, { OUTCOME_ALERT, F_TLS_ALERT }, { OUTCOME_STALL, F_NET_STALL },
	{ OUTCOME_TLS_ERROR, F_TLS_ERROR }, { OUTCOME_PROXY, F_NET_PROXY }, { OUTCOME_STARTTLS, F_NET_STARTTLS_FAILED },
};

const struct finding_def *outcome_finding(enum outcome o)
{
	for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++)
		if (outcomes[i].o == o)
			return &defs[outcomes[i].id];
	return NULL;
}

const char *finding_id_name(enum finding_id e)
{
	return (unsigned)e < F__COUNT ? defs[e].id : "?";
}

enum finding_id finding_id_from_name(const char *id)
{
	const struct finding_def *d = finding_def_by_id(id);
	return d ? d->e : F__COUNT;
}

static const struct { const char *area, *section; } sections[] = {
	{ "firewall", "Firewall or proxy interference" },
	{ "versions", "Mismatched SSL/TLS versions" },
	{ "certificates", "Expired or invalid certificate" },
	{ "chain", "Incomplete certificate chain" },
	{ "ciphers", "Insecure cipher suites" },
	{ "sni", "Server misconfiguration" },
};

const char *finding_section(const char *area)
{
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (strcmp(sections[i].area, area) == 0)
			return sections[i].section;
	return "Other";
}

/* Root cause first: a dead network hides everything behind it; then errors by area in
 * the order the guide walks them; warnings; advice. */
int finding_rank(const struct finding *f)
{
	int area = 9;
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (strcmp(sections[i].area, f->area) == 0)
			area = (int)i;
	/* The name-specific filter explains the reset or silence it causes. */
	int specific = f->fid == F_NET_SNI_FILTER || f->fid == F_VERSION_INTOLERANCE ? -1 : 0;
	return (2 - (int)f->severity) * 100 + (strcmp(f->area, "firewall") == 0 ? 0 : 10 + area) * 3 +
	       finding_is_generic((enum finding_id)f->fid) + specific;
}

/* A generic id yields to the specific one found with it (net.not_tls vs net.ssh). */
int finding_is_generic(enum finding_id e)
{
	return e == F_NET_NOT_TLS || e == F_CERT_VERIFY_FAILED || e == F_TLS_ALERT || e == F_TLS_ERROR;
}

const char *severity_name(enum severity s)
{
	static const char *const n[] = { [SEV_INFO] = "info", [SEV_WARN] = "warn", [SEV_ERROR] = "error" };
	return (unsigned)s <= SEV_ERROR ? n[s] : "?";
}
