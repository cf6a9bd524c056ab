/* utf8.h: strict UTF-8 checking, and the repair of ill-formed bytes in text a
 * response echoes (query terms, file names), so that every page and every JSON
 * answer is well-formed UTF-8 whatever a client sent or a file is called. */
#ifndef UTF8_H
#define UTF8_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Strict, as Unicode ch. 3 (Table 3-7) defines well-formed UTF-8: no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no sequence
 * cut short. Returns the length of the longest well-formed prefix of s[0..len). */
size_t utf8_valid_prefix(const char *s, size_t len);

/* Whether all of s[0..len) is well-formed UTF-8. */
bool utf8_valid(const char *s, size_t len);

/* Appends s[0..len) to b with each ill-formed part replaced by U+FFFD, one
 * per "maximal subpart" (Unicode ch. 3, U+FFFD substitution; the WHATWG
 * Encoding Standard's decoder does the same): a lead byte and as many of the
 * continuation bytes it allows as follow it become one U+FFFD, and the byte
 * that broke the sequence starts afresh. Well-formed text is appended as is. */
void buf_append_utf8(struct buf *b, const char *s, size_t len);

#endif
