/* benchjson_case.h: what the two kinds of load case (benchjson_case.c: wrk; benchjson_open.c: httperf)
 * share: their key=value arguments, integrity flags, the checks of the server process, runs.json. */
#ifndef BENCHJSON_CASE_H
#define BENCHJSON_CASE_H

#include "benchjson.h"

struct args {
    int argc;
    char **argv;
    bool ok;        /* cleared by the first malformed number */
};

/* The number at key, NAN when absent; a malformed one clears a->ok (after a message). */
double number(struct args *a, const char *key);

/* A number, or null when the harness could not measure it (NAN). */
void add_optional(cJSON *obj, const char *name, double v);

/* Adds a flag ("zombies=2") to an integrity.flags array. */
void flag(cJSON *flags, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What the case ran on and the server's memory once it listened, when given: index_memory,
 * corpus_docs, rss_kib, anon_huge_kib, shmem_kib (bench/load/lib/case.sh, memory.sh). */
void add_server_memory(cJSON *c, struct args *a);

/* Flags no_huge_pages when the server asked for huge pages and the kernel gave none (THP
 * `never`, or none free): it measured something else than its placement says. */
void check_huge_pages(cJSON *flags, const cJSON *server);

/* Flags steal_server=N%>5% (and steal_client): CPU time the hypervisor stole from the server's
 * (the client's) CPUs during the measured run, as a share of their time (steal_server, steal_client):
 * the server or the client ran that much less than the wall clock says. */
void check_steal(cJSON *flags, struct args *a);

/* The server process after the run: its exit status, stop timeout, zombies,
 * descriptors (server_exit, stop_timeout, zombies, fds_before, fds_after). */
void check_process(cJSON *in, cJSON *flags, struct args *a);

/* What else was going on just before the measured run: the machine's load
 * and the TIME_WAIT sockets left by earlier close-mode runs (timewait, loadavg). */
cJSON *system_block(struct args *a);

/* Appends case c to the runs.json at path (made if absent; refused if of
 * another run), which takes c over; then headline(c). The exit status. */
int append_case(const char *path, const char *run_id, cJSON *c, void (*headline)(const cJSON *c));

#endif
