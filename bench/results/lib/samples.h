/* samples.h: statistics of a sample: sort, percentiles (type 7), mean, standard deviation, a summary. */
#ifndef SAMPLES_H
#define SAMPLES_H

#include <stddef.h>

/* Summary of n values (microseconds, requests/sec: whatever the sample holds). */
struct sample_stats {
    size_t n;
    double min, p50, mean, p90, p99, max, stddev;
};

void sample_sort(double *v, size_t n);

/* The p-quantile (p in [0, 1]) of sorted[0..n), n >= 1: linear interpolation
 * between closest ranks (Hyndman & Fan type 7, the default of numpy and R),
 * so p = 0.5 is the usual median. */
double sample_percentile(const double *sorted, size_t n, double p);

double sample_mean(const double *v, size_t n);

/* Sample standard deviation (n-1 denominator); 0 for fewer than 2 values. */
double sample_stddev(const double *v, size_t n, double mean);

/* Sorts v[0..n) in place and fills st; n >= 1. */
void sample_summarize(double *v, size_t n, struct sample_stats *st);

#endif
