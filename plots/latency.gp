# latency.gp: p50 and p99 latency against concurrent clients, side by side, a line per variant.
# Parameters (from figures.tsv): data, workload, mode, variants, clients, [delay,] issues, caption.
load 'style.gp'
load 'clients.gp'
file(v) = sprintf('%s/load-%s-%s-%s.dat', data, workload, mode, v)
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
rings = ring('1:($3/1000)')
plot for [v in variants] file(v) using 1:($5/1000):($6/1000):($7/1000) with yerrorlines lt vlt(v) lw 1.5 \
    title v @rings
unset label 101
set lmargin at screen 0.46
set rmargin at screen 0.77
set title 'p99: one request in a hundred was slower'
unset ylabel
set key
rings = ring('1:($4/1000)')
plot for [v in variants] file(v) using 1:($8/1000):($9/1000):($10/1000) with yerrorlines lt vlt(v) lw 1.5 \
    title v @rings
unset multiplot
