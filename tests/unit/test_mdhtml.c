/* test_mdhtml.c: the Markdown of summary.md and compare-results as HTML (bench/results/lib/mdhtml.c):
 * each block, the spans, escaping, and text that only looks like a block. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "mdhtml.h"

/* md as HTML, in a buffer the caller frees. */
static char *html_of(const char *md, int shift)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(md_to_html(f, md, shift), 0);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void check(const char *md, int shift, const char *expected)
{
    char *got = html_of(md, shift);
    assert_string_equal(got, expected);
    free(got);
}

static void headings_lists_paragraphs(void **state)
{
    (void)state;
    check("# Run x\n\n- a\n- b `c`\n\ntwo\nlines\n", 0,
          "<h1>Run x</h1>\n<ul>\n<li>a</li>\n<li>b <code>c</code></li>\n</ul>\n<p>two\nlines</p>\n");
    check("## Goals", 1, "<h3>Goals</h3>\n");
    check("###### six", 1, "<p>###### six</p>\n");
}

static void tables(void **state)
{
    (void)state;
    check("| variant | c=1 |\n| --- | ---: |\n| fork | 385 ! |\n", 0,
          "<table>\n<thead><tr><th>variant</th><th class=\"num\">c=1</th></tr></thead>\n<tbody>\n"
          "<tr><td>fork</td><td class=\"num\">385 !</td></tr>\n</tbody>\n</table>\n");
    /* A lone header line, an empty cell, a row longer than the header. */
    check("| a |\n", 0, "<table>\n<thead><tr><th>a</th></tr></thead>\n<tbody>\n</tbody>\n</table>\n");
    check("| a |\n|:--|\n| | x |\n", 0,
          "<table>\n<thead><tr><th>a</th></tr></thead>\n<tbody>\n<tr><td></td><td>x</td></tr>\n</tbody>\n</table>\n");
}

static void spans_and_escaping(void **state)
{
    (void)state;
    check("**A** <b> & \"q\" `x<y`", 0,
          "<p><strong>A</strong> &lt;b&gt; &amp; &quot;q&quot; <code>x&lt;y</code></p>\n");
    /* A marker without its closing one is text. */
    check("a `b and **c", 0, "<p>a `b and **c</p>\n");
    check("-x\n#y\n", 0, "<p>-x\n#y</p>\n");
    check("", 0, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(headings_lists_paragraphs),
        cmocka_unit_test(tables),
        cmocka_unit_test(spans_and_escaping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
