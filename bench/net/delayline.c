/* delayline.c: a userspace "wire" with a fixed one-way delay, for kernels
 * built without netem (bench/net/netns starts it when `tc ... netem` fails).
 *
 * netem is a queueing discipline: the kernel stamps each packet with a release
 * time as the sending interface queues it and hands it on once that time has
 * passed, in softirq context, without copying it. This program does the same
 * job from userspace. It creates two TUN devices, A and B; bench/net/netns moves
 * A into the server namespace and B into the client namespace and gives them
 * addresses. The descriptors opened here stay attached to the devices after
 * `ip link set A netns NS`, so this one process, left in the root namespace,
 * joins the two: every IP packet the server's kernel routes to A is read here,
 * held for the delay and written to B, where the client's kernel receives it
 * as if from a wire; and B to A the same way.
 *
 * Limits, against netem: each packet costs a read and a write (one more copy
 * each way through userspace), and this single thread forwards both
 * directions on a CPU the server and client then do not have, so it caps the
 * packet rate. Measured on a 2-vCPU VM (server on CPU 0, wrk -t1 -c16 on CPU
 * 1, Connection: close, a 1 KiB file, ~10 packets per connection): the veth
 * pair gives ~18k connections/s for epoll and sequential alike; this at delay
 * 0, ~9.8k (about 100k packets/s, using 2/3 of a vCPU); at 1 ms round trip,
 * ~5.3k, which is the round trip's limit, not this program's. Bulk transfer
 * (1 MiB files) tops out near 85 MB/s. A sleeping forwarder also wakes late:
 * it adds ~0.3 ms to an idle round trip here. The delay is constant per
 * direction, so each queue is a FIFO that is also in release-time order: no
 * jitter, no reordering. Loss is independent per packet (a seeded PRNG: runs
 * repeat). Rate limits are tbf's job on the devices.
 *
 *   usage: delayline [--delay-us N] [--loss PCT] [--seed N] [--queue-cap N] DEV_A DEV_B
 * Prints "ready" once both devices exist. SIGTERM or SIGINT ends it; it then
 * prints one counter line per direction, and the devices vanish with it. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

/* Without IFF_VNET_HDR the kernel hands a TUN reader no packet larger than
 * the device MTU (1500 unless changed); a full slot means someone raised it. */
#define SLOT_BYTES 2048
#define READ_BATCH 64           /* packets read per wake-up before delivering */

struct packet {
    int64_t due_ns;             /* CLOCK_MONOTONIC time to write it out */
    size_t len;
    unsigned char data[SLOT_BYTES];
};

/* A ring of packets in arrival order, which is also release order. */
struct queue {
    struct packet *slots;
    size_t cap, head, count;
};

struct direction {
    const char *from, *to;
    int in_fd, out_fd;
    struct queue q;
    uint64_t rng;               /* splitmix64 state for the loss draw */
    unsigned long long forwarded, lost, dropped, write_errors;
    size_t max_queued;
};

struct options {
    const char *dev[2];
    int64_t delay_ns;
    double loss;                /* probability 0..1, per packet */
    unsigned long long seed;
    size_t cap;
};

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
}

static void usage(FILE *to)
{
    fprintf(to, "usage: delayline [--delay-us N] [--loss PCT] [--seed N] [--queue-cap N] DEV_A DEV_B\n"
                "  forwards IP packets between two new TUN devices after a one-way delay\n");
}

static double parse_number(const char *name, const char *text, double min, double max)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= min && v <= max)) {
        fprintf(stderr, "delayline: %s must be a number from %g to %g, got '%s'\n",
                name, min, max, text);
        exit(2);
    }
    return v;
}

static struct options parse_options(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "delay-us", required_argument, NULL, 'd' },
        { "loss", required_argument, NULL, 'l' },
        { "seed", required_argument, NULL, 's' },
        { "queue-cap", required_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct options o = { .seed = 1, .cap = 4096 };
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o.delay_ns = (int64_t)parse_number("--delay-us", optarg, 0, 10e6) * 1000; break;
        case 'l': o.loss = parse_number("--loss", optarg, 0, 100) / 100; break;
        case 's': o.seed = (unsigned long long)parse_number("--seed", optarg, 0, 1e15); break;
        case 'q': o.cap = (size_t)parse_number("--queue-cap", optarg, 1, 1e6); break;
        case 'h': usage(stdout); exit(0);
        default: usage(stderr); exit(2);
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        exit(2);
    }
    o.dev[0] = argv[optind];
    o.dev[1] = argv[optind + 1];
    return o;
}

/* A non-persistent TUN device: it disappears when this process closes it. */
static int tun_open(const char *name)
{
    struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
    if (strlen(name) >= sizeof ifr.ifr_name) {
        fprintf(stderr, "delayline: device name '%s' is too long\n", name);
        return -1;
    }
    strcpy(ifr.ifr_name, name);
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
        fprintf(stderr, "delayline: cannot create TUN device %s: %s\n", name, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int packet_lost(struct direction *d, double loss)
{
    return loss > 0 && (splitmix64(&d->rng) >> 11) * 0x1.0p-53 < loss;
}

/* Drains up to READ_BATCH packets from d->in_fd into the queue. A packet that
 * finds the queue full is read anyway, so that it is counted, and dropped.
 * Returns -1 on a read error other than "nothing left". */
static int receive(struct direction *d, const struct options *o)
{
    static unsigned char discard[SLOT_BYTES];
    for (int i = 0; i < READ_BATCH; i++) {
        struct queue *q = &d->q;
        struct packet *p = q->count < q->cap ? &q->slots[(q->head + q->count) % q->cap] : NULL;
        ssize_t n = read(d->in_fd, p ? p->data : discard, SLOT_BYTES);
        if (n < 0)
            return errno == EAGAIN || errno == EINTR ? 0 : -1;
        if (p == NULL || n == SLOT_BYTES)
            d->dropped++;
        else if (packet_lost(d, o->loss))
            d->lost++;
        else {
            p->len = (size_t)n;
            p->due_ns = now_ns() + o->delay_ns;
            if (++q->count > d->max_queued)
                d->max_queued = q->count;
        }
    }
    return 0;
}

/* Writes out every queued packet whose time has come. A write fails (EIO)
 * while the receiving device is still down: that packet is counted and lost. */
static void deliver(struct direction *d, int64_t now)
{
    struct queue *q = &d->q;
    while (q->count > 0 && q->slots[q->head].due_ns <= now) {
        struct packet *p = &q->slots[q->head];
        if (write(d->out_fd, p->data, p->len) == (ssize_t)p->len)
            d->forwarded++;
        else
            d->write_errors++;
        q->head = (q->head + 1) % q->cap;
        q->count--;
    }
}

/* The ppoll timeout: until the earliest queued packet is due; none queued,
 * NULL (wait for input only). */
static struct timespec *next_wait(const struct direction *dirs, int64_t now, struct timespec *ts)
{
    int64_t first = INT64_MAX;
    for (int i = 0; i < 2; i++)
        if (dirs[i].q.count > 0 && dirs[i].q.slots[dirs[i].q.head].due_ns < first)
            first = dirs[i].q.slots[dirs[i].q.head].due_ns;
    if (first == INT64_MAX)
        return NULL;
    int64_t wait = first > now ? first - now : 0;
    ts->tv_sec = wait / 1000000000;
    ts->tv_nsec = wait % 1000000000;
    return ts;
}

/* SIGTERM and SIGINT stay blocked except inside ppoll, so a signal that comes
 * between the "stopping?" test and the wait still ends the wait at once. */
static void install_signals(sigset_t *wait_mask)
{
    struct sigaction sa = { .sa_handler = on_stop };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigprocmask(SIG_BLOCK, &stop, wait_mask);
    sigdelset(wait_mask, SIGTERM);
    sigdelset(wait_mask, SIGINT);
}

static int forward(struct direction *dirs, const struct options *o)
{
    sigset_t wait_mask;
    install_signals(&wait_mask);
    struct pollfd fds[2] = { { .fd = dirs[0].in_fd, .events = POLLIN },
                             { .fd = dirs[1].in_fd, .events = POLLIN } };
    while (!stopping) {
        int64_t now = now_ns();
        deliver(&dirs[0], now);
        deliver(&dirs[1], now);
        struct timespec ts;
        if (ppoll(fds, 2, next_wait(dirs, now, &ts), &wait_mask) < 0) {
            if (errno == EINTR)
                continue;
            perror("delayline: ppoll");
            return 1;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].revents & (POLLERR | POLLHUP | POLLNVAL)) {
                fprintf(stderr, "delayline: device %s failed\n", dirs[i].from);
                return 1;
            }
            if ((fds[i].revents & POLLIN) && receive(&dirs[i], o) < 0) {
                fprintf(stderr, "delayline: reading %s: %s\n", dirs[i].from, strerror(errno));
                return 1;
            }
        }
    }
    return 0;
}

static void print_counters(const struct direction *d)
{
    printf("delayline %s->%s forwarded=%llu lost=%llu dropped=%llu write_errors=%llu max_queued=%zu\n",
           d->from, d->to, d->forwarded, d->lost, d->dropped, d->write_errors, d->max_queued);
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    int fd[2] = { tun_open(o.dev[0]), -1 };
    if (fd[0] >= 0)
        fd[1] = tun_open(o.dev[1]);
    struct direction dirs[2] = {
        { .from = o.dev[0], .to = o.dev[1], .in_fd = fd[0], .out_fd = fd[1], .rng = o.seed },
        { .from = o.dev[1], .to = o.dev[0], .in_fd = fd[1], .out_fd = fd[0], .rng = ~o.seed },
    };
    int status = 1;
    dirs[0].q = (struct queue){ .slots = calloc(o.cap, sizeof(struct packet)), .cap = o.cap };
    dirs[1].q = (struct queue){ .slots = calloc(o.cap, sizeof(struct packet)), .cap = o.cap };
    if (fd[1] >= 0 && !(dirs[0].q.slots && dirs[1].q.slots))
        fprintf(stderr, "delayline: no memory for %zu packets per direction\n", o.cap);
    else if (fd[1] >= 0) {
        /* The delay is the point: ask for timer wake-ups without the default
         * 50 µs of slack the kernel may add to batch them. */
        prctl(PR_SET_TIMERSLACK, 1UL);
        printf("ready\n");
        fflush(stdout);
        status = forward(dirs, &o);
        print_counters(&dirs[0]);
        print_counters(&dirs[1]);
    }
    free(dirs[0].q.slots);
    free(dirs[1].q.slots);
    for (int i = 0; i < 2; i++)
        if (fd[i] >= 0)
            close(fd[i]);
    return status;
}
