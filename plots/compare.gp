# compare.gp: A against B (compare-results --plot): a pair of bars per variant, medians with min-max error bars,
# labelled with the change (or ~ when not significant). Parameters: data, title, ylabel, label_a, label_b.
load 'style.gp'
set title title font sprintf(',%d', big) offset 0, 1
set ylabel ylabel . ' (median; bars: min to max)'
set label 102 'label: change from A to B; ~ not significant (Mann-Whitney U, p > 0.05); † too few repetitions; ! integrity problems' \
    at graph 0, graph 1.04 left font sprintf(',%d', small) tc rgb '#505050'
set style fill solid 0.85 border -1
set boxwidth 0.36
stats data using 2 nooutput
set xrange [-0.6 : STATS_records - 0.4]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set format y '%.0s%c'
set xtics scale 0
set grid noxtics
set key title 'run'
top(a, b) = a > b ? a : b
# Min-max bars as vectors with flat heads: yerrorbars would leave a dot at the median.
set style arrow 1 heads size screen 0.006, 90 lc rgb '#000000' lw 1
plot data using ($0 - 0.19):2 with boxes lc rgb '#A0A0A0' title label_a, \
     data using ($0 + 0.19):5 with boxes lc rgb '#0072B2' title label_b, \
     data using ($0 - 0.19):3:(0):($4 - $3) with vectors arrowstyle 1 notitle, \
     data using ($0 + 0.19):6:(0):($7 - $6) with vectors arrowstyle 1 notitle, \
     data using 0:(top($4, $7)):8:xtic(1) with labels offset 0, 1 font sprintf(',%d', small + 4) notitle
