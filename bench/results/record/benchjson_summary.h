/* benchjson_summary.h: what summary.md's parts share: the run's cases, and one table cell gathered from them. */
#ifndef BENCHJSON_SUMMARY_H
#define BENCHJSON_SUMMARY_H

#include "benchjson.h"

enum { MAX_KEYS = 64, MAX_REPS = 256 };

struct keys {                   /* distinct values, in first-seen order */
    const char *name[MAX_KEYS];
    double number[MAX_KEYS];
    int n;
};

struct cell {                   /* one variant at one client count, sorted */
    double v[MAX_REPS];
    int n;
    bool marked;                /* a repetition was flagged or failed */
    bool client_bound;
};

struct summary {
    const char *run_id;
    const cJSON *env;           /* may be NULL */
    const cJSON *micro;         /* micro.json; may be NULL */
    const cJSON *cases;
    struct keys tables;         /* "workload mode" */
    struct keys variants;
    struct keys clients;        /* sorted */
};

/* The rate of a case: connections/s in close mode, requests/s with keep-alive. */
double case_rate(const cJSON *c);
/* The cell of variant at clients in table ("static close"), by metric. */
void collect(const struct summary *s, const char *table, const char *variant, double clients,
             double (*metric)(const cJSON *), struct cell *cell);
double median(const struct cell *cell);

/* The goals of the suite as ratios measured in this run (benchjson_goals.c). */
void print_goals(FILE *f, const struct summary *s);

#endif
