/* gencorpus_write.c: the corpus on disk: DIR/dTT/dLL/docNNNNNN.txt, small/ and large/ files, queries.txt. */
#include "gencorpus_write.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gencorpus_text.h"
#include "gencorpus_vocab.h"

enum {
    DOC_MIN = 1024,         /* document sizes: DOC_MIN .. DOC_MIN + DOC_RANGE - 1 */
    DOC_RANGE = 39 * 1024,
    FILES_PER_LEAF = 16,    /* DIR/dTT/dLL/docNNNNNN.txt */
    LEAVES_PER_TOP = 16,
    QUERIES = 1000,
    QUERY_MAX_WORDS = 3,
    QUERY_SKIP = 20,        /* queries never use the 20 most frequent words */
};

static const struct fixed_file {
    const char *dir, *name;
    size_t size;
} FIXED[] = {
    { "small", "1KiB.txt", 1024 },
    { "large", "1MiB.txt", 1024 * 1024 },
    { "large", "16MiB.txt", 16 * 1024 * 1024 },
};
#define N_FIXED (sizeof(FIXED) / sizeof(FIXED[0]))
#define BUF_SIZE ((size_t)16 * 1024 * 1024)  /* the largest file, built in memory */

struct corpus {
    const char *dir;
    uint64_t seed;
    uint32_t docs;
    const struct vocab *vocab;
    char *buf;                  /* BUF_SIZE bytes */
};

_Noreturn static void die_io(const char *path)
{
    fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
    exit(1);
}

static void make_path(char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(path, PATH_MAX, fmt, ap);
    va_end(ap);
    if (n >= PATH_MAX) {
        errno = ENAMETOOLONG;
        die_io(path);
    }
}

/* An existing directory is reused: its files are overwritten. */
static void make_dir(const char *path)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        die_io(path);
}

static void write_file(const char *path, const char *buf, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        die_io(path);
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die_io(path);
        buf += n;
        len -= (size_t)n;
    }
    if (close(fd) != 0)
        die_io(path);
}

/* Digits of the top-level folder numbers: enough for the last (at least 2), so that
 * names of equal width sort naturally. */
static int top_width(uint32_t docs)
{
    int width = 1;
    for (uint32_t top = (docs - 1) / (FILES_PER_LEAF * LEAVES_PER_TOP); top >= 10; top /= 10)
        width++;
    return width < 2 ? 2 : width;
}

/* 1 KiB .. 40 KiB, mostly small: DOC_MIN + DOC_RANGE * u^2 for u uniform in [0, 1). */
static size_t doc_size(struct rng *rng)
{
    uint64_t u = rng_next(rng) >> 48;
    return DOC_MIN + (DOC_RANGE * u * u >> 32);
}

/* Writes DIR/dTT/dLL/docNNNNNN.txt for every document; returns their total size. */
static uint64_t write_documents(const struct corpus *c)
{
    int width = top_width(c->docs);
    char path[PATH_MAX];
    uint64_t total = 0;

    for (uint32_t i = 0; i < c->docs; i++) {
        unsigned top = i / (FILES_PER_LEAF * LEAVES_PER_TOP);
        unsigned leaf = i / FILES_PER_LEAF % LEAVES_PER_TOP;
        if (i % (FILES_PER_LEAF * LEAVES_PER_TOP) == 0) {
            make_path(path, "%s/d%0*u", c->dir, width, top);
            make_dir(path);
        }
        if (i % FILES_PER_LEAF == 0) {
            make_path(path, "%s/d%0*u/d%02u", c->dir, width, top, leaf);
            make_dir(path);
        }
        struct rng rng = rng_stream(c->seed, STREAM_DOC, i);
        size_t size = doc_size(&rng);
        make_text(c->vocab, &rng, c->buf, size);
        make_path(path, "%s/d%0*u/d%02u/doc%06u.txt", c->dir, width, top, leaf, i);
        write_file(path, c->buf, size);
        total += size;
    }
    return total;
}

static void write_fixed_files(const struct corpus *c)
{
    char path[PATH_MAX];
    for (uint32_t i = 0; i < N_FIXED; i++) {
        const struct fixed_file *f = &FIXED[i];
        struct rng rng = rng_stream(c->seed, STREAM_FIXED, i);
        make_path(path, "%s/%s", c->dir, f->dir);
        make_dir(path);
        make_text(c->vocab, &rng, c->buf, f->size);
        make_path(path, "%s/%s/%s", c->dir, f->dir, f->name);
        write_file(path, c->buf, f->size);
    }
}

static bool contains(const uint32_t *ranks, unsigned n, uint32_t rank)
{
    for (unsigned i = 0; i < n; i++)
        if (ranks[i] == rank)
            return true;
    return false;
}

/* QUERIES lines of 1 to QUERY_MAX_WORDS distinct words, Zipf-distributed but
 * without the most frequent words, which nearly every document contains. */
static void write_queries(const struct corpus *c)
{
    struct rng rng = rng_stream(c->seed, STREAM_QUERIES, 0);
    size_t len = 0;

    for (int q = 0; q < QUERIES; q++) {
        uint32_t ranks[QUERY_MAX_WORDS];
        unsigned n = 1 + rng_below(&rng, QUERY_MAX_WORDS);
        for (unsigned k = 0; k < n; k++) {
            do
                ranks[k] = zipf_pick(c->vocab, &rng, QUERY_SKIP);
            while (contains(ranks, k, ranks[k]));
            memcpy(c->buf + len, c->vocab->word[ranks[k]], c->vocab->len[ranks[k]]);
            len += c->vocab->len[ranks[k]];
            c->buf[len++] = k + 1 < n ? ' ' : '\n';
        }
    }
    char path[PATH_MAX];
    make_path(path, "%s/queries.txt", c->dir);
    write_file(path, c->buf, len);
}

struct corpus_stats write_corpus(const char *dir, uint32_t docs, uint64_t seed)
{
    struct vocab *vocab = vocab_new(seed);
    if (vocab == NULL)
        die_io("vocabulary");
    struct corpus c = { .dir = dir, .seed = seed, .docs = docs, .vocab = vocab, .buf = malloc(BUF_SIZE) };
    if (c.buf == NULL)
        die_io("buffer");
    make_dir(c.dir);
    uint64_t bytes = write_documents(&c);
    write_fixed_files(&c);
    write_queries(&c);
    free(c.buf);
    free(vocab);
    return (struct corpus_stats){ .doc_bytes = bytes, .fixed_files = N_FIXED };
}
