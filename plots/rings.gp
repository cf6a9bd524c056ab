# rings.gp: the marks of the load figures. Parameters (from figures.tsv): data; issues and ring_dat (the cases
# with integrity failures: errors, lost or extra requests, zombies, leaked descriptors, a dead server); held and
# held_dat (the cases flagged only because the server held fewer clients at once than wrk offered).
# Two kinds, never alike: holding fewer clients is the model's nature (a sequential server holds one, prefork its
# pool), expected and said so in the legend: a large grey open diamond (linetype 22); an integrity failure means
# the figure cannot be trusted: style.gp's red ring (linetype 20) drawn thick, a red "!" beside it, and a red line
# above the plot. Figures without held cases to mark (no `held` in figures.tsv) mark none.
set linetype 22 lc rgb '#8C8C8C' pt 12 ps 3.6*pscale lw 1 dt 1
held_n = exists('held') ? held : 0
if (issues > 0) {
    set label 101 sprintf('! %d case%s with integrity failures (red rings): see runs.json', issues, \
        issues > 1 ? 's' : '') at graph 0, graph 1.03 left tc rgb '#E00000'
}
# ring(spec): plot clauses (used as a macro, @rings) marking those cases at `using spec`.
held_mark(spec) = held_n > 0 ? sprintf(", '%s/%s' using %s with points lt 22 title 'fewer clients held: the model'", \
    data, held_dat, spec) : ''
fail_mark(spec) = issues > 0 ? sprintf(", '%s/%s' using %s with points lt 20 lw 4 title 'INTEGRITY FAILURE', '%s/%s' using %s:('!') with labels tc rgb '#E00000' font ',28' offset 2.2, 0 notitle", \
    data, ring_dat, spec, data, ring_dat, spec) : ''
ring(spec) = held_mark(spec) . fail_mark(spec)
