/* index_freeze.c: moves a built index into one block of memory of a chosen placement (--index-memory).
 *
 * index_build grows the index piece by piece with malloc: a hash table, then
 * per word a string and a postings array that doubles as it fills, per
 * document a path. Every piece is private memory in 4 KiB pages, and fork
 * copies a page-table entry for each page. Freezing copies it all, with no
 * spare capacity, into one mapping made by placement_map (huge pages: one
 * entry per 2 MiB; or shared: no entries to copy), rewrites the pointers to
 * point into the copy (the block never moves, so plain pointers stay valid
 * and query.c reads a frozen index as it reads a built one), frees the
 * pieces, gives the freed heap back to the kernel with malloc_trim, so that
 * the parent holds little else, and makes the block read-only: a write to
 * the index (which in a forked child would copy a whole 2 MiB huge page)
 * becomes a crash instead of a silent copy.
 *
 * The block: the struct index, the slots, every term's postings, the paths
 * array, then the strings (words, then paths), each part 8-byte aligned. */
#include "index_internal.h"

#include <malloc.h>
#include <string.h>
#include <sys/mman.h>

/* Offsets in the block, and its size. */
struct layout {
    size_t slots, postings, paths, text, total;
};

static struct layout layout_of(const struct index *idx)
{
    size_t postings = 0, text = 0;
    for (size_t i = 0; i <= idx->mask; i++)
        if (idx->slots[i].word) {
            postings += idx->slots[i].n;
            text += strlen(idx->slots[i].word) + 1;
        }
    for (size_t d = 0; d < idx->docs; d++)
        text += strlen(idx->paths[d]) + 1;
    struct layout l = {.slots = sizeof *idx};
    l.postings = l.slots + (idx->mask + 1) * sizeof *idx->slots;
    l.paths = l.postings + postings * sizeof(struct posting);
    l.text = l.paths + idx->docs * sizeof *idx->paths;
    l.total = l.text + text;
    return l;
}

/* Copies s to *cursor and moves the cursor past it; returns the copy. */
static char *copy_string(char **cursor, const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = memcpy(*cursor, s, n);
    *cursor += n;
    return copy;
}

static void copy_into(const struct index *idx, char *block, const struct layout *l)
{
    struct index *out = (struct index *)block;
    struct posting *postings = (struct posting *)(block + l->postings);
    char *text = block + l->text;
    *out = *idx;
    out->slots = (struct term *)(block + l->slots);
    out->paths = (char **)(block + l->paths);
    out->paths_cap = idx->docs;
    for (size_t i = 0; i <= idx->mask; i++) {
        const struct term *t = &idx->slots[i];
        struct term *copy = &out->slots[i];
        *copy = *t;                     /* an empty slot stays all zero */
        if (!t->word)
            continue;
        copy->word = copy_string(&text, t->word);
        copy->postings = memcpy(postings, t->postings, t->n * sizeof *postings);
        copy->cap = t->n;
        postings += t->n;
    }
    for (size_t d = 0; d < idx->docs; d++)
        out->paths[d] = copy_string(&text, idx->paths[d]);
}

struct index *index_freeze(struct index *idx, enum placement where, size_t *bytes)
{
    struct layout l = layout_of(idx);
    struct placed block;
    if (placement_map(where, l.total, &block) != 0)
        return NULL;
    copy_into(idx, block.addr, &l);
    struct index *frozen = block.addr;
    frozen->frozen_len = block.len;
    index_free(idx);
    malloc_trim(0);
    /* Cannot fail: the range is exactly one mapping of ours. */
    mprotect(block.addr, block.len, PROT_READ);
    *bytes = l.total;
    return frozen;
}
