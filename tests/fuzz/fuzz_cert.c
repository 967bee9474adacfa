/* fuzz_cert.c — certificate field extraction on arbitrary DER: every string must come
 * out sanitised. */
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "fuzz.h"
#include "text.h"

FUZZ_TARGET(fuzz_cert)
{
	struct cert_info ci;

	if (cert_parse(data, size, &ci) == 0) {
		if (!text_is_clean(ci.subject) || !text_is_clean(ci.issuer) || !text_is_clean(ci.sans) ||
		    !text_is_clean(ci.cn) || !text_is_clean(ci.aia_issuer))
			abort();
	}
	return 0;
}
