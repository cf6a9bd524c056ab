/* mdhtml.h: HTML pages from the result tools' Markdown (summary.md, compare-results): valid for tidy, no
 * scripts, nothing fetched from the network. */
#ifndef MDHTML_H
#define MDHTML_H

#include <stdio.h>

/* The page up to the start of its content: doctype, head (title, the style sheet), <body><main>. */
void html_begin(FILE *f, const char *title);
void html_end(FILE *f);

/* s with &, <, > and " escaped. */
void html_text(FILE *f, const char *s);

/* The blocks of md as HTML; a heading of level n becomes <h(n + heading_shift)>. -1 if md is too long. */
int md_to_html(FILE *f, const char *md, int heading_shift);

#endif
