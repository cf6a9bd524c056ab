# clients.gp: the client-count axis (log2, a tick at each count), the delay of a netns run, the integrity rings.
# Parameters (from figures.tsv): clients, [delay,] data, ring_dat, issues, held_dat, held.
set logscale x 2
set xlabel 'concurrent clients (log scale)'
set xtics () scale 0.5
do for [c in clients] { set xtics add (c c + 0) }
# Half a step of room on each side, so no point sits on the frame.
set xrange [(word(clients, 1) + 0) / 1.4 : (word(clients, words(clients)) + 0) * 1.4]
# A netns run's figures are at one delay (figures.tsv gives it): the titles say which.
at_delay = exists('delay') ? sprintf(', +%g ms round trip', delay) : ''
load 'rings.gp'
