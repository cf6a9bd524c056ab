/* url.h: percent-decoding, query strings and the safety check for /static paths. */
#ifndef URL_H
#define URL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Decodes %XX escapes (and '+' as a space when plus_is_space) from src[0..len)
 * into dst, which must hold len + 1 bytes; dst is NUL-terminated. Returns the
 * decoded length, or -1 for a malformed escape or an encoded NUL (%00), which
 * would truncate the string where C code later looks at it. */
ssize_t url_decode(const char *src, size_t len, char *dst, bool plus_is_space);

/* Finds name=value in a query string ("a=1&terms=x+y"); sets *value and
 * *value_len to the raw (still encoded) value. Returns false when absent. */
bool url_query_param(const char *query, size_t len, const char *name,
                     const char **value, size_t *value_len);

/* Checks a decoded /static path before any file system call: it must be
 * relative, non-empty, and have no empty, "." or ".." segment. This is the
 * lexical half of the defence; the open itself (openat2 with RESOLVE_BENEATH)
 * is the other half, which also stops symlinks that lead out of the corpus. */
bool url_static_path_ok(const char *path);

/* Appends path to out percent-encoded for use in a URL (keeps '/'). */
struct buf;
void url_encode_path(struct buf *out, const char *path);

#endif
