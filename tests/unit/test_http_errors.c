/* test_http_errors.c: unit tests of the HTTP parser on requests it must refuse, and with which status:
 * malformed (400), another major version (505), a target or head over the limits (414, 431);
 * and how soon: a malformed request line as soon as its line end arrives. */
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

/* ---- malformed requests: 400 ---- */

static void test_reject_garbage(void **state)
{
    (void)state;
    ASSERT_REJECTED("garbage\r\n\r\n", 400);
    ASSERT_REJECTED("\x16\x03\x01\x02\x00\x01\r\n\r\n", 400);   /* binary */
    ASSERT_REJECTED(" GET / HTTP/1.1\r\n\r\n", 400);
    ASSERT_REJECTED("GET\t/ HTTP/1.1\r\n\r\n", 400);
    ASSERT_REJECTED("G(T / HTTP/1.1\r\n\r\n", 400);             /* '(' is not a tchar */
}

static void test_reject_missing_target(void **state)
{
    (void)state;
    ASSERT_REJECTED("GET HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET  HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET\r\nHost: h\r\n\r\n", 400);
}

static void test_reject_target_not_origin_form(void **state)
{
    (void)state;
    ASSERT_REJECTED("GET index.html HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    /* The asterisk-form is for OPTIONS only, the authority-form for CONNECT only. */
    ASSERT_REJECTED("GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("POST * HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("OPTIONS ** HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET h:443 HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("OPTIONS h:443 HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("CONNECT / HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("CONNECT * HTTP/1.1\r\nHost: h\r\n\r\n", 400);
}

/* CONNECT's target is host ":" port, the port in digits (RFC 9112 3.2.3). */
static void test_reject_bad_authority_form(void **state)
{
    (void)state;
    ASSERT_REJECTED("CONNECT h HTTP/1.1\r\nHost: h\r\n\r\n", 400);            /* no port */
    ASSERT_REJECTED("CONNECT h: HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("CONNECT :443 HTTP/1.1\r\nHost: h\r\n\r\n", 400);         /* no host */
    ASSERT_REJECTED("CONNECT h:44a HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("CONNECT h:123456 HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("CONNECT u@h:443 HTTP/1.1\r\nHost: h\r\n\r\n", 400);      /* userinfo */
    ASSERT_REJECTED("CONNECT h/x:443 HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("CONNECT h?x:443 HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("CONNECT http://h:443 HTTP/1.1\r\nHost: h\r\n\r\n", 400);
}

static void test_reject_bad_version(void **state)
{
    (void)state;
    ASSERT_REJECTED("GET /\r\nHost: h\r\n\r\n", 400);            /* HTTP/0.9 style */
    ASSERT_REJECTED("GET / http/1.1\r\nHost: h\r\n\r\n", 400);   /* case-sensitive */
    ASSERT_REJECTED("GET / HTTP/1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.x\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/x.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.10\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/11.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.1\rHost: h\r\n\r\n", 400);     /* bare CR */
    ASSERT_REJECTED("GET / FTP/1.1\r\nHost: h\r\n\r\n", 400);
}

static void test_reject_space_before_colon(void **state)
{
    (void)state;
    ASSERT_REJECTED("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", 400);
}

static void test_reject_bad_header_name(void **state)
{
    (void)state;
    ASSERT_REJECTED("GET / HTTP/1.1\r\n: h\r\n\r\n", 400);           /* empty name */
    ASSERT_REJECTED("GET / HTTP/1.1\r\nHost h\r\n\r\n", 400);        /* no colon */
    ASSERT_REJECTED("GET / HTTP/1.1\r\nX(y): h\r\n\r\n", 400);
}

static void test_reject_obs_fold(void **state)
{
    (void)state;
    ASSERT_REJECTED("GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n\ttwo\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400);
}

static void test_reject_control_bytes_in_head(void **state)
{
    (void)state;
    ASSERT_REJECTED("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\0b\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.1\r\nHost: h\r\nX-\0A: ab\r\n\r\n", 400);
    ASSERT_REJECTED("GET /a\0b HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\x7f\r\n\r\n", 400);
    ASSERT_REJECTED("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", 400);
}

/* ---- a malformed request line, refused before the head ends ---- */

/* Fails unless parsing raw (which has no blank line) gives status at once,
 * and, fed one byte at a time, every prefix before its first line end is
 * INCOMPLETE and the prefix with the line end gives status. */
static void check_refused_at_line_end(const char *raw, int status)
{
    size_t n = strlen(raw), eol = (size_t)(strchr(raw, '\n') - raw) + 1;
    struct http_request req = blank_request();
    check_rejected(raw, n, status, __LINE__);
    for (size_t len = 1; len < eol; len++)
        if (parse_at(raw, len, len - 1, &req) != HTTP_INCOMPLETE)
            fail_msg("%s: prefix of %zu bytes is not INCOMPLETE", raw, len);
    if (parse_at(raw, eol, eol - 1, &req) != HTTP_ERROR || req.error_status != status)
        fail_msg("%s: not refused with %d when its line end arrived", raw, status);
}

static void test_reject_request_line_at_its_end(void **state)
{
    (void)state;
    check_refused_at_line_end("GET /\r\n", 400);                     /* HTTP/0.9 style */
    check_refused_at_line_end("GET /\n", 400);
    check_refused_at_line_end("GET / HTTP/1.1 \r\nHost: h\r\n", 400);
    check_refused_at_line_end("hello there\r\n", 400);
    check_refused_at_line_end("GET / HTTP/2.0\r\nHost: h\r\n", 505);
    check_refused_at_line_end("\r\nGET / HTTP/1.1\r\n", 400);        /* empty first line */
    /* The line end arrives in a read of its own, after a long first part. */
    static const char half[] = "GET /a-long-target-without-a-version";
    struct http_request req = blank_request();
    char raw[64];
    snprintf(raw, sizeof raw, "%s\r\n", half);
    assert_int_equal(parse_at(raw, strlen(half), 0, &req), HTTP_INCOMPLETE);
    assert_int_equal(parse_at(raw, strlen(raw), strlen(half), &req), HTTP_ERROR);
    assert_int_equal(req.error_status, 400);
}

/* A good request line whose head has not ended is waited for, however its
 * bytes arrive: later lines are only parsed with the whole head. */
static void test_good_request_line_waits_for_the_head(void **state)
{
    (void)state;
    static const char raw[] = "GET / HTTP/1.1\r\nHost : bad, but not yet seen\r\n";
    struct http_request req = blank_request();
    assert_int_equal(PARSE(raw, &req), HTTP_INCOMPLETE);
    size_t n = strlen(raw);
    for (size_t len = 1; len <= n; len++)
        if (parse_at(raw, len, len - 1, &req) != HTTP_INCOMPLETE)
            fail_msg("prefix of %zu bytes is not INCOMPLETE", len);
}

/* ---- unsupported version: 505 ---- */

static void test_reject_other_major_version_505(void **state)
{
    (void)state;
    ASSERT_REJECTED("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505);
    ASSERT_REJECTED("GET / HTTP/3.0\r\nHost: h\r\n\r\n", 505);
}

/* ---- size limits: 414 and 431 ---- */

static void test_target_limit_complete(void **state)
{
    (void)state;
    char raw[HTTP_MAX_TARGET + 64];
    struct http_request req = blank_request();
    size_t n = request_with_target(raw, HTTP_MAX_TARGET);
    assert_int_equal(parse_at(raw, n, 0, &req), (int)n);
    assert_int_equal(req.target_len, HTTP_MAX_TARGET);

    n = request_with_target(raw, HTTP_MAX_TARGET + 1);
    check_rejected(raw, n, 414, __LINE__);
}

/* A 2049-byte target is refused as soon as its 2049th byte is in, without
 * waiting for the end of the line; 2048 bytes with more to come are not. */
static void test_target_limit_while_incomplete(void **state)
{
    (void)state;
    char raw[HTTP_MAX_TARGET + 64];
    request_with_target(raw, HTTP_MAX_TARGET + 1);
    size_t limit = strlen("GET ") + HTTP_MAX_TARGET;  /* a prefix this long holds 2048 bytes of target */
    struct http_request req = blank_request();
    for (size_t len = 1; len <= limit; len++) {
        int rc = parse_at(raw, len, len - 1, &req);
        if (rc != HTTP_INCOMPLETE)
            fail_msg("prefix of %zu bytes: got %d, expected HTTP_INCOMPLETE", len, rc);
    }
    assert_int_equal(parse_at(raw, limit + 1, limit, &req), HTTP_ERROR);
    assert_int_equal(req.error_status, 414);

    /* The same in one read, and in a read that ends just after the target. */
    req = blank_request();
    assert_int_equal(parse_at(raw, limit + 1, 0, &req), HTTP_ERROR);
    assert_int_equal(req.error_status, 414);
    req = blank_request();
    assert_int_equal(parse_at(raw, limit + strlen(" HTT") + 1, 0, &req), HTTP_ERROR);
    assert_int_equal(req.error_status, 414);
}

/* A control byte ends the target, so this line is a 400, not a 414, however
 * the bytes after it are split into reads: an unfinished line is no 414 for
 * bytes the finished one would not count as target (found by fuzz-http). */
static void test_target_limit_ends_at_control_byte(void **state)
{
    (void)state;
    char raw[HTTP_MAX_TARGET + 64];
    size_t n = request_with_target(raw, HTTP_MAX_TARGET + 1);
    raw[strlen("GET /a")] = '\x01';
    check_rejected(raw, n, 400, __LINE__);
    struct http_request req = blank_request();
    size_t unfinished = strlen("GET ") + HTTP_MAX_TARGET + 1;
    assert_int_equal(parse_at(raw, unfinished, 0, &req), HTTP_INCOMPLETE);
}

static void test_head_limit_complete(void **state)
{
    (void)state;
    static char raw[HTTP_MAX_HEADER_BYTES + 64];
    struct http_request req = blank_request();
    size_t n = request_of_size(raw, HTTP_MAX_HEADER_BYTES);
    assert_int_equal(parse_at(raw, n, 0, &req), HTTP_MAX_HEADER_BYTES);

    n = request_of_size(raw, HTTP_MAX_HEADER_BYTES + 1);
    check_rejected(raw, n, 431, __LINE__);
}

static void test_head_limit_while_incomplete(void **state)
{
    (void)state;
    static char raw[HTTP_MAX_HEADER_BYTES + 64];
    request_of_size(raw, HTTP_MAX_HEADER_BYTES + 50);
    struct http_request req = blank_request();
    /* 8191 bytes without a blank line could still end within the limit. */
    assert_int_equal(parse_at(raw, HTTP_MAX_HEADER_BYTES - 1, 0, &req), HTTP_INCOMPLETE);
    /* 8192 cannot: the blank line would end past it. */
    assert_int_equal(parse_at(raw, HTTP_MAX_HEADER_BYTES, HTTP_MAX_HEADER_BYTES - 1, &req),
                     HTTP_ERROR);
    assert_int_equal(req.error_status, 431);
    req = blank_request();
    assert_int_equal(parse_at(raw, HTTP_MAX_HEADER_BYTES + 20, 0, &req), HTTP_ERROR);
    assert_int_equal(req.error_status, 431);
}

/* Builds a head with count "X-Nnn: v" headers into out; returns its length. */
static size_t request_with_headers(char *out, size_t size, int count)
{
    size_t n = (size_t)snprintf(out, size, "GET / HTTP/1.1\r\n");
    for (int i = 0; i < count; i++)
        n += (size_t)snprintf(out + n, size - n, "X-%d: v\r\n", i);
    n += (size_t)snprintf(out + n, size - n, "\r\n");
    assert_true(n < size);
    return n;
}

static void test_header_count_limit(void **state)
{
    (void)state;
    char raw[1024];
    struct http_request req = blank_request();
    size_t n = request_with_headers(raw, sizeof raw, HTTP_MAX_HEADERS);
    assert_int_equal(parse_at(raw, n, 0, &req), (int)n);
    assert_int_equal(req.num_headers, HTTP_MAX_HEADERS);
    assert_header(&req, HTTP_MAX_HEADERS - 1, "X-31", "v");

    n = request_with_headers(raw, sizeof raw, HTTP_MAX_HEADERS + 1);
    check_rejected(raw, n, 431, __LINE__);
}

int main(void)
{
    const struct CMUnitTest errors[] = {
        T(test_reject_garbage),
        T(test_reject_missing_target),
        T(test_reject_target_not_origin_form),
        T(test_reject_bad_authority_form),
        T(test_reject_request_line_at_its_end),
        T(test_good_request_line_waits_for_the_head),
        T(test_reject_bad_version),
        T(test_reject_space_before_colon),
        T(test_reject_bad_header_name),
        T(test_reject_obs_fold),
        T(test_reject_control_bytes_in_head),
        T(test_reject_other_major_version_505),
        T(test_target_limit_complete),
        T(test_target_limit_while_incomplete),
        T(test_target_limit_ends_at_control_byte),
        T(test_head_limit_complete),
        T(test_head_limit_while_incomplete),
        T(test_header_count_limit),
    };
    return cmocka_run_group_tests_name("http_errors", errors, NULL, NULL);
}
