/* gencorpus_text.h: fills a buffer with an exact number of bytes of wrapped, sentence-shaped text. */
#ifndef GENCORPUS_TEXT_H
#define GENCORPUS_TEXT_H

#include <stddef.h>

#include "gencorpus_vocab.h"

enum { LINE_WIDTH = 72 };   /* no line is longer */

/* Fills buf with exactly size (>= 4) bytes of paragraphs of Zipf-distributed
 * words, ending in ".\n". */
void make_text(const struct vocab *v, struct rng *rng, char *buf, size_t size);

#endif
