#!/usr/bin/env bash
# bench/load/wrk/client.sh: one load client of a several-client run (bench/load/lib/clients.sh), on its own machine:
# waits at the barrier for the harness's go, runs wrk, reports; ends wrk when told to, when the harness goes away, or past a bound.
#
#   client.sh run INDEX BOUND_S OUT CMD...
#       Reads commands from stdin, one a line: "clock" (answered with this machine's clock), "go"
#       (start CMD, its output in OUT), "stop" (end CMD, or stop waiting). Writes lines
#       "INDEX WORD ...": "ready PID", "clock MICROSECONDS", "started PID MICROSECONDS" (CMD's PID
#       and the clock at the go), "done STATUS WALL_US USER_S SYS_S [LAST LINE OF OUT]",
#       "stopped", "failed WHY". End of stdin (the harness or its ssh gone) ends CMD and this.
#   client.sh reap TAG PID...
#       SIGKILL to each PID that is still a process of the run tagged TAG (TAG in its command
#       line, or SB_CLIENT_TAG=TAG in its environment): what a client that lost its harness leaves.
# Needs bash 5 ($EPOCHREALTIME) only: the clock and the waiting are builtins, so that the
# answers to "clock" are not delayed by a fork.
set -u
export LC_ALL=C         # a '.' in $EPOCHREALTIME and in the output of times
trap '' PIPE            # a harness gone mid-line must not kill this before it ends CMD
CMD_PID=''
trap '[ -z "$CMD_PID" ] || stop_cmd "$CMD_PID"; exit 143' TERM HUP INT

say() { echo "$INDEX $*"; }

# now_us: the clock, in microseconds since the epoch, into NOW.
now_us() { NOW=${EPOCHREALTIME/./}; }

# running PID: the child PID has not exited (bash reaps a child as it exits, keeping its status for wait).
running() { kill -0 "$1" 2>/dev/null; }

# stop_cmd PID: SIGTERM, 2 s to exit, then SIGKILL; then reaps it.
stop_cmd() {
    local i
    kill -TERM "$1" 2>/dev/null
    for ((i = 0; i < 20; i++)); do running "$1" || break; sleep 0.1; done
    running "$1" && kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# await_go: reads commands until "go"; exits on "stop", at the end of stdin, or after 5 minutes.
await_go() {
    local line
    say ready "$$"
    while read -r -t 300 line; do
        case $line in
            clock) now_us; say clock "$NOW" ;;
            go) return 0 ;;
            stop) say stopped; exit 0 ;;
            *) say failed "unknown command '$line'"; exit 1 ;;
        esac
    done
    exit 0
}

# supervise PID BOUND_S: waits for PID, watching stdin for "stop" or its end, and the bound.
supervise() {
    local pid=$1 deadline=$((SECONDS + $2)) line rc
    while running "$pid"; do
        if read -r -t 0.1 line; then
            [ "$line" != stop ] || { stop_cmd "$pid"; say stopped; exit 0; }
        else
            rc=$?
            [ "$rc" -gt 128 ] || { stop_cmd "$pid"; exit 0; }      # end of stdin: the harness is gone
        fi
        [ "$SECONDS" -lt "$deadline" ] || { stop_cmd "$pid"; say failed "still running after $2 s"; exit 1; }
    done
}

# cpu_seconds "XmY.ZZZs": seconds.
cpu_seconds() {
    local m=${1%%m*} s=${1#*m}
    s=${s%s}
    echo "$((m * 60 + 10#${s%.*})).${s#*.}"
}

cmd_run() {
    INDEX=$1
    local bound=$2 out=$3 pid status start times last=''; shift 3
    await_go
    now_us; start=$NOW
    SB_CLIENT_TAG=$out "$@" >"$out" 2>&1 </dev/null &
    pid=$! CMD_PID=$!
    say started "$pid" "$start"
    supervise "$pid" "$bound"
    wait "$pid"; status=$?
    CMD_PID=''
    now_us
    # times: this shell's CPU, then its children's: wrk's, once waited for.
    times >"$out.times"
    mapfile -t times <"$out.times"
    read -ra times <<<"${times[1]}"
    [ "$status" -eq 0 ] || last=$(tail -n 1 "$out")
    say "done" "$status" $((NOW - start)) "$(cpu_seconds "${times[0]}")" "$(cpu_seconds "${times[1]}")" "$last"
}

# cmd_reap TAG PID...
cmd_reap() {
    local tag=$1 pid cmdline environ; shift
    for pid; do
        { mapfile -d '' cmdline <"/proc/$pid/cmdline" && mapfile -d '' environ <"/proc/$pid/environ"; } 2>/dev/null ||
            continue
        if [[ " ${cmdline[*]} " == *" $tag "* ]] || [[ " ${environ[*]} " == *" SB_CLIENT_TAG=$tag "* ]]; then
            kill -KILL "$pid" 2>/dev/null
        fi
    done
    return 0
}

case ${1:-} in
    run) [ $# -ge 5 ] || { echo "usage: client.sh run INDEX BOUND_S OUT CMD..." >&2; exit 2; }
         shift; cmd_run "$@" ;;
    reap) [ $# -ge 2 ] || { echo "usage: client.sh reap TAG PID..." >&2; exit 2; }
          shift; cmd_reap "$@" ;;
    *) echo "usage: client.sh run INDEX BOUND_S OUT CMD... | reap TAG PID..." >&2; exit 2 ;;
esac
