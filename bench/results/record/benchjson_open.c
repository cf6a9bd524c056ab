/* benchjson_open.c: "benchjson add-open": one open-loop run (httperf offering a fixed rate) into runs.json,
 * with its integrity verdict and the client's limits (results/SCHEMA.md, "Open-loop cases").
 *
 *   benchjson add-open RUNS_JSON run_id=ID variant=V workload=W rung=fraction|absolute [fraction=X]
 *       [capacity=X] offered=X connections=N duration_s=N timeout_s=X rep=N reps=N order=N
 *       httperf=PREFIX... [server=FILE] [error=TEXT] [server_exit=N] [stop_timeout=0|1] [zombies=N]
 *       [fds_before=N] [fds_after=N] [server_user_s=X] [server_system_s=X] [cpus_allowed=N] [wall_s=X]
 *       [server_cpus_busy=X] [timewait=N] [loadavg=X] [reference=1] [delay_ms=X]
 *       [index_memory=P] [rss_kib=N] [anon_huge_kib=N] [shmem_kib=N]   (as add-case's)
 *       [steal_server=X] [steal_client=X] [governor=NAME] [mhz_server=X] [mhz_client=X]   (as add-case's)
 *
 * Each httperf=PREFIX is one httperf process: PREFIX.out and PREFIX.err are
 * its stdout and stderr, read by bench/results/lib/httperfout.c; several are
 * summed (benchjson_httperf.c). A report that does not parse fails the run, named
 * in its "error". Prints the run's headline for the progress line:
 * "1,311/s offered  served 874/s (67%)  p50 812 ms  1,144 us/conn  ok". */
#include "benchjson_open.h"

#include <math.h>
#include <string.h>

/* The server's CPUs were busy below this share of their time: a run the
 * client could not offer in full was limited by the client, not the server. */
#define SERVER_BUSY_UTIL 0.85

/* EADDRNOTAVAIL: httperf 0.9.0 counts running out of local ports as "other". */
#define ERRNO_ADDRNOTAVAIL 99

static const char *const keys[] = {
    "run_id", "variant", "workload", "rung", "fraction", "capacity", "offered", "connections", "duration_s",
    "timeout_s", "rep", "reps", "order", "httperf", "server", "error", "server_exit", "stop_timeout", "zombies",
    "fds_before", "fds_after", "server_user_s", "server_system_s", "cpus_allowed", "server_cpus_busy", "wall_s",
    "timewait", "loadavg", "reference", "delay_ms", "index_memory", "rss_kib", "anon_huge_kib", "shmem_kib",
    "steal_server", "steal_client", "governor", "mhz_server", "mhz_client", NULL,
};
static const char *const param_numbers[] = {
    "offered", "connections", "duration_s", "timeout_s", "rep", "reps", "order", NULL,
};

static int add_params(cJSON *c, struct args *a)
{
    const char *variant = arg_value(a->argc, a->argv, "variant"), *workload = arg_value(a->argc, a->argv, "workload");
    const char *rung = arg_value(a->argc, a->argv, "rung");
    if (!variant || !*variant || !workload || !*workload)
        return fail(2, "add-open: variant= and workload= are required");
    if (!rung || (strcmp(rung, "fraction") != 0 && strcmp(rung, "absolute") != 0))
        return fail(2, "add-open: rung= must be fraction or absolute");
    cJSON_AddStringToObject(c, "load", "open");
    cJSON_AddStringToObject(c, "variant", variant);
    cJSON_AddStringToObject(c, "workload", workload);
    cJSON_AddStringToObject(c, "mode", "close");    /* one request per connection, Connection: close */
    cJSON_AddStringToObject(c, "rung", rung);
    add_optional(c, "fraction", number(a, "fraction"));
    add_optional(c, "capacity_per_sec", number(a, "capacity"));
    for (const char *const *k = param_numbers; *k; k++) {
        double v = number(a, *k);
        if (isnan(v))
            return a->ok ? fail(2, "add-open: %s= is required", *k) : 2;
        cJSON_AddNumberToObject(c, strcmp(*k, "offered") == 0 ? "offered_per_sec" : *k, v);
    }
    add_optional(c, "delay_ms", number(a, "delay_ms"));
    add_server_memory(c, a);
    return a->ok ? 0 : 2;
}

/* The reports of every httperf=PREFIX, summed into *sum; the processes
 * counted in *n. -1 with why when one is missing or does not parse. */
static int read_reports(struct args *a, struct hp_sum *sum, int *n, char *why, size_t len)
{
    *n = 0;
    for (int i = 0; i < a->argc; i++) {
        if (strncmp(a->argv[i], "httperf=", 8) != 0)
            continue;
        struct hp_report r;
        if (hp_read(a->argv[i] + 8, &r, why, len) != 0)
            return -1;
        hp_add(sum, &r, (*n)++ == 0);
    }
    if (*n == 0)
        snprintf(why, len, "no httperf report");
    return *n ? 0 : -1;
}

/* What kept httperf from offering every connection it was asked for, as
 * flags: its descriptors (FD_SETSIZE), local ports, the system's file
 * table, or falling behind its own schedule by more than the last
 * connections' lifetimes explain. */
static cJSON *client_limits(const struct hp_sum *s, struct args *a)
{
    cJSON *limits = cJSON_CreateArray();
    const struct hp_report *r = &s->total;
    double ports = r->errors[HP_ADDRUNAVAIL] + (r->unexpected_errno == ERRNO_ADDRNOTAVAIL ? r->errors[HP_OTHER] : 0);
    if (r->errors[HP_FD_UNAVAIL] > 0)
        flag(limits, "fd-unavail=%.0f", r->errors[HP_FD_UNAVAIL]);
    if (ports > 0)
        flag(limits, "addrunavail=%.0f", ports);
    if (r->errors[HP_FTAB_FULL] > 0)
        flag(limits, "ftab-full=%.0f", r->errors[HP_FTAB_FULL]);
    double schedule = number(a, "connections") / number(a, "offered"), timeouts = r->errors[HP_CLIENT_TIMO]
        + r->errors[HP_SOCKET_TIMO];
    double tail = fmax(r->conn_ms[HP_MAX] / 1000, timeouts > 0 ? 2 * number(a, "timeout_s") : 0);
    double lag = r->duration_s - schedule;
    if (lag > tail + 0.1 + 0.02 * schedule)
        flag(limits, "behind_schedule=%.2fs", lag);
    return limits;
}

/* The server's stats against what httperf counted: every reply httperf got
 * was counted by the server, and the server counted no request httperf did not send. */
static cJSON *integrity(const struct hp_sum *s, const cJSON *server, struct args *a)
{
    cJSON *in = cJSON_CreateObject(), *flags = cJSON_CreateArray();
    const struct hp_report *r = &s->total;
    double served = json_number(server, "requests", NAN);
    add_optional(in, "server_requests", served);
    cJSON_AddNumberToObject(in, "httperf_requests", r->requests);
    cJSON_AddNumberToObject(in, "httperf_replies", r->replies);
    if (!server && number(a, "reference") != 1)
        flag(flags, "no_server_stats");
    else if (served < r->replies)
        flag(flags, "server_requests<replies");
    else if (served > r->requests)
        flag(flags, "server_requests>requests");
    if (r->replies > r->status[1])
        flag(flags, "non2xx=%.0f", r->replies - r->status[1]);
    if (r->errors[HP_OTHER] > 0 && r->unexpected_errno != ERRNO_ADDRNOTAVAIL)
        flag(flags, "httperf.errors.other=%.0f (errno %d)", r->errors[HP_OTHER], r->unexpected_errno);
    check_huge_pages(flags, server);
    check_process(in, flags, a);
    check_steal(flags, a);
    cJSON_AddBoolToObject(in, "ok", cJSON_GetArraySize(flags) == 0);
    cJSON_AddItemToObject(in, "flags", flags);
    return in;
}

/* The server's CPU over the run, its cost per completed connection, and
 * whether the client set the pace: it could not offer everything while the
 * server had CPU to spare. The server's CPUs count busy whoever used them:
 * the kernel's network work (softirq, partly for the client's end of a
 * loopback connection) is not the server process's time, and on a shared
 * machine other processes may take the CPUs; neither leaves the server time
 * to spare. null when the CPU time was not measured. */
static cJSON *cpu_block(const struct hp_sum *s, const cJSON *limits, struct args *a)
{
    double user = number(a, "server_user_s"), sys = number(a, "server_system_s"), wall = number(a, "wall_s");
    double cpus = number(a, "cpus_allowed"), client = s->total.cpu_user_s + s->total.cpu_system_s;
    double cpus_busy = number(a, "server_cpus_busy");
    if (isnan(user) || isnan(sys) || !(wall > 0) || !(cpus > 0))
        return cJSON_CreateNull();
    cJSON *cpu = cJSON_CreateObject();
    cJSON_AddNumberToObject(cpu, "server_user_s", user);
    cJSON_AddNumberToObject(cpu, "server_system_s", sys);
    cJSON_AddNumberToObject(cpu, "server_s", user + sys);
    cJSON_AddNumberToObject(cpu, "wall_s", wall);
    cJSON_AddNumberToObject(cpu, "server_cpus", cpus);
    cJSON_AddNumberToObject(cpu, "server_util", (user + sys) / wall);
    add_optional(cpu, "server_cpus_busy", cpus_busy);
    cJSON_AddNumberToObject(cpu, "client_s", client);
    cJSON_AddNumberToObject(cpu, "client_util", client / wall);
    double replies = s->total.replies > 0 ? s->total.replies : NAN;
    add_optional(cpu, "us_per_connection", (user + sys) * 1e6 / replies);
    add_optional(cpu, "us_per_connection_user", user * 1e6 / replies);
    add_optional(cpu, "us_per_connection_system", sys * 1e6 / replies);
    cJSON_AddBoolToObject(cpu, "client_bound", cJSON_GetArraySize(limits) > 0
                          && (user + sys) / wall < SERVER_BUSY_UTIL * cpus && !(cpus_busy >= SERVER_BUSY_UTIL));
    return cpu;
}

/* The figures of a run that has them; status failed with the reason otherwise. */
static void add_figures(cJSON *c, struct args *a, const char *error)
{
    struct hp_sum sum;
    char why[300];
    int processes;
    const char *server_path = arg_value(a->argc, a->argv, "server");
    static const struct schema stats_schema = {SCHEMA_SERVER_STATS, SERVER_STATS_VERSION, 0};
    cJSON *server = server_path ? json_load_schema(server_path, &stats_schema, &(bool){ 0 }) : NULL;
    int parsed = read_reports(a, &sum, &processes, why, sizeof why) == 0;
    if (!error && !parsed)
        error = why;
    cJSON_AddNumberToObject(c, "processes", processes);
    cJSON_AddBoolToObject(c, "reference", number(a, "reference") == 1);
    cJSON_AddStringToObject(c, "status", error ? "failed" : "ok");
    if (error)
        cJSON_AddStringToObject(c, "error", error);
    cJSON *limits = parsed ? client_limits(&sum, a) : cJSON_CreateArray();
    cJSON_AddItemToObject(c, "httperf", parsed ? hp_json(&sum) : cJSON_CreateNull());
    add_optional(c, "served_per_sec", parsed ? sum.total.status[1] / sum.total.duration_s : NAN);
    add_optional(c, "served_share", parsed ? sum.total.status[1] / number(a, "connections") : NAN);
    cJSON_AddItemToObject(c, "server", server ? server : cJSON_CreateNull());
    cJSON *in = integrity(&sum, server, a);
    if (!error && !cJSON_IsTrue(cJSON_GetObjectItem(in, "ok")))
        cJSON_SetValuestring(cJSON_GetObjectItem(c, "status"), "flagged");
    cJSON_AddItemToObject(c, "integrity", in);
    cJSON_AddItemToObject(c, "cpu", parsed ? cpu_block(&sum, limits, a) : cJSON_CreateNull());
    cJSON_AddItemToObject(c, "client_limits", limits);
    cJSON_AddItemToObject(c, "system", system_block(a));
}

/* "1,311/s offered  served 874/s (67%)  p50 812 ms  1,144 us/conn  ok (client-bound: fd-unavail=12)". */
static void print_headline(const cJSON *c)
{
    char offered[32], served[32], p50[32], cost[32];
    const cJSON *f;
    format_count(offered, sizeof offered, json_number(c, "offered_per_sec", 0));
    printf("%s/s offered  ", offered);
    if (strcmp(cJSON_GetObjectItem(c, "status")->valuestring, "failed") == 0) {
        printf("FAILED: %s\n", cJSON_GetObjectItem(c, "error")->valuestring);
        return;
    }
    double rate = json_number(c, "served_per_sec", 0), us = json_number(c, "cpu.us_per_connection", NAN);
    printf("served %s/s (%.0f%%)  p50 %s  %s us/conn  %s", format_count(served, sizeof served, rate),
           100 * json_number(c, "served_share", 0),
           format_us(p50, sizeof p50, 1000 * json_number(c, "httperf.connection_time_ms.median", NAN)),
           isnan(us) ? "-" : format_count(cost, sizeof cost, us), cJSON_GetObjectItem(c, "status")->valuestring);
    const char *sep = cJSON_IsTrue(json_at(c, "cpu.client_bound")) ? " (client-bound: " : " (client limit: ";
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(c, "client_limits")) {
        printf("%s%s", sep, f->valuestring);
        sep = ", ";
    }
    fputs(strcmp(sep, ", ") == 0 ? ")" : "", stdout);
    sep = ": ";
    cJSON_ArrayForEach(f, json_at(c, "integrity.flags")) {
        printf("%s%s", sep, f->valuestring);
        sep = ", ";
    }
    putchar('\n');
}

int cmd_add_open(int argc, char **argv)
{
    struct args a = {argc - 1, argv + 1, true};
    const char *run_id = arg_value(a.argc, a.argv, "run_id");
    if (args_check(a.argc, a.argv, keys) != 0)
        return 2;
    if (!run_id || !*run_id)
        return fail(2, "add-open: run_id= is required");
    cJSON *c = cJSON_CreateObject();
    if (add_params(c, &a) != 0) {
        cJSON_Delete(c);
        return 2;
    }
    add_figures(c, &a, arg_value(a.argc, a.argv, "error"));
    if (!a.ok) {
        cJSON_Delete(c);
        return 2;
    }
    return append_case(argv[0], run_id, c, print_headline);
}
