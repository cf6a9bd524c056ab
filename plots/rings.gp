# rings.gp: the integrity rings of the load figures. Parameters (from figures.tsv): issues (how many cases),
# data and ring_dat (the file of their points).
# A run with integrity problems says so in red above the plot, and rings the cases.
if (issues > 0) {
    set label 101 sprintf('! %d case%s with integrity problems (ringed): see runs.json', issues, \
        issues > 1 ? 's' : '') at graph 0, graph 1.03 left tc rgb '#E00000'
}
# ring(spec): a plot clause (used as a macro, @rings) ringing those cases at `using spec`.
ring(spec) = issues > 0 ? sprintf(", '%s/%s' using %s with points lt 20 title 'integrity flag'", data, ring_dat, spec) : ''
