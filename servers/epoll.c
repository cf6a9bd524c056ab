/* epoll.c: one thread, many connections, readiness from epoll.
 * The same event loop as select.c; only the backend differs. The kernel
 * keeps the interest list, so a wait costs O(ready), not O(watched), and
 * there is no FD_SETSIZE ceiling. This file is the epoll backend and nothing else. */
#include "eventloop.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

enum { EPOLL_BATCH = 256 };

struct epoll_state {
    int epfd;
    struct epoll_event ready[EPOLL_BATCH];
};

static void *epoll_backend_create(void)
{
    struct epoll_state *s = malloc(sizeof *s);
    if (s && (s->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
        free(s);
        s = NULL;
    }
    return s;
}

/* Level-triggered, like select: a connection that still has bytes to read
 * is reported again, so the loop need not drain every socket at once. */
static int epoll_backend_watch(void *state, int fd, int old_events, int new_events)
{
    struct epoll_state *s = state;
    struct epoll_event ev = {
        .events = (new_events & EV_READ ? EPOLLIN : 0) | (new_events & EV_WRITE ? EPOLLOUT : 0),
        .data.fd = fd,
    };
    int op = old_events == 0 ? EPOLL_CTL_ADD : new_events == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
    return epoll_ctl(s->epfd, op, fd, &ev);
}

/* epoll_pwait, not epoll_wait: it lets SIGTERM in only during the wait (see server.c). */
static int epoll_backend_wait(void *state, int timeout_ms, const sigset_t *mask,
                              struct poller_event *events, int max)
{
    struct epoll_state *s = state;
    int n = epoll_pwait(s->epfd, s->ready, max < EPOLL_BATCH ? max : EPOLL_BATCH, timeout_ms, mask);
    for (int i = 0; i < n; i++) {
        uint32_t e = s->ready[i].events;
        /* Errors and hang-ups are delivered as readiness: the read or write
         * that follows sees them and closes the connection. */
        events[i] = (struct poller_event){
            s->ready[i].data.fd,
            (e & (EPOLLIN | EPOLLERR | EPOLLHUP) ? EV_READ : 0) | (e & EPOLLOUT ? EV_WRITE : 0),
        };
    }
    return n;
}

static void epoll_backend_destroy(void *state)
{
    struct epoll_state *s = state;
    close(s->epfd);
    free(s);
}

static const struct poller_backend epoll_backend = {
    "epoll", INT_MAX, epoll_backend_create, epoll_backend_watch, epoll_backend_wait,
    epoll_backend_destroy,
};

int main(int argc, char **argv)
{
    struct server srv;
    server_init(&srv, "epoll", argc, argv);
    return event_loop_run(&srv, &epoll_backend);
}
