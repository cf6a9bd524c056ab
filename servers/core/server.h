/* server.h: what every variant shares around its concurrency model: options,
 * the index, the listening socket, signals, accept, serving one connection
 * with blocking waits, and the orderly stop. A variant's own file is its main
 * loop and nothing else. */
#ifndef SERVER_H
#define SERVER_H

#include "handler.h"
#include "placement.h"
#include "stats.h"

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct server_options {
    const char *addr;           /* -a, default 127.0.0.1 */
    const char *port;           /* -p, default 8080; 0 = ephemeral */
    const char *dir;            /* -d, default corpus */
    int timeout_ms;             /* --timeout-ms, idle/request timeout, default 5000 */
    int max_clients;            /* --max-clients, 0 = unbounded (default 1024) */
    int workers;                /* --workers, for pool variants (default 4 x cores) */
    const char *stats_path;     /* --stats FILE, written at exit */
    enum placement index_memory; /* --index-memory, where the index lives (default heap) */
};

struct server {
    const char *variant;
    struct server_options opt;
    int listen_fd;              /* non-blocking, close-on-exec */
    struct index *index;
    struct handler_ctx ctx;
    sigset_t wait_mask;         /* the mask while waiting: SIGTERM/SIGINT let in */
    bool reuseport;             /* its listeners are bound with SO_REUSEPORT */
};

/* Parses argv, builds the index, listens, prints "listening on ADDR:PORT".
 * Exits with status 2 on a bad option, 1 on any other start-up failure. */
void server_init(struct server *srv, const char *variant, int argc, char **argv);
/* The same, with the listener bound with SO_REUSEPORT when reuseport is
 * true, so that server_listen_more can add more on its port. */
void server_init_listening(struct server *srv, const char *variant, int argc, char **argv, bool reuseport);

/* Waits for a connection; returns its (non-blocking) descriptor, or -1 once
 * SIGTERM or SIGINT has asked the server to stop. */
int server_accept(struct server *srv);

/* One non-blocking accept4 (for event loops): a descriptor, or -1 if none. */
int server_accept_ready(struct server *srv);
/* The same on another listening socket (server_listen_more's). */
int server_accept_from(int listen_fd);

/* With srv->reuseport: another listening socket on the same address and
 * port, for the kernel to spread connections across. Exits 1 on failure. */
int server_listen_more(const struct server *srv);

/* Serves one connection to its end with blocking waits, then closes it.
 * serve_connection_since counts its first deadline from accepted_ms (the
 * clock_ms() of its accept), for a connection that waited in a queue. */
void serve_connection(const struct server *srv, int fd);
void serve_connection_since(const struct server *srv, int fd, int64_t accepted_ms);

/* The stop flag: has SIGTERM or SIGINT asked the server to stop? Every
 * process and thread of the server sees it, forked children included.
 * server_stop_started_ms is the clock_ms() of that signal, 0 while running. */
bool server_stopping(void);
int64_t server_stop_started_ms(void);
/* What SIGTERM's handler does, for a variant that receives the signal
 * otherwise (searchserver-uring reads it from a signalfd). Async-signal-safe. */
void server_stop(void);

/* fork or pthread_create for a connection failed with err (an errno value):
 * reports it and counts the connection's end, since no one will serve it
 * (the caller closes it). On success the caller counts the new process or
 * thread with stats_worker_created. */
void server_spawn_failed(int err, const char *what);

/* For a wait that cannot take a signal mask (a semaphore, a condition
 * variable) in the main thread: calls wait_once(until) with the stop signals
 * let in, until it returns true (then true) or the server stops (false). */
bool server_wait_until(const struct server *srv, bool (*wait_once)(const struct timespec *until));

/* A CLOCK_REALTIME time ms from now (now if ms < 0), the clock of
 * sem_timedwait, pthread_cond_timedwait and pthread_timedjoin_np. */
struct timespec server_realtime_after(int64_t ms);

/* Once stopping: when the server stops waiting for what it started. The
 * connections in flight have until the stop plus --timeout-ms; a short grace
 * period later, whatever is still open is abandoned. */
int64_t server_give_up_ms(const struct server *srv);

/* Reaps the child processes pids[0..n) (0: an empty slot) as they exit,
 * until the give-up time; then kills the rest with SIGKILL, by PID, and
 * reaps them, so that no process of the server outlives it. Empties every
 * slot; returns how many it killed. Call with SIGCHLD blocked, so that no
 * handler reaps a child in its place. */
int server_reap_children(const struct server *srv, pid_t *pids, int n);

/* Stops accepting, waits (until the give-up time) for connections in
 * flight, writes the stats file. Returns the process exit status. */
int server_finish(struct server *srv);

/* Child processes: default dispositions and the start-up signal mask back. */
void server_reset_signals_in_child(const struct server *srv);

#endif
