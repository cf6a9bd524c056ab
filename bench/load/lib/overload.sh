# shellcheck shell=bash
# bench/load/lib/overload.sh: the open-loop mode of the harness (LOAD=open, `make overload`): httperf offers
# connections at fixed rates, whatever the server does, up to and past each variant's capacity.
#
# Per workload and repetition: a short closed-loop probe (wrk) of every variant finds its capacity;
# then a ladder of rates offered to each, FRACTIONS of its capacity, then RATES offered to all alike
# (ascending, as long as a variant keeps up: serves at least 99% of them). One httperf run per rate,
# a fresh server for each, as in a wrk case (case.sh: the same server start, CPU time, health checks).
# Settings (environment, or make variables; the defaults of `make bench` differ where said):
#   FRACTIONS        of each variant's capacity (default "0.25 0.5 0.75 0.9 1 1.1 1.25 1.5 2 3")
#   RATES            connections/s offered to every variant (default "1000 5000 10000")
#   MAX_RATE         no rate above it is offered (default 20000)
#   HTTPERF_TIMEOUT  seconds httperf waits for progress before it gives a connection up (default 2)
#   HTTPERF_PROCS    httperf processes, one per client CPU, each offering its share (default: CPUs in CLIENT_CPUS)
#   PROBE_S          seconds of the wrk probe (default 2); CLIENTS its connections (default 16)
#   DURATION         seconds of connections offered per rate (default 3); REPS (default 1)
#   QUICK=1          FRACTIONS="0.5 1 2" RATES=1000 DURATION=1 PROBE_S=1

OPEN_WORKLOADS=(static large)   # httperf asks for one URL; the query workload draws many (query.lua)
KEEPS_UP_SHARE=0.99             # of the connections offered, served with a 2xx, for a rate to count as kept up
OPEN_OVERHEAD_DS=30             # what a run costs beyond DURATION, in tenths of a second: the server's start
                                # and stop, httperf's last connections, the settling (measured: ~2-4 s)

LOAD=${LOAD:-closed}

# check_load: LOAD, and the defaults of the open loop, before config.sh's (which keep what is set).
check_load() {
    case $LOAD in
        closed) ;;
        open)
            # FRACTIONS= or RATES= (set, empty): none of them.
            if [ "${QUICK:-0}" = 1 ]; then
                : "${FRACTIONS=0.5 1 2}" "${RATES=1000}" "${DURATION:=1}" "${PROBE_S:=1}"
            fi
            : "${FRACTIONS=0.25 0.5 0.75 0.9 1 1.1 1.25 1.5 2 3}" "${RATES=1000 5000 10000}"
            : "${MAX_RATE:=20000}" "${HTTPERF_TIMEOUT:=2}" "${PROBE_S:=2}"
            : "${WORKLOADS:=static}" "${MODES:=close}" "${CLIENTS:=16}" "${DURATION:=3}" "${REPS:=1}"
            : "${WARMUP:=0}" "${MICRO:=0}" ;;
        *) die "LOAD must be closed (wrk, the default) or open (httperf), not '$LOAD'" ;;
    esac
}

# is_decimal TEXT: a positive decimal number ("2", "0.5").
is_decimal() { [[ $1 =~ ^([1-9][0-9]{0,6}|0)(\.[0-9]{1,6})?$ ]] && [[ ! $1 =~ ^0(\.0*)?$ ]]; }

# check_open: the open loop's settings, after load_config; sets FRACTION_LIST, RATE_LIST (ascending),
# HTTPERF_PROCS and TOTAL_CASES (the most runs: rates above MAX_RATE and past a variant's pace are skipped).
check_open() {
    local x kind
    read -ra FRACTION_LIST <<<"$FRACTIONS"
    for x in "${FRACTION_LIST[@]}"; do is_decimal "$x" || die "FRACTIONS: '$x' is not a positive number"; done
    read -ra RATE_LIST <<<"$RATES"
    [ ${#RATE_LIST[@]} -eq 0 ] || mapfile -t RATE_LIST < <(printf '%s\n' "${RATE_LIST[@]}" | sort -n)
    is_count "$MAX_RATE" 1 || die "MAX_RATE must be a positive integer, not '$MAX_RATE'"
    for x in "${RATE_LIST[@]}"; do
        { is_count "$x" 1 && [ "$x" -le "$MAX_RATE" ]; } || die "RATES: '$x' is not a rate from 1 to MAX_RATE ($MAX_RATE)"
    done
    [ $((${#FRACTION_LIST[@]} + ${#RATE_LIST[@]})) -gt 0 ] || die "FRACTIONS and RATES are both empty: no rate to offer"
    is_decimal "$HTTPERF_TIMEOUT" || die "HTTPERF_TIMEOUT must be a positive number of seconds, not '$HTTPERF_TIMEOUT'"
    is_count "$PROBE_S" 1 || die "PROBE_S must be a whole number of seconds >= 1 (wrk's unit), not '$PROBE_S'"
    [ ${#CLIENT_LIST[@]} -eq 1 ] || die "CLIENTS: the open loop's probe takes one client count, not '$CLIENTS'"
    for kind in "${CASE_KINDS[@]}"; do
        is_one_of "${kind% *}" "${OPEN_WORKLOADS[@]}" ||
            die "the open loop runs the file workloads (${OPEN_WORKLOADS[*]}), not '${kind% *}'"
        [ "${kind#* }" = close ] || die "the open loop opens a connection per request: mode close, not '${kind#* }'"
    done
    command -v httperf >/dev/null || die "httperf not found on PATH (scripts/deps bench installs it)"
    [ -x "$BIN/jsonget" ] || die "$BIN/jsonget is missing (run make)"
    [ "$NET_MODE" = loopback ] || [ "$NET_MODE" = netns ] ||
        die "the open loop runs httperf here or in a namespace (NET=netns), not on other machines (CLIENT)"
    [ ${#DELAY_LIST[@]} -eq 1 ] || die "the open loop runs at one DELAY, not '${DELAY_LIST[*]}'"
    if [ "$PINNED" = true ]; then : "${HTTPERF_PROCS:=$(cpu_count "$CLIENT_CPUS")}"; fi
    : "${HTTPERF_PROCS:=1}"
    is_count "$HTTPERF_PROCS" 1 || die "HTTPERF_PROCS must be a positive integer, not '$HTTPERF_PROCS'"
    mapfile -t CLIENT_CPU_LIST < <(cpu_list "$CLIENT_CPUS")
    TOTAL_CASES=$((TOTAL_CASES * (${#FRACTION_LIST[@]} + ${#RATE_LIST[@]})))     # one client count, one delay
    PROBES=$((${#FRACTION_LIST[@]} ? TOTAL_CASES / (${#FRACTION_LIST[@]} + ${#RATE_LIST[@]}) : 0))
}

print_open_plan() {
    local run_ds=$((10 * DURATION + OPEN_OVERHEAD_DS)) probe_ds=$((10 * PROBE_S + 20))
    echo "searchbench open-loop run $RUN_ID"
    echo "  variants:  ${VARIANT_LIST[*]}$(is_one_of nginx "${VARIANT_LIST[@]}" && echo " (nginx: the yardstick)")"
    echo "  workloads: $(printf '%s ' "${CASE_KINDS[@]% *}")(a new connection per request, Connection: close)"
    echo "  probe:     wrk, $CLIENTS clients, $PROBE_S s, per variant: its capacity"
    echo "  ladder:    ${FRACTION_LIST[*]} x capacity; then ${RATE_LIST[*]:-no} conn/s to every variant" \
         "while it keeps up; none above $MAX_RATE/s"
    echo "  each rate: $DURATION s of connections, httperf --timeout $HTTPERF_TIMEOUT, $HTTPERF_PROCS httperf" \
         "process(es); repetitions: $REPS"
    pinning_plan "httperf and wrk"
    echo "  plan:      $PROBES probes x ~$((probe_ds / 10)) s + at most $TOTAL_CASES runs x ~$((run_ds / 10)) s:" \
         "at most about $(clock $((PROBES * probe_ds / 10 + TOTAL_CASES * run_ds / 10)))"
    echo "  results:   $RESULTS_ROOT/$RUN_ID"
}

# open_env_args: env.json's facts of an open-loop run (NAME=VALUE lines for benchjson env).
open_env_args() {
    local x
    echo "config.load=open"
    for x in "${FRACTION_LIST[@]}"; do echo "config.fractions=$x"; done
    for x in "${RATE_LIST[@]}"; do echo "config.rates=$x"; done
    echo "config.max_rate=$MAX_RATE"
    echo "config.httperf_timeout_s=$HTTPERF_TIMEOUT"
    echo "config.httperf_processes=$HTTPERF_PROCS"
    echo "config.probe_s=$PROBE_S"
    echo "tools.httperf=$(httperf --version 2>&1 | grep -o -m 1 'httperf-[0-9.]*' | sed 's/^httperf-//')"
}

# probe DIR VARIANT WORKLOAD: sets PROBED to the variant's capacity, conn/s
# under wrk (closed loop, CLIENTS connections, PROBE_S s) on a server of its
# own; to nothing when the probe failed. Prints a line about it. In the main
# shell, not in $(...), so that SERVER_PID is there for on_exit.
probe() {
    local dir=$1 variant=$2 workload=$3 rate='' requests us
    PROBED=''
    rm -rf "$dir" && mkdir "$dir"
    if start_server "$variant" "$dir"; then
        run_wrk "$dir" probe "$PROBE_S" "$workload" close "$CLIENTS"
        if read -r requests us < <("$BIN/jsonget" "$dir/probe.json" requests duration_us 2>/dev/null | paste -sd ' ') &&
           [ "${requests:-0}" -gt 0 ]; then
            rate=$(awk -v n="$requests" -v us="$us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
        fi
    fi
    stop_server_within "$STOP_TIMEOUT_S" || true
    echo "[probe] $variant $workload: ${rate:-FAILED, no ladder}${rate:+ conn/s} (wrk, $CLIENTS clients, $PROBE_S s)"
    PROBED=$rate
}

# run_httperfs DIR WORKLOAD RATE CONNECTIONS: HTTPERF_PROCS httperf processes
# against the case's server, each pinned to a client CPU of its own (round
# robin), offering its share of RATE and CONNECTIONS; their reports in
# DIR/httperf-I.out and .err. Requests say Connection: close, as wrk's close
# mode does: a server that keeps the connection open would otherwise wait,
# after each reply, for httperf to close it. No --hog: httperf would bind
# each local port itself, skipping ports in TIME_WAIT one failed bind() at a
# time; the kernel picks them faster (tcp_tw_reuse).
run_httperfs() {
    local dir=$1 workload=$2 rate=$3 conns=$4 n=$HTTPERF_PROCS i pids=() pin=()
    for ((i = 0; i < n; i++)); do
        [ "$PINNED" = false ] || pin=(taskset -c "${CLIENT_CPU_LIST[i % ${#CLIENT_CPU_LIST[@]}]}")
        client_run timeout --foreground -k 5 "$(awk -v d="$DURATION" -v t="$HTTPERF_TIMEOUT" 'BEGIN { print int(d + 2 * t + 30) }')" \
            "${pin[@]}" httperf --server "$SERVER_ADDR" --port "$PORT" --uri "${WORKLOAD_PATH[$workload]}" \
            --add-header 'Connection: close\n' --timeout "$HTTPERF_TIMEOUT" --client "$i/$n" \
            --rate "$(awk -v r="$rate" -v n="$n" 'BEGIN { printf "%.6g", r / n }')" \
            --num-conns $((conns / n + (i < conns % n))) >"$dir/httperf-$i.out" 2>"$dir/httperf-$i.err" &
        pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i" || true; done
}

# drain_backlog: waits (up to DRAIN_S) until no connection waits in the
# server's accept queue (ss: Recv-Q of a listening socket). A server past its
# knee is still accepting, one by one, the connections httperf gave up on
# when it exited; its descriptors and children are counted after that.
DRAIN_S=15
drain_backlog() {
    local i queued
    for ((i = 0; i < DRAIN_S * 10; i++)); do
        queued=$("${SERVER_NS_RUN[@]}" ss -Hltn "sport = :$PORT" | awk '{ n += $2 } END { print n + 0 }')
        [ "$queued" -gt 0 ] || return 0
        sleep 0.1
    done
}

# cpus_ticks: "busy total" clock ticks so far of the server's CPUs (all of
# them, unpinned), from /proc/stat; busy is all but idle and iowait, whoever
# ran: the server, the kernel's network work, other processes, the hypervisor.
cpus_ticks() {
    local want=cpu
    [ "$PINNED" = false ] || want=$(cpu_list "$SERVER_CPUS" | sed 's/^/cpu/' | paste -sd ' ')
    awk -v want="$want" 'BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) keep[w[i]] = 1 }
        $1 in keep { for (i = 2; i <= 9; i++) total += $i; busy += $2 + $3 + $4 + $7 + $8 + $9 }
        END { print busy + 0, total + 0 }' /proc/stat
}

# measure_open DIR WORKLOAD RATE CONNECTIONS: the httperf run with the
# server's CPU time (user, system) and its CPUs' busy share around it, then
# the health checks while the server still runs (case.sh's).
measure_open() {
    local dir=$1 start user0 sys0 user1 sys1 busy0 total0 busy1 total1 fds_before zombies fds_after i noise
    fds_before=$(fd_count "$SERVER_MAIN_PID")
    add_fields "$dir" "timewait=$(timewait_count)" "loadavg=$(cut -d' ' -f1 /proc/loadavg)"
    read -r user0 sys0 < <(server_ticks_split) || true      # none: add_server_cpu records no time
    read -r busy0 total0 < <(cpus_ticks)
    noise=$(noise_sample)
    start=$(date +%s%N)
    run_httperfs "$@"
    add_fields "$dir" "wall_s=$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { print ns / 1e9 }')"
    read -r user1 sys1 < <(server_ticks_split) || true
    read -r busy1 total1 < <(cpus_ticks)
    noise_record "$dir" "$noise"
    [ "$total1" -le "$total0" ] ||
        add_fields "$dir" "server_cpus_busy=$(awk -v b=$((busy1 - busy0)) -v t=$((total1 - total0)) 'BEGIN { print b / t }')"
    for ((i = 0; i < HTTPERF_PROCS; i++)); do add_fields "$dir" "httperf=$dir/httperf-$i"; done
    kill -0 "$SERVER_MAIN_PID" 2>/dev/null || { add_fields "$dir" "error=the server died during the run"; return; }
    drain_backlog
    read -r zombies fds_after < <(settle "$fds_before")
    add_fields "$dir" "zombies=$zombies" "fds_before=$fds_before" "fds_after=$fds_after"
    add_server_cpu "$dir" "$user0" "$sys0" "$user1" "$sys1"
}

# run_open_case DIR ORDER VARIANT WORKLOAD RATE REP RUNG [FRACTION CAPACITY]:
# one rate offered to a fresh server, in DIR; its fields are recorded
# whatever happens to the server (in the main shell, for on_exit).
run_open_case() {
    local dir=$1 order=$2 variant=$3 workload=$4 rate=$5 rep=$6 rung=$7 fraction=${8:-} capacity=${9:-}
    local conns=$((rate * DURATION))
    rm -rf "$dir" && mkdir "$dir"
    add_fields "$dir" run_id="$RUN_ID" variant="$variant" workload="$workload" rung="$rung" offered="$rate" \
        connections="$conns" duration_s="$DURATION" timeout_s="$HTTPERF_TIMEOUT" rep="$rep" reps="$REPS" \
        order="$order"
    [ -z "$fraction" ] || add_fields "$dir" fraction="$fraction" capacity="$capacity"
    [ "$variant" != nginx ] || add_fields "$dir" reference=1
    [ "$NET_MODE" != netns ] || add_fields "$dir" delay_ms="${DELAY_LIST[0]}"
    with_server "$dir" "$variant" measure_open "$dir" "$workload" "$rate" "$conns"
}

# open_run VARIANT WORKLOAD RATE REP LABEL RUNG [FRACTION CAPACITY]: one run
# recorded, its progress line printed; returns 1 when the variant did not
# keep up (served under KEEPS_UP_SHARE of the connections with a 2xx).
open_run() {
    local variant=$1 workload=$2 rate=$3 rep=$4 label=$5 fields headline eta
    run_open_case "$WORK/case" $((CASES_DONE + 1)) "$variant" "$workload" "$rate" "$rep" "${@:6}"
    stop_if_interrupted
    mapfile -t fields <"$WORK/case/fields"
    headline=$("$BIN/benchjson" add-open "$RUN_DIR/runs.json" "${fields[@]}")
    CASES_DONE=$((CASES_DONE + 1))
    eta=$(((SECONDS - CASES_START) * (TOTAL_CASES - CASES_DONE) / CASES_DONE))
    printf '[%d/%d] %-10s %-6s %-7s %s  (ETA %s)\n' "$CASES_DONE" "$TOTAL_CASES" "$variant" "$workload" "$label" \
        "$headline" "$(clock "$eta")"
    "$BIN/jsonget" "$RUN_DIR/runs.json" "cases.$((CASES_DONE - 1)).served_share" 2>/dev/null |
        awk -v share=$KEEPS_UP_SHARE '{ exit !($1 >= share) }'
}

# run_open_cases: per repetition and workload, the probes, the ladder of
# fractions, then the absolute rates; variants innermost (A B C, A B C) at
# every rate, so that drift hits every variant alike.
run_open_cases() {
    local rep kind workload variant f rate
    local -A capacity keeps_up
    echo "# open loop: probes, then the ladder"
    CASES_START=$SECONDS
    net_up "${DELAY_LIST[0]}" || die "could not set up the network namespaces (bench/net/netns up)"
    for ((rep = 1; rep <= REPS; rep++)); do
        for kind in "${CASE_KINDS[@]}"; do
            workload=${kind% *}
            for variant in "${VARIANT_LIST[@]}"; do
                runs_kind "$variant" "$workload" || continue
                keeps_up[$variant]=1
                [ ${#FRACTION_LIST[@]} -gt 0 ] || continue     # no ladder: no capacity to find
                probe "$WORK/case" "$variant" "$workload"
                stop_if_interrupted
                capacity[$variant]=$PROBED
            done
            for f in "${FRACTION_LIST[@]}"; do
                for variant in "${VARIANT_LIST[@]}"; do
                    runs_kind "$variant" "$workload" || continue
                    rate=$(awk -v f="$f" -v c="${capacity[$variant]:-0}" 'BEGIN { printf "%.0f", f * c }')
                    if [ "$rate" -lt 1 ] || [ "$rate" -gt "$MAX_RATE" ]; then
                        TOTAL_CASES=$((TOTAL_CASES - 1))
                        continue
                    fi
                    open_run "$variant" "$workload" "$rate" "$rep" "${f}x" fraction "$f" "${capacity[$variant]}" || true
                done
            done
            for rate in "${RATE_LIST[@]}"; do
                for variant in "${VARIANT_LIST[@]}"; do
                    runs_kind "$variant" "$workload" || continue
                    if [ -z "${keeps_up[$variant]}" ]; then
                        TOTAL_CASES=$((TOTAL_CASES - 1))
                        continue
                    fi
                    open_run "$variant" "$workload" "$rate" "$rep" "${rate}/s" absolute || keeps_up[$variant]=''
                done
            done
        done
    done
    net_down
}
