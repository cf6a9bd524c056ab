#!/usr/bin/env bash
# tests/corpus.sh: bin/gencorpus is deterministic and writes the promised layout, sizes and errors.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

GEN=$BIN/gencorpus
USAGE='usage: gencorpus --out DIR [--docs N] [--seed S]'
# tree_sum of `gencorpus --docs 50 --seed 7`: the corpus every machine must reproduce.
EXPECTED_SUM=d868a7d7b09220121dfef66f63fbb8603717bccbd32d0f2cf7b27c5ecab02e37

# tree_sum DIR: one sha256 over every file's path and content, in a locale-independent order.
tree_sum() {
    (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

# rejected ARGS...: prints "STATUS|stdout|stderr lines joined by |" for a run expected to fail.
rejected() {
    "$GEN" "$@" >"$TESTS_TMP/out" 2>"$TESTS_TMP/err"
    local rc=$?
    echo "$rc|$(cat "$TESTS_TMP/out")|$(paste -sd'|' "$TESTS_TMP/err")"
}

a=$TESTS_TMP/a b=$TESTS_TMP/b c=$TESTS_TMP/c
check "generates --docs 50 --seed 7" "$GEN" --docs 50 --seed 7 --out "$a"
check "generates it again" "$GEN" --docs 50 --seed 7 --out "$b"
sum_a=$(tree_sum "$a")
check_eq "same arguments give identical trees" "$sum_a" "$(tree_sum "$b")"
check_eq "the tree matches the reference checksum" "$EXPECTED_SUM" "$sum_a"

# An existing directory is reused and its files overwritten.
: >"$b/queries.txt"
rm "$b/large/1MiB.txt"
check "regenerates into an existing directory" "$GEN" --docs 50 --seed 7 --out "$b"
check_eq "regenerating restores the tree" "$sum_a" "$(tree_sum "$b")"
rm -rf "$b"

check "generates --docs 50 --seed 8" "$GEN" --docs 50 --seed 8 --out "$c"
if [ "$(tree_sum "$c")" != "$sum_a" ]; then pass "a different seed gives a different tree"
else fail "a different seed gives a different tree" "same checksum $sum_a"; fi
rm -rf "$c"

check_eq "small/1KiB.txt size" 1024 "$(stat -c %s "$a/small/1KiB.txt")"
check_eq "large/1MiB.txt size" 1048576 "$(stat -c %s "$a/large/1MiB.txt")"
check_eq "large/16MiB.txt size" 16777216 "$(stat -c %s "$a/large/16MiB.txt")"
check_eq "queries.txt has 1000 lines" 1000 "$(wc -l <"$a/queries.txt")"
check_eq "queries have 1 to 3 words each" 1000 \
    "$(awk 'NF >= 1 && NF <= 3 && /^[a-z]+( [a-z]+)*$/' "$a/queries.txt" | wc -l)"
check_eq "50 documents, two folder levels deep" 50 \
    "$(find "$a" -mindepth 3 -maxdepth 3 -type f -name 'doc*.txt' | wc -l)"
check_eq "no other files" 54 "$(find "$a" -type f | wc -l)"
check_eq "no line is longer than 72 columns" 0 "$(cat "$a"/d*/d*/*.txt | awk 'length($0) > 72' | wc -l)"

check_eq "--docs abc is rejected" "2||gencorpus: --docs: 'abc' is not a number|$USAGE" \
    "$(rejected --docs abc --out "$c")"
check_eq "--docs 0 is rejected" "2||gencorpus: --docs: 0 is out of range (1..1000000)|$USAGE" \
    "$(rejected --docs 0 --out "$c")"
check_eq "an unknown option is rejected" "2||gencorpus: unrecognized option '--bogus'|$USAGE" \
    "$(rejected --bogus --out "$c")"
check_eq "a missing --out is rejected" "2||gencorpus: missing --out DIR|$USAGE" \
    "$(rejected --docs 5)"
check_eq "an option without its value is rejected" "2||gencorpus: option '--seed' needs a value|$USAGE" \
    "$(rejected --out "$c" --seed)"
check_eq "an I/O error names the path" "1||gencorpus: $c/missing/x: No such file or directory" \
    "$(rejected --docs 5 --out "$c/missing/x")"
