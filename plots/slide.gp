# slide.gp: a page of slides.pdf (scripts/deck): the figure `fig` drawn under its finding, as `slide_out`
# (a PDF, 8 x 4.5 in: 16:9), and the finding printed to `findings` (appended: page, figure, finding).
# Parameters: the figure's own (from figures.tsv), and page, rule, sentence (from deck.tsv), name, slide_out, findings.
load 'finding.gp'
set print findings append
print sprintf("%s\t%s\t%s", page, name, finding)
unset print
term = 'slide'
load fig
