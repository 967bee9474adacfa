/* intercept.c — a table of TLS-inspection CA name fragments (firewalls, secure web
 * gateways, endpoint security, debugging proxies). A match is a strong hint, not proof:
 * a private CA could carry such a name, so findings say "likely" and how to confirm. */
#include <stddef.h>
#include <string.h>

#include "intercept.h"

static const struct {
	const char *fragment;	/* case-insensitive substring of the DN */
	const char *product;
} products[] = {
	{ "FortiGate", "Fortinet FortiGate" }, { "Fortinet", "Fortinet" },
	{ "Palo Alto Networks", "Palo Alto Networks" }, { "Zscaler", "Zscaler" },
	{ "Blue Coat", "Broadcom/Blue Coat ProxySG" }, { "Symantec Web", "Symantec Web Security" },
	{ "Cisco Umbrella", "Cisco Umbrella" }, { "Cisco Secure", "Cisco Secure" },
	{ "Sophos", "Sophos" }, { "Netskope", "Netskope" }, { "Forcepoint", "Forcepoint" },
	{ "Websense", "Websense" }, { "McAfee Web Gateway", "McAfee/Skyhigh Web Gateway" },
	{ "Skyhigh", "Skyhigh Security" }, { "Kaspersky", "Kaspersky" }, { "Avast", "Avast" },
	{ "AVG Technologies", "AVG" }, { "ESET SSL Filter", "ESET" }, { "Bitdefender", "Bitdefender" },
	{ "Check Point", "Check Point" }, { "Barracuda", "Barracuda" }, { "WatchGuard", "WatchGuard" },
	{ "SonicWall", "SonicWall" }, { "Untangle", "Untangle" }, { "mitmproxy", "mitmproxy" },
	{ "Charles Proxy", "Charles Proxy" }, { "DO_NOT_TRUST_FiddlerRoot", "Fiddler" },
	{ "PortSwigger", "Burp Suite" }, { "Cloudflare Gateway", "Cloudflare Gateway" },
	{ "iboss", "iboss" }, { "Menlo Security", "Menlo Security" }, { "Lightspeed", "Lightspeed Systems" },
	{ "Securly", "Securly" }, { "GoGuardian", "GoGuardian" }, { "ContentKeeper", "ContentKeeper" },
	{ "Smoothwall", "Smoothwall" }, { "Cyberoam", "Sophos Cyberoam" }, { "Juniper", "Juniper SRX" },
	{ "F5 SSL Orchestrator", "F5 SSL Orchestrator" }, { "Trend Micro", "Trend Micro" },
	{ "Norton Security", "Norton" }, { "SSL Inspection", "an SSL-inspection appliance" },
	{ "TLS Inspection", "a TLS-inspection appliance" },
};

const char *intercept_product(const char *dn)
{
	if (!dn)
		return NULL;
	for (size_t i = 0; i < sizeof products / sizeof products[0]; i++)
		if (strcasestr(dn, products[i].fragment))
			return products[i].product;
	return NULL;
}
