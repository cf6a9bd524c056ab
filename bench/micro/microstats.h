/* microstats.h: timing, statistics, options and JSON output shared by fork_latency and thread_latency. */
#ifndef MICROSTATS_H
#define MICROSTATS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* Summary of n samples, every field in microseconds. */
struct micro_stats {
    size_t n;
    double min, p50, mean, p90, p99, max, stddev;
};

/* An op's run() result when the child it created did not exit with status 0. */
#define MICRO_CHILD_FAILED (-1)

/* One way of starting a unit of work (process or thread) and waiting until it
 * has finished; run() is what gets timed. */
struct micro_op {
    const char *name;      /* --op value, e.g. "fork" */
    const char *noun;      /* for "ms per <noun>", e.g. "fork" */
    const char *what;      /* one-line description, kept in the JSON */
    int (*setup)(const char *prog);   /* optional; prints its own error, -1 */
    int (*run)(void);      /* 0, an errno value, or MICRO_CHILD_FAILED */
};

/* A benchmark program: its name and op table; ops[0] is the default op. */
struct micro_program {
    const char *name;
    const struct micro_op *ops;
    size_t n_ops;
};

uint64_t micro_now_ns(void);

void micro_sort(double *v, size_t n);
double micro_percentile(const double *sorted, size_t n, double p);
double micro_mean(const double *v, size_t n);
double micro_stddev(const double *v, size_t n, double mean);
void micro_summarize(double *samples, size_t n, struct micro_stats *st);

/* "3,800" for 3846: two significant figures with thousands separators. */
char *micro_round_grouped(double v, char *buf, size_t len);

int micro_write_json(const char *path, const cJSON *doc);

/* Parses options, measures, prints the summary line, writes --json; returns
 * the exit status (0 ok, 1 failure, 2 bad usage). */
int micro_main(int argc, char **argv, const struct micro_program *prog);

#endif
