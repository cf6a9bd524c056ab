/* test_index.c: unit tests of the tokenizer, the directory crawl and index queries. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index.h"
#include "tmptree.h"

/* ---- tokenizer ---- */

/* Asserts that text tokenizes to exactly the words in expected (NULL-terminated). */
static void assert_tokens(const char *text, size_t len, const char *const *expected)
{
    const char *p = text, *end = text + len;
    char word[INDEX_MAX_WORD + 1];
    for (; *expected; expected++) {
        size_t n = tokenize_next(&p, end, word);
        assert_int_equal(n, strlen(*expected));
        assert_string_equal(word, *expected);
    }
    assert_int_equal(tokenize_next(&p, end, word), 0);
    assert_ptr_equal(p, end);
}

static void test_tokenize_case_and_separators(void **state)
{
    (void)state;
    const char text[] = "Hello, WORLD!x1y--MiXeD_case\tend\n";
    assert_tokens(text, strlen(text),
                  (const char *const[]){ "hello", "world", "x", "y", "mixed", "case", "end", NULL });
}

static void test_tokenize_non_ascii(void **state)
{
    (void)state;
    const char text[] = "caf\xc3\xa9 na\xc3\xafve \xff\x80z";
    assert_tokens(text, strlen(text), (const char *const[]){ "caf", "na", "ve", "z", NULL });
}

static void test_tokenize_stops_at_end(void **state)
{
    (void)state;
    const char text[] = "abcdef";           /* only the first 3 bytes are the text */
    assert_tokens(text, 3, (const char *const[]){ "abc", NULL });
}

static void test_tokenize_length_limit(void **state)
{
    (void)state;
    char text[256];
    memset(text, 'a', 64);
    text[64] = ' ';
    memset(text + 65, 'B', 65);             /* too long: skipped entirely, not split */
    strcpy(text + 130, " ok");
    char longest[INDEX_MAX_WORD + 1];
    memset(longest, 'a', 64);
    longest[64] = '\0';
    assert_tokens(text, strlen(text), (const char *const[]){ longest, "ok", NULL });
}

static void test_tokenize_empty(void **state)
{
    (void)state;
    assert_tokens("", 0, (const char *const[]){ NULL });
    assert_tokens(" 42, ...;\n", 10, (const char *const[]){ NULL });
}

/* ---- a small corpus ---- */

/* base/corpus is indexed; base/outside is reachable from it only through symlinks. */
struct fixture {
    char base[64];
    char corpus[96];
    struct index *idx;
    struct index_build_info info;
    size_t bytes;                   /* size of the files that must be indexed */
};

static void write_file(struct fixture *f, const char *rel, const char *text, size_t *bytes)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", f->base, rel);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
    if (bytes)
        *bytes += strlen(text);
}

static void make_dir(struct fixture *f, const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", f->base, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

static void make_symlink(struct fixture *f, const char *target, const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", f->base, rel);
    assert_int_equal(symlink(target, path), 0);
}

/* Doc ids follow name order: "sub" < "sub-a", yet "sub-a/e.txt" < "sub/c.txt" as paths,
 * so equal ranks must really be sorted by path, not left in doc id order. */
static void make_corpus(struct fixture *f)
{
    make_dir(f, "corpus");
    make_dir(f, "corpus/sub");
    make_dir(f, "corpus/sub/deeper");
    make_dir(f, "corpus/sub-a");
    make_dir(f, "outside");
    write_file(f, "corpus/a.txt", "Apple banana apple. CHERRY", &f->bytes);
    write_file(f, "corpus/b.txt", "banana, banana; cherry!", &f->bytes);
    write_file(f, "corpus/empty.txt", "", &f->bytes);
    write_file(f, "corpus/sub/c.txt", "apple\ncherry cherry\n", &f->bytes);
    write_file(f, "corpus/sub/deeper/d.txt", "date 42 apple", &f->bytes);
    write_file(f, "corpus/sub-a/e.txt", "DATE:apple", &f->bytes);
    write_file(f, "outside/z.txt", "zebra apple", NULL);
    make_symlink(f, "../outside/z.txt", "corpus/link_file");
    make_symlink(f, "../outside", "corpus/link_dir");
    char fifo[256];
    snprintf(fifo, sizeof fifo, "%s/corpus/fifo", f->base);
    assert_int_equal(mkfifo(fifo, 0644), 0);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    strcpy(f->base, "/tmp/test_index.XXXXXX");
    assert_non_null(mkdtemp(f->base));
    make_corpus(f);
    snprintf(f->corpus, sizeof f->corpus, "%s/corpus", f->base);
    f->idx = index_build(f->corpus, &f->info);
    assert_non_null(f->idx);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    index_free(f->idx);
    int rc = remove_tree(f->base);
    free(f);
    return rc;
}

/* ---- build ---- */

static void test_build_info(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(f->info.documents, 6);
    assert_int_equal(f->info.words, 4);        /* apple banana cherry date */
    assert_int_equal(f->info.postings, 11);    /* 4 + 2 + 3 + 2 */
    assert_int_equal(f->info.bytes_read, f->bytes);
    assert_true(f->info.memory_bytes > 0);
    assert_true(f->info.build_ms >= 0);
}

static void test_build_missing_dir(void **state)
{
    struct fixture *f = *state;
    char missing[128];
    snprintf(missing, sizeof missing, "%s/no-such-dir", f->base);
    errno = 0;
    assert_null(index_build(missing, NULL));
    assert_int_equal(errno, ENOENT);
}

static void test_build_info_optional(void **state)
{
    struct fixture *f = *state;
    struct index *idx = index_build(f->corpus, NULL);
    assert_non_null(idx);
    index_free(idx);
}

/* ---- queries ---- */

struct hit {
    const char *path;
    unsigned long rank;
};

/* Asserts that query returns exactly hits[0..n), in order. */
static void assert_query(const struct index *idx, const char *query,
                         const struct hit *hits, size_t n)
{
    struct query_result res;
    index_query(idx, query, SIZE_MAX, &res);
    assert_int_equal(res.count, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(res.hits[i].path, hits[i].path);
        assert_int_equal(res.hits[i].rank, hits[i].rank);
    }
    if (n == 0)
        assert_null(res.hits);
    query_result_free(&res);
    assert_null(res.hits);
}

static void test_query_one_term(void **state)
{
    struct fixture *f = *state;
    assert_query(f->idx, "apple", (const struct hit[]){
        { "a.txt", 2 }, { "sub-a/e.txt", 1 }, { "sub/c.txt", 1 }, { "sub/deeper/d.txt", 1 },
    }, 4);
}

static void test_query_ties_by_path(void **state)
{
    struct fixture *f = *state;
    assert_query(f->idx, "date", (const struct hit[]){
        { "sub-a/e.txt", 1 }, { "sub/deeper/d.txt", 1 },
    }, 2);
}

static void test_query_two_terms(void **state)
{
    struct fixture *f = *state;
    assert_query(f->idx, "banana cherry", (const struct hit[]){
        { "b.txt", 3 }, { "a.txt", 2 },
    }, 2);
    assert_query(f->idx, "apple cherry", (const struct hit[]){
        { "a.txt", 3 }, { "sub/c.txt", 3 },
    }, 2);
    assert_query(f->idx, "date, banana", NULL, 0);
}

static void test_query_missing_term(void **state)
{
    struct fixture *f = *state;
    assert_query(f->idx, "durian", NULL, 0);
    assert_query(f->idx, "apple durian", NULL, 0);
}

static void test_query_duplicates(void **state)
{
    struct fixture *f = *state;
    assert_query(f->idx, "banana BANANA cherry banana", (const struct hit[]){
        { "b.txt", 3 }, { "a.txt", 2 },
    }, 2);
}

static void test_query_upper_case(void **state)
{
    struct fixture *f = *state;
    assert_query(f->idx, "CHERRY", (const struct hit[]){
        { "sub/c.txt", 2 }, { "a.txt", 1 }, { "b.txt", 1 },
    }, 3);
}

static void test_query_empty(void **state)
{
    struct fixture *f = *state;
    assert_query(f->idx, "", NULL, 0);
    assert_query(f->idx, "  42 -- !", NULL, 0);
}

/* Words only found behind the symlinks, and the FIFO's name, must not be indexed. */
static void test_query_skips_links_and_fifo(void **state)
{
    struct fixture *f = *state;
    assert_query(f->idx, "zebra", NULL, 0);
    struct query_result res;
    index_query(f->idx, "apple", SIZE_MAX, &res);
    for (size_t i = 0; i < res.count; i++)
        assert_null(strstr(res.hits[i].path, "link"));
    query_result_free(&res);
}

/* Queries from several threads at once (run under -fsanitize=thread, this also checks
 * that queries only read the index). cmocka's asserts must stay on the main thread. */
static void *query_loop(void *arg)
{
    const struct index *idx = arg;
    uintptr_t wrong = 0;
    for (int i = 0; i < 1000; i++) {
        struct query_result res;
        index_query(idx, "cherry apple", SIZE_MAX, &res);
        if (res.count != 2 || strcmp(res.hits[1].path, "sub/c.txt") != 0)
            wrong++;
        query_result_free(&res);
    }
    return (void *)wrong;
}

static void test_query_concurrent(void **state)
{
    struct fixture *f = *state;
    pthread_t threads[4];
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, query_loop, f->idx), 0);
    for (size_t i = 0; i < 4; i++) {
        void *wrong;
        assert_int_equal(pthread_join(threads[i], &wrong), 0);
        assert_null(wrong);
    }
}

/* With a limit, the hits shown must be exactly the first `limit` of the full
 * order, for every limit: 40 documents, ranks with many ties. */
static void test_query_limit_is_top_of_full_order(void **state)
{
    struct fixture *f = *state;
    char rel[256], text[256];
    make_dir(f, "many");
    for (int i = 0; i < 40; i++) {
        int repeats = (i * 7) % 5 + 1;
        snprintf(rel, sizeof rel, "many/doc%02d.txt", (i * 17) % 40);
        text[0] = '\0';
        for (int r = 0; r < repeats; r++)
            strcat(text, "word ");
        write_file(f, rel, text, NULL);
    }
    snprintf(rel, sizeof rel, "%s/many", f->base);
    struct index *idx = index_build(rel, NULL);
    assert_non_null(idx);
    struct query_result all, top;
    index_query(idx, "word", SIZE_MAX, &all);
    assert_int_equal(all.count, 40);
    assert_int_equal(all.shown, 40);
    for (size_t limit = 1; limit <= 41; limit++) {
        index_query(idx, "word", limit, &top);
        assert_int_equal(top.count, 40);
        assert_int_equal(top.shown, limit < 40 ? limit : 40);
        for (size_t i = 0; i < top.shown; i++) {
            assert_string_equal(top.hits[i].path, all.hits[i].path);
            assert_int_equal(top.hits[i].rank, all.hits[i].rank);
        }
        query_result_free(&top);
    }
    query_result_free(&all);
    index_free(idx);
}

int main(void)
{
    const struct CMUnitTest tokenizer[] = {
        cmocka_unit_test(test_tokenize_case_and_separators),
        cmocka_unit_test(test_tokenize_non_ascii),
        cmocka_unit_test(test_tokenize_stops_at_end),
        cmocka_unit_test(test_tokenize_length_limit),
        cmocka_unit_test(test_tokenize_empty),
    };
    const struct CMUnitTest index[] = {
        cmocka_unit_test(test_build_info),
        cmocka_unit_test(test_build_missing_dir),
        cmocka_unit_test(test_build_info_optional),
        cmocka_unit_test(test_query_one_term),
        cmocka_unit_test(test_query_ties_by_path),
        cmocka_unit_test(test_query_two_terms),
        cmocka_unit_test(test_query_missing_term),
        cmocka_unit_test(test_query_duplicates),
        cmocka_unit_test(test_query_upper_case),
        cmocka_unit_test(test_query_empty),
        cmocka_unit_test(test_query_skips_links_and_fifo),
        cmocka_unit_test(test_query_concurrent),
        cmocka_unit_test(test_query_limit_is_top_of_full_order),
    };
    int failed = cmocka_run_group_tests_name("tokenizer", tokenizer, NULL, NULL);
    return failed + cmocka_run_group_tests_name("index", index, setup, teardown);
}
