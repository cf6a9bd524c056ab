/* benchjson.c: the harness's JSON tool (bench/load/run.sh and bench/micro/micro.sh write no JSON themselves):
 * dispatch and the key=value arguments the subcommands share. */
#include "benchjson.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: benchjson env ENV_JSON NAME=VALUE...        (see bench/results/record/benchjson_env.c)\n"
    "       benchjson add-case RUNS_JSON KEY=VALUE...   (see bench/results/record/benchjson_case.c)\n"
    "       benchjson merge-wrk OUT_JSON load_client=NAME KEY=VALUE... (see bench/results/record/benchjson_clients.c)\n"
    "       benchjson add-open RUNS_JSON KEY=VALUE...   (see bench/results/record/benchjson_open.c)\n"
    "       benchjson micro MICRO_JSON WORK_DIR KEY=VALUE... (see bench/results/record/benchjson_micro.c)\n"
    "       benchjson fork-point FORKSIZE_JSON KEY=VALUE... (see bench/results/record/benchjson_forksize.c)\n"
    "       benchjson summary RUN_DIR                   (writes RUN_DIR/summary.md)\n";

cJSON *run_document(const char *path, const struct schema *schema, const char *run_id, const char *list)
{
    bool missing;
    cJSON *doc = json_load_schema(path, schema, &missing);
    if (!doc && missing) {
        doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "schema", schema->name);
        cJSON_AddNumberToObject(doc, "version", schema->version);
        cJSON_AddStringToObject(doc, "run_id", run_id);
        cJSON_AddArrayToObject(doc, list);
    }
    const cJSON *id = cJSON_GetObjectItem(doc, "run_id");
    if (doc && (!cJSON_IsString(id) || strcmp(id->valuestring, run_id) != 0
                || !cJSON_IsArray(cJSON_GetObjectItem(doc, list)))) {
        fail(1, "%s: not a %s document of run %s", path, schema->name, run_id);
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

int saved(int rc, const char *path)
{
    return rc == 0 ? 0 : fail(1, "cannot write %s: %s", path, strerror(errno));
}

/* Finds "key=" among the arguments; the last one wins, as in make. */
const char *arg_value(int argc, char **argv, const char *key)
{
    size_t n = strlen(key);
    const char *value = NULL;
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], key, n) == 0 && argv[i][n] == '=')
            value = argv[i] + n + 1;
    return value;
}

int args_check(int argc, char **argv, const char *const *keys)
{
    for (int i = 0; i < argc; i++) {
        size_t n = strcspn(argv[i], "=");
        const char *const *k = keys;
        while (*k && !(strlen(*k) == n && strncmp(*k, argv[i], n) == 0))
            k++;
        if (!*k || argv[i][n] != '=')
            return fail(2, "unknown argument '%s'", argv[i]);
    }
    return 0;
}

double arg_number(int argc, char **argv, const char *key, double fallback, bool *ok)
{
    return text_number(key, arg_value(argc, argv, key), fallback, ok);
}

double text_number(const char *key, const char *text, double fallback, bool *ok)
{
    if (!text || !*text)
        return fallback;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || *end || !isfinite(v)) {
        fail(2, "%s: not a number: '%s'", key, text);
        *ok = false;
        return fallback;
    }
    return v;
}

int main(int argc, char **argv)
{
    static const struct { const char *name; int (*run)(int, char **); } cmds[] = {
        { "env", cmd_env }, { "add-case", cmd_add_case }, { "add-open", cmd_add_open }, { "merge-wrk", cmd_merge_wrk },
        { "micro", cmd_micro }, { "summary", cmd_summary }, { "fork-point", cmd_fork_point },
    };
    for (size_t i = 0; argc >= 3 && i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(argv[1], cmds[i].name) == 0)
            return cmds[i].run(argc - 2, argv + 2);
    fputs(usage, stderr);
    return 2;
}
