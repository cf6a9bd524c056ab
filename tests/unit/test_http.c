/* test_http.c: unit tests of the incremental HTTP/1.x request parser and the
 * framing checks made on a parsed head. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

/* ---- helpers ---- */

/* The parser never sees a NUL terminator from a socket, so every parse here
 * runs on a heap copy of exactly the bytes "received": under AddressSanitizer a
 * read one byte past them is reported. req points into the copy, so the copy
 * lives until the next parse or the end of the test (teardown). */
static char *received;

static int free_received(void **state)
{
    (void)state;
    free(received);
    received = NULL;
    return 0;
}

static int parse_at(const char *raw, size_t len, size_t last_len, struct http_request *req)
{
    free(received);
    received = malloc(len ? len : 1);
    assert_non_null(received);
    memcpy(received, raw, len);
    return http_parse_request(received, len, last_len, req);
}

/* One-shot parse of a string literal (which may contain NUL bytes). */
#define PARSE(raw, req) parse_at((raw), sizeof(raw) - 1, 0, (req))

/* A fresh request whose error_status is not one the parser could set. */
static struct http_request blank_request(void)
{
    struct http_request req;
    memset(&req, 0, sizeof req);
    req.error_status = -12345;
    return req;
}

/* Asserts that a one-shot parse of raw[0..len) fails with this status. */
static void check_rejected(const char *raw, size_t len, int status, int line)
{
    struct http_request req = blank_request();
    int rc = parse_at(raw, len, 0, &req);
    if (rc != HTTP_ERROR || req.error_status != status)
        fail_msg("input at line %d: expected HTTP_ERROR with status %d, got %d (status %d)",
                 line, status, rc, rc == HTTP_ERROR ? req.error_status : 0);
}

#define ASSERT_REJECTED(raw, status) check_rejected((raw), sizeof(raw) - 1, (status), __LINE__)

/* Asserts that the header field at index i is name: value, byte for byte. */
static void assert_header(const struct http_request *req, size_t i, const char *name,
                          const char *value)
{
    assert_true(i < req->num_headers);
    const struct http_header *h = &req->headers[i];
    assert_int_equal(h->name_len, strlen(name));
    assert_memory_equal(h->name, name, h->name_len);
    assert_int_equal(h->value_len, strlen(value));
    assert_memory_equal(h->value, value, h->value_len);
}

static void assert_found(const struct http_request *req, const char *name, const char *value)
{
    const struct http_header *h = http_find_header(req, name);
    assert_non_null(h);
    assert_int_equal(h->value_len, strlen(value));
    assert_memory_equal(h->value, value, h->value_len);
}

static void assert_target(const struct http_request *req, const char *target)
{
    assert_int_equal(req->target_len, strlen(target));
    assert_memory_equal(req->target, target, req->target_len);
}

/* Builds "GET /aaa...a HTTP/1.1\r\nHost: x\r\n\r\n" with a target of target_len
 * bytes into out (which must be large enough); returns its length. */
static size_t request_with_target(char *out, size_t target_len)
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
static size_t request_of_size(char *out, size_t head_len)
{
    static const char start[] = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ";
    static const char end[] = "\r\n\r\n";
    size_t pad = head_len - (sizeof start - 1) - (sizeof end - 1);
    memcpy(out, start, sizeof start - 1);
    memset(out + sizeof start - 1, 'p', pad);
    memcpy(out + sizeof start - 1 + pad, end, sizeof end - 1);
    return head_len;
}

/* ---- well-formed requests ---- */

static void test_parse_complete_get(void **state)
{
    (void)state;
    static const char raw[] =
        "GET /search?terms=a+b HTTP/1.1\r\n"
        "Host: localhost:8080\r\n"
        "User-Agent: curl/8.5.0\r\n"
        "\r\n";
    struct http_request req = blank_request();
    assert_int_equal(PARSE(raw, &req), (int)strlen(raw));
    assert_true(http_method_is(&req, "GET"));
    assert_false(http_method_is(&req, "get"));      /* methods are case-sensitive */
    assert_false(http_method_is(&req, "GE"));
    assert_false(http_method_is(&req, "GETS"));
    assert_target(&req, "/search?terms=a+b");
    assert_int_equal(req.minor_version, 1);
    assert_int_equal(req.num_headers, 2);
    assert_header(&req, 0, "Host", "localhost:8080");
    assert_header(&req, 1, "User-Agent", "curl/8.5.0");
    assert_int_equal(http_check_framing(&req), 0);
    assert_false(http_has_body(&req));
}

static void test_parse_bare_lf_line_endings(void **state)
{
    (void)state;
    static const char lf[] = "GET /x HTTP/1.1\nHost: a\nAccept: */*\n\n";
    struct http_request req = blank_request();
    assert_int_equal(PARSE(lf, &req), (int)strlen(lf));
    assert_target(&req, "/x");
    assert_int_equal(req.num_headers, 2);
    assert_header(&req, 0, "Host", "a");           /* no stray '\r' in values */
    assert_header(&req, 1, "Accept", "*/*");

    /* Mixed: CRLF lines, then a bare LF line, then a CRLF blank line. */
    static const char mixed[] = "GET /y HTTP/1.1\r\nHost: b\n\r\n";
    req = blank_request();
    assert_int_equal(PARSE(mixed, &req), (int)strlen(mixed));
    assert_int_equal(req.num_headers, 1);
    assert_header(&req, 0, "Host", "b");
}

static void test_parse_no_headers(void **state)
{
    (void)state;
    static const char raw[] = "GET / HTTP/1.0\r\n\r\n";
    struct http_request req = blank_request();
    assert_int_equal(PARSE(raw, &req), (int)strlen(raw));
    assert_int_equal(req.num_headers, 0);
    assert_target(&req, "/");
}

static void test_parse_http10_minor_version(void **state)
{
    (void)state;
    static const char raw[] = "HEAD /a HTTP/1.0\r\nHost: x\r\n\r\n";
    struct http_request req = blank_request();
    assert_int_equal(PARSE(raw, &req), (int)strlen(raw));
    assert_true(http_method_is(&req, "HEAD"));
    assert_int_equal(req.minor_version, 0);
}

/* ---- incremental parsing ---- */

/* Feeds raw one byte at a time, passing the previous length as last_len: every
 * prefix is INCOMPLETE, the whole is the same head as a one-shot parse. */
static void check_one_byte_at_a_time(const char *raw)
{
    size_t n = strlen(raw);
    struct http_request whole = blank_request();
    assert_int_equal(parse_at(raw, n, 0, &whole), (int)n);
    /* whole points into a copy that the next parse frees: keep offsets. */
    ptrdiff_t whole_target = whole.target - received;
    ptrdiff_t whole_last_value = whole.headers[whole.num_headers - 1].value - received;

    struct http_request req = blank_request();
    for (size_t len = 1; len < n; len++) {
        int rc = parse_at(raw, len, len - 1, &req);
        if (rc != HTTP_INCOMPLETE)
            fail_msg("prefix of %zu/%zu bytes: got %d, expected HTTP_INCOMPLETE", len, n, rc);
    }
    assert_int_equal(parse_at(raw, n, n - 1, &req), (int)n);
    assert_int_equal(req.num_headers, whole.num_headers);
    assert_int_equal(req.target_len, whole.target_len);
    assert_int_equal(req.target - received, whole_target);
    assert_int_equal(req.headers[req.num_headers - 1].value - received, whole_last_value);
    assert_int_equal(req.minor_version, whole.minor_version);
}

static void test_parse_one_byte_at_a_time_crlf(void **state)
{
    (void)state;
    check_one_byte_at_a_time("GET /search?terms=x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
}

static void test_parse_one_byte_at_a_time_bare_lf(void **state)
{
    (void)state;
    check_one_byte_at_a_time("GET /search?terms=x HTTP/1.1\nHost: h\nConnection: close\n\n");
    check_one_byte_at_a_time("GET /search?terms=x HTTP/1.1\nHost: h\n\r\n");
}

/* The blank line arrives split after each of its first three bytes. The first
 * read is long (last_len well past 3), so a resumed scan that started exactly
 * at last_len would miss the terminator's start. */
static void test_parse_terminator_split_across_reads(void **state)
{
    (void)state;
    static const char raw[] = "GET /split HTTP/1.1\r\nHost: h\r\n\r\n";
    size_t n = strlen(raw);
    for (size_t missing = 1; missing <= 3; missing++) {
        struct http_request req = blank_request();
        assert_int_equal(parse_at(raw, n - missing, 0, &req), HTTP_INCOMPLETE);
        assert_int_equal(parse_at(raw, n, n - missing, &req), (int)n);
        assert_target(&req, "/split");
        assert_header(&req, 0, "Host", "h");
    }
    /* Same with bare LFs: "\n" | "\n". */
    static const char lf[] = "GET /split HTTP/1.1\nHost: h\n\n";
    size_t m = strlen(lf);
    struct http_request req = blank_request();
    assert_int_equal(parse_at(lf, m - 1, 0, &req), HTTP_INCOMPLETE);
    assert_int_equal(parse_at(lf, m, m - 1, &req), (int)m);
}

static void test_parse_pipelined_stops_at_first_head(void **state)
{
    (void)state;
    static const char first[] = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
    static const char raw[] =
        "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
        "GET /bb HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    struct http_request req = blank_request();
    int head = PARSE(raw, &req);
    assert_int_equal(head, (int)strlen(first));
    assert_target(&req, "/a");
    assert_int_equal(req.num_headers, 1);       /* the second request's headers are not in it */

    size_t rest = strlen(raw) - (size_t)head;
    req = blank_request();
    assert_int_equal(parse_at(raw + head, rest, 0, &req), (int)rest);
    assert_target(&req, "/bb");
    assert_int_equal(req.num_headers, 2);

    /* The same struct reused for the next request holds only that one's headers. */
    static const char next[] = "GET /c HTTP/1.1\r\nHost: h\r\n\r\n";
    assert_int_equal(PARSE(next, &req), (int)strlen(next));
    assert_int_equal(req.num_headers, 1);
    assert_target(&req, "/c");

    /* A second request that has only begun to arrive does not matter either. */
    static const char partial[] = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /c HT";
    req = blank_request();
    assert_int_equal(PARSE(partial, &req), (int)strlen(first));
}

/* ---- header lookup ---- */

static void test_find_header_case_insensitive_and_trimmed(void **state)
{
    (void)state;
    static const char raw[] =
        "GET / HTTP/1.1\r\n"
        "hOsT: \t example.com \t \r\n"
        "X-Inner:  a  b \r\n"
        "X-Empty:   \r\n"
        "X-Tight:v\r\n"
        "\r\n";
    struct http_request req = blank_request();
    assert_int_equal(PARSE(raw, &req), (int)strlen(raw));
    assert_int_equal(req.num_headers, 4);
    assert_found(&req, "Host", "example.com");
    assert_found(&req, "HOST", "example.com");
    assert_found(&req, "x-inner", "a  b");      /* inner spaces kept, outer OWS trimmed */
    assert_found(&req, "X-Empty", "");
    assert_found(&req, "X-Tight", "v");
    assert_null(http_find_header(&req, "Hos"));
    assert_null(http_find_header(&req, "Hostname"));
    assert_null(http_find_header(&req, "Accept"));
}

static void test_find_header_returns_first(void **state)
{
    (void)state;
    static const char raw[] = "GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\nx-a: two\r\n\r\n";
    struct http_request req = blank_request();
    assert_int_equal(PARSE(raw, &req), (int)strlen(raw));
    assert_found(&req, "X-A", "one");
}

static void test_connection_token_list(void **state)
{
    (void)state;
    static const char raw[] = "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\n\r\n";
    struct http_request req = blank_request();
    assert_int_equal(PARSE(raw, &req), (int)strlen(raw));
    assert_true(http_header_has_token(&req, "Connection", "keep-alive"));
    assert_true(http_header_has_token(&req, "connection", "upgrade"));
    assert_true(http_header_has_token(&req, "CONNECTION", "Keep-Alive"));
    assert_false(http_header_has_token(&req, "Connection", "close"));
    assert_false(http_header_has_token(&req, "Connection", "keep"));      /* prefix of a token */
    assert_false(http_header_has_token(&req, "Connection", "alive"));     /* suffix of a token */
    assert_false(http_header_has_token(&req, "Connection", "keep-alive, Upgrade"));
    assert_false(http_header_has_token(&req, "Upgrade", "keep-alive"));   /* no such header */

    static const char spaced[] = "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade ,\tclose\r\n\r\n";
    req = blank_request();
    assert_int_equal(PARSE(spaced, &req), (int)strlen(spaced));
    assert_true(http_header_has_token(&req, "Connection", "upgrade"));   /* OWS before ',' */
    assert_true(http_header_has_token(&req, "Connection", "close"));
}

static void test_connection_close_upper_case(void **state)
{
    (void)state;
    static const char raw[] = "GET / HTTP/1.1\r\nHost: h\r\nConnection: CLOSE\r\n\r\n";
    struct http_request req = blank_request();
    assert_int_equal(PARSE(raw, &req), (int)strlen(raw));
    assert_true(http_header_has_token(&req, "connection", "close"));

    static const char closed[] = "GET / HTTP/1.1\r\nHost: h\r\nConnection: closed,,x\r\n\r\n";
    req = blank_request();
    assert_int_equal(PARSE(closed, &req), (int)strlen(closed));
    assert_false(http_header_has_token(&req, "connection", "close"));
    assert_true(http_header_has_token(&req, "connection", "x"));
}

/* RFC 9110 section 5.3 makes several field lines of one name equivalent to
 * one comma-joined line, so this request carries the "close" option, which
 * RFC 9112 section 9.6 says the server MUST honour. */
static void test_connection_token_in_second_field_line(void **state)
{
    (void)state;
    static const char raw[] =
        "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n";
    struct http_request req = blank_request();
    assert_int_equal(PARSE(raw, &req), (int)strlen(raw));
    assert_true(http_header_has_token(&req, "connection", "keep-alive"));
    assert_true(http_header_has_token(&req, "connection", "close"));
}

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
    ASSERT_REJECTED("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", 400);
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

/* ---- framing ---- */

/* http_check_framing on a head that must parse. */
static int framing(const char *raw)
{
    struct http_request req = blank_request();
    int rc = parse_at(raw, strlen(raw), 0, &req);
    if (rc != (int)strlen(raw))
        fail_msg("\"%s\" did not parse: %d", raw, rc);
    return http_check_framing(&req);
}

static bool has_body(const char *raw)
{
    struct http_request req = blank_request();
    int rc = parse_at(raw, strlen(raw), 0, &req);
    if (rc != (int)strlen(raw))
        fail_msg("\"%s\" did not parse: %d", raw, rc);
    return http_has_body(&req);
}

static void test_framing_host(void **state)
{
    (void)state;
    assert_int_equal(framing("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), 0);
    assert_int_equal(framing("GET / HTTP/1.1\r\nhost:\r\n\r\n"), 0);     /* empty Host is allowed */
    assert_int_equal(framing("GET / HTTP/1.1\r\n\r\n"), 400);
    assert_int_equal(framing("GET / HTTP/1.1\r\nHost: h\r\nHOST: h\r\n\r\n"), 400);
    assert_int_equal(framing("GET / HTTP/1.0\r\n\r\n"), 0);
    assert_int_equal(framing("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
}

static void test_framing_content_length(void **state)
{
    (void)state;
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\n\r\n"), 0);
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\nContent-Length:  0 \r\n\r\n"), 0);
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 12a\r\n\r\n"), 400);
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"), 400);
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\n"), 400);
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1 2\r\n\r\n"), 400);
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n"), 400);
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\n"
                             "Content-Length: 5\r\ncontent-length: 7\r\n\r\n"), 400);
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\n"
                             "Content-Length: 5\r\nContent-Length: 5\r\n\r\n"), 400);
}

static void test_framing_content_length_with_transfer_encoding(void **state)
{
    (void)state;
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\n"
                             "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\n"
                             "transfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n"), 400);
    assert_int_equal(framing("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"), 0);
}

static void test_has_body(void **state)
{
    (void)state;
    assert_false(has_body("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
    assert_false(has_body("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"));
    assert_false(has_body("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 00\r\n\r\n"));
    assert_true(has_body("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n"));
    assert_true(has_body("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n"));
    assert_true(has_body("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"));
    assert_true(has_body("POST / HTTP/1.1\r\nHost: h\r\n"
                         "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n"));
}

#define T(f) cmocka_unit_test_teardown(f, free_received)

int main(void)
{
    const struct CMUnitTest parse[] = {
        T(test_parse_complete_get),
        T(test_parse_bare_lf_line_endings),
        T(test_parse_no_headers),
        T(test_parse_http10_minor_version),
        T(test_parse_one_byte_at_a_time_crlf),
        T(test_parse_one_byte_at_a_time_bare_lf),
        T(test_parse_terminator_split_across_reads),
        T(test_parse_pipelined_stops_at_first_head),
    };
    const struct CMUnitTest headers[] = {
        T(test_find_header_case_insensitive_and_trimmed),
        T(test_find_header_returns_first),
        T(test_connection_token_list),
        T(test_connection_close_upper_case),
        T(test_connection_token_in_second_field_line),
    };
    const struct CMUnitTest errors[] = {
        T(test_reject_garbage),
        T(test_reject_missing_target),
        T(test_reject_target_not_origin_form),
        T(test_reject_bad_version),
        T(test_reject_space_before_colon),
        T(test_reject_bad_header_name),
        T(test_reject_obs_fold),
        T(test_reject_control_bytes_in_head),
        T(test_reject_other_major_version_505),
        T(test_target_limit_complete),
        T(test_target_limit_while_incomplete),
        T(test_head_limit_complete),
        T(test_head_limit_while_incomplete),
        T(test_header_count_limit),
    };
    const struct CMUnitTest framing_tests[] = {
        T(test_framing_host),
        T(test_framing_content_length),
        T(test_framing_content_length_with_transfer_encoding),
        T(test_has_body),
    };
    int failed = cmocka_run_group_tests_name("http_parse", parse, NULL, NULL);
    failed += cmocka_run_group_tests_name("http_headers", headers, NULL, NULL);
    failed += cmocka_run_group_tests_name("http_errors", errors, NULL, NULL);
    return failed + cmocka_run_group_tests_name("http_framing", framing_tests, NULL, NULL);
}
