/* ladder.c: the open-loop runs of runs.json ("load": "open", results/SCHEMA.md) grouped into rungs: a
 * variant's runs at one fraction of its probed capacity, or at one absolute rate, over the repetitions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "jsonpath.h"
#include "resultset_group.h"

/* Where each value of a rung is in a repetition, and what to scale it by. */
static const struct {
    const char *path;
    double scale;
} rung_paths[RS_METRICS] = {
    [RS_SERVED] = {"served_per_sec", 1},
    [RS_SHARE] = {"served_share", 1},
    [RS_CONN_P50] = {"httperf.connection_time_ms.median", 1000},     /* ms in the file, us here */
    [RS_COST] = {"cpu.us_per_connection", 1},
    [RS_OFFERED] = {"offered_per_sec", 1},
    [RS_CAPACITY] = {"capacity_per_sec", 1},
};

int rs_is_open(const cJSON *rep)
{
    const cJSON *load = cJSON_GetObjectItemCaseSensitive(rep, "load");
    return cJSON_IsString(load) && strcmp(load->valuestring, "open") == 0;
}

int rung_values(const cJSON *item, double v[RS_METRICS])
{
    for (int m = RS_SERVED; m < RS_METRICS; m++)
        v[m] = json_number(item, rung_paths[m].path, NAN) * rung_paths[m].scale;
    return isfinite(v[RS_SERVED]) && isfinite(v[RS_OFFERED]);
}

static int same_rung(const struct rs_case *a, const struct rs_case *b)
{
    return strcmp(a->variant, b->variant) == 0 && strcmp(a->workload, b->workload) == 0
           && strcmp(a->rung, b->rung) == 0
           && (strcmp(a->rung, "fraction") == 0 ? a->fraction == b->fraction : a->rate == b->rate);
}

const struct rs_case *rs_find_rung(const struct rs_run *run, const struct rs_case *like)
{
    for (size_t i = 0; i < run->n_rungs; i++)
        if (same_rung(&run->rungs[i], like))
            return &run->rungs[i];
    return NULL;
}

const char *rs_rung_label(const struct rs_case *c, char *buf, size_t len)
{
    char rate[32];
    if (strcmp(c->rung, "fraction") == 0)
        snprintf(buf, len, "%gx", c->fraction);
    else
        snprintf(buf, len, "%s/s", format_count(rate, sizeof rate, c->rate));
    return buf;
}

/* The rung a repetition belongs to, from its fields; -1 with *why on bad input. */
static int rung_key(const cJSON *item, size_t index, struct rs_case *key, const char **why)
{
    const cJSON *variant = json_at(item, "variant"), *workload = json_at(item, "workload");
    const cJSON *rung = json_at(item, "rung"), *fraction = json_at(item, "fraction");
    const cJSON *offered = json_at(item, "offered_per_sec");
    *why = "(open loop) lacks variant, workload, rung or offered_per_sec";
    if (!cJSON_IsString(variant) || !cJSON_IsString(workload) || !cJSON_IsString(rung) || !cJSON_IsNumber(offered))
        return -1;
    *why = "(open loop) has a variant or workload that is not a plain name (1 to 64 letters, digits, '-', '_', '.')";
    if (!is_plain_name(variant->valuestring) || !is_plain_name(workload->valuestring))
        return -1;
    int by_fraction = strcmp(rung->valuestring, "fraction") == 0;
    *why = "(open loop) has a rung that is neither fraction (with a number) nor absolute";
    if (!(by_fraction ? cJSON_IsNumber(fraction) : strcmp(rung->valuestring, "absolute") == 0))
        return -1;
    *key = (struct rs_case){.variant = variant->valuestring, .workload = workload->valuestring, .mode = "close",
                            .delay_ms = NAN, .first = index, .rung = by_fraction ? "fraction" : "absolute",
                            .fraction = by_fraction ? fraction->valuedouble : NAN,
                            .rate = by_fraction ? NAN : offered->valuedouble};
    return 0;
}

int add_rung(struct rs_run *run, const cJSON *item, size_t index, const char **why)
{
    struct rs_case key;
    double v[RS_METRICS];
    if (rung_key(item, index, &key, why) != 0)
        return -1;
    *why = "out of memory";
    struct rs_case *c = (struct rs_case *)rs_find_rung(run, &key);
    if (!c && !(c = append_group(&run->rungs, &run->n_rungs, &key)))
        return -1;
    rung_values(item, v);
    return count_repetition(c, item, v, RS_SERVED, RS_METRICS);
}

/* Workloads in the order the run used them, variants in the fixed order,
 * fractions ascending, then absolute rates ascending. */
int by_rung(const void *pa, const void *pb)
{
    const struct rs_case *a = pa, *b = pb;
    int c = CMP(a->workload_rank, b->workload_rank);
    c = c ? c : CMP(variant_rank(a->variant), variant_rank(b->variant));
    c = c ? c : strcmp(a->variant, b->variant);
    c = c ? c : strcmp(b->rung, a->rung);       /* "fraction" before "absolute" */
    return c ? c : strcmp(a->rung, "fraction") == 0 ? CMP(a->fraction, b->fraction) : CMP(a->rate, b->rate);
}
