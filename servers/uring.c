/* uring.c: one thread, completions instead of readiness (io_uring). Where
 * the event loops ask the kernel "which sockets are ready?" and then make
 * the system calls themselves, this variant hands the kernel the I/O itself
 * (accept, receive, send, a file through a pipe) in a shared ring and is
 * told when each is done: system calls are batched, one io_uring_enter a
 * turn submits every request the turn made and waits for the next
 * completions (servers/core/ringloop.c, ringio.c).
 *
 * searchserver-uring --probe sets up a ring and exits: 0 if this machine
 * can run the variant, else 1 with the one line that says why (the harness
 * and the tests skip it then). */
#include "ring.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    static struct ring_loop loop;
    struct server srv;
    int err = ring_open(&loop.ring);
    if (err < 0) {
        fprintf(stderr, "searchserver-uring: io_uring is not available here: %s"
                        " (it needs Linux 5.19 or later, and kernel.io_uring_disabled=0)\n", strerror(-err));
        return 1;
    }
    if (argc == 2 && strcmp(argv[1], "--probe") == 0)
        return 0;
    server_init(&srv, "uring", argc, argv);
    return ring_loop_run(&srv, &loop);
}
