/* microruns.c: finding a run in micro.json's runs (resultset.h): an op with the parent at a size, its
 * memory in a placement, or with the parent at the size of the server micro.sh started. */
#include <math.h>
#include <string.h>

#include "jsonpath.h"
#include "resultset.h"

/* Whether run is of op, at the server's size or not as asked. */
static int is_run_of(const cJSON *run, const char *op, int at_server)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(run, "op");
    const cJSON *parent = cJSON_GetObjectItemCaseSensitive(run, "parent");
    return cJSON_IsString(name) && strcmp(name->valuestring, op) == 0
        && (cJSON_IsString(parent) && strcmp(parent->valuestring, "server") == 0) == at_server;
}

const cJSON *rs_micro_run(const cJSON *runs, const char *op, const char *memory, double touch_mb)
{
    const cJSON *run;
    cJSON_ArrayForEach(run, runs) {
        const cJSON *placed = json_at(run, "params.memory");
        const char *where = cJSON_IsString(placed) ? placed->valuestring : "heap";
        if (is_run_of(run, op, 0) && strcmp(where, memory) == 0
            && json_number(run, "params.touch_mb", NAN) == touch_mb)
            return run;
    }
    return NULL;
}

const cJSON *rs_micro_server_run(const cJSON *runs, const char *op)
{
    const cJSON *run;
    cJSON_ArrayForEach(run, runs)
        if (is_run_of(run, op, 1))
            return run;
    return NULL;
}
