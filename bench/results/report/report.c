/* report.c: "report RUN_DIR": RUN_DIR/report.html, one page for a run: summary.md's tables, the marks and
 * flags explained, every figure (plots/NAME.png beside it) under its finding, and the environment (env.json).
 * No scripts, nothing from the network; written whole or not at all. scripts/plot runs it after the deck. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "fail.h"
#include "jsonfile.h"
#include "mdhtml.h"
#include "resultset.h"

struct report {
    const struct rs_run *run;
    char *summary;      /* summary.md, or NULL */
    char *figures;      /* plots/data/figures.tsv, or NULL */
    char *findings;     /* plots/findings.tsv (scripts/deck), or NULL */
};

/* What a flag of runs.json's integrity.flags means (benchjson_case.c sets them). */
static const struct {
    const char *flag, *meaning;
    int failure;        /* an integrity failure: the figures of the case cannot be trusted */
} flags[] = {
    {"peak_clients=N<M", "keep-alive: the server never held all M of wrk's connections at once, only N. "
     "A sequential server holds one, prefork its pool: the model's nature, expected, and marked apart "
     "(a grey diamond) in the figures. The rate is that of N clients; the others waited.", 0},
    {"wrk.errors.KIND=N", "wrk counted N connect, read, write or timeout errors.", 1},
    {"non2xx=N", "N responses had a status other than 2xx.", 1},
    {"server_requests<wrk_requests", "the server answered fewer requests than wrk counted: requests were lost "
     "or counted twice.", 1},
    {"server_requests>wrk_requests+N", "the server answered more requests than wrk counted, beyond one in "
     "flight per connection.", 1},
    {"no_server_stats", "the server wrote no statistics: nothing checks wrk's figures.", 1},
    {"zombies=N", "N children were left unreaped.", 1},
    {"fd_leak=N", "the server held N more descriptors after the case than before.", 1},
    {"stop_timeout", "the server did not stop when asked.", 1},
    {"server_exit=N", "the server exited with status N (it died or failed).", 1},
    {"clients_overlap=N%", "several load clients ran at once for only N% of the shortest one's run: the "
     "merged figures mix different loads.", 1},
};

static void print_flags(FILE *f)
{
    fputs("<h2>Marks and flags explained</h2>\n<p>In the tables, <code>!</code>: a repetition was flagged or "
          "failed; <code>^</code>: wrk kept its CPU busy, so the client set the pace and the server may be faster "
          "than shown. In the figures, a grey diamond marks a case whose only flag is "
          "<code>peak_clients</code> (the model holds fewer clients than offered: expected); a thick red ring "
          "with a red <code>!</code> marks an <span class=\"fail\">integrity failure</span>, any other flag, "
          "and a red line above the plot counts them.</p>\n<dl>\n", f);
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
        fprintf(f, "<dt%s><code>", flags[i].failure ? " class=\"fail\"" : "");
        html_text(f, flags[i].flag);
        fprintf(f, "</code>%s</dt>\n<dd>", flags[i].failure ? " (integrity failure)" : " (the model)");
        html_text(f, flags[i].meaning);
        fputs("</dd>\n", f);
    }
    fputs("</dl>\n", f);
}

/* The finding scripts/deck computed for figure name (findings.tsv: page, figure, finding), or NULL. */
static const char *finding_of(const struct report *r, const char *name, size_t *len)
{
    size_t n = strlen(name);
    for (const char *p = r->findings; p && *p;) {
        const char *tab = strchr(p, '\t'), *eol = strchr(p, '\n');
        if (!eol)
            eol = p + strlen(p);
        if (tab && tab < eol && strncmp(tab + 1, name, n) == 0 && tab[1 + n] == '\t') {
            *len = (size_t)(eol - (tab + 2 + n));
            return tab + 2 + n;
        }
        p = *eol ? eol + 1 : eol;
    }
    return NULL;
}

/* Every figure of figures.tsv (a name, a tab, its assignments), as drawn by scripts/plot. */
static void print_figures(FILE *f, const struct report *r)
{
    char name[256], caption[1024];
    fputs("<h2>Figures</h2>\n<p>The same figures as slides, in a lecture's order, each under its finding: "
          "<a href=\"slides.pdf\">slides.pdf</a>. Each figure is also in <code>plots/</code> as PNG and PDF.</p>\n", f);
    if (!r->figures) {
        fputs("<p>No figures: plots/data/figures.tsv is missing (run scripts/plot).</p>\n", f);
        return;
    }
    for (const char *p = r->figures; *p;) {
        size_t n = strcspn(p, "\t\n"), len = 0;
        const char *eol = p + strcspn(p, "\n");
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        p = *eol ? eol + 1 : eol;
        if (!*name)
            continue;
        const char *finding = finding_of(r, name, &len);
        snprintf(caption, sizeof caption, "%.*s", (int)len, finding ? finding : "");
        fputs("<figure>\n<img src=\"plots/", f);
        html_text(f, name);
        fputs(".png\" alt=\"figure ", f);
        html_text(f, name);
        fputs("\" width=\"1600\" height=\"900\">\n<figcaption>", f);
        html_text(f, finding ? caption : name);
        fputs("</figcaption>\n</figure>\n", f);
    }
}

/* The leaves of a JSON document, a row each: its path, its value. */
static void print_leaves(FILE *f, const cJSON *item, const char *path)
{
    char sub[512], *text;
    if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
        const cJSON *child;
        int i = 0;
        cJSON_ArrayForEach(child, item) {
            if (cJSON_IsObject(item))
                snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", child->string);
            else
                snprintf(sub, sizeof sub, "%s[%d]", path, i++);
            print_leaves(f, child, sub);
        }
        return;
    }
    text = cJSON_IsString(item) ? NULL : cJSON_PrintUnformatted(item);
    fputs("<tr><td><code>", f);
    html_text(f, path);
    fputs("</code></td><td>", f);
    html_text(f, text ? text : item->valuestring ? item->valuestring : "");
    fputs("</td></tr>\n", f);
    free(text);
}

static void print_environment(FILE *f, const cJSON *env)
{
    fputs("<h2>Environment</h2>\n", f);
    if (!env) {
        fputs("<p>env.json is missing: machine and settings unknown.</p>\n", f);
        return;
    }
    fputs("<p>Everything env.json records: the machine, the tools, the settings of the run.</p>\n"
          "<table>\n<thead><tr><th>field</th><th>value</th></tr></thead>\n<tbody>\n", f);
    print_leaves(f, env, "");
    fputs("</tbody>\n</table>\n", f);
}

static int write_report(FILE *f, const void *ctx)
{
    const struct report *r = ctx;
    char title[512];
    snprintf(title, sizeof title, "searchbench run %s", rs_label(r->run));
    html_begin(f, title);
    if (r->summary) {
        if (md_to_html(f, r->summary, 0) != 0)
            return fail(-1, "%s/summary.md: too long", r->run->dir);
    } else {
        fputs("<h1>", f);
        html_text(f, title);
        fputs("</h1>\n<p>No summary.md (no runs.json: no load cases).</p>\n", f);
    }
    print_flags(f);
    print_figures(f, r);
    print_environment(f, r->run->env);
    html_end(f);
    return ferror(f) ? -1 : 0;
}

/* RUN_DIR/name, read whole; NULL when it does not exist (and on other errors after a message). */
static char *read_optional(const char *dir, const char *name, int *failed)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = file_read(path, &len);
    if (!text && errno != ENOENT)
        *failed = fail_errno(1, path);
    return text;
}

int main(int argc, char **argv)
{
    struct rs_run run;
    char path[4096];
    int rc = 0;
    if (argc != 2) {
        fputs("usage: report RUN_DIR   (writes RUN_DIR/report.html)\n", stderr);
        return 2;
    }
    if (rs_open(argv[1], RS_ENV, 0, &run) != 0)
        return 1;
    struct report r = {.run = &run};
    r.summary = read_optional(argv[1], "summary.md", &rc);
    r.figures = read_optional(argv[1], "plots/data/figures.tsv", &rc);
    r.findings = read_optional(argv[1], "plots/findings.tsv", &rc);
    snprintf(path, sizeof path, "%s/report.html", argv[1]);
    if (rc == 0 && atomic_write(path, write_report, &r) != 0)
        rc = errno ? fail_errno(1, path) : 1;
    free(r.summary);
    free(r.figures);
    free(r.findings);
    rs_close(&run);
    return rc;
}
