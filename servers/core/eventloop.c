/* eventloop.c: the single-threaded event loop over a poller backend. */
#include "eventloop.h"
#include "connio.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

enum { ACCEPTS_PER_WAKEUP = 64 };

/* The deadline lists: connections reading or writing (--timeout-ms), and
 * those lingering (LINGER_MS, conn.c). */
enum { TIMEOUT_LIST, LINGER_LIST, LISTS };

/* Deadlines in time order, without sorting. Every connection has the same
 * timeout, and its deadline is only ever set to "now + that timeout" (at
 * accept, after each response, when a slow reader takes more bytes). So a
 * connection whose deadline moves goes to the tail of a list, and the list
 * stays in deadline order: expiry looks at the heads only, O(expired) rather
 * than a sweep over every connection, and the wait lasts until the earliest
 * head. The lingering close's shorter deadline (conn.c) gets a list of its
 * own for the same reason. (Timeouts of many lengths would need a heap.) */
struct deadlines {
    struct client *first, *last;
};

struct client {
    struct conn conn;
    struct deadlines *list;     /* the list it is on */
    struct client *prev, *next;
};

struct loop {
    struct server *srv;
    const struct poller_backend *backend;
    void *poller;
    struct client **clients;    /* indexed by descriptor */
    int *interest;              /* current EV_* interest per descriptor */
    int max_fds;
    int live;                   /* connections open */
    struct deadlines lists[LISTS];
    bool stop_seen;             /* stopping, and the idle connections are closed */
};

static void unlist(struct client *cl)
{
    struct deadlines *d = cl->list;
    *(cl->prev ? &cl->prev->next : &d->first) = cl->next;
    *(cl->next ? &cl->next->prev : &d->last) = cl->prev;
}

static void append(struct deadlines *d, struct client *cl)
{
    cl->list = d;
    cl->prev = d->last;
    cl->next = NULL;
    *(d->last ? &d->last->next : &d->first) = cl;
    d->last = cl;
}

static void loop_watch(struct loop *l, int fd, int events)
{
    if (l->interest[fd] != events && l->backend->watch(l->poller, fd, l->interest[fd], events) == 0)
        l->interest[fd] = events;
}

/* close_conn: conn_close, or conn_expire for a connection whose time ran out. */
static void drop(struct loop *l, struct client *cl, void (*close_conn)(struct conn *))
{
    int fd = cl->conn.fd;
    loop_watch(l, fd, 0);
    unlist(cl);
    close_conn(&cl->conn);
    free(cl);
    l->clients[fd] = NULL;
    l->live--;
}

/* Runs a connection as far as it goes without blocking, then watches for
 * what it waits for next. Once the stop is seen, one left idle is closed. */
static void advance(struct loop *l, struct client *cl)
{
    struct conn *c = &cl->conn;
    int64_t deadline = c->deadline_ms;
    enum conn_wait want = conn_run(c);
    if (want == CONN_FINISHED) {
        drop(l, cl, conn_close);
        return;
    }
    if (l->stop_seen && conn_is_idle(c)) {
        drop(l, cl, conn_expire);
        return;
    }
    if (c->deadline_ms != deadline) {
        unlist(cl);
        append(&l->lists[c->state == CONN_LINGERING ? LINGER_LIST : TIMEOUT_LIST], cl);
    }
    loop_watch(l, c->fd, want == CONN_WAIT_READABLE ? EV_READ : EV_WRITE);
}

/* A connection we cannot watch (its descriptor is too large for the
 * backend) gets a 503, sent without waiting: if the socket will not take it
 * at once, the client simply sees the close. */
static void refuse(struct client *cl)
{
    conn_refuse(&cl->conn, 503);
    conn_run(&cl->conn);
    conn_close(&cl->conn);
    free(cl);
}

static void accept_clients(struct loop *l)
{
    for (int i = 0; i < ACCEPTS_PER_WAKEUP && l->live < l->srv->opt.max_clients; i++) {
        int fd = server_accept_ready(l->srv);
        if (fd < 0)
            return;
        struct client *cl = xmalloc(sizeof *cl);
        conn_init(&cl->conn, fd, &l->srv->ctx, l->srv->opt.timeout_ms, clock_ms());
        if (fd >= l->backend->fd_limit || fd >= l->max_fds) {
            refuse(cl);
            continue;
        }
        l->clients[fd] = cl;
        l->live++;
        append(&l->lists[TIMEOUT_LIST], cl);
        advance(l, cl);
    }
}

static void dispatch(struct loop *l, const struct poller_event *ev)
{
    if (ev->fd == l->srv->listen_fd)
        accept_clients(l);
    else if (l->clients[ev->fd] != NULL)
        advance(l, l->clients[ev->fd]);
}

/* Drops the connections whose time is up: the heads of the lists. */
static void expire(struct loop *l, int64_t now)
{
    for (int i = 0; i < LISTS; i++)
        while (l->lists[i].first && now >= conn_deadline(&l->lists[i].first->conn))
            drop(l, l->lists[i].first, conn_expire);
}

/* How long the wait may last: until the earliest deadline, or, with no
 * connection open, until something happens (-1; a signal ends the wait). */
static int wait_ms(const struct loop *l, int64_t now)
{
    int64_t first = INT64_MAX;
    for (int i = 0; i < LISTS; i++)
        if (l->lists[i].first && conn_deadline(&l->lists[i].first->conn) < first)
            first = conn_deadline(&l->lists[i].first->conn);
    if (first == INT64_MAX)
        return -1;
    return first <= now ? 0 : (int)(first - now);
}

/* Once stopping, idle connections are closed, since that loses nothing: all
 * of them when the stop is first seen, then each as it becomes idle (advance). */
static void see_stop(struct loop *l)
{
    l->stop_seen = true;
    for (int i = 0; i < LISTS; i++)
        for (struct client *cl = l->lists[i].first, *next; cl != NULL; cl = next) {
            next = cl->next;
            if (conn_is_idle(&cl->conn))
                drop(l, cl, conn_expire);
        }
}

static void loop_init(struct loop *l, struct server *srv, const struct poller_backend *backend)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    *l = (struct loop){ .srv = srv, .backend = backend };
    l->max_fds = rl.rlim_cur < 1 << 20 ? (int)rl.rlim_cur : 1 << 20;
    l->clients = xcalloc((size_t)l->max_fds, sizeof *l->clients);
    l->interest = xcalloc((size_t)l->max_fds, sizeof *l->interest);
    l->poller = backend->create();
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

/* now, the loop's clock, is read once a turn, after the events: the expiry
 * and the next wait's timeout both count from it. */
int event_loop_run(struct server *srv, const struct poller_backend *backend)
{
    struct loop l;
    struct poller_event events[POLLER_MAX_EVENTS];
    int64_t now = clock_ms();

    loop_init(&l, srv, backend);
    while (!server_stopping() || l.live > 0) {
        watch_listener(&l);
        int n = backend->wait(l.poller, wait_ms(&l, now), &srv->wait_mask, events);
        for (int i = 0; i < n; i++)
            dispatch(&l, &events[i]);
        if (server_stopping() && !l.stop_seen)
            see_stop(&l);
        now = clock_ms();
        expire(&l, now);
    }
    backend->destroy(l.poller);
    free(l.clients);
    free(l.interest);
    return server_finish(srv);
}

int event_loop_main(int argc, char **argv, const struct poller_backend *backend)
{
    struct server srv;
    server_init(&srv, backend->name, argc, argv);
    return event_loop_run(&srv, backend);
}
