# offered.gp: the axis of the open-loop figures, the rate offered (log scale, both ends from figures.tsv),
# their integrity rings and their client-bound marks.
# Parameters (from figures.tsv): lo, hi (the least and most offered), data, ring_dat, bound_dat, ring_col,
# issues, bound.
set logscale x
xlo = lo / 1.5
xhi = hi * 1.5
set xrange [xlo : xhi]
set xlabel 'connections/s offered by httperf (log scale)'
set format x '%.0s%c'
set key title 'variant'
load 'rings.gp'
# marks(spec): a plot clause (used as a macro, @marks) squaring the client-bound runs at `using spec`.
marks(spec) = bound > 0 ? sprintf(", '%s/%s' using %s with points lt 21 title 'client-bound'", data, bound_dat, spec) : ''
