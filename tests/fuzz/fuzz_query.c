/* fuzz_query.c: libFuzzer target for the search path, from the raw query
 * string of /api/query?... to the index (url.c, handler.c, query.c, index.c).
 *
 * LLVMFuzzerInitialize writes a small fixed corpus (a few words in varied
 * counts and cases, equal ranks, paths whose order differs from the crawl's)
 * to a scratch directory, indexes it, and removes it: the index is in memory.
 * The input is the query string (what follows '?'), at most as long as the
 * parser lets a target be, without the bytes it refuses in one. Checked:
 *  - GET /api/query?INPUT through handle_request is a 400 exactly when the
 *    terms= value (url_query_param) does not decode (url_decode, '+' as a
 *    space); otherwise a 200 whose JSON has the count, paths and ranks of a
 *    brute-force AND query over the documents' words, in rank then path order;
 *  - GET /query?INPUT, the HTML page, has the same status;
 *  - both bodies are well-formed UTF-8 whatever bytes the terms decode to
 *    (utf8.h: what the server echoes is repaired, never passed through);
 *  - index_query with a small limit (1 to 8, from the input's size) gives the
 *    best `limit` of that same ranking, so the top-hits selection runs too. */
#include "fuzz.h"
#include "handler.h"
#include "url.h"
#include "utf8.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { DOCS = 12, WORDS = 8, MAX_TOKENS = 64 };

static const char *const vocabulary[WORDS] = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
};
/* "x-y/..." sorts before "x/..." by strcmp, yet the crawl visits "x" first. */
static const char *const dirs[] = {"x", "x-y", "x/y"};

static struct index *idx;
static struct handler_ctx ctx;
static struct doc {
    char path[32];
    char tokens[MAX_TOKENS][INDEX_MAX_WORD + 1];
    size_t n;
} docs[DOCS];

/* Document d holds word w (d * (w + 1) + w) % 4 times, capitalised for odd w,
 * among bytes the tokenizer skips and one word too long to be indexed. */
static void write_doc(const char *root, int d)
{
    char text[1024], *p = text, too_long[INDEX_MAX_WORD + 2] = "";
    for (int w = 0; w < WORDS; w++)
        for (int k = 0; k < (d * (w + 1) + w) % 4; k++)
            p += sprintf(p, "%c%s, 7\n", w % 2 ? vocabulary[w][0] - 32 : vocabulary[w][0], vocabulary[w] + 1);
    memset(too_long, 'q', INDEX_MAX_WORD + 1);
    p += sprintf(p, "caf\xc3\xa9 %s", too_long);
    snprintf(docs[d].path, sizeof docs[d].path, "%s/doc%02d.txt", dirs[d % 3], d);
    write_file(root, docs[d].path, text, (size_t)(p - text));
    const char *at = text;
    while (tokenize_next(&at, p, docs[d].tokens[docs[d].n]) > 0)
        CHECK(++docs[d].n < MAX_TOKENS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char *root = scratch_dir("query"), sub[4096];
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        snprintf(sub, sizeof sub, "%s/%s", root, dirs[i]);
        CHECK(mkdir(sub, 0755) == 0);
    }
    for (int d = 0; d < DOCS; d++)
        write_doc(root, d);
    idx = index_build(root, NULL);
    ctx = (struct handler_ctx){.index = idx, .dir_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    CHECK(idx != NULL && ctx.dir_fd >= 0);
    remove_tree(root);
    free(root);
    return 0;
}

struct hit { const char *path; unsigned long rank; };

static int by_rank_then_path(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank > y->rank ? -1 : 1;
    return strcmp(x->path, y->path);
}

/* The brute-force answer: every document with all of the words of terms,
 * ranked by the sum of their counts. Returns how many; hits[] sorted. */
static size_t expected_hits(const char *terms, struct hit hits[DOCS])
{
    static char words[HTTP_MAX_TARGET][INDEX_MAX_WORD + 1];
    size_t n_words = 0, n_hits = 0;
    const char *p = terms, *end = terms + strlen(terms);
    while (tokenize_next(&p, end, words[n_words]) > 0) {
        size_t k = 0;
        while (k < n_words && strcmp(words[k], words[n_words]) != 0)
            k++;
        n_words += k == n_words;    /* duplicates count once */
    }
    for (int d = 0; d < DOCS && n_words > 0; d++) {
        unsigned long rank = 0;
        size_t w = 0;
        for (; w < n_words; w++) {
            unsigned long count = 0;
            for (size_t t = 0; t < docs[d].n; t++)
                count += strcmp(docs[d].tokens[t], words[w]) == 0;
            if (count == 0)
                break;
            rank += count;
        }
        if (w == n_words)
            hits[n_hits++] = (struct hit){docs[d].path, rank};
    }
    qsort(hits, n_hits, sizeof *hits, by_rank_then_path);
    return n_hits;
}

/* The decoded terms= value, as the handler should see it; false if it does not decode. */
static bool decode_terms(const char *query, size_t len, char *terms)
{
    const char *raw = "";
    size_t raw_len = 0;
    if (url_query_param(query, len, "terms", &raw, &raw_len))
        CHECK(raw >= query && raw + raw_len <= query + len && memcmp(raw - 6, "terms=", 6) == 0);
    return url_decode(raw, raw_len, terms, true) >= 0;
}

/* Answers GET route?query through handle_request; returns the status, the body in *body (free it). */
static int answer(const char *route, const char *query, size_t len, char **body)
{
    char target[HTTP_MAX_TARGET + 1];
    struct http_request req = {.method = "GET", .method_len = 3, .target = target, .minor_version = 1};
    req.target_len = (size_t)snprintf(target, sizeof target, "%s?%.*s", route, (int)len, query);
    struct response res;
    response_init(&res);
    handle_request(&ctx, &req, &res);
    *body = strndup(res.body.data ? res.body.data : "", res.body.len);
    int status = res.status;
    response_free(&res);
    return status;
}

static void check_json(const char *body, const struct hit *hits, size_t count)
{
    cJSON *doc = cJSON_Parse(body), *item;
    CHECK(doc != NULL && cJSON_IsString(cJSON_GetObjectItem(doc, "query")));
    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(doc, "count")) == (double)count);
    size_t i = 0;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(doc, "results")) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(item, "path"));
        CHECK(i < count && path != NULL && strcmp(path, hits[i].path) == 0);
        CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(item, "rank")) == (double)hits[i].rank);
        i++;
    }
    CHECK(i == (count < RESULTS_SHOWN ? count : RESULTS_SHOWN));
    cJSON_Delete(doc);
}

static void check_limited(const char *terms, size_t limit, const struct hit *hits, size_t count)
{
    struct query_result qr;
    index_query(idx, terms, limit, &qr);
    CHECK(qr.count == count && qr.shown == (count < limit ? count : limit));
    for (size_t i = 0; i < qr.shown; i++)
        CHECK(strcmp(qr.hits[i].path, hits[i].path) == 0 && qr.hits[i].rank == hits[i].rank);
    query_result_free(&qr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *query = (const char *)data;
    if (size > HTTP_MAX_TARGET - strlen("/api/query?"))
        return -1;
    for (size_t i = 0; i < size; i++)
        if (data[i] <= 0x20 || data[i] == 0x7f)
            return -1;      /* http_parse_request ends a target there */
    char terms[HTTP_MAX_TARGET + 1], *json, *html;
    struct hit hits[DOCS];
    bool decodes = decode_terms(query, size, terms);
    int status = answer("/api/query", query, size, &json);
    CHECK(status == (decodes ? 200 : 400));
    CHECK(answer("/query", query, size, &html) == status);
    CHECK(utf8_valid(json, strlen(json)) && utf8_valid(html, strlen(html)));
    if (decodes) {
        size_t count = expected_hits(terms, hits);
        check_json(json, hits, count);
        check_limited(terms, 1 + size % 8, hits, count);
    }
    free(json);
    free(html);
    return 0;
}
