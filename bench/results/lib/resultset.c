/* resultset.c: loads and checks the JSON documents of a result directory; groups runs.json into cases. */
#include "resultset.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SCHEMA_VERSION 1
#define CMP(x, y) (((x) > (y)) - ((x) < (y)))

/* The order of tables and legends; plots/style.gp gives them colours in the same order. */
static const char *const variant_order[] = {
    "sequential", "fork", "doublefork", "pthread", "threadpool", "prefork", "select", "epoll", "nginx",
};

struct document {
    unsigned bit;
    const char *file, *schema;
};

static const struct document documents[] = {
    {RS_ENV, "env.json", "searchbench.env"},
    {RS_RUNS, "runs.json", "searchbench.runs"},
    {RS_MICRO, "micro.json", "searchbench.micro"},
};

/* Reads a whole file into a NUL-terminated buffer; NULL with errno set. */
static char *slurp(const char *path, size_t *len)
{
    struct stat st;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (f && fstat(fileno(f), &st) == 0 && (buf = malloc((size_t)st.st_size + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)st.st_size, f);
        buf[*len] = '\0';
    }
    int saved = errno;
    if (f)
        fclose(f);
    errno = saved;
    return buf;
}

/* Every document names its schema and version (results/SCHEMA.md); a
 * version this program does not know is refused rather than misread. */
static int check_schema(const cJSON *doc, const struct document *d, const char *path)
{
    const char *prog = program_invocation_short_name;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(doc, "version");
    if (!cJSON_IsString(name) || strcmp(name->valuestring, d->schema) != 0) {
        fprintf(stderr, "%s: %s: not a %s document\n", prog, path, d->schema);
        return -1;
    }
    if (!cJSON_IsNumber(version) || version->valuedouble != SCHEMA_VERSION) {
        char v[64];
        fprintf(stderr, "%s: %s: unknown schema version %s (this program reads version %d)\n", prog,
                path, rs_text(version, "", v, sizeof v), SCHEMA_VERSION);
        return -1;
    }
    return 0;
}

/* *doc stays NULL when the file is absent and not required. */
static int load_doc(const char *dir, const struct document *d, int required, cJSON **doc)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, d->file);
    char *text = slurp(path, &len);
    if (!text) {
        if (errno == ENOENT && !required)
            return 0;
        fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, path, strerror(errno));
        return -1;
    }
    /* len + 1: cJSON sees the NUL, so trailing garbage is an error. */
    *doc = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);
    free(text);
    if (!*doc) {
        fprintf(stderr, "%s: %s: not valid JSON\n", program_invocation_short_name, path);
        return -1;
    }
    return check_schema(*doc, d, path);
}

static struct rs_case *find_case(struct rs_case *cases, size_t n, const struct rs_case *like)
{
    for (size_t i = 0; i < n; i++)
        if (cases[i].clients == like->clients && strcmp(cases[i].variant, like->variant) == 0
            && rs_same_section(&cases[i], like) && rs_same_delay(cases[i].delay_ms, like->delay_ms))
            return &cases[i];
    return NULL;
}

/* The figures of one repetition; 0 when it has none (it failed). */
static int wrk_values(const cJSON *item, double v[RS_METRICS])
{
    static const char *const path[RS_METRICS] = {
        "wrk.requests_per_sec", "wrk.latency_us.p50", "wrk.latency_us.p99",
    };
    for (int m = 0; m < RS_METRICS; m++) {
        const cJSON *x = rs_get(item, path[m]);
        if (!cJSON_IsNumber(x))
            return 0;
        v[m] = x->valuedouble;
    }
    return 1;
}

static void add_issue(struct rs_case *c, const cJSON *item, const char *what, const char *detail_path)
{
    char detail[160], rep[32];
    size_t used = strlen(c->issues);
    snprintf(c->issues + used, sizeof c->issues - used, "%srep %s %s (%s)", used ? "; " : "",
             rs_text(item, "rep", rep, sizeof rep), what, rs_text(item, detail_path, detail, sizeof detail));
}

static int add_values(struct rs_case *c, const double v[RS_METRICS])
{
    for (int m = 0; m < RS_METRICS; m++) {
        double *grown = realloc(c->value[m], (c->measured + 1) * sizeof *grown);
        if (!grown)
            return -1;
        c->value[m] = grown;
        grown[c->measured] = v[m];
    }
    c->measured++;
    return 0;
}

/* Variants, workloads and modes become parts of file names (plotdata's .dat
 * files, compare-results --plot's figures): plain words of a sane length. */
static int is_plain_name(const char *s)
{
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
    return n > 0 && n <= 64 && s[n] == '\0';
}

/* Files one repetition under its case; -1 with *why set on bad input. */
static int add_repetition(struct rs_run *run, const cJSON *item, const char **why)
{
    const cJSON *variant = cJSON_GetObjectItemCaseSensitive(item, "variant");
    const cJSON *workload = cJSON_GetObjectItemCaseSensitive(item, "workload");
    const cJSON *mode = cJSON_GetObjectItemCaseSensitive(item, "mode");
    const cJSON *clients = cJSON_GetObjectItemCaseSensitive(item, "clients");
    const cJSON *delay = cJSON_GetObjectItemCaseSensitive(item, "delay_ms");
    *why = "lacks variant, workload, mode or clients";
    if (!cJSON_IsString(variant) || !cJSON_IsString(workload) || !cJSON_IsString(mode)
        || !cJSON_IsNumber(clients))
        return -1;
    *why = "has a variant, workload or mode that is not a plain name (1 to 64 letters, digits, '-', '_', '.')";
    if (!is_plain_name(variant->valuestring) || !is_plain_name(workload->valuestring)
        || !is_plain_name(mode->valuestring))
        return -1;
    *why = "has a delay_ms that is neither a number nor null";
    if (delay && !cJSON_IsNumber(delay) && !cJSON_IsNull(delay))
        return -1;
    struct rs_case key = {.variant = variant->valuestring, .workload = workload->valuestring,
                          .mode = mode->valuestring, .clients = clients->valueint,
                          .delay_ms = cJSON_IsNumber(delay) ? delay->valuedouble : NAN};
    *why = "out of memory";
    struct rs_case *c = find_case(run->cases, run->n_cases, &key);
    if (!c) {
        struct rs_case *grown = realloc(run->cases, (run->n_cases + 1) * sizeof *grown);
        if (!grown)
            return -1;
        run->cases = grown;
        c = &grown[run->n_cases++];
        *c = key;
    }
    c->reps++;
    double v[RS_METRICS];
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(item, "status");
    if (!wrk_values(item, v) || (cJSON_IsString(status) && strcmp(status->valuestring, "failed") == 0)) {
        c->failed++;
        add_issue(c, item, "failed", "error");
        return 0;
    }
    if (!cJSON_IsString(status) || strcmp(status->valuestring, "ok") != 0) {
        c->flagged++;
        add_issue(c, item, "flagged", "integrity.flags");
    }
    return add_values(c, v);
}

static size_t variant_rank(const char *variant)
{
    size_t i = 0, n = sizeof variant_order / sizeof *variant_order;
    while (i < n && strcmp(variant_order[i], variant) != 0)
        i++;
    return i;
}

/* Workloads and modes in the order the run used them; variants in the fixed order; delays ascending. */
static int by_section_variant_clients(const void *pa, const void *pb)
{
    const struct rs_case *a = pa, *b = pb;
    int c = CMP(a->workload_rank, b->workload_rank);
    c = c ? c : CMP(a->mode_rank, b->mode_rank);
    c = c ? c : CMP(variant_rank(a->variant), variant_rank(b->variant));
    c = c ? c : strcmp(a->variant, b->variant);
    c = c ? c : CMP(a->clients, b->clients);
    return c ? c : rs_delay_cmp(a->delay_ms, b->delay_ms);
}

static int collect_cases(struct rs_run *run)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(run->runs, "cases"), *item;
    const char *why = "";
    size_t i = 0;
    if (!cJSON_IsArray(list)) {
        fprintf(stderr, "%s: %s/runs.json: no \"cases\" array\n", program_invocation_short_name, run->dir);
        return -1;
    }
    cJSON_ArrayForEach(item, list) {
        if (add_repetition(run, item, &why) != 0) {
            fprintf(stderr, "%s: %s/runs.json: case %zu %s\n", program_invocation_short_name, run->dir, i, why);
            return -1;
        }
        i++;
    }
    struct rs_case *c = run->cases;
    for (size_t k = 0; k < run->n_cases; k++) {
        /* Rank: the index of the first case with the same workload (mode). */
        while (strcmp(c[c[k].workload_rank].workload, c[k].workload) != 0)
            c[k].workload_rank++;
        while (strcmp(c[c[k].mode_rank].mode, c[k].mode) != 0)
            c[k].mode_rank++;
        for (int m = 0; m < RS_METRICS && c[k].measured > 0; m++)
            micro_summarize(c[k].value[m], c[k].measured, &c[k].stats[m]);
    }
    qsort(c, run->n_cases, sizeof *c, by_section_variant_clients);
    return 0;
}

int rs_open(const char *dir, unsigned want, unsigned required, struct rs_run *run)
{
    struct stat st;
    cJSON **slot[] = {&run->env, &run->runs, &run->micro};
    *run = (struct rs_run){.dir = dir};
    int err = stat(dir, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    if (err) {
        fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, dir, strerror(err));
        return -1;
    }
    for (size_t i = 0; i < sizeof documents / sizeof *documents; i++)
        if ((want & documents[i].bit)
            && load_doc(dir, &documents[i], (required & documents[i].bit) != 0, slot[i]) != 0)
            return -1;
    return run->runs ? collect_cases(run) : 0;
}

void rs_close(struct rs_run *run)
{
    for (size_t i = 0; i < run->n_cases; i++)
        for (int m = 0; m < RS_METRICS; m++)
            free(run->cases[i].value[m]);
    free(run->cases);
    cJSON_Delete(run->env);
    cJSON_Delete(run->runs);
    cJSON_Delete(run->micro);
}

const char *rs_label(const struct rs_run *run)
{
    const cJSON *id = rs_get(run->env, "run_id");
    return cJSON_IsString(id) ? id->valuestring : run->dir;
}

const struct rs_case *rs_find(const struct rs_run *run, const struct rs_case *like)
{
    return find_case(run->cases, run->n_cases, like);
}

int rs_same_section(const struct rs_case *a, const struct rs_case *b)
{
    return strcmp(a->workload, b->workload) == 0 && strcmp(a->mode, b->mode) == 0;
}

int rs_delay_cmp(double a, double b)
{
    return isnan(a) || isnan(b) ? CMP(!isnan(a), !isnan(b)) : CMP(a, b);
}

int rs_same_delay(double a, double b)
{
    return rs_delay_cmp(a, b) == 0;
}

int rs_has_issues(const struct rs_case *c)
{
    return c->flagged + c->failed > 0;
}

/* The member of obj whose name is the n bytes at key (key itself may go on). */
static const cJSON *member(const cJSON *obj, const char *key, size_t n)
{
    const cJSON *child;
    cJSON_ArrayForEach(child, obj)
        if (child->string && strncmp(child->string, key, n) == 0 && child->string[n] == '\0')
            return child;
    return NULL;
}

const cJSON *rs_get(const cJSON *doc, const char *path)
{
    for (const char *dot; doc && *path; path = *dot ? dot + 1 : dot) {
        dot = path + strcspn(path, ".");
        doc = cJSON_IsObject(doc) ? member(doc, path, (size_t)(dot - path)) : NULL;
    }
    return doc;
}

/* Strings as they are, numbers shortest, arrays joined with ", ", absent or null "-". */
static void render(const cJSON *v, char *buf, size_t len)
{
    const cJSON *item;
    snprintf(buf, len, "-");
    if (cJSON_IsString(v))
        snprintf(buf, len, "%s", v->valuestring);
    else if (cJSON_IsNumber(v))
        snprintf(buf, len, "%.15g", v->valuedouble);
    else if (cJSON_IsBool(v))
        snprintf(buf, len, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0) {
        size_t used = 0;
        cJSON_ArrayForEach(item, v) {
            if (used + 3 >= len)
                break;
            if (used > 0)
                used += (size_t)snprintf(buf + used, len - used, ", ");
            render(item, buf + used, len - used);
            used += strlen(buf + used);
        }
    }
}

const char *rs_text(const cJSON *doc, const char *path, char *buf, size_t len)
{
    render(rs_get(doc, path), buf, len);
    return buf;
}
