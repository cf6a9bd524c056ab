/* http_check.c: what the parser's unit tests share: parsing exact byte copies, assertions on a parsed head, requests built to a size. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "http_check.h"

/* The parser never sees a NUL terminator from a socket, so every parse here
 * runs on a heap copy of exactly the bytes "received": under AddressSanitizer a
 * read one byte past them is reported. req points into the copy, so the copy
 * lives until the next parse or the end of the test (teardown). */
char *received;

int free_received(void **state)
{
    (void)state;
    free(received);
    received = NULL;
    return 0;
}

int parse_at(const char *raw, size_t len, size_t last_len, struct http_request *req)
{
    free(received);
    received = malloc(len ? len : 1);
    assert_non_null(received);
    memcpy(received, raw, len);
    return http_parse_request(received, len, last_len, req);
}


/* A fresh request whose error_status is not one the parser could set. */
struct http_request blank_request(void)
{
    struct http_request req;
    memset(&req, 0, sizeof req);
    req.error_status = -12345;
    return req;
}

/* Asserts that a one-shot parse of raw[0..len) fails with this status. */
void check_rejected(const char *raw, size_t len, int status, int line)
{
    struct http_request req = blank_request();
    int rc = parse_at(raw, len, 0, &req);
    if (rc != HTTP_ERROR || req.error_status != status)
        fail_msg("input at line %d: expected HTTP_ERROR with status %d, got %d (status %d)",
                 line, status, rc, rc == HTTP_ERROR ? req.error_status : 0);
}


/* Asserts that the header field at index i is name: value, byte for byte. */
void assert_header(const struct http_request *req, size_t i, const char *name,
                          const char *value)
{
    assert_true(i < req->num_headers);
    const struct http_header *h = &req->headers[i];
    assert_int_equal(h->name_len, strlen(name));
    assert_memory_equal(h->name, name, h->name_len);
    assert_int_equal(h->value_len, strlen(value));
    assert_memory_equal(h->value, value, h->value_len);
}

void assert_found(const struct http_request *req, const char *name, const char *value)
{
    const struct http_header *h = http_find_header(req, name);
    assert_non_null(h);
    assert_int_equal(h->value_len, strlen(value));
    assert_memory_equal(h->value, value, h->value_len);
}

void assert_target(const struct http_request *req, const char *target)
{
    assert_int_equal(req->target_len, strlen(target));
    assert_memory_equal(req->target, target, req->target_len);
}

/* Builds "GET /aaa...a HTTP/1.1\r\nHost: x\r\n\r\n" with a target of target_len
 * bytes into out (which must be large enough); returns its length. */
size_t request_with_target(char *out, size_t target_len)
{
    size_t n = 0;
    memcpy(out, "GET /", 5);
    n += 5;
    memset(out + n, 'a', target_len - 1);
    n += target_len - 1;
    static const char rest[] = " HTTP/1.1\r\nHost: x\r\n\r\n";
    memcpy(out + n, rest, sizeof rest - 1);
    return n + sizeof rest - 1;
}

/* Builds a request head of exactly head_len bytes (at least 37), padded by one long
 * X-Pad header, into out; returns head_len. */
size_t request_of_size(char *out, size_t head_len)
{
    static const char start[] = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ";
    static const char end[] = "\r\n\r\n";
    size_t pad = head_len - (sizeof start - 1) - (sizeof end - 1);
    memcpy(out, start, sizeof start - 1);
    memset(out + sizeof start - 1, 'p', pad);
    memcpy(out + sizeof start - 1 + pad, end, sizeof end - 1);
    return head_len;
}
