# shellcheck shell=bash
# bench/load/lib/case.sh: one load case: start a server, warm up, measure with wrk, check the server's health, stop it, record.

# A case's files are in its directory DIR: server.log and stats.json, wrk's
# warmup.* and wrk.*, and fields: the NAME=VALUE lines, one a line, that
# `benchjson add-case` records, added to by each step of the case.

# Every server runs under bin/subreaper: the double-fork variant's orphans
# need a reaper (PID 1 here reaps none), and one process tree for all keeps
# the checks alike. start_server VARIANT DIR: sets SERVER_PID,
# SERVER_MAIN_PID and PORT (server.sh); fails if the server exits or is not
# listening within SERVER_START_S (30 s). Its index lives as INDEX_MEMORY says.
start_server() {
    local variant=$1 dir=$2
    [ "$variant" != nginx ] || { start_nginx "$dir"; return; }
    add_fields "$dir" "index_memory=$INDEX_MEMORY"
    launch_server "$dir/server.log" "$SERVER_ADDR" "${SERVER_PIN[@]}" "${SERVER_NS_RUN[@]}" "$BIN/subreaper" \
        "$BIN/searchserver-$variant" -a "$SERVER_ADDR" -p 0 -d "$CORPUS" --stats "$dir/stats.json" \
        --index-memory "$INDEX_MEMORY"
}

# add_fields DIR NAME=VALUE...: adds to the case's record.
add_fields() {
    local dir=$1; shift
    printf '%s\n' "$@" >>"$dir/fields"
}

# wrk_threads CLIENTS: wrk's threads for CLIENTS connections (of every client together: clients.sh).
wrk_threads() {
    if [ "$NET_MODE" = clients ]; then load_threads_total "$1"; else echo $(($1 < WRK_THREADS ? $1 : WRK_THREADS)); fi
}

# Sockets in TIME_WAIT on the server's side (of its network namespace): close
# mode leaves one per connection for 60 s, and a crowded port range makes
# every connect() of wrk slower.
timewait_count() { "${SERVER_NS_RUN[@]}" sed -n 's/^TCP:.* tw \([0-9]*\).*/\1/p' /proc/net/sockstat; }

zombie_count() { pgrep -c -r Z -P "$SERVER_MAIN_PID,$SERVER_PID" || true; }

# server_ticks_split: CPU time of the server's process tree so far, in
# clock ticks, "user system": of the subreaper and every process below it,
# its own utime and stime and those of the children it reaped (cutime,
# cstime). So a worker alive all along (prefork's) counts by its own times,
# and a child reaped during the run (fork's) by its parent's. The comm field
# may hold spaces: the fields counted from the last ')' are safe. A process
# that exits meanwhile is skipped: its file is gone, or reads empty, or its
# PID is already another process's (with forks by the thousand, PIDs wrap).
server_ticks_split() {
    local pid stat f user=0 sys=0
    for pid in "$SERVER_PID" $(descendants "$SERVER_PID"); do
        # cat, not $(<file): bash's $(<file) on the stat of a process exiting meanwhile ended this
        # whole subshell at times (under set -e), its caller then reading nothing.
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        read -ra f <<<"${stat##*) }"
        [[ "${f[11]:-} ${f[12]:-} ${f[13]:-} ${f[14]:-}" =~ ^[0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]] || continue
        user=$((user + f[11] + f[13])) sys=$((sys + f[12] + f[14]))
    done
    echo "$user $sys"
}

# add_server_cpu DIR USER0 SYS0 USER1 SYS1: the server's CPU time between
# two server_ticks_split samples, as the fields server_user_s and
# server_system_s (seconds) and cpus_allowed (the CPUs it may use); no times
# when a sample failed: the record then has none, rather than a wrong one.
add_server_cpu() {
    local dir=$1 hz
    hz=$(getconf CLK_TCK)
    add_fields "$dir" "cpus_allowed=$(server_cpu_count)"
    [[ "$2 $3 $4 $5" =~ ^[0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]] && [ "$4" -ge "$2" ] && [ "$5" -ge "$3" ] || return 0
    add_fields "$dir" "server_user_s=$(awk -v t=$(($4 - $2)) -v hz="$hz" 'BEGIN { print t / hz }')" \
        "server_system_s=$(awk -v t=$(($5 - $3)) -v hz="$hz" 'BEGIN { print t / hz }')"
}

# run_wrk DIR NAME SECONDS WORKLOAD MODE CLIENTS: one wrk run against the
# case's server, where the client runs (bench/load/lib/net.sh); figures in
# DIR/NAME.json (from report.lua), wrk's output in NAME.txt, and "real user
# sys" seconds of wrk, timed on the client, in NAME.time. timeout
# --foreground keeps wrk in our process group, so Ctrl-C reaches it.
run_wrk() {
    local dir=$1 name=$2 secs=$3 workload=$4 mode=$5 clients=$6
    local scripts=$ROOT/bench/load/wrk queries=$CORPUS/queries.txt
    [ "$NET_MODE" != clients ] || { run_wrk_clients "$@"; return; }
    [ -z "$CLIENT_WORK" ] || scripts=$CLIENT_WORK queries=$CLIENT_WORK/queries.txt
    wrk_command "$scripts" "$queries" "$(client_file "$dir" "$name.json")" "$secs" "$workload" "$mode" "$clients" \
        "$(wrk_threads "$clients")"
    client_run bash -c 'TIMEFORMAT="%R %U %S"; time "$@" 2>&1' timed \
        timeout --foreground -k 5 $((secs + 30)) "${CLIENT_PIN[@]}" "${WRK_CMD[@]}" \
        >"$dir/$name.txt" 2>"$dir/$name.time" || true
    client_fetch "$dir" "$name.json"
}

# wrk_command SCRIPTS QUERIES JSON SECONDS WORKLOAD MODE CONNECTIONS THREADS: WRK_CMD, the
# command line of one wrk run, with the paths where its client has the scripts and the queries.
wrk_command() {
    WRK_CMD=(env BENCH_WRK_JSON="$3" BENCH_MODE="$6" BENCH_QUERIES="$2" wrk --latency -t"$8" -c"$7" -d"$4s"
             -s "$1/${WORKLOAD_SCRIPT[$5]}" "http://$SERVER_ADDR:$PORT${WORKLOAD_PATH[$5]}")
}

# settle FDS_BEFORE: waits (up to 2 s) for the connections wrk just closed
# to be gone on the server's side too; prints the zombies and the server's
# descriptors counted then.
settle() {
    local i zombies fds
    for ((i = 0; i < 20; i++)); do
        zombies=$(zombie_count) fds=$(fd_count "$SERVER_MAIN_PID")
        [ "$zombies" -eq 0 ] && [ "$fds" -le "$1" ] && break
        sleep 0.1
    done
    echo "$zombies $fds"
}

# measure DIR WORKLOAD MODE CLIENTS: warm-up, then the measured run with the
# server's CPU time around it; then the health checks while the server
# still runs.
measure() {
    local dir=$1 load=("${@:2}") real user sys user0 sys0 user1 sys1 fds_before zombies fds_after noise
    fds_before=$(fd_count "$SERVER_MAIN_PID")
    if [ "$WARMUP" -ne 0 ]; then
        run_wrk "$dir" warmup "$WARMUP" "${load[@]}"
        add_fields "$dir" "warmup=$dir/warmup.json"
    fi
    [ -z "$INTERRUPTED" ] || return 0
    add_fields "$dir" "timewait=$(timewait_count)" "loadavg=$(cut -d' ' -f1 /proc/loadavg)"
    read -r user0 sys0 < <(server_ticks_split) || true      # none: add_server_cpu records no time
    noise=$(noise_sample)
    run_wrk "$dir" wrk "$DURATION" "${load[@]}"
    read -r user1 sys1 < <(server_ticks_split) || true
    noise_record "$dir" "$noise"
    add_fields "$dir" "wrk=$dir/wrk.json"
    kill -0 "$SERVER_MAIN_PID" 2>/dev/null || { add_fields "$dir" "error=the server died during the run"; return; }
    [ -s "$dir/wrk.json" ] || add_fields "$dir" "error=wrk failed: $(tail -1 "$dir/wrk.txt")"
    read -r real user sys < <(tail -1 "$dir/wrk.time")    # the last line: bash -x writes there too
    read -r zombies fds_after < <(settle "$fds_before")
    add_fields "$dir" "client_cpu_s=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "wall_s=$real" \
        "zombies=$zombies" "fds_before=$fds_before" "fds_after=$fds_after"
    add_server_cpu "$dir" "$user0" "$sys0" "$user1" "$sys1"
}

# run_case DIR ORDER VARIANT WORKLOAD MODE CLIENTS REP [DELAY [SERVER_CPUS]]: one
# case, the ORDER-th of the run, in DIR (made afresh); its fields are recorded
# whatever happens to the server. It runs in the main shell, not in $(...),
# so that SERVER_PID is there for on_exit.
run_case() {
    local dir=$1 order=$2 variant=$3 workload=$4 mode=$5 clients=$6 rep=$7 delay=${8:-} cpus=${9:-}
    rm -rf "$dir" && mkdir "$dir"
    add_fields "$dir" run_id="$RUN_ID" variant="$variant" workload="$workload" mode="$mode" clients="$clients" \
        threads="$(wrk_threads "$clients")" rep="$rep" reps="$REPS" order="$order" \
        duration_s="$DURATION" warmup_s="$WARMUP"
    [ "$variant" != nginx ] || add_fields "$dir" reference=1
    [ -z "$delay" ] || add_fields "$dir" delay_ms="$delay"
    scale_fields "$dir" "$cpus"
    with_server "$dir" "$variant" measure "$dir" "$workload" "$mode" "$clients"
}

# with_server DIR VARIANT MEASURE...: a fresh server for the case in DIR;
# MEASURE (with its arguments) unless interrupted; then the server stopped,
# its exit and stats file recorded whatever happened to it.
with_server() {
    local dir=$1 variant=$2; shift 2
    if start_server "$variant" "$dir"; then
        # shellcheck disable=SC2046  # the fields are words without spaces
        add_fields "$dir" $(memory_fields $(server_memory "$SERVER_MAIN_PID"))
        [ -n "$INTERRUPTED" ] || "$@"
    else
        add_fields "$dir" "error=the server did not start: $(tail -1 "$dir/server.log")"
    fi
    stop_server_within "$STOP_TIMEOUT_S" || true
    add_fields "$dir" "server_exit=$SERVER_EXIT" "stop_timeout=$SERVER_KILLED"
    [ ! -f "$dir/stats.json" ] || add_fields "$dir" "server=$dir/stats.json"
}

# record_case DIR: adds the case to runs.json; prints benchjson's headline
# of it (rate, p99, health) for the progress line.
record_case() {
    local fields
    mapfile -t fields <"$1/fields"
    "$BIN/benchjson" add-case "$RUN_DIR/runs.json" "${fields[@]}"
}
