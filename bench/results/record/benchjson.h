/* benchjson.h: what the benchjson subcommands share: JSON files, key=value arguments, number formats. */
#ifndef BENCHJSON_H
#define BENCHJSON_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

enum { RESULTS_VERSION = 1 };   /* the "version" of every document (results/SCHEMA.md) */

/* The subcommands; each returns the process exit status. */
int cmd_set(int argc, char **argv);
int cmd_add_case(int argc, char **argv);
int cmd_summary(int argc, char **argv);

/* Prints "benchjson: ..." and a newline on stderr; returns 1 or 2 for the caller to return. */
int complain(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads and parses a whole file. NULL after a message, or quietly when the
 * file does not exist and missing is not NULL (*missing is then set). */
cJSON *json_load(const char *path, bool *missing);

/* Writes a file atomically: writer fills a temporary file in the same
 * directory, which is then flushed to disk and renamed over path. */
int write_atomically(const char *path, int (*writer)(FILE *, const void *), const void *ctx);
int json_save(const char *path, const cJSON *doc);

/* "key=value" arguments: the value of key, or NULL when absent. */
const char *arg_value(int argc, char **argv, const char *key);
/* Fails (with a message) on an argument that is not one of keys (NULL-terminated). */
int args_check(int argc, char **argv, const char *const *keys);
/* The numeric value of key, or fallback when absent or empty; *ok is
 * cleared (after a message) when the value is not a number. */
double arg_number(int argc, char **argv, const char *key, double fallback, bool *ok);

/* A number from a JSON object, or fallback when absent or not a number. */
double json_number(const cJSON *obj, const char *key, double fallback);

/* 14812.3 -> "14,812"; 1234567 -> "1,234,567". */
void format_count(char *out, size_t len, double value);
/* Microseconds for people: "812 us", "4.1 ms", "2.03 s". */
void format_us(char *out, size_t len, double us);

#endif
