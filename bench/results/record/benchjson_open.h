/* benchjson_open.h: the open-loop record (benchjson_open.c) and the httperf reports behind it (benchjson_httperf.c). */
#ifndef BENCHJSON_OPEN_H
#define BENCHJSON_OPEN_H

#include "benchjson_case.h"
#include "httperfout.h"

/* The reports of the httperf processes of one run, added up. */
struct hp_sum {
    struct hp_report total;     /* counts, rates and CPU summed; durations, maxima and bursts the largest;
                                 * connection times merged (below) */
    double lifetimes;           /* connections with a reply: the weight of each process's connection times */
    double weighted_avg, weighted_median, sum_squares;  /* sums of n avg, n median, (n-1) sd^2 + n avg^2 */
    double weighted_connect;    /* sum of connections x mean connect time */
};

/* PREFIX.out and PREFIX.err, parsed; -1 with why (naming the file) when
 * either is missing or does not parse. */
int hp_read(const char *prefix, struct hp_report *r, char *why, size_t len);

/* Adds r to sum (first: sum is made of r alone). Several processes'
 * connection times merge exactly but for the median: the mean of theirs,
 * weighted by replies (httperf prints no histogram to merge). */
void hp_add(struct hp_sum *sum, const struct hp_report *r, int first);

/* The "httperf" object of an open-loop case. */
cJSON *hp_json(const struct hp_sum *sum);

#endif
