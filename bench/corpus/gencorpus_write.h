/* gencorpus_write.h: writes the whole corpus: documents, fixed-size files and queries.txt. */
#ifndef GENCORPUS_WRITE_H
#define GENCORPUS_WRITE_H

#include <stddef.h>
#include <stdint.h>

struct corpus_stats {
    uint64_t doc_bytes;         /* total size of the documents */
    size_t fixed_files;
};

/* Writes the corpus of `seed` with `docs` documents under dir, which may exist
 * (its files are overwritten). Exits with a message naming the path on error. */
struct corpus_stats write_corpus(const char *dir, uint32_t docs, uint64_t seed);

#endif
