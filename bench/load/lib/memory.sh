# shellcheck shell=bash
# bench/load/lib/memory.sh: a server's resident memory as the kernel counts it, and the parent that the fork
# microbenchmark builds to match it; for the harness (case.sh, forksweep.sh) and bench/micro/micro.sh.

# placement_names BIN: the placements of --index-memory on one line, in the order of every table and
# figure, as the servers' usage line lists them (servers/core/placement.h is their one list); nothing
# when there is no server. Shell builtins only, so that config.sh's checks run with a broken PATH.
placement_names() {
    local usage
    usage=$("$1/searchserver-sequential" --help 2>/dev/null) || return 0
    [[ $usage =~ --index-memory\ ([a-z|]+)\] ]] && echo "${BASH_REMATCH[1]//|/ }"
}

# proc_kib FILE FIELD: the number of "FIELD:  N kB" in a /proc file; fails if absent.
proc_kib() { awk -v f="$2:" '$1 == f { print $2; found = 1; exit } END { exit !found }' "$1" 2>/dev/null; }

# server_memory PID: "RSS_KIB ANON_HUGE_KIB SHMEM_KIB" of process PID: its resident memory (VmRSS), the
# part in transparent huge pages (AnonHugePages) and the part in shared memory (RssShmem). Fails if
# PID is gone.
server_memory() {
    local rss huge shmem
    rss=$(proc_kib "/proc/$1/status" VmRSS) && huge=$(proc_kib "/proc/$1/smaps_rollup" AnonHugePages) &&
        shmem=$(proc_kib "/proc/$1/status" RssShmem) && echo "$rss $huge $shmem"
}

# memory_fields RSS_KIB ANON_HUGE_KIB SHMEM_KIB: a case's NAME=VALUE fields (benchjson add-case).
memory_fields() { echo "rss_kib=$1" "anon_huge_kib=$2" "shmem_kib=$3"; }

# fork_parent PLACEMENT RSS_KIB ANON_HUGE_KIB SHMEM_KIB: the options of fork_latency that build a parent
# like that server: the memory its index placement holds (huge pages, or the shared mapping) as
# --memory PLACEMENT --touch-mb, the rest of its resident memory as ordinary pages (--heap-mb). A
# server with heap placement, or with none of its memory where it asked (THP `never`), is all heap:
# --memory heap --touch-mb RSS. Sizes are rounded to the nearest MiB.
fork_parent() {
    local placement=$1 rss=$2 placed=0
    case $placement in
        hugepage) placed=$3 ;;
        shared) placed=$4 ;;
    esac
    [ "$placed" -gt 0 ] || placement=heap placed=$rss
    echo "--memory $placement --touch-mb $(((placed + 512) / 1024)) --heap-mb $(((rss - placed + 512) / 1024))"
}

# probe_memory BIN CORPUS PLACEMENT LOG: starts BIN/searchserver-sequential on CORPUS with
# --index-memory PLACEMENT, reads its memory once it listens (server_memory), stops it; prints
# "RSS_KIB ANON_HUGE_KIB SHMEM_KIB". Fails (with the server's log on stderr) if it does not start.
probe_memory() {
    local bin=$1 corpus=$2 placement=$3 log=$4 memory
    if ! launch_server "$log" 127.0.0.1 "$bin/searchserver-sequential" -p 0 -d "$corpus" \
            --index-memory "$placement"; then
        cat "$log" >&2
        stop_server >/dev/null 2>&1 || true
        return 1
    fi
    memory=$(server_memory "$SERVER_MAIN_PID") || memory=''
    stop_server >/dev/null 2>&1 || true
    [ -n "$memory" ] && echo "$memory"
}

# micro_huge_pages MICRO_JSON: HUGE_PAGES (for env.json) from the server whose size micro.sh measured:
# true or false when it asked for huge pages, else empty; a warning when it got none.
micro_huge_pages() {
    HUGE_PAGES=$("$BIN/jsonget" "$1" server.huge_pages 2>/dev/null) || HUGE_PAGES=''
    [ "$HUGE_PAGES" != null ] || HUGE_PAGES=''
    local why="the kernel gave the server no huge pages (machine.thp is the THP mode): its index is in 4 KiB pages"
    [ "$HUGE_PAGES" != false ] || warn "INDEX_MEMORY=hugepage, but $why"
}
