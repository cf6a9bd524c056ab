/* stats.h: a server's counters, shared by all of its processes and threads. */
#ifndef STATS_H
#define STATS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

enum { STATS_STATUS_SLOTS = 10 };

/* The counters live in one MAP_SHARED anonymous mapping made before any fork,
 * so a child process that serves a connection counts into the same memory as
 * its parent. Lock-free atomics work across processes as across threads, and
 * storing to one is async-signal-safe, which is why `stop_ms` lives here too:
 * the SIGTERM handler sets it, and every worker, forked or not, sees it. It
 * is the server's stop flag, not a counter: only server.c touches it, and
 * the rest of the server asks server_stopping() (server.h). */
struct server_stats {
    atomic_uint_least64_t connections;      /* accepted */
    atomic_uint_least64_t requests;         /* responses started */
    atomic_uint_least64_t by_status[STATS_STATUS_SLOTS];
    atomic_uint_least64_t bytes_sent;
    atomic_uint_least64_t workers_created;  /* processes or threads */
    atomic_long active;                     /* connections being served */
    atomic_long peak;                       /* most connections served at once */
    atomic_long abandoned;                  /* cut short by the stop (see stats_abandoned) */
    atomic_int_least64_t stop_ms;           /* clock_ms() of SIGTERM/SIGINT; 0 while running */
};

extern struct server_stats *stats;

void stats_init(void);                  /* maps the shared counters; exits on failure */
void stats_connection_begin(void);
void stats_connection_end(void);
void stats_request(int status);
void stats_bytes(uint64_t n);
void stats_worker_created(void);
/* n connections the stopping server closed before their request was
 * answered in full. */
void stats_abandoned(long n);
/* n connections held by child processes killed at the stop: no longer
 * open, and abandoned. */
void stats_connections_killed(long n);

/* Adds a member to the stats file: name and value (an object made with
 * cJSON, which the stats keep), for facts fixed at start, such as where the
 * index lives (index_memory.c). Call before any fork or thread. */
struct cJSON;
void stats_add_fact(const char *name, struct cJSON *value);

/* Writes the counters as JSON to path, atomically (temporary file + rename).
 * Returns 0, or -1 with a message on stderr. */
int stats_write(const char *path, const char *variant, int max_clients);

#endif
