/* jsonfile.c: reading a results file: the whole file, parsed by cJSON, its schema name and version checked. */
#include "jsonfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fail.h"
#include "jsonpath.h"

/* Sized by fstat, but read until EOF: a pipe has no size (and the results
 * files are small). */
char *file_read(const char *path, size_t *len)
{
    struct stat st;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    /* + 2: the read asks for one byte more than the file holds, and so meets EOF. */
    size_t cap = fstat(fileno(f), &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 2 : 4096, n = 0;
    char *buf = NULL;
    int err = 0;
    for (;; cap *= 2) {
        char *bigger = realloc(buf, cap);
        if (!bigger) {
            err = ENOMEM;
            break;
        }
        buf = bigger;
        n += fread(buf + n, 1, cap - n - 1, f);
        if (ferror(f))
            err = errno ? errno : EIO;
        if (err || n < cap - 1)
            break;
    }
    fclose(f);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

cJSON *json_load(const char *path, bool *missing)
{
    size_t len;
    char *text = file_read(path, &len);
    if (missing)
        *missing = !text && errno == ENOENT;
    if (!text) {
        if (!missing || !*missing)
            fail_errno(1, path);
        return NULL;
    }
    /* len + 1: cJSON sees the NUL, so trailing garbage is an error. */
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);
    free(text);
    if (!doc)
        fail(1, "%s: not valid JSON", path);
    return doc;
}

/* A version this program does not know is refused rather than misread. */
int schema_check(const cJSON *doc, const char *path, const struct schema *s)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(doc, "version");
    char text[64], versions[64];
    int oldest = s->oldest ? s->oldest : s->version;
    if (!cJSON_IsString(name) || strcmp(name->valuestring, s->name) != 0)
        return fail(-1, "%s: not a %s document", path, s->name);
    if (cJSON_IsNumber(version) && version->valuedouble >= oldest && version->valuedouble <= s->version
        && version->valuedouble == (int)version->valuedouble)
        return 0;
    if (oldest == s->version)
        snprintf(versions, sizeof versions, "version %d", s->version);
    else
        snprintf(versions, sizeof versions, "versions %d to %d", oldest, s->version);
    return fail(-1, "%s: unknown schema version %s (this program reads %s)", path,
                json_text(version, "", text, sizeof text), versions);
}

cJSON *json_load_schema(const char *path, const struct schema *s, bool *missing)
{
    cJSON *doc = json_load(path, missing);
    if (doc && schema_check(doc, path, s) != 0) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}
