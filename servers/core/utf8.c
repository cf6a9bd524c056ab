/* utf8.c: strict UTF-8 checking and U+FFFD repair (see utf8.h). */
#include "utf8.h"
#include "buf.h"

static const char replacement[] = "\xEF\xBF\xBD";   /* U+FFFD in UTF-8 */

/* Decodes the sequence that starts at s[0] (len >= 1). Returns its length
 * and sets *valid; if it is ill-formed, the length is that of its maximal
 * subpart (at least 1). The second byte's range depends on the lead byte
 * (Unicode Table 3-7): that is where overlong forms (E0, F0), surrogates (ED)
 * and code points above U+10FFFF (F4) are refused; later bytes are 80..BF. */
static size_t sequence(const unsigned char *s, size_t len, bool *valid)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    *valid = true;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {                        /* 80..C1 (continuation, overlong lead), F5..FF */
        *valid = false;
        return 1;
    }
    size_t i = 1;
    for (; i < need && i < len && s[i] >= lo && s[i] <= hi; i++)
        lo = 0x80, hi = 0xBF;
    *valid = i == need;
    return i;
}

size_t utf8_valid_prefix(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    bool valid = true;
    while (i < len) {
        if (p[i] < 0x80) {          /* the common case: ASCII, no call */
            i++;
            continue;
        }
        size_t n = sequence(p + i, len - i, &valid);
        if (!valid)
            break;
        i += n;
    }
    return i;
}

bool utf8_valid(const char *s, size_t len)
{
    return utf8_valid_prefix(s, len) == len;
}

void buf_append_utf8(struct buf *b, const char *s, size_t len)
{
    for (;;) {
        size_t ok = utf8_valid_prefix(s, len);
        buf_append(b, s, ok);       /* well-formed runs in one call each */
        if (ok == len)
            return;
        bool valid;
        size_t bad = sequence((const unsigned char *)s + ok, len - ok, &valid);
        buf_append(b, replacement, sizeof replacement - 1);
        s += ok + bad;
        len -= ok + bad;
    }
}
