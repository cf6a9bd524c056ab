# shellcheck shell=bash
# bench/load/lib/env.sh: pre-flight checks (they warn, never fail) and env.json: the machine, the tools, the settings.

WARNINGS=()
warn() {
    WARNINGS+=("$1")
    echo "bench: warning: $1" >&2
}

sysctl_value() { tr -s ' \t' '  ' <"/proc/sys/$1" 2>/dev/null || echo unknown; }

# first_line CMD...: the first line CMD prints, or nothing if it is not installed.
first_line() { "$@" 2>&1 | head -1 || true; }

# Raise the descriptor limit as far as allowed: every connection is one
# descriptor in the server and one in wrk.
raise_nofile() {
    local hard max=0 c
    hard=$(ulimit -Hn)
    [ "$hard" = unlimited ] && hard=1048576
    ulimit -n "$hard" 2>/dev/null || true
    NOFILE=$(ulimit -n)
    for c in "${CLIENT_LIST[@]}"; do [ "$c" -gt "$max" ] && max=$c; done
    [ "$NOFILE" = unlimited ] || [ "$NOFILE" -ge $((2 * max + 64)) ] ||
        warn "ulimit -n is $NOFILE: too few descriptors for $max clients"
}

# Warnings about what skews or breaks the figures, and the sysctls that matter.
preflight() {
    local lo hi cores
    raise_nofile
    GOVERNOR=$(cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>/dev/null || true)
    [ -z "$GOVERNOR" ] || [ "$GOVERNOR" = performance ] ||
        warn "the CPU governor is $GOVERNOR, not performance: the clock changes under load"
    LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
    cores=$(getconf _NPROCESSORS_ONLN)
    awk -v l="$LOAD_START" -v n="$cores" 'BEGIN { exit !(l > n / 2) }' &&
        warn "the load average is $LOAD_START on $cores CPUs: other work will skew the figures"
    read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
    [ $((hi - lo + 1)) -ge 28000 ] ||
        warn "only $((hi - lo + 1)) ephemeral ports ($lo-$hi): close mode may run out (TIME_WAIT)"
    [ "$(sysctl_value net/ipv4/tcp_tw_reuse)" != 0 ] ||
        warn "net.ipv4.tcp_tw_reuse is 0: close mode may run out of ports at high rates"
    [ -n "$NGINX" ] || [ -n "$VARIANTS_GIVEN" ] ||
        warn "nginx not found: no yardstick row (scripts/deps bench installs nginx-light)"
    return 0
}

# env_args: env.json's facts, NAME=VALUE one a line, for benchjson env: plain
# values; bench/results/record/benchjson_env.c decides the keys, their order
# and their JSON types (and measures the machine itself).
env_args() {
    local v kind c commit
    echo "run_id=$RUN_ID"
    echo "started_utc=$STARTED_UTC"
    echo "complete=false"
    echo "tools.wrk=$(first_line wrk -v | awk '{ print $2 }')"
    echo "tools.hyperfine=$(first_line hyperfine --version | awk '{ print $2 }')"
    echo "tools.gnuplot=$(first_line gnuplot --version | sed 's/^gnuplot //')"
    echo "tools.cc=$(first_line "${CC:-cc}" --version)"
    if [ -n "$NGINX" ]; then echo "tools.nginx=$(first_line "$NGINX" -v | sed 's/^nginx version: //')"; fi
    echo "tools.bash=$BASH_VERSION"
    if commit=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null); then
        echo "git.commit=$commit"
        echo "git.dirty=$([ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ] && echo true || echo false)"
    fi
    echo "pinning.enabled=$PINNED"
    echo "pinning.server_cpus=$SERVER_CPUS"
    echo "pinning.client_cpus=$CLIENT_CPUS"
    echo "pinning.available=$CPUS_AVAILABLE"
    echo "pinning.default=$([ "$PINNING_CHOSEN" = default ] && echo true || echo false)"
    for v in net/ipv4/ip_local_port_range net/ipv4/tcp_tw_reuse net/core/somaxconn net/ipv4/tcp_fin_timeout; do
        echo "sysctl.${v##*/}=$(sysctl_value "$v")"
    done
    if [ -n "$GOVERNOR" ]; then echo "governor=$GOVERNOR"; fi
    echo "loadavg_start=$LOAD_START"
    echo "ulimit_nofile=$NOFILE"
    for v in "${VARIANT_LIST[@]}"; do echo "config.variants=$v"; done
    for kind in "${CASE_KINDS[@]}"; do echo "config.workloads=${kind/ /:}"; done
    for c in "${CLIENT_LIST[@]}"; do echo "config.clients=$c"; done
    echo "config.duration_s=$DURATION"
    echo "config.warmup_s=$WARMUP"
    echo "config.reps=$REPS"
    echo "config.wrk_threads=$WRK_THREADS"
    echo "config.cases=$TOTAL_CASES"
    echo "config.quick=$QUICK"
    echo "config.micro=$MICRO"
    echo "config.corpus=$CORPUS"
    echo "config.launcher=subreaper"
    for c in ${SCALE:-}; do echo "config.scale=$c"; done
    for v in "${INDEX_MEMORY_LIST[@]}"; do echo "config.index_memory=$v"; done
    [ "${SWEEP:-}" != fork ] || fork_sweep_env_args
    [ -z "${HUGE_PAGES:-}" ] || echo "huge_pages=$HUGE_PAGES"
    net_env_args
    [ "$LOAD" = closed ] || open_env_args
    for v in "${WARNINGS[@]}"; do echo "warnings=$v"; done
}

write_env() {
    local args
    mapfile -t args < <(env_args)
    "$BIN/benchjson" env "$RUN_DIR/env.json" "${args[@]}"
}

# finish_env COMPLETE: the end of the run, complete (true) or interrupted (false).
finish_env() {
    "$BIN/benchjson" env "$RUN_DIR/env.json" "complete=$1" "finished_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        "loadavg_end=$(cut -d' ' -f1 /proc/loadavg)" "cases_recorded=$CASES_DONE"
}
