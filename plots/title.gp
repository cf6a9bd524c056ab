# title.gp: the first page of slides.pdf (scripts/deck): the question the lecture asks, what this run measured
# and where. Parameters: sentence (the question, from deck.tsv), contents (the pages that follow), caption,
# slide_out.
term = 'slide'
finding = ''
load 'style.gp'
unset border
unset tics
unset grid
unset key
set size 1, 1
set label 1 wrap(sentence, 28) at screen 0.5, screen 0.62 center font sprintf(',%d', big + 16)
set label 2 'measured in this run:' at screen 0.5, screen 0.36 center font sprintf(',%d', big) tc rgb '#505050'
set label 3 wrap(contents, 90) at screen 0.5, screen 0.30 center font sprintf(',%d', big - 2) tc rgb '#505050'
set xrange [0:1]
set yrange [0:1]
plot NaN notitle
