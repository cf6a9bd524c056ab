/* url.c: percent-decoding, query strings and the /static path check. */
#include "url.h"
#include "buf.h"

#include <string.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

ssize_t url_decode(const char *src, size_t len, char *dst, bool plus_is_space)
{
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '%') {
            if (len - i < 3)
                return -1;
            int hi = hex_value(src[i + 1]);
            int lo = hex_value(src[i + 2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return -1;
            c = (char)(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        dst[out++] = c;
    }
    dst[out] = '\0';
    return (ssize_t)out;
}

bool url_query_param(const char *query, size_t len, const char *name,
                     const char **value, size_t *value_len)
{
    size_t name_len = strlen(name);
    const char *p = query, *end = query + len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *pair_end = amp ? amp : end;
        if ((size_t)(pair_end - p) > name_len && p[name_len] == '='
            && memcmp(p, name, name_len) == 0) {
            *value = p + name_len + 1;
            *value_len = (size_t)(pair_end - *value);
            return true;
        }
        p = pair_end + 1;
    }
    return false;
}

bool url_static_path_ok(const char *path)
{
    if (path[0] == '\0' || path[0] == '/')
        return false;
    for (const char *seg = path;;) {
        const char *slash = strchr(seg, '/');
        size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
        if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
            return false;
        if (slash == NULL)
            return true;
        seg = slash + 1;
    }
}

static bool is_unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

void url_encode_path(struct buf *out, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)path;
    while (*p) {
        const unsigned char *run = p;
        while (*p && is_unreserved(*p))
            p++;
        buf_append(out, run, (size_t)(p - run));   /* the common case: one append */
        if (*p) {
            char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };
            buf_append(out, esc, 3);
            p++;
        }
    }
}
