/* report_open.c: the open-loop rungs in the Markdown comparison: per workload, a table of one measure (the rate
 * served, or the server's CPU per connection) at each fraction of a variant's capacity and each absolute rate. */
#include "report.h"

const enum rs_metric open_metrics[OPEN_COMPARISONS] = {RS_SERVED, RS_COST};

static void print_rung_row(FILE *out, const struct cmp_row *r, enum rs_metric m)
{
    char change[32], rung[32];
    int issues = rs_has_issues(r->a) || rs_has_issues(r->b);
    fprintf(out, "| %s%s | %s | ", r->a->variant, issues ? " " MARK_ISSUE : "", rs_rung_label(r->a, rung, sizeof rung));
    print_side(out, r->a, m);
    fputs(" | ", out);
    print_side(out, r->b, m);
    fprintf(out, " | %s%s | ", format_change(r, change, sizeof change), r->verdict == V_TOO_FEW ? " " MARK_TOO_FEW : "");
    fprintf(out, r->p == r->p ? "%.3f" : "-", r->p);    /* NAN when untested */
    fprintf(out, " | %zu+%zu |\n", rs_count(r->a, m), rs_count(r->b, m));
}

void report_open_markdown(FILE *out, const struct comparison *c)
{
    for (size_t i = 0, end; i < c->n && c->rows[i].a; i = end) {
        size_t both = 0;
        end = compare_section_end(c, i);
        for (size_t k = i; k < end; k++)
            both += c->rows[k].b != NULL;
        if (both == 0)
            continue;   /* a workload only A ran: listed under "Only in A" */
        fprintf(out, "### %s, open loop (httperf): %s (%s is better)\n\n", c->rows[i].a->workload,
                metric_title(c->metric, "close"), metric_higher_is_better(c->metric) ? "higher" : "lower");
        fputs("| variant | offered | A | B | change | p | n |\n|:--|--:|--:|--:|--:|--:|--:|\n", out);
        for (size_t k = i; k < end; k++)
            if (c->rows[k].b)
                print_rung_row(out, &c->rows[k], c->metric);
        fputs("\n", out);
    }
}
