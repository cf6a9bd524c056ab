/* index.h: an in-memory inverted index over a directory of text files. */
#ifndef SEARCHBENCH_INDEX_H
#define SEARCHBENCH_INDEX_H

#include <stddef.h>

#include "placement.h"

struct index;                       /* opaque */

struct index_build_info {
    size_t documents;               /* regular files indexed */
    size_t words;                   /* distinct words */
    size_t postings;                /* (word, document) pairs */
    size_t bytes_read;              /* total size of the files */
    size_t memory_bytes;            /* bytes the index holds (its own accounting) */
    double build_ms;                /* wall time of index_build */
};

/* Crawls dir recursively (regular files only; symlinks are never followed, neither
 * to files nor to directories; other file types skipped), tokenizes each file and
 * builds the index. dir itself may be a symlink. info may be NULL. Returns NULL and
 * sets errno on failure (e.g. dir missing, a file that cannot be read). */
struct index *index_build(const char *dir, struct index_build_info *info);
void index_free(struct index *idx);

/* Moves a built index into one read-only block of memory of placement where
 * (index_freeze.c says why and how), frees the pieces it was built from and
 * gives the freed heap back to the kernel. Returns the index to use from
 * then on (idx is gone) and its size in *bytes; NULL with errno set when the
 * block cannot be mapped (idx is then untouched). Answers do not change. */
struct index *index_freeze(struct index *idx, enum placement where, size_t *bytes);

/* Tokenizer: a word is a maximal run of ASCII letters, lower-cased. Words longer
 * than INDEX_MAX_WORD letters are skipped entirely. Returns the length of the next
 * word copied into word[] (NUL-terminated, cap >= INDEX_MAX_WORD+1) and advances *p,
 * or 0 at the end of the text. */
#define INDEX_MAX_WORD 64
size_t tokenize_next(const char **p, const char *end, char *word);

/* path is relative to dir, e.g. "d01/d07/doc00042.txt", and lives as long as the index. */
struct query_hit { const char *path; unsigned long rank; };
struct query_result {
    size_t count;               /* every matching document */
    size_t shown;               /* hits[0, shown): the best min(count, limit), sorted */
    struct query_hit *hits;
};

/* Tokenizes `terms` with tokenize_next (duplicates count once), finds the documents
 * that contain EVERY term, rank = sum of the terms' counts in the document, and sorts
 * the best `limit` of them by rank descending, then path ascending (strcmp). A query
 * with no words gives count 0 (hits NULL). Thread-safe for concurrent readers: the
 * index is read-only after build. */
void index_query(const struct index *idx, const char *terms, size_t limit,
                 struct query_result *out);
void query_result_free(struct query_result *res);

#endif
