# shellcheck shell=bash
# tests/netns.sh: bench/net/netns, the two-namespace network of `make bench
# NET=netns`: the link and its addresses, a server reached across it, the added
# round trip, a short wrk run, and a teardown that leaves nothing behind, also
# after a failure or a Ctrl-C. Needs root and a machine that can make network
# namespaces; otherwise one visible TAP skip.
# Traffic goes only to the namespaces' own addresses.
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

require_netns netns

# Names unique to this run, so that a stale run cannot collide with it; the
# state stays in the test's own directory.
export NETNS_STATE_DIR="$TESTS_TMP/netns-state"
NETNS_PREFIXES=(sbt$$ sbf$$ sbi$$)
export NETNS_PREFIX=${NETNS_PREFIXES[0]}
SERVER_ADDR=10.213.7.1
CORPUS="$TESTS_TMP/corpus"
make_test_corpus "$CORPUS"

netns_down_all() {
    local p
    for p in "${NETNS_PREFIXES[@]}"; do NETNS_PREFIX=$p bench/net/netns down >/dev/null 2>&1; done
}
trap 'netns_down_all; cleanup_tests' EXIT

# output_to FILE CMD...: CMD with its standard output in FILE.
output_to() {
    local file=$1; shift
    "$@" >"$file"
}

# setting KEY: KEY's value in the last `bench/net/netns up` output.
setting() { sed -n "s/^$1=//p" "$TESTS_TMP/up.out"; }

# running PID: the process exists and is not a zombie (unreaped, it is gone).
running() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# leftovers PREFIX [DELAYLINE_PID]: prints whatever of PREFIX still exists.
leftovers() {
    ip netns list | grep "^$1-"
    ip -o link show | grep -F ": $1-"
    if [ -n "${2:-}" ] && running "$2"; then echo "delayline $2 still runs"; fi
    ls "$NETNS_STATE_DIR/$1"* 2>/dev/null
}

# start_ns_server: searchserver-epoll inside the server namespace, bound to its
# address; sets SERVER_PID and PORT. `ip netns exec` execs, so $! is the server.
start_ns_server() {
    local rc=0 log=$TESTS_TMP/server-$RANDOM.log
    launch_server "$log" "$SERVER_ADDR" ip netns exec "$NETNS_PREFIX-server" "$BIN/searchserver-epoll" \
        -a "$SERVER_ADDR" -p 0 -d "$CORPUS" --stats "$TESTS_TMP/stats.json" || rc=$?
    SERVER_PIDS+=("$SERVER_PID")
    [ "$rc" -eq 0 ] || cat "$log" >&2
    return "$rc"
}

in_client() { ip netns exec "$NETNS_PREFIX-client" "$@"; }

# on_both_ends PREFIX CHECK: CHECK NAMESPACE holds for PREFIX-server and PREFIX-client.
on_both_ends() { "$2" "$1-server" && "$2" "$1-client"; }
ns_listed() { ip netns list | grep -q "^$1"; }
has_tbf() { tc -n "$1" qdisc show | grep -q tbf; }

# connect_ms: the smallest of three TCP handshakes from the client, in ms.
connect_ms() {
    for _ in 1 2 3; do
        in_client curl -s -o /dev/null -m 5 -w '%{time_connect}\n' "http://$SERVER_ADDR:$PORT/"
    done | awk 'NR == 1 || $1 < min { min = $1 } END { printf "%.3f", min * 1000 }'
}

at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

test_not_root() {
    local rc=0
    setpriv --reuid=65534 --regid=65534 --clear-groups bench/net/netns up >/dev/null 2>&1 || rc=$?
    check_eq "netns: not root exits 77 (skipped)" 77 "$rc"
    check_eq "netns: not root touches nothing" "" "$(leftovers "$NETNS_PREFIX")"
}

test_plain_link() {
    check "netns: up without delay" output_to "$TESTS_TMP/up.out" bench/net/netns up
    check_eq "netns: no delay, plain veth" "veth none" "$(setting link) $(setting delay_mechanism)"
    check "netns: both namespaces exist" on_both_ends "$NETNS_PREFIX" ns_listed
    check "netns: server end has its address" grep -q "$SERVER_ADDR/30" \
        <(ip -n "$NETNS_PREFIX-server" -br addr show dev "$NETNS_PREFIX-srv")
    check_eq "netns: no address added to the root namespace" "" "$(ip -o addr show | grep 10.213.7.)"
    check "netns: second up refused" bash -c '! bench/net/netns up'
    check "netns: status says up" bench/net/netns status
    start_ns_server || return
    check "netns: server answers from the client namespace" grep -q '"count":3' \
        <(in_client curl -s -m 5 "http://$SERVER_ADDR:$PORT/api/query?terms=alpha")
    local ms; ms=$(connect_ms)
    check "netns: handshake without delay is fast ($ms ms)" at_least 1.0 "$ms"
    check "netns: server stops cleanly in its namespace" stop_server
    check "netns: down" bench/net/netns down
}

test_delayed_link() {
    check "netns: up --delay 2 --rate 100mbit" \
        output_to "$TESTS_TMP/up.out" bench/net/netns up --delay 2 --rate 100mbit
    local mechanism pid ms; mechanism=$(setting delay_mechanism) pid=$(setting delayline_pid)
    check "netns: delay by netem or the delay line ($mechanism)" grep -qxE 'netem|delayline' <<<"$mechanism"
    check "netns: tbf on both ends" on_both_ends "$NETNS_PREFIX" has_tbf
    start_ns_server || return
    ms=$(connect_ms)
    check "netns: handshake takes the added 2 ms round trip ($ms ms)" at_least "$ms" 1.5
    test_wrk
    bench/net/netns down >"$TESTS_TMP/down.out" 2>&1
    if [ "$mechanism" = delayline ]; then
        check "netns: delay line reports its counters" grep -q 'forwarded=[1-9]' "$TESTS_TMP/down.out"
        check "netns: delay line exits clean" not grep -qiE "sanitizer|runtime error" "$TESTS_TMP/down.out"
    fi
    check_eq "netns: down stops the server left inside" gone \
        "$(running "$SERVER_PID" && echo running || echo gone)"
    check_eq "netns: down leaves nothing" "" "$(leftovers "$NETNS_PREFIX" "$pid")"
    check "netns: down twice is fine" bench/net/netns down
}

test_wrk() {
    if ! command -v wrk >/dev/null; then
        pass "netns: wrk through the link # SKIP wrk not installed"
        return
    fi
    local out; out=$(in_client wrk -t1 -c4 -d1s -H 'Connection: close' "http://$SERVER_ADDR:$PORT/" 2>&1)
    check "netns: wrk through the link got requests" grep -qE '^ +[1-9][0-9]* requests in' <<<"$out"
    check "netns: wrk through the link had no errors" not grep -qE "Socket errors|Non-2xx" <<<"$out"
}

test_loss() {
    check "netns: up --loss 100" output_to "$TESTS_TMP/up.out" bench/net/netns up --loss 100
    local rc=0      # nothing listens on port 9: through, curl is refused (7), not timed out (28)
    in_client curl -s -m 1 -o /dev/null "http://$SERVER_ADDR:9/" || rc=$?
    check_eq "netns: 100% loss lets nothing through" 28 "$rc"
    bench/net/netns down >/dev/null 2>&1
}

# A wrapped run that fails, and one interrupted, both with the traps callers
# are told to use. The interruption is SIGTERM: Ctrl-C's SIGINT is ignored by
# a shell started in the background (as a CI job may be), and a signal
# ignored on entry cannot be trapped.
test_teardown_on_failure() {
    local out="$TESTS_TMP/wrapped.out" rc=0
    NETNS_PREFIX=${NETNS_PREFIXES[1]} bash -c 'bench/net/netns up --delay 1 >"$1" || exit 9
        trap "bench/net/netns down >/dev/null" EXIT; false' _ "$out" || rc=$?
    check_eq "netns: failing wrapped command fails" 1 "$rc"
    check_eq "netns: teardown after a failure" "" \
        "$(leftovers "${NETNS_PREFIXES[1]}" "$(sed -n 's/^delayline_pid=//p' "$out")")"
    rc=0
    NETNS_PREFIX=${NETNS_PREFIXES[2]} bash -c 'bench/net/netns up --delay 1 >"$1" || exit 9
        trap "bench/net/netns down >/dev/null" EXIT; trap "exit 143" TERM
        kill -TERM $$; sleep 10' _ "$out" || rc=$?
    check_eq "netns: interrupted wrapped command ends at once" 143 "$rc"
    check_eq "netns: teardown after an interrupt" "" \
        "$(leftovers "${NETNS_PREFIXES[2]}" "$(sed -n 's/^delayline_pid=//p' "$out")")"
}

test_not_root
test_plain_link
test_delayed_link
test_loss
test_teardown_on_failure
