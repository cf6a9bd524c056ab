/* server.c: options, start-up, signals, accept and shutdown for every variant. */
#include "server.h"
#include "connio.h"
#include "index_memory.h"
#include "listener.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Waits that the stop signal cannot end look at the stop flag this often.
 * After the stop's bound (the stop plus --timeout-ms), the workers get
 * DRAIN_GRACE_MS to close their connections before the server gives up. */
enum { STOP_CHECK_MS = 250, DRAIN_GRACE_MS = 500 };

static void usage(const char *variant, FILE *out)
{
    fprintf(out, "usage: searchserver-%s [-a ADDR] [-p PORT] [-d DIR] [--timeout-ms MS]"
                 " [--max-clients N] [--workers N] [--stats FILE]"
                 " [--index-memory " PLACEMENT_NAMES "]\n", variant);
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

/* The CPUs this process may run on (its affinity: taskset, cgroups' cpusets),
 * not the machine's: a server pinned to one CPU of sixteen sizes its pool for one. */
static long usable_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    return sysconf(_SC_NPROCESSORS_ONLN);
}

static void parse_options(struct server *srv, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "timeout-ms", required_argument, NULL, 't' },
        { "max-clients", required_argument, NULL, 'm' },
        { "workers", required_argument, NULL, 'w' },
        { "stats", required_argument, NULL, 's' },
        { "index-memory", required_argument, NULL, 'i' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    long cores = usable_cpus();
    srv->opt = (struct server_options){ "127.0.0.1", "8080", "corpus", 5000, 1024,
                                        (int)(cores > 0 ? 4 * cores : 4), NULL, PLACEMENT_HEAP };
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
        case 'i':
            if (placement_parse(optarg, &srv->opt.index_memory) == 0)
                break;
            fprintf(stderr, "searchserver-%s: --index-memory must be one of " PLACEMENT_NAMES ", got '%s'\n",
                    srv->variant, optarg);
            usage(srv->variant, stderr);
            exit(2);
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
    printf("indexed %zu documents (%.1f MiB), %zu words, %zu postings in %.0f ms;"
           " index memory %.1f MiB\n", info.documents, info.bytes_read / 1048576.0,
           info.words, info.postings, info.build_ms, info.memory_bytes / 1048576.0);
    srv->index = index_memory_place(srv->index, srv->opt.index_memory, srv->variant);
    srv->ctx.index = srv->index;
}

/* The listening socket is non-blocking: when several processes or threads
 * wait on it, a connection that another one took first gives EAGAIN instead
 * of blocking this one in accept (listener.c opens it). */
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
    int fd = listener_open(ai->ai_addr, ai->ai_addrlen, srv->reuseport);
    if (fd < 0) {
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

/* clock_gettime (in clock_ms) and lock-free atomics are async-signal-safe.
 * Only the first signal sets the time, so a second one does not move the
 * stop's bound. */
void server_stop(void)
{
    int_least64_t running = 0;
    atomic_compare_exchange_strong(&stats->stop_ms, &running, clock_ms());
}

static void on_stop_signal(int sig)
{
    (void)sig;
    server_stop();
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
    server_init_listening(srv, variant, argc, argv, false);
}

void server_init_listening(struct server *srv, const char *variant, int argc, char **argv, bool reuseport)
{
    char name[128];
    srv->variant = variant;
    srv->reuseport = reuseport;
    parse_options(srv, argc, argv);
    /* Out of memory is fatal (see buf.h), in cJSON as everywhere else. */
    cJSON_InitHooks(&(cJSON_Hooks){ .malloc_fn = xmalloc, .free_fn = free });
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

/* The flag is stats->stop_ms, in the shared mapping (see stats.h): a child
 * forked before the signal must see it as its parent does. Only this file
 * reads or writes it; everything else asks these two functions. */
bool server_stopping(void)
{
    return server_stop_started_ms() != 0;
}

int64_t server_stop_started_ms(void)
{
    return atomic_load(&stats->stop_ms);
}

int64_t server_give_up_ms(const struct server *srv)
{
    return server_stop_started_ms() + srv->opt.timeout_ms + DRAIN_GRACE_MS;
}

void server_spawn_failed(int err, const char *what)
{
    fprintf(stderr, "searchserver: %s: %s\n", what, strerror(err));
    stats_connection_end();
}

int server_accept_ready(struct server *srv)
{
    return server_accept_from(srv->listen_fd);
}

int server_accept_from(int listen_fd)
{
    int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
        /* TCP_NODELAY: a response is written whole (see conn.c), so there
         * is nothing for Nagle's algorithm to coalesce, only a last partial
         * segment that it would hold back until the client's (possibly
         * delayed) ACK. */
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

/* Only the main thread lets the stop signals in while it waits (sequential,
 * a prefork worker, a fork child). Worker threads keep them blocked: the
 * signal then always ends the main thread's own wait (in accept, or for a
 * free slot), and the workers see the flag within STOP_CHECK_MS. */
static const sigset_t *stop_signals_let_in(const struct server *srv)
{
    return gettid() == getpid() ? &srv->wait_mask : NULL;
}

/* Waits until fd is ready for want (true), or the connection's time is up
 * (false): conn_deadline has passed, or the server is stopping and the
 * connection is idle between requests. */
static bool wait_ready(const struct server *srv, const struct conn *c, enum conn_wait want)
{
    struct pollfd p = { .fd = c->fd, .events = want == CONN_WAIT_READABLE ? POLLIN : POLLOUT };
    const sigset_t *mask = stop_signals_let_in(srv);
    for (;;) {
        int64_t left = conn_deadline(c) - clock_ms();
        if (left <= 0 || (server_stopping() && conn_is_idle(c)))
            return false;
        int64_t wait = left < STOP_CHECK_MS ? left : STOP_CHECK_MS;
        int n = ppoll(&p, 1, &(struct timespec){ wait / 1000, wait % 1000 * 1000000 }, mask);
        if (n > 0)
            return true;
        if (n < 0 && errno != EINTR)
            return false;
    }
}

void serve_connection(const struct server *srv, int fd)
{
    serve_connection_since(srv, fd, clock_ms());
}

void serve_connection_since(const struct server *srv, int fd, int64_t accepted_ms)
{
    struct conn c;
    enum conn_wait want;
    conn_init(&c, fd, &srv->ctx, srv->opt.timeout_ms, accepted_ms);
    while ((want = conn_run(&c)) != CONN_FINISHED)
        if (!wait_ready(srv, &c, want)) {
            conn_expire(&c);
            return;
        }
    conn_close(&c);
}

struct timespec server_realtime_after(int64_t ms)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    if (ms < 0)
        ms = 0;
    int64_t ns = t.tv_nsec + ms % 1000 * 1000000;
    return (struct timespec){ t.tv_sec + ms / 1000 + ns / 1000000000, ns % 1000000000 };
}

/* sem_wait and pthread_cond_wait cannot unblock the stop signals atomically
 * as ppoll does. So they are let in around short timed waits instead, with
 * the flag checked between them: a signal handled just before a wait is
 * seen STOP_CHECK_MS later at most, never missed. The first try does not
 * wait (its time has passed), so the usual case costs no mask change. */
bool server_wait_until(const struct server *srv, bool (*wait_once)(const struct timespec *until))
{
    struct timespec now = server_realtime_after(0);
    if (wait_once(&now))
        return true;
    sigset_t blocked;
    bool done = false;
    pthread_sigmask(SIG_SETMASK, &srv->wait_mask, &blocked);
    while (!done && !server_stopping()) {
        struct timespec until = server_realtime_after(STOP_CHECK_MS);
        done = wait_once(&until);
    }
    pthread_sigmask(SIG_SETMASK, &blocked, NULL);
    return done;
}
