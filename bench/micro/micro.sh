#!/usr/bin/env bash
# bench/micro/micro.sh: process/thread creation latency at several parent sizes, cross-checked with hyperfine.
#
# usage: bench/micro/micro.sh [RESULTS_DIR]
#   RESULTS_DIR  output directory (argument or environment; default
#                results/micro-<host>-<UTC timestamp>); gets micro.json
#   QUICK=1      smoke run (~10 s): small fixed iteration counts, cross-check at 0 MiB
#   BIN=dir      binaries to measure (default: the repository's bin/)
#
# 1. Every op of fork_latency and thread_latency at --touch-mb 0, 64, 256,
#    timed inside the process (per-op CLOCK_MONOTONIC samples).
# 2. The same binaries timed from outside by hyperfine, once with 1 op and
#    once with 1+K ops: (median(1+K) - median(1)) / K is a per-op figure in
#    which process start-up and memory touching cancel out.
# 3. hyperfine -N on exec_target alone: fork+exec+wait as a shell sees it.
# The load average at start and end goes into micro.json: other processes
# running at the same time skew every figure here.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/bin}
QUICK=${QUICK:-0}
OUT=${1:-${RESULTS_DIR:-$ROOT/results/micro-$(uname -n)-$(date -u +%Y%m%dT%H%M%SZ)}}
TOUCH_MB=(0 64 256)
OPS=(fork_latency:fork fork_latency:vfork fork_latency:fork-exec fork_latency:posix-spawn
     thread_latency:pthread thread_latency:pthread-detached)
if [ "$QUICK" = 1 ]; then
    HF_WARMUP=0; HF_RUNS=3; HF_TARGET_US=80000; HF_TOUCH_MB=(0); EXEC_RUNS=50
else
    HF_WARMUP=1; HF_RUNS=5; HF_TARGET_US=300000; HF_TOUCH_MB=("${TOUCH_MB[@]}"); EXEC_RUNS=300
fi

die() { echo "micro.sh: $*" >&2; exit 1; }

for tool in fork_latency thread_latency exec_target machine_info jsonget; do
    [ -x "$BIN/$tool" ] || die "$BIN/$tool missing (run make)"
done
command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine)"
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/micro.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
J=$BIN/jsonget

# calc EXPR NAME=VALUE...: awk arithmetic, printed with 6 significant digits.
calc() {
    local expr=$1 vars=() v; shift
    for v in "$@"; do vars+=(-v "$v"); done
    awk "${vars[@]}" "BEGIN { printf \"%.6g\", $expr }" </dev/null
}

# json_list FILE...: the files' JSON values separated by commas.
json_list() { local sep='' f; for f in "$@"; do printf '%s' "$sep"; cat "$f"; sep=,; done; }

# quick_iterations MB: fixed counts for QUICK=1, sized for the slowest op (fork).
quick_iterations() { case $1 in 0) echo 300 ;; 64) echo 100 ;; *) echo 30 ;; esac; }

# hyperfine_quiet ARGS...: hyperfine with its report in a log, shown on failure.
hyperfine_quiet() {
    hyperfine --style basic "$@" >>"$WORK/hyperfine.log" 2>&1 ||
        { tail -20 "$WORK/hyperfine.log" >&2; die "hyperfine failed"; }
}

# in_process PROG OP MB: one run of the binary itself; writes $WORK/run-PROG-OP-MB.json.
in_process() {
    local prog=$1 op=$2 mb=$3 iter=()
    [ "$QUICK" = 1 ] && iter=(--warmup 5 --iterations "$(quick_iterations "$mb")")
    "$BIN/$prog" --op "$op" --touch-mb "$mb" "${iter[@]}" --json "$WORK/run-$prog-$op-$mb.json"
}

# cross_check PROG OP MB: hyperfine's per-op figure next to the in-process
# mean; prints a table row, writes $WORK/cross-PROG-OP-MB.json.
cross_check() {
    local prog=$1 op=$2 mb=$3 hf=$WORK/hf-$1-$2-$3.json
    local mean p50 k m0 m1 s0 s1 per_op ratio
    read -r mean p50 < <("$J" "$WORK/run-$prog-$op-$mb.json" stats.mean_us stats.p50_us | paste -sd ' ')
    k=$(awk -v t="$HF_TARGET_US" -v m="$mean" 'BEGIN { k = int(t / m); printf "%d", k < 10 ? 10 : k }')
    hyperfine_quiet -N -w "$HF_WARMUP" -r "$HF_RUNS" --export-json "$hf" -L n "1,$((k + 1))" \
        "'$BIN/$prog' --op $op --touch-mb $mb --warmup 0 --iterations {n}"
    # Medians: one run disturbed by another process should not move the figure.
    read -r m0 m1 s0 s1 < <("$J" "$hf" results.0.median results.1.median \
        results.0.stddev results.1.stddev | paste -sd ' ')
    per_op=$(calc '(b - a) / k * 1e6' a="$m0" b="$m1" k="$k")
    ratio=$(calc 'a / b' a="$mean" b="$per_op")
    printf '%-16s %4s MiB  in-process %9.2f us  hyperfine %9.2f us  ratio %.3f\n' \
        "$op" "$mb" "$mean" "$per_op" "$ratio"
    {
        printf '{"program":"%s","op":"%s","touch_mb":%s,' "$prog" "$op" "$mb"
        printf '"in_process_mean_us":%s,"in_process_p50_us":%s,' "$mean" "$p50"
        printf '"hyperfine_per_op_us":%s,"ratio_in_process_to_hyperfine":%s,' "$per_op" "$ratio"
        printf '"hyperfine":{"iterations":[1,%s],"runs":%s,"median_s":[%s,%s],"stddev_s":[%s,%s]}}\n' \
            "$((k + 1))" "$HF_RUNS" "$m0" "$m1" "$s0" "$s1"
    } >"$WORK/cross-$prog-$op-$mb.json"
}

# shell_exec: hyperfine -N on exec_target next to the in-process fork-exec
# at 0 MiB; prints a line, writes $WORK/shell.json.
shell_exec() {
    local hf=$WORK/hf-exec.json mean median sd fe ratio
    hyperfine_quiet -N -w 20 -r "$EXEC_RUNS" --export-json "$hf" "'$BIN/exec_target'"
    read -r mean median sd < <("$J" "$hf" results.0.mean results.0.median results.0.stddev \
        | awk '{ printf "%.6g ", $1 * 1e6 } END { print "" }')
    fe=$("$J" "$WORK/run-fork_latency-fork-exec-0.json" stats.mean_us)
    ratio=$(calc 'a / b' a="$fe" b="$mean")
    printf 'hyperfine -N exec_target: %.1f us (mean), in-process fork-exec %.1f us, ratio %.3f\n' \
        "$mean" "$fe" "$ratio"
    {
        printf '{"command":"exec_target","runs":%s,"hyperfine_mean_us":%s,' "$EXEC_RUNS" "$mean"
        printf '"hyperfine_median_us":%s,"hyperfine_stddev_us":%s,' "$median" "$sd"
        printf '"in_process_fork_exec_mean_us":%s,"ratio_in_process_to_hyperfine":%s}\n' "$fe" "$ratio"
    } >"$WORK/shell.json"
}

# write_document FILE: micro.json from the pieces in $WORK, atomically.
write_document() {
    local doc=$1 tmp runs=() cross=() entry mb
    for entry in "${OPS[@]}"; do
        for mb in "${TOUCH_MB[@]}"; do
            runs+=("$WORK/run-${entry%%:*}-${entry#*:}-$mb.json")
        done
        for mb in "${HF_TOUCH_MB[@]}"; do
            cross+=("$WORK/cross-${entry%%:*}-${entry#*:}-$mb.json")
        done
    done
    tmp=$(mktemp "$doc.tmp.XXXXXX")
    {
        printf '{"schema":"searchbench.micro","version":1,'
        printf '"started_utc":"%s","finished_utc":"%s",' "$STARTED" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        printf '"quick":%s,"touch_mb":[%s],' "$([ "$QUICK" = 1 ] && echo true || echo false)" \
            "$(IFS=,; echo "${TOUCH_MB[*]}")"
        printf '"loadavg_start":"%s","loadavg_end":"%s",' "$LOAD_START" "$(cut -d' ' -f1-3 /proc/loadavg)"
        printf '"hyperfine_version":"%s",' "$(hyperfine --version | cut -d' ' -f2)"
        printf '"machine":'; "$BIN/machine_info"
        printf ',"runs":['; json_list "${runs[@]}"
        printf '],"cross_check":['; json_list "${cross[@]}"
        printf '],"shell_exec":'; cat "$WORK/shell.json"
        printf '}\n'
    } >"$tmp"
    "$J" "$tmp" || die "assembled an invalid document, kept as $tmp"
    chmod 644 "$tmp"
    sync "$tmp"
    mv "$tmp" "$doc"
}

STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "# in-process: every op with the parent at ${TOUCH_MB[*]} MiB"
for entry in "${OPS[@]}"; do
    for mb in "${TOUCH_MB[@]}"; do in_process "${entry%%:*}" "${entry#*:}" "$mb"; done
done
echo "# hyperfine: per-op cost from whole-process runs (1 vs 1+K ops)"
for entry in "${OPS[@]}"; do
    for mb in "${HF_TOUCH_MB[@]}"; do cross_check "${entry%%:*}" "${entry#*:}" "$mb"; done
done
shell_exec
write_document "$OUT/micro.json"
echo "wrote $OUT/micro.json"
