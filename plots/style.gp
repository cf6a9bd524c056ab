# style.gp: terminal, fonts, the one colour and point shape of each variant and creation op, workload titles;
# every figure loads it first.
reset
# The PDF is the PNG scaled to 8x4.5 in (576 pt for 1600 px: 0.36), so
# fonts and points look the same in both.
if (term eq 'pdf' || term eq 'slide') {
    set terminal pdfcairo size 8in,4.5in font 'DejaVu Sans,20' fontscale 0.36 linewidth 1.2 noenhanced
    pscale = 0.4
} else {
    set terminal pngcairo size 1600,900 font 'DejaVu Sans,20' linewidth 2 noenhanced
    pscale = 1
}
small = 14
big = 24
# wrap(s, n): s broken into lines of at most about n characters, at spaces.
last_space(s, i) = i < 1 ? 0 : s[i:i] eq ' ' ? i : last_space(s, i - 1)
cut_at(s, n) = last_space(s, n) > 0 ? last_space(s, n) : n
wrap(s, n) = strlen(s) <= n ? s : s[1:cut_at(s, n) - 1] . "\n" . wrap(s[cut_at(s, n) + 1:], n)
set output term eq 'slide' ? slide_out : out.'.'.term
set encoding utf8
set border 3
set tics nomirror
set grid ytics lc rgb '#d0d0d0' lw 0.5 dt 1
set key outside right top vertical Left reverse samplen 2.5 spacing 1.1 box lc rgb '#bbbbbb'
set label 100 caption at screen 0.01, screen 0.025 left font sprintf(',%d', small) tc rgb '#707070'
set bmargin 5
# A page of slides.pdf (scripts/deck: slide.gp): its title, the finding, on top; the figure below it.
if (term eq 'slide') {
    set size 1, 0.85
    set label 99 wrap(finding, 70) at screen 0.5, screen 0.945 center font sprintf(',%d', big + 6)
}

# Each variant's colour and point shape, by name, so that a variant looks the
# same in every figure whoever else is in it. The order of the legends is not
# kept here: plotdata lists a figure's variants (figures.tsv: variants=) in the
# order of servers/variants, then nginx, the yardstick (bench/results/lib/resultset.c).
# A variant without a line here is drawn in dark grey (linetype 10).
vlt(v) = v eq 'sequential' ? 1 : v eq 'fork' ? 2 : v eq 'doublefork' ? 3 : v eq 'pthread' ? 4 : \
         v eq 'threadpool' ? 5 : v eq 'prefork' ? 6 : v eq 'select' ? 7 : v eq 'epoll' ? 8 : v eq 'nginx' ? 9 : \
         v eq 'reuseport' ? 17 : v eq 'uring' ? 18 : 10
set linetype 1 lc rgb '#000000' pt 7  ps 1.6*pscale dt 1   # sequential: black disc
set linetype 2 lc rgb '#D55E00' pt 5  ps 1.5*pscale dt 1   # fork: vermilion square
set linetype 3 lc rgb '#E69F00' pt 4  ps 1.5*pscale dt 1   # doublefork: orange open square
set linetype 4 lc rgb '#0072B2' pt 9  ps 1.8*pscale dt 1   # pthread: blue triangle
set linetype 5 lc rgb '#56B4E9' pt 8  ps 1.8*pscale dt 1   # threadpool: sky-blue open triangle
set linetype 6 lc rgb '#CC79A7' pt 12 ps 1.8*pscale dt 1   # prefork: pink open diamond
set linetype 7 lc rgb '#009E73' pt 13 ps 1.9*pscale dt 1   # select: green diamond
set linetype 8 lc rgb '#6A3D9A' pt 11 ps 1.8*pscale dt 1   # epoll: purple downward triangle
set linetype 9 lc rgb '#808080' pt 15 ps 1.6*pscale dt 2   # nginx: grey pentagon, dashed (a reference)
set linetype 10 lc rgb '#404040' pt 3 ps 1.6*pscale dt 1   # any other: dark grey star
set linetype 17 lc rgb '#882255' pt 10 ps 1.8*pscale dt 1  # reuseport: wine open downward triangle (epoll's, per CPU)
set linetype 18 lc rgb '#B8860B' pt 2 ps 1.8*pscale dt 1   # uring: dark gold cross

# Each creation op's colour, by name (bench/micro/fork_latency.c and thread_latency.c
# list the ops; plotdata gives their order); fork and pthread_create share their variants' colours.
olt(op) = op eq 'fork' ? 11 : op eq 'vfork' ? 12 : op eq 'posix-spawn' ? 13 : op eq 'fork-exec' ? 14 : \
          op eq 'pthread' ? 15 : op eq 'pthread-detached' ? 16 : op eq 'fork-hugepage' ? 17 : \
          op eq 'fork-shared' ? 18 : 10
set linetype 11 lc rgb '#D55E00' pt 5  ps 1.5*pscale dt 1  # fork
set linetype 12 lc rgb '#E69F00' pt 13 ps 1.8*pscale dt 1  # vfork
set linetype 13 lc rgb '#CC79A7' pt 11 ps 1.8*pscale dt 1  # posix_spawn
set linetype 14 lc rgb '#8C2D04' pt 4  ps 1.5*pscale dt 1  # fork+exec
set linetype 15 lc rgb '#0072B2' pt 9  ps 1.8*pscale dt 1  # pthread_create
set linetype 16 lc rgb '#56B4E9' pt 8  ps 1.8*pscale dt 1  # pthread detached
# fork with its memory in huge pages or a shared mapping (--memory): fork's colour, dashed.
set linetype 17 lc rgb '#D55E00' pt 9  ps 1.8*pscale dt 2  # fork, hugepage
set linetype 18 lc rgb '#D55E00' pt 13 ps 1.9*pscale dt 3  # fork, shared

# The title of a workload (bench/load/lib/config.sh lists the workloads; this is their one title).
workload_title(w) = w eq 'static' ? 'Static file (1 KiB)' : w eq 'large' ? 'Large file (1 MiB)' : \
                    w eq 'query' ? 'Search query' : sprintf('Workload "%s"', w)

# A case with an integrity problem: a large red ring around its point.
set linetype 20 lc rgb '#E00000' pt 6 ps 4.5*pscale lw 1.5 dt 1
# An open-loop run the client could not offer in full while the server had CPU to spare: a large grey square.
set linetype 21 lc rgb '#707070' pt 4 ps 4*pscale lw 1.5 dt 1
# A SCALE pass where wrk shared the server's CPUs: a large grey ring (scaling.gp).
set linetype 23 lc rgb '#909090' pt 6 ps 3.5*pscale lw 1.5 dt 1

# Each index placement's colour (servers/core/placement.h lists them): --index-memory.
plt(p) = p eq 'heap' ? 31 : p eq 'hugepage' ? 32 : p eq 'shared' ? 33 : 10
set linetype 31 lc rgb '#D55E00' pt 5  ps 1.5*pscale dt 1  # heap: fork's vermilion, square
set linetype 32 lc rgb '#0072B2' pt 9  ps 1.8*pscale dt 1  # hugepage: blue triangle
set linetype 33 lc rgb '#009E73' pt 13 ps 1.9*pscale dt 1  # shared: green diamond
