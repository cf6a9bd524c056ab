# shellcheck shell=bash
# bench/load/lib/config.sh: the harness's settings, from the environment (make variables), checked before anything is written.
# Everything up to the wrk check uses shell builtins only, so that a broken
# PATH gives the same one-line error as a missing wrk.

# Every variant the suite knows, in the order plans and tables list them (servers/variants).
mapfile -t VARIANT_ORDER <"$ROOT/servers/variants"
# shellcheck source=bench/load/lib/pinning.sh
. "$ROOT/bench/load/lib/pinning.sh"
WORKLOAD_NAMES=(static large query)
MODE_NAMES=(close keepalive)
MAX_CLIENTS=10000       # beyond this, descriptors and ports run short long before the server does

# The file each workload asks for (the query workload's URL is made by
# query.lua), its wrk script, and the corpus file it needs.
# shellcheck disable=SC2034  # WORKLOAD_PATH and WORKLOAD_SCRIPT are read by case.sh
declare -A WORKLOAD_PATH=([static]=/static/small/1KiB.txt [large]=/static/large/1MiB.txt [query]=/query) \
           WORKLOAD_SCRIPT=([static]=file.lua [large]=file.lua [query]=query.lua)
declare -A WORKLOAD_FILE=([static]=small/1KiB.txt [large]=large/1MiB.txt [query]=queries.txt)

# die MESSAGE: the one-line error and exit 2; but a step that failed because the run was
# interrupted (a read or wait cut short by SIGTERM, run.sh's trap) exits with the signal's status.
die() {
    [ -z "${INTERRUPTED:-}" ] || exit "$INTERRUPTED"
    echo "bench: $*" >&2
    exit 2
}

# is_one_of WORD LIST...
is_one_of() {
    local word=$1 x; shift
    for x; do [ "$x" = "$word" ] && return 0; done
    return 1
}

# built_variants: every built server on one line, those of VARIANT_ORDER first in that order.
built_variants() {
    local v f found=()
    for v in "${VARIANT_ORDER[@]}"; do [ -x "$BIN/searchserver-$v" ] && found+=("$v"); done
    for f in "$BIN"/searchserver-*; do
        v=${f##*/searchserver-}
        [ -x "$f" ] && ! is_one_of "$v" "${VARIANT_ORDER[@]}" && found+=("$v")
    done
    echo "${found[*]}"
}

# runnable_variants LIST: VARIANTS, those of LIST that can run on this
# machine, and nginx if there is one; each variant left out is a warning in
# the run's env.json, as a missing nginx is.
runnable_variants() {
    local v why runnable=()
    for v in $1; do
        why=$(variant_unavailable "$v")
        if [ -z "$why" ]; then runnable+=("$v"); else warn "$why: $v skipped"; fi
    done
    VARIANTS="${runnable[*]}${NGINX:+ nginx}"
}

# is_count TEXT MIN: a decimal integer >= MIN, without sign or leading zero.
is_count() { [[ $1 =~ ^(0|[1-9][0-9]{0,8})$ ]] && [ "$1" -ge "$2" ]; }

# The defaults make runs that compare-results can judge (5 repetitions: 5
# against 5 can reach p = 0.008, 3 against 3 never below 0.1) and fit `make
# bench` in about 25 minutes with ten variants on two cores: (10 variants x
# 3 kinds + nginx x 2 file kinds) x 2 client counts x 5 repetitions = 320
# cases of ~4.5 s, plus ~75 s of microbenchmarks. The client count dropped is
# 1 (every model serves one client alike; the goals read 16 and 64): the full
# set, CLIENTS="1 16 64", takes about 37 minutes (PLAN_ONLY=1 prints a plan's).
# QUICK=1 (26 cases of ~2 s) takes about 1 minute.
set_defaults() {
    QUICK=${QUICK:-0}
    if [ "$QUICK" = 1 ]; then
        : "${WORKLOADS:=static query:close}" "${CLIENTS:=16}" "${DURATION:=1}" "${REPS:=1}" "${WARMUP:=0}"
    else
        : "${WORKLOADS:=static query:close}" "${CLIENTS:=16 64}"
        : "${DURATION:=2}" "${REPS:=5}" "${WARMUP:=1}"
    fi
    : "${MODES:=close keepalive}" "${MICRO:=1}" "${PLOTS:=1}" "${INDEX_MEMORY:=heap}" "${PLAN_ONLY:=0}"
    : "${RESULTS_ROOT:=$ROOT/results}" "${CORPUS:=$ROOT/corpus}" "${STOP_TIMEOUT_S:=$SERVER_STOP_S}"
    find_nginx
    # shellcheck disable=SC2034  # read by env.sh (preflight)
    VARIANTS_GIVEN=${VARIANTS:+1}
    [ -n "$VARIANTS_GIVEN" ] || runnable_variants "$(built_variants)"
    [ -n "$VARIANTS" ] || die "no server built in $BIN (run make)"
}

check_numbers() {
    local c
    is_one_of "$QUICK" 0 1 || die "QUICK must be 0 or 1, not '$QUICK'"
    is_one_of "$MICRO" 0 1 || die "MICRO must be 0 or 1, not '$MICRO'"
    is_one_of "$PLOTS" 0 1 || die "PLOTS must be 0 or 1, not '$PLOTS'"
    is_one_of "$PLAN_ONLY" 0 1 || die "PLAN_ONLY must be 0 or 1, not '$PLAN_ONLY'"
    is_count "$DURATION" 1 || die "DURATION must be a whole number of seconds >= 1 (wrk's unit), not '$DURATION'"
    is_count "$WARMUP" 0 || die "WARMUP must be a whole number of seconds, not '$WARMUP'"
    is_count "$REPS" 1 || die "REPS must be a positive integer, not '$REPS'"
    is_count "$STOP_TIMEOUT_S" 1 || die "STOP_TIMEOUT_S must be a positive integer, not '$STOP_TIMEOUT_S'"
    read -ra CLIENT_LIST <<<"$CLIENTS"
    [ ${#CLIENT_LIST[@]} -gt 0 ] || die "CLIENTS is empty"
    for c in "${CLIENT_LIST[@]}"; do
        { is_count "$c" 1 && [ "$c" -le $MAX_CLIENTS ]; } ||
            die "CLIENTS: '$c' is not a client count (an integer from 1 to $MAX_CLIENTS)"
    done
}

# Sets VARIANT_LIST and CASE_KINDS ("workload mode" pairs): an entry of
# WORKLOADS is NAME (every mode in MODES) or NAME:MODE (that mode only).
check_names() {
    local v w m entry entries why placements
    read -ra VARIANT_LIST <<<"$VARIANTS"
    for v in "${VARIANT_LIST[@]}"; do
        if [ "$v" = nginx ]; then
            [ -n "$NGINX" ] || die "nginx not found (scripts/deps bench installs nginx-light)"
        else
            { [[ $v =~ ^[a-z0-9_-]+$ ]] && [ -x "$BIN/searchserver-$v" ]; } ||
                die "unknown variant '$v' (built: $(built_variants), and nginx)"
            why=$(variant_unavailable "$v")
            [ -z "$why" ] || die "$why"
        fi
    done
    read -ra INDEX_MEMORY_LIST <<<"$INDEX_MEMORY"
    read -ra placements <<<"$(placement_names "$BIN")"
    [ ${#placements[@]} -gt 0 ] || die "$BIN/searchserver-sequential is missing (run make)"
    for m in "${INDEX_MEMORY_LIST[@]}"; do
        is_one_of "$m" "${placements[@]}" || die "unknown INDEX_MEMORY '$m' (known: ${placements[*]})"
    done
    [ ${#INDEX_MEMORY_LIST[@]} -eq 1 ] || [ "${SWEEP:-}" = fork ] ||
        die "INDEX_MEMORY takes one placement (a list only with SWEEP=fork), not '$INDEX_MEMORY'"
    read -ra MODE_LIST <<<"$MODES"
    for m in "${MODE_LIST[@]}"; do
        is_one_of "$m" "${MODE_NAMES[@]}" || die "unknown mode '$m' (known: ${MODE_NAMES[*]})"
    done
    CASE_KINDS=()
    read -ra entries <<<"$WORKLOADS"
    for entry in "${entries[@]}"; do
        w=${entry%%:*}
        is_one_of "$w" "${WORKLOAD_NAMES[@]}" || die "unknown workload '$w' (known: ${WORKLOAD_NAMES[*]})"
        if [ "$entry" = "$w" ]; then
            for m in "${MODE_LIST[@]}"; do CASE_KINDS+=("$w $m"); done
        else
            m=${entry#*:}
            is_one_of "$m" "${MODE_NAMES[@]}" || die "unknown mode '$m' in '$entry' (known: ${MODE_NAMES[*]})"
            CASE_KINDS+=("$w $m")
        fi
    done
    count_cases
    [ "$TOTAL_CASES" -gt 0 ] || die "nothing to run: VARIANTS, WORKLOADS or MODES is empty (nginx runs static and large only)"
}

# count_cases: TOTAL_CASES, every variant x the kinds it runs x clients x reps.
count_cases() {
    local v kind n=0
    for v in "${VARIANT_LIST[@]}"; do
        for kind in "${CASE_KINDS[@]}"; do runs_kind "$v" "${kind% *}" && n=$((n + 1)); done
    done
    TOTAL_CASES=$((n * ${#CLIENT_LIST[@]} * ${#DELAY_LIST[@]} * ${#SCALE_LIST[@]} * REPS))
}

# cpu_count LIST: how many CPUs a taskset list ("0", "0-2,5") names.
cpu_count() {
    local n=0 part parts
    IFS=, read -ra parts <<<"$1"
    for part in "${parts[@]}"; do
        if [[ $part == *-* ]]; then n=$((n + ${part#*-} - ${part%-*} + 1)); else n=$((n + 1)); fi
    done
    echo "$n"
}

# Server and client on disjoint CPUs when there are two or more (default_pinning). Setting both
# SERVER_CPUS and CLIENT_CPUS to empty turns pinning off.
check_pinning() {
    local list server='' client=''
    check_available_cpus
    read -r server client <<<"$(default_pinning "$CPUS_AVAILABLE")"
    PINNING_CHOSEN='as given'
    [ -n "${SERVER_CPUS+set}${CLIENT_CPUS+set}" ] || PINNING_CHOSEN=default
    if [ "$NET_MODE" = ssh ] || load_remote_only; then
        # wrk has a machine of its own: the server may use every CPU here.
        # shellcheck disable=SC2153  # CLIENT (user@host) is a setting, not a misspelt CLIENTS
        [ -z "${CLIENT_CPUS:-}" ] || die "CLIENT_CPUS cannot pin wrk on another machine ($CLIENT)"
        [ "$NET_MODE" != ssh ] || : "${WRK_THREADS:=$(client_cores)}"
    elif [ -n "$server" ]; then
        SERVER_CPUS=${SERVER_CPUS-$server}
        CLIENT_CPUS=${CLIENT_CPUS-$client}
    fi
    SERVER_CPUS=${SERVER_CPUS:-} CLIENT_CPUS=${CLIENT_CPUS:-}
    # shellcheck disable=SC2034  # SERVER_PIN, CLIENT_PIN: the prefixes case.sh and nginx.sh run server and wrk with
    if [ -n "$SERVER_CPUS$CLIENT_CPUS" ]; then
        for list in "$SERVER_CPUS" "$CLIENT_CPUS"; do
            { is_cpu_list "$list" && taskset -c "$list" true 2>/dev/null; } ||
                die "SERVER_CPUS and CLIENT_CPUS must both be CPU lists taskset accepts (or both empty), got '$list'"
        done
        SERVER_PIN=(taskset -c "$SERVER_CPUS") CLIENT_PIN=(taskset -c "$CLIENT_CPUS") PINNED=true
    else
        SERVER_PIN=() CLIENT_PIN=() PINNED=false
    fi
    [ "$PINNED" = false ] || : "${WRK_THREADS:=$(cpu_count "$CLIENT_CPUS")}"
    : "${WRK_THREADS:=1}"
    is_count "$WRK_THREADS" 1 || die "WRK_THREADS must be a positive integer, not '$WRK_THREADS'"
}

check_files() {
    local kind tool
    [[ $NET_MODE == @(ssh|clients) ]] || command -v wrk >/dev/null ||     # clients.sh checks a local one
        die "wrk not found on PATH (scripts/deps bench installs it)"
    for tool in benchjson subreaper; do
        [ -x "$BIN/$tool" ] || die "$BIN/$tool is missing (run make)"
    done
    for kind in "${CASE_KINDS[@]}"; do
        [ -f "$CORPUS/${WORKLOAD_FILE[${kind% *}]}" ] ||
            die "$CORPUS/${WORKLOAD_FILE[${kind% *}]} is missing (make corpus, or set CORPUS)"
    done
}

load_config() {
    case ${SWEEP:-} in
        '') ;;
        fork) [ "${LOAD:-closed}" = closed ] || die "SWEEP=fork runs wrk (LOAD=closed), not LOAD=$LOAD"
              fork_sweep_defaults ;;
        *) die "SWEEP must be fork or empty, not '$SWEEP'" ;;
    esac
    set_defaults
    check_network
    check_scale
    check_numbers
    check_names
    check_files
    [ -n "${SCALE:-}" ] || check_pinning      # a SCALE sweep pins each pass (scale.sh)
    [ "${SWEEP:-}" != fork ] || fork_sweep_config
}
