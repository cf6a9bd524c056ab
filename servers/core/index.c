/* index.c: crawls a directory into an inverted index of its words (query.c answers queries). */
#include "buf.h"
#include "index_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define INITIAL_SLOTS 4096          /* hash-table size to start with; a power of two */
#define INITIAL_BUFFER 65536        /* file buffer; grows to the largest file's size */
#define MAX_DOCS INT32_MAX          /* so that a doubled postings capacity fits 32 bits */

/* State of one index_build: the current relative path and a reusable file buffer. */
struct builder {
    struct index *idx;
    char path[PATH_MAX];
    char *buf;
    size_t buf_cap;
    size_t bytes_read;
};

/* ---- tokenizer ---- */

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t tokenize_next(const char **p, const char *end, char *word)
{
    const char *s = *p;
    for (;;) {
        while (s < end && !is_letter(*s))
            s++;
        const char *start = s;
        while (s < end && is_letter(*s))
            s++;
        size_t len = (size_t)(s - start);
        if (len <= INDEX_MAX_WORD) {        /* len == 0: end of text */
            for (size_t i = 0; i < len; i++)
                word[i] = (char)(start[i] | 0x20);  /* ASCII: bit 5 set = lower case */
            word[len] = '\0';
            *p = s;
            return len;
        }
    }
}

/* ---- hash table: word -> postings ---- */

static uint32_t hash_word(const char *word)
{
    uint64_t h = 14695981039346656037u;             /* 64-bit FNV-1a */
    for (const unsigned char *s = (const unsigned char *)word; *s; s++)
        h = (h ^ *s) * 1099511628211u;
    return (uint32_t)(h ^ (h >> 32));   /* fold so the high bits count too */
}

/* Returns the slot holding word (len letters), whose hash is h, or the empty
 * slot where it belongs. The string itself, elsewhere in memory, is read only
 * when hash and length match: the build looks a word up for every occurrence
 * (70 million of them in a 32000-document corpus), and strcmp on every one
 * took a fifth of the build. */
static struct term *find_slot(const struct index *idx, const char *word, size_t len, uint32_t h)
{
    for (size_t i = h & idx->mask;; i = (i + 1) & idx->mask) {
        struct term *t = &idx->slots[i];
        if (!t->word || (t->hash == h && t->len == len && memcmp(t->word, word, len) == 0))
            return t;
    }
}

const struct term *index_lookup(const struct index *idx, const char *word)
{
    size_t len = strlen(word);
    const struct term *t = find_slot(idx, word, len, hash_word(word));
    return t->word ? t : NULL;
}

static void grow_table(struct index *idx)
{
    struct term *old = idx->slots;
    size_t old_size = idx->mask + 1;
    idx->slots = xcalloc(2 * old_size, sizeof *idx->slots);
    idx->mask = 2 * old_size - 1;
    for (size_t i = 0; i < old_size; i++)
        if (old[i].word)
            *find_slot(idx, old[i].word, old[i].len, old[i].hash) = old[i];
    free(old);
}

/* Returns word's term, adding it with no postings if it is new. */
static struct term *intern(struct index *idx, const char *word, size_t len)
{
    /* A load factor of at most 3/4 keeps linear probe sequences short. Growing before
     * the lookup (even if word is not new) means the slot found stays valid. */
    if (4 * (idx->words + 1) > 3 * (idx->mask + 1))
        grow_table(idx);
    uint32_t h = hash_word(word);
    struct term *t = find_slot(idx, word, len, h);
    if (t->word)
        return t;
    t->word = xmalloc(len + 1);
    memcpy(t->word, word, len + 1);
    t->hash = h;
    t->len = (uint32_t)len;
    idx->words++;
    return t;
}

/* Documents are indexed one after another, so if word already occurred in doc, that
 * is its last posting: counting needs no per-document map. */
static void add_occurrence(struct index *idx, const char *word, size_t len, uint32_t doc)
{
    struct term *t = intern(idx, word, len);
    if (t->n > 0 && t->postings[t->n - 1].doc == doc) {
        t->postings[t->n - 1].count++;
        return;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 2;
        t->postings = xrealloc(t->postings, t->cap * sizeof *t->postings);
    }
    t->postings[t->n++] = (struct posting){ .doc = doc, .count = 1 };
    idx->postings++;
}

/* ---- building ---- */

/* Gives path the next doc id. */
static int add_path(struct index *idx, const char *path, uint32_t *doc)
{
    if (idx->docs >= MAX_DOCS) {
        errno = EOVERFLOW;
        return -1;
    }
    if (idx->docs == idx->paths_cap) {
        idx->paths_cap = idx->paths_cap ? 2 * idx->paths_cap : 256;
        idx->paths = xrealloc(idx->paths, idx->paths_cap * sizeof *idx->paths);
    }
    idx->paths[idx->docs] = xstrdup(path);
    *doc = (uint32_t)idx->docs++;
    return 0;
}

static int add_document(struct index *idx, const char *path, const char *text, size_t len)
{
    uint32_t doc;
    if (add_path(idx, path, &doc) < 0)
        return -1;
    char word[INDEX_MAX_WORD + 1];
    const char *p = text;
    size_t n;
    while ((n = tokenize_next(&p, text + len, word)) > 0)
        add_occurrence(idx, word, n, doc);
    return 0;
}

/* Reads fd to the end into b->buf, growing it as needed; returns the length or -1. */
static ssize_t read_all(struct builder *b, int fd)
{
    size_t len = 0;
    for (;;) {
        if (len == b->buf_cap) {
            b->buf_cap = b->buf_cap ? 2 * b->buf_cap : INITIAL_BUFFER;
            b->buf = xrealloc(b->buf, b->buf_cap);
        }
        ssize_t r = read(fd, b->buf + len, b->buf_cap - len);
        if (r == 0)
            return (ssize_t)len;
        if (r > 0)
            len += (size_t)r;
        else if (errno != EINTR)
            return -1;
    }
}

static int index_file(struct builder *b, int dfd, const char *name)
{
    /* The entry may have changed since fstatat: O_NOFOLLOW refuses a symlink (failing
     * the build) and O_NONBLOCK keeps a FIFO from hanging it. */
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t len = read_all(b, fd);
    close(fd);
    if (len < 0)
        return -1;
    b->bytes_read += (size_t)len;
    return add_document(b->idx, b->path, b->buf, (size_t)len);
}

static int crawl_dir(struct builder *b, int dfd, size_t len);

/* Indexes entry name of the directory at dfd, whose relative path is b->path[0..len). */
static int visit(struct builder *b, int dfd, const char *name, size_t len)
{
    size_t room = sizeof b->path - len;
    int n = snprintf(b->path + len, room, "%s%s", len ? "/" : "", name);
    if (n < 0 || (size_t)n >= room) {
        errno = ENAMETOOLONG;
        return -1;
    }
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return -1;
    if (S_ISREG(st.st_mode))
        return index_file(b, dfd, name);
    if (S_ISDIR(st.st_mode)) {
        int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        return fd < 0 ? -1 : crawl_dir(b, fd, len + (size_t)n);
    }
    return 0;                   /* symlinks, FIFOs, sockets, devices: not indexed */
}

static int not_dot(const struct dirent *e)
{
    return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

/* strcmp rather than alphasort's strcoll: doc ids must not depend on the locale. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Indexes the directory open at dfd (and closes it), entries in name order so that
 * doc ids are deterministic. b->path[0..len) is its relative path. */
static int crawl_dir(struct builder *b, int dfd, size_t len)
{
    struct dirent **entries;
    int n = scandirat(dfd, ".", &entries, not_dot, by_name);
    int rc = n < 0 ? -1 : 0;
    for (int i = 0; i < n; i++) {
        if (rc == 0)
            rc = visit(b, dfd, entries[i]->d_name, len);
        free(entries[i]);
    }
    if (n >= 0)
        free(entries);
    close(dfd);
    return rc;
}

static struct index *index_new(void)
{
    struct index *idx = xcalloc(1, sizeof *idx);
    idx->slots = xcalloc(INITIAL_SLOTS, sizeof *idx->slots);
    idx->mask = INITIAL_SLOTS - 1;
    return idx;
}

/* Bytes allocated for the index, counting capacities (not only what is used) but
 * not malloc's own overhead. */
static size_t memory_bytes(const struct index *idx)
{
    size_t bytes = sizeof *idx + (idx->mask + 1) * sizeof *idx->slots
                 + idx->paths_cap * sizeof *idx->paths;
    for (size_t i = 0; i <= idx->mask; i++) {
        const struct term *t = &idx->slots[i];
        if (t->word)
            bytes += strlen(t->word) + 1 + t->cap * sizeof *t->postings;
    }
    for (size_t d = 0; d < idx->docs; d++)
        bytes += strlen(idx->paths[d]) + 1;
    return bytes;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3
         + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

struct index *index_build(const char *dir, struct index_build_info *info)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct builder b = { .idx = index_new() };
    /* dir itself may be a symlink; only links found inside it are never followed. */
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = fd < 0 ? -1 : crawl_dir(&b, fd, 0);
    int saved_errno = errno;
    free(b.buf);
    if (rc < 0) {
        index_free(b.idx);
        errno = saved_errno;
        return NULL;
    }
    if (info)
        *info = (struct index_build_info){
            .documents = b.idx->docs, .words = b.idx->words,
            .postings = b.idx->postings, .bytes_read = b.bytes_read,
            .memory_bytes = memory_bytes(b.idx), .build_ms = ms_since(&t0),
        };
    return b.idx;
}

void index_free(struct index *idx)
{
    if (!idx)
        return;
    if (idx->frozen_len) {
        munmap(idx, idx->frozen_len);   /* the header is the block's first bytes */
        return;
    }
    for (size_t i = 0; i <= idx->mask; i++) {
        free(idx->slots[i].word);
        free(idx->slots[i].postings);
    }
    free(idx->slots);
    for (size_t d = 0; d < idx->docs; d++)
        free(idx->paths[d]);
    free(idx->paths);
    free(idx);
}
