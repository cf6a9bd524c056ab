/* test_conn.c: unit tests of the connection state machine, driven without a
 * socket: the test plays the driver, performing each conn_io by hand (copying
 * bytes in, reading what would be sent) and reporting results of its choice,
 * partial sends and errors included. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "stats.h"

enum { TIMEOUT_MS = 5000, FILE_BYTES = 3000 };

static char corpus[] = "/tmp/test_conn.XXXXXX";
static struct handler_ctx ctx;
static char file_bytes[FILE_BYTES];

static int setup(void **state)
{
    (void)state;
    stats_init();
    if (mkdtemp(corpus) == NULL)
        return -1;
    char path[64];
    snprintf(path, sizeof path, "%s/f.txt", corpus);
    for (int i = 0; i < FILE_BYTES; i++)
        file_bytes[i] = (char)('a' + i % 26);
    FILE *f = fopen(path, "w");
    if (f == NULL || fwrite(file_bytes, 1, FILE_BYTES, f) != FILE_BYTES || fclose(f) != 0)
        return -1;
    ctx = (struct handler_ctx){ .index = NULL, .dir_fd = open(corpus, O_RDONLY | O_DIRECTORY) };
    return ctx.dir_fd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "%s/f.txt", corpus);
    unlink(path);
    close(ctx.dir_fd);
    return rmdir(corpus);
}

/* A connection on /dev/null: conn_close closes a real descriptor. */
static struct conn *new_conn(void)
{
    struct conn *c = malloc(sizeof *c);
    assert_non_null(c);
    conn_init(c, open("/dev/null", O_RDWR), &ctx, TIMEOUT_MS, clock_ms());
    return c;
}

static void end_conn(struct conn *c)
{
    conn_close(c);
    free(c);
}

/* Receives the client's bytes: the connection must be asking for input. */
static const struct conn_io *feed(struct conn *c, const char *bytes)
{
    const struct conn_io *io = conn_next_io(c);
    size_t len = strlen(bytes);
    assert_int_equal(io->op, CONN_IO_RECV);
    assert_true(io->len >= len);
    memcpy(io->buf, bytes, len);
    conn_io_done(c, (ssize_t)len);
    return conn_next_io(c);
}

/* Reports result for the I/O asked for; returns the op of the next one. */
static enum conn_io_op after(struct conn *c, ssize_t result)
{
    conn_io_done(c, result);
    return conn_next_io(c)->op;
}

/* Performs every SEND and SENDFILE in full, appending the bytes to out
 * (NUL-terminated); returns the op it stopped at. */
static enum conn_io_op send_all(struct conn *c, char *out, size_t cap)
{
    size_t len = 0;
    const struct conn_io *io;
    while ((io = conn_next_io(c))->op == CONN_IO_SEND || io->op == CONN_IO_SENDFILE) {
        size_t n = 0;
        if (io->op == CONN_IO_SEND) {
            for (int i = 0; i < io->iovcnt; i++) {
                assert_true(len + n + io->iov[i].iov_len < cap);
                memcpy(out + len + n, io->iov[i].iov_base, io->iov[i].iov_len);
                n += io->iov[i].iov_len;
            }
        } else {
            assert_true(len + io->len < cap);
            n = (size_t)pread(io->file_fd, out + len, io->len, io->offset);
            assert_int_equal(n, io->len);
        }
        len += n;
        conn_io_done(c, (ssize_t)n);
    }
    out[len] = '\0';
    return io->op;
}

/* Sends the whole response, which must start with status_line and say
 * Connection: close; returns what the connection asks for next. */
static enum conn_io_op send_last(struct conn *c, const char *status_line)
{
    char out[8192];
    enum conn_io_op next = send_all(c, out, sizeof out);
    assert_memory_equal(out, status_line, strlen(status_line));
    assert_non_null(strstr(out, "\r\nConnection: close\r\n"));
    return next;
}

static void test_keep_alive(void **state)
{
    (void)state;
    char out[8192];
    struct conn *c = new_conn();
    const struct conn_io *io = feed(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_int_equal(c->state, CONN_WRITING);
    assert_int_equal(io->op, CONN_IO_SEND);
    assert_int_equal(io->iovcnt, 2);            /* head and page in one sendmsg */
    assert_int_equal(io->flags, 0);
    assert_int_equal(send_all(c, out, sizeof out), CONN_IO_RECV);
    assert_memory_equal(out, "HTTP/1.1 200 OK\r\n", 17);
    assert_null(strstr(out, "Connection:"));
    assert_int_equal(c->state, CONN_READING);
    io = conn_next_io(c);
    assert_ptr_equal(io->buf, c->in);           /* the request left the buffer */
    assert_int_equal(io->len, sizeof c->in);
    assert_true(conn_is_idle(c));
    end_conn(c);
}

static void test_request_in_pieces(void **state)
{
    (void)state;
    struct conn *c = new_conn();
    int64_t deadline = c->deadline_ms;
    const struct conn_io *io = feed(c, "GET / HT");
    assert_int_equal(io->op, CONN_IO_RECV);
    assert_ptr_equal(io->buf, c->in + 8);
    assert_false(conn_is_idle(c));              /* a request half received */
    io = feed(c, "TP/1.1\r\nHost: x\r\n");
    assert_int_equal(io->op, CONN_IO_RECV);
    io = feed(c, "\r\n");
    assert_int_equal(io->op, CONN_IO_SEND);
    assert_int_equal(c->deadline_ms, deadline); /* reads never move the deadline */
    end_conn(c);
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (; (s = strstr(s, what)) != NULL; s++)
        n++;
    return n;
}

static void test_pipelined(void **state)
{
    (void)state;
    char out[16384];
    struct conn *c = new_conn();
    feed(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET");
    assert_int_equal(send_all(c, out, sizeof out), CONN_IO_RECV);
    assert_int_equal(count(out, "HTTP/1.1 200 OK"), 1);
    assert_int_equal(count(out, "HTTP/1.1 404 Not Found"), 1);
    assert_int_equal(c->in_len, 3);             /* the start of a third request */
    assert_false(conn_is_idle(c));
    end_conn(c);
}

static void test_partial_send_moves_deadline(void **state)
{
    (void)state;
    struct conn *c = new_conn();
    const struct conn_io *io = feed(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const char *head = io->iov[0].iov_base;
    size_t head_len = io->iov[0].iov_len;
    c->deadline_ms = 0;
    conn_io_done(c, 10);
    io = conn_next_io(c);
    assert_int_equal(io->op, CONN_IO_SEND);
    assert_ptr_equal(io->iov[0].iov_base, head + 10);
    assert_int_equal(io->iov[0].iov_len, head_len - 10);
    assert_true(c->deadline_ms >= clock_ms() + TIMEOUT_MS - 1000);
    assert_false(conn_is_idle(c));
    end_conn(c);
}

static void test_connection_close(void **state)
{
    (void)state;
    struct conn *c = new_conn();
    feed(c, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_int_equal(send_last(c, "HTTP/1.1 200 OK\r\n"), CONN_IO_CLOSE);
    assert_int_equal(c->state, CONN_CLOSED);
    end_conn(c);
}

/* Input left unread (a body; a malformed head): answer, shut our side
 * down, discard until the client's EOF, within a short deadline. */
static void assert_lingers(const char *request, const char *status_line)
{
    struct conn *c = new_conn();
    feed(c, request);
    assert_int_equal(send_last(c, status_line), CONN_IO_SHUTDOWN);
    conn_io_done(c, 0);
    assert_int_equal(c->state, CONN_LINGERING);
    assert_true(conn_is_idle(c));
    assert_true(c->deadline_ms <= clock_ms() + 1000);
    const struct conn_io *io = conn_next_io(c);
    assert_int_equal(io->op, CONN_IO_RECV);
    assert_int_equal(after(c, 5), CONN_IO_RECV);    /* discarded */
    assert_int_equal(after(c, 0), CONN_IO_CLOSE);
    end_conn(c);
}

static void test_body_lingers(void **state)
{
    (void)state;
    assert_lingers("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
                   "HTTP/1.1 405 Method Not Allowed\r\n");
}

static void test_malformed_lingers(void **state)
{
    (void)state;
    assert_lingers("BAD REQUEST\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n");
}

/* Asks for f.txt (GET or HEAD), checks the head goes out alone, with
 * MSG_MORE when the file follows, and sends it: the connection is then at
 * the file's first byte, or done. */
static struct conn *head_sent(const char *method, int flags)
{
    char request[64];
    snprintf(request, sizeof request, "%s /static/f.txt HTTP/1.1\r\nHost: x\r\n\r\n", method);
    struct conn *c = new_conn();
    const struct conn_io *io = feed(c, request);
    assert_int_equal(io->op, CONN_IO_SEND);
    assert_int_equal(io->iovcnt, 1);
    assert_int_equal(io->flags, flags);
    assert_non_null(memmem(io->iov[0].iov_base, io->iov[0].iov_len, "Content-Length: 3000\r\n", 22));
    conn_io_done(c, (ssize_t)io->iov[0].iov_len);
    return c;
}

/* The file goes out in sendfile ranges, counted from what was sent. */
static void test_static_file(void **state)
{
    (void)state;
    struct conn *c = head_sent("GET", MSG_MORE);
    const struct conn_io *io = conn_next_io(c);
    assert_int_equal(io->op, CONN_IO_SENDFILE);
    assert_int_equal(io->offset, 0);
    assert_int_equal(io->len, FILE_BYTES);
    conn_io_done(c, 1000);
    io = conn_next_io(c);
    assert_int_equal(io->op, CONN_IO_SENDFILE);
    assert_int_equal(io->offset, 1000);
    assert_int_equal(io->len, FILE_BYTES - 1000);
    char got[FILE_BYTES];
    assert_int_equal(pread(io->file_fd, got, io->len, io->offset), FILE_BYTES - 1000);
    assert_memory_equal(got, file_bytes + 1000, FILE_BYTES - 1000);
    assert_int_equal(after(c, FILE_BYTES - 1000), CONN_IO_RECV);
    end_conn(c);
}

static void test_head_sends_no_file(void **state)
{
    (void)state;
    struct conn *c = head_sent("HEAD", 0);
    assert_int_equal(conn_next_io(c)->op, CONN_IO_RECV);
    end_conn(c);
}

/* sendfile moving nothing: the file shrank, and the Content-Length sent is a lie. */
static void test_file_shrank_closes(void **state)
{
    (void)state;
    struct conn *c = head_sent("GET", MSG_MORE);
    assert_int_equal(conn_next_io(c)->op, CONN_IO_SENDFILE);
    assert_int_equal(after(c, 0), CONN_IO_CLOSE);
    end_conn(c);
}

static void test_end_and_errors_close(void **state)
{
    (void)state;
    struct conn *c = new_conn();
    conn_next_io(c);
    assert_int_equal(after(c, 0), CONN_IO_CLOSE);   /* the client closed */
    end_conn(c);
    c = new_conn();
    conn_next_io(c);
    assert_int_equal(after(c, -ECONNRESET), CONN_IO_CLOSE);
    end_conn(c);
    c = new_conn();
    feed(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_int_equal(after(c, -EPIPE), CONN_IO_CLOSE);
    end_conn(c);
}

/* A head that fills the buffer without ending is a 431: the connection never
 * asks to receive into no room. */
static void test_full_buffer(void **state)
{
    (void)state;
    struct conn *c = new_conn();
    feed(c, "GET / HTTP/1.1\r\n");
    const struct conn_io *io;
    while ((io = conn_next_io(c))->op == CONN_IO_RECV) {
        assert_true(io->len > 0);
        memset(io->buf, 'x', io->len < 100 ? io->len : 100);
        conn_io_done(c, (ssize_t)(io->len < 100 ? io->len : 100));
    }
    assert_int_equal(send_last(c, "HTTP/1.1 431 "), CONN_IO_SHUTDOWN);
    end_conn(c);
}

static void test_refuse(void **state)
{
    (void)state;
    struct conn *c = new_conn();
    conn_refuse(c, 503);
    assert_int_equal(send_last(c, "HTTP/1.1 503 Service Unavailable\r\n"), CONN_IO_CLOSE);
    end_conn(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keep_alive),
        cmocka_unit_test(test_request_in_pieces),
        cmocka_unit_test(test_pipelined),
        cmocka_unit_test(test_partial_send_moves_deadline),
        cmocka_unit_test(test_connection_close),
        cmocka_unit_test(test_body_lingers),
        cmocka_unit_test(test_malformed_lingers),
        cmocka_unit_test(test_static_file),
        cmocka_unit_test(test_head_sends_no_file),
        cmocka_unit_test(test_file_shrank_closes),
        cmocka_unit_test(test_end_and_errors_close),
        cmocka_unit_test(test_full_buffer),
        cmocka_unit_test(test_refuse),
    };
    return cmocka_run_group_tests_name("conn", tests, setup, teardown);
}
