/* report_md.c: a comparison as a Markdown report: environment, one table per workload and mode, one-sided cases, notes. */
#include <math.h>

#include "envdiff.h"
#include "format.h"
#include "mwu.h"
#include "report.h"

static void case_name(FILE *out, const struct rs_case *c)
{
    char rung[32];
    if (c->rung) {
        fprintf(out, "%s, %s, open loop at %s", c->variant, c->workload, rs_rung_label(c, rung, sizeof rung));
        return;
    }
    fprintf(out, "%s, %s, %s, %d clients", c->variant, c->workload, c->mode, c->clients);
    if (!isnan(c->delay_ms))
        fprintf(out, ", +%g ms round trip", c->delay_ms);
}

void print_side(FILE *out, const struct rs_case *c, enum rs_metric m)
{
    char v[32];
    const struct sample_stats *s = &c->stats[m];
    if (rs_count(c, m) == 0) {
        fprintf(out, "no data");
        return;
    }
    double spread = s->p50 > 0 ? fmax(s->max - s->p50, s->p50 - s->min) / s->p50 * 100 : 0;
    fprintf(out, "%s ± %.0f%%", format_scaled(v, sizeof v, s->p50), spread);
}

/* delays: the table has a column for the added round trip. */
static void print_row(FILE *out, const struct cmp_row *r, enum rs_metric m, int delays)
{
    char change[64];
    int issues = rs_has_issues(r->a) || rs_has_issues(r->b);
    fprintf(out, "| %s%s | %d | ", r->a->variant, issues ? " " MARK_ISSUE : "", r->a->clients);
    if (delays)
        fprintf(out, isnan(r->a->delay_ms) ? "- | " : "%g | ", r->a->delay_ms);
    print_side(out, r->a, m);
    fprintf(out, " | ");
    print_side(out, r->b, m);
    fprintf(out, " | %s%s | ", format_change(r, change, sizeof change),
            r->verdict == V_TOO_FEW ? " " MARK_TOO_FEW : "");
    fprintf(out, isnan(r->p) ? "-" : "%.3f", r->p);
    fprintf(out, " | %zu+%zu |\n", r->a->measured, r->b->measured);
}

static void print_section(FILE *out, const struct comparison *c, size_t from, size_t to)
{
    const struct rs_case *first = c->rows[from].a;
    char va[32], vb[32];
    double a, b;
    size_t both = 0;
    int delays = compare_has_delays(c, from, to);
    for (size_t i = from; i < to; i++)
        both += c->rows[i].b != NULL;
    if (both == 0)
        return;     /* a workload or mode only A ran: listed under "Only in A" */
    fprintf(out, "### %s, %s: %s (%s is better)\n\n", first->workload, first->mode,
            metric_title(c->metric, first->mode), metric_higher_is_better(c->metric) ? "higher" : "lower");
    fprintf(out, "| variant | clients |%s A | B | change | p | n |\n|:--|--:|%s--:|--:|--:|--:|--:|\n",
            delays ? " added round trip (ms) |" : "", delays ? "--:|" : "");
    for (size_t i = from; i < to; i++)
        if (c->rows[i].b)
            print_row(out, &c->rows[i], c->metric, delays);
    if (compare_geomean(c, from, to, &a, &b))
        fprintf(out, "| **geomean** | |%s %s | %s | %+.2f%% | | |\n", delays ? " |" : "",
                format_scaled(va, sizeof va, a), format_scaled(vb, sizeof vb, b), (b - a) / a * 100);
    fprintf(out, "\n");
}

/* The cases (of c, then the open-loop rungs of open) on one side only. */
static void print_one_side(FILE *out, const struct comparison *c, enum verdict which, const char *title,
                           const struct comparison *open)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n + open->n; i++) {
        const struct cmp_row *r = i < c->n ? &c->rows[i] : &open->rows[i - c->n];
        if (r->verdict != which)
            continue;
        fprintf(out, n++ ? "- " : "## %s\n\n- ", title);
        case_name(out, r->a ? r->a : r->b);
        fprintf(out, " (%zu repetitions)\n", (r->a ? r->a : r->b)->reps);
    }
    if (n)
        fprintf(out, "\n");
}

/* One line per distinct pair of sample sizes that cannot reach alpha. */
static void print_too_few(FILE *out, const struct comparison *c)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct cmp_row *r = &c->rows[i];
        size_t k = 0;
        if (r->verdict != V_TOO_FEW)
            continue;
        size_t na = rs_count(r->a, c->metric), nb = rs_count(r->b, c->metric);
        while (c->rows[k].verdict != V_TOO_FEW || rs_count(c->rows[k].a, c->metric) != na
               || rs_count(c->rows[k].b, c->metric) != nb)
            k++;
        if (k < i)
            continue;
        fprintf(out, "- " MARK_TOO_FEW " Too few repetitions for a verdict%s: with %zu and %zu the "
                "smallest p-value possible is %.3f > %.2f, so no change can be significant. "
                "Run more repetitions.\n", r->a->rung ? " (open loop)" : "", na, nb, mwu_smallest_p(na, nb),
                COMPARE_ALPHA);
    }
}

static void print_issues(FILE *out, const struct comparison *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        for (int side = 0; side < 2; side++) {
            const struct rs_case *k = side ? c->rows[i].b : c->rows[i].a;
            if (!k || !rs_has_issues(k))
                continue;
            fprintf(out, n++ ? "  - " : "- " MARK_ISSUE " Integrity problems: these figures may be "
                    "wrong (see runs.json).\n  - ");
            case_name(out, k);
            fprintf(out, ", %s: ", side ? "B" : "A");
            md_cell(out, k->issues);
            fprintf(out, "\n");
        }
}

static void print_notes(FILE *out, const struct comparison *c, const struct comparison *open)
{
    fprintf(out, "## Notes\n\n"
            "- A and B: median of the repetitions ± the largest distance of one repetition from it.\n"
            "- change: B's median against A's, only where a two-sided Mann-Whitney U test on the "
            "repetitions gives p <= %.2f; `~`: no significant difference. n: repetitions with "
            "figures, A+B.\n"
            "- [low, high] after the change or `~`: the 95%% confidence interval of B against A "
            "(the Hodges-Lehmann ratio's distribution-free interval, which goes with the U test): "
            "a change outside it would most likely have been seen, one inside it could have been "
            "missed. None when the repetitions are too few for one.\n"
            "- geomean: geometric mean of the medians measured on both sides.\n", COMPARE_ALPHA);
    if (c->metric >= RS_CPU && c->metric <= RS_CPU_SYS)
        fputs("- A cost per request falls as the rate rises: a change in cost between runs at different rates "
              "is partly the rate's (compare them with --metric rps too).\n", out);
    print_too_few(out, c);
    print_too_few(out, open);
    print_issues(out, c);
    print_issues(out, open);
}

void report_markdown(FILE *out, const struct comparison *c, const struct comparison *open)
{
    size_t i = 0;
    fprintf(out, "# searchbench: A against B\n\n- **A**: `%s` (run `%s`)\n- **B**: `%s` (run `%s`)\n\n",
            c->a->dir, rs_label(c->a), c->b->dir, rs_label(c->b));
    env_markdown(out, c->a->env, c->b->env);
    fprintf(out, "## Results\n\n");
    while (i < c->n && c->rows[i].a) {
        size_t end = compare_section_end(c, i);
        print_section(out, c, i, end);
        i = end;
    }
    for (int k = 0; k < OPEN_COMPARISONS; k++)
        report_open_markdown(out, &open[k]);
    print_one_side(out, c, V_ONLY_A, "Only in A", open);
    print_one_side(out, c, V_ONLY_B, "Only in B", open);
    print_notes(out, c, open);
}
