/* microrun.h: what fork_latency and thread_latency share: their op tables and the driver that times one op (microrun.c). */
#ifndef MICRORUN_H
#define MICRORUN_H

#include <stddef.h>

/* An op's run() result when the child it created did not exit with status 0. */
#define MICRO_CHILD_FAILED (-1)

/* One way of starting a unit of work (process or thread) and waiting until it
 * has finished; run() is what gets timed. The op tables of fork_latency.c and
 * thread_latency.c are the one list of these ops: micro.sh asks the programs
 * for it (--list-ops), and the figures take each op's label from micro.json. */
struct micro_op {
    const char *name;      /* --op value, e.g. "fork-exec" */
    const char *label;     /* as the slides and figures name it, e.g. "fork+exec" */
    const char *noun;      /* for "ms per <noun>", e.g. "fork" */
    const char *what;      /* one-line description, kept in the JSON */
    int (*setup)(void);    /* optional; 0, or -1 after a one-line error */
    int (*run)(void);      /* 0, an errno value, or MICRO_CHILD_FAILED */
};

/* A benchmark program: its name and op table; ops[0] is the default op. */
struct micro_program {
    const char *name;
    const struct micro_op *ops;
    size_t n_ops;
};

/* Parses options, measures, prints the summary line, writes --json; returns
 * the exit status (0 ok, 1 failure, 2 bad usage). */
int micro_main(int argc, char **argv, const struct micro_program *prog);

#endif
