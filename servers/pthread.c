/* pthread.c: a thread per connection (CS:APP's echoservert.c).
 * Threads share the index, read-only, and the stats, atomically; each
 * connection's state lives on its own thread's stack. A counting semaphore
 * bounds the live threads. */
#include "server.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <unistd.h>

static struct server srv;
static sem_t free_slots;

/* The descriptor travels inside the argument pointer itself. Passing &fd
 * would race: the next accept can overwrite fd before the new thread reads
 * it (CS:APP mallocs a copy; an integer in the pointer needs no free). */
static void *serve_thread(void *arg)
{
    serve_connection(&srv, (int)(intptr_t)arg);
    sem_post(&free_slots);
    return NULL;
}

/* One short wait for a free slot (see server_wait_until: while every slot is
 * busy, a SIGTERM must still be able to stop the server). */
static bool take_slot(const struct timespec *until)
{
    return sem_timedwait(&free_slots, until) == 0;
}

int main(int argc, char **argv)
{
    pthread_attr_t detached;
    int fd;

    server_init(&srv, "pthread", argc, argv);
    sem_init(&free_slots, 0, (unsigned)srv.opt.max_clients);
    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
    while (server_wait_until(&srv, take_slot) && (fd = server_accept(&srv)) >= 0) {
        pthread_t tid;
        int err = pthread_create(&tid, &detached, serve_thread, (void *)(intptr_t)fd);
        if (err == 0) {
            stats_worker_created();
        } else {
            server_spawn_failed(err, "pthread_create");
            close(fd);
            sem_post(&free_slots);
        }
    }
    return server_finish(&srv);
}
