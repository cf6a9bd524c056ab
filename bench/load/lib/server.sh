# shellcheck shell=bash
# bench/load/lib/server.sh: start a server, learn its port, stop it within a bound, for the
# harness (case.sh, nginx.sh) and the tests (tests/lib.sh) alike.
#
# A server runs in the background, maybe behind commands that exec it
# (taskset, ip netns exec) and maybe under bin/subreaper, which reaps the
# double fork's orphans (PID 1 here reaps none) and passes SIGTERM on. Each
# caller builds its command line (start_server); this file runs it. One
# server at a time; its state, set here only:
#   SERVER_PID       what to signal and wait for: the first process of the command line
#   SERVER_MAIN_PID  the server process itself: SERVER_PID, or bin/subreaper's child
#   PORT             the port it listens on
#   SERVER_EXIT      after a stop: its exit status, as wait saw it
#   SERVER_KILLED    after a stop: 1 if it had to be killed, else 0
# shellcheck disable=SC2034  # the callers read them
SERVER_PID='' SERVER_MAIN_PID='' PORT='' SERVER_EXIT='' SERVER_KILLED=''

SERVER_START_S=30   # the index build takes ~1.5 s, much longer in a sanitizer build on a busy machine
SERVER_STOP_S=10    # the bound of stop_server

# variant_unavailable VARIANT: why the variant cannot run on this machine,
# in one line, or nothing. searchserver-uring --probe sets up a ring, as the
# server would, and says why not (no io_uring in the kernel, or it is disabled).
variant_unavailable() {
    [ "$1" = uring ] || return 0
    "$BIN/searchserver-uring" --probe 2>&1 >/dev/null | head -1 || true
}

# spawn_server LOG CMD...: runs CMD in the background, its output in LOG
# (made first: a check may read it before the background job opens it).
spawn_server() {
    local log=$1; shift
    : >"$log"
    "$@" >"$log" 2>&1 </dev/null &
    SERVER_PID=$! SERVER_MAIN_PID='' PORT=''
}

# await_server CHECK...: polls CHECK, which prints the server's port once
# it is ready; then sets PORT and SERVER_MAIN_PID. Returns 1 if the server
# exits first, 124 if it is not ready within SERVER_START_S.
await_server() {
    local i port
    for ((i = 0; i < SERVER_START_S * 20; i++)); do
        if port=$("$@"); then
            SERVER_MAIN_PID=$(server_main) && PORT=$port && return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        sleep 0.05
    done
    return 124
}

# server_main: the server process: SERVER_PID, or its oldest child when
# SERVER_PID is bin/subreaper (the others are orphans it adopted).
server_main() {
    local comm
    comm=$(cat "/proc/$SERVER_PID/comm" 2>/dev/null) || return 1
    if [ "$comm" = subreaper ]; then pgrep -o -P "$SERVER_PID"; else echo "$SERVER_PID"; fi
}

# listening_on ADDR LOG: a CHECK for await_server: the port of the line
# "listening on ADDR:PORT" a searchserver prints once it accepts (README).
listening_on() {
    local line
    while IFS= read -r line; do
        if [[ $line =~ ^listening\ on\ (.*):([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" = "$1" ]; then
            echo "${BASH_REMATCH[2]}"
            return 0
        fi
    done <"$2"
    return 1
}

# launch_server LOG ADDR CMD...: runs CMD, a searchserver that binds ADDR,
# and waits until it listens; returns as await_server.
launch_server() {
    local log=$1 addr=$2; shift 2
    spawn_server "$log" "$@"
    await_server listening_on "$addr" "$log"
}

# descendants PID: every process below PID, from one snapshot of the process table.
descendants() {
    ps -e -o pid=,ppid= | awk -v root="$1" '{ parent[$1] = $2 }
        END { for (p in parent) { q = p; while (q in parent && q != root) q = parent[q]; if (q == root && p != root) print p } }'
}

# fd_count PID: how many descriptors PID has open.
fd_count() {
    local fds=(/proc/"$1"/fd/*)
    echo "${#fds[@]}"
}

# exits_within SECONDS: whether SERVER_PID is gone within SECONDS.
exits_within() {
    local i
    for ((i = 0; i < $1 * 20; i++)); do
        kill -0 "$SERVER_PID" 2>/dev/null || return 0
        sleep 0.05
    done
    ! kill -0 "$SERVER_PID" 2>/dev/null
}

# stop_server_within SECONDS: SIGTERM, then up to SECONDS for the exit;
# past that, SIGKILL to every process below SERVER_PID, 2 s more, then
# SIGKILL to SERVER_PID itself (a subreaper killed first would leave its
# orphans to a PID 1 that never reaps). Sets SERVER_EXIT and SERVER_KILLED;
# returns 124 if it had to kill, else SERVER_EXIT.
stop_server_within() {
    local bound=$1 below
    SERVER_EXIT=0 SERVER_KILLED=0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    if ! exits_within "$bound"; then
        SERVER_KILLED=1
        mapfile -t below < <(descendants "$SERVER_PID")
        [ ${#below[@]} -eq 0 ] || kill -KILL "${below[@]}" 2>/dev/null || true
        exits_within 2 || kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || SERVER_EXIT=$?
    SERVER_PID='' SERVER_MAIN_PID=''
    [ "$SERVER_KILLED" = 0 ] || return 124
    return "$SERVER_EXIT"
}

# stop_server: stop_server_within SERVER_STOP_S.
stop_server() { stop_server_within "$SERVER_STOP_S"; }
