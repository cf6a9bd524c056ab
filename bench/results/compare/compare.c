/* compare.c: pairs the cases of two runs and decides, per case, whether a metric changed. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mwu.h"

/* The verdict as benchstat gives it, plus the case where no verdict is possible. */
static int decide(struct cmp_row *r, enum rs_metric m)
{
    struct mwu_result t;
    r->p = r->change = NAN;
    r->ratio = (struct hl_interval){NAN, NAN, NAN};
    if (!r->a || !r->b) {
        r->verdict = r->a ? V_ONLY_A : V_ONLY_B;
        return 0;
    }
    size_t na = rs_count(r->a, m), nb = rs_count(r->b, m);
    if (na == 0 || nb == 0) {
        r->verdict = V_NO_DATA;
        return 0;
    }
    double ma = r->a->stats[m].p50, mb = r->b->stats[m].p50;
    r->change = (mb - ma) / ma * 100;
    if (mwu_test(r->a->value[m], na, r->b->value[m], nb, &t) != 0)
        return -1;
    r->p = t.p;
    /* 1 - alpha: the interval excludes no change exactly when the test is
     * significant (up to ties), and sizes that cannot reach alpha get none. */
    if (hl_ratio_pct(r->a->value[m], na, r->b->value[m], nb, COMPARE_ALPHA, &r->ratio) != 0)
        return -1;
    if (mwu_smallest_p(na, nb) > COMPARE_ALPHA)
        r->verdict = V_TOO_FEW;
    else
        r->verdict = t.p <= COMPARE_ALPHA ? V_CHANGED : V_SAME;
    return 0;
}

/* The rows of the cases ca[0..na) of A and cb[0..nb) of B, paired by find. */
static int pair(struct comparison *out, const struct rs_case *ca, size_t na, const struct rs_case *cb, size_t nb,
                const struct rs_case *(*find)(const struct rs_run *, const struct rs_case *))
{
    /* + 1: two empty runs still get a non-NULL array. */
    if (!(out->rows = calloc(na + nb + 1, sizeof *out->rows)))
        return -1;
    for (size_t i = 0; i < na; i++)
        out->rows[out->n++] = (struct cmp_row){.a = &ca[i], .b = find(out->b, &ca[i])};
    for (size_t i = 0; i < nb; i++)
        if (!find(out->a, &cb[i]))
            out->rows[out->n++] = (struct cmp_row){.b = &cb[i]};
    for (size_t i = 0; i < out->n; i++)
        if (decide(&out->rows[i], out->metric) != 0)
            return -1;
    return 0;
}

int compare_runs(const struct rs_run *a, const struct rs_run *b, enum rs_metric metric,
                 struct comparison *out)
{
    *out = (struct comparison){a, b, metric, NULL, 0};
    return pair(out, a->cases, a->n_cases, b->cases, b->n_cases, rs_find);
}

int compare_rungs(const struct rs_run *a, const struct rs_run *b, enum rs_metric metric,
                  struct comparison *out)
{
    *out = (struct comparison){a, b, metric, NULL, 0};
    return pair(out, a->rungs, a->n_rungs, b->rungs, b->n_rungs, rs_find_rung);
}

void compare_free(struct comparison *c)
{
    free(c->rows);
}

size_t compare_section_end(const struct comparison *c, size_t from)
{
    size_t end = from;
    while (end < c->n && c->rows[end].a && rs_same_section(c->rows[end].a, c->rows[from].a))
        end++;
    return end;
}

int compare_has_delays(const struct comparison *c, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        const struct cmp_row *r = &c->rows[i];
        if ((r->a && !isnan(r->a->delay_ms)) || (r->b && !isnan(r->b->delay_ms)))
            return 1;
    }
    return 0;
}

int compare_geomean(const struct comparison *c, size_t from, size_t to, double *a, double *b)
{
    double log_a = 0, log_b = 0;
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        const struct cmp_row *r = &c->rows[i];
        if (r->verdict == V_ONLY_A || r->verdict == V_NO_DATA)
            continue;
        double ma = r->a->stats[c->metric].p50, mb = r->b->stats[c->metric].p50;
        if (ma > 0 && mb > 0) {
            log_a += log(ma);
            log_b += log(mb);
            n++;
        }
    }
    if (n == 0)
        return 0;
    *a = exp(log_a / (double)n);
    *b = exp(log_b / (double)n);
    return 1;
}

int metric_parse(const char *name, enum rs_metric *m)
{
    for (int i = 0; i < RS_CASE_METRICS; i++)
        if (strcmp(rs_metric_name((enum rs_metric)i), name) == 0) {
            *m = (enum rs_metric)i;
            return 0;
        }
    return -1;
}

const char *metric_title(enum rs_metric m, const char *mode)
{
    if (m == RS_P50)
        return "p50 latency (µs)";
    if (m == RS_P99)
        return "p99 latency (µs)";
    static const char *const cpu[3][2] = {   /* by metric, then close mode or keep-alive */
        {"server CPU µs per connection", "server CPU µs per request"},
        {"server user CPU µs per connection", "server user CPU µs per request"},
        {"server system CPU µs per connection", "server system CPU µs per request"},
    };
    if (m >= RS_CPU && m <= RS_CPU_SYS)
        return cpu[m - RS_CPU][strcmp(mode, "close") != 0];
    if (m == RS_SERVED)
        return "connections/sec served";
    if (m == RS_COST)
        return "server CPU µs per connection";
    return strcmp(mode, "close") == 0 ? "connections/sec" : "requests/sec";
}

int metric_higher_is_better(enum rs_metric m)
{
    return m == RS_RPS || m == RS_SERVED;
}

/* "+9%", "-0.4%": whole percents from 10% on, tenths below. */
static int format_bound(char *buf, size_t len, double pct)
{
    return snprintf(buf, len, fabs(pct) >= 9.95 ? "%+.0f%%" : "%+.1f%%", pct);
}

const char *format_change(const struct cmp_row *r, char *buf, size_t len)
{
    int used;
    if (r->verdict == V_CHANGED)
        used = snprintf(buf, len, "%+.2f%%", r->change);
    else
        used = snprintf(buf, len, r->verdict == V_SAME || r->verdict == V_TOO_FEW ? "~" : "-");
    if (isnan(r->ratio.low) || used < 0 || (size_t)used >= len)
        return buf;
    char low[16], high[16];
    format_bound(low, sizeof low, r->ratio.low);
    format_bound(high, sizeof high, r->ratio.high);
    snprintf(buf + used, len - (size_t)used, " [%s, %s]", low, high);
    return buf;
}
