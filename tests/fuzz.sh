# shellcheck shell=bash
# tests/fuzz.sh: the libFuzzer targets of tests/fuzz/ (README, "Fuzzing"), in
# the plain suite only: every committed seed and regression input once through
# its target, so that a crash fixed once stays fixed, then each target for
# FUZZ_TEST_S seconds (default 3: a smoke; `make fuzz` is the search) from its seeds, through tests/fuzz/run.
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

if [ "${SUITE:-plain}" != plain ]; then
    pass "fuzz # SKIP in the $SUITE suite: the targets carry their own ASan and UBSan, so they run in the plain one"
    exit 0
fi

FUZZ=build/fuzz
check "fuzz targets build (clang-14, libFuzzer, ASan, UBSan)" make --no-print-directory -s -j"$(nproc)" fuzz-build
for src in tests/fuzz/fuzz_*.c; do
    t=${src#tests/fuzz/fuzz_}; t=${t%.c}
    seeds=(tests/fuzz/seeds/"$t"/*)
    check "fuzz $t: each of its ${#seeds[@]} seeds and regression inputs once" \
        env TMPDIR="$TESTS_TMP" "$FUZZ/bin/fuzz-$t" "${seeds[@]}"
    if line=$(tests/fuzz/run "${FUZZ_TEST_S:-3}" "$FUZZ" "$t"); then
        pass "fuzz $line"
    else
        fail "fuzz $t" "$line"
    fi
done
