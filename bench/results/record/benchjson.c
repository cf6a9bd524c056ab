/* benchjson.c: the harness's JSON tool (bench/load/run.sh writes no JSON itself): dispatch and shared helpers. */
#include "benchjson.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: benchjson set FILE PATH=TEXT|PATH:=JSON|PATH[]=TEXT|PATH[]:=JSON...\n"
    "       benchjson add-case RUNS_JSON KEY=VALUE...   (see bench/results/record/benchjson_case.c)\n"
    "       benchjson summary RUN_DIR                   (writes RUN_DIR/summary.md)\n";

int complain(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("benchjson: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return status;
}

/* One fstat-sized read: result files are small, and a file that grows while
 * we read it is not one of ours (they are only ever replaced by rename). */
static char *slurp(FILE *f, size_t *len)
{
    struct stat st;
    if (fstat(fileno(f), &st) < 0)
        return NULL;
    char *text = malloc((size_t)st.st_size + 1);
    if (!text)
        return NULL;
    *len = fread(text, 1, (size_t)st.st_size, f);
    if (ferror(f)) {
        free(text);
        return NULL;
    }
    text[*len] = '\0';
    return text;
}

cJSON *json_load(const char *path, bool *missing)
{
    FILE *f = fopen(path, "rb");
    if (missing)
        *missing = !f && errno == ENOENT;
    if (!f) {
        if (!missing || !*missing)
            complain(1, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t len = 0;
    char *text = slurp(f, &len);
    int saved = errno;
    fclose(f);
    if (!text) {
        complain(1, "%s: %s", path, strerror(saved));
        return NULL;
    }
    /* len + 1 makes cJSON see the NUL, so trailing garbage is an error. */
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);
    free(text);
    if (!doc)
        complain(1, "%s: not valid JSON", path);
    return doc;
}

int write_atomically(const char *path, int (*writer)(FILE *, const void *), const void *ctx)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof tmp)
        return complain(1, "%s: path too long", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return complain(1, "%s: %s", tmp, strerror(errno));
    int ok = writer(f, ctx) == 0 && fflush(f) == 0 && fsync(fileno(f)) == 0;
    int saved = errno;
    ok = fclose(f) == 0 && ok;
    if (ok && rename(tmp, path) == 0)
        return 0;
    saved = errno ? errno : saved;
    unlink(tmp);
    return complain(1, "cannot write %s: %s", path, strerror(saved));
}

static int print_json(FILE *f, const void *doc)
{
    char *text = cJSON_Print(doc);
    int rc = text && fputs(text, f) >= 0 && fputc('\n', f) != EOF ? 0 : -1;
    cJSON_free(text);
    return rc;
}

int json_save(const char *path, const cJSON *doc)
{
    return write_atomically(path, print_json, doc);
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
            return complain(2, "unknown argument '%s'", argv[i]);
    }
    return 0;
}

double arg_number(int argc, char **argv, const char *key, double fallback, bool *ok)
{
    const char *text = arg_value(argc, argv, key);
    if (!text || !*text)
        return fallback;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || *end || !isfinite(v)) {
        complain(2, "%s: not a number: '%s'", key, text);
        *ok = false;
        return fallback;
    }
    return v;
}

double json_number(const cJSON *obj, const char *key, double fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}

void format_count(char *out, size_t len, double value)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", value);
    size_t n = strlen(digits), lead = digits[0] == '-', o = 0;
    for (size_t i = 0; i < n && o + 2 < len; i++) {
        out[o++] = digits[i];
        size_t left = n - i - 1;    /* digits still to come */
        if (i >= lead && left > 0 && left % 3 == 0)
            out[o++] = ',';
    }
    out[o] = '\0';
}

void format_us(char *out, size_t len, double us)
{
    if (us < 1000)
        snprintf(out, len, "%.0f us", us);
    else if (us < 1e6)
        snprintf(out, len, "%.*f ms", us < 1e4 ? 1 : 0, us / 1e3);
    else
        snprintf(out, len, "%.2f s", us / 1e6);
}

int main(int argc, char **argv)
{
    static const struct { const char *name; int (*run)(int, char **); } cmds[] = {
        { "set", cmd_set }, { "add-case", cmd_add_case }, { "summary", cmd_summary },
    };
    for (size_t i = 0; argc >= 3 && i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(argv[1], cmds[i].name) == 0)
            return cmds[i].run(argc - 2, argv + 2);
    fputs(usage, stderr);
    return 2;
}
