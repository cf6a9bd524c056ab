/* index_memory.c: --index-memory: where the index, the memory every forked child inherits, lives, and what
 * the kernel really gave: one line at start and the stats file's "index_memory".
 *
 * heap (the default) keeps the index as index_build made it, piece by piece
 * with malloc; hugepage and shared freeze it into one block (index_freeze.c).
 * Whether huge pages were granted is read back from the kernel
 * (AnonHugePages in /proc/self/smaps_rollup), never assumed: with THP
 * `never`, or no 2 MiB page free, the block is in 4 KiB pages, and the line
 * and the stats file say so (the harness then flags the case). The figures
 * are the whole process's, measured once the index is in place: what a fork
 * of this parent copies page-table entries for is its private anonymous
 * memory in 4 KiB pages (RssAnon less AnonHugePages). */
#include "index_memory.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* The process's memory, in KiB, from /proc (placement.h: proc_kib). */
struct memory {
    long rss, anon, anon_huge, shmem, private_dirty;
};

static struct memory measure(void)
{
    return (struct memory){
        .rss = proc_kib("/proc/self/status", "VmRSS"),
        .anon = proc_kib("/proc/self/status", "RssAnon"),
        .anon_huge = proc_kib("/proc/self/smaps_rollup", "AnonHugePages"),
        .shmem = proc_kib("/proc/self/status", "RssShmem"),
        .private_dirty = proc_kib("/proc/self/smaps_rollup", "Private_Dirty"),
    };
}

static double mib(long kib)
{
    return (double)kib / 1024.0;
}

/* The line printed at start: where the index is, and the process's memory. */
static void print_line(enum placement where, size_t bytes, const char *thp, const struct memory *m)
{
    double block = (double)bytes / 1048576.0;
    printf("index memory: ");
    if (where == PLACEMENT_HEAP)
        printf("heap, as built (malloc'd pieces)");
    else if (where == PLACEMENT_SHARED)
        printf("shared, one read-only MAP_SHARED block of %.1f MiB", block);
    else if (m->anon_huge > 0)
        printf("hugepage, one read-only block of %.1f MiB, %.1f MiB of it in huge pages (THP %s)", block,
               mib(m->anon_huge), thp);
    else
        printf("hugepage requested, but the kernel gave NO huge pages (THP %s): the %.1f MiB block is in"
               " 4 KiB pages", thp, block);
    printf("; resident %.1f MiB: %.1f MiB private in 4 KiB pages, %.1f MiB in huge pages, %.1f MiB shared\n",
           mib(m->rss), mib(m->anon - m->anon_huge), mib(m->anon_huge), mib(m->shmem));
}

/* A number, or null when /proc did not have it. */
static void add_kib(cJSON *o, const char *name, long kib)
{
    cJSON_AddItemToObject(o, name, kib < 0 ? cJSON_CreateNull() : cJSON_CreateNumber((double)kib));
}

static cJSON *facts_json(enum placement where, size_t bytes, const char *thp, const struct memory *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "placement", placement_name(where));
    cJSON_AddItemToObject(o, "block_bytes", where == PLACEMENT_HEAP ? cJSON_CreateNull()
                                                                    : cJSON_CreateNumber((double)bytes));
    cJSON_AddStringToObject(o, "thp", thp);
    cJSON_AddItemToObject(o, "huge_pages", where != PLACEMENT_HUGEPAGE ? cJSON_CreateNull()
                                                                        : cJSON_CreateBool(m->anon_huge > 0));
    add_kib(o, "rss_kib", m->rss);
    add_kib(o, "anon_kib", m->anon);
    add_kib(o, "anon_huge_kib", m->anon_huge);
    add_kib(o, "shmem_kib", m->shmem);
    add_kib(o, "private_dirty_kib", m->private_dirty);
    return o;
}

struct index *index_memory_place(struct index *idx, enum placement where, const char *variant)
{
    char thp[32];
    size_t bytes = 0;
    if (where != PLACEMENT_HEAP) {
        struct index *frozen = index_freeze(idx, where, &bytes);
        if (!frozen) {
            fprintf(stderr, "searchserver-%s: cannot map %s memory for the index: %s\n", variant,
                    placement_name(where), strerror(errno));
            exit(1);
        }
        idx = frozen;
    }
    struct memory m = measure();
    thp_mode(thp, sizeof thp);
    print_line(where, bytes, thp, &m);
    stats_add_fact("index_memory", facts_json(where, bytes, thp, &m));
    return idx;
}
