/* gencorpus: writes a deterministic corpus (documents, fixed-size files, queries) for the benchmarks. */

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * Same arguments must give the same bytes on every machine, so everything that
 * shapes the output uses integer arithmetic only: floating point results may
 * differ across compilers, flags (x87, FMA contraction) and libm versions.
 */

enum {
    MAX_DOCS = 1000000,
    VOCAB_SIZE = 20000,
    MIN_WORD = 2,
    MAX_WORD = 13,          /* longest word word_length() gives */
    LINE_WIDTH = 72,
    DOC_MIN = 1024,         /* document sizes: DOC_MIN .. DOC_MIN + DOC_RANGE - 1 */
    DOC_RANGE = 39 * 1024,
    FILES_PER_LEAF = 16,    /* DIR/dTT/dLL/docNNNNNN.txt */
    LEAVES_PER_TOP = 16,
    QUERIES = 1000,
    QUERY_MAX_WORDS = 3,
    QUERY_SKIP = 20,        /* queries never use the 20 most frequent words */
    HASH_SLOTS = 1 << 16,   /* > 3 * VOCAB_SIZE keeps linear probing short */
};

#define ZIPF_W (UINT64_C(1) << 40)  /* rank r (0-based) weighs ZIPF_W / (r + 1) */
#define MIB (1024.0 * 1024.0)

static const struct fixed_file {
    const char *dir, *name;
    size_t size;
} FIXED[] = {
    { "small", "1KiB.txt", 1024 },
    { "large", "1MiB.txt", 1024 * 1024 },
    { "large", "16MiB.txt", 16 * 1024 * 1024 },
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define N_FIXED COUNT(FIXED)
#define BUF_SIZE ((size_t)16 * 1024 * 1024)  /* the largest file, built in memory */

static const char USAGE[] = "usage: gencorpus --out DIR [--docs N] [--seed S]\n";

/* ---- errors ---- */

_Noreturn static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gencorpus: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%s", USAGE);
    exit(2);
}

_Noreturn static void die_io(const char *path)
{
    fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
    exit(1);
}

/* ---- random numbers: splitmix64 ---- */

struct rng {
    uint64_t state;
};

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t rng_next(struct rng *r)
{
    r->state += UINT64_C(0x9e3779b97f4a7c15);
    return mix64(r->state);
}

/* Uniform in [0, n): rejects the 2^64 mod n lowest values, which would make
 * small results slightly more likely than large ones. */
static uint64_t rng_below(struct rng *r, uint64_t n)
{
    uint64_t limit = -n % n;
    uint64_t x;
    do
        x = rng_next(r);
    while (x < limit);
    return x % n;
}

/* Every part of the output draws from its own stream, so that e.g. document 7
 * and queries.txt are the same whatever --docs says. */
enum stream { STREAM_VOCAB, STREAM_DOC, STREAM_FIXED, STREAM_QUERIES };

static struct rng rng_stream(uint64_t seed, enum stream s, uint32_t index)
{
    return (struct rng){ mix64(seed) ^ mix64((uint64_t)s << 32 | index) };
}

/* ---- vocabulary ---- */

struct vocab {
    char word[VOCAB_SIZE][MAX_WORD];    /* not NUL-terminated: see len */
    uint8_t len[VOCAB_SIZE];
    uint64_t cum[VOCAB_SIZE];           /* Zipf weight of ranks 0..r */
    uint32_t by_len[MAX_WORD + 1];      /* the most frequent word of each length */
};

/* Frequent words are short, as in natural language. Every length from MIN_WORD
 * to MAX_WORD occurs, which text_finish() relies on. */
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

static void vocab_words(struct vocab *v, uint64_t seed)
{
    uint32_t *slots = calloc(HASH_SLOTS, sizeof *slots);
    if (slots == NULL)
        die_io("vocabulary");
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
    free(slots);
}

static void vocab_weights(struct vocab *v)
{
    uint64_t sum = 0;
    for (uint32_t r = 0; r < VOCAB_SIZE; r++) {
        sum += ZIPF_W / (r + 1);
        v->cum[r] = sum;
    }
}

static struct vocab *vocab_new(uint64_t seed)
{
    struct vocab *v = malloc(sizeof *v);
    if (v == NULL)
        die_io("vocabulary");
    vocab_words(v, seed);
    vocab_weights(v);
    return v;
}

/* A rank >= first, Zipf-distributed: the first rank whose cumulative weight
 * exceeds a uniform point in [cum[first - 1], total). */
static uint32_t zipf_pick(const struct vocab *v, struct rng *rng, uint32_t first)
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

/* ---- text ---- */

struct text {
    char *buf;
    size_t len, cap;            /* cap: the exact size wanted */
    unsigned col;               /* column of the next character */
    unsigned words_left;        /* in the current sentence */
    unsigned sentences_left;    /* in the current paragraph */
    bool capital;               /* the next word starts a sentence */
    bool new_para;              /* the next word starts a paragraph */
};

/* Steps run while more than RESERVE bytes are left. One step writes at most
 * MAX_WORD + 3 bytes (paragraph break, word, punctuation), so it always fits,
 * and text_finish() gets at most RESERVE bytes: its line fits LINE_WIDTH. */
#define RESERVE ((size_t)LINE_WIDTH)

static void put(struct text *t, const char *s, size_t n)
{
    assert(t->len + n <= t->cap);
    for (size_t i = 0; i < n; i++) {
        t->buf[t->len++] = s[i];
        t->col = s[i] == '\n' ? 0 : t->col + 1;
    }
}

static void put_word(struct text *t, const struct vocab *v, uint32_t rank)
{
    char w[MAX_WORD];
    memcpy(w, v->word[rank], v->len[rank]);
    if (t->capital)
        w[0] += 'A' - 'a';      /* ASCII, whatever the locale */
    t->capital = false;
    put(t, w, v->len[rank]);
}

/* Before a word of `next` characters (punctuation included). */
static void put_separator(struct text *t, size_t next)
{
    if (t->len == 0)
        return;
    if (t->new_para)
        put(t, "\n\n", 2);
    else if (t->col + 1 + next > LINE_WIDTH)
        put(t, "\n", 1);
    else
        put(t, " ", 1);
    t->new_para = false;
}

static void start_sentence(struct text *t, struct rng *rng)
{
    if (t->sentences_left == 0) {
        t->sentences_left = 2 + rng_below(rng, 5);
        t->new_para = t->len > 0;
    }
    t->sentences_left--;
    t->words_left = 4 + rng_below(rng, 15);
}

static void text_step(struct text *t, const struct vocab *v, struct rng *rng)
{
    if (t->words_left == 0)
        start_sentence(t, rng);
    uint32_t r = zipf_pick(v, rng, 0);
    put_separator(t, v->len[r] + 1);
    put_word(t, v, r);
    if (--t->words_left == 0) {
        put(t, rng_below(rng, 10) == 0 ? "?" : ".", 1);
        t->capital = true;
    } else if (rng_below(rng, 10) == 0) {
        put(t, ",", 1);
    }
}

/* Ends the text on exactly cap bytes (cap >= 4) with one last line: m bytes of
 * words and spaces, then ".\n". Short frequent words fill it until m fits one
 * word, then comes the most frequent word of exactly that length. */
static void text_finish(struct text *t, const struct vocab *v, struct rng *rng)
{
    if (t->new_para)
        put(t, "\n\n", 2);
    else if (t->len > 0)
        put(t, "\n", 1);
    size_t m = t->cap - t->len - 2;
    while (m > MAX_WORD) {
        uint32_t r;
        do      /* leave room for a space and a word of MIN_WORD letters */
            r = zipf_pick(v, rng, 0);
        while (v->len[r] + 1u + MIN_WORD > m);
        put_word(t, v, r);
        put(t, " ", 1);
        m -= v->len[r] + 1;
    }
    put_word(t, v, v->by_len[m]);
    put(t, ".\n", 2);
}

/* Fills buf with exactly size bytes of text. */
static void make_text(const struct vocab *v, struct rng *rng, char *buf, size_t size)
{
    struct text t = { .buf = buf, .cap = size, .capital = true };
    while (t.cap - t.len > RESERVE)
        text_step(&t, v, rng);
    text_finish(&t, v, rng);
}

/* ---- files ---- */

struct corpus {
    const char *dir;
    uint64_t seed;
    uint32_t docs;
    const struct vocab *vocab;
    char *buf;                  /* BUF_SIZE bytes */
};

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

/* ---- command line ---- */

struct options {
    uint32_t docs;
    uint64_t seed;
    const char *out;
};

/* The value of option `name`: a decimal number in min..max. Checks the first
 * character because strtoull alone would accept signs, spaces and "". */
static uint64_t parse_number(const char *name, const char *s, uint64_t min, uint64_t max)
{
    char *end;
    errno = 0;
    uint64_t n = strtoull(s, &end, 10);
    if (*s < '0' || *s > '9' || *end != '\0')
        usage_error("%s: '%s' is not a number", name, s);
    if (errno == ERANGE || n < min || n > max)
        usage_error("%s: %s is out of range (%" PRIu64 "..%" PRIu64 ")", name, s, min, max);
    return n;
}

static void parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        { "docs", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' },
        { "out", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    *o = (struct options){ .docs = 2000, .seed = 42 };
    opterr = 0;     /* the messages below name the option and keep one format */
    while ((c = getopt_long(argc, argv, ":n:s:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            o->docs = (uint32_t)parse_number("--docs", optarg, 1, MAX_DOCS);
            break;
        case 's':
            o->seed = parse_number("--seed", optarg, 0, UINT64_MAX);
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'h':
            fputs(USAGE, stdout);
            exit(0);
        case ':':
            usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            usage_error("unrecognized option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
    if (o->out == NULL)
        usage_error("missing --out DIR");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct options o;
    parse_options(argc, argv, &o);
    double start = now_s();

    struct vocab *vocab = vocab_new(o.seed);
    struct corpus c = {
        .dir = o.out, .seed = o.seed, .docs = o.docs, .vocab = vocab, .buf = malloc(BUF_SIZE),
    };
    if (c.buf == NULL)
        die_io("buffer");
    make_dir(c.dir);
    uint64_t bytes = write_documents(&c);
    write_fixed_files(&c);
    write_queries(&c);

    printf("wrote %u documents (%.1f MiB) + %zu fixed-size files + queries.txt to %s in %.1f s\n",
           c.docs, bytes / MIB, N_FIXED, c.dir, now_s() - start);
    free(c.buf);
    free(vocab);
    return 0;
}
