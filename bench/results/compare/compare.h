/* compare.h: pairs the cases of two runs and decides, per case, whether a metric changed. */
#ifndef COMPARE_H
#define COMPARE_H

#include <stdio.h>

#include "hodges_lehmann.h"
#include "resultset.h"

#define COMPARE_ALPHA 0.05
#define MARK_TOO_FEW "†"    /* these sample sizes cannot reach alpha */
#define MARK_ISSUE "!"      /* a repetition was flagged or failed */

enum verdict {
    V_CHANGED,      /* p <= alpha */
    V_SAME,         /* p > alpha: printed "~" */
    V_TOO_FEW,      /* no p-value these sample sizes allow can reach alpha */
    V_NO_DATA,      /* every repetition failed on one side */
    V_ONLY_A,
    V_ONLY_B,
};

struct cmp_row {
    const struct rs_case *a, *b;    /* one is NULL for a case on one side only */
    enum verdict verdict;
    double change;                  /* B's median against A's, percent; NAN if untested */
    double p;                       /* two-sided Mann-Whitney U; NAN if untested */
    struct hl_interval ratio;       /* B against A in percent: Hodges-Lehmann and its 95% interval */
};

struct comparison {
    const struct rs_run *a, *b;
    enum rs_metric metric;
    struct cmp_row *rows;   /* A's cases in A's order (in both, or A only); then B only */
    size_t n;
};

/* The wrk cases of a and b, paired by variant, workload, mode, clients and
 * delay. Returns 0, or -1 when out of memory (then compare_free out all the same). */
int compare_runs(const struct rs_run *a, const struct rs_run *b, enum rs_metric metric,
                 struct comparison *out);
/* The open-loop rungs, paired by variant, workload, and fraction or rate;
 * metric RS_SERVED or RS_COST. As compare_runs. */
int compare_rungs(const struct rs_run *a, const struct rs_run *b, enum rs_metric metric,
                  struct comparison *out);
void compare_free(struct comparison *c);

/* Sections: rows of one workload and mode, from A's cases. Returns the end
 * of the section starting at row `from`; `from` itself when no section starts there. */
size_t compare_section_end(const struct comparison *c, size_t from);

/* Nonzero when a case of rows [from, to), on either side, has an added
 * round trip (a netns run): the reports then show the delay. */
int compare_has_delays(const struct comparison *c, size_t from, size_t to);

/* Geometric means of the medians over rows [from, to) measured on both
 * sides (as benchstat, one summary number per table). 0 when there are none. */
int compare_geomean(const struct comparison *c, size_t from, size_t to, double *a, double *b);

/* "rps", "p50", "p99", "cpu", "cpu_user", "cpu_sys" (--metric); 0 or -1 when unknown. */
int metric_parse(const char *name, enum rs_metric *m);
/* "connections/sec", "requests/sec" (by mode), "p99 latency (us)", "connections/sec served" ... */
const char *metric_title(enum rs_metric m, const char *mode);
int metric_higher_is_better(enum rs_metric m);

/* "+14.77% [+12%, +17%]"; "~ [-18%, +9%]" when not significant (the 95%
 * interval of the change follows whenever the sample sizes allow one); "-"
 * when not tested. */
const char *format_change(const struct cmp_row *r, char *buf, size_t len);

#endif
