/* response.c: building a response head. */
#include "response.h"

#include <time.h>
#include <unistd.h>

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
