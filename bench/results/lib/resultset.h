/* resultset.h: reads a result directory (results/SCHEMA.md) and groups the repetitions in runs.json into cases:
 * the one reader of runs.json, for summary.md, plotdata and compare-results alike. */
#ifndef RESULTSET_H
#define RESULTSET_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "jsonpath.h"
#include "samples.h"

/* What can be compared or plotted for a case, one value per repetition. */
enum rs_metric { RS_RPS, RS_P50, RS_P99, RS_METRICS };

/* "rps", "p50", "p99": compare-results' --metric, plotdata's column names. */
const char *rs_metric_name(enum rs_metric m);

/* One (variant, workload, mode, clients, delay, corpus size, index placement) with all its repetitions. */
struct rs_case {
    const char *variant, *workload, *mode;  /* point into the runs document */
    int clients;
    double delay_ms;            /* round trip added between client and server (netns); NAN: loopback */
    int corpus_docs;            /* documents generated for a size sweep's corpus; 0: the run's one corpus */
    const char *index_memory;   /* the servers' --index-memory; "heap" (the default) when not recorded */
    size_t reps;                /* repetitions recorded */
    size_t measured;            /* repetitions with figures (status ok or flagged) */
    size_t flagged, failed;     /* repetitions with integrity problems */
    double *value[RS_METRICS];  /* the measured repetitions' values */
    size_t client_bound;        /* repetitions in which wrk set the pace (cpu.client_bound) */
    struct sample_stats stats[RS_METRICS];  /* median, min, max of value; when measured > 0 */
    char issues[256];           /* "rep 2 flagged: wrk.errors.read=12; ..." */
    size_t first;               /* index in runs.json's "cases" of the first repetition */
    size_t workload_rank, mode_rank;        /* order of first appearance in the file */
};

/* How a repetition counts: failed when it has no figures or says it failed,
 * flagged when its status is anything but "ok". */
enum rs_status { RS_OK, RS_FLAGGED, RS_FAILED };

/* An operation of micro.json, in the order of its first run: the order of
 * the op tables of bench/micro/fork_latency.c and thread_latency.c. */
struct rs_op {
    const char *name;           /* "fork-exec": a plain name (it becomes part of file names) */
    const char *label;          /* "fork+exec", as the slides say; the name in runs written before labels */
};

/* The files of a result directory. */
enum { RS_ENV = 1, RS_RUNS = 2, RS_MICRO = 4, RS_FORKSIZE = 8 };

struct rs_run {
    const char *dir;
    cJSON *env, *runs, *micro;  /* NULL when absent (only allowed if not required) */
    cJSON *forksize;            /* a fork size sweep's microbenchmarks (forksize.json) */
    struct rs_case *cases;      /* from runs.json, sorted by section, variant, clients, delay;
                                 * variants in the order of servers/variants, nginx last */
    size_t n_cases;
    struct rs_op *ops;          /* from micro.json */
    size_t n_ops;
};

/* Loads the files in `want` (RS_ENV | ...); those in `required` must exist.
 * Checks every document's schema and version. On error prints one line
 * naming the file ("prog: dir/runs.json: not valid JSON") and returns -1. */
int rs_open(const char *dir, unsigned want, unsigned required, struct rs_run *run);
void rs_close(struct rs_run *run);

/* The run's id from env.json, else its directory. */
const char *rs_label(const struct rs_run *run);

/* The case of `run` with the same variant, workload, mode, clients, delay
 * (loopback, NAN, is a delay of its own, not 0), corpus_docs and
 * index_memory; or NULL. */
const struct rs_case *rs_find(const struct rs_run *run, const struct rs_case *like);

/* The case that a repetition of runs.json (an item of its "cases") belongs to; NULL if none. */
const struct rs_case *rs_case_of(const struct rs_run *run, const cJSON *rep);

/* Same workload and mode: one table, one figure. */
int rs_same_section(const struct rs_case *a, const struct rs_case *b);

/* Delays in order, loopback (NAN) first: <0, 0, >0 as for qsort; equal is rs_same_delay. */
int rs_delay_cmp(double a, double b);
int rs_same_delay(double a, double b);

/* Nonzero when some repetition of the case was flagged or failed. */
int rs_has_issues(const struct rs_case *c);

/* A repetition of runs.json (an item of its "cases"). */
enum rs_status rs_rep_status(const cJSON *rep);

/* micro.json's run (an item of runs) of op with the parent at touch_mb MiB
 * in memory (heap: also runs from before --memory existed); runs at the
 * server's size are not among them. NULL if there is none. */
const cJSON *rs_micro_run(const cJSON *runs, const char *op, const char *memory, double touch_mb);

/* The run of op with the parent at the server's size ("parent": "server"); NULL if none. */
const cJSON *rs_micro_server_run(const cJSON *runs, const char *op);

#endif
