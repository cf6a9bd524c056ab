/* reuseport.c: one event loop per CPU, each in its own thread with its own
 * listening socket bound with SO_REUSEPORT (nginx's `listen ... reuseport`).
 * The kernel hashes every new connection to one of the listeners, so
 * connections spread across the loops with no shared queue, no lock and no
 * hand-off; a connection stays on the loop that accepted it. Each loop is
 * the epoll variant's loop (eventloop.c) whole, with its own state; what the
 * threads share is read-only (the index) or atomic (the stats, the stop flag).
 *
 * --max-clients is split between the loops, each bounding its share (so
 * there are no more loops than clients allowed): a shared counter could
 * leave a loop that is asleep not watching its listener while others free
 * slots, and the connections the kernel hashed to it would wait in its
 * backlog. The split has the opposite weakness: a loop at its share leaves
 * its connections waiting while another has room, since the hash looks at
 * addresses and ports, never at load.
 *
 * The stop: the loop threads keep SIGTERM and SIGINT blocked, so the signal
 * always reaches the main thread, which does nothing but wait for it
 * (sigsuspend lets it in atomically, as ppoll does), then wakes every loop
 * through one eventfd that they all watch, and joins them. */
#include "eventloop.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* A loop per CPU of the affinity mask (taskset's), at most one per client allowed. */
static int loops_wanted(const struct server *srv)
{
    cpu_set_t cpus;
    int n = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
    return n < srv->opt.max_clients ? n : srv->opt.max_clients;
}

static void *serve(void *cfg)
{
    event_loop_serve(cfg);
    return NULL;
}

/* The loops' configurations: listener i (the first is the server's own),
 * share i of --max-clients, all waking on wake_fd. */
static struct loop_config *configure(struct server *srv, int n, int wake_fd)
{
    struct loop_config *cfg = xcalloc((size_t)n, sizeof *cfg);
    int max = srv->opt.max_clients;
    for (int i = 0; i < n; i++)
        cfg[i] = (struct loop_config){
            srv, &epoll_backend, i == 0 ? srv->listen_fd : server_listen_more(srv),
            max / n + (i < max % n), wake_fd, NULL,
        };
    return cfg;
}

int main(int argc, char **argv)
{
    struct server srv;
    server_init_listening(&srv, "reuseport", argc, argv, true);
    int n = loops_wanted(&srv);
    int wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd < 0) {
        perror("eventfd");
        return 1;
    }
    struct loop_config *cfg = configure(&srv, n, wake_fd);
    pthread_t *threads = xcalloc((size_t)n, sizeof *threads);
    for (int i = 0; i < n; i++) {
        int err = pthread_create(&threads[i], NULL, serve, &cfg[i]);
        if (err != 0) {
            fprintf(stderr, "pthread_create: %s\n", strerror(err));
            return 1;
        }
        stats_worker_created();
    }
    while (!server_stopping())
        sigsuspend(&srv.wait_mask);
    eventfd_write(wake_fd, 1);
    for (int i = 0; i < n; i++) {
        pthread_join(threads[i], NULL);
        if (i > 0)
            close(cfg[i].listen_fd);
    }
    close(wake_fd);
    free(threads);
    free(cfg);
    return server_finish(&srv);
}
