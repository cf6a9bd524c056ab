/* jsonget.c: prints the values at dotted paths of a JSON file, so shell scripts need no jq. */
#include <math.h>
#include <stdio.h>

#include "fail.h"
#include "jsonfile.h"
#include "jsonpath.h"

/* Numbers that are integers print without a fraction (up to 2^53, where
 * doubles stop being exact); strings print raw; the rest as compact JSON. */
static void print_value(const cJSON *v)
{
    double d = v->valuedouble;
    if (cJSON_IsString(v)) {
        puts(v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        printf(d == floor(d) && fabs(d) <= 9007199254740992.0 ? "%.0f\n" : "%.17g\n", d);
    } else {
        char *text = cJSON_PrintUnformatted(v);
        if (text)
            puts(text);
        cJSON_free(text);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: jsonget FILE [PATH...]   (PATH like stats.p50_us or results.0.mean)\n", stderr);
        return 2;
    }
    cJSON *doc = json_load(argv[1], NULL);
    if (!doc)
        return 2;
    /* One value per line, in order; several paths save a process per value. */
    int rc = 0;
    for (int i = 2; i < argc && rc == 0; i++) {
        const cJSON *v = json_at(doc, argv[i]);
        if (v)
            print_value(v);
        else
            rc = fail(1, "%s: no value at '%s'", argv[1], argv[i]);
    }
    cJSON_Delete(doc);
    return rc;
}
