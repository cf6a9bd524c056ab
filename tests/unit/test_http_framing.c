/* test_http_framing.c: unit tests of the framing checks made on a parsed
 * request head (Host, Content-Length, Transfer-Encoding) and of whether it
 * announces a body. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "http.h"
#include "http_check.h"

/* The head of raw, which must parse whole. */
static struct http_request parsed(const char *raw)
{
    struct http_request req = blank_request();
    int rc = parse_at(raw, strlen(raw), 0, &req);
    if (rc != (int)strlen(raw))
        fail_msg("\"%s\" did not parse: %d", raw, rc);
    return req;
}

static int framing(const char *raw)
{
    struct http_request req = parsed(raw);
    return http_check_framing(&req);
}

static bool has_body(const char *raw)
{
    struct http_request req = parsed(raw);
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

int main(void)
{
    const struct CMUnitTest framing_tests[] = {
        T(test_framing_host),
        T(test_framing_content_length),
        T(test_framing_content_length_with_transfer_encoding),
        T(test_has_body),
    };
    return cmocka_run_group_tests_name("http_framing", framing_tests, NULL, NULL);
}
