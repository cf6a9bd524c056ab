/* benchjson_micro.c: "benchjson micro MICRO_JSON WORK_DIR KEY=VALUE...": micro.json from what bench/micro/micro.sh ran.
 *
 *   ops="fork_latency:fork ..."  the ops as PROGRAM:OP, in order (micro.sh asks the programs: --list-ops)
 *   touch_mb="0 64 256"          the parent sizes of the in-process runs
 *   cross_touch_mb="0"           those of the hyperfine cross-checks
 *   server_memory="RSS HUGE SHMEM" index_memory=P   the searchserver whose size the parent also took
 *                                (KiB resident, in huge pages, shared; its --index-memory)
 *   placed_op=PROGRAM:OP placements="hugepage shared"   the op also timed with its memory so placed
 *   quick=0|1 started_utc=T loadavg_start=L loadavg_end=L hyperfine_version=V
 *
 * WORK_DIR holds run-PROGRAM-OP-MB.json (the programs' --json documents),
 * run-PROGRAM-OP-server.json (at the server's size: marked "parent": "server"
 * in micro.json), run-PROGRAM-OP-PLACEMENT-MB.json (placed_op, placed),
 * hf-PROGRAM-OP-MB.json (hyperfine's export of the program with 1 and 1+K
 * ops, its parameter n) and hf-exec.json (hyperfine on exec_target alone).
 * The cross-check figures are computed here: (median(1+K) - median(1)) / K
 * is the cost of one op seen from outside, in which process start-up and
 * memory touching cancel out. Prints a line per cross-check; writes
 * MICRO_JSON atomically (results/SCHEMA.md describes it). */
#include "benchjson.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "machine.h"
#include "resultset.h"

#define MAX_WORDS 64

static const char *const keys[] = {
    "ops", "touch_mb", "cross_touch_mb", "quick", "started_utc", "loadavg_start", "loadavg_end",
    "hyperfine_version", "server_memory", "index_memory", "placed_op", "placements", NULL,
};

struct op {
    char prog[64], name[64];
};

struct micro {
    const char *work;
    struct op ops[MAX_WORDS];
    size_t n_ops;
    int failed;
};

/* Splits text (in place) at spaces into at most MAX_WORDS words; returns how many. */
static size_t words(char *text, char *word[MAX_WORDS])
{
    size_t n = 0;
    for (char *save, *w = strtok_r(text, " ", &save); w && n < MAX_WORDS; w = strtok_r(NULL, " ", &save))
        word[n++] = w;
    return n;
}

/* WORK/NAME.json as a document (of schema, when not NULL); NULL after a message. */
static cJSON *load(struct micro *m, const char *name, const struct schema *schema)
{
    char path[4096];
    if (m->failed)
        return NULL;    /* one message is enough: micro.sh stops at the first failure too */
    snprintf(path, sizeof path, "%s/%s.json", m->work, name);
    cJSON *doc = schema ? json_load_schema(path, schema, NULL) : json_load(path, NULL);
    m->failed |= !doc;
    return doc;
}

/* A number, or null where there is none (hyperfine's stddev of one run). */
static cJSON *number_or_null(double v)
{
    return isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

static cJSON *pair(double a, double b)
{
    cJSON *p = cJSON_CreateArray();
    cJSON_AddItemToArray(p, number_or_null(a));
    cJSON_AddItemToArray(p, number_or_null(b));
    return p;
}

/* WORK/run-PROG-OP-SUFFIX.json into runs, if loaded; returns it. */
static cJSON *add_run(struct micro *m, cJSON *runs, const char *prog, const char *op, const char *suffix)
{
    static const struct schema latency = {SCHEMA_MICRO_LATENCY, RESULTS_VERSION, 0};
    char name[256];
    snprintf(name, sizeof name, "run-%s-%s-%s", prog, op, suffix);
    cJSON *run = load(m, name, &latency);
    if (run)
        cJSON_AddItemToArray(runs, run);
    return run;
}

/* The in-process runs: every op at every size in mb, then at the server's
 * size (when measured); then placed_op with its memory in each placement. */
static cJSON *runs_of(struct micro *m, char **mb, size_t n_mb, int at_server, const char *placed_op,
                      char **placement, size_t n_placements)
{
    cJSON *runs = cJSON_CreateArray(), *run;
    char prog[64] = "", op[64] = "", suffix[128];
    for (size_t i = 0; i < m->n_ops; i++) {
        for (size_t j = 0; j < n_mb; j++)
            add_run(m, runs, m->ops[i].prog, m->ops[i].name, mb[j]);
        if (at_server && (run = add_run(m, runs, m->ops[i].prog, m->ops[i].name, "server")))
            cJSON_AddStringToObject(run, "parent", "server");
    }
    if (n_placements && sscanf(placed_op, "%63[^:]:%63s", prog, op) != 2)
        m->failed |= fail(1, "micro: placed_op: '%s' is not PROGRAM:OP", placed_op);
    for (size_t k = 0; k < n_placements && !m->failed; k++)
        for (size_t j = 0; j < n_mb; j++) {
            snprintf(suffix, sizeof suffix, "%s-%s", placement[k], mb[j]);
            add_run(m, runs, prog, op, suffix);
        }
    return runs;
}

/* The run of op at mb MiB of ordinary pages among runs; NULL if there is none. */
static const cJSON *find_run(const cJSON *runs, const char *op, double mb)
{
    return rs_micro_run(runs, op, "heap", mb);
}

/* Parameter n of hyperfine's result i: how many ops the program ran. */
static double hf_ops(const cJSON *hf, int i)
{
    char path[64];
    snprintf(path, sizeof path, "results.%d.parameters.n", i);
    const cJSON *n = json_at(hf, path);
    return cJSON_IsString(n) ? atof(n->valuestring) : NAN;
}

/* hyperfine's runs of result 0 (as many as of result 1). */
static double hf_runs(const cJSON *hf)
{
    return cJSON_GetArraySize(json_at(hf, "results.0.times"));
}

static cJSON *hyperfine_block(const cJSON *hf)
{
    cJSON *h = cJSON_CreateObject();
    cJSON_AddItemToObject(h, "iterations", pair(hf_ops(hf, 0), hf_ops(hf, 1)));
    cJSON_AddNumberToObject(h, "runs", hf_runs(hf));
    cJSON_AddItemToObject(h, "median_s", pair(json_number(hf, "results.0.median", NAN),
                                              json_number(hf, "results.1.median", NAN)));
    cJSON_AddItemToObject(h, "stddev_s", pair(json_number(hf, "results.0.stddev", NAN),
                                              json_number(hf, "results.1.stddev", NAN)));
    return h;
}

/* Op o at mb MiB: hyperfine's per-op cost next to the in-process mean; NULL after a message. */
static cJSON *cross_check(struct micro *m, const cJSON *runs, const struct op *o, const char *mb)
{
    char name[256];
    snprintf(name, sizeof name, "hf-%s-%s-%s", o->prog, o->name, mb);
    cJSON *hf = load(m, name, NULL);
    const cJSON *run = find_run(runs, o->name, atof(mb));
    double mean = json_number(run, "stats.mean_us", NAN);
    double per_op = (json_number(hf, "results.1.median", NAN) - json_number(hf, "results.0.median", NAN))
                    / (hf_ops(hf, 1) - hf_ops(hf, 0)) * 1e6;
    if (!hf || !run || !(per_op > 0)) {
        m->failed |= hf && run && fail(1, "%s/%s.json: no positive cost per op from 1 and 1+K ops", m->work, name);
        cJSON_Delete(hf);
        return NULL;
    }
    printf("%-16s %4s MiB  in-process %9.2f us  hyperfine %9.2f us  ratio %.3f\n", o->name, mb, mean, per_op,
           mean / per_op);
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "program", o->prog);
    cJSON_AddStringToObject(c, "op", o->name);
    cJSON_AddNumberToObject(c, "touch_mb", atof(mb));
    cJSON_AddNumberToObject(c, "in_process_mean_us", mean);
    cJSON_AddItemToObject(c, "in_process_p50_us", number_or_null(json_number(run, "stats.p50_us", NAN)));
    cJSON_AddNumberToObject(c, "hyperfine_per_op_us", per_op);
    cJSON_AddNumberToObject(c, "ratio_in_process_to_hyperfine", mean / per_op);
    cJSON_AddItemToObject(c, "hyperfine", hyperfine_block(hf));
    cJSON_Delete(hf);
    return c;
}

/* hyperfine on exec_target alone: starting a whole program, next to the
 * in-process fork + exec + wait at 0 MiB. */
static cJSON *shell_exec(struct micro *m, const cJSON *runs)
{
    cJSON *hf = load(m, "hf-exec", NULL);
    double mean = json_number(hf, "results.0.mean", NAN) * 1e6;
    double in_process = json_number(find_run(runs, "fork-exec", 0), "stats.mean_us", NAN);
    if (!hf || !(mean > 0) || isnan(in_process)) {
        m->failed |= hf && fail(1, "%s/hf-exec.json: no mean, or no fork-exec run at 0 MiB", m->work);
        cJSON_Delete(hf);
        return NULL;
    }
    printf("hyperfine -N exec_target: %.1f us (mean), in-process fork-exec %.1f us, ratio %.3f\n", mean,
           in_process, in_process / mean);
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "command", "exec_target");
    cJSON_AddNumberToObject(s, "runs", hf_runs(hf));
    cJSON_AddNumberToObject(s, "hyperfine_mean_us", mean);
    cJSON_AddItemToObject(s, "hyperfine_median_us", number_or_null(json_number(hf, "results.0.median", NAN) * 1e6));
    cJSON_AddItemToObject(s, "hyperfine_stddev_us", number_or_null(json_number(hf, "results.0.stddev", NAN) * 1e6));
    cJSON_AddNumberToObject(s, "in_process_fork_exec_mean_us", in_process);
    cJSON_AddNumberToObject(s, "ratio_in_process_to_hyperfine", in_process / mean);
    cJSON_Delete(hf);
    return s;
}

/* "fork_latency:fork ..." into m->ops; -1 after a message when one is not PROGRAM:OP. */
static int parse_ops(struct micro *m, const char *list)
{
    char text[4096], *word[MAX_WORDS];
    snprintf(text, sizeof text, "%s", list);
    m->n_ops = words(text, word);
    for (size_t i = 0; i < m->n_ops; i++) {
        struct op *o = &m->ops[i];
        if (sscanf(word[i], "%63[^:]:%63s", o->prog, o->name) != 2)
            return fail(-1, "micro: ops: '%s' is not PROGRAM:OP", word[i]);
    }
    return m->n_ops ? 0 : fail(-1, "micro: ops= is required");
}

static cJSON *numbers(char **word, size_t n)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(list, cJSON_CreateNumber(atof(word[i])));
    return list;
}

static cJSON *cross_checks(struct micro *m, const cJSON *runs, char **mb, size_t n_mb)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < m->n_ops; i++)
        for (size_t j = 0; j < n_mb; j++) {
            cJSON *c = cross_check(m, runs, &m->ops[i], mb[j]);
            if (c)
                cJSON_AddItemToArray(list, c);
        }
    return list;
}

/* The value of key, "" when absent. */
static const char *arg(int argc, char **argv, const char *key)
{
    const char *v = arg_value(argc, argv, key);
    return v ? v : "";
}

/* The searchserver whose size the parent took: "RSS HUGE SHMEM" KiB and
 * its placement; null when not measured. */
static cJSON *server_block(int argc, char **argv)
{
    double kib[3];
    const char *placement = arg(argc, argv, "index_memory");
    if (sscanf(arg(argc, argv, "server_memory"), "%lf %lf %lf", &kib[0], &kib[1], &kib[2]) != 3)
        return cJSON_CreateNull();
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "index_memory", *placement ? placement : "heap");
    cJSON_AddNumberToObject(s, "rss_kib", kib[0]);
    cJSON_AddNumberToObject(s, "anon_huge_kib", kib[1]);
    cJSON_AddNumberToObject(s, "shmem_kib", kib[2]);
    cJSON_AddItemToObject(s, "huge_pages", strcmp(placement, "hugepage") != 0 ? cJSON_CreateNull()
                                                                               : cJSON_CreateBool(kib[1] > 0));
    return s;
}

/* The document, in the order of results/SCHEMA.md. */
static cJSON *document(struct micro *m, int argc, char **argv)
{
    char touch[512], cross[512], placed[512], stamp[32], *mb[MAX_WORDS], *cross_mb[MAX_WORDS];
    char *placement[MAX_WORDS];
    struct tm tm;
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    snprintf(touch, sizeof touch, "%s", arg(argc, argv, "touch_mb"));
    snprintf(cross, sizeof cross, "%s", arg(argc, argv, "cross_touch_mb"));
    snprintf(placed, sizeof placed, "%s", arg(argc, argv, "placements"));
    size_t n_mb = words(touch, mb), n_cross = words(cross, cross_mb), n_placed = words(placed, placement);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", SCHEMA_MICRO);
    cJSON_AddNumberToObject(doc, "version", RESULTS_VERSION);
    cJSON_AddStringToObject(doc, "started_utc", arg(argc, argv, "started_utc"));
    cJSON_AddStringToObject(doc, "finished_utc", stamp);
    cJSON_AddBoolToObject(doc, "quick", strcmp(arg(argc, argv, "quick"), "1") == 0);
    cJSON_AddItemToObject(doc, "touch_mb", numbers(mb, n_mb));
    cJSON *server = server_block(argc, argv);
    cJSON_AddItemToObject(doc, "server", server);
    cJSON_AddStringToObject(doc, "loadavg_start", arg(argc, argv, "loadavg_start"));
    cJSON_AddStringToObject(doc, "loadavg_end", arg(argc, argv, "loadavg_end"));
    cJSON_AddStringToObject(doc, "hyperfine_version", arg(argc, argv, "hyperfine_version"));
    cJSON_AddItemToObject(doc, "machine", machine_info_json());
    cJSON *runs = runs_of(m, mb, n_mb, !cJSON_IsNull(server), arg(argc, argv, "placed_op"), placement, n_placed);
    cJSON_AddItemToObject(doc, "runs", runs);
    cJSON_AddItemToObject(doc, "cross_check", cross_checks(m, runs, cross_mb, n_cross));
    cJSON_AddItemToObject(doc, "shell_exec", shell_exec(m, runs));
    return doc;
}

int cmd_micro(int argc, char **argv)
{
    static const char *const required[] = {"started_utc", "loadavg_start", "loadavg_end", "hyperfine_version"};
    if (argc < 2)
        return fail(2, "micro: usage: benchjson micro MICRO_JSON WORK_DIR KEY=VALUE...");
    struct micro m = {.work = argv[1]};
    if (args_check(argc - 2, argv + 2, keys) != 0)
        return 2;
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!arg_value(argc - 2, argv + 2, required[i]))
            return fail(2, "micro: %s= is required", required[i]);
    if (parse_ops(&m, arg(argc - 2, argv + 2, "ops")) != 0)
        return 2;
    cJSON *doc = document(&m, argc - 2, argv + 2);
    int rc = m.failed ? 1 : saved(atomic_write_json(argv[0], doc), argv[0]);
    cJSON_Delete(doc);
    return rc;
}
