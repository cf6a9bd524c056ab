/* benchjson_noise.c: the "Noise" section of summary.md: the steal and TIME_WAIT the run met, and whether they
 * explain its slow repetitions.
 *
 * A repetition is slow when its rate is more than SLOW_SHARE below its case's
 * median. Steal explains it when its steal (of the server's or the client's
 * CPUs, whichever is larger) exceeds the median of the case's other
 * repetitions by at least half its shortfall: a server that lost 6% of its
 * CPU time can lose some 6% of its rate, not 20%. TIME_WAIT explains it when
 * it met at least TIMEWAIT_RATIO times the sockets in TIME_WAIT of the other
 * repetitions' median, and TIMEWAIT_MARGIN more. The run's load average is
 * shown beside them: other work on the machine slows a repetition as steal
 * does, without counting as steal. Runs recorded before the
 * noise fields (bench/load/lib/noise.sh) have no steal: the section says so. */
#include "benchjson_summary.h"

#include <math.h>
#include <stdlib.h>

#include "samples.h"

#define SLOW_SHARE 0.10
#define TIMEWAIT_RATIO 1.5
#define TIMEWAIT_MARGIN 1000
#define MAX_LISTED 20

/* The larger of the server's and the client's steal; NAN when neither was measured. */
static double rep_steal(const cJSON *rep)
{
    double server = json_number(rep, "system.steal_server", NAN), client = json_number(rep, "system.steal_client", NAN);
    return isnan(server) ? client : isnan(client) ? server : fmax(server, client);
}

static double rep_timewait(const cJSON *rep)
{
    return json_number(rep, "system.timewait_before", NAN);
}

static double rep_loadavg(const cJSON *rep)
{
    return json_number(rep, "system.loadavg_before", NAN);
}

/* The wrk case a repetition belongs to, with figures (resultset.c's own key: variant, section, clients,
 * delay, server CPUs, corpus and placement); NULL for a failed repetition or an open-loop one (its rate is
 * offered, not measured: a slow rung says nothing of noise). */
static const struct rs_case *case_of(const struct rs_run *run, const cJSON *rep)
{
    if (rs_is_open(rep) || rs_rep_status(rep) == RS_FAILED)
        return NULL;
    return rs_case_of(run, rep);
}

/* The median of what `of` gives for the other measured repetitions of rep's
 * case (the first 256 of them); NAN when none has it. */
static double others_median(const struct rs_run *run, const cJSON *rep, double (*of)(const cJSON *))
{
    const struct rs_case *c = case_of(run, rep);
    const cJSON *other;
    double v[256];
    size_t n = 0;
    cJSON_ArrayForEach(other, json_at(run->runs, "cases"))
        if (other != rep && n < sizeof v / sizeof *v && case_of(run, other) == c && !isnan(of(other)))
            v[n++] = of(other);
    if (n == 0)
        return NAN;
    sample_sort(v, n);
    return sample_percentile(v, n, 0.5);
}

/* Median and largest of `of` over every measured repetition; 0 when none has it. */
static int run_spread(const struct rs_run *run, double (*of)(const cJSON *), double *median, double *max)
{
    const cJSON *rep;
    size_t n = 0, cap = (size_t)cJSON_GetArraySize(json_at(run->runs, "cases")) + 1;
    double *v = malloc(cap * sizeof *v);
    cJSON_ArrayForEach(rep, json_at(run->runs, "cases"))
        if (v && case_of(run, rep) && !isnan(of(rep)))
            v[n++] = of(rep);
    if (n) {
        sample_sort(v, n);
        *median = sample_percentile(v, n, 0.5);
        *max = v[n - 1];
    }
    free(v);
    return n > 0;
}

/* One slow repetition: what it met against its case's other repetitions, and
 * the verdict. Returns 1 for steal, 2 for TIME_WAIT, 3 both, 0 neither. */
static int explain(FILE *f, const struct rs_run *run, const cJSON *rep, double shortfall, int listed)
{
    double steal = rep_steal(rep), steal_usual = others_median(run, rep, rep_steal);
    double tw = rep_timewait(rep), tw_usual = others_median(run, rep, rep_timewait);
    int by_steal = steal - steal_usual >= shortfall / 2;    /* false when either is NAN */
    int by_tw = tw >= TIMEWAIT_RATIO * tw_usual && tw - tw_usual >= TIMEWAIT_MARGIN;
    char a[32], b[32], text[32];
    if (!listed)
        return by_steal | by_tw << 1;
    fprintf(f, "- %s %s %s c=%.0f", json_text(rep, "variant", text, sizeof text),
            json_at(rep, "workload")->valuestring, json_at(rep, "mode")->valuestring, json_number(rep, "clients", 0));
    if (!isnan(json_number(rep, "delay_ms", NAN)))
        fprintf(f, " rtt+%gms", json_number(rep, "delay_ms", 0));
    if (json_number(rep, "server_cpus", 0) > 0)     /* a SCALE sweep */
        fprintf(f, " cpus=%.0f", json_number(rep, "server_cpus", 0));
    fprintf(f, " rep %.0f: -%.0f%%", json_number(rep, "rep", 0), shortfall * 100);
    if (!isnan(steal) || !isnan(steal_usual)) {     /* else a run recorded before steal was */
        fprintf(f, isnan(steal) ? "; steal -" : "; steal %.1f%%", steal * 100);
        fprintf(f, isnan(steal_usual) ? " (others -)" : " (others %.1f%%)", steal_usual * 100);
    }
    fprintf(f, "; TIME_WAIT %s (others %s): %s\n", isnan(tw) ? "-" : format_count(a, sizeof a, tw),
            isnan(tw_usual) ? "-" : format_count(b, sizeof b, tw_usual),
            by_steal && by_tw ? "steal and TIME_WAIT" : by_steal ? "steal" : by_tw ? "TIME_WAIT" : "neither");
    return by_steal | by_tw << 1;
}

static void print_levels(FILE *f, const struct rs_run *run)
{
    double median, max;
    char a[32], b[32];
    if (run_spread(run, rep_steal, &median, &max))
        fprintf(f, "Steal (CPU time the hypervisor gave to others, of the server's or wrk's CPUs, during the "
                   "measured runs): median %.1f%%, largest %.1f%% (a case is flagged above %.0f%%).\n",
                median * 100, max * 100, STEAL_FLAG_SHARE * 100);
    else
        fputs("Steal: not recorded in this run.\n", f);
    if (run_spread(run, rep_timewait, &median, &max))
        fprintf(f, "Sockets in TIME_WAIT before a measured run: median %s, largest %s.\n",
                format_count(a, sizeof a, median), format_count(b, sizeof b, max));
    /* Other work on the machine takes CPU time as steal does, but inside it, where steal does not count. */
    if (run_spread(run, rep_loadavg, &median, &max))
        fprintf(f, "Load average before a measured run (other work on this machine): median %.1f, largest %.1f.\n",
                median, max);
}

/* The shortfall of a slow repetition (0.15: 15% below its case's median), or 0 for any other. */
static double shortfall(const struct rs_run *run, const cJSON *rep)
{
    const struct rs_case *c = case_of(run, rep);
    double median = c ? c->stats[RS_RPS].p50 : 0, rate = json_number(rep, "wrk.requests_per_sec", NAN);
    return median > 0 && rate < (1 - SLOW_SHARE) * median ? 1 - rate / median : 0;
}

void print_noise(FILE *f, const struct summary *s)
{
    const struct rs_run *run = s->run;
    const cJSON *rep;
    size_t slow = 0, measured = 0, by[4] = {0};
    cJSON_ArrayForEach(rep, json_at(run->runs, "cases")) {
        measured += case_of(run, rep) != NULL;
        if (shortfall(run, rep) > 0) {
            by[explain(f, run, rep, shortfall(run, rep), 0)]++;
            slow++;
        }
    }
    if (measured == 0)
        return;     /* no wrk repetition with figures (an open-loop run): nothing to say */
    fputs("## Noise\n\n", f);
    print_levels(f, run);
    fprintf(f, "\nSlow repetitions (rate more than %.0f%% below their case's median): %zu of %zu", SLOW_SHARE * 100,
            slow, measured);
    if (slow)
        fprintf(f, "; explained by steal: %zu, by TIME_WAIT: %zu, by both: %zu, by neither: %zu", by[1], by[2],
                by[3], by[0]);
    fputs(".\n\n", f);
    slow = 0;
    cJSON_ArrayForEach(rep, json_at(run->runs, "cases"))
        if (shortfall(run, rep) > 0 && slow++ < MAX_LISTED)
            explain(f, run, rep, shortfall(run, rep), 1);
    if (slow > MAX_LISTED)
        fprintf(f, "- and %zu more\n", slow - MAX_LISTED);
    fputs(slow ? "\n" : "", f);
}
