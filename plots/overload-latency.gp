# overload-latency.gp: the median connection time against the rate offered (open loop, httperf), a line per
# variant: flat while a server keeps up, then the queue in front of it. Parameters (from figures.tsv): data,
# workload, variants and their dats, col_x, col_p50 (median; min and max follow), ring_dat, bound_dat,
# ring_col, issues, bound, lo, hi, caption.
load 'style.gp'
load 'offered.gp'
set title sprintf('%s: median connection time against connections offered (open loop)', \
    workload_title(workload)) offset 0, 1 font sprintf(',%d', big)
set ylabel 'connection time, ms (median; log scale)'
set logscale y
set format y '%g'
set label 103 "httperf's median is in 1 ms bins (0.5: under 1 ms), of the connections that got a reply" \
    at graph 0.01, graph 0.03 left font sprintf(',%d', small) tc rgb '#707070'
at = sprintf('%d:%d', col_x, ring_col)
rings = ring(at)
squares = marks(at)
plot for [i = 1:words(variants)] data.'/'.word(dats, i) \
    using col_x:col_p50:(column(col_p50 + 1)):(column(col_p50 + 2)) \
    with yerrorlines lt vlt(word(variants, i)) lw 1.5 title word(variants, i) @rings @squares
