/* intercept.h — well-known TLS-inspection products, recognised by the names their CAs
 * put in the certificates they forge. Data only. */
#ifndef TLSWIZ_INTERCEPT_H
#define TLSWIZ_INTERCEPT_H

/* The product whose CA name appears in dn (an issuer or subject DN), or NULL. */
const char *intercept_product(const char *dn);

#endif
