/* eventloop.c: the single-threaded event loop over a poller backend. */
#include "eventloop.h"
#include "connio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* The wait never lasts longer than this, so timeouts are checked at least
 * this often: the poll timeout is the loop's clock. */
enum { SWEEP_MS = 100, MAX_EVENTS = 256, ACCEPTS_PER_WAKEUP = 64 };

struct loop {
    struct server *srv;
    const struct poller_backend *backend;
    void *poller;
    struct conn **conns;        /* indexed by descriptor */
    int *interest;              /* current EV_* interest per descriptor */
    int max_fds;
    int live;                   /* connections open */
};

static void loop_watch(struct loop *l, int fd, int events)
{
    if (l->interest[fd] != events && l->backend->watch(l->poller, fd, l->interest[fd], events) == 0)
        l->interest[fd] = events;
}

/* close_conn: conn_close, or conn_expire for a connection whose time ran out. */
static void drop(struct loop *l, struct conn *c, void (*close_conn)(struct conn *))
{
    int fd = c->fd;
    loop_watch(l, fd, 0);
    close_conn(c);
    free(c);
    l->conns[fd] = NULL;
    l->live--;
}

/* Runs a connection as far as it goes without blocking, then watches for
 * what it waits for next. */
static void advance(struct loop *l, struct conn *c)
{
    enum conn_wait want = conn_run(c);
    if (want == CONN_FINISHED)
        drop(l, c, conn_close);
    else
        loop_watch(l, c->fd, want == CONN_WAIT_READABLE ? EV_READ : EV_WRITE);
}

/* A connection we cannot watch (its descriptor is too large for the
 * backend) gets a 503, sent without waiting: if the socket will not take it
 * at once, the client simply sees the close. */
static void refuse(struct conn *c)
{
    conn_refuse(c, 503);
    conn_run(c);
    conn_close(c);
    free(c);
}

static void accept_clients(struct loop *l)
{
    for (int i = 0; i < ACCEPTS_PER_WAKEUP && l->live < l->srv->opt.max_clients; i++) {
        int fd = server_accept_ready(l->srv);
        if (fd < 0)
            return;
        struct conn *c = xmalloc(sizeof *c);
        conn_init(c, fd, &l->srv->ctx, l->srv->opt.timeout_ms, clock_ms());
        if (fd >= l->backend->fd_limit || fd >= l->max_fds) {
            refuse(c);
            continue;
        }
        l->conns[fd] = c;
        l->live++;
        advance(l, c);
    }
}

/* Drops connections whose deadline has passed and, once stopping, the idle
 * ones: a linear sweep, SWEEP_MS apart. */
static void sweep(struct loop *l)
{
    int64_t now = clock_ms();
    bool stopping = server_stopping();
    for (int fd = 0; fd < l->max_fds; fd++) {
        struct conn *c = l->conns[fd];
        if (c && (now >= conn_deadline(c) || (stopping && conn_is_idle(c))))
            drop(l, c, conn_expire);
    }
}

static void dispatch(struct loop *l, const struct poller_event *ev)
{
    if (ev->fd == l->srv->listen_fd)
        accept_clients(l);
    else if (l->conns[ev->fd] != NULL)
        advance(l, l->conns[ev->fd]);
}

static void loop_init(struct loop *l, struct server *srv, const struct poller_backend *backend)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    l->srv = srv;
    l->backend = backend;
    l->max_fds = rl.rlim_cur < 1 << 20 ? (int)rl.rlim_cur : 1 << 20;
    l->conns = xcalloc((size_t)l->max_fds, sizeof *l->conns);
    l->interest = xcalloc((size_t)l->max_fds, sizeof *l->interest);
    l->poller = backend->create();
    l->live = 0;
    if (l->poller == NULL || srv->listen_fd >= backend->fd_limit) {
        fprintf(stderr, "searchserver-%s: cannot set up the event loop\n", srv->variant);
        exit(1);
    }
}

/* At --max-clients, or once stopping, the listening socket is not watched:
 * new clients wait in the backlog, as they do for the blocking variants. */
static void watch_listener(struct loop *l)
{
    bool accepting = !server_stopping() && l->live < l->srv->opt.max_clients;
    loop_watch(l, l->srv->listen_fd, accepting ? EV_READ : 0);
}

int event_loop_run(struct server *srv, const struct poller_backend *backend)
{
    struct loop l;
    struct poller_event events[MAX_EVENTS];
    int64_t next_sweep = clock_ms() + SWEEP_MS;

    loop_init(&l, srv, backend);
    while (!server_stopping() || l.live > 0) {
        watch_listener(&l);
        int n = backend->wait(l.poller, SWEEP_MS, &srv->wait_mask, events, MAX_EVENTS);
        for (int i = 0; i < n; i++)
            dispatch(&l, &events[i]);
        if (clock_ms() >= next_sweep || server_stopping()) {
            sweep(&l);
            next_sweep = clock_ms() + SWEEP_MS;
        }
    }
    backend->destroy(l.poller);
    free(l.conns);
    free(l.interest);
    return server_finish(srv);
}
