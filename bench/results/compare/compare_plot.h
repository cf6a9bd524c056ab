/* compare_plot.h: --plot: grouped bars, A against B, one pair per variant at chosen client counts (and delays). */
#ifndef COMPARE_PLOT_H
#define COMPARE_PLOT_H

#include "compare.h"

/* One figure (PNG + PDF, and its .dat) per workload, mode, client count
 * and added round trip (netns runs: -dDELAY in the name) into dir: at each
 * of clients[0..n_clients), or when n_clients is 0 at the largest client
 * count measured on both sides. 0, or -1 on error. */
int compare_plot(const struct comparison *c, const char *dir, const int *clients, size_t n_clients);

#endif
