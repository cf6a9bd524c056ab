# tests/lib.sh: shared helpers for the shell tests. Each check prints one TAP
# line ("ok - name" or "not ok - name: why"); tests/run counts them.
# BIN points at the binaries under test (bin/ or a sanitizer build).

BIN=${BIN:-bin}
TESTS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/searchbench-test.XXXXXX")
SERVER_PIDS=()

pass() { echo "ok - $1"; }
fail() { echo "not ok - $1: $2"; }

# check NAME CMD...: passes when CMD exits 0.
check() {
    local name=$1; shift
    if "$@" >"$TESTS_TMP/check.out" 2>&1; then pass "$name"
    else fail "$name" "$(head -c 300 "$TESTS_TMP/check.out" | tr '\n' ' ')"; fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
    if [ "$2" = "$3" ]; then pass "$1"
    else fail "$1" "expected '$2', got '$(printf %s "$3" | head -c 300)'"; fi
}

# start_server VARIANT DIR [OPTIONS...]: starts bin/searchserver-VARIANT on an
# ephemeral loopback port; sets SERVER_PID, PORT, STATS (its stats file).
start_server() {
    local variant=$1 dir=$2; shift 2
    local log="$TESTS_TMP/server-$variant-$RANDOM.log"
    STATS="$TESTS_TMP/stats-$variant-$RANDOM.json"
    "$BIN/searchserver-$variant" -p 0 -d "$dir" --stats "$STATS" "$@" >"$log" 2>&1 &
    SERVER_PID=$!
    SERVER_PIDS+=("$SERVER_PID")
    PORT=
    for _ in $(seq 200); do
        PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")
        [ -n "$PORT" ] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    echo "server $variant did not start:" >&2; cat "$log" >&2
    return 1
}

# stop_server: SIGTERM the last started server, wait (bounded); returns its status.
stop_server() {
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 200); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -KILL "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null; return 124
    fi
    wait "$SERVER_PID"
}

# raw_request DATA: send DATA (printf format) to the server, print the reply.
raw_request() {
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
    printf "$1" >&3
    timeout 10 cat <&3
    exec 3<&-
}

cleanup_tests() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    rm -rf "$TESTS_TMP"
}
trap cleanup_tests EXIT
