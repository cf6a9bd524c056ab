/* prefork.c: worker processes forked once, at start (Apache's prefork model).
 * Every worker blocks in accept on the same listening socket; the kernel
 * hands each connection to one of them. The parent only keeps the pool
 * full: a worker that dies is replaced. On SIGTERM the parent passes the
 * signal to every worker by PID and reaps them all (bounded: see stop_workers). */
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static struct server srv;
static pid_t *workers;          /* PID per slot, 0 when the slot is empty */

/* SIGCHLD only has to end the parent's sigsuspend; reaping happens in the
 * main program, in one place, so no counter is shared with a handler. */
static void on_sigchld(int sig)
{
    (void)sig;
}

static void worker_main(void)
{
    int fd;
    signal(SIGCHLD, SIG_DFL);
    while ((fd = server_accept(&srv)) >= 0)
        serve_connection(&srv, fd);
    _exit(0);   /* not exit(): the parent's stdio buffers must not be flushed twice */
}

static void spawn_worker(int slot)
{
    pid_t pid = fork();
    if (pid == 0)
        worker_main();
    if (pid < 0) {
        perror("fork");
        return;
    }
    workers[slot] = pid;
    stats_worker_created();
}

/* Reaps every worker that has exited and, unless stopping, replaces it. */
static void reap_and_replace(void)
{
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
        for (int i = 0; i < srv.opt.workers; i++)
            if (workers[i] == pid) {
                workers[i] = 0;
                if (!server_stopping())
                    spawn_worker(i);
            }
}

/* SIGCHLD is blocked except inside sigsuspend, so an exit cannot slip in
 * between reap_and_replace and the sleep. */
static void supervise(void)
{
    struct sigaction sa = { .sa_handler = on_sigchld, .sa_flags = SA_NOCLDSTOP };
    sigset_t chld;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    for (int i = 0; i < srv.opt.workers; i++)
        spawn_worker(i);
    while (!server_stopping()) {
        sigsuspend(&srv.wait_mask);
        reap_and_replace();
    }
}

/* A worker's SIGTERM handler sets the same shared stop flag, and the signal
 * also ends its wait in ppoll: it finishes its connection (by the stop's
 * bound) and exits. A worker still alive at the give-up time is killed.
 * SIGCHLD is still blocked (see supervise). */
static void stop_workers(void)
{
    for (int i = 0; i < srv.opt.workers; i++)
        if (workers[i] > 0)
            kill(workers[i], SIGTERM);
    server_reap_children(&srv, workers, srv.opt.workers);
}

int main(int argc, char **argv)
{
    server_init(&srv, "prefork", argc, argv);
    workers = xcalloc((size_t)srv.opt.workers, sizeof *workers);
    supervise();
    stop_workers();
    free(workers);
    return server_finish(&srv);
}
