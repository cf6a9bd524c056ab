/* test_freeze.c: unit tests of index_freeze (--index-memory): a frozen index answers every query as the
 * index it was built as, in each placement, and it is read-only. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "index_internal.h"
#include "tmptree.h"

/* Enough distinct words that the hash table grows past its first size (index.c: 4096 slots). */
#define VOCABULARY 5000
#define DOCS 40
#define WORDS_PER_DOC 1500

struct fixture {
    char dir[64];
    struct index *built;            /* as index_build made it */
};

/* Word i of the vocabulary: its number in base 26, in letters ("a", "b", ..., "ba", ...). */
static void word_of(unsigned i, char *out)
{
    char rev[16];
    size_t n = 0;
    do {
        rev[n++] = (char)('a' + i % 26);
        i /= 26;
    } while (i);
    for (size_t k = 0; k < n; k++)
        out[k] = rev[n - 1 - k];
    out[n] = '\0';
}

/* DOCS files of words drawn by a fixed linear congruential generator: half from the whole
 * vocabulary, half from its first 300 words, so that counts differ; two files in a subdirectory,
 * so paths have a slash. */
static void write_corpus(const char *dir)
{
    uint32_t x = 12345;
    char path[128], word[16];
    snprintf(path, sizeof path, "%s/sub", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    for (int d = 0; d < DOCS; d++) {
        snprintf(path, sizeof path, "%s/%sdoc%02d.txt", dir, d < 2 ? "sub/" : "", d);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        for (int w = 0; w < WORDS_PER_DOC; w++) {
            x = x * 1103515245u + 12345u;
            uint32_t r = (x >> 8) % (2 * VOCABULARY);
            word_of(r < VOCABULARY ? r : r % 300, word);
            fprintf(f, "%s%s", word, w % 12 == 11 ? ".\n" : " ");
        }
        assert_int_equal(fclose(f), 0);
    }
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    strcpy(f->dir, "/tmp/test_freeze.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    write_corpus(f->dir);
    f->built = index_build(f->dir, NULL);
    assert_non_null(f->built);
    assert_true(f->built->mask + 1 > 4096);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    index_free(f->built);
    int rc = remove_tree(f->dir);
    free(f);
    return rc;
}

/* The same answer, hit by hit, from both indexes. */
static void assert_same_answer(const struct index *a, const struct index *b, const char *terms)
{
    struct query_result x, y;
    index_query(a, terms, 100, &x);
    index_query(b, terms, 100, &y);
    assert_int_equal(x.count, y.count);
    assert_int_equal(x.shown, y.shown);
    for (size_t i = 0; i < x.shown; i++) {
        assert_string_equal(x.hits[i].path, y.hits[i].path);
        assert_int_equal(x.hits[i].rank, y.hits[i].rank);
    }
    query_result_free(&x);
    query_result_free(&y);
}

/* Builds the corpus again, freezes it into placement p, and compares every word of the
 * vocabulary, pairs of words, and words that are not there with the built index. */
static void check_placement(void **state, enum placement p)
{
    struct fixture *f = *state;
    struct index *idx = index_build(f->dir, NULL);
    size_t bytes = 0, matched = 0;
    assert_non_null(idx);
    struct index *frozen = index_freeze(idx, p, &bytes);
    assert_non_null(frozen);
    assert_true(bytes > 0 && frozen->frozen_len >= bytes);
    assert_int_equal(frozen->words, f->built->words);
    assert_int_equal(frozen->postings, f->built->postings);
    assert_int_equal(frozen->docs, f->built->docs);
    char terms[64], a[16], b[16];
    for (unsigned i = 0; i < VOCABULARY + 20; i++) {
        word_of(i, a);
        word_of((i * 7919u) % 300, b);
        assert_same_answer(f->built, frozen, a);
        snprintf(terms, sizeof terms, "%s+%s", a, b);
        assert_same_answer(f->built, frozen, terms);
        matched += index_lookup(frozen, a) != NULL;
    }
    assert_true(matched > 300);        /* the test compared real answers, not empty ones */
    index_free(frozen);
}

static void test_freeze_heap(void **state)
{
    check_placement(state, PLACEMENT_HEAP);
}

static void test_freeze_hugepage(void **state)
{
    check_placement(state, PLACEMENT_HUGEPAGE);
}

static void test_freeze_shared(void **state)
{
    check_placement(state, PLACEMENT_SHARED);
}

/* A write to a frozen index is a crash, not a silent copy of the page (2 MiB for a huge page). */
static void test_frozen_is_read_only(void **state)
{
    struct fixture *f = *state;
    size_t bytes;
    struct index *frozen = index_freeze(index_build(f->dir, NULL), PLACEMENT_HUGEPAGE, &bytes);
    assert_non_null(frozen);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL);   /* cmocka's handler would carry on with the tests in the child */
        frozen->slots[0].hash ^= 1;
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    index_free(frozen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_freeze_heap),
        cmocka_unit_test(test_freeze_hugepage),
        cmocka_unit_test(test_freeze_shared),
        cmocka_unit_test(test_frozen_is_read_only),
    };
    return cmocka_run_group_tests_name("freeze", tests, setup, teardown);
}
