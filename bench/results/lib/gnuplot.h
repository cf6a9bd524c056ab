/* gnuplot.h: passes parameters to the figure scripts in plots/ and runs them for PNG and PDF. */
#ifndef GNUPLOT_H
#define GNUPLOT_H

#include <stdio.h>

/* Writes "name='value'; " to f: a gnuplot assignment, for gnuplot -e. */
void gp_assign(FILE *f, const char *name, const char *value);
/* "name=value; " for a number (a column, a count). */
void gp_assign_int(FILE *f, const char *name, int value);

/* Draws plots/<script> as <out_base>.png and <out_base>.pdf through
 * plots/draw.gp; `assignments` (from gp_assign) are the script's parameters.
 * Returns 0, or -1 (with a message) when gnuplot failed or did not start. */
int gp_draw(const char *script, const char *assignments, const char *out_base);

#endif
