/* report.h: a comparison printed as a Markdown report, as CSV or as an HTML page. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "compare.h"

/* Environment (differences first), one table per workload and mode with a
 * geomean row, the cases on one side only, then notes on reading it. */
void report_markdown(FILE *out, const struct comparison *c);

/* One line per case (one-sided cases included) and per geomean; a
 * delay_ms column after clients when a case has an added round trip. */
void report_csv(FILE *out, const struct comparison *c);

/* The Markdown report as one HTML page; -1 when out of memory. */
int report_html(FILE *out, const struct comparison *c);

#endif
