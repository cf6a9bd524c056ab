/* microstats.c: timing, statistics and atomic JSON files for the microbenchmarks. */
#include "microstats.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

uint64_t micro_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- statistics ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void micro_sort(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
}

/* Linear interpolation between closest ranks (Hyndman & Fan type 7, the
 * default of numpy and R): rank h = (n-1)p on 0-based sorted data, so p = 0
 * is the minimum, p = 1 the maximum and p = 0.5 the usual median.
 * p is a fraction in [0, 1]; n must be at least 1. */
double micro_percentile(const double *sorted, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)h;
    if (lo + 1 >= n)
        return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

double micro_mean(const double *v, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    return sum / (double)n;
}

/* Sample standard deviation (n-1 denominator), two-pass so it does not lose
 * precision when the spread is tiny next to the mean; 0 for fewer than 2. */
double micro_stddev(const double *v, size_t n, double mean)
{
    if (n < 2)
        return 0;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
    return sqrt(ss / (double)(n - 1));
}

/* Sorts samples in place and fills st; n must be at least 1. */
void micro_summarize(double *samples, size_t n, struct micro_stats *st)
{
    micro_sort(samples, n);
    st->n = n;
    st->min = samples[0];
    st->p50 = micro_percentile(samples, n, 0.50);
    st->p90 = micro_percentile(samples, n, 0.90);
    st->p99 = micro_percentile(samples, n, 0.99);
    st->max = samples[n - 1];
    st->mean = micro_mean(samples, n);
    st->stddev = micro_stddev(samples, n, st->mean);
}

/* Two significant figures, as the slides round 1000/0.26 = 3,846 to 3,800;
 * values under 100 are rounded to an integer. */
char *micro_round_grouped(double v, char *buf, size_t len)
{
    if (!(v >= 0) || v > 1e18)
        v = 0;
    double scale = v >= 100 ? pow(10, floor(log10(v)) - 1) : 1;
    char digits[32];
    int nd = snprintf(digits, sizeof digits, "%.0f", round(v / scale) * scale);
    size_t o = 0;
    for (int i = 0; i < nd && o + 2 < len; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

/* ---- atomic JSON file ---- */

static int write_all(int fd, const char *s, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, s, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        s += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Writes text and a newline to the mkstemp file tmp, then renames it to path
 * (made 0644: mkstemp creates 0600, results are meant to be shared). */
static int write_temp_and_rename(char *tmp, const char *path, const char *text)
{
    int fd = mkstemp(tmp), err = 0;
    if (fd < 0)
        return -1;
    if (write_all(fd, text, strlen(text)) || write_all(fd, "\n", 1) || fchmod(fd, 0644)
        || fsync(fd))
        err = errno;
    if (close(fd) && !err)
        err = errno;
    if (!err && rename(tmp, path))
        err = errno;
    if (err) {
        unlink(tmp);
        errno = err;
        return -1;
    }
    return 0;
}

/* Readers see the old file or the whole new one, never a torn one: write a
 * temporary file in the same directory (rename is atomic only within one file
 * system), fsync it, rename it over path. Returns 0 or -1 with errno set. */
int micro_write_json(const char *path, const cJSON *doc)
{
    char tmp[PATH_MAX];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *text = cJSON_Print(doc);
    if (!text) {
        errno = ENOMEM;
        return -1;
    }
    int rc = write_temp_and_rename(tmp, path, text);
    cJSON_free(text);
    return rc;
}
