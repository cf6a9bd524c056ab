/* response.c: building a response head and writing a response out. */
#include "response.h"

#include <errno.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* Bounds one sendfile call, so that a 16 MiB file does not monopolise an
 * event loop when the socket buffer happens to be large. */
enum { SENDFILE_CHUNK = 1 << 20 };

void response_init(struct response *res)
{
    buf_init(&res->head);
    buf_init(&res->body);
    res->file_fd = -1;
    response_reset(res);
}

void response_reset(struct response *res)
{
    if (res->file_fd >= 0)
        close(res->file_fd);
    res->status = 200;
    res->content_type = "text/html; charset=utf-8";
    res->allow = NULL;
    res->close = res->keep_alive_http10 = res->head_only = false;
    buf_reset(&res->head);
    buf_reset(&res->body);
    res->file_fd = -1;
    res->file_offset = res->file_size = 0;
    res->sent = 0;
}

void response_free(struct response *res)
{
    response_reset(res);
    buf_free(&res->head);
    buf_free(&res->body);
}

const char *status_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default:  return "Internal Server Error";
    }
}

/* The Date header changes once a second; formatting it per request would be
 * wasted work, so each thread caches the current string. */
static const char *http_date(void)
{
    static _Thread_local time_t cached_second = -1;
    static _Thread_local char cached[40];
    time_t now = time(NULL);
    if (now != cached_second) {
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(cached, sizeof cached, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cached_second = now;
    }
    return cached;
}

/* The head is built from pieces rather than with one printf: formatting it
 * was more than half of the instructions of a small static request (as
 * measured with callgrind; see the README). */
void response_finish(struct response *res)
{
    struct buf *h = &res->head;
    off_t length = res->file_fd >= 0 ? res->file_size : (off_t)res->body.len;
    buf_puts(h, "HTTP/1.1 ");
    buf_append_uint(h, (unsigned long long)res->status);
    buf_puts(h, " ");
    buf_puts(h, status_reason(res->status));
    buf_puts(h, "\r\nServer: searchbench\r\nDate: ");
    buf_puts(h, http_date());
    buf_puts(h, "\r\nContent-Type: ");
    buf_puts(h, res->content_type);
    buf_puts(h, "\r\nContent-Length: ");
    buf_append_uint(h, (unsigned long long)length);
    buf_puts(h, "\r\n");
    if (res->allow) {
        buf_puts(h, "Allow: ");
        buf_puts(h, res->allow);
        buf_puts(h, "\r\n");
    }
    if (res->close)
        buf_puts(h, "Connection: close\r\n");
    else if (res->keep_alive_http10)
        buf_puts(h, "Connection: keep-alive\r\n");
    buf_puts(h, "\r\n");
}

/* Head and in-memory body go out together in one sendmsg. When a file
 * follows, MSG_MORE tells TCP to hold the head back until sendfile adds the
 * file's bytes: sent apart, the head would leave as its own small segment,
 * and on a keep-alive connection the file's first segment could then wait
 * for the client's delayed ACK (40 ms on Linux): Nagle's algorithm. */
static enum io_result write_buffers(struct response *res, int fd, size_t *written)
{
    size_t body_len = res->head_only ? 0 : res->body.len;
    int more = res->file_fd >= 0 && !res->head_only && res->file_size > 0 ? MSG_MORE : 0;
    while (res->sent < res->head.len + body_len) {
        struct iovec iov[2];
        struct msghdr msg = { .msg_iov = iov };
        if (res->sent < res->head.len)
            iov[msg.msg_iovlen++] = (struct iovec){ res->head.data + res->sent,
                                                    res->head.len - res->sent };
        size_t body_done = res->sent > res->head.len ? res->sent - res->head.len : 0;
        if (body_done < body_len)
            iov[msg.msg_iovlen++] = (struct iovec){ res->body.data + body_done,
                                                    body_len - body_done };
        ssize_t w = sendmsg(fd, &msg, MSG_NOSIGNAL | more);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno == EAGAIN ? IO_AGAIN : IO_ERROR;
        res->sent += (size_t)w;
        *written += (size_t)w;
    }
    return IO_DONE;
}

static enum io_result write_file(struct response *res, int fd, size_t *written)
{
    while (res->file_offset < res->file_size) {
        size_t chunk = (size_t)(res->file_size - res->file_offset);
        ssize_t w = sendfile(fd, res->file_fd, &res->file_offset,
                             chunk < SENDFILE_CHUNK ? chunk : SENDFILE_CHUNK);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno == EAGAIN ? IO_AGAIN : IO_ERROR;
        if (w == 0)         /* the file shrank under us: the length we sent is a lie */
            return IO_ERROR;
        *written += (size_t)w;
    }
    return IO_DONE;
}

enum io_result response_write(struct response *res, int fd, size_t *written)
{
    *written = 0;
    enum io_result r = write_buffers(res, fd, written);
    if (r != IO_DONE || res->file_fd < 0 || res->head_only)
        return r;
    return write_file(res, fd, written);
}
