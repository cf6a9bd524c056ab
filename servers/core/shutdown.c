/* shutdown.c: how a server ends: its children reaped within the stop's bound
 * (then killed), its connections in flight given until the give-up time, its
 * stats file written. Shared by every variant, after its loop has stopped. */
#include "server.h"
#include "conn.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_a_little(void)
{
    nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
}

/* Reaps those of pids[] that have exited; returns how many are left. */
static int reap_exited(pid_t *pids, int n)
{
    int left = 0;
    for (int i = 0; i < n; i++) {
        if (pids[i] > 0 && waitpid(pids[i], NULL, WNOHANG) != 0)
            pids[i] = 0;        /* reaped, or not ours to wait for (ECHILD) */
        left += pids[i] > 0;
    }
    return left;
}

/* SIGKILL cannot be caught or ignored, and it ends a stopped process too, so
 * the blocking waitpid after it returns. */
int server_reap_children(const struct server *srv, pid_t *pids, int n)
{
    int64_t give_up = server_give_up_ms(srv);
    while (reap_exited(pids, n) > 0 && clock_ms() < give_up)
        sleep_a_little();
    int killed = 0;
    for (int i = 0; i < n; i++) {
        if (pids[i] <= 0)
            continue;
        kill(pids[i], SIGKILL);
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
            ;
        pids[i] = 0;
        killed++;
    }
    return killed;
}

/* Connections in flight end by their deadline or the stop's bound, so the
 * wait is over by the give-up time at the latest. A connection still counted
 * active then is abandoned: the stats file counts it, the exit closes it.
 * The index is then left to the exit as well, since a worker thread that
 * has not finished may still be reading it. (The count is below 0 only when
 * fork killed a child just after it had closed its connection.) */
int server_finish(struct server *srv)
{
    close(srv->listen_fd);
    int64_t give_up = server_give_up_ms(srv);
    while (atomic_load(&stats->active) > 0 && clock_ms() < give_up)
        sleep_a_little();
    int status = 0;
    if (srv->opt.stats_path)
        status = stats_write(srv->opt.stats_path, srv->variant, srv->opt.max_clients) ? 1 : 0;
    if (atomic_load(&stats->active) <= 0)
        index_free(srv->index);
    close(srv->ctx.dir_fd);
    return status;
}
