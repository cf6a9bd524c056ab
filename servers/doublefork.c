/* doublefork.c: a process per connection, orphaned on purpose.
 * The child forks a grandchild to serve the connection and exits at once;
 * the parent reaps the child straight away. The grandchild is then adopted
 * and reaped by init (or the nearest subreaper), so no SIGCHLD handler is
 * needed. The price: two forks per connection, and no bound on live
 * grandchildren, since the parent no longer hears of their exits. */
#include "server.h"

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs in the child: hand the connection to a grandchild and leave. */
static void spawn_grandchild(struct server *srv, int fd)
{
    pid_t pid = fork();
    if (pid == 0) {                         /* grandchild */
        serve_connection(srv, fd);
        _exit(0);   /* not exit(): the parent's stdio buffers must not be flushed twice */
    }
    if (pid > 0)
        stats_worker_created();
    else
        server_spawn_failed(errno, "fork");
    _exit(0);
}

int main(int argc, char **argv)
{
    struct server srv;
    int fd;

    server_init(&srv, "doublefork", argc, argv);
    while ((fd = server_accept(&srv)) >= 0) {
        pid_t pid = fork();
        if (pid == 0) {                     /* child */
            server_reset_signals_in_child(&srv);
            close(srv.listen_fd);
            spawn_grandchild(&srv, fd);
        }
        if (pid > 0)
            stats_worker_created();
        else
            server_spawn_failed(errno, "fork");
        while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;                               /* the child exits at once */
        close(fd);      /* the parent's copy: without this, descriptors leak */
    }
    return server_finish(&srv);
}
