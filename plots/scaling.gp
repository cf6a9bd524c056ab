# scaling.gp: a SCALE sweep: the rate and the server's CPU time per request against the CPUs the server had,
# side by side, a line per variant, at one client count. A model that uses more cores climbs on the left;
# on the right, what each request costs the server (flat: the cores add capacity, not overhead).
# Parameters (from figures.tsv): data, workload, mode, variants and their dats, cpus, clients, [delay,]
# col_cpus, col_rps, col_cost, col_shared (1 where wrk ran unpinned beside the server), caption.
load 'style.gp'
is_close = mode eq 'close'
file(i) = data.'/'.word(dats, i)
# The passes where wrk had no CPU of its own get a large grey ring: it took CPU from the server.
shared(col) = column(col_shared) > 0 ? column(col) : NaN
set xlabel 'server CPUs'
set xtics () scale 0.5
do for [n in cpus] { set xtics add (n n + 0) }
set xrange [(word(cpus, 1) + 0) - 0.5 : (word(cpus, words(cpus)) + 0) + 0.5]
set yrange [0:*]
set tmargin at screen 0.79
set bmargin at screen 0.17
set key at screen 0.755, screen 0.79 left top title 'variant'
set multiplot title sprintf('%s, %s, %d clients: which model uses more cores?%s', workload_title(workload), \
    is_close ? 'a connection per request' : 'keep-alive', clients, \
    exists('delay') ? sprintf(', +%g ms round trip', delay) : '') font sprintf(',%d', big)
set lmargin at screen 0.08
set rmargin at screen 0.37
set title is_close ? 'connections/sec' : 'requests/sec'
set ylabel 'median; bars: min to max'
set format y '%.0s%c'
unset key
plot for [i = 1:words(variants)] file(i) using col_cpus:col_rps:(column(col_rps + 1)):(column(col_rps + 2)) \
    with yerrorlines lt vlt(word(variants, i)) lw 1.5 title word(variants, i), \
    for [i = 1:words(variants)] file(i) using col_cpus:(shared(col_rps)) with points lt 23 notitle
set lmargin at screen 0.44
set rmargin at screen 0.73
set title 'server CPU per request, us'
unset ylabel
set format y '%g'
set key
plot for [i = 1:words(variants)] file(i) using col_cpus:col_cost:(column(col_cost + 1)):(column(col_cost + 2)) \
    with yerrorlines lt vlt(word(variants, i)) lw 1.5 title word(variants, i), \
    file(1) using col_cpus:(shared(col_cost)) with points lt 23 title 'wrk shared CPUs', \
    for [i = 2:words(variants)] file(i) using col_cpus:(shared(col_cost)) with points lt 23 notitle
unset multiplot
