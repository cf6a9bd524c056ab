/* plotdata_scaling.c: the scaling figure of a SCALE sweep (bench/load/lib/scale.sh): for one workload and mode,
 * the rate and the server's CPU time per request against the CPUs the server had, a line per variant, at the
 * sweep's largest client count. */
#include <math.h>
#include <string.h>

#include "gnuplot.h"
#include "plotdata.h"

/* The columns of scaling-KEY-VARIANT.dat: server CPUs, then median min max
 * of the rate and of the CPU us per request, then 1 when wrk shared the CPUs. */
enum { SC_CPUS = 1, SC_RATE, SC_COST = SC_RATE + 3, SC_SHARED = SC_COST + 3 };

static int in_sweep(const struct rs_case *c, const struct rs_case *like)
{
    return c->server_cpus > 0 && c->measured > 0 && c->clients == like->clients
           && rs_same_delay(c->delay_ms, like->delay_ms);
}

/* The sweep's cases to draw are like this one: most clients, least delay. */
static const struct rs_case *sweep_like(const struct rs_case *c, size_t n)
{
    const struct rs_case *like = NULL;
    for (size_t i = 0; i < n; i++)
        if (c[i].server_cpus > 0 && c[i].measured > 0
            && (!like || c[i].clients > like->clients
                || (c[i].clients == like->clients && rs_delay_cmp(c[i].delay_ms, like->delay_ms) < 0)))
            like = &c[i];
    return like;
}

/* The CPU counts of the sweep, ascending, as a list for gnuplot; how many. */
static int list_cpus(const struct rs_case *c, size_t n, const struct rs_case *like, char *list, size_t len)
{
    int seen[64], count = 0;
    for (size_t i = 0; i < n; i++) {
        int k = 0;
        while (k < count && seen[k] != c[i].server_cpus)
            k++;
        if (in_sweep(&c[i], like) && k == count && count < 64)
            seen[count++] = c[i].server_cpus;
    }
    for (int a = 0; a < count; a++)             /* few: insertion order is the sort */
        for (int b = a + 1; b < count; b++)
            if (seen[b] < seen[a]) {
                int t = seen[a];
                seen[a] = seen[b];
                seen[b] = t;
            }
    for (int k = 0; k < count; k++) {
        char word[16];
        snprintf(word, sizeof word, "%d", seen[k]);
        append_word(list, len, word);
    }
    return count;
}

/* A line per case: the cases come sorted by variant, then clients, server CPUs, delay. */
static void write_sweep(struct output *o, const struct rs_case *c, size_t n, const struct rs_case *like,
                        const char *key, char *variants, char *dats)
{
    const char *variant = "";
    FILE *f = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!in_sweep(&c[i], like))
            continue;
        if (strcmp(c[i].variant, variant) != 0) {
            char name[512];
            close_dat(o, f);
            variant = c[i].variant;
            snprintf(name, sizeof name, "scaling-%s-%s.dat", key, variant);
            if ((f = open_dat(o, name)) != NULL)
                fprintf(f, "# server_cpus, then median min max of: requests/sec, server CPU us per request;"
                           " cpus_shared\n");
            append_word(variants, 512, variant);
            append_word(dats, 2048, name);
        }
        const struct sample_stats *r = &c[i].stats[RS_RPS], *u = &c[i].stats[RS_CPU];
        if (f && c[i].n[RS_CPU] > 0)
            fprintf(f, "%d %.6g %.6g %.6g %.6g %.6g %.6g %d\n", c[i].server_cpus, r->p50, r->min, r->max,
                    u->p50, u->min, u->max, c[i].cpus_shared);
        else if (f)
            fprintf(f, "%d %.6g %.6g %.6g NaN NaN NaN %d\n", c[i].server_cpus, r->p50, r->min, r->max,
                    c[i].cpus_shared);
    }
    close_dat(o, f);
}

void scaling_figure(struct output *o, const struct rs_case *c, size_t n)
{
    const struct rs_case *like = sweep_like(c, n);
    char key[160], name[200], cpus[256] = "", variants[512] = "", dats[2048] = "";
    if (!like || list_cpus(c, n, like, cpus, sizeof cpus) < 2)
        return;
    snprintf(key, sizeof key, "%s-%s", like->workload, like->mode);
    snprintf(name, sizeof name, "scaling-%s", key);
    write_sweep(o, c, n, like, key, variants, dats);
    begin_figure(o, "scaling.gp", name);
    gp_assign(o->figures, "dats", dats);
    gp_assign(o->figures, "variants", variants);
    gp_assign(o->figures, "cpus", cpus);
    gp_assign(o->figures, "workload", like->workload);
    gp_assign(o->figures, "mode", like->mode);
    gp_assign_int(o->figures, "col_cpus", SC_CPUS);
    gp_assign_int(o->figures, "col_rps", SC_RATE);
    gp_assign_int(o->figures, "col_cost", SC_COST);
    gp_assign_int(o->figures, "col_shared", SC_SHARED);
    if (!isnan(like->delay_ms))
        fprintf(o->figures, "delay=%g; ", like->delay_ms);
    fprintf(o->figures, "clients=%d\n", like->clients);
}
