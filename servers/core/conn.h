/* conn.h: one client connection as a non-blocking state machine.
 *
 *   reading request --complete--> writing response --done--> reading (keep-alive)
 *                                                    \-> closed (Connection: close)
 *                                                    \-> lingering -> closed (unread input)
 *
 * conn_advance does all the work it can without blocking and says what it
 * waits for. A blocking variant loops "advance, poll this one descriptor";
 * an event loop advances whichever connection is ready. Both share this code,
 * so every variant gives the same bytes for the same request. */
#ifndef CONN_H
#define CONN_H

#include "handler.h"
#include "http.h"
#include "response.h"

#include <stdbool.h>
#include <stdint.h>

enum conn_want { CONN_WANT_READ, CONN_WANT_WRITE, CONN_CLOSE };

struct conn {
    int fd;
    int timeout_ms;
    int64_t deadline_ms;        /* CLOCK_MONOTONIC; drop the client after it */
    bool writing;
    bool unread_input;          /* input we will not read: linger before closing */
    bool lingering;             /* response sent, discarding input until EOF */
    size_t in_len;              /* bytes in in[] */
    size_t scanned_len;         /* in_len at the previous parse, for the parser */
    size_t head_len;            /* length of the request being answered */
    struct http_request req;
    struct response res;
    char in[HTTP_MAX_HEADER_BYTES];
};

int64_t clock_ms(void);

/* accepted_ms: clock_ms() when the connection was accepted. The first
 * deadline counts from then, so time spent queued counts against the client. */
void conn_init(struct conn *c, int fd, int timeout_ms, int64_t accepted_ms);
enum conn_want conn_advance(struct conn *c, const struct handler_ctx *ctx);
/* True between requests, when closing loses nothing (used at shutdown). */
bool conn_is_idle(const struct conn *c);
/* When the connection is to be dropped: its deadline, or, once the server
 * is stopping, the stop's bound (the stop plus one timeout) if that is sooner. */
int64_t conn_deadline(const struct conn *c);
/* Closes the socket and frees the response; counts the connection's end. */
void conn_close(struct conn *c);
/* conn_close for a connection whose time ran out (conn_deadline, or idle at
 * a stop): a stopping server that drops one in mid-request abandons it. */
void conn_expire(struct conn *c);

#endif
