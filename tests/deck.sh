# shellcheck shell=bash
# tests/deck.sh: slides.pdf and report.html: the deck's pages for a real small run (no micro, no nginx) and for
# fixture runs (with micro; a netns delay sweep), each page's figure and finding with a number of that run;
# the report valid for tidy and rendered by headless Chromium; compare-results --format html.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
harness_setup

# page_text PDF N: the text of page N.
page_text() { pdftotext -f "$2" -l "$2" "$1" - 2>/dev/null | tr -s ' \n' ' '; }
# findings RUN: the deck's pages after the title, a figure a line (plots/findings.tsv).
findings() { cut -f2 "$1/plots/findings.tsv" | paste -sd ' '; }

# check_deck NAME RUN PAGES: slides.pdf has the title page, then a page for each of PAGES (figure names, in
# order), each 16:9 with its figure's text and its finding, which holds a number ("79.1x", "20.8k", "263").
check_deck() {
    local name=$1 run=$2 pages=$3 n=1 figure finding text id
    id=$("$J" "$run/env.json" run_id)
    check_eq "$name: pages in the lecture's order" "$pages" "$(findings "$run")"
    check_eq "$name: the title page and one per figure" "Pages: $(($(wc -w <<<"$pages") + 1))" \
        "$(pdfinfo "$run/slides.pdf" | grep -o 'Pages: *[0-9]*' | tr -s ' ')"
    check_eq "$name: 16:9 pages" "576 x 324 pts" "$(pdfinfo "$run/slides.pdf" | sed -n 's/^Page size: *//p')"
    check "$name: the title page asks the question" grep -q "many clients at once" <(page_text "$run/slides.pdf" 1)
    while IFS=$'\t' read -r _ figure finding; do
        n=$((n + 1))
        text=$(page_text "$run/slides.pdf" "$n")
        check "$name page $n ($figure): its finding, with a number" \
            grep -qF "$(cut -c1-40 <<<"$finding")" <<<"$text"
        check "$name page $n: a number in the finding" grep -qE '[0-9]' <<<"$finding"
        check "$name page $n: its figure, under the machine caption ($id · CPU · cores)" \
            grep -qE "$id · .* · [0-9]+ cores · " <<<"$text"
    done <"$run/plots/findings.tsv"
}

# A real small run, the harness's own path: two variants, no micro, no nginx; the deck and the report with it.
harness "$TESTS_TMP/results" PLOTS=1 VARIANTS="sequential epoll" >"$TESTS_TMP/run.out" 2>&1
RUN=$(compgen -G "$TESTS_TMP/results/*-*T*Z" | head -1)
check "small run: slides.pdf and report.html with the figures" test -s "$RUN/slides.pdf" -a -s "$RUN/report.html"
check_deck "small run" "$RUN" "throughput-static-close cost-static-close"
SEQ=$(sed -n 's/^4 \([^ ]*\) .*/\1/p' "$RUN/plots/data/load-static-close-sequential.dat")
EPOLL=$(sed -n 's/^4 \([^ ]*\) .*/\1/p' "$RUN/plots/data/load-static-close-epoll.dat")
RATIO=$(awk -v a="$SEQ" -v b="$EPOLL" 'BEGIN { r = a > b ? a / b : b / a; printf(r >= 100 ? "%.0fx" : "%.1fx", r) }')
check "small run: the rate page's ratio is this run's ($SEQ and $EPOLL conn/s: $RATIO)" \
    grep -q "At 4 clients, .* accepts $RATIO the connections/s" "$RUN/plots/findings.tsv"

# The fixture with micro.json: the fork pages first; A thread's start against a process's from its bars.
A=$TESTS_TMP/a
cp -r tests/fixtures/results-a "$A"
BIN="$BIN" scripts/plot "$A" >/dev/null 2>&1
check_deck "fixture with micro" "$A" "fork-cost fork-memory throughput-static-close throughput-query-close \
cost-static-close throughput-static-keepalive throughput-query-keepalive"
COST_RATIO=$(awk '$NF == "fork" { f = $2 } $NF == "sequential" { s = $2 } END { printf("%.1fx", f / s) }' \
    "$A/plots/data/cost-static-close.dat")
check "fixture: the cost page, fork's CPU per request over sequential's ($COST_RATIO)" \
    grep -q "fork spends $COST_RATIO the server CPU per request of sequential" "$A/plots/findings.tsv"
FORK_RATIO=$(awk '$NF == "fork" { f = $2 } $NF == "pthread" { t = $2 } END { printf("%.1fx", f / t) }' \
    "$A/plots/data/micro-ops.dat")
check "fixture: fork's bar over pthread's ($FORK_RATIO)" grep -q "A thread is $FORK_RATIO cheaper" "$A/plots/findings.tsv"
# A netns sweep without micro: the delay page last; pages without figures (fork, cost, overload) absent.
N=$TESTS_TMP/delay
cp -r tests/fixtures/results-delay "$N"
BIN="$BIN" scripts/plot "$N" >/dev/null 2>&1
check_deck "netns sweep" "$N" "throughput-static-keepalive delay-static-keepalive-c16"
check_eq "netns sweep: sequential holding one client is marked apart, not as an integrity failure" \
    "0 0.5 1 5|absent" "$(cut -d' ' -f1 "$N/plots/data/held-delay-static-keepalive-c16.dat" | sed 1d | paste -sd ' ')|$(
        test -e "$N/plots/data/issues-delay-static-keepalive-c16.dat" && echo present || echo absent)"

# A run with nothing to plot (env.json only): the title page alone, saying so; the report still valid.
E=$TESTS_TMP/empty
mkdir -p "$E"
cp tests/fixtures/results-a/env.json "$E/"
BIN="$BIN" scripts/plot "$E" >/dev/null 2>&1
check_eq "nothing measured: one page, saying so" "Pages: 1|nothing with figures" \
    "$(pdfinfo "$E/slides.pdf" | grep -o 'Pages: *[0-9]*' | tr -s ' ')|$(page_text "$E/slides.pdf" 1 | grep -o 'nothing with figures')"

# The report: valid HTML with every figure beside it, each under its finding; nothing fetched, no scripts.
for run in "$RUN" "$A" "$N" "$E"; do
    label=${run##*/}
    check "report $label: tidy finds nothing" tidy -q -e "$run/report.html"
    check "report $label: no script, nothing from the network" not grep -qiE '<script|https?://' "$run/report.html"
    missing=$(grep -o 'src="[^"]*"' "$run/report.html" | cut -d'"' -f2 | while read -r f; do
        [ -s "$run/$f" ] || echo "$f"; done)
    check_eq "report $label: every figure it shows is beside it" "" "$missing"
    check_eq "report $label: a figure for each of figures.tsv" "$(wc -l <"$run/plots/data/figures.tsv")" \
        "$(grep -c '<figure>' "$run/report.html")"
done
check "report: a finding as a figure's caption" grep -qF "<figcaption>A thread is $FORK_RATIO cheaper" "$A/report.html"
check "report: the summary's tables" grep -q '<td>sequential</td>' "$A/report.html"
check "report: the flags explained" grep -q 'peak_clients=N&lt;M' "$A/report.html"
check "report: the environment" grep -q '<code>machine.cpu_model</code>' "$A/report.html"

# Headless Chromium renders the report: its screenshot holds much more than a blank page's.
if ! command -v chromium >/dev/null; then
    pass "report renders in Chromium # SKIP chromium is not installed (scripts/deps test installs it)"
else
    # As root Chromium needs --no-sandbox; its own profile, so that it shares nothing with another one.
    shot() { timeout 120 chromium --headless=new --no-sandbox --disable-gpu --user-data-dir="$TESTS_TMP/chromium" \
        --window-size=1280,1600 --screenshot="$1" "$2" >/dev/null 2>&1; }
    shot "$TESTS_TMP/report.png" "file://$A/report.html"
    shot "$TESTS_TMP/blank.png" "about:blank"
    check_eq "Chromium renders the report to a PNG" "89504e470d0a1a0a" \
        "$(od -An -tx1 -N8 "$TESTS_TMP/report.png" 2>/dev/null | tr -d ' ')"
    check "the PNG is not blank (10x a blank page's size)" \
        test "$(stat -c %s "$TESTS_TMP/report.png")" -gt "$((10 * $(stat -c %s "$TESTS_TMP/blank.png" 2>/dev/null || echo 1000)))"
fi

# compare-results --format html: the comparison as a page tidy accepts.
"$BIN/compare-results" --format html "$A" tests/fixtures/results-b >"$TESTS_TMP/compare.html"
check_eq "compare-results --format html: exit 0" 0 $?
check "compare-results --format html: tidy finds nothing" tidy -q -e "$TESTS_TMP/compare.html"
check "compare-results --format html: the results as tables" grep -q '<td class="num">' "$TESTS_TMP/compare.html"
