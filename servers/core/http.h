/* http.h: an incremental, zero-copy HTTP/1.x request parser.
 *
 * In the spirit of picohttpparser: the caller owns the bytes, the parser only
 * points into them and never allocates. Call it again each time more bytes
 * arrive, passing the length seen by the previous call, so that a client
 * sending one byte at a time costs O(n) in all, not O(n^2). */
#ifndef HTTP_H
#define HTTP_H

#include <stdbool.h>
#include <stddef.h>

enum {
    HTTP_MAX_HEADER_BYTES = 8192,   /* request line + headers; more -> 431 */
    HTTP_MAX_TARGET = 2048,         /* request target; longer -> 414 */
    HTTP_MAX_HEADERS = 32,          /* header fields; more -> 431 */
};

enum http_parse_result {
    HTTP_ERROR = -1,        /* malformed or over a limit: see req->error_status */
    HTTP_INCOMPLETE = -2,   /* need more bytes */
    /* > 0: complete, the value is the length of the request head */
};

struct http_header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
};

struct http_request {
    const char *method;
    size_t method_len;
    const char *target;
    size_t target_len;
    int minor_version;                          /* HTTP/1.<minor_version> */
    struct http_header headers[HTTP_MAX_HEADERS];
    size_t num_headers;
    int error_status;                           /* set on HTTP_ERROR: 400, 414, 431, 505 */
};

/* Parses buf[0..len). last_len is the len of the previous call on the same
 * request (0 the first time). Returns the head length, HTTP_INCOMPLETE or
 * HTTP_ERROR; the error comes as soon as it is certain (a malformed request
 * line when its line end arrives, a target or head over its limit). */
int http_parse_request(const char *buf, size_t len, size_t last_len,
                       struct http_request *req);

/* The value of the first header called name (case-insensitive), or NULL. */
const struct http_header *http_find_header(const struct http_request *req,
                                           const char *name);

/* Does a comma-separated header (e.g. Connection) list this token? */
bool http_header_has_token(const struct http_request *req, const char *name,
                           const char *token);

bool http_method_is(const struct http_request *req, const char *method);

/* Is the method one of RFC 9110 section 9 (GET HEAD POST PUT DELETE CONNECT
 * OPTIONS TRACE) or PATCH (RFC 5789)? Methods are case-sensitive. */
bool http_method_is_known(const struct http_request *req);

/* Message framing checks of RFC 9112 on a parsed head: an HTTP/1.1 request
 * needs exactly one Host; Content-Length must be a number and must not come
 * with Transfer-Encoding. Returns 0, or 400. */
int http_check_framing(const struct http_request *req);

/* Does the request announce a body? The server reads none, so the connection
 * cannot be reused after such a request. */
bool http_has_body(const struct http_request *req);

#endif
