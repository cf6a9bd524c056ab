/* benchjson_overload.c: summary.md's sections of an open-loop run (httperf, "load": "open"): per workload,
 * the ladder (the rate served at each fraction of a variant's capacity, and its knee), the costs at the
 * rates offered to every variant alike, and the runs the client could not offer in full. */
#include "benchjson_summary.h"

#include <math.h>
#include <string.h>

#define MAX_COLUMNS 32
#define SERVED_FULLY 0.99   /* of the connections offered, served with a 2xx */

/* The distinct fractions (or absolute rates) of a workload's rungs, ascending. */
static size_t columns_of(const struct rs_run *run, const char *workload, int fractions, double *col)
{
    size_t n = 0;
    for (size_t i = 0; i < run->n_rungs; i++) {
        const struct rs_case *c = &run->rungs[i];
        double x = fractions ? c->fraction : c->rate;
        size_t k = 0;
        if (strcmp(c->workload, workload) != 0 || isnan(x))
            continue;
        while (k < n && col[k] < x)
            k++;
        if ((k < n && col[k] == x) || n == MAX_COLUMNS)
            continue;
        memmove(col + k + 1, col + k, (n - k) * sizeof *col);
        col[k] = x;
        n++;
    }
    return n;
}

static const struct rs_case *rung_at(const struct rs_run *run, const struct rs_case *row, int fractions, double x)
{
    struct rs_case like = *row;
    like.rung = fractions ? "fraction" : "absolute";
    like.fraction = fractions ? x : NAN;
    like.rate = fractions ? NAN : x;
    return rs_find_rung(run, &like);
}

static int served_fully(const struct rs_case *c)
{
    return c->n[RS_SHARE] > 0 && c->stats[RS_SHARE].p50 >= SERVED_FULLY;
}

/* " (88%)" when a rung served under SERVED_FULLY of what it was offered. */
static void share(FILE *f, const struct rs_case *c)
{
    if (!served_fully(c) && c->n[RS_SHARE] > 0)
        fprintf(f, " (%.0f%%)", 100 * c->stats[RS_SHARE].p50);
}

/* The capacity probed and the knee: the highest rate of the ladder served fully. */
static void capacity_and_knee(FILE *f, const struct rs_run *run, const struct rs_case *row)
{
    char text[32], label[32];
    const struct rs_case *knee = NULL, *probed = NULL;
    for (size_t i = 0; i < run->n_rungs; i++) {
        const struct rs_case *c = &run->rungs[i];
        if (strcmp(c->variant, row->variant) != 0 || strcmp(c->workload, row->workload) != 0
            || strcmp(c->rung, "fraction") != 0)
            continue;
        probed = c->n[RS_CAPACITY] > 0 ? c : probed;
        if (served_fully(c) && (!knee || c->stats[RS_OFFERED].p50 > knee->stats[RS_OFFERED].p50))
            knee = c;
    }
    fprintf(f, " %s |", probed ? format_count(text, sizeof text, probed->stats[RS_CAPACITY].p50) : "-");
    if (knee)
        fprintf(f, " %s (%s) |", format_count(text, sizeof text, knee->stats[RS_OFFERED].p50),
                rs_rung_label(knee, label, sizeof label));
    else
        fputs(probed ? " none |" : " - |", f);
}

/* A ladder cell: the rate served, its share when not all, the marks. */
static void ladder_cell(FILE *f, const struct rs_case *c)
{
    char text[32];
    fprintf(f, " %s", format_count(text, sizeof text, c->stats[RS_SERVED].p50));
    share(f, c);
}

/* A cell at an absolute rate: the server's CPU per connection (in all: its user and system parts are not
 * to be trusted here, results/SCHEMA.md says why), the median connection time. */
static void cost_cell(FILE *f, const struct rs_case *c)
{
    char cost[32], p50[32];
    fprintf(f, " %s us", c->n[RS_COST] ? format_cost(cost, sizeof cost, c->stats[RS_COST].p50) : "-");
    fprintf(f, ", %s", c->n[RS_CONN_P50] ? format_us(p50, sizeof p50, c->stats[RS_CONN_P50].p50) : "-");
    share(f, c);
}

/* One table: a row per variant, a column per fraction (or rate). */
static void print_rungs(FILE *f, const struct rs_run *run, const char *workload, int fractions,
                        void (*cell)(FILE *, const struct rs_case *))
{
    double col[MAX_COLUMNS];
    char marks[8], text[32];
    const char *variant = NULL;
    size_t n = columns_of(run, workload, fractions, col);
    fputs(fractions ? "| variant | capacity | knee |" : "| variant |", f);
    for (size_t j = 0; j < n; j++)
        if (fractions)
            fprintf(f, " %gx |", col[j]);
        else
            fprintf(f, " %s/s |", format_count(text, sizeof text, col[j]));
    fputs(fractions ? "\n| --- | ---: | ---: |" : "\n| --- |", f);
    for (size_t j = 0; j < n; j++)
        fputs(" ---: |", f);
    for (size_t i = 0; i < run->n_rungs; i++) {
        const struct rs_case *row = &run->rungs[i];
        if (strcmp(row->workload, workload) != 0 || (variant && strcmp(variant, row->variant) == 0))
            continue;
        variant = row->variant;
        fprintf(f, "\n| %s |", variant);
        if (fractions)
            capacity_and_knee(f, run, row);
        for (size_t j = 0; j < n; j++) {
            const struct rs_case *c = rung_at(run, row, fractions, col[j]);
            if (c && c->measured > 0)
                cell(f, c);
            else
                fputs(c ? " failed" : " -", f);
            fprintf(f, "%s |", c ? case_marks(c, marks) : "");
        }
    }
    fputs("\n\n", f);
}

/* Every run httperf could not offer in full while the server had CPU to spare, and why. */
static void print_client_bound(FILE *f, const struct summary *s, const char *workload)
{
    const cJSON *c, *limit;
    int n = 0;
    cJSON_ArrayForEach(c, json_at(s->run->runs, "cases")) {
        const cJSON *w = json_at(c, "workload");
        if (!rs_is_open(c) || !cJSON_IsTrue(json_at(c, "cpu.client_bound")) || !cJSON_IsString(w)
            || strcmp(w->valuestring, workload) != 0)
            continue;
        fputs(n++ ? "- " : "Client-bound (`^`): httperf could not offer all it was asked while the server had "
                           "CPU to spare (its processes, and its CPUs busy with anything), so the shortfall is "
                           "the client's:\n\n- ", f);
        open_case_name(f, c);
        fputs(":", f);
        cJSON_ArrayForEach(limit, json_at(c, "client_limits"))
            fprintf(f, " %s", limit->valuestring);
        fprintf(f, "; server busy %.0f%% of its CPUs",
                100 * json_number(c, "cpu.server_util", NAN) / json_number(c, "cpu.server_cpus", NAN));
        if (cJSON_IsNumber(json_at(c, "cpu.server_cpus_busy")))
            fprintf(f, ", the CPUs %.0f%%", 100 * json_number(c, "cpu.server_cpus_busy", NAN));
        fputs("\n", f);
    }
    fputs(n ? "\n" : "", f);
}

void open_case_name(FILE *f, const cJSON *c)
{
    char rate[32], variant[72], workload[72];
    const cJSON *fraction = json_at(c, "fraction");
    fprintf(f, "%s %s ", json_text(c, "variant", variant, sizeof variant),
            json_text(c, "workload", workload, sizeof workload));
    if (cJSON_IsNumber(fraction))
        fprintf(f, "%gx (%s/s)", fraction->valuedouble, format_count(rate, sizeof rate, json_number(c, "offered_per_sec", 0)));
    else
        fprintf(f, "%s/s", format_count(rate, sizeof rate, json_number(c, "offered_per_sec", 0)));
    fprintf(f, " rep %.0f", json_number(c, "rep", 0));
}

static void print_section(FILE *f, const struct summary *s, const char *workload)
{
    const cJSON *env = s->run->env;
    double col[MAX_COLUMNS];
    char tool[64];
    fprintf(f, "## Past saturation, %s: the open loop (httperf, a new connection per request)\n\n", workload);
    fprintf(f, "httperf %s offered each rate for %.0f s (timeout %g s, %.0f process(es)); a variant's capacity is its "
            "closed-loop rate under wrk (%.0f connections, %.0f s). The knee is the highest rate of the ladder "
            "served fully (%.0f%% of the connections with a 2xx).\n\n",
            json_text(env, "tools.httperf", tool, sizeof tool), json_number(env, "config.duration_s", NAN),
            json_number(env, "config.httperf_timeout_s", NAN), json_number(env, "config.httperf_processes", NAN),
            json_number(env, "config.clients.0", NAN), json_number(env, "config.probe_s", NAN), 100 * SERVED_FULLY);
    fputs("Served, connections/s with a 2xx (median over the repetitions; in brackets the share of those offered, "
          "when under all), at each fraction of the variant's capacity:\n\n", f);
    print_rungs(f, s->run, workload, 1, ladder_cell);
    if (columns_of(s->run, workload, 0, col) > 0) {
        fputs("At the same rate for every variant (offered in turn while it kept up): the server's CPU per completed "
              "connection, and the median connection time:\n\n", f);
        print_rungs(f, s->run, workload, 0, cost_cell);
    }
    print_client_bound(f, s, workload);
}

void print_overload(FILE *f, const struct summary *s)
{
    const struct rs_run *run = s->run;
    for (size_t i = 0; i < run->n_rungs; i++)
        if (i == 0 || strcmp(run->rungs[i].workload, run->rungs[i - 1].workload) != 0)
            print_section(f, s, run->rungs[i].workload);
}
