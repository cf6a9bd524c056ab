/* epoll.c: the event loop (servers/core/eventloop.c) over its epoll() backend
 * (servers/core/poller_epoll.c): one thread, non-blocking sockets. */
#include "eventloop.h"

int main(int argc, char **argv)
{
    return event_loop_main(argc, argv, &epoll_backend);
}
