/* machine.h: describes the machine a benchmark ran on, as a cJSON object. */
#ifndef MACHINE_H
#define MACHINE_H

#include <cjson/cJSON.h>

/* Host name, CPU model, online cores, kernel, architecture, compiler of this
 * build, page size, memory, transparent huge page mode, glibc version.
 * Fields that cannot be read are "unknown"; NULL only when out of memory. */
cJSON *machine_info_json(void);

#endif
