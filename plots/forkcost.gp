# forkcost.gp: "How fast is fork()?": the median cost of each way to start a process or a thread, as bars,
# each labelled with the connections/sec one core could at most accept at that cost.
# Parameters (from figures.tsv): data, dat and its col_ columns, caption.
load 'style.gp'
f = data.'/'.dat
set title 'How fast is fork()?  Create a process or thread, wait until it has finished' \
    font sprintf(',%d', big) offset 0, 1
set ylabel 'µs per operation (median, parent touched 0 MiB)'
set label 102 'label: at most that many connections/sec per core (1 s / mean cost)' \
    at graph 0, graph 1.04 left font sprintf(',%d', small) tc rgb '#505050'
set style fill solid 0.85 border -1
set boxwidth 0.6
stats f using col_p50 nooutput
set xrange [-0.6 : STATS_records - 0.4]
set yrange [0:*]
set offsets 0, 0, graph 0.16, 0
set xtics scale 0
set grid noxtics
unset key
plot f using 0:col_p50:(olt(strcol(col_op))):xtic(col_label) with boxes lc variable, \
     f using 0:col_p50:(sprintf("%.0f µs\n%s", column(col_p50), strcol(col_ceiling))) \
       with labels offset 0, 1.6 font sprintf(',%d', small + 1)
