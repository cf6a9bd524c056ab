# shellcheck shell=bash
# tests/placement.sh: --index-memory heap|hugepage|shared. Every placement gives the same answers; the line at
# start and the stats file say where the index is and whether huge pages were granted; a machine with THP
# `never` (a stand-in: SEARCHBENCH_THP_FILE) is said so at start, and the harness flags its case; a bad value
# is refused. The index is read-only in fact: tests/unit/test_freeze.c.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

CORPUS=$TESTS_TMP/corpus
"$BIN/gencorpus" --docs 60 --seed 7 --out "$CORPUS" >/dev/null
mapfile -t QUERIES < <(head -30 "$CORPUS/queries.txt")
echo 'always madvise [never]' >"$TESTS_TMP/thp-never"
THP=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)

# transcript: the answers to QUERIES, as JSON and as HTML pages, and one file.
transcript() {
    local q
    for q in "${QUERIES[@]}"; do
        http_body "/api/query?terms=${q// /+}" -H 'Connection: close'
        http_body "/query?terms=${q// /+}" -H 'Connection: close' | sed 's/[0-9.]* ms//'
    done
    http_body /static/small/1KiB.txt
}

# serve NAME PLACEMENT [ENV...]: the fork server with --index-memory PLACEMENT (under ENV): its
# transcript in TESTS_TMP/answers-NAME; its output and stats file are SERVER_LOG and STATS (lib.sh).
serve() {
    local name=$1 placement=$2 rc=0; shift 2
    SERVER_LAUNCHER=(env "$@")
    if start_server fork "$CORPUS" --index-memory "$placement"; then
        transcript >"$TESTS_TMP/answers-$name"
        stop_server
    else
        fail "$name: starts" "no server"
        rc=1
    fi
    SERVER_LAUNCHER=()
    return $rc
}

for p in heap hugepage shared; do
    serve "$p" "$p" || continue
    [ "$p" = heap ] || check "$p: the same answers as heap" cmp "$TESTS_TMP/answers-heap" "$TESTS_TMP/answers-$p"
    check_eq "$p: the stats file says where the index is" "$p" "$(fields "$STATS" index_memory.placement)"
    check "$p: one line at start says so" grep -Eq "^index memory: ${p}[ ,].*; resident [0-9.]+ MiB: " "$SERVER_LOG"
    case $p in
        heap) check_eq "heap: as built, no block, huge pages not asked for" "null null" \
                  "$(fields "$STATS" index_memory.block_bytes index_memory.huge_pages)" ;;
        shared) check "shared: its block is resident shared memory" awk -v b="$(fields "$STATS" index_memory.block_bytes)" \
                    -v s="$(fields "$STATS" index_memory.shmem_kib)" 'BEGIN { exit !(b > 0 && s * 1024 >= b) }' ;;
        hugepage) if [ "$THP" = never ]; then
                      check_eq "hugepage on this THP never machine: none granted" false "$(fields "$STATS" index_memory.huge_pages)"
                  else
                      check_eq "hugepage: granted, and in the stats file" "true $THP" \
                          "$(fields "$STATS" index_memory.huge_pages index_memory.thp)"
                      check "hugepage: AnonHugePages > 0" test "$(fields "$STATS" index_memory.anon_huge_kib)" -gt 0
                  fi ;;
    esac
done
check "the answers are real answers" grep -q '"count":[1-9]' "$TESTS_TMP/answers-heap"

# A machine with THP `never`, stood in for: the server says at start that it got no huge pages.
if serve never hugepage SEARCHBENCH_THP_FILE="$TESTS_TMP/thp-never"; then
    check "THP never (stand-in): one line says no huge pages were granted" \
        grep -q '^index memory: hugepage requested, but the kernel gave NO huge pages (THP never)' "$SERVER_LOG"
    check_eq "THP never (stand-in): the stats file says so" "false 0 never" \
        "$(fields "$STATS" index_memory.huge_pages index_memory.anon_huge_kib index_memory.thp)"
    check "THP never (stand-in): the same answers" cmp "$TESTS_TMP/answers-heap" "$TESTS_TMP/answers-never"
fi

"$BIN/searchserver-fork" -p 0 -d "$CORPUS" --index-memory huge >"$TESTS_TMP/bad.out" 2>"$TESTS_TMP/bad.err"
check_eq "a bad --index-memory: exit 2, its error and the usage line, nothing listening" \
    "2 2 0 searchserver-fork: --index-memory must be one of heap|hugepage|shared, got 'huge'" \
    "$? $(wc -l <"$TESTS_TMP/bad.err") $(wc -c <"$TESTS_TMP/bad.out") $(head -1 "$TESTS_TMP/bad.err")"

# The harness: a case whose server asked for huge pages and got none is flagged, never reported as huge.
if [ "${SUITE:-plain}" = plain ]; then
    harness_setup
    R=$TESTS_TMP/results-never
    SEARCHBENCH_THP_FILE=$TESTS_TMP/thp-never harness "$R" VARIANTS=fork INDEX_MEMORY=hugepage >"$TESTS_TMP/h.out" 2>&1
    check_eq "harness, THP never (stand-in): the run completes" 0 $?
    D=$(find "$R" -mindepth 1 -maxdepth 1 -type d | head -1)
    check_eq "harness, THP never (stand-in): the case is flagged, not reported as huge" \
        'flagged ["no_huge_pages"] hugepage 0 ["hugepage"]' \
        "$(fields "$D/runs.json" cases.0.status cases.0.integrity.flags cases.0.index_memory cases.0.anon_huge_kib) $(fields "$D/env.json" config.index_memory)"
    check "harness, THP never (stand-in): the progress line shows the flag" grep -q 'flagged: no_huge_pages' "$TESTS_TMP/h.out"
else
    pass "harness with THP never # SKIP under $SUITE: the harness is the same in every build"
fi
