/* eventloop.c: the single-threaded event loop over a poller backend. */
#include "eventloop.h"
#include "connio.h"
#include "deadlines.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

enum { ACCEPTS_PER_WAKEUP = 64 };

struct client {
    struct conn conn;
    struct deadline_link link;
};

struct loop {
    const struct loop_config *cfg;
    void *poller;
    struct client **clients;    /* indexed by descriptor */
    int *interest;              /* current EV_* interest per descriptor */
    int max_fds;
    int live;                   /* connections open */
    struct deadlines deadlines;
    bool stop_seen;             /* stopping, and the idle connections are closed */
};

static void loop_watch(struct loop *l, int fd, int events)
{
    if (l->interest[fd] != events && l->cfg->backend->watch(l->poller, fd, l->interest[fd], events) == 0)
        l->interest[fd] = events;
}

/* close_conn: conn_close, or conn_expire for a connection whose time ran out. */
static void drop(struct loop *l, struct client *cl, void (*close_conn)(struct conn *))
{
    int fd = cl->conn.fd;
    loop_watch(l, fd, 0);
    deadlines_remove(&cl->link);
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
    deadlines_update(&l->deadlines, &cl->link, deadline);
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
    const struct loop_config *cfg = l->cfg;
    for (int i = 0; i < ACCEPTS_PER_WAKEUP && l->live < cfg->max_clients; i++) {
        int fd = server_accept_from(cfg->listen_fd);
        if (fd < 0)
            return;
        struct client *cl = xmalloc(sizeof *cl);
        conn_init(&cl->conn, fd, &cfg->srv->ctx, cfg->srv->opt.timeout_ms, clock_ms());
        if (fd >= cfg->backend->fd_limit || fd >= l->max_fds) {
            refuse(cl);
            continue;
        }
        l->clients[fd] = cl;
        l->live++;
        deadlines_add(&l->deadlines, &cl->link, &cl->conn);
        advance(l, cl);
    }
}

/* The wake-up descriptor needs nothing: the loop looks at the stop flag next. */
static void dispatch(struct loop *l, const struct poller_event *ev)
{
    if (ev->fd == l->cfg->listen_fd)
        accept_clients(l);
    else if (ev->fd != l->cfg->wake_fd && l->clients[ev->fd] != NULL)
        advance(l, l->clients[ev->fd]);
}

static void drop_expired(struct loop *l, struct deadline_link *link)
{
    drop(l, deadline_owner(link, struct client, link), conn_expire);
}

/* Drops the connections whose time is up: the heads of the lists. */
static void expire(struct loop *l, int64_t now)
{
    struct deadline_link *link;
    while ((link = deadlines_expired(&l->deadlines, now)) != NULL)
        drop_expired(l, link);
}

/* How long the wait may last: until the earliest deadline, or, with no
 * connection open, until something happens (-1; a signal ends the wait). */
static int wait_ms(const struct loop *l, int64_t now)
{
    int64_t first = deadlines_earliest(&l->deadlines);
    if (first == INT64_MAX)
        return -1;
    return first <= now ? 0 : (int)(first - now);
}

static void drop_if_idle(struct deadline_link *link, void *arg)
{
    if (conn_is_idle(link->conn))
        drop_expired(arg, link);
}

/* Once stopping, idle connections are closed, since that loses nothing: all
 * of them when the stop is first seen, then each as it becomes idle
 * (advance). The wake-up descriptor stays readable: it is watched no more. */
static void see_stop(struct loop *l)
{
    l->stop_seen = true;
    deadlines_each(&l->deadlines, drop_if_idle, l);
    if (l->cfg->wake_fd >= 0)
        loop_watch(l, l->cfg->wake_fd, 0);
}

static void loop_init(struct loop *l, const struct loop_config *cfg)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    *l = (struct loop){ .cfg = cfg };
    l->max_fds = rl.rlim_cur < 1 << 20 ? (int)rl.rlim_cur : 1 << 20;
    l->clients = xcalloc((size_t)l->max_fds, sizeof *l->clients);
    l->interest = xcalloc((size_t)l->max_fds, sizeof *l->interest);
    l->poller = cfg->backend->create();
    if (l->poller == NULL || cfg->listen_fd >= cfg->backend->fd_limit || cfg->wake_fd >= cfg->backend->fd_limit) {
        fprintf(stderr, "searchserver-%s: cannot set up the event loop\n", cfg->srv->variant);
        exit(1);
    }
    if (cfg->wake_fd >= 0)
        loop_watch(l, cfg->wake_fd, EV_READ);
}

/* At its --max-clients share, or once stopping, the listening socket is not
 * watched: new clients wait in the backlog, as they do for the blocking variants. */
static void watch_listener(struct loop *l)
{
    bool accepting = !server_stopping() && l->live < l->cfg->max_clients;
    loop_watch(l, l->cfg->listen_fd, accepting ? EV_READ : 0);
}

/* now, the loop's clock, is read once a turn, after the events: the expiry
 * and the next wait's timeout both count from it. */
void event_loop_serve(const struct loop_config *cfg)
{
    struct loop l;
    struct poller_event events[POLLER_MAX_EVENTS];
    int64_t now = clock_ms();

    loop_init(&l, cfg);
    while (!server_stopping() || l.live > 0) {
        watch_listener(&l);
        int n = cfg->backend->wait(l.poller, wait_ms(&l, now), cfg->wait_mask, events);
        for (int i = 0; i < n; i++)
            dispatch(&l, &events[i]);
        if (server_stopping() && !l.stop_seen)
            see_stop(&l);
        now = clock_ms();
        expire(&l, now);
    }
    cfg->backend->destroy(l.poller);
    free(l.clients);
    free(l.interest);
}

int event_loop_run(struct server *srv, const struct poller_backend *backend)
{
    struct loop_config cfg = { srv, backend, srv->listen_fd, srv->opt.max_clients, -1, &srv->wait_mask };
    event_loop_serve(&cfg);
    return server_finish(srv);
}

int event_loop_main(int argc, char **argv, const struct poller_backend *backend)
{
    struct server srv;
    server_init(&srv, backend->name, argc, argv);
    return event_loop_run(&srv, backend);
}
