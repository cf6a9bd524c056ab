# shellcheck shell=bash
# bench/load/lib/barrier.sh: the harness's side of bench/load/wrk/client.sh (clients.sh): clients started together,
# their clocks read, one go for all, and whatever they leave ended by its PID.
#
# Each client reads its commands from a FIFO of its own (in.I). The harness holds each open for
# reading and writing, so that opening it never blocks, and a client sees its end only when the
# harness closes it or dies (each client is started with the others' descriptors closed). All
# clients write their answers, one line each, to one FIFO (out), which the harness waits on with
# read -t. A line is short and written at once, so lines do not mix. Per client I:
#   B_JOB[I]      the process here: ssh, or client.sh itself
#   B_TAG[I]      its output file, which tags its processes on the client (client.sh reap)
#   B_LEVEL[I]    0 started, 1 ready, 2 wrk running, 3 wrk done, 4 stopped
#   B_PID[I], B_WRK[I]   client.sh's and wrk's PIDs on the client
#   B_GO[I]       the client's clock at the go (us); B_DONE[I]: "STATUS WALL_US USER_S SYS_S ..."
#   B_OFFSET[I], B_ROUND_TRIP[I]   its clock minus ours, and the round trip of that reading (us)
#   B_ERR[I]      why it failed, if it did
# shellcheck disable=SC2034  # B_GO and B_OFFSET are read by clients.sh

# now_us: our clock, in microseconds since the epoch, into NOW (a builtin: no fork to delay it).
now_us() { NOW=${EPOCHREALTIME//[!0-9]/}; }

# alive PID: the background job PID has not exited (bash reaps its children as they exit,
# keeping their status for wait, so no zombie answers for them).
alive() { kill -0 "$1" 2>/dev/null; }

# barrier_open DIR N: the FIFOs of N clients, in DIR (made here).
barrier_open() {
    local i fd
    B_DIR=$1 B_N=$2 B_TO=() B_JOB=() B_TAG=() B_LEVEL=() B_PID=() B_WRK=() B_GO=() B_DONE=() B_ERR=()
    B_OFFSET=() B_ROUND_TRIP=() B_PARTIAL='' B_CLOCK='' B_CLOCK_FROM=''
    mkdir -p "$B_DIR"
    mkfifo "$B_DIR/out"
    exec {B_FROM}<>"$B_DIR/out"
    for ((i = 0; i < B_N; i++)); do
        mkfifo "$B_DIR/in.$i"
        exec {fd}<>"$B_DIR/in.$i"
        B_TO[i]=$fd B_LEVEL[i]=0
    done
}

# barrier_start I TAG CMD...: client I, CMD (which runs client.sh run I ... TAG ...), in the background.
barrier_start() {
    local i=$1 fd; shift
    B_TAG[i]=$1; shift
    (
        for fd in "${B_TO[@]}" "$B_FROM"; do exec {fd}>&-; done
        exec "$@" <"$B_DIR/in.$i" >"$B_DIR/out" 2>"$B_DIR/err.$i"
    ) &
    B_JOB[i]=$!
}

# barrier_read SECONDS: the next line, into M_I (the client; empty for a line that is not a
# client's), M_WORD and M_ARGS; 1 when none came in time.
barrier_read() {
    local line
    if ! IFS= read -r -t "$1" -u "$B_FROM" line; then
        B_PARTIAL+=$line        # cut by the timeout: the rest comes with the next read
        return 1
    fi
    line=$B_PARTIAL$line B_PARTIAL=''
    read -r M_I M_WORD M_ARGS <<<"$line"
    { [[ $M_I =~ ^[0-9]+$ ]] && [ "$M_I" -lt "$B_N" ]; } || M_I=''
}

# barrier_take: what the line just read says of its client.
barrier_take() {
    local i=$M_I status
    [ -n "$i" ] || return 0
    [[ $M_WORD =~ ^(ready|clock|started|done)$ && ! $M_ARGS =~ ^[0-9]+( [0-9]+)?( [0-9.]+ [0-9.]+( .*)?)?$ ]] &&
        M_ARGS="garbled answer: $M_WORD $M_ARGS" M_WORD=failed
    case $M_WORD in
        ready) B_PID[i]=$M_ARGS B_LEVEL[i]=1 ;;
        clock) B_CLOCK=$M_ARGS B_CLOCK_FROM=$i ;;
        started) B_WRK[i]=${M_ARGS%% *} B_GO[i]=${M_ARGS#* } B_LEVEL[i]=2 ;;
        done) B_DONE[i]=$M_ARGS B_LEVEL[i]=3
              read -r status _ _ _ _ <<<"$M_ARGS"
              [ "$status" = 0 ] || B_ERR[i]="wrk exited with status $status: $(cut -d' ' -f5- <<<"$M_ARGS")" ;;
        stopped) B_LEVEL[i]=4 ;;
        failed) B_ERR[i]=$M_ARGS ;;
    esac
}

# barrier_lost I: client I went away without a word (its ssh or client.sh exited): whatever it
# wrote before is read first.
barrier_lost() {
    while barrier_read 0.05; do barrier_take; done
    alive "${B_JOB[$1]}" || [ "${B_LEVEL[$1]}" -ge 3 ] || [ -n "${B_ERR[$1]:-}" ] ||
        B_ERR[$1]="lost: $(tail -n 1 "$B_DIR/err.$1" 2>/dev/null | grep . || echo "its ssh or client.sh exited")"
}

# barrier_wait LEVEL SECONDS: until every client has reached LEVEL; 1 as soon as one fails, at
# the bound (the first one behind fails), or on Ctrl-C (INTERRUPTED, run.sh).
barrier_wait() {
    local level=$1 deadline=$((SECONDS + $2)) i behind
    while :; do
        behind=''
        for ((i = 0; i < B_N; i++)); do
            [ -z "${B_ERR[i]:-}" ] || return 1
            [ "${B_LEVEL[i]}" -ge "$level" ] || behind=${behind:-$i}
        done
        [ -n "$behind" ] || return 0
        [ -z "${INTERRUPTED:-}" ] || return 1
        if [ "$SECONDS" -ge "$deadline" ]; then
            B_ERR[behind]="no answer within $2 s"
            return 1
        fi
        if barrier_read 0.2; then barrier_take; continue; fi
        for ((i = 0; i < B_N; i++)); do alive "${B_JOB[i]}" || barrier_lost "$i"; done
    done
}

# barrier_clock I: client I's clock, read three times; the reading with the shortest round trip
# gives the offset, its clock minus the middle of the round trip on ours.
barrier_clock() {
    local i=$1 k sent rtt
    for ((k = 0; k < 3; k++)); do
        B_CLOCK_FROM=''
        now_us; sent=$NOW
        echo clock >&"${B_TO[i]}"
        while [ "$B_CLOCK_FROM" != "$i" ]; do
            barrier_read 10 || { B_ERR[i]="no answer to clock within 10 s"; return 1; }
            barrier_take
            [ -z "${B_ERR[i]:-}" ] || return 1
        done
        now_us; rtt=$((NOW - sent))
        if [ -z "${B_ROUND_TRIP[i]:-}" ] || [ "$rtt" -lt "${B_ROUND_TRIP[i]}" ]; then
            B_ROUND_TRIP[i]=$rtt B_OFFSET[i]=$((B_CLOCK - (sent + NOW) / 2))
        fi
    done
}

# barrier_clocks: every client's clock; a local one's is ours (offset 0, nothing to read).
barrier_clocks() {
    local i
    for ((i = 0; i < B_N; i++)); do
        if [ "${LOAD_KIND[i]}" = local ]; then B_OFFSET[i]=0 B_ROUND_TRIP[i]=0; else barrier_clock "$i" || return 1; fi
    done
}

# barrier_go: the go for every client, back to back.
barrier_go() {
    local i
    for ((i = 0; i < B_N; i++)); do echo go >&"${B_TO[i]}"; done
}

# barrier_close: "stop" to every client still at work, 5 s to go, then SIGTERM and SIGKILL to
# what is left here; the FIFOs closed; then, on each client that went away before its wrk was
# done, its client.sh and wrk ended by their PIDs.
barrier_close() {
    local i k fd left
    for ((i = 0; i < B_N; i++)); do [ "${B_LEVEL[i]}" -ge 3 ] || echo stop >&"${B_TO[i]}"; done
    for ((k = 0; k < 50; k++)); do
        left=()
        for ((i = 0; i < B_N; i++)); do if alive "${B_JOB[i]}"; then left+=("${B_JOB[i]}"); fi; done
        [ ${#left[@]} -gt 0 ] || break
        [ "$k" -ne 30 ] || kill -TERM "${left[@]}" 2>/dev/null || true
        [ "$k" -ne 45 ] || kill -KILL "${left[@]}" 2>/dev/null || true
        sleep 0.1
    done
    while barrier_read 0.01; do barrier_take; done
    for fd in "${B_TO[@]}" "$B_FROM"; do exec {fd}>&-; done
    for ((i = 0; i < B_N; i++)); do
        wait "${B_JOB[i]}" 2>/dev/null || true
        [ "${B_LEVEL[i]}" -ge 3 ] || [ -z "${B_PID[i]:-}" ] ||
            load_run "$i" bash "$(load_scripts "$i")/client.sh" reap "${B_TAG[i]}" "${B_PID[i]}" \
                ${B_WRK[i]:+"${B_WRK[i]}"} >/dev/null 2>&1 || true
    done
    return 0
}

# barrier_failure: "client LABEL: why" of the first client that failed; nothing if none did.
barrier_failure() {
    local i
    for ((i = 0; i < B_N; i++)); do
        [ -z "${B_ERR[i]:-}" ] || { echo "client ${LOAD_LABELS[i]}: ${B_ERR[i]}"; return; }
    done
}

# barrier_times: "real user sys" of the clients' wrk: the longest wall time, their CPU summed.
barrier_times() {
    printf '%s\n' "${B_DONE[@]}" | awk '{ if ($2 > real) real = $2; user += $3; sys += $4 }
        END { printf "%.3f %.3f %.3f\n", real / 1e6, user, sys }'
}
