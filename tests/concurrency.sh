# shellcheck shell=bash
# tests/concurrency.sh: what the concurrency models are for. Every variant
# answers byte for byte alike; the concurrent ones serve 100 clients at once
# and are not blocked by a client that stalls; none leaks processes or
# descriptors; SIGTERM under load still ends cleanly.
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

CORPUS="$TESTS_TMP/corpus"
make_test_corpus "$CORPUS"
head -c 16777216 /dev/zero | tr '\0' 'y' >"$CORPUS/docs/big16.bin"
TIMEOUT_MS=2000

# The same raw requests, good and bad, to every variant; the Date header aside,
# the answers must be the bytes the sequential server gives.
CONFORMANCE_REQUESTS=(
    'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
    'GET /query?terms=alpha+beta HTTP/1.1\r\nHost: x\r\n\r\nHEAD /static/docs/one.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
    'GET /api/query?terms=gamma HTTP/1.0\r\n\r\n'
    'GET /static/docs/two.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
    'GET /static/../outside/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc'
    'GET / HTTP/1.1\r\n\r\n'
    'BAD REQUEST\r\n\r\n'
    'GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
)

conformance_transcript() {
    local r
    for r in "${CONFORMANCE_REQUESTS[@]}"; do
        raw_request "$r" | sed '/^Date: /d'
        echo "=== end of exchange"
    done
}

test_conformance() {
    local v=$1
    start_server "$v" "$CORPUS" || { fail "$v: starts" "no server"; return; }
    conformance_transcript >"$TESTS_TMP/conformance-$v"
    stop_server
    if [ "$v" != sequential ]; then
        check "$v: byte-identical to sequential" \
            cmp "$TESTS_TMP/conformance-sequential" "$TESTS_TMP/conformance-$v"
    fi
}

# 100 clients at once, each on its own connection, which it closes (curl
# would otherwise keep them open, idle, and tie up every worker of a pool).
test_hundred_clients() {
    local v=$1 i config="$TESTS_TMP/curl-100.conf"
    http_body '/api/query?terms=alpha' >"$TESTS_TMP/expected"
    : >"$config"
    for i in $(seq 100); do
        printf 'url = "http://127.0.0.1:%s/api/query?terms=alpha"\noutput = "%s/out-%s"\n' \
            "$PORT" "$TESTS_TMP" "$i" >>"$config"
    done
    rm -f "$TESTS_TMP"/out-*
    parallel_curl 60 --parallel-max 100 --parallel-immediate -m 30 \
        -H 'Connection: close' -K "$config"
    local good=0
    for i in $(seq 100); do cmp -s "$TESTS_TMP/expected" "$TESTS_TMP/out-$i" && good=$((good + 1)); done
    check_eq "$v: 100 clients at once all answered correctly" 100 "$good"
}

# While one client stalls (sends nothing, or reads a 16 MiB file very slowly),
# a second client is answered at once by a concurrent server, and only after
# the stalled client's timeout by the sequential one.
test_head_of_line() {
    local v=$1 kind start t
    for kind in idle slow-reader; do
        exec 3<>"/dev/tcp/127.0.0.1/$PORT"
        [ $kind = slow-reader ] && printf 'GET /static/docs/big16.bin HTTP/1.1\r\nHost: x\r\n\r\n' >&3
        sleep 0.3
        start=$(date +%s%N)
        http_status / >/dev/null
        t=$(elapsed_ms "$start")
        exec 3<&-
        if [ "$v" = sequential ]; then
            check "$v: $kind client blocks the next one until its timeout (${t} ms)" \
                test "$t" -ge $((TIMEOUT_MS - 500))
        else
            check "$v: $kind client does not block the next one (${t} ms)" test "$t" -lt 1000
        fi
    done
}

# 2,000 connections (500 in the sanitizer builds, several times slower a
# connection: a leak still shows) with a bound of 8 clients at a time:
# afterwards no zombies, the same descriptors as when idle, and the bound held.
LEAK_CONNECTIONS=$([ "${SUITE:-plain}" = plain ] && echo 2000 || echo 500)
test_leaks() {
    local v=$1 i n=$LEAK_CONNECTIONS config="$TESTS_TMP/curl-leaks.conf"
    start_server "$v" "$CORPUS" --max-clients 8 || { fail "$v: starts" "no server"; return; }
    local idle_fds; idle_fds=$(fd_count "$SERVER_MAIN_PID")
    : >"$config"
    for i in $(seq "$n"); do
        printf 'url = "http://127.0.0.1:%s/static/docs/one.txt?%s"\noutput = "/dev/null"\n' "$PORT" "$i" >>"$config"
    done
    local ok
    ok=$(parallel_curl 300 --parallel-max 32 -m 120 -H 'Connection: close' -w '%{http_code}\n' -K "$config" | grep -c '^200$')
    check_eq "$v: $n connections served" "$n" "$ok"
    sleep 0.5
    check_eq "$v: no zombie children" 0 "$(pgrep -c -r Z -P "$SERVER_MAIN_PID")"
    check_eq "$v: descriptors back to idle" "$idle_fds" "$(fd_count "$SERVER_MAIN_PID")"
    stop_server
    check "$v: --max-clients 8 never exceeded" test "$("$BIN/jsonget" "$STATS" peak_clients)" -le 8
    check_eq "$v: stats saw $n connections" "$n" "$("$BIN/jsonget" "$STATS" connections_accepted)"
    [ "$v" = doublefork ] && check_eq "$v: orphans reaped" 0 "$(pgrep -c -r Z searchserver-d)"
}

test_sigterm_under_load() {
    local v=$1 i config="$TESTS_TMP/curl-load.conf"
    start_server "$v" "$CORPUS" || { fail "$v: starts" "no server"; return; }
    : >"$config"
    for i in $(seq 3000); do
        printf 'url = "http://127.0.0.1:%s/query?terms=alpha&%s"\noutput = "/dev/null"\n' "$PORT" "$i" >>"$config"
    done
    parallel_curl 60 --parallel-max 16 -m 30 -H 'Connection: close' -K "$config" &
    local load=$!
    sleep 0.5
    stop_server; local rc=$?
    wait "$load"
    check_eq "$v: SIGTERM under load exits 0" 0 "$rc"
    check "$v: stats file valid after SIGTERM under load" "$BIN/jsonget" "$STATS" requests
}

# select() cannot watch descriptor 1024 or above: such a client gets a 503 and
# the server goes on; epoll has no such limit. The server inherits ~1000 open
# descriptors so that its connections pass 1024 after a few accepts.
test_fd_setsize() {
    local v=$1
    # shellcheck disable=SC2016  # for the launcher's bash to expand
    SERVER_LAUNCHER=(bash -c 'for fd in $(seq 10 1010); do eval "exec $fd</dev/null"; done; exec "$@"' _)
    start_server "$v" "$CORPUS"
    local started=$?
    SERVER_LAUNCHER=()
    [ $started -eq 0 ] || { fail "$v: starts with 1000 descriptors open" "no server"; return; }
    local fds=() i fd status statuses=""
    for i in $(seq 30); do
        exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
        fds+=("$fd")
        printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' 1>&"$fd" 2>/dev/null
        read -r -t 5 _ status _ <&"$fd"
        statuses+="$status "
    done
    if [ "$v" = select ]; then
        check "$v: clients past FD_SETSIZE get 503" grep -q 503 <<<"$statuses"
        check "$v: clients below FD_SETSIZE get 200" grep -q 200 <<<"$statuses"
    else
        check_eq "$v: no FD_SETSIZE limit" "$(printf '200 %.0s' $(seq 30))" "$statuses"
    fi
    for fd in "${fds[@]}"; do exec {fd}<&-; done
    sleep 0.3
    check_eq "$v: still serving past FD_SETSIZE" 200 "$(http_status /)"
    stop_server
}

# The thread pool counts a connection's deadline from its accept: with 2
# workers, 20 silent clients queued and a 1 s timeout, a real request behind
# them is answered about 1 s later (those that waited their whole timeout in
# the queue are dropped as soon as a worker takes them), not after 10 rounds
# of 1 s. Prefork cannot do this: its queue is the kernel's listen backlog.
test_queued_deadline() {
    local fds=() fd i start t
    start_server threadpool "$CORPUS" --workers 2 --timeout-ms 1000 \
        || { fail "threadpool: starts" "no server"; return; }
    for i in $(seq 20); do
        exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
        fds+=("$fd")
    done
    sleep 0.2
    start=$(date +%s%N)
    check_eq "threadpool: a request queued behind 20 silent clients is answered" 200 "$(http_status / -m 30)"
    t=$(elapsed_ms "$start")
    check "threadpool: that answer comes within a few timeouts, not 10 (${t} ms)" test "$t" -lt 4000
    for fd in "${fds[@]}"; do exec {fd}<&-; done
    stop_server
}

# A pre-forked worker that dies is replaced, and the pool keeps serving.
test_worker_replaced() {
    start_server prefork "$CORPUS" --workers 3 || { fail "prefork: starts" "no server"; return; }
    local victim; victim=$(pgrep -o -P "$SERVER_MAIN_PID")
    kill -KILL "$victim"
    local count=0
    for _ in $(seq 50); do
        count=$(pgrep -c -P "$SERVER_MAIN_PID")
        [ "$count" -eq 3 ] && ! pgrep -P "$SERVER_MAIN_PID" | grep -qx "$victim" && break
        sleep 0.1
    done
    check_eq "prefork: a killed worker is replaced" 3 "$count"
    check_eq "prefork: serving after a worker died" 200 "$(http_status /)"
    stop_server
    check_eq "prefork: stats count the replacement" 4 "$("$BIN/jsonget" "$STATS" workers_created)"
}

variants=$(variants_under_test)
for v in sequential $variants; do
    [ -x "$BIN/searchserver-$v" ] && test_conformance "$v"
done
for v in $variants; do
    start_server "$v" "$CORPUS" --timeout-ms $TIMEOUT_MS || { fail "$v: starts" "no server"; continue; }
    [ "$v" != sequential ] && test_hundred_clients "$v"
    test_head_of_line "$v"
    stop_server
    test_leaks "$v"
    test_sigterm_under_load "$v"
done
for v in select epoll; do
    if under_test $v; then test_fd_setsize $v; fi
done
if under_test prefork; then test_worker_replaced; fi
if under_test threadpool; then test_queued_deadline; fi
