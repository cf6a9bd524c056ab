# shellcheck shell=bash
# tests/bench.sh: the benchmark harness (bench/load/run.sh) end to end: a one-case run and its files, failures, interruption, bad settings.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

harness_setup

# only_run_dir RESULTS_ROOT: the one run directory, when it and latest are all there is.
only_run_dir() {
    local entries
    entries=$(names_in "$1" | tr '\n' ' ')
    [[ $entries =~ ^latest\ ([^ .][^ ]*)\ $ ]] && [ "$(readlink "$1/latest")" = "${BASH_REMATCH[1]}" ] &&
        echo "$1/${BASH_REMATCH[1]}"
}

# The smoke run: one variant, one workload, one client count, 1 s.
R=$TESTS_TMP/results
if harness "$R" >"$TESTS_TMP/smoke.out" 2>"$TESTS_TMP/smoke.err"; then
    pass "smoke run exits 0"
else
    fail "smoke run exits 0" "$(tail -3 "$TESTS_TMP/smoke.err" | tr '\n' ' ')"
fi
D=$(only_run_dir "$R")
check "smoke run: one run directory and latest, nothing partial" test -n "$D"
check_eq "smoke run: its files" "env.json runs.json summary.md" "$(names_in "$D" | paste -sd ' ')"
check "smoke run: progress line" grep -Eq \
    '^\[1/1\] sequential +static +close +c=4 +rep 1/1  [0-9,]+ conn/s  p99 [0-9.]+ [mu]?s  ok' "$TESTS_TMP/smoke.out"
check "env.json parses" "$J" "$D/env.json"
check "runs.json parses" "$J" "$D/runs.json"

mapfile -t v < <("$J" "$D/env.json" schema version complete run_id config.variants config.workloads \
    config.clients config.duration_s config.reps pinning.enabled sysctl.somaxconn machine.cores_online \
    tools.wrk started_utc finished_utc)
check_eq "env.json: every field" 15 "${#v[@]}"
check_eq "env.json: schema, version, complete" "searchbench.env 1 true" "${v[*]:0:3}"
check_eq "env.json: run_id names the directory" "${D##*/}" "${v[3]}"
check_eq "env.json: config" '["sequential"] ["static:close"] [4] 1 1' "${v[*]:4:5}"

mapfile -t v < <("$J" "$D/runs.json" schema version run_id cases.0.variant cases.0.workload cases.0.mode \
    cases.0.clients cases.0.rep cases.0.status cases.0.integrity.ok cases.0.integrity.flags \
    cases.0.wrk.errors cases.0.integrity.zombies cases.0.integrity.server_exit_status \
    cases.0.wrk.requests cases.0.wrk.requests_per_sec cases.0.integrity.server_requests \
    cases.0.integrity.fds_before cases.0.integrity.fds_after cases.0.wrk.latency_us.p50 \
    cases.0.wrk.latency_us.p99 cases.0.server.schema cases.0.cpu.client_util)
check_eq "runs.json: every field" 23 "${#v[@]}"
check_eq "runs.json: schema, version, run" "searchbench.runs 2 ${D##*/}" "${v[*]:0:3}"
check_eq "runs.json: the case" "sequential static close 4 1 ok true []" "${v[*]:3:8}"
check_eq "runs.json: no error of any kind" '{"connect":0,"read":0,"write":0,"status":0,"timeout":0} 0 0' \
    "${v[*]:11:3}"
check "runs.json: requests > 0, server served them all" \
    awk -v n="${v[14]}" -v rate="${v[15]}" -v served="${v[16]}" 'BEGIN { exit !(n > 0 && rate > 0 && served >= n) }'
check_eq "runs.json: no descriptor leaked" "${v[17]}" "${v[18]}"
check "runs.json: p50 <= p99" awk -v a="${v[19]}" -v b="${v[20]}" 'BEGIN { exit !(a > 0 && a <= b) }'
check_eq "runs.json: the server's stats" searchbench.server-stats "${v[21]}"
check_eq "runs.json, env.json: the index where INDEX_MEMORY says (heap, by default)" 'heap heap null ["heap"]' \
    "$(fields "$D/runs.json" cases.0.index_memory cases.0.server.index_memory.placement \
        cases.0.server.index_memory.huge_pages) $(fields "$D/env.json" config.index_memory)"
check "runs.json: the server's resident memory, read once it listened" \
    test "$(fields "$D/runs.json" cases.0.rss_kib)" -gt 1000
"$J" "$D/runs.json" cases.1 >/dev/null 2>&1
check_eq "runs.json: one case only" 1 $?
check "summary.md: the table and its row" grep -Eq '^\| sequential \| [0-9,]+ (\^ )?\|$' "$D/summary.md"
check "summary.md: no flagged case" grep -q '^none$' "$D/summary.md"

# nginx, the yardstick: file workloads only, no stats file of its own, and a Goals section.
if [ -x "$(command -v nginx || echo /usr/sbin/nginx)" ]; then
    R=$TESTS_TMP/results-nginx
    harness "$R" VARIANTS="epoll nginx" WORKLOADS="static query:close" MODES=keepalive CLIENTS=64 \
        >"$TESTS_TMP/nginx.out" 2>&1
    check_eq "with nginx: the run completes" 0 $?
    D=$(only_run_dir "$R")
    check_eq "with nginx: epoll static, nginx static, epoll query; nginx is the reference" \
        "epoll static false nginx static true epoll query false" \
        "$(fields "$D/runs.json" cases.0.variant cases.0.workload cases.0.reference cases.1.variant \
            cases.1.workload cases.1.reference cases.2.variant cases.2.workload cases.2.reference)"
    check_eq "with nginx: served cleanly, its count not judged" "ok [] null" \
        "$(fields "$D/runs.json" cases.1.status cases.1.integrity.flags cases.1.integrity.server_requests)"
    check "with nginx: its version in env.json" sh -c "'$J' '$D/env.json' tools.nginx | grep -q '^nginx/'"
    check_eq "with nginx: a row in the static tables (rate, p99, cost), none in query" 3 "$(grep -c '^| nginx |' "$D/summary.md")"
    check "with nginx: the keep-alive goal, as a ratio" \
        grep -Eq '^\| epoll / nginx, static keepalive, c=64 \| >= 1.00 \| [0-9,]+ req/s( \^)? / [0-9,]+ req/s( \^)? \| \*\*[0-9.]+\*\* (met|not met) \|$' \
        "$D/summary.md"
else
    pass "nginx yardstick # SKIP nginx is not installed"
fi
R=$TESTS_TMP/results-nonginx
harness "$R" VARIANTS="sequential nginx" NGINX= >"$TESTS_TMP/nonginx.out" 2>"$TESTS_TMP/nonginx.err"
check_eq "nginx asked for but absent: exit 2, says what to install" \
    "2 bench: nginx not found (scripts/deps bench installs nginx-light)" "$? $(cat "$TESTS_TMP/nonginx.err")"

# The model check of summary.md, from the fixture's micro.json and cases:
# fork at 16 clients, 5,620 conn/s, over 1e6 / 189.3 us = 5,283 with an untouched parent; the
# fixture has no run at the server's size (older micro.json files have none).
F=$TESTS_TMP/fixture-a
cp -r tests/fixtures/results-a "$F"
"$BIN/benchjson" summary "$F"
check "model check: fork's ratio to its ceiling, at 0 MiB only" grep -qF \
    '| fork, static close, c=16 | fork | 5,620 conn/s | - | - | 5,283 conn/s (189.3 us) | **1.06** |' "$F/summary.md"
# The same with fork's run at 64 MiB made the run at the server's size: 1e6 / 2,184 us = 458.
awk '/"params": \{/ && ++n == 2 { sub(/"params": \{/, "\"parent\": \"server\", \"params\": {") } { print }' \
    tests/fixtures/results-a/micro.json >"$F/micro.json"
"$BIN/benchjson" summary "$F"
check "model check: at the server's size, and at 0 MiB beside it" grep -qF \
    '| fork, static close, c=16 | fork | 5,620 conn/s | 458 conn/s (2184.0 us) | **12.27** | 5,283 conn/s (189.3 us) | **1.06** |' \
    "$F/summary.md"
check "no nginx in the run: the yardstick goals are not measured" grep -qF \
    '| epoll / nginx, static close, c=64 | >= 0.90 | not measured | |' "$F/summary.md"

# The server's CPU time covers its whole process tree: prefork serves from
# workers that live through the run, and the master alone uses next to none.
R=$TESTS_TMP/results-prefork
harness "$R" VARIANTS=prefork >/dev/null 2>&1
check "prefork: its workers' CPU time is counted" \
    awk -v s="$("$J" "$R/latest/runs.json" cases.0.cpu.server_s)" 'BEGIN { exit !(s >= 0.1) }'

# A server that cannot start is a failed case, and the run goes on.
FAKE=$TESTS_TMP/fakebin
mkdir -p "$FAKE"
ln -s "$BIN"/* "$FAKE"/
printf '#!/bin/sh\necho "cannot index the corpus" >&2\nexit 1\n' >"$FAKE/searchserver-broken"
chmod +x "$FAKE/searchserver-broken"
R=$TESTS_TMP/results-broken
harness "$R" BIN="$FAKE" VARIANTS="broken sequential" >"$TESTS_TMP/broken.out" 2>&1
check_eq "a server that cannot start: the run still completes" 0 $?
D=$(only_run_dir "$R")
check_eq "a server that cannot start: failed, why, then the next case ok" \
    "failed the server did not start: cannot index the corpus ok" \
    "$(fields "$D/runs.json" cases.0.status cases.0.error cases.1.status)"
check "a server that cannot start: marked in summary.md" grep -q '^| broken | failed ! |$' "$D/summary.md"

# Interrupted after the first case: the server stopped, the case kept, the run marked incomplete.
if [ "${SUITE:-plain}" = plain ]; then
    R=$TESTS_TMP/results-interrupted
    interrupted_harness "$R" REPS=5 >"$TESTS_TMP/int.out" 2>"$TESTS_TMP/int.err"
    check_eq "SIGTERM: exit status 143" 143 $?
    D=$(only_run_dir "$R")
    check_eq "SIGTERM: kept, marked incomplete" "false 1" \
        "$(fields "$D/env.json" complete cases_recorded)"
    check "SIGTERM: says what it kept" grep -q "^bench: stopped after 1 of 5 cases; kept in $D" "$TESTS_TMP/int.err"
    check "SIGTERM: no server left running" sh -c "! pgrep -af '[s]earchserver-sequential -p 0 -d $CORPUS'"
else
    pass "interrupted run # SKIP under $SUITE"
fi

# bad_setting NAME [VAR=VALUE...]: a one-line error naming the problem, exit 2, nothing written.
bad_setting() {
    local name=$1 r=$TESTS_TMP/results-bad; shift
    rm -rf "$r"
    harness "$r" "$@" >"$TESTS_TMP/bad.out" 2>"$TESTS_TMP/bad.err"
    check_eq "$name: exit 2" 2 $?
    check_eq "$name: one line on stderr, nothing on stdout" "1 0" \
        "$(wc -l <"$TESTS_TMP/bad.err") $(wc -c <"$TESTS_TMP/bad.out")"
    check "$name: nothing written" test ! -e "$r"
}
bad_setting "unknown variant" VARIANTS="sequential nosuch"
check "unknown variant: named" grep -q "unknown variant 'nosuch'" "$TESTS_TMP/bad.err"
bad_setting "unknown workload" WORKLOADS=nosuch
check "unknown workload: named" grep -q "unknown workload 'nosuch'" "$TESTS_TMP/bad.err"
bad_setting "unknown mode" WORKLOADS=static:nosuch
bad_setting "non-numeric client count" CLIENTS="4 abc"
check "non-numeric client count: named" grep -q "CLIENTS: 'abc'" "$TESTS_TMP/bad.err"
bad_setting "zero clients" CLIENTS=0
bad_setting "fractional duration" DURATION=1.5
bad_setting "zero repetitions" REPS=0
bad_setting "PLAN_ONLY neither 0 nor 1" PLAN_ONLY=yes
bad_setting "missing corpus" CORPUS="$TESTS_TMP/nosuch"
mkdir -p "$TESTS_TMP/nowrk"
bad_setting "no wrk on PATH" PATH="$TESTS_TMP/nowrk"
check "no wrk on PATH: says so" grep -q "wrk not found" "$TESTS_TMP/bad.err"
