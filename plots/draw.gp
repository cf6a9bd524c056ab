# draw.gp: draws the figure script `fig` as `out`.png (1600x900, web) and `out`.pdf (8 x 4.5 in, slides).
# Run by scripts/plot and compare-results: gnuplot -e "set loadpath 'plots'; fig='x.gp'; out='dir/x'; ..." plots/draw.gp
term = 'png'
load fig
term = 'pdf'
load fig
