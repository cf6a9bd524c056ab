/* report_csv.c: a comparison as CSV, one line per case and per geomean, for spreadsheets and scripts. */
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
    fprintf(out, ",%zu", c->measured);
    for (int i = 0; i < 3; i++) {
        double v = i == 0 ? c->stats[m].p50 : i == 1 ? c->stats[m].min : c->stats[m].max;
        csv_number(out, c->measured ? v : NAN);
    }
}

static const char *integrity(const struct cmp_row *r)
{
    int a = r->a && rs_has_issues(r->a), b = r->b && rs_has_issues(r->b);
    return a && b ? "both" : a ? "a" : b ? "b" : "ok";
}

/* delays: the lines have a delay_ms column (empty on loopback). */
static void csv_row(FILE *out, const struct comparison *c, const struct cmp_row *r, int delays)
{
    const struct rs_case *k = r->a ? r->a : r->b;
    fprintf(out, "%s,%s,%s,%d", k->workload, k->mode, k->variant, k->clients);
    if (delays)
        csv_number(out, k->delay_ms);
    fprintf(out, ",%s", rs_metric_name(c->metric));
    csv_side(out, r->a, c->metric);
    csv_side(out, r->b, c->metric);
    csv_number(out, r->change);
    csv_number(out, r->p);
    fprintf(out, ",%s,%s", verdict_names[r->verdict], integrity(r));
    csv_number(out, r->ratio.estimate);
    csv_number(out, r->ratio.low);
    csv_number(out, r->ratio.high);
    fputc('\n', out);
}

static void csv_geomean(FILE *out, const struct comparison *c, size_t from, size_t to, int delays)
{
    double a, b;
    const struct rs_case *k = c->rows[from].a;
    if (!compare_geomean(c, from, to, &a, &b))
        return;
    fprintf(out, "%s,%s,geomean,,%s%s,,%.6g,,,,%.6g,,,%.6g,,geomean,,,,\n", k->workload, k->mode,
            delays ? "," : "", rs_metric_name(c->metric), a, b, (b - a) / a * 100);
}

void report_csv(FILE *out, const struct comparison *c)
{
    size_t i = 0;
    int delays = compare_has_delays(c, 0, c->n);
    fprintf(out, "workload,mode,variant,clients,%smetric,a_n,a_median,a_min,a_max,b_n,b_median,b_min,b_max,"
            "change_pct,p,verdict,integrity,hl_change_pct,ci_low_pct,ci_high_pct\n", delays ? "delay_ms," : "");
    while (i < c->n && c->rows[i].a) {
        size_t from = i, end = compare_section_end(c, i);
        for (; i < end; i++)
            csv_row(out, c, &c->rows[i], delays);
        csv_geomean(out, c, from, end, delays);
    }
    for (; i < c->n; i++)
        csv_row(out, c, &c->rows[i], delays);
}
