/* test_utf8.c: unit tests of the strict UTF-8 check and the U+FFFD repair,
 * against a reference written differently (code points by arithmetic, not
 * by utf8.c's table of second-byte ranges), over the cases the standard
 * names, every code point, every two-byte string and many random strings. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

#define FFFD "\xEF\xBF\xBD"

/* ---- the reference ---- */

/* Bytes in the sequence a lead byte announces by its high bits; 0 for a
 * continuation byte or one that announces five or more. */
static int announced(unsigned char c)
{
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 0;
}

/* The smallest code point that needs n bytes. */
static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };

/* A scalar value (no surrogate, at most U+10FFFF) that needs n bytes. */
static bool fits(uint32_t cp, int n)
{
    return cp >= least[n] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

/* The code point of s[0..k) completed to n bytes with continuation bits fill. */
static uint32_t completed(const unsigned char *s, int k, int n, uint32_t fill)
{
    uint32_t cp = s[0] & (0x7Fu >> n);
    for (int i = 1; i < n; i++)
        cp = cp << 6 | (i < k ? (s[i] & 0x3Fu) : fill);
    return cp;
}

/* Whether s[0..k) begins some well-formed sequence: its completions span
 * [lo, hi], and one of them must be a scalar value that needs n bytes. */
static bool begins_sequence(const unsigned char *s, int k)
{
    int n = announced(s[0]);
    if (n == 0 || k > n)
        return false;
    for (int i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80)
            return false;
    uint32_t lo = completed(s, k, n, 0), hi = completed(s, k, n, 0x3F);
    uint32_t first = lo > least[n] ? lo : least[n];      /* the smallest candidate, */
    uint32_t after_surrogates = lo > 0xE000 ? lo : 0xE000;   /* or the next after them */
    return (first <= hi && fits(first, n))
        || (after_surrogates <= hi && fits(after_surrogates, n));
}

/* The repair as the standard states it: at each position, the longest prefix
 * that begins a well-formed sequence is copied if it is complete, otherwise
 * replaced by one U+FFFD (a byte that begins nothing: U+FFFD too). */
static void reference_repair(struct buf *out, const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int k = 0;
        while (k < 4 && i + (size_t)k < len && begins_sequence(s + i, k + 1))
            k++;
        if (k > 0 && k == announced(s[i]))
            buf_append(out, s + i, (size_t)k);
        else
            buf_append(out, FFFD, 3);
        i += k > 0 ? (size_t)k : 1;
    }
}

/* Whether a[0..alen) and b[0..blen) hold the same bytes (either may be NULL when empty). */
static bool same_bytes(const void *a, size_t alen, const void *b, size_t blen)
{
    return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* Strict validity by the reference: nothing to repair. */
static bool reference_valid(const unsigned char *s, size_t len)
{
    struct buf out;
    buf_init(&out);
    reference_repair(&out, s, len);
    bool same = same_bytes(out.data, out.len, s, len);
    buf_free(&out);
    return same;
}

/* ---- helpers ---- */

/* Repairs s[0..len) from an exact heap copy (ASan sees a read past len) and
 * compares with expected; fails naming the line. */
static void check_repair(const char *s, size_t len, const char *expected, size_t expected_len, int line)
{
    char *in = malloc(len ? len : 1);
    assert_non_null(in);
    memcpy(in, s, len);
    struct buf out;
    buf_init(&out);
    buf_puts(&out, "<");                             /* appends, keeps what was there */
    buf_append_utf8(&out, in, len);
    free(in);
    if (out.len != expected_len + 1 || memcmp(out.data + 1, expected, expected_len) != 0)
        fail_msg("line %d: repaired %zu bytes into %zu, expected %zu", line, len, out.len - 1,
                 expected_len);
    assert_int_equal(out.data[0], '<');
    buf_free(&out);
}

#define ASSERT_REPAIR(s, expected) \
    check_repair((s), sizeof(s) - 1, (expected), sizeof(expected) - 1, __LINE__)
#define ASSERT_VALID(s) assert_true(utf8_valid((s), sizeof(s) - 1))
#define ASSERT_INVALID(s) assert_false(utf8_valid((s), sizeof(s) - 1))

/* Encodes cp in n bytes, overlong if n is more than it needs. */
static size_t encode(uint32_t cp, int n, unsigned char *out)
{
    static const unsigned char lead[] = { 0, 0x00, 0xC0, 0xE0, 0xF0 };
    for (int i = n - 1; i > 0; i--, cp >>= 6)
        out[i] = (unsigned char)(0x80 | (cp & 0x3F));
    out[0] = (unsigned char)(lead[n] | cp);
    return (size_t)n;
}

/* A fixed-seed generator (xorshift64), so that a failure can be replayed. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}

/* Bytes drawn to hit the edges often: ASCII, continuation bytes, the lead
 * bytes whose second byte is restricted, the never-valid ones, or any. */
static unsigned char random_byte(void)
{
    static const unsigned char edges[] = { 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0,
                                           0xF4, 0xF5, 0xFF, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF };
    switch (rng() % 4) {
    case 0:  return (unsigned char)('a' + rng() % 26);
    case 1:  return (unsigned char)(0x80 + rng() % 0x40);
    case 2:  return edges[rng() % sizeof edges];
    default: return (unsigned char)rng();
    }
}

/* ---- the issue's three requests, and the standard's cases ---- */

static void test_issue_cases(void **state)
{
    (void)state;
    ASSERT_REPAIR("\xFF", FFFD);                     /* /api/query?terms=%FF */
    ASSERT_REPAIR("\xC0\xAE", FFFD FFFD);            /* overlong '.' */
    ASSERT_REPAIR("\xED\xA0\x80", FFFD FFFD FFFD);   /* the surrogate U+D800 */
    ASSERT_INVALID("\xFF");
    ASSERT_INVALID("\xC0\xAE");
    ASSERT_INVALID("\xED\xA0\x80");
}

/* Unicode ch. 3, "U+FFFD Substitution of Maximal Subparts", Table 3-8. */
static void test_standard_example(void **state)
{
    (void)state;
    ASSERT_REPAIR("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
                  "a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d");
}

static void test_well_formed_unchanged(void **state)
{
    (void)state;
    ASSERT_REPAIR("", "");
    ASSERT_REPAIR("alpha beta", "alpha beta");
    ASSERT_REPAIR("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E");
    ASSERT_REPAIR(FFFD, FFFD);
    ASSERT_REPAIR("a\0b", "a\0b");                   /* NUL is U+0000: data, not an end */
}

static void test_boundary_code_points(void **state)
{
    (void)state;
    ASSERT_VALID("\x7F");                            /* U+007F */
    ASSERT_VALID("\xC2\x80");                        /* U+0080 */
    ASSERT_VALID("\xDF\xBF");                        /* U+07FF */
    ASSERT_VALID("\xE0\xA0\x80");                    /* U+0800 */
    ASSERT_VALID("\xED\x9F\xBF");                    /* U+D7FF, before the surrogates */
    ASSERT_VALID("\xEE\x80\x80");                    /* U+E000, after them */
    ASSERT_VALID("\xEF\xBF\xBF");                    /* U+FFFF */
    ASSERT_VALID("\xF0\x90\x80\x80");                /* U+10000 */
    ASSERT_VALID("\xF4\x8F\xBF\xBF");                /* U+10FFFF, the last */
    ASSERT_REPAIR("\xC1\xBF", FFFD FFFD);            /* U+007F overlong */
    ASSERT_REPAIR("\xE0\x9F\xBF", FFFD FFFD FFFD);   /* U+07FF overlong */
    ASSERT_REPAIR("\xF0\x8F\xBF\xBF", FFFD FFFD FFFD FFFD);    /* U+FFFF overlong */
    ASSERT_REPAIR("\xED\xBF\xBF", FFFD FFFD FFFD);   /* U+DFFF */
    ASSERT_REPAIR("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD);    /* U+110000 */
    ASSERT_REPAIR("\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD);
    ASSERT_REPAIR("\xF8\x88\x80\x80\x80", FFFD FFFD FFFD FFFD FFFD);   /* old 5-byte form */
}

static void test_truncated_sequences(void **state)
{
    (void)state;
    ASSERT_REPAIR("\xE2\x82", FFFD);                 /* one U+FFFD for the whole part */
    ASSERT_REPAIR("\xE2\x82" "A", FFFD "A");         /* the byte that broke it is kept */
    ASSERT_REPAIR("\xF0\x9F\x98", FFFD);
    ASSERT_REPAIR("\xF0\x9F\x98\xC3\xA9", FFFD "\xC3\xA9");
    ASSERT_REPAIR("\xC3", FFFD);
    ASSERT_REPAIR("x\xC3", "x" FFFD);
    ASSERT_REPAIR("\x80\x80", FFFD FFFD);            /* lone continuation bytes: one each */
}

static void test_valid_prefix(void **state)
{
    (void)state;
    assert_int_equal(utf8_valid_prefix("ab\xC3\xA9\xFF" "c", 6), 4);
    assert_int_equal(utf8_valid_prefix("ab\xE2\x82", 4), 2);
    assert_int_equal(utf8_valid_prefix("ab\xE2\x82\xAC", 4), 2);   /* len cuts the sequence */
    assert_int_equal(utf8_valid_prefix("ab\xE2\x82\xAC", 5), 5);
    assert_int_equal(utf8_valid_prefix("", 0), 0);
}

/* ---- exhaustive and random ---- */

/* Every code point in its shortest form is valid unless it is a surrogate;
 * in any longer form (overlong) it is invalid. */
static void test_every_code_point(void **state)
{
    (void)state;
    unsigned char s[4];
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        if (utf8_valid((const char *)s, encode(cp, n, s)) == surrogate)
            fail_msg("U+%04X: valid is %d", cp, surrogate);
        for (int longer = n + 1; longer <= 4; longer++)
            if (utf8_valid((const char *)s, encode(cp, longer, s)))
                fail_msg("U+%04X in %d bytes (overlong) called valid", cp, longer);
    }
    encode(0x110000, 4, s);                          /* past the last code point */
    assert_false(utf8_valid((const char *)s, 4));
}

/* Repairs s with utf8.c and with the reference: the same bytes, well-formed
 * by the reference, and s itself unchanged when the reference calls it valid. */
static void check_against_reference(const unsigned char *s, size_t len)
{
    struct buf got, want;
    buf_init(&got);
    buf_init(&want);
    buf_append_utf8(&got, (const char *)s, len);
    reference_repair(&want, s, len);
    char hex[3 * 64 + 1] = "";
    for (size_t i = 0; i < len && i < 64; i++)
        snprintf(hex + 3 * i, 4, "%02X ", s[i]);
    if (!reference_valid((const unsigned char *)got.data, got.len))
        fail_msg("repair of %s is not well-formed", hex);
    if (!same_bytes(got.data, got.len, want.data, want.len))
        fail_msg("repair of %s differs from the reference", hex);
    if (utf8_valid((const char *)s, len) != reference_valid(s, len))
        fail_msg("utf8_valid(%s) disagrees with the reference", hex);
    buf_free(&got);
    buf_free(&want);
}

static void test_every_two_byte_string(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 0x10000; i++) {
        unsigned char s[2] = { (unsigned char)(i >> 8), (unsigned char)i };
        check_against_reference(s, 2);
    }
}

static void test_random_strings(void **state)
{
    (void)state;
    unsigned char s[48];
    for (int n = 0; n < 20000; n++) {
        size_t len = rng() % sizeof s;
        for (size_t i = 0; i < len; i++)
            s[i] = random_byte();
        check_against_reference(s, len);
    }
}

/* The reference must itself tell good from bad, or agreeing with it proves nothing. */
static void test_reference_itself(void **state)
{
    (void)state;
    assert_true(reference_valid((const unsigned char *)"caf\xC3\xA9\xF4\x8F\xBF\xBF", 9));
    assert_false(reference_valid((const unsigned char *)"\xED\xA0\x80", 3));
    assert_false(reference_valid((const unsigned char *)"\xF4\x90\x80\x80", 4));
    assert_false(reference_valid((const unsigned char *)"\xE0\x9F\xBF", 3));
    assert_false(reference_valid((const unsigned char *)"\xE2\x82", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_cases),
        cmocka_unit_test(test_standard_example),
        cmocka_unit_test(test_well_formed_unchanged),
        cmocka_unit_test(test_boundary_code_points),
        cmocka_unit_test(test_truncated_sequences),
        cmocka_unit_test(test_valid_prefix),
        cmocka_unit_test(test_reference_itself),
        cmocka_unit_test(test_every_code_point),
        cmocka_unit_test(test_every_two_byte_string),
        cmocka_unit_test(test_random_strings),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
