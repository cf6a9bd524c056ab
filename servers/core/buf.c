/* buf.c: a growable byte buffer, and the allocation wrappers. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void out_of_memory(size_t size)
{
    char msg[64];
    int n = snprintf(msg, sizeof msg, "out of memory allocating %zu bytes\n", size);
    (void)!write(STDERR_FILENO, msg, (size_t)n);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size);
    if (p == NULL && size != 0)
        out_of_memory(size);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p == NULL && n != 0 && size != 0)
        out_of_memory(n * size);
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size);
    if (q == NULL && size != 0)
        out_of_memory(size);
    return q;
}

char *xstrdup(const char *s)
{
    size_t size = strlen(s) + 1;
    return memcpy(xmalloc(size), s, size);
}

void buf_init(struct buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_free(struct buf *b)
{
    free(b->data);
    buf_init(b);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
}

static void buf_reserve(struct buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

/* The buffer is kept NUL-terminated so that it can be printed while debugging. */
void buf_append(struct buf *b, const void *data, size_t len)
{
    buf_reserve(b, len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_append_uint(struct buf *b, unsigned long long n)
{
    char digits[20];
    size_t i = sizeof digits;
    do
        digits[--i] = (char)('0' + n % 10);
    while ((n /= 10) > 0);
    buf_append(b, digits + i, sizeof digits - i);
}

/* Runs of characters that need no escaping are appended in one call: a
 * results page is mostly such runs, and appending byte by byte showed up as
 * the largest cost of a query in callgrind. */
void buf_append_html(struct buf *b, const char *s, size_t len)
{
    const char *end = s + len;
    while (s < end) {
        const char *run = s;
        while (s < end && *s != '&' && *s != '<' && *s != '>' && *s != '"' && *s != '\'')
            s++;
        buf_append(b, run, (size_t)(s - run));
        if (s == end)
            return;
        switch (*s++) {
        case '&':  buf_puts(b, "&amp;");  break;
        case '<':  buf_puts(b, "&lt;");   break;
        case '>':  buf_puts(b, "&gt;");   break;
        case '"':  buf_puts(b, "&quot;"); break;
        default:   buf_puts(b, "&#39;");  break;
        }
    }
}
