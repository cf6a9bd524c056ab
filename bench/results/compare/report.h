/* report.h: a comparison printed as a Markdown report, as CSV or as an HTML page. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "compare.h"

/* The open-loop comparisons beside the wrk one (compare_rungs): the rate served, then the server's CPU. */
#define OPEN_COMPARISONS 2
extern const enum rs_metric open_metrics[OPEN_COMPARISONS];

/* Environment (differences first), one table per workload and mode with a
 * geomean row, then per workload the open-loop tables (open[0..OPEN_COMPARISONS)),
 * the cases on one side only, then notes on reading it. */
void report_markdown(FILE *out, const struct comparison *c, const struct comparison *open);

/* One line per case (one-sided cases included) and per geomean; a
 * delay_ms column after clients when a case has an added round trip, a
 * rung column when the runs have open-loop rungs (their lines follow). */
void report_csv(FILE *out, const struct comparison *c, const struct comparison *open);

/* report_md.c's "5.620k ± 2%": the median and the largest distance of a repetition from it. */
void print_side(FILE *out, const struct rs_case *c, enum rs_metric m);

/* report_open.c: the open-loop tables of one measure, a workload each. */
void report_open_markdown(FILE *out, const struct comparison *c);

/* The Markdown report as one HTML page; -1 when out of memory. */
int report_html(FILE *out, const struct comparison *c, const struct comparison *open);

#endif
