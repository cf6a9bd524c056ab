/* benchjson_forksweep.c: summary.md of a fork size sweep (make bench-fork): the rates, the model at the
 * server's own size, and issue 16's goals, a row per corpus size and index placement.
 *
 * The model: fork's ceiling is 1e6 / the mean fork_latency takes with a
 * parent built like the server (its resident memory, placed as its index
 * is: forksize.json); the model check is fork's conn/s over it. On a machine
 * shared with other work both sides also count time spent waiting for the
 * CPU, so the same check is made in CPU time too: the fork's CPU time over
 * the fork server's CPU time per connection (cpu.server_s / requests), the
 * share of each connection that is the fork. "rest" is the server's CPU per
 * connection beyond the fork: serving the request, and the page faults of a
 * child that writes to pages it shares with its parent; prefork's CPU per
 * connection is the serving alone. */
#include "benchjson_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "forksize.h"
#include "placement.h"

#define MODEL_LO 0.7
#define MODEL_HI 1.1
#define CURE_AT_DEFAULT 2.5     /* hugepage or shared over heap, default corpus */
#define CURE_AT_LARGEST 10.0    /* the same at the largest size */
#define FLAT_WITHIN 1.5         /* a cured server's rate, smallest over largest size */

struct sweep {
    const struct rs_run *run;
    struct rs_case like;        /* the workload, mode and clients measured */
    struct fs_point *p;
    int n;
};

/* " 1,030 |" or " - |". */
static void count_cell(FILE *f, double v)
{
    char text[32];
    fprintf(f, " %s |", isnan(v) ? "-" : format_count(text, sizeof text, v));
}

/* " **0.92** |" or " - |". */
static void ratio_cell(FILE *f, double r)
{
    fprintf(f, isnan(r) ? " - |" : " **%.2f** |", r);
}

/* " 28.2 |" or " - |". */
static void mib_cell(FILE *f, double v)
{
    fprintf(f, isnan(v) ? " - |" : " %.1f |", v);
}

/* A rate with its marks: " 874 ! |"; " failed |" or " - |" without figures. */
static void rate_cell(FILE *f, const struct rs_case *c)
{
    char text[32], marks[8];
    if (c && c->measured)
        fprintf(f, " %s%s |", format_count(text, sizeof text, c->stats[RS_RPS].p50), case_marks(c, marks));
    else
        fputs(c ? " failed |" : " - |", f);
}

static double rate(const struct sweep *w, const struct fs_point *p, const char *variant)
{
    const struct rs_case *c = fs_case(w->run, &w->like, p, variant);
    return c && c->measured ? c->stats[RS_RPS].p50 : NAN;
}

/* Every variant of the sweep, in the run's order (resultset.c), once each. */
static size_t sweep_variants(const struct sweep *w, const char **v, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < w->run->n_cases; i++) {
        const struct rs_case *c = &w->run->cases[i];
        size_t k = 0;
        while (k < n && strcmp(v[k], c->variant) != 0)
            k++;
        if (c->corpus_docs && k == n && n < max)
            v[n++] = c->variant;
    }
    return n;
}

static void print_rates(FILE *f, const struct sweep *w)
{
    const char *v[16];
    size_t nv = sweep_variants(w, v, 16);
    fprintf(f, "## Fork against the size of the server: %s, %s, c=%d\n\nconn/s, the median over the "
               "repetitions; RSS: the fork server's resident MiB once listening, of it in huge pages.\n\n"
               "| corpus | index memory | RSS MiB | huge MiB |", w->like.workload, w->like.mode, w->like.clients);
    for (size_t k = 0; k < nv; k++)
        fprintf(f, " %s |", v[k]);
    fputs("\n| ---: | --- | ---: | ---: |", f);
    for (size_t k = 0; k < nv; k++)
        fputs(" ---: |", f);
    for (int i = 0; i < w->n; i++) {
        const struct fs_point *p = &w->p[i];
        fprintf(f, "\n| %d docs | %s |", p->corpus_docs, p->index_memory);
        mib_cell(f, p->rss_mib);
        mib_cell(f, p->huge_mib);
        for (size_t k = 0; k < nv; k++)
            rate_cell(f, fs_case(w->run, &w->like, p, v[k]));
    }
    fputs("\n\n", f);
}

/* The share of the fork server's CPU per connection that its fork takes. */
static double cpu_model(const struct sweep *w, const struct fs_point *p)
{
    return p->fork_cpu_us / fs_cpu_us(fs_case(w->run, &w->like, p, "fork"));
}

static void print_model(FILE *f, const struct sweep *w)
{
    fputs("The model at the server's size: fork_latency with a parent like the fork server (its resident "
          "memory, placed as its index is); ceiling = 1e6 / its mean; model = fork's conn/s over the ceiling. "
          "The same in CPU time (free of the time other work on the machine took): the fork's CPU time over the "
          "fork server's CPU time per connection; rest = the server's CPU per connection less the fork "
          "(serving, and the page faults of each child); prefork's CPU is the serving alone.\n\n"
          "| corpus | index memory | fork at RSS (us) | ceiling conn/s | fork conn/s | model | fork CPU (us) "
          "| server CPU us/conn | model (CPU) | rest us | prefork CPU us/conn |\n"
          "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n", f);
    for (int i = 0; i < w->n; i++) {
        const struct fs_point *p = &w->p[i];
        double conn = rate(w, p, "fork"), cpu = fs_cpu_us(fs_case(w->run, &w->like, p, "fork"));
        fprintf(f, "| %d docs | %s |", p->corpus_docs, p->index_memory);
        count_cell(f, p->fork_us);
        count_cell(f, p->ceiling);
        count_cell(f, conn);
        ratio_cell(f, conn / p->ceiling);
        count_cell(f, p->fork_cpu_us);
        count_cell(f, cpu);
        ratio_cell(f, cpu_model(w, p));
        count_cell(f, cpu - p->fork_cpu_us);
        count_cell(f, fs_cpu_us(fs_case(w->run, &w->like, p, "prefork")));
        fputc('\n', f);
    }
    fputc('\n', f);
}

/* The point of placement at docs documents; NULL if not measured. */
static const struct fs_point *point_at(const struct sweep *w, const char *placement, int docs)
{
    for (int i = 0; i < w->n; i++)
        if (w->p[i].corpus_docs == docs && strcmp(w->p[i].index_memory, placement) == 0)
            return &w->p[i];
    return NULL;
}

static const char *verdict(int met)
{
    return met ? "met" : "not met";
}

static double wall_model(const struct sweep *w, const struct fs_point *p)
{
    return rate(w, p, "fork") / p->ceiling;
}

/* Goal 1: fork's model check within [MODEL_LO, MODEL_HI] at every size of a placement; by the
 * clock (the goal), or in CPU time (what it is on a machine shared with other work). */
static void print_model_goal(FILE *f, const struct sweep *w, const char *placement, const char *how,
                             double (*model)(const struct sweep *, const struct fs_point *))
{
    int met = 1, any = 0;
    fprintf(f, "| fork's model check%s, %s, every size | %.1f to %.1f |", how, placement, MODEL_LO, MODEL_HI);
    for (int i = 0; i < w->n; i++) {
        const struct fs_point *p = &w->p[i];
        double m = model(w, p);
        if (strcmp(p->index_memory, placement) != 0 || isnan(m))
            continue;
        fprintf(f, "%s %.2f", any++ ? "," : "", m);
        met &= m >= MODEL_LO && m <= MODEL_HI;
    }
    fprintf(f, " | %s |\n", any ? verdict(met) : "not measured");
}

/* A ratio goal's row: "a / b >= goal | measured | met". */
static void print_ratio_goal(FILE *f, const char *what, double a, double b, double goal, int at_most)
{
    double r = a / b;
    fprintf(f, "| %s | %s %.1f |", what, at_most ? "<=" : ">=", goal);
    if (isnan(r))
        fputs(" not measured | |\n", f);
    else
        fprintf(f, " **%.2f** | %s |\n", r, verdict(at_most ? r <= goal : r >= goal));
}

/* Goals 2 and 3 for a placement that cures (hugepage, shared), against heap. */
static void print_cure_goals(FILE *f, const struct sweep *w, const char *cure, int smallest, int largest)
{
    const struct fs_point *cs = point_at(w, cure, smallest), *cl = point_at(w, cure, largest);
    const struct fs_point *hs = point_at(w, "heap", smallest), *hl = point_at(w, "heap", largest);
    char what[128];
    snprintf(what, sizeof what, "fork conn/s, %s / heap, %d docs", cure, smallest);
    print_ratio_goal(f, what, cs ? rate(w, cs, "fork") : NAN, hs ? rate(w, hs, "fork") : NAN, CURE_AT_DEFAULT, 0);
    snprintf(what, sizeof what, "fork conn/s, %s / heap, %d docs", cure, largest);
    print_ratio_goal(f, what, cl ? rate(w, cl, "fork") : NAN, hl ? rate(w, hl, "fork") : NAN, CURE_AT_LARGEST, 0);
    snprintf(what, sizeof what, "fork conn/s, %s, %d docs / %d docs", cure, smallest, largest);
    print_ratio_goal(f, what, cs ? rate(w, cs, "fork") : NAN, cl ? rate(w, cl, "fork") : NAN, FLAT_WITHIN, 1);
}

/* Goal 4: heap's rate falls with every step up in size. */
static void print_heap_falls(FILE *f, const struct sweep *w)
{
    double last = INFINITY;
    int met = 1, any = 0;
    fputs("| fork conn/s, heap, as the corpus grows | falls |", f);
    for (int i = 0; i < w->n; i++) {
        double r = rate(w, &w->p[i], "fork");
        if (strcmp(w->p[i].index_memory, "heap") != 0 || isnan(r))
            continue;
        fprintf(f, "%s %s", any++ ? " >" : "", format_count((char[32]){0}, 32, r));
        met &= r < last;
        last = r;
    }
    fprintf(f, " | %s |\n", any > 1 ? verdict(met) : "not measured");
}

static void print_sweep_goals(FILE *f, const struct sweep *w)
{
    int smallest = w->p[0].corpus_docs, largest = w->p[0].corpus_docs;
    for (int i = 0; i < w->n; i++) {
        smallest = w->p[i].corpus_docs < smallest ? w->p[i].corpus_docs : smallest;
        largest = w->p[i].corpus_docs > largest ? w->p[i].corpus_docs : largest;
    }
    fputs("## Goals, measured in this run (issue 16)\n\n| goal | wanted | measured | |\n| --- | ---: | --- | --- |\n", f);
    for (enum placement p = PLACEMENT_HEAP; p <= PLACEMENT_SHARED; p++) {
        print_model_goal(f, w, placement_name(p), "", wall_model);
        print_model_goal(f, w, placement_name(p), " (CPU time)", cpu_model);
    }
    for (enum placement p = PLACEMENT_HEAP + 1; p <= PLACEMENT_SHARED; p++)
        print_cure_goals(f, w, placement_name(p), smallest, largest);
    print_heap_falls(f, w);
    fputc('\n', f);
}

int print_fork_sweep(FILE *f, const struct summary *s)
{
    struct sweep w = {.run = s->run};
    w.n = fs_points(s->run, &w.like, &w.p);
    if (w.n < 0)
        return -1;
    if (w.n > 0) {
        print_rates(f, &w);
        print_model(f, &w);
        print_sweep_goals(f, &w);
    }
    free(w.p);
    return 0;
}
