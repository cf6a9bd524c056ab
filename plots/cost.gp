# cost.gp: what a request costs the server, in CPU µs (log scale: fork's milliseconds and an event loop's
# tens of µs on one slide): a bar per variant, user time solid below, system time hatched above, a group of
# bars per client count; the dashed line is nginx's cost at that count, the reference. Each bar is labelled
# with the rate it was measured at: a cost falls as the rate rises, so compare bars of like rates (or the
# open loop's costs at equal load, overload-cost).
# Parameters (from figures.tsv): data, dat and its col_ columns, workload, mode, variants, tics (pairs of a
# group's label and the place of its centre), bars (the place of the last),
# [delay,] caption.
load 'style.gp'
f = data.'/'.dat
is_close = mode eq 'close'
at_delay = exists('delay') ? sprintf(', +%g ms round trip', delay) : ''
set title sprintf('%s, %s: server CPU per %s%s', workload_title(workload), \
                  is_close ? 'a connection per request' : 'keep-alive', is_close ? 'connection' : 'request', \
                  at_delay) offset 0, 1 font sprintf(',%d', big)
set ylabel sprintf('server CPU µs per %s (median, log scale)', is_close ? 'connection' : 'request')
set label 102 'user time solid, system time hatched (log scale: the parts are not to scale); bars: min to max; ' . \
    'label: the rate the cost was measured at; dashed: nginx' at graph 0, graph 1.04 left \
    font sprintf(',%d', small) tc rgb '#505050'
set logscale y
set format y '%.0f'
# Room above the tallest whisker for the rotated labels: a decade and a half on the log axis.
stats f using (column(col_cpu + 2)) nooutput
set yrange [*:STATS_max * 30]
set xrange [-0.8 : bars + 0.8]
set xtics scale 0
set xtics ()
do for [i = 1:words(tics):2] { set xtics add (word(tics, i) word(tics, i + 1) + 0) }
set grid noxtics
set boxwidth 0.8
set key title 'variant'
bar(v) = vlt(strcol(col_variant))
cost_text(us) = us >= 100 ? sprintf('%.0f', us) : sprintf('%.1f', us)
rate_text(r) = r >= 1000 ? sprintf('%.3gk', r / 1000) : sprintf('%.0f', r)
# A cost without the user/system split (a run recorded before it) is one solid bar.
user_or_all = sprintf('(valid(%d) ? column(%d) : column(%d))', col_user, col_user, col_cpu)
plot f using col_pos:col_cpu:(bar(0)) with boxes fill pattern 4 lc variable notitle, \
     f using col_pos:@user_or_all:(bar(0)) with boxes fill solid 0.85 lc variable notitle, \
     f using col_pos:col_cpu:(column(col_cpu + 1)):(column(col_cpu + 2)) with yerrorbars lc rgb '#303030' pt 0 notitle, \
     f using ($1 - 0.5):col_ref:(1):(0) with vectors nohead lc rgb '#404040' dt 2 lw 1.5 notitle, \
     f using col_pos:(column(col_cpu + 2)):(sprintf(' %s µs · %s/s', cost_text(column(col_cpu)), \
       rate_text(column(col_rate)))) with labels rotate by 90 left font sprintf(',%d', small - 2) notitle, \
     for [v in variants] keyentry with boxes fill solid 0.85 lc vlt(v) title v
