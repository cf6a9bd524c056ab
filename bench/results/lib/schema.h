/* schema.h: the name and version of every JSON document of a result directory (results/SCHEMA.md).
 * A reader accepts the version it was written for and refuses any other (jsonfile.h: schema_check). */
#ifndef SCHEMA_H
#define SCHEMA_H

/* The version of env.json, micro.json and micro.json's runs, forksize.json. */
#define RESULTS_VERSION 1

/* runs.json: version 2 added the open-loop cases ("load": "open"); the wrk
 * cases are as in version 1, so a reader of version 2 reads version 1 too. */
#define RUNS_VERSION 2
#define RUNS_OLDEST_VERSION 1

#define SCHEMA_ENV "searchbench.env"
#define SCHEMA_RUNS "searchbench.runs"
#define SCHEMA_MICRO "searchbench.micro"
#define SCHEMA_MICRO_LATENCY "searchbench.micro.latency"    /* one run of fork_latency or thread_latency */
#define SCHEMA_FORKSIZE "searchbench.forksize"  /* a fork size sweep's fork_latency runs (bench/load/lib/forksweep.sh) */

/* The server's --stats file, kept verbatim in runs.json (version 1 had active_at_exit). */
#define SCHEMA_SERVER_STATS "searchbench.server-stats"
#define SERVER_STATS_VERSION 2

#endif
