/* plotdata_cost.c: the data of the cost figure cost-WORKLOAD-MODE: the server's CPU per request of each
 * variant (user and system stacked), a group of bars per client count, nginx's cost the reference line,
 * each bar labelled with the rate it was measured at (a cost falls as the rate rises). */
#include <math.h>
#include <string.h>

#include "format.h"
#include "gnuplot.h"
#include "plotdata.h"

#define MAX_BARS 32     /* variants, or client counts, of one figure */

/* The columns of cost-KEY.dat, a bar a line (cost.gp reads them from figures.tsv). */
enum { COST_POS = 1, COST_TOTAL, COST_MIN, COST_MAX, COST_USER, COST_SYS, COST_RATE, COST_REF, COST_VARIANT };

/* The case of cases[0..n) with this variant and client count, if it has a cost; else NULL. */
static const struct rs_case *costed(const struct rs_case *cases, size_t n, const char *variant, int clients)
{
    for (size_t i = 0; i < n; i++)
        if (cases[i].clients == clients && strcmp(cases[i].variant, variant) == 0 && cases[i].n[RS_CPU] > 0)
            return &cases[i];
    return NULL;
}

/* The variants and client counts with a cost, in the order of cases (variants in the
 * fixed order, then clients ascending); returns how many variants. */
static size_t bars(const struct rs_case *cases, size_t n, const char **variant, int *clients, size_t *n_clients)
{
    size_t nv = 0;
    *n_clients = 0;
    for (size_t i = 0; i < n; i++) {
        if (cases[i].n[RS_CPU] == 0)
            continue;
        if ((nv == 0 || strcmp(variant[nv - 1], cases[i].variant) != 0) && nv < MAX_BARS)
            variant[nv++] = cases[i].variant;
        size_t k = 0;
        while (k < *n_clients && clients[k] < cases[i].clients)
            k++;
        if ((k == *n_clients || clients[k] != cases[i].clients) && *n_clients < MAX_BARS) {
            memmove(clients + k + 1, clients + k, (*n_clients - k) * sizeof *clients);
            clients[k] = cases[i].clients;
            ++*n_clients;
        }
    }
    return nv;
}

/* A bar: its place, the median, min and max cost, the user and system medians (NaN where the run has no
 * split), the median rate, nginx's median cost at the same client count (NaN: none), the variant. */
static void write_bar(FILE *f, double pos, const struct rs_case *c, const struct rs_case *ref)
{
    const struct sample_stats *s = &c->stats[RS_CPU];
    fprintf(f, "%g %.6g %.6g %.6g %.6g %.6g %.6g %.6g %s\n", pos, s->p50, s->min, s->max,
            c->n[RS_CPU_USER] ? c->stats[RS_CPU_USER].p50 : NAN, c->n[RS_CPU_SYS] ? c->stats[RS_CPU_SYS].p50 : NAN,
            c->stats[RS_RPS].p50, ref ? ref->stats[RS_CPU].p50 : NAN, c->variant);
}

void cost_figure(struct output *o, const struct rs_case *cases, size_t n, const char *key)
{
    const char *variant[MAX_BARS];
    int clients[MAX_BARS];
    size_t n_clients, nv = bars(cases, n, variant, clients, &n_clients);
    char name[300], tics[1024] = "", variants[512] = "";
    if (nv == 0)
        return;
    snprintf(name, sizeof name, "cost-%s.dat", key);
    FILE *f = open_dat(o, name);
    if (!f)
        return;
    fprintf(f, "# place, server CPU us per request: median min max, user, system; requests/sec; nginx's; variant\n");
    for (size_t g = 0; g < n_clients; g++) {
        const struct rs_case *ref = costed(cases, n, "nginx", clients[g]);
        size_t used = strlen(tics), place = g * (nv + 1);
        snprintf(tics + used, sizeof tics - used, "%sc=%d %g", g ? " " : "", clients[g], place + (nv - 1) / 2.0);
        for (size_t v = 0; v < nv; v++) {
            const struct rs_case *c = costed(cases, n, variant[v], clients[g]);
            if (c)
                write_bar(f, (double)(place + v), c, ref);
        }
    }
    close_dat(o, f);
    for (size_t v = 0; v < nv; v++)
        append_word(variants, sizeof variants, variant[v]);
    snprintf(name, sizeof name, "cost-%s", key);
    begin_figure(o, "cost.gp", name);
    snprintf(name, sizeof name, "cost-%s.dat", key);
    gp_assign(o->figures, "dat", name);
    gp_assign(o->figures, "workload", cases->workload);
    gp_assign(o->figures, "mode", cases->mode);
    gp_assign(o->figures, "variants", variants);
    gp_assign(o->figures, "tics", tics);
    gp_assign_int(o->figures, "bars", (int)(n_clients * (nv + 1)) - 2);    /* the last bar's place */
    gp_assign_int(o->figures, "col_pos", COST_POS);
    gp_assign_int(o->figures, "col_cpu", COST_TOTAL);
    gp_assign_int(o->figures, "col_user", COST_USER);
    gp_assign_int(o->figures, "col_sys", COST_SYS);
    gp_assign_int(o->figures, "col_rate", COST_RATE);
    gp_assign_int(o->figures, "col_ref", COST_REF);
    gp_assign_int(o->figures, "col_variant", COST_VARIANT);
    if (!isnan(cases->delay_ms))
        fprintf(o->figures, "delay=%g; ", cases->delay_ms);
    fputc('\n', o->figures);
}
