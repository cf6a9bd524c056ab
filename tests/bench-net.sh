# shellcheck shell=bash
# tests/bench-net.sh: the harness across a network: NET=netns (two namespaces, a delayed link; root only) and CLIENT= (wrk over ssh, here through a stand-in ssh).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

harness_setup
SMALL_RUN+=(CLIENTS=2 WARMUP=0)       # one case per delay: the pass of each is short

# ---- wrk over ssh: the same harness, its client commands through ssh ----
export FAKESSH_LOG=$TESTS_TMP/ssh.log FAKESSH_HOSTS=tester@client.example
PATH_SSH=$ROOT/tests/fakessh:$PATH
R=$TESTS_TMP/results-ssh
harness "$R" PATH="$PATH_SSH" CLIENT=$FAKESSH_HOSTS SERVER_ADDR=127.0.0.1 >"$TESTS_TMP/ssh.out" 2>&1
check_eq "CLIENT=: the run completes" 0 $?
D=$R/latest
check_eq "CLIENT=: the case is clean, its figures came back" "ok true" "$(fields "$D/runs.json" cases.0.status cases.0.integrity.ok)"
check "CLIENT=: requests measured" awk -v n="$("$J" "$D/runs.json" cases.0.wrk.requests)" 'BEGIN { exit !(n > 0) }'
check_eq "CLIENT=: env.json has the mode, the client and its machine" \
    "ssh $FAKESSH_HOSTS 127.0.0.1 $(uname -n) $(getconf _NPROCESSORS_ONLN)" \
    "$(fields "$D/env.json" network.mode network.client network.server_addr network.client_machine.hostname \
        network.client_machine.cores_online)"
check_eq "CLIENT=: no pinning of a remote wrk" false "$("$J" "$D/env.json" pinning.enabled)"
check "CLIENT=: every ssh call in batch mode" sh -c "! grep '^ssh ' '$FAKESSH_LOG' | grep -v -- '-o BatchMode=yes'"
remote=$(sed -n 's/^scp .* tester@client\.example:\(.*\)\/$/\1/p' "$FAKESSH_LOG")
check "CLIENT=: the scripts were copied to a directory of the client" test -n "$remote"
check "CLIENT=: that directory removed at the end" test ! -e "$remote"
: >"$FAKESSH_LOG"
harness "$TESTS_TMP/results-ssh-bad" PATH="$PATH_SSH" CLIENT=nobody@nowhere SERVER_ADDR=127.0.0.1 \
    >"$TESTS_TMP/bad.out" 2>"$TESTS_TMP/bad.err"
check_eq "CLIENT= unreachable: exit 2, one line, nothing written" \
    "2 bench: ssh nobody@nowhere failed (the harness needs key-based login: ssh -o BatchMode=yes) no" \
    "$? $(cat "$TESTS_TMP/bad.err") $([ -e "$TESTS_TMP/results-ssh-bad" ] && echo yes || echo no)"

# ---- NET=netns: a pass per delay, and nothing left behind ----
require_netns NET=netns
export NETNS_PREFIX=sbh$$ NETNS_STATE_DIR=$TESTS_TMP/netns-state
leftovers() { ip netns list | grep -c "^$NETNS_PREFIX-" || true; }
R=$TESTS_TMP/results-netns
harness "$R" NET=netns DELAY="0 2ms" >"$TESTS_TMP/netns.out" 2>&1
check_eq "NET=netns: the run completes" 0 $?
D=$R/latest
check_eq "NET=netns: one case per delay, both clean" "0 ok 2 ok" \
    "$(fields "$D/runs.json" cases.0.delay_ms cases.0.status cases.1.delay_ms cases.1.status)"
check_eq "NET=netns: env.json records the link" "netns 10.213.7.1 [0,2]" \
    "$(fields "$D/env.json" network.mode network.server_addr network.delays_ms)"
check "NET=netns: a delay mechanism is recorded" sh -c "'$J' '$D/env.json' network.delay_mechanism | grep -Eqx 'netem|delayline'"
# wrk times a request from its write to the end of the response (the
# handshake before it is not counted): one round trip, so with 2 ms added no
# request can take less than 2 ms, and on a bare veth all take far less.
read -r p0 p2 < <(fields "$D/runs.json" cases.0.wrk.latency_us.min cases.1.wrk.latency_us.min)
check "NET=netns: the delay is on the wire (min latency $p0 us, then $p2 us)" \
    awk -v a="$p0" -v b="$p2" 'BEGIN { exit !(a < 1000 && b >= 2000) }'
check "NET=netns: summary.md has a table per delay" grep -q '^## static, Connection: close, round trip +2 ms: connections/s$' "$D/summary.md"
check_eq "NET=netns: no namespace left" 0 "$(leftovers)"

# Stopped half-way: the namespaces go too.
interrupted_harness "$TESTS_TMP/results-netns-int" NET=netns DELAY="0 1 2" REPS=3 >"$TESTS_TMP/netns-int.out" 2>&1
check_eq "NET=netns, SIGTERM: exit 143, no namespace left" "143 0" "$? $(leftovers)"
