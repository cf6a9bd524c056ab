/* fuzz.h: what the libFuzzer targets of tests/fuzz/ share: a check that
 * stops the run (libFuzzer then saves the input), and scratch directories
 * for the code that reads files. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* An invariant broken: abort, so libFuzzer reports it as a crash and writes
 * the input out like any sanitizer finding. */
#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* The libFuzzer entry points each target defines. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A new empty directory $TMPDIR/fuzz-NAME.XXXXXX (TMPDIR defaults to /tmp);
 * aborts when it cannot be made. The caller owns the returned string. */
char *scratch_dir(const char *name);

/* Writes data[0..len) to dir/name, replacing it; aborts on failure. */
void write_file(const char *dir, const char *name, const void *data, size_t len);

/* Removes path and everything under it (symlinks themselves, never what they point to). */
void remove_tree(const char *path);

#endif
