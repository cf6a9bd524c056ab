/* ringio.c: a connection's I/O as io_uring requests (see ring.h).
 *
 * Receive, send and shutdown are one request each, their result exactly what
 * the system call would return (io_uring waits for the socket itself: never
 * EAGAIN). A file has no sendfile request, so it goes in two linked steps,
 * a stage and a drain:
 *   - a large chunk (over BOUNCE_SIZE) is spliced from the file into a pipe,
 *     then from the pipe into the socket: no copy through user space. The
 *     kernel runs every splice request on an io-wq worker thread (a
 *     non-blocking splice can still sleep on an inode lock), so each chunk
 *     costs two hand-offs to a worker and back: worth it for a large chunk,
 *     not for a small one. The pipes come from a small pool (PIPES_MAX),
 *     since a pipe per connection would cost two descriptors and a pipe2
 *     call for each, and a pipe is only needed while a chunk is in it; past
 *     the pool, a connection takes the bounce path.
 *   - a small chunk is read into the connection's bounce buffer, then sent:
 *     one copy into user space and one out, both done at once by the
 *     submitting thread, cheaper than the trip to a worker (README).
 * The stage's completion is skipped when it succeeds (IOSQE_CQE_SKIP_SUCCESS),
 * so a file chunk costs one completion, as a send does. */
#include "ring.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

enum {
    BOUNCE_SIZE = 16 * 1024,
    PIPE_SIZE = 1024 * 1024,    /* conn.c's largest chunk: one stage moves it whole */
    PIPES_MAX = 16,
};

/* Room for n requests in the submission queue: when it is short, hand the
 * queue to the kernel, which empties it. A linked pair must be reserved
 * whole: a submission that ends between the two ends the link, and the
 * drain would then run beside its stage instead of after it. */
static void reserve(struct ring_loop *l, unsigned n)
{
    if (io_uring_sq_space_left(&l->ring) < n)
        io_uring_submit(&l->ring);
}

struct io_uring_sqe *ring_sqe(struct ring_loop *l, void *owner, enum ring_op op)
{
    reserve(l, 1);
    struct io_uring_sqe *sqe = io_uring_get_sqe(&l->ring);
    io_uring_sqe_set_data64(sqe, (uint64_t)(uintptr_t)owner | op);
    return sqe;
}

/* A request of the connection whose completion will come (counted). */
static struct io_uring_sqe *conn_sqe(struct ring_loop *l, struct ring_conn *rc, enum ring_op op)
{
    rc->inflight++;
    return ring_sqe(l, rc, op);
}

static struct ring_pipe *pipe_take(struct ring_loop *l)
{
    struct ring_pipe *p = l->free_pipes;
    if (p != NULL) {
        l->free_pipes = p->next;
        return p;
    }
    int fds[2];
    if (l->pipes >= PIPES_MAX || pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0)
        return NULL;
    fcntl(fds[1], F_SETPIPE_SZ, PIPE_SIZE);     /* may fail (fs.pipe-max-size): keep the default */
    int size = fcntl(fds[1], F_GETPIPE_SZ);
    p = xmalloc(sizeof *p);
    *p = (struct ring_pipe){ fds[0], fds[1], size > 0 ? (size_t)size : 4096, NULL };
    l->pipes++;
    return p;
}

/* An empty pipe goes back to the pool; one still holding bytes is closed. */
static void pipe_give(struct ring_loop *l, struct ring_pipe *p, bool empty)
{
    if (empty) {
        p->next = l->free_pipes;
        l->free_pipes = p;
        return;
    }
    close(p->rd);
    close(p->wr);
    free(p);
    l->pipes--;
}

/* Not malloc and free for each connection: in close mode every connection
 * would take and give back 16 KiB, and malloc's work with the heap's top
 * pages, trimmed and faulted in again, took a quarter of the server's CPU
 * time (perf). */
static struct ring_bounce *bounce_take(struct ring_loop *l)
{
    struct ring_bounce *b = l->free_bounces;
    if (b == NULL)
        return xmalloc(sizeof *b + BOUNCE_SIZE);
    l->free_bounces = b->next;
    return b;
}

static void bounce_give(struct ring_loop *l, struct ring_bounce *b)
{
    b->next = l->free_bounces;
    l->free_bounces = b;
}

void ring_pools_free(struct ring_loop *l)
{
    while (l->free_pipes != NULL) {
        struct ring_pipe *p = l->free_pipes;
        l->free_pipes = p->next;
        pipe_give(l, p, false);
    }
    while (l->free_bounces != NULL) {
        struct ring_bounce *b = l->free_bounces;
        l->free_bounces = b->next;
        free(b);
    }
}

/* Up to len bytes of the file from offset into the pipe or the bounce
 * buffer, linked to the drain submitted next. */
static void stage(struct ring_loop *l, struct ring_conn *rc, const struct conn_io *io)
{
    if (rc->pipe == NULL && io->len > BOUNCE_SIZE)
        rc->pipe = pipe_take(l);
    struct io_uring_sqe *sqe = ring_sqe(l, rc, RING_STAGE);     /* its completion is not counted */
    if (rc->pipe != NULL) {
        rc->staged = io->len < rc->pipe->size ? io->len : rc->pipe->size;
        io_uring_prep_splice(sqe, io->file_fd, io->offset, rc->pipe->wr, -1, (unsigned)rc->staged, 0);
    } else {
        if (rc->bounce == NULL)
            rc->bounce = bounce_take(l);
        rc->staged = io->len < BOUNCE_SIZE ? io->len : BOUNCE_SIZE;
        rc->bounce_pos = 0;
        io_uring_prep_read(sqe, io->file_fd, rc->bounce->data, (unsigned)rc->staged, (uint64_t)io->offset);
    }
    sqe->flags |= IOSQE_IO_LINK | IOSQE_CQE_SKIP_SUCCESS;
}

/* The staged bytes to the socket. */
static void drain(struct ring_loop *l, struct ring_conn *rc)
{
    struct io_uring_sqe *sqe = conn_sqe(l, rc, RING_DRAIN);
    if (rc->pipe != NULL)
        io_uring_prep_splice(sqe, rc->pipe->rd, -1, rc->conn.fd, -1, (unsigned)rc->staged, 0);
    else
        io_uring_prep_send(sqe, rc->conn.fd, rc->bounce->data + rc->bounce_pos, rc->staged, MSG_NOSIGNAL);
}

/* MSG_NOSIGNAL: a client that hung up gives EPIPE, not SIGPIPE. */
static void send_buffers(struct ring_loop *l, struct ring_conn *rc, const struct conn_io *io)
{
    struct io_uring_sqe *sqe = conn_sqe(l, rc, RING_SEND);
    int flags = MSG_NOSIGNAL | io->flags;
    if (io->iovcnt == 1) {
        io_uring_prep_send(sqe, rc->conn.fd, io->iov[0].iov_base, io->iov[0].iov_len, flags);
        return;
    }
    rc->msg = (struct msghdr){ .msg_iov = rc->conn.io.iov, .msg_iovlen = (size_t)io->iovcnt };
    io_uring_prep_sendmsg(sqe, rc->conn.fd, &rc->msg, (unsigned)flags);
}

/* After a response, the client has not even read it yet, so the next
 * request cannot be there: POLL_FIRST skips the receive attempt that would
 * fail, and waits for data at once. */
void ring_submit_io(struct ring_loop *l, struct ring_conn *rc, const struct conn_io *io)
{
    struct io_uring_sqe *sqe;
    switch (io->op) {
    case CONN_IO_RECV:
        sqe = conn_sqe(l, rc, RING_RECV);
        io_uring_prep_recv(sqe, rc->conn.fd, io->buf, io->len, 0);
        if (rc->answered && rc->conn.in_len == 0)
            sqe->ioprio |= IORING_RECVSEND_POLL_FIRST;
        break;
    case CONN_IO_SEND:
        send_buffers(l, rc, io);
        break;
    case CONN_IO_SENDFILE:
        if (rc->staged == 0) {
            reserve(l, 2);
            stage(l, rc, io);
        }
        drain(l, rc);
        break;
    case CONN_IO_SHUTDOWN:
        io_uring_prep_shutdown(conn_sqe(l, rc, RING_SHUTDOWN), rc->conn.fd, SHUT_WR);
        break;
    case CONN_IO_CLOSE:
        break;
    }
}

/* A drain's result: bytes that reached the socket, or what the stage gave
 * when it fell short (the link then cancels the drain): 0 when the file
 * ended early, -errno on an error. A splice finds a full socket as EAGAIN
 * (unlike send, splice has no wait for room inside io_uring): then wait. */
static int drained(struct ring_loop *l, struct ring_conn *rc, int res)
{
    if (res > 0) {
        rc->staged -= (size_t)res;
        rc->bounce_pos += (size_t)res;
        if (rc->staged == 0)
            ring_conn_release(l, rc);   /* the pipe or buffer, empty */
        return res;
    }
    if (res == -ECANCELED && rc->staged > 0) {      /* a short stage: send what it got */
        drain(l, rc);
        return RING_PENDING;
    }
    if (res == -ECANCELED)
        return rc->stage_result;
    if (res == -EAGAIN && rc->pipe != NULL) {
        io_uring_prep_poll_add(conn_sqe(l, rc, RING_POLLOUT), rc->conn.fd, POLLOUT);
        return RING_PENDING;
    }
    return res;
}

int ring_io_result(struct ring_loop *l, struct ring_conn *rc, enum ring_op op, int res)
{
    switch (op) {
    case RING_STAGE:            /* short or failed: the drain's completion follows */
        rc->staged = res > 0 ? (size_t)res : 0;
        rc->stage_result = res;
        return RING_PENDING;
    case RING_DRAIN:
        return drained(l, rc, res);
    case RING_POLLOUT:
        if (res < 0)
            return res;
        drain(l, rc);
        return RING_PENDING;
    case RING_SEND:
        rc->answered = true;
        return res;
    default:
        return res;
    }
}

void ring_conn_init(struct ring_conn *rc)
{
    rc->inflight = 0;
    rc->closing = rc->expired = rc->answered = false;
    rc->staged = rc->bounce_pos = 0;
    rc->stage_result = 0;
    rc->pipe = NULL;
    rc->bounce = NULL;
}

/* Nothing of the connection is in flight: its buffer is free whatever it
 * holds; a pipe still holding bytes is closed. */
void ring_conn_release(struct ring_loop *l, struct ring_conn *rc)
{
    if (rc->pipe != NULL)
        pipe_give(l, rc->pipe, rc->staged == 0);
    if (rc->bounce != NULL)
        bounce_give(l, rc->bounce);
    rc->pipe = NULL;
    rc->bounce = NULL;
}
