/* test_hodges_lehmann.c: the Hodges-Lehmann shift and ratio of compare-results and their 95% intervals,
 * against values worked out by hand: exact small samples, ties, the normal approximation. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hodges_lehmann.h"
#include "mwu.h"

#define EPS 1e-9
#define LEN(a) (sizeof(a) / sizeof *(a))

/* hl_shift at alpha 0.05 gives what was worked out by hand. */
static void check_shift(const double *x, size_t n1, const double *y, size_t n2, struct hl_interval want)
{
    struct hl_interval r;
    assert_int_equal(hl_shift(x, n1, y, n2, 0.05, &r), 0);
    assert_float_equal(r.estimate, want.estimate, EPS);
    assert_float_equal(r.low, want.low, EPS);
    assert_float_equal(r.high, want.high, EPS);
}

/* The critical counts of the exact distribution without ties, tail 0.025:
 * 5+5: P(U <= 2) = 4/252 = 0.016, P(U <= 3) = 7/252 = 0.028, so k = 3.
 * 4+4: P(U <= 0) = 1/70 = 0.014, P(U <= 1) = 2/70 = 0.029: k = 1.
 * 3+3: P(U <= 0) = 1/20 = 0.05 already: no interval (k = 0), as no
 * verdict either (mwu_smallest_p 0.1). 8+8: P(U <= 13) = 0.0249 and
 * P(U <= 14) = 0.0325 (counted by enumerating the C(16,8) draws): k = 14. */
static void test_exact_critical(void **state)
{
    (void)state;
    double x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, y[8] = {11, 12, 13, 14, 15, 16, 17, 18};
    size_t k;
    assert_int_equal(mwu_critical(x, 5, y, 5, 0.025, &k), 0);
    assert_int_equal(k, 3);
    assert_int_equal(mwu_critical(x, 4, y, 4, 0.025, &k), 0);
    assert_int_equal(k, 1);
    assert_int_equal(mwu_critical(x, 3, y, 3, 0.025, &k), 0);
    assert_int_equal(k, 0);
    assert_int_equal(mwu_critical(x, 8, y, 8, 0.025, &k), 0);
    assert_int_equal(k, 14);
}

/* y = x + 10, x = 1..5: the 25 differences are 10 + (j - i): 6 once, 7
 * twice, 8 three times, ... 14 once. Median (13th) 10; k = 3: the 3rd
 * smallest is 7, the 3rd largest 13. */
static void test_shift_exact(void **state)
{
    (void)state;
    double x[] = {3, 1, 5, 2, 4}, y[] = {15, 11, 13, 12, 14};
    check_shift(x, LEN(x), y, LEN(y), (struct hl_interval){10, 7, 13});
}

/* Ties: x = 1 1 2 2, y = 2 2 3 3. Differences: 0 four times, 1 eight
 * times, 2 four times. Median of 16: 1. k = 1: the smallest 0, the largest 2. */
static void test_shift_ties(void **state)
{
    (void)state;
    double x[] = {1, 1, 2, 2}, y[] = {2, 2, 3, 3};
    check_shift(x, LEN(x), y, LEN(y), (struct hl_interval){1, 0, 2});
}

/* 3+3 has an estimate but no 95% interval. */
static void test_shift_too_few(void **state)
{
    (void)state;
    double x[] = {1, 2, 3}, y[] = {4, 5, 7};
    struct hl_interval r;
    assert_int_equal(hl_shift(x, LEN(x), y, LEN(y), 0.05, &r), 0);
    assert_float_equal(r.estimate, 3, EPS);     /* differences 1 2 2 3 3 4 4 5 6 */
    assert_true(isnan(r.low) && isnan(r.high));
}

/* 26+26 with ties (each value twice): normal approximation. x = 0 0 1 1 ..
 * 12 12, y = x + 0.5. 26 tie groups of 2: tie sum 26 * 6 = 156; sigma^2 =
 * 676/12 (53 - 156/2652) = 2982.35, sigma = 54.611; 338 - 0.5 - 1.96 sigma =
 * 230.47, so k = 231. The differences are 0.5 + d, d = a - b for a, b in
 * 0..12, each pair four times: 4 (d+13)(d+14)/2 differences reach d <= 0, 220
 * at d = -3 and 264 at d = -2, so the 231st smallest is -1.5, the 231st
 * largest 2.5 (symmetry), the median 0.5. */
static void test_shift_normal_with_ties(void **state)
{
    (void)state;
    double x[26], y[26];
    for (int i = 0; i < 26; i++) {
        x[i] = i / 2;
        y[i] = i / 2 + 0.5;
    }
    size_t k;
    assert_int_equal(mwu_critical(x, 26, y, 26, 0.025, &k), 0);
    assert_int_equal(k, 231);
    check_shift(x, 26, y, 26, (struct hl_interval){0.5, -1.5, 2.5});
}

/* The ratio is the shift of the logarithms: y = 2x gives +100% with every
 * pairwise ratio y_j / x_i; x = 1 2 4 8 16, y = 2 4 8 16 32: ratios 2^(1 + j - i),
 * so the estimate is 2 (+100%), the 3rd smallest 2^-2 (-75%), the 3rd largest 2^4 (+1500%). */
static void test_ratio(void **state)
{
    (void)state;
    double x[] = {1, 2, 4, 8, 16}, y[] = {2, 4, 8, 16, 32}, bad[] = {2, 0, 8, 16, 32};
    struct hl_interval r;
    assert_int_equal(hl_ratio_pct(x, LEN(x), y, LEN(y), 0.05, &r), 0);
    assert_float_equal(r.estimate, 100, 1e-9);
    assert_float_equal(r.low, -75, 1e-9);
    assert_float_equal(r.high, 1500, 1e-9);
    assert_int_equal(hl_ratio_pct(x, LEN(x), bad, LEN(bad), 0.05, &r), 0);
    assert_true(isnan(r.estimate) && isnan(r.low) && isnan(r.high));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_critical),
        cmocka_unit_test(test_shift_exact),
        cmocka_unit_test(test_shift_ties),
        cmocka_unit_test(test_shift_too_few),
        cmocka_unit_test(test_shift_normal_with_ties),
        cmocka_unit_test(test_ratio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
