/* ringloop.c: the completion loop of searchserver-uring (see ring.h).
 *
 * One thread, one ring. A turn submits what the last completions asked for
 * and waits for at least one more, in one io_uring_enter; each completion
 * moves its connection through conn_io_done and conn_next_io, which says
 * what to submit next. Every connection has exactly one request in flight
 * between turns (a file chunk: a linked pair), so closing is immediate after
 * a completion and a cancellation elsewhere (a deadline, the stop).
 *   - accept: one multishot request, armed while the server has room.
 *   - deadlines: the event loop's time-ordered lists (deadlines.c), driven
 *     by one timer request armed for the earliest deadline (absolute, on
 *     CLOCK_MONOTONIC, the clock of clock_ms). Deadlines only move later,
 *     so the timer rarely needs moving: when it fires early, it is rearmed.
 *   - the stop: SIGTERM and SIGINT stay blocked and are read from a signalfd
 *     as one more completion (see start_signal_read). */
#include "ring.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

enum { SQ_ENTRIES = 512, CQ_ENTRIES = 8192 };

/* DEFER_TASKRUN (Linux 6.1): the kernel finishes our requests' work only
 * when we enter to wait, in a batch, instead of interrupting the thread for
 * each; it needs SINGLE_ISSUER (one thread submits). Older kernels refuse
 * the flags (EINVAL): then COOP_TASKRUN (5.19), then none. */
int ring_open(struct io_uring *ring)
{
    static const unsigned flag_sets[] = {
        IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
        IORING_SETUP_COOP_TASKRUN,
        0,
    };
    int err = -EINVAL;
    for (size_t i = 0; i < sizeof flag_sets / sizeof *flag_sets && err == -EINVAL; i++) {
        struct io_uring_params p = {
            .flags = flag_sets[i] | IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP | IORING_SETUP_SUBMIT_ALL,
            .cq_entries = CQ_ENTRIES,
        };
        err = io_uring_queue_init_params(SQ_ENTRIES, ring, &p);
    }
    if (err == 0)
        io_uring_register_ring_fd(ring);   /* saves a descriptor lookup per enter; optional */
    return err;
}

/* The request that says a stop signal came: a read of a signalfd. The
 * signals stay blocked for good, so one sent at any moment waits on the
 * signalfd and is never lost. (A wait's signal mask, as in epoll_pwait or
 * io_uring_enter, lets a signal in only if the call sleeps: while
 * completions keep coming it never does, and the stop would wait for a lull.) */
static void start_signal_read(struct ring_loop *l)
{
    io_uring_prep_read(ring_sqe(l, NULL, RING_SIGNAL), l->signal_fd, &l->siginfo, sizeof l->siginfo, 0);
}

static void open_signal_fd(struct ring_loop *l)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    l->signal_fd = signalfd(-1, &stop, SFD_CLOEXEC);
    if (l->signal_fd < 0) {
        perror("signalfd");
        exit(1);
    }
}

static struct ring_conn *conn_of(struct deadline_link *link)
{
    return deadline_owner(link, struct ring_conn, link);
}

/* The connections accepted past --max-clients, first in first out. */
static void wait_push(struct ring_loop *l, int fd, int64_t accepted_ms)
{
    if (l->waiting_count == l->waiting_cap) {
        int cap = l->waiting_cap ? 2 * l->waiting_cap : 16;
        struct ring_waiting *w = xmalloc((size_t)cap * sizeof *w);
        for (int i = 0; i < l->waiting_count; i++)
            w[i] = l->waiting[(l->waiting_first + i) % l->waiting_cap];
        free(l->waiting);
        l->waiting = w;
        l->waiting_first = 0;
        l->waiting_cap = cap;
    }
    l->waiting[(l->waiting_first + l->waiting_count++) % l->waiting_cap] = (struct ring_waiting){ fd, accepted_ms };
}

static struct ring_waiting wait_pop(struct ring_loop *l)
{
    struct ring_waiting w = l->waiting[l->waiting_first];
    l->waiting_first = (l->waiting_first + 1) % l->waiting_cap;
    l->waiting_count--;
    return w;
}

static void start_conn(struct ring_loop *l, int fd, int64_t accepted_ms);

/* The end of a connection: nothing of it is in flight. Even the close is a
 * request, submitted with the turn's others (its completion skipped). A
 * slot is free: the first connection waiting takes it. */
static void finish(struct ring_loop *l, struct ring_conn *rc)
{
    if (!rc->closing)
        deadlines_remove(&rc->link);
    struct io_uring_sqe *sqe = ring_sqe(l, NULL, RING_IGNORE);
    io_uring_prep_close(sqe, rc->conn.fd);
    sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
    conn_end(&rc->conn, rc->expired);
    ring_conn_release(l, rc);
    free(rc);
    l->live--;
    if (l->waiting_count > 0 && !server_stopping()) {
        struct ring_waiting w = wait_pop(l);
        start_conn(l, w.fd, w.accepted_ms);
    }
}

/* A connection whose time ran out: closed at once if nothing of it is in
 * flight, else its requests are cancelled and it closes when the last
 * completion comes (the kernel may still be using its buffers until then). */
static void drop(struct ring_loop *l, struct ring_conn *rc)
{
    rc->expired = true;
    if (rc->inflight == 0) {
        finish(l, rc);
        return;
    }
    deadlines_remove(&rc->link);
    rc->closing = true;
    io_uring_prep_cancel_fd(ring_sqe(l, NULL, RING_IGNORE), rc->conn.fd, IORING_ASYNC_CANCEL_ALL);
}

/* Submits what the connection asks for next; once the stop is seen, one
 * left idle is closed. */
static void advance(struct ring_loop *l, struct ring_conn *rc, int64_t old_deadline_ms)
{
    struct conn *c = &rc->conn;
    const struct conn_io *io = conn_next_io(c);
    if (io->op == CONN_IO_CLOSE) {
        finish(l, rc);
        return;
    }
    if (l->stop_seen && conn_is_idle(c)) {
        drop(l, rc);
        return;
    }
    deadlines_update(&l->deadlines, &rc->link, old_deadline_ms);
    ring_submit_io(l, rc, io);
}

/* Not calloc: zeroing each connection's 8 KiB request buffer took 6% of
 * the server's CPU time in close mode (perf). */
static void start_conn(struct ring_loop *l, int fd, int64_t accepted_ms)
{
    struct ring_conn *rc = xmalloc(sizeof *rc);
    conn_init(&rc->conn, fd, &l->srv->ctx, l->srv->opt.timeout_ms, accepted_ms);
    ring_conn_init(rc);
    stats_connection_begin();
    l->live++;
    deadlines_add(&l->deadlines, &rc->link, &rc->conn);
    advance(l, rc, rc->conn.deadline_ms);
}

static void conn_completion(struct ring_loop *l, struct ring_conn *rc, enum ring_op op, int res)
{
    if (op != RING_STAGE)
        rc->inflight--;
    if (rc->closing) {
        if (rc->inflight == 0)
            finish(l, rc);
        return;
    }
    int result = ring_io_result(l, rc, op, res);
    if (result == RING_PENDING)
        return;
    int64_t deadline = rc->conn.deadline_ms;
    conn_io_done(&rc->conn, result);
    advance(l, rc, deadline);
}

/* A new connection (the listener inherits TCP_NODELAY to it: see
 * ring_loop_run). Past --max-clients it waits for a slot; once stopping,
 * it is closed, as the backlog is. Out of descriptors, the accept stops
 * (no F_MORE) and is rearmed after a pause, as the event loop backs off. */
static void accepted(struct ring_loop *l, int res, unsigned flags)
{
    if (!(flags & IORING_CQE_F_MORE))
        l->accepting = l->accept_cancelled = false;
    if (res == -EINVAL) {
        fprintf(stderr, "searchserver-uring: this kernel's io_uring has no multishot accept (Linux 5.19)\n");
        exit(1);
    }
    if (res == -EMFILE || res == -ENFILE) {
        fprintf(stderr, "accept: %s\n", strerror(-res));
        nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
    }
    if (res < 0)
        return;
    if (server_stopping())
        close(res);
    else if (l->live < l->srv->opt.max_clients)
        start_conn(l, res, clock_ms());
    else
        wait_push(l, res, clock_ms());
}

static void completion(struct ring_loop *l, const struct io_uring_cqe *cqe)
{
    uint64_t data = io_uring_cqe_get_data64(cqe);
    enum ring_op op = (enum ring_op)(data & RING_OP_MASK);
    switch (op) {
    case RING_IGNORE:
        break;
    case RING_ACCEPT:
        accepted(l, cqe->res, cqe->flags);
        break;
    case RING_TIMER:
        l->timer_at = INT64_MAX;    /* fired (or moved and fired): rearmed by the turn */
        break;
    case RING_SIGNAL:
        if (cqe->res == (int)sizeof l->siginfo)
            server_stop();
        else                    /* not a signal (the read failed): read again */
            start_signal_read(l);
        break;
    default:
        conn_completion(l, (struct ring_conn *)(uintptr_t)(data & ~(uint64_t)RING_OP_MASK), op, cqe->res);
    }
}

/* The accept is armed while the server has room and is not stopping;
 * otherwise cancelled (those it takes meanwhile wait, or are closed). */
static void arm_accept(struct ring_loop *l)
{
    bool wanted = !server_stopping() && l->live < l->srv->opt.max_clients && l->waiting_count == 0;
    if (wanted && !l->accepting) {
        io_uring_prep_multishot_accept(ring_sqe(l, NULL, RING_ACCEPT), l->srv->listen_fd, NULL, NULL,
                                       SOCK_NONBLOCK | SOCK_CLOEXEC);
        l->accepting = true;
    } else if (!wanted && l->accepting && !l->accept_cancelled) {
        io_uring_prep_cancel64(ring_sqe(l, NULL, RING_IGNORE), RING_ACCEPT, 0);
        l->accept_cancelled = true;
    }
}

/* The timer is set for the earliest deadline whenever that is sooner than
 * the one it is set for (an update of the armed timer, or a new one). */
static void arm_timer(struct ring_loop *l)
{
    int64_t first = deadlines_earliest(&l->deadlines);
    if (first >= l->timer_at)
        return;
    l->timer_ts = (struct __kernel_timespec){ first / 1000, first % 1000 * 1000000 };
    if (l->timer_at == INT64_MAX)
        io_uring_prep_timeout(ring_sqe(l, NULL, RING_TIMER), &l->timer_ts, 0, IORING_TIMEOUT_ABS);
    else
        io_uring_prep_timeout_update(ring_sqe(l, NULL, RING_IGNORE), &l->timer_ts, RING_TIMER,
                                     IORING_TIMEOUT_ABS);
    l->timer_at = first;
}

static void drop_if_idle(struct deadline_link *link, void *arg)
{
    if (conn_is_idle(link->conn))
        drop(arg, conn_of(link));
}

/* Once stopping: the connections waiting for a slot are closed unserved,
 * the idle ones dropped (then each as it becomes idle: advance). */
static void see_stop(struct ring_loop *l)
{
    l->stop_seen = true;
    while (l->waiting_count > 0)
        close(wait_pop(l).fd);
    deadlines_each(&l->deadlines, drop_if_idle, l);
}

static void expire(struct ring_loop *l, int64_t now)
{
    struct deadline_link *link;
    while ((link = deadlines_expired(&l->deadlines, now)) != NULL)
        drop(l, conn_of(link));
}

/* A turn: arm what is wanted, submit everything and wait for a completion
 * in one call, handle every completion there is. */
static void turn(struct ring_loop *l)
{
    struct io_uring_cqe *cqe;
    unsigned head, n = 0;
    arm_accept(l);
    arm_timer(l);
    int err = io_uring_submit_and_wait_timeout(&l->ring, &cqe, 1, NULL, NULL);
    /* EINTR: a signal other than the stop's; EAGAIN, EBUSY: the kernel is
     * short of room for completions until we take those there are. */
    if (err < 0 && err != -EINTR && err != -EAGAIN && err != -EBUSY) {
        fprintf(stderr, "searchserver-uring: io_uring_enter: %s\n", strerror(-err));
        exit(1);
    }
    io_uring_for_each_cqe(&l->ring, head, cqe) {
        completion(l, cqe);
        n++;
    }
    io_uring_cq_advance(&l->ring, n);
}

int ring_loop_run(struct server *srv, struct ring_loop *l)
{
    int one = 1;
    l->srv = srv;
    l->timer_at = INT64_MAX;
    /* Accepted sockets inherit TCP_NODELAY from the listener (server.c sets it per connection). */
    setsockopt(srv->listen_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    open_signal_fd(l);
    start_signal_read(l);
    while (!server_stopping() || l->live > 0) {
        turn(l);
        if (server_stopping() && !l->stop_seen)
            see_stop(l);
        expire(l, clock_ms());
    }
    io_uring_queue_exit(&l->ring);
    close(l->signal_fd);
    ring_pools_free(l);
    free(l->waiting);
    return server_finish(srv);
}
