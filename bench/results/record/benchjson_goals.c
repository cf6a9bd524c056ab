/* benchjson_goals.c: the "Goals" section of summary.md: the suite's performance goals as ratios measured in one run.
 *
 * Two kinds of goal (issue 7):
 *  - the event loops against nginx, the yardstick, on the 1 KiB file at 64
 *    clients: at least its rate with keep-alive, at least 90% of it in close mode;
 *  - the model check: fork's (and pthread's) connections/s at 16 clients over
 *    the ceiling its microbenchmark predicts, 1e6 / mean creation time in us.
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

/* The mean creation time of op with an untouched parent, from micro.json. */
static double creation_mean_us(const cJSON *micro, const char *op)
{
    const cJSON *run;
    cJSON_ArrayForEach(run, json_at(micro, "runs")) {
        const cJSON *op_name = json_at(run, "op");
        if (cJSON_IsString(op_name) && strcmp(op_name->valuestring, op) == 0
            && json_number(run, "params.touch_mb", -1) == 0)
            return json_number(run, "stats.mean_us", NAN);
    }
    return NAN;
}

static void print_model_row(FILE *f, const struct summary *s, const char *variant, const char *op,
                            const char *what)
{
    const struct rs_case *c = loopback_case(s, "static", "close", variant, MODEL_CLIENTS);
    double mean = creation_mean_us(s->run->micro, op);
    char ceiling[32];
    fprintf(f, "| %s, static close, c=%d | ", variant, MODEL_CLIENTS);
    if (!measured(c) || isnan(mean)) {
        fprintf(f, "not measured (needs this case and %s in micro.json) | | |\n", op);
        return;
    }
    format_count(ceiling, sizeof ceiling, 1e6 / mean);
    print_rate(f, c, "conn/s");
    fprintf(f, " | %s conn/s (%s: %.1f us mean) | **%.2f** |\n", ceiling, what, mean,
            c->stats[RS_RPS].p50 / (1e6 / mean));
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
          "cost alone allows (1e6 / mean us, micro.json, parent untouched):\n\n"
          "| variant | measured | ceiling | ratio |\n| --- | --- | --- | ---: |\n", f);
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
        print_model_row(f, s, models[i].variant, models[i].op, models[i].what);
    fputc('\n', f);
}
