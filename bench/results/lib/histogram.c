/* histogram.c: wrk's latency histogram: built, merged, and read into percentiles as wrk reads its own. */
#include "histogram.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void histogram_free(struct histogram *h)
{
    free(h->b);
    *h = (struct histogram)HISTOGRAM_INIT;
}

static int reserve(struct histogram *h, size_t n)
{
    if (n <= h->cap)
        return 0;
    size_t cap = h->cap ? h->cap : 64;
    while (cap < n)
        cap *= 2;
    struct hist_bucket *b = realloc(h->b, cap * sizeof *b);
    if (!b)
        return -1;
    h->b = b;
    h->cap = cap;
    return 0;
}

/* The index of the first bucket whose value is >= value. */
static size_t lower_bound(const struct histogram *h, uint64_t value)
{
    size_t lo = 0, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->b[mid].value < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int histogram_add(struct histogram *h, uint64_t value, uint64_t count)
{
    size_t i = lower_bound(h, value);
    if (i == h->n || h->b[i].value != value) {
        if (reserve(h, h->n + 1) != 0)
            return -1;
        memmove(h->b + i + 1, h->b + i, (h->n - i) * sizeof *h->b);
        h->b[i] = (struct hist_bucket){ value, 0 };
        h->n++;
    }
    h->b[i].count += count;
    h->total += count;
    return 0;
}

/* Both in ascending order: one pass, as in the merge step of a merge sort. */
int histogram_merge(struct histogram *dst, const struct histogram *src)
{
    struct histogram out = HISTOGRAM_INIT;
    if (reserve(&out, dst->n + src->n) != 0)
        return -1;
    size_t i = 0, j = 0;
    while (i < dst->n || j < src->n) {
        struct hist_bucket next;
        if (j == src->n || (i < dst->n && dst->b[i].value < src->b[j].value)) {
            next = dst->b[i++];
        } else if (i == dst->n || src->b[j].value < dst->b[i].value) {
            next = src->b[j++];
        } else {        /* the same value in both */
            next = dst->b[i++];
            next.count += src->b[j++].count;
        }
        out.b[out.n++] = next;
    }
    out.total = dst->total + src->total;
    free(dst->b);
    *dst = out;
    return 0;
}

uint64_t histogram_percentile(const struct histogram *h, double p)
{
    if (h->n == 0)
        return 0;
    /* wrk: round((p / 100.0) * stats->count + 0.5) with p a long double, so the product is
     * a long double that round() takes as a double. The same steps give the same rank. */
    uint64_t rank = (uint64_t)round((double)(((long double)p / 100.0L) * h->total + 0.5L));
    uint64_t seen = 0;
    for (size_t i = 0; i < h->n; i++) {
        seen += h->b[i].count;
        if (seen >= rank)
            return h->b[i].value;
    }
    return h->b[h->n - 1].value;
}

long double histogram_mean(const struct histogram *h)
{
    uint64_t sum = 0;
    if (h->total == 0)
        return 0;
    for (size_t i = 0; i < h->n; i++)
        sum += h->b[i].count * h->b[i].value;
    return sum / (long double)h->total;
}

long double histogram_stdev(const struct histogram *h, long double mean)
{
    long double sum = 0;
    if (h->total < 2)
        return 0;
    for (size_t i = 0; i < h->n; i++)
        sum += powl(h->b[i].value - mean, 2) * h->b[i].count;
    return sqrtl(sum / (h->total - 1));
}

/* A whole number from 0 to 2^53 (beyond, a double is no longer exact). */
static int whole(const cJSON *v, uint64_t *out)
{
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 9007199254740992.0
        || v->valuedouble != floor(v->valuedouble))
        return -1;
    *out = (uint64_t)v->valuedouble;
    return 0;
}

int histogram_from_json(struct histogram *h, const cJSON *pairs, const char **why)
{
    const cJSON *pair;
    *why = "not a list of [value, count] pairs";
    if (!cJSON_IsArray(pairs))
        return -1;
    cJSON_ArrayForEach(pair, pairs) {
        uint64_t value, count;
        if (cJSON_GetArraySize(pair) != 2 || whole(cJSON_GetArrayItem(pair, 0), &value) != 0
            || whole(cJSON_GetArrayItem(pair, 1), &count) != 0 || count == 0) {
            *why = "a pair is not [value, count] with whole numbers and a count >= 1";
            return -1;
        }
        if (h->n > 0 && value <= h->b[h->n - 1].value) {
            *why = "values not in ascending order";
            return -1;
        }
        if (histogram_add(h, value, count) != 0) {
            *why = "out of memory";
            return -1;
        }
    }
    return 0;
}

cJSON *histogram_to_json(const struct histogram *h)
{
    cJSON *pairs = cJSON_CreateArray();
    for (size_t i = 0; i < h->n; i++) {
        cJSON *pair = cJSON_CreateArray();
        cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)h->b[i].value));
        cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)h->b[i].count));
        cJSON_AddItemToArray(pairs, pair);
    }
    return pairs;
}
