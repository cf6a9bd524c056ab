# shellcheck shell=bash
# bench/load/lib/clients.sh: several load clients at once (CLIENT="user@h1 user@h2 local ..."): every wrk of a
# case starts at the same moment through a barrier, and benchjson merge-wrk merges their figures exactly.
#
# A client is "local" (this machine; wrk pinned to CLIENT_CPUS as usual) or user@host (over ssh,
# as CLIENT=user@host alone: net.sh). Each runs bench/load/wrk/client.sh, which the harness talks
# to through FIFOs (barrier.sh): every client.sh starts and says it is ready; its clock is read
# three times (offset = its clock - (sent + received) / 2, within half the round trip; the
# shortest round trip is kept); then "go" goes to each, back to back, and each starts its wrk at
# once and says when it has exited. One client failing (it says so, its wrk exits non-zero or
# writes no figures, its ssh or client.sh dies, it outlasts the bound) fails the case with its
# name; every process left, here or on a client, is ended by its PID.
#
# CLIENTS connections are split in CLIENT's order, the first CLIENTS % N clients one more than the
# others; with fewer connections than clients, the first CLIENTS clients run one each. Threads per
# client as with one: WRK_THREADS if set, else its CPUs (CLIENT_CPUS here, all of a remote's), at
# most its connections (and a divisor of them: load_threads).

# shellcheck source=bench/load/lib/barrier.sh
. "$ROOT/bench/load/lib/barrier.sh"

# Per client, in CLIENT's order: the entry, its label (the entry, with #N when it repeats), how it
# is reached (local or ssh), its host, its directory of scripts (remote only), the CPUs its wrk may
# use, the probe of its machine (NAME=VALUE lines) and the clock offset and round trip at setup.
LOAD_NAMES=() LOAD_LABELS=() LOAD_KIND=() LOAD_HOST=() LOAD_WORK=() LOAD_CPUS=() LOAD_MACHINE=()
LOAD_OFFSET=() LOAD_ROUND_TRIP=() LOAD_THREADS_GIVEN=''

# check_load_clients: every entry is local or an ssh host that answers and has wrk.
check_load_clients() {
    local entry i
    read -ra LOAD_NAMES <<<"$CLIENT"
    for ((i = 0; i < ${#LOAD_NAMES[@]}; i++)); do
        entry=${LOAD_NAMES[i]} LOAD_LABELS[i]=${LOAD_NAMES[i]}
        [ "$(printf '%s\n' "${LOAD_NAMES[@]}" | grep -cxF -- "$entry")" -eq 1 ] || LOAD_LABELS[i]+="#$((i + 1))"
        if [ "$entry" = local ]; then
            LOAD_KIND[i]=local LOAD_HOST[i]=local
            command -v wrk >/dev/null || die "wrk not found on PATH (scripts/deps bench installs it)"
        else
            [ -n "${SERVER_ADDR:-}" ] || die "CLIENT needs SERVER_ADDR: the address of this machine that $entry reaches"
            check_ssh_host "$entry"
            LOAD_KIND[i]=ssh LOAD_HOST[i]=${entry#*@}
        fi
    done
    NET_MODE=clients LOAD_THREADS_GIVEN=${WRK_THREADS:-}
}

# load_remote_only: a several-client run whose clients are all other machines.
load_remote_only() { [ "$NET_MODE" = clients ] && ! is_one_of local "${LOAD_KIND[@]}"; }

# load_command I CMD...: LOAD_CMD, the command line that runs CMD on client I.
load_command() {
    local i=$1; shift
    if [ "${LOAD_KIND[i]}" = local ]; then
        LOAD_CMD=("$@")
    else
        ssh_argv "${LOAD_NAMES[i]}" "$@"
        LOAD_CMD=("${SSH_ARGV[@]}")
    fi
}
load_run() { load_command "$@"; "${LOAD_CMD[@]}"; }

# load_scripts I: where client I has bench/load/wrk.
load_scripts() { echo "${LOAD_WORK[$1]:-$ROOT/bench/load/wrk}"; }

# setup_load_clients: once, before the cases: the remote clients' scripts, every client's
# machine and CPUs, and the clocks (env.json; each case reads the clocks again).
setup_load_clients() {
    local i cores
    for ((i = 0; i < ${#LOAD_NAMES[@]}; i++)); do
        if [ "${LOAD_KIND[i]}" = ssh ]; then LOAD_WORK[i]=$(scripts_on "${LOAD_NAMES[i]}") || exit; fi
        LOAD_MACHINE[i]=$(load_run "$i" sh -c "$CLIENT_PROBE") || die "could not describe client ${LOAD_LABELS[i]}"
        cores=$(sed -n 's/^cores_online=//p' <<<"${LOAD_MACHINE[i]}")
        LOAD_CPUS[i]=$cores
        [ "${LOAD_KIND[i]}" != local ] || [ "$PINNED" = false ] || LOAD_CPUS[i]=$(cpu_count "$CLIENT_CPUS")
    done
    barrier_open "$WORK/clocks" "${#LOAD_NAMES[@]}"
    for ((i = 0; i < ${#LOAD_NAMES[@]}; i++)); do
        load_command "$i" bash "$(load_scripts "$i")/client.sh" run "$i" 60 "$WORK/clocks/out.$i" true
        barrier_start "$i" "$WORK/clocks/out.$i" "${LOAD_CMD[@]}"
    done
    { barrier_wait 1 30 && barrier_clocks; } || true       # what failed is in B_ERR
    barrier_close
    [ -z "$(barrier_failure)" ] || die "$(barrier_failure)"
    LOAD_OFFSET=("${B_OFFSET[@]}") LOAD_ROUND_TRIP=("${B_ROUND_TRIP[@]}")
}

# cleanup_load_clients: the remote directories.
cleanup_load_clients() {
    local i
    for ((i = 0; i < ${#LOAD_NAMES[@]}; i++)); do
        [ -z "${LOAD_WORK[i]:-}" ] || load_run "$i" rm -rf "${LOAD_WORK[i]}" 2>/dev/null || true
    done
}

# load_clients_env_args: env.json's record of every client, one item of each list per client.
load_clients_env_args() {
    local i facts
    for ((i = 0; i < ${#LOAD_NAMES[@]}; i++)); do
        echo "network.clients=${LOAD_LABELS[i]}"
        mapfile -t facts <<<"${LOAD_MACHINE[i]}"
        printf 'network.client_machines.%s\n' "${facts[@]}"
        echo "network.clock_offset_us=${LOAD_OFFSET[i]}"
        echo "network.clock_round_trip_us=${LOAD_ROUND_TRIP[i]}"
    done
}

# load_used CLIENTS: how many clients a case of CLIENTS connections runs.
load_used() { echo $(($1 < ${#LOAD_NAMES[@]} ? $1 : ${#LOAD_NAMES[@]})); }

# load_connections I CLIENTS: client I's share of CLIENTS connections.
load_connections() {
    local n; n=$(load_used "$2")
    echo $(($2 / n + ($1 < $2 % n ? 1 : 0)))
}

# load_threads I CLIENTS: client I's wrk threads: at most its connections, and a divisor of
# them (wrk gives each thread connections / threads and opens no more: 3 on 2 threads are 2).
load_threads() {
    local conns threads=${LOAD_THREADS_GIVEN:-${LOAD_CPUS[$1]}}
    conns=$(load_connections "$1" "$2")
    [ "${LOAD_KIND[$1]}" = ssh ] || threads=${LOAD_THREADS_GIVEN:-$WRK_THREADS}
    ((threads <= conns)) || threads=$conns
    while ((conns % threads)); do threads=$((threads - 1)); done
    echo "$threads"
}

# load_threads_total CLIENTS: the threads of every client together.
load_threads_total() {
    local i total=0
    for ((i = 0; i < $(load_used "$1"); i++)); do total=$((total + $(load_threads "$i" "$1"))); done
    echo "$total"
}

# load_start I DIR NAME SECONDS WORKLOAD MODE CLIENTS: client I's client.sh, ready to run its
# share of the wrk run NAME; its files on the client in DIR (local) or its own directory.
load_start() {
    local i=$1 dir=$2 name=$3 secs=$4 workload=$5 mode=$6 clients=$7 scripts at pin=()
    scripts=$(load_scripts "$i") at=${LOAD_WORK[i]:-$dir}
    [ "${LOAD_KIND[i]}" != local ] || pin=("${CLIENT_PIN[@]}")
    wrk_command "$scripts" "${LOAD_WORK[i]:-$CORPUS}/queries.txt" "$at/$name.$i.json" "$secs" "$workload" "$mode" \
        "$(load_connections "$i" "$clients")" "$(load_threads "$i" "$clients")"
    load_command "$i" bash "$scripts/client.sh" run "$i" $((secs + 30)) "$at/$name.$i.txt" \
        "${pin[@]}" env BENCH_WRK_HISTOGRAM=1 "${WRK_CMD[@]}"
    barrier_start "$i" "$at/$name.$i.txt" "${LOAD_CMD[@]}"
}

# run_wrk_clients DIR NAME SECONDS WORKLOAD MODE CLIENTS: run_wrk (case.sh) on every client at
# once: the merged figures in DIR/NAME.json, each client's in NAME.I.json; "real user sys"
# (the longest wall time, the CPU of all) in NAME.time; what failed, naming the client, in NAME.txt.
run_wrk_clients() {
    local dir=$1 name=$2 secs=$3 n i why
    n=$(load_used "$6")
    barrier_open "$dir/$name.barrier" "$n"
    for ((i = 0; i < n; i++)); do load_start "$i" "$@"; done
    { barrier_wait 1 30 && barrier_clocks && barrier_go && barrier_wait 3 $((secs + 60)); } || true
    barrier_close
    why=$(barrier_failure)
    if [ -z "$why" ]; then
        for ((i = 0; i < n; i++)); do
            [ "${LOAD_KIND[i]}" = local ] || load_run "$i" cat "${LOAD_WORK[i]}/$name.$i.json" >"$dir/$name.$i.json" ||
                rm -f "$dir/$name.$i.json"
        done
        why=$(merge_clients "$dir" "$name" "$6" 2>&1 >/dev/null | sed 's/^.*merge-wrk: //')
    fi
    echo "${why:-$n clients, merged}" >"$dir/$name.txt"
    barrier_times >"$dir/$name.time"
}

# merge_clients DIR NAME CLIENTS: benchjson merge-wrk of the clients' figures into DIR/NAME.json.
merge_clients() {
    local dir=$1 name=$2 i args=() cpu wall user sys
    for ((i = 0; i < $(load_used "$3"); i++)); do
        read -r _ wall user sys _ <<<"${B_DONE[i]}"
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
        args+=("load_client=${LOAD_LABELS[i]}" "load_client.host=${LOAD_HOST[i]}"
               "load_client.connections=$(load_connections "$i" "$3")" "load_client.threads=$(load_threads "$i" "$3")"
               "load_client.cpus=${LOAD_CPUS[i]}" "load_client.wrk=$dir/$name.$i.json"
               "load_client.start_us=$((B_GO[i] - B_OFFSET[i]))" "load_client.clock_offset_us=${B_OFFSET[i]}"
               "load_client.clock_round_trip_us=${B_ROUND_TRIP[i]}" "load_client.cpu_s=$cpu"
               "load_client.wall_s=$(awk -v w="$wall" 'BEGIN { print w / 1e6 }')")
    done
    "$BIN/benchjson" merge-wrk "$dir/$name.json" "${args[@]}"
}
