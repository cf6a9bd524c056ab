# compare.gp: A against B (compare-results --plot): a pair of bars per variant, medians with min-max error bars,
# labelled with the change (or ~ when not significant) over its 95% interval. Parameters: data and its columns col_name, col_a and
# col_b (a median; min and max follow), col_change; title, ylabel, label_a, label_b.
load 'style.gp'
set title title font sprintf(',%d', big) offset 0, 1
set ylabel ylabel . ' (median; bars: min to max)'
set label 102 'label: change from A to B and its 95% interval (Hodges-Lehmann); ~ not significant (Mann-Whitney U, p > 0.05); † too few repetitions; ! integrity problems' \
    at graph 0, graph 1.04 left font sprintf(',%d', small) tc rgb '#505050'
set style fill solid 0.85 border -1
set boxwidth 0.36
stats data using col_a nooutput
set xrange [-0.6 : STATS_records - 0.4]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set format y '%g'   # '%.0s%c' would print 1,000 and 1,200 both as 1k
set xtics scale 0
set grid noxtics
set key title 'run'
top(a, b) = a > b ? a : b
# Min-max bars as vectors with flat heads: yerrorbars would leave a dot at the median.
set style arrow 1 heads size screen 0.006, 90 lc rgb '#000000' lw 1
lo(c) = column(c + 1)
range(c) = column(c + 2) - column(c + 1)
plot data using ($0 - 0.19):col_a with boxes lc rgb '#A0A0A0' title label_a, \
     data using ($0 + 0.19):col_b with boxes lc rgb '#0072B2' title label_b, \
     data using ($0 - 0.19):(lo(col_a)):(0):(range(col_a)) with vectors arrowstyle 1 notitle, \
     data using ($0 + 0.19):(lo(col_b)):(0):(range(col_b)) with vectors arrowstyle 1 notitle, \
     data using 0:(top(column(col_a + 2), column(col_b + 2))):col_change:xtic(col_name) \
       with labels offset 0, 1.6 font sprintf(',%d', small + 4) notitle
