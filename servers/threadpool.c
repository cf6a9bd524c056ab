/* threadpool.c: a fixed set of worker threads fed by a bounded queue.
 * Threads are created once, at start, so a connection costs no thread
 * creation. The acceptor waits when the queue is full (back-pressure: the
 * client waits in the listen backlog, it is never dropped). A connection's
 * deadline counts from its accept, so a client that waited in the queue
 * longer than the timeout is dropped as soon as a worker takes it. The
 * weakness: a worker belongs to one connection until it closes, so more idle
 * keep-alive clients than workers starve everyone else. */
#include "conn.h"
#include "server.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct server srv;

struct queued {
    int fd;
    int64_t accepted_ms;        /* clock_ms() at accept */
};

/* One mutex guards the whole queue; `in_system` counts connections queued
 * or being served, which is what --max-clients bounds. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    struct queued *items;       /* ring buffer of max_clients slots */
    int head, count, in_system;
    bool closing;
} queue = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .not_empty = PTHREAD_COND_INITIALIZER,
    .not_full = PTHREAD_COND_INITIALIZER,
};

/* One short wait for room in the queue (see server_wait_until: while the
 * queue is full, a SIGTERM must still be able to stop the server). Only this
 * thread adds, so the room is still there when it puts the next connection. */
static bool room_in_queue(const struct timespec *until)
{
    pthread_mutex_lock(&queue.lock);
    if (queue.in_system >= srv.opt.max_clients)
        pthread_cond_timedwait(&queue.not_full, &queue.lock, until);
    bool room = queue.in_system < srv.opt.max_clients;
    pthread_mutex_unlock(&queue.lock);
    return room;
}

static void queue_put(struct queued item)
{
    pthread_mutex_lock(&queue.lock);
    queue.items[(queue.head + queue.count) % srv.opt.max_clients] = item;
    queue.count++;
    queue.in_system++;
    pthread_cond_signal(&queue.not_empty);
    pthread_mutex_unlock(&queue.lock);
}

/* The next connection; fd -1 once the queue is closing and empty. */
static struct queued queue_take(void)
{
    pthread_mutex_lock(&queue.lock);
    while (queue.count == 0 && !queue.closing)
        pthread_cond_wait(&queue.not_empty, &queue.lock);
    struct queued item = { -1, 0 };
    if (queue.count > 0) {
        item = queue.items[queue.head];
        queue.head = (queue.head + 1) % srv.opt.max_clients;
        queue.count--;
    }
    pthread_mutex_unlock(&queue.lock);
    return item;
}

static void queue_done(void)
{
    pthread_mutex_lock(&queue.lock);
    queue.in_system--;
    pthread_cond_signal(&queue.not_full);
    pthread_mutex_unlock(&queue.lock);
}

static void queue_close(void)
{
    pthread_mutex_lock(&queue.lock);
    queue.closing = true;
    pthread_cond_broadcast(&queue.not_empty);
    pthread_mutex_unlock(&queue.lock);
}

static void *worker(void *arg)
{
    (void)arg;
    struct queued item;
    while ((item = queue_take()).fd >= 0) {
        serve_connection_since(&srv, item.fd, item.accepted_ms);
        queue_done();
    }
    return NULL;
}

/* Workers end their connections by the stop's bound; one that is stuck all
 * the same is not waited for past the give-up time. Returns true when every
 * worker has been joined. */
static bool join_workers(pthread_t *threads)
{
    bool all = true;
    for (int i = 0; i < srv.opt.workers; i++) {
        struct timespec until = server_realtime_after(server_give_up_ms(&srv) - clock_ms());
        all = pthread_timedjoin_np(threads[i], NULL, &until) == 0 && all;
    }
    return all;
}

int main(int argc, char **argv)
{
    int fd;

    server_init(&srv, "threadpool", argc, argv);
    queue.items = xcalloc((size_t)srv.opt.max_clients, sizeof *queue.items);
    pthread_t *threads = xcalloc((size_t)srv.opt.workers, sizeof *threads);
    for (int i = 0; i < srv.opt.workers; i++) {
        int err = pthread_create(&threads[i], NULL, worker, NULL);
        if (err != 0) {
            fprintf(stderr, "pthread_create: %s\n", strerror(err));
            return 1;
        }
        stats_worker_created();
    }
    while (server_wait_until(&srv, room_in_queue) && (fd = server_accept(&srv)) >= 0)
        queue_put((struct queued){ fd, clock_ms() });
    queue_close();              /* workers finish what is queued, then leave */
    if (join_workers(threads)) {    /* else a stuck worker may still use them */
        free(threads);
        free(queue.items);
    }
    return server_finish(&srv);
}
