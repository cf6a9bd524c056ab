/* http_check.h: helpers of the HTTP parser's unit tests (test_http.c, test_http_errors.c, test_http_framing.c). */
#ifndef HTTP_CHECK_H
#define HTTP_CHECK_H

#include <stddef.h>

#include "http.h"

/* The copy of the bytes last parsed; freed by free_received, the tests' teardown. */
extern char *received;
int free_received(void **state);

/* Parses raw[0..len) from a heap copy of exactly those bytes (so that
 * AddressSanitizer reports a read past them); last_len as http_parse_request. */
int parse_at(const char *raw, size_t len, size_t last_len, struct http_request *req);

/* One-shot parse of a string literal (which may contain NUL bytes). */
#define PARSE(raw, req) parse_at((raw), sizeof(raw) - 1, 0, (req))

/* A fresh request whose error_status is not one the parser could set. */
struct http_request blank_request(void);

/* Fails the test unless a one-shot parse of raw[0..len) fails with status. */
void check_rejected(const char *raw, size_t len, int status, int line);
#define ASSERT_REJECTED(raw, status) check_rejected((raw), sizeof(raw) - 1, (status), __LINE__)

void assert_header(const struct http_request *req, size_t i, const char *name, const char *value);
void assert_found(const struct http_request *req, const char *name, const char *value);
void assert_target(const struct http_request *req, const char *target);

/* "GET /aaa...a HTTP/1.1" with a target of target_len bytes, or a head of
 * exactly head_len bytes (at least 37), into out; return the length. */
size_t request_with_target(char *out, size_t target_len);
size_t request_of_size(char *out, size_t head_len);

#define T(f) cmocka_unit_test_teardown(f, free_received)

#endif
