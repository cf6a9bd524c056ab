/* gencorpus_text.c: text of an exact size from the vocabulary: sentences, paragraphs, lines of LINE_WIDTH. */
#include "gencorpus_text.h"

#include <assert.h>
#include <stdbool.h>
#include <string.h>

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

void make_text(const struct vocab *v, struct rng *rng, char *buf, size_t size)
{
    struct text t = { .buf = buf, .cap = size, .capital = true };
    while (t.cap - t.len > RESERVE)
        text_step(&t, v, rng);
    text_finish(&t, v, rng);
}
