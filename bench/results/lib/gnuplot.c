/* gnuplot.c: passes parameters to the figure scripts in plots/ and runs them for PNG and PDF. */
#include "gnuplot.h"

#include "fail.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Single quotes: nothing is special inside but the quote itself, doubled.
 * Tabs and newlines become spaces: the assignments travel on one line. */
static void gp_string(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
    }
    fputc('\'', f);
}

void gp_assign(FILE *f, const char *name, const char *value)
{
    fprintf(f, "%s=", name);
    gp_string(f, value);
    fputs("; ", f);
}

void gp_assign_int(FILE *f, const char *name, int value)
{
    fprintf(f, "%s=%d; ", name, value);
}

/* plots/ of the source tree: the program runs from bin/ or from
 * build/<flavour>/bin/, so it is a few directories above the executable. */
static int find_plots(char *dir, size_t len)
{
    char path[PATH_MAX], draw[PATH_MAX + 16];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n < 0)
        return -1;
    path[n] = '\0';
    for (int up = 0; up < 4; up++) {
        char *slash = strrchr(path, '/');
        if (!slash)
            break;
        *slash = '\0';
        snprintf(dir, len, "%s/plots", path);
        snprintf(draw, sizeof draw, "%s/draw.gp", dir);
        if (access(draw, R_OK) == 0)
            return 0;
    }
    return -1;
}

static int run_gnuplot(char *setup, const char *draw)
{
    char *argv[] = {"gnuplot", "-e", setup, (char *)draw, NULL};
    pid_t pid;
    /* The figures' text is UTF-8 (style.gp: set encoding utf8); in the C
     * locale of a bare container gnuplot warns on every figure. */
    setenv("LC_ALL", "C.UTF-8", 1);
    int status, err = posix_spawnp(&pid, "gnuplot", NULL, NULL, argv, environ);
    if (err)
        return fail(-1, "gnuplot: %s", strerror(err));
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    return fail(-1, "gnuplot failed (exit status %d)",
                WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

int gp_draw(const char *script, const char *assignments, const char *out_base)
{
    char plots[PATH_MAX + 8], draw[PATH_MAX + 16], *setup = NULL;
    size_t len;
    if (find_plots(plots, sizeof plots) != 0)
        return fail(-1, "plots/draw.gp not found above this program");
    snprintf(draw, sizeof draw, "%s/draw.gp", plots);
    FILE *f = open_memstream(&setup, &len);
    if (!f)
        return -1;
    fputs("set loadpath ", f);
    gp_string(f, plots);
    fputs("; ", f);
    gp_assign(f, "fig", script);
    gp_assign(f, "out", out_base);
    fputs(assignments, f);
    fclose(f);
    int rc = run_gnuplot(setup, draw);
    free(setup);
    return rc;
}
