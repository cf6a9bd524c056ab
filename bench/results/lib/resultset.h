/* resultset.h: reads a result directory (results/SCHEMA.md) and groups the repetitions in runs.json into cases. */
#ifndef RESULTSET_H
#define RESULTSET_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "microstats.h"

/* What can be compared or plotted for a case, one value per repetition. */
enum rs_metric { RS_RPS, RS_P50, RS_P99, RS_METRICS };

/* One (variant, workload, mode, clients, delay) with all its repetitions. */
struct rs_case {
    const char *variant, *workload, *mode;  /* point into the runs document */
    int clients;
    double delay_ms;            /* round trip added between client and server (netns); NAN: loopback */
    size_t reps;                /* repetitions recorded */
    size_t measured;            /* repetitions with figures (status ok or flagged) */
    size_t flagged, failed;     /* repetitions with integrity problems */
    double *value[RS_METRICS];  /* the measured repetitions' values */
    struct micro_stats stats[RS_METRICS];   /* median, min, max of value; when measured > 0 */
    char issues[256];           /* "rep 2 flagged: wrk.errors.read=12; ..." */
    size_t workload_rank, mode_rank;        /* order of first appearance in the file */
};

/* The files of a result directory. */
enum { RS_ENV = 1, RS_RUNS = 2, RS_MICRO = 4 };

struct rs_run {
    const char *dir;
    cJSON *env, *runs, *micro;  /* NULL when absent (only allowed if not required) */
    struct rs_case *cases;      /* from runs.json, sorted by section, variant, clients, delay */
    size_t n_cases;
};

/* Loads the files in `want` (RS_ENV | ...); those in `required` must exist.
 * Checks every document's schema and version. On error prints one line
 * naming the file ("prog: dir/runs.json: not valid JSON") and returns -1. */
int rs_open(const char *dir, unsigned want, unsigned required, struct rs_run *run);
void rs_close(struct rs_run *run);

/* The run's id from env.json, else its directory. */
const char *rs_label(const struct rs_run *run);

/* The case of `run` with the same variant, workload, mode, clients and
 * delay (loopback, NAN, is a delay of its own, not 0); or NULL. */
const struct rs_case *rs_find(const struct rs_run *run, const struct rs_case *like);

/* Same workload and mode: one table, one figure. */
int rs_same_section(const struct rs_case *a, const struct rs_case *b);

/* Delays in order, loopback (NAN) first: <0, 0, >0 as for qsort; equal is rs_same_delay. */
int rs_delay_cmp(double a, double b);
int rs_same_delay(double a, double b);

/* Nonzero when some repetition of the case was flagged or failed. */
int rs_has_issues(const struct rs_case *c);

/* The value at a dotted path ("machine.kernel") of a document, or NULL. */
const cJSON *rs_get(const cJSON *doc, const char *path);

/* The string or number at path, rendered into buf; "-" when absent. */
const char *rs_text(const cJSON *doc, const char *path, char *buf, size_t len);

#endif
