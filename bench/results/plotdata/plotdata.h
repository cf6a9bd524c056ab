/* plotdata.h: what the parts of bin/plotdata share: the output directory, the .dat files, the figure list. */
#ifndef PLOTDATA_H
#define PLOTDATA_H

#include <stdio.h>

#include "resultset.h"

struct output {
    const char *dir;    /* the figures go here */
    char data[4096];    /* dir/data: the .dat files and figures.tsv */
    FILE *figures;      /* figures.tsv: a figure a line, its name, a tab, its gnuplot assignments */
    char caption[512];  /* the run and the machine, in a corner of every figure */
    int failed;
};

/* dir/data/name, opened for writing; NULL (with a message, o->failed set) on error. */
FILE *open_dat(struct output *o, const char *name);
void close_dat(struct output *o, FILE *f);

/* Starts a figures.tsv line with what every figure gets; the caller adds
 * its own assignments and the newline. */
void begin_figure(struct output *o, const char *script, const char *name);

/* Lists for gnuplot's `for [x in list]`: words separated by spaces. */
void append_word(char *list, size_t len, const char *word);

/* The figures of runs.json (plotdata_load.c): per workload and mode,
 * throughput and latency against clients; per client count of a netns
 * round-trip sweep, the rate against the added round trip. */
void load_figures(struct output *o, const struct rs_run *run);

/* cost-KEY (plotdata_cost.c): the server's CPU per request of cases[0..n), one workload and mode at one
 * delay, a bar per variant (user and system stacked), a group per client count: its data and its line
 * of figures.tsv. Nothing when no case has a cost. */
void cost_figure(struct output *o, const struct rs_case *cases, size_t n, const char *key);

/* The figures of the open-loop rungs (plotdata_overload.c): per workload,
 * the rate served, the median connection time and the server's CPU per
 * connection against the rate offered. */
void overload_figures(struct output *o, const struct rs_run *run);
/* scaling-WORKLOAD-MODE, when the cases c[0..n) of one workload and mode
 * were measured at two or more server CPU counts (plotdata_scaling.c). */
void scaling_figure(struct output *o, const struct rs_case *c, size_t n);

/* A fork size sweep's figure (plotdata_forksize.c): fork's rate against the server's resident
 * memory, a line per index placement, and the ceiling the fork microbenchmark predicts. */
void fork_size_figure(struct output *o, const struct rs_run *run);

#endif
