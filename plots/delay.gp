# delay.gp: the rate against the round trip added between client and server (a netns run's DELAY sweep),
# a line per variant, at one client count.
# Parameters (from figures.tsv): data, workload, mode, variants and their dats, the col_ and ring_ columns,
# delays, clients, issues, held, caption.
load 'style.gp'
is_close = mode eq 'close'
set title sprintf('%s, %s, %d clients: rate vs added round trip', workload_title(workload), \
                  is_close ? 'a connection per request' : 'keep-alive', clients) offset 0, 1 font sprintf(',%d', big)
# Linear, so that 0 ms (a plain veth link) is on the axis; a tick at each delay measured.
set xlabel 'added round trip (ms)'
set xtics () scale 0.5
do for [d in delays] { set xtics add (d d + 0) }
last = word(delays, words(delays)) + 0
set xrange [-0.04 * last : 1.04 * last]
# Log scale: a blocking server's rate falls by orders of magnitude with the round trip.
set ylabel (is_close ? 'connections/sec' : 'requests/sec') . ' (median; bars: min to max; log scale)'
set logscale y
set format y '%.0s%c'
set key title 'variant'
load 'rings.gp'
rings = ring(sprintf('%d:%d', col_x, ring_rps))
plot for [i = 1:words(variants)] data.'/'.word(dats, i) \
    using col_x:col_rps:(column(col_rps + 1)):(column(col_rps + 2)) \
    with yerrorlines lt vlt(word(variants, i)) lw 1.5 title word(variants, i) @rings
