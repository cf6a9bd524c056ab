/* fuzz_results.c: libFuzzer target for the readers of result directories:
 * plotdata, compare-results and benchjson summary, which all read them
 * through bench/results/lib/resultset.c (rs_open).
 *
 * The input is up to four files separated by NUL bytes: runs.json, env.json,
 * micro.json of run A, then B's runs.json (B shares A's env.json; without it
 * B is A). An empty or missing part is an absent file. They are written to a
 * scratch directory ($TMPDIR), and each tool's own main() runs on it, as from
 * the command line (the Makefile renames them, so libFuzzer keeps its main):
 *     plotdata A A/plots;  compare-results A B;  compare-results --format csv B A;
 *     benchjson summary A
 * Checked, beyond "no crash, no leak": a tool that fails exits 1 with exactly
 * one line on stderr (the project's rule for a broken results file), none
 * exits with another status, and each fails when A's runs.json is not JSON.
 * stdout goes to /dev/null. */
#include "fuzz.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int plotdata_main(int argc, char **argv);
int compare_results_main(int argc, char **argv);
int benchjson_main(int argc, char **argv);

static char *root, *dir_a, *dir_b, *plots;

static void remove_root(void)
{
    remove_tree(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    root = scratch_dir("results");
    atexit(remove_root);
    CHECK(asprintf(&dir_a, "%s/a", root) > 0 && asprintf(&dir_b, "%s/b", root) > 0);
    CHECK(asprintf(&plots, "%s/plots", dir_a) > 0);
    CHECK(mkdir(dir_a, 0755) == 0 && mkdir(dir_b, 0755) == 0);
    CHECK(freopen("/dev/null", "w", stdout) != NULL);
    return 0;
}

/* Part i of the input (NUL-separated): its bytes, and their count in *len. */
static const uint8_t *part(const uint8_t *data, size_t size, int i, size_t *len)
{
    const uint8_t *p = data, *end = data + size;
    for (; i > 0 && p < end; i--) {
        const uint8_t *nul = memchr(p, '\0', (size_t)(end - p));
        p = nul ? nul + 1 : end;
    }
    const uint8_t *nul = memchr(p, '\0', (size_t)(end - p));
    *len = (size_t)((nul ? nul : end) - p);
    return p;
}

/* Writes part i to dir/name, or removes the file when the part is empty; returns whether the file is there. */
static bool write_part(const uint8_t *data, size_t size, int i, const char *dir, const char *name)
{
    size_t len;
    const uint8_t *p = part(data, size, i, &len);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (len > 0)
        write_file(dir, name, p, len);
    else
        unlink(path);
    return len > 0;
}

/* Is part i there but not one JSON document (as cJSON, which every tool uses, reads it)? */
static bool broken_json(const uint8_t *data, size_t size, int i)
{
    size_t len;
    const uint8_t *p = part(data, size, i, &len);
    char *text = strndup((const char *)p, len);
    CHECK(text != NULL);
    cJSON *doc = len > 0 ? cJSON_ParseWithOpts(text, NULL, 1) : NULL;
    free(text);
    cJSON_Delete(doc);
    return len > 0 && doc == NULL;
}

/* Runs a tool's main() with its stderr captured; checks the exit status
 * (1 when must_fail) and, on failure, the one line. */
static void run_tool(int (*tool_main)(int, char **), char **argv, bool must_fail)
{
    int argc = 0;
    char *err = NULL;
    size_t len = 0;
    while (argv[argc])
        argc++;
    FILE *saved = stderr, *capture = open_memstream(&err, &len);
    CHECK(capture != NULL);
    stderr = capture;
    optind = 0;     /* getopt starts afresh */
    int rc = tool_main(argc, argv);
    stderr = saved;
    CHECK(fclose(capture) == 0);
    bool one_line = len > 1 && memchr(err, '\n', len) == err + len - 1;
    if ((rc != 0 || must_fail) && (rc != 1 || !one_line))
        fprintf(stderr, "%s exited %d; its stderr:\n%s", argv[0], rc, err);
    CHECK((rc == 0 && !must_fail) || (rc == 1 && one_line));
    free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const files[] = {"runs.json", "env.json", "micro.json"};
    for (int i = 0; i < 3; i++)
        write_part(data, size, i, dir_a, files[i]);
    write_part(data, size, 1, dir_b, "env.json");
    char *b = write_part(data, size, 3, dir_b, "runs.json") ? dir_b : dir_a;
    bool corrupt = broken_json(data, size, 0);
    run_tool(plotdata_main, (char *[]){"plotdata", dir_a, plots, NULL}, corrupt);
    run_tool(compare_results_main, (char *[]){"compare-results", dir_a, b, NULL}, corrupt);
    run_tool(compare_results_main, (char *[]){"compare-results", "--format", "csv", b, dir_a, NULL}, corrupt);
    run_tool(benchjson_main, (char *[]){"benchjson", "summary", dir_a, NULL}, corrupt);
    remove_tree(plots);
    return 0;
}
