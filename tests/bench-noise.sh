# shellcheck shell=bash
# tests/bench-noise.sh: the noise of a case (bench/load/lib/noise.sh): steal from stand-ins of /proc/stat, the clock
# from stand-ins of sysfs, and a one-case run whose stand-in /proc/stat has half the CPUs' time stolen: flagged.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

harness_setup
CORES=$(getconf _NPROCESSORS_ONLN)

# proc_stat FILE STEAL_PER_TICK I: a /proc/stat of CORES CPUs at moment I: each CPU has spent 100 I ticks,
# STEAL_PER_TICK (a percentage) of them stolen; the "cpu" line sums them. Written whole, renamed into place.
proc_stat() {
    local file=$1 pct=$2 i=$3 n
    {
        echo "cpu  $((CORES * (100 - pct) * i)) 0 0 0 0 0 0 $((CORES * pct * i)) 0 0"
        for ((n = 0; n < CORES; n++)); do echo "cpu$n $(((100 - pct) * i)) 0 0 0 0 0 0 $((pct * i)) 0 0"; done
        echo "intr 12345"
    } >"$file.new" && mv "$file.new" "$file"
}

# The functions themselves, on stand-ins.
(
    NET_MODE=loopback
    load_remote_only() { false; }
    add_fields() { local dir=$1; shift; printf '%s\n' "$@" >>"$dir/fields"; }
    PROC_STAT=$TESTS_TMP/stat SYSFS_CPU=$TESTS_TMP/sys
    # shellcheck source=bench/load/lib/noise.sh
    . "$ROOT/bench/load/lib/noise.sh"
    check_eq "cpu_ids: a taskset list" "0 1 2 5" "$(cpu_ids 0-2,5 | paste -sd ' ')"
    printf 'cpu  100 1 2 3 4 5 6 7 8 9\ncpu0 10 0 0 10 0 0 0 5 3 0\ncpu1 20 0 0 20 0 0 0 10 0 0\n' >"$PROC_STAT"
    check_eq "steal_ticks: one CPU, guest not counted twice" "5 25" "$(steal_ticks 0)"
    check_eq "steal_ticks: two CPUs" "15 75" "$(steal_ticks 0-1)"
    check_eq "steal_ticks: every CPU (the cpu line)" "7 128" "$(steal_ticks '')"
    check_eq "share: stolen ticks over all ticks in between" "0.2500" "$(share 5 25 30 125)"
    check_eq "share: nothing when no tick went by, or not measured" "|" "$(share 5 25 5 25)|$(share - - - -)"
    mkdir -p "$SYSFS_CPU/cpu0/cpufreq" "$SYSFS_CPU/cpu1/cpufreq"
    echo 2000000 >"$SYSFS_CPU/cpu0/cpufreq/scaling_cur_freq"
    echo 3000000 >"$SYSFS_CPU/cpu1/cpufreq/scaling_cur_freq"
    echo schedutil >"$SYSFS_CPU/cpu0/cpufreq/scaling_governor"
    check_eq "mean_mhz: of a list, of every CPU" "2000 2500" "$(mean_mhz 0) $(mean_mhz '')"
    rm "$SYSFS_CPU/cpu1/cpufreq/scaling_cur_freq"
    check_eq "mean_mhz: nothing when a CPU's clock cannot be read" "" "$(mean_mhz 0-1)"
    SERVER_CPUS=0 CLIENT_CPUS=1
    mkdir -p "$TESTS_TMP/case"
    noise_record "$TESTS_TMP/case" "1 5 0 10"     # then cpu0: 4 of 20 ticks stolen; cpu1: 10 of 40
    check_eq "noise_record: the fields" "steal_server=0.2000 steal_client=0.2500 governor=schedutil mhz_server=2000 mhz_client=" \
        "$(paste -sd ' ' "$TESTS_TMP/case/fields")"
)

# A one-case run while a stand-in /proc/stat says half of every CPU's time is stolen.
STAT=$TESTS_TMP/proc-stat
proc_stat "$STAT" 50 1
( for i in $(seq 2 600); do proc_stat "$STAT" 50 "$i"; sleep 0.05; done ) &
WRITER=$!
R=$TESTS_TMP/results-steal
harness "$R" PROC_STAT="$STAT" >"$TESTS_TMP/steal.out" 2>"$TESTS_TMP/steal.err"
check_eq "a run with a stand-in /proc/stat: exit 0" 0 $?
kill "$WRITER" 2>/dev/null
wait "$WRITER" 2>/dev/null
mapfile -t v < <(fields "$R/latest/runs.json" cases.0.status cases.0.system.steal_server cases.0.integrity.flags)
check_eq "half the time stolen: the case is flagged, its steal recorded" \
    'flagged 0.5 ["steal_server=50.0%>5%","steal_client=50.0%>5%"]' "${v[*]}"
check "the progress line shows the flag" grep -q 'flagged: steal_server=50.0%>5%' "$TESTS_TMP/steal.out"
check "summary.md lists the flag" grep -q 'steal_server=50.0%>5%' "$R/latest/summary.md"

# The same on the machine's own files: numbers or null, never a flag of a quiet machine's steal.
R=$TESTS_TMP/results-real
harness "$R" >"$TESTS_TMP/real.out" 2>&1
mapfile -t v < <("$BIN/jsonget" "$R/latest/runs.json" cases.0.system.steal_server cases.0.system.steal_client \
    cases.0.system.governor cases.0.system.mhz_server)
check_eq "the machine's own: four noise fields" 4 "${#v[@]}"
check "steal: a share from 0 to 1" awk -v s="${v[0]}" 'BEGIN { exit !(s >= 0 && s <= 1) }'
check "governor and clock: as sysfs has them, else null" \
    test "${v[2]}" = "$(cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>/dev/null || echo null)"
