/* probe_errors.h — GnuTLS error codes in plain words, for reasons on a ladder. */
#ifndef TLSWIZ_PROBE_ERRORS_H
#define TLSWIZ_PROBE_ERRORS_H

/* Plain words for a GnuTLS error code (never NULL). */
const char *probe_error_words(int gnutls_err);

#endif
