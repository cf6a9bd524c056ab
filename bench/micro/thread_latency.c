/* thread_latency.c: how long it takes to create a thread and learn that it has finished. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>

#include "fail.h"
#include "microrun.h"

static void *do_nothing(void *arg)
{
    return arg;
}

static int run_join(void)
{
    pthread_t t;
    int err = pthread_create(&t, NULL, do_nothing, NULL);
    return err ? err : pthread_join(t, NULL);
}

static pthread_attr_t detached;
static sem_t finished;

static void *post_finished(void *arg)
{
    sem_post(&finished);
    return arg;
}

static int setup_detached(void)
{
    if (pthread_attr_init(&detached) != 0
        || pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED) != 0
        || sem_init(&finished, 0, 0) != 0)
        return fail(-1, "cannot set up detached threads");
    return 0;
}

/* What a thread-per-connection server does: nobody joins, so the thread says
 * it is done through a semaphore (its exit itself is not waited for). */
static int run_detached(void)
{
    pthread_t t;
    int err = pthread_create(&t, &detached, post_finished, NULL);
    if (err)
        return err;
    while (sem_wait(&finished) != 0)
        if (errno != EINTR)
            return errno;
    return 0;
}

static const struct micro_op ops[] = {
    {"pthread", "pthread_create", "thread", "pthread_create + pthread_join", NULL, run_join},
    {"pthread-detached", "pthread detached", "thread", "pthread_create detached + sem_post/sem_wait",
     setup_detached, run_detached},
};

int main(int argc, char **argv)
{
    static const struct micro_program prog = {"thread_latency", ops, sizeof ops / sizeof *ops};
    return micro_main(argc, argv, &prog);
}
