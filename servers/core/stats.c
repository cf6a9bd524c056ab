/* stats.c: shared server counters and their JSON file. */
#include "stats.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "atomicfile.h"     /* bench/results/lib: a results file is written whole or not at all */
#include "schema.h"

struct server_stats *stats;
static cJSON *facts;        /* stats_add_fact's members, written after the counters */

/* The statuses the server produces; anything else counts in the last slot. */
static const int status_codes[STATS_STATUS_SLOTS - 1] = {
    200, 400, 404, 405, 414, 431, 501, 503, 505,
};

void stats_init(void)
{
    void *p = mmap(NULL, sizeof *stats, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    stats = p;      /* zero-filled by the kernel */
}

void stats_add_fact(const char *name, cJSON *value)
{
    if (!facts)
        facts = cJSON_CreateObject();
    cJSON_AddItemToObject(facts, name, value);
}

void stats_connection_begin(void)
{
    atomic_fetch_add(&stats->connections, 1);
    long now = atomic_fetch_add(&stats->active, 1) + 1;
    long peak = atomic_load(&stats->peak);
    while (now > peak && !atomic_compare_exchange_weak(&stats->peak, &peak, now))
        ;
}

void stats_connection_end(void)
{
    atomic_fetch_sub(&stats->active, 1);
}

static int status_slot(int status)
{
    for (int i = 0; i < STATS_STATUS_SLOTS - 1; i++)
        if (status_codes[i] == status)
            return i;
    return STATS_STATUS_SLOTS - 1;
}

void stats_request(int status)
{
    atomic_fetch_add(&stats->requests, 1);
    atomic_fetch_add(&stats->by_status[status_slot(status)], 1);
}

void stats_bytes(uint64_t n)
{
    atomic_fetch_add(&stats->bytes_sent, n);
}

void stats_worker_created(void)
{
    atomic_fetch_add(&stats->workers_created, 1);
}

void stats_abandoned(long n)
{
    atomic_fetch_add(&stats->abandoned, n);
}

void stats_connections_killed(long n)
{
    atomic_fetch_sub(&stats->active, n);
    stats_abandoned(n);
}

static cJSON *stats_json(const char *variant, int max_clients)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", SCHEMA_SERVER_STATS);
    cJSON_AddNumberToObject(root, "version", SERVER_STATS_VERSION);
    cJSON_AddStringToObject(root, "variant", variant);
    cJSON_AddNumberToObject(root, "pid", getpid());
    cJSON_AddNumberToObject(root, "max_clients", max_clients);
    cJSON_AddNumberToObject(root, "connections_accepted", (double)stats->connections);
    cJSON_AddNumberToObject(root, "requests", (double)stats->requests);
    cJSON *by_status = cJSON_AddObjectToObject(root, "requests_by_status");
    for (int i = 0; i < STATS_STATUS_SLOTS; i++) {
        uint64_t n = stats->by_status[i];
        char code[8];
        snprintf(code, sizeof code, "%d", i < STATS_STATUS_SLOTS - 1 ? status_codes[i] : 0);
        if (n > 0)
            cJSON_AddNumberToObject(by_status, i < STATS_STATUS_SLOTS - 1 ? code : "other", (double)n);
    }
    cJSON_AddNumberToObject(root, "bytes_sent", (double)stats->bytes_sent);
    cJSON_AddNumberToObject(root, "peak_clients", (double)stats->peak);
    /* Connections still counted active were open when the server gave up
     * waiting for them: the process exit closes them, unanswered. */
    cJSON_AddNumberToObject(root, "abandoned_at_exit", (double)(stats->abandoned + stats->active));
    cJSON_AddNumberToObject(root, "workers_created", (double)stats->workers_created);
    const cJSON *fact;
    cJSON_ArrayForEach(fact, facts)
        cJSON_AddItemToObject(root, fact->string, cJSON_Duplicate(fact, 1));
    return root;
}

int stats_write(const char *path, const char *variant, int max_clients)
{
    cJSON *root = stats_json(variant, max_clients);
    int rc = atomic_write_json(path, root);
    if (rc != 0)
        fprintf(stderr, "cannot write stats file %s: %s\n", path, strerror(errno));
    cJSON_Delete(root);
    return rc;
}
