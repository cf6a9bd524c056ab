/* query.c: answers AND queries from the inverted index that index.c builds. */
#include "buf.h"
#include "index_internal.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A query term and where the search of its postings resumes: documents are tried in
 * ascending id order, so no later search needs to look before the previous one. */
struct qterm {
    const struct term *term;
    size_t from;
};

/* Shortest postings first; ties by address so that duplicate terms end up adjacent. */
static int by_length(const void *a, const void *b)
{
    const struct term *x = ((const struct qterm *)a)->term;
    const struct term *y = ((const struct qterm *)b)->term;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return ((uintptr_t)x > (uintptr_t)y) - ((uintptr_t)x < (uintptr_t)y);
}

static size_t count_words(const char *p, const char *end)
{
    char word[INDEX_MAX_WORD + 1];
    size_t n = 0;
    while (tokenize_next(&p, end, word) > 0)
        n++;
    return n;
}

/* Looks the query's words up into q[] (room for all of them), sorted by_length and
 * without duplicates. Returns how many, or 0 if a word is not in the index at all. */
static size_t resolve_terms(const struct index *idx, const char *p, const char *end,
                            struct qterm *q)
{
    char word[INDEX_MAX_WORD + 1];
    size_t n = 0;
    while (tokenize_next(&p, end, word) > 0) {
        const struct term *t = index_lookup(idx, word);
        if (!t)
            return 0;
        q[n++] = (struct qterm){ .term = t, .from = 0 };
    }
    qsort(q, n, sizeof *q, by_length);
    size_t unique = 0;
    for (size_t i = 0; i < n; i++)
        if (unique == 0 || q[unique - 1].term != q[i].term)
            q[unique++] = q[i];
    return unique;
}

/* Binary-searches q's postings from q->from for doc, moving q->from up to where doc
 * is or would be. If doc is there, adds its count to *rank and returns true. */
static bool seek(struct qterm *q, uint32_t doc, unsigned long *rank)
{
    const struct posting *p = q->term->postings;
    size_t lo = q->from, hi = q->term->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid].doc < doc)
            lo = mid + 1;
        else
            hi = mid;
    }
    q->from = lo;
    if (lo == q->term->n || p[lo].doc != doc)
        return false;
    *rank += p[lo].count;
    return true;
}

static int by_rank(const void *a, const void *b)
{
    const struct query_hit *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank > y->rank ? -1 : 1;
    return strcmp(x->path, y->path);
}

static void swap_hits(struct query_hit *a, struct query_hit *b)
{
    struct query_hit t = *a;
    *a = *b;
    *b = t;
}

/* Partitions h[lo, hi) around its middle element; returns where that lands:
 * everything before it ranks higher, everything after it lower. */
static size_t partition(struct query_hit *h, size_t lo, size_t hi)
{
    swap_hits(&h[lo + (hi - lo) / 2], &h[hi - 1]);
    size_t store = lo;
    for (size_t i = lo; i < hi - 1; i++)
        if (by_rank(&h[i], &h[hi - 1]) < 0)
            swap_hits(&h[i], &h[store++]);
    swap_hits(&h[store], &h[hi - 1]);
    return store;
}

/* Moves the k best of h[0, n) to the front, in no particular order
 * (quickselect, expected O(n)): a page shows the top 100 of what may be
 * thousands of hits, and sorting them all was the largest cost of a query. */
static void select_best(struct query_hit *h, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    while (k < n && hi - lo > 1) {
        size_t p = partition(h, lo, hi);
        if (p == k || p + 1 == k)
            return;
        if (p < k)
            lo = p + 1;
        else
            hi = p;
    }
}

/* Keeps the documents of q[0], the shortest list, that all of q[1..n) contain too. */
static void intersect(const struct index *idx, struct qterm *q, size_t n, size_t limit,
                      struct query_result *out)
{
    const struct term *first = q[0].term;
    struct query_hit *hits = xmalloc(first->n * sizeof *hits);
    size_t count = 0;
    for (size_t i = 0; i < first->n; i++) {
        uint32_t doc = first->postings[i].doc;
        unsigned long rank = first->postings[i].count;
        size_t k = 1;
        while (k < n && seek(&q[k], doc, &rank))
            k++;
        if (k == n)
            hits[count++] = (struct query_hit){ .path = idx->paths[doc], .rank = rank };
    }
    if (count == 0) {
        free(hits);
        return;
    }
    size_t shown = count < limit ? count : limit;
    select_best(hits, count, shown);
    qsort(hits, shown, sizeof *hits, by_rank);
    *out = (struct query_result){ .count = count, .shown = shown, .hits = hits };
}

void index_query(const struct index *idx, const char *terms, size_t limit,
                 struct query_result *out)
{
    *out = (struct query_result){ .count = 0, .shown = 0, .hits = NULL };
    const char *end = terms + strlen(terms);
    size_t words = count_words(terms, end);
    if (words == 0 || limit == 0)
        return;
    struct qterm *q = xmalloc(words * sizeof *q);
    size_t n = resolve_terms(idx, terms, end, q);
    if (n > 0)
        intersect(idx, q, n, limit, out);
    free(q);
}

void query_result_free(struct query_result *res)
{
    free(res->hits);
    *res = (struct query_result){ .count = 0, .shown = 0, .hits = NULL };
}
