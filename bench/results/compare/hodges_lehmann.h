/* hodges_lehmann.h: the Hodges-Lehmann estimate of the shift between two samples, with the distribution-free
 * confidence interval that goes with the Mann-Whitney U test. */
#ifndef HODGES_LEHMANN_H
#define HODGES_LEHMANN_H

#include <stddef.h>

struct hl_interval {
    double estimate;    /* median of the n1 n2 differences y - x */
    double low, high;   /* the confidence interval; NAN when the sizes allow none */
};

/* The shift of y[0..n2) from x[0..n1) (both n >= 1) and its 1 - alpha
 * confidence interval: the k-th smallest and k-th largest of the pairwise
 * differences, k from mwu_critical. Returns 0, or -1 when out of memory. */
int hl_shift(const double *x, size_t n1, const double *y, size_t n2, double alpha, struct hl_interval *r);

/* The same for the ratio y / x, as percent changes (+10 for 1.1 times x): the
 * shift of the logarithms, so one interval serves rates and latencies alike.
 * Every value must be > 0; otherwise every field is NAN. */
int hl_ratio_pct(const double *x, size_t n1, const double *y, size_t n2, double alpha, struct hl_interval *r);

#endif
