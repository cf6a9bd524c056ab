/* plotdata_forksize.c: the fork-size figure's data from a fork size sweep (runs.json and forksize.json):
 * per index placement, fork's conn/s against the server's resident MiB, and the ceiling the fork
 * microbenchmark predicts at each size (1e6 / fork's mean with a parent like that server). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "forksize.h"
#include "gnuplot.h"
#include "plotdata.h"

/* The columns of forksize-PLACEMENT.dat (forksize.gp reads them from figures.tsv). */
enum { FS_RSS = 1, FS_RATE, FS_CEILING = FS_RATE + 3 };   /* the rate's min and max follow it */

/* forksize-PLACEMENT.dat for the points of one placement, p[0..n): a line each with figures. */
static int write_placement(struct output *o, const struct rs_run *run, const struct rs_case *like,
                           const struct fs_point *p, int n, char *name, size_t len)
{
    int lines = 0;
    snprintf(name, len, "forksize-%s.dat", p->index_memory);
    FILE *f = open_dat(o, name);
    if (!f)
        return 0;
    fprintf(f, "# rss_MiB conn/s(median min max) ceiling_conn/s corpus_docs\n");
    for (int i = 0; i < n; i++) {
        const struct rs_case *c = fs_case(run, like, &p[i], "fork");
        if (!c || !c->measured || isnan(p[i].rss_mib))
            continue;
        const struct sample_stats *st = &c->stats[RS_RPS];
        fprintf(f, "%.6g %.6g %.6g %.6g %.6g %d\n", p[i].rss_mib, st->p50, st->min, st->max,
                isnan(p[i].ceiling) ? NAN : p[i].ceiling, p[i].corpus_docs);
        lines++;
    }
    close_dat(o, f);
    return lines;
}

void fork_size_figure(struct output *o, const struct rs_run *run)
{
    struct rs_case like;
    struct fs_point *p;
    char placements[256] = "", dats[1024] = "", name[128];
    int n = fs_points(run, &like, &p);
    for (int i = 0, k; i < n; i += k) {
        for (k = 1; i + k < n && strcmp(p[i + k].index_memory, p[i].index_memory) == 0; k++)
            ;
        if (write_placement(o, run, &like, &p[i], k, name, sizeof name) > 0) {
            append_word(placements, sizeof placements, p[i].index_memory);
            append_word(dats, sizeof dats, name);
        }
    }
    free(p);
    if (!*placements) {
        printf("plotdata: no fork case of the size sweep has figures: no fork-size figure\n");
        return;
    }
    begin_figure(o, "forksize.gp", "fork-size");
    gp_assign(o->figures, "placements", placements);
    gp_assign(o->figures, "dats", dats);
    gp_assign(o->figures, "workload", like.workload);
    gp_assign(o->figures, "mode", like.mode);
    gp_assign_int(o->figures, "clients", like.clients);
    gp_assign_int(o->figures, "col_x", FS_RSS);
    gp_assign_int(o->figures, "col_rps", FS_RATE);
    gp_assign_int(o->figures, "col_ceiling", FS_CEILING);
    fputc('\n', o->figures);
}
