/* jsonget.c: prints the values at dotted paths of a JSON file, so shell scripts need no jq. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* Reads all of path into a NUL-terminated buffer; NULL with errno set. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    int failed = 0;
    if (!f)
        return NULL;
    do {
        if (cap - n < 4096) {
            char *bigger = realloc(buf, 2 * cap + 4096);
            if (!bigger) {
                failed = 1;
                break;
            }
            buf = bigger;
            cap = 2 * cap + 4096;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    failed = failed || ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) {
        free(buf);
        errno = saved ? saved : EIO;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Follows "a.b.0.c": object keys, or decimal indexes into arrays. A key that
 * itself contains a dot cannot be reached. */
static const cJSON *lookup(const cJSON *node, const char *path)
{
    char seg[256];
    while (node && *path) {
        size_t len = strcspn(path, ".");
        if (len >= sizeof seg)
            return NULL;
        memcpy(seg, path, len);
        seg[len] = '\0';
        path += len + (path[len] == '.');
        if (cJSON_IsArray(node)) {
            char *end;
            long i = strtol(seg, &end, 10);
            node = *end || end == seg || i < 0 || i > 1000000000 ? NULL : cJSON_GetArrayItem(node, (int)i);
        } else {
            node = cJSON_GetObjectItemCaseSensitive(node, seg);
        }
    }
    return node;
}

/* Numbers that are integers print without a fraction (up to 2^53, where
 * doubles stop being exact); strings print raw; the rest as compact JSON. */
static void print_value(const cJSON *v)
{
    double d = v->valuedouble;
    if (cJSON_IsString(v)) {
        puts(v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        printf(d == floor(d) && fabs(d) <= 9007199254740992.0 ? "%.0f\n" : "%.17g\n", d);
    } else {
        char *text = cJSON_PrintUnformatted(v);
        if (text)
            puts(text);
        cJSON_free(text);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: jsonget FILE [PATH...]   (PATH like stats.p50_us or results.0.mean)\n", stderr);
        return 2;
    }
    size_t len;
    char *text = read_file(argv[1], &len);
    if (!text) {
        fprintf(stderr, "jsonget: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    /* len + 1: cJSON only checks for trailing garbage up to a NUL it can see. */
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);
    free(text);
    if (!doc) {
        fprintf(stderr, "jsonget: %s: not valid JSON\n", argv[1]);
        return 2;
    }
    /* One value per line, in order; several paths save a process per value. */
    int rc = 0;
    for (int i = 2; i < argc && rc == 0; i++) {
        const cJSON *v = lookup(doc, argv[i]);
        if (v) {
            print_value(v);
        } else {
            fprintf(stderr, "jsonget: %s: no value at '%s'\n", argv[1], argv[i]);
            rc = 1;
        }
    }
    cJSON_Delete(doc);
    return rc;
}
