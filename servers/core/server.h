/* server.h: what every variant shares around its concurrency model: options,
 * the index, the listening socket, signals, accept, serving one connection
 * with blocking waits, and the orderly stop. A variant's own file is its main
 * loop and nothing else. */
#ifndef SERVER_H
#define SERVER_H

#include "handler.h"
#include "stats.h"

#include <signal.h>
#include <stdbool.h>

struct server_options {
    const char *addr;           /* -a, default 127.0.0.1 */
    const char *port;           /* -p, default 8080; 0 = ephemeral */
    const char *dir;            /* -d, default corpus */
    int timeout_ms;             /* --timeout-ms, idle/request timeout, default 5000 */
    int max_clients;            /* --max-clients, 0 = unbounded (default 1024) */
    int workers;                /* --workers, for pool variants (default 4 x cores) */
    const char *stats_path;     /* --stats FILE, written at exit */
};

struct server {
    const char *variant;
    struct server_options opt;
    int listen_fd;              /* non-blocking, close-on-exec */
    struct index *index;
    struct handler_ctx ctx;
    sigset_t wait_mask;         /* the mask while waiting: SIGTERM/SIGINT let in */
};

/* Parses argv, builds the index, listens, prints "listening on ADDR:PORT".
 * Exits with status 2 on a bad option, 1 on any other start-up failure. */
void server_init(struct server *srv, const char *variant, int argc, char **argv);

/* Waits for a connection; returns its (non-blocking) descriptor, or -1 once
 * SIGTERM or SIGINT has asked the server to stop. */
int server_accept(struct server *srv);

/* One non-blocking accept4 (for event loops): a descriptor, or -1 if none. */
int server_accept_ready(struct server *srv);

/* Serves one connection to its end with blocking waits, then closes it. */
void serve_connection(const struct server *srv, int fd);

bool server_stopping(void);

/* After fork or pthread_create: counts the new worker, or, when err (an errno
 * value) is not 0, reports it and counts the connection as given up. */
void server_spawned(int err, const char *what);

/* Stops accepting, waits (bounded) for connections in flight, writes the
 * stats file. Returns the process exit status. */
int server_finish(struct server *srv);

/* Child processes: default dispositions and the start-up signal mask back. */
void server_reset_signals_in_child(const struct server *srv);

#endif
