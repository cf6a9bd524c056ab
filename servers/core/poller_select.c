/* poller_select.c: the event loop's readiness from select() (CS:APP's echoservers.c
 * without its weaknesses: the connection state machine never blocks, so a
 * slow client stalls only itself). select() is handed every watched
 * descriptor on every call and scans them all, and it cannot watch one at or
 * above FD_SETSIZE. This file is the select() backend and nothing else. */
#include "eventloop.h"

#include <stdlib.h>
#include <sys/select.h>

/* select() rebuilds its sets on every call, so we keep the master copies. */
struct poller_state {
    fd_set readers, writers;
    int max_fd;                 /* highest descriptor watched, or -1 */
};

static void *poller_create(void)
{
    struct poller_state *s = xmalloc(sizeof *s);
    FD_ZERO(&s->readers);
    FD_ZERO(&s->writers);
    s->max_fd = -1;
    return s;
}

/* fd < FD_SETSIZE is guaranteed by the loop (fd_limit): FD_SET on a larger
 * descriptor would write past the end of the fd_set. */
static int poller_watch(void *state, int fd, int old_events, int new_events)
{
    struct poller_state *s = state;
    (void)old_events;
    FD_CLR(fd, &s->readers);
    FD_CLR(fd, &s->writers);
    if (new_events & EV_READ)
        FD_SET(fd, &s->readers);
    if (new_events & EV_WRITE)
        FD_SET(fd, &s->writers);
    if (new_events && fd > s->max_fd)
        s->max_fd = fd;
    while (s->max_fd >= 0 && !FD_ISSET(s->max_fd, &s->readers) && !FD_ISSET(s->max_fd, &s->writers))
        s->max_fd--;
    return 0;
}

/* pselect, not select: it lets SIGTERM in only during the wait (see server.c);
 * with no mask, the thread keeps its own. */
static int poller_wait(void *state, int timeout_ms, const sigset_t *mask,
                       struct poller_event events[POLLER_MAX_EVENTS])
{
    struct poller_state *s = state;
    fd_set readable = s->readers, writable = s->writers;
    struct timespec timeout = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000L };
    int ready = pselect(s->max_fd + 1, &readable, &writable, NULL,
                        timeout_ms < 0 ? NULL : &timeout, mask);
    int n = 0;
    for (int fd = 0; ready > 0 && fd <= s->max_fd && n < POLLER_MAX_EVENTS; fd++) {
        int ev = (FD_ISSET(fd, &readable) ? EV_READ : 0) | (FD_ISSET(fd, &writable) ? EV_WRITE : 0);
        if (ev)
            events[n++] = (struct poller_event){ fd, ev };
    }
    return ready < 0 ? -1 : n;
}

static void poller_destroy(void *state)
{
    free(state);
}

const struct poller_backend select_backend = {
    "select", FD_SETSIZE, poller_create, poller_watch, poller_wait, poller_destroy,
};
