# shellcheck shell=bash
# tests/server.sh: every route and every bad input, with real clients (curl,
# and raw bytes through bash's /dev/tcp), against every variant built.
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

CORPUS="$TESTS_TMP/corpus"
make_test_corpus "$CORPUS"

# Names that look like files but are not regular files: a FIFO (opening it
# for reading would block until a writer came), a unix socket, a directory,
# and, as root, a character device (a copy of /dev/zero's node). The index
# skips them; /static must answer 404 at once and go on serving.
SPECIAL_FILES="fifo.txt socket.txt folder.txt"
mkfifo "$CORPUS/docs/fifo.txt"
perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0], Listen => 1)
    or die "$ARGV[0]: $!\n"' "$CORPUS/docs/socket.txt"
mkdir "$CORPUS/docs/folder.txt"
if mknod "$CORPUS/docs/zero.txt" c 1 5 2>/dev/null; then
    SPECIAL_FILES+=" zero.txt"
else
    echo "ok - character device node # SKIP mknod needs root"
fi

test_routes() {
    local v=$1 body
    check_eq "$v: GET / is 200" 200 "$(http_status /)"
    check "$v: GET / has the search form" grep -q '<form action="/query"' <(http_body /)
    body=$(http_body '/query?terms=alpha')
    check "$v: query counts every match" grep -q '3 results found for <b>alpha</b>' <<<"$body"
    check_eq "$v: results ranked by count, then path" \
        "docs/one.txt docs/deep/three.txt docs/two.txt" \
        "$(grep -o 'href="/static/[^"]*"' <<<"$body" | sed 's|href="/static/||;s|"||' | tr '\n' ' ' | sed 's/ $//')"
    check "$v: all terms required" grep -q '2 results found for <b>alpha beta</b>' \
        <(http_body '/query?terms=alpha+beta')
    check_eq "$v: JSON API" \
        '{"query":"beta GAMMA","count":1,"results":[{"path":"docs/one.txt","rank":2}]}' \
        "$(http_body '/api/query?terms=beta%20GAMMA')"
    check_eq "$v: empty query" '{"query":"","count":0,"results":[]}' "$(http_body /api/query)"
    check "$v: static file is the file" cmp -s "$CORPUS/docs/one.txt" <(http_body /static/docs/one.txt)
    check "$v: static large file is the file" cmp -s "$CORPUS/docs/big.bin" <(http_body /static/docs/big.bin)
    check "$v: Content-Type by extension" grep -qi '^content-type: text/plain' \
        <(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/static/docs/one.txt")
    local head; head=$(curl -s -I "http://127.0.0.1:$PORT/static/docs/big.bin")
    check "$v: HEAD gives the length" grep -qi '^content-length: 1048576' <<<"$head"
    check_eq "$v: HEAD has no body" 0 "$(curl -s -I -w '%{size_download}' -o /dev/null "http://127.0.0.1:$PORT/")"
}

test_escaping() {
    local v=$1 body
    body=$(http_body '/query?terms=%3Cscript%3Ealert(1)%3C/script%3E%22')
    check "$v: user input escaped in the page" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;&quot;' <<<"$body"
    check "$v: no raw script tag" not grep -q "<script>" <<<"$body"
}

test_bad_requests() {
    local v=$1
    check_eq "$v: unknown path 404" 404 "$(http_status /nope)"
    check_eq "$v: POST 405" 405 "$(http_status / -X POST -d x=1)"
    check "$v: 405 says Allow" grep -qi '^allow: GET, HEAD' \
        <(curl -s -D - -o /dev/null -X DELETE "http://127.0.0.1:$PORT/")
    check "$v: garbage 400" grep -q '^HTTP/1.1 400 ' <(raw_request 'hello there\r\n\r\n')
    check "$v: space before colon 400" grep -q '^HTTP/1.1 400 ' \
        <(raw_request 'GET / HTTP/1.1\r\nHost : x\r\n\r\n')
    check "$v: HTTP/1.1 without Host 400" grep -q '^HTTP/1.1 400 ' <(raw_request 'GET / HTTP/1.1\r\n\r\n')
    check "$v: HTTP/2.0 505" grep -q '^HTTP/1.1 505 ' <(raw_request 'GET / HTTP/2.0\r\n\r\n')
    local long_header; long_header=$(head -c 9000 /dev/zero | tr '\0' a)
    check "$v: header block over 8 KiB 431" grep -q '^HTTP/1.1 431 ' \
        <(raw_request "GET / HTTP/1.1\r\nHost: x\r\nX-Big: $long_header\r\n\r\n")
    check_eq "$v: URI over 2 KiB 414" 414 "$(http_status "/query?terms=$(head -c 2100 /dev/zero | tr '\0' a)")"
    check_eq "$v: bad escape 400" 400 "$(http_status '/query?terms=%zz')"
}

test_special_files() {
    local v=$1 name start code t
    for name in $SPECIAL_FILES; do
        start=$(date +%s%N)
        code=$(http_status "/static/docs/$name" -m 5)
        t=$(elapsed_ms "$start")
        check_eq "$v: $name, not a regular file, is 404 (${t} ms)" 404 "$code"
    done
    check "$v: still serving after the special files" cmp -s "$CORPUS/docs/one.txt" \
        <(http_body /static/docs/one.txt -m 5)
}

# RFC 9110: a method the server knows but does not allow here is 405 with
# Allow, even with the targets only CONNECT and OPTIONS may use; a method it
# does not know at all is 501.
test_methods() {
    local v=$1 out
    out=$(raw_request 'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\nConnection: close\r\n\r\n')
    check "$v: CONNECT host:port 405" grep -q '^HTTP/1.1 405 ' <<<"$out"
    check "$v: CONNECT 405 says Allow" grep -qi '^allow: GET, HEAD' <<<"$out"
    out=$(raw_request 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    check "$v: OPTIONS * 405" grep -q '^HTTP/1.1 405 ' <<<"$out"
    check "$v: OPTIONS * 405 says Allow" grep -qi '^allow: GET, HEAD' <<<"$out"
    check_eq "$v: OPTIONS on a path 405" 405 "$(http_status /query -X OPTIONS)"
    out=$(raw_request 'BREW /pot HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    check "$v: unknown method 501" grep -q '^HTTP/1.1 501 Not Implemented' <<<"$out"
    check_eq "$v: methods are case-sensitive: get is unknown" 501 "$(http_status / -X get)"
}

test_traversal() {
    local v=$1 url code
    for url in /static/../outside/secret.txt /static/docs/../../outside/secret.txt \
               /static/%2e%2e/outside/secret.txt /static/docs%2f..%2f..%2foutside%2fsecret.txt \
               "/static/$CORPUS/outside/secret.txt" /static//etc/passwd /static/docs/link-out.txt \
               /static/docs/dir-out/secret.txt /static/docs/one.txt%00.png /static/ /static/docs; do
        code=$(http_status "$url" --path-as-is)
        check "$v: traversal $url refused ($code)" grep -qE '^(400|404)$' <<<"$code"
        check "$v: traversal $url leaks nothing" not grep -q secret-outside <<<"$(http_body "$url" --path-as-is)"
    done
}

test_connections() {
    local v=$1 out
    out=$(raw_request 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    check_eq "$v: pipelined keep-alive requests" "200 404" \
        "$(grep -o '^HTTP/1.1 [0-9]*' <<<"$out" | cut -d' ' -f2 | tr '\n' ' ' | sed 's/ $//')"
    check "$v: Connection: close is echoed" grep -qi '^connection: close' <<<"$out"
    out=$(raw_request 'GET / HTTP/1.0\r\n\r\n')
    check "$v: HTTP/1.0 closes by default" grep -q '^HTTP/1.1 200 ' <<<"$out"
    out=$(raw_request 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n')
    check_eq "$v: HTTP/1.0 keep-alive honoured" 2 "$(grep -c '^HTTP/1.1 200 ' <<<"$out")"
    check "$v: HTTP/1.0 keep-alive announced" grep -qi '^connection: keep-alive' <<<"$out"
    check_eq "$v: every response has Content-Length" 2 "$(grep -ci '^content-length: ' <<<"$out")"
}

# An idle client and a slow sender are both dropped after --timeout-ms.
test_timeouts() {
    local v=$1 start elapsed
    start=$(date +%s%N)
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    timeout 10 cat <&3 >/dev/null
    exec 3<&-
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    check "$v: idle client dropped after the timeout (${elapsed} ms)" test "$elapsed" -ge 400 -a "$elapsed" -lt 5000
    start=$(date +%s%N)
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    for c in G E T ' ' / ' ' H T T P; do printf %s "$c" >&3 2>/dev/null || break; sleep 0.1; done
    timeout 10 cat <&3 >/dev/null
    exec 3<&-
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    check "$v: slow sender dropped by the request deadline (${elapsed} ms)" test "$elapsed" -lt 5000
}

# A client that asks for a large file and hangs up must not kill the server.
test_sigpipe() {
    local v=$1
    for _ in 1 2 3; do
        exec 3<>"/dev/tcp/127.0.0.1/$PORT"
        printf 'GET /static/docs/big.bin HTTP/1.1\r\nHost: x\r\n\r\n' >&3
        exec 3<&-
    done
    sleep 0.2
    check_eq "$v: still serving after clients hung up" 200 "$(http_status /)"
}

# Exactly known traffic, then SIGTERM: the stats file must account for it.
# Among it, a request line without a version ("GET /", HTTP/0.9 style),
# which is answered 400 as soon as its line ends, not at --timeout-ms (5 s).
test_stats() {
    local v=$1 start t out
    start_server "$v" "$CORPUS" || { fail "$v: start for stats" "no server"; return; }
    http_status / >/dev/null; http_status /nope >/dev/null; http_status /query?terms=alpha >/dev/null
    raw_request 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >/dev/null
    http_status / -X BREW >/dev/null
    start=$(date +%s%N)
    out=$(raw_request 'GET /\r\n')
    t=$(elapsed_ms "$start")
    check "$v: request line without a version 400" grep -q '^HTTP/1.1 400 ' <<<"$out"
    check "$v: that 400 comes at once, not at the timeout (${t} ms)" test "$t" -lt 2500
    stop_server; local rc=$?
    check_eq "$v: SIGTERM exits 0" 0 "$rc"
    check "$v: stats file is valid JSON" "$BIN/jsonget" "$STATS"
    check_eq "$v: stats count requests" 7 "$("$BIN/jsonget" "$STATS" requests)"
    check_eq "$v: stats count connections" 6 "$("$BIN/jsonget" "$STATS" connections_accepted)"
    check_eq "$v: stats count by status" "4 1 1 1" \
        "$(fields "$STATS" requests_by_status.200 requests_by_status.400 requests_by_status.404 \
            requests_by_status.501)"
    check_eq "$v: a clean stop abandons nothing" 0 "$("$BIN/jsonget" "$STATS" abandoned_at_exit)"
}

for variant in $(variants_under_test); do
    if ! start_server "$variant" "$CORPUS" --timeout-ms 500; then
        fail "$variant: starts" "see above"; continue
    fi
    test_routes "$variant"
    test_escaping "$variant"
    test_bad_requests "$variant"
    test_special_files "$variant"
    test_methods "$variant"
    test_traversal "$variant"
    test_connections "$variant"
    test_timeouts "$variant"
    test_sigpipe "$variant"
    check_eq "$variant: still serving after the bad inputs" 200 "$(http_status /)"
    stop_server
    test_stats "$variant"
done
