/* resultset.h: reads a result directory (results/SCHEMA.md) and groups the repetitions in runs.json into cases:
 * the one reader of runs.json, for summary.md, plotdata and compare-results alike. */
#ifndef RESULTSET_H
#define RESULTSET_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "jsonpath.h"
#include "samples.h"

/* What can be compared or plotted for a case, one value per repetition:
 * wrk's figures for a closed-loop case, httperf's for an open-loop rung. */
enum rs_metric {
    RS_RPS, RS_P50, RS_P99,     /* wrk: requests/s (close mode: connections/s), p50 and p99 latency (us) */
    RS_WRK_METRICS,             /* (every measured wrk case has those three) */
    RS_CPU = RS_WRK_METRICS,    /* wrk cases: server CPU us per request, in all, user, system (cases */
    RS_CPU_USER, RS_CPU_SYS,    /* recorded without the CPU times have none; without the split, the total) */
    RS_CASE_METRICS,
    RS_SERVED = RS_CASE_METRICS,    /* httperf: 2xx replies/s (over its test duration); */
    RS_SHARE,                   /* the share of the connections offered served with a 2xx; */
    RS_CONN_P50,                /* median connection time (us; of connections with a reply); */
    RS_COST,                    /* server CPU us per completed connection; */
    RS_OFFERED, RS_CAPACITY,    /* the rate offered, the variant's probed capacity (conn/s). No user and
                                   system parts: results/SCHEMA.md, "Open-loop cases", says why */
    RS_METRICS
};

/* "rps", "p50", "p99", "cpu", "cpu_user", "cpu_sys" (compare-results' --metric, plotdata's column names),
 * "served", "share", "conn_p50", "cost", "offered", "capacity". */
const char *rs_metric_name(enum rs_metric m);

/* One (variant, workload, mode, clients, delay, server CPUs, corpus size, index placement) with all its repetitions;
 * or one rung of an open-loop ladder (variant, workload, rung, fraction or rate). */
struct rs_case {
    const char *variant, *workload, *mode;  /* point into the runs document */
    int clients;
    double delay_ms;            /* round trip added between client and server (netns); NAN: loopback */
    int server_cpus;            /* the CPUs the server had in a SCALE sweep; 0: not a sweep */
    bool cpus_shared;           /* ... all of them, wrk running beside it */
    int corpus_docs;            /* documents generated for a size sweep's corpus; 0: the run's one corpus */
    const char *index_memory;   /* the servers' --index-memory; "heap" (the default) when not recorded */
    size_t reps;                /* repetitions recorded */
    size_t measured;            /* repetitions with figures (status ok or flagged) */
    size_t flagged, failed;     /* repetitions with integrity problems */
    double *value[RS_METRICS];  /* the measured repetitions' values: finite ones only, n[m] of them */
    size_t n[RS_METRICS];       /* wrk cases: measured for each wrk metric; rungs: those with a value
                                 * (no cost nor connection time when no connection had a reply) */
    size_t client_bound;        /* repetitions in which the client set the pace (cpu.client_bound) */
    struct sample_stats stats[RS_METRICS];  /* median, min, max of value; when n[m] > 0 */
    char issues[256];           /* "rep 2 flagged: wrk.errors.read=12; ..." */
    size_t first;               /* index in runs.json's "cases" of the first repetition */
    size_t held_fewer;          /* flagged repetitions whose only flag is peak_clients: the server held
                                 * fewer clients at once than offered (a sequential server holds one) */
    size_t workload_rank, mode_rank;        /* order of first appearance in the file */
    /* Open-loop rungs only (run->rungs): how the rate was chosen. */
    const char *rung;           /* "fraction" (of the probed capacity) or "absolute"; NULL: a wrk case */
    double fraction, rate;      /* the fraction, or the absolute rate asked for; the other NAN */
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
    struct rs_case *cases;      /* wrk cases from runs.json, sorted by section, variant, clients, delay;
                                 * variants in the order of servers/variants, nginx last */
    size_t n_cases;
    struct rs_case *rungs;      /* open-loop cases ("load": "open"), sorted by workload, variant,
                                 * rung (fractions, then absolute rates), fraction or rate */
    size_t n_rungs;
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
 * (loopback, NAN, is a delay of its own, not 0), server CPUs, corpus_docs
 * and index_memory; or NULL. */
const struct rs_case *rs_find(const struct rs_run *run, const struct rs_case *like);

/* The case that a repetition of runs.json (an item of its "cases") belongs to; NULL if none. */
const struct rs_case *rs_case_of(const struct rs_run *run, const cJSON *rep);

/* Same workload and mode: one table, one figure. */
int rs_same_section(const struct rs_case *a, const struct rs_case *b);

/* Delays in order, loopback (NAN) first: <0, 0, >0 as for qsort; equal is rs_same_delay. */
int rs_delay_cmp(double a, double b);
int rs_same_delay(double a, double b);

/* Nonzero when a repetition failed or has a flag other than peak_clients
 * (errors, lost or extra requests, zombies, leaked descriptors, a dead server). */
int rs_integrity_failed(const struct rs_case *c);

/* Nonzero when some repetition of the case was flagged or failed. */
int rs_has_issues(const struct rs_case *c);

/* A repetition of runs.json (an item of its "cases"), wrk's or httperf's. */
enum rs_status rs_rep_status(const cJSON *rep);

/* Whether a repetition of runs.json is an open-loop run ("load": "open"). */
int rs_is_open(const cJSON *rep);

/* The rung of `run` with the same variant, workload, rung, and fraction or rate; or NULL. */
const struct rs_case *rs_find_rung(const struct rs_run *run, const struct rs_case *like);

/* A rung's name in tables, lists and figures: "1.5x" or "5,000/s"; into buf. */
const char *rs_rung_label(const struct rs_case *c, char *buf, size_t len);

/* A wrk repetition's server CPU us per request (results/SCHEMA.md, cpu): the server's CPU time over
 * the measured run, in all, user and system, over the requests wrk counted; NAN where not recorded. */
void rs_cpu_per_request(const cJSON *rep, double us[3]);

/* How many values of metric m the case has (wrk cases: its measured repetitions). */
size_t rs_count(const struct rs_case *c, enum rs_metric m);

/* micro.json's run (an item of runs) of op with the parent at touch_mb MiB
 * in memory (heap: also runs from before --memory existed); runs at the
 * server's size are not among them. NULL if there is none. */
const cJSON *rs_micro_run(const cJSON *runs, const char *op, const char *memory, double touch_mb);

/* The run of op with the parent at the server's size ("parent": "server"); NULL if none. */
const cJSON *rs_micro_server_run(const cJSON *runs, const char *op);

#endif
