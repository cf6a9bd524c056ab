/* conn.c: the per-connection state machine shared by every variant. It
 * decides what I/O comes next and what a result means; it makes no system
 * call on the socket (connio.c and the drivers do). */
#include "conn.h"
#include "server.h"
#include "stats.h"

#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Bounds one sendfile call, so that a 16 MiB file does not monopolise an
 * event loop when the socket buffer happens to be large. */
enum { SENDFILE_CHUNK = 1 << 20 };

int64_t clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void conn_init(struct conn *c, int fd, const struct handler_ctx *ctx, int timeout_ms,
               int64_t accepted_ms)
{
    c->fd = fd;
    c->state = CONN_READING;
    c->ctx = ctx;
    c->timeout_ms = timeout_ms;
    c->deadline_ms = accepted_ms + timeout_ms;
    c->unread_input = false;
    c->in_len = c->scanned_len = c->head_len = 0;
    response_init(&c->res);
}

/* RFC 9112 section 9.3: HTTP/1.1 is persistent unless either side says
 * close; HTTP/1.0 only when the client asks for keep-alive. */
static bool wants_keep_alive(const struct http_request *req)
{
    if (http_header_has_token(req, "connection", "close"))
        return false;
    return req->minor_version >= 1 || http_header_has_token(req, "connection", "keep-alive");
}

/* The response is built whole before its first byte is sent. */
static void begin_writing(struct conn *c)
{
    response_finish(&c->res);
    stats_request(c->res.status);
    c->state = CONN_WRITING;
}

static void start_response(struct conn *c, int parsed)
{
    struct response *res = &c->res;
    int status = parsed > 0 ? http_check_framing(&c->req) : c->req.error_status;
    if (status != 0) {
        /* After a malformed head the stream cannot be trusted: answer, then close. */
        handle_error(res, status);
        res->close = c->unread_input = true;
        c->head_len = c->in_len;
    } else {
        handle_request(c->ctx, &c->req, res);
        bool body = http_has_body(&c->req);
        res->close = body || !wants_keep_alive(&c->req) || server_stopping();
        res->keep_alive_http10 = !res->close && c->req.minor_version == 0;
        c->unread_input = body;
        c->head_len = (size_t)parsed;
    }
    begin_writing(c);
}

/* Answers the request in the buffer if it is whole; else waits for more. */
static void take_request(struct conn *c)
{
    int parsed = http_parse_request(c->in, c->in_len, c->scanned_len, &c->req);
    if (parsed == HTTP_INCOMPLETE) {
        c->scanned_len = c->in_len;
        c->state = CONN_READING;
    } else {
        start_response(c, parsed);
    }
}

/* After a response: drop its request from the buffer (a pipelined request
 * may follow it) and give the client a fresh deadline for the next one. */
static void finish_response(struct conn *c)
{
    memmove(c->in, c->in + c->head_len, c->in_len - c->head_len);
    c->in_len -= c->head_len;
    c->scanned_len = c->head_len = 0;
    response_reset(&c->res);
    c->deadline_ms = clock_ms() + c->timeout_ms;
    take_request(c);
}

/* Closing a socket whose receive queue still holds data makes the kernel send
 * RST, which can destroy the response before the client reads it. So when we
 * leave input unread (a body, a malformed request), we shut down our sending
 * side and discard input until the client closes or a short deadline passes
 * (LINGER_MS, or the timeout if shorter): a lingering close, as a state of
 * its own so an event loop never blocks. */
enum { LINGER_MS = 1000 };

static void start_linger(struct conn *c)
{
    c->state = CONN_LINGERING;
    c->deadline_ms = clock_ms() + (LINGER_MS < c->timeout_ms ? LINGER_MS : c->timeout_ms);
}

static size_t body_len(const struct response *res)
{
    return res->head_only ? 0 : res->body.len;
}

static off_t file_left(const struct response *res)
{
    return res->file_fd >= 0 && !res->head_only ? res->file_size - res->file_offset : 0;
}

static bool all_sent(const struct response *res)
{
    return res->sent == res->head.len + body_len(res) && file_left(res) == 0;
}

/* What is left of the head and the in-memory body, as iovecs: how many. */
static int buffers_left(const struct response *res, struct iovec iov[2])
{
    int n = 0;
    if (res->sent < res->head.len)
        iov[n++] = (struct iovec){ res->head.data + res->sent, res->head.len - res->sent };
    size_t body_sent = res->sent > res->head.len ? res->sent - res->head.len : 0;
    if (body_sent < body_len(res))
        iov[n++] = (struct iovec){ res->body.data + body_sent, body_len(res) - body_sent };
    return n;
}

/* Head and in-memory body go out together in one sendmsg. When a file
 * follows, MSG_MORE tells TCP to hold the head back until sendfile adds the
 * file's bytes: sent apart, the head would leave as its own small segment,
 * and on a keep-alive connection the file's first segment could then wait
 * for the client's delayed ACK (40 ms on Linux): Nagle's algorithm. Once
 * all is sent, WRITING goes on only to shut our side down before lingering. */
static void next_send(struct conn *c, struct conn_io *io)
{
    off_t file = file_left(&c->res);
    io->iovcnt = buffers_left(&c->res, io->iov);
    if (io->iovcnt > 0) {
        io->op = CONN_IO_SEND;
        io->flags = file > 0 ? MSG_MORE : 0;
    } else if (file > 0) {
        io->op = CONN_IO_SENDFILE;
        io->file_fd = c->res.file_fd;
        io->offset = c->res.file_offset;
        io->len = file < SENDFILE_CHUNK ? (size_t)file : SENDFILE_CHUNK;
    } else {
        io->op = CONN_IO_SHUTDOWN;
    }
}

/* In LINGERING the request buffer is free: input is read into it and forgotten. */
const struct conn_io *conn_next_io(struct conn *c)
{
    struct conn_io *io = &c->io;
    switch (c->state) {
    case CONN_READING:
        io->op = CONN_IO_RECV;
        io->buf = c->in + c->in_len;
        io->len = sizeof c->in - c->in_len;     /* > 0: a full buffer is a 431 */
        break;
    case CONN_WRITING:
        next_send(c, io);
        break;
    case CONN_LINGERING:
        io->op = CONN_IO_RECV;
        io->buf = c->in;
        io->len = sizeof c->in;
        break;
    case CONN_CLOSED:
        io->op = CONN_IO_CLOSE;
        break;
    }
    return io;
}

/* n bytes of the response went out (n <= 0: an error, or sendfile found the
 * file shorter than the Content-Length we sent, which is then a lie). A
 * slow reader is dropped only when it stops reading: progress moves the
 * deadline. When all is sent: keep-alive, close, or shut down and linger. */
static void sent(struct conn *c, ssize_t n)
{
    if (c->io.op == CONN_IO_SHUTDOWN) {
        start_linger(c);
        return;
    }
    if (n <= 0) {
        c->state = CONN_CLOSED;
        return;
    }
    stats_bytes((uint64_t)n);
    if (c->io.op == CONN_IO_SENDFILE)
        c->res.file_offset += n;
    else
        c->res.sent += (size_t)n;
    if (!all_sent(&c->res))
        c->deadline_ms = clock_ms() + c->timeout_ms;
    else if (!c->res.close)
        finish_response(c);
    else if (!c->unread_input)
        c->state = CONN_CLOSED;
}

/* Reads do not move the deadline: a client sending a byte at a time is
 * still dropped when the deadline for its whole request passes. */
void conn_io_done(struct conn *c, ssize_t result)
{
    switch (c->state) {
    case CONN_READING:
        if (result <= 0) {              /* the client closed, or an error */
            c->state = CONN_CLOSED;
            return;
        }
        c->in_len += (size_t)result;
        take_request(c);
        break;
    case CONN_WRITING:
        sent(c, result);
        break;
    case CONN_LINGERING:
        if (result <= 0)                /* the client's EOF (or an error): done */
            c->state = CONN_CLOSED;
        break;
    case CONN_CLOSED:
        break;
    }
}

void conn_refuse(struct conn *c, int status)
{
    handle_error(&c->res, status);
    c->res.close = true;
    begin_writing(c);
}

bool conn_is_idle(const struct conn *c)
{
    return c->state == CONN_LINGERING || (c->state == CONN_READING && c->in_len == 0);
}

/* A response in progress moves the deadline forward (a slow reader is
 * dropped only when it stops reading), so without the stop's bound a client
 * reading a large file slowly could hold a stopping server for good. */
int64_t conn_deadline(const struct conn *c)
{
    int64_t stop = server_stop_started_ms();
    if (stop != 0 && stop + c->timeout_ms < c->deadline_ms)
        return stop + c->timeout_ms;
    return c->deadline_ms;
}

void conn_end(struct conn *c, bool expired)
{
    if (expired && server_stopping() && !conn_is_idle(c))
        stats_abandoned(1);
    response_free(&c->res);
    stats_connection_end();
}

void conn_close(struct conn *c)
{
    close(c->fd);
    conn_end(c, false);
}

void conn_expire(struct conn *c)
{
    close(c->fd);
    conn_end(c, true);
}
