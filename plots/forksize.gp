# forksize.gp: the fork-size figure of a fork size sweep (make bench-fork): fork's connections/s against the
# server's resident memory, a line per index placement, and as a dashed line of the same colour the ceiling
# the fork microbenchmark predicts at that size and placement (1e6 / mean fork time, parent like the server).
# Parameters (from figures.tsv): data, placements and their dats, col_x, col_rps (min and max follow it),
# col_ceiling, workload, mode, clients, caption.
load 'style.gp'
set title 'Why is the fork server slow? Page tables' offset 0, 1 font sprintf(',%d', big)
set label 102 sprintf('%s, %s, %d clients; dashed: the ceiling 1e6 / fork time, parent as large as that server', \
                      workload_title(workload), mode eq 'close' ? 'a connection per request' : 'keep-alive', clients) \
    at graph 0, graph 1.04 left font sprintf(',%d', small) tc rgb '#505050'
set xlabel "the fork server's resident memory (MiB)"
set ylabel 'connections/sec (median; bars: min to max; log scale)'
set logscale y
set format y '%.0s%c'
set offsets graph 0.03, graph 0.03, 0, 0
set key title 'index memory'
plot for [i = 1:words(placements)] data.'/'.word(dats, i) \
         using col_x:col_rps:(column(col_rps + 1)):(column(col_rps + 2)) \
         with yerrorlines lt plt(word(placements, i)) lw 1.5 title word(placements, i), \
     for [i = 1:words(placements)] data.'/'.word(dats, i) using col_x:col_ceiling \
         with lines lt plt(word(placements, i)) dt 2 lw 1.2 title word(placements, i).' ceiling'
