# throughput.gp: requests/sec (close mode: connections/sec) against concurrent clients, a line per variant.
# Parameters (from figures.tsv): data, workload, mode, variants and their dats, the col_ and ring_ columns,
# clients, [delay,] issues, held, caption.
load 'style.gp'
load 'clients.gp'
is_close = mode eq 'close'
set title sprintf('%s, workload "%s"%s', is_close ? 'Connections/sec' : 'Requests/sec over keep-alive connections', \
                  workload, at_delay) offset 0, 1 font sprintf(',%d', big)
set ylabel (is_close ? 'connections/sec' : 'requests/sec') . ' (median; bars: min to max; log scale)'
# Log scale: fork (a few hundred a second) and epoll (tens of thousands) on one axis, both readable, and a
# ratio is the same distance wherever it sits (README: "Reading the figures"). A failed case (0/s) is off the
# axis: the red line above the plot counts it.
set logscale y
set format y '%.0s%c'
set key title 'variant'
rings = ring(sprintf('%d:%d', col_x, ring_rps))
plot for [i = 1:words(variants)] data.'/'.word(dats, i) \
    using col_x:col_rps:(column(col_rps + 1)):(column(col_rps + 2)) \
    with yerrorlines lt vlt(word(variants, i)) lw 1.5 title word(variants, i) @rings
