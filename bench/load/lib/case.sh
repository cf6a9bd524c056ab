# bench/load/lib/case.sh: one load case: start a server, warm up, measure with wrk, check the server's health, stop it, record.

SRV_PID=        # what the harness signals: bin/subreaper, which passes SIGTERM on
SRV_MAIN=       # the server process itself, the subreaper's child

# Every server runs under bin/subreaper: the double-fork variant's orphans
# need a reaper (PID 1 here reaps none), and one process tree for all keeps
# the checks alike. Sets SRV_PID, SRV_MAIN and PORT; fails if the server
# exits or is not listening within 30 s (building the index takes ~1.5 s).
start_server() {
    local variant=$1 dir=$2 i
    [ "$variant" != nginx ] || { start_nginx "$dir"; return; }
    "${SERVER_PIN[@]}" "${SERVER_NS_RUN[@]}" "$BIN/subreaper" "$BIN/searchserver-$variant" -a "$SERVER_ADDR" -p 0 -d "$CORPUS" \
        --stats "$dir/stats.json" >"$dir/server.log" 2>&1 </dev/null &
    SRV_PID=$! SRV_MAIN= PORT=
    for ((i = 0; i < 600; i++)); do
        PORT=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$dir/server.log")
        [ -n "$SRV_MAIN" ] || SRV_MAIN=$(pgrep -P "$SRV_PID" || true)
        [ -n "$PORT" ] && [ -n "$SRV_MAIN" ] && return 0
        kill -0 "$SRV_PID" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

# descendants PID: every process below PID, from one snapshot of the process table.
descendants() {
    ps -e -o pid=,ppid= | awk -v root="$1" '{ parent[$1] = $2 }
        END { for (p in parent) { q = p; while (q in parent && q != root) q = parent[q]; if (q == root && p != root) print p } }'
}

# stop_server: SIGTERM, a bounded wait, then SIGKILL to everything below the
# subreaper (which reaps them and exits: killing it first would leave the
# orphans to a PID 1 that never reaps). Sets SERVER_EXIT and STOP_TIMEOUT.
stop_server() {
    local i
    STOP_TIMEOUT=0
    kill -TERM "$SRV_PID" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT_S * 20; i++)); do
        kill -0 "$SRV_PID" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$SRV_PID" 2>/dev/null; then
        STOP_TIMEOUT=1
        kill -KILL $(descendants "$SRV_PID") 2>/dev/null || true
        for ((i = 0; i < 40; i++)); do kill -0 "$SRV_PID" 2>/dev/null || break; sleep 0.05; done
        kill -KILL "$SRV_PID" 2>/dev/null || true
    fi
    SERVER_EXIT=0
    wait "$SRV_PID" || SERVER_EXIT=$?
    SRV_PID= SRV_MAIN=
}

fd_count() {
    local fds=(/proc/"$1"/fd/*)
    echo "${#fds[@]}"
}

# Sockets in TIME_WAIT on the server's side (of its network namespace): close
# mode leaves one per connection for 60 s, and a crowded port range makes
# every connect() of wrk slower.
timewait_count() { "${SERVER_NS_RUN[@]}" sed -n 's/^TCP:.* tw \([0-9]*\).*/\1/p' /proc/net/sockstat; }

zombie_count() { ps -o stat= --ppid "$SRV_MAIN,$SRV_PID" | grep -c '^Z' || true; }

# server_ticks: CPU time of the server's process tree so far, in clock
# ticks: of the subreaper and every process below it, its own utime and
# stime and those of the children it reaped (cutime, cstime). So a worker
# alive all along (prefork's) counts by its own times, and a child reaped
# during the run (fork's) by its parent's. The comm field may hold spaces:
# the fields counted from the last ')' are safe.
server_ticks() {
    local pid stat f total=0
    for pid in "$SRV_PID" $(descendants "$SRV_PID"); do
        { stat=$(<"/proc/$pid/stat"); } 2>/dev/null || continue     # it may have exited
        read -ra f <<<"${stat##*) }"
        total=$((total + f[11] + f[12] + f[13] + f[14]))
    done
    echo "$total"
}

# run_wrk NAME SECONDS: one wrk run against the case's server, where the
# client runs (bench/load/lib/net.sh); figures in $dir/NAME.json (from report.lua),
# wrk's output in NAME.txt, and "real user sys" seconds of wrk, timed on the
# client, in NAME.time. timeout --foreground keeps wrk in our process group,
# so Ctrl-C reaches it.
run_wrk() {
    local name=$1 secs=$2 scripts=$ROOT/bench/load/wrk queries=$CORPUS/queries.txt
    [ -z "$CLIENT_WORK" ] || scripts=$CLIENT_WORK queries=$CLIENT_WORK/queries.txt
    client_run bash -c 'TIMEFORMAT="%R %U %S"; time "$@" 2>&1' timed \
        timeout --foreground -k 5 $((secs + 30)) "${CLIENT_PIN[@]}" \
        env BENCH_WRK_JSON="$(client_file "$name.json")" BENCH_MODE="$mode" BENCH_QUERIES="$queries" \
        wrk --latency -t"$threads" -c"$clients" -d"${secs}s" -s "$scripts/${WORKLOAD_SCRIPT[$workload]}" \
        "http://$SERVER_ADDR:$PORT${WORKLOAD_PATH[$workload]}" >"$dir/$name.txt" 2>"$dir/$name.time" || true
    client_fetch "$name.json"
}

# settle: wait (up to 2 s) for the connections wrk just closed to be gone on
# the server's side too; then count zombies and descriptors.
settle() {
    local i
    for ((i = 0; i < 20; i++)); do
        ZOMBIES=$(zombie_count) FDS_AFTER=$(fd_count "$SRV_MAIN")
        [ "$ZOMBIES" -eq 0 ] && [ "$FDS_AFTER" -le "$FDS_BEFORE" ] && return
        sleep 0.1
    done
}

# measure: warm-up, then the measured run with the server's CPU time around
# it; then the health checks while the server still runs. Adds to CASE_ARGS.
measure() {
    local ticks real user sys hz
    hz=$(getconf CLK_TCK)
    FDS_BEFORE=$(fd_count "$SRV_MAIN")
    [ "$WARMUP" -eq 0 ] || { run_wrk warmup "$WARMUP"; CASE_ARGS+=("warmup=$dir/warmup.json"); }
    [ -z "$INTERRUPTED" ] || return 0
    CASE_ARGS+=("timewait=$(timewait_count)" "loadavg=$(cut -d' ' -f1 /proc/loadavg)")
    ticks=$(server_ticks)
    run_wrk wrk "$DURATION"
    ticks=$(($(server_ticks) - ticks))
    CASE_ARGS+=("wrk=$dir/wrk.json")
    if ! kill -0 "$SRV_MAIN" 2>/dev/null; then
        CASE_ARGS+=("error=the server died during the run")
        return
    fi
    [ -s "$dir/wrk.json" ] || CASE_ARGS+=("error=wrk failed: $(tail -1 "$dir/wrk.txt")")
    read -r real user sys < <(tail -1 "$dir/wrk.time")    # the last line: bash -x writes there too
    CASE_ARGS+=("client_cpu_s=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
                "server_cpu_s=$(awk -v t="$ticks" -v hz="$hz" 'BEGIN { print t / hz }')"
                "wall_s=$real")
    settle
    CASE_ARGS+=("zombies=$ZOMBIES" "fds_before=$FDS_BEFORE" "fds_after=$FDS_AFTER")
}

# run_case VARIANT WORKLOAD MODE CLIENTS REP [DELAY]: one case, recorded in runs.json
# whatever happens to the server; sets HEADLINE for the progress line. It runs
# in the main shell, not in $(...), so that SRV_PID is there for on_exit.
run_case() {
    local variant=$1 workload=$2 mode=$3 clients=$4 rep=$5 delay=${6:-} dir=$WORK/case
    local threads=$((clients < WRK_THREADS ? clients : WRK_THREADS))
    rm -rf "$dir" && mkdir "$dir"
    CASE_ARGS=(run_id="$RUN_ID" variant="$variant" workload="$workload" mode="$mode" clients="$clients"
               threads="$threads" rep="$rep" reps="$REPS" order="$((CASES_DONE + 1))"
               duration_s="$DURATION" warmup_s="$WARMUP")
    [ "$variant" != nginx ] || CASE_ARGS+=(reference=1)
    [ -z "$delay" ] || CASE_ARGS+=(delay_ms="$delay")
    if start_server "$variant" "$dir"; then
        [ -n "$INTERRUPTED" ] || measure
    else
        CASE_ARGS+=("error=the server did not start: $(tail -1 "$dir/server.log")")
    fi
    stop_server
    [ -z "$INTERRUPTED" ] || return 0      # half a case is no measurement: not recorded
    CASE_ARGS+=("server_exit=$SERVER_EXIT" "stop_timeout=$STOP_TIMEOUT")
    [ ! -f "$dir/stats.json" ] || CASE_ARGS+=("server=$dir/stats.json")
    HEADLINE=$("$BIN/benchjson" add-case "$RUN_DIR/runs.json" "${CASE_ARGS[@]}")
    CASES_DONE=$((CASES_DONE + 1))
}
