/* compare-results.c: compares two result directories the way benchstat compares two benchmark runs. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compare_plot.h"
#include "fail.h"
#include "report.h"

#define MAX_CLIENT_COUNTS 16

enum format { MARKDOWN, CSV, HTML };

struct options {
    enum format format;
    enum rs_metric metric;
    const char *plot_dir;
    int clients[MAX_CLIENT_COUNTS];
    size_t n_clients;
};

static void usage(FILE *f)
{
    fputs("usage: compare-results [--format markdown|csv|html] [--metric rps|p50|p99|cpu|cpu_user|cpu_sys] "
          "[--plot DIR [--clients N,N...]] A B\n", f);
}

/* One line saying what is wrong, then the usage line; exit status 2. */
__attribute__((format(printf, 1, 2))) static int bad_usage(const char *fmt, ...)
{
    char problem[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, sizeof problem, fmt, ap);
    va_end(ap);
    fail(2, "%s", problem);
    usage(stderr);
    return 2;
}

/* "16,64": positive client counts. */
static int parse_clients(char *list, struct options *o)
{
    for (char *save, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *end;
        long n = strtol(tok, &end, 10);
        if (*end || end == tok || n < 1 || n > 1000000 || o->n_clients == MAX_CLIENT_COUNTS)
            return -1;
        o->clients[o->n_clients++] = (int)n;
    }
    return o->n_clients ? 0 : -1;
}

/* 0 to go on, or the exit status (0 after --help, 2 on bad usage). */
static int parse_options(int argc, char **argv, struct options *o, int *done)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"metric", required_argument, NULL, 'm'},
        {"plot", required_argument, NULL, 'p'},   {"clients", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    int opt;
    *done = 1;
    opterr = 0;     /* getopt's own messages would make the error two lines */
    while ((opt = getopt_long(argc, argv, "f:m:p:c:h", longopts, NULL)) != -1) {
        if (opt == 'f' && (strcmp(optarg, "csv") == 0 || strcmp(optarg, "markdown") == 0
                           || strcmp(optarg, "html") == 0))
            o->format = optarg[0] == 'c' ? CSV : optarg[0] == 'h' ? HTML : MARKDOWN;
        else if (opt == 'f')
            return bad_usage("unknown format '%s'", optarg);
        else if (opt == 'm' && metric_parse(optarg, &o->metric) != 0)
            return bad_usage("unknown metric '%s'", optarg);
        else if (opt == 'p')
            o->plot_dir = optarg;
        else if (opt == 'c' && parse_clients(optarg, o) != 0)
            return bad_usage("bad client counts '%s'", optarg);
        else if (opt == 'h') {
            usage(stdout);
            return 0;
        } else if (opt == '?')
            return bad_usage("unknown option or missing value: %s", argv[optind - 1]);
    }
    if (argc - optind != 2)
        return bad_usage("expected two result directories, got %d", argc - optind);
    *done = 0;
    return 0;
}

/* The wrk cases by o->metric, the open-loop rungs by the rate served and by cost. */
static int report(const struct rs_run *a, const struct rs_run *b, const struct options *o)
{
    struct comparison c, open[OPEN_COMPARISONS];
    int rc = compare_runs(a, b, o->metric, &c);
    for (int k = 0; k < OPEN_COMPARISONS; k++)
        rc |= compare_rungs(a, b, open_metrics[k], &open[k]);
    if (rc != 0) {
        rc = fail(1, "out of memory");
    } else {
        if (o->format == HTML && report_html(stdout, &c, open) != 0)
            rc = fail(1, "out of memory");
        else if (o->format != HTML)
            (o->format == CSV ? report_csv : report_markdown)(stdout, &c, open);
        if (fflush(stdout) != 0)
            rc = fail_errno(1, "stdout");
        if (o->plot_dir && compare_plot(&c, o->plot_dir, o->clients, o->n_clients) != 0)
            rc = 1;
    }
    compare_free(&c);
    for (int k = 0; k < OPEN_COMPARISONS; k++)
        compare_free(&open[k]);
    return rc;
}

int main(int argc, char **argv)
{
    struct options o = {.metric = RS_RPS};
    struct rs_run a = {0}, b = {0};
    int done, rc = parse_options(argc, argv, &o, &done);
    if (done)
        return rc;
    const unsigned files = RS_ENV | RS_RUNS;
    rc = 1;
    if (rs_open(argv[optind], files, files, &a) == 0 && rs_open(argv[optind + 1], files, files, &b) == 0)
        rc = report(&a, &b, &o);
    rs_close(&a);
    rs_close(&b);
    return rc;
}
