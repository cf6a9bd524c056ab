# shellcheck shell=bash
# tests/bench-fork.sh: the fork size sweep (SWEEP=fork, make bench-fork) end to end with tiny corpora: its
# files (runs.json with each case's size, placement and memory; forksize.json; env.json; summary.md; the
# fork-size figure), and the settings it refuses.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

if [ "${SUITE:-plain}" != plain ]; then
    pass "fork size sweep # SKIP under $SUITE: the harness is the same in every build"
    exit 0
fi
harness_setup
THP=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)
SWEEP_RUN=(SWEEP=fork SIZES="20 40" INDEX_MEMORY="heap hugepage" VARIANTS=fork QUICK=1 WARMUP=0 DURATION=1
           REPS=1 CORPORA="$TESTS_TMP/corpora" PLOTS=1)

R=$TESTS_TMP/results
start=$(date +%s%N)
harness "$R" "${SWEEP_RUN[@]}" >"$TESTS_TMP/sweep.out" 2>&1
check_eq "the smoke sweep exits 0" 0 $?
echo "# the smoke sweep took $(elapsed_ms "$start") ms"
D=$(find "$R" -mindepth 1 -maxdepth 1 -type d -name '[!.]*' | head -1)
check_eq "its files (and the deck and report page of scripts/plot)" \
    "env.json forksize.json plots report.html runs.json slides-1.png slides.pdf summary.md" "$(names_in "$D" | paste -sd ' ')"
check "its plan, first" grep -Eq '^  plan: +4 cases \+ 4 fork microbenchmarks: about [0-9]+:[0-9]{2}$' "$TESTS_TMP/sweep.out"
check "a progress line per case: its size, placement, rate and status" \
    grep -Eq '^\[4/4\] fork +hugepage +40 docs static close +c=[0-9]+ +rep 1/1  [0-9,]+ conn/s  p99 .*  ok  \(ETA' "$TESTS_TMP/sweep.out"
check_eq "the corpora, generated and kept" "docs-20-seed-42 docs-40-seed-42" \
    "$(names_in "$TESTS_TMP/corpora" | paste -sd ' ')"

# runs.json: a case per size and placement, in that order, with what it ran on and the server's memory.
check_eq "runs.json: sizes and placements, in order" "20 heap 20 hugepage 40 heap 40 hugepage" \
    "$(fields "$D/runs.json" cases.0.corpus_docs cases.0.index_memory cases.1.corpus_docs cases.1.index_memory \
        cases.2.corpus_docs cases.2.index_memory cases.3.corpus_docs cases.3.index_memory)"
check_eq "runs.json: every case ok" "ok ok ok ok" \
    "$(fields "$D/runs.json" cases.0.status cases.1.status cases.2.status cases.3.status)"
read -r rss huge huge2 < <(fields "$D/runs.json" cases.0.rss_kib cases.0.anon_huge_kib cases.1.anon_huge_kib)
check "runs.json: the server's resident memory, none of heap's in huge pages" test "$rss" -gt 1000 -a "$huge" -eq 0
if [ "$THP" != never ]; then
    check "runs.json: hugepage's server got huge pages" test "$huge2" -gt 0
    check_eq "env.json: huge pages were granted" true "$(fields "$D/env.json" huge_pages)"
fi
check_eq "env.json: the sweep's settings" 'fork [20,40] ["heap","hugepage"]' \
    "$(fields "$D/env.json" config.sweep config.corpus_docs config.index_memory)"

# forksize.json: fork_latency after the first case of each size and placement, its parent that server's size.
check_eq "forksize.json: a point per size and placement" "searchbench.forksize 20 heap 40 hugepage fork" \
    "$(fields "$D/forksize.json" schema points.0.corpus_docs points.0.index_memory points.3.corpus_docs \
        points.3.index_memory points.3.run.op)"
check_eq "forksize.json: heap's parent is the server's RSS, in MiB" "heap $(((rss + 512) / 1024)) 0" \
    "$(fields "$D/forksize.json" points.0.run.params.memory points.0.run.params.touch_mb points.0.run.params.heap_mb)"
"$J" "$D/forksize.json" points.4 >/dev/null 2>&1
check_eq "forksize.json: four points" 1 $?

check "summary.md: the sweep's table" grep -Eq '^\| 40 docs \| hugepage \| [0-9.]+ \| [0-9.]+ \| [0-9,]+ \|$' "$D/summary.md"
check "summary.md: the model at the server's size" \
    grep -Eq '^\| 20 docs \| heap \| [0-9,]+ \| [0-9,]+ \| [0-9,]+ \| \*\*[0-9.]+\*\* \|' "$D/summary.md"
check "summary.md: issue 16's goals" grep -Eq "^\| fork's model check, heap, every size \| 0.7 to 1.1 \|" "$D/summary.md"
check "the fork-size figure" test -s "$D/plots/fork-size.png" -a -s "$D/plots/fork-size.pdf"
# Its data: per placement, fork's conn/s at each server's RSS, and the ceiling fork_latency predicts there.
check "the fork-size figure: a line per placement" grep -qF "placements='heap hugepage'; dats='forksize-heap.dat forksize-hugepage.dat'" \
    "$D/plots/data/figures.tsv"
read -r mib rps _ _ ceiling docs < <(sed -n 2p "$D/plots/data/forksize-heap.dat")
want_mib=$(awk -v k="$rss" 'BEGIN { printf "%.4g", k / 1024 }')
want_rps=$(printf '%.4g' "$(fields "$D/runs.json" cases.0.wrk.requests_per_sec)")
want_ceiling=$(fields "$D/forksize.json" points.0.run.stats.mean_us | awk '{ printf "%.4g", 1e6 / $1 }')
check_eq "the fork-size figure: heap at 20 docs: the server's MiB, its conn/s, 1e6 / fork's mean there" \
    "20 $want_mib $want_rps $want_ceiling" "$docs $(printf '%.4g %.4g %.4g' "$mib" "$rps" "$ceiling")"

# refused VAR=VALUE...: the sweep refuses the setting with one line, before anything is written.
refused() {
    local r=$TESTS_TMP/refused-$RANDOM
    harness "$r" "${SWEEP_RUN[@]}" "$@" >/dev/null 2>"$TESTS_TMP/refused.err"
    check_eq "refused: $*" "2 1 absent" "$? $(wc -l <"$TESTS_TMP/refused.err") $([ -e "$r" ] && echo present || echo absent)"
}
refused SIZES="20 0"
refused SIZES="20 x"
refused INDEX_MEMORY="heap huge"
refused SWEEP=forks
refused SWEEP= INDEX_MEMORY="heap shared"
