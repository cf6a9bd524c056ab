# forkmem.gp: creation cost against the memory the parent has touched: fork copies page tables, vfork,
# posix_spawn and threads do not. Parameters (from figures.tsv): data, ops and their dats, col_x, col_p50, caption.
load 'style.gp'
set title 'Creation cost against the size of the parent' font sprintf(',%d', big) offset 0, 1
set xlabel 'memory the parent has touched (MiB)'
set ylabel 'µs per operation (median, log scale)'
set logscale y
set format y '%g'
set xtics 64
set autoscale xfix
set offsets graph 0.04, graph 0.04, 0, 0
set key title 'operation'
plot for [i = 1:words(ops)] data.'/'.word(dats, i) using col_x:col_p50 with linespoints lt olt(word(ops, i)) lw 1.5 \
    title columnheader(col_p50)
