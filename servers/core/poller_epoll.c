/* poller_epoll.c: the event loop's readiness from epoll. The kernel keeps the
 * interest list, so a wait costs O(ready), not O(watched), and there is no
 * FD_SETSIZE ceiling: the same loop as poller_select.c, only the backend differs.
 * This file is the epoll backend and nothing else. */
#include "eventloop.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

/* The kernel keeps the interest list: we keep its descriptor, and room
 * for what a wait reports. */
struct poller_state {
    int epfd;
    struct epoll_event ready[POLLER_MAX_EVENTS];
};

static void *poller_create(void)
{
    struct poller_state *s = xmalloc(sizeof *s);
    if ((s->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* Level-triggered, like select: a connection that still has bytes to read
 * is reported again, so the loop need not drain every socket at once. */
static int poller_watch(void *state, int fd, int old_events, int new_events)
{
    struct poller_state *s = state;
    struct epoll_event ev = {
        .events = (new_events & EV_READ ? EPOLLIN : 0) | (new_events & EV_WRITE ? EPOLLOUT : 0),
        .data.fd = fd,
    };
    int op = old_events == 0 ? EPOLL_CTL_ADD : new_events == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
    return epoll_ctl(s->epfd, op, fd, &ev);
}

/* epoll_pwait, not epoll_wait: it lets SIGTERM in only during the wait (see
 * server.c); with no mask (a loop thread of reuseport) it is epoll_wait. */
static int poller_wait(void *state, int timeout_ms, const sigset_t *mask,
                       struct poller_event events[POLLER_MAX_EVENTS])
{
    struct poller_state *s = state;
    int n = epoll_pwait(s->epfd, s->ready, POLLER_MAX_EVENTS, timeout_ms, mask);
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

static void poller_destroy(void *state)
{
    struct poller_state *s = state;
    close(s->epfd);
    free(s);
}

const struct poller_backend epoll_backend = {
    "epoll", INT_MAX, poller_create, poller_watch, poller_wait, poller_destroy,
};
