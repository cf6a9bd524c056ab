/* gencorpus: writes a deterministic corpus (documents, fixed-size files, queries) for the benchmarks. */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gencorpus_write.h"

enum { MAX_DOCS = 1000000 };
#define MIB (1024.0 * 1024.0)

static const char USAGE[] = "usage: gencorpus --out DIR [--docs N] [--seed S]\n";

_Noreturn static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gencorpus: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%s", USAGE);
    exit(2);
}

struct options {
    uint32_t docs;
    uint64_t seed;
    const char *out;
};

/* The value of option `name`: a decimal number in min..max. Checks the first
 * character because strtoull alone would accept signs, spaces and "". */
static uint64_t parse_number(const char *name, const char *s, uint64_t min, uint64_t max)
{
    char *end;
    errno = 0;
    uint64_t n = strtoull(s, &end, 10);
    if (*s < '0' || *s > '9' || *end != '\0')
        usage_error("%s: '%s' is not a number", name, s);
    if (errno == ERANGE || n < min || n > max)
        usage_error("%s: %s is out of range (%" PRIu64 "..%" PRIu64 ")", name, s, min, max);
    return n;
}

static void parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        { "docs", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' },
        { "out", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    *o = (struct options){ .docs = 2000, .seed = 42 };
    opterr = 0;     /* the messages below name the option and keep one format */
    while ((c = getopt_long(argc, argv, ":n:s:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            o->docs = (uint32_t)parse_number("--docs", optarg, 1, MAX_DOCS);
            break;
        case 's':
            o->seed = parse_number("--seed", optarg, 0, UINT64_MAX);
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'h':
            fputs(USAGE, stdout);
            exit(0);
        case ':':
            usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            usage_error("unrecognized option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
    if (o->out == NULL)
        usage_error("missing --out DIR");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct options o;
    parse_options(argc, argv, &o);
    double start = now_s();
    struct corpus_stats st = write_corpus(o.out, o.docs, o.seed);
    printf("wrote %u documents (%.1f MiB) + %zu fixed-size files + queries.txt to %s in %.1f s\n",
           o.docs, st.doc_bytes / MIB, st.fixed_files, o.out, now_s() - start);
    return 0;
}
