/* handler.c: the routes: search form, results page, JSON API, static files. */
#include "handler.h"
#include "url.h"
#include "utf8.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void page_begin(struct buf *b, const char *terms)
{
    buf_puts(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                "<title>searchbench</title></head>\n<body>\n<h1>searchbench</h1>\n"
                "<form action=\"/query\" method=\"get\">"
                "<input name=\"terms\" size=\"40\" autofocus value=\"");
    buf_append_html(b, terms, strlen(terms));
    buf_puts(b, "\"> <button>Search</button></form>\n");
}

static void page_end(struct buf *b)
{
    buf_puts(b, "</body></html>\n");
}

void handle_error(struct response *res, int status)
{
    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    buf_reset(&res->body);
    buf_printf(&res->body, "<!DOCTYPE html>\n<html><head><title>%d %s</title></head>"
               "<body><h1>%d %s</h1></body></html>\n",
               status, status_reason(status), status, status_reason(status));
}

/* Decodes the terms= parameter into terms (HTTP_MAX_TARGET + 1 bytes).
 * A missing parameter is an empty query; a malformed escape is an error. */
static bool decode_terms(const char *query, size_t query_len, char *terms)
{
    const char *raw = "";
    size_t raw_len = 0;
    url_query_param(query, query_len, "terms", &raw, &raw_len);
    return url_decode(raw, raw_len, terms, true) >= 0;
}

/* s as text a page can echo: a query or a file name may hold any bytes, and
 * what is not UTF-8 becomes U+FFFD (see utf8.h). Returns scratch's data. */
static const char *as_text(struct buf *scratch, const char *s)
{
    buf_reset(scratch);
    buf_append_utf8(scratch, s, strlen(s));
    return scratch->data;
}

/* terms is already text; the hrefs keep every byte of a path, percent-encoded. */
static void results_page(struct response *res, const char *terms,
                         const struct query_result *qr)
{
    struct buf *b = &res->body;
    struct buf href, name;
    buf_init(&href);
    buf_init(&name);
    page_begin(b, terms);
    buf_puts(b, "<p>");
    buf_append_uint(b, qr->count);
    buf_puts(b, " results found for <b>");
    buf_append_html(b, terms, strlen(terms));
    buf_puts(b, "</b></p>\n<ol>\n");
    for (size_t i = 0; i < qr->shown; i++) {
        const char *path = qr->hits[i].path;
        buf_reset(&href);
        url_encode_path(&href, path);
        buf_puts(b, "<li><a href=\"/static/");
        buf_append_html(b, href.data, href.len);
        buf_puts(b, "\">");
        const char *text = as_text(&name, path);
        buf_append_html(b, text, name.len);
        buf_puts(b, "</a> (");
        buf_append_uint(b, qr->hits[i].rank);
        buf_puts(b, ")</li>\n");
    }
    buf_puts(b, "</ol>\n");
    page_end(b);
    buf_free(&href);
    buf_free(&name);
}

static void results_json(struct response *res, const char *terms,
                         const struct query_result *qr)
{
    struct buf name;
    buf_init(&name);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "query", terms);
    cJSON_AddNumberToObject(root, "count", (double)qr->count);
    cJSON *list = cJSON_AddArrayToObject(root, "results");
    for (size_t i = 0; i < qr->shown; i++) {
        cJSON *hit = cJSON_CreateObject();
        cJSON_AddStringToObject(hit, "path", as_text(&name, qr->hits[i].path));
        cJSON_AddNumberToObject(hit, "rank", (double)qr->hits[i].rank);
        cJSON_AddItemToArray(list, hit);
    }
    buf_free(&name);
    char *text = cJSON_PrintUnformatted(root);     /* never NULL: see buf.h */
    cJSON_Delete(root);
    buf_puts(&res->body, text);
    buf_puts(&res->body, "\n");
    free(text);
    res->content_type = "application/json";
}

static void handle_query(const struct handler_ctx *ctx, const char *query,
                         size_t query_len, bool as_json, struct response *res)
{
    char terms[HTTP_MAX_TARGET + 1];
    struct query_result qr;
    struct buf echo;
    if (!decode_terms(query, query_len, terms)) {
        handle_error(res, 400);
        return;
    }
    /* The search takes the bytes as sent (only ASCII letters make words). */
    index_query(ctx->index, terms, RESULTS_SHOWN, &qr);
    buf_init(&echo);
    if (as_json)
        results_json(res, as_text(&echo, terms), &qr);
    else
        results_page(res, as_text(&echo, terms), &qr);
    buf_free(&echo);
    query_result_free(&qr);
}

static const char *content_type_for(const char *path)
{
    static const struct { const char *ext, *type; } types[] = {
        { ".txt", "text/plain; charset=utf-8" }, { ".html", "text/html; charset=utf-8" },
        { ".htm", "text/html; charset=utf-8" },  { ".css", "text/css" },
        { ".js", "text/javascript" },            { ".json", "application/json" },
        { ".png", "image/png" },                 { ".jpg", "image/jpeg" },
        { ".jpeg", "image/jpeg" },               { ".gif", "image/gif" },
        { ".svg", "image/svg+xml" },             { ".pdf", "application/pdf" },
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* RESOLVE_BENEATH makes the kernel refuse any path that would leave the
 * corpus directory, by "..", an absolute path or a symlink, at open time:
 * there is no window between a check and the open (unlike realpath + open). */
static int open_beneath(int dir_fd, const char *path, int flags)
{
    struct open_how how = {
        .flags = (uint64_t)flags | O_CLOEXEC,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    return (int)syscall(SYS_openat2, dir_fd, path, &how, sizeof how);
}

/* Only regular files are served, and deciding must neither block nor open
 * anything else: opening a FIFO for reading blocks until a writer comes, and
 * opening a device node runs its driver, with effects of its own (a tape
 * rewinds, a watchdog starts). So the path is first opened with O_PATH,
 * which resolves it without opening the object, and fstat says what it is.
 * Only a regular file is then opened for reading, by the same path. The
 * entry may be replaced in between; the second open is O_NONBLOCK, so even
 * a FIFO swapped in cannot block it, and it must give the same inode, still
 * a regular file (a device swapped in would have been opened, never read).
 * Reopening the O_PATH descriptor through /proc/self/fd would close that
 * window, at the price of depending on /proc. Returns the file or -1. */
static int open_regular_file(int dir_fd, const char *path, struct stat *st)
{
    struct stat probed;
    int probe = open_beneath(dir_fd, path, O_PATH);
    bool regular = probe >= 0 && fstat(probe, &probed) == 0 && S_ISREG(probed.st_mode);
    if (probe >= 0)
        close(probe);
    int fd = regular ? open_beneath(dir_fd, path, O_RDONLY | O_NOCTTY | O_NONBLOCK) : -1;
    if (fd >= 0 && (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) || st->st_dev != probed.st_dev
                    || st->st_ino != probed.st_ino)) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static void handle_static(const struct handler_ctx *ctx, const char *raw,
                          size_t raw_len, struct response *res)
{
    char path[HTTP_MAX_TARGET + 1];
    struct stat st;
    if (url_decode(raw, raw_len, path, false) < 0) {
        handle_error(res, 400);
        return;
    }
    int fd = url_static_path_ok(path) ? open_regular_file(ctx->dir_fd, path, &st) : -1;
    if (fd < 0) {               /* absent, or not a regular file: the same to a client */
        handle_error(res, 404);
        return;
    }
    res->file_fd = fd;
    res->file_size = st.st_size;
    res->content_type = content_type_for(path);
}

static bool path_is(const char *path, size_t len, const char *route)
{
    return len == strlen(route) && memcmp(path, route, len) == 0;
}

void handle_request(const struct handler_ctx *ctx, const struct http_request *req,
                    struct response *res)
{
    static const char static_prefix[] = "/static/";
    bool is_head = http_method_is(req, "HEAD");
    if (!is_head && !http_method_is(req, "GET")) {
        /* RFC 9110 section 15.5.6 and 15.6.2: a method the server knows but
         * the resource does not allow is 405 with Allow; one it does not
         * know at all is 501. */
        if (!http_method_is_known(req)) {
            handle_error(res, 501);
            return;
        }
        handle_error(res, 405);
        res->allow = "GET, HEAD";
        return;
    }
    res->head_only = is_head;
    const char *question = memchr(req->target, '?', req->target_len);
    size_t path_len = question ? (size_t)(question - req->target) : req->target_len;
    const char *query = question ? question + 1 : "";
    size_t query_len = question ? req->target_len - path_len - 1 : 0;
    if (path_is(req->target, path_len, "/")) {
        page_begin(&res->body, "");
        page_end(&res->body);
    } else if (path_is(req->target, path_len, "/query")) {
        handle_query(ctx, query, query_len, false, res);
    } else if (path_is(req->target, path_len, "/api/query")) {
        handle_query(ctx, query, query_len, true, res);
    } else if (path_len >= sizeof static_prefix - 1
               && memcmp(req->target, static_prefix, sizeof static_prefix - 1) == 0) {
        handle_static(ctx, req->target + sizeof static_prefix - 1,
                      path_len - (sizeof static_prefix - 1), res);
    } else {
        handle_error(res, 404);
    }
}
