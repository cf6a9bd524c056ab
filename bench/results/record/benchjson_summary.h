/* benchjson_summary.h: what summary.md's parts share: the run, read by resultset.c as plotdata and compare-results read it. */
#ifndef BENCHJSON_SUMMARY_H
#define BENCHJSON_SUMMARY_H

#include <stdio.h>

#include "benchjson.h"
#include "resultset.h"

/* A pair of tables of summary.md: one workload and mode at one delay. */
struct table {
    const struct rs_case *like;     /* a case of the table: its workload, mode and delay */
    size_t first;                   /* where the table's first repetition is in runs.json */
};

struct summary {
    const struct rs_run *run;
    struct table *tables;           /* in the order the run measured them */
    size_t n_tables;
    int *clients;                   /* every client count of the run, ascending: the columns */
    size_t n_clients;
};

/* The case of variant at clients on loopback (no added delay), with the run's index placement
 * (env.json's config.index_memory, heap when absent); NULL if not measured. */
const struct rs_case *loopback_case(const struct summary *s, const char *workload, const char *mode,
                                    const char *variant, int clients);

/* The marks of a cell: " !" when a repetition was flagged or failed, " ^"
 * when wrk was client-bound in one; into buf (4 bytes at least). */
const char *case_marks(const struct rs_case *c, char *buf);

/* Whether c belongs to the table of like (its workload, mode and delay). */
int in_table(const struct rs_case *c, const struct rs_case *like);

/* One markdown table: a row a variant, a column a client count, cell() in each. */
void print_table(FILE *f, const struct summary *s, const struct rs_case *like,
                 void (*cell)(FILE *, const struct rs_case *));

/* The cost table of like's workload and mode: server CPU per request, with the rate (benchjson_cost.c). */
void print_costs(FILE *f, const struct summary *s, const struct rs_case *like);

/* The goals of the suite as ratios measured in this run (benchjson_goals.c). */
void print_goals(FILE *f, const struct summary *s);
/* Those of uring and reuseport against epoll, when the run measured them (benchjson_goals_loops.c). */
void print_loop_goals(FILE *f, const struct summary *s);

/* Steal and TIME_WAIT over the run, and whether they explain its slow repetitions (benchjson_noise.c). */
void print_noise(FILE *f, const struct summary *s);

/* The sections of the open-loop runs, a workload each (benchjson_overload.c). */
void print_overload(FILE *f, const struct summary *s);

/* "fork static 1.5x (1,311/s) rep 1": an open-loop repetition of runs.json, for lists. */
void open_case_name(FILE *f, const cJSON *c);

/* A fork size sweep's tables and goals (benchjson_forksweep.c), in place of the tables and goals
 * of other runs; -1 when out of memory. */
int print_fork_sweep(FILE *f, const struct summary *s);

#endif
