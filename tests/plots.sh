# shellcheck shell=bash
# tests/plots.sh: scripts/plot on a copy of a fixture result set writes every figure; plotdata's data and its skips.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

R=$TESTS_TMP/run
cp -r tests/fixtures/results-a "$R"
FIGURES="throughput-static-close latency-static-close throughput-static-keepalive latency-static-keepalive
throughput-query-close latency-query-close throughput-query-keepalive latency-query-keepalive
fork-cost fork-memory cost-static-close"

# In the C locale, as in a bare container: gnuplot must not warn there either.
LC_ALL=C BIN="$BIN" scripts/plot "$R" >"$TESTS_TMP/plot.out" 2>&1
check_eq "scripts/plot exits 0" "0" "$?"
check_eq "scripts/plot says what it wrote, no warnings" "scripts/plot: 11 figures in $R/plots (.png and .pdf)" \
    "$(cat "$TESTS_TMP/plot.out")"
for f in $FIGURES; do check_figure "$f" "$R/plots/$f"; done
check_eq "no other figures" 22 "$(compgen -G "$R/plots/*.p[nd][gf]" | wc -l)"

# The data behind the figures, from the JSON (one file per variant and section).
D=$R/plots/data
check_eq "throughput data: clients, then median/min/max of req/s, p50, p99" \
    "16 5620 5500 5710" "$(grep '^16 ' "$D/load-static-close-fork.dat" | cut -d' ' -f1-4)"
check_eq "the flagged case is listed for its ring" "64 18808 3097.2 8745.7 select" "$(sed 1d "$D/issues-static-close.dat")"
check "the figure is told about it" grep -qP '^throughput-static-close\t.*; issues=1; held=0$' "$D/figures.tsv"
check "clean sections have no rings" grep -qP '^throughput-static-keepalive\t.*; issues=0; held=0$' "$D/figures.tsv"
check "variants in the fixed order" grep -qF "variants='sequential fork pthread select'; clients='1 4 16 64'" "$D/figures.tsv"
check_eq "fork bars: median and connections/sec/core from micro.json" '"fork" 169 "5,300 conn/s/core" fork' \
    "$(head -1 "$D/micro-ops.dat")"
check "a loopback run: no delay in the figures, no delay figure" sh -c "! grep -q delay '$D/figures.tsv'"

# "delay_ms": null is loopback, as absent is: the same figures and data.
L=$TESTS_TMP/null
mkdir -p "$L"
cp tests/fixtures/results-a/env.json tests/fixtures/results-a/micro.json "$L/"
sed 's/"status": /"delay_ms": null, "status": /g' tests/fixtures/results-a/runs.json >"$L/runs.json"
"$BIN/plotdata" "$L" "$L/plots" >/dev/null
check "delay_ms null: the same data as without it" diff -r -x figures.tsv "$D" "$L/plots/data"
check "delay_ms null: the same figure list" diff <(sed "s|$R|X|g" "$D/figures.tsv") <(sed "s|$L|X|g" "$L/plots/data/figures.tsv")

# A netns run with a round-trip sweep (DELAY="0 0.5 1 5", 16 clients, keep-alive):
# the rate against the added round trip; the figures against clients at 0 ms only.
# plot_fixture DIR FIXTURE FIGURES: tests/fixtures/FIXTURE copied to DIR and drawn by scripts/plot,
# which notes that it has no micro.json and says it drew FIGURES figures.
plot_fixture() {
    cp -r "tests/fixtures/$2" "$1"
    BIN="$BIN" scripts/plot "$1" >"$TESTS_TMP/plot-$2.out" 2>&1
    check_eq "$2: scripts/plot exits 0; no micro.json, a note; $3 figures" \
        "0|plotdata: no micro.json in $1: no fork figures|scripts/plot: $3 figures in $1/plots (.png and .pdf)" \
        "$?|$(paste -sd '|' "$TESTS_TMP/plot-$2.out")"
}
N=$TESTS_TMP/delay
plot_fixture "$N" results-delay 3
check_figure "delay figure" "$N/plots/delay-static-keepalive-c16"
ND=$N/plots/data
# dat_lines FILE: its data lines, the first N fields, joined with |.
dat_lines() { sed 1d "$1" | cut -d' ' -f"1-$2" | paste -sd '|'; }
check_eq "delay data: sequential's median req/s at each delay" "0 18300|0.5 1080|1 690|5 180" \
    "$(dat_lines "$ND/delay-static-keepalive-c16-sequential.dat" 2)"
check_eq "delay data: epoll's median, min, max at each delay" \
    "0 62000 61500 62500|0.5 16200 16000 16400|1 10600 10500 10700|5 2800 2780 2820" \
    "$(dat_lines "$ND/delay-static-keepalive-c16-epoll.dat" 4)"
check "delay figure: variants in the fixed order, every delay; sequential holding 1 client is no integrity failure" \
    grep -qF "variants='sequential epoll nginx'; delays='0 0.5 1 5'; clients=16; issues=0; held=4" "$ND/figures.tsv"
check_eq "throughput data: the 0 ms cases only" "16 18300 18100 18500|16 62000 61500 62500|16 58000 57400 58600" \
    "$(for v in sequential epoll nginx; do dat_lines "$ND/load-static-keepalive-$v.dat" 4; done | paste -sd '|')"
check "throughput figure: told its delay; marks the 0 ms case only" \
    grep -qP "^throughput-static-keepalive\t.*; clients='16'; delay=0; issues=0; held=1$" "$ND/figures.tsv"

# A failed case (no figures at all) sits at 0 req/s in the ring file.
F=$TESTS_TMP/failed
cp -r tests/fixtures/results-b "$F"
"$BIN/plotdata" "$F" "$F/plots" >/dev/null
check "repetitions that failed are ringed too" grep -qx "64 4164 .* fork" "$F/plots/data/issues-query-close.dat"

# Absent data: the figures that need it are skipped with a note.
S=$TESTS_TMP/skip
mkdir -p "$S"
cp tests/fixtures/results-a/env.json tests/fixtures/results-a/runs.json "$S/"
"$BIN/plotdata" "$S" "$S/plots" >"$TESTS_TMP/skip.out" 2>&1
check_eq "no micro.json: plotdata exits 0" 0 $?
check_eq "no micro.json: a note" "plotdata: no micro.json in $S: no fork figures" "$(cat "$TESTS_TMP/skip.out")"
check_eq "no micro.json: only the load figures (and the one cost figure)" 9 "$(wc -l <"$S/plots/data/figures.tsv")"
rm "$S/runs.json"
"$BIN/plotdata" "$S" "$S/plots" >"$TESTS_TMP/skip.out" 2>&1
check_eq "nothing to plot: two notes, no figures" "2 0" \
    "$(wc -l <"$TESTS_TMP/skip.out") $(wc -l <"$S/plots/data/figures.tsv")"

# Bad input: one line naming the file, exit status 1.
printf '{"schema": "searchbench.micro", "version": 7}' >"$S/micro.json"
"$BIN/plotdata" "$S" "$S/plots" >/dev/null 2>"$TESTS_TMP/bad.err"
check_eq "unknown micro.json version: exit 1, one line" \
    "1 plotdata: $S/micro.json: unknown schema version 7 (this program reads version 1)" "$? $(cat "$TESTS_TMP/bad.err")"
printf '{"schema": "searchbench.runs", "version": 1, "cases": []} trailing' >"$S/runs.json"
rm "$S/micro.json"
"$BIN/plotdata" "$S" "$S/plots" >/dev/null 2>"$TESTS_TMP/bad.err"
check_eq "invalid runs.json: exit 1, one line" "1 plotdata: $S/runs.json: not valid JSON" "$? $(cat "$TESTS_TMP/bad.err")"
# Names become parts of file names: one with a slash is refused in one line
# (it used to fail each .dat file it named, a line each; found by fuzz-results).
printf '{"schema": "searchbench.runs", "version": 1, "cases": [{"variant": "a/b", "workload": "static",
  "mode": "close", "clients": 1}, {"variant": "c/d", "workload": "static", "mode": "close", "clients": 1}]}' \
    >"$S/runs.json"
"$BIN/plotdata" "$S" "$S/plots" >/dev/null 2>"$TESTS_TMP/bad.err"
check_eq "a variant that is no plain name: exit 1, one line" \
    "1 plotdata: $S/runs.json: case 0 has a variant, workload or mode that is not a plain name (1 to 64 letters, digits, '-', '_', '.')" \
    "$? $(cat "$TESTS_TMP/bad.err")"

# An open-loop run (and two wrk cases beside it): the rate served, the median connection time and the
# server's CPU per connection against the rate offered, a figure each.
O=$TESTS_TMP/open
plot_fixture "$O" results-open 5       # the two wrk figures of static close, and three of its own
for f in overload-static overload-latency-static overload-cost-static; do check_figure "$f" "$O/plots/$f"; done
OD=$O/plots/data
check_eq "open-loop data: epoll by rate offered (medians over the repetitions): served, p50 ms, us/conn" \
    "1000 953.721 35.5 65|2316.5 2301.11 4.5 54.8518" \
    "$(sed 1d "$OD/overload-static-epoll.dat" | head -2 | awk '{ print $1, $2, $5, $8 }' | paste -sd '|')"
check "open-loop data: the failed and the flagged rungs ringed" grep -qF "issues=2; bound=" "$OD/figures.tsv"
check_eq "open-loop data: the client-bound rungs squared (rungs, repetitions merged)" "5" "$(sed 1d "$OD/overload-bound-static.dat" | wc -l)"
