/* plotdata_overload.c: the figures of the open-loop rungs (runs.json "load": "open"), per workload, against
 * the rate offered: the rate served (overload-W), the median connection time (overload-latency-W), the
 * server's CPU per completed connection (overload-cost-W); a line per variant. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "gnuplot.h"
#include "plotdata.h"

/* The columns of overload-W-VARIANT.dat: the rate offered, then the median,
 * min and max of each metric; overload-issues-W.dat and overload-bound-W.dat:
 * the rate offered, the medians, the variant. */
static const enum rs_metric columns[] = {RS_SERVED, RS_CONN_P50, RS_COST};
#define N_COLUMNS (sizeof columns / sizeof *columns)

static const struct {
    const char *name, *script, *col;    /* figure (overload-W, ...), its script, the column it draws */
    int column;                         /* index in columns[] */
} figures[] = {
    {"overload", "overload.gp", "col_served", 0},
    {"overload-latency", "overload-latency.gp", "col_p50", 1},
    {"overload-cost", "overload-cost.gp", "col_cost", 2},
};

/* A value as the figures show it: connection times in ms. */
static double shown(enum rs_metric m, double v)
{
    return m == RS_CONN_P50 ? v / 1000 : v;
}

static int by_offered(const void *pa, const void *pb)
{
    double x = (*(const struct rs_case *const *)pa)->stats[RS_OFFERED].p50;
    double y = (*(const struct rs_case *const *)pb)->stats[RS_OFFERED].p50;
    return (x > y) - (x < y);
}

/* The medians of a rung after its offered rate (NaN where it has none). */
static void write_medians(FILE *f, const struct rs_case *c)
{
    fprintf(f, "%.6g", c->stats[RS_OFFERED].p50);
    for (size_t k = 0; k < N_COLUMNS; k++)
        fprintf(f, " %.6g", c->n[columns[k]] ? shown(columns[k], c->stats[columns[k]].p50) : NAN);
}

/* The rungs of one workload that have figures, by variant (in the fixed order), then rate offered. */
struct ladder {
    const char *workload;
    const struct rs_case **c;
    size_t n;
    char variants[512], dats[2048];
    int issues, bound;
    double lo, hi;      /* the rates offered, least and most */
};

static void write_variants(struct output *o, struct ladder *l)
{
    FILE *f = NULL;
    char name[1024];
    for (size_t i = 0; i < l->n; i++) {
        const struct rs_case *c = l->c[i];
        if (i == 0 || strcmp(c->variant, l->c[i - 1]->variant) != 0) {
            close_dat(o, f);
            snprintf(name, sizeof name, "overload-%s-%s.dat", l->workload, c->variant);
            if ((f = open_dat(o, name)) != NULL)
                fputs("# offered conn/s, then median min max of: served conn/s, connection time p50 ms, "
                      "server CPU us per connection\n", f);
            append_word(l->variants, sizeof l->variants, c->variant);
            append_word(l->dats, sizeof l->dats, name);
        }
        if (!f)
            continue;
        fprintf(f, "%.6g", c->stats[RS_OFFERED].p50);
        for (size_t k = 0; k < N_COLUMNS; k++) {
            const struct sample_stats *st = &c->stats[columns[k]];
            double v[3] = {st->p50, st->min, st->max};
            for (int j = 0; j < 3; j++)
                fprintf(f, " %.6g", c->n[columns[k]] ? shown(columns[k], v[j]) : NAN);
        }
        fputc('\n', f);
    }
    close_dat(o, f);
}

/* overload-KIND-W.dat: the rungs keep() picks (the medians, then the variant); how many. */
static int write_marks(struct output *o, const struct rs_run *run, const struct ladder *l, const char *kind,
                       int (*keep)(const struct rs_case *))
{
    char name[512];
    FILE *f = NULL;
    int n = 0;
    snprintf(name, sizeof name, "overload-%s-%s.dat", kind, l->workload);
    for (size_t i = 0; i < run->n_rungs; i++) {
        const struct rs_case *c = &run->rungs[i];
        if (strcmp(c->workload, l->workload) != 0 || !keep(c))
            continue;
        if (n++ == 0 && (f = open_dat(o, name)) != NULL)
            fputs("# offered conn/s, served conn/s, connection time p50 ms, us per connection, variant (medians)\n", f);
        if (f && c->measured)
            write_medians(f, c);
        else if (f)
            fprintf(f, "%.6g 0 NaN NaN", c->rate);  /* failed: no figures (a fraction's rate is unknown) */
        if (f)
            fprintf(f, " %s\n", c->variant);
    }
    close_dat(o, f);
    return n;
}

static int has_issues(const struct rs_case *c)
{
    return rs_has_issues(c);
}

static int client_bound(const struct rs_case *c)
{
    return c->client_bound > 0 && c->measured > 0;
}

static void figure_lines(struct output *o, const struct ladder *l)
{
    char name[300], file[320];
    for (size_t k = 0; k < sizeof figures / sizeof *figures; k++) {
        snprintf(name, sizeof name, "%s-%s", figures[k].name, l->workload);
        begin_figure(o, figures[k].script, name);
        gp_assign(o->figures, "dats", l->dats);
        gp_assign(o->figures, "variants", l->variants);
        gp_assign(o->figures, "workload", l->workload);
        gp_assign_int(o->figures, "col_x", 1);
        gp_assign_int(o->figures, figures[k].col, 2 + 3 * figures[k].column);
        snprintf(file, sizeof file, "overload-issues-%s.dat", l->workload);
        gp_assign(o->figures, "ring_dat", file);
        snprintf(file, sizeof file, "overload-bound-%s.dat", l->workload);
        gp_assign(o->figures, "bound_dat", file);
        gp_assign_int(o->figures, "ring_col", 2 + figures[k].column);
        fprintf(o->figures, "issues=%d; bound=%d; lo=%.6g; hi=%.6g\n", l->issues, l->bound, l->lo, l->hi);
    }
}

/* The figures of one workload from the rungs run->rungs[from, to). */
static void workload_figures(struct output *o, const struct rs_run *run, size_t from, size_t to)
{
    struct ladder l = {.workload = run->rungs[from].workload, .lo = INFINITY, .hi = 0};
    if (!(l.c = malloc((to - from) * sizeof *l.c))) {
        o->failed = fail(1, "out of memory");
        return;
    }
    for (size_t i = from; i < to; i++)
        if (run->rungs[i].measured > 0) {
            l.c[l.n++] = &run->rungs[i];
            l.lo = fmin(l.lo, run->rungs[i].stats[RS_OFFERED].p50);
            l.hi = fmax(l.hi, run->rungs[i].stats[RS_OFFERED].p50);
        }
    /* The rungs come by variant (in the fixed order), fractions then rates: each variant's by rate offered. */
    for (size_t i = 0, n; i < l.n; i += n) {
        for (n = 1; i + n < l.n && strcmp(l.c[i + n]->variant, l.c[i]->variant) == 0; n++)
            ;
        qsort(l.c + i, n, sizeof *l.c, by_offered);
    }
    if (l.n == 0) {
        printf("plotdata: no open-loop run of %s has figures: no overload figures\n", l.workload);
    } else {
        write_variants(o, &l);
        l.issues = write_marks(o, run, &l, "issues", has_issues);
        l.bound = write_marks(o, run, &l, "bound", client_bound);
        figure_lines(o, &l);
    }
    free(l.c);
}

void overload_figures(struct output *o, const struct rs_run *run)
{
    for (size_t i = 0, n; i < run->n_rungs; i += n) {
        for (n = 1; i + n < run->n_rungs && strcmp(run->rungs[i + n].workload, run->rungs[i].workload) == 0; n++)
            ;
        workload_figures(o, run, i, i + n);
    }
}
