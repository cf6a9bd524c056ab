/* sequential.c: one connection at a time: the baseline every model is measured
 * against. While it serves one client, every other client waits in the
 * listen backlog, however little work it needs. */
#include "server.h"

int main(int argc, char **argv)
{
    struct server srv;
    int fd;

    server_init(&srv, "sequential", argc, argv);
    while ((fd = server_accept(&srv)) >= 0)
        serve_connection(&srv, fd);
    return server_finish(&srv);
}
