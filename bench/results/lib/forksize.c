/* forksize.c: a fork size sweep's points (corpus size x placement) from runs.json and forksize.json. */
#include "forksize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REPS 1024

/* The median of v[0..n), NAN when n is 0; sorts v. */
static double median(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    sample_sort(v, n);
    return sample_percentile(v, n, 0.5);
}

/* The median over c's measured repetitions of value(rep). */
static double rep_median(const struct rs_run *run, const struct rs_case *c, double (*value)(const cJSON *rep))
{
    double v[MAX_REPS];
    size_t n = 0;
    const cJSON *rep;
    cJSON_ArrayForEach(rep, json_at(run->runs, "cases")) {
        double x = value(rep);
        if (n < MAX_REPS && !isnan(x) && rs_rep_status(rep) != RS_FAILED && rs_case_of(run, rep) == c)
            v[n++] = x;
    }
    return median(v, n);
}

static double rss_mib(const cJSON *rep)
{
    return json_number(rep, "rss_kib", NAN) / 1024;
}

static double huge_mib(const cJSON *rep)
{
    return json_number(rep, "anon_huge_kib", NAN) / 1024;
}

double fs_cpu_us(const struct rs_case *c)
{
    return c && c->n[RS_CPU] > 0 ? c->stats[RS_CPU].p50 : NAN;
}

/* The median over the microbenchmarks at p of the number at path (of a point of forksize.json). */
static double point_median(const struct rs_run *run, const struct fs_point *p, const char *path)
{
    double v[MAX_REPS];
    size_t n = 0;
    const cJSON *point, *placement;
    cJSON_ArrayForEach(point, json_at(run->forksize, "points")) {
        placement = json_at(point, "index_memory");
        if (n < MAX_REPS && json_number(point, "corpus_docs", -1) == p->corpus_docs && cJSON_IsString(placement)
            && strcmp(placement->valuestring, p->index_memory) == 0 && json_number(point, path, 0) > 0)
            v[n++] = json_number(point, path, 0);
    }
    return median(v, n);
}

const struct rs_case *fs_case(const struct rs_run *run, const struct rs_case *like, const struct fs_point *p,
                              const char *variant)
{
    struct rs_case key = *like;
    key.variant = variant;
    key.corpus_docs = p->corpus_docs;
    key.index_memory = p->index_memory;
    return rs_find(run, &key);
}

/* Whether point p (size and placement) is in points[0..n) already. */
static int listed(const struct fs_point *points, size_t n, const struct rs_case *c)
{
    for (size_t i = 0; i < n; i++)
        if (points[i].corpus_docs == c->corpus_docs && strcmp(points[i].index_memory, c->index_memory) == 0)
            return 1;
    return 0;
}

/* Placement, then size: a line of the figure per placement. */
static int by_placement_size(const void *pa, const void *pb)
{
    const struct fs_point *a = pa, *b = pb;
    int c = strcmp(a->index_memory, b->index_memory);
    return c ? c : (a->corpus_docs > b->corpus_docs) - (a->corpus_docs < b->corpus_docs);
}

int fs_points(const struct rs_run *run, struct rs_case *like, struct fs_point **points)
{
    size_t n = 0;
    *points = malloc((run->n_cases + 1) * sizeof **points);
    if (!*points)
        return -1;
    for (size_t i = 0; i < run->n_cases; i++) {
        const struct rs_case *c = &run->cases[i];
        if (c->corpus_docs == 0 || listed(*points, n, c))
            continue;
        if (n == 0)
            *like = *c;
        (*points)[n++] = (struct fs_point){.corpus_docs = c->corpus_docs, .index_memory = c->index_memory};
    }
    qsort(*points, n, sizeof **points, by_placement_size);
    for (size_t i = 0; i < n; i++) {
        struct fs_point *p = &(*points)[i];
        const struct rs_case *fork = fs_case(run, like, p, "fork");
        p->rss_mib = fork ? rep_median(run, fork, rss_mib) : NAN;
        p->huge_mib = fork ? rep_median(run, fork, huge_mib) : NAN;
        p->fork_us = point_median(run, p, "run.stats.mean_us");
        p->fork_cpu_us = point_median(run, p, "run.cpu_us_per_op");
        p->ceiling = 1e6 / p->fork_us;
    }
    return (int)n;
}
