/* mwu.c: Mann-Whitney U test: exact distribution (ties included) for small samples, normal approximation otherwise. */
#include "mwu.h"

#include <math.h>
#include <stdlib.h>

/* One run of equal values in the pooled, sorted sample. */
struct tie_group {
    size_t size;    /* how many values */
    size_t from_x;  /* how many of them come from the first sample */
    size_t rank2;   /* twice their mid-rank: an integer even for ties */
};

struct pooled {
    double v;
    int from_x;
};

static int by_value(const void *a, const void *b)
{
    double x = ((const struct pooled *)a)->v, y = ((const struct pooled *)b)->v;
    return (x > y) - (x < y);
}

/* Sorts both samples together and groups equal values; returns the number
 * of groups (*out malloc'd), or 0 when out of memory. */
static size_t tie_groups(const double *x, size_t n1, const double *y, size_t n2,
                         struct tie_group **out)
{
    size_t n = n1 + n2, ng = 0;
    struct pooled *p = malloc(n * sizeof *p);
    struct tie_group *g = malloc(n * sizeof *g);
    if (!p || !g) {
        free(p);
        free(g);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        p[i] = (struct pooled){i < n1 ? x[i] : y[i - n1], i < n1};
    qsort(p, n, sizeof *p, by_value);
    for (size_t i = 0; i < n; ng++) {
        size_t start = i;
        g[ng].from_x = 0;
        for (; i < n && p[i].v == p[start].v; i++)
            g[ng].from_x += (size_t)p[i].from_x;
        g[ng].size = i - start;
        g[ng].rank2 = start + 1 + i;    /* ranks start+1 .. i, averaged, doubled */
    }
    free(p);
    *out = g;
    return ng;
}

/* P(U1 <= u) when n1 of the pooled values are drawn at random, given the
 * tie groups: a knapsack over the groups, counting the ways (C(size, k) for
 * k values taken from a group) to reach each doubled rank sum with c values.
 * Without ties every group has size 1 and this is the classic distribution. */
static int exact_cdf(const struct tie_group *g, size_t ng, size_t n1, double u, double *cdf)
{
    size_t n = 0;
    for (size_t i = 0; i < ng; i++)
        n += g[i].size;
    size_t width = n * (n + 1) + 1, reach = 0;     /* doubled rank sums 0 .. n(n+1) */
    double *ways = calloc((n1 + 1) * width, sizeof *ways);  /* ways[c * width + s] */
    if (!ways)
        return -1;
    ways[0] = 1;
    for (size_t i = 0; i < ng; i++) {
        /* c descends, so ways[c - k] still holds the count before this group. */
        for (size_t c = n1; c >= 1; c--) {
            double choose = 1;
            for (size_t k = 1; k <= g[i].size && k <= c; k++) {
                choose = choose * (double)(g[i].size - k + 1) / (double)k;
                const double *from = ways + (c - k) * width;
                double *to = ways + c * width + k * g[i].rank2;
                for (size_t s = 0; s <= reach; s++)
                    to[s] += choose * from[s];
            }
        }
        reach += g[i].size * g[i].rank2;
    }
    /* U1 = W1 - n1(n1+1)/2, W1 the first sample's rank sum. */
    size_t limit = (size_t)llround(2 * u) + n1 * (n1 + 1);
    double below = 0, total = 0;
    for (size_t s = 0; s < width; s++) {
        total += ways[n1 * width + s];
        below += s <= limit ? ways[n1 * width + s] : 0;
    }
    free(ways);
    *cdf = below / total;
    return 0;
}

/* Two-sided, as Go's stats package: twice the lower tail at the smaller U,
 * and 1 when the observed U is the centre of the distribution (doubling the
 * tail would count the probability at the centre twice). */
static int exact_p(const struct tie_group *g, size_t ng, size_t n1, size_t n2, double u1, double *p)
{
    double u2 = (double)(n1 * n2) - u1, cdf;
    if (u1 == u2) {
        *p = 1;
        return 0;
    }
    if (exact_cdf(g, ng, n1, fmin(u1, u2), &cdf) != 0)
        return -1;
    *p = fmin(1, 2 * cdf);
    return 0;
}

/* Normal approximation with the tie correction (tie_sum = sum of t^3 - t
 * over tie groups) and the continuity correction (0.5 towards the mean). */
static double normal_p(size_t n1, size_t n2, double u1, double tie_sum)
{
    double n = (double)(n1 + n2), nn = (double)(n1 * n2);
    double sigma = sqrt(nn / 12 * ((n + 1) - tie_sum / (n * (n - 1))));
    double dist = fmax(0, fabs(u1 - nn / 2) - 0.5);
    return erfc(dist / sigma / sqrt(2));
}

int mwu_test(const double *x, size_t n1, const double *y, size_t n2, struct mwu_result *r)
{
    struct tie_group *g;
    size_t ng = tie_groups(x, n1, y, n2, &g);
    if (ng == 0)
        return -1;
    double rank2_sum = 0, tie_sum = 0;
    r->ties = 0;
    for (size_t i = 0; i < ng; i++) {
        double t = (double)g[i].size;
        rank2_sum += (double)(g[i].from_x * g[i].rank2);
        tie_sum += t * t * t - t;
        r->ties |= g[i].size > 1;
    }
    r->u = rank2_sum / 2 - (double)(n1 * (n1 + 1)) / 2;
    size_t limit = r->ties ? MWU_TIES_EXACT_LIMIT : MWU_EXACT_LIMIT;
    r->exact = n1 <= limit && n2 <= limit;
    int rc = 0;
    if (ng == 1)
        r->p = 1;   /* every value the same: nothing to tell apart */
    else if (r->exact)
        rc = exact_p(g, ng, n1, n2, r->u, &r->p);
    else
        r->p = normal_p(n1, n2, r->u, tie_sum);
    free(g);
    return rc;
}

double mwu_smallest_p(size_t n1, size_t n2)
{
    double arrangements = 1;    /* C(n1 + n2, n1), built up one factor at a time */
    for (size_t i = 1; i <= n1; i++)
        arrangements = arrangements * (double)(n2 + i) / (double)i;
    return fmin(1, 2 / arrangements);
}
