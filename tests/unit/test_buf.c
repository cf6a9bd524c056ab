/* test_buf.c: unit tests of struct buf's HTML escaping and printf. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"

static void assert_buf(const struct buf *b, const char *expected)
{
    assert_int_equal(b->len, strlen(expected));
    assert_memory_equal(b->data, expected, b->len);
}

static void assert_html(const char *s, size_t len, const char *expected)
{
    struct buf b;
    buf_init(&b);
    buf_append_html(&b, s, len);
    assert_buf(&b, expected);
    buf_free(&b);
}

static void test_html_escapes_specials(void **state)
{
    (void)state;
    const char *s = "<a href=\"x\">Tom & Jerry's</a>";
    assert_html(s, strlen(s), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    assert_html("&amp;", 5, "&amp;amp;");           /* no double-unescaping */
}

static void test_html_leaves_other_bytes(void **state)
{
    (void)state;
    const char *s = "plain text, caf\xc3\xa9\t/=;:%\n";
    assert_html(s, strlen(s), s);
    assert_html("", 0, "");
}

static void test_html_respects_len(void **state)
{
    (void)state;
    assert_html("a<b>", 2, "a&lt;");

    struct buf b;                                    /* a NUL is data, not an end */
    buf_init(&b);
    buf_append_html(&b, "a\0<", 3);
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.data, "a\0&lt;", 6);
    buf_free(&b);
}

static void test_printf_appends(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "x=");
    buf_printf(&b, "%d-%s", 42, "y");
    assert_buf(&b, "x=42-y");
    buf_printf(&b, "%s", "");
    assert_buf(&b, "x=42-y");
    buf_printf(&b, "|%05.1f", 2.5);
    assert_buf(&b, "x=42-y|002.5");
    buf_free(&b);
}

static void test_printf_grows_buffer(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "head:");
    buf_printf(&b, "%01000d", 7);                    /* longer than the first allocation */
    assert_int_equal(b.len, 5 + 1000);
    assert_memory_equal(b.data, "head:0000", 9);
    assert_int_equal(b.data[b.len - 1], '7');
    buf_printf(&b, "%s", "!");
    assert_int_equal(b.len, 5 + 1000 + 1);
    assert_int_equal(b.data[b.len - 1], '!');
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest buf[] = {
        cmocka_unit_test(test_html_escapes_specials),
        cmocka_unit_test(test_html_leaves_other_bytes),
        cmocka_unit_test(test_html_respects_len),
        cmocka_unit_test(test_printf_appends),
        cmocka_unit_test(test_printf_grows_buffer),
    };
    return cmocka_run_group_tests_name("buf", buf, NULL, NULL);
}
