/* samples.c: statistics of a sample: sort, percentiles (type 7), mean, standard deviation, a summary. */
#include "samples.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void sample_sort(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
}

/* Rank h = (n-1)p on 0-based sorted data: p = 0 is the minimum, p = 1 the maximum. */
double sample_percentile(const double *sorted, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)h;
    if (lo + 1 >= n)
        return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

double sample_mean(const double *v, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    return sum / (double)n;
}

/* Two passes, so that a tiny spread next to a large mean keeps its precision. */
double sample_stddev(const double *v, size_t n, double mean)
{
    if (n < 2)
        return 0;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
    return sqrt(ss / (double)(n - 1));
}

void sample_summarize(double *v, size_t n, struct sample_stats *st)
{
    sample_sort(v, n);
    st->n = n;
    st->min = v[0];
    st->p50 = sample_percentile(v, n, 0.50);
    st->p90 = sample_percentile(v, n, 0.90);
    st->p99 = sample_percentile(v, n, 0.99);
    st->max = v[n - 1];
    st->mean = sample_mean(v, n);
    st->stddev = sample_stddev(v, n, st->mean);
}
