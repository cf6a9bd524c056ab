/* buf.h: a growable byte buffer for building response heads and pages. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
    char *data;
    size_t len;
    size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);   /* len = 0, keeps the memory for reuse */
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_append_uint(struct buf *b, unsigned long long n);     /* in decimal */
/* Appends s with &, <, >, " and ' replaced by HTML entities. */
void buf_append_html(struct buf *b, const char *s, size_t len);

/* Allocation failure is fatal in the whole server (as in redis' zmalloc):
 * a request that cannot allocate a few KiB has no useful way to go on. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);

#endif
