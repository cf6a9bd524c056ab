/* machine_info.c: prints machine_info_json() to stdout, for scripts that record where they ran. */
#include <stdio.h>
#include <stdlib.h>

#include "fail.h"
#include "machine.h"

int main(void)
{
    cJSON *info = machine_info_json();
    char *text = info ? cJSON_Print(info) : NULL;
    if (!text)
        return fail(1, "out of memory");
    puts(text);
    cJSON_free(text);
    cJSON_Delete(info);
    return 0;
}
