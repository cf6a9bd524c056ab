/* httperfout.h: a strict reader of httperf 0.9.0's report (what it prints on stdout and stderr after a run).
 * Every line the suite relies on must be there, once, and parse whole; a line that does not is an error
 * naming it, never a silent zero. tests/unit/test_httperfout.c feeds it reports recorded here. */
#ifndef HTTPERFOUT_H
#define HTTPERFOUT_H

#include <stddef.h>

/* httperf's error kinds, in the order of its two "Errors:" lines. */
enum hp_error {
    HP_CLIENT_TIMO, HP_SOCKET_TIMO, HP_CONNREFUSED, HP_CONNRESET,
    HP_FD_UNAVAIL, HP_ADDRUNAVAIL, HP_FTAB_FULL, HP_OTHER, HP_ERRORS
};

/* "client-timo", "socket-timo", ... as httperf prints them. */
const char *hp_error_name(enum hp_error e);

enum { HP_MIN, HP_AVG, HP_MAX, HP_MEDIAN, HP_STDDEV, HP_CONN_STATS };   /* "Connection time [ms]:" */
enum { HP_RATE_MIN, HP_RATE_AVG, HP_RATE_MAX, HP_RATE_STDDEV, HP_RATE_STATS };  /* "Reply rate [replies/s]:" */

/* The figures of one report; counts are whole numbers, kept as doubles for JSON. */
struct hp_report {
    double burst;                           /* Maximum connect burst length */
    double connections, requests, replies;  /* Total: connections issued, requests sent, replies received */
    double duration_s;                      /* Total: test-duration */
    double conn_rate, max_concurrent;       /* Connection rate: conn/s, <=N concurrent connections */
    double conn_ms[HP_CONN_STATS];          /* Connection time [ms]: of connections with a reply;
                                             * the median in 1 ms bins (0.5: under 1 ms) */
    double connect_ms;                      /* Connection time [ms]: connect (mean) */
    double reply_rate[HP_RATE_STATS];       /* Reply rate [replies/s]: sampled every 5 s */
    double reply_rate_samples;
    double status[5];                       /* Reply status: 1xx= ... 5xx= */
    double cpu_user_s, cpu_system_s;        /* CPU time [s]: httperf's own */
    double errors_total, errors[HP_ERRORS]; /* Errors: */
    int unexpected_errno;                   /* stderr "connection failed with unexpected error N"
                                             * (counted in "other"; httperf names only the first); 0: none */
};

/* Parses stdout (out) and stderr (err) of one httperf run into r. Returns 0,
 * or -1 with the reason in why ("line 6 does not parse: 'Connection rate: -nan ...'",
 * "no 'Reply status:' line: the report is cut short"). */
int hp_parse(const char *out, const char *err, struct hp_report *r, char *why, size_t len);

#endif
