# tests/results.sh: benchjson's writers on inputs whose answers are known: env.json from plain facts
# (bench/results/record/benchjson_env.c), micro.json's cross-check figures (benchjson_micro.c), and the
# op lists of the microbenchmarks (--list-ops, each run's label).
# shellcheck shell=bash source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

B=$BIN/benchjson J=$BIN/jsonget

# whole FILE: the document on one line, without the machine block (it is this machine's).
whole() { "$J" "$1" '' | sed 's/"machine":{[^}]*},//'; }

# env.json: the table decides the keys' order and types, whatever order the facts come in.
E=$TESTS_TMP/env.json
check "env: a new file from facts" "$B" env "$E" config.clients=16 run_id=r1 warnings="a, b" config.clients=64 \
    ulimit_nofile=unlimited loadavg_start=0.5 complete=false config.quick=1 git.dirty=false git.commit=abc
check_eq "env: keys in the table's order, types from the table" \
    '{"schema":"searchbench.env","version":1,"run_id":"r1","complete":false,"git":{"commit":"abc","dirty":false},"governor":null,"loadavg_start":0.5,"ulimit_nofile":"unlimited","config":{"clients":[16,64],"quick":true},"warnings":["a, b"]}' \
    "$(whole "$E")"
check_eq "env: the machine is measured" "$("$BIN/machine_info" | "$J" /dev/stdin cores_online)" \
    "$("$J" "$E" machine.cores_online)"
check "env: an update" "$B" env "$E" cases_recorded=3 complete=true ulimit_nofile=1024
check_eq "env: an update keeps the rest and the order" \
    '{"schema":"searchbench.env","version":1,"run_id":"r1","complete":true,"git":{"commit":"abc","dirty":false},"governor":null,"loadavg_start":0.5,"ulimit_nofile":1024,"config":{"clients":[16,64],"quick":true},"warnings":["a, b"],"cases_recorded":3}' \
    "$(whole "$E")"
"$B" env "$TESTS_TMP/bare.json" run_id=r2
check_eq "env: no git, no governor, no warnings: null, null, []" \
    '{"schema":"searchbench.env","version":1,"run_id":"r2","git":null,"governor":null,"warnings":[]}' \
    "$(whole "$TESTS_TMP/bare.json")"

# refused FACT...: exit 2, one line on stderr, the file as it was.
refused() {
    local before
    before=$(cat "$E")
    "$B" env "$E" "$@" >/dev/null 2>"$TESTS_TMP/env.err"
    check_eq "env $*: refused, one line, the file untouched" "2 1 same" \
        "$? $(wc -l <"$TESTS_TMP/env.err") $([ "$before" = "$(cat "$E")" ] && echo same)"
}
refused run_id=r3 nosuch=1
check "env: the unknown name is named" grep -q "'nosuch=1'" "$TESTS_TMP/env.err"
refused machine.cores_online=8
refused config.reps=three
refused complete=yes
refused loadavg_start=
refused 'warnings'
echo '{"schema": "searchbench.env", "version": 2}' >"$TESTS_TMP/v2.json"
"$B" env "$TESTS_TMP/v2.json" run_id=x 2>"$TESTS_TMP/v2.err"
check_eq "env: another version is refused, not rewritten" \
    "1 benchjson: $TESTS_TMP/v2.json: unknown schema version 2 (this program reads version 1)" \
    "$? $(cat "$TESTS_TMP/v2.err")"

# The op lists: the programs' tables, and each run's label.
check_eq "fork_latency --list-ops" "fork vfork posix-spawn fork-exec" "$("$BIN/fork_latency" --list-ops | paste -sd ' ')"
check_eq "thread_latency --list-ops" "pthread pthread-detached" "$("$BIN/thread_latency" --list-ops | paste -sd ' ')"
"$BIN/fork_latency" --op posix-spawn --iterations 2 --warmup 0 --json "$TESTS_TMP/spawn.json" >/dev/null
check_eq "a run's label" "posix-spawn posix_spawn" "$(fields "$TESTS_TMP/spawn.json" op label)"

# micro.json from a work directory whose figures are known: hyperfine took
# 0.0625 s for 1 op and 0.5625 s for 5, so one op costs 0.5 / 4 s = 125,000 us
# from outside; the in-process mean of 250,000 us is twice that.
W=$TESTS_TMP/work
mkdir -p "$W"
run_doc() { # PROGRAM OP MEAN_US
    printf '{"schema": "searchbench.micro.latency", "version": 1, "program": "%s", "op": "%s", "label": "%s",
             "params": {"touch_mb": 0}, "stats": {"mean_us": %s, "p50_us": 100}}' "$1" "$2" "$2" "$3" \
        >"$W/run-$1-$2-0.json"
}
hf_doc() { # FILE MEDIAN_1 MEDIAN_5
    printf '{"results": [{"mean": %s, "median": %s, "stddev": null, "times": [1, 2, 3], "parameters": {"n": "1"}},
             {"mean": %s, "median": %s, "stddev": 0.5, "times": [1, 2, 3], "parameters": {"n": "5"}}]}' \
        "$2" "$2" "$3" "$3" >"$W/$1.json"
}
run_doc fork_latency fork 250000
run_doc fork_latency fork-exec 1000
hf_doc hf-fork_latency-fork-0 0.0625 0.5625
hf_doc hf-fork_latency-fork-exec-0 0.0625 0.5625
hf_doc hf-exec 0.002 0.002
M=$TESTS_TMP/micro.json
micro() {
    "$B" micro "$M" "$W" ops="fork_latency:fork fork_latency:fork-exec" touch_mb=0 cross_touch_mb=0 quick=1 \
        started_utc=T0 loadavg_start="0.1 0.2 0.3" loadavg_end="0.4 0.5 0.6" hyperfine_version=1.15.0
}
micro >"$TESTS_TMP/micro.out" 2>&1
check_eq "micro: written" 0 $?
check_eq "micro: one line per cross-check and one for exec_target" 3 "$(wc -l <"$TESTS_TMP/micro.out")"
check_eq "micro: the header" "searchbench.micro 1 T0 true [0] 0.1 0.2 0.3 1.15.0" \
    "$(fields "$M" schema version started_utc quick touch_mb loadavg_start hyperfine_version)"
check_eq "micro: the runs, in the order of ops" "fork fork-exec" "$(fields "$M" runs.0.op runs.1.op)"
check_eq "micro: per op from outside, ratio, K" "125000 2 [1,5] 3 [0.0625,0.5625] [null,0.5]" \
    "$(fields "$M" cross_check.0.hyperfine_per_op_us cross_check.0.ratio_in_process_to_hyperfine \
        cross_check.0.hyperfine.iterations cross_check.0.hyperfine.runs cross_check.0.hyperfine.median_s \
        cross_check.0.hyperfine.stddev_s)"
check_eq "micro: exec_target against the in-process fork-exec" "2000 1000 0.5" \
    "$(fields "$M" shell_exec.hyperfine_mean_us shell_exec.in_process_fork_exec_mean_us \
        shell_exec.ratio_in_process_to_hyperfine)"
rm "$W/hf-fork_latency-fork-exec-0.json"
before=$(cat "$M")
micro >/dev/null 2>"$TESTS_TMP/micro.err"
check_eq "micro: a missing export: exit 1, one line naming it, micro.json untouched" "1 1 1 same" \
    "$? $(wc -l <"$TESTS_TMP/micro.err") $(grep -c hf-fork_latency-fork-exec-0.json "$TESTS_TMP/micro.err") \
$([ "$before" = "$(cat "$M")" ] && echo same)"

# plotdata names its files after micro.json's ops: one that is no plain name is refused in one line.
P=$TESTS_TMP/badop
mkdir -p "$P"
printf '{"schema": "searchbench.micro", "version": 1, "runs": [{"op": "fork"}, {"op": "../x", "label": "x"}]}' \
    >"$P/micro.json"
"$BIN/plotdata" "$P" "$P/plots" >/dev/null 2>"$TESTS_TMP/badop.err"
check_eq "plotdata: an op that is no plain name: exit 1, one line" \
    "1 plotdata: $P/micro.json: run 1 has no op of a plain name, or a label with a quote or control character" \
    "$? $(cat "$TESTS_TMP/badop.err")"

rm -rf "$TESTS_TMP"
