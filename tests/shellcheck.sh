# shellcheck shell=bash
# tests/shellcheck.sh: shellcheck finds nothing in any shell script of the tree. The scripts
# are found, not listed: every file git knows (tracked, or new and not ignored) named *.sh or
# whose first line is a shebang naming sh or bash, so a new script is checked as it comes.
# A check that is right to break carries `# shellcheck disable=SCnnnn  # why` where it breaks.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

if [ "${SUITE:-plain}" != plain ]; then
    pass "shellcheck # SKIP in the $SUITE suite: the scripts are the same in every build"
    exit 0
fi

# tree_files: the files of the tree: those git knows, or, where git cannot say (an unpacked tarball,
# `git archive`, a clone on a machine without git), every file but git's own, the build's and the results'.
tree_files() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files --cached --others --exclude-standard
    else
        find . -path ./.git -prune -o -path ./build -prune -o -path ./bin -prune -o -path ./corpus -prune \
            -o -path ./results -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort
    fi
}

# shell_scripts: every shell script of the tree, one a line.
shell_scripts() {
    local f line
    tree_files | while IFS= read -r f; do
        [ -f "$f" ] || continue     # deleted, not yet committed
        case $f in
            *.sh) echo "$f" ;;
            *) IFS= read -r line <"$f" 2>/dev/null
               [[ $line =~ ^#!.*[/\ ](ba)?sh([[:space:]]|$) ]] && echo "$f" ;;
        esac
    done
}

if ! command -v shellcheck >/dev/null; then
    fail "shellcheck" "not installed (scripts/deps test installs it)"
    exit 0
fi
mapfile -t scripts < <(shell_scripts)
check_eq "found by name and by shebang: the harness, a sourced library, tests/run, scripts/deps" \
    "bench/load/lib/server.sh bench/load/run.sh scripts/deps tests/run" \
    "$(printf '%s\n' "${scripts[@]}" | grep -xE 'bench/load/(run|lib/server)\.sh|tests/run|scripts/deps' | paste -sd ' ')"
# -x: follow `source` (the directives name the files from the top of the tree, where tests/run runs).
# A shellcheck per CPU, 8 scripts each, each writing a file of its own (their lines never interleave).
mkdir -p "$TESTS_TMP/shellcheck"
# shellcheck disable=SC2016  # expanded by the inner sh
printf '%s\0' "${scripts[@]}" | xargs -0 -n 8 -P "$(nproc)" \
    sh -c 'shellcheck -x -f gcc "$@" >"$(mktemp "$0/XXXXXX")" 2>&1' "$TESTS_TMP/shellcheck"
cat "$TESTS_TMP"/shellcheck/* >"$TESTS_TMP/shellcheck.out"
# findings_of FILE: shellcheck's lines about FILE.
findings_of() { awk -v f="$1:" 'index($0, f) == 1' "$TESTS_TMP/shellcheck.out"; }
for f in "${scripts[@]}"; do
    check_eq "shellcheck $f" "" "$(findings_of "$f")"
done
check_eq "shellcheck: nothing about any other file" "$(cat "$TESTS_TMP/shellcheck.out")" \
    "$(for f in "${scripts[@]}"; do findings_of "$f"; done)"
