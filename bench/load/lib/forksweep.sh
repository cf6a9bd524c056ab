# shellcheck shell=bash
# bench/load/lib/forksweep.sh: SWEEP=fork (make bench-fork): what fork costs a server as its memory grows, and
# where its index lives. Corpora of growing size x index placements x the fork family, every case measured as
# any other (case.sh: runs.json, with corpus_docs, index_memory and the server's memory), and beside each size
# and placement the fork microbenchmark with a parent built like that server (forksize.json).
#
# Settings, besides run.sh's (whose defaults differ in a sweep):
#   SIZES         documents per generated corpus (default "2000 8000 32000": about 28, 94 and 340 MiB
#                 resident with heap placement)
#   INDEX_MEMORY  the servers' placements (default "heap hugepage shared")
#   CORPORA       where the corpora are generated, once, and kept (default build/corpora/)
#   defaults:     VARIANTS="fork doublefork prefork" (prefork, which forks only at start, is the
#                 control), WORKLOADS=static:close CLIENTS=16 REPS=2 DURATION=2 WARMUP=0 MICRO=0
# A repetition runs every size, placement and variant once (A B C, A B C), so that drift hits every
# placement alike; within it, the first case of each size and placement is followed by the fork
# microbenchmark, its parent as large as that case's server (memory.sh: fork_parent).

CORPUS_SEED=42          # the Makefile's CORPUS_SEED: the default corpus is the sweep's 2000
MAX_SIZE=1000000        # documents; 32000 already make 450 MiB of text
CASE_REST_DS=7          # of a case besides the server's start and wrk: stopping, settling, recording
FORK_POINT_DS=30        # the microbenchmark at one size: ~1 s of forks, the parent's memory, start-up

# fork_sweep_defaults: the sweep's settings where none is given (before config.sh's defaults).
fork_sweep_defaults() {
    [ "${QUICK:-0}" != 1 ] || : "${DURATION:=1}" "${REPS:=1}"
    : "${VARIANTS:=fork doublefork prefork}" "${WORKLOADS:=static:close}" "${CLIENTS:=16}" "${REPS:=2}"
    : "${DURATION:=2}" "${WARMUP:=0}" "${MICRO:=0}" "${INDEX_MEMORY:=$(placement_names "$BIN")}"
    : "${SIZES:=2000 8000 32000}" "${CORPORA:=$ROOT/build/corpora}"
}

# fork_sweep_config: checks SIZES (SIZE_LIST) and the corpus generator; counts the sweep's cases.
fork_sweep_config() {
    local n
    read -ra SIZE_LIST <<<"$SIZES"
    [ ${#SIZE_LIST[@]} -gt 0 ] || die "SIZES is empty"
    for n in "${SIZE_LIST[@]}"; do
        { is_count "$n" 1 && [ "$n" -le $MAX_SIZE ]; } || die "SIZES: '$n' is not a document count (1 to $MAX_SIZE)"
    done
    [ -x "$BIN/gencorpus" ] || die "$BIN/gencorpus is missing (run make)"
    [ -x "$BIN/fork_latency" ] || die "$BIN/fork_latency is missing (run make)"
    TOTAL_CASES=$((TOTAL_CASES * ${#SIZE_LIST[@]} * ${#INDEX_MEMORY_LIST[@]}))
}

# corpus_dir DOCS: where the corpus of DOCS documents is kept.
corpus_dir() { echo "$CORPORA/docs-$1-seed-$CORPUS_SEED"; }

# start_ds DOCS: what starting a server on DOCS documents takes, in tenths of a second: the index
# build, about 0.4 s per 1000 documents here, and a second besides.
start_ds() { echo $((10 + $1 * 4 / 1000)); }

# fork_sweep_estimate: the sweep's seconds: every case's start, warm-up, measured run and the rest,
# the microbenchmarks, and the corpora not generated yet (~0.5 s per 1000 documents).
fork_sweep_estimate() {
    local docs ds=0 cases=$((TOTAL_CASES / ${#SIZE_LIST[@]})) points=$((REPS * ${#INDEX_MEMORY_LIST[@]}))
    for docs in "${SIZE_LIST[@]}"; do
        ds=$((ds + cases * ($(start_ds "$docs") + 10 * (DURATION + WARMUP) + CASE_REST_DS) + points * FORK_POINT_DS))
        [ -f "$(corpus_dir "$docs")/.done" ] || ds=$((ds + 10 + docs / 200))
    done
    echo $((ds / 10))
}

print_fork_plan() {
    echo "searchbench fork size sweep $RUN_ID"
    echo "  corpora:   ${SIZE_LIST[*]} documents (in $CORPORA, generated once)"
    echo "  placement: ${INDEX_MEMORY_LIST[*]} (--index-memory)"
    echo "  variants:  ${VARIANT_LIST[*]};  workload: ${CASE_KINDS[*]}, clients ${CLIENT_LIST[*]}"
    echo "  each case: ${WARMUP} s warm-up + ${DURATION} s measured; repetitions: $REPS, interleaved"
    echo "  then:      fork_latency with a parent of each server's size and placement"
    echo "  plan:      $TOTAL_CASES cases + $((REPS * ${#SIZE_LIST[@]} * ${#INDEX_MEMORY_LIST[@]})) fork" \
         "microbenchmarks: about $(clock "$(fork_sweep_estimate)")"
    echo "  results:   $RESULTS_ROOT/$RUN_ID"
}

# fork_sweep_corpus DOCS: generates the corpus of DOCS documents unless it is there (.done).
fork_sweep_corpus() {
    local dir
    dir=$(corpus_dir "$1")
    [ ! -f "$dir/.done" ] || return 0
    rm -rf "$dir" && mkdir -p "$CORPORA"
    "$BIN/gencorpus" --docs "$1" --seed "$CORPUS_SEED" --out "$dir" || die "gencorpus --docs $1 failed"
    touch "$dir/.done"
}

# fork_sweep_env_args: env.json's facts of a sweep (env.sh: env_args).
fork_sweep_env_args() {
    local docs
    echo "config.sweep=fork"
    for docs in "${SIZE_LIST[@]}"; do echo "config.corpus_docs=$docs"; done
}

# case_field DIR NAME: the last value of NAME among the case's fields (case.sh).
case_field() { sed -n "s/^$2=//p" "$1/fields" | tail -1; }

# fork_point DIR DOCS PLACEMENT REP: fork_latency with a parent as large as the server of the case in
# DIR, its memory placed as that server's was; appended to forksize.json. Nothing when the server did
# not start. Sets HUGE_PAGES to false when a server asked for huge pages got none.
fork_point() {
    local dir=$1 docs=$2 placement=$3 rep=$4 rss huge shmem parent iter=()
    rss=$(case_field "$dir" rss_kib) huge=$(case_field "$dir" anon_huge_kib) shmem=$(case_field "$dir" shmem_kib)
    [ -n "$rss" ] && [ -n "$huge" ] && [ -n "$shmem" ] || return 0
    if [ "$placement" = hugepage ] && [ "$huge" -eq 0 ]; then
        HUGE_PAGES=false
    elif [ "$placement" = hugepage ]; then
        : "${HUGE_PAGES:=true}"
    fi
    read -ra parent <<<"$(fork_parent "$placement" "$rss" "$huge" "$shmem")"
    [ "$QUICK" != 1 ] || iter=(--warmup 3 --iterations 30)
    "${SERVER_PIN[@]}" "$BIN/fork_latency" --op fork "${parent[@]}" "${iter[@]}" --json "$WORK/fork.json" \
        >"$WORK/fork.log" 2>&1 || { warn "fork_latency ${parent[*]} failed: $(tail -1 "$WORK/fork.log")"; return 0; }
    "$BIN/benchjson" fork-point "$RUN_DIR/forksize.json" run_id="$RUN_ID" corpus_docs="$docs" \
        index_memory="$placement" rep="$rep" rss_kib="$rss" anon_huge_kib="$huge" shmem_kib="$shmem" \
        run="$WORK/fork.json" >/dev/null
    echo "    fork at ${parent[*]}: $(sed -n 's/^fork: [0-9.]* ms per fork (p50), mean \([0-9.]*\) ms.*/\1 ms mean/p' \
        "$WORK/fork.log")"
}

# run_fork_group REP DOCS PLACEMENT: the cases of one size and placement in a repetition, each
# variant once, the first followed by the microbenchmark at its server's size. CORPUS and
# INDEX_MEMORY are the settings every case runs with (case.sh), set here for the group, and
# SERVER_START_S (server.sh) grows with the corpus: 32000 documents take 12 s to index here, and
# several times that on a machine busy with other work.
run_fork_group() {
    local rep=$1 docs=$2 kind clients variant headline first=1 label
    # shellcheck disable=SC2034  # SERVER_START_S: read by server.sh, called from here
    local CORPUS INDEX_MEMORY=$3 SERVER_START_S=$((30 + $2 / 250))
    # shellcheck disable=SC2034  # read by case.sh's start_server, called from here
    CORPUS=$(corpus_dir "$docs")
    for kind in "${CASE_KINDS[@]}"; do
        for clients in "${CLIENT_LIST[@]}"; do
            for variant in "${VARIANT_LIST[@]}"; do
                run_case "$WORK/case" $((CASES_DONE + 1)) "$variant" "${kind% *}" "${kind#* }" "$clients" "$rep"
                stop_if_interrupted
                add_fields "$WORK/case" "corpus_docs=$docs"
                headline=$(record_case "$WORK/case")
                CASES_DONE=$((CASES_DONE + 1))
                label=$(printf '%-10s %-8s %6s docs' "$variant" "$INDEX_MEMORY" "$docs")
                progress "$CASES_DONE" "$label" "${kind% *}" "${kind#* }" "$clients" "$rep" '' '' "$headline"
                [ "$first" = 0 ] || fork_point "$WORK/case" "$docs" "$INDEX_MEMORY" "$rep"
                first=0
                stop_if_interrupted
            done
        done
    done
}

# run_fork_sweep: the corpora, then the groups, repetitions outermost; env.json's huge_pages at the end.
run_fork_sweep() {
    local rep docs placement
    echo "# corpora (bin/gencorpus, kept in $CORPORA)"
    for docs in "${SIZE_LIST[@]}"; do fork_sweep_corpus "$docs"; done
    echo "# load cases, and fork_latency at each server's size"
    # shellcheck disable=SC2034  # CASES_START: read by run.sh's progress
    CASES_START=$SECONDS HUGE_PAGES=''
    for ((rep = 1; rep <= REPS; rep++)); do
        for docs in "${SIZE_LIST[@]}"; do
            for placement in "${INDEX_MEMORY_LIST[@]}"; do run_fork_group "$rep" "$docs" "$placement"; done
        done
    done
    [ -z "$HUGE_PAGES" ] || "$BIN/benchjson" env "$RUN_DIR/env.json" "huge_pages=$HUGE_PAGES"
}
