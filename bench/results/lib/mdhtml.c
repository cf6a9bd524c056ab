/* mdhtml.c: the Markdown the result tools write (summary.md, compare-results' report) as HTML, so that the
 * report pages say what those say from the one place that says it. Only what they use is read: "# " headings,
 * "- " lists, pipe tables (the second line dashes, "---:" right-aligned), paragraphs; `code` and **bold**. */
#include "mdhtml.h"

#include <string.h>

/* Plain text, escaped. */
static void text(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(s[i], f);
        }
    }
}

void html_text(FILE *f, const char *s)
{
    text(f, s, strlen(s));
}

/* Text with `code` and **bold** spans; a marker without its closing one is text. */
static void inline_text(FILE *f, const char *s, size_t n)
{
    const char *end = s + n;
    while (s < end) {
        size_t mark = s[0] == '`' ? 1 : (s + 1 < end && s[0] == '*' && s[1] == '*') ? 2 : 0;
        const char *close = NULL;
        for (const char *p = s + mark; mark && p + mark <= end && !close; p++)
            if (strncmp(p, mark == 1 ? "`" : "**", mark) == 0)
                close = p;
        if (!close) {
            text(f, s, 1);
            s++;
            continue;
        }
        fputs(mark == 1 ? "<code>" : "<strong>", f);
        text(f, s + mark, (size_t)(close - s - mark));
        fputs(mark == 1 ? "</code>" : "</strong>", f);
        s = close + mark;
    }
}

/* The cells of a table line "| a | b |", each trimmed, into cells and lens; returns how many. */
static size_t split_cells(const char *line, size_t len, const char **cells, size_t *lens, size_t max)
{
    size_t n = 0;
    const char *p = line + 1, *end = line + len;
    while (p < end && n < max) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        const char *stop = bar ? bar : end;
        while (p < stop && *p == ' ')
            p++;
        const char *q = stop;
        while (q > p && q[-1] == ' ')
            q--;
        if (!bar && q == p)
            break;      /* nothing after the last bar */
        cells[n] = p;
        lens[n++] = (size_t)(q - p);
        p = stop + 1;
    }
    return n;
}

#define MAX_CELLS 64

/* A table from its lines; returns how many lines it took. */
static size_t table(FILE *f, const char **lines, const size_t *lens, size_t n)
{
    const char *cells[MAX_CELLS];
    size_t clen[MAX_CELLS], rows = 0;
    int right[MAX_CELLS] = {0};
    while (rows < n && lens[rows] > 0 && lines[rows][0] == '|')
        rows++;
    if (rows >= 2) {
        size_t k = split_cells(lines[1], lens[1], cells, clen, MAX_CELLS);
        for (size_t j = 0; j < k; j++)
            right[j] = clen[j] > 0 && cells[j][clen[j] - 1] == ':';
    }
    fputs("<table>\n", f);
    for (size_t r = 0; r < rows; r++) {
        if (r == 1)
            continue;   /* the alignment line */
        size_t k = split_cells(lines[r], lens[r], cells, clen, MAX_CELLS);
        fputs(r == 0 ? "<thead><tr>" : "<tr>", f);
        for (size_t j = 0; j < k; j++) {
            fprintf(f, "<%s%s>", r == 0 ? "th" : "td", right[j] ? " class=\"num\"" : "");
            inline_text(f, cells[j], clen[j]);
            fprintf(f, "</%s>", r == 0 ? "th" : "td");
        }
        fputs(r == 0 ? "</tr></thead>\n<tbody>\n" : "</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
    return rows;
}

static int is_heading(const char *s, size_t len)
{
    size_t level = strspn(s, "#");
    return level > 0 && level < 6 && level < len && s[level] == ' ';
}

static int is_item(const char *s, size_t len)
{
    return len >= 2 && s[0] == '-' && s[1] == ' ';
}

static int starts_block(const char *s, size_t len)
{
    return len == 0 || is_heading(s, len) || is_item(s, len) || s[0] == '|';
}

/* A block starting at lines[0]: a heading, a list, a table or a paragraph; returns the lines it took. */
static size_t block(FILE *f, const char **lines, const size_t *lens, size_t n, int heading_shift)
{
    const char *s = lines[0];
    size_t len = lens[0], used = 1;
    if (is_heading(s, len)) {
        size_t level = strspn(s, "#");
        int h = (int)level + heading_shift > 6 ? 6 : (int)level + heading_shift;
        fprintf(f, "<h%d>", h);
        inline_text(f, s + level + 1, len - level - 1);
        fprintf(f, "</h%d>\n", h);
    } else if (s[0] == '|') {
        used = table(f, lines, lens, n);
    } else if (is_item(s, len)) {
        fputs("<ul>\n", f);
        for (used = 0; used < n && is_item(lines[used], lens[used]); used++) {
            fputs("<li>", f);
            inline_text(f, lines[used] + 2, lens[used] - 2);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    } else {
        fputs("<p>", f);
        inline_text(f, s, len);
        for (; used < n && !starts_block(lines[used], lens[used]); used++) {
            fputc('\n', f);
            inline_text(f, lines[used], lens[used]);
        }
        fputs("</p>\n", f);
    }
    return used;
}

#define MAX_LINES 20000

int md_to_html(FILE *f, const char *md, int heading_shift)
{
    static const char *lines[MAX_LINES];
    static size_t lens[MAX_LINES];
    size_t n = 0;
    for (const char *p = md; *p && n < MAX_LINES; n++) {
        const char *nl = strchr(p, '\n');
        lines[n] = p;
        lens[n] = nl ? (size_t)(nl - p) : strlen(p);
        p += lens[n] + (nl != NULL);
    }
    for (size_t i = 0; i < n;)
        i += lens[i] == 0 ? 1 : block(f, lines + i, lens + i, n - i, heading_shift);
    return n == MAX_LINES ? -1 : 0;
}

void html_begin(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    html_text(f, title);
    fputs("</title>\n<style>\n"
          "body { font-family: 'DejaVu Sans', sans-serif; max-width: 72em; margin: 1em auto; padding: 0 1em;"
          " color: #202020; line-height: 1.4; }\n"
          "table { border-collapse: collapse; margin: 0.5em 0 1em; }\n"
          "th, td { border: 1px solid #c8c8c8; padding: 0.2em 0.6em; }\n"
          "th { background: #f0f0f0; } td.num { text-align: right; font-variant-numeric: tabular-nums; }\n"
          "code { background: #f4f4f4; padding: 0 0.2em; }\n"
          "figure { margin: 1em 0 2em; } figure img { width: 100%; height: auto; border: 1px solid #e0e0e0; }\n"
          "figcaption { font-weight: bold; margin-top: 0.3em; }\n"
          "dt { font-weight: bold; margin-top: 0.4em; } .fail { color: #c00000; }\n"
          "</style>\n</head>\n<body>\n<main>\n", f);
}

void html_end(FILE *f)
{
    fputs("</main>\n</body>\n</html>\n", f);
}
