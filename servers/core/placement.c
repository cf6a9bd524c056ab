/* placement.c: maps memory as ordinary pages, huge pages or a shared mapping; reads the THP mode and /proc. */
#include "placement.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)     /* x86-64's and arm64's (4 KiB granule) PMD size */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23          /* Linux 5.14; glibc 2.36 names it */
#endif

static const char *const names[] = {"heap", "hugepage", "shared"};

int placement_parse(const char *name, enum placement *out)
{
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum placement)i;
            return 0;
        }
    return -1;
}

const char *placement_name(enum placement p)
{
    return names[p];
}

const char *thp_mode(char *buf, size_t len)
{
    const char *path = getenv("SEARCHBENCH_THP_FILE");
    FILE *f = fopen(path && *path ? path : "/sys/kernel/mm/transparent_hugepage/enabled", "r");
    char line[128];
    int ok = f && fgets(line, sizeof line, f);
    if (f)
        fclose(f);
    char *open = ok ? strchr(line, '[') : NULL;
    char *close = open ? strchr(open, ']') : NULL;
    if (close)
        snprintf(buf, len, "%.*s", (int)(close - open - 1), open + 1);
    else
        snprintf(buf, len, "unknown");
    return buf;
}

/* Anonymous memory whose start and length are multiples of 2 MiB: more is
 * mapped, and the ends outside the aligned part are given back. */
static void *map_aligned(size_t len)
{
    size_t extra = len + HUGE_PAGE;
    char *p = mmap(NULL, extra, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    char *start = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (start > p)
        munmap(p, (size_t)(start - p));
    if (start + len < p + extra)
        munmap(start + len, (size_t)(p + extra - (start + len)));
    return start;
}

/* The advice fails where the kernel has no THP at all; the pages are then
 * 4 KiB ones, as under `never`, and AnonHugePages says so. Under `never`
 * (real, or the stand-in of SEARCHBENCH_THP_FILE on a machine whose mode is
 * `always`) the memory is advised against huge pages instead. */
static void *map_hugepage(size_t len)
{
    char thp[32];
    void *p = map_aligned(len);
    if (p)
        madvise(p, len, strcmp(thp_mode(thp, sizeof thp), "never") != 0 ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    return p;
}

int placement_map(enum placement p, size_t size, struct placed *out)
{
    void *addr = NULL;
    size_t len = size;
    switch (p) {
    case PLACEMENT_HEAP:
        addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (addr == MAP_FAILED)
            addr = NULL;
        else
            madvise(addr, len, MADV_NOHUGEPAGE);   /* advice only: where THP is off it fails, harmlessly */
        break;
    case PLACEMENT_HUGEPAGE:
        len = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        addr = map_hugepage(len);
        break;
    case PLACEMENT_SHARED:
        addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (addr == MAP_FAILED)
            addr = NULL;
        break;
    }
    /* Every page faulted in by one call: one fault at a time costs ~10 us
     * each on a VM. An older kernel refuses the advice: the caller's first
     * writes then fault the pages in, with the same result. */
    if (addr)
        madvise(addr, len, MADV_POPULATE_WRITE);
    *out = (struct placed){addr, addr ? len : 0};
    return addr ? 0 : -1;
}

void placement_unmap(struct placed *m)
{
    if (m->addr)
        munmap(m->addr, m->len);
    *m = (struct placed){NULL, 0};
}

long proc_kib(const char *path, const char *field)
{
    FILE *f = fopen(path, "r");
    char line[256];
    size_t n = strlen(field);
    long kib = -1;
    while (f && kib < 0 && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            kib = strtol(line + n + 1, NULL, 10);
    if (f)
        fclose(f);
    return kib;
}
