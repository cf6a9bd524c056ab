/* jsonfile.h: reading a results file: the whole file, parsed by cJSON, its schema name and version checked. */
#ifndef JSONFILE_H
#define JSONFILE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* Reads all of path into a NUL-terminated buffer (*len bytes before the NUL).
 * NULL with errno set. */
char *file_read(const char *path, size_t *len);

/* Reads and parses path as one JSON document; trailing bytes are an error.
 * NULL after a one-line message ("prog: path: not valid JSON"); but when
 * missing is not NULL, a file that does not exist is NULL without a message,
 * and *missing says which it was. */
cJSON *json_load(const char *path, bool *missing);

/* What a reader accepts: a document of this schema at this version, or at
 * any from oldest (0: this one only) up to it. */
struct schema {
    const char *name;
    int version;
    int oldest;
};

/* 0 when doc is of schema s at a version s accepts; else -1 after one line naming
 * path: "prog: dir/runs.json: unknown schema version 3 (this program reads versions 1 to 2)". */
int schema_check(const cJSON *doc, const char *path, const struct schema *s);

/* json_load, then schema_check: NULL (and the document freed) when either fails. */
cJSON *json_load_schema(const char *path, const struct schema *s, bool *missing);

#endif
