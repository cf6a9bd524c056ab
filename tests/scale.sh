# shellcheck shell=bash
# tests/scale.sh: the scaling sweep (SCALE, bench/load/lib/scale.sh): the plan for a bigger machine through
# the BENCH_CPUS stand-in, bad settings refused, and a real sweep over the CPUs this machine has, recorded per
# server CPU count (the pass with every CPU marked shared), summarised per count and drawn as a scaling figure.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

harness_setup
CPUS_HERE=$(getconf _NPROCESSORS_ONLN)
SWEEP=(VARIANTS=epoll WORKLOADS=static MODES=keepalive CLIENTS=4 WARMUP=0)

# passes PLAN: the plan's pass lines ("1: server on CPUs 0, wrk on CPUs 1-7"), joined by "|".
passes() { sed -n 's/^ *\([0-9]: server.*\)/\1/p' <<<"$1" | paste -sd '|'; }

out=$(harness "$TESTS_TMP/plan" "${SWEEP[@]}" SCALE="1 2 4 8" BENCH_CPUS=0-7 PLAN_ONLY=1 2>/dev/null)
check_eq "plan for 8 CPUs: exit 0, nothing written" "0 no" "$? $([ -e "$TESTS_TMP/plan" ] && echo yes || echo no)"
check_eq "plan for 8 CPUs: a pass per count, wrk on the other CPUs, shared when none is left" \
    "1: server on CPUs 0, wrk on CPUs 1-7|2: server on CPUs 0-1, wrk on CPUs 2-7|4: server on CPUs 0-3, wrk on CPUs 4-7|8: server on CPUs 0-7, wrk unpinned, beside it (shared)" \
    "$(passes "$out")"
check "plan for 8 CPUs: 4 passes of 1 case" grep -q 'plan: *4 cases' <<<"$out"
out=$(harness "$TESTS_TMP/plan" "${SWEEP[@]}" SCALE="1 2 4" BENCH_CPUS=2,4-5,7 PLAN_ONLY=1 2>/dev/null)
check_eq "plan on CPUs 2,4-5,7 (a cpuset): each pass takes the first N of them, wrk the rest" \
    "1: server on CPUs 2, wrk on CPUs 4-5,7|2: server on CPUs 2,4, wrk on CPUs 5,7|4: server on CPUs 2,4-5,7, wrk unpinned, beside it (shared)" \
    "$(passes "$out")"

# bad_scale NAME [VAR=VALUE...]: exit 2 with one line.
bad_scale() {
    local name=$1; shift
    harness "$TESTS_TMP/bad" "${SWEEP[@]}" "$@" >/dev/null 2>"$TESTS_TMP/scale.err"
    check_eq "$name: exit 2, one line" "2 1" "$? $(wc -l <"$TESTS_TMP/scale.err")"
}
bad_scale "SCALE beyond the machine" SCALE="1 $((CPUS_HERE + 1))"
bad_scale "a stand-in CPU list beyond the machine, to run" SCALE=1 BENCH_CPUS=0-$((CPUS_HERE + 7))
bad_scale "SCALE with SERVER_CPUS" SCALE=1 SERVER_CPUS=0
bad_scale "SCALE not a count" SCALE="1 two"
bad_scale "SCALE with several load clients" SCALE=1 CLIENT="local local"
bad_scale "SCALE with the open loop" SCALE=1 LOAD=open
check "SCALE with the open loop: named" grep -q "takes no SCALE" "$TESTS_TMP/scale.err"

if [ "$CPUS_HERE" -lt 2 ]; then
    pass "a sweep over 1 and 2 CPUs # SKIP one CPU"
    exit 0
fi
R=$TESTS_TMP/results-scale
harness "$R" "${SWEEP[@]}" SCALE="1 $CPUS_HERE" >"$TESTS_TMP/scale.out" 2>&1
check_eq "sweep over 1 and $CPUS_HERE CPUs: the run completes" 0 $?
D=$R/latest
check_eq "sweep: a case per count, the last shared" "1 false $CPUS_HERE true" \
    "$(fields "$D/runs.json" cases.0.server_cpus cases.0.cpus_shared cases.1.server_cpus cases.1.cpus_shared)"
check_eq "sweep: env.json lists the counts" "[1,$CPUS_HERE]" "$("$J" "$D/env.json" config.scale)"
check_eq "sweep: each case's cost is over the CPUs of its pass (cpu.server_cpus), not the default pinning's" \
    "1 $CPUS_HERE" "$(fields "$D/runs.json" cases.0.cpu.server_cpus cases.1.cpu.server_cpus)"
check_eq "sweep: env.json says the passes chose the pinning, on which CPUs" "false 0-$((CPUS_HERE - 1))" \
    "$(fields "$D/env.json" pinning.default pinning.available)"
check_eq "sweep: a summary table per count" \
    "## static, keep-alive, server on 1 CPU: requests/s|## static, keep-alive, server on $CPUS_HERE CPUs (shared with wrk): requests/s" \
    "$(grep '^## static' "$D/summary.md" | paste -sd '|')"
"$BIN/plotdata" "$D" "$TESTS_TMP/plots" >/dev/null
check "sweep: a scaling figure" grep -q "^scaling-static-keepalive	.*cpus='1 $CPUS_HERE'" \
    "$TESTS_TMP/plots/data/figures.tsv"
check_eq "sweep: its data, a line per count (cpus, rate, CPU per request, shared)" "1 0 $CPUS_HERE 1" \
    "$(awk '!/^#/ { print $1, $8 }' "$TESTS_TMP/plots/data/scaling-static-keepalive-epoll.dat" | paste -sd ' ')"
check_eq "sweep: the client figures show the 1-CPU pass only" 1 \
    "$(grep -vc '^#' "$TESTS_TMP/plots/data/load-static-keepalive-epoll.dat")"
