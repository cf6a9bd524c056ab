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
    # shellcheck source=bench/load/lib/pinning.sh
    . "$ROOT/bench/load/lib/pinning.sh"      # cpu_list
    # shellcheck source=bench/load/lib/noise.sh
    . "$ROOT/bench/load/lib/noise.sh"
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

# harness_stolen RESULTS [VAR=VALUE...]: the harness while a stand-in /proc/stat, moving on every 50 ms,
# says half of every CPU's time is stolen; its exit status.
STAT=$TESTS_TMP/proc-stat
harness_stolen() {
    local writer rc
    proc_stat "$STAT" 50 1
    ( for i in $(seq 2 600); do proc_stat "$STAT" 50 "$i"; sleep 0.05; done ) &
    writer=$!
    harness "$@" PROC_STAT="$STAT"
    rc=$?
    kill "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
    return "$rc"
}

# A one-case run with half the time stolen.
R=$TESTS_TMP/results-steal
harness_stolen "$R" >"$TESTS_TMP/steal.out" 2>"$TESTS_TMP/steal.err"
check_eq "a run with a stand-in /proc/stat: exit 0" 0 $?
mapfile -t v < <(fields "$R/latest/runs.json" cases.0.status cases.0.system.steal_server cases.0.integrity.flags)
check_eq "half the time stolen: the case is flagged, its steal recorded" \
    'flagged 0.5 ["steal_server=50.0%>5%","steal_client=50.0%>5%"]' "${v[*]}"
# A busy machine may also mark the case "(client-bound)", between its status and its flags.
check "the progress line shows the flag" grep -qE 'flagged( \(client-bound\))?: .*steal_server=50\.0%>5%' "$TESTS_TMP/steal.out"
check "summary.md lists the flag" grep -q 'steal_server=50.0%>5%' "$R/latest/summary.md"

# The open loop (httperf) under the same stand-in: one rate, one second.
if command -v httperf >/dev/null && [ "${SUITE:-plain}" = plain ]; then
    R=$TESTS_TMP/results-steal-open
    harness_stolen "$R" LOAD=open FRACTIONS= RATES=200 >"$TESTS_TMP/steal-open.out" 2>&1
    check_eq "the open loop under half the time stolen: exit 0" 0 $?
    mapfile -t v < <(fields "$R/latest/runs.json" cases.0.load cases.0.status cases.0.system.steal_server \
        cases.0.integrity.flags)
    check_eq "the open loop: the run is flagged, its steal recorded" \
        'open flagged 0.5 ["steal_server=50.0%>5%","steal_client=50.0%>5%"]' "${v[*]}"
else
    pass "the open loop under a stand-in /proc/stat # SKIP ${SUITE:-plain} suite or no httperf: the plain one runs it"
fi

# The same on the machine's own files (SMALL_RUN's still stand-in replaced): numbers or null.
R=$TESTS_TMP/results-real
harness "$R" PROC_STAT=/proc/stat >"$TESTS_TMP/real.out" 2>&1
mapfile -t v < <("$BIN/jsonget" "$R/latest/runs.json" cases.0.system.steal_server cases.0.system.steal_client \
    cases.0.system.governor cases.0.system.mhz_server)
check_eq "the machine's own: four noise fields" 4 "${#v[@]}"
check "steal: a share from 0 to 1" awk -v s="${v[0]}" 'BEGIN { exit !(s >= 0 && s <= 1) }'
check "governor and clock: as sysfs has them, else null" \
    test "${v[2]}" = "$(cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>/dev/null || echo null)"

# summary.md's Noise section on a run made up to have one slow repetition of each kind.
# rep_json VARIANT REP RATE STEAL TIMEWAIT: an ok repetition at 16 clients, steal on the server's CPUs,
# the load average REP.5.
rep_json() {
    printf '{"variant": "%s", "workload": "static", "mode": "close", "clients": 16, "rep": %d, "reps": 5, ' "$1" "$2"
    printf '"status": "ok", "wrk": {"requests": 1000, "duration_us": 1000000, "requests_per_sec": %s, ' "$3"
    printf '"errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}, "latency_us": {"p50": 5, "p99": 9}}, '
    printf '"integrity": {"ok": true, "flags": []}, '
    printf '"system": {"timewait_before": %s, "loadavg_before": %d.5, "steal_server": %s, "steal_client": null}}' \
        "$5" "$2" "$4"
}
S=$TESTS_TMP/noise-run
mkdir -p "$S"
{
    echo '{"schema": "searchbench.runs", "version": 1, "run_id": "noise", "cases": ['
    # sequential: rep 5 is 30% slow and had 20% steal against 1%: steal (0.19 >= 0.30 / 2).
    # fork: rep 5 is 20% slow and met 20,000 TIME_WAIT against 5,000: TIME_WAIT.
    # select: rep 5 is 15% slow with nothing unusual: neither; epoll: 5% slow, not slow at all.
    for rep in 1 2 3 4 5; do
        slow=$((rep == 5))
        rep_json sequential "$rep" $((slow ? 700 : 1000)) "$( ((slow)) && echo 0.2 || echo 0.01)" 5000; echo ,
        rep_json fork "$rep" $((slow ? 800 : 1000)) 0.01 $((slow ? 20000 : 5000)); echo ,
        rep_json select "$rep" $((slow ? 850 : 1000)) 0.01 5000; echo ,
        rep_json epoll "$rep" $((slow ? 950 : 1000)) null null; [ "$rep" = 5 ] || echo ,
    done
    echo ']}'
} >"$S/runs.json"
"$BIN/benchjson" summary "$S"
check_eq "summary: benchjson summary exits 0" 0 $?
check "summary: steal over the run, median and largest" grep -qxF \
    "Steal (CPU time the hypervisor gave to others, of the server's or wrk's CPUs, during the measured runs): median 1.0%, largest 20.0% (a case is flagged above 5%)." \
    "$S/summary.md"
check "summary: the load average over the run (rep 1 to 5: 1.5 to 5.5)" grep -qxF \
    "Load average before a measured run (other work on this machine): median 3.5, largest 5.5." "$S/summary.md"
check "summary: the slow repetitions counted and explained" grep -qxF \
    "Slow repetitions (rate more than 10% below their case's median): 3 of 20; explained by steal: 1, by TIME_WAIT: 1, by both: 0, by neither: 1." \
    "$S/summary.md"
check_eq "summary: each slow repetition with what it met" \
    "- sequential static close c=16 rep 5: -30%; steal 20.0% (others 1.0%); TIME_WAIT 5,000 (others 5,000): steal|- fork static close c=16 rep 5: -20%; steal 1.0% (others 1.0%); TIME_WAIT 20,000 (others 5,000): TIME_WAIT|- select static close c=16 rep 5: -15%; steal 1.0% (others 1.0%); TIME_WAIT 5,000 (others 5,000): neither" \
    "$(grep '^- .* rep 5: ' "$S/summary.md" | paste -sd '|')"
