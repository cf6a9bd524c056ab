# shellcheck shell=bash
# tests/micro.sh: fork_latency/thread_latency short runs, their JSON, bad options, jsonget, machine_info.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

J=$BIN/jsonget

# le A B...: each number is <= the next (awk compares them as numbers).
le() { awk 'BEGIN { for (i = 1; i < ARGC - 1; i++) if (ARGV[i] + 0 > ARGV[i + 1] + 0) exit 1 }' "$@"; }
positive() { awk 'BEGIN { for (i = 1; i < ARGC; i++) if (!(ARGV[i] + 0 > 0)) exit 1 }' "$@"; }
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d * d <= 1e-12 * b * b) }'; }

# check_run PROGRAM OP TOUCH_MB: one short run, then its JSON document.
check_run() {
    local prog=$1 op=$2 mb=$3 name="$1 --op $2 --touch-mb $3" n=25
    local out=$TESTS_TMP/$prog-$op-$mb
    mkdir -p "$out"
    # exec'ing a sanitizer build of exec_target costs ~50 ms: fewer rounds.
    case $op in fork-exec|posix-spawn) n=8 ;; esac
    if ! "$BIN/$prog" --op "$op" --iterations $n --warmup 2 --touch-mb "$mb" \
            --json "$out/r.json" >"$out/stdout" 2>"$out/stderr"; then
        fail "$name runs" "$(head -c 300 "$out/stderr")"; return
    fi
    pass "$name runs"
    check "$name prints one summary line" \
        grep -Eqx "$op: [0-9.]+ ms per [a-z+]+ \(p50\), mean [0-9.]+ ms, max ~[0-9,]+ connections/sec/core \[n=$n, parent touched $mb MiB\]" "$out/stdout"
    check "$name wrote only the document" test "$(ls "$out")" = "r.json
stderr
stdout"
    # One jsonget call for every field: a sanitizer build starts slowly.
    local v
    mapfile -t v < <("$J" "$out/r.json" schema version program op params.iterations \
        params.iterations_auto params.warmup params.touch_mb params.clock stats.n \
        stats.min_us stats.p50_us stats.p90_us stats.p99_us stats.max_us stats.mean_us \
        stats.stddev_us ceiling_ops_per_sec_per_core summary)
    check_eq "$name JSON has every field" 19 "${#v[@]}"
    check_eq "$name schema" "searchbench.micro.latency 1 $prog $op" "${v[*]:0:4}"
    check_eq "$name params" "$n false 2 $mb CLOCK_MONOTONIC $n" "${v[*]:4:6}"
    check "$name stats positive" positive "${v[@]:10:7}"
    check "$name min <= p50 <= p90 <= p99 <= max" le "${v[@]:10:5}"
    check "$name min <= mean <= max" le "${v[10]}" "${v[15]}" "${v[14]}"
    check "$name ceiling = 1e6 / mean" near "${v[17]}" \
        "$(awk -v m="${v[15]}" 'BEGIN { printf "%.17g", 1e6 / m }')"
    check_eq "$name summary matches stdout" "$(cat "$out/stdout")" "${v[18]}"
    check "$name CPU time per op is positive" positive "$("$J" "$out/r.json" cpu_us_per_op)"
}

for op in fork vfork fork-exec posix-spawn; do check_run fork_latency "$op" 0; done
for op in pthread pthread-detached; do check_run thread_latency "$op" 0; done
check_run fork_latency fork 16
check_run thread_latency pthread 16

# check_placed MEMORY TOUCH_MB HEAP_MB: fork with its memory placed (--memory, --heap-mb): the summary
# says where the parent's memory was, the JSON records it and what the kernel gave.
check_placed() {
    local name="fork --memory $1 --touch-mb $2 --heap-mb $3" out=$TESTS_TMP/placed-$1 parent v
    mkdir -p "$out"
    if ! "$BIN/fork_latency" --memory "$1" --touch-mb "$2" --heap-mb "$3" --iterations 10 --warmup 1 \
            --json "$out/r.json" >"$out/stdout" 2>"$out/stderr"; then
        fail "$name runs" "$(head -c 300 "$out/stderr")"; return
    fi
    mapfile -t v < <("$J" "$out/r.json" params.memory params.touch_mb params.heap_mb params.anon_huge_kib machine.thp)
    check_eq "$name: params" "$1 $2 $3" "${v[*]:0:3}"
    parent="$2 MiB $1"
    case $1 in
        heap) parent="$2 MiB" ;;
        hugepage) [ "${v[3]}" -gt 0 ] || parent+=" (no huge pages granted)" ;;
    esac
    check "$name: the summary names the parent" grep -Fq "parent touched $parent + $3 MiB heap]" "$out/stdout"
    # Huge pages are there unless the kernel gives none (THP never); the other placements have none.
    if [ "$1" = hugepage ] && [ "${v[4]}" != never ]; then
        check "$name: huge pages granted for its $2 MiB" test "${v[3]}" -ge $(($2 * 1024 / 2))
    else
        check_eq "$name: no huge pages" 0 "${v[3]}"
    fi
}
for m in heap hugepage shared; do check_placed "$m" 8 2; done
# The stand-in for a machine whose THP is `never` (servers/core/placement.c: SEARCHBENCH_THP_FILE).
echo 'always madvise [never]' >"$TESTS_TMP/thp-never"
SEARCHBENCH_THP_FILE=$TESTS_TMP/thp-never "$BIN/fork_latency" --memory hugepage --touch-mb 8 --iterations 3 \
    --warmup 0 --json "$TESTS_TMP/never.json" >"$TESTS_TMP/never.out"
check_eq "THP never (stand-in): hugepage gets no huge pages, and says so" \
    "0 fork: parent touched 8 MiB hugepage (no huge pages granted)]" \
    "$("$J" "$TESTS_TMP/never.json" params.anon_huge_kib) $(sed 's/ .*\[n=3, / /' "$TESTS_TMP/never.out")"
check_eq "THP never (stand-in): machine.thp" never "$("$J" "$TESTS_TMP/never.json" machine.thp)"

# The machine block (same code in every document): every field present.
mapfile -t v < <("$J" "$TESTS_TMP/fork_latency-fork-0/r.json" machine.hostname \
    machine.cpu_model machine.kernel machine.arch machine.compiler machine.glibc machine.thp \
    machine.cores_online machine.page_size machine.mem_total_mib)
check_eq "machine has every field" 10 "${#v[@]}"
check "machine strings are not empty" test -n "${v[0]}" -a -n "${v[1]}" -a -n "${v[2]}" \
    -a -n "${v[3]}" -a -n "${v[4]}" -a -n "${v[5]}" -a -n "${v[6]}"
check "machine numbers are positive" positive "${v[@]:7:3}"

# Defaults: fork_latency times fork, thread_latency pthread_create + join.
check "fork_latency defaults to fork" \
    sh -c "'$BIN/fork_latency' --iterations 3 --warmup 0 | grep -q '^fork: '"
check "thread_latency defaults to pthread" \
    sh -c "'$BIN/thread_latency' --iterations 3 --warmup 0 | grep -q '^pthread: '"
check "--help prints usage, exits 0" sh -c "'$BIN/fork_latency' --help | grep -q '^usage: fork_latency'"

# bad_option NAME PROGRAM ARGS...: exit 2, one error line then the usage line, nothing on stdout.
bad_option() {
    local name=$1 prog=$2; shift 2
    "$BIN/$prog" "$@" >"$TESTS_TMP/bad.out" 2>"$TESTS_TMP/bad.err"
    check_eq "$name exits 2" 2 $?
    check_eq "$name: error line, usage line" "$prog: usage:" \
        "$(sed -n '1s/ .*//p; 2s/ .*//p' "$TESTS_TMP/bad.err" | tr '\n' ' ' | sed 's/ $//')"
    check_eq "$name: two stderr lines, no stdout" "2 0" \
        "$(wc -l <"$TESTS_TMP/bad.err") $(wc -c <"$TESTS_TMP/bad.out")"
}
bad_option "unknown op" fork_latency --op pthread
bad_option "unknown thread op" thread_latency --op fork
bad_option "zero iterations" fork_latency --iterations 0
bad_option "non-numeric iterations" fork_latency --iterations 12x
bad_option "negative touch" thread_latency --touch-mb -1
bad_option "huge warmup" fork_latency --warmup 99999999999999999999
bad_option "unknown option" fork_latency --bogus
bad_option "missing value" thread_latency --json
bad_option "stray argument" fork_latency extra
bad_option "unknown placement" fork_latency --memory huge
bad_option "negative heap" fork_latency --heap-mb -2

"$BIN/fork_latency" --iterations 2 --json "$TESTS_TMP/no/such/dir/r.json" >/dev/null 2>"$TESTS_TMP/nodir.err"
check_eq "unwritable --json exits 1" 1 $?
check "unwritable --json names the file" grep -q "no/such/dir/r.json" "$TESTS_TMP/nodir.err"

# jsonget: values, missing paths (exit 1), unreadable or invalid files (exit 2).
D=$TESTS_TMP/doc.json
printf '{"a":[1,{"b":0.5,"s":"x y"}],"n":null,"t":true,"big":3e15,"o":{"k":[]}}\n' >"$D"
check "jsonget validates a file" "$J" "$D"
check_eq "jsonget integer" 1 "$($J "$D" a.0)"
check_eq "jsonget fraction" 0.5 "$($J "$D" a.1.b)"
check_eq "jsonget large integer" 3000000000000000 "$($J "$D" big)"
check_eq "jsonget raw string" "x y" "$($J "$D" a.1.s)"
check_eq "jsonget compact object" '{"k":[]}' "$($J "$D" o)"
check_eq "jsonget null and bool" "null true" "$($J "$D" n) $($J "$D" t)"
"$J" "$D" a.7 >/dev/null 2>&1; check_eq "jsonget missing index exits 1" 1 $?
"$J" "$D" a.1.zz >/dev/null 2>&1; check_eq "jsonget missing key exits 1" 1 $?
"$J" "$D" t.x >/dev/null 2>&1; check_eq "jsonget path through a scalar exits 1" 1 $?
check_eq "jsonget several paths, one line each" "1
x y
true" "$($J "$D" a.0 a.1.s t)"
printf '{"a":1} trailing' >"$TESTS_TMP/bad.json"
for f in "$TESTS_TMP/bad.json" "$TESTS_TMP/absent.json"; do
    "$J" "$f" a >/dev/null 2>"$TESTS_TMP/j.err"
    check_eq "jsonget ${f##*/} exits 2" 2 $?
    check_eq "jsonget ${f##*/}: one line naming the file" "1 1" \
        "$(wc -l <"$TESTS_TMP/j.err") $(grep -c -F "$f" "$TESTS_TMP/j.err")"
done

"$BIN/machine_info" >"$TESTS_TMP/machine.json"
check "machine_info prints valid JSON" "$J" "$TESTS_TMP/machine.json"
check "machine_info cores" positive "$($J "$TESTS_TMP/machine.json" cores_online)"

# bench/micro/micro.sh end to end (QUICK=1), with the normal build only: sanitizer
# timings mean nothing, and exec'ing a sanitizer build is slow.
if [ "${SUITE:-plain}" != plain ]; then
    pass "bench/micro/micro.sh # SKIP under $SUITE"
elif ! command -v hyperfine >/dev/null; then
    pass "bench/micro/micro.sh # SKIP hyperfine not installed"
else
    R=$TESTS_TMP/results C=$TESTS_TMP/corpus
    make_test_corpus "$C"
    check "bench/micro/micro.sh QUICK=1 runs" env QUICK=1 BIN="$BIN" RESULTS_DIR="$R" CORPUS="$C" \
        "$(dirname "$0")/../bench/micro/micro.sh"
    check_eq "bench/micro/micro.sh leaves only micro.json" micro.json "$(ls "$R")"
    mapfile -t v < <("$J" "$R/micro.json" schema quick runs.23.op shell_exec.ratio_in_process_to_hyperfine \
        cross_check.0.ratio_in_process_to_hyperfine cross_check.5.ratio_in_process_to_hyperfine)
    check_eq "micro.json: schema, quick, 24 runs of the ops" "searchbench.micro true pthread-detached" "${v[*]:0:3}"
    check "micro.json: positive ratios" positive "${v[@]:3:3}"
    # Every op at the size of a server started on the corpus, then fork in huge pages and shared memory.
    mapfile -t v < <("$J" "$R/micro.json" server.index_memory server.rss_kib runs.3.parent runs.3.op \
        runs.3.params.touch_mb runs.23.parent runs.24.op runs.24.params.memory runs.29.params.memory \
        runs.29.params.touch_mb)
    check_eq "micro.json: the server's size, and each op at it" "heap server fork server fork hugepage shared 256" \
        "${v[0]} ${v[*]:2:2} ${v[*]:5:5}"
    check_eq "micro.json: the run at the server's size is its RSS, in MiB" "$(((v[1] + 512) / 1024))" "${v[4]}"
    "$J" "$R/micro.json" runs.30 >/dev/null 2>&1
    check_eq "micro.json: no 31st run" 1 $?
    # fork-memory: every op in ordinary pages, and a line of fork in each other placement.
    "$BIN/plotdata" "$R" "$R/plots" >/dev/null
    check "fork-memory: fork in huge pages and in shared memory, after the ops" grep -qF \
        "micro-mem-pthread-detached.dat micro-mem-fork-hugepage.dat micro-mem-fork-shared.dat'" "$R/plots/data/figures.tsv"
    check_eq "fork-memory: fork in shared memory at 0, 64 and 256 MiB" "0 64 256" \
        "$(sed 1d "$R/plots/data/micro-mem-fork-shared.dat" | cut -d' ' -f1 | paste -sd ' ')"
fi
