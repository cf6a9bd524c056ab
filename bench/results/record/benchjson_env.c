/* benchjson_env.c: "benchjson env ENV_JSON NAME=VALUE...": creates or updates env.json.
 *
 * env.json's keys, their order and their JSON types are defined here, once
 * (results/SCHEMA.md describes them): the harness passes plain facts, one
 * argument each, NAME being the key's dotted path ("tools.wrk=4.1.0",
 * "config.clients=16"); a list takes one argument per item. Unknown names
 * and values of the wrong type are refused with one line. Facts not given
 * keep their value from the file; the file is rewritten whole, in the
 * table's order (bench/load/lib/env.sh writes most at the start of a run,
 * net.sh the link of a netns run, finish_env the end). */
#include "benchjson.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

/* The types a fact may set come first (key_of relies on it). */
enum type {
    T_STRING,
    T_NUMBER,
    T_BOOL,         /* true or false (1 or 0) */
    T_NUMBER_OR_WORD,   /* ulimit -n: a number, or "unlimited" */
    T_STRINGS,      /* lists: an argument per item */
    T_NUMBERS,
    T_OBJECT,       /* a parent whose members are given (or null when none is) */
    T_MACHINE,      /* this machine (bench/micro/machine.c), measured here when the file is new */
    T_SCHEMA,       /* schema and version: fixed */
};

/* What a key is when neither an argument nor the file gives it. */
enum absent { OMITTED, NUL, EMPTY_LIST };

struct key {
    const char *path;
    enum type type;
    enum absent absent;
};

static const struct key keys[] = {
    {"schema", T_SCHEMA, OMITTED}, {"version", T_SCHEMA, OMITTED},
    {"run_id", T_STRING, OMITTED}, {"started_utc", T_STRING, OMITTED}, {"complete", T_BOOL, OMITTED},
    {"machine", T_MACHINE, OMITTED},
    {"tools.wrk", T_STRING, OMITTED}, {"tools.hyperfine", T_STRING, OMITTED},
    {"tools.gnuplot", T_STRING, OMITTED}, {"tools.cc", T_STRING, OMITTED},
    {"tools.nginx", T_STRING, OMITTED}, {"tools.bash", T_STRING, OMITTED}, {"tools.httperf", T_STRING, OMITTED},
    {"git", T_OBJECT, NUL}, {"git.commit", T_STRING, OMITTED}, {"git.dirty", T_BOOL, OMITTED},
    {"pinning.enabled", T_BOOL, OMITTED}, {"pinning.server_cpus", T_STRING, OMITTED},
    {"pinning.client_cpus", T_STRING, OMITTED}, {"pinning.available", T_STRING, OMITTED},
    {"pinning.default", T_BOOL, OMITTED},
    {"sysctl.ip_local_port_range", T_STRING, OMITTED}, {"sysctl.tcp_tw_reuse", T_STRING, OMITTED},
    {"sysctl.somaxconn", T_STRING, OMITTED}, {"sysctl.tcp_fin_timeout", T_STRING, OMITTED},
    {"governor", T_STRING, NUL}, {"loadavg_start", T_NUMBER, OMITTED},
    {"ulimit_nofile", T_NUMBER_OR_WORD, OMITTED},
    {"config.variants", T_STRINGS, OMITTED}, {"config.workloads", T_STRINGS, OMITTED},
    {"config.clients", T_NUMBERS, OMITTED}, {"config.duration_s", T_NUMBER, OMITTED},
    {"config.warmup_s", T_NUMBER, OMITTED}, {"config.reps", T_NUMBER, OMITTED},
    {"config.wrk_threads", T_NUMBER, OMITTED}, {"config.cases", T_NUMBER, OMITTED},
    {"config.quick", T_BOOL, OMITTED}, {"config.micro", T_BOOL, OMITTED},
    {"config.corpus", T_STRING, OMITTED}, {"config.launcher", T_STRING, OMITTED},
    {"config.load", T_STRING, OMITTED}, {"config.fractions", T_NUMBERS, OMITTED},
    {"config.rates", T_NUMBERS, OMITTED}, {"config.max_rate", T_NUMBER, OMITTED},
    {"config.httperf_timeout_s", T_NUMBER, OMITTED}, {"config.httperf_processes", T_NUMBER, OMITTED},
    {"config.probe_s", T_NUMBER, OMITTED},
    {"config.scale", T_NUMBERS, OMITTED},
    {"config.index_memory", T_STRINGS, OMITTED}, {"config.sweep", T_STRING, OMITTED},
    {"config.corpus_docs", T_NUMBERS, OMITTED}, {"huge_pages", T_BOOL, OMITTED},
    {"network.mode", T_STRING, OMITTED}, {"network.server_addr", T_STRING, OMITTED},
    {"network.delays_ms", T_NUMBERS, OMITTED}, {"network.loss_pct", T_NUMBER, OMITTED},
    {"network.rate", T_STRING, OMITTED}, {"network.client", T_STRING, OMITTED},
    {"network.client_machine.hostname", T_STRING, OMITTED}, {"network.client_machine.kernel", T_STRING, OMITTED},
    {"network.client_machine.arch", T_STRING, OMITTED},
    {"network.client_machine.cores_online", T_NUMBER, OMITTED},
    {"network.client_machine.cpu_model", T_STRING, OMITTED}, {"network.client_machine.wrk", T_STRING, OMITTED},
    {"network.clients", T_STRINGS, OMITTED},     /* several clients: a list each, an item per client */
    {"network.client_machines.hostname", T_STRINGS, OMITTED}, {"network.client_machines.kernel", T_STRINGS, OMITTED},
    {"network.client_machines.arch", T_STRINGS, OMITTED}, {"network.client_machines.cores_online", T_NUMBERS, OMITTED},
    {"network.client_machines.cpu_model", T_STRINGS, OMITTED}, {"network.client_machines.wrk", T_STRINGS, OMITTED},
    {"network.clock_offset_us", T_NUMBERS, OMITTED}, {"network.clock_round_trip_us", T_NUMBERS, OMITTED},
    {"network.link", T_STRING, OMITTED}, {"network.delay_mechanism", T_STRING, OMITTED},
    {"warnings", T_STRINGS, EMPTY_LIST},
    {"finished_utc", T_STRING, OMITTED}, {"loadavg_end", T_NUMBER, OMITTED},
    {"cases_recorded", T_NUMBER, OMITTED},
};

#define N_KEYS (sizeof keys / sizeof *keys)

/* The key an argument names; NULL when it names none a fact may set. */
static const struct key *key_of(const char *arg)
{
    size_t n = strcspn(arg, "=");
    for (size_t i = 0; i < N_KEYS; i++)
        if (strlen(keys[i].path) == n && strncmp(keys[i].path, arg, n) == 0)
            return keys[i].type < T_OBJECT && arg[n] == '=' ? &keys[i] : NULL;
    return NULL;
}

/* text as a JSON value of k's type (an item, for a list); NULL after a message when it is not one. */
static cJSON *scalar(const struct key *k, const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    int number = *text && !*end && !errno && isfinite(v);
    switch (k->type) {
    case T_STRING:
    case T_STRINGS:
        return cJSON_CreateString(text);
    case T_NUMBER_OR_WORD:
        return number ? cJSON_CreateNumber(v) : cJSON_CreateString(text);
    case T_NUMBER:
    case T_NUMBERS:
        if (number)
            return cJSON_CreateNumber(v);
        fail(2, "env: %s: not a number: '%s'", k->path, text);
        return NULL;
    default:
        if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0)
            return cJSON_CreateTrue();
        if (strcmp(text, "false") == 0 || strcmp(text, "0") == 0)
            return cJSON_CreateFalse();
        fail(2, "env: %s: not true or false: '%s'", k->path, text);
        return NULL;
    }
}

/* The value the arguments give k: a list of every item given, or the last
 * value given; NULL when none is given, or (with *bad set) one is malformed. */
static cJSON *from_args(const struct key *k, int argc, char **argv, int *bad)
{
    int list = k->type == T_STRINGS || k->type == T_NUMBERS;
    cJSON *value = NULL;
    for (int i = 0; i < argc; i++) {
        if (key_of(argv[i]) != k)
            continue;
        cJSON *v = scalar(k, argv[i] + strlen(k->path) + 1);
        if (!v) {
            cJSON_Delete(value);
            *bad = 2;
            return NULL;
        }
        if (!list) {
            cJSON_Delete(value);
            value = v;
            continue;
        }
        if (!value)
            value = cJSON_CreateArray();
        cJSON_AddItemToArray(value, v);
    }
    return value;
}

/* Whether the object at path will have members: one is given, or the file has it. */
static int members_given(const char *path, int argc, char **argv, const cJSON *old)
{
    size_t n = strlen(path);
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], path, n) == 0 && argv[i][n] == '.')
            return 1;
    return cJSON_IsObject(json_at(old, path));
}

/* k's value in the new file: given, else kept from the old one, else its
 * default; NULL when it is left out (or, with *bad set, malformed). */
static cJSON *value_of(const struct key *k, int argc, char **argv, const cJSON *old, int *bad)
{
    const cJSON *kept = json_at(old, k->path);
    if (k->type == T_SCHEMA)
        return strcmp(k->path, "schema") == 0 ? cJSON_CreateString(SCHEMA_ENV) : cJSON_CreateNumber(RESULTS_VERSION);
    if (k->type == T_MACHINE)
        return kept ? cJSON_Duplicate(kept, 1) : machine_info_json();
    if (k->type == T_OBJECT)
        return members_given(k->path, argc, argv, old) ? cJSON_CreateObject() : cJSON_CreateNull();
    cJSON *v = from_args(k, argc, argv, bad);
    if (v || *bad)
        return v;
    if (kept)
        return cJSON_Duplicate(kept, 1);
    return k->absent == NUL ? cJSON_CreateNull() : k->absent == EMPTY_LIST ? cJSON_CreateArray() : NULL;
}

/* Adds value at the dotted path, making the objects above it as needed. */
static void put(cJSON *doc, const char *path, cJSON *value)
{
    for (const char *dot; doc && (dot = strchr(path, '.')) != NULL; path = dot + 1) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(dot - path), path);
        cJSON *child = cJSON_GetObjectItemCaseSensitive(doc, name);
        doc = !child ? cJSON_AddObjectToObject(doc, name) : cJSON_IsObject(child) ? child : NULL;
    }
    if (!doc || !cJSON_AddItemToObject(doc, path, value))
        cJSON_Delete(value);
}

int cmd_env(int argc, char **argv)
{
    static const struct schema env_schema = {SCHEMA_ENV, RESULTS_VERSION, 0};
    const char *path = argv[0];
    for (int i = 1; i < argc; i++)
        if (!key_of(argv[i]))
            return fail(2, "env: '%s' is not NAME=VALUE with a NAME of env.json (bench/results/record/benchjson_env.c)",
                        argv[i]);
    bool missing;
    cJSON *old = json_load_schema(path, &env_schema, &missing);
    if (!old && !missing)
        return 1;
    cJSON *doc = cJSON_CreateObject();
    int bad = 0;
    for (size_t i = 0; i < N_KEYS && !bad; i++) {
        cJSON *v = value_of(&keys[i], argc - 1, argv + 1, old, &bad);
        if (v)
            put(doc, keys[i].path, v);
    }
    int rc = bad ? bad : saved(atomic_write_json(path, doc), path);
    cJSON_Delete(doc);
    cJSON_Delete(old);
    return rc;
}
