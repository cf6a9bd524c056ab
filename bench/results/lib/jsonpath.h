/* jsonpath.h: values at dotted paths of a JSON document ("machine.kernel", "results.0.mean"). */
#ifndef JSONPATH_H
#define JSONPATH_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* The value at path: object members by name, array items by decimal index;
 * "" is doc itself. NULL when a step is absent (or doc is NULL). A name
 * that contains a dot cannot be reached. */
const cJSON *json_at(const cJSON *doc, const char *path);

/* The number at path, or fallback when there is none. */
double json_number(const cJSON *doc, const char *path, double fallback);

/* The value at path as text, into buf: strings as they are, numbers
 * shortest (%.15g), booleans, arrays joined with ", "; "-" when absent,
 * null or an object. Returns buf. */
const char *json_text(const cJSON *doc, const char *path, char *buf, size_t len);

#endif
