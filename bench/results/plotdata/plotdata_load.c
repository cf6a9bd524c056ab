/* plotdata_load.c: the load figures' data from runs.json: throughput and latency against clients at one delay,
 * and, for a netns run's round-trip sweep, the rate against the added round trip at each client count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "gnuplot.h"
#include "plotdata.h"

#define MAX_POINTS 64   /* client counts or delays on one axis */

/* The columns of the .dat files, which the figures read from figures.tsv:
 * a variant's file holds x, then the median, min and max of each metric;
 * the rings' file x, then the median of each metric, then the variant. */
#define COL_X 1

static int median_column(enum rs_metric m)
{
    return 2 + 3 * (int)m;
}

static int ring_column(enum rs_metric m)
{
    return 2 + (int)m;
}

/* What a figure's data lines start with: its x. */
struct axis {
    const char *label;  /* in the .dat headers */
    double (*of)(const struct rs_case *c);
};

static double clients_of(const struct rs_case *c)
{
    return c->clients;
}

static double delay_of(const struct rs_case *c)
{
    return c->delay_ms;
}

static const struct axis by_clients = {"clients", clients_of};
static const struct axis by_delay = {"delay_ms", delay_of};

/* The cases one figure draws. */
struct figure {
    struct rs_case *c;      /* copies of the cases, sorted by variant, then x */
    size_t n;
    const struct axis *x;
    char key[256];          /* "static-close"; "delay-static-keepalive-c16" */
    char prefix[300];       /* of the .dat files: load-KEY or KEY */
    char variants[512];     /* those with figures, in the fixed order */
    char dats[2048];        /* their .dat files, in the same order */
    char rings[320];        /* issues-KEY.dat: the cases to ring (integrity failures) */
    char held_dat[320];     /* held-KEY.dat: the cases that held fewer clients than offered */
    char xs[512];           /* every x, ascending */
    int issues;             /* cases with integrity failures */
    int held;               /* cases flagged only for holding fewer clients than offered */
};

/* Adds v to the ascending set[0..n) unless it is there already (or the set
 * is full); returns the new n. */
static size_t add_to_set(double *set, size_t n, double v)
{
    size_t k = 0;
    while (k < n && set[k] < v)
        k++;
    if ((k < n && set[k] == v) || n == MAX_POINTS)
        return n;
    memmove(set + k + 1, set + k, (n - k) * sizeof *set);
    set[k] = v;
    return n + 1;
}

/* Copies the cases of c[0..n) that keep(case, like) accepts into f. */
static int pick(struct output *o, struct figure *f, const struct rs_case *c, size_t n,
                int (*keep)(const struct rs_case *, const struct rs_case *), const struct rs_case *like)
{
    if (!(f->c = malloc(n * sizeof *f->c))) {
        o->failed = fail(1, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (keep(&c[i], like))
            f->c[f->n++] = c[i];
    return 0;
}

/* f->xs; returns how many there are. */
static size_t list_xs(struct figure *f)
{
    double seen[MAX_POINTS];
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n = add_to_set(seen, n, f->x->of(&f->c[i]));
    for (size_t k = 0; k < n; k++) {
        char word[32];
        snprintf(word, sizeof word, "%g", seen[k]);
        append_word(f->xs, sizeof f->xs, word);
    }
    return n;
}

/* A line of a variant's file: the columns COL_X and median_column(). */
static void write_case(FILE *f, const struct rs_case *c, const struct axis *x)
{
    fprintf(f, "%g", x->of(c));
    for (int m = 0; m < RS_WRK_METRICS; m++)
        fprintf(f, " %.6g %.6g %.6g", c->stats[m].p50, c->stats[m].min, c->stats[m].max);
    fputc('\n', f);
}

/* PREFIX-VARIANT.dat: a line per x with figures. */
static void write_variants(struct output *o, struct figure *fig)
{
    const char *variant = "";
    FILE *f = NULL;
    char name[1024];
    for (size_t i = 0; i < fig->n; i++) {
        const struct rs_case *c = &fig->c[i];
        if (c->measured == 0)
            continue;
        if (strcmp(c->variant, variant) != 0) {
            close_dat(o, f);
            variant = c->variant;
            snprintf(name, sizeof name, "%s-%s.dat", fig->prefix, variant);
            if ((f = open_dat(o, name)) != NULL)
                fprintf(f, "# %s, then median min max of: requests/sec, p50 us, p99 us\n", fig->x->label);
            append_word(fig->variants, sizeof fig->variants, variant);
            append_word(fig->dats, sizeof fig->dats, name);
        }
        if (f)
            write_case(f, c, fig->x);
    }
    close_dat(o, f);
}

static int integrity_failed(const struct rs_case *c)
{
    return rs_integrity_failed(c);
}

static int held_fewer_only(const struct rs_case *c)
{
    return rs_has_issues(c) && !rs_integrity_failed(c);
}

/* KIND-KEY.dat (named into file): the cases mark() picks, marked in the
 * figures (the columns COL_X and ring_column()); returns how many. A case
 * without any figures sits at 0 requests/sec and has no latency (NaN:
 * gnuplot leaves the point out). */
static int write_marks(struct output *o, const struct figure *fig, const char *kind,
                       int (*mark)(const struct rs_case *), char *file, size_t len)
{
    FILE *f = NULL;
    int n = 0;
    snprintf(file, len, "%s-%s.dat", kind, fig->key);
    for (size_t i = 0; i < fig->n; i++) {
        const struct rs_case *c = &fig->c[i];
        if (!mark(c))
            continue;
        if (n++ == 0 && (f = open_dat(o, file)) != NULL)
            fprintf(f, "# %s requests/sec p50_us p99_us variant (medians)\n", fig->x->label);
        if (f && c->measured)
            fprintf(f, "%g %.6g %.6g %.6g %s\n", fig->x->of(c), c->stats[RS_RPS].p50, c->stats[RS_P50].p50,
                    c->stats[RS_P99].p50, c->variant);
        else if (f)
            fprintf(f, "%g 0 NaN NaN %s\n", fig->x->of(c), c->variant);
    }
    close_dat(o, f);
    return n;
}

/* issues-KEY.dat: the cases with integrity failures, ringed in red;
 * held-KEY.dat: those flagged only because the server held fewer clients
 * than offered (the model's nature, not a broken measurement), marked apart. */
static void write_issues(struct output *o, struct figure *fig)
{
    fig->issues = write_marks(o, fig, "issues", integrity_failed, fig->rings, sizeof fig->rings);
    fig->held = write_marks(o, fig, "held", held_fewer_only, fig->held_dat, sizeof fig->held_dat);
}

/* A figures.tsv line up to the figure's own assignments: where its data is
 * (the variants' files and their columns, the rings'), then what it shows. */
static void figure_line(struct output *o, const struct figure *f, const char *script, const char *name)
{
    char column[32];
    begin_figure(o, script, name);
    gp_assign(o->figures, "dats", f->dats);
    gp_assign_int(o->figures, "col_x", COL_X);
    for (int m = 0; m < RS_WRK_METRICS; m++) {
        snprintf(column, sizeof column, "col_%s", rs_metric_name((enum rs_metric)m));
        gp_assign_int(o->figures, column, median_column((enum rs_metric)m));
    }
    gp_assign(o->figures, "ring_dat", f->rings);
    for (int m = 0; m < RS_WRK_METRICS; m++) {
        snprintf(column, sizeof column, "ring_%s", rs_metric_name((enum rs_metric)m));
        gp_assign_int(o->figures, column, ring_column((enum rs_metric)m));
    }
    gp_assign(o->figures, "held_dat", f->held_dat);
    gp_assign(o->figures, "workload", f->c->workload);
    gp_assign(o->figures, "mode", f->c->mode);
    gp_assign(o->figures, "variants", f->variants);
}

static int same_delay(const struct rs_case *c, const struct rs_case *like)
{
    return rs_same_delay(c->delay_ms, like->delay_ms) && c->server_cpus == like->server_cpus;
}

/* throughput-KEY and latency-KEY from load-KEY-VARIANT.dat, at the smallest
 * delay of c[0..n), and the fewest server CPUs: a figure shows one network and
 * one server, never a mix of a netns sweep's delays or a SCALE sweep's CPU
 * counts (a loopback run has one "delay", none, and keeps all). */
static void client_figures(struct output *o, const struct rs_case *c, size_t n)
{
    static const char *const kinds[] = {"throughput", "latency"};
    const struct rs_case *least = c;
    struct figure f = {.x = &by_clients};
    for (size_t i = 1; i < n; i++) {
        int d = rs_delay_cmp(c[i].delay_ms, least->delay_ms);
        if (d < 0 || (d == 0 && c[i].server_cpus < least->server_cpus))
            least = &c[i];
    }
    if (pick(o, &f, c, n, same_delay, least) != 0)
        return;
    snprintf(f.key, sizeof f.key, "%s-%s", c->workload, c->mode);
    snprintf(f.prefix, sizeof f.prefix, "load-%s", f.key);
    list_xs(&f);
    write_variants(o, &f);
    write_issues(o, &f);
    for (size_t k = 0; k < 2; k++) {
        char script[32], name[300];
        snprintf(script, sizeof script, "%s.gp", kinds[k]);
        snprintf(name, sizeof name, "%s-%s", kinds[k], f.key);
        figure_line(o, &f, script, name);
        gp_assign(o->figures, "clients", f.xs);
        if (!isnan(least->delay_ms))
            fprintf(o->figures, "delay=%g; ", least->delay_ms);
        fprintf(o->figures, "issues=%d; held=%d\n", f.issues, f.held);
    }
    cost_figure(o, f.c, f.n, f.key);
    free(f.c);
}

static int in_sweep(const struct rs_case *c, const struct rs_case *like)
{
    return c->clients == like->clients && !isnan(c->delay_ms);
}

/* delay-WORKLOAD-MODE-cN: the rate against the added round trip, when the
 * cases at `clients` clients were measured at two or more delays. */
static void delay_figure(struct output *o, const struct rs_case *c, size_t n, int clients)
{
    struct figure f = {.x = &by_delay};
    if (pick(o, &f, c, n, in_sweep, &(struct rs_case){.clients = clients}) != 0)
        return;
    if (list_xs(&f) >= 2) {
        snprintf(f.key, sizeof f.key, "delay-%s-%s-c%d", c->workload, c->mode, clients);
        snprintf(f.prefix, sizeof f.prefix, "%s", f.key);
        write_variants(o, &f);
        write_issues(o, &f);
        figure_line(o, &f, "delay.gp", f.key);
        gp_assign(o->figures, "delays", f.xs);
        fprintf(o->figures, "clients=%d; issues=%d; held=%d\n", clients, f.issues, f.held);
    }
    free(f.c);
}

void load_figures(struct output *o, const struct rs_run *run)
{
    for (size_t i = 0, n; i < run->n_cases; i += n) {
        const struct rs_case *c = &run->cases[i];
        double clients[MAX_POINTS];
        size_t counts = 0;
        for (n = 0; i + n < run->n_cases && rs_same_section(&c[n], c); n++)
            counts = add_to_set(clients, counts, c[n].clients);
        client_figures(o, c, n);
        for (size_t k = 0; k < counts; k++)
            delay_figure(o, c, n, (int)clients[k]);
        scaling_figure(o, c, n);
    }
}
