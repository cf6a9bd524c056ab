/* index_internal.h: the index's private layout; only index.c and query.c include it. */
#ifndef SEARCHBENCH_INDEX_INTERNAL_H
#define SEARCHBENCH_INDEX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"

/* How often one word occurs in one document. 32-bit fields keep a posting at 8 bytes:
 * doc ids stay below MAX_DOCS (index.c), and a count cannot overflow below 8 GiB per
 * file, as every occurrence takes 2 bytes. */
struct posting {
    uint32_t doc;
    uint32_t count;
};

/* A slot of the hash table; word == NULL marks an empty one. */
struct term {
    char *word;
    struct posting *postings;       /* ascending doc id */
    uint32_t n, cap;                /* postings used, allocated */
    uint32_t hash;                  /* of word: probes skip most comparisons */
    uint32_t len;                   /* of word: so does a length that differs */
};

struct index {
    struct term *slots;             /* open addressing with linear probing */
    size_t mask;                    /* number of slots - 1 */
    size_t words, postings;
    char **paths;                   /* doc id -> path relative to the crawled dir */
    size_t docs, paths_cap;
    size_t frozen_len;              /* 0: built piece by piece on the heap; else the length of
                                     * the one mapping that holds it all (index_freeze.c) */
};

/* Returns word's term, or NULL if word is not in the index. */
const struct term *index_lookup(const struct index *idx, const char *word);

#endif
