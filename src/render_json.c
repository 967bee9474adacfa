/* render_json.c — a report as JSON (render_json.h). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cert.h"
#include "enumerate.h"
#include "render_json.h"
#include "report.h"
#include "serverconf.h"
#include "suites.h"
#include "trace.h"
#include "version.h"


json_t *render_json_trace(const struct trace *t)
{
	json_t *o = json_object(), *steps = json_array(), *neg = json_object();

	json_object_set_new(o, "label", json_string(t->label));
	json_object_set_new(o, "address", json_string(t->addr));
	json_object_set_new(o, "sni", t->sni[0] ? json_string(t->sni) : json_null());
	json_object_set_new(o, "outcome", json_string(outcome_name(t->outcome)));
	json_object_set_new(o, "reason", json_string(t->reason));
	if (t->tls_error)
		json_object_set_new(o, "tls_error", json_string(t->tls_error_name));
	if (t->alert >= 0)
		json_object_set_new(o, "alert", json_integer(t->alert));
	if (t->banner != BANNER_NONE)
		json_object_set_new(o, "banner", json_string(banner_name(t->banner)));
	if (t->first_text[0] && t->outcome == OUTCOME_NOT_TLS)
		json_object_set_new(o, "first_bytes", json_string(t->first_text));
	if (t->neg.version) {
		json_object_set_new(neg, "version", json_string(t->neg.version_name));
		json_object_set_new(neg, "suite", json_string(t->neg.suite_name));
		if (t->neg.group[0])
			json_object_set_new(neg, "group", json_string(t->neg.group));
		if (t->neg.sigalg[0])
			json_object_set_new(neg, "sigalg", json_string(t->neg.sigalg));
		if (t->neg.alpn[0])
			json_object_set_new(neg, "alpn", json_string(t->neg.alpn));
		if (t->neg.dh_bits)
			json_object_set_new(neg, "dh_bits", json_integer(t->neg.dh_bits));
	}
	json_object_set_new(o, "negotiated", neg);
	for (size_t i = 0; i < t->nsteps; i++) {
		const struct step *s = &t->steps[i];
		static const char *const dirs[] = { "c2s", "s2c", "local" };
		static const char *const layers[] = { "dns", "tcp", "record", "handshake", "alert", "app" };
		json_t *js = json_pack("{s:f, s:s, s:s, s:s, s:i, s:s}", "t_ms", s->t_ms, "dir", dirs[s->dir],
				       "layer", layers[s->layer], "name", s->name, "bytes", (int)s->bytes,
				       "summary", s->summary);
		if (s->flags & STEP_FAIL)
			json_object_set_new(js, "fail", json_true());
		if (s->flags & STEP_ENCRYPTED)
			json_object_set_new(js, "encrypted", json_true());
		json_array_append_new(steps, js);
	}
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "certificates", json_integer((json_int_t)t->ncerts));
	json_object_set_new(o, "timing", json_pack("{s:f, s:f, s:f, s:f}", "dns_ms", t->dns_ms, "connect_ms",
						   t->connect_ms, "handshake_ms", t->handshake_ms, "total_ms", t->total_ms));
	return o;
}

/* Each version the run settled: a probe of its own, else the enumeration's raw hellos
 * (diagnose settles most versions that way). A version neither settled is left out, not
 * reported as refused. */
static json_t *versions_json(const struct report *r)
{
	static const struct { enum trace_kind kind; const char *name; unsigned wire; } v[] = {
		{ TK_OTHER, "SSLv3", 0x0300 }, { TK_TLS10_ONLY, "TLS1.0", 0x0301 }, { TK_TLS11_ONLY, "TLS1.1", 0x0302 },
		{ TK_TLS12_ONLY, "TLS1.2", 0x0303 }, { TK_TLS13_ONLY, "TLS1.3", 0x0304 } };
	json_t *o = json_object();
	if (r->scan && r->scan->ssl2_tried)
		json_object_set_new(o, "SSLv2", json_boolean(r->scan->ssl2_ok));
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		const struct trace *t = v[i].kind != TK_OTHER ? report_find_trace(r, v[i].kind, NULL) : NULL;
		size_t k = v[i].wire - 0x0300;
		if (t)
			json_object_set_new(o, v[i].name, json_boolean(t->server_hello_seen &&
				strcmp(t->neg.version_name, v[i].name) == 0));
		else if (enumeration_settled(r->scan, v[i].wire))
			json_object_set_new(o, v[i].name, json_boolean(r->scan->version_ok[k] && r->scan->version_sh[k]));
	}
	return o;
}

char *render_json_report(const struct report *r, bool compact)
{
	const struct target *t = &r->target;
	json_t *root = json_object(), *fa = json_array(), *ta = json_array(), *ca = json_array(), *steps = json_array();
	const struct trace *def = report_find_trace(r, TK_DEFAULT, NULL);
	char *s;

	json_object_set_new(root, "tool", json_string("tlswiz"));
	json_object_set_new(root, "version", json_string(TLSWIZ_VERSION));
	json_object_set_new(root, "target", json_pack("{s:s, s:i, s:s?, s:s?, s:s?, s:i}", "host", t->host,
		"port", (int)t->port, "sni", def && def->sni[0] ? def->sni : NULL,
		"connect_to", t->connect_to[0] ? t->connect_to : NULL, "cafile", t->cafile[0] ? t->cafile : NULL,
		"timeout_ms", t->timeout_ms));
	json_object_set_new(root, "verdict", json_pack("{s:s, s:s, s:i}", "status", verdict_name(r->verdict),
		"text", r->verdict_text, "exit", report_exit_status(r)));
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		json_t *jf = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", f->id, "area", f->area,
			"severity", severity_name(f->severity), "title", f->title, "evidence", f->evidence,
			"fix", f->fix, "section", f->section);
		json_object_set_new(jf, "trace", f->trace >= 0 ? json_integer(f->trace) : json_null());
		json_object_set_new(jf, "step", f->step >= 0 ? json_integer(f->step) : json_null());
		json_array_append_new(fa, jf);
	}
	json_object_set_new(root, "findings", fa);
	for (size_t i = 0; i < r->ntraces; i++)
		json_array_append_new(ta, render_json_trace(r->traces[i]));
	json_object_set_new(root, "traces", ta);
	for (size_t i = 0; i < r->chain.n; i++) {
		const struct cert_info *c = &r->chain.certs[i];
		json_array_append_new(ca, json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:b, s:b, s:s}",
			"subject", c->subject, "issuer", c->issuer, "sans", c->sans,
			"not_before", (json_int_t)c->not_before, "not_after", (json_int_t)c->not_after,
			"key", c->key, "signature", c->sig, "ca", c->is_ca, "self_signed", c->self_signed,
			"sha256", c->sha256));
	}
	json_object_set_new(root, "chain", ca);
	json_object_set_new(root, "chain_status", r->chain.verified ?
		json_pack("{s:s, s:i, s:s}", "trust", r->chain.trust, "status", (int)r->chain.status,
			  "text", r->chain.status_text) : json_null());
	json_object_set_new(root, "versions", versions_json(r));
	{
		json_t *names = json_array();
		for (size_t i = 0; i < r->ntraces; i++) {
			const struct trace *tr = r->traces[i];
			struct cert_info ci;
			if (tr->kind != TK_SNI_NAME && !(tr->kind == TK_DEFAULT && t->sni_mode == SNI_NAME &&
								strchr(t->sni, ',')))
				continue;
			if (!tr->ncerts || cert_parse(tr->certs[0].data, tr->certs[0].len, &ci) < 0)
				memset(&ci, 0, sizeof ci);
			json_array_append_new(names, json_pack("{s:s, s:s, s:s, s:s, s:s}", "sni", tr->sni,
				"outcome", outcome_name(tr->outcome), "version", tr->neg.version_name,
				"certificate_names", ci.sans[0] ? ci.sans : ci.subject, "reason", tr->reason));
		}
		json_object_set_new(root, "sni_names", names);
	}
	{
		json_t *ciphers = json_pack("{s:s?}", "negotiated", def && def->neg.suite_name[0] ? def->neg.suite_name : NULL);
		if (r->scan) {
			json_t *en = json_object(), *cl = json_array();
			for (size_t v = 0; v < 5; v++) {
				json_t *list = json_array();
				for (size_t k = 0; k < r->scan->nsuites[v]; k++) {
					const struct suite_info *si = suite_info(r->scan->suites[v][k]);
					json_array_append_new(list, json_pack("{s:s, s:s?, s:s?}", "iana", suite_name(r->scan->suites[v][k]),
						"openssl", si ? si->openssl : NULL, "grade", si ? si->grade : NULL));
				}
				json_object_set_new(en, tls_version_name(0x0300 + (unsigned)v), json_pack("{s:b, s:o, s:s, s:b, s:s?}",
					"accepted", r->scan->version_ok[v], "suites", list, "order",
					r->scan->server_pref[v] == 1 ? "server" : r->scan->server_pref[v] == 0 ? "client" : "unknown",
					"complete", !r->scan->cut[v], "cut", r->scan->cut[v] ? r->scan->cut_why[v] : NULL));
			}
			json_object_set_new(ciphers, "enumeration", en);
			{
				json_t *g = json_array();
				for (size_t i = 0; i < r->scan->ngroups; i++)
					json_array_append_new(g, json_string(group_name(r->scan->groups[i])));
				json_object_set_new(ciphers, "groups", g);
				json_object_set_new(ciphers, "groups_complete", json_boolean(!r->scan->groups_cut));
			}
			json_object_set_new(ciphers, "connections", json_integer(r->scan->conns));
			json_object_set_new(ciphers, "scan_ms", json_real(r->scan->ms));
			for (size_t i = 0; i < r->nclients; i++)
				json_array_append_new(cl, json_pack("{s:s, s:b, s:s}", "client", r->clients[i].name,
								    "ok", r->clients[i].ok, "result", r->clients[i].text));
			json_object_set_new(root, "clients", cl);
		}
		json_object_set_new(root, "ciphers", ciphers);
	}
	for (size_t i = 0; i < r->nsteps; i++) {
		const struct report_step *st = &r->steps[i];
		json_array_append_new(steps, json_pack("{s:s, s:s, s:s, s:s, s:f, s:f, s:i}", "wizard", st->wizard,
			"step", st->title, "state", step_state_name(st->state), "note", st->note, "start_ms", st->t_start,
			"ms", st->t_end > st->t_start ? st->t_end - st->t_start : 0.0, "connections", st->ntraces));
	}
	json_object_set_new(root, "steps", steps);
	{
		json_t *cfg = json_array();
		int k = serverconf_detect(r);
		/* Nothing to configure when no finding is a configuration one (nothing listens...). */
		for (int kind = 0; kind < SRV__COUNT && serverconf_relevant(r); kind++) {
			struct serverconf sc;
			char text[8192];
			json_t *ls = json_array();
			serverconf_build(r, (enum server_kind)kind, false, &sc);
			serverconf_text(&sc, text, sizeof text);
			for (size_t i = 0; i < sc.n; i++)
				json_array_append_new(ls, json_pack("{s:s, s:s?}", "line", sc.lines[i].text,
								    "fixes", sc.lines[i].fixes[0] ? sc.lines[i].fixes : NULL));
			json_array_append_new(cfg, json_pack("{s:s, s:b, s:s, s:s, s:o}", "server", sc.name,
				"detected", kind == k, "profile", "intermediate", "text", text, "lines", ls));
		}
		json_object_set_new(root, "config", cfg);
	}
	json_object_set_new(root, "timing", json_pack("{s:f}", "elapsed_ms", r->elapsed_ms));
	s = json_dumps(root, compact ? JSON_COMPACT | JSON_PRESERVE_ORDER : JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}
