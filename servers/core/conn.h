/* conn.h: one client connection as a state machine that never blocks.
 *
 *   READING --request complete--> WRITING --sent--> READING (keep-alive)
 *                                         \-------> CLOSED (Connection: close)
 *                                         \-------> LINGERING --client's EOF--> CLOSED
 *                      (input left unread: our side shut down, then the rest
 *                       discarded; see conn.c)
 *
 * The state machine decides and does no I/O: conn_next_io says what the
 * connection needs next (receive into this buffer, send these bytes or this
 * range of a file, shut down our side, or nothing more: close), and
 * conn_io_done tells it the result. Performing the I/O is the driver's part:
 * connio.c makes the system calls for the variants that wait for readiness
 * (a blocking variant polls its one descriptor, an event loop watches them
 * all); a completion-based driver (io_uring) can submit the same requests to
 * the kernel and report their completions. All of them drive this code, so
 * every variant gives the same bytes for the same request. */
#ifndef CONN_H
#define CONN_H

#include "handler.h"
#include "http.h"
#include "response.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

enum conn_state {
    CONN_READING,               /* receiving a request, or waiting for the next one */
    CONN_WRITING,               /* sending the response */
    CONN_LINGERING,             /* response sent, input left unread: discarding it */
    CONN_CLOSED,                /* nothing more to do: close the socket */
};

enum conn_io_op {
    CONN_IO_RECV,               /* receive into buf[0..len) */
    CONN_IO_SEND,               /* send iov[0..iovcnt) with the send flags `flags` */
    CONN_IO_SENDFILE,           /* send len bytes of file_fd from offset */
    CONN_IO_SHUTDOWN,           /* shut down our sending side: the client sees EOF */
    CONN_IO_CLOSE,              /* nothing more: close the connection */
};

/* The I/O a connection asks for. Its buffers belong to the connection and
 * stay put until conn_io_done, so a driver may hand them to the kernel. */
struct conn_io {
    enum conn_io_op op;
    char *buf;                  /* RECV */
    size_t len;                 /* RECV; SENDFILE */
    struct iovec iov[2];        /* SEND: what is left of the head, then of the body */
    int iovcnt;
    int flags;                  /* SEND: MSG_MORE when a file follows */
    int file_fd;                /* SENDFILE */
    off_t offset;               /* SENDFILE */
};

struct conn {
    int fd;
    enum conn_state state;
    const struct handler_ctx *ctx;
    int timeout_ms;
    int64_t deadline_ms;        /* CLOCK_MONOTONIC; drop the client after it */
    bool unread_input;          /* the request leaves input we will not read: linger */
    size_t in_len;              /* bytes in in[] */
    size_t scanned_len;         /* in_len at the previous parse, for the parser */
    size_t head_len;            /* length of the request being answered */
    struct conn_io io;          /* the I/O asked for by the last conn_next_io */
    struct http_request req;
    struct response res;
    char in[HTTP_MAX_HEADER_BYTES];
};

int64_t clock_ms(void);

/* accepted_ms: clock_ms() when the connection was accepted. The first
 * deadline counts from then, so time spent queued counts against the client. */
void conn_init(struct conn *c, int fd, const struct handler_ctx *ctx, int timeout_ms,
               int64_t accepted_ms);

/* The I/O the connection needs next (c->io, valid until conn_io_done). */
const struct conn_io *conn_next_io(struct conn *c);

/* The result of that I/O: bytes moved, 0 at the end of the client's input,
 * or -errno (never -EAGAIN: a driver waits and performs it again). */
void conn_io_done(struct conn *c, ssize_t result);

/* For a client the server will not serve (a descriptor select cannot
 * watch): answers status at once, then closes. */
void conn_refuse(struct conn *c, int status);

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
/* What conn_close (expired false) and conn_expire (true) do but closing the
 * socket, for a driver that closes it otherwise (io_uring, by a request). */
void conn_end(struct conn *c, bool expired);

#endif
