/* test_samples.c: the results library's statistics on inputs whose answers are known. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "samples.h"

#define EPS 1e-9

static void test_sort_orders_ascending(void **state)
{
    (void)state;
    double v[] = {3, -1, 2.5, 2.5, 0};
    sample_sort(v, 5);
    assert_float_equal(v[0], -1, EPS);
    assert_float_equal(v[1], 0, EPS);
    assert_float_equal(v[2], 2.5, EPS);
    assert_float_equal(v[3], 2.5, EPS);
    assert_float_equal(v[4], 3, EPS);
}

/* Type-7 definition: rank (n-1)p, interpolated. For 1..10: p50 = 5.5,
 * p90 = 9.1, p99 = 9.91 (numpy.percentile gives the same). */
static void test_percentile_interpolates(void **state)
{
    (void)state;
    double v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assert_float_equal(sample_percentile(v, 10, 0.0), 1, EPS);
    assert_float_equal(sample_percentile(v, 10, 0.5), 5.5, EPS);
    assert_float_equal(sample_percentile(v, 10, 0.9), 9.1, EPS);
    assert_float_equal(sample_percentile(v, 10, 0.99), 9.91, EPS);
    assert_float_equal(sample_percentile(v, 10, 1.0), 10, EPS);
}

static void test_percentile_odd_count_hits_middle(void **state)
{
    (void)state;
    double v[] = {10, 20, 30, 40, 50};
    assert_float_equal(sample_percentile(v, 5, 0.5), 30, EPS);
    assert_float_equal(sample_percentile(v, 5, 0.25), 20, EPS);
    assert_float_equal(sample_percentile(v, 5, 0.1), 14, EPS);
}

static void test_percentile_single_sample(void **state)
{
    (void)state;
    double v[] = {42};
    assert_float_equal(sample_percentile(v, 1, 0.0), 42, EPS);
    assert_float_equal(sample_percentile(v, 1, 0.99), 42, EPS);
    assert_float_equal(sample_percentile(v, 1, 1.0), 42, EPS);
}

/* The textbook set: mean 5, sum of squares 32, sample stddev sqrt(32/7). */
static void test_mean_and_sample_stddev(void **state)
{
    (void)state;
    double v[] = {2, 4, 4, 4, 5, 5, 7, 9};
    double mean = sample_mean(v, 8);
    assert_float_equal(mean, 5, EPS);
    assert_float_equal(sample_stddev(v, 8, mean), sqrt(32.0 / 7.0), EPS);
}

static void test_stddev_degenerate(void **state)
{
    (void)state;
    double one[] = {7}, same[] = {3, 3, 3};
    assert_float_equal(sample_stddev(one, 1, 7), 0, EPS);
    assert_float_equal(sample_stddev(same, 3, 3), 0, EPS);
}

/* A large offset must not swamp a small spread (the one-pass formula does). */
static void test_stddev_survives_large_offset(void **state)
{
    (void)state;
    double v[] = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
    double mean = sample_mean(v, 4);
    assert_float_equal(mean, 1e9 + 10, 1e-6);
    assert_float_equal(sample_stddev(v, 4, mean), sqrt(90.0 / 3.0), 1e-6);
}

static void test_summarize_unsorted_input(void **state)
{
    (void)state;
    double v[] = {9, 1, 8, 2, 7, 3, 6, 4, 5, 10};
    struct sample_stats st;
    sample_summarize(v, 10, &st);
    assert_int_equal(st.n, 10);
    assert_float_equal(st.min, 1, EPS);
    assert_float_equal(st.p50, 5.5, EPS);
    assert_float_equal(st.mean, 5.5, EPS);
    assert_float_equal(st.p90, 9.1, EPS);
    assert_float_equal(st.p99, 9.91, EPS);
    assert_float_equal(st.max, 10, EPS);
    assert_float_equal(st.stddev, sqrt(82.5 / 9.0), EPS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort_orders_ascending),
        cmocka_unit_test(test_percentile_interpolates),
        cmocka_unit_test(test_percentile_odd_count_hits_middle),
        cmocka_unit_test(test_percentile_single_sample),
        cmocka_unit_test(test_mean_and_sample_stddev),
        cmocka_unit_test(test_stddev_degenerate),
        cmocka_unit_test(test_stddev_survives_large_offset),
        cmocka_unit_test(test_summarize_unsorted_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
