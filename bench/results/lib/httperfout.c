/* httperfout.c: reads httperf 0.9.0's report line by line against templates of the lines it prints
 * (its src/stat/basic.c and core.c); checks that the counts add up. */
#include "httperfout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NUMBERS 8

/* Where a template's numbers go: an offset into struct hp_report plus one; 0 (SKIP): read, not kept. */
#define TO(field) (offsetof(struct hp_report, field) + 1)
#define SKIP 0

/* A line of the report. In a template, '#' is a whole number and '~' a
 * decimal one ("12", "12.5"); every other character must be there as it is. */
struct line_spec {
    const char *tmpl;
    size_t to[MAX_NUMBERS];
};

static const struct line_spec report_lines[] = {
    {"Maximum connect burst length: #", {TO(burst)}},
    {"Total: connections # requests # replies # test-duration ~ s",
     {TO(connections), TO(requests), TO(replies), TO(duration_s)}},
    {"Connection rate: ~ conn/s (~ ms/conn, <=# concurrent connections)",
     {TO(conn_rate), SKIP, TO(max_concurrent)}},
    {"Connection time [ms]: min ~ avg ~ max ~ median ~ stddev ~",
     {TO(conn_ms[HP_MIN]), TO(conn_ms[HP_AVG]), TO(conn_ms[HP_MAX]), TO(conn_ms[HP_MEDIAN]),
      TO(conn_ms[HP_STDDEV])}},
    {"Connection time [ms]: connect ~", {TO(connect_ms)}},
    {"Connection length [replies/conn]: ~", {SKIP}},
    {"Request rate: ~ req/s (~ ms/req)", {SKIP, SKIP}},
    {"Request size [B]: ~", {SKIP}},
    {"Reply rate [replies/s]: min ~ avg ~ max ~ stddev ~ (# samples)",
     {TO(reply_rate[HP_RATE_MIN]), TO(reply_rate[HP_RATE_AVG]), TO(reply_rate[HP_RATE_MAX]),
      TO(reply_rate[HP_RATE_STDDEV]), TO(reply_rate_samples)}},
    {"Reply time [ms]: response ~ transfer ~", {SKIP, SKIP}},
    {"Reply size [B]: header ~ content ~ footer ~ (total ~)", {SKIP, SKIP, SKIP, SKIP}},
    {"Reply status: 1xx=# 2xx=# 3xx=# 4xx=# 5xx=#",
     {TO(status[0]), TO(status[1]), TO(status[2]), TO(status[3]), TO(status[4])}},
    {"CPU time [s]: user ~ system ~ (user ~% system ~% total ~%)",
     {TO(cpu_user_s), TO(cpu_system_s), SKIP, SKIP, SKIP}},
    {"Net I/O: ~ KB/s (~*10^6 bps)", {SKIP, SKIP}},
    {"Errors: total # client-timo # socket-timo # connrefused # connreset #",
     {TO(errors_total), TO(errors[HP_CLIENT_TIMO]), TO(errors[HP_SOCKET_TIMO]), TO(errors[HP_CONNREFUSED]),
      TO(errors[HP_CONNRESET])}},
    {"Errors: fd-unavail # addrunavail # ftab-full # other #",
     {TO(errors[HP_FD_UNAVAIL]), TO(errors[HP_ADDRUNAVAIL]), TO(errors[HP_FTAB_FULL]), TO(errors[HP_OTHER])}},
};

#define N_LINES (sizeof report_lines / sizeof *report_lines)

/* What httperf may say on stderr: its warning that select() caps it at
 * FD_SETSIZE descriptors, and the errno of the first connection that failed
 * in a way it has no counter for (it counts those as "other"). */
static const char fd_warning[] =
    "httperf: warning: open file limit > FD_SETSIZE; limiting max. # of open files to FD_SETSIZE";
static const char unexpected[] = "httperf: connection failed with unexpected error #";

static const char *const error_names[HP_ERRORS] = {
    "client-timo", "socket-timo", "connrefused", "connreset", "fd-unavail", "addrunavail", "ftab-full", "other",
};

const char *hp_error_name(enum hp_error e)
{
    return error_names[e];
}

static int failed(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int failed(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
    return -1;
}

/* Matches line[0..n) against tmpl whole; the numbers into v (at most
 * MAX_NUMBERS). Returns how many, or -1 when the line does not match. */
static int match(const char *line, size_t n, const char *tmpl, double v[MAX_NUMBERS])
{
    const char *p = line, *end = line + n;
    int count = 0;
    for (const char *t = tmpl; *t; t++) {
        if (*t != '#' && *t != '~') {
            if (p == end || *p++ != *t)
                return -1;
            continue;
        }
        const char *start = p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        if (*t == '~' && p > start && p + 1 < end && *p == '.' && p[1] >= '0' && p[1] <= '9')
            for (p++; p < end && *p >= '0' && *p <= '9'; p++)
                ;
        if (p == start || count == MAX_NUMBERS)
            return -1;
        v[count++] = strtod(start, NULL);
    }
    return p == end ? count : -1;
}

/* The spec a line claims to be: the one whose text up to its first number it starts with. */
static const struct line_spec *spec_of(const char *line, size_t n)
{
    const struct line_spec *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < N_LINES; i++) {
        size_t k = strcspn(report_lines[i].tmpl, "#~");
        if (k <= n && k > best_len && strncmp(line, report_lines[i].tmpl, k) == 0)
            best = &report_lines[i], best_len = k;
    }
    return best;
}

static void store(struct hp_report *r, const struct line_spec *s, const double *v, int count)
{
    for (int i = 0; i < count; i++)
        if (s->to[i] != SKIP)
            *(double *)((char *)r + s->to[i] - 1) = v[i];
}

/* "'Connection rate: -nan conn/s (1.0 ms/c...'": a line for a message, cut to a readable length. */
static const char *quoted(const char *line, size_t n, char *buf, size_t len)
{
    snprintf(buf, len, "'%.*s%s'", (int)(n > 60 ? 60 : n), line, n > 60 ? "..." : "");
    return buf;
}

static int parse_stdout(const char *out, struct hp_report *r, char *why, size_t len)
{
    int seen[N_LINES] = {0}, line_no = 0;
    double v[MAX_NUMBERS];
    char text[80];
    for (const char *line = out; *line; ) {
        size_t n = strcspn(line, "\n");
        line_no++;
        const struct line_spec *s = spec_of(line, n);
        if (s) {
            int count = match(line, n, s->tmpl, v);
            if (count < 0)
                return failed(why, len, "line %d does not parse: %s", line_no, quoted(line, n, text, sizeof text));
            if (seen[s - report_lines]++)
                return failed(why, len, "line %d repeats %s", line_no, quoted(line, n, text, sizeof text));
            store(r, s, v, count);
        } else if (n > 0 && strncmp(line, "httperf ", 8) != 0) {     /* not its command line */
            return failed(why, len, "line %d is not httperf's: %s", line_no, quoted(line, n, text, sizeof text));
        }
        line += n + (line[n] == '\n');
    }
    if (line_no == 0)
        return failed(why, len, "no report at all (httperf was stopped or failed before it printed one)");
    for (size_t i = 0; i < N_LINES; i++)
        if (!seen[i])
            return failed(why, len, "no '%.*s' line: the report is cut short", (int)strcspn(report_lines[i].tmpl, "#~"),
                          report_lines[i].tmpl);
    return 0;
}

static int parse_stderr(const char *err, struct hp_report *r, char *why, size_t len)
{
    double v[MAX_NUMBERS];
    char text[80];
    for (const char *line = err; *line; ) {
        size_t n = strcspn(line, "\n");
        if (match(line, n, unexpected, v) == 1 && r->unexpected_errno == 0)
            r->unexpected_errno = (int)v[0];
        else if (n > 0 && !(n == sizeof fd_warning - 1 && strncmp(line, fd_warning, n) == 0))
            return failed(why, len, "httperf said on stderr: %s", quoted(line, n, text, sizeof text));
        line += n + (line[n] == '\n');
    }
    return 0;
}

/* The totals httperf prints must be the sums of their parts. */
static int check_sums(const struct hp_report *r, char *why, size_t len)
{
    double replies = 0, errors = 0;
    for (int i = 0; i < 5; i++)
        replies += r->status[i];
    for (int i = 0; i < HP_ERRORS; i++)
        errors += r->errors[i];
    if (replies != r->replies)
        return failed(why, len, "'Total: replies %.0f' is not the sum of 'Reply status:' (%.0f)", r->replies, replies);
    if (errors != r->errors_total)
        return failed(why, len, "'Errors: total %.0f' is not the sum of the kinds (%.0f)", r->errors_total, errors);
    if (r->requests > r->connections || r->replies > r->requests)
        return failed(why, len, "more replies (%.0f) than requests (%.0f) or requests than connections (%.0f)",
                      r->replies, r->requests, r->connections);
    return 0;
}

int hp_parse(const char *out, const char *err, struct hp_report *r, char *why, size_t len)
{
    *r = (struct hp_report){0};
    if (parse_stdout(out, r, why, len) != 0 || parse_stderr(err, r, why, len) != 0)
        return -1;
    return check_sums(r, why, len);
}
