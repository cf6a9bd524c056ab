/* connio.c: performing a connection's I/O with system calls (see connio.h). */
#include "connio.h"

#include <errno.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

/* MSG_NOSIGNAL: a client that hung up gives EPIPE, not SIGPIPE. sendfile
 * moves a copy of the offset: the state machine counts what went out. */
static ssize_t perform_once(int fd, const struct conn_io *io)
{
    switch (io->op) {
    case CONN_IO_RECV:
        return read(fd, io->buf, io->len);
    case CONN_IO_SEND: {
        struct msghdr msg = { .msg_iov = (struct iovec *)io->iov, .msg_iovlen = (size_t)io->iovcnt };
        return sendmsg(fd, &msg, MSG_NOSIGNAL | io->flags);
    }
    case CONN_IO_SENDFILE: {
        off_t offset = io->offset;
        return sendfile(fd, io->file_fd, &offset, io->len);
    }
    case CONN_IO_SHUTDOWN:
        return shutdown(fd, SHUT_WR);
    case CONN_IO_CLOSE:
        break;                  /* the driver closes: conn_close */
    }
    return 0;
}

/* EINTR: a signal handler ran before anything was moved; try again. */
ssize_t conn_io_perform(int fd, const struct conn_io *io)
{
    ssize_t n;
    do
        n = perform_once(fd, io);
    while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

enum conn_wait conn_run(struct conn *c)
{
    for (;;) {
        const struct conn_io *io = conn_next_io(c);
        if (io->op == CONN_IO_CLOSE)
            return CONN_FINISHED;
        ssize_t result = conn_io_perform(c->fd, io);
        if (result == -EAGAIN)
            return io->op == CONN_IO_RECV ? CONN_WAIT_READABLE : CONN_WAIT_WRITABLE;
        conn_io_done(c, result);
    }
}
