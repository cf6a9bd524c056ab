/* mwu.h: the two-sided Mann-Whitney U test, decided the way Go's benchstat decides it. */
#ifndef MWU_H
#define MWU_H

#include <stddef.h>

/* Sample sizes up to which the exact distribution of U is used. */
#define MWU_EXACT_LIMIT 50
#define MWU_TIES_EXACT_LIMIT 25

struct mwu_result {
    double u;       /* U of the first sample: pairs (x, y) with x > y, ties count 1/2 */
    double p;       /* two-sided p-value */
    int exact;      /* 1: exact distribution, 0: normal approximation */
    int ties;       /* 1 when some value occurs more than once in the pooled sample */
};

/* Tests x[0..n1) against y[0..n2); both n >= 1. Samples in which every value
 * is the same give p = 1. Returns 0, or -1 when out of memory. */
int mwu_test(const double *x, size_t n1, const double *y, size_t n2, struct mwu_result *r);

/* The order statistic of the distribution-free confidence interval that goes
 * with this test: *k is the count of values u = 0, 1, ... with P(U <= u) <=
 * tail (tail = alpha / 2), so that the interval from the k-th smallest to the
 * k-th largest of the n1 n2 pairwise differences covers the shift with
 * probability at least 1 - alpha. Exact distribution (without ties) where
 * mwu_test is exact, the normal approximation with the tie correction of x
 * and y otherwise. *k = 0: these sizes allow no such interval (as 3 and 3 at
 * alpha 0.05). Returns 0, or -1 when out of memory. */
int mwu_critical(const double *x, size_t n1, const double *y, size_t n2, double tail, size_t *k);

/* The smallest two-sided p any samples of these sizes can give (no ties, no
 * overlap): 2 / C(n1 + n2, n1), at most 1. 3 and 3 give 0.1. */
double mwu_smallest_p(size_t n1, size_t n2);

#endif
