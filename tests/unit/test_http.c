/* test_http.c: unit tests of the incremental HTTP/1.x request parser on good
 * requests (whole, byte by byte, pipelined), the target forms and methods,
 * and header lookup. Bad requests: test_http_errors.c; the framing checks
 * made on a parsed head: test_http_framing.c. */
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

/* ---- target forms and methods ---- */

/* Fails unless raw parses whole, with this method and target. */
static void check_method_and_target(const char *raw, const char *method, const char *target)
{
    struct http_request req = blank_request();
    assert_int_equal(parse_at(raw, strlen(raw), 0, &req), (int)strlen(raw));
    assert_true(http_method_is(&req, method));
    assert_target(&req, target);
}

/* CONNECT names a host and port (authority-form); OPTIONS may name the
 * server as a whole ("*"). The server refuses both with 405, but only after
 * parsing them. */
static void test_parse_connect_and_options_targets(void **state)
{
    (void)state;
    check_method_and_target("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n",
                            "CONNECT", "example.org:443");
    check_method_and_target("CONNECT [::1]:8080 HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
                            "CONNECT", "[::1]:8080");
    check_method_and_target("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", "OPTIONS", "*");
    check_method_and_target("OPTIONS /query HTTP/1.1\r\nHost: h\r\n\r\n", "OPTIONS", "/query");
}

/* Parses "<method> <target> HTTP/1.1" (CONNECT's target is host:port). */
static bool method_known(const char *method)
{
    char raw[128];
    struct http_request req = blank_request();
    const char *target = strcmp(method, "CONNECT") == 0 ? "h:1" : "/";
    size_t n = (size_t)snprintf(raw, sizeof raw, "%s %s HTTP/1.1\r\nHost: h\r\n\r\n",
                                method, target);
    assert_int_equal(parse_at(raw, n, 0, &req), (int)n);
    return http_method_is_known(&req);
}

/* RFC 9110's methods and PATCH are known (405 if not allowed), others not (501). */
static void test_known_methods(void **state)
{
    (void)state;
    static const char *const known[] = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    };
    static const char *const unknown[] = { "get", "Post", "BREW", "PROPFIND", "GETS", "PATC", "X" };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!method_known(known[i]))
            fail_msg("method %s not known", known[i]);
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        if (method_known(unknown[i]))
            fail_msg("method %s taken as known", unknown[i]);
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
        T(test_parse_connect_and_options_targets),
        T(test_known_methods),
    };
    const struct CMUnitTest headers[] = {
        T(test_find_header_case_insensitive_and_trimmed),
        T(test_find_header_returns_first),
        T(test_connection_token_list),
        T(test_connection_close_upper_case),
        T(test_connection_token_in_second_field_line),
    };
    int failed = cmocka_run_group_tests_name("http_parse", parse, NULL, NULL);
    return failed + cmocka_run_group_tests_name("http_headers", headers, NULL, NULL);
}
