/* envdiff.h: the environments of two runs side by side, differences first (Markdown). */
#ifndef ENVDIFF_H
#define ENVDIFF_H

#include <stdio.h>

#include <cjson/cJSON.h>

/* Prints "## Environment": a list of the fields that differ, then a table
 * of every field for A and B. a and b are env.json documents. */
void env_markdown(FILE *out, const cJSON *a, const cJSON *b);

/* Prints s with the characters that would end a Markdown table cell escaped. */
void md_cell(FILE *out, const char *s);

#endif
