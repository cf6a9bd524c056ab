/* report_csv.c: a comparison as CSV, one line per case (wrk's, then the open-loop rungs') and per geomean,
 * for spreadsheets and scripts. */
#include <math.h>

#include "report.h"

static const char *const verdict_names[] = {
    [V_CHANGED] = "changed", [V_SAME] = "same", [V_TOO_FEW] = "too_few_reps",
    [V_NO_DATA] = "no_data", [V_ONLY_A] = "only_a", [V_ONLY_B] = "only_b",
};

static void csv_number(FILE *out, double v)
{
    if (isnan(v))
        fputc(',', out);
    else
        fprintf(out, ",%.6g", v);
}

/* n, median, min, max; empty fields for a side without the case. */
static void csv_side(FILE *out, const struct rs_case *c, enum rs_metric m)
{
    if (!c) {
        fputs(",,,,", out);
        return;
    }
    fprintf(out, ",%zu", rs_count(c, m));
    for (int i = 0; i < 3; i++) {
        double v = i == 0 ? c->stats[m].p50 : i == 1 ? c->stats[m].min : c->stats[m].max;
        csv_number(out, rs_count(c, m) ? v : NAN);
    }
}

static const char *integrity(const struct cmp_row *r)
{
    int a = r->a && rs_has_issues(r->a), b = r->b && rs_has_issues(r->b);
    return a && b ? "both" : a ? "a" : b ? "b" : "ok";
}

/* The optional columns: delay_ms (netns runs) after clients, then rung (runs with open-loop rungs). */
struct layout {
    int delays, rungs;
};

/* A wrk case leaves rung empty, a rung leaves clients empty. */
static void csv_row(FILE *out, const struct comparison *c, const struct cmp_row *r, const struct layout *l)
{
    const struct rs_case *k = r->a ? r->a : r->b;
    fprintf(out, "%s,%s,%s,", k->workload, k->mode, k->variant);
    if (!k->rung)
        fprintf(out, "%d", k->clients);
    if (l->delays)
        csv_number(out, k->delay_ms);
    if (l->rungs && !k->rung)
        fputc(',', out);
    else if (l->rungs)      /* "1.5x" or "5000/s": no thousands separator in a CSV field */
        fprintf(out, isnan(k->fraction) ? ",%g/s" : ",%gx", isnan(k->fraction) ? k->rate : k->fraction);
    fprintf(out, ",%s", rs_metric_name(c->metric));
    csv_side(out, r->a, c->metric);
    csv_side(out, r->b, c->metric);
    csv_number(out, r->change);
    csv_number(out, r->p);
    fprintf(out, ",%s,%s\n", verdict_names[r->verdict], integrity(r));
}

static void csv_geomean(FILE *out, const struct comparison *c, size_t from, size_t to, const struct layout *l)
{
    double a, b;
    const struct rs_case *k = c->rows[from].a;
    if (!compare_geomean(c, from, to, &a, &b))
        return;
    fprintf(out, "%s,%s,geomean,,%s%s%s,,%.6g,,,,%.6g,,,%.6g,,geomean,\n", k->workload, k->mode,
            l->delays ? "," : "", l->rungs ? "," : "", rs_metric_name(c->metric), a, b, (b - a) / a * 100);
}

/* One comparison's lines: a section at a time (with its geomean, for wrk's), then the cases only in B. */
static void csv_lines(FILE *out, const struct comparison *c, const struct layout *l, int geomeans)
{
    size_t i = 0;
    while (i < c->n && c->rows[i].a) {
        size_t from = i, end = compare_section_end(c, i);
        for (; i < end; i++)
            csv_row(out, c, &c->rows[i], l);
        if (geomeans)
            csv_geomean(out, c, from, end, l);
    }
    for (; i < c->n; i++)
        csv_row(out, c, &c->rows[i], l);
}

void report_csv(FILE *out, const struct comparison *c, const struct comparison *open)
{
    struct layout l = {compare_has_delays(c, 0, c->n), open[0].n > 0};
    fprintf(out, "workload,mode,variant,clients,%s%smetric,a_n,a_median,a_min,a_max,b_n,b_median,b_min,b_max,"
            "change_pct,p,verdict,integrity\n", l.delays ? "delay_ms," : "", l.rungs ? "rung," : "");
    csv_lines(out, c, &l, 1);
    for (int k = 0; k < OPEN_COMPARISONS; k++)
        csv_lines(out, &open[k], &l, 0);
}
