/* plotdata.c: turns a result directory's JSON into the .dat files and the figure list that scripts/plot draws;
 * the creation-latency figures (micro.json) are here, the load figures in plotdata_load.c. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fail.h"
#include "format.h"
#include "gnuplot.h"
#include "plotdata.h"

/* The columns of micro-ops.dat, a bar a line (forkcost.gp reads them from figures.tsv). */
enum { OPS_LABEL = 1, OPS_P50, OPS_CEILING, OPS_OP };

FILE *open_dat(struct output *o, const char *name)
{
    char path[sizeof o->data + 1024];
    snprintf(path, sizeof path, "%s/%s", o->data, name);
    FILE *f = fopen(path, "w");
    if (!f)
        o->failed = fail_errno(1, path);
    return f;
}

void close_dat(struct output *o, FILE *f)
{
    if (f && fclose(f) != 0)
        o->failed = fail(1, "write error in %s", o->data);
}

void begin_figure(struct output *o, const char *script, const char *name)
{
    char out[4200];
    snprintf(out, sizeof out, "%s/%s", o->dir, name);
    fprintf(o->figures, "%s\t", name);
    gp_assign(o->figures, "fig", script);
    gp_assign(o->figures, "out", out);
    gp_assign(o->figures, "data", o->data);
    gp_assign(o->figures, "caption", o->caption);
}

/* " · netns (netem)" when env.json says the run was not on loopback, else "". */
static const char *network_note(const cJSON *env, char *buf, size_t len)
{
    const cJSON *mode = json_at(env, "network.mode"), *how = json_at(env, "network.delay_mechanism");
    *buf = '\0';
    if (!cJSON_IsString(mode) || strcmp(mode->valuestring, "loopback") == 0)
        return buf;
    if (cJSON_IsString(how) && strcmp(how->valuestring, "none") != 0)
        snprintf(buf, len, " · %s (%s)", mode->valuestring, how->valuestring);
    else
        snprintf(buf, len, " · %s", mode->valuestring);
    return buf;
}

/* "run · CPU · N cores · Linux x.y" (machine.kernel is uname -s and -r), from env.json, else from micro.json. */
static void make_caption(const struct rs_run *run, struct output *o)
{
    const cJSON *doc = run->env ? run->env : run->micro;
    const cJSON *quick = json_at(doc, run->env ? "config.quick" : "quick");
    char cpu[160], cores[32], kernel[96], network[96];
    snprintf(o->caption, sizeof o->caption, "%s · %s · %s cores · %s%s%s", rs_label(run),
             json_text(doc, "machine.cpu_model", cpu, sizeof cpu),
             json_text(doc, "machine.cores_online", cores, sizeof cores),
             json_text(doc, "machine.kernel", kernel, sizeof kernel),
             network_note(run->env, network, sizeof network), cJSON_IsTrue(quick) ? " · QUICK run" : "");
}

void append_word(char *list, size_t len, const char *word)
{
    size_t used = strlen(list);
    snprintf(list + used, len - used, "%s%s", used ? " " : "", word);
}

/* ---- creation-latency figures (micro.json) ---- */

/* micro.json's run of op with the parent at touch_mb MiB of ordinary pages, or NULL. */
static const cJSON *micro_run(const cJSON *micro, const char *op, double touch_mb)
{
    return rs_micro_run(json_at(micro, "runs"), op, "heap", touch_mb);
}

/* micro-ops.dat: the bars of "How fast is fork()?", parent at 0 MiB, in the
 * order of micro.json's ops: label, median us, "N conn/s/core" from
 * micro.json's own ceiling, op (the OPS_ columns). */
static void fork_cost(struct output *o, const struct rs_run *run)
{
    char grouped[32];
    int bars = 0;
    FILE *f = open_dat(o, "micro-ops.dat");
    for (size_t i = 0; f && i < run->n_ops; i++) {
        const cJSON *r = micro_run(run->micro, run->ops[i].name, 0);
        if (!r)
            continue;
        format_round2(grouped, sizeof grouped, json_number(r, "ceiling_ops_per_sec_per_core", 0));
        fprintf(f, "\"%s\" %.6g \"%s conn/s/core\" %s\n", run->ops[i].label, json_number(r, "stats.p50_us", 0),
                grouped, run->ops[i].name);
        bars++;
    }
    close_dat(o, f);
    if (bars == 0) {
        printf("plotdata: micro.json has no run at 0 MiB: no fork-cost figure\n");
        return;
    }
    begin_figure(o, "forkcost.gp", "fork-cost");
    gp_assign(o->figures, "dat", "micro-ops.dat");
    gp_assign_int(o->figures, "col_label", OPS_LABEL);
    gp_assign_int(o->figures, "col_p50", OPS_P50);
    gp_assign_int(o->figures, "col_ceiling", OPS_CEILING);
    gp_assign_int(o->figures, "col_op", OPS_OP);
    fputc('\n', o->figures);
}

/* The list of a figure's lines: their names (for their colours) and their .dat files. */
struct lines {
    char names[512], dats[1024];
};

/* micro-mem-NAME.dat: op's median cost (column 2) against the parent's touched memory (column 1),
 * its memory placed as memory says: a line of fork-memory, titled title, when micro.json has runs
 * of it (an older micro.json has none in huge pages or shared memory). */
static int memory_line(struct output *o, const struct rs_run *run, const char *op, const char *memory,
                       const char *name, const char *title, struct lines *l)
{
    char file[160];
    const cJSON *mb, *runs = json_at(run->micro, "runs");
    int points = 0;
    cJSON_ArrayForEach(mb, json_at(run->micro, "touch_mb"))
        points += rs_micro_run(runs, op, memory, mb->valuedouble) != NULL;
    if (!points)
        return 0;
    snprintf(file, sizeof file, "micro-mem-%s.dat", name);
    FILE *f = open_dat(o, file);
    if (!f)
        return -1;
    fprintf(f, "touch_MiB \"%s\"\n", title);
    cJSON_ArrayForEach(mb, json_at(run->micro, "touch_mb")) {
        const cJSON *r = rs_micro_run(runs, op, memory, mb->valuedouble);
        if (r)
            fprintf(f, "%g %.6g\n", mb->valuedouble, json_number(r, "stats.p50_us", 0));
    }
    close_dat(o, f);
    append_word(l->names, sizeof l->names, name);
    append_word(l->dats, sizeof l->dats, file);
    return 0;
}

/* fork-memory: every op in ordinary pages, and fork with its memory in each other placement
 * (micro-mem-fork-hugepage.dat: "fork, hugepage"). */
static void fork_memory(struct output *o, const struct rs_run *run)
{
    static const char *const placed[] = {"hugepage", "shared"};
    struct lines l = {"", ""};
    char name[128], title[160];
    for (size_t i = 0; i < run->n_ops; i++)
        if (memory_line(o, run, run->ops[i].name, "heap", run->ops[i].name, run->ops[i].label, &l) != 0)
            return;
    for (size_t k = 0; k < sizeof placed / sizeof *placed; k++) {
        snprintf(name, sizeof name, "fork-%s", placed[k]);
        snprintf(title, sizeof title, "fork, %s", placed[k]);
        if (memory_line(o, run, "fork", placed[k], name, title, &l) != 0)
            return;
    }
    if (!*l.names) {
        printf("plotdata: micro.json has no runs: no fork-memory figure\n");
        return;
    }
    begin_figure(o, "forkmem.gp", "fork-memory");
    gp_assign(o->figures, "ops", l.names);
    gp_assign(o->figures, "dats", l.dats);
    gp_assign_int(o->figures, "col_x", 1);
    gp_assign_int(o->figures, "col_p50", 2);
    fputc('\n', o->figures);
}

static int make_dir(const char *dir)
{
    if (mkdir(dir, 0777) == 0 || errno == EEXIST)
        return 0;
    return fail_errno(-1, dir);
}

/* OUT_DIR, OUT_DIR/data and the figure list. */
static int open_output(struct output *o)
{
    char list[4200];
    snprintf(o->data, sizeof o->data, "%s/data", o->dir);
    snprintf(list, sizeof list, "%s/figures.tsv", o->data);
    if (make_dir(o->dir) != 0 || make_dir(o->data) != 0)
        return -1;
    if (!(o->figures = fopen(list, "w")))
        return fail_errno(-1, list);
    return 0;
}

int main(int argc, char **argv)
{
    struct rs_run run;
    struct output o = {.dir = argv[argc - 1]};
    if (argc != 3) {
        fputs("usage: plotdata RUN_DIR OUT_DIR   (writes OUT_DIR/data/*.dat and figures.tsv)\n", stderr);
        return 2;
    }
    if (rs_open(argv[1], RS_ENV | RS_RUNS | RS_MICRO | RS_FORKSIZE, 0, &run) != 0 || open_output(&o) != 0) {
        rs_close(&run);
        return 1;
    }
    make_caption(&run, &o);
    if (run.runs && run.forksize)   /* a fork size sweep: its cases differ in size and placement */
        fork_size_figure(&o, &run);
    else if (run.runs) {
        load_figures(&o, &run);
        overload_figures(&o, &run);
    } else
        printf("plotdata: no runs.json in %s: no load figures\n", run.dir);
    if (run.micro) {
        fork_cost(&o, &run);
        fork_memory(&o, &run);
    } else {
        printf("plotdata: no micro.json in %s: no fork figures\n", run.dir);
    }
    close_dat(&o, o.figures);
    rs_close(&run);
    return o.failed;
}
