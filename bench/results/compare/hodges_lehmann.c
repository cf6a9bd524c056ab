/* hodges_lehmann.c: the Hodges-Lehmann shift (or ratio) between two samples and its distribution-free interval. */
#include "hodges_lehmann.h"

#include <math.h>
#include <stdlib.h>

#include "mwu.h"
#include "samples.h"

int hl_shift(const double *x, size_t n1, const double *y, size_t n2, double alpha, struct hl_interval *r)
{
    size_t n = n1 * n2, k;
    double *d = malloc(n * sizeof *d);
    if (!d || mwu_critical(x, n1, y, n2, alpha / 2, &k) != 0) {
        free(d);
        return -1;
    }
    for (size_t i = 0; i < n1; i++)
        for (size_t j = 0; j < n2; j++)
            d[i * n2 + j] = y[j] - x[i];
    sample_sort(d, n);
    r->estimate = sample_percentile(d, n, 0.5);
    /* U of x against y shifted by delta counts the differences below delta:
     * the test keeps delta at alpha exactly between D(k) and D(n + 1 - k). */
    r->low = k ? d[k - 1] : NAN;
    r->high = k ? d[n - k] : NAN;
    free(d);
    return 0;
}

/* log() of v[0..n) into a new array; NULL when out of memory. *positive: every value > 0. */
static double *logs_of(const double *v, size_t n, int *positive)
{
    double *l = malloc(n * sizeof *l);
    for (size_t i = 0; l && i < n; i++) {
        *positive &= v[i] > 0;
        l[i] = v[i] > 0 ? log(v[i]) : 0;
    }
    return l;
}

static double pct(double log_ratio)
{
    return isnan(log_ratio) ? NAN : expm1(log_ratio) * 100;
}

int hl_ratio_pct(const double *x, size_t n1, const double *y, size_t n2, double alpha, struct hl_interval *r)
{
    int positive = 1, rc = -1;
    double *lx = logs_of(x, n1, &positive), *ly = logs_of(y, n2, &positive);
    *r = (struct hl_interval){NAN, NAN, NAN};
    if (lx && ly && !positive)
        rc = 0;
    else if (lx && ly && hl_shift(lx, n1, ly, n2, alpha, r) == 0) {
        *r = (struct hl_interval){pct(r->estimate), pct(r->low), pct(r->high)};
        rc = 0;
    }
    free(lx);
    free(ly);
    return rc;
}
