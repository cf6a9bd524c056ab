# clients.gp: the client-count axis (log2, a tick at each count) and the integrity rings of the load figures.
set logscale x 2
set xlabel 'concurrent clients (log scale)'
set xtics () scale 0.5
do for [c in clients] { set xtics add (c c + 0) }
# Half a step of room on each side, so no point sits on the frame.
set xrange [(word(clients, 1) + 0) / 1.4 : (word(clients, words(clients)) + 0) * 1.4]
# A run with integrity problems says so in red above the plot, and rings the cases.
if (issues > 0) {
    set label 101 sprintf('! %d case%s with integrity problems (ringed): see runs.json', issues, \
        issues > 1 ? 's' : '') at graph 0, graph 1.03 left tc rgb '#E00000'
}
issue_file = sprintf('%s/issues-%s-%s.dat', data, workload, mode)
# ring(spec): a plot clause (used as a macro, @rings) ringing those cases at `using spec`.
ring(spec) = issues > 0 ? sprintf(", '%s' using %s with points lt 20 title 'integrity flag'", issue_file, spec) : ''
