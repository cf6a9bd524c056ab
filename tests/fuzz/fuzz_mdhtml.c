/* fuzz_mdhtml.c: libFuzzer target for the Markdown to HTML of the report pages (bench/results/lib/mdhtml.c).
 *
 * The input is any text (up to its first NUL), as summary.md or a comparison could hold after an edit.
 * Checked, beyond "no crash": the output has no '<' or '>' but in the tags mdhtml writes (the input's own are
 * escaped), and every block and span it opens it closes, in order: a page tidy can read. */
#include "fuzz.h"
#include "mdhtml.h"

#include <string.h>

static const char *const tags[] = {
    "<h1>", "</h1>", "<h2>", "</h2>", "<h3>", "</h3>", "<h4>", "</h4>", "<h5>", "</h5>", "<h6>", "</h6>",
    "<p>", "</p>", "<ul>", "</ul>", "<li>", "</li>", "<table>", "</table>", "<thead>", "</thead>",
    "<tbody>", "</tbody>", "<tr>", "</tr>", "<th>", "<th class=\"num\">", "</th>", "<td>",
    "<td class=\"num\">", "</td>", "<code>", "</code>", "<strong>", "</strong>",
};

/* The tag html starts with, or -1. */
static int tag_at(const char *html)
{
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        if (strncmp(html, tags[i], strlen(tags[i])) == 0)
            return (int)i;
    return -1;
}

/* Every tag known, and each closing one matches the innermost open one. */
static void check_nesting(const char *html)
{
    char open[4096][12];
    size_t depth = 0;
    for (const char *p = html; *p; p++) {
        CHECK(*p != '>');
        if (*p != '<')
            continue;
        int t = tag_at(p);
        CHECK(t >= 0);
        const char *tag = tags[t];
        if (tag[1] == '/') {
            CHECK(depth > 0 && strncmp(open[depth - 1], tag + 2, strlen(tag) - 3) == 0);
            depth--;
        } else {
            CHECK(depth < 4096);
            snprintf(open[depth++], sizeof open[0], "%.*s", (int)strcspn(tag + 1, " >"), tag + 1);
        }
        p += strlen(tag) - 1;
    }
    CHECK(depth == 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *md = malloc(size + 1), *html = NULL;
    size_t len = 0;
    CHECK(md != NULL);
    memcpy(md, data, size);
    md[size] = '\0';
    FILE *f = open_memstream(&html, &len);
    CHECK(f != NULL);
    int rc = md_to_html(f, md, 0);
    CHECK(fclose(f) == 0);
    if (rc == 0)
        check_nesting(html);
    free(html);
    free(md);
    return 0;
}
