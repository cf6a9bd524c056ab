/* benchjson_summary.c: "benchjson summary RUN_DIR": summary.md, the tables people read, from runs.json (+ env.json, micro.json).
 * The run is read by resultset.c, as plotdata and compare-results read it: the same cases, the same medians. */
#include "benchjson_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The string at path, or "?". */
static const char *str(const cJSON *doc, const char *path)
{
    const cJSON *v = json_at(doc, path);
    return cJSON_IsString(v) ? v->valuestring : "?";
}

int in_table(const struct rs_case *c, const struct rs_case *like)
{
    return rs_same_section(c, like) && rs_same_delay(c->delay_ms, like->delay_ms)
           && c->server_cpus == like->server_cpus;
}

const struct rs_case *loopback_case(const struct summary *s, const char *workload, const char *mode,
                                    const char *variant, int clients)
{
    const cJSON *placement = json_at(s->run->env, "config.index_memory.0");
    const struct rs_case like = {.variant = variant, .workload = workload, .mode = mode, .clients = clients,
                                 .delay_ms = NAN,
                                 .index_memory = cJSON_IsString(placement) ? placement->valuestring : NULL};
    return rs_find(s->run, &like);
}

const char *case_marks(const struct rs_case *c, char *buf)
{
    snprintf(buf, 5, "%s%s", rs_has_issues(c) ? " !" : "", c->client_bound ? " ^" : "");
    return buf;
}

/* The rate's median [min-max] over the repetitions. */
static void rate_cell(FILE *f, const struct rs_case *c)
{
    const struct sample_stats *st = &c->stats[RS_RPS];
    char mid[32], lo[32], hi[32];
    format_count(mid, sizeof mid, st->p50);
    format_count(lo, sizeof lo, st->min);
    format_count(hi, sizeof hi, st->max);
    fprintf(f, c->measured > 1 ? " %s [%s-%s]" : " %s", mid, lo, hi);
}

static void latency_cell(FILE *f, const struct rs_case *c)
{
    char mid[32];
    fprintf(f, " %s", format_us(mid, sizeof mid, c->stats[RS_P99].p50));
}

/* The cell of row's variant at clients: figures, "failed" or "-", then the marks. */
static void print_cell(FILE *f, const struct summary *s, const struct rs_case *row, int clients,
                       void (*cell)(FILE *, const struct rs_case *))
{
    struct rs_case like = *row;
    char marks[8];
    like.clients = clients;
    const struct rs_case *c = rs_find(s->run, &like);
    if (c && c->measured > 0)
        cell(f, c);
    else
        fputs(c ? " failed" : " -", f);
    fprintf(f, "%s |", c ? case_marks(c, marks) : "");
}

/* One markdown table: a row a variant (in resultset.c's order), a column a client count. */
void print_table(FILE *f, const struct summary *s, const struct rs_case *like,
                        void (*cell)(FILE *, const struct rs_case *))
{
    const char *variant = NULL;
    fputs("| variant |", f);
    for (size_t j = 0; j < s->n_clients; j++)
        fprintf(f, " c=%d |", s->clients[j]);
    fputs("\n| --- |", f);
    for (size_t j = 0; j < s->n_clients; j++)
        fputs(" ---: |", f);
    for (size_t i = 0; i < s->run->n_cases; i++) {
        const struct rs_case *c = &s->run->cases[i];
        if (!in_table(c, like) || (variant && strcmp(variant, c->variant) == 0))
            continue;           /* a case of another table, or of the row just printed */
        variant = c->variant;
        fprintf(f, "\n| %s |", variant);
        for (size_t j = 0; j < s->n_clients; j++)
            print_cell(f, s, c, s->clients[j], cell);
    }
    fputs("\n\n", f);
}

/* Where and how the run was made, from env.json; open: an open-loop run (httperf, probed by wrk). */
static void print_setup(FILE *f, const cJSON *env, int open)
{
    const char *client = open ? "httperf and wrk" : "wrk";
    fprintf(f, "- machine: %s, %.0f cores, %s, %s\n", str(env, "machine.cpu_model"),
            json_number(env, "machine.cores_online", 0), str(env, "machine.kernel"), str(env, "machine.compiler"));
    if (cJSON_IsTrue(json_at(env, "pinning.enabled")))
        fprintf(f, "- pinning: server on CPUs %s, %s on CPUs %s\n", str(env, "pinning.server_cpus"), client,
                str(env, "pinning.client_cpus"));
    else
        fprintf(f, "- pinning: none (server and %s share the CPUs)\n", client);
    if (open)
        fprintf(f, "- load: httperf %s (open loop), wrk %s (the probes); repetitions: %.0f, interleaved across "
                   "variants\n", str(env, "tools.httperf"), str(env, "tools.wrk"), json_number(env, "config.reps", NAN));
    else
        fprintf(f, "- load: wrk %s; a case: %.0f s warm-up, %.0f s measured; repetitions: %.0f,"
                   " interleaved across variants\n", str(env, "tools.wrk"), json_number(env, "config.warmup_s", NAN),
                json_number(env, "config.duration_s", NAN), json_number(env, "config.reps", NAN));
}

static void print_header(FILE *f, const struct summary *s)
{
    const struct rs_run *run = s->run;
    size_t flagged = 0, failed = 0, total = 0;
    for (size_t i = 0; i < run->n_cases + run->n_rungs; i++) {
        const struct rs_case *c = i < run->n_cases ? &run->cases[i] : &run->rungs[i - run->n_cases];
        flagged += c->flagged;
        failed += c->failed;
        total += c->reps;
    }
    fprintf(f, "# searchbench run %s\n\n", str(run->runs, "run_id"));
    if (run->env)
        print_setup(f, run->env, run->n_rungs > 0);
    else
        fputs("- env.json is missing: machine and settings unknown\n", f);
    fprintf(f, "- %s: %zu cases, %zu ok, %zu flagged, %zu failed\n\n",
            cJSON_IsTrue(json_at(run->env, "complete")) ? "complete" : "INCOMPLETE (interrupted)",
            total, total - flagged - failed, flagged, failed);
    if (run->n_cases > 0)
        fputs("A cell is the median over the repetitions, [min-max]. `!`: a repetition was flagged or failed "
              "(listed at the end). `^`: wrk kept its CPU busy (>= 90%), so the client set the pace and the "
              "server may be faster than shown.\n\n", f);
    if (run->n_rungs > 0)
        fputs("In the open-loop sections, `!`: a repetition was flagged or failed (listed at the end); `^`: "
              "the client could not offer all it was asked while the server had CPU to spare.\n\n", f);
}

/* Every repetition that was not clean, in the order they ran, with its reason. */
static void print_problems(FILE *f, const struct summary *s)
{
    const cJSON *c, *flag;
    char text[256];
    int n = 0;
    fputs("## Flagged and failed cases\n\n", f);
    cJSON_ArrayForEach(c, json_at(s->run->runs, "cases")) {
        if (rs_rep_status(c) == RS_OK)
            continue;
        fputs("- ", f);
        if (rs_is_open(c))
            open_case_name(f, c);
        else {
            fprintf(f, "%s %s %s c=%.0f", str(c, "variant"), str(c, "workload"), str(c, "mode"),
                    json_number(c, "clients", 0));
            if (cJSON_IsNumber(json_at(c, "corpus_docs")))  /* a fork size sweep's: which size and placement */
                fprintf(f, " %.0f docs %s", json_number(c, "corpus_docs", 0), str(c, "index_memory"));
            fprintf(f, " rep %.0f", json_number(c, "rep", 0));
        }
        fprintf(f, ": %s:", str(c, "status"));
        if (cJSON_IsString(json_at(c, "error")))
            fprintf(f, " %s;", str(c, "error"));
        cJSON_ArrayForEach(flag, json_at(c, "integrity.flags"))
            fprintf(f, " %s", json_text(flag, "", text, sizeof text));
        fputc('\n', f);
        n++;
    }
    fputs(n ? "\n" : "none\n\n", f);
}

static int write_summary(FILE *f, const void *ctx)
{
    const struct summary *s = ctx;
    print_header(f, s);
    if (s->run->forksize) {         /* a fork size sweep: its own tables */
        if (print_fork_sweep(f, s) != 0)
            return -1;
        print_problems(f, s);
        return ferror(f) ? -1 : 0;
    }
    for (size_t t = 0; t < s->n_tables; t++) {
        const struct rs_case *like = s->tables[t].like;
        int close = strcmp(like->mode, "close") == 0;
        fprintf(f, "## %s, %s", like->workload, close ? "Connection: close" : "keep-alive");
        if (!isnan(like->delay_ms))
            fprintf(f, ", round trip +%g ms", like->delay_ms);
        if (like->server_cpus > 0)
            fprintf(f, ", server on %d CPU%s%s", like->server_cpus, like->server_cpus > 1 ? "s" : "",
                    like->cpus_shared ? " (shared with wrk)" : "");
        fprintf(f, ": %s\n\n", close ? "connections/s" : "requests/s");
        print_table(f, s, like, rate_cell);
        fputs("p99 latency (median):\n\n", f);
        print_table(f, s, like, latency_cell);
        print_costs(f, s, like);
    }
    print_overload(f, s);
    if (s->run->n_cases > 0) {
        print_goals(f, s);
        print_loop_goals(f, s);
    }
    print_noise(f, s);
    print_problems(f, s);
    return ferror(f) ? -1 : 0;
}

static int by_first(const void *pa, const void *pb)
{
    const struct table *a = pa, *b = pb;
    return (a->first > b->first) - (a->first < b->first);
}

static int by_number(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return (a > b) - (a < b);
}

/* The tables, in the order of their first repetition, and the client counts; -1 when out of memory. */
static int index_run(struct summary *s)
{
    const struct rs_run *run = s->run;
    s->tables = malloc((run->n_cases + 1) * sizeof *s->tables);
    s->clients = malloc((run->n_cases + 1) * sizeof *s->clients);
    if (!s->tables || !s->clients)
        return -1;
    for (size_t i = 0; i < run->n_cases; i++) {
        const struct rs_case *c = &run->cases[i];
        size_t t = 0, k = 0;
        while (t < s->n_tables && !in_table(c, s->tables[t].like))
            t++;
        if (t == s->n_tables)
            s->tables[s->n_tables++] = (struct table){c, c->first};
        else if (c->first < s->tables[t].first)
            s->tables[t].first = c->first;
        while (k < s->n_clients && s->clients[k] != c->clients)
            k++;
        if (k == s->n_clients)
            s->clients[s->n_clients++] = c->clients;
    }
    qsort(s->tables, s->n_tables, sizeof *s->tables, by_first);
    qsort(s->clients, s->n_clients, sizeof *s->clients, by_number);
    return 0;
}

int cmd_summary(int argc, char **argv)
{
    (void)argc;
    struct rs_run run;
    struct summary s = {.run = &run};
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.md", argv[0]);
    int rc = rs_open(argv[0], RS_ENV | RS_RUNS | RS_MICRO | RS_FORKSIZE, RS_RUNS, &run) == 0 ? 0 : 1;
    if (rc == 0 && index_run(&s) != 0)
        rc = fail(1, "out of memory");
    if (rc == 0)
        rc = saved(atomic_write(path, write_summary, &s), path);
    free(s.tables);
    free(s.clients);
    rs_close(&run);
    return rc;
}
