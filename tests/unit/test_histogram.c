/* test_histogram.c: merging wrk latency histograms: the merge of several clients' histograms is the
 * histogram of all their samples together, and its percentiles are wrk's, on known buckets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "histogram.h"

/* A histogram of samples added one by one, as wrk records them. */
static struct histogram of_samples(const uint64_t *v, size_t n)
{
    struct histogram h = HISTOGRAM_INIT;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(histogram_add(&h, v[i], 1), 0);
    return h;
}

static void assert_same(const struct histogram *a, const struct histogram *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->total, b->total);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->b[i].value, b->b[i].value);
        assert_int_equal(a->b[i].count, b->b[i].count);
    }
}

/* Client A saw 100 100 200 300, client B 150 200 200 400 (in any order). */
static void test_merge_of_known_buckets(void **state)
{
    (void)state;
    const uint64_t a[] = {200, 100, 300, 100}, b[] = {400, 200, 150, 200};
    const uint64_t all[] = {200, 100, 300, 100, 400, 200, 150, 200};
    struct histogram ha = of_samples(a, 4), hb = of_samples(b, 4), hall = of_samples(all, 8);
    const struct hist_bucket want[] = {{100, 2}, {150, 1}, {200, 3}, {300, 1}, {400, 1}};
    assert_int_equal(histogram_merge(&ha, &hb), 0);
    assert_int_equal(ha.n, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(ha.b[i].value, want[i].value);
        assert_int_equal(ha.b[i].count, want[i].count);
    }
    assert_same(&ha, &hall);
    histogram_free(&ha);
    histogram_free(&hb);
    histogram_free(&hall);
}

/* wrk's rank is floor(p / 100 * n) + 1: of the 8 samples 100 100 150 200 200 200 300 400,
 * p25 is the 3rd (150), p50 the 5th (200, not the mean of the 4th and 5th), p90 and p99 the 8th. */
static void test_percentiles_are_wrks(void **state)
{
    (void)state;
    const uint64_t all[] = {100, 100, 150, 200, 200, 200, 300, 400};
    struct histogram h = of_samples(all, 8);
    assert_int_equal(histogram_percentile(&h, 25), 150);
    assert_int_equal(histogram_percentile(&h, 50), 200);
    assert_int_equal(histogram_percentile(&h, 75), 300);
    assert_int_equal(histogram_percentile(&h, 90), 400);
    assert_int_equal(histogram_percentile(&h, 99), 400);
    assert_int_equal(histogram_percentile(&h, 100), 400);     /* wrk itself would say 0 */
    assert_true(fabsl(histogram_mean(&h) - 206.25L) < 1e-12L);
    histogram_free(&h);
    struct histogram empty = HISTOGRAM_INIT;
    assert_int_equal(histogram_percentile(&empty, 50), 0);
}

static int by_value(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Three clients with skewed latencies of their own: the merge is the histogram of the
 * concatenated samples, and every percentile is the sample at wrk's rank, counted exactly in
 * integers (per mille) rather than in wrk's floating point. */
static void test_merge_equals_concatenation(void **state)
{
    (void)state;
    enum { CLIENTS = 3, PER = 997 };
    static uint64_t all[CLIENTS * PER];
    struct histogram merged = HISTOGRAM_INIT;
    srand(42);
    for (int c = 0; c < CLIENTS; c++) {
        uint64_t *v = all + c * PER;
        for (int i = 0; i < PER; i++)
            v[i] = 30 + (uint64_t)(rand() % 50) * (uint64_t)(c + 1) + (rand() % 100 == 0 ? 20000u : 0u);
        struct histogram one = of_samples(v, PER);
        assert_int_equal(histogram_merge(&merged, &one), 0);
        histogram_free(&one);
    }
    struct histogram concatenated = of_samples(all, CLIENTS * PER);
    assert_same(&merged, &concatenated);
    qsort(all, CLIENTS * PER, sizeof *all, by_value);
    const int per_mille[] = {1, 250, 500, 900, 990, 999};
    for (size_t k = 0; k < sizeof per_mille / sizeof *per_mille; k++) {
        size_t rank = (size_t)per_mille[k] * CLIENTS * PER / 1000 + 1;
        assert_int_equal(histogram_percentile(&merged, per_mille[k] / 10.0), all[rank - 1]);
    }
    long double sum = 0, sq = 0;
    for (size_t i = 0; i < CLIENTS * PER; i++)
        sum += all[i];
    long double mean = sum / (CLIENTS * PER);
    for (size_t i = 0; i < CLIENTS * PER; i++)
        sq += (all[i] - mean) * (all[i] - mean);
    assert_true(fabsl(histogram_mean(&merged) - mean) < 1e-9L);
    assert_true(fabsl(histogram_stdev(&merged, mean) - sqrtl(sq / (CLIENTS * PER - 1))) < 1e-9L);
    histogram_free(&merged);
    histogram_free(&concatenated);
}

static int from_text(struct histogram *h, const char *text, const char **why)
{
    cJSON *pairs = cJSON_Parse(text);
    int rc = histogram_from_json(h, pairs, why);
    cJSON_Delete(pairs);
    return rc;
}

/* report.lua's export reads back bucket for bucket; anything else is refused with a reason. */
static void test_json_round_trip_and_refusals(void **state)
{
    (void)state;
    struct histogram h = HISTOGRAM_INIT;
    const char *why;
    assert_int_equal(from_text(&h, "[[30,2],[41,1],[5000,7]]", &why), 0);
    assert_int_equal(h.n, 3);
    assert_int_equal(h.total, 10);
    cJSON *json = histogram_to_json(&h);
    char *text = cJSON_PrintUnformatted(json);
    assert_string_equal(text, "[[30,2],[41,1],[5000,7]]");
    free(text);
    cJSON_Delete(json);
    histogram_free(&h);
    const char *bad[] = {"{}", "[[30,2],[30,1]]", "[[41,1],[30,1]]", "[[30,0]]", "[[30.5,1]]", "[[30]]",
                         "[[-1,1]]", "[[30,\"1\"]]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct histogram b = HISTOGRAM_INIT;
        why = NULL;
        assert_int_equal(from_text(&b, bad[i], &why), -1);
        assert_non_null(why);
        histogram_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_of_known_buckets),
        cmocka_unit_test(test_percentiles_are_wrks),
        cmocka_unit_test(test_merge_equals_concatenation),
        cmocka_unit_test(test_json_round_trip_and_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
