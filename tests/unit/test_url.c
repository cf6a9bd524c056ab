/* test_url.c: unit tests of percent-decoding, query parameters, the /static
 * path check and path encoding (struct buf's own: test_buf.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "url.h"

/* ---- helpers ---- */

/* A heap copy of s without its NUL, so that AddressSanitizer reports a read
 * past the len bytes a function was given. */
static char *exact_copy(const char *s, size_t len)
{
    char *p = malloc(len ? len : 1);
    assert_non_null(p);
    memcpy(p, s, len);
    return p;
}

/* Decodes src into a buffer of exactly strlen(src) + 1 bytes, the documented
 * size; returns url_decode's result, and the output in *out (free it). */
static ssize_t decode(const char *src, bool plus_is_space, char **out)
{
    size_t len = strlen(src);
    char *in = exact_copy(src, len);
    *out = malloc(len + 1);
    assert_non_null(*out);
    ssize_t n = url_decode(in, len, *out, plus_is_space);
    free(in);
    return n;
}

static void check_decodes(const char *src, bool plus_is_space, const char *expected, size_t expected_len,
                          int line)
{
    char *out;
    ssize_t n = decode(src, plus_is_space, &out);
    if (n != (ssize_t)expected_len || memcmp(out, expected, expected_len) != 0 || out[n] != '\0')
        fail_msg("line %d: url_decode(\"%s\") returned %zd, expected %zu bytes", line, src, n,
                 expected_len);
    free(out);
}

#define ASSERT_DECODES(src, plus, expected) \
    check_decodes((src), (plus), (expected), sizeof(expected) - 1, __LINE__)

static void check_decode_fails(const char *src, int line)
{
    char *out;
    ssize_t n = decode(src, false, &out);
    free(out);
    if (n != -1)
        fail_msg("line %d: url_decode(\"%s\") returned %zd, expected -1", line, src, n);
}

#define ASSERT_DECODE_FAILS(src) check_decode_fails((src), __LINE__)

/* url_query_param on an exact copy of query; returns the raw value in *value
 * (a fresh NUL-terminated string to free) or NULL when absent. */
static char *query_param(const char *query, const char *name)
{
    size_t len = strlen(query);
    char *q = exact_copy(query, len);
    const char *value = NULL;
    size_t value_len = 0;
    char *result = NULL;
    if (url_query_param(q, len, name, &value, &value_len)) {
        assert_true(value >= q && value + value_len <= q + len);   /* points into the query */
        result = strndup(value, value_len);
        assert_non_null(result);
    }
    free(q);
    return result;
}

static void check_param(const char *query, const char *name, const char *expected, int line)
{
    char *got = query_param(query, name);
    bool ok = expected ? got != NULL && strcmp(got, expected) == 0 : got == NULL;
    if (!ok)
        fail_msg("line %d: %s in \"%s\": got %s%s%s, expected %s%s%s", line, name, query,
                 got ? "\"" : "", got ? got : "absent", got ? "\"" : "",
                 expected ? "\"" : "", expected ? expected : "absent", expected ? "\"" : "");
    free(got);
}

#define ASSERT_PARAM(query, name, expected) check_param((query), (name), (expected), __LINE__)

static void assert_buf(const struct buf *b, const char *expected)
{
    assert_int_equal(b->len, strlen(expected));
    assert_memory_equal(b->data, expected, b->len);
}

static void assert_encodes(const char *path, const char *expected)
{
    struct buf b;
    buf_init(&b);
    url_encode_path(&b, path);
    assert_buf(&b, expected);
    buf_free(&b);
}

/* ---- url_decode ---- */

static void test_decode_plain(void **state)
{
    (void)state;
    ASSERT_DECODES("", false, "");
    ASSERT_DECODES("hello", false, "hello");
    ASSERT_DECODES("a/b.txt", false, "a/b.txt");
}

static void test_decode_hex_escapes(void **state)
{
    (void)state;
    ASSERT_DECODES("%41", false, "A");
    ASSERT_DECODES("x%41y", false, "xAy");
    ASSERT_DECODES("%c3%a9", false, "\xc3\xa9");     /* lower-case hex */
    ASSERT_DECODES("%C3%A9", false, "\xc3\xa9");     /* upper-case hex */
    ASSERT_DECODES("%Aa%aA", false, "\xaa\xaa");
    ASSERT_DECODES("%2F", false, "/");
    ASSERT_DECODES("%01", false, "\x01");
    ASSERT_DECODES("100%25", false, "100%");
    ASSERT_DECODES("%2541", false, "%41");           /* decoded once, not twice */
}

static void test_decode_plus(void **state)
{
    (void)state;
    ASSERT_DECODES("a+b", true, "a b");
    ASSERT_DECODES("a+b", false, "a+b");
    ASSERT_DECODES("++", true, "  ");
    ASSERT_DECODES("a%2Bb", true, "a+b");            /* an encoded '+' is a plus */
    ASSERT_DECODES("a%20b", false, "a b");
}

static void test_decode_rejects_bad_escapes(void **state)
{
    (void)state;
    ASSERT_DECODE_FAILS("%");
    ASSERT_DECODE_FAILS("%4");
    ASSERT_DECODE_FAILS("abc%4");
    ASSERT_DECODE_FAILS("%zz");
    ASSERT_DECODE_FAILS("%4z");
    ASSERT_DECODE_FAILS("%z4");
    ASSERT_DECODE_FAILS("% 41");
    ASSERT_DECODE_FAILS("%-1");
}

static void test_decode_rejects_encoded_nul(void **state)
{
    (void)state;
    ASSERT_DECODE_FAILS("%00");
    ASSERT_DECODE_FAILS("a.txt%00.html");
}

/* Decoding comes before the path check, so an encoded ".." must reach it. */
static void test_decode_encoded_dots(void **state)
{
    (void)state;
    ASSERT_DECODES("%2e%2e", false, "..");
    ASSERT_DECODES("%2E%2E%2Fetc", false, "../etc");
}

static void test_decode_respects_len(void **state)
{
    (void)state;
    char out[8];
    assert_int_equal(url_decode("ab%41", 2, out, false), 2);
    assert_string_equal(out, "ab");
    assert_int_equal(url_decode("ab%41", 4, out, false), -1);   /* "%4" at the end of len */
}

/* ---- url_query_param ---- */

static void test_query_param_positions(void **state)
{
    (void)state;
    const char *q = "terms=a+b&page=2&lang=en";
    ASSERT_PARAM(q, "terms", "a+b");                 /* raw, still encoded */
    ASSERT_PARAM(q, "page", "2");
    ASSERT_PARAM(q, "lang", "en");
    ASSERT_PARAM("terms=%41", "terms", "%41");
}

static void test_query_param_absent(void **state)
{
    (void)state;
    ASSERT_PARAM("", "terms", NULL);
    ASSERT_PARAM("page=2&lang=en", "terms", NULL);
    ASSERT_PARAM("terms", "terms", NULL);            /* no '=' */
    ASSERT_PARAM("page=terms=1", "terms", NULL);     /* only in a value */
}

static void test_query_param_whole_name_only(void **state)
{
    (void)state;
    ASSERT_PARAM("xterms=1", "terms", NULL);
    ASSERT_PARAM("xterms=1&terms=2", "terms", "2");
    ASSERT_PARAM("termsx=1&terms=2", "terms", "2");
    ASSERT_PARAM("terms=1", "term", NULL);
    ASSERT_PARAM("terms=1", "erms", NULL);
}

static void test_query_param_empty_value(void **state)
{
    (void)state;
    ASSERT_PARAM("terms=", "terms", "");
    ASSERT_PARAM("terms=&page=2", "terms", "");
    ASSERT_PARAM("page=2&terms=", "terms", "");
    ASSERT_PARAM("a=1&&terms=x&", "terms", "x");     /* empty pairs are skipped */
}

static void test_query_param_first_of_repeats(void **state)
{
    (void)state;
    ASSERT_PARAM("terms=one&terms=two", "terms", "one");
}

static void test_query_param_respects_len(void **state)
{
    (void)state;
    const char *value = NULL;
    size_t value_len = 0;
    const char q[] = "a=1&terms=xyz";
    assert_false(url_query_param(q, 4, "terms", &value, &value_len));
    assert_true(url_query_param(q, 11, "terms", &value, &value_len));
    assert_int_equal(value_len, 1);
    assert_ptr_equal(value, q + 10);
}

/* ---- url_static_path_ok ---- */

static void test_static_path_accepts_relative_paths(void **state)
{
    (void)state;
    assert_true(url_static_path_ok("a.txt"));
    assert_true(url_static_path_ok("d1/d2/x.txt"));
    assert_true(url_static_path_ok("..a"));
    assert_true(url_static_path_ok("a.."));
    assert_true(url_static_path_ok("a..b"));
    assert_true(url_static_path_ok("..."));
    assert_true(url_static_path_ok("d/..a/b"));
}

static void test_static_path_rejects(void **state)
{
    (void)state;
    assert_false(url_static_path_ok(""));
    assert_false(url_static_path_ok("/etc/passwd"));
    assert_false(url_static_path_ok("/"));
    assert_false(url_static_path_ok(".."));
    assert_false(url_static_path_ok("../x"));
    assert_false(url_static_path_ok("a/../b"));
    assert_false(url_static_path_ok("a/.."));
    assert_false(url_static_path_ok("."));
    assert_false(url_static_path_ok("./a"));
    assert_false(url_static_path_ok("a/./b"));
    assert_false(url_static_path_ok("a/."));
    assert_false(url_static_path_ok("a//b"));
    assert_false(url_static_path_ok("a/"));
}

/* ---- url_encode_path ---- */

static void test_encode_path_keeps_unreserved_and_slash(void **state)
{
    (void)state;
    assert_encodes("", "");
    assert_encodes("d1/d2/x.txt", "d1/d2/x.txt");
    assert_encodes("AZaz09-._~", "AZaz09-._~");
}

static void test_encode_path_escapes(void **state)
{
    (void)state;
    assert_encodes("a b", "a%20b");
    assert_encodes("\"", "%22");
    assert_encodes("<x>", "%3Cx%3E");
    assert_encodes("100%", "100%25");
    assert_encodes("a?b#c&d+e", "a%3Fb%23c%26d%2Be");
    assert_encodes("caf\xc3\xa9", "caf%C3%A9");      /* each UTF-8 byte, upper-case hex */
    assert_encodes("\x7f\x01", "%7F%01");
}

/* Encoding then decoding gives the path back. */
static void test_encode_path_round_trip(void **state)
{
    (void)state;
    const char *path = "d 1/\"<caf\xc3\xa9>\"/100%+x.txt";
    struct buf b;
    buf_init(&b);
    url_encode_path(&b, path);
    char *out = malloc(b.len + 1);
    assert_non_null(out);
    assert_int_equal(url_decode(b.data, b.len, out, true), strlen(path));
    assert_string_equal(out, path);
    free(out);
    buf_free(&b);
}

static void test_encode_path_appends(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "/static/");
    url_encode_path(&b, "a b");
    assert_buf(&b, "/static/a%20b");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest url[] = {
        cmocka_unit_test(test_decode_plain),
        cmocka_unit_test(test_decode_hex_escapes),
        cmocka_unit_test(test_decode_plus),
        cmocka_unit_test(test_decode_rejects_bad_escapes),
        cmocka_unit_test(test_decode_rejects_encoded_nul),
        cmocka_unit_test(test_decode_encoded_dots),
        cmocka_unit_test(test_decode_respects_len),
        cmocka_unit_test(test_query_param_positions),
        cmocka_unit_test(test_query_param_absent),
        cmocka_unit_test(test_query_param_whole_name_only),
        cmocka_unit_test(test_query_param_empty_value),
        cmocka_unit_test(test_query_param_first_of_repeats),
        cmocka_unit_test(test_query_param_respects_len),
        cmocka_unit_test(test_static_path_accepts_relative_paths),
        cmocka_unit_test(test_static_path_rejects),
        cmocka_unit_test(test_encode_path_keeps_unreserved_and_slash),
        cmocka_unit_test(test_encode_path_escapes),
        cmocka_unit_test(test_encode_path_round_trip),
        cmocka_unit_test(test_encode_path_appends),
    };
    return cmocka_run_group_tests_name("url", url, NULL, NULL);
}
