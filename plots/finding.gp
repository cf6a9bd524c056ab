# finding.gp: the finding of a slide, computed from the data of its figure, as `finding`.
# Parameters: the figure's own (from figures.tsv: data and its .dat files), and from a line of deck.tsv:
# rule (its first word says how; the rest are its arguments) and sentence (with {hi}, {lo} (names), {hiv},
# {lov} (their values), {hit}, {lot} (the same as times, for values in µs), {ratio} and {x} in it, replaced by
# this run's numbers).
#   ratio A B          fork-cost's bars (dat, col_op, col_p50): op A's median over op B's
#   growth OP          fork-memory (ops, dats, col_x, col_p50): OP's cost at the largest x over at the least
#   last NAMES COL     a line per name (the words of the variable NAMES, their dats, col_x): at the largest x
#                      measured, the highest of column COL over the lowest
#   peak NAMES COL     the same with each line's highest point, wherever it is
# Numbers come as the figures show them: 20.8k, 263, 5.1k; times 685 µs, 4.0 ms; ratios 14.6x, 114x.

# a time given in µs: 685 µs, 4.0 ms
duration(v) = v >= 1000 ? sprintf('%.1f ms', v / 1000) : sprintf('%.0f µs', v)
num(v) = v >= 1000 ? sprintf('%.1fk', v / 1000) : v >= 100 ? sprintf('%.0f', v) : sprintf('%.3g', v)
times(r) = r >= 100 ? sprintf('%.0fx', r) : sprintf('%.1fx', r)
# subst(s, k, v): s with every k replaced by v.
subst(s, k, v) = strstrt(s, k) ? s[1:strstrt(s, k) - 1] . v . subst(s[strstrt(s, k) + strlen(k):], k, v) : s

how = word(rule, 1)
hi = '?'; lo = '?'; hiv = 0; lov = 0; x = ''

# A value on one line of a file: stats of (that line ? the value : 0), whose maximum it is. Every other line
# counts as 0, so stats never sees an empty set (which would stop the script); a value of 0 means none.
if (how eq 'ratio') {
    f = data.'/'.dat
    hi = word(rule, 2); lo = word(rule, 3)
    stats f using (strcol(col_op) eq hi ? column(col_p50) : 0) nooutput
    hiv = STATS_max
    stats f using (strcol(col_op) eq lo ? column(col_p50) : 0) nooutput
    lov = STATS_max
}
if (how eq 'growth') {
    hi = word(rule, 2)
    do for [i = 1:words(ops)] {
        if (word(ops, i) eq hi) { f = data.'/'.word(dats, i) }
    }
    stats f using col_x nooutput
    xmin = STATS_min; xmax = STATS_max
    stats f using (column(col_x) == xmax ? column(col_p50) : 0) nooutput
    hiv = STATS_max
    stats f using (column(col_x) == xmin ? column(col_p50) : 0) nooutput
    lov = STATS_max
    x = sprintf('%g', xmax); lo = hi
}
if (how eq 'last' || how eq 'peak') {
    names = value(word(rule, 2)); col = value(word(rule, 3))
    xmax = -1e300
    do for [i = 1:words(names)] {
        stats data.'/'.word(dats, i) using col_x nooutput
        xmax = STATS_max > xmax ? STATS_max : xmax
    }
    lov = 1e300
    do for [i = 1:words(names)] {
        if (how eq 'last') {
            stats data.'/'.word(dats, i) using (column(col_x) == xmax ? column(col) : 0) nooutput
        } else {
            stats data.'/'.word(dats, i) using col nooutput
        }
        if (STATS_max > 0 && STATS_max > hiv) { hiv = STATS_max; hi = word(names, i) }
        if (STATS_max > 0 && STATS_max < lov) { lov = STATS_max; lo = word(names, i) }
    }
    x = sprintf('%g', xmax)
}
ratio = lov > 0 && hiv > 0 ? times(hiv / lov) : '?'
lov = lov < 1e300 ? lov : 0
finding = subst(subst(subst(subst(subst(subst(subst(subst(sentence, '{hi}', hi), '{lo}', lo), \
          '{hiv}', num(hiv)), '{lov}', num(lov)), '{hit}', duration(hiv)), '{lot}', duration(lov)), '{ratio}', ratio), '{x}', x)
