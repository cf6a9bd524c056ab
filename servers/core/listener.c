/* listener.c: listening sockets: one on an address, and more on the port of
 * the server's own, for searchserver-reuseport (SO_REUSEPORT). */
#include "listener.h"
#include "server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The backlog is large; somaxconn caps it. */
int listener_open(const struct sockaddr *addr, socklen_t len, bool reuseport)
{
    int one = 1;
    int fd = socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
        || (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0)
        || bind(fd, addr, len) < 0 || listen(fd, 4096) < 0) {
        if (fd >= 0) {
            int err = errno;
            close(fd);
            errno = err;
        }
        return -1;
    }
    return fd;
}

int server_listen_more(const struct server *srv)
{
    struct sockaddr_storage sa;
    socklen_t len = sizeof sa;
    int fd = -1;
    if (getsockname(srv->listen_fd, (struct sockaddr *)&sa, &len) == 0)
        fd = listener_open((struct sockaddr *)&sa, len, srv->reuseport);
    if (fd < 0) {
        fprintf(stderr, "searchserver-%s: cannot add a listener: %s\n", srv->variant, strerror(errno));
        exit(1);
    }
    return fd;
}
