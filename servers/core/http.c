/* http.c: the incremental HTTP/1.x request parser (RFC 9112 request syntax). */
#include "http.h"

#include <string.h>
#include <strings.h>

/* tchar from RFC 9110: the characters allowed in methods and header names.
 * A table, because this test runs for every byte of every header name. */
static const bool tchar[256] = {
    ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['*'] = 1,
    ['+'] = 1, ['-'] = 1, ['.'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['|'] = 1, ['~'] = 1,
    ['0' ... '9'] = 1, ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1,
};

static bool is_tchar(unsigned char c)
{
    return tchar[c];
}

/* Request-target: any visible character; the request line's own parse
 * checks its form. */
static bool is_target_char(unsigned char c)
{
    return c > 0x20 && c != 0x7f;
}

/* Field values: visible characters, space, tab and obs-text (bytes >= 0x80). */
static bool is_field_char(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* Finds the blank line that ends the head; LF alone is accepted as a line end
 * (RFC 9112 section 2.2). Scanning resumes a little before where the previous
 * call stopped, since the terminator may straddle the two reads. */
static size_t find_head_end(const char *buf, size_t len, size_t last_len)
{
    size_t i = last_len > 3 ? last_len - 3 : 0;
    for (; i < len; i++) {
        if (buf[i] != '\n')
            continue;
        if (i + 1 < len && buf[i + 1] == '\n')
            return i + 2;
        if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

/* Consumes one line end (CRLF or LF) at *p; false if there is none. */
static bool eat_eol(const char **p)
{
    const char *q = *p;
    if (*q == '\r')
        q++;
    if (*q != '\n')
        return false;
    *p = q + 1;
    return true;
}

static int fail(struct http_request *req, int status)
{
    req->error_status = status;
    return HTTP_ERROR;
}

/* host ":" port (RFC 9112 section 3.2.3), the port in digits; the host is
 * not checked further than having no character of a path, query or userinfo. */
static bool is_authority_form(const char *t, size_t len)
{
    size_t port = len;
    while (port > 0 && t[port - 1] != ':')
        port--;
    if (port < 2 || port == len || len - port > 5)
        return false;
    for (size_t i = port; i < len; i++)
        if (t[i] < '0' || t[i] > '9')
            return false;
    for (size_t i = 0; i < port - 1; i++)
        if (t[i] == '/' || t[i] == '?' || t[i] == '#' || t[i] == '@')
            return false;
    return true;
}

/* RFC 9112 section 3.2: the origin-form ("/path?query") for every method
 * but CONNECT, whose target is the authority-form, and OPTIONS, which may
 * also ask about the server as a whole with the asterisk-form ("*"). The
 * absolute-form, for requests to a proxy, is not accepted. */
static bool target_form_ok(const struct http_request *req)
{
    if (http_method_is(req, "CONNECT"))
        return is_authority_form(req->target, req->target_len);
    if (req->target_len == 1 && req->target[0] == '*')
        return http_method_is(req, "OPTIONS");
    return req->target[0] == '/';
}

/* A token (a method, a header name: one or more tchars) ended by `end`:
 * sets *token and *len and moves *pp past `end`; false if either is missing. */
static bool take_token(const char **pp, char end, const char **token, size_t *len)
{
    const char *p = *pp;
    *token = p;
    while (is_tchar((unsigned char)*p))
        p++;
    *len = (size_t)(p - *token);
    if (*len == 0 || *p != end)
        return false;
    *pp = p + 1;
    return true;
}

/* Request line: method SP request-target SP HTTP-version EOL.
 * A line end is known to follow, and every scan stops at one, so none can
 * run past the bytes received. */
static int parse_request_line(const char **pp, struct http_request *req)
{
    const char *p = *pp;
    if (!take_token(&p, ' ', &req->method, &req->method_len))
        return fail(req, 400);
    req->target = p;
    while (is_target_char((unsigned char)*p))
        p++;
    req->target_len = (size_t)(p - req->target);
    if (req->target_len > HTTP_MAX_TARGET)
        return fail(req, 414);
    if (req->target_len == 0 || !target_form_ok(req) || *p++ != ' ')
        return fail(req, 400);
    if (strncmp(p, "HTTP/", 5) != 0 || p[5] < '0' || p[5] > '9' || p[6] != '.'
        || p[7] < '0' || p[7] > '9')
        return fail(req, 400);
    if (p[5] != '1')
        return fail(req, 505);
    req->minor_version = p[7] - '0';
    p += 8;
    if (!eat_eol(&p))
        return fail(req, 400);
    *pp = p;
    return 0;
}

/* One header field: name ":" OWS value OWS EOL. No space is allowed before the
 * colon and no obsolete line folding (RFC 9112 section 5). */
static int parse_header(const char **pp, struct http_request *req)
{
    const char *p = *pp;
    if (req->num_headers == HTTP_MAX_HEADERS)
        return fail(req, 431);
    struct http_header *h = &req->headers[req->num_headers++];
    if (!take_token(&p, ':', &h->name, &h->name_len))
        return fail(req, 400);
    while (*p == ' ' || *p == '\t')
        p++;
    h->value = p;
    while (is_field_char((unsigned char)*p))
        p++;
    const char *end = p;
    while (end > h->value && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    h->value_len = (size_t)(end - h->value);
    if (!eat_eol(&p))
        return fail(req, 400);
    *pp = p;
    return 0;
}

/* Before the head is complete, a target that is already too long can be
 * reported as 414 rather than waiting to hit the 431 limit. The scan is
 * parse_request_line's (a method, one space, target characters), so the
 * status never depends on how the bytes were split into reads: "GET /a\x01"
 * and 2 KiB more is a 400, whether it arrives at once or in pieces. */
static bool target_too_long(const char *buf, size_t len)
{
    const char *p = buf, *end = buf + len;
    while (p < end && is_tchar((unsigned char)*p))
        p++;
    if (p == buf || p == end || *p++ != ' ')
        return false;
    const char *target = p;
    while (p < end && is_target_char((unsigned char)*p))
        p++;
    return (size_t)(p - target) > HTTP_MAX_TARGET;
}

/* Has the request line just been completed: is there a line end in the new
 * bytes buf[last_len..len), and none before them? The old bytes are searched
 * backwards from last_len, and only when a line end has arrived, so the
 * search stops at the end of the line before: every byte is searched once
 * in all, and a client sending one byte at a time still costs O(n). */
static bool request_line_just_completed(const char *buf, size_t len, size_t last_len)
{
    if (memchr(buf + last_len, '\n', len - last_len) == NULL)
        return false;
    for (size_t i = last_len; i > 0; i--)
        if (buf[i - 1] == '\n')
            return false;
    return true;
}

/* A malformed request line is refused as soon as it is complete: a client
 * sending "GET /" and a line end gets its 400 at once, not at its timeout. */
int http_parse_request(const char *buf, size_t len, size_t last_len,
                       struct http_request *req)
{
    if (last_len > len)
        last_len = 0;
    size_t head_len = find_head_end(buf, len, last_len);
    const char *p = buf;
    if (head_len == 0) {
        if (request_line_just_completed(buf, len, last_len) && parse_request_line(&p, req) < 0)
            return HTTP_ERROR;
        if (target_too_long(buf, len))
            return fail(req, 414);
        return len >= HTTP_MAX_HEADER_BYTES ? fail(req, 431) : HTTP_INCOMPLETE;
    }
    if (head_len > HTTP_MAX_HEADER_BYTES)
        return fail(req, target_too_long(buf, head_len) ? 414 : 431);
    req->num_headers = 0;
    if (parse_request_line(&p, req) < 0)
        return HTTP_ERROR;
    while (p < buf + head_len && !eat_eol(&p))
        if (parse_header(&p, req) < 0)
            return HTTP_ERROR;
    return (int)head_len;
}

const struct http_header *http_find_header(const struct http_request *req,
                                           const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < req->num_headers; i++) {
        const struct http_header *h = &req->headers[i];
        if (h->name_len == n && strncasecmp(h->name, name, n) == 0)
            return h;
    }
    return NULL;
}

/* Repeated field lines count as one comma-separated list (RFC 9110 5.3),
 * so every line with the name is searched, not only the first. */
static bool value_has_token(const char *p, const char *end, const char *token, size_t n)
{
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
            p++;
        const char *start = p;
        while (p < end && *p != ',' && *p != ' ' && *p != '\t')
            p++;
        if ((size_t)(p - start) == n && strncasecmp(start, token, n) == 0)
            return true;
    }
    return false;
}

bool http_header_has_token(const struct http_request *req, const char *name,
                           const char *token)
{
    size_t name_len = strlen(name), n = strlen(token);
    for (size_t i = 0; i < req->num_headers; i++) {
        const struct http_header *h = &req->headers[i];
        if (h->name_len == name_len && strncasecmp(h->name, name, name_len) == 0
            && value_has_token(h->value, h->value + h->value_len, token, n))
            return true;
    }
    return false;
}

bool http_method_is(const struct http_request *req, const char *method)
{
    size_t n = strlen(method);
    return req->method_len == n && memcmp(req->method, method, n) == 0;
}

bool http_method_is_known(const struct http_request *req)
{
    static const char *const known[] = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (http_method_is(req, known[i]))
            return true;
    return false;
}

static size_t count_headers(const struct http_request *req, const char *name)
{
    size_t n = 0, len = strlen(name);
    for (size_t i = 0; i < req->num_headers; i++)
        if (req->headers[i].name_len == len && strncasecmp(req->headers[i].name, name, len) == 0)
            n++;
    return n;
}

static bool is_number(const char *s, size_t len)
{
    if (len == 0 || len > 18)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int http_check_framing(const struct http_request *req)
{
    size_t hosts = count_headers(req, "host");
    if (hosts > 1 || (req->minor_version >= 1 && hosts == 0))
        return 400;
    const struct http_header *cl = http_find_header(req, "content-length");
    if (cl == NULL)
        return 0;
    if (count_headers(req, "content-length") > 1 || !is_number(cl->value, cl->value_len)
        || http_find_header(req, "transfer-encoding") != NULL)
        return 400;
    return 0;
}

bool http_has_body(const struct http_request *req)
{
    const struct http_header *cl = http_find_header(req, "content-length");
    if (http_find_header(req, "transfer-encoding") != NULL)
        return true;
    if (cl == NULL)
        return false;
    for (size_t i = 0; i < cl->value_len; i++)
        if (cl->value[i] != '0')
            return true;
    return false;
}
