/* benchjson_httperf.c: the httperf reports of one open-loop run, read (httperfout.c), added up over its processes
 * (one per client CPU, each offering its share), and written as the case's "httperf" object. */
#include "benchjson_open.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int hp_read(const char *prefix, struct hp_report *r, char *why, size_t len)
{
    char path[2][4096], reason[256];
    char *text[2] = {NULL, NULL};
    size_t n;
    int rc = -1;
    snprintf(path[0], sizeof path[0], "%s.out", prefix);
    snprintf(path[1], sizeof path[1], "%s.err", prefix);
    for (int i = 0; i < 2; i++)
        if (!(text[i] = file_read(path[i], &n))) {
            snprintf(why, len, "httperf report %s: %s", path[i], strerror(errno));
            goto done;
        }
    rc = hp_parse(text[0], text[1], r, reason, sizeof reason);
    if (rc != 0)
        snprintf(why, len, "httperf report %s: %s", path[0], reason);
done:
    free(text[0]);
    free(text[1]);
    return rc;
}

/* The connection-time moments of r, weighted by its replies (the
 * connections it timed: httperf times those with a reply). */
static void add_moments(struct hp_sum *s, const struct hp_report *r)
{
    double n = r->replies, *ms = s->total.conn_ms;
    s->weighted_connect += r->connections * r->connect_ms;
    if (n == 0)
        return;
    s->weighted_avg += n * r->conn_ms[HP_AVG];
    s->weighted_median += n * r->conn_ms[HP_MEDIAN];
    s->sum_squares += (n - 1) * r->conn_ms[HP_STDDEV] * r->conn_ms[HP_STDDEV] + n * r->conn_ms[HP_AVG] * r->conn_ms[HP_AVG];
    ms[HP_MIN] = s->lifetimes > 0 ? fmin(ms[HP_MIN], r->conn_ms[HP_MIN]) : r->conn_ms[HP_MIN];
    ms[HP_MAX] = fmax(ms[HP_MAX], r->conn_ms[HP_MAX]);
    s->lifetimes += n;
    double mean = s->weighted_avg / s->lifetimes;
    ms[HP_AVG] = mean;
    ms[HP_MEDIAN] = s->weighted_median / s->lifetimes;
    ms[HP_STDDEV] = s->lifetimes > 1 ? sqrt(fmax(0, (s->sum_squares - s->lifetimes * mean * mean) / (s->lifetimes - 1))) : 0;
}

static void add_counts(struct hp_report *t, const struct hp_report *r)
{
    t->connections += r->connections;
    t->requests += r->requests;
    t->replies += r->replies;
    t->duration_s = fmax(t->duration_s, r->duration_s);
    t->conn_rate += r->conn_rate;
    t->max_concurrent += r->max_concurrent;
    t->burst = fmax(t->burst, r->burst);
    for (int i = HP_RATE_MIN; i <= HP_RATE_MAX; i++)
        t->reply_rate[i] += r->reply_rate[i];
    t->reply_rate[HP_RATE_STDDEV] = hypot(t->reply_rate[HP_RATE_STDDEV], r->reply_rate[HP_RATE_STDDEV]);
    t->reply_rate_samples = fmin(t->reply_rate_samples, r->reply_rate_samples);
    for (int i = 0; i < 5; i++)
        t->status[i] += r->status[i];
    t->cpu_user_s += r->cpu_user_s;
    t->cpu_system_s += r->cpu_system_s;
    t->errors_total += r->errors_total;
    for (int i = 0; i < HP_ERRORS; i++)
        t->errors[i] += r->errors[i];
    if (!t->unexpected_errno)
        t->unexpected_errno = r->unexpected_errno;
}

void hp_add(struct hp_sum *sum, const struct hp_report *r, int first)
{
    if (first)
        *sum = (struct hp_sum){.total = *r};
    else
        add_counts(&sum->total, r);
    add_moments(sum, r);
    sum->total.connect_ms = sum->total.connections > 0 ? sum->weighted_connect / sum->total.connections : 0;
}

/* names[i]: values[i] into o; NAN values as null. Returns o. */
static cJSON *add_numbers(cJSON *o, const char *const *names, const double *values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        add_optional(o, names[i], values[i]);
    return o;
}

static cJSON *object_of(const char *const *names, const double *values, size_t n)
{
    return add_numbers(cJSON_CreateObject(), names, values, n);
}

cJSON *hp_json(const struct hp_sum *sum)
{
    static const char *const conn_names[HP_CONN_STATS] = {"min", "avg", "max", "median", "stddev"};
    static const char *const rate_names[] = {"min", "avg", "max", "stddev", "samples"};
    static const char *const classes[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    const struct hp_report *t = &sum->total;
    double conn[HP_CONN_STATS], rate[5], errors[HP_ERRORS + 1];
    const char *error_names[HP_ERRORS + 1] = {"total"};
    for (int i = 0; i < HP_CONN_STATS; i++)
        conn[i] = sum->lifetimes > 0 ? t->conn_ms[i] : NAN;    /* httperf prints 0.0 when none had a reply */
    memcpy(rate, t->reply_rate, sizeof t->reply_rate);
    rate[4] = t->reply_rate_samples;
    errors[0] = t->errors_total;
    for (int i = 0; i < HP_ERRORS; i++)
        error_names[i + 1] = hp_error_name(i), errors[i + 1] = t->errors[i];
    static const char *const count_names[] = {"connections", "requests", "replies", "test_duration_s",
                                              "connection_rate", "max_concurrent", "max_connect_burst"};
    const double counts[] = {t->connections, t->requests, t->replies, t->duration_s, t->conn_rate,
                             t->max_concurrent, t->burst};
    cJSON *h = add_numbers(cJSON_CreateObject(), count_names, counts, sizeof counts / sizeof *counts);
    cJSON_AddItemToObject(h, "connection_time_ms", object_of(conn_names, conn, HP_CONN_STATS));
    add_optional(h, "connect_ms", t->connections > 0 ? t->connect_ms : NAN);
    cJSON_AddItemToObject(h, "reply_rate", object_of(rate_names, rate, 5));
    cJSON_AddItemToObject(h, "replies_by_class", object_of(classes, t->status, 5));
    cJSON_AddItemToObject(h, "errors", object_of(error_names, errors, HP_ERRORS + 1));
    add_optional(h, "unexpected_errno", t->unexpected_errno ? t->unexpected_errno : NAN);
    cJSON_AddItemToObject(h, "cpu_s", object_of((const char *const[]){"user", "system"},
                                                (const double[]){t->cpu_user_s, t->cpu_system_s}, 2));
    return h;
}
