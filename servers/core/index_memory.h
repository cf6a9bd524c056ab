/* index_memory.h: --index-memory heap|hugepage|shared, where the built index lives (index_memory.c). */
#ifndef INDEX_MEMORY_H
#define INDEX_MEMORY_H

#include "index.h"
#include "placement.h"

/* Puts the built index where `where` says (heap: as built; otherwise frozen
 * into one read-only block), prints the one line "index memory: ..." (what
 * the kernel gave, and the process's resident memory) and records the same
 * in the stats file's "index_memory". Returns the index to use from then on.
 * Exits with status 1 when the memory cannot be mapped. */
struct index *index_memory_place(struct index *idx, enum placement where, const char *variant);

#endif
