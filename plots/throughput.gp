# throughput.gp: requests/sec (close mode: connections/sec) against concurrent clients, a line per variant.
# Parameters (from figures.tsv): data, workload, mode, variants, clients, [delay,] issues, caption.
load 'style.gp'
load 'clients.gp'
is_close = mode eq 'close'
set title sprintf('%s, workload "%s"%s', is_close ? 'Connections/sec' : 'Requests/sec over keep-alive connections', \
                  workload, at_delay) offset 0, 1 font sprintf(',%d', big)
set ylabel (is_close ? 'connections/sec' : 'requests/sec') . ' (median; bars: min to max)'
set yrange [0:*]
set format y '%.0s%c'
set key title 'variant'
rings = ring('1:2')
file(v) = sprintf('%s/load-%s-%s-%s.dat', data, workload, mode, v)
plot for [v in variants] file(v) using 1:2:3:4 with yerrorlines lt vlt(v) lw 1.5 title v @rings
