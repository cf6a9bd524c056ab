/* resultset_group.h: inside the reader of runs.json: what resultset.c (wrk cases) and ladder.c (open-loop
 * rungs) share to group repetitions. Not for the programs that read result sets: they use resultset.h. */
#ifndef RESULTSET_GROUP_H
#define RESULTSET_GROUP_H

#include "resultset.h"

#define CMP(x, y) (((x) > (y)) - ((x) < (y)))

/* Variants, workloads and modes become parts of file names: plain words of a sane length. */
int is_plain_name(const char *s);

/* The place of a variant in tables and legends: servers/variants, then nginx, then others. */
size_t variant_rank(const char *variant);

/* A new group at the end of groups[0..*n), a copy of key; NULL when out of memory. */
struct rs_case *append_group(struct rs_case **groups, size_t *n, const struct rs_case *key);

/* Counts repetition item of group c: its status, its issues, and unless it
 * failed the finite values of metrics [from, to) of v. -1 when out of memory. */
int count_repetition(struct rs_case *c, const cJSON *item, const double v[RS_METRICS], enum rs_metric from,
                     enum rs_metric to);

/* ladder.c: an open-loop repetition's values (RS_SERVED ... RS_CAPACITY; NAN
 * where it has none); 0 when it has no figures (it failed). */
int rung_values(const cJSON *item, double v[RS_METRICS]);

/* ladder.c: files an open-loop repetition under its rung; -1 with *why set on bad input. */
int add_rung(struct rs_run *run, const cJSON *item, size_t index, const char **why);

/* ladder.c: the order of run->rungs, for qsort. */
int by_rung(const void *a, const void *b);

#endif
