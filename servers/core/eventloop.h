/* eventloop.h: one thread serving many connections, driven by readiness.
 *
 * As in redis' ae.c, the loop is written once and the readiness mechanism is
 * a small backend interface: poller_select.c and poller_epoll.c each
 * implement these functions and nothing else, so diffing them shows exactly
 * what differs. A loop keeps all of its state in its own struct, so a
 * process may run several, one a thread (searchserver-reuseport). */
#ifndef EVENTLOOP_H
#define EVENTLOOP_H

#include "server.h"

#include <signal.h>

enum { EV_READ = 1, EV_WRITE = 2 };

/* One wait reports at most this many ready descriptors. */
enum { POLLER_MAX_EVENTS = 256 };

struct poller_event {
    int fd;
    int events;                 /* EV_READ | EV_WRITE */
};

struct poller_backend {
    const char *name;
    /* Descriptors at or above this cannot be watched (FD_SETSIZE for select). */
    int fd_limit;
    void *(*create)(void);
    /* Changes the interest in fd from old_events to new_events (0 = none). */
    int (*watch)(void *state, int fd, int old_events, int new_events);
    /* Waits up to timeout_ms (-1: with no limit) with the signal mask `mask`
     * in force during the wait only (NULL: the thread's own mask), and fills
     * events[]. Returns how many, or -1 (EINTR). */
    int (*wait)(void *state, int timeout_ms, const sigset_t *mask,
                struct poller_event events[POLLER_MAX_EVENTS]);
    void (*destroy)(void *state);
};

extern const struct poller_backend select_backend, epoll_backend;

/* What one loop serves. */
struct loop_config {
    struct server *srv;
    const struct poller_backend *backend;
    int listen_fd;              /* the listening socket it accepts from */
    int max_clients;            /* its bound on connections served at once */
    int wake_fd;                /* readable once the server stops, or -1 (see wait_mask) */
    /* The signal mask of its waits: the stop signals let in (the main
     * thread), or NULL: kept blocked, the stop seen through wake_fd. */
    const sigset_t *wait_mask;
};

/* Serves until the server stops and the loop's connections have ended. */
void event_loop_serve(const struct loop_config *cfg);

/* The one loop of a process: event_loop_serve on the server's listener, then
 * server_finish; returns the exit status. */
int event_loop_run(struct server *srv, const struct poller_backend *backend);

/* The main program of an event-loop variant: server_init (the variant is
 * named after its backend), then event_loop_run. */
int event_loop_main(int argc, char **argv, const struct poller_backend *backend);

#endif
