# shellcheck shell=bash
# tests/pinning.sh: the harness's default pinning on machines of 2, 4 and 16 CPUs (BENCH_CPUS stands in for
# the CPUs a run may use): the server on one CPU, wrk on the others with a thread each; and the pool
# variants size their pools from the CPUs they may run on, not from the machine's.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# pinning [VAR=VALUE...]: what check_pinning (bench/load/lib/config.sh) chooses with these settings:
# "SERVER_CPUS|CLIENT_CPUS|WRK_THREADS|PINNED|how", or its one-line error; its exit status.
# config EXPR [VAR=VALUE...]: EXPR run by bash after sourcing config.sh, with these settings.
config() {
    local expr=$1; shift
    env PLAN_ONLY=1 "$@" ROOT="$PWD" NET_MODE=loopback \
        bash -c ". bench/load/lib/config.sh && . bench/load/lib/clients.sh && $expr" 2>&1
}
pinning() {
    # shellcheck disable=SC2016  # expanded by the inner bash
    config 'check_pinning && echo "$SERVER_CPUS|$CLIENT_CPUS|$WRK_THREADS|$PINNED|$PINNING_CHOSEN"' "$@"
}

check_eq "2 CPUs: the server on the first, wrk on the second, one thread" "0|1|1|true|default" \
    "$(pinning BENCH_CPUS=0-1)"
check_eq "4 CPUs: the server on one, wrk on three with a thread each" "0|1-3|3|true|default" \
    "$(pinning BENCH_CPUS=0-3)"
check_eq "16 CPUs: the server on one, wrk on fifteen with a thread each" "0|1-15|15|true|default" \
    "$(pinning BENCH_CPUS=0-15)"
check_eq "CPUs with gaps (a cpuset): the first for the server, the rest as ranges" "2 4-5,7" \
    "$(config 'default_pinning 2,4-5,7')"
check_eq "one CPU: no pinning, one wrk thread" "||1|false|default" "$(pinning BENCH_CPUS=1)"
check_eq "lists given win over the default, and say so" "0|1|1|true|as given" \
    "$(pinning BENCH_CPUS=0-15 SERVER_CPUS=0 CLIENT_CPUS=1)"
check_eq "WRK_THREADS given wins" "0|1-15|2|true|default" "$(pinning BENCH_CPUS=0-15 WRK_THREADS=2)"
check_eq "both lists empty: no pinning" "||1|false|as given" "$(pinning BENCH_CPUS=0-15 SERVER_CPUS= CLIENT_CPUS=)"
# CLIENT lists (clients.sh): a local client's wrk runs on the default CLIENT_CPUS; with remote clients only,
# the server is not pinned here.
# shellcheck disable=SC2016  # expanded by the inner bash
check_eq "a CLIENT list with a local client: the default pinning" "0|1-15|true" \
    "$(config 'NET_MODE=clients LOAD_KIND=(ssh local); check_pinning && echo "$SERVER_CPUS|$CLIENT_CPUS|$PINNED"' \
        BENCH_CPUS=0-15)"
# shellcheck disable=SC2016  # expanded by the inner bash
check_eq "a CLIENT list of other machines only: no pinning here" "||false" \
    "$(config 'NET_MODE=clients LOAD_KIND=(ssh ssh); check_pinning && echo "$SERVER_CPUS|$CLIENT_CPUS|$PINNED"' \
        BENCH_CPUS=0-15)"
out=$(pinning BENCH_CPUS=lots)
check_eq "a bad BENCH_CPUS: exit 2, one line naming it" \
    "2|bench: BENCH_CPUS must be a CPU list as taskset takes it (0-15, 0,2-3), not 'lots'" "$?|$out"
OWN=$(sed -n 's/^Cpus_allowed_list:\s*//p' /proc/self/status)
out=$(pinning BENCH_CPUS=0-1023 PLAN_ONLY=0)
check_eq "BENCH_CPUS beyond the CPUs the run may use, to run: exit 2, one line naming it" \
    "2|bench: BENCH_CPUS=0-1023 names CPUs this run may not use (it may use $OWN): only with PLAN_ONLY=1" "$?|$out"
out=$(pinning BENCH_CPUS="${OWN%%[,-]*}" PLAN_ONLY=0)
check_eq "BENCH_CPUS within them (the first of its own), to run: taken (one CPU: no pinning)" "0|||1|false|default" \
    "$?|$out"
# shellcheck disable=SC2016  # expanded by the inner bash
check_eq "without BENCH_CPUS: the harness's own affinity (as many CPUs as nproc counts)" "$(nproc)" \
    "$(config 'cpu_count "$(available_cpus)"')"

# The pools: 4 workers per CPU the server may run on.
make_test_corpus "$TESTS_TMP/corpus"
# prefork_workers [LAUNCHER...]: the workers a prefork server made at start, launched by LAUNCHER.
prefork_workers() {
    SERVER_LAUNCHER=("$@")
    start_server prefork "$TESTS_TMP/corpus" || return
    stop_server >/dev/null 2>&1
    "$BIN/jsonget" "$STATS" workers_created
}
check_eq "prefork on one CPU (taskset -c 0): 4 workers" 4 "$(prefork_workers taskset -c 0)"
check_eq "prefork on every CPU of this run: 4 per CPU" "$((4 * $(nproc)))" "$(prefork_workers)"
