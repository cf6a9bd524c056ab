# shellcheck shell=bash
# tests/stop.sh: the stop is bounded and leaves nothing behind. With
# connections held busy (slow readers of a large file, an idle keep-alive
# client, a half-sent request), every variant exits on SIGTERM within
# --timeout-ms plus one second, with status 0 and no process of it left, and
# its stats file counts the connections the stop cut short; the same when
# every slot of --max-clients is busy. A child process that is stuck
# (stopped) is killed by PID at the give-up time.
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

CORPUS="$TESTS_TMP/corpus"
make_test_corpus "$CORPUS"
TIMEOUT_MS=2000
# Slack for a loaded machine (sanitizer builds, other engineers' tests): the
# exit may come this much later than --timeout-ms plus one second. Without
# the bound, a slow reader holds a server for minutes, so it still tells.
SLACK_MS=2000

# A file far larger than the socket buffers, made after the server has
# indexed the corpus (sparse: it costs no disk, and the index never reads it).
add_huge_file() { truncate -s 1G "$CORPUS/docs/huge.bin"; }
remove_huge_file() { rm -f "$CORPUS/docs/huge.bin"; }

# slow_reader: asks for the huge file and reads 256 KiB every 0.1 s in the
# background, until the server closes. Sets READER (its PID).
slow_reader() {
    local fd
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
    printf 'GET /static/docs/huge.bin HTTP/1.1\r\nHost: x\r\n\r\n' >&"$fd"
    (while [ "$(head -c 262144 | wc -c)" -gt 0 ]; do sleep 0.1; done) <&"$fd" 2>/dev/null &
    READER=$!
    exec {fd}<&-
}

# server_pids VARIANT: the server's processes: the main one, its children,
# and for the double fork the subreaper and the orphans it adopted.
server_pids() {
    echo "$SERVER_MAIN_PID"
    pgrep -P "$SERVER_MAIN_PID"
    [ "$1" = doublefork ] && { echo "$SERVER_PID"; pgrep -P "$SERVER_PID"; }
    return 0
}

# timed_stop VARIANT LABEL LIMIT_MS: SIGTERM, then checks the exit comes
# within LIMIT_MS + SLACK_MS with status 0 and that none of the server's
# processes (listed before the stop) is left, not even as a zombie. A
# server still running 5 s past that is killed.
timed_stop() {
    local v=$1 label=$2 limit=$3 pids start t rc=0 pid left=()
    mapfile -t pids < <(server_pids "$v")
    start=$(date +%s%N)
    stop_server_within $(((limit + SLACK_MS + 999) / 1000 + 5)) || rc=$?
    t=$(elapsed_ms "$start")
    check "$label: exits within ${limit} ms (+${SLACK_MS} slack) of SIGTERM (${t} ms)" \
        test "$t" -le $((limit + SLACK_MS))
    if [ "$SERVER_KILLED" = 1 ]; then
        fail "$label: SIGTERM exits 0" "still running"
    else
        check_eq "$label: SIGTERM exits 0" 0 "$rc"
    fi
    sleep 0.1
    for pid in "${pids[@]}"; do [ -e "/proc/$pid" ] && left+=("$pid"); done
    check_eq "$label: no process of the server left" "" "${left[*]}"
    [ ${#left[@]} -gt 0 ] && kill -KILL "${left[@]}" 2>/dev/null
    return 0
}

# Two slow readers, an idle keep-alive client and a half-sent request, then
# SIGTERM. The sequential server holds the first reader only (the others
# wait in the backlog and are never accepted); every other variant holds
# all four. The readers and the half-sent request are cut short; the idle
# client loses nothing.
test_busy_stop() {
    local v=$1 readers=() fd_idle fd_half status=""
    start_server "$v" "$CORPUS" --timeout-ms $TIMEOUT_MS --workers 6 \
        || { fail "$v: starts" "no server"; return; }
    add_huge_file
    slow_reader; readers+=("$READER")
    slow_reader; readers+=("$READER")
    exec {fd_idle}<>"/dev/tcp/127.0.0.1/$PORT"
    printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' >&"$fd_idle"
    if [ "$v" != sequential ]; then
        read -r -t 5 _ status _ <&"$fd_idle"
        check_eq "$v, busy: the idle client was answered first" 200 "$status"
    fi
    exec {fd_half}<>"/dev/tcp/127.0.0.1/$PORT"
    printf 'GET / HTTP/1.1\r\nHost: x\r\n' >&"$fd_half"
    sleep 0.5
    timed_stop "$v" "$v, busy" $((TIMEOUT_MS + 1000))
    local expected=3
    [ "$v" = sequential ] && expected=1
    check_eq "$v, busy: stats count the connections cut short" "$expected" \
        "$("$BIN/jsonget" "$STATS" abandoned_at_exit)"
    kill "${readers[@]}" 2>/dev/null; wait "${readers[@]}" 2>/dev/null
    exec {fd_idle}<&- {fd_half}<&-
    remove_huge_file
}

# At --max-clients, with every slot held by a slow reader and one more client
# waiting, the main process or thread waits for a free slot: SIGTERM must
# still reach it and stop the server within the bound.
test_full_stop() {
    local v=$1 readers=() fd
    start_server "$v" "$CORPUS" --timeout-ms $TIMEOUT_MS --max-clients 2 \
        || { fail "$v: starts" "no server"; return; }
    add_huge_file
    slow_reader; readers+=("$READER")
    slow_reader; readers+=("$READER")
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
    sleep 0.5
    timed_stop "$v" "$v, every slot busy" $((TIMEOUT_MS + 1000))
    check_eq "$v, every slot busy: stats count the readers cut short" 2 \
        "$("$BIN/jsonget" "$STATS" abandoned_at_exit)"
    kill "${readers[@]}" 2>/dev/null; wait "${readers[@]}" 2>/dev/null
    exec {fd}<&-
    remove_huge_file
}

# A child process that cannot finish (stopped with SIGSTOP, holding a slow
# reader's connection) is killed by PID at the give-up time, then reaped.
test_stuck_children() {
    local v=$1
    start_server "$v" "$CORPUS" --timeout-ms 1000 --workers 2 \
        || { fail "$v: starts" "no server"; return; }
    add_huge_file
    slow_reader
    sleep 0.5
    local children
    mapfile -t children < <(pgrep -P "$SERVER_MAIN_PID")
    kill -STOP "${children[@]}"
    timed_stop "$v" "$v, a stuck child" 2000
    check_eq "$v, a stuck child: stats count its connection" 1 \
        "$("$BIN/jsonget" "$STATS" abandoned_at_exit)"
    kill "$READER" 2>/dev/null; wait "$READER" 2>/dev/null
    remove_huge_file
}

for v in $(variants_under_test); do
    test_busy_stop "$v"
done
for v in fork pthread threadpool; do
    if under_test $v; then test_full_stop $v; fi
done
# The double fork's grandchildren are orphans: the server does not know
# their PIDs, so it can wait for them (bounded) but neither kill nor reap
# them; threads cannot be stopped one by one.
for v in fork prefork; do
    if under_test $v; then test_stuck_children $v; fi
done
