# overload.gp: the rate served against the rate offered (open loop, httperf), a line per variant, and the
# diagonal y = x: a server that keeps up sits on it; past its knee it leaves it, and either holds its rate
# or collapses. Parameters (from figures.tsv): data, workload, variants and their dats, col_x, col_served
# (median; min and max follow), ring_dat, bound_dat, ring_col, issues, bound, lo, hi, caption.
load 'style.gp'
load 'offered.gp'
set title sprintf('%s: connections served against offered (open loop)', workload_title(workload)) \
    offset 0, 1 font sprintf(',%d', big)
set ylabel 'connections/s served with a 2xx (log scale)'
set logscale y
set yrange [xlo : xhi]
set format y '%.0s%c'
# Nothing served (or less than the axis shows): on the floor.
on_floor(v) = v > xlo ? v : xlo
set label 103 'on the floor: next to nothing served' at graph 0.01, graph 0.03 left font sprintf(',%d', small) \
    tc rgb '#707070'
at(c) = sprintf('%d:(on_floor(column(%d)))', col_x, c)
rings = ring(at(ring_col))
squares = marks(at(ring_col))
plot x with lines lc rgb '#b0b0b0' dt 2 lw 1 title 'served = offered', \
     for [i = 1:words(variants)] data.'/'.word(dats, i) \
    using col_x:(on_floor(column(col_served))):(on_floor(column(col_served + 1))):(on_floor(column(col_served + 2))) \
    with yerrorlines lt vlt(word(variants, i)) lw 1.5 title word(variants, i) @rings @squares
