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

/* Out of memory is fatal in the whole server, as in redis' zmalloc: these
 * wrappers print one line and abort, and every allocation of the server goes
 * through them (cJSON's too: server_init hands it xmalloc). We chose this
 * over answering 500. A request allocates a few KiB, or, for a query's result
 * list, 16 bytes per document of its rarest word: bounded by the index,
 * which is already in memory. A server that cannot make such an allocation
 * is out of memory as a whole, and the next request would fail the same way.
 * On Linux malloc rarely fails at all (memory is overcommitted, and the OOM
 * killer comes first), so a 500 path would be code that never runs. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
