# shellcheck shell=bash
# tests/comparable.sh: runs of the default plan's shape can be judged: `make compare` on two of them gives verdicts, not †.
# The shape (client counts, repetitions) is read from the harness's own plan (PLAN_ONLY=1), so a
# default that falls back below 4 repetitions fails here.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

harness_setup

# The default plan for two variants: printed, nothing run, nothing written.
PLAN_ROOT=$TESTS_TMP/plan-results
env BIN="$BIN" CORPUS="$CORPUS" MICRO=0 PLOTS=0 VARIANTS="sequential fork" RESULTS_ROOT="$PLAN_ROOT" PLAN_ONLY=1 \
    "$BASH" "$ROOT/bench/load/run.sh" >"$TESTS_TMP/plan.out" 2>&1
check_eq "PLAN_ONLY=1: exit status 0" 0 $?
check "PLAN_ONLY=1: nothing written" test ! -e "$PLAN_ROOT"
check "PLAN_ONLY=1: the plan and its estimate" grep -qE '^  plan: +[0-9]+ cases x .*: about [0-9]+:[0-9]{2}$' \
    "$TESTS_TMP/plan.out"
REPS=$(sed -n 's/.*repetitions: \([0-9]*\),.*/\1/p' "$TESTS_TMP/plan.out")
read -ra CLIENT_COUNTS <<<"$(sed -n 's/^  clients: *\([0-9 ]*[0-9]\).*/\1/p' "$TESTS_TMP/plan.out")"
check "default repetitions: at least 5 (read '$REPS')" test "${REPS:-0}" -ge 5
check "default client counts read from the plan" test "${#CLIENT_COUNTS[@]}" -ge 1

# case_json VARIANT WORKLOAD MODE CLIENTS REP RATE: one ok repetition of runs.json.
case_json() {
    printf '{"variant": "%s", "workload": "%s", "mode": "%s", "clients": %d, "rep": %d, "reps": %d, ' \
        "$1" "$2" "$3" "$4" "$5" "$REPS"
    printf '"status": "ok", "wrk": {"requests": %d, "duration_us": 2000000, "requests_per_sec": %s, ' \
        $(($6 * 2)) "$6"
    printf '"errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}, '
    printf '"latency_us": {"min": 10, "mean": 50, "stdev": 5, "max": 900, "p50": 40, "p90": 80, "p99": 200, "p999": 400}}, '
    printf '"integrity": {"ok": true, "flags": []}}'
}

# default_shaped_run DIR FORK_FACTOR SHIFT: the plan's shape for sequential and
# fork, every rate 10000 (fork's times FORK_FACTOR) give or take 3% by
# repetition, the deviations drawn from a cycle of 7 starting at SHIFT.
default_shaped_run() {
    local dir=$1 factor=$2 shift=$3 kind variant c rep rate sep='' jitter=(0 3 -2 1 -3 2 -1)
    mkdir -p "$dir"
    cp tests/fixtures/results-a/env.json "$dir/"
    {
        printf '{"schema": "searchbench.runs", "version": 1, "run_id": "%s", "cases": [\n' "${dir##*/}"
        for rep in $(seq "$REPS"); do
            for kind in "static close" "static keepalive" "query close"; do
                for c in "${CLIENT_COUNTS[@]}"; do
                    for variant in sequential fork; do
                        rate=$((10000 + 100 * jitter[(rep + shift + c) % 7]))
                        [ "$variant" = sequential ] || rate=$(awk -v r="$rate" -v f="$factor" 'BEGIN { print r * f }')
                        printf '%s' "$sep"
                        # shellcheck disable=SC2086  # kind: workload and mode
                        case_json "$variant" ${kind} "$c" "$rep" "$rate"
                        sep=$',\n'
                    done
                done
            done
        done
        printf '\n]}\n'
    } >"$dir/runs.json"
}

default_shaped_run "$TESTS_TMP/run-a" 1 0
default_shaped_run "$TESTS_TMP/run-b" 1.2 3
MD=$TESTS_TMP/default.md
# -o: never rebuild compare-results here (BIN may be a sanitizer build's).
make --no-print-directory -s -o "$BIN/compare-results" compare BIN="$BIN" A="$TESTS_TMP/run-a" B="$TESTS_TMP/run-b" >"$MD" 2>"$TESTS_TMP/default.err"
check_eq "make compare on two default-shaped runs: exit 0, nothing on stderr" "0 " "$? $(cat "$TESTS_TMP/default.err")"
ROWS=$((3 * ${#CLIENT_COUNTS[@]}))
check_eq "no row marked too few (†)" 0 "$(grep -c '†' "$MD")"
check_eq "fork: +20%, a verdict with its interval, on every row" "$ROWS" \
    "$(grep -cE '^\| fork \| [0-9]+ \| .* \| \+2[0-9]\.[0-9]{2}% \[\+[0-9.]+%, \+[0-9.]+%\] \| 0\.0[0-4][0-9] \|' "$MD")"
check_eq "sequential: ~ with its interval, on every row" "$ROWS" \
    "$(grep -cE '^\| sequential \| [0-9]+ \| .* \| ~ \[-[0-9.]+%, \+[0-9.]+%\] \| ' "$MD")"

# The A/A report (scripts/aa A B) on the same two runs: 6 rows ~ (sequential), 6 changed (fork).
"$ROOT/scripts/aa" "$TESTS_TMP/run-a" "$TESTS_TMP/run-b" >"$TESTS_TMP/aa-report.txt" 2>&1
check_eq "scripts/aa A B: exit 0" 0 $?
check "scripts/aa A B: the share of rows ~" grep -qxF \
    "rows with a verdict: $((2 * ROWS)); ~: $ROWS (50%); changed (false alarms): $ROWS" "$TESTS_TMP/aa-report.txt"
check "scripts/aa A B: the median interval width, by mode" grep -qE \
    '^median width of the 95% interval: [0-9.]+% \(keep-alive rows [0-9.]+%, close rows [0-9.]+%\)$' \
    "$TESTS_TMP/aa-report.txt"

# make aa's script end to end on a tiny plan: two runs of one build, the report beside them.
AA=$TESTS_TMP/aa
env BIN="$BIN" CORPUS="$CORPUS" AA_DIR="$AA" VARIANTS=sequential MODES=close CLIENTS=4 DURATION=1 WARMUP=0 REPS=4 \
    "$ROOT/scripts/aa" >"$TESTS_TMP/aa.out" 2>&1
check_eq "scripts/aa: exit 0" 0 $?
check_eq "scripts/aa: two runs, the report and the comparison" "2 aa.txt compare.md" \
    "$(find "$AA" -mindepth 2 -maxdepth 2 -name runs.json | wc -l) $(find "$AA" -maxdepth 1 -type f -printf '%f\n' | sort | paste -sd ' ')"
check "scripts/aa: one row, with a verdict" grep -qE '^rows with a verdict: 1; ~: [01] \((0|100)%\)' "$AA/aa.txt"
