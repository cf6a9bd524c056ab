/* benchjson_cost.c: summary.md's cost table: what each model costs in server CPU per request, beside the
 * rate it was measured at. A closed loop runs every model at its own rate, and the cost per request falls
 * as the rate rises, so a cost is only read with its rate (the open-loop sections compare at equal load). */
#include "benchjson_summary.h"

#include <string.h>

/* " (u 12.0, s 23.9)": the medians of the cost's user and system parts, when the case has both. */
static void print_split(FILE *f, const struct rs_case *c)
{
    char u[32], s[32];
    if (c->n[RS_CPU_USER] > 0 && c->n[RS_CPU_SYS] > 0)
        fprintf(f, " (u %s, s %s)", format_cost(u, sizeof u, c->stats[RS_CPU_USER].p50),
                format_cost(s, sizeof s, c->stats[RS_CPU_SYS].p50));
}

/* Median [min-max] server CPU us per request, the user and system medians,
 * and the median rate the case ran at: "35.9 [35.1-36.3] (u 12.0, s 23.9) @ 18.70k/s". */
static void cost_cell(FILE *f, const struct rs_case *c)
{
    char mid[32], lo[32], hi[32], rate[32];
    const struct sample_stats *st = &c->stats[RS_CPU];
    if (c->n[RS_CPU] == 0) {
        fputs(" -", f);
        return;
    }
    format_cost(mid, sizeof mid, st->p50);
    fprintf(f, c->n[RS_CPU] > 1 ? " %s [%s-%s]" : " %s", mid, format_cost(lo, sizeof lo, st->min),
            format_cost(hi, sizeof hi, st->max));
    print_split(f, c);
    fprintf(f, " @ %s/s", format_scaled(rate, sizeof rate, c->stats[RS_RPS].p50));
}

/* Whether a case of the table like's has figures a client-bound repetition set. */
static int table_client_bound(const struct summary *s, const struct rs_case *like)
{
    for (size_t i = 0; i < s->run->n_cases; i++)
        if (in_table(&s->run->cases[i], like) && s->run->cases[i].client_bound > 0)
            return 1;
    return 0;
}

/* The cost table of like's workload and mode, when some case of it has a cost. */
void print_costs(FILE *f, const struct summary *s, const struct rs_case *like)
{
    int any = 0;
    for (size_t i = 0; i < s->run->n_cases; i++)
        any |= in_table(&s->run->cases[i], like) && s->run->cases[i].n[RS_CPU] > 0;
    if (!any)
        return;
    if (table_client_bound(s, like))
        fputs("Some rates above are client-bound (`^`): wrk, not the server, set the pace, so compare those "
              "servers by the cost below (or give wrk more CPUs).\n\n", f);
    fprintf(f, "Server CPU per %s, µs (median [min-max]; user and system medians), at the median rate it was "
               "measured at (a cost falls as the rate rises: compare costs at equal rates):\n\n",
            strcmp(like->mode, "close") == 0 ? "connection" : "request");
    print_table(f, s, like, cost_cell);
}
