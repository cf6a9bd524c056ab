# shellcheck shell=bash
# tests/overload.sh: the open loop of the harness (LOAD=open, bench/load/lib/overload.sh) end to end: a small
# ladder against two variants writes valid records, a summary and the figures; bad settings stop it first.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

harness_setup

# bad_setting NAME [VAR=VALUE...]: a one-line error naming the problem, exit 2, nothing written.
bad_setting() {
    local name=$1 r=$TESTS_TMP/results-bad; shift
    harness "$r" LOAD=open "$@" >"$TESTS_TMP/bad.out" 2>"$TESTS_TMP/bad.err"
    check_eq "$name: exit 2, one line, nothing written" "2 1 absent" \
        "$? $(wc -l <"$TESTS_TMP/bad.err") $([ -e "$r" ] && echo present || echo absent)"
}
bad_setting "LOAD neither closed nor open" LOAD=half
check "LOAD: named" grep -q "LOAD must be closed (wrk, the default) or open (httperf), not 'half'" "$TESTS_TMP/bad.err"
bad_setting "a fraction that is no number" FRACTIONS="0.5 lots"
bad_setting "a rate above MAX_RATE" RATES=5000 MAX_RATE=4000
bad_setting "the query workload" WORKLOADS=query
check "the query workload: why" grep -q "the open loop runs the file workloads (static large), not 'query'" \
    "$TESTS_TMP/bad.err"
bad_setting "keep-alive" WORKLOADS=static:keepalive
bad_setting "a zero timeout" HTTPERF_TIMEOUT=0
bad_setting "two probe client counts" CLIENTS="4 16"
bad_setting "several load clients (CLIENT=\"local local\")" CLIENT="local local"
check "CLIENT: named" grep -q "not on other machines (CLIENT)" "$TESTS_TMP/bad.err"

# benchjson add-open on httperf reports recorded here (tests/fixtures/httperf/README.md).
H=tests/fixtures/httperf
# record NAME [KEY=VALUE...]: a 2,600/s run of 7,800 connections, 3 s, its reports and fields given; the
# case in $TESTS_TMP/NAME.json; add-open's headline in $TESTS_TMP/NAME.out.
record() {
    local name=$1; shift
    rm -f "$TESTS_TMP/$name.json"
    "$BIN/benchjson" add-open "$TESTS_TMP/$name.json" run_id=t variant=fork workload=static rung=absolute \
        offered=2600 connections=7800 duration_s=3 timeout_s=1 rep=1 reps=1 order=1 cpus_allowed=1 wall_s=4 \
        zombies=0 fds_before=5 fds_after=5 server_exit=0 stop_timeout=0 "$@" >"$TESTS_TMP/$name.out" 2>&1
}
printf '{"schema": "searchbench.server-stats", "version": 2, "requests": %s}' 3695 >"$TESTS_TMP/stats.json"
record busy httperf="$H/fork-overload" server_user_s=0.4 server_system_s=3.5 server="$TESTS_TMP/stats.json"
# 825 of 7,800 connections served; 3.9 s of CPU for 825 replies.
check_eq "a server past its knee: its figures, out of descriptors, but busy: not client-bound" \
    'ok 825 0.1058 ["fd-unavail=4105"] false 4727' \
    "$(fields "$TESTS_TMP/busy.json" cases.0.status cases.0.httperf.replies cases.0.served_share \
        cases.0.client_limits cases.0.cpu.client_bound cases.0.cpu.us_per_connection |
        awk '{ $3 = sprintf("%.4f", $3); $6 = sprintf("%.0f", $6); print }')"
record idle httperf="$H/fork-overload" server_user_s=0.1 server_system_s=0.5 server="$TESTS_TMP/stats.json"
check_eq "the same with the server mostly idle: client-bound" "true" "$(fields "$TESTS_TMP/idle.json" cases.0.cpu.client_bound)"
record starved httperf="$H/fork-overload" server_user_s=0.1 server_system_s=0.5 server_cpus_busy=0.875 \
    server="$TESTS_TMP/stats.json"
check_eq "the server's process mostly idle but its CPUs busy (the kernel's network work, other processes): not client-bound" \
    "0.875 false" "$(fields "$TESTS_TMP/starved.json" cases.0.cpu.server_cpus_busy cases.0.cpu.client_bound)"
printf '{"schema": "searchbench.server-stats", "version": 2, "requests": %s}' 800 >"$TESTS_TMP/stats-few.json"
record few httperf="$H/fork-overload" server_user_s=0.4 server_system_s=3.5 server="$TESTS_TMP/stats-few.json"
check_eq "the server counted fewer requests than httperf got replies: flagged" 'flagged ["server_requests<replies"]' \
    "$(fields "$TESTS_TMP/few.json" cases.0.status cases.0.integrity.flags)"
record two httperf="$H/ok" httperf="$H/ok" offered=2000 connections=4000 server_user_s=0.1 server_system_s=0.1 \
    wall_s=2 reference=1
check_eq "two processes: counts summed, connection times merged" "2 4000 4000 12 0.5 0.2 5.3 2.001 true" \
    "$(fields "$TESTS_TMP/two.json" cases.0.processes cases.0.httperf.connections cases.0.httperf.replies_by_class.2xx \
        cases.0.httperf.max_concurrent cases.0.httperf.connection_time_ms.median \
        cases.0.httperf.connection_time_ms.avg cases.0.httperf.connection_time_ms.max \
        cases.0.httperf.test_duration_s cases.0.integrity.ok | awk '{ for (i = 5; i <= 8; i++) $i = $i + 0; print }')"
# ok.out took 2 s for 2,000 connections: asked for 4,000/s, httperf fell 1.5 s behind its own pace.
record behind httperf="$H/ok" offered=4000 connections=2000 server_user_s=0.1 server_system_s=0.1 reference=1
check_eq "httperf behind its schedule: a client limit" '["behind_schedule=1.50s"] true' \
    "$(fields "$TESTS_TMP/behind.json" cases.0.client_limits cases.0.cpu.client_bound)"
record ports httperf="$H/port-exhaustion" reference=1 server_user_s=0 server_system_s=0.1
check_eq "out of local ports (httperf says other, errno 99): a client limit, no integrity flag" \
    '["addrunavail=315"] []' "$(fields "$TESTS_TMP/ports.json" cases.0.client_limits cases.0.integrity.flags)"
record unreach httperf="$H/other-unreach" reference=1 server_user_s=0 server_system_s=0
check_eq "errors httperf cannot explain: flagged, with the errno" '["httperf.errors.other=20 (errno 101)"] null' \
    "$(fields "$TESTS_TMP/unreach.json" cases.0.integrity.flags cases.0.httperf.connection_time_ms.median)"
record cut httperf="$H/edited-truncated"
check_eq "a report cut short: the run failed, the file and the line named" \
    "failed|httperf report $H/edited-truncated.out: no 'Reply status: 1xx=' line: the report is cut short|null" \
    "$("$J" "$TESTS_TMP/cut.json" cases.0.status cases.0.error cases.0.httperf | paste -sd '|')"
check "its headline says so" grep -q "^2,600/s offered  FAILED: httperf report" "$TESTS_TMP/cut.out"

if [ "${SUITE:-plain}" != plain ]; then
    pass "open-loop run # SKIP under $SUITE: golden.sh runs the result tools on an open-loop fixture there"
    exit 0
fi

if ! command -v httperf >/dev/null; then
    pass "open-loop run # SKIP httperf is not installed (scripts/deps bench)"
    exit 0
fi

# The smoke run: fork and epoll, probed 1 s each, offered a tenth and twice their capacity (MAX_RATE
# skips epoll's 2x, maybe fork's) and 200/s, a second each: about 10 s, and stopped (SIGTERM: the
# harness stops its server and keeps what it measured) if it takes over SMOKE_LIMIT_S.
SMOKE_LIMIT_S=90
R=$TESTS_TMP/results
START=$(date +%s)
timeout "$SMOKE_LIMIT_S" env "${SMALL_RUN[@]}" RESULTS_ROOT="$R" LOAD=open VARIANTS="fork epoll" FRACTIONS="0.1 2" \
    RATES=200 MAX_RATE=4000 DURATION=1 PROBE_S=1 HTTPERF_TIMEOUT=1 PLOTS=1 "$BASH" "$ROOT/bench/load/run.sh" \
    >"$TESTS_TMP/open.out" 2>"$TESTS_TMP/open.err"
check_eq "open-loop run exits 0 within $SMOKE_LIMIT_S s" "0" "$?"
echo "# the open-loop run took $(($(date +%s) - START)) s"
D=$R/$(readlink "$R/latest")
check "a probe line per variant" grep -Eq '^\[probe\] fork static: [0-9]+ conn/s \(wrk, 4 clients, 1 s\)$' "$TESTS_TMP/open.out"
check "a progress line per run" grep -Eq \
    '^\[1/[0-9]+\] fork +static 0\.1x +[0-9,]+/s offered  served [0-9,]+/s \([0-9]+%\)  p50 [0-9.]+ [mu]?s  [0-9,]+ us/conn  (ok|flagged)' \
    "$TESTS_TMP/open.out"
check_eq "env.json: the open loop's settings" 'open [0.1,2] [200] 4000 1 1 0.9.0' \
    "$(fields "$D/env.json" config.load config.fractions config.rates config.max_rate config.httperf_timeout_s \
        config.probe_s tools.httperf)"
check_eq "runs.json: version 2" "searchbench.runs 2" "$(fields "$D/runs.json" schema version)"
check "runs.json: where the server's index was, and its memory once it listened (as a wrk case)" \
    test "$(fields "$D/runs.json" cases.0.index_memory)" = heap -a "$(fields "$D/runs.json" cases.0.rss_kib)" -gt 1000

# Every run: recorded whole, with httperf's figures and the server's.
n=$(grep -c '"load":"open"' <("$J" "$D/runs.json" cases | tr '{' '\n'))
check "at least 4 runs (fork's 2x may pass MAX_RATE)" test "$n" -ge 4
rungs=() cpu_total=0
for ((i = 0; i < n; i++)); do
    mapfile -t v < <("$J" "$D/runs.json" "cases.$i.load" "cases.$i.status" "cases.$i.variant" "cases.$i.rung" \
        "cases.$i.httperf.connections" "cases.$i.served_share" "cases.$i.cpu.server_user_s" \
        "cases.$i.cpu.server_system_s" "cases.$i.integrity.zombies" "cases.$i.httperf.errors.total" \
        "cases.$i.offered_per_sec" "cases.$i.connections" "cases.$i.server.schema" "cases.$i.cpu.server_cpus_busy")
    rungs+=("${v[2]}:${v[3]}:$([ "${v[3]}" = absolute ] && echo "${v[10]}")")
    # The server's CPU time may read 0 in a light run (the kernel charges it by the tick): >= 0 here, > 0 in sum.
    check "run $i: open, measured, with httperf's and the server's figures" awk -v load="${v[0]}" -v st="${v[1]}" \
        -v conns="${v[4]}" -v share="${v[5]}" -v user="${v[6]}" -v sys="${v[7]}" -v z="${v[8]}" -v asked="${v[11]}" \
        -v offered="${v[10]}" -v stats="${v[12]}" -v busy="${v[13]}" 'BEGIN { ok = load == "open" &&
            (st == "ok" || st == "flagged") && conns > 0 && share >= 0 && share <= 1 &&
            user " " sys " " busy ~ /^[0-9.e-]+ [0-9.e-]+ [0-9.e-]+$/ && user >= 0 && sys >= 0 && busy >= 0 &&
            busy <= 1 && z == 0 && asked == offered && stats == "searchbench.server-stats"
            if (!ok) print "load " load ", status " st ", connections " conns ", share " share ", cpu " user " " sys \
                ", its CPUs busy " busy ", zombies " z ", offered " offered " asked " asked ", stats " stats
            exit !ok }'
    cpu_total=$(awk -v t="$cpu_total" -v u="${v[6]}" -v s="${v[7]}" 'BEGIN { print t + u + s }')
done
check "the server's CPU time over the runs: more than none" awk -v t="$cpu_total" 'BEGIN { exit !(t > 0) }'
check_eq "each variant at a fraction of its capacity, and at 200/s" \
    "epoll:absolute:200 epoll:fraction: fork:absolute:200 fork:fraction:" \
    "$(printf '%s\n' "${rungs[@]}" | sort -u | paste -sd ' ')"

check "summary.md: the open-loop section" grep -q '^## Past saturation, static: the open loop' "$D/summary.md"
check "summary.md: a ladder row per variant, in the suite's order" sh -c \
    "grep -E '^\| (fork|epoll) \| [0-9,]+ \|' '$D/summary.md' | cut -d' ' -f2 | paste -sd ' ' | grep -qx 'fork epoll'"
check "summary.md: the costs at 200/s" grep -Eq '^\| variant \| 200/s \|$' "$D/summary.md"
for f in overload-static overload-latency-static overload-cost-static; do check_figure "$f" "$D/plots/$f"; done
check "compare-results pairs the runs of a run with itself, served and cost" sh -c \
    "'$BIN/compare-results' '$D' '$D' | grep -c '^### static, open loop (httperf)' | grep -qx 2"
