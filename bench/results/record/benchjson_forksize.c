/* benchjson_forksize.c: "benchjson fork-point": one fork microbenchmark of a fork size sweep into forksize.json.
 *
 *   benchjson fork-point FORKSIZE_JSON run_id=ID corpus_docs=N index_memory=P rep=N
 *       rss_kib=N anon_huge_kib=N shmem_kib=N run=FILE
 *
 * bench/load/lib/forksweep.sh runs fork_latency with a parent built like the
 * server of one case (its size and placement: bench/load/lib/memory.sh) and
 * appends that run here, with what it modelled: the corpus, the placement,
 * the repetition and the server's memory (KiB resident, in huge pages,
 * shared). FILE is fork_latency's --json document, kept verbatim in "run".
 * The document is made on the first point and written whole each time
 * (results/SCHEMA.md describes it). */
#include "benchjson.h"

#include <math.h>

static const char *const keys[] = {
    "run_id", "corpus_docs", "index_memory", "rep", "rss_kib", "anon_huge_kib", "shmem_kib", "run", NULL,
};
static const char *const numbers[] = {"corpus_docs", "rep", "rss_kib", "anon_huge_kib", "shmem_kib", NULL};

/* The point, or NULL after a message (exit status in *rc). */
static cJSON *point(int argc, char **argv, int *rc)
{
    static const struct schema latency = {SCHEMA_MICRO_LATENCY, RESULTS_VERSION, 0};
    const char *placement = arg_value(argc, argv, "index_memory"), *path = arg_value(argc, argv, "run");
    bool ok = true;
    *rc = 2;
    if (!placement || !*placement || !path)
        return fail(2, "fork-point: index_memory= and run= are required"), NULL;
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "index_memory", placement);
    for (const char *const *k = numbers; *k && ok; k++) {
        double v = arg_number(argc, argv, *k, NAN, &ok);
        if (isnan(v) && ok)
            ok = !fail(2, "fork-point: %s= is required", *k);
        cJSON_AddNumberToObject(p, *k, v);
    }
    cJSON *run = ok ? json_load_schema(path, &latency, NULL) : NULL;
    if (!run) {
        *rc = ok ? 1 : 2;
        cJSON_Delete(p);
        return NULL;
    }
    cJSON_AddItemToObject(p, "run", run);
    return p;
}

int cmd_fork_point(int argc, char **argv)
{
    static const struct schema forksize = {SCHEMA_FORKSIZE, RESULTS_VERSION, 0};
    const char *run_id = arg_value(argc - 1, argv + 1, "run_id");
    int rc;
    if (args_check(argc - 1, argv + 1, keys) != 0)
        return 2;
    if (!run_id || !*run_id)
        return fail(2, "fork-point: run_id= is required");
    cJSON *p = point(argc - 1, argv + 1, &rc);
    if (!p)
        return rc;
    cJSON *doc = run_document(argv[0], &forksize, run_id, "points");
    if (!doc) {
        cJSON_Delete(p);
        return 1;
    }
    cJSON_AddItemToArray(cJSON_GetObjectItem(doc, "points"), p);
    rc = saved(atomic_write_json(argv[0], doc), argv[0]);
    cJSON_Delete(doc);
    return rc;
}
