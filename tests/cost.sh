# shellcheck shell=bash
# tests/cost.sh: what each model costs in server CPU: benchjson add-case's cpu block (user and system apart,
# per request and per connection), summary.md's cost table, and a smoke run whose server time is its own.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

harness_setup

# A wrk run of 20,000 requests in 2 s (10,000/s), as report.lua writes it.
printf '{"requests":20000,"duration_us":2000000,"bytes":1,"errors":{"connect":0,"read":0,"write":0,"status":0,"timeout":0},"latency_us":{"min":1,"mean":2,"stdev":1,"max":9,"p50":2,"p90":3,"p99":4,"p999":5}}\n' \
    >"$TESTS_TMP/wrk.json"
# record NAME MODE [KEY=VALUE...]: a sequential case at 16 clients, one wrk thread, the wrk run above; the
# case in $TESTS_TMP/NAME.json.
record() {
    local name=$1 mode=$2; shift 2
    rm -f "$TESTS_TMP/$name.json"
    "$BIN/benchjson" add-case "$TESTS_TMP/$name.json" run_id=t variant=sequential workload=static mode="$mode" \
        clients=16 threads=1 rep=1 reps=1 order=1 duration_s=2 warmup_s=0 wrk="$TESTS_TMP/wrk.json" \
        reference=1 "$@" >"$TESTS_TMP/$name.out" 2>&1
}
# rounded: each word of its input to 6 significant figures (cJSON prints 0.3 as 0.29999999999999999).
rounded() { awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.e+-]+$/) $i = sprintf("%.6g", $i); print }'; }

# 0.3 s user + 0.5 s system over 20,000 requests: 15 + 25 = 40 us each; 0.8 s over 2 s on 2 CPUs.
record close close client_cpu_s=1.9 server_user_s=0.3 server_system_s=0.5 cpus_allowed=2 wall_s=2
check_eq "close mode: user and system apart, their sum, the CPUs and the utilisation" "0.3 0.5 0.8 2 0.4" \
    "$(fields "$TESTS_TMP/close.json" cases.0.cpu.server_user_s cases.0.cpu.server_system_s cases.0.cpu.server_s \
        cases.0.cpu.server_cpus cases.0.cpu.server_util | rounded)"
check_eq "close mode: us per request in all, user, system; per connection the same" "40 15 25 40" \
    "$(fields "$TESTS_TMP/close.json" cases.0.cpu.us_per_request cases.0.cpu.us_per_request_user \
        cases.0.cpu.us_per_request_system cases.0.cpu.us_per_connection | rounded)"
check "the CPUs it may use are no SCALE pass's server_cpus (the case's identity)" \
    not grep -q '"server_cpus":2' <(tr -d ' \n\t' <"$TESTS_TMP/close.json" | sed 's/"cpu":{[^}]*}//')
check_eq "the client's CPU apart, and it set the pace (1.9 s of 2 s on its one thread)" "1.9 0.95 true" \
    "$(fields "$TESTS_TMP/close.json" cases.0.cpu.client_s cases.0.cpu.client_util cases.0.cpu.client_bound | rounded)"
record keep keepalive client_cpu_s=1 server_user_s=0.3 server_system_s=0.5 wall_s=2
check_eq "keep-alive: per request, no per connection (16 held all along), the CPUs unknown" "40 null null false" \
    "$(fields "$TESTS_TMP/keep.json" cases.0.cpu.us_per_request cases.0.cpu.us_per_connection cases.0.cpu.server_cpus \
        cases.0.cpu.client_bound | rounded)"
record nocpu close client_cpu_s=1 server_user_s=0.3 wall_s=2
check_eq "a sample missing (no system time): no cpu block rather than a wrong one" "ok null" \
    "$(fields "$TESTS_TMP/nocpu.json" cases.0.status cases.0.cpu)"
record old close client_cpu_s=1 server_cpu_s=0.8 wall_s=2
check_eq "the old server_cpu_s= is refused, naming it" "2 1" \
    "$? $(grep -c 'server_cpu_s' "$TESTS_TMP/old.out")"

# summary.md: the cost table, its rates beside it, the user and system split, the client-bound note.
S=$TESTS_TMP/summary
mkdir -p "$S"
cp "$TESTS_TMP/close.json" "$S/runs.json"
"$BIN/benchjson" summary "$S"
check "summary: the cost table's row: median, user, system, the rate it was measured at, client-bound" \
    grep -qxF '| sequential | 40.0 (u 15.0, s 25.0) @ 10.00k/s ^ |' "$S/summary.md"
# shellcheck disable=SC2016  # the backquotes are Markdown's
check "summary: a client-bound rate sends the reader to the cost table" \
    grep -qF 'Some rates above are client-bound (`^`)' "$S/summary.md"
cp "$TESTS_TMP/keep.json" "$S/runs.json"
"$BIN/benchjson" summary "$S"
check "summary: keep-alive costs are per request; no client-bound note without one" \
    sh -c "grep -qF 'Server CPU per request, µs' '$S/summary.md' && ! grep -qF 'client-bound (\`^\`)' '$S/summary.md'"
cp tests/fixtures/results-delay/runs.json "$S/runs.json"
"$BIN/benchjson" summary "$S"
check "summary: a run without CPU times has no cost table" sh -c "! grep -qF 'Server CPU per' '$S/summary.md'"

# At equal load (the open loop's absolute rates): the cost per connection, user and system apart in
# runs.json; the summary gives the total only (results/SCHEMA.md: the parts of a light, even load are not to be
# trusted).
# fork-overload: 825 connections served; 0.4 s user and 3.5 s system: 484.8 + 4,242.4 = 4,727.3 us each.
printf '{"schema": "searchbench.server-stats", "version": 2, "requests": %s}' 3695 >"$TESTS_TMP/stats.json"
O=$TESTS_TMP/open
mkdir -p "$O"
"$BIN/benchjson" add-open "$O/runs.json" run_id=t variant=fork workload=static rung=absolute offered=2600 \
    connections=7800 duration_s=3 timeout_s=1 rep=1 reps=1 order=1 cpus_allowed=1 wall_s=4 zombies=0 fds_before=5 \
    fds_after=5 server_exit=0 stop_timeout=0 httperf=tests/fixtures/httperf/fork-overload server_user_s=0.4 \
    server_system_s=3.5 server="$TESTS_TMP/stats.json" >/dev/null
check_eq "open loop: us per connection, user and system apart" "4727.27 484.848 4242.42" \
    "$(fields "$O/runs.json" cases.0.cpu.us_per_connection cases.0.cpu.us_per_connection_user \
        cases.0.cpu.us_per_connection_system | rounded)"
"$BIN/benchjson" summary "$O"
check "open loop: the equal-load cell has the total, not the split" grep -qF '| fork | 4,727 us, ' "$O/summary.md"

# The cost figure from the fixtures: results-a has the total only (recorded before the split), results-b
# user and system; fork at 16 clients costs 1,170 us in A (5 repetitions, 1,150 to 1,190).
A=tests/fixtures/results-a B=tests/fixtures/results-b
P=$TESTS_TMP/plots
cp -r "$B" "$P"
BIN="$BIN" scripts/plot "$P" >/dev/null 2>&1
check_figure "cost figure" "$P/plots/cost-static-close"
check_eq "cost figure data: fork's bar: place, median, min, max, user, system (30%/70%), rate" \
    "1 1060 1040 1080 318 742 6450 fork" \
    "$(awk '$NF == "fork"' "$P/plots/data/cost-static-close.dat" | cut -d' ' -f1-7,9 | rounded)"
check "cost figure: only the section with costs, its groups and bars listed" \
    grep -qP "^cost-static-close\t.*variants='sequential fork'; tics='c=16 0.5'; bars=1;" "$P/plots/data/figures.tsv"
"$BIN/plotdata" "$A" "$TESTS_TMP/plots-a" >/dev/null
check_eq "cost figure data: no split recorded: NaN user and system" "nan nan" \
    "$(awk '$NF == "fork" { print $5, $6 }' "$TESTS_TMP/plots-a/data/cost-static-close.dat")"

# compare-results --metric cpu: lower is better; A (total only) against B (with the split).
MD=$TESTS_TMP/cpu.md
"$BIN/compare-results" --metric cpu "$A" "$B" >"$MD"
check_eq "compare --metric cpu: exit 0" 0 $?
check "compare --metric cpu: the section's title" \
    grep -qxF '### static, close: server CPU µs per connection (lower is better)' "$MD"
# fork: 1,170 against 1,060 us, every B below every A: -9.40%, p = 2/C(10,5) = 0.008, and the
# Hodges-Lehmann interval of the ratio (compare.sh and test_hodges_lehmann check its arithmetic).
check "compare --metric cpu: fork's change" \
    grep -qxF '| fork | 16 | 1.170k ± 2% | 1.060k ± 2% | -9.40% [-12%, -7.0%] | 0.008 | 5+5 |' "$MD"
check "compare --metric cpu: sequential's overlap is not significant" \
    grep -qxF '| sequential | 16 | 26.00 ± 4% | 26.10 ± 4% | ~ [-4.8%, +6.3%] | 0.690 | 5+5 |' "$MD"
check "compare --metric cpu: a note ties the cost to the rate" grep -qF -- '- A cost per request falls as the rate rises' "$MD"
check "compare --metric rps: no such note" sh -c "! '$BIN/compare-results' '$A' '$B' | grep -qF 'A cost per request falls'"
check "compare --metric cpu: no costs recorded: no data" grep -qxF '| pthread | 16 | no data | no data | - | - | 5+5 |' "$MD"
check_eq "compare --metric cpu, CSV: fork's row" "static,close,fork,16,cpu,5,1170,1150,1190,5,1060,1040,1080" \
    "$("$BIN/compare-results" --format csv --metric cpu "$A" "$B" | grep '^static,close,fork,16,' | cut -d, -f1-13)"
check "compare --metric cpu_user: A has no split: no data" \
    sh -c "'$BIN/compare-results' --metric cpu_user '$A' '$B' | grep -qxF '| fork | 16 | no data | 318.0 ± 2% | - | - | 5+5 |'"
check_eq "make compare METRIC=cpu: the same report" "$(cat "$MD")" \
    "$(make -s compare BIN="$BIN" A="$A" B="$B" METRIC=cpu 2>&1)"
"$BIN/compare-results" --metric cpu --plot "$TESTS_TMP/cmp" --clients 16 "$A" "$B" >/dev/null 2>&1
check_figure "compare --metric cpu --plot" "$TESTS_TMP/cmp/compare-static-close-c16"

# A smoke run: the cpu block of a real case adds up, and its cost is the server's own.
R=$TESTS_TMP/results
harness "$R" >"$TESTS_TMP/smoke.out" 2>&1
check_eq "smoke run exits 0" 0 $?
read -r user sys total requests us cpus < <(fields "$R/latest/runs.json" cases.0.cpu.server_user_s \
    cases.0.cpu.server_system_s cases.0.cpu.server_s cases.0.wrk.requests cases.0.cpu.us_per_request \
    cases.0.cpu.server_cpus)
check "smoke run: user + system = the server's time, over the requests = us per request" \
    awk -v u="$user" -v s="$sys" -v t="$total" -v n="$requests" -v us="$us" \
    'BEGIN { exit !(t > 0 && (u + s - t) ^ 2 < 1e-9 && ((t * 1e6 / n) - us) ^ 2 < 1e-6) }'
check_eq "smoke run: the server's CPUs are its pinned ones" \
    "$("$J" "$R/latest/env.json" pinning.server_cpus | awk -F, '{ n = 0; for (i = 1; i <= NF; i++) { split($i, r, "-"); n += (r[2] == "" ? 1 : r[2] - r[1] + 1) } print n }')" \
    "$cpus"
check_eq "smoke run: the default pinning recorded in env.json" "true true $(sed -n 's/^Cpus_allowed_list:\s*//p' /proc/self/status)" \
    "$(fields "$R/latest/env.json" pinning.enabled pinning.default pinning.available)"
check "smoke run: the plan says the pinning and how it was chosen" \
    grep -Eq '^  pinning:   server on CPUs [0-9]+, wrk on CPUs [0-9,-]+ \(default; CPUs [0-9,-]+ available\)$' "$TESTS_TMP/smoke.out"
check "smoke run: the cost table in summary.md" grep -Eq '^\| sequential \| [0-9.,]+ \(u [0-9.,]+, s [0-9.,]+\) @ ' \
    "$R/latest/summary.md"
