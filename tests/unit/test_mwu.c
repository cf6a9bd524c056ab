/* test_mwu.c: the Mann-Whitney U test and the medians of compare-results, against values worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mwu.h"
#include "samples.h"

#define EPS 1e-9
#define LEN(a) (sizeof(a) / sizeof *(a))

/* Runs the test on two arrays; asserts it succeeded. */
#define TEST_MWU(x, y, r) assert_int_equal(mwu_test(x, LEN(x), y, LEN(y), &(r)), 0)

/* 3 vs 3, no overlap: U = 0, the one most extreme of C(6,3) = 20
 * arrangements, counted in both tails: p = 2/20. */
static void test_no_overlap_3_3(void **state)
{
    (void)state;
    double x[] = {1, 2, 3}, y[] = {4, 5, 6};
    struct mwu_result r;
    TEST_MWU(x, y, r);
    assert_float_equal(r.u, 0, EPS);
    assert_float_equal(r.p, 0.1, EPS);
    assert_int_equal(r.exact, 1);
    assert_int_equal(r.ties, 0);
}

/* Swapping the samples gives U = n1 n2 - U and the same p. */
static void test_swapped_samples(void **state)
{
    (void)state;
    double x[] = {4, 5, 6}, y[] = {1, 2, 3};
    struct mwu_result r;
    TEST_MWU(x, y, r);
    assert_float_equal(r.u, 9, EPS);
    assert_float_equal(r.p, 0.1, EPS);
}

/* Ranks of x: 1, 2, 4, so U = 7 - 6 = 1; U <= 1 in 2 of 20 arrangements
 * ({1,2,3} and {1,2,4}): p = 2 * 2/20. */
static void test_one_swap_3_3(void **state)
{
    (void)state;
    double x[] = {1, 2, 4}, y[] = {3, 5, 6};
    struct mwu_result r;
    TEST_MWU(x, y, r);
    assert_float_equal(r.u, 1, EPS);
    assert_float_equal(r.p, 0.2, EPS);
}

/* 4 vs 4 and 5 vs 5 without overlap: 2/70 and 2/252. The second pair is a
 * case of the compare fixtures (fork, static, close, 16 clients). */
static void test_no_overlap_4_4_and_5_5(void **state)
{
    (void)state;
    double x4[] = {4, 1, 3, 2}, y4[] = {8, 5, 7, 6};
    double x5[] = {5620, 5500, 5580, 5710, 5650}, y5[] = {6400, 6480, 6350, 6520, 6450};
    struct mwu_result r;
    TEST_MWU(x4, y4, r);
    assert_float_equal(r.p, 2.0 / 70, EPS);
    TEST_MWU(x5, y5, r);
    assert_float_equal(r.p, 2.0 / 252, EPS);
}

/* Pooled: 1 2 2 2 3 4; the three 2s share mid-rank 3. x ranks 1 + 3 + 3 = 7,
 * U = 1. Drawing 3 of the 6 values, U <= 1 only for {1, two of the 2s}:
 * C(3,2) = 3 of 20 ways, p = 2 * 3/20. */
static void test_ties_exact(void **state)
{
    (void)state;
    double x[] = {1, 2, 2}, y[] = {2, 3, 4};
    struct mwu_result r;
    TEST_MWU(x, y, r);
    assert_int_equal(r.ties, 1);
    assert_int_equal(r.exact, 1);
    assert_float_equal(r.u, 1, EPS);
    assert_float_equal(r.p, 0.3, EPS);
}

/* Mid-ranks 1.5 (two 1s), 4.5 (four 2s), 7.5 (two 3s); x: 3 + 9 = 12, U = 2.
 * Of C(8,4) = 70 draws only "both 1s and two of the 2s" (C(4,2) = 6 ways)
 * reach U <= 2: p = 2 * 6/70. */
static void test_ties_in_every_group(void **state)
{
    (void)state;
    double x[] = {1, 1, 2, 2}, y[] = {2, 2, 3, 3};
    struct mwu_result r;
    TEST_MWU(x, y, r);
    assert_float_equal(r.u, 2, EPS);
    assert_float_equal(r.p, 12.0 / 70, EPS);
}

/* The fixtures' sequential/static/close/16 case: 21900 in both samples.
 * U = 10.5; U <= 10.5 in 92 of the 252 draws (counted by enumerating them): p = 2 * 92/252. */
static void test_ties_fixture_case(void **state)
{
    (void)state;
    double x[] = {21900, 22100, 21700, 22300, 21800}, y[] = {22000, 21600, 22400, 21900, 22200};
    struct mwu_result r;
    TEST_MWU(x, y, r);
    assert_float_equal(r.u, 10.5, EPS);
    assert_float_equal(r.p, 2.0 * 92 / 252, EPS);
}

/* Equal samples: all values the same, or the same values on both sides
 * (U at the centre of its distribution). Both give p = 1. */
static void test_equal_samples(void **state)
{
    (void)state;
    double same[] = {5, 5, 5}, a[] = {3, 1, 2}, b[] = {1, 2, 3};
    struct mwu_result r;
    TEST_MWU(same, same, r);
    assert_float_equal(r.p, 1, EPS);
    TEST_MWU(a, b, r);
    assert_float_equal(r.u, 4.5, EPS);
    assert_float_equal(r.p, 1, EPS);
}

/* 30 vs 30 with ties: normal approximation. x = 15 ones + 15 twos,
 * y = 15 twos + 15 threes. Mid-ranks 8, 30.5, 53: U = 577.5 - 465 = 112.5,
 * mean 450. Tie sum 2(15^3 - 15) + (30^3 - 30) = 33690, so
 * sigma^2 = 900/12 (61 - 33690/3540) = 3861.229; z = (337.5 - 0.5) / 62.1388. */
static void test_normal_with_ties(void **state)
{
    (void)state;
    double x[30], y[30];
    for (int i = 0; i < 30; i++) {
        x[i] = i < 15 ? 1 : 2;
        y[i] = i < 15 ? 2 : 3;
    }
    struct mwu_result r;
    TEST_MWU(x, y, r);
    assert_int_equal(r.exact, 0);
    assert_float_equal(r.u, 112.5, EPS);
    assert_float_equal(r.p, 5.8494350786873e-08, 1e-18);
}

/* Without ties the exact distribution is used up to 50 per side. 50 vs 50
 * interleaved: U = 2500 - 1275 = 1225, p from the Gaussian binomial
 * coefficient [100 choose 50]_q (counted with exact integer arithmetic).
 * 51 vs 51 uses the normal approximation: sigma^2 = 51*51*103/12, U = 1275,
 * |U - 1300.5| - 0.5 = 25. */
static void test_exact_limit_without_ties(void **state)
{
    (void)state;
    double x[51], y[51];
    for (int i = 0; i < 51; i++) {
        x[i] = 2 * i;
        y[i] = 2 * i + 1;
    }
    struct mwu_result r;
    assert_int_equal(mwu_test(x, 50, y, 50, &r), 0);
    assert_int_equal(r.exact, 1);
    assert_float_equal(r.u, 1225, EPS);
    assert_float_equal(r.p, 0.8664717523984099, 1e-12);
    TEST_MWU(x, y, r);
    assert_int_equal(r.exact, 0);
    assert_float_equal(r.u, 1275, EPS);
    assert_float_equal(r.p, 0.867120090828166, 1e-12);
}

/* With ties the exact limit is 25 per side. */
static void test_exact_limit_with_ties(void **state)
{
    (void)state;
    double x[26], y[26];
    for (int i = 0; i < 26; i++) {
        x[i] = i / 2;
        y[i] = i / 2 + 1;
    }
    struct mwu_result r;
    assert_int_equal(mwu_test(x, 25, y, 25, &r), 0);
    assert_int_equal(r.exact, 1);
    TEST_MWU(x, y, r);
    assert_int_equal(r.exact, 0);
}

/* 2 / C(n1 + n2, n1): 3+3 -> 2/20, 4+4 -> 2/70, 5+5 -> 2/252, 4+3 -> 2/35
 * (just above 0.05), 5+2 -> 2/21; a single sample can never differ. */
static void test_smallest_p(void **state)
{
    (void)state;
    assert_float_equal(mwu_smallest_p(3, 3), 0.1, EPS);
    assert_float_equal(mwu_smallest_p(4, 4), 2.0 / 70, EPS);
    assert_float_equal(mwu_smallest_p(5, 5), 2.0 / 252, EPS);
    assert_float_equal(mwu_smallest_p(4, 3), 2.0 / 35, EPS);
    assert_float_equal(mwu_smallest_p(5, 2), 2.0 / 21, EPS);
    assert_float_equal(mwu_smallest_p(1, 1), 1, EPS);
}

/* The medians compare-results reports (sample_summarize sorts in place). */
static void test_medians(void **state)
{
    (void)state;
    double odd[] = {5710, 5500, 5650, 5580, 5620}, even[] = {4, 1, 3, 2};
    double ties[] = {7, 3, 7, 1, 7}, same[] = {9, 9, 9}, one[] = {42};
    struct sample_stats st;
    sample_summarize(odd, LEN(odd), &st);
    assert_float_equal(st.p50, 5620, EPS);
    assert_float_equal(st.min, 5500, EPS);
    assert_float_equal(st.max, 5710, EPS);
    sample_summarize(even, LEN(even), &st);
    assert_float_equal(st.p50, 2.5, EPS);
    sample_summarize(ties, LEN(ties), &st);
    assert_float_equal(st.p50, 7, EPS);
    sample_summarize(same, LEN(same), &st);
    assert_float_equal(st.p50, 9, EPS);
    assert_float_equal(st.max - st.min, 0, EPS);
    sample_summarize(one, LEN(one), &st);
    assert_float_equal(st.p50, 42, EPS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_overlap_3_3),
        cmocka_unit_test(test_swapped_samples),
        cmocka_unit_test(test_one_swap_3_3),
        cmocka_unit_test(test_no_overlap_4_4_and_5_5),
        cmocka_unit_test(test_ties_exact),
        cmocka_unit_test(test_ties_in_every_group),
        cmocka_unit_test(test_ties_fixture_case),
        cmocka_unit_test(test_equal_samples),
        cmocka_unit_test(test_normal_with_ties),
        cmocka_unit_test(test_exact_limit_without_ties),
        cmocka_unit_test(test_exact_limit_with_ties),
        cmocka_unit_test(test_smallest_p),
        cmocka_unit_test(test_medians),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
