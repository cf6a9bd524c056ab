# shellcheck shell=bash
# bench/load/lib/pinning.sh: which CPUs the server and the client get (config.sh's check_pinning chooses):
# CPU lists as taskset takes them, the CPUs a run may use, the default split, the plan's line.

# server_cpu_count: how many CPUs the server may run on: those it is pinned to (SERVER_PIN: taskset -c
# LIST, as check_pinning or a SCALE pass set it), else all the run may use.
server_cpu_count() {
    if [ ${#SERVER_PIN[@]} -gt 0 ]; then cpu_count "${SERVER_PIN[2]}"; else cpu_count "$(available_cpus)"; fi
}

# is_cpu_list TEXT: a CPU list as taskset takes it: "0", "0-2,5".
is_cpu_list() { [[ $1 =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]]; }

# cpu_list LIST: the CPUs of a taskset list ("0-2,5"), one a line.
cpu_list() {
    local part parts
    IFS=, read -ra parts <<<"$1"
    for part in "${parts[@]}"; do
        if [[ $part == *-* ]]; then seq "${part%-*}" "${part#*-}"; else echo "$part"; fi
    done
}

# cpu_ranges CPU...: ascending CPUs as a taskset list: 1 2 3 5 -> "1-3,5".
cpu_ranges() {
    local list='' first=$1 last=$1 cpu
    for cpu in "${@:2}" ''; do
        if [ -n "$cpu" ] && [ "$cpu" -eq $((last + 1)) ]; then last=$cpu; continue; fi
        list+=${list:+,}$first$([ "$last" = "$first" ] || echo "-$last")
        first=$cpu last=$cpu
    done
    echo "$list"
}

# own_cpus: the CPUs the harness itself may run on (sched_getaffinity: taskset, cpusets), a taskset list.
own_cpus() { sed -n 's/^Cpus_allowed_list:\s*//p' /proc/self/status; }

# available_cpus: the CPUs this run may use, a taskset list: BENCH_CPUS (a stand-in, to see the
# plan of another machine), else the harness's own.
available_cpus() { echo "${BENCH_CPUS:-$(own_cpus)}"; }

# cpus_within LIST OF: whether every CPU of LIST is one of OF.
cpus_within() { [ -z "$(comm -23 <(cpu_list "$1" | sort) <(cpu_list "$2" | sort))" ]; }

# check_available_cpus: CPUS_AVAILABLE, the CPUs this run may use, checked. A BENCH_CPUS naming
# CPUs the harness may not use stands in for another machine to print its plan (PLAN_ONLY=1) only:
# taskset would pin to the CPUs the two lists share, silently, not to the ones asked for.
check_available_cpus() {
    CPUS_AVAILABLE=$(available_cpus)
    is_cpu_list "$CPUS_AVAILABLE" ||
        die "BENCH_CPUS must be a CPU list as taskset takes it (0-15, 0,2-3), not '$CPUS_AVAILABLE'"
    [ "${PLAN_ONLY:-0}" = 1 ] || cpus_within "$CPUS_AVAILABLE" "$(own_cpus)" ||
        die "BENCH_CPUS=$CPUS_AVAILABLE names CPUs this run may not use (it may use $(own_cpus)): only with PLAN_ONLY=1"
}

# default_pinning LIST: "SERVER CLIENT", the default pinning on the CPUs of LIST: the server on
# the first, wrk on all the others (one thread each); nothing with one CPU. One server CPU
# whatever the machine: costs and rates compare per core, and a lab machine's many CPUs go to
# the client, which must outpace the fastest server (on 16 CPUs, 15 wrk threads against one
# server CPU, not one wrk thread against 15).
default_pinning() {
    local cpus
    mapfile -t cpus < <(cpu_list "$1")
    [ ${#cpus[@]} -lt 2 ] || echo "${cpus[0]} $(cpu_ranges "${cpus[@]:1}")"
}

# pinning_plan CLIENT: the plan's line about pinning, CLIENT naming the load generators.
pinning_plan() {
    if [ "$PINNED" = true ]; then
        echo "  pinning:   server on CPUs $SERVER_CPUS, $1 on CPUs $CLIENT_CPUS" \
             "($PINNING_CHOSEN; CPUs $CPUS_AVAILABLE available)"
    else
        echo "  pinning:   none"
    fi
}
