/* atomicfile.h: writing a results file whole or not at all (a temporary file in the same directory, fsync, rename).
 *
 * The servers link this module alone of the results library: a server's
 * --stats file is a results file too (runs.json keeps it), and read while the
 * harness waits for it, so it is written the same way. It depends on
 * nothing but libc and cJSON, which the servers link already. */
#ifndef ATOMICFILE_H
#define ATOMICFILE_H

#include <stdio.h>

#include <cjson/cJSON.h>

/* Calls fill(f, ctx) on a new temporary file next to path (mode 0644), then
 * flushes it to disk and renames it over path: a reader sees the old file
 * or the whole new one, never a part. fill returns 0, or -1 to give up.
 * Returns 0, or -1 with errno set (nothing is left behind). */
int atomic_write(const char *path, int (*fill)(FILE *f, const void *ctx), const void *ctx);

/* doc as cJSON prints it (formatted, with a final newline), through atomic_write. */
int atomic_write_json(const char *path, const cJSON *doc);

#endif
