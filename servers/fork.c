/* fork.c: a process per connection (CS:APP's echoserverp.c, grown up).
 * The parent only accepts; each child serves one connection and exits. The
 * lesson is in the signal handling: reaping children, and bounding them
 * without a race between "is there a free slot?" and "sleep until there is".
 * At the stop the parent reaps every child before it exits, killing by PID
 * those still alive at the give-up time: when it has exited, they are gone. */
#include "server.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Changed by the SIGCHLD handler, so the main program reads or writes them
 * only while SIGCHLD is blocked. A slot per possible child holds its PID, or
 * 0: a PID is forgotten as soon as its child is reaped, since the kernel may
 * give it to another process, which a kill at the stop must never reach. */
static volatile sig_atomic_t live_children;
static pid_t *child_pids;
static int child_slots;

static void set_child_slot(pid_t from, pid_t to)
{
    for (int i = 0; i < child_slots; i++)
        if (child_pids[i] == from) {
            child_pids[i] = to;
            return;
        }
}

/* Signals of one kind do not queue: one SIGCHLD may stand for several exits,
 * so reap in a loop. waitpid may overwrite errno, which the code we
 * interrupted may be about to read: save and restore it. */
static void on_sigchld(int sig)
{
    (void)sig;
    int saved_errno = errno;
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
        live_children--;
        set_child_slot(pid, 0);
    }
    errno = saved_errno;
}

static void install_reaper(const struct server *srv, sigset_t *chld)
{
    child_slots = srv->opt.max_clients;
    child_pids = xcalloc((size_t)child_slots, sizeof *child_pids);
    struct sigaction sa = { .sa_handler = on_sigchld, .sa_flags = SA_RESTART | SA_NOCLDSTOP };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    sigemptyset(chld);
    sigaddset(chld, SIGCHLD);
}

/* With SIGCHLD blocked, check the count; sigsuspend unblocks SIGCHLD (and
 * SIGTERM) and sleeps in one atomic step, so a child that exits between the
 * check and the sleep still wakes us. A plain pause() here could sleep forever. */
static void wait_for_slot(const struct server *srv, const sigset_t *chld)
{
    sigset_t old;
    sigprocmask(SIG_BLOCK, chld, &old);
    while (live_children >= srv->opt.max_clients && !server_stopping())
        sigsuspend(&srv->wait_mask);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* SIGCHLD stays blocked across fork so that the handler cannot count the
 * child's exit before the parent has counted its birth. */
static pid_t fork_counted(const sigset_t *chld)
{
    sigset_t old;
    sigprocmask(SIG_BLOCK, chld, &old);
    pid_t pid = fork();
    if (pid > 0) {
        live_children++;
        set_child_slot(0, pid);
    }
    if (pid != 0)
        sigprocmask(SIG_SETMASK, &old, NULL);
    return pid;
}

int main(int argc, char **argv)
{
    struct server srv;
    sigset_t chld;
    int fd;

    server_init(&srv, "fork", argc, argv);
    install_reaper(&srv, &chld);
    for (;;) {
        wait_for_slot(&srv, &chld);
        if ((fd = server_accept(&srv)) < 0)
            break;
        pid_t pid = fork_counted(&chld);
        if (pid == 0) {                     /* child */
            server_reset_signals_in_child(&srv);
            close(srv.listen_fd);
            serve_connection(&srv, fd);
            _exit(0);   /* not exit(): the parent's stdio buffers must not be flushed twice */
        }
        if (pid > 0)
            stats_worker_created();
        else
            server_spawn_failed(errno, "fork");
        close(fd);      /* the parent's copy: without this, descriptors leak */
    }
    /* A child killed at the give-up time dies holding its one connection. */
    sigprocmask(SIG_BLOCK, &chld, NULL);
    stats_connections_killed(server_reap_children(&srv, child_pids, child_slots));
    free(child_pids);
    return server_finish(&srv);
}
