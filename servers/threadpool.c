/* threadpool.c: a fixed set of worker threads fed by a bounded queue.
 * Threads are created once, at start, so a connection costs no thread
 * creation. The acceptor waits when the queue is full (back-pressure: the
 * client waits in the listen backlog, it is never dropped). The weakness: a
 * worker belongs to one connection until it closes, so more idle keep-alive
 * clients than workers starve everyone else. */
#include "server.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct server srv;

/* One mutex guards the whole queue; `in_system` counts connections queued
 * or being served, which is what --max-clients bounds. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    int *fds;                   /* ring buffer of max_clients slots */
    int head, count, in_system;
    bool closing;
} queue = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .not_empty = PTHREAD_COND_INITIALIZER,
    .not_full = PTHREAD_COND_INITIALIZER,
};

static void queue_put(int fd)
{
    int capacity = srv.opt.max_clients;
    pthread_mutex_lock(&queue.lock);
    while (queue.in_system >= capacity)
        pthread_cond_wait(&queue.not_full, &queue.lock);
    queue.fds[(queue.head + queue.count) % capacity] = fd;
    queue.count++;
    queue.in_system++;
    pthread_cond_signal(&queue.not_empty);
    pthread_mutex_unlock(&queue.lock);
}

/* Returns the next connection, or -1 once the queue is closing and empty. */
static int queue_take(void)
{
    pthread_mutex_lock(&queue.lock);
    while (queue.count == 0 && !queue.closing)
        pthread_cond_wait(&queue.not_empty, &queue.lock);
    int fd = -1;
    if (queue.count > 0) {
        fd = queue.fds[queue.head];
        queue.head = (queue.head + 1) % srv.opt.max_clients;
        queue.count--;
    }
    pthread_mutex_unlock(&queue.lock);
    return fd;
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
    int fd;
    while ((fd = queue_take()) >= 0) {
        serve_connection(&srv, fd);
        queue_done();
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int fd;

    server_init(&srv, "threadpool", argc, argv);
    queue.fds = calloc((size_t)srv.opt.max_clients, sizeof *queue.fds);
    pthread_t *threads = calloc((size_t)srv.opt.workers, sizeof *threads);
    if (queue.fds == NULL || threads == NULL) {
        perror("calloc");
        return 1;
    }
    for (int i = 0; i < srv.opt.workers; i++) {
        int err = pthread_create(&threads[i], NULL, worker, NULL);
        if (err != 0) {
            fprintf(stderr, "pthread_create: %s\n", strerror(err));
            return 1;
        }
        stats_worker_created();
    }
    while ((fd = server_accept(&srv)) >= 0)
        queue_put(fd);
    queue_close();              /* workers finish what is queued, then leave */
    for (int i = 0; i < srv.opt.workers; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    free(queue.fds);
    return server_finish(&srv);
}
