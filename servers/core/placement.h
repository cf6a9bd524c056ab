/* placement.h: where a block of memory lives, which decides what fork copies: ordinary 4 KiB pages (one
 * page-table entry each), 2 MiB transparent huge pages (one entry per 2 MiB), or a shared mapping (none:
 * fork does not copy the page tables of a MAP_SHARED mapping; the child faults them in as it reads). The
 * servers' --index-memory and fork_latency's --memory use it; so does what either reports about it. */
#ifndef PLACEMENT_H
#define PLACEMENT_H

#include <stddef.h>

enum placement { PLACEMENT_HEAP, PLACEMENT_HUGEPAGE, PLACEMENT_SHARED };

/* The names, as options take them and results record them. */
#define PLACEMENT_NAMES "heap|hugepage|shared"

/* 0 and *out set, or -1 when name is none of PLACEMENT_NAMES. */
int placement_parse(const char *name, enum placement *out);
const char *placement_name(enum placement p);

/* The transparent huge page mode, "always", "madvise" or "never": the
 * bracketed word of /sys/kernel/mm/transparent_hugepage/enabled, or of the
 * file the environment variable SEARCHBENCH_THP_FILE names (a stand-in for a
 * machine with another mode: the tests' way to see THP `never` on a machine
 * that has `madvise`). "unknown" when it cannot be read. Into buf. */
const char *thp_mode(char *buf, size_t len);

/* A mapping made by placement_map, for placement_unmap. */
struct placed {
    void *addr;
    size_t len;
};

/* Maps at least size bytes (size > 0), readable, writable and zero-filled,
 * where p says: heap, private anonymous memory advised MADV_NOHUGEPAGE, so
 * that it is in 4 KiB pages whatever the THP mode (as a malloc'd heap is
 * under `madvise`); hugepage, private anonymous memory 2 MiB aligned and
 * rounded up to 2 MiB, advised MADV_HUGEPAGE (unless THP is `never`: the
 * kernel then gives 4 KiB pages, which the caller learns from AnonHugePages);
 * shared, MAP_SHARED anonymous memory.
 * The pages are faulted in at once (MADV_POPULATE_WRITE), so the memory is
 * resident on return. Returns 0, or -1 with errno set. */
int placement_map(enum placement p, size_t size, struct placed *out);
void placement_unmap(struct placed *m);

/* The value in kB of "Field:  N kB" in a /proc file such as
 * /proc/self/status (VmRSS, RssAnon, RssShmem) or /proc/self/smaps_rollup
 * (AnonHugePages, Private_Dirty); -1 when the file or the field is absent. */
long proc_kib(const char *path, const char *field);

#endif
