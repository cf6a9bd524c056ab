/* benchjson_case.c: "benchjson add-case": one load case into runs.json, with its integrity verdict.
 *
 *   benchjson add-case RUNS_JSON run_id=ID variant=V workload=W mode=M clients=N threads=N
 *       rep=N reps=N order=N duration_s=N warmup_s=N [wrk=FILE] [warmup=FILE] [server=FILE]
 *       [error=TEXT] [server_exit=N] [stop_timeout=0|1] [zombies=N] [fds_before=N] [fds_after=N]
 *       [client_cpu_s=X] [server_user_s=X server_system_s=X [cpus_allowed=N]] [wall_s=X]
 *       [timewait=N] [loadavg=X] [reference=1]
 *       [delay_ms=X] [server_cpus=N] [cpus_shared=1]
 *       [corpus_docs=N] [index_memory=P] [rss_kib=N] [anon_huge_kib=N] [shmem_kib=N]
 *       [steal_server=X] [steal_client=X] [governor=NAME] [mhz_server=X] [mhz_client=X]
 *
 * corpus_docs (a size sweep's corpus), index_memory (the servers' --index-memory) and the
 * server's memory once it listened (rss_kib, anon_huge_kib, shmem_kib: bench/load/lib/memory.sh)
 * are recorded when given, else left out.
 * wrk and warmup are the files bench/load/wrk/report.lua wrote for the measured
 * run and the warm-up; server is the server's --stats file. reference=1 marks
 * a yardstick (nginx) that keeps no such file: its counts are not judged. Absent checks are
 * recorded as null and not judged. Prints the case's headline for the
 * progress line: "14,812 conn/s  p99 4.1 ms  ok". */
#include "benchjson_case.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "resultset.h"

static const char *const keys[] = {
    "run_id", "variant", "workload", "mode", "clients", "threads", "rep", "reps", "order",
    "duration_s", "warmup_s", "wrk", "warmup", "server", "error", "server_exit", "stop_timeout",
    "zombies", "fds_before", "fds_after", "client_cpu_s", "server_user_s", "server_system_s",
    "cpus_allowed", "wall_s", "timewait", "loadavg", "reference", "delay_ms", "server_cpus", "cpus_shared",
    "corpus_docs", "index_memory", "rss_kib", "anon_huge_kib", "shmem_kib",
    "steal_server", "steal_client", "governor", "mhz_server", "mhz_client", NULL,
};
/* Recorded when given (after delay_ms): what the case ran on, and the server's memory at start. */
static const char *const optional_numbers[] = { "corpus_docs", "rss_kib", "anon_huge_kib", "shmem_kib", NULL };
static const char *const param_strings[] = { "variant", "workload", "mode", NULL };
static const char *const param_numbers[] = {
    "clients", "threads", "rep", "reps", "order", "duration_s", "warmup_s", NULL,
};
static const char *const wrk_errors[] = { "connect", "read", "write", "timeout", NULL };

double number(struct args *a, const char *key)
{
    return arg_number(a->argc, a->argv, key, NAN, &a->ok);
}

/* A number, or null when the harness could not measure it. */
void add_optional(cJSON *obj, const char *name, double v)
{
    cJSON_AddItemToObject(obj, name, isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v));
}

static int add_params(cJSON *c, struct args *a)
{
    for (const char *const *k = param_strings; *k; k++) {
        const char *v = arg_value(a->argc, a->argv, *k);
        if (!v || !*v)
            return fail(2, "add-case: %s= is required", *k);
        cJSON_AddStringToObject(c, *k, v);
    }
    for (const char *const *k = param_numbers; *k; k++) {
        double v = number(a, *k);
        if (isnan(v))
            return a->ok ? fail(2, "add-case: %s= is required", *k) : 2;
        cJSON_AddNumberToObject(c, *k, v);
    }
    add_optional(c, "delay_ms", number(a, "delay_ms"));     /* null: loopback or ssh */
    double cpus = number(a, "server_cpus");                 /* a SCALE sweep's only */
    if (!isnan(cpus)) {
        cJSON_AddNumberToObject(c, "server_cpus", cpus);
        cJSON_AddBoolToObject(c, "cpus_shared", number(a, "cpus_shared") == 1);
    }
    add_server_memory(c, a);
    return a->ok ? 0 : 2;
}

void add_server_memory(cJSON *c, struct args *a)
{
    const char *placement = arg_value(a->argc, a->argv, "index_memory");
    if (placement && *placement)
        cJSON_AddStringToObject(c, "index_memory", placement);
    for (const char *const *k = optional_numbers; *k; k++) {
        double v = number(a, *k);
        if (!isnan(v))
            cJSON_AddNumberToObject(c, *k, v);
    }
}

cJSON *load_wrk(const char *path)
{
    bool missing;
    cJSON *w = path ? json_load(path, &missing) : NULL;     /* report.lua's, with no schema (SCHEMA.md) */
    double requests = json_number(w, "requests", -1), duration = json_number(w, "duration_us", 0);
    if (requests < 0 || duration <= 0 || !cJSON_IsObject(cJSON_GetObjectItem(w, "errors"))) {
        cJSON_Delete(w);
        return NULL;
    }
    if (!cJSON_HasObjectItem(w, "requests_per_sec"))     /* merge-wrk's: the sum of the clients' rates */
        cJSON_AddNumberToObject(w, "requests_per_sec", requests / (duration / 1e6));
    return w;
}

void flag(cJSON *flags, const char *fmt, ...)
{
    char text[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    cJSON_AddItemToArray(flags, cJSON_CreateString(text));
}

static void check_wrk_errors(cJSON *flags, const cJSON *wrk)
{
    const cJSON *errors = cJSON_GetObjectItem(wrk, "errors");
    for (const char *const *k = wrk_errors; *k; k++)
        if (json_number(errors, *k, 0) > 0)
            flag(flags, "wrk.errors.%s=%.0f", *k, json_number(errors, *k, 0));
    if (json_number(errors, "status", 0) > 0)     /* wrk counts statuses > 399 there */
        flag(flags, "non2xx=%.0f", json_number(errors, "status", 0));
}

/* The server must have answered every request wrk counted (warm-up
 * included), and at most one more per connection and wrk run: a request in
 * flight when wrk stopped is served but never counted by wrk. */
static void check_server_count(cJSON *in, cJSON *flags, const cJSON *server, bool reference,
                               double counted, double allowance)
{
    double served = json_number(server, "requests", NAN);
    add_optional(in, "server_requests", served);
    cJSON_AddNumberToObject(in, "inflight_allowance", allowance);
    if (!server && !reference)
        flag(flags, "no_server_stats");
    else if (served < counted)
        flag(flags, "server_requests<wrk_requests");
    else if (served > counted + allowance)
        flag(flags, "server_requests>wrk_requests+%.0f", allowance);
}

/* With keep-alive, a server that never held every wrk connection at once
 * served some clients only after others hung up: wrk's rate then comes from
 * fewer clients than the table says, and the rest waited without a timeout
 * being counted. (Queued connections count as held: a thread pool starving
 * queued clients is not caught here.) */
static void check_concurrency(cJSON *flags, const cJSON *server, struct args *a)
{
    double peak = json_number(server, "peak_clients", NAN), clients = number(a, "clients");
    const char *mode = arg_value(a->argc, a->argv, "mode");
    if (mode && strcmp(mode, "keepalive") == 0 && peak < clients)
        flag(flags, "peak_clients=%.0f<%.0f", peak, clients);
}

void check_process(cJSON *in, cJSON *flags, struct args *a)
{
    double exit_status = number(a, "server_exit"), zombies = number(a, "zombies");
    double before = number(a, "fds_before"), after = number(a, "fds_after");
    bool stop_timeout = number(a, "stop_timeout") == 1;
    add_optional(in, "server_exit_status", exit_status);
    cJSON_AddBoolToObject(in, "stop_timeout", stop_timeout);
    add_optional(in, "zombies", zombies);
    add_optional(in, "fds_before", before);
    add_optional(in, "fds_after", after);
    if (zombies > 0)
        flag(flags, "zombies=%.0f", zombies);
    if (after > before)
        flag(flags, "fd_leak=%.0f", after - before);
    if (stop_timeout)
        flag(flags, "stop_timeout");
    if (exit_status != 0 && !isnan(exit_status))
        flag(flags, "server_exit=%.0f", exit_status);
}

/* Past STEAL_FLAG_SHARE the figures say as much about the other tenants of
 * the machine as about the server. */
void check_steal(cJSON *flags, struct args *a)
{
    static const char *const sides[] = { "steal_server", "steal_client", NULL };
    for (const char *const *k = sides; *k; k++) {
        double share = number(a, *k);
        if (share > STEAL_FLAG_SHARE)
            flag(flags, "%s=%.1f%%>%.0f%%", *k, share * 100, STEAL_FLAG_SHARE * 100);
    }
}

void check_huge_pages(cJSON *flags, const cJSON *server)
{
    if (cJSON_IsFalse(json_at(server, "index_memory.huge_pages")))
        flag(flags, "no_huge_pages");
}

static bool is_reference(struct args *a)
{
    return number(a, "reference") == 1;
}

static cJSON *integrity(const cJSON *wrk, const cJSON *warm, const cJSON *server, const cJSON *load,
                        struct args *a)
{
    cJSON *in = cJSON_CreateObject(), *flags = cJSON_CreateArray();
    double measured = json_number(wrk, "requests", 0), warmed = json_number(warm, "requests", 0);
    check_wrk_errors(flags, wrk);
    check_server_count(in, flags, server, is_reference(a), measured + warmed,
                       number(a, "clients") * (warm ? 2 : 1));
    cJSON_AddNumberToObject(in, "wrk_requests", measured);
    cJSON_AddNumberToObject(in, "warmup_requests", warmed);
    check_concurrency(flags, server, a);
    load_clients_check(flags, load);
    check_huge_pages(flags, server);
    check_process(in, flags, a);
    check_steal(flags, a);
    cJSON_AddBoolToObject(in, "ok", cJSON_GetArraySize(flags) == 0);
    cJSON_AddItemToObject(in, "flags", flags);
    return in;
}

/* The server's CPU per request wrk counted (resultset.c's, as the readers
 * derive it), in all, user and system; per connection in close mode only:
 * a keep-alive run opens a connection per client and holds it. */
static void add_costs(cJSON *c, cJSON *cpu)
{
    static const char *const names[3] = {"us_per_request", "us_per_request_user", "us_per_request_system"};
    double us[3];
    cJSON_AddItemToObject(c, "cpu", cpu);
    rs_cpu_per_request(c, us);
    for (int k = 0; k < 3; k++)
        add_optional(cpu, names[k], us[k]);
    add_optional(cpu, "us_per_connection", strcmp(cJSON_GetObjectItem(c, "mode")->valuestring, "close") == 0
                                               ? us[0] : NAN);
}

/* CPU time over wall time, in CPUs; with every wrk thread busy all along,
 * the client was the bottleneck and the server may be faster than shown.
 * The server's time is its process tree's, user and system apart; the
 * client's (wrk's, every client's) is its own, never mixed in. */
static cJSON *cpu_block(struct args *a, const cJSON *load)
{
    double client = number(a, "client_cpu_s"), user = number(a, "server_user_s");
    double sys = number(a, "server_system_s"), cpus = number(a, "cpus_allowed");
    double wall = number(a, "wall_s"), threads = number(a, "threads");
    if (isnan(client) || isnan(user) || isnan(sys) || !(wall > 0))
        return cJSON_CreateNull();
    cJSON *cpu = cJSON_CreateObject();
    cJSON_AddNumberToObject(cpu, "client_s", client);
    cJSON_AddNumberToObject(cpu, "server_s", user + sys);
    cJSON_AddNumberToObject(cpu, "server_user_s", user);
    cJSON_AddNumberToObject(cpu, "server_system_s", sys);
    cJSON_AddNumberToObject(cpu, "wall_s", wall);
    cJSON_AddNumberToObject(cpu, "client_util", client / wall);
    cJSON_AddNumberToObject(cpu, "server_util", (user + sys) / wall);
    add_optional(cpu, "server_cpus", cpus);
    cJSON_AddBoolToObject(cpu, "client_bound",
                          client / wall >= CLIENT_BOUND_UTIL * threads || load_clients_bound(load));
    return cpu;
}

/* What else was going on: just before the measured run, the machine's load
 * and the TIME_WAIT sockets left by earlier close-mode runs; during it, the
 * steal of the server's and the client's CPUs (bench/load/lib/noise.sh); at
 * its end, their governor and clock. null: not measured, or not readable. */
cJSON *system_block(struct args *a)
{
    cJSON *sys = cJSON_CreateObject();
    const char *governor = arg_value(a->argc, a->argv, "governor");
    add_optional(sys, "timewait_before", number(a, "timewait"));
    add_optional(sys, "loadavg_before", number(a, "loadavg"));
    add_optional(sys, "steal_server", number(a, "steal_server"));
    add_optional(sys, "steal_client", number(a, "steal_client"));
    cJSON_AddItemToObject(sys, "governor", governor && *governor ? cJSON_CreateString(governor) : cJSON_CreateNull());
    add_optional(sys, "mhz_server", number(a, "mhz_server"));
    add_optional(sys, "mhz_client", number(a, "mhz_client"));
    return sys;
}

/* ok, flagged or failed (then with the reason in "error"). */
static void set_status(cJSON *c, const cJSON *wrk, const cJSON *in, const char *error)
{
    if (!error && !wrk)
        error = "wrk wrote no figures";
    else if (!error && json_number(wrk, "requests", 0) == 0)
        error = "no response in the measured run";
    const char *status = error ? "failed" : cJSON_IsTrue(cJSON_GetObjectItem(in, "ok")) ? "ok" : "flagged";
    cJSON_AddStringToObject(c, "status", status);
    if (error)
        cJSON_AddStringToObject(c, "error", error);
}

static cJSON *build_case(struct args *a)
{
    cJSON *c = cJSON_CreateObject();
    if (add_params(c, a) != 0) {
        cJSON_Delete(c);
        return NULL;
    }
    cJSON *wrk = load_wrk(arg_value(a->argc, a->argv, "wrk"));
    cJSON *load = load_clients_take(wrk), *warm = load_wrk(arg_value(a->argc, a->argv, "warmup"));
    const char *server_path = arg_value(a->argc, a->argv, "server");
    static const struct schema stats_schema = {SCHEMA_SERVER_STATS, SERVER_STATS_VERSION, 0};
    cJSON *server = server_path ? json_load_schema(server_path, &stats_schema, &(bool){ 0 }) : NULL;
    cJSON *in = integrity(wrk, warm, server, load, a);
    cJSON_AddBoolToObject(c, "reference", is_reference(a));
    set_status(c, wrk, in, arg_value(a->argc, a->argv, "error"));
    cJSON_AddItemToObject(c, "wrk", wrk ? wrk : cJSON_CreateNull());
    cJSON_AddItemToObject(c, "server", server ? server : cJSON_CreateNull());
    cJSON_AddItemToObject(c, "integrity", in);
    cJSON *cpu = cpu_block(a, load);
    if (cJSON_IsNull(cpu))
        cJSON_AddItemToObject(c, "cpu", cpu);
    else
        add_costs(c, cpu);
    cJSON_AddItemToObject(c, "system", system_block(a));
    load_clients_record(c, load);
    cJSON_Delete(warm);
    return c;
}

/* The headline of the progress line. */
static void print_headline(const cJSON *c)
{
    const char *status = cJSON_GetObjectItem(c, "status")->valuestring;
    const cJSON *wrk = cJSON_GetObjectItem(c, "wrk");
    const cJSON *in = cJSON_GetObjectItem(c, "integrity");
    if (strcmp(status, "failed") == 0) {
        printf("FAILED: %s\n", cJSON_GetObjectItem(c, "error")->valuestring);
        return;
    }
    char rate[32], p99[32];
    format_count(rate, sizeof rate, json_number(wrk, "requests_per_sec", 0));
    format_us(p99, sizeof p99, json_number(wrk, "latency_us.p99", NAN));
    bool close = strcmp(cJSON_GetObjectItem(c, "mode")->valuestring, "close") == 0;
    printf("%s %s  p99 %s  %s", rate, close ? "conn/s" : "req/s", p99, status);
    if (cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "cpu"), "client_bound")))
        fputs(" (client-bound)", stdout);
    const cJSON *f;
    const char *sep = ": ";
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(in, "flags")) {
        printf("%s%s", sep, f->valuestring);
        sep = ", ";
    }
    putchar('\n');
}

/* The runs document: loaded, or new; refuses one of another kind or run.
 * Written back at this program's version: version 2 only adds to version 1. */
static cJSON *runs_document(const char *path, const char *run_id)
{
    static const struct schema runs_schema = {SCHEMA_RUNS, RUNS_VERSION, RUNS_OLDEST_VERSION};
    cJSON *doc = run_document(path, &runs_schema, run_id, "cases");
    if (doc)
        cJSON_SetNumberValue(cJSON_GetObjectItem(doc, "version"), RUNS_VERSION);
    return doc;
}

int append_case(const char *path, const char *run_id, cJSON *c, void (*headline)(const cJSON *c))
{
    cJSON *doc = runs_document(path, run_id);
    if (!doc) {
        cJSON_Delete(c);
        return 1;
    }
    cJSON_AddItemToArray(cJSON_GetObjectItem(doc, "cases"), c);
    int rc = saved(atomic_write_json(path, doc), path);
    if (rc == 0)
        headline(c);
    cJSON_Delete(doc);
    return rc;
}

int cmd_add_case(int argc, char **argv)
{
    struct args a = { argc - 1, argv + 1, true };
    const char *run_id = arg_value(a.argc, a.argv, "run_id");
    if (args_check(a.argc, a.argv, keys) != 0)
        return 2;
    if (!run_id || !*run_id)
        return fail(2, "add-case: run_id= is required");
    cJSON *c = build_case(&a);
    if (!c || !a.ok) {
        cJSON_Delete(c);
        return 2;
    }
    return append_case(argv[0], run_id, c, print_headline);
}
