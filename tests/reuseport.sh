# shellcheck shell=bash
# tests/reuseport.sh: what is searchserver-reuseport's own: one listening
# socket per CPU it may run on (as taskset sets it), no more loops than
# --max-clients, and every loop serves: with 40 clients connected, the kernel
# has spread them over the listeners, so each loop's epoll watches some.
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

under_test reuseport || exit 0
CORPUS="$TESTS_TMP/corpus"
make_test_corpus "$CORPUS"
CPUS=$(nproc)

# listeners: the sockets listening on PORT.
listeners() { ss -Hltn "sport = :$PORT" | wc -l; }

# watched_per_loop: for each epoll instance of the server, how many
# descriptors it watches (its fdinfo has a tfd line for each), sorted.
watched_per_loop() {
    local fd
    for fd in /proc/"$SERVER_MAIN_PID"/fd/*; do
        [ "$(readlink "$fd")" = "anon_inode:[eventpoll]" ] || continue
        grep -c '^tfd:' "/proc/$SERVER_MAIN_PID/fdinfo/${fd##*/}"
    done | sort -n | paste -sd ' '
}

test_listeners() {
    start_server reuseport "$CORPUS" || { fail "reuseport: starts" "no server"; return; }
    check_eq "reuseport: a listener per CPU ($CPUS)" "$CPUS" "$(listeners)"
    stop_server
    check_eq "reuseport: a loop thread per CPU" "$CPUS" "$("$BIN/jsonget" "$STATS" workers_created)"
    SERVER_LAUNCHER=(taskset -c 0)
    start_server reuseport "$CORPUS" || { fail "reuseport: starts on one CPU" "no server"; return; }
    SERVER_LAUNCHER=()
    check_eq "reuseport: on one CPU (taskset -c 0), one listener" 1 "$(listeners)"
    stop_server
    start_server reuseport "$CORPUS" --max-clients 1 || { fail "reuseport: starts" "no server"; return; }
    check_eq "reuseport: --max-clients 1, one loop" 1 "$(listeners)"
    stop_server
}

# Each loop watches its listener and the wake-up eventfd, then its clients.
test_every_loop_serves() {
    local fds=() fd i statuses="" status counts
    if [ "$CPUS" -lt 2 ]; then
        pass "reuseport: every loop serves # SKIP one CPU, one loop"
        return
    fi
    start_server reuseport "$CORPUS" || { fail "reuseport: starts" "no server"; return; }
    for i in $(seq 40); do
        exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
        fds+=("$fd")
    done
    sleep 0.3
    counts=$(watched_per_loop)
    check "reuseport: 40 clients spread over every loop (descriptors watched: $counts)" \
        awk -v c="$counts" -v n="$CPUS" 'BEGIN { k = split(c, w, " "); if (k != n) exit 1
            for (i = 1; i <= k; i++) { if (w[i] < 3) exit 1; total += w[i] - 2 } exit total != 40 }'
    for fd in "${fds[@]}"; do
        printf 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&"$fd"
        read -r -t 5 _ status _ <&"$fd"
        statuses+="$status "
        exec {fd}<&-
    done
    check_eq "reuseport: all 40 answered" "$(printf '200 %.0s' $(seq 40))" "$statuses"
    stop_server
}

test_listeners
test_every_loop_serves
