# shellcheck shell=bash
# bench/load/lib/noise.sh: what moves a result on a shared machine, measured per case: the CPU time stolen from the
# server's and the client's CPUs during the measured run (/proc/stat), their frequency governor and clock (sysfs).

# Where they are read; tests point them at stand-ins. CPU lists are read by cpu_list (overload.sh).
PROC_STAT=${PROC_STAT:-/proc/stat}
SYSFS_CPU=${SYSFS_CPU:-/sys/devices/system/cpu}

# steal_ticks LIST: "STEAL TOTAL", clock ticks stolen and spent in every state, summed over the CPUs of
# LIST (the machine's "cpu" line when LIST is empty). The fields after the name are user nice system idle
# iowait irq softirq steal, then guest and guest_nice, which user and nice already count.
steal_ticks() {
    awk -v ids="$(cpu_list "$1" | paste -sd ' ')" '
        BEGIN { n = split(ids, id, " "); for (i = 1; i <= n; i++) want["cpu" id[i]] = 1; if (n == 0) want["cpu"] = 1 }
        $1 in want { for (i = 2; i <= 9; i++) total += $i; steal += $9 }
        END { print steal + 0, total + 0 }' "$PROC_STAT"
}

# client_cpus_local: the client's CPUs can be read here (wrk on this machine: loopback, netns, or "local"
# among several clients); their list is CLIENT_CPUS, or every CPU when wrk is not pinned.
client_cpus_local() { [ "$NET_MODE" != ssh ] && ! load_remote_only; }

# noise_sample: "SERVER_STEAL SERVER_TOTAL CLIENT_STEAL CLIENT_TOTAL" now (the client's "- -" when remote).
noise_sample() {
    local client='- -'
    client_cpus_local && client=$(steal_ticks "$CLIENT_CPUS")
    echo "$(steal_ticks "$SERVER_CPUS") $client"
}

# share BEFORE_STEAL BEFORE_TOTAL AFTER_STEAL AFTER_TOTAL: the stolen share of the CPUs' time in between
# (0.05: 5%); nothing when it cannot be told (no tick went by, or not measured).
share() {
    [ "$1" != - ] && awk -v s0="$1" -v t0="$2" -v s1="$3" -v t1="$4" \
        'BEGIN { if (t1 > t0) printf "%.4f\n", (s1 - s0) / (t1 - t0) }'
}

# mean_mhz LIST: the mean clock of LIST's CPUs (every CPU's when empty) in MHz, from scaling_cur_freq;
# nothing when a CPU does not have it (no cpufreq driver, as in many VMs).
mean_mhz() {
    local ids id
    ids=$(cpu_list "$1")
    [ -n "$ids" ] || ids=$(find "$SYSFS_CPU" -maxdepth 1 -name 'cpu[0-9]*' -printf '%f\n' 2>/dev/null | sed 's/^cpu//')
    for id in $ids; do
        cat "$SYSFS_CPU/cpu$id/cpufreq/scaling_cur_freq" 2>/dev/null || { echo absent; break; }
    done | awk '/absent/ { bad = 1 } { sum += $1; n++ } END { if (n && !bad) printf "%.0f\n", sum / n / 1000 }'
}

# noise_record DIR BEFORE: the case's noise fields, from the sample BEFORE the measured run and one now.
noise_record() {
    local dir=$1 b a governor first
    read -ra b <<<"$2"
    read -ra a <<<"$(noise_sample)"
    first=$(cpu_list "$SERVER_CPUS" | head -1)
    governor=$(cat "$SYSFS_CPU/cpu${first:-0}/cpufreq/scaling_governor" 2>/dev/null || true)
    add_fields "$dir" "steal_server=$(share "${b[0]}" "${b[1]}" "${a[0]}" "${a[1]}")" \
        "steal_client=$(share "${b[2]}" "${b[3]}" "${a[2]}" "${a[3]}")" "governor=$governor" \
        "mhz_server=$(mean_mhz "$SERVER_CPUS")"
    client_cpus_local && add_fields "$dir" "mhz_client=$(mean_mhz "$CLIENT_CPUS")"
    return 0
}
