/* select.c: the event loop (servers/core/eventloop.c) over its select() backend
 * (servers/core/poller_select.c): one thread, non-blocking sockets. */
#include "eventloop.h"

int main(int argc, char **argv)
{
    return event_loop_main(argc, argv, &select_backend);
}
