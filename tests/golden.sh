# shellcheck shell=bash
# tests/golden.sh: the result tools' outputs, byte for byte, on the committed fixtures and example runs.
# A change to the readers or writers that moves one byte fails here; a change meant to move them
# regenerates tests/fixtures/golden/ with GOLDEN_UPDATE=1 and says why in its commit.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

GOLDEN=tests/fixtures/golden
OUT=$TESTS_TMP/golden
mkdir -p "$OUT"
A=tests/fixtures/results-a B=tests/fixtures/results-b DELAY=tests/fixtures/results-delay OPEN=tests/fixtures/results-open
EXAMPLES=()     # the example runs committed under results/ (and any made here), not latest
for run in results/*/; do
    [ "$run" = results/latest/ ] || EXAMPLES+=("${run%/}")
done

# produce NAME CMD...: CMD's stdout as OUT/NAME.
produce() { local name=$1; shift; "$@" >"$OUT/$name" 2>&1; }

# plotdata_of NAME RUN: plotdata's data files for RUN, the temporary directory's name made neutral.
plotdata_of() {
    local name=$1 run=$2 dir=$TESTS_TMP/plots-$1
    "$BIN/plotdata" "$run" "$dir" >/dev/null
    (cd "$dir/data" && for f in *; do echo "== $f"; sed "s#$dir#PLOTS#g" "$f"; done) >"$OUT/plotdata-$name"
}

# summary_of NAME RUN: summary.md as benchjson writes it for RUN.
summary_of() {
    cp -r "$2" "$TESTS_TMP/summary-$1"
    "$BIN/benchjson" summary "$TESTS_TMP/summary-$1" && cp "$TESTS_TMP/summary-$1/summary.md" "$OUT/summary-$1"
}

produce compare-a-b.md "$BIN/compare-results" "$A" "$B"
produce compare-a-b.csv "$BIN/compare-results" --format csv "$A" "$B"
produce compare-a-b-p50.md "$BIN/compare-results" --metric p50 "$A" "$B"
produce compare-a-b-p99.csv "$BIN/compare-results" --format csv --metric p99 "$A" "$B"
produce compare-delay.md "$BIN/compare-results" "$DELAY" "$DELAY"
produce compare-a-open.md "$BIN/compare-results" "$A" "$OPEN"
produce compare-open.csv "$BIN/compare-results" --format csv "$OPEN" "$OPEN"
plotdata_of results-a "$A"
plotdata_of results-delay "$DELAY"
plotdata_of results-open "$OPEN"
summary_of results-open "$OPEN"
for run in "${EXAMPLES[@]}"; do
    plotdata_of "${run##*/}" "$run"
    summary_of "${run##*/}" "$run"
done

if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
    rm -rf "$GOLDEN" && cp -r "$OUT" "$GOLDEN"
    pass "golden outputs written to $GOLDEN # SKIP GOLDEN_UPDATE=1"
else
    for f in "$OUT"/*; do
        check "unchanged: ${f##*/}" diff -u "$GOLDEN/${f##*/}" "$f"
    done
    check_eq "every golden output still produced" "$(ls "$GOLDEN")" "$(ls "$OUT")"
fi
