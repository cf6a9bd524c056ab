/* benchjson_clients.c: several load clients at once (bench/load/lib/clients.sh): "benchjson merge-wrk"
 * merges their wrk figures into one, and add-case moves the per-client part into the case's record.
 *
 *   benchjson merge-wrk OUT_JSON load_client=NAME load_client.KEY=VALUE... [load_client=NAME ...]
 *
 * A group per client, in order: load_client=NAME opens it, its keys follow: host (clients on one
 * host share its CPUs), connections, threads, cpus (the CPUs its wrk could use), wrk (the file
 * report.lua wrote with BENCH_WRK_HISTOGRAM=1), start_us (when it got the go, on the harness's
 * clock), clock_offset_us and clock_round_trip_us (its clock minus the harness's, within half
 * the round trip of the reading), cpu_s and wall_s (wrk's CPU and wall time).
 *
 * OUT is report.lua's document for all the clients together: requests, bytes and errors summed,
 * requests_per_sec the sum of the clients' rates, duration_us the longest client's, and latency_us
 * read from the merge of their histograms (histogram_us, latency_count) as wrk reads its own,
 * never an average of percentiles; then load_clients (each client's own figures, times and CPU)
 * and load_window. A client without usable figures fails the merge, named in the message. */
#include "benchjson.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "histogram.h"

/* The clients must all run at once for most of the shortest one's window: otherwise the sum of
 * their rates is more load than the server ever had at once. (The shortest: wrk's threads notice
 * the end of the run on a 100 ms timer, so the ends of equal runs spread by as much.) */
#define MIN_OVERLAP 0.9

static const char *const client_keys[] = {
    "host", "connections", "threads", "cpus", "wrk", "start_us", "clock_offset_us", "clock_round_trip_us",
    "cpu_s", "wall_s", NULL,
};
enum { HOST, CONNECTIONS, THREADS, CPUS, WRK, START_US, CLOCK_OFFSET_US, CLOCK_ROUND_TRIP_US, CPU_S, WALL_S,
       N_CLIENT_KEYS };

/* The percentiles report.lua asks wrk for, read from the merged histogram here. */
static const struct { const char *name; double p; } percentiles[] = {
    {"p50", 50}, {"p90", 90}, {"p99", 99}, {"p999", 99.9},
};

struct client {
    const char *name;
    const char *value[N_CLIENT_KEYS];
};

static int key_index(const char *key, size_t len)
{
    for (int k = 0; client_keys[k]; k++)
        if (strlen(client_keys[k]) == len && strncmp(client_keys[k], key, len) == 0)
            return k;
    return -1;
}

/* The groups of load_client arguments into c (argc of them at most); their count, or -1 after a message. */
static int parse_clients(int argc, char **argv, struct client *c)
{
    static const char open[] = "load_client=", member[] = "load_client.";
    int n = 0;
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        int k = -1;
        if (strncmp(argv[i], open, sizeof open - 1) == 0) {
            c[n++].name = argv[i] + sizeof open - 1;
            continue;
        }
        if (eq && n > 0 && strncmp(argv[i], member, sizeof member - 1) == 0)
            k = key_index(argv[i] + sizeof member - 1, (size_t)(eq - argv[i]) - (sizeof member - 1));
        if (k < 0) {
            fail(2, "merge-wrk: '%s' is not load_client=NAME or, after one, load_client.KEY=VALUE", argv[i]);
            return -1;
        }
        c[n - 1].value[k] = eq + 1;
    }
    if (n == 0)
        fail(2, "merge-wrk: no load_client=NAME");
    return n > 0 ? n : -1;
}

static double number_of(const struct client *c, int k, bool *ok)
{
    return text_number(client_keys[k], c->value[k], NAN, ok);
}

/* report.lua's figures of one client, its histogram moved into h; NULL after a message naming it. */
static cJSON *client_figures(const struct client *c, struct histogram *h)
{
    const char *why = NULL;
    cJSON *w = c->value[WRK] ? load_wrk(c->value[WRK]) : NULL;
    if (!w) {
        fail(1, "merge-wrk: client %s: no figures from wrk", c->name);
        return NULL;
    }
    cJSON *pairs = cJSON_DetachItemFromObject(w, "histogram_us");
    if (histogram_from_json(h, pairs, &why) != 0)
        fail(1, "merge-wrk: client %s: %s: histogram_us: %s", c->name, c->value[WRK], why);
    else if (json_number(w, "latency_count", (double)h->total) != (double)h->total)
        fail(1, "merge-wrk: client %s: %s: histogram_us does not add up to latency_count", c->name, c->value[WRK]);
    else
        why = NULL;
    cJSON_Delete(pairs);
    if (why) {
        cJSON_Delete(w);
        return NULL;
    }
    return w;
}

/* wrk's CPU over its wall time; client-bound when its threads were busy (its host is judged later). */
static cJSON *client_cpu(const struct client *c, double threads, bool *ok)
{
    double cpu = number_of(c, CPU_S, ok), wall = number_of(c, WALL_S, ok);
    if (isnan(cpu) || !(wall > 0))
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "client_s", cpu);
    cJSON_AddNumberToObject(o, "wall_s", wall);
    cJSON_AddNumberToObject(o, "client_util", cpu / wall);
    cJSON_AddBoolToObject(o, "client_bound", cpu / wall >= CLIENT_BOUND_UTIL * threads);
    return o;
}

/* One client in load_clients: who, how much of the load, its own figures (moved out of w), when. */
static cJSON *client_entry(const struct client *c, cJSON *w, bool *ok)
{
    cJSON *e = cJSON_CreateObject(), *item;
    cJSON_AddStringToObject(e, "name", c->name);
    cJSON_AddStringToObject(e, "host", c->value[HOST] ? c->value[HOST] : c->name);
    for (int k = CONNECTIONS; k <= CPUS; k++)
        add_optional(e, client_keys[k], number_of(c, k, ok));
    while ((item = w->child) != NULL)
        cJSON_AddItemToObject(e, item->string, cJSON_DetachItemViaPointer(w, item));
    double start = number_of(c, START_US, ok);
    add_optional(e, "start_us", start);
    add_optional(e, "end_us", start + json_number(e, "duration_us", NAN));
    add_optional(e, "clock_offset_us", number_of(c, CLOCK_OFFSET_US, ok));
    add_optional(e, "clock_round_trip_us", number_of(c, CLOCK_ROUND_TRIP_US, ok));
    cJSON_AddItemToObject(e, "cpu", client_cpu(c, json_number(e, "threads", 1), ok));
    return e;
}

/* Clients on one host share its CPUs: when together they kept 90% of them busy, wrk set the
 * pace there, however idle each one's threads look alone (two wrk on one CPU). */
static void judge_hosts(cJSON *clients)
{
    cJSON *e, *other;
    cJSON_ArrayForEach(e, clients) {
        const char *host = cJSON_GetObjectItem(e, "host")->valuestring;
        double busy = 0;
        cJSON_ArrayForEach(other, clients)
            if (strcmp(cJSON_GetObjectItem(other, "host")->valuestring, host) == 0)
                busy += json_number(other, "cpu.client_util", 0);
        cJSON *cpu = cJSON_GetObjectItem(e, "cpu");
        if (cJSON_IsObject(cpu) && busy >= CLIENT_BOUND_UTIL * json_number(e, "cpus", INFINITY))
            cJSON_ReplaceItemInObject(cpu, "client_bound", cJSON_CreateTrue());
    }
}

/* When the clients ran, on the harness's clock: how far apart they started, and how long they
 * all ran at once, also as a share of the shortest window (null without start times). */
static cJSON *window_of(const cJSON *clients)
{
    double first_start = INFINITY, last_start = -INFINITY, first_end = INFINITY, shortest = INFINITY;
    const cJSON *e;
    cJSON_ArrayForEach(e, clients) {
        double start = json_number(e, "start_us", NAN), end = json_number(e, "end_us", NAN);
        if (isnan(start) || isnan(end))
            return cJSON_CreateNull();
        first_start = fmin(first_start, start);
        last_start = fmax(last_start, start);
        first_end = fmin(first_end, end);
        shortest = fmin(shortest, end - start);
    }
    cJSON *w = cJSON_CreateObject();
    double overlap = fmax(0, first_end - last_start);
    cJSON_AddNumberToObject(w, "start_spread_us", last_start - first_start);
    cJSON_AddNumberToObject(w, "overlap_us", overlap);
    cJSON_AddNumberToObject(w, "overlap_ratio", shortest > 0 ? overlap / shortest : 0);
    return w;
}

static double thousandths(long double v)
{
    return round((double)v * 1000) / 1000;
}

/* latency_us as report.lua writes it, from the merged histogram; null without a sample. */
static cJSON *latency_of(const struct histogram *h)
{
    if (h->total == 0)
        return cJSON_CreateNull();
    cJSON *l = cJSON_CreateObject();
    long double mean = histogram_mean(h);
    cJSON_AddNumberToObject(l, "min", (double)h->b[0].value);
    cJSON_AddNumberToObject(l, "mean", thousandths(mean));
    cJSON_AddNumberToObject(l, "stdev", thousandths(histogram_stdev(h, mean)));
    cJSON_AddNumberToObject(l, "max", (double)h->b[h->n - 1].value);
    for (size_t i = 0; i < sizeof percentiles / sizeof *percentiles; i++)
        cJSON_AddNumberToObject(l, percentiles[i].name, (double)histogram_percentile(h, percentiles[i].p));
    return l;
}

/* Adds part's number at name (and, for an object, each of its numbers) into sum. */
static void add_count(cJSON *sum, const cJSON *part, const char *name)
{
    const cJSON *from = cJSON_GetObjectItem(part, name), *item;
    cJSON *into = cJSON_GetObjectItem(sum, name);
    if (cJSON_IsObject(from)) {
        if (!into)
            into = cJSON_AddObjectToObject(sum, name);
        cJSON_ArrayForEach(item, from)
            add_count(into, from, item->string);
    } else if (cJSON_IsNumber(from)) {
        if (!into)
            cJSON_AddNumberToObject(sum, name, from->valuedouble);
        else
            cJSON_SetNumberValue(into, into->valuedouble + from->valuedouble);
    }
}

/* The merged document: the clients' sums, the longest duration, the latency of the merged histogram. */
static cJSON *merged_of(cJSON *clients, const struct histogram *h)
{
    static const char *const summed[] = { "requests", "bytes", "errors", "requests_per_sec" };
    cJSON *m = cJSON_CreateObject();
    const cJSON *e;
    double longest = 0;
    cJSON_ArrayForEach(e, clients) {
        for (size_t i = 0; i < sizeof summed / sizeof *summed; i++)
            add_count(m, e, summed[i]);
        longest = fmax(longest, json_number(e, "duration_us", 0));
    }
    cJSON_AddNumberToObject(m, "duration_us", longest);
    cJSON_AddItemToObject(m, "latency_us", latency_of(h));
    cJSON_AddNumberToObject(m, "latency_count", (double)h->total);
    cJSON_AddItemToObject(m, "histogram_us", histogram_to_json(h));
    judge_hosts(clients);
    cJSON_AddItemToObject(m, "load_window", window_of(clients));
    cJSON_AddItemToObject(m, "load_clients", clients);
    return m;
}

int cmd_merge_wrk(int argc, char **argv)
{
    struct client *c = calloc((size_t)argc, sizeof *c);
    int n = c ? parse_clients(argc - 1, argv + 1, c) : -1;
    struct histogram all = HISTOGRAM_INIT;
    cJSON *clients = cJSON_CreateArray();
    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        struct histogram h = HISTOGRAM_INIT;
        cJSON *w = client_figures(&c[i], &h);
        ok = w && histogram_merge(&all, &h) == 0;
        if (w)
            cJSON_AddItemToArray(clients, client_entry(&c[i], w, &ok));
        cJSON_Delete(w);
        histogram_free(&h);
    }
    int rc = n < 0 ? 2 : !ok ? 1 : 0;
    if (rc == 0) {
        cJSON *merged = merged_of(clients, &all);
        rc = saved(atomic_write_json(argv[0], merged), argv[0]);
        cJSON_Delete(merged);
    } else {
        cJSON_Delete(clients);
    }
    histogram_free(&all);
    free(c);
    return rc;
}

cJSON *load_clients_take(cJSON *wrk)
{
    cJSON_DeleteItemFromObject(wrk, "histogram_us");
    cJSON *clients = cJSON_DetachItemFromObject(wrk, "load_clients");
    if (!clients)
        return NULL;
    cJSON *load = cJSON_CreateObject(), *window = cJSON_DetachItemFromObject(wrk, "load_window");
    cJSON_AddItemToObject(load, "load_clients", clients);
    cJSON_AddItemToObject(load, "load_window", window ? window : cJSON_CreateNull());
    return load;
}

void load_clients_check(cJSON *flags, const cJSON *load)
{
    double overlap = json_number(load, "load_window.overlap_ratio", 1);
    if (overlap < MIN_OVERLAP) {
        char text[48];
        snprintf(text, sizeof text, "clients_overlap=%.0f%%", 100 * overlap);
        cJSON_AddItemToArray(flags, cJSON_CreateString(text));
    }
}

bool load_clients_bound(const cJSON *load)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(load, "load_clients"))
        if (cJSON_IsTrue(json_at(e, "cpu.client_bound")))
            return true;
    return false;
}

void load_clients_record(cJSON *c, cJSON *load)
{
    cJSON *item;
    while (load && (item = load->child) != NULL)
        cJSON_AddItemToObject(c, item->string, cJSON_DetachItemViaPointer(load, item));
    cJSON_Delete(load);
}
