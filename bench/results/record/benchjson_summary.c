/* benchjson_summary.c: "benchjson summary RUN_DIR": summary.md, the tables people read, from runs.json (+ env.json). */
#include "benchjson_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(obj, key);
    return cJSON_IsString(v) ? v->valuestring : "?";
}

static void key_add(struct keys *k, const char *name, double number)
{
    for (int i = 0; i < k->n; i++)
        if (name ? strcmp(k->name[i], name) == 0 : k->number[i] == number)
            return;
    if (k->n < MAX_KEYS) {
        k->name[k->n] = name;
        k->number[k->n++] = number;
    }
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double case_rate(const cJSON *c)
{
    return json_number(cJSON_GetObjectItem(c, "wrk"), "requests_per_sec", NAN);
}

static double p99(const cJSON *c)
{
    return json_number(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "wrk"), "latency_us"), "p99", NAN);
}

/* The table a case belongs in: "static close", or with NET=netns
 * "static close 0.5" (the added round trip in ms). */
static void table_name(char *out, size_t len, const cJSON *c)
{
    const cJSON *delay = cJSON_GetObjectItem(c, "delay_ms");
    int n = snprintf(out, len, "%s %s", str(c, "workload"), str(c, "mode"));
    if (cJSON_IsNumber(delay) && n > 0 && (size_t)n < len)
        snprintf(out + n, len - (size_t)n, " %g", delay->valuedouble);
}

void collect(const struct summary *s, const char *table, const char *variant, double clients,
             double (*metric)(const cJSON *), struct cell *cell)
{
    const cJSON *c;
    char name[128];
    memset(cell, 0, sizeof *cell);
    cJSON_ArrayForEach(c, s->cases) {
        table_name(name, sizeof name, c);
        if (strcmp(name, table) != 0 || strcmp(str(c, "variant"), variant) != 0
            || json_number(c, "clients", -1) != clients)
            continue;
        cell->marked |= strcmp(str(c, "status"), "ok") != 0;
        cell->client_bound |= cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "cpu"), "client_bound"));
        double v = metric(c);
        if (!isnan(v) && cell->n < MAX_REPS)
            cell->v[cell->n++] = v;
    }
    qsort(cell->v, (size_t)cell->n, sizeof cell->v[0], by_value);
}

double median(const struct cell *cell)
{
    int m = cell->n / 2;
    return cell->n % 2 ? cell->v[m] : (cell->v[m - 1] + cell->v[m]) / 2;
}

static void print_marks(FILE *f, const struct cell *cell)
{
    fprintf(f, "%s%s |", cell->marked ? " !" : "", cell->client_bound ? " ^" : "");
}

static void rate_cell(FILE *f, const struct cell *cell)
{
    char mid[32], lo[32], hi[32];
    format_count(mid, sizeof mid, median(cell));
    format_count(lo, sizeof lo, cell->v[0]);
    format_count(hi, sizeof hi, cell->v[cell->n - 1]);
    fprintf(f, cell->n > 1 ? " %s [%s-%s]" : " %s", mid, lo, hi);
}

static void latency_cell(FILE *f, const struct cell *cell)
{
    char mid[32];
    format_us(mid, sizeof mid, median(cell));
    fprintf(f, " %s", mid);
}

static bool in_table(const struct summary *s, const char *table, const char *variant)
{
    const cJSON *c;
    char name[128];
    cJSON_ArrayForEach(c, s->cases) {
        table_name(name, sizeof name, c);
        if (strcmp(name, table) == 0 && strcmp(str(c, "variant"), variant) == 0)
            return true;
    }
    return false;
}

/* One markdown table: a row a variant, a column a client count. */
static void print_table(FILE *f, const struct summary *s, const char *table,
                        double (*metric)(const cJSON *), void (*print_cell)(FILE *, const struct cell *))
{
    struct cell cell;
    fputs("| variant |", f);
    for (int j = 0; j < s->clients.n; j++)
        fprintf(f, " c=%.0f |", s->clients.number[j]);
    fputs("\n| --- |", f);
    for (int j = 0; j < s->clients.n; j++)
        fputs(" ---: |", f);
    for (int i = 0; i < s->variants.n; i++) {
        if (!in_table(s, table, s->variants.name[i]))
            continue;           /* nginx has no query row */
        fprintf(f, "\n| %s |", s->variants.name[i]);
        for (int j = 0; j < s->clients.n; j++) {
            collect(s, table, s->variants.name[i], s->clients.number[j], metric, &cell);
            if (cell.n > 0)
                print_cell(f, &cell);
            else
                fputs(cell.marked ? " failed" : " -", f);
            print_marks(f, &cell);
        }
    }
    fputs("\n\n", f);
}

/* Where and how the run was made, from env.json. */
static void print_setup(FILE *f, const cJSON *env)
{
    const cJSON *m = cJSON_GetObjectItem(env, "machine"), *cfg = cJSON_GetObjectItem(env, "config");
    const cJSON *pin = cJSON_GetObjectItem(env, "pinning");
    fprintf(f, "- machine: %s, %.0f cores, %s, %s\n", str(m, "cpu_model"),
            json_number(m, "cores_online", 0), str(m, "kernel"), str(m, "compiler"));
    if (cJSON_IsTrue(cJSON_GetObjectItem(pin, "enabled")))
        fprintf(f, "- pinning: server on CPUs %s, wrk on CPUs %s\n", str(pin, "server_cpus"),
                str(pin, "client_cpus"));
    else
        fputs("- pinning: none (server and wrk share the CPUs)\n", f);
    fprintf(f, "- load: wrk %s; a case: %.0f s warm-up, %.0f s measured; repetitions: %.0f,"
               " interleaved across variants\n", str(cJSON_GetObjectItem(env, "tools"), "wrk"),
            json_number(cfg, "warmup_s", NAN), json_number(cfg, "duration_s", NAN),
            json_number(cfg, "reps", NAN));
}

static void print_header(FILE *f, const struct summary *s)
{
    int counts[3] = { 0 }, total = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, s->cases) {
        const char *status = str(c, "status");
        counts[strcmp(status, "ok") == 0 ? 0 : strcmp(status, "flagged") == 0 ? 1 : 2]++;
        total++;
    }
    fprintf(f, "# searchbench run %s\n\n", s->run_id);
    if (s->env)
        print_setup(f, s->env);
    else
        fputs("- env.json is missing: machine and settings unknown\n", f);
    fprintf(f, "- %s: %d cases, %d ok, %d flagged, %d failed\n\n",
            cJSON_IsTrue(cJSON_GetObjectItem(s->env, "complete")) ? "complete" : "INCOMPLETE (interrupted)",
            total, counts[0], counts[1], counts[2]);
    fputs("A cell is the median over the repetitions, [min-max]. `!`: a repetition was flagged or failed "
          "(listed at the end). `^`: wrk kept its CPU busy (>= 90%), so the client set the pace and the "
          "server may be faster than shown.\n\n", f);
}

/* Every case that was not clean, with its reason. */
static void print_problems(FILE *f, const struct summary *s)
{
    const cJSON *c, *flag;
    fputs("## Flagged and failed cases\n\n", f);
    int n = 0;
    cJSON_ArrayForEach(c, s->cases) {
        if (strcmp(str(c, "status"), "ok") == 0)
            continue;
        fprintf(f, "- %s %s %s c=%.0f rep %.0f: %s:", str(c, "variant"), str(c, "workload"),
                str(c, "mode"), json_number(c, "clients", 0), json_number(c, "rep", 0), str(c, "status"));
        if (cJSON_IsString(cJSON_GetObjectItem(c, "error")))
            fprintf(f, " %s;", str(c, "error"));
        cJSON_ArrayForEach(flag, cJSON_GetObjectItem(cJSON_GetObjectItem(c, "integrity"), "flags"))
            fprintf(f, " %s", flag->valuestring);
        fputc('\n', f);
        n++;
    }
    fputs(n ? "\n" : "none\n\n", f);
}

static int write_summary(FILE *f, const void *ctx)
{
    const struct summary *s = ctx;
    print_header(f, s);
    for (int t = 0; t < s->tables.n; t++) {
        /* A workload name too long for table_name's buffer was cut before the space. */
        const char *table = s->tables.name[t], *space = strchr(table, ' '), *mode = space ? space + 1 : "";
        const char *delay = strchr(mode, ' ');
        bool close = strncmp(mode, "close", 5) == 0;
        fprintf(f, "## %.*s, %s", (int)strcspn(table, " "), table, close ? "Connection: close" : "keep-alive");
        if (delay)
            fprintf(f, ", round trip +%s ms", delay + 1);
        fprintf(f, ": %s\n\n", close ? "connections/s" : "requests/s");
        print_table(f, s, table, case_rate, rate_cell);
        fputs("p99 latency (median):\n\n", f);
        print_table(f, s, table, p99, latency_cell);
    }
    print_goals(f, s);
    print_problems(f, s);
    return ferror(f) ? -1 : 0;
}

/* Table names live in a buffer of their own: the keys point into it. */
static void index_cases(struct summary *s, char names[][128])
{
    const cJSON *c;
    cJSON_ArrayForEach(c, s->cases) {
        table_name(names[s->tables.n], 128, c);
        key_add(&s->tables, names[s->tables.n], 0);
        key_add(&s->variants, str(c, "variant"), 0);
        key_add(&s->clients, NULL, json_number(c, "clients", 0));
    }
    qsort(s->clients.number, (size_t)s->clients.n, sizeof s->clients.number[0], by_value);
}

int cmd_summary(int argc, char **argv)
{
    (void)argc;
    char path[4096];
    static char names[MAX_KEYS + 1][128];
    struct summary s = { 0 };
    snprintf(path, sizeof path, "%s/runs.json", argv[0]);
    cJSON *runs = json_load(path, NULL);
    if (!runs)
        return 1;
    s.cases = cJSON_GetObjectItem(runs, "cases");
    s.run_id = str(runs, "run_id");
    if (json_number(runs, "version", 0) != RESULTS_VERSION || !cJSON_IsArray(s.cases)) {
        cJSON_Delete(runs);
        return complain(1, "%s: not a runs.json of version %d", path, RESULTS_VERSION);
    }
    snprintf(path, sizeof path, "%s/env.json", argv[0]);
    cJSON *env = json_load(path, &(bool){ 0 });
    s.env = env;
    snprintf(path, sizeof path, "%s/micro.json", argv[0]);
    cJSON *micro = json_load(path, &(bool){ 0 });
    s.micro = micro;
    index_cases(&s, names);
    snprintf(path, sizeof path, "%s/summary.md", argv[0]);
    int rc = write_atomically(path, write_summary, &s);
    cJSON_Delete(micro);
    cJSON_Delete(env);
    cJSON_Delete(runs);
    return rc;
}
