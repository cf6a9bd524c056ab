# shellcheck shell=bash
# tests/fakessh/hosts.sh: the stand-in hosts of tests/fakessh/ssh and scp, sourced by both.
# FAKESSH_HOSTS lists the hosts that answer, separated by spaces: user@host, or user@host=NETNS
# for one whose commands run in that network namespace (a machine with a network of its own).
# With FAKESSH_TMP set, each host has its own TMPDIR there (FAKESSH_TMP/user@host), so that
# what runs "on" a host can be told apart from what runs on another.

# fakessh_host HOST: whether HOST answers; sets FAKESSH_NETNS (or empty) and TMPDIR for it.
# shellcheck disable=SC2034  # FAKESSH_NETNS is read by ssh
fakessh_host() {
    local entry
    for entry in ${FAKESSH_HOSTS:?}; do
        [ "${entry%%=*}" = "$1" ] || continue
        FAKESSH_NETNS=''
        [ "$entry" = "${entry#*=}" ] || FAKESSH_NETNS=${entry#*=}
        if [ -n "${FAKESSH_TMP:-}" ]; then
            export TMPDIR=$FAKESSH_TMP/$1
            mkdir -p "$TMPDIR"
        fi
        return 0
    done
    return 1
}
