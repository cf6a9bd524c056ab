/* benchjson_goals_loops.c: summary.md's goals of the two loops measured against epoll (issue 17):
 *  - searchserver-uring on the 1 KiB file at 64 clients: with keep-alive, at
 *    least 1.15x epoll's rate and at most 0.9x its server CPU per request; in
 *    close mode, no more CPU per request than epoll;
 *  - searchserver-reuseport: with one server CPU, within 5% of epoll's rate
 *    (it is the same loop); with two, at least its rate with one (SCALE runs).
 * A case "on 1 CPU" is one of a SCALE sweep's 1-CPU pass, or one of a run
 * whose server was pinned to a single CPU (the default on two cores). A run
 * without either variant has no such section (the runs before them). */
#include "benchjson_summary.h"

#include <math.h>
#include <string.h>

#define GOAL_CLIENTS 64

enum measure { RATE, COST };

static const struct goal {
    const char *variant, *base;     /* variant's case against base's */
    int cpus, base_cpus;            /* their server CPUs */
    const char *mode;
    enum measure measure;
    double goal;                    /* RATE: the ratio at least this; COST: at most */
} goals[] = {
    { "uring", "epoll", 1, 1, "keepalive", RATE, 1.15 },
    { "uring", "epoll", 1, 1, "keepalive", COST, 0.90 },
    { "uring", "epoll", 1, 1, "close", COST, 1.00 },
    { "reuseport", "epoll", 1, 1, "keepalive", RATE, 0.95 },
    { "reuseport", "reuseport", 2, 1, "keepalive", RATE, 1.00 },
};

/* Whether the run (without SCALE) pinned its server to one CPU: "0", "3". */
static int pinned_to_one(const struct summary *s)
{
    const cJSON *cpus = json_at(s->run->env, "pinning.server_cpus");
    return cJSON_IsTrue(json_at(s->run->env, "pinning.enabled")) && cJSON_IsString(cpus)
           && *cpus->valuestring && strspn(cpus->valuestring, "0123456789") == strlen(cpus->valuestring);
}

/* variant's case on static MODE at 64 clients with `cpus` server CPUs, measured; else NULL. */
static const struct rs_case *goal_case(const struct summary *s, const char *variant, const char *mode, int cpus)
{
    struct rs_case like = { .variant = variant, .workload = "static", .mode = mode, .clients = GOAL_CLIENTS,
                            .delay_ms = NAN, .server_cpus = cpus };
    const struct rs_case *c = rs_find(s->run, &like);
    if (!c && cpus == 1 && pinned_to_one(s))
        c = loopback_case(s, "static", mode, variant, GOAL_CLIENTS);
    return c && c->measured > 0 ? c : NULL;
}

/* "59,978 req/s ^" or "11.2 us/req". */
static void print_value(FILE *f, const struct rs_case *c, enum measure m, const char *unit)
{
    char text[32], marks[8];
    if (m == RATE)
        fprintf(f, "%s %s%s", format_count(text, sizeof text, c->stats[RS_RPS].p50), unit, case_marks(c, marks));
    else
        fprintf(f, "%.1f us/req%s", c->stats[RS_CPU].p50, case_marks(c, marks));
}

static double value(const struct rs_case *c, enum measure m)
{
    return m == RATE ? c->stats[RS_RPS].p50 : c->stats[RS_CPU].p50;
}

static void print_goal_row(FILE *f, const struct summary *s, const struct goal *g)
{
    const struct rs_case *ours = goal_case(s, g->variant, g->mode, g->cpus);
    const struct rs_case *base = goal_case(s, g->base, g->mode, g->base_cpus);
    const char *unit = strcmp(g->mode, "close") == 0 ? "conn/s" : "req/s";
    if (strcmp(g->variant, g->base) == 0)
        fprintf(f, "| %s, %d CPUs / 1 CPU", g->variant, g->cpus);
    else
        fprintf(f, "| %s / %s, 1 CPU", g->variant, g->base);
    fprintf(f, ", static %s, c=%d: %s | %s %.2f | ", g->mode, GOAL_CLIENTS,
            g->measure == RATE ? "rate" : "CPU per request", g->measure == RATE ? ">=" : "<=", g->goal);
    if (!ours || !base || (g->measure == COST && (ours->n[RS_CPU] == 0 || base->n[RS_CPU] == 0))) {
        fputs("not measured | |\n", f);
        return;
    }
    double ratio = value(ours, g->measure) / value(base, g->measure);
    print_value(f, ours, g->measure, unit);
    fputs(" / ", f);
    print_value(f, base, g->measure, unit);
    fprintf(f, " | **%.2f** %s |\n", ratio,
            (g->measure == RATE ? ratio >= g->goal : ratio <= g->goal) ? "met" : "not met");
}

/* Whether the run measured uring or reuseport: the section is left out of runs without them. */
static int has_loops(const struct summary *s)
{
    for (size_t i = 0; i < s->run->n_cases; i++)
        if (strcmp(s->run->cases[i].variant, "uring") == 0 || strcmp(s->run->cases[i].variant, "reuseport") == 0)
            return 1;
    return 0;
}

void print_loop_goals(FILE *f, const struct summary *s)
{
    if (!has_loops(s))
        return;
    fputs("io_uring and one loop per CPU against epoll (server CPU per request: the server's CPU time "
          "over the requests wrk counted; the reuseport rows at two CPUs need a SCALE run):\n\n"
          "| ratio | goal | measured | |\n| --- | ---: | --- | --- |\n", f);
    for (size_t i = 0; i < sizeof goals / sizeof *goals; i++)
        print_goal_row(f, s, &goals[i]);
    fputc('\n', f);
}
