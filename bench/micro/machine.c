/* machine.c: reads the facts a benchmark result needs to be compared across machines. */
#include "machine.h"
#include "placement.h"    /* thp_mode: THP decides what fork of a large parent copies */

#include <gnu/libc-version.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#if defined(__clang__) || !defined(__GNUC__)
#define COMPILER __VERSION__              /* clang's already names clang */
#else
#define COMPILER "gcc " __VERSION__
#endif

/* The first "model name" of /proc/cpuinfo; arm64 kernels print none. */
static int cpu_model(char *out, size_t len)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (colon && strncmp(line, "model name", 10) == 0) {
            snprintf(out, len, "%s", colon + 1 + strspn(colon + 1, " \t"));
            out[strcspn(out, "\n")] = '\0';
            found = 1;
        }
    }
    if (f)
        fclose(f);
    return found ? 0 : -1;
}

cJSON *machine_info_json(void)
{
    char host[256] = "unknown", cpu[256], thp[32] = "unknown", kernel[160] = "unknown";
    struct utsname u;
    const char *arch = "unknown";
    if (uname(&u) == 0) {
        snprintf(kernel, sizeof kernel, "%.64s %.64s", u.sysname, u.release);
        arch = u.machine;
    }
    gethostname(host, sizeof host - 1);
    if (cpu_model(cpu, sizeof cpu) != 0)
        snprintf(cpu, sizeof cpu, "unknown %s", arch);
    thp_mode(thp, sizeof thp);
    long page = sysconf(_SC_PAGESIZE);

    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "hostname", host);
    cJSON_AddStringToObject(m, "cpu_model", cpu);
    cJSON_AddNumberToObject(m, "cores_online", (double)sysconf(_SC_NPROCESSORS_ONLN));
    cJSON_AddStringToObject(m, "kernel", kernel);
    cJSON_AddStringToObject(m, "arch", arch);
    cJSON_AddStringToObject(m, "compiler", COMPILER);
    cJSON_AddStringToObject(m, "glibc", gnu_get_libc_version());
    cJSON_AddNumberToObject(m, "page_size", (double)page);
    cJSON_AddNumberToObject(m, "mem_total_mib", (double)(sysconf(_SC_PHYS_PAGES) / (1048576 / page)));
    cJSON_AddStringToObject(m, "thp", thp);
    return m;
}
