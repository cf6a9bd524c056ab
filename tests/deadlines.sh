# tests/deadlines.sh: each connection is dropped at its own deadline, neither
# early nor late, when several run at once. Three idle clients start 300 ms
# apart; the first then sends a request, which moves its deadline past the
# other two. The server must drop the second, the third, then the first, each
# --timeout-ms after its own start (the first: after its request). An event
# loop that kept its deadlines out of order would drop the first too early,
# or the others late, behind it.
# shellcheck shell=bash source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

CORPUS="$TESTS_TMP/corpus"
make_test_corpus "$CORPUS"
TIMEOUT_MS=1500
STAGGER_S=0.3
# A drop may come this much later than its deadline on a loaded machine
# (sanitizer builds, other engineers' tests); out of order, the second
# client would be dropped 600 ms late.
SLACK_MS=400
# ... and this much earlier, as measured here: the client's clock starts
# after its connect returns, the server's at its accept.
EARLY_MS=50

now_us() { echo "${EPOCHREALTIME/./}"; }

# watch_close FD NAME: in the background, reads FD until the server closes
# it and writes that time (us) to $TESTS_TMP/closed-NAME. Sets WATCHER.
watch_close() {
    (timeout 10 cat >/dev/null; now_us >"$TESTS_TMP/closed-$2") <&"$1" &
    WATCHER=$!
}

# check_dropped VARIANT NAME START_US: NAME was closed --timeout-ms after START_US.
check_dropped() {
    local closed ms
    closed=$(cat "$TESTS_TMP/closed-$2" 2>/dev/null) || { fail "$1: client $2 dropped" "never closed"; return; }
    ms=$(( (closed - $3) / 1000 ))
    check "$1: client $2 dropped ${TIMEOUT_MS} ms after its start (${ms} ms)" \
        test "$ms" -ge $((TIMEOUT_MS - EARLY_MS)) -a "$ms" -le $((TIMEOUT_MS + SLACK_MS))
}

test_deadlines_in_order() {
    local v=$1 a b c start_a start_b start_c watchers=()
    start_server "$v" "$CORPUS" --timeout-ms $TIMEOUT_MS --workers 4 \
        || { fail "$v: starts" "no server"; return; }
    rm -f "$TESTS_TMP"/closed-*
    exec {a}<>"/dev/tcp/127.0.0.1/$PORT"
    watch_close "$a" A; watchers+=("$WATCHER")
    sleep $STAGGER_S
    exec {b}<>"/dev/tcp/127.0.0.1/$PORT"; start_b=$(now_us)
    watch_close "$b" B; watchers+=("$WATCHER")
    sleep $STAGGER_S
    exec {c}<>"/dev/tcp/127.0.0.1/$PORT"; start_c=$(now_us)
    watch_close "$c" C; watchers+=("$WATCHER")
    sleep $STAGGER_S
    printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' >&"$a"; start_a=$(now_us)
    exec {a}<&- {b}<&- {c}<&-
    wait "${watchers[@]}"
    check_dropped "$v" B "$start_b"
    check_dropped "$v" C "$start_c"
    check_dropped "$v" A "$start_a"
    check_eq "$v: dropped in deadline order" "B C A" \
        "$(for n in A B C; do echo "$(cat "$TESTS_TMP/closed-$n" 2>/dev/null) $n"; done | sort -n | cut -d' ' -f2 | tr '\n' ' ' | sed 's/ $//')"
    stop_server
}

# The sequential server serves one client at a time: the others wait in the
# backlog, and their deadlines count from their accept.
for v in $(variants_under_test); do
    [ "$v" = sequential ] || test_deadlines_in_order "$v"
done
