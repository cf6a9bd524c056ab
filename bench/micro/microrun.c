/* microrun.c: options, measuring loop and report shared by fork_latency and thread_latency. */
#include "microrun.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "atomicfile.h"
#include "fail.h"
#include "format.h"
#include "machine.h"
#include "placement.h"
#include "samples.h"
#include "schema.h"

#define MAX_COUNT       10000000L     /* --iterations and --warmup */
#define MAX_TOUCH_MB    (1L << 20)    /* 1 TiB: mmap decides the real limit */
#define DEFAULT_WARMUP  20
#define PROBE_NS        100000000.0   /* calibration probe: 100 ms */
#define TARGET_NS       1000000000.0  /* auto --iterations: about 1 s of work */
#define MIN_AUTO_ITER   20
#define MAX_AUTO_ITER   100000

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER "address"
#elif defined(__SANITIZE_THREAD__)
#define SANITIZER "thread"
#else
#define SANITIZER "none"
#endif

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- options ---- */

struct micro_config {
    const struct micro_op *op;
    long iterations;
    bool iterations_auto;     /* no --iterations: about one second's worth */
    long warmup;
    long touch_mb;
    enum placement memory;    /* where the touch_mb MiB are */
    long heap_mb;             /* more, in ordinary pages: the rest of a server whose index is placed */
    long anon_huge_kib;       /* AnonHugePages once touched: what the kernel really gave */
    double cpu_us_per_op;     /* CPU time of the measured ops, this process's and its children's */
    const char *json_path;
};

static void usage(FILE *f, const struct micro_program *prog)
{
    fprintf(f, "usage: %s [--op ", prog->name);
    for (size_t i = 0; i < prog->n_ops; i++)
        fprintf(f, "%s%s", i ? "|" : "", prog->ops[i].name);
    fprintf(f, "] [--iterations N] [--warmup N] [--touch-mb M] [--memory " PLACEMENT_NAMES "] [--heap-mb M]"
               " [--json FILE] | --list-ops\n");
}

/* The ops, one name a line, in the table's order: micro.sh runs them in it. */
static int list_ops(const struct micro_program *prog)
{
    for (size_t i = 0; i < prog->n_ops; i++)
        puts(prog->ops[i].name);
    return 0;
}

/* Bad usage: one line naming the problem, then the usage line; exit status 2. */
static int bad_usage(const struct micro_program *prog, const char *problem, const char *arg)
{
    fail(2, "%s '%s'", problem, arg);
    usage(stderr, prog);
    return 2;
}

static int parse_count(const struct micro_program *prog, const char *opt, const char *s,
                       long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        char problem[96];
        snprintf(problem, sizeof problem, "%s wants an integer from %ld to %ld, not", opt, lo, hi);
        return bad_usage(prog, problem, s);
    }
    *out = v;
    return 0;
}

static const struct micro_op *find_op(const struct micro_program *prog, const char *name)
{
    for (size_t i = 0; i < prog->n_ops; i++)
        if (strcmp(prog->ops[i].name, name) == 0)
            return &prog->ops[i];
    return NULL;
}

/* Returns -1 to go on measuring, else the exit status (0 after --help). */
static int parse_args(int argc, char **argv, const struct micro_program *prog,
                      struct micro_config *cfg)
{
    static const struct option longopts[] = {
        {"op", required_argument, NULL, 'o'},
        {"iterations", required_argument, NULL, 'n'},
        {"warmup", required_argument, NULL, 'w'},
        {"touch-mb", required_argument, NULL, 't'},
        {"memory", required_argument, NULL, 'm'},
        {"heap-mb", required_argument, NULL, 'e'},
        {"json", required_argument, NULL, 'j'},
        {"list-ops", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *cfg = (struct micro_config){.op = &prog->ops[0], .warmup = DEFAULT_WARMUP};
    opterr = 0;     /* our own one-line messages instead of getopt's */
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            cfg->op = find_op(prog, optarg);
            if (!cfg->op)
                return bad_usage(prog, "unknown op", optarg);
            break;
        case 'n': rc = parse_count(prog, "--iterations", optarg, 1, MAX_COUNT, &cfg->iterations); break;
        case 'w': rc = parse_count(prog, "--warmup", optarg, 0, MAX_COUNT, &cfg->warmup); break;
        case 't': rc = parse_count(prog, "--touch-mb", optarg, 0, MAX_TOUCH_MB, &cfg->touch_mb); break;
        case 'e': rc = parse_count(prog, "--heap-mb", optarg, 0, MAX_TOUCH_MB, &cfg->heap_mb); break;
        case 'm':
            if (placement_parse(optarg, &cfg->memory) != 0)
                return bad_usage(prog, "--memory wants one of " PLACEMENT_NAMES ", not", optarg);
            break;
        case 'j': cfg->json_path = optarg; break;
        case 'l': return list_ops(prog);
        case 'h': usage(stdout, prog); return 0;
        case ':': return bad_usage(prog, "missing value for", argv[optind - 1]);
        default:  return bad_usage(prog, "unknown option", argv[optind - 1]);
        }
    }
    if (rc == 0 && optind < argc)
        return bad_usage(prog, "unexpected argument", argv[optind]);
    cfg->iterations_auto = cfg->iterations == 0;
    return rc ? rc : -1;
}

/* ---- measuring ---- */

static void report_op_error(const struct micro_op *op, int err)
{
    fail(1, "%s: %s", op->name, err == MICRO_CHILD_FAILED ? "child did not exit with status 0" : strerror(err));
}

/* Runs op n times; when samples is not NULL, stores each duration in µs
 * (after reading the clock, so a page fault on the store is never timed). */
static int time_ops(const struct micro_op *op, long n, double *samples)
{
    for (long i = 0; i < n; i++) {
        uint64_t t0 = now_ns();
        int err = op->run();
        uint64_t t1 = now_ns();
        if (err)
            return err;
        if (samples)
            samples[i] = (double)(t1 - t0) / 1e3;
    }
    return 0;
}

/* Sizes the run to about one second from a ~100 ms probe (which doubles as
 * extra warm-up): fork with a large parent is 100x slower than vfork. */
static int calibrate(const struct micro_op *op, long *iterations)
{
    uint64_t start = now_ns(), elapsed;
    long done = 0;
    do {
        int err = op->run();
        if (err)
            return err;
        done++;
        elapsed = now_ns() - start;
    } while (elapsed < PROBE_NS || done < 3);
    double n = TARGET_NS / ((double)elapsed / (double)done);
    *iterations = n < MIN_AUTO_ITER ? MIN_AUTO_ITER : n > MAX_AUTO_ITER ? MAX_AUTO_ITER : (long)n;
    return 0;
}

/* Maps mb MiB where p says and writes every byte, so the parent really owns
 * that much resident memory (and the page-table entries fork must copy);
 * placement_map faults the pages in with one system call: one fault at a
 * time is several times slower on a VM, and hyperfine re-runs this for
 * every process. */
static int touch_memory(enum placement p, long mb, struct placed *m)
{
    size_t size = (size_t)mb << 20;
    if (size == 0)
        return 0;
    if (placement_map(p, size, m) != 0)
        return -1;
    memset(m->addr, 0x5a, m->len);
    return 0;
}

static double tv_us(struct timeval tv)
{
    return (double)tv.tv_sec * 1e6 + (double)tv.tv_usec;
}

/* CPU time used so far by this process (every thread) and the children it
 * has waited for, in us: unlike the clock, it does not count the time the
 * ops spent waiting for a CPU that other work held. */
static double cpu_used_us(void)
{
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    return tv_us(self.ru_utime) + tv_us(self.ru_stime) + tv_us(children.ru_utime) + tv_us(children.ru_stime);
}

static int measure(struct micro_config *cfg, struct sample_stats *st)
{
    const struct micro_op *op = cfg->op;
    struct placed ballast = {NULL, 0}, rest = {NULL, 0};
    if (touch_memory(cfg->memory, cfg->touch_mb, &ballast) != 0
        || touch_memory(PLACEMENT_HEAP, cfg->heap_mb, &rest) != 0) {
        fail(-1, "--touch-mb %ld, --heap-mb %ld: %s", cfg->touch_mb, cfg->heap_mb, strerror(errno));
        placement_unmap(&ballast);
        return -1;
    }
    cfg->anon_huge_kib = proc_kib("/proc/self/smaps_rollup", "AnonHugePages");
    double *samples = NULL;
    int err = time_ops(op, cfg->warmup, NULL);
    if (!err && cfg->iterations_auto)
        err = calibrate(op, &cfg->iterations);
    if (!err) {
        samples = malloc((size_t)cfg->iterations * sizeof *samples);
        double cpu_before = cpu_used_us();
        err = samples ? time_ops(op, cfg->iterations, samples) : ENOMEM;
        cfg->cpu_us_per_op = (cpu_used_us() - cpu_before) / (double)cfg->iterations;
    }
    if (!err)
        sample_summarize(samples, (size_t)cfg->iterations, st);
    else
        report_op_error(op, err);
    free(samples);
    placement_unmap(&ballast);
    placement_unmap(&rest);
    return err ? -1 : 0;
}

/* ---- output ---- */

/* "64 MiB", "64 MiB hugepage + 1 MiB heap", "18 MiB hugepage (no huge pages granted)". */
static void format_parent(char *buf, size_t len, const struct micro_config *cfg)
{
    int n = snprintf(buf, len, "%ld MiB", cfg->touch_mb);
    if (cfg->memory != PLACEMENT_HEAP)
        n += snprintf(buf + n, len - (size_t)n, " %s", placement_name(cfg->memory));
    if (cfg->memory == PLACEMENT_HUGEPAGE && cfg->touch_mb > 0 && cfg->anon_huge_kib <= 0)
        n += snprintf(buf + n, len - (size_t)n, " (no huge pages granted)");
    if (cfg->heap_mb > 0)
        snprintf(buf + n, len - (size_t)n, " + %ld MiB heap", cfg->heap_mb);
}

static void format_summary(char *buf, size_t len, const struct micro_config *cfg,
                           const struct sample_stats *st)
{
    char ceiling[32], parent[96];
    format_parent(parent, sizeof parent, cfg);
    snprintf(buf, len, "%s: %.3f ms per %s (p50), mean %.3f ms, max ~%s connections/sec/core"
             " [n=%zu, parent touched %s]", cfg->op->name, st->p50 / 1e3, cfg->op->noun,
             st->mean / 1e3, format_round2(ceiling, sizeof ceiling, 1e6 / st->mean), st->n, parent);
}

static cJSON *params_json(const struct micro_config *cfg)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "iterations", (double)cfg->iterations);
    cJSON_AddBoolToObject(p, "iterations_auto", cfg->iterations_auto);
    cJSON_AddNumberToObject(p, "warmup", (double)cfg->warmup);
    cJSON_AddNumberToObject(p, "touch_mb", (double)cfg->touch_mb);
    cJSON_AddStringToObject(p, "memory", placement_name(cfg->memory));
    cJSON_AddNumberToObject(p, "heap_mb", (double)cfg->heap_mb);
    cJSON_AddNumberToObject(p, "anon_huge_kib", (double)cfg->anon_huge_kib);
    cJSON_AddStringToObject(p, "clock", "CLOCK_MONOTONIC");
    cJSON_AddStringToObject(p, "percentiles", "linear interpolation between closest ranks");
    cJSON_AddStringToObject(p, "sanitizer", SANITIZER);
    return p;
}

static cJSON *stats_json(const struct sample_stats *st)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddNumberToObject(s, "n", (double)st->n);
    cJSON_AddNumberToObject(s, "min_us", st->min);
    cJSON_AddNumberToObject(s, "p50_us", st->p50);
    cJSON_AddNumberToObject(s, "mean_us", st->mean);
    cJSON_AddNumberToObject(s, "p90_us", st->p90);
    cJSON_AddNumberToObject(s, "p99_us", st->p99);
    cJSON_AddNumberToObject(s, "max_us", st->max);
    cJSON_AddNumberToObject(s, "stddev_us", st->stddev);
    return s;
}

static int write_document(const struct micro_program *prog, const struct micro_config *cfg,
                          const struct sample_stats *st, const char *summary)
{
    char stamp[32];
    struct tm tm;
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", SCHEMA_MICRO_LATENCY);
    cJSON_AddNumberToObject(doc, "version", RESULTS_VERSION);
    cJSON_AddStringToObject(doc, "program", prog->name);
    cJSON_AddStringToObject(doc, "op", cfg->op->name);
    cJSON_AddStringToObject(doc, "label", cfg->op->label);
    cJSON_AddStringToObject(doc, "description", cfg->op->what);
    cJSON_AddStringToObject(doc, "timestamp_utc", stamp);
    cJSON_AddItemToObject(doc, "machine", machine_info_json());
    cJSON_AddItemToObject(doc, "params", params_json(cfg));
    cJSON_AddItemToObject(doc, "stats", stats_json(st));
    cJSON_AddNumberToObject(doc, "ceiling_ops_per_sec_per_core", 1e6 / st->mean);
    cJSON_AddNumberToObject(doc, "cpu_us_per_op", cfg->cpu_us_per_op);
    cJSON_AddStringToObject(doc, "summary", summary);
    int rc = atomic_write_json(cfg->json_path, doc);
    if (rc != 0)
        fail_errno(1, cfg->json_path);
    cJSON_Delete(doc);
    return rc;
}

int micro_main(int argc, char **argv, const struct micro_program *prog)
{
    struct micro_config cfg;
    struct sample_stats st;
    char summary[320];
    int rc = parse_args(argc, argv, prog, &cfg);
    if (rc >= 0)
        return rc;
    if ((cfg.op->setup && cfg.op->setup() != 0) || measure(&cfg, &st) != 0)
        return 1;
    format_summary(summary, sizeof summary, &cfg, &st);
    puts(summary);
    if (cfg.json_path && write_document(prog, &cfg, &st, summary) != 0)
        return 1;
    return 0;
}
