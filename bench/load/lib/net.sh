# shellcheck shell=bash
# bench/load/lib/net.sh: where wrk runs: here over loopback, in a network namespace behind a delayed link, or on another machine over ssh.
#
# One code path for the three: every command of the client goes through
# client_run, the server starts under the prefix SERVER_NS_RUN, and the file
# wrk's report.lua writes is fetched back by client_fetch.
#   (default)          server and wrk here, on 127.0.0.1
#   NET=netns          bench/net/netns: the server in one namespace, wrk in another, a veth
#                      between them; DELAY (a list of added round trips in ms, one pass of
#                      every case per value), LOSS (%) and RATE (tc rate) shape the link
#   CLIENT=user@host   wrk on that machine, over ssh (keys only: BatchMode); SERVER_ADDR,
#                      an address of this machine the client reaches, is then required
#   CLIENT="user@h1 user@h2 local ..."   several clients at once, through a barrier (clients.sh)
SSH_OPTS=(-o BatchMode=yes -o ConnectTimeout=10 -o ServerAliveInterval=5 -o ServerAliveCountMax=3)

NET_MODE=loopback NET_UP='' SERVER_NS_RUN=() CLIENT_WORK=''

# ssh_argv HOST CMD...: SSH_ARGV, the ssh command line that runs CMD on HOST: the
# words quoted for the remote shell, which joins them into one command line.
ssh_argv() {
    local host=$1; shift
    SSH_ARGV=(ssh "${SSH_OPTS[@]}" "$host" "$(printf '%q ' "$@")")
}
ssh_run() { ssh_argv "$@"; "${SSH_ARGV[@]}"; }

# client_run CMD...: CMD where wrk runs.
client_run() {
    case $NET_MODE in
        netns) ip netns exec "$NETNS_PREFIX-client" "$@" ;;
        ssh)   ssh_run "$CLIENT" "$@" ;;
        *)     "$@" ;;
    esac
}

# client_file DIR NAME: where the client writes NAME: DIR (the case
# directory), but for a remote client its own temporary directory.
client_file() { echo "${CLIENT_WORK:-$1}/$2"; }

# client_fetch DIR NAME: NAME from the client into DIR, if it wrote it.
client_fetch() {
    [ -n "$CLIENT_WORK" ] || return 0
    client_run cat "$CLIENT_WORK/$2" >"$1/$2" 2>/dev/null || rm -f "$1/$2"
}

# port_open PORT: something listens on SERVER_ADDR:PORT, seen from the server's side.
port_open() { "${SERVER_NS_RUN[@]}" bash -c "exec 3<>/dev/tcp/$SERVER_ADDR/$1" 2>/dev/null; }

# check_network: NET, DELAY, LOSS, RATE, CLIENT and SERVER_ADDR, before anything is written.
check_network() {
    NETNS_PREFIX=${NETNS_PREFIX:-sb} DELAY_LIST=("")
    case ${NET:-} in
        "" | loopback) ;;
        netns) check_netns ;;
        *) die "NET must be netns (or empty: loopback), not '$NET'" ;;
    esac
    [ "$NET_MODE" = netns ] || [ -z "${DELAY:-}${LOSS:-}${RATE:-}" ] ||
        die "DELAY, LOSS and RATE shape the link of NET=netns; set NET=netns"
    [ "${CLIENT:-}" != local ] || CLIENT=''        # this machine alone: loopback
    if [[ ${CLIENT:-} == *[![:space:]]*[[:space:]]*[![:space:]]* ]]; then check_load_clients
    elif [ -n "${CLIENT:-}" ]; then check_ssh; fi
    : "${SERVER_ADDR:=127.0.0.1}"
    [[ $SERVER_ADDR =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] ||
        die "SERVER_ADDR must be an IPv4 address, not '$SERVER_ADDR'"
}

check_netns() {
    local d msg
    NET_MODE=netns
    [ -z "${CLIENT:-}" ] || die "NET=netns and CLIENT exclude each other: the client is a namespace here, or another machine"
    [ "$(id -u)" -eq 0 ] || die "NET=netns needs root (network namespaces); skipped"
    read -ra DELAY_LIST <<<"${DELAY:-0}"
    [ ${#DELAY_LIST[@]} -gt 0 ] || DELAY_LIST=(0)
    for d in "${DELAY_LIST[@]}"; do
        msg=$("$ROOT/bench/net/netns" check --delay "$d" ${LOSS:+--loss "$LOSS"} ${RATE:+--rate "$RATE"} 2>&1) ||
            die "DELAY, LOSS or RATE: ${msg#bench/net/netns: }"
    done
    DELAY_LIST=("${DELAY_LIST[@]%ms}")
    [ -z "${SERVER_ADDR:-}" ] || die "SERVER_ADDR is set by NET=netns (${msg#server_addr=}); leave it unset"
    SERVER_ADDR=${msg#server_addr=}
}

# check_ssh: the client answers and has wrk.
check_ssh() {
    [ -n "${SERVER_ADDR:-}" ] || die "CLIENT needs SERVER_ADDR: the address of this machine that $CLIENT reaches"
    check_ssh_host "$CLIENT"
    NET_MODE=ssh
}

# check_ssh_host HOST: HOST (user@host or host) answers over ssh and has wrk.
check_ssh_host() {
    [[ $1 =~ ^([A-Za-z0-9._-]+@)?[A-Za-z0-9.:_-]+$ ]] || die "CLIENT must be user@host or host, not '$1'"
    ssh_run "$1" true 2>/dev/null || die "ssh $1 failed (the harness needs key-based login: ssh -o BatchMode=yes)"
    ssh_run "$1" sh -c 'command -v wrk' >/dev/null || die "wrk not found on $1 (apt-get install wrk there)"
}

# net_setup: once, before the cases: the remote clients' directories and
# scripts. Their machines go into env.json with the rest (net_env_args).
net_setup() {
    [ "$NET_MODE" != clients ] || setup_load_clients
    [ "$NET_MODE" = ssh ] || return 0
    CLIENT_WORK=$(scripts_on "$CLIENT") || exit
}

# scripts_on HOST: prints a new temporary directory of HOST that holds the wrk
# scripts, bench/load/wrk/client.sh and the corpus's queries (for the query workload).
scripts_on() {
    local dir files=("$ROOT"/bench/load/wrk/*)
    dir=$(ssh_run "$1" mktemp -d --tmpdir searchbench-client.XXXXXX) || die "no temporary directory on $1"
    [ ! -f "$CORPUS/queries.txt" ] || files+=("$CORPUS/queries.txt")
    scp -q "${SSH_OPTS[@]}" "${files[@]}" "$1:$dir/" || die "could not copy the wrk scripts to $1"
    echo "$dir"
}

# net_up DELAY: the link for one pass of the cases (netns only); its
# settings go to $WORK/netns.env, and the first pass's into env.json.
net_up() {
    [ "$NET_MODE" = netns ] || return 0
    NET_UP=1
    NETNS_PREFIX=$NETNS_PREFIX "$ROOT/bench/net/netns" up --delay "$1" ${LOSS:+--loss "$LOSS"} \
        ${RATE:+--rate "$RATE"} >"$WORK/netns.env" 2>"$WORK/netns.err" ||
        { cat "$WORK/netns.err" >&2; return 1; }
    SERVER_NS_RUN=(ip netns exec "$NETNS_PREFIX-server")
    "$BIN/benchjson" env "$RUN_DIR/env.json" "network.link=$(sed -n 's/^link=//p' "$WORK/netns.env")" \
        "network.delay_mechanism=$(sed -n 's/^delay_mechanism=//p' "$WORK/netns.env")"
}

# net_down: removes what net_up made; safe to repeat.
net_down() {
    [ -n "$NET_UP" ] || return 0
    NETNS_PREFIX=$NETNS_PREFIX "$ROOT/bench/net/netns" down >"$WORK/netns-down.log" 2>&1 || true
    NET_UP='' SERVER_NS_RUN=()
}

# net_cleanup: on exit, the namespaces and the remote directory.
net_cleanup() {
    net_down
    [ -z "$CLIENT_WORK" ] || client_run rm -rf "$CLIENT_WORK" 2>/dev/null || true
    [ "$NET_MODE" != clients ] || cleanup_load_clients
}

# net_env_args: env.json's "network" facts (NAME=VALUE lines for benchjson env).
net_env_args() {
    local d
    echo "network.mode=$NET_MODE"
    echo "network.server_addr=$SERVER_ADDR"
    case $NET_MODE in
        netns)
            for d in "${DELAY_LIST[@]}"; do echo "network.delays_ms=$d"; done
            echo "network.loss_pct=${LOSS:-0}" | tr -d %
            echo "network.rate=${RATE:-}" ;;
        ssh)
            echo "network.client=$CLIENT"
            client_run sh -c "$CLIENT_PROBE" | sed 's/^/network.client_machine./' ;;
        clients) load_clients_env_args ;;
    esac
}

# What env.json records of a remote client, as NAME=VALUE lines.
# One line: printf %q would turn newlines into $'...', which only bash reads,
# and the remote login shell may be another.
# shellcheck disable=SC2016  # expanded by the client's shell
CLIENT_PROBE='echo "hostname=$(uname -n)"; echo "kernel=$(uname -r)"; echo "arch=$(uname -m)";'\
' echo "cores_online=$(getconf _NPROCESSORS_ONLN)";'\
' echo "cpu_model=$(sed -n "s/^model name[[:space:]]*: //p" /proc/cpuinfo | head -n 1)";'\
' echo "wrk=$(wrk -v 2>&1 | head -n 1 | cut -d " " -f 2)"'

# client_cores: the CPUs wrk may use on the client.
client_cores() { client_run getconf _NPROCESSORS_ONLN; }
