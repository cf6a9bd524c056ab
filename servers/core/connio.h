/* connio.h: a connection's system calls, for the variants that wait for
 * readiness: the blocking ones (poll on one descriptor) and the event loops
 * (select, epoll). The state machine (conn.h) says what I/O comes next;
 * these perform it on the non-blocking socket with read, sendmsg, sendfile
 * and shutdown. A completion-based driver (io_uring) would submit the same
 * struct conn_io to the kernel instead, and pass each result to conn_io_done. */
#ifndef CONNIO_H
#define CONNIO_H

#include "conn.h"

/* Performs io once on the socket fd. Returns the bytes moved, 0 at the end
 * of the client's input, or -errno: -EAGAIN when it would block. */
ssize_t conn_io_perform(int fd, const struct conn_io *io);

enum conn_wait {
    CONN_WAIT_READABLE,         /* the socket has nothing more to read yet */
    CONN_WAIT_WRITABLE,         /* the socket takes no more bytes yet */
    CONN_FINISHED,              /* the connection is over: conn_close it */
};

/* Runs the connection until its next I/O would block; says what it waits for. */
enum conn_wait conn_run(struct conn *c);

#endif
