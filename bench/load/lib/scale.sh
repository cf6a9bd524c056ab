# shellcheck shell=bash
# bench/load/lib/scale.sh: the scaling sweep. SCALE="1 2 4 8" runs every case once per server CPU
# count N, the server pinned to the first N CPUs and wrk to the others: which model uses more cores?
#
# A pass with every CPU for the server leaves none for wrk: wrk then runs
# unpinned beside the server, and its cases say so (cpus_shared; the summary
# and the figure mark them), since the client then takes CPU from the server.
# CPUS=N stands in for the machine's CPU count, to see the plan for a bigger
# machine on this one (PLAN_ONLY=1 only: taskset cannot pin to CPUs it lacks).

# check_scale: SCALE_LIST, the server CPU counts (one empty entry without SCALE).
check_scale() {
    local n online
    SCALE_LIST=("")
    if [ -z "${SCALE:-}" ]; then
        [ -z "${CPUS:-}" ] || die "CPUS stands in for the machine's CPU count in a SCALE sweep: set SCALE too"
        return 0
    fi
    online=$(getconf _NPROCESSORS_ONLN)
    [ -z "${SERVER_CPUS:-}${CLIENT_CPUS:-}" ] || die "SCALE pins each pass: leave SERVER_CPUS and CLIENT_CPUS unset"
    [ -z "${BENCH_CPUS:-}" ] || die "SCALE pins each pass on this machine's CPUs: CPUS=N stands in for another's, not BENCH_CPUS"
    [ "$NET_MODE" = loopback ] || die "SCALE runs on loopback only (not with NET=netns or CLIENT)"
    [ "${LOAD:-closed}" = closed ] || die "SCALE runs the closed loop (wrk); the open loop (LOAD=open) takes no SCALE"
    CPUS=${CPUS:-$online}
    is_count "$CPUS" 1 || die "CPUS must be a CPU count, not '$CPUS'"
    [ "$CPUS" -le "$online" ] || [ "${PLAN_ONLY:-0}" = 1 ] ||
        die "CPUS=$CPUS stands in for a bigger machine than this one ($online CPUs): only with PLAN_ONLY=1"
    read -ra SCALE_LIST <<<"$SCALE"
    for n in "${SCALE_LIST[@]}"; do
        { is_count "$n" 1 && [ "$n" -le "$CPUS" ]; } ||
            die "SCALE: '$n' is not a server CPU count from 1 to $CPUS (the CPUs of this machine)"
    done
    WRK_THREADS_GIVEN=${WRK_THREADS:-}
    WRK_THREADS=${WRK_THREADS:-$((CPUS > 1 ? CPUS - 1 : 1))}
    is_count "$WRK_THREADS" 1 || die "WRK_THREADS must be a positive integer, not '$WRK_THREADS'"
    # shellcheck disable=SC2034  # PINNED ... PINNING_CHOSEN: env.json's pinning (env.sh)
    PINNED=true SERVER_CPUS="first N (SCALE: $SCALE)" CLIENT_CPUS="the others (none: shared)" \
        CPUS_AVAILABLE=$(cpu_range 0 $((CPUS - 1))) PINNING_CHOSEN=SCALE
}

# cpu_range FIRST LAST: "0", "0-3".
cpu_range() { if [ "$1" = "$2" ]; then echo "$1"; else echo "$1-$2"; fi; }

# scale_shared N: whether a pass with N server CPUs leaves wrk none of its own.
scale_shared() { [ "$1" -ge "$CPUS" ]; }

# scale_pins N: the server's CPUs and wrk's for a pass with N server CPUs.
scale_pins() {
    local server client="unpinned, beside it (shared)"
    server=$(cpu_range 0 $(($1 - 1)))
    scale_shared "$1" || client="on CPUs $(cpu_range "$1" $((CPUS - 1)))"
    echo "server on CPUs $server, wrk $client"
}

# scale_plan: the plan's line.
scale_plan() {
    local n
    echo "  scaling:   a pass per server CPU count (of $CPUS CPUs):"
    for n in "${SCALE_LIST[@]}"; do echo "             $n: $(scale_pins "$n")"; done
}

# scale_pass N: SERVER_PIN, CLIENT_PIN and wrk's threads for a pass with N
# server CPUs (nothing without SCALE). wrk gets a thread per CPU of its own,
# one when it shares the server's.
scale_pass() {
    local n=$1
    [ -n "$n" ] || return 0
    # shellcheck disable=SC2034  # SERVER_PIN and CLIENT_PIN are read by case.sh
    SERVER_PIN=(taskset -c "$(cpu_range 0 $((n - 1)))")
    # shellcheck disable=SC2034
    if scale_shared "$n"; then
        CLIENT_PIN=() PASS_WRK_THREADS=1
    else
        CLIENT_PIN=(taskset -c "$(cpu_range "$n" $((CPUS - 1)))") PASS_WRK_THREADS=$((CPUS - n))
    fi
    WRK_THREADS=${WRK_THREADS_GIVEN:-$PASS_WRK_THREADS}
}

# scale_fields DIR N: the case's fields (case.sh) for a pass with N server CPUs.
scale_fields() {
    [ -n "$2" ] || return 0
    add_fields "$1" "server_cpus=$2"
    if scale_shared "$2"; then add_fields "$1" cpus_shared=1; fi
}
