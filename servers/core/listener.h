/* listener.h: a listening socket, for server.c (the server's own) and listener.c (more on its port). */
#ifndef LISTENER_H
#define LISTENER_H

#include <stdbool.h>
#include <sys/socket.h>

/* A non-blocking, close-on-exec socket listening on addr; -1 (errno) on
 * failure. SO_REUSEPORT only when asked: on every listener it would let a
 * second server share a port in use instead of failing. */
int listener_open(const struct sockaddr *addr, socklen_t len, bool reuseport);

#endif
