/* benchjson_set.c: "benchjson set FILE ASSIGNMENT...": creates or updates a JSON object file (env.json). */
#include "benchjson.h"

#include <string.h>

/* The object at a dotted path below root, created as needed; NULL when a
 * segment exists but is not an object. */
static cJSON *object_at(cJSON *root, const char *path, size_t len)
{
    cJSON *node = root;
    while (node && len > 0) {
        size_t seg = strcspn(path, ".");
        if (seg > len)
            seg = len;
        char key[128];
        snprintf(key, sizeof key, "%.*s", (int)seg, path);
        cJSON *child = cJSON_GetObjectItemCaseSensitive(node, key);
        if (!child)
            child = cJSON_AddObjectToObject(node, key);
        node = cJSON_IsObject(child) ? child : NULL;
        path += seg + (seg < len);
        len -= seg + (seg < len);
    }
    return node;
}

/* PATH=TEXT sets a string, PATH:=JSON any value; a "[]" after PATH appends
 * to the array there (created empty first) instead of replacing it. Having
 * the shell say which values are strings keeps "0123abc" a commit, not a number. */
static int assign(cJSON *root, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return fail(2, "not an assignment: '%s'", arg);
    const char *end = eq;
    bool raw = end[-1] == ':';
    end -= raw;
    bool append = end - arg >= 2 && strncmp(end - 2, "[]", 2) == 0;
    end -= 2 * append;
    const char *dot = memrchr(arg, '.', (size_t)(end - arg));
    const char *name = dot ? dot + 1 : arg;
    cJSON *parent = object_at(root, arg, dot ? (size_t)(dot - arg) : 0);
    cJSON *value = raw ? cJSON_Parse(eq + 1) : cJSON_CreateString(eq + 1);
    if (!parent || !value || name == end) {
        cJSON_Delete(value);
        return fail(2, "cannot assign '%s'", arg);
    }
    char key[128];
    snprintf(key, sizeof key, "%.*s", (int)(end - name), name);
    cJSON *slot = cJSON_GetObjectItemCaseSensitive(parent, key);
    if (!append) {
        if (slot)                   /* in place: env.json keeps its order */
            cJSON_ReplaceItemInObjectCaseSensitive(parent, key, value);
        else
            cJSON_AddItemToObject(parent, key, value);
    } else {
        if (!cJSON_IsArray(slot)) {
            cJSON_DeleteItemFromObjectCaseSensitive(parent, key);
            slot = cJSON_AddArrayToObject(parent, key);
        }
        cJSON_AddItemToArray(slot, value);
    }
    return 0;
}

int cmd_set(int argc, char **argv)
{
    const char *path = argv[0];
    bool missing;
    cJSON *doc = json_load(path, &missing);
    if (!doc && !missing)
        return 1;
    if (!doc)
        doc = cJSON_CreateObject();
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        return fail(1, "%s: not a JSON object", path);
    }
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++)
        rc = assign(doc, argv[i]);
    if (rc == 0)
        rc = saved(atomic_write_json(path, doc), path);
    cJSON_Delete(doc);
    return rc;
}
