/* server.c: options, start-up, signals, accept and shutdown for every variant. */
#include "server.h"
#include "conn.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Idle keep-alive connections look at the stop flag this often. */
enum { STOP_CHECK_MS = 250, DRAIN_GRACE_MS = 1000 };

static void usage(const char *variant, FILE *out)
{
    fprintf(out, "usage: searchserver-%s [-a ADDR] [-p PORT] [-d DIR] [--timeout-ms MS]"
                 " [--max-clients N] [--workers N] [--stats FILE]\n", variant);
}

static int parse_int(const char *variant, const char *name, const char *text, int min)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < min || v > 1000000) {
        fprintf(stderr, "searchserver-%s: %s must be an integer from %d to 1000000, got '%s'\n",
                variant, name, min, text);
        usage(variant, stderr);
        exit(2);
    }
    return (int)v;
}

static void parse_options(struct server *srv, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "timeout-ms", required_argument, NULL, 't' },
        { "max-clients", required_argument, NULL, 'm' },
        { "workers", required_argument, NULL, 'w' },
        { "stats", required_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    srv->opt = (struct server_options){ "127.0.0.1", "8080", "corpus", 5000, 1024,
                                        (int)(cores > 0 ? 4 * cores : 4), NULL };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":a:p:d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'a': srv->opt.addr = optarg; break;
        case 'p': parse_int(srv->variant, "-p", optarg, 0); srv->opt.port = optarg; break;
        case 'd': srv->opt.dir = optarg; break;
        case 't': srv->opt.timeout_ms = parse_int(srv->variant, "--timeout-ms", optarg, 1); break;
        case 'm': srv->opt.max_clients = parse_int(srv->variant, "--max-clients", optarg, 1); break;
        case 'w': srv->opt.workers = parse_int(srv->variant, "--workers", optarg, 1); break;
        case 's': srv->opt.stats_path = optarg; break;
        case 'h': usage(srv->variant, stdout); exit(0);
        default:
            fprintf(stderr, "searchserver-%s: %s option '%s'\n", srv->variant,
                    c == ':' ? "missing value for" : "unknown", argv[optind - 1]);
            usage(srv->variant, stderr);
            exit(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "searchserver-%s: unexpected argument '%s'\n", srv->variant, argv[optind]);
        usage(srv->variant, stderr);
        exit(2);
    }
}

static void load_index(struct server *srv)
{
    struct index_build_info info;
    srv->index = index_build(srv->opt.dir, &info);
    srv->ctx.dir_fd = open(srv->opt.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (srv->index == NULL || srv->ctx.dir_fd < 0) {
        fprintf(stderr, "searchserver-%s: cannot index %s: %s\n", srv->variant,
                srv->opt.dir, strerror(errno));
        exit(1);
    }
    srv->ctx.index = srv->index;
    printf("indexed %zu documents (%.1f MiB), %zu words, %zu postings in %.0f ms;"
           " index memory %.1f MiB\n", info.documents, info.bytes_read / 1048576.0,
           info.words, info.postings, info.build_ms, info.memory_bytes / 1048576.0);
}

/* The listening socket is non-blocking: when several processes or threads
 * wait on it, a connection that another one took first gives EAGAIN instead
 * of blocking this one in accept. The backlog is large; somaxconn caps it. */
static int open_listener(const struct server *srv, char *name, size_t name_len)
{
    struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV,
                              .ai_socktype = SOCK_STREAM }, *ai;
    int err = getaddrinfo(srv->opt.addr, srv->opt.port, &hints, &ai);
    if (err != 0) {
        fprintf(stderr, "searchserver-%s: bad address %s: %s\n", srv->variant,
                srv->opt.addr, gai_strerror(err));
        exit(2);
    }
    int one = 1;
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
        || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 4096) < 0) {
        fprintf(stderr, "searchserver-%s: cannot listen on %s:%s: %s\n", srv->variant,
                srv->opt.addr, srv->opt.port, strerror(errno));
        exit(1);
    }
    struct sockaddr_storage sa;
    socklen_t len = sizeof sa;
    char port[16];
    getsockname(fd, (struct sockaddr *)&sa, &len);
    getnameinfo((struct sockaddr *)&sa, len, name, name_len, port, sizeof port,
                NI_NUMERICHOST | NI_NUMERICSERV);
    snprintf(name + strlen(name), name_len - strlen(name), ":%s", port);
    freeaddrinfo(ai);
    return fd;
}

static void on_stop_signal(int sig)
{
    (void)sig;
    atomic_store(&stats->stopping, 1);     /* lock-free: async-signal-safe */
}

/* SIGTERM and SIGINT stay blocked except inside the waits (ppoll, pselect,
 * epoll_pwait) that unblock them atomically: a signal that arrives between
 * "am I stopping?" and the wait stays pending and ends the wait at once,
 * instead of being handled just before a wait that then never returns. */
static void install_signals(struct server *srv)
{
    struct sigaction sa = { .sa_handler = on_stop_signal };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);   /* a client that hangs up gives EPIPE, not death */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigprocmask(SIG_BLOCK, &stop, &srv->wait_mask);
    sigdelset(&srv->wait_mask, SIGTERM);
    sigdelset(&srv->wait_mask, SIGINT);
}

void server_init(struct server *srv, const char *variant, int argc, char **argv)
{
    char name[128];
    srv->variant = variant;
    parse_options(srv, argc, argv);
    stats_init();
    install_signals(srv);
    srv->listen_fd = open_listener(srv, name, sizeof name);
    load_index(srv);
    if (strchr(name, ':') != strrchr(name, ':'))   /* IPv6: [addr]:port */
        printf("listening on [%.*s]:%s\n", (int)(strrchr(name, ':') - name), name,
               strrchr(name, ':') + 1);
    else
        printf("listening on %s\n", name);
    fflush(stdout);
}

void server_reset_signals_in_child(const struct server *srv)
{
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    sigprocmask(SIG_SETMASK, &srv->wait_mask, NULL);
}

bool server_stopping(void)
{
    return atomic_load(&stats->stopping);
}

/* TCP_NODELAY: a response is written whole (see response.c), so there is
 * nothing for Nagle's algorithm to coalesce, only a last partial segment
 * that it would hold back until the client's (possibly delayed) ACK. */
void server_spawned(int err, const char *what)
{
    if (err == 0) {
        stats_worker_created();
        return;
    }
    fprintf(stderr, "searchserver: %s: %s\n", what, strerror(err));
    stats_connection_end();
}

int server_accept_ready(struct server *srv)
{
    int fd = accept4(srv->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        stats_connection_begin();
        return fd;
    }
    if (errno == EMFILE || errno == ENFILE) {   /* out of descriptors: back off */
        perror("accept");
        nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
    }
    return -1;  /* EAGAIN (none, or taken by another worker), EINTR, ECONNABORTED */
}

int server_accept(struct server *srv)
{
    while (!server_stopping()) {
        struct pollfd p = { .fd = srv->listen_fd, .events = POLLIN };
        if (ppoll(&p, 1, NULL, &srv->wait_mask) < 0)
            continue;                               /* EINTR: a signal, look again */
        int fd = server_accept_ready(srv);
        if (fd >= 0)
            return fd;
    }
    return -1;
}

/* Waits until fd is ready for want, the deadline passes (false), or the
 * server stops while the connection is idle between requests (false). */
static bool wait_ready(const struct conn *c, enum conn_want want)
{
    struct pollfd p = { .fd = c->fd, .events = want == CONN_WANT_READ ? POLLIN : POLLOUT };
    for (;;) {
        int64_t left = c->deadline_ms - clock_ms();
        if (left <= 0 || (server_stopping() && conn_is_idle(c)))
            return false;
        int n = poll(&p, 1, left < STOP_CHECK_MS ? (int)left : STOP_CHECK_MS);
        if (n > 0)
            return true;
        if (n < 0 && errno != EINTR)
            return false;
    }
}

void serve_connection(const struct server *srv, int fd)
{
    struct conn c;
    enum conn_want want;
    conn_init(&c, fd, srv->opt.timeout_ms);
    while ((want = conn_advance(&c, &srv->ctx)) != CONN_CLOSE)
        if (!wait_ready(&c, want))
            break;
    conn_close(&c);
}

/* In-flight connections end by themselves within the timeout (keep-alive
 * ones at once, since they see the stop flag), so waiting that long plus a
 * grace period bounds the shutdown. */
int server_finish(struct server *srv)
{
    close(srv->listen_fd);
    int64_t give_up = clock_ms() + srv->opt.timeout_ms + DRAIN_GRACE_MS;
    while (atomic_load(&stats->active) > 0 && clock_ms() < give_up)
        nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
    int status = 0;
    if (srv->opt.stats_path)
        status = stats_write(srv->opt.stats_path, srv->variant, srv->opt.max_clients) ? 1 : 0;
    index_free(srv->index);
    close(srv->ctx.dir_fd);
    return status;
}
