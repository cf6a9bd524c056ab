/* deadlines.h: a loop's connections in the order their time runs out, for
 * the event loop (eventloop.c) and the ring loop (ringloop.c).
 *
 * Every connection has the same timeout, and its deadline is only ever set to
 * "now + that timeout" (at accept, after each response, when a slow reader
 * takes more bytes; conn.c). So a connection whose deadline moves goes to the
 * tail of a list, and the list stays in deadline order without sorting:
 * expiry looks at the heads only, O(expired) rather than a sweep over every
 * connection, and a loop's wait lasts until the earliest head. The lingering
 * close's shorter deadline (conn.c) gets a list of its own for the same
 * reason. (Timeouts of many lengths would need a heap.) */
#ifndef DEADLINES_H
#define DEADLINES_H

#include "conn.h"

#include <stddef.h>
#include <stdint.h>

/* The lists: connections reading or writing (--timeout-ms), and those lingering. */
enum { DEADLINE_TIMEOUT, DEADLINE_LINGER, DEADLINE_LISTS };

/* A loop's record of a connection embeds one of these (deadline_owner finds the record). */
struct deadline_link {
    struct conn *conn;
    struct deadline_list *list;     /* the list it is on */
    struct deadline_link *prev, *next;
};

struct deadline_list {
    struct deadline_link *first, *last;
};

struct deadlines {
    struct deadline_list lists[DEADLINE_LISTS];
};

#define deadline_owner(link, type, member) ((type *)((char *)(link) - offsetof(type, member)))

/* Puts c on the list of its state, at the tail. */
void deadlines_add(struct deadlines *d, struct deadline_link *link, struct conn *c);
void deadlines_remove(struct deadline_link *link);
/* After a step of the connection: if its deadline moved since old_deadline_ms,
 * to the tail of the list of its state. */
void deadlines_update(struct deadlines *d, struct deadline_link *link, int64_t old_deadline_ms);

/* The first connection whose time is up at now (conn_deadline), or NULL. */
struct deadline_link *deadlines_expired(const struct deadlines *d, int64_t now);
/* The earliest deadline of all, or INT64_MAX with no connection. */
int64_t deadlines_earliest(const struct deadlines *d);
/* Calls fn on every connection; fn may remove the one it is given. */
void deadlines_each(struct deadlines *d, void (*fn)(struct deadline_link *, void *), void *arg);

#endif
