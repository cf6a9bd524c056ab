/* ring.h: the io_uring driver of searchserver-uring, linked into that
 * variant only (with liburing). ringloop.c is the loop: accept, deadlines,
 * the stop, a connection's life; ringio.c turns what a connection asks for
 * (conn_next_io) into requests on the ring and their completions into the
 * results conn_io_done takes. Nothing waits for readiness: every request is
 * the I/O itself, and the kernel says when it is done. */
#ifndef RING_H
#define RING_H

#include "deadlines.h"
#include "server.h"

#include <liburing.h>
#include <stdbool.h>
#include <sys/signalfd.h>

/* What a completion is for: the low bits of its user_data. The rest is the
 * connection (malloc's 16-byte alignment leaves the bits free), or nothing
 * for the loop's own requests. */
enum ring_op {
    RING_IGNORE,                /* a cancellation, a timer update: its result is not needed */
    RING_ACCEPT,                /* the multishot accept */
    RING_TIMER,                 /* the timer of the earliest deadline */
    RING_SIGNAL,                /* the read of the stop signal */
    RING_RECV, RING_SEND, RING_SHUTDOWN,
    RING_STAGE,                 /* a file's bytes into the connection's bounce buffer or pipe */
    RING_DRAIN,                 /* ... and from there to the socket */
    RING_POLLOUT,               /* a spliced drain found the socket full: wait for room */
    RING_OPS,
};
enum { RING_OP_MASK = 15 };

/* A pipe of the pool, for splice, and a bounce buffer (ringio.c): a
 * connection holds one only while a chunk of a file is in it. */
struct ring_pipe {
    int rd, wr;
    size_t size;
    struct ring_pipe *next;     /* on the free list */
};

struct ring_bounce {
    struct ring_bounce *next;   /* on the free list */
    char data[];
};

struct ring_conn {
    struct conn conn;
    struct deadline_link link;
    int inflight;               /* requests whose completion is still to come */
    bool closing;               /* cancelled: closed once inflight is 0 */
    bool expired;               /* closing because its time ran out (conn_expire) */
    bool answered;              /* a response has gone out: the next request is not there yet */
    struct msghdr msg;          /* a SEND of head and body */
    /* A file on its way out: its next `staged` bytes wait in the pipe, or in
     * the bounce buffer at bounce_pos. */
    size_t staged;
    int stage_result;           /* what the stage request gave, when it fell short */
    struct ring_pipe *pipe;
    struct ring_bounce *bounce;
    size_t bounce_pos;
};

/* A connection accepted past --max-clients, waiting for a slot. */
struct ring_waiting {
    int fd;
    int64_t accepted_ms;
};

struct ring_loop {
    struct server *srv;
    struct io_uring ring;
    struct deadlines deadlines;
    int live;                   /* connections served, those closing included */
    bool accepting;             /* the multishot accept is armed */
    bool accept_cancelled;      /* ... and its cancellation asked for */
    bool stop_seen;
    int64_t timer_at;           /* the armed timer's deadline, INT64_MAX if none */
    struct __kernel_timespec timer_ts;
    int signal_fd;
    struct signalfd_siginfo siginfo;
    struct ring_waiting *waiting;   /* FIFO of accepted, not yet served */
    int waiting_first, waiting_count, waiting_cap;
    struct ring_pipe *free_pipes;
    int pipes;                  /* pipes made and not closed */
    struct ring_bounce *free_bounces;
};

/* Sets up the ring; 0, or -errno: ENOSYS (no io_uring in this kernel), EPERM
 * (kernel.io_uring_disabled, or a seccomp filter), ENOMEM... */
int ring_open(struct io_uring *ring);

/* Serves until the stop; returns the exit status (after server_finish). */
int ring_loop_run(struct server *srv, struct ring_loop *l);

/* ringio.c */
struct io_uring_sqe *ring_sqe(struct ring_loop *l, void *owner, enum ring_op op);
/* Submits what the connection asks for (never CONN_IO_CLOSE). */
void ring_submit_io(struct ring_loop *l, struct ring_conn *rc, const struct conn_io *io);
/* Completion res of the connection's request op: the result of the I/O
 * for conn_io_done, or RING_PENDING when the I/O goes on (a file's next step). */
enum { RING_PENDING = -4096 };
int ring_io_result(struct ring_loop *l, struct ring_conn *rc, enum ring_op op, int res);
/* The driver's part of a new connection (conn_init does the rest). */
void ring_conn_init(struct ring_conn *rc);
/* The connection's bounce buffer and pipe back to their pools (at its
 * close, or once a chunk has gone out). */
void ring_conn_release(struct ring_loop *l, struct ring_conn *rc);
/* The pools' pipes and buffers, at the end. */
void ring_pools_free(struct ring_loop *l);

#endif
