/* fuzz_http.c: libFuzzer target for the request parser (servers/core/http.c).
 *
 * The input is what one client sends. It reaches http_parse_request as it
 * does through conn.c: in chunks whose sizes come from a hash of the input,
 * each call passing the previous length as last_len, at most
 * HTTP_MAX_HEADER_BYTES buffered, and after a complete head the pipelined
 * request that follows it. Every call parses an exact-size heap copy, so
 * AddressSanitizer reports a read past len. Checked, beyond "no crash":
 *  - the chunked feed decides as one parse of the same bytes does: same
 *    result, same error status, same fields at the same offsets;
 *  - an error status is one http.h documents; a full buffer is never
 *    "incomplete" (the connection would wait for bytes it has no room for);
 *  - a complete head is <= len; method, target and headers lie inside it,
 *    in order, their bytes what the grammar allows, values trimmed;
 *  - on a complete head, http_check_framing, http_has_body and
 *    http_header_has_token agree with plain restatements of their rules. */
#include "fuzz.h"
#include "http.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

enum { MAX_CALLS = 64 };    /* chunked calls per request; then the rest at once */

/* One way of parsing the same bytes: the deciding call's result and fields. */
struct outcome {
    int rc;
    char *copy;                 /* the exact-size copy req points into */
    struct http_request req;
};

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603u;
    while (n--)
        h = (h ^ *p++) * 1099511628211u;
    return h;
}

/* splitmix64: chunk sizes, half of them 1 to 4 bytes, the rest up to 1 KiB. */
static size_t next_chunk(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return 1 + (size_t)((z & 1) ? (z >> 1) % 4 : (z >> 1) % 1024);
}

static void parse_copy(const uint8_t *buf, size_t len, size_t last_len, struct outcome *o)
{
    free(o->copy);
    o->copy = malloc(len ? len : 1);
    CHECK(o->copy != NULL);
    memcpy(o->copy, buf, len);
    o->rc = http_parse_request(o->copy, len, last_len, &o->req);
}

/* As conn.c: the same struct across calls, last_len the previous length. */
static void parse_fed(const uint8_t *buf, size_t avail, uint64_t *rng, struct outcome *o)
{
    size_t len = 0;
    for (int calls = 0;; calls++) {
        size_t last = len, step = calls < MAX_CALLS ? next_chunk(rng) : avail;
        len = step < avail - len ? len + step : avail;
        parse_copy(buf, len, last, o);
        if (o->rc != HTTP_INCOMPLETE || len == avail)
            return;
    }
}

static size_t offset(const struct outcome *o, const char *p)
{
    return (size_t)(p - o->copy);
}

static void check_same(const struct outcome *a, const struct outcome *b)
{
    CHECK(a->rc == b->rc);
    if (a->rc == HTTP_ERROR)
        CHECK(a->req.error_status == b->req.error_status);
    if (a->rc <= 0)
        return;
    CHECK(offset(a, a->req.method) == offset(b, b->req.method));
    CHECK(a->req.method_len == b->req.method_len);
    CHECK(offset(a, a->req.target) == offset(b, b->req.target));
    CHECK(a->req.target_len == b->req.target_len);
    CHECK(a->req.minor_version == b->req.minor_version);
    CHECK(a->req.num_headers == b->req.num_headers);
    for (size_t i = 0; i < a->req.num_headers; i++) {
        const struct http_header *x = &a->req.headers[i], *y = &b->req.headers[i];
        CHECK(offset(a, x->name) == offset(b, y->name) && x->name_len == y->name_len);
        CHECK(offset(a, x->value) == offset(b, y->value) && x->value_len == y->value_len);
    }
}

static bool is_tchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool all(const char *p, size_t n, bool (*ok)(unsigned char))
{
    for (size_t i = 0; i < n; i++)
        if (!ok((unsigned char)p[i]))
            return false;
    return true;
}

static bool is_target_char(unsigned char c)
{
    return c > 0x20 && c != 0x7f;
}

static bool is_value_char(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* How many of p[0..n) from the start are in set. */
static size_t span(const char *p, size_t n, const char *set)
{
    size_t i = 0;
    while (i < n && p[i] != '\0' && strchr(set, p[i]) != NULL)
        i++;
    return i;
}

/* Every field inside the head [copy, copy + head), in order, with the bytes the grammar allows. */
static void check_fields(const struct outcome *o, size_t head)
{
    const struct http_request *r = &o->req;
    const char *end = o->copy + head;
    CHECK(r->method >= o->copy && r->method_len > 0 && all(r->method, r->method_len, is_tchar));
    CHECK(r->method[r->method_len] == ' ' && r->target == r->method + r->method_len + 1);
    CHECK(r->target_len > 0 && r->target_len <= HTTP_MAX_TARGET);
    CHECK(all(r->target, r->target_len, is_target_char) && r->target[r->target_len] == ' ');
    CHECK(r->minor_version >= 0 && r->minor_version <= 9 && r->num_headers <= HTTP_MAX_HEADERS);
    const char *after = r->target + r->target_len;
    for (size_t i = 0; i < r->num_headers; i++) {
        const struct http_header *h = &r->headers[i];
        CHECK(h->name > after && h->name_len > 0 && all(h->name, h->name_len, is_tchar));
        CHECK(h->name[h->name_len] == ':' && h->value > h->name + h->name_len);
        CHECK(h->value + h->value_len < end && all(h->value, h->value_len, is_value_char));
        const char *last = h->value + h->value_len - 1;     /* trimmed: no blank at either end */
        CHECK(h->value_len == 0 || (span(h->value, 1, " \t") == 0 && span(last, 1, " \t") == 0));
        after = h->value + h->value_len;
    }
}

static void check_outcome(const struct outcome *o, size_t len)
{
    int status = o->req.error_status;     /* http.h documents these */
    if (o->rc == HTTP_ERROR)
        CHECK(status == 400 || status == 414 || status == 431 || status == 505);
    else if (o->rc == HTTP_INCOMPLETE)
        CHECK(len < HTTP_MAX_HEADER_BYTES);
    else
        CHECK(o->rc > 0 && (size_t)o->rc <= len);
    if (o->rc > 0)
        check_fields(o, (size_t)o->rc);
}

/* The fields called name (case-insensitive); *first gets the first of them. */
static size_t count_named(const struct http_request *r, const char *name, const struct http_header **first)
{
    size_t n = 0;
    for (size_t i = 0; i < r->num_headers; i++)
        if (r->headers[i].name_len == strlen(name) && strncasecmp(r->headers[i].name, name, strlen(name)) == 0)
            if (n++ == 0 && first)
                *first = &r->headers[i];
    return n;
}

/* Is token one of the comma-, space- or tab-separated words of a field called name? */
static bool token_listed(const struct http_request *r, const char *name, const char *token)
{
    for (size_t i = 0; i < r->num_headers; i++) {
        const struct http_header *h = &r->headers[i];
        if (h->name_len != strlen(name) || strncasecmp(h->name, name, h->name_len) != 0)
            continue;
        char value[HTTP_MAX_HEADER_BYTES + 1], *save;
        memcpy(value, h->value, h->value_len);
        value[h->value_len] = '\0';
        for (char *w = strtok_r(value, ", \t", &save); w; w = strtok_r(NULL, ", \t", &save))
            if (strcasecmp(w, token) == 0)
                return true;
    }
    return false;
}

/* Framing, body and Connection tokens of a complete head; false when conn.c
 * would not read another request from this connection. */
static bool check_head(const struct http_request *r)
{
    const struct http_header *cl = NULL;
    size_t hosts = count_named(r, "host", NULL), cls = count_named(r, "content-length", &cl);
    size_t tes = count_named(r, "transfer-encoding", NULL);
    bool cl_number = cl && cl->value_len > 0 && cl->value_len <= 18
        && span(cl->value, cl->value_len, "0123456789") == cl->value_len;
    bool framed = hosts <= 1 && (hosts == 1 || r->minor_version == 0)
        && (cls == 0 || (cls == 1 && cl_number && tes == 0));
    int framing = http_check_framing(r);
    CHECK(framing == 0 || framing == 400);
    CHECK((framing == 0) == framed);
    static const char *const tokens[] = {"close", "keep-alive"};
    for (size_t i = 0; i < sizeof tokens / sizeof *tokens; i++)
        CHECK(http_header_has_token(r, "connection", tokens[i]) == token_listed(r, "connection", tokens[i]));
    if (framing != 0)
        return false;
    bool body = tes > 0 || (cl && span(cl->value, cl->value_len, "0") < cl->value_len);
    CHECK(http_has_body(r) == body);
    return !body;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t rng = fnv1a(data, size);
    size_t at = 0;
    bool more = true;
    while (more && at < size) {
        size_t avail = size - at < HTTP_MAX_HEADER_BYTES ? size - at : HTTP_MAX_HEADER_BYTES;
        struct outcome whole = {.req.error_status = -1}, fed = {.req.error_status = -1};
        parse_copy(data + at, avail, 0, &whole);
        parse_fed(data + at, avail, &rng, &fed);
        check_same(&whole, &fed);
        check_outcome(&whole, avail);
        more = whole.rc > 0 && check_head(&whole.req);
        at += whole.rc > 0 ? (size_t)whole.rc : 0;
        free(whole.copy);
        free(fed.copy);
    }
    return 0;
}
