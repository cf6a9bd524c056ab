# shellcheck shell=bash
# tests/utf8.sh: every /api/query answer is well-formed UTF-8 JSON and every
# page well-formed UTF-8, whatever bytes a query holds or a file is named:
# the issue's three requests (a stray byte, an overlong form, a surrogate),
# random byte strings percent-encoded (fixed seed), and corpus files whose
# names are not UTF-8, against every variant. Bad bytes are echoed as U+FFFD.
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

FFFD=$'\xef\xbf\xbd'
RANDOM_QUERIES=64
CORPUS=$TESTS_TMP/corpus
mkdir -p "$CORPUS/docs"
BAD_NAME=docs/bad$'\xff'.txt
printf 'zeta alpha\n' >"$CORPUS/$BAD_NAME"
printf 'zeta\n' >"$CORPUS/docs/"$'\xc0\xae-\xed\xa0\x80'.txt
printf 'zeta omega\n' >"$CORPUS/docs/caf"$'\xc3\xa9'.txt

# not_utf8 FILE...: prints the files that are not well-formed UTF-8, by the
# definition of Unicode ch. 3, Table 3-7 (stricter than iconv, which lets
# code points above U+10FFFF through): no overlong form, no surrogate.
not_utf8() {
    perl -0777 -ne 'print "$ARGV\n" unless /\A(?:[\x00-\x7F] | [\xC2-\xDF][\x80-\xBF]
        | \xE0[\xA0-\xBF][\x80-\xBF] | [\xE1-\xEC\xEE\xEF][\x80-\xBF]{2} | \xED[\x80-\x9F][\x80-\xBF]
        | \xF0[\x90-\xBF][\x80-\xBF]{2} | [\xF1-\xF3][\x80-\xBF]{3} | \xF4[\x80-\x8F][\x80-\xBF]{2})*\z/x' "$@"
}

# check_utf8 NAME FILE...: passes when every file is well-formed UTF-8.
check_utf8() {
    local name=$1; shift
    local bad; bad=$(not_utf8 "$@")
    if [ -z "$bad" ]; then pass "$name"
    else fail "$name" "$(wc -l <<<"$bad") of $# are not, the first: $(head -n 1 <<<"$bad")"; fi
}

# random_terms N SEED: N percent-encoded byte strings, one a line, of bytes
# that hit the edges often: letters, continuation bytes, the lead bytes whose
# next byte is restricted or never valid, and any byte but NUL.
random_terms() {
    awk -v n="$1" -v seed="$2" 'BEGIN {
        srand(seed)
        split("C0 C1 C2 DF E0 ED EF F0 F4 F5 FF 80 8F 90 9F A0 BF", edge, " ")
        for (i = 0; i < n; i++) {
            s = ""
            for (len = 1 + int(rand() * 24); len > 0; len--) {
                k = int(rand() * 4)
                if (k == 0) b = sprintf("%02X", 97 + int(rand() * 26))
                else if (k == 1) b = sprintf("%02X", 128 + int(rand() * 64))
                else if (k == 2) b = edge[1 + int(rand() * 17)]
                else b = sprintf("%02X", 1 + int(rand() * 255))
                s = s "%" b
            }
            print s
        }
    }'
}

# The check must itself tell good from bad, or passing it proves nothing.
test_the_check() {
    local i=0 s
    for s in '\xf4\x90\x80\x80' '\xed\xa0\x80' '\xe0\x9f\xbf' '\xc1\xbf' '\xe2\x82' 'a\xff' \
             'caf\xc3\xa9 \xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf\xf0\x90\x80\x80'; do
        printf %b "$s" >"$TESTS_TMP/sample-$i"
        i=$((i + 1))
    done
    check_eq "the strict UTF-8 check refuses the 6 bad samples, accepts the good one" \
        "$(seq -f "$TESTS_TMP/sample-%g" 0 5)" "$(not_utf8 "$TESTS_TMP"/sample-?)"
}

test_issue_requests() {
    local v=$1 terms expected
    for terms in %FF %C0%AE %ED%A0%80; do
        case $terms in
            %FF) expected=$FFFD ;;
            %C0%AE) expected=$FFFD$FFFD ;;
            *) expected=$FFFD$FFFD$FFFD ;;   # one U+FFFD per maximal subpart
        esac
        check_eq "$v: /api/query?terms=$terms echoes U+FFFD" \
            "{\"query\":\"$expected\",\"count\":0,\"results\":[]}" "$(http_body "/api/query?terms=$terms")"
        http_body "/query?terms=$terms" >"$TESTS_TMP/page"
        check "$v: /query?terms=$terms shows U+FFFD" grep -qF "results found for <b>$expected</b>" \
            "$TESTS_TMP/page"
        check_utf8 "$v: /query?terms=$terms page is UTF-8" "$TESTS_TMP/page"
    done
}

# fetch_all ROUTE PREFIX: the answer to each random query to ROUTE into its
# own file PREFIX-N, with one curl; prints the statuses, one a line.
fetch_all() {
    local route=$1 prefix=$2 i=0 terms args=()
    rm -f "$prefix"-*
    while read -r terms; do
        args+=(-o "$prefix-$i" "http://127.0.0.1:$PORT$route?terms=$terms")
        i=$((i + 1))
    done < <(random_terms "$RANDOM_QUERIES" 12)
    curl -s -m 20 -w '%{http_code}\n' "${args[@]}"
}

test_random_queries() {
    local v=$1 n=$RANDOM_QUERIES route prefix
    for route in /api/query /query; do
        prefix=$TESTS_TMP/answer$(tr / _ <<<"$route")
        check_eq "$v: $n random queries to $route all 200" "200 x $n" \
            "$(fetch_all "$route" "$prefix" | sort | uniq -c | awk '{print $2 " x " $1}')"
        check_utf8 "$v: $n random queries to $route: every answer UTF-8" "$prefix"-*
    done
    # One JSON array of every answer (one line each): it parses only if each one does.
    { echo '['; cat "$TESTS_TMP"/answer_api_query-* | paste -sd,; echo ']'; } >"$TESTS_TMP/all.json"
    check "$v: $n random /api/query answers are JSON" "$BIN/jsonget" "$TESTS_TMP/all.json" $((n - 1)).query
}

test_file_names() {
    local v=$1 href
    check_eq "$v: names not UTF-8 listed with U+FFFD" \
        "{\"query\":\"zeta\",\"count\":3,\"results\":[{\"path\":\"docs/bad$FFFD.txt\",\"rank\":1},{\"path\":\"docs/caf"$'\xc3\xa9'".txt\",\"rank\":1},{\"path\":\"docs/$FFFD$FFFD-$FFFD$FFFD$FFFD.txt\",\"rank\":1}]}" \
        "$(http_body '/api/query?terms=zeta')"
    http_body '/query?terms=zeta' >"$TESTS_TMP/page"
    check_utf8 "$v: results page with such names is UTF-8" "$TESTS_TMP/page"
    href=$(grep -o 'href="/static/docs/bad[^"]*"' "$TESTS_TMP/page" | sed 's/^href="//;s/"$//')
    check_eq "$v: the link keeps the name's bytes" /static/docs/bad%FF.txt "$href"
    check "$v: the link serves the file" cmp -s "$CORPUS/$BAD_NAME" <(http_body "$href")
}

test_the_check
for variant in $(variants_under_test); do
    if ! start_server "$variant" "$CORPUS"; then
        fail "$variant: starts" "see above"; continue
    fi
    test_issue_requests "$variant"
    test_random_queries "$variant"
    test_file_names "$variant"
    stop_server
done
