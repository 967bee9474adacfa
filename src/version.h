/* version.h — tlswiz's version, for --version and the JSON report. */
#ifndef TLSWIZ_VERSION_H
#define TLSWIZ_VERSION_H

#define TLSWIZ_VERSION "0.1.0"

#endif
