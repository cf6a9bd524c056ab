# shellcheck shell=bash
# tests/lib.sh: shared helpers for the shell tests. Each check prints one TAP
# line ("ok - name" or "not ok - name: why"); tests/run counts them.
# BIN points at the binaries under test (bin/ or a sanitizer build).
# Servers start and stop as in the harness (bench/load/lib/server.sh).

BIN=${BIN:-bin}
TESTS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/searchbench-test.XXXXXX")
SERVER_PIDS=()          # every process to kill at the end, should a test leave it running
SERVER_LAUNCHER=()      # a command prefix for start_server, e.g. to inherit descriptors
# shellcheck source=bench/load/lib/server.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bench/load/lib/server.sh"

pass() { echo "ok - $1"; }
fail() { echo "not ok - $1: $2"; }

# elapsed_ms START: milliseconds since START (a `date +%s%N` value).
elapsed_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# check NAME CMD...: passes when CMD exits 0.
check() {
    local name=$1; shift
    if "$@" >"$TESTS_TMP/check.out" 2>&1; then pass "$name"
    else fail "$name" "$(head -c 300 "$TESTS_TMP/check.out" | tr '\n' ' ')"; fi
}

# check_figure NAME BASE: BASE.png is a PNG and BASE.pdf a PDF, both larger than an empty page.
check_figure() {
    check_eq "$1.png is a PNG" "89504e470d0a1a0a" "$(od -An -tx1 -N8 "$2.png" 2>/dev/null | tr -d ' ')"
    check_eq "$1.pdf is a PDF" "%PDF" "$(head -c 4 "$2.pdf" 2>/dev/null)"
    check "$1: both larger than an empty page" test "$(stat -c %s "$2.png" 2>/dev/null || echo 0)" -gt 20000 \
        -a "$(stat -c %s "$2.pdf" 2>/dev/null || echo 0)" -gt 5000
}

# not CMD...: succeeds when CMD fails (for check).
not() { ! "$@"; }

# check_eq NAME EXPECTED ACTUAL
check_eq() {
    if [ "$2" = "$3" ]; then pass "$1"
    else fail "$1" "expected '$2', got '$(printf %s "$3" | head -c 300)'"; fi
}

# start_server VARIANT DIR [OPTIONS...]: starts bin/searchserver-VARIANT on an
# ephemeral loopback port, behind SERVER_LAUNCHER; sets SERVER_PID (to
# signal), SERVER_MAIN_PID (the server process itself) and PORT
# (bench/load/lib/server.sh), STATS (its stats file) and SERVER_LOG (its output).
start_server() {
    local variant=$1 dir=$2 rc=0; shift 2
    local log=$TESTS_TMP/server-$variant-$RANDOM.log launcher=("${SERVER_LAUNCHER[@]}")
    # shellcheck disable=SC2034  # SERVER_LOG: for the test files
    STATS=$TESTS_TMP/stats-$variant-$RANDOM.json SERVER_LOG=$log
    # The double fork's grandchildren are orphans: reap them here, since the
    # PID 1 of a container may not (see bench/load/subreaper.c).
    [ "$variant" != doublefork ] || launcher+=("$BIN/subreaper")
    launch_server "$log" 127.0.0.1 "${launcher[@]}" "$BIN/searchserver-$variant" -p 0 -d "$dir" \
        --stats "$STATS" "$@" || rc=$?
    SERVER_PIDS+=("$SERVER_PID")
    [ "$rc" -eq 0 ] || { echo "server $variant did not start:" >&2; cat "$log" >&2; }
    return "$rc"
}

# raw_request DATA: send DATA (printf format) to the server, print the reply.
raw_request() {
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
    printf '%b' "$1" >&3
    timeout 10 cat <&3
    exec 3<&-
}

cleanup_tests() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    rm -rf "$TESTS_TMP"
}
trap cleanup_tests EXIT
trap "" PIPE    # a write to a socket the server closed must not kill the test

# make_test_corpus DIR: a tiny corpus with known word counts, a file outside
# it that must never be served, and symlinks that point out of it.
make_test_corpus() {
    local dir=$1
    mkdir -p "$dir/docs/deep" "$dir/outside"
    printf 'Alpha alpha beta. Gamma!\n' >"$dir/docs/one.txt"
    printf 'alpha BETA beta beta delta\n' >"$dir/docs/two.txt"
    printf 'alpha gamma\n' >"$dir/docs/deep/three.txt"
    printf 'secret-outside-the-corpus\n' >"$dir/outside/secret.txt"
    ln -s "$dir/outside/secret.txt" "$dir/docs/link-out.txt"
    ln -s "$dir/outside" "$dir/docs/dir-out"
    head -c 1048576 /dev/zero | tr '\0' 'x' >"$dir/docs/big.bin"
}

# harness_setup: for the tests of bench/load/run.sh: ROOT, an absolute BIN, J
# (jsonget), and CORPUS with the three files the workloads ask for (a corpus
# this small indexes at once); SMALL_RUN, the settings of one small case.
harness_setup() {
    ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    BIN=$(cd "$BIN" && pwd)
    # shellcheck disable=SC2034  # for the test files
    J=$BIN/jsonget
    CORPUS=$TESTS_TMP/corpus
    mkdir -p "$CORPUS/small" "$CORPUS/large"
    head -c 1024 /dev/zero | tr '\0' a >"$CORPUS/small/1KiB.txt"
    head -c 1048576 /dev/zero | tr '\0' b >"$CORPUS/large/1MiB.txt"
    printf 'alpha\nalpha beta\n' >"$CORPUS/queries.txt"
    SMALL_RUN=(BIN="$BIN" CORPUS="$CORPUS" MICRO=0 PLOTS=0 VARIANTS=sequential WORKLOADS=static MODES=close
               CLIENTS=4 DURATION=1 REPS=1 WARMUP=1)
}

# harness RESULTS_ROOT [VAR=VALUE...]: bench/load/run.sh with SMALL_RUN, then
# these settings (the last assignment of a name wins), behind HARNESS_LAUNCHER
# (a command prefix, e.g. to run it in a network namespace).
HARNESS_LAUNCHER=()
harness() {
    local results=$1; shift
    "${HARNESS_LAUNCHER[@]}" env "${SMALL_RUN[@]}" RESULTS_ROOT="$results" "$@" "$BASH" "$ROOT/bench/load/run.sh"
}

# interrupted_harness RESULTS_ROOT [VAR=VALUE...]: the same, sent SIGTERM
# once its first case is recorded (or after 30 s); returns its exit status.
interrupted_harness() {
    local results=$1 pid; shift
    # Not through harness: $! must be the harness's own PID, not a subshell's.
    env "${SMALL_RUN[@]}" RESULTS_ROOT="$results" "$@" "$BASH" "$ROOT/bench/load/run.sh" &
    pid=$!
    for _ in $(seq 1200); do
        compgen -G "$results/.*.partial/runs.json" >/dev/null && break
        kill -0 "$pid" 2>/dev/null || { echo "interrupted_harness: the harness ended before recording a case"; break; }
        sleep 0.1
    done
    compgen -G "$results/.*.partial/runs.json" >/dev/null || echo "interrupted_harness: no case recorded; SIGTERM sent anyway"
    kill -TERM "$pid"
    wait "$pid"
}

# names_in DIR: the names in DIR, hidden ones too, sorted, one a line.
names_in() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort; }

# fields FILE PATH...: jsonget's values on one line, separated by spaces.
fields() { "$BIN/jsonget" "$@" | tr '\n' ' ' | sed 's/ $//'; }

# require_netns NAME: ends the test file with a visible TAP skip when
# network namespaces cannot be made here (not root; a container without
# CAP_SYS_ADMIN; a chroot whose / is not a mount point).
require_netns() {
    local probe=sbprobe$$ why_not=
    if [ "$(id -u)" -ne 0 ]; then
        why_not="not root: network namespaces need root"
    elif ! ip netns add "$probe" >/dev/null 2>&1; then
        why_not="this machine cannot make a network namespace (ip netns add failed)"
    fi
    ip netns delete "$probe" >/dev/null 2>&1
    [ -z "$why_not" ] && return 0
    pass "$1 # SKIP $why_not"
    exit 0
}

# http_status URL [CURL OPTIONS...]: prints the status code curl got.
http_status() {
    local url=$1; shift
    curl -s -o /dev/null -m 10 -w '%{http_code}' "$@" "http://127.0.0.1:$PORT$url"
}

# http_body URL [CURL OPTIONS...]: prints the body.
http_body() {
    local url=$1; shift
    curl -s -m 10 "$@" "http://127.0.0.1:$PORT$url"
}

# variants_named: the variants named in $VARIANTS, or every one built.
variants_named() {
    if [ -n "${VARIANTS:-}" ]; then echo "$VARIANTS"; return; fi
    local f
    for f in "$BIN"/searchserver-*; do [ -x "$f" ] && echo "${f##*/searchserver-}"; done
}

# variants_under_test: variants_named, less those that cannot run on this
# machine (searchserver-uring without io_uring): a TAP skip line for each,
# on stderr, which tests/run reads with stdout.
variants_under_test() {
    local v why
    for v in $(variants_named); do
        why=$(variant_unavailable "$v")
        if [ -z "$why" ]; then echo "$v"; else echo "ok - $v # SKIP $why" >&2; fi
    done
}

# under_test VARIANT: VARIANT is named, and can run here.
under_test() { variants_named | grep -qw -- "$1" && [ -z "$(variant_unavailable "$1")" ]; }

# parallel_curl SECONDS CURL_ARGS...: curl's parallel mode (-Z), bounded as a
# whole. -m bounds each transfer, not curl: Debian 12's curl 7.88 was once
# seen here polling forever with no transfer left, after the server it was
# loading stopped mid-run.
parallel_curl() {
    local secs=$1; shift
    timeout -k 5 "$secs" curl -s --no-progress-meter -Z "$@"
}
