# shellcheck shell=bash
# bench/load/lib/scale.sh: the scaling sweep. SCALE="1 2 4 8" runs every case once per server CPU
# count N, the server pinned to the first N CPUs and wrk to the others: which model uses more cores?
#
# The passes take their CPUs in order from those the run may use (its affinity,
# or the BENCH_CPUS stand-in: with PLAN_ONLY=1, the plan of a bigger machine).
# A pass with every CPU for the server leaves none for wrk: wrk then runs
# unpinned beside the server, and its cases say so (cpus_shared; the summary
# and the figure mark them), since the client then takes CPU from the server.

# check_scale: SCALE_LIST, the server CPU counts (one empty entry without SCALE), and
# SCALE_CPUS, the CPUs the passes take theirs from.
check_scale() {
    local n
    SCALE_LIST=("")
    [ -n "${SCALE:-}" ] || return 0
    [ -z "${SERVER_CPUS:-}${CLIENT_CPUS:-}" ] || die "SCALE pins each pass: leave SERVER_CPUS and CLIENT_CPUS unset"
    [ "$NET_MODE" = loopback ] || die "SCALE runs on loopback only (not with NET=netns or CLIENT)"
    [ "${LOAD:-closed}" = closed ] || die "SCALE runs the closed loop (wrk); the open loop (LOAD=open) takes no SCALE"
    check_available_cpus
    mapfile -t SCALE_CPUS < <(cpu_list "$CPUS_AVAILABLE")
    read -ra SCALE_LIST <<<"$SCALE"
    for n in "${SCALE_LIST[@]}"; do
        { is_count "$n" 1 && [ "$n" -le ${#SCALE_CPUS[@]} ]; } ||
            die "SCALE: '$n' is not a server CPU count from 1 to ${#SCALE_CPUS[@]} (the CPUs this run may use: $CPUS_AVAILABLE)"
    done
    WRK_THREADS_GIVEN=${WRK_THREADS:-}
    WRK_THREADS=${WRK_THREADS:-$((${#SCALE_CPUS[@]} > 1 ? ${#SCALE_CPUS[@]} - 1 : 1))}
    is_count "$WRK_THREADS" 1 || die "WRK_THREADS must be a positive integer, not '$WRK_THREADS'"
    # shellcheck disable=SC2034  # PINNED ... PINNING_CHOSEN: env.json's pinning (env.sh)
    PINNED=true SERVER_CPUS="first N (SCALE: $SCALE)" CLIENT_CPUS="the others (none: shared)" PINNING_CHOSEN=SCALE
}

# scale_server_cpus N, scale_client_cpus N: the taskset lists of a pass with N server CPUs.
scale_server_cpus() { cpu_ranges "${SCALE_CPUS[@]:0:$1}"; }
scale_client_cpus() { cpu_ranges "${SCALE_CPUS[@]:$1}"; }

# scale_shared N: whether a pass with N server CPUs leaves wrk none of its own.
scale_shared() { [ "$1" -ge ${#SCALE_CPUS[@]} ]; }

# scale_pins N: the server's CPUs and wrk's for a pass with N server CPUs.
scale_pins() {
    local client="unpinned, beside it (shared)"
    scale_shared "$1" || client="on CPUs $(scale_client_cpus "$1")"
    echo "server on CPUs $(scale_server_cpus "$1"), wrk $client"
}

# scale_plan: the plan's line.
scale_plan() {
    local n
    echo "  scaling:   a pass per server CPU count (of ${#SCALE_CPUS[@]} CPUs: $CPUS_AVAILABLE):"
    for n in "${SCALE_LIST[@]}"; do echo "             $n: $(scale_pins "$n")"; done
}

# scale_pass N: SERVER_PIN, CLIENT_PIN and wrk's threads for a pass with N
# server CPUs (nothing without SCALE). wrk gets a thread per CPU of its own,
# one when it shares the server's.
scale_pass() {
    local n=$1
    [ -n "$n" ] || return 0
    # shellcheck disable=SC2034  # SERVER_PIN and CLIENT_PIN are read by case.sh
    SERVER_PIN=(taskset -c "$(scale_server_cpus "$n")")
    # shellcheck disable=SC2034
    if scale_shared "$n"; then
        CLIENT_PIN=() PASS_WRK_THREADS=1
    else
        CLIENT_PIN=(taskset -c "$(scale_client_cpus "$n")") PASS_WRK_THREADS=$((${#SCALE_CPUS[@]} - n))
    fi
    WRK_THREADS=${WRK_THREADS_GIVEN:-$PASS_WRK_THREADS}
}

# scale_fields DIR N: the case's fields (case.sh) for a pass with N server CPUs.
scale_fields() {
    [ -n "$2" ] || return 0
    add_fields "$1" "server_cpus=$2"
    if scale_shared "$2"; then add_fields "$1" cpus_shared=1; fi
}
