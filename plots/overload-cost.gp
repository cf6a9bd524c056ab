# overload-cost.gp: the server's CPU per completed connection against the rate offered (open loop, httperf), a
# line per variant: costs compared at equal load, not at the different rates a closed loop reaches.
# Parameters (from figures.tsv): data, workload, variants and their dats, col_x, col_cost (median; min and
# max follow), ring_dat, bound_dat, ring_col, issues, bound, lo, hi, caption.
load 'style.gp'
load 'offered.gp'
set title sprintf('%s: server CPU per connection against connections offered (open loop)', \
    workload_title(workload)) offset 0, 1 font sprintf(',%d', big)
set ylabel 'server CPU µs per connection (log scale)'
set logscale y
set format y '%g'
at = sprintf('%d:%d', col_x, ring_col)
rings = ring(at)
squares = marks(at)
plot for [i = 1:words(variants)] data.'/'.word(dats, i) \
    using col_x:col_cost:(column(col_cost + 1)):(column(col_cost + 2)) \
    with yerrorlines lt vlt(word(variants, i)) lw 1.5 title word(variants, i) @rings @squares
