/* jsonpath.c: values at dotted paths of a JSON document ("machine.kernel", "results.0.mean"). */
#include "jsonpath.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The member of obj named by the n bytes at key (key itself may go on). */
static const cJSON *member(const cJSON *obj, const char *key, size_t n)
{
    const cJSON *child;
    cJSON_ArrayForEach(child, obj)
        if (child->string && strncmp(child->string, key, n) == 0 && child->string[n] == '\0')
            return child;
    return NULL;
}

/* The item of array at the decimal index of the n bytes at key. */
static const cJSON *item(const cJSON *array, const char *key, size_t n)
{
    size_t digits = strspn(key, "0123456789");
    if (digits != n || n == 0 || n > 9)
        return NULL;
    return cJSON_GetArrayItem(array, atoi(key));
}

const cJSON *json_at(const cJSON *doc, const char *path)
{
    for (const char *dot; doc && *path; path = *dot ? dot + 1 : dot) {
        dot = path + strcspn(path, ".");
        size_t n = (size_t)(dot - path);
        doc = cJSON_IsObject(doc) ? member(doc, path, n) : cJSON_IsArray(doc) ? item(doc, path, n) : NULL;
    }
    return doc;
}

double json_number(const cJSON *doc, const char *path, double fallback)
{
    const cJSON *v = json_at(doc, path);
    return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}

static void render(const cJSON *v, char *buf, size_t len)
{
    const cJSON *element;
    snprintf(buf, len, "-");
    if (cJSON_IsString(v))
        snprintf(buf, len, "%s", v->valuestring);
    else if (cJSON_IsNumber(v))
        snprintf(buf, len, "%.15g", v->valuedouble);
    else if (cJSON_IsBool(v))
        snprintf(buf, len, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0) {
        size_t used = 0;
        cJSON_ArrayForEach(element, v) {
            if (used + 3 >= len)
                break;
            if (used > 0)
                used += (size_t)snprintf(buf + used, len - used, ", ");
            render(element, buf + used, len - used);
            used += strlen(buf + used);
        }
    }
}

const char *json_text(const cJSON *doc, const char *path, char *buf, size_t len)
{
    render(json_at(doc, path), buf, len);
    return buf;
}
