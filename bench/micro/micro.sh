#!/usr/bin/env bash
# bench/micro/micro.sh: process/thread creation latency at several parent sizes, cross-checked with hyperfine.
#
# usage: bench/micro/micro.sh [RESULTS_DIR]
#   RESULTS_DIR  output directory (argument or environment; default
#                results/micro-<host>-<UTC timestamp>); gets micro.json
#   QUICK=1      smoke run (~10 s): small fixed iteration counts, cross-check at 0 MiB
#   BIN=dir      binaries to measure (default: the repository's bin/)
#   CORPUS=dir   the corpus a searchserver indexes (default corpus/), and
#   INDEX_MEMORY its --index-memory (default heap): the server whose size
#                the parent takes in step 1
#
# 1. Every op of fork_latency and thread_latency at --touch-mb 0, 64, 256,
#    and at the size of a searchserver started on CORPUS (its resident
#    memory, placed as its index is: bench/load/lib/memory.sh), timed inside
#    the process (per-op CLOCK_MONOTONIC samples); fork also with its
#    0, 64, 256 MiB in huge pages and in a shared mapping (--memory).
# 2. The same binaries timed from outside by hyperfine, once with 1 op and
#    once with 1+K ops: (median(1+K) - median(1)) / K is a per-op figure in
#    which process start-up and memory touching cancel out.
# 3. hyperfine -N on exec_target alone: fork+exec+wait as a shell sees it.
# The load average at start and end goes into micro.json: other processes
# running at the same time skew every figure here. This script only runs
# things: `benchjson micro` computes the cross-check figures and writes
# micro.json from the files it leaves in a work directory.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/bin}
QUICK=${QUICK:-0}
OUT=${1:-${RESULTS_DIR:-$ROOT/results/micro-$(uname -n)-$(date -u +%Y%m%dT%H%M%SZ)}}
CORPUS=${CORPUS:-$ROOT/corpus}
INDEX_MEMORY=${INDEX_MEMORY:-heap}
PROGRAMS=(fork_latency thread_latency)
TOUCH_MB=(0 64 256)
PLACED_OP=fork_latency:fork     # the op timed with its memory in each other placement too
# shellcheck source=bench/load/lib/server.sh
. "$ROOT/bench/load/lib/server.sh"
# shellcheck source=bench/load/lib/memory.sh
. "$ROOT/bench/load/lib/memory.sh"
if [ "$QUICK" = 1 ]; then
    HF_WARMUP=0; HF_RUNS=3; HF_TARGET_US=80000; HF_TOUCH_MB=(0); EXEC_RUNS=50
else
    HF_WARMUP=1; HF_RUNS=5; HF_TARGET_US=300000; HF_TOUCH_MB=("${TOUCH_MB[@]}"); EXEC_RUNS=300
fi

die() { echo "micro.sh: $*" >&2; exit 1; }

for tool in "${PROGRAMS[@]}" exec_target jsonget benchjson searchserver-sequential; do
    [ -x "$BIN/$tool" ] || die "$BIN/$tool missing (run make)"
done
[ -d "$CORPUS" ] || die "no corpus at $CORPUS (make corpus, or set CORPUS)"
command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine)"
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/micro.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The ops, PROGRAM:OP, in the order of the programs' own tables.
OPS=()
for prog in "${PROGRAMS[@]}"; do
    mapfile -t ops < <("$BIN/$prog" --list-ops) || die "$prog --list-ops failed"
    OPS+=("${ops[@]/#/$prog:}")
done

# quick_iterations MB: fixed counts for QUICK=1, sized for the slowest op (fork).
quick_iterations() { if [ "$1" -lt 32 ]; then echo 300; elif [ "$1" -le 64 ]; then echo 100; else echo 30; fi; }

# hyperfine_quiet ARGS...: hyperfine with its report in a log, shown on failure.
hyperfine_quiet() {
    hyperfine --style basic "$@" >>"$WORK/hyperfine.log" 2>&1 ||
        { tail -20 "$WORK/hyperfine.log" >&2; die "hyperfine failed"; }
}

# in_process PROG OP NAME MB [OPTIONS...]: one run of the binary itself with a parent of MB MiB
# (--touch-mb MB, or OPTIONS); writes $WORK/run-PROG-OP-NAME.json.
in_process() {
    local prog=$1 op=$2 name=$3 mb=$4 iter=() parent=(--touch-mb "$4")
    [ $# -eq 4 ] || parent=("${@:5}")
    [ "$QUICK" = 1 ] && iter=(--warmup 5 --iterations "$(quick_iterations "$mb")")
    "$BIN/$prog" --op "$op" "${parent[@]}" "${iter[@]}" --json "$WORK/run-$prog-$op-$name.json"
}

# cross_check PROG OP MB: hyperfine runs the binary with 1 and 1+K ops, K
# sized from the in-process mean to take HF_TARGET_US; writes $WORK/hf-PROG-OP-MB.json.
cross_check() {
    local prog=$1 op=$2 mb=$3 mean k
    mean=$("$BIN/jsonget" "$WORK/run-$prog-$op-$mb.json" stats.mean_us)
    k=$(awk -v t="$HF_TARGET_US" -v m="$mean" 'BEGIN { k = int(t / m); printf "%d", k < 10 ? 10 : k }')
    hyperfine_quiet -N -w "$HF_WARMUP" -r "$HF_RUNS" --export-json "$WORK/hf-$prog-$op-$mb.json" \
        -L n "1,$((k + 1))" "'$BIN/$prog' --op $op --touch-mb $mb --warmup 0 --iterations {n}"
}

STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
SERVER_MEMORY=$(probe_memory "$BIN" "$CORPUS" "$INDEX_MEMORY" "$WORK/server.log") ||
    die "searchserver-sequential did not start on $CORPUS"
read -r rss huge shmem <<<"$SERVER_MEMORY"
read -ra SERVER_PARENT <<<"$(fork_parent "$INDEX_MEMORY" "$rss" "$huge" "$shmem")"
echo "# in-process: every op with the parent at ${TOUCH_MB[*]} MiB and at the server's size" \
     "(${SERVER_PARENT[*]})"
for entry in "${OPS[@]}"; do
    for mb in "${TOUCH_MB[@]}"; do in_process "${entry%%:*}" "${entry#*:}" "$mb" "$mb"; done
    in_process "${entry%%:*}" "${entry#*:}" server $(((rss + 512) / 1024)) "${SERVER_PARENT[@]}"
done
read -ra PLACEMENTS <<<"$(placement_names "$BIN")"
for placement in "${PLACEMENTS[@]:1}"; do
    for mb in "${TOUCH_MB[@]}"; do
        in_process "${PLACED_OP%%:*}" "${PLACED_OP#*:}" "$placement-$mb" "$mb" --memory "$placement" --touch-mb "$mb"
    done
done
echo "# hyperfine: per-op cost from whole-process runs (1 vs 1+K ops)"
for entry in "${OPS[@]}"; do
    for mb in "${HF_TOUCH_MB[@]}"; do cross_check "${entry%%:*}" "${entry#*:}" "$mb"; done
done
hyperfine_quiet -N -w 20 -r "$EXEC_RUNS" --export-json "$WORK/hf-exec.json" "'$BIN/exec_target'"
# benchjson computes the cross-check figures and writes micro.json (bench/results/record/benchjson_micro.c).
"$BIN/benchjson" micro "$OUT/micro.json" "$WORK" ops="${OPS[*]}" touch_mb="${TOUCH_MB[*]}" \
    server_memory="$SERVER_MEMORY" index_memory="$INDEX_MEMORY" placed_op="$PLACED_OP" \
    placements="${PLACEMENTS[*]:1}" \
    cross_touch_mb="${HF_TOUCH_MB[*]}" quick="$QUICK" started_utc="$STARTED" loadavg_start="$LOAD_START" \
    loadavg_end="$(cut -d' ' -f1-3 /proc/loadavg)" hyperfine_version="$(hyperfine --version | cut -d' ' -f2)" ||
    die "could not write $OUT/micro.json"
echo "wrote $OUT/micro.json"
