/* fuzz_url.c: libFuzzer target for the URL helpers (servers/core/url.c).
 *
 * The input is an encoded path or query value, as it follows "/static/" or
 * "terms=" in a request target. Checked, beyond "no crash":
 *  - url_decode, in both plus modes, on an exact-size copy into the
 *    documented len + 1 bytes: the same verdict in both modes; when it
 *    decodes, len - 2 bytes per escape, NUL-terminated, the two outputs equal
 *    but where '+' became ' ', and no NUL inside unless the input held one
 *    (an encoded NUL, %00, is refused);
 *  - url_static_path_ok agrees with its rule restated: a non-empty path such
 *    that "/" + path + "/" holds no "//", "/./" or "/../";
 *  - url_encode_path writes only unreserved characters, '/' and %XX, and
 *    decoding its output gives back the path (the input up to its first NUL). */
#include "fuzz.h"
#include "buf.h"
#include "url.h"

#include <stdbool.h>
#include <string.h>

/* Decodes an exact-size copy of src into a fresh len + 1 bytes (*out; free it). */
static ssize_t decode(const char *src, size_t len, bool plus_is_space, char **out)
{
    char *in = malloc(len ? len : 1);
    *out = malloc(len + 1);
    CHECK(in != NULL && *out != NULL);
    if (len > 0)
        memcpy(in, src, len);      /* src may be NULL when len is 0 (an empty buf) */
    ssize_t n = url_decode(in, len, *out, plus_is_space);
    free(in);
    return n;
}

static void check_decode(const char *src, size_t len)
{
    char *plain, *plus;
    ssize_t n = decode(src, len, false, &plain), m = decode(src, len, true, &plus);
    CHECK(n == m);
    if (n >= 0) {
        size_t escapes = 0;
        for (size_t i = 0; i < len; i++)
            escapes += src[i] == '%';
        CHECK((size_t)n == len - 2 * escapes && plain[n] == '\0' && plus[n] == '\0');
        for (ssize_t i = 0; i < n; i++)
            CHECK(plain[i] == plus[i] || (plain[i] == '+' && plus[i] == ' '));
        CHECK(strlen(plain) == (size_t)n || memchr(src, '\0', len) != NULL);
    }
    free(plain);
    free(plus);
}

static void check_static_path(const char *path)
{
    size_t n = strlen(path);
    char *framed = malloc(n + 3);
    CHECK(framed != NULL);
    snprintf(framed, n + 3, "/%s/", path);
    bool ok = n > 0 && !strstr(framed, "//") && !strstr(framed, "/./") && !strstr(framed, "/../");
    CHECK(url_static_path_ok(path) == ok);
    free(framed);
}

static bool is_hex_upper(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

static void check_encode(const char *path)
{
    static const char unreserved[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/";
    struct buf enc;
    buf_init(&enc);
    url_encode_path(&enc, path);
    for (size_t i = 0; i < enc.len; i++) {
        if (enc.data[i] == '%') {
            CHECK(i + 2 < enc.len && is_hex_upper(enc.data[i + 1]) && is_hex_upper(enc.data[i + 2]));
            i += 2;
        } else {
            CHECK(enc.data[i] != '\0' && strchr(unreserved, enc.data[i]) != NULL);
        }
    }
    for (int plus = 0; plus < 2; plus++) {
        char *back;
        ssize_t n = decode(enc.data, enc.len, plus, &back);
        CHECK(n >= 0 && (size_t)n == strlen(path) && memcmp(back, path, (size_t)n) == 0);
        free(back);
    }
    buf_free(&enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    check_decode(src, size);
    char *path;
    if (decode(src, size, false, &path) >= 0)
        check_static_path(path);
    free(path);
    char *text = strndup(src, size);    /* up to the first NUL */
    CHECK(text != NULL);
    check_static_path(text);
    check_encode(text);
    free(text);
    return 0;
}
