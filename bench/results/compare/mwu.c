/* mwu.c: Mann-Whitney U test: exact distribution (ties included) for small samples, normal approximation otherwise. */
#include "mwu.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* The ways to draw n1 of the pooled values, by doubled rank sum: a knapsack
 * over the tie groups, counting the ways (C(size, k) for k values taken from
 * a group) to reach each doubled rank sum with c values. Without ties every
 * group has size 1 and this is the classic distribution. Returns the row of
 * n1 values (*width entries, doubled rank sums 0 .. n(n+1)), malloc'd, or
 * NULL when out of memory. */
static double *rank_sum_ways(const struct tie_group *g, size_t ng, size_t n1, size_t *width)
{
    size_t n = 0;
    for (size_t i = 0; i < ng; i++)
        n += g[i].size;
    size_t reach = 0;
    *width = n * (n + 1) + 1;
    double *ways = calloc((n1 + 1) * *width, sizeof *ways);  /* ways[c * width + s] */
    if (!ways)
        return NULL;
    ways[0] = 1;
    for (size_t i = 0; i < ng; i++) {
        /* c descends, so ways[c - k] still holds the count before this group. */
        for (size_t c = n1; c >= 1; c--) {
            double choose = 1;
            for (size_t k = 1; k <= g[i].size && k <= c; k++) {
                choose = choose * (double)(g[i].size - k + 1) / (double)k;
                const double *from = ways + (c - k) * *width;
                double *to = ways + c * *width + k * g[i].rank2;
                for (size_t s = 0; s <= reach; s++)
                    to[s] += choose * from[s];
            }
        }
        reach += g[i].size * g[i].rank2;
    }
    memmove(ways, ways + n1 * *width, *width * sizeof *ways);
    return ways;
}

/* P(U1 <= u) when n1 of the pooled values are drawn at random, given the tie groups. */
static int exact_cdf(const struct tie_group *g, size_t ng, size_t n1, double u, double *cdf)
{
    size_t width;
    double *ways = rank_sum_ways(g, ng, n1, &width);
    if (!ways)
        return -1;
    /* U1 = W1 - n1(n1+1)/2, W1 the first sample's rank sum. */
    size_t limit = (size_t)llround(2 * u) + n1 * (n1 + 1);
    double below = 0, total = 0;
    for (size_t s = 0; s < width; s++) {
        total += ways[s];
        below += s <= limit ? ways[s] : 0;
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

/* The standard deviation of U under the null hypothesis, with the tie
 * correction (tie_sum = sum of t^3 - t over tie groups). */
static double normal_sigma(size_t n1, size_t n2, double tie_sum)
{
    double n = (double)(n1 + n2), nn = (double)(n1 * n2);
    return sqrt(nn / 12 * ((n + 1) - tie_sum / (n * (n - 1))));
}

/* Normal approximation with the continuity correction (0.5 towards the mean). */
static double normal_p(size_t n1, size_t n2, double u1, double tie_sum)
{
    double nn = (double)(n1 * n2), sigma = normal_sigma(n1, n2, tie_sum);
    double dist = fmax(0, fabs(u1 - nn / 2) - 0.5);
    return erfc(dist / sigma / sqrt(2));
}

/* Sum of t^3 - t over the tie groups; *ties: some group has more than one value. */
static double tie_sum_of(const struct tie_group *g, size_t ng, int *ties)
{
    double sum = 0;
    *ties = 0;
    for (size_t i = 0; i < ng; i++) {
        double t = (double)g[i].size;
        sum += t * t * t - t;
        *ties |= g[i].size > 1;
    }
    return sum;
}

static int exact_applies(size_t n1, size_t n2, int ties)
{
    size_t limit = ties ? MWU_TIES_EXACT_LIMIT : MWU_EXACT_LIMIT;
    return n1 <= limit && n2 <= limit;
}

int mwu_test(const double *x, size_t n1, const double *y, size_t n2, struct mwu_result *r)
{
    struct tie_group *g;
    size_t ng = tie_groups(x, n1, y, n2, &g);
    if (ng == 0)
        return -1;
    double rank2_sum = 0, tie_sum = tie_sum_of(g, ng, &r->ties);
    for (size_t i = 0; i < ng; i++)
        rank2_sum += (double)(g[i].from_x * g[i].rank2);
    r->u = rank2_sum / 2 - (double)(n1 * (n1 + 1)) / 2;
    r->exact = exact_applies(n1, n2, r->ties);
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

/* The count of U values u = 0, 1, ... with P(U <= u) <= tail, from the exact
 * distribution of U without ties (every group a single value). The interval
 * this serves is built from shifted samples, which in general have no ties,
 * so the continuous distribution is the one its coverage rests on. */
static int exact_critical(size_t n1, size_t n2, double tail, size_t *k)
{
    size_t n = n1 + n2, width;
    struct tie_group *g = malloc(n * sizeof *g);
    if (!g)
        return -1;
    for (size_t i = 0; i < n; i++)
        g[i] = (struct tie_group){.size = 1, .rank2 = 2 * (i + 1)};
    double *ways = rank_sum_ways(g, n, n1, &width);
    free(g);
    if (!ways)
        return -1;
    double total = 0, below = 0;
    for (size_t s = 0; s < width; s++)
        total += ways[s];
    *k = 0;
    /* Each doubled rank sum reached is one value of U, in increasing order.
     * The factor forgives rounding when P(U <= u) equals the tail exactly. */
    for (size_t s = 0; s < width; s++)
        if (ways[s] > 0 && (below += ways[s]) <= tail * total * (1 + 1e-12))
            ++*k;
    free(ways);
    return 0;
}

/* The same count from the normal approximation with the tie correction and
 * the continuity correction, as normal_p decides. */
static size_t normal_critical(size_t n1, size_t n2, double tie_sum, double tail)
{
    double nn = (double)(n1 * n2), sigma = normal_sigma(n1, n2, tie_sum);
    size_t k = 0;
    while ((double)k <= nn && erfc(-((double)k + 0.5 - nn / 2) / sigma / sqrt(2)) / 2 <= tail)
        k++;
    return k;
}

int mwu_critical(const double *x, size_t n1, const double *y, size_t n2, double tail, size_t *k)
{
    struct tie_group *g;
    size_t ng = tie_groups(x, n1, y, n2, &g);
    if (ng == 0)
        return -1;
    int ties, rc = 0;
    double tie_sum = tie_sum_of(g, ng, &ties);
    free(g);
    if (exact_applies(n1, n2, ties))
        rc = exact_critical(n1, n2, tail, k);
    else
        *k = normal_critical(n1, n2, tie_sum, tail);
    return rc;
}

double mwu_smallest_p(size_t n1, size_t n2)
{
    double arrangements = 1;    /* C(n1 + n2, n1), built up one factor at a time */
    for (size_t i = 1; i <= n1; i++)
        arrangements = arrangements * (double)(n2 + i) / (double)i;
    return fmin(1, 2 / arrangements);
}
