# shellcheck shell=bash
# tests/deps.sh: scripts/deps, without installing anything. Stand-ins for
# dpkg-query (a package set given as missing), apt-get, systemctl (one that
# fails as the real one does when PID 1 is not systemd, one that works),
# update-rc.d and id (root or not) come first on PATH and log their calls.
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

DEPS=$(cd "$(dirname "$0")/.." && pwd)/scripts/deps
STUBS=$TESTS_TMP/stubs
CALLS=$TESTS_TMP/calls
mkdir -p "$STUBS"

# stub NAME <<'EOF': a stand-in command that logs "NAME ARGS" to CALLS, then
# runs the shell script on stdin.
stub() {
    { printf '#!/bin/sh\necho "%s $*" >>"%s"\n' "$1" "$CALLS"; cat; } >"$STUBS/$1"
    chmod +x "$STUBS/$1"
}
# The last argument is the package; MISSING lists the ones not installed.
stub dpkg-query <<'EOF'
for pkg; do :; done
case " $MISSING " in *" $pkg "*) echo "dpkg-query: no packages found matching $pkg" >&2; exit 1 ;; esac
printf "install ok installed"
EOF
stub apt-get <<'EOF'
exit "${APT_RC:-0}"
EOF
stub update-rc.d <<'EOF'
exit "${UPDATE_RC_RC:-0}"
EOF
stub id <<'EOF'
echo "$FAKE_UID"
EOF
# Without systemd as PID 1, is-enabled still reads the unit files; what needs
# the manager fails with these two lines (as seen on a container here).
stub systemctl <<'EOF'
[ "$SYSTEMD_WORKS" = 1 ] && exit 0
[ "$1" = is-enabled ] && { [ "$2" = --quiet ] || echo enabled; exit 0; }
echo "System has not been booted with systemd as init system (PID 1). Can't operate." >&2
echo "Failed to connect to bus: Host is down" >&2
exit 1
EOF

SYSTEMD_UP=$TESTS_TMP/run-systemd-system
NO_SYSTEMD=$TESTS_TMP/no-such-dir
mkdir -p "$SYSTEMD_UP"

# deps [VAR=VALUE...]: scripts/deps test with the stand-ins (root, no systemd,
# nginx-light missing, systemctl failing, no pid file unless overridden); sets
# RC, and OUT, ERR and CALLS' contents in the files of the same names.
deps() {
    : >"$CALLS"
    env PATH="$STUBS:$PATH" FAKE_UID=0 MISSING=nginx-light SYSTEMD_WORKS=0 \
        SYSTEMD_DIR="$NO_SYSTEMD" NGINX_PIDFILE="$TESTS_TMP/no-such.pid" "$@" \
        bash "$DEPS" test >"$TESTS_TMP/out" 2>"$TESTS_TMP/err"
    RC=$?
}
out() { cat "$TESTS_TMP/out"; }
err() { cat "$TESTS_TMP/err"; }
called() { grep -q "^$1" "$CALLS"; }
not_called() { ! grep -q "^$1" "$CALLS"; }

deps MISSING=
check_eq "nothing missing: exit 0, silent" "0 " "$RC $(out; err)"
check "nothing missing: apt-get not run" not_called apt-get

deps FAKE_UID=1000 MISSING="libcmocka-dev nginx-light"
check_eq "not root: exit 1" 1 "$RC"
check_eq "not root: the exact command to run" "  sudo apt-get install -y libcmocka-dev nginx-light" \
    "$(err | tail -n 1)"
check "not root: apt-get not run" not_called apt-get

deps
check_eq "no systemd: the install succeeds" 0 "$RC"
check "no systemd: apt-get installs nginx-light" called 'apt-get install -y -qq --no-install-recommends nginx-light$'
check "no systemd: systemctl not asked to stop anything" not_called 'systemctl .*--now'
check "no systemd: nginx disabled at boot" called 'update-rc.d nginx disable$'
check_eq "no systemd: one line says what was done" \
    "scripts/deps: no systemd running: no nginx was running; disabled its start at boot (update-rc.d nginx disable) (the benchmarks start their own)" \
    "$(out | tail -n 1)"
check_eq "no systemd: no warning" "" "$(err)"

# The nginx the package's init script started, as a process named nginx whose
# pid is in the pid file: it is stopped, and it alone.
cp "$(command -v sleep)" "$TESTS_TMP/nginx"
"$TESTS_TMP/nginx" 60 & fake_nginx=$!
sleep 60 & other=$!
SERVER_PIDS+=("$fake_nginx" "$other")
echo "$fake_nginx" >"$TESTS_TMP/nginx.pid"
deps NGINX_PIDFILE="$TESTS_TMP/nginx.pid"
check_eq "no systemd, nginx running: exit 0" 0 "$RC"
check "no systemd, nginx running: says it stopped it" grep -q "stopped the nginx it started (pid $fake_nginx)" \
    "$TESTS_TMP/out"
kill -KILL "$fake_nginx" 2>/dev/null   # no effect if SIGTERM already ended it
wait "$fake_nginx"
check_eq "no systemd, nginx running: ended by SIGTERM" 143 "$?"
check "no systemd, nginx running: another process left alone" kill -0 "$other"

echo "$other" >"$TESTS_TMP/stale.pid"
deps NGINX_PIDFILE="$TESTS_TMP/stale.pid"
check_eq "stale pid file: exit 0" 0 "$RC"
check "stale pid file: says no nginx ran" grep -q "names no nginx process" "$TESTS_TMP/out"
check "stale pid file: the process it names left alone" kill -0 "$other"
kill "$other"

deps UPDATE_RC_RC=1
check_eq "update-rc.d fails: still exit 0" 0 "$RC"
check "update-rc.d fails: a warning" grep -q "^scripts/deps: warning: update-rc.d nginx disable failed" \
    "$TESTS_TMP/err"

deps SYSTEMD_DIR="$SYSTEMD_UP" SYSTEMD_WORKS=1
check_eq "systemd: exit 0" 0 "$RC"
check "systemd: nginx service stopped and disabled" called 'systemctl disable --now --quiet nginx$'
check_eq "systemd: says so" \
    "scripts/deps: stopped and disabled the nginx service the package started (the benchmarks start their own)" \
    "$(out | tail -n 1)"
check "systemd: update-rc.d not run" not_called update-rc.d

deps SYSTEMD_DIR="$SYSTEMD_UP"
check_eq "systemd, systemctl fails: still exit 0" 0 "$RC"
check "systemd, systemctl fails: a warning" grep -q "^scripts/deps: warning: could not stop and disable" \
    "$TESTS_TMP/err"

deps APT_RC=100
check_eq "apt-get fails: exit 1" 1 "$RC"
check "apt-get fails: says so" grep -q "^scripts/deps: apt-get failed" "$TESTS_TMP/err"
check "apt-get fails: no service step" not_called 'update-rc.d\|systemctl'

env PATH="$STUBS:$PATH" bash "$DEPS" everything >/dev/null 2>&1
check_eq "unknown set: exit 2" 2 "$?"
