# forkmem.gp: creation cost against the memory the parent has touched: fork copies page tables, vfork,
# posix_spawn and threads do not. Parameters (from figures.tsv): data, ops, caption.
load 'style.gp'
file(op) = sprintf('%s/micro-mem-%s.dat', data, op)
set title 'Creation cost against the size of the parent' font sprintf(',%d', big) offset 0, 1
set xlabel 'memory the parent has touched (MiB)'
set ylabel 'µs per operation (median, log scale)'
set logscale y
set format y '%g'
set xtics 64
set autoscale xfix
set offsets graph 0.04, graph 0.04, 0, 0
set key title 'operation'
plot for [op in ops] file(op) using 1:2 with linespoints lt olt(op) lw 1.5 title columnheader(2)
