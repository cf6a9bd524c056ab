/* benchjson.h: what the benchjson subcommands share: key=value arguments, and saving a document. */
#ifndef BENCHJSON_H
#define BENCHJSON_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "atomicfile.h"
#include "fail.h"
#include "format.h"
#include "jsonfile.h"
#include "jsonpath.h"
#include "schema.h"

/* wrk on fewer than this share of its threads' CPUs did not set the pace. */
#define CLIENT_BOUND_UTIL 0.9

/* The subcommands; each returns the process exit status. */
int cmd_env(int argc, char **argv);
int cmd_add_case(int argc, char **argv);
int cmd_merge_wrk(int argc, char **argv);
int cmd_add_open(int argc, char **argv);
int cmd_micro(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_fork_point(int argc, char **argv);

/* A document of one run that grows by one item of its array `list` at a
 * time (runs.json's cases, forksize.json's points): loaded from path, or
 * new (schema, version, run_id, an empty list) when absent; NULL after a
 * message when it is not a document of that schema and run. */
cJSON *run_document(const char *path, const struct schema *schema, const char *run_id, const char *list);

/* rc of atomic_write, with "benchjson: cannot write PATH: why" when it failed: 0 or 1. */
int saved(int rc, const char *path);

/* "key=value" arguments: the value of key, or NULL when absent. */
const char *arg_value(int argc, char **argv, const char *key);
/* Fails (with a message) on an argument that is not one of keys (NULL-terminated). */
int args_check(int argc, char **argv, const char *const *keys);
/* The numeric value of key, or fallback when absent or empty; *ok is
 * cleared (after a message) when the value is not a number. */
double arg_number(int argc, char **argv, const char *key, double fallback, bool *ok);
/* The same for text, the value of key: fallback when NULL or empty. */
double text_number(const char *key, const char *text, double fallback, bool *ok);

/* Adds v at name, or null when v is NAN (not measured). */
void add_optional(cJSON *obj, const char *name, double v);
/* wrk's figures as report.lua wrote them, plus the rate; NULL if unusable. */
cJSON *load_wrk(const char *path);

/* Several load clients (benchjson_clients.c): add-case takes merge-wrk's load_clients and
 * load_window out of wrk (NULL for one client; histogram_us goes in any case), flags clients
 * whose windows hardly overlap, calls the case client-bound when one client was, and records them. */
cJSON *load_clients_take(cJSON *wrk);
void load_clients_check(cJSON *flags, const cJSON *load);
bool load_clients_bound(const cJSON *load);
void load_clients_record(cJSON *c, cJSON *load);

#endif
