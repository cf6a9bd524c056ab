# shellcheck shell=bash
# tests/bench-clients.sh: several load clients at once (CLIENT="h1 h2 local"): the barrier, the exact merge of
# their figures, and a client dying mid-run; through stand-in ssh hosts (tests/fakessh), then (root only) with
# each client in a network namespace of its own on one bridge. Loopback and namespaces only; bounded runs.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

harness_setup
SMALL_RUN+=(VARIANTS=epoll MODES=keepalive WARMUP=0)
export FAKESSH_LOG=$TESTS_TMP/ssh.log FAKESSH_TMP=$TESTS_TMP/hosts FAKESSH_HOSTS="tester@h1 tester@h2"
PATH_SSH=$ROOT/tests/fakessh:$PATH
MARK=$TESTS_TMP         # in the environment of everything a harness starts, here or "on" a host

# leftovers: every process still running with MARK in its environment (a zombie's is empty).
leftovers() {
    local p
    for p in /proc/[0-9]*; do
        grep -qzxF "SB_TEST_MARK=$MARK" "$p/environ" 2>/dev/null && echo "${p#/proc/}: $(tr '\0' ' ' <"$p/cmdline")"
    done
    return 0
}

# case_field FILE N PATH...: fields of case N of runs.json FILE.
case_field() {
    local file=$1 n=$2 p args=(); shift 2
    for p; do args+=("cases.$n.$p"); done
    fields "$file" "${args[@]}"
}

# check_merge NAME RUNS N: case N's merged figures are its clients' together: counts, rates and
# threads summed, and each merged percentile within the clients' own (the quantile of merged
# samples lies between theirs, whatever the mix; a bug in the merge would stray).
check_merge() {
    local name=$1 runs=$2 n=$3 k key
    local keys=(requests latency_count bytes requests_per_sec threads)
    local percentiles=(latency_us.p50 latency_us.p90 latency_us.p99 latency_us.p999)
    for ((k = 0; k < 8; k++)); do
        [ -n "$("$J" "$runs" "cases.$n.load_clients.$k.name" 2>/dev/null)" ] || break
        for key in "${keys[@]}" "${percentiles[@]}"; do
            echo "$key $("$J" "$runs" "cases.$n.load_clients.$k.$key")"
        done
    done >"$TESTS_TMP/clients.txt"
    for key in "${keys[@]}" "${percentiles[@]}"; do
        [ "$key" = threads ] && echo "$key $("$J" "$runs" "cases.$n.threads")" ||
            echo "$key $("$J" "$runs" "cases.$n.wrk.$key")"
    done >"$TESTS_TMP/merged.txt"
    check_eq "$name: $k clients: counts, rates and threads summed; each percentile within the clients'" \
        "requests latency_count bytes requests_per_sec threads latency_us.p50 latency_us.p90 latency_us.p99 latency_us.p999" \
        "$(awk 'NR == FNR { sum[$1] += $2; lo[$1] = ($1 in lo && lo[$1] < $2) ? lo[$1] : $2
                            hi[$1] = ($1 in hi && hi[$1] > $2) ? hi[$1] : $2; next }
                $1 ~ /^latency_us/ { if (lo[$1] <= $2 && $2 <= hi[$1]) good = good " " $1; next }
                { if ($2 - sum[$1] < 1e-6 * $2 && sum[$1] - $2 < 1e-6 * $2) good = good " " $1 }
                END { print substr(good, 2) }' "$TESTS_TMP/clients.txt" "$TESTS_TMP/merged.txt")"
}

# wrk_pid HOST: the PID of the wrk running "on" HOST (its scripts are in that host's TMPDIR).
wrk_pid() { pgrep -f -- "^wrk .* -s $FAKESSH_TMP/$1/" | head -n 1; }
# client_sh_pid HOST: the PID of the client.sh running "on" HOST for the measured run.
client_sh_pid() { pgrep -f -- "^bash $FAKESSH_TMP/$1/[^ ]*/client.sh run [0-9]+ [0-9]+ [^ ]*/wrk\.[0-9]+\.txt " | head -n 1; }

# kill_mid_run PID_OF HOST RESULTS VAR=VALUE...: a harness run in which, 0.5 s after `PID_OF HOST`
# names a process, that process is killed (SIGKILL); prints the harness's exit status, how long it
# took (ms) and the PID, or "never" if no such process appeared within 30 s.
kill_mid_run() {
    local pid_of=$1 host=$2 results=$3 run pid start; shift 3
    start=$(date +%s%N)
    harness "$results" "$@" >"$TESTS_TMP/kill.out" 2>&1 &
    run=$!
    for _ in $(seq 300); do
        pid=$("$pid_of" "$host") && [ -n "$pid" ] && break
        sleep 0.1
    done
    [ -n "$pid" ] && sleep 0.5 && kill -KILL "$pid"
    wait "$run"
    echo "$? $(elapsed_ms "$start") ${pid:-never}"
}

# ---- the exact merge, end to end: two real wrk runs at once, merged by benchjson merge-wrk ----
start_server epoll "$CORPUS" || exit 1
wrks=()
for i in 1 2; do
    BENCH_MODE=keepalive BENCH_WRK_HISTOGRAM=1 BENCH_WRK_JSON=$TESTS_TMP/w$i.json timeout 30 \
        wrk -t1 -c$((2 * i)) -d1s -s "$ROOT/bench/load/wrk/file.lua" "http://127.0.0.1:$PORT/static/small/1KiB.txt" \
        >"$TESTS_TMP/w$i.txt" 2>&1 &
    wrks+=($!)
done
wait "${wrks[@]}"
stop_server
# histogram FILE: report.lua's histogram_us, a "value count" line per bucket.
histogram() { "$J" "$1" histogram_us | tr -d '[] ' | tr , '\n' | paste -d ' ' - -; }
"$BIN/benchjson" merge-wrk "$TESTS_TMP/m.json" load_client=a load_client.wrk="$TESTS_TMP/w1.json" \
    load_client=b load_client.wrk="$TESTS_TMP/w2.json"
check_eq "merge-wrk: the merged histogram is the histogram of both clients' samples together" \
    "$(cat <(histogram "$TESTS_TMP/w1.json") <(histogram "$TESTS_TMP/w2.json") |
       awk '{ n[$1] += $2 } END { for (v in n) print v, n[v] }' | sort -n)" "$(histogram "$TESTS_TMP/m.json")"
# wrk's percentile: the lowest value whose cumulative count reaches floor(p / 100 * total) + 1.
check_eq "merge-wrk: its percentiles are wrk's definition read from the concatenated samples" \
    "$(histogram "$TESTS_TMP/m.json" | awk '{ v[NR] = $1; c[NR] = $2; total += $2 }
        END { split("50 90 99 99.9", p, " "); for (k = 1; k <= 4; k++) { rank = int(p[k] * total / 100) + 1; seen = 0
              for (i = 1; i <= NR; i++) { seen += c[i]; if (seen >= rank) { printf "%s%d", (k > 1 ? " " : ""), v[i]; break } } }
              print "" }')" \
    "$(fields "$TESTS_TMP/m.json" latency_us.p50 latency_us.p90 latency_us.p99 latency_us.p999)"
"$BIN/benchjson" merge-wrk "$TESTS_TMP/one.json" load_client=a load_client.wrk="$TESTS_TMP/w2.json"
check_eq "merge-wrk: one client's merge gives exactly wrk's own latency figures" \
    "$(fields "$TESTS_TMP/w2.json" latency_us)" "$(fields "$TESTS_TMP/one.json" latency_us)"
"$BIN/benchjson" merge-wrk "$TESTS_TMP/bad.json" load_client=a load_client.wrk="$TESTS_TMP/w1.json" \
    load_client=b load_client.wrk="$TESTS_TMP/missing.json" 2>"$TESTS_TMP/bad.err"
check_eq "merge-wrk: a client without figures fails the merge with its name; nothing written" \
    "1 benchjson: merge-wrk: client b: no figures from wrk no" \
    "$? $(cat "$TESTS_TMP/bad.err") $([ -e "$TESTS_TMP/bad.json" ] && echo yes || echo no)"

# ---- three clients: two stand-in hosts over ssh and this machine ----
R=$TESTS_TMP/results
harness "$R" PATH="$PATH_SSH" CLIENT="tester@h1 tester@h2 local" SERVER_ADDR=127.0.0.1 CLIENTS="2 7" WARMUP=1 \
    SB_TEST_MARK="$MARK" >"$TESTS_TMP/run.out" 2>&1
check_eq "three clients: the run completes" 0 $?
D=$R/latest
check_eq "three clients: both cases clean" "ok [] ok []" \
    "$(fields "$D/runs.json" cases.0.status cases.0.integrity.flags cases.1.status cases.1.integrity.flags)"
check_eq "2 connections: the first two clients, one each" "tester@h1 1 tester@h2 1" \
    "$(case_field "$D/runs.json" 0 load_clients.0.name load_clients.0.connections load_clients.1.name \
        load_clients.1.connections)"
check_eq "7 connections: 3 2 2, the first client one more" "3 2 2 local" \
    "$(case_field "$D/runs.json" 1 load_clients.0.connections load_clients.1.connections load_clients.2.connections \
        load_clients.2.name)"
check_merge "2 connections" "$D/runs.json" 0
check_merge "7 connections" "$D/runs.json" 1
read -r spread ratio < <(case_field "$D/runs.json" 1 load_window.start_spread_us load_window.overlap_ratio)
check "the clients ran at once: started $spread us apart, all running for $ratio of the shortest run (>= 0.9)" \
    awk -v r="$ratio" 'BEGIN { exit !(r >= 0.9) }'
check_eq "env.json: every client, its machine, its clock offset and round trip" \
    "clients 3 3 3 3 3" \
    "$("$J" "$D/env.json" network.mode | sed 's/^clients$/clients/')$(for k in clients client_machines.wrk \
        client_machines.cores_online clock_offset_us clock_round_trip_us; do
        printf ' %s' "$("$J" "$D/env.json" "network.$k" | tr -d '[]"' | tr , '\n' | grep -c .)"; done)"
check_eq "the scripts went to each host, and were removed at the end" "2 0" \
    "$(find "$FAKESSH_TMP" -mindepth 1 -maxdepth 1 | wc -l) $(find "$FAKESSH_TMP" -name '*.lua' | wc -l)"
check_eq "nothing left running, here or on a host" "" "$(leftovers)"

if [ "${SUITE:-plain}" != plain ]; then
    pass "clients dying, namespaces # SKIP under $SUITE: the shell's side, the same in every build"
    exit 0
fi

# Stopped half-way (SIGTERM once the first case is recorded): the clients too.
interrupted_harness "$TESTS_TMP/results-int" PATH="$PATH_SSH" CLIENT="tester@h1 tester@h2" SERVER_ADDR=127.0.0.1 \
    CLIENTS=2 REPS=3 DURATION=3 SB_TEST_MARK="$MARK" >"$TESTS_TMP/int.out" 2>&1
rc=$?
check_eq "SIGTERM mid-run: exit 143, nothing left running, here or on a host" "143 " "$rc $(leftovers)"
[ "$rc" = 143 ] || sed 's/^/#   /' "$TESTS_TMP/int.out"
# A step cut short by the signal (a clock read, a wait) fails too; its error must not hide the signal.
check_eq "a step failing because of SIGTERM exits 143, not 2" "143" \
    "$(ROOT=$ROOT bash -c '. "$ROOT/bench/load/lib/config.sh"; INTERRUPTED=143; die "no answer to clock"' 2>/dev/null; echo $?)"

# ---- a client dying mid-run: its wrk killed, then its client.sh (the barrier's process) ----
read -r rc ms pid < <(kill_mid_run wrk_pid tester@h2 "$TESTS_TMP/results-wrk" PATH="$PATH_SSH" CLIENT="tester@h1 tester@h2" \
    SERVER_ADDR=127.0.0.1 CLIENTS=2 DURATION=8 SB_TEST_MARK="$MARK")
D=$TESTS_TMP/results-wrk/latest
check_eq "wrk killed on one host: the run goes on, the case fails with the host's name" \
    "0 failed wrk failed: client tester@h2: wrk exited with status 137" \
    "$rc $(case_field "$D/runs.json" 0 status error | sed 's/ 137: .*/ 137/')"
check "wrk killed on one host: the other one is stopped at once, not after its 8 s (${ms} ms)" test "$ms" -lt 8000
check_eq "wrk killed on one host: nothing left running, here or on a host" "" "$(leftovers)"

read -r rc ms pid < <(kill_mid_run client_sh_pid tester@h2 "$TESTS_TMP/results-sh" PATH="$PATH_SSH" CLIENT="tester@h1 tester@h2" \
    SERVER_ADDR=127.0.0.1 CLIENTS=2 DURATION=8 SB_TEST_MARK="$MARK")
D=$TESTS_TMP/results-sh/latest
check_eq "client.sh killed on one host: the case fails with the host's name" \
    "0 failed wrk failed: client tester@h2: lost" "$rc $(case_field "$D/runs.json" 0 status error | sed 's/ lost: .*/ lost/')"
check_eq "client.sh killed on one host: its orphaned wrk ended by PID, nothing left anywhere" "" "$(leftovers)"
check "client.sh killed on one host: over in less than the 8 s of the run (${ms} ms)" test "$ms" -lt 8000

harness "$TESTS_TMP/results-bad" PATH="$PATH_SSH" CLIENT="tester@h1 nobody@nowhere" SERVER_ADDR=127.0.0.1 \
    >"$TESTS_TMP/bad.out" 2>"$TESTS_TMP/bad.err"
check_eq "an unreachable client: exit 2, one line naming it, nothing written" \
    "2 bench: ssh nobody@nowhere failed (the harness needs key-based login: ssh -o BatchMode=yes) no" \
    "$? $(cat "$TESTS_TMP/bad.err") $([ -e "$TESTS_TMP/results-bad" ] && echo yes || echo no)"

# ---- each client in a network namespace of its own, all on one bridge (root only) ----
require_netns "several client namespaces on one bridge"
LAB=sbc$$
LAB_CLIENTS=3
# lab_up: a server namespace holding a bridge (10.213.9.1/24) and a namespace per client, each on
# a veth pair to the bridge (10.213.9.1N). Every name is inside those namespaces.
lab_up() {
    local k
    ip netns add "$LAB-server" && ip -n "$LAB-server" link set lo up &&
        ip -n "$LAB-server" link add name lab0 type bridge && ip -n "$LAB-server" addr add 10.213.9.1/24 dev lab0 &&
        ip -n "$LAB-server" link set dev lab0 up || return 1
    for ((k = 1; k <= LAB_CLIENTS; k++)); do
        ip netns add "$LAB-c$k" && ip -n "$LAB-c$k" link set lo up &&
            ip -n "$LAB-server" link add name "c$k" type veth peer name eth0 netns "$LAB-c$k" &&
            ip -n "$LAB-server" link set dev "c$k" master lab0 up &&
            ip -n "$LAB-c$k" addr add "10.213.9.1$k/24" dev eth0 && ip -n "$LAB-c$k" link set eth0 up || return 1
    done
}
# lab_down: whatever still runs in the namespaces ended by PID, then the namespaces.
lab_down() {
    local ns pids
    for ns in $(ip netns list | awk -v p="^$LAB-" '$1 ~ p { print $1 }'); do
        mapfile -t pids < <(ip netns pids "$ns")
        [ ${#pids[@]} -eq 0 ] || kill -KILL "${pids[@]}" 2>/dev/null
        ip netns delete "$ns"
    done
}
trap 'lab_down; cleanup_tests' EXIT
lab_up || { fail "several client namespaces: the lab" "could not set up the bridge and namespaces"; exit 0; }
HARNESS_LAUNCHER=(ip netns exec "$LAB-server")
export FAKESSH_HOSTS="tester@n1=$LAB-c1 tester@n2=$LAB-c2 tester@n3=$LAB-c3"
NS_RUN=(PATH="$PATH_SSH" CLIENT="tester@n1 tester@n2 tester@n3" SERVER_ADDR=10.213.9.1 SB_TEST_MARK="$MARK")
R=$TESTS_TMP/results-netns
harness "$R" "${NS_RUN[@]}" CLIENTS=6 >"$TESTS_TMP/netns.out" 2>&1
check_eq "namespaces: the run completes, the case is clean" "0 ok []" \
    "$? $(fields "$R/latest/runs.json" cases.0.status cases.0.integrity.flags)"
check_merge "namespaces" "$R/latest/runs.json" 0
# What each client's wrk read crossed its own veth: the server's side of it sent at least that.
for ((k = 1; k <= LAB_CLIENTS; k++)); do
    sent=$(ip netns exec "$LAB-server" cat "/sys/class/net/c$k/statistics/tx_bytes")
    got=$("$J" "$R/latest/runs.json" "cases.0.load_clients.$((k - 1)).bytes")
    check "namespaces: client $k's responses came over its own link ($got bytes read, $sent sent to it)" \
        awk -v s="$sent" -v g="$got" 'BEGIN { exit !(g > 0 && s >= g) }'
done
read -r rc ms pid < <(kill_mid_run wrk_pid tester@n2 "$TESTS_TMP/results-netns-kill" "${NS_RUN[@]}" CLIENTS=3 DURATION=8)
check_eq "namespaces: wrk killed in one, the case fails with its name" \
    "0 failed wrk failed: client tester@n2: wrk exited with status 137" \
    "$rc $(fields "$TESTS_TMP/results-netns-kill/latest/runs.json" cases.0.status cases.0.error | sed 's/ 137: .*/ 137/')"
check_eq "namespaces: nothing left running in any of them" "" "$(leftovers)"
