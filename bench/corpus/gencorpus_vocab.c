/* gencorpus_vocab.c: splitmix64 streams, a vocabulary of pronounceable words and Zipf sampling of them. */
#include "gencorpus_vocab.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define ZIPF_W (UINT64_C(1) << 40)  /* rank r (0-based) weighs ZIPF_W / (r + 1) */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { HASH_SLOTS = 1 << 16 };      /* > 3 * VOCAB_SIZE keeps linear probing short */

/* ---- random numbers: splitmix64 ---- */

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

uint64_t rng_next(struct rng *r)
{
    r->state += UINT64_C(0x9e3779b97f4a7c15);
    return mix64(r->state);
}

/* Rejects the 2^64 mod n lowest values, which would make small results
 * slightly more likely than large ones. */
uint64_t rng_below(struct rng *r, uint64_t n)
{
    uint64_t limit = -n % n;
    uint64_t x;
    do
        x = rng_next(r);
    while (x < limit);
    return x % n;
}

struct rng rng_stream(uint64_t seed, enum stream s, uint32_t index)
{
    return (struct rng){ mix64(seed) ^ mix64((uint64_t)s << 32 | index) };
}

/* ---- vocabulary ---- */

/* Frequent words are short, as in natural language. Every length from MIN_WORD
 * to MAX_WORD occurs, which make_text() relies on. */
static unsigned word_length(uint32_t rank)
{
    if (rank < 60)
        return 2 + rank % 3;
    if (rank < 2000)
        return 4 + rank % 4;
    if (rank < 12000)
        return 6 + rank % 5;
    return 8 + rank % 6;
}

/* Letter groups. Single letters come first, so that a prefix of each array
 * fits where one letter is left; single vowels repeat to be more common. */
static const char *const CONSONANTS[] = {
    "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
    "br", "ch", "cl", "dr", "fl", "gr", "pl", "sh", "st", "th", "tr",
};
static const char *const VOWELS[] = {
    "a", "e", "i", "o", "u", "a", "e", "i", "o",
    "ai", "ea", "ou", "io",
};
enum { SINGLE_CONSONANTS = 17, SINGLE_VOWELS = 9 };

/* A pronounceable word of exactly len letters: alternating consonant and vowel
 * groups. Consonant pairs only where a vowel can still follow them. */
static void make_word(struct rng *rng, unsigned len, char *out)
{
    bool consonant = rng_below(rng, 4) != 0;
    unsigned n = 0;
    while (n < len) {
        unsigned left = len - n;
        const char *g;
        if (consonant)
            g = CONSONANTS[rng_below(rng, left >= 3 ? COUNT(CONSONANTS) : SINGLE_CONSONANTS)];
        else
            g = VOWELS[rng_below(rng, left >= 2 ? COUNT(VOWELS) : SINGLE_VOWELS)];
        size_t glen = strlen(g);
        memcpy(out + n, g, glen);
        n += glen;
        consonant = !consonant;
    }
}

static uint32_t hash_word(const char *w, unsigned len)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (unsigned i = 0; i < len; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

/* Adds word `rank` to the set (slots hold rank + 1, 0 = empty); false if an
 * equal word is already there. */
static bool set_insert(uint32_t *slots, const struct vocab *v, uint32_t rank)
{
    const char *w = v->word[rank];
    unsigned len = v->len[rank];
    for (uint32_t i = hash_word(w, len);; i++) {
        uint32_t *slot = &slots[i % HASH_SLOTS];
        if (*slot == 0) {
            *slot = rank + 1;
            return true;
        }
        uint32_t other = *slot - 1;
        if (v->len[other] == len && memcmp(v->word[other], w, len) == 0)
            return false;
    }
}

/* Distinct words for every rank; slots: an empty set of HASH_SLOTS. */
static void vocab_words(struct vocab *v, uint32_t *slots, uint64_t seed)
{
    struct rng rng = rng_stream(seed, STREAM_VOCAB, 0);
    for (uint32_t len = 0; len <= MAX_WORD; len++)
        v->by_len[len] = UINT32_MAX;
    for (uint32_t r = 0; r < VOCAB_SIZE; r++) {
        v->len[r] = word_length(r);
        do
            make_word(&rng, v->len[r], v->word[r]);
        while (!set_insert(slots, v, r));
        if (v->by_len[v->len[r]] == UINT32_MAX)
            v->by_len[v->len[r]] = r;
    }
}

static void vocab_weights(struct vocab *v)
{
    uint64_t sum = 0;
    for (uint32_t r = 0; r < VOCAB_SIZE; r++) {
        sum += ZIPF_W / (r + 1);
        v->cum[r] = sum;
    }
}

/* free() keeps errno, so a failed allocation's ENOMEM reaches the caller. */
struct vocab *vocab_new(uint64_t seed)
{
    struct vocab *v = malloc(sizeof *v);
    uint32_t *slots = calloc(HASH_SLOTS, sizeof *slots);
    if (v != NULL && slots != NULL) {
        vocab_words(v, slots, seed);
        vocab_weights(v);
    } else {
        free(v);
        v = NULL;
    }
    free(slots);
    return v;
}

/* ---- Zipf sampling ---- */

/* The first rank whose cumulative weight exceeds a uniform point in
 * [cum[first - 1], total). */
uint32_t zipf_pick(const struct vocab *v, struct rng *rng, uint32_t first)
{
    uint64_t base = first > 0 ? v->cum[first - 1] : 0;
    uint64_t u = base + rng_below(rng, v->cum[VOCAB_SIZE - 1] - base);
    uint32_t lo = first, hi = VOCAB_SIZE - 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v->cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}
