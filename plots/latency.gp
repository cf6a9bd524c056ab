# latency.gp: p50 and p99 latency against concurrent clients, side by side, a line per variant.
# Parameters (from figures.tsv): data, workload, mode, variants and their dats, the col_ and ring_ columns,
# clients, [delay,] issues, held, caption.
load 'style.gp'
load 'clients.gp'
file(i) = data.'/'.word(dats, i)
ms(c) = column(c) / 1000
set logscale y
set format y '%g'
set autoscale yfix
set offsets 0, 0, graph 0.08, graph 0.08
set ylabel 'latency, ms (median; bars: min to max)'
# Two panels of the same width, fixed on the page; the legend right of the second.
set tmargin at screen 0.79
set bmargin at screen 0.17
set key at screen 0.785, screen 0.79 left top
set label 101 at screen 0.5, screen 0.88 center
set multiplot title sprintf('Latency seen by wrk, workload "%s", %s%s', workload, \
    mode eq 'close' ? 'a new connection per request' : 'keep-alive connections', at_delay) font sprintf(',%d', big)
set lmargin at screen 0.07
set rmargin at screen 0.39
set title 'p50: half the requests were faster'
unset key
rings = ring(sprintf('%d:(column(%d) / 1000)', col_x, ring_p50))
plot for [i = 1:words(variants)] file(i) using col_x:(ms(col_p50)):(ms(col_p50 + 1)):(ms(col_p50 + 2)) \
    with yerrorlines lt vlt(word(variants, i)) lw 1.5 title word(variants, i) @rings
unset label 101
set lmargin at screen 0.46
set rmargin at screen 0.77
set title 'p99: one request in a hundred was slower'
unset ylabel
set key
rings = ring(sprintf('%d:(column(%d) / 1000)', col_x, ring_p99))
plot for [i = 1:words(variants)] file(i) using col_x:(ms(col_p99)):(ms(col_p99 + 1)):(ms(col_p99 + 2)) \
    with yerrorlines lt vlt(word(variants, i)) lw 1.5 title word(variants, i) @rings
unset multiplot
