/* report_html.c: a comparison as one HTML page (compare-results --format html): the Markdown report, the one
 * place that says what a comparison shows, turned into HTML by mdhtml.c; no scripts, nothing fetched. */
#include <stdlib.h>

#include "mdhtml.h"
#include "report.h"

int report_html(FILE *out, const struct comparison *c, const struct comparison *open)
{
    char *md = NULL, title[512];
    size_t len = 0;
    FILE *m = open_memstream(&md, &len);
    if (!m)
        return -1;
    report_markdown(m, c, open);
    if (fclose(m) != 0) {
        free(md);
        return -1;
    }
    snprintf(title, sizeof title, "searchbench: %s against %s", rs_label(c->a), rs_label(c->b));
    html_begin(out, title);
    int rc = md_to_html(out, md, 0);
    html_end(out);
    free(md);
    return rc;
}
