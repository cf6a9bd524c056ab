/* compare_plot.c: --plot: grouped bars, A against B, one pair per variant at chosen client counts (and delays). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compare_plot.h"
#include "fail.h"
#include "gnuplot.h"

/* Measured on both sides: the rows that have a verdict. */
static int tested(const struct cmp_row *r)
{
    return r->verdict == V_CHANGED || r->verdict == V_SAME || r->verdict == V_TOO_FEW;
}

static int largest_common_clients(const struct comparison *c, size_t from, size_t to)
{
    int best = 0;
    for (size_t i = from; i < to; i++)
        if (tested(&c->rows[i]) && c->rows[i].a->clients > best)
            best = c->rows[i].a->clients;
    return best;
}

/* The columns of a bars file, which compare.gp is told: the variant, A's
 * median (its min and max follow), B's, the change label. */
enum { BAR_NAME = 1, BAR_A = 2, BAR_B = 5, BAR_CHANGE = 8 };

/* One line per variant, in the BAR_ columns. Returns the number of
 * variants, or -1 when the file cannot be written. */
static int write_bars(const char *path, const struct comparison *c, size_t from, size_t to, int clients,
                      double delay)
{
    FILE *f = fopen(path, "w");
    int n = 0;
    if (!f)
        return -1;
    fprintf(f, "# variant A_median A_min A_max B_median B_min B_max change\n");
    for (size_t i = from; i < to; i++) {
        const struct cmp_row *r = &c->rows[i];
        char change[64];
        if (!tested(r) || r->a->clients != clients || !rs_same_delay(r->a->delay_ms, delay))
            continue;
        fprintf(f, "%s", r->a->variant);
        for (int side = 0; side < 2; side++) {
            const struct sample_stats *s = &(side ? r->b : r->a)->stats[c->metric];
            fprintf(f, " %.6g %.6g %.6g", s->p50, s->min, s->max);
        }
        /* The interval on a line of its own, under the verdict: gnuplot turns
         * \n in a quoted data string into a line break. */
        format_change(r, change, sizeof change);
        char *interval = strstr(change, " [");
        if (interval)
            *interval++ = '\0';
        fprintf(f, " \"%s%s%s%s%s\"\n", change, r->verdict == V_TOO_FEW ? " " MARK_TOO_FEW : "",
                rs_has_issues(r->a) || rs_has_issues(r->b) ? " " MARK_ISSUE : "",
                interval ? "\\n" : "", interval ? interval : "");
        n++;
    }
    return fclose(f) == 0 ? n : -1;
}

/* compare-WORKLOAD-MODE-cN[-dDELAY]: the section's rows at `clients` and `delay`. */
static int plot_section(const struct comparison *c, size_t from, size_t to, int clients, double delay,
                        const char *dir)
{
    const struct rs_case *k = c->rows[from].a;
    char base[4096], data[4200], title[512], caption[8300], label_a[300], label_b[300], at[64] = "";
    snprintf(base, sizeof base, "%s/compare-%s-%s-c%d", dir, k->workload, k->mode, clients);
    if (!isnan(delay)) {
        snprintf(at, sizeof at, ", +%g ms RTT", delay);
        snprintf(base + strlen(base), sizeof base - strlen(base), "-d%g", delay);
    }
    snprintf(data, sizeof data, "%s.dat", base);
    int n = write_bars(data, c, from, to, clients, delay);
    if (n < 0) {
        return fail_errno(-1, data);
    }
    if (n == 0) {
        unlink(data);
        return fail(0, "no %s/%s case at %d clients%s on both sides: no figure", k->workload, k->mode,
                    clients, at);
    }
    char *assignments = NULL;
    size_t len;
    FILE *f = open_memstream(&assignments, &len);
    if (!f)
        return -1;
    snprintf(title, sizeof title, "%s, %s, %d clients%s: %s (%s is better)", k->workload, k->mode, clients, at,
             metric_title(c->metric, k->mode), metric_higher_is_better(c->metric) ? "higher" : "lower");
    snprintf(caption, sizeof caption, "A: %s · B: %s", c->a->dir, c->b->dir);
    gp_assign(f, "data", data);
    gp_assign_int(f, "col_name", BAR_NAME);
    gp_assign_int(f, "col_a", BAR_A);
    gp_assign_int(f, "col_b", BAR_B);
    gp_assign_int(f, "col_change", BAR_CHANGE);
    gp_assign(f, "title", title);
    gp_assign(f, "caption", caption);
    gp_assign(f, "ylabel", metric_title(c->metric, k->mode));
    snprintf(label_a, sizeof label_a, "A  %s", rs_label(c->a));
    snprintf(label_b, sizeof label_b, "B  %s", rs_label(c->b));
    gp_assign(f, "label_a", label_a);
    gp_assign(f, "label_b", label_b);
    fclose(f);
    int rc = gp_draw("compare.gp", assignments, base);
    free(assignments);
    return rc;
}

/* A figure per delay of the section's rows (one, at no delay, on loopback). */
static int plot_delays(const struct comparison *c, size_t from, size_t to, int clients, const char *dir)
{
    for (size_t i = from; i < to; i++) {
        double delay = c->rows[i].a->delay_ms;
        size_t first = from;
        while (!rs_same_delay(c->rows[first].a->delay_ms, delay))
            first++;
        if (first == i && plot_section(c, from, to, clients, delay, dir) < 0)
            return -1;
    }
    return 0;
}

int compare_plot(const struct comparison *c, const char *dir, const int *clients, size_t n_clients)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        return fail_errno(-1, dir);
    }
    size_t i = 0;
    while (i < c->n && c->rows[i].a) {
        size_t end = compare_section_end(c, i);
        int largest = largest_common_clients(c, i, end);
        for (size_t k = 0; k < (n_clients ? n_clients : 1); k++)
            if (plot_delays(c, i, end, n_clients ? clients[k] : largest, dir) < 0)
                return -1;
        i = end;
    }
    return 0;
}
