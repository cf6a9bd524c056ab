# shellcheck shell=bash
# tests/compare.sh: compare-results on the two fixture result sets: rows worked out by hand, CSV, bad input.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

C=$BIN/compare-results
A=tests/fixtures/results-a
B=tests/fixtures/results-b
MD=$TESTS_TMP/report.md

# has NAME LINE: the report has exactly this line.
has() { check "$1" grep -qxF -- "$2" "$MD"; }

# line_of TEXT: the number of the report's first line starting with TEXT.
line_of() { grep -nF -- "$1" "$MD" | head -1 | cut -d: -f1; }

"$C" "$A" "$B" >"$MD" 2>"$TESTS_TMP/report.err"
check_eq "markdown report: exit status 0, nothing on stderr" "0 " "$? $(cat "$TESTS_TMP/report.err")"

# fork, static, close, 16 clients. A: 5500 5580 5620 5650 5710, B: 6350 6400
# 6450 6480 6520. Medians 5620 and 6450: +14.77%. Spread: 120/5620 = 2.1%,
# 100/6450 = 1.6%. Every B above every A: U = 0, p = 2/C(10,5) = 0.008.
# The 95% interval of B/A: the 3rd smallest and 3rd largest of the 25 ratios
# (k = 3 for 5+5), 6350/5650 = 1.1239 and 6450/5500 = 1.1727; their median,
# the Hodges-Lehmann estimate, 6400/5580 = 1.1470.
has "significant change: percent, interval, p, n" \
    "| fork | 16 | 5.620k ± 2% | 6.450k ± 2% | +14.77% [+12%, +17%] | 0.008 | 5+5 |"
# sequential, static, close, 16: A 21700..22300 and B 21600..22400 overlap
# (21900 on both sides: a tie). Medians 21900 and 22000 (+0.46%), U = 10.5,
# p = 2 * 92/252 = 0.730: not significant, shown as ~ with what could not
# have been seen: 21900/22300 = 0.9821 and 22400/21900 = 1.0230, the 3rd
# smallest and largest ratios (the tie makes two of them 1).
has "no significant change: ~ and the interval" \
    "| sequential | 16 | 21.90k ± 2% | 22.00k ± 2% | ~ [-1.8%, +2.3%] | 0.730 | 5+5 |"
# fork, query, close, 64: 3 of B's 5 repetitions failed; 5 against 2 can at
# best give p = 2/C(7,2) = 0.095 > 0.05, whatever the figures, and no 95%
# interval either (P(U = 0) = 1/21 > 0.025).
check "too few repetitions: ~ with a mark, p, n" \
    grep -qE '^\| fork ! \| 64 \| .* \| ~ † \| 0\.095 \| 5\+2 \|$' "$MD"
has "too few repetitions: the note says why" \
    "- † Too few repetitions for a verdict: with 5 and 2 the smallest p-value possible is 0.095 > 0.05, so no change can be significant. Run more repetitions."
check "flagged case marked in its row" grep -qE '^\| select ! \| 64 \| ' "$MD"
has "flagged case explained" "  - select, static, close, 64 clients, A: rep 2 flagged (wrk.errors.read=12)"
check_eq "a geomean row per workload and mode" 4 "$(grep -c '^| \*\*geomean\*\* |' "$MD")"
check_eq "a table per workload and mode, in the run's order" \
    "static, close|static, keepalive|query, close|query, keepalive" \
    "$(sed -n 's/^### \([a-z]*, [a-z]*\):.*/\1/p' "$MD" | paste -sd '|')"

# The environment comes first, its differences before the side-by-side table.
# shellcheck disable=SC2016  # the backquotes are Markdown's
has "kernel difference listed" '- **kernel**: `Linux 6.1.0-18-amd64` → `Linux 6.18.0-1-amd64`'
check "environment differences come first" test "$(line_of '- **kernel**')" -lt "$(line_of '| | A | B |')" \
    -a "$(line_of '| | A | B |')" -lt "$(line_of '## Results')"
has "environment side by side" "| kernel | Linux 6.1.0-18-amd64 | Linux 6.18.0-1-amd64 |"
has "equal fields side by side too" "| CPU | Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz | Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz |"

# Cases on one side only are listed, not dropped.
has "the case only in A" "- select, query, keepalive, 64 clients (5 repetitions)"
has "the case only in B" "- pthread, static, close, 128 clients (5 repetitions)"
check "one-sided cases are not in the tables" sh -c "! grep -q '^| pthread | 128 |' '$MD'"

# CSV: a header, 57 cases (56 in A, one more in B), 4 geomeans.
CSV=$TESTS_TMP/report.csv
"$C" --format csv "$A" "$B" >"$CSV"
check_eq "csv exits 0" 0 $?
check_eq "csv header" \
    "workload,mode,variant,clients,metric,a_n,a_median,a_min,a_max,b_n,b_median,b_min,b_max,change_pct,p,verdict,integrity,hl_change_pct,ci_low_pct,ci_high_pct" \
    "$(head -1 "$CSV")"
check_eq "csv rows: 57 cases + 4 geomeans" 61 "$(($(wc -l <"$CSV") - 1))"
check_eq "csv row worked out by hand" \
    "static,close,fork,16,rps,5,5620,5500,5710,5,6450,6350,6520,14.7687,0.00793651,changed,ok,14.6953,12.3894,17.2727" \
    "$(grep '^static,close,fork,16,' "$CSV")"
check_eq "csv verdicts" "changed geomean only_a only_b same too_few_reps" \
    "$(cut -d, -f16 "$CSV" | sed 1d | sort -u | paste -sd ' ')"
check_eq "csv one-sided and flagged rows" "query,keepalive,select,64,rps,5|static,close,pthread,128,rps,|a" \
    "$(grep -E ',only_a,' "$CSV" | cut -d, -f1-6)|$(grep -E ',only_b,' "$CSV" | cut -d, -f1-6)|$(grep '^static,close,select,64,' "$CSV" | cut -d, -f17)"

# A netns run against itself with 0.5 ms moved to 2 ms and 0 ms made loopback
# (null): only cases at the same delay pair up, and null is not 0.
DA=tests/fixtures/results-delay DB=$TESTS_TMP/delay-b
mkdir -p "$DB"
cp "$DA/env.json" "$DB/"
sed 's/"delay_ms": 0,/"delay_ms": null,/; s/"delay_ms": 0\.5,/"delay_ms": 2,/' "$DA/runs.json" >"$DB/runs.json"
"$C" --format csv "$DA" "$DB" >"$TESTS_TMP/delay.csv"
check_eq "cases differing only in delay are not matched (variant:delay_ms:verdict)" \
    "epoll:0:only_a epoll:0.5:only_a epoll:1:too_few_reps epoll:5:too_few_reps epoll::only_b epoll:2:only_b" \
    "$(grep ',epoll,' "$TESTS_TMP/delay.csv" | cut -d, -f3,5,17 | tr , : | paste -sd ' ')"
"$C" "$DA" "$DB" >"$TESTS_TMP/delay.md"
check_eq "the report shows the delay: a column, and in case names" 2 "$(grep -cxF \
    -e "| epoll | 16 | 1 | 10.60k ± 1% | 10.60k ± 1% | ~ † | 1.000 | 2+2 |" \
    -e "- epoll, static, keepalive, 16 clients, +0.5 ms round trip (2 repetitions)" "$TESTS_TMP/delay.md")"

# Another metric: p99 latency, where lower is better.
"$C" --metric p99 "$A" "$B" >"$TESTS_TMP/p99.md"
check "--metric p99 titles its tables" grep -qxF "### static, close: p99 latency (µs) (lower is better)" "$TESTS_TMP/p99.md"

# Bad input: one line naming the file or directory, exit status 1.
mkdir -p "$TESTS_TMP/invalid" "$TESTS_TMP/version" "$TESTS_TMP/noruns"
cp "$A"/*.json "$TESTS_TMP/invalid/"
printf '{"schema": "searchbench.runs", "version": 1, "cases": [' >"$TESTS_TMP/invalid/runs.json"
cp "$A"/*.json "$TESTS_TMP/version/"
sed 's/"version": 1,/"version": 2,/' "$A/env.json" >"$TESTS_TMP/version/env.json"
cp "$A/env.json" "$TESTS_TMP/noruns/"

# bad_input NAME EXPECTED_MESSAGE DIR_A DIR_B
bad_input() {
    "$C" "$3" "$4" >"$TESTS_TMP/bad.out" 2>"$TESTS_TMP/bad.err"
    check_eq "$1: exit status 1" 1 $?
    check_eq "$1: one line on stderr, nothing on stdout" "compare-results: $2|0" \
        "$(cat "$TESTS_TMP/bad.err")|$(wc -c <"$TESTS_TMP/bad.out")"
}
bad_input "missing directory" "$TESTS_TMP/absent: No such file or directory" "$TESTS_TMP/absent" "$B"
bad_input "invalid JSON" "$TESTS_TMP/invalid/runs.json: not valid JSON" "$TESTS_TMP/invalid" "$B"
bad_input "unknown schema version" \
    "$TESTS_TMP/version/env.json: unknown schema version 2 (this program reads version 1)" "$A" "$TESTS_TMP/version"
bad_input "missing runs.json" "$TESTS_TMP/noruns/runs.json: No such file or directory" "$A" "$TESTS_TMP/noruns"
bad_input "a file, not a directory" "$A/env.json: Not a directory" "$A/env.json" "$B"

# Bad usage: the problem, the usage line, exit status 2.
for args in "$A" "--format xml $A $B" "--metric p42 $A $B" "--clients 0 --plot x $A $B" "--bogus $A $B"; do
    # shellcheck disable=SC2086 # the words are the arguments
    "$C" $args >/dev/null 2>"$TESTS_TMP/usage.err"
    check_eq "bad usage ($args): exit status 2, two lines" "2 2" "$? $(wc -l <"$TESTS_TMP/usage.err")"
done

# --plot: the grouped bars, by default at the largest client count on both sides.
P=$TESTS_TMP/plots
LC_ALL=C "$C" --plot "$P" "$A" "$B" >/dev/null 2>"$TESTS_TMP/plot.err"   # a bare container's locale
check_eq "--plot exits 0" "0 " "$? $(cat "$TESTS_TMP/plot.err")"
check_eq "--plot: a figure per workload and mode" \
    "compare-query-close-c64 compare-query-keepalive-c64 compare-static-close-c64 compare-static-keepalive-c64" \
    "$(cd "$P" && printf '%s\n' *.png | sed 's|\.png$||' | paste -sd ' ')"
check "--plot: PNG and PDF" test "$(head -c 4 "$P/compare-static-close-c64.pdf")" = "%PDF" \
    -a "$(od -An -tx1 -N4 "$P/compare-static-close-c64.png" | tr -d ' ')" = 89504e47
check_eq "--plot: bars with labels" 'fork 5279 5175 5299 6103 5950 6214 "+15.61%\n[+13%, +18%]"' \
    "$(grep '^fork ' "$P/compare-static-close-c64.dat")"
"$C" --plot "$P/16" --clients 16 "$A" "$B" >/dev/null 2>&1
check_eq "--plot --clients 16" 4 "$(compgen -G "$P/16/*-c16.pdf" | wc -l)"
