/* conn.c: the per-connection state machine shared by every variant. */
#include "conn.h"
#include "server.h"
#include "stats.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int64_t clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void conn_init(struct conn *c, int fd, int timeout_ms, int64_t accepted_ms)
{
    c->fd = fd;
    c->timeout_ms = timeout_ms;
    c->deadline_ms = accepted_ms + timeout_ms;
    c->writing = c->unread_input = c->lingering = false;
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

static void start_response(struct conn *c, const struct handler_ctx *ctx, int parsed)
{
    struct response *res = &c->res;
    int status = parsed > 0 ? http_check_framing(&c->req) : c->req.error_status;
    if (status != 0) {
        /* After a malformed head the stream cannot be trusted: answer, then close. */
        handle_error(res, status);
        res->close = c->unread_input = true;
        c->head_len = c->in_len;
    } else {
        handle_request(ctx, &c->req, res);
        bool body = http_has_body(&c->req);
        res->close = body || !wants_keep_alive(&c->req) || server_stopping();
        res->keep_alive_http10 = !res->close && c->req.minor_version == 0;
        c->unread_input = body;
        c->head_len = (size_t)parsed;
    }
    response_finish(res);
    stats_request(res->status);
    c->writing = true;
}

/* After a response: drop its request from the buffer (a pipelined request
 * may follow it) and give the client a fresh deadline for the next one. */
static void finish_response(struct conn *c)
{
    memmove(c->in, c->in + c->head_len, c->in_len - c->head_len);
    c->in_len -= c->head_len;
    c->scanned_len = c->head_len = 0;
    response_reset(&c->res);
    c->writing = false;
    c->deadline_ms = clock_ms() + c->timeout_ms;
}

/* Closing a socket whose receive queue still holds data makes the kernel send
 * RST, which can destroy the response before the client reads it. So when we
 * leave input unread (a body, a malformed request), we shut down our sending
 * side and discard input until the client closes or a short deadline passes:
 * a lingering close, as a state of its own so an event loop never blocks. */
enum { LINGER_MS = 1000 };

static void start_linger(struct conn *c)
{
    shutdown(c->fd, SHUT_WR);
    c->lingering = true;
    int64_t linger_end = clock_ms() + LINGER_MS;
    if (linger_end < c->deadline_ms)
        c->deadline_ms = linger_end;
}

static enum conn_want discard_input(struct conn *c)
{
    char sink[4096];
    ssize_t n;
    while ((n = read(c->fd, sink, sizeof sink)) > 0 || (n < 0 && errno == EINTR))
        ;
    return n < 0 && errno == EAGAIN ? CONN_WANT_READ : CONN_CLOSE;
}

static enum conn_want advance_write(struct conn *c)
{
    size_t written;
    enum io_result r = response_write(&c->res, c->fd, &written);
    stats_bytes(written);
    if (written > 0)    /* a slow reader is dropped only when it stops reading */
        c->deadline_ms = clock_ms() + c->timeout_ms;
    if (r == IO_AGAIN)
        return CONN_WANT_WRITE;
    if (r == IO_ERROR)
        return CONN_CLOSE;
    if (c->res.close && !c->unread_input)
        return CONN_CLOSE;
    if (c->res.close)
        start_linger(c);
    else
        finish_response(c);
    return CONN_WANT_READ;
}

/* Reads what is available; CONN_WANT_READ means "nothing more yet". The
 * deadline is not moved by reads: a client sending a byte at a time is still
 * dropped when the deadline for its whole request passes. */
static enum conn_want advance_read(struct conn *c, bool *got_bytes)
{
    ssize_t n;
    do
        n = read(c->fd, c->in + c->in_len, sizeof c->in - c->in_len);
    while (n < 0 && errno == EINTR);
    *got_bytes = n > 0;
    if (n > 0)
        c->in_len += (size_t)n;
    else if (n == 0 || errno != EAGAIN)
        return CONN_CLOSE;
    return CONN_WANT_READ;
}

enum conn_want conn_advance(struct conn *c, const struct handler_ctx *ctx)
{
    for (;;) {
        if (c->lingering)
            return discard_input(c);
        if (c->writing) {
            enum conn_want w = advance_write(c);
            if (w != CONN_WANT_READ)
                return w;
            continue;       /* the next request may already be in the buffer */
        }
        int parsed = http_parse_request(c->in, c->in_len, c->scanned_len, &c->req);
        if (parsed != HTTP_INCOMPLETE) {
            start_response(c, ctx, parsed);
            continue;
        }
        c->scanned_len = c->in_len;
        bool got_bytes;
        enum conn_want w = advance_read(c, &got_bytes);
        if (!got_bytes)
            return w;
    }
}

bool conn_is_idle(const struct conn *c)
{
    return c->lingering || (!c->writing && c->in_len == 0);
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

void conn_close(struct conn *c)
{
    close(c->fd);
    response_free(&c->res);
    stats_connection_end();
}

void conn_expire(struct conn *c)
{
    if (server_stopping() && !conn_is_idle(c))
        stats_abandoned(1);
    conn_close(c);
}
