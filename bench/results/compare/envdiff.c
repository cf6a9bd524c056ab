/* envdiff.c: the environments of two runs side by side, differences first (Markdown). */
#include "envdiff.h"

#include <string.h>

#include "resultset.h"

struct env_field {
    const char *label, *path;
};

/* Everything in env.json that can move a result; not the timestamps. */
static const struct env_field fields[] = {
    {"host", "machine.hostname"},
    {"CPU", "machine.cpu_model"},
    {"cores online", "machine.cores_online"},
    {"kernel", "machine.kernel"},
    {"architecture", "machine.arch"},
    {"compiler", "machine.compiler"},
    {"glibc", "machine.glibc"},
    {"memory (MiB)", "machine.mem_total_mib"},
    {"transparent huge pages", "machine.thp"},
    {"CPU governor", "governor"},
    {"load average at start", "loadavg_start"},
    {"wrk", "tools.wrk"},
    {"hyperfine", "tools.hyperfine"},
    {"gnuplot", "tools.gnuplot"},
    {"nginx", "tools.nginx"},
    {"cc", "tools.cc"},
    {"git commit", "git.commit"},
    {"uncommitted changes", "git.dirty"},
    {"CPU pinning", "pinning.enabled"},
    {"server CPUs", "pinning.server_cpus"},
    {"client CPUs", "pinning.client_cpus"},
    {"ip_local_port_range", "sysctl.ip_local_port_range"},
    {"tcp_tw_reuse", "sysctl.tcp_tw_reuse"},
    {"somaxconn", "sysctl.somaxconn"},
    {"tcp_fin_timeout", "sysctl.tcp_fin_timeout"},
    {"ulimit -n", "ulimit_nofile"},
    {"network", "network.mode"},
    {"added round trips (ms)", "network.delays_ms"},
    {"delay mechanism", "network.delay_mechanism"},
    {"remote client", "network.client"},
    {"duration (s)", "config.duration_s"},
    {"warm-up (s)", "config.warmup_s"},
    {"repetitions", "config.reps"},
    {"wrk threads", "config.wrk_threads"},
    {"quick run", "config.quick"},
    {"run complete", "complete"},
    {"cases recorded", "cases_recorded"},
    {"warnings", "warnings"},
};

#define N_FIELDS (sizeof fields / sizeof *fields)

void md_cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', out);
        fputc(*s == '\n' ? ' ' : *s, out);
    }
}

void env_markdown(FILE *out, const cJSON *a, const cJSON *b)
{
    char va[N_FIELDS][256], vb[N_FIELDS][256];
    size_t differ = 0;
    fprintf(out, "## Environment\n\n");
    for (size_t i = 0; i < N_FIELDS; i++) {
        json_text(a, fields[i].path, va[i], sizeof va[i]);
        json_text(b, fields[i].path, vb[i], sizeof vb[i]);
        if (strcmp(va[i], vb[i]) == 0)
            continue;
        fprintf(out, "%s**%s**: `%s` → `%s`\n", differ++ ? "- " : "What differs:\n\n- ",
                fields[i].label, va[i], vb[i]);
    }
    fprintf(out, differ ? "\n" : "No differences in the recorded environment.\n\n");
    fprintf(out, "| | A | B |\n|:--|:--|:--|\n");
    for (size_t i = 0; i < N_FIELDS; i++) {
        fprintf(out, "| %s | ", fields[i].label);
        md_cell(out, va[i]);
        fprintf(out, " | ");
        md_cell(out, vb[i]);
        fprintf(out, " |\n");
    }
    fprintf(out, "\n");
}
