/* format.h: numbers for people, in the few forms the reports, figures and progress lines use. Each returns buf. */
#ifndef FORMAT_H
#define FORMAT_H

#include <stddef.h>

/* Rounded to an integer, thousands separated: 14812.3 -> "14,812". */
const char *format_count(char *buf, size_t len, double v);

/* Two significant figures, thousands separated, as the slides round
 * 1000/0.26 = 3,846 to "3,800"; under 100, an integer ("43"). Negative,
 * NaN or absurd (> 1e18) values print "0". */
const char *format_round2(char *buf, size_t len, double v);

/* Microseconds with a unit: "812 us", "4.1 ms", "59 ms", "2.03 s". */
const char *format_us(char *buf, size_t len, double us);

/* A cost in microseconds, without the unit: one decimal under 100, where
 * costs are compared (43.3 against 45.3), else as format_count ("1,144"). */
const char *format_cost(char *buf, size_t len, double us);

/* Four significant figures with a k or M suffix: "5.620k", "134.0k", "90.00". */
const char *format_scaled(char *buf, size_t len, double v);

#endif
