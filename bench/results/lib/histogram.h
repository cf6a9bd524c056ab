/* histogram.h: wrk's latency histogram (a count per microsecond value): read from report.lua's export,
 * merged across load clients, and read back into percentiles exactly as wrk reads its own. */
#ifndef HISTOGRAM_H
#define HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct hist_bucket {
    uint64_t value;     /* latency in microseconds */
    uint64_t count;     /* samples of that value, >= 1 */
};

/* Buckets in ascending order of value, no value twice; total = the sum of their counts. */
struct histogram {
    struct hist_bucket *b;
    size_t n, cap;
    uint64_t total;
};

#define HISTOGRAM_INIT {NULL, 0, 0, 0}

void histogram_free(struct histogram *h);

/* Adds count (>= 1) samples of value, in any order. -1 when out of memory. */
int histogram_add(struct histogram *h, uint64_t value, uint64_t count);

/* Adds every sample of src to dst: the histogram of both sets of samples together. -1 when out of memory. */
int histogram_merge(struct histogram *dst, const struct histogram *src);

/* The p-th percentile (0 < p <= 100) as wrk 4's stats_percentile computes it: the lowest value
 * whose cumulative count reaches rank = round(p / 100 * total + 0.5), which is
 * floor(p / 100 * total) + 1, in the same long double arithmetic. wrk returns 0 when the rank
 * passes the total (p = 100); this returns the largest value. 0 for an empty histogram. */
uint64_t histogram_percentile(const struct histogram *h, double p);

/* Mean and standard deviation (n - 1) of the samples, as wrk's stats_mean and stats_stdev. */
long double histogram_mean(const struct histogram *h);
long double histogram_stdev(const struct histogram *h, long double mean);

/* Reads [[value, count], ...] (report.lua's histogram_us) into an empty h. 0, or -1 with a
 * reason in why (values must be whole, ascending, counts >= 1). */
int histogram_from_json(struct histogram *h, const cJSON *pairs, const char **why);

/* h as [[value, count], ...]. */
cJSON *histogram_to_json(const struct histogram *h);

#endif
