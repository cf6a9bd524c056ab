/* gencorpus_vocab.h: gencorpus's deterministic random streams, its vocabulary and Zipf word sampler. */
#ifndef GENCORPUS_VOCAB_H
#define GENCORPUS_VOCAB_H

#include <stdint.h>

/*
 * Same arguments must give the same bytes on every machine, so everything that
 * shapes the output uses integer arithmetic only: floating point results may
 * differ across compilers, flags (x87, FMA contraction) and libm versions.
 */

enum {
    VOCAB_SIZE = 20000,
    MIN_WORD = 2,
    MAX_WORD = 13,          /* longest word in the vocabulary */
};

/* splitmix64 */
struct rng {
    uint64_t state;
};

/* Every part of the output draws from its own stream, so that e.g. document 7
 * and queries.txt are the same whatever --docs says. */
enum stream { STREAM_VOCAB, STREAM_DOC, STREAM_FIXED, STREAM_QUERIES };

struct rng rng_stream(uint64_t seed, enum stream s, uint32_t index);
uint64_t rng_next(struct rng *r);
uint64_t rng_below(struct rng *r, uint64_t n);  /* uniform in [0, n) */

/* Words by rank, rank 0 the most frequent. Every length from MIN_WORD to
 * MAX_WORD occurs. */
struct vocab {
    char word[VOCAB_SIZE][MAX_WORD];    /* not NUL-terminated: see len */
    uint8_t len[VOCAB_SIZE];
    uint64_t cum[VOCAB_SIZE];           /* Zipf weight of ranks 0..r */
    uint32_t by_len[MAX_WORD + 1];      /* the most frequent word of each length */
};

/* The vocabulary of `seed`, to free(); NULL with errno set if memory runs out. */
struct vocab *vocab_new(uint64_t seed);

/* A Zipf-distributed rank >= first. */
uint32_t zipf_pick(const struct vocab *v, struct rng *rng, uint32_t first);

#endif
