/* format.c: numbers for people, in the few forms the reports, figures and progress lines use. */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The integer text digits ("-1234567") with a comma between thousands. */
static const char *group(char *buf, size_t len, const char *digits)
{
    size_t n = strlen(digits), lead = digits[0] == '-', o = 0;
    for (size_t i = 0; i < n && o + 2 < len; i++) {
        buf[o++] = digits[i];
        size_t left = n - i - 1;    /* digits still to come */
        if (i >= lead && left > 0 && left % 3 == 0)
            buf[o++] = ',';
    }
    buf[o] = '\0';
    return buf;
}

const char *format_count(char *buf, size_t len, double v)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", v);
    return group(buf, len, digits);
}

const char *format_round2(char *buf, size_t len, double v)
{
    if (!(v >= 0) || v > 1e18)
        v = 0;
    double scale = v >= 100 ? pow(10, floor(log10(v)) - 1) : 1;
    return format_count(buf, len, round(v / scale) * scale);
}

const char *format_us(char *buf, size_t len, double us)
{
    if (us < 1000)
        snprintf(buf, len, "%.0f us", us);
    else if (us < 1e6)
        snprintf(buf, len, "%.*f ms", us < 1e4 ? 1 : 0, us / 1e3);
    else
        snprintf(buf, len, "%.2f s", us / 1e6);
    return buf;
}

const char *format_cost(char *buf, size_t len, double us)
{
    if (us < 100)
        snprintf(buf, len, "%.1f", us);
    else
        format_count(buf, len, us);
    return buf;
}

const char *format_scaled(char *buf, size_t len, double v)
{
    const char *suffix = "";
    if (fabs(v) >= 1e6) {
        v /= 1e6;
        suffix = "M";
    } else if (fabs(v) >= 1e3) {
        v /= 1e3;
        suffix = "k";
    }
    int decimals = fabs(v) < 10 ? 3 : fabs(v) < 100 ? 2 : 1;
    snprintf(buf, len, "%.*f%s", decimals, v, suffix);
    return buf;
}
