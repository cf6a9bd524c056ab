/* forksize.h: a fork size sweep (make bench-fork) read as one point per corpus size and index placement:
 * the medians over the repetitions that summary.md's sweep tables and the fork-size figure both show. */
#ifndef FORKSIZE_H
#define FORKSIZE_H

#include <stddef.h>

#include "resultset.h"

/* One corpus size and placement. Medians over the repetitions; NAN where nothing was measured. */
struct fs_point {
    int corpus_docs;
    const char *index_memory;       /* "heap", "hugepage", "shared": points into the runs document */
    double rss_mib, huge_mib;       /* the fork variant's servers once listening: resident, in huge pages */
    double fork_us;                 /* fork_latency's mean with a parent like that server (forksize.json) */
    double fork_cpu_us;             /* its CPU time per fork (parent and child): no time lost to other work */
    double ceiling;                 /* 1e6 / fork_us: connections/s if fork were the whole cost */
};

/* The sweep's cases are those with a corpus_docs; `like` gets the workload, mode and clients of the
 * first (a sweep measures one of each). Returns how many points (sizes x placements, in the order of
 * run->cases: placement, then size) went to *points (malloc'd), 0 when the run is no sweep, -1 when
 * out of memory. */
int fs_points(const struct rs_run *run, struct rs_case *like, struct fs_point **points);

/* The case of variant at point p, with like's workload, mode and clients; NULL if not measured. */
const struct rs_case *fs_case(const struct rs_run *run, const struct rs_case *like, const struct fs_point *p,
                              const char *variant);

/* The median over c's measured repetitions of the server's CPU time per connection (request), in us
 * (resultset.c's RS_CPU: cpu.server_s / wrk.requests). NAN when c is NULL or none has both. */
double fs_cpu_us(const struct rs_case *c);

#endif
