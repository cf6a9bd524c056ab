/* benchjson_goals.c: the "Goals" section of summary.md: the suite's performance goals as ratios measured in one run.
 *
 * Two kinds of goal (issue 7):
 *  - the event loops against nginx, the yardstick, on the 1 KiB file at 64
 *    clients: at least its rate with keep-alive, at least 90% of it in close mode;
 *  - the model check: fork's (and pthread's) connections/s at 16 clients over
 *    the ceiling its microbenchmark predicts, 1e6 / mean creation time in us,
 *    with the parent at the server's own resident size (issue 16: fork copies
 *    the page tables of the process that forks, so a ceiling measured with an
 *    empty parent is five times too high), and at 0 MiB beside it.
 *    A ratio near 1 says creation is the whole cost; far below, the rest of
 *    the connection (accept, the request, close, the page faults of a copied
 *    server) is what the slides' arithmetic leaves out.
 * A goal whose cases are not in the run is listed as not measured. */
#include "benchjson_summary.h"

#include <math.h>
#include <string.h>

#define GOAL_CLIENTS 64
#define MODEL_CLIENTS 16

static const char *const event_loops[] = { "epoll", "select", NULL };

static const struct {
    const char *variant, *op, *what;
} models[] = {
    { "fork", "fork", "fork" },
    { "pthread", "pthread-detached", "pthread_create (detached)" },
};

static int measured(const struct rs_case *c)
{
    return c && c->measured > 0;
}

/* A case's median rate and its marks: "59,978 req/s ^". */
static void print_rate(FILE *f, const struct rs_case *c, const char *unit)
{
    char text[32], marks[8];
    fprintf(f, "%s %s%s", format_count(text, sizeof text, c->stats[RS_RPS].p50), unit, case_marks(c, marks));
}

static void print_yardstick_row(FILE *f, const struct summary *s, const char *variant, const char *mode,
                                double goal)
{
    const struct rs_case *ours = loopback_case(s, "static", mode, variant, GOAL_CLIENTS);
    const struct rs_case *ref = loopback_case(s, "static", mode, "nginx", GOAL_CLIENTS);
    const char *unit = strcmp(mode, "close") == 0 ? "conn/s" : "req/s";
    fprintf(f, "| %s / nginx, static %s, c=%d | >= %.2f | ", variant, mode, GOAL_CLIENTS, goal);
    if (!measured(ours) || !measured(ref)) {
        fputs("not measured | |\n", f);
        return;
    }
    double ratio = ours->stats[RS_RPS].p50 / ref->stats[RS_RPS].p50;
    print_rate(f, ours, unit);
    fputs(" / ", f);
    print_rate(f, ref, unit);
    fprintf(f, " | **%.2f** %s |\n", ratio, ratio >= goal ? "met" : "not met");
}

/* A ceiling cell: "1,030 conn/s (970.9 us)" and the ratio cell after it, or "-" twice. */
static void print_ceiling(FILE *f, const struct rs_case *c, const cJSON *run)
{
    double mean = json_number(run, "stats.mean_us", NAN);
    char ceiling[32];
    if (isnan(mean)) {
        fputs(" - | - |", f);
        return;
    }
    fprintf(f, " %s conn/s (%.1f us) | **%.2f** |", format_count(ceiling, sizeof ceiling, 1e6 / mean), mean,
            c->stats[RS_RPS].p50 / (1e6 / mean));
}

/* The model at the server's own size (micro.json's runs with "parent": "server"), and with an
 * untouched parent beside it: fork's ceiling depends on the size of the process that forks. */
static void print_model_row(FILE *f, const struct summary *s, const char *variant, const char *op,
                            const char *what)
{
    const struct rs_case *c = loopback_case(s, "static", "close", variant, MODEL_CLIENTS);
    const cJSON *runs = json_at(s->run->micro, "runs");
    const cJSON *at_size = rs_micro_server_run(runs, op), *at_zero = rs_micro_run(runs, op, "heap", 0);
    fprintf(f, "| %s, static close, c=%d | %s | ", variant, MODEL_CLIENTS, what);
    if (!measured(c) || (!at_size && !at_zero)) {
        fprintf(f, "not measured (needs this case and %s in micro.json) | | | | |\n", op);
        return;
    }
    print_rate(f, c, "conn/s");
    fputs(" |", f);
    print_ceiling(f, c, at_size);
    print_ceiling(f, c, at_zero);
    fputc('\n', f);
}

/* "the server's size (28.6 MiB resident, heap)", from micro.json's server block. */
static void print_server_size(FILE *f, const cJSON *micro)
{
    const cJSON *placement = json_at(micro, "server.index_memory");
    double rss = json_number(micro, "server.rss_kib", NAN);
    if (isnan(rss) || !cJSON_IsString(placement)) {
        fputs("the server's size (not measured in this run's micro.json)", f);
        return;
    }
    fprintf(f, "the server's size (%.1f MiB resident, index memory %s)", rss / 1024, placement->valuestring);
}

void print_goals(FILE *f, const struct summary *s)
{
    fputs("## Goals, measured in this run\n\n"
          "Our event loops against nginx (one worker, pinned like our servers; `^`: wrk was "
          "client-bound, and the ratio then measures the client as much as the servers; `!`: a "
          "repetition was flagged):\n\n"
          "| ratio | goal | measured | |\n| --- | ---: | --- | --- |\n", f);
    for (const char *const *v = event_loops; *v; v++) {
        print_yardstick_row(f, s, *v, "keepalive", 1.0);
        print_yardstick_row(f, s, *v, "close", 0.9);
    }
    fputs("\nThe model check: the rate a per-connection server reaches, over the ceiling its creation "
          "cost alone allows (1e6 / mean us, micro.json), with the parent at ", f);
    print_server_size(f, s->run->micro);
    fputs(" and, beside it, untouched (0 MiB): fork copies the page tables of the process that forks, "
          "so only the first is the server's ceiling.\n\n"
          "| variant | creation | measured | ceiling at the server's size | ratio | ceiling at 0 MiB | ratio |\n"
          "| --- | --- | --- | --- | ---: | --- | ---: |\n", f);
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
        print_model_row(f, s, models[i].variant, models[i].op, models[i].what);
    fputc('\n', f);
}
