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
#   bars COL NAMECOL   one file of bars (dat), a name each in column NAMECOL: the highest bar over the lowest
# A rule naming a variable the figure does not have (a figure changed since deck.tsv was written) gives a finding
# that says so, on stderr too, rather than no deck.
# Its own names start with fd_: the figure script runs after it, with its own variables (lo, hi, x...) intact.
# Numbers come as the figures show them: 20.8k, 263, 5.1k; times 685 µs, 4.0 ms; ratios 14.6x, 114x.

# a time given in µs: 685 µs, 4.0 ms
fd_duration(v) = v >= 1000 ? sprintf('%.1f ms', v / 1000) : sprintf('%.0f µs', v)
fd_num(v) = v >= 100000 ? sprintf('%.0fk', v / 1000) : v >= 1000 ? sprintf('%.1fk', v / 1000) : v >= 100 ? sprintf('%.0f', v) : sprintf('%.3g', v)
fd_times(r) = r >= 100 ? sprintf('%.0fx', r) : sprintf('%.1fx', r)
# fd_subst(s, k, v): s with every k replaced by v.
fd_subst(s, k, v) = strstrt(s, k) ? s[1:strstrt(s, k) - 1] . v . fd_subst(s[strstrt(s, k) + strlen(k):], k, v) : s

fd_how = word(rule, 1)
fd_hi = '?'; fd_lo = '?'; fd_hiv = 0; fd_lov = 0; fd_x = ''
fd_missing = ''
do for [fd_k = 2:words(rule)] {
    if (fd_how ne 'ratio' && fd_how ne 'growth' && !exists(word(rule, fd_k))) { fd_missing = word(rule, fd_k) }
}
if (fd_missing ne '') {
    print sprintf('finding.gp: %s has no %s (plots/deck.tsv: %s)', name, fd_missing, rule)
    fd_how = 'none'
}

# A value on one line of a file: stats of (that line ? the value : 0), whose maximum it is. Every other line
# counts as 0, so stats never sees an empty set (which would stop the script); a value of 0 means none.
if (fd_how eq 'ratio') {
    fd_f = data.'/'.dat
    fd_hi = word(rule, 2); fd_lo = word(rule, 3)
    stats fd_f using (strcol(col_op) eq fd_hi ? column(col_p50) : 0) nooutput
    fd_hiv = STATS_max
    stats fd_f using (strcol(col_op) eq fd_lo ? column(col_p50) : 0) nooutput
    fd_lov = STATS_max
}
if (fd_how eq 'growth') {
    fd_hi = word(rule, 2)
    do for [i = 1:words(ops)] {
        if (word(ops, i) eq fd_hi) { fd_f = data.'/'.word(dats, i) }
    }
    stats fd_f using col_x nooutput
    fd_xmin = STATS_min; fd_xmax = STATS_max
    stats fd_f using (column(col_x) == fd_xmax ? column(col_p50) : 0) nooutput
    fd_hiv = STATS_max
    stats fd_f using (column(col_x) == fd_xmin ? column(col_p50) : 0) nooutput
    fd_lov = STATS_max
    fd_x = sprintf('%g', fd_xmax); fd_lo = fd_hi
}
if (fd_how eq 'last' || fd_how eq 'peak') {
    fd_names = value(word(rule, 2)); fd_col = value(word(rule, 3))
    fd_xmax = -1e300
    do for [i = 1:words(fd_names)] {
        stats data.'/'.word(dats, i) using col_x nooutput
        fd_xmax = STATS_max > fd_xmax ? STATS_max : fd_xmax
    }
    fd_lov = 1e300
    do for [i = 1:words(fd_names)] {
        if (fd_how eq 'last') {
            stats data.'/'.word(dats, i) using (column(col_x) == fd_xmax ? column(fd_col) : 0) nooutput
        } else {
            stats data.'/'.word(dats, i) using fd_col nooutput
        }
        if (STATS_max > 0 && STATS_max > fd_hiv) { fd_hiv = STATS_max; fd_hi = word(fd_names, i) }
        if (STATS_max > 0 && STATS_max < fd_lov) { fd_lov = STATS_max; fd_lo = word(fd_names, i) }
    }
    fd_x = sprintf('%g', fd_xmax)
}
if (fd_how eq 'bars') {
    fd_f = data.'/'.dat; fd_col = value(word(rule, 2)); fd_name = value(word(rule, 3))
    stats fd_f using fd_col nooutput
    fd_hiv = STATS_max; fd_lov = STATS_min; fd_top = STATS_index_max; fd_bottom = STATS_index_min
    stats fd_f every ::fd_top::fd_top using (fd_hi = strcol(fd_name), 0) nooutput
    stats fd_f every ::fd_bottom::fd_bottom using (fd_lo = strcol(fd_name), 0) nooutput
}
fd_ratio = fd_lov > 0 && fd_hiv > 0 ? fd_times(fd_hiv / fd_lov) : '?'
fd_lov = fd_lov < 1e300 ? fd_lov : 0
finding = fd_subst(fd_subst(fd_subst(fd_subst(fd_subst(fd_subst(fd_subst(fd_subst(sentence, '{hi}', fd_hi), '{lo}', fd_lo), \
          '{hiv}', fd_num(fd_hiv)), '{lov}', fd_num(fd_lov)), '{hit}', fd_duration(fd_hiv)), '{lot}', fd_duration(fd_lov)), '{ratio}', fd_ratio), '{x}', fd_x)
if (fd_how eq 'none') { finding = sprintf('%s: no finding (plots/deck.tsv asks for %s, which it lacks)', name, fd_missing) }
