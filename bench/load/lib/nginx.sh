# shellcheck shell=bash
# bench/load/lib/nginx.sh: nginx as the yardstick: a generated configuration, started and stopped like our servers.
#
# One nginx process (master_process off: the process the harness signals,
# counts descriptors of and charges CPU time to is the one that serves),
# pinned like our servers, access log off, sendfile on, serving the corpus
# under /static/ exactly as searchserver does. It has no index, so it runs
# the file workloads (static, large) only.

NGINX_WORKLOADS=(static large)

# find_nginx: sets NGINX to the nginx binary (Debian puts it in /usr/sbin,
# which is not on a normal user's PATH), or to nothing. NGINX set in the
# environment wins; set empty, it leaves nginx out.
find_nginx() {
    [ -z "${NGINX+set}" ] || return 0
    NGINX=$(command -v nginx || true)
    [ -n "$NGINX" ] || [ ! -x /usr/sbin/nginx ] || NGINX=/usr/sbin/nginx
}

# runs_kind VARIANT WORKLOAD: whether the variant can run that workload.
runs_kind() { [ "$1" != nginx ] || is_one_of "$2" "${NGINX_WORKLOADS[@]}"; }

# nginx_conf DIR PORT: the configuration. keepalive_requests is raised from
# its default of 1,000 so that a keep-alive client keeps its connection for
# the whole run, as with searchserver; the temporary paths stay in DIR.
nginx_conf() {
    cat <<CONF
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile $((2 * MAX_CLIENTS + 64));
error_log $1/nginx-error.log warn;
pid $1/nginx.pid;
events { worker_connections $((MAX_CLIENTS + 64)); }
http {
    access_log off;
    sendfile on;
    keepalive_requests 1000000000;
    default_type text/plain;
    client_body_temp_path $1/nginx-body;
    server {
        listen $SERVER_ADDR:$2 backlog=1024;
        location /static/ { alias $CORPUS/; }
    }
}
CONF
}

# free_port: a port nothing listens on, below the ephemeral range so that
# none of wrk's own connections can hold it. nginx cannot bind port 0 and
# report the port as our servers do, so the harness picks one.
free_port() {
    local lo port i
    read -r lo _ </proc/sys/net/ipv4/ip_local_port_range
    for ((i = 0; i < 50; i++)); do
        port=$((10000 + RANDOM % (lo - 10000)))
        ! port_open "$port" && echo "$port" && return
    done
    return 1
}

# nginx_ready PORT: a CHECK for await_server: PORT, once nginx listens on it.
nginx_ready() { port_open "$1" && echo "$1"; }

# start_nginx DIR: like start_server (case.sh), for nginx, on the port
# free_port picked.
start_nginx() {
    local dir=$1 port
    port=$(free_port) || return 1
    nginx_conf "$dir" "$port" >"$dir/nginx.conf"
    spawn_server "$dir/server.log" "${SERVER_PIN[@]}" "${SERVER_NS_RUN[@]}" "$BIN/subreaper" "$NGINX" -p "$dir" \
        -e "$dir/nginx-error.log" -c "$dir/nginx.conf"
    await_server nginx_ready "$port" && return 0
    cat "$dir/nginx-error.log" >>"$dir/server.log" 2>/dev/null
    return 1
}
