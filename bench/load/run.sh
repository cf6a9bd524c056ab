#!/usr/bin/env bash
# bench/load/run.sh: the load-test harness: every variant x workload x mode x client count x repetition under wrk, into results/<host>-<UTC time>/.
#
# Settings (environment, or make variables of `make bench`):
#   VARIANTS     servers to measure (default: every bin/searchserver-*, in the suite's order,
#                then nginx when installed: the yardstick, on the static and large workloads)
#   NGINX        the nginx binary (default: nginx on PATH, or /usr/sbin/nginx; empty: no nginx)
#   WORKLOADS    static (1 KiB file), large (1 MiB file), query (Zipf-drawn searches);
#                NAME:MODE restricts an entry to one mode (default: static query:close)
#   MODES        close (a connection per request: conn/s), keepalive (req/s); default both
#   CLIENTS      wrk connections (default "16 64")      DURATION  seconds per case (default 2)
#   REPS         repetitions (default 5)                WARMUP    seconds of warm-up (default 1)
#   QUICK=1      a smoke run (1-2 min)                   MICRO=0   skip bench/micro/micro.sh
#   PLOTS=0      skip scripts/plot (the figures, run when that script exists)
#   SERVER_CPUS, CLIENT_CPUS  taskset lists (default: the server on the first CPU this run may use, wrk on
#                the others; both empty: no pinning)    WRK_THREADS (default: one per client CPU)
#   BENCH_CPUS   stands in for the CPUs this run may use (its affinity), for the default pinning and
#                SCALE; naming CPUs the harness may not use (another machine's), with PLAN_ONLY=1 only
#   RESULTS_ROOT (default results/), CORPUS (default corpus/), BIN (default bin/)
#   STOP_TIMEOUT_S  how long a server may take to exit after SIGTERM before it is killed (10)
#   NET=netns [DELAY="0 0.5 1 5"] [LOSS=%] [RATE=100mbit]   client and server in two network
#                namespaces (root only), one pass of every case per delay (bench/load/lib/net.sh)
#   CLIENT=user@host SERVER_ADDR=ADDR   wrk on another machine, over ssh; the server binds
#                SERVER_ADDR (default, and without CLIENT: 127.0.0.1)
#   CLIENT="user@h1 user@h2 local ..."  several wrk at once, started together, figures merged
#                (bench/load/lib/clients.sh; "local" is this machine)
#   LOAD=open    open loop: httperf offers fixed rates past each variant's capacity (`make overload`;
#                its settings and defaults: bench/load/lib/overload.sh)
#   SCALE="1 2 4 8"  one pass of every case per server CPU count: the server on the first N CPUs
#                this run may use, wrk on the others (bench/load/lib/scale.sh)
#   PLAN_ONLY=1  print the plan and stop
#   INDEX_MEMORY heap|hugepage|shared: the servers' --index-memory (default heap)
#   SWEEP=fork   the fork size sweep instead (make bench-fork; bench/load/lib/forksweep.sh)
# The run directory is built as RESULTS_ROOT/.<id>.partial and renamed at the
# end; Ctrl-C stops the server in flight and keeps the cases already measured.
set -euo pipefail

ROOT=$(cd "${0%/*}/../.." && pwd)
BIN=${BIN:-$ROOT/bin}
[[ $BIN == /* ]] || BIN=$ROOT/$BIN
# shellcheck source=bench/load/lib/config.sh
. "$ROOT/bench/load/lib/config.sh"
# shellcheck source=bench/load/lib/env.sh
. "$ROOT/bench/load/lib/env.sh"
# shellcheck source=bench/load/lib/server.sh
. "$ROOT/bench/load/lib/server.sh"
# shellcheck source=bench/load/lib/case.sh
. "$ROOT/bench/load/lib/case.sh"
# shellcheck source=bench/load/lib/nginx.sh
. "$ROOT/bench/load/lib/nginx.sh"
# shellcheck source=bench/load/lib/net.sh
. "$ROOT/bench/load/lib/net.sh"
# shellcheck source=bench/load/lib/clients.sh
. "$ROOT/bench/load/lib/clients.sh"
# shellcheck source=bench/load/lib/overload.sh
. "$ROOT/bench/load/lib/overload.sh"
# shellcheck source=bench/load/lib/scale.sh
. "$ROOT/bench/load/lib/scale.sh"
# shellcheck source=bench/load/lib/memory.sh
. "$ROOT/bench/load/lib/memory.sh"
# shellcheck source=bench/load/lib/forksweep.sh
. "$ROOT/bench/load/lib/forksweep.sh"
# shellcheck source=bench/load/lib/noise.sh
. "$ROOT/bench/load/lib/noise.sh"

# What a case costs beyond DURATION + WARMUP, in tenths of a second: starting
# the server (the index build, ~0.8 s), letting it settle, stopping it, recording.
CASE_OVERHEAD_DS=15
MICRO_S=75 MICRO_QUICK_S=10

RUN_DIR='' WORK='' CASES_DONE=0 FINISHED=0 INTERRUPTED=''

# The plan, before anything runs: what, how many, how long.
print_plan() {
    local micro_s=0 case_ds=$((10 * (DURATION + WARMUP) + CASE_OVERHEAD_DS)) kinds
    [ "$MICRO" = 0 ] || micro_s=$([ "$QUICK" = 1 ] && echo $MICRO_QUICK_S || echo $MICRO_S)
    kinds=$(printf '%s, ' "${CASE_KINDS[@]}")
    echo "searchbench run $RUN_ID"
    echo "  variants:  ${VARIANT_LIST[*]}$(is_one_of nginx "${VARIANT_LIST[@]}" && echo " (nginx: the yardstick, file workloads only)")"
    echo "  workloads: ${kinds%, }"
    echo "  clients:   ${CLIENT_LIST[*]}   (wrk threads: up to $WRK_THREADS)"
    echo "  each case: ${WARMUP} s warm-up + ${DURATION} s measured; repetitions: $REPS, interleaved across variants"
    if [ -n "${SCALE:-}" ]; then
        scale_plan
    else
        pinning_plan wrk
    fi
    echo "  plan:      $TOTAL_CASES cases x ~$((case_ds / 10)).$((case_ds % 10)) s + microbenchmarks ~$micro_s s:" \
         "about $(clock $((TOTAL_CASES * case_ds / 10 + micro_s)))"
    case $NET_MODE in
        netns) echo "  network:   namespaces $NETNS_PREFIX-server ($SERVER_ADDR) and $NETNS_PREFIX-client;" \
                    "added round trip ${DELAY_LIST[*]} ms${LOSS:+, loss $LOSS}${RATE:+, rate $RATE}" ;;
        ssh)   echo "  network:   wrk on $CLIENT over ssh, server on $SERVER_ADDR" ;;
        clients) echo "  network:   ${#LOAD_NAMES[@]} wrk at once, on ${LOAD_LABELS[*]}; server on $SERVER_ADDR" ;;
    esac
    echo "  results:   $RESULTS_ROOT/$RUN_ID"
}

# clock SECONDS: "m:ss".
clock() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }

# progress N VARIANT WORKLOAD MODE CLIENTS REP DELAY SERVER_CPUS HEADLINE: the line of a finished case.
progress() {
    local n=$1 eta
    eta=$(((SECONDS - CASES_START) * (TOTAL_CASES - n) / n))
    printf '[%d/%d] %-10s %-6s %-9s c=%-4s%s%s rep %d/%d  %s  (ETA %s)\n' "$n" "$TOTAL_CASES" "$2" "$3" "$4" \
        "$5" "${7:+ rtt+${7}ms}" "${8:+ cpus=$8}" "$6" "$REPS" "$9" "$(clock "$eta")"
}

# The microbenchmarks; their parent also takes the size of a server on this run's corpus and
# placement, which says whether huge pages were granted (HUGE_PAGES, for env.json).
run_micro() {
    [ "$MICRO" = 1 ] || return 0
    echo "# microbenchmarks (bench/micro/micro.sh)"
    BIN=$BIN QUICK=$QUICK CORPUS=$CORPUS INDEX_MEMORY=$INDEX_MEMORY "$ROOT/bench/micro/micro.sh" "$RUN_DIR" \
        >"$WORK/micro.log" 2>&1 ||
        { tail -5 "$WORK/micro.log" >&2; warn "bench/micro/micro.sh failed: no micro.json in this run"; return 0; }
    micro_huge_pages "$RUN_DIR/micro.json"
}

# Repetitions outermost and variants innermost: A B C A B C, so that drift
# over the run (thermal, other tenants of the VM) hits every variant alike.
# With NET=netns, each repetition makes one pass per delay, the link set up
# afresh for each (DELAY_LIST is one empty delay otherwise).
run_cases() {
    local rep delay cpus
    echo "# load cases"
    CASES_START=$SECONDS
    for ((rep = 1; rep <= REPS; rep++)); do
        for delay in "${DELAY_LIST[@]}"; do
            net_up "$delay" || die "could not set up the network namespaces (bench/net/netns up)"
            for cpus in "${SCALE_LIST[@]}"; do
                scale_pass "$cpus"
                run_pass "$rep" "$delay" "$cpus"
            done
            net_down
        done
    done
}

# run_pass REP DELAY SERVER_CPUS: every kind, client count and variant once; a case
# is recorded unless interrupted (half a case is no measurement).
run_pass() {
    local kind workload mode clients variant headline
    for kind in "${CASE_KINDS[@]}"; do
        workload=${kind% *} mode=${kind#* }
        for clients in "${CLIENT_LIST[@]}"; do
            for variant in "${VARIANT_LIST[@]}"; do
                runs_kind "$variant" "$workload" || continue
                run_case "$WORK/case" $((CASES_DONE + 1)) "$variant" "$workload" "$mode" "$clients" "$1" "$2" "$3"
                stop_if_interrupted
                headline=$(record_case "$WORK/case")
                CASES_DONE=$((CASES_DONE + 1))
                progress "$CASES_DONE" "$variant" "$workload" "$mode" "$clients" "$1" "$2" "$3" "$headline"
            done
        done
    done
}

# finish COMPLETE: env.json's end, summary.md, then the rename that makes the
# run visible, and results/latest pointing at it.
finish() {
    local final=$RESULTS_ROOT/$RUN_ID link=$RESULTS_ROOT/.latest.$$
    finish_env "$1"
    "$BIN/benchjson" summary "$RUN_DIR"
    mv -T "$RUN_DIR" "$final"
    RUN_DIR=$final FINISHED=1
    ln -sfn "$RUN_ID" "$link"
    mv -T "$link" "$RESULTS_ROOT/latest"
}

stop_if_interrupted() { [ -z "$INTERRUPTED" ] || exit "$INTERRUPTED"; }

# On any exit: stop a server still running; keep an interrupted run that has
# cases (marked incomplete), drop one that has none.
on_exit() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$SERVER_PID" ]; then stop_server_within "$STOP_TIMEOUT_S" 2>/dev/null || true; fi
    net_cleanup
    if [ "$FINISHED" = 0 ] && [ -n "$RUN_DIR" ] && [ -d "$RUN_DIR" ]; then
        if [ "$CASES_DONE" -gt 0 ] && [ -f "$RUN_DIR/runs.json" ] && finish false 2>/dev/null; then
            echo "bench: stopped after $CASES_DONE of $TOTAL_CASES cases; kept in $RUN_DIR (complete: false)" >&2
        else
            rm -rf "$RUN_DIR"
            echo "bench: stopped before any case finished; nothing kept" >&2
        fi
    fi
    [ -z "$WORK" ] || rm -rf "$WORK"
    exit "$rc"
}

main() {
    [ $# -eq 0 ] || die "no arguments: settings are environment variables (see the head of bench/load/run.sh)"
    check_load
    load_config
    [ "$LOAD" = closed ] || check_open
    RUN_ID=$(uname -n)-$(date -u +%Y%m%dT%H%M%SZ)
    STARTED_UTC=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    [ ! -e "$RESULTS_ROOT/$RUN_ID" ] || die "$RESULTS_ROOT/$RUN_ID already exists"
    preflight
    if [ "$LOAD" = open ]; then print_open_plan; elif [ "${SWEEP:-}" = fork ]; then print_fork_plan; else print_plan; fi
    [ "$PLAN_ONLY" = 0 ] || exit 0      # the plan and its estimate, nothing run or written
    # A signal only raises a flag, checked between steps: exiting from the
    # trap itself would run on_exit wherever the shell was, for instance
    # inside run_wrk's redirection of stderr to a file.
    trap on_exit EXIT
    trap 'INTERRUPTED=130' INT
    trap 'INTERRUPTED=143' TERM
    mkdir -p "$RESULTS_ROOT"
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/searchbench.XXXXXX")
    RUN_DIR=$RESULTS_ROOT/.$RUN_ID.partial
    mkdir "$RUN_DIR"
    net_setup
    run_micro
    stop_if_interrupted
    write_env           # after micro.sh, which may add a warning
    if [ "$LOAD" = open ]; then run_open_cases; elif [ "${SWEEP:-}" = fork ]; then run_fork_sweep; else run_cases; fi
    finish true
    echo "wrote $RESULTS_ROOT/$RUN_ID ($(clock "$SECONDS"))"
    if [ "$PLOTS" = 1 ] && [ -x "$ROOT/scripts/plot" ]; then
        BIN=$BIN "$ROOT/scripts/plot" "$RESULTS_ROOT/$RUN_ID"
    fi
}

main "$@"
