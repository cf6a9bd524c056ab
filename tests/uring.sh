# shellcheck shell=bash
# tests/uring.sh: what is searchserver-uring's own. On a machine without
# io_uring (a stand-in: bin/nouring makes io_uring_setup fail with ENOSYS, as
# an old kernel does, or EPERM, as kernel.io_uring_disabled does) it says so
# in one line and exits 1, and the harness leaves it out with a warning, or
# refuses it by name. Files go out through the ring with the same bytes:
# spliced through a pipe, or read into a bounce buffer and sent, large and
# odd-sized, read slowly (the socket fills: the spliced drain must wait), several
# on one connection, and more at once than the pool has pipes.
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

variants_named | grep -qw uring || exit 0
CORPUS="$TESTS_TMP/corpus"
make_test_corpus "$CORPUS"

# test_no_io_uring ERRNO MESSAGE: the server and its probe, under the stand-in.
test_no_io_uring() {
    local err=$1 message=$2 out rc=0
    out=$("$BIN/nouring" "$err" "$BIN/searchserver-uring" -p 0 -d "$CORPUS" 2>&1) || rc=$?
    check_eq "no io_uring ($err): exit 1" 1 "$rc"
    check_eq "no io_uring ($err): one line, that says why" \
        "searchserver-uring: io_uring is not available here: $message (it needs Linux 5.19 or later, and kernel.io_uring_disabled=0)" \
        "$out"
    rc=0
    "$BIN/nouring" "$err" "$BIN/searchserver-uring" --probe 2>/dev/null || rc=$?
    check_eq "no io_uring ($err): --probe exits 1" 1 "$rc"
}

# The harness, with a searchserver-uring that runs under the stand-in: left
# out of the default run with a warning in env.json; asked for, refused.
test_harness_skips() {
    local fake=$TESTS_TMP/fakebin f r=$TESTS_TMP/results-nouring
    harness_setup
    mkdir -p "$fake"
    for f in "$BIN"/*; do [[ ${f##*/} == searchserver-* ]] || ln -s "$f" "$fake/"; done
    ln -s "$BIN/searchserver-sequential" "$fake/"
    printf '#!/bin/sh\nexec "%s/nouring" ENOSYS "%s/searchserver-uring" "$@"\n' "$BIN" "$BIN" >"$fake/searchserver-uring"
    chmod +x "$fake/searchserver-uring"
    harness "$r" BIN="$fake" VARIANTS= NGINX= >"$TESTS_TMP/nouring.out" 2>&1
    check_eq "harness without io_uring: the run completes" 0 $?
    check_eq "harness without io_uring: uring left out" '["sequential"]' \
        "$("$J" "$r/latest/env.json" config.variants 2>&1)"
    check "harness without io_uring: a warning says why" grep -q \
        'io_uring is not available here: Function not implemented .*: uring skipped' "$r/latest/env.json"
    harness "$r" BIN="$fake" VARIANTS=uring >"$TESTS_TMP/nouring.out" 2>"$TESTS_TMP/nouring.err"
    check_eq "harness without io_uring, uring asked for: exit 2, one line" "2 1" \
        "$? $(wc -l <"$TESTS_TMP/nouring.err")"
}

# fetch NAME PATH [CURL OPTIONS...]: the file at PATH, compared with the corpus's.
fetch() {
    local name=$1 path=$2; shift 2
    check "$name: the same bytes" cmp -s "$CORPUS/$path" <(http_body "/static/$path" -m 60 "$@")
}

test_files() {
    local i config="$TESTS_TMP/curl-many.conf"
    head -c $((16 * 1048576 + 12345)) /dev/urandom >"$CORPUS/docs/random.bin"
    head -c 16384 /dev/urandom >"$CORPUS/docs/bounce.bin"
    head -c 16385 /dev/urandom >"$CORPUS/docs/spliced.bin"
    head -c 1100000 /dev/urandom >"$CORPUS/docs/chunk.bin"
    start_server uring "$CORPUS" || { fail "uring: starts" "no server"; return; }
    fetch "uring: 16 MiB + 12,345 random bytes (spliced)" docs/random.bin
    fetch "uring: 16 KiB (one bounce read)" docs/bounce.bin
    fetch "uring: 16 KiB + 1 (spliced)" docs/spliced.bin
    fetch "uring: read slowly (the drain waits for room)" docs/random.bin --limit-rate 8M
    check "uring: four files on one keep-alive connection" cmp -s \
        <(cat "$CORPUS"/docs/{chunk,bounce,random,spliced}.bin) \
        <(curl -s -m 60 "http://127.0.0.1:$PORT/static/docs/"{chunk,bounce,random,spliced}.bin)
    : >"$config"
    for i in $(seq 40); do
        printf 'url = "http://127.0.0.1:%s/static/docs/chunk.bin"\noutput = "%s/chunk-%s"\n' \
            "$PORT" "$TESTS_TMP" "$i" >>"$config"
    done
    parallel_curl 120 --parallel-max 40 --parallel-immediate -m 60 -K "$config"
    local good=0
    for i in $(seq 40); do cmp -s "$CORPUS/docs/chunk.bin" "$TESTS_TMP/chunk-$i" && good=$((good + 1)); done
    check_eq "uring: 40 large files at once, more than the pool has pipes" 40 "$good"
    stop_server
}

test_no_io_uring ENOSYS "Function not implemented"
test_no_io_uring EPERM "Operation not permitted"
test_harness_skips
why=$(variant_unavailable uring)
if [ -n "$why" ]; then
    pass "uring: files through the ring # SKIP $why"
else
    test_files
fi
