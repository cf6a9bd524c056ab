/* test_httperfout.c: the httperf report reader (bench/results/lib/httperfout.c) on reports recorded here.
 *
 * tests/fixtures/httperf/NAME.out and NAME.err are httperf 0.9.0's stdout and stderr; their README says how
 * each was made. Those named edited-* are real reports edited by hand, for what could not be provoked
 * honestly (httperf 0.9.0 never counts addrunavail; ftab-full needs the host's file table full) and for
 * broken reports. Run from the top of the tree (tests/run does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "httperfout.h"
#include "jsonfile.h"

#define FIXTURES "tests/fixtures/httperf/"

static char why[256];

static char *fixture(const char *name, const char *ext)
{
    char path[256];
    size_t len;
    snprintf(path, sizeof path, FIXTURES "%s.%s", name, ext);
    char *text = file_read(path, &len);
    if (!text)
        fail_msg("cannot read %s", path);
    return text;
}

/* Parses fixture NAME; the return value of hp_parse, why set. */
static int parse(const char *name, struct hp_report *r)
{
    char *out = fixture(name, "out"), *err = fixture(name, "err");
    int rc = hp_parse(out, err, r, why, sizeof why);
    free(out);
    free(err);
    return rc;
}

static void parses(const char *name, struct hp_report *r)
{
    if (parse(name, r) != 0)
        fail_msg("%s: %s", name, why);
}

static void fails_with(const char *name, const char *reason)
{
    struct hp_report r;
    assert_int_equal(parse(name, &r), -1);
    if (!strstr(why, reason))
        fail_msg("%s: expected '%s' in '%s'", name, reason, why);
}

/* Every number of a clean run where it belongs. */
static void test_clean_run(void **state)
{
    (void)state;
    struct hp_report r;
    parses("ok", &r);
    assert_true(r.burst == 6 && r.connections == 2000 && r.requests == 2000 && r.replies == 2000);
    assert_true(r.duration_s == 2.001 && r.conn_rate == 999.5 && r.max_concurrent == 6);
    assert_true(r.conn_ms[HP_MIN] == 0.1 && r.conn_ms[HP_AVG] == 0.2 && r.conn_ms[HP_MAX] == 5.3);
    assert_true(r.conn_ms[HP_MEDIAN] == 0.5 && r.conn_ms[HP_STDDEV] == 0.3 && r.connect_ms == 0);
    assert_true(r.reply_rate_samples == 0 && r.reply_rate[HP_RATE_AVG] == 0);
    assert_true(r.status[0] == 0 && r.status[1] == 2000 && r.status[4] == 0);
    assert_true(r.cpu_user_s == 0.25 && r.cpu_system_s == 1.69);
    assert_true(r.errors_total == 0 && r.unexpected_errno == 0);
    for (int e = 0; e < HP_ERRORS; e++)
        assert_true(r.errors[e] == 0);
}

/* Each kind of error from a run that provoked it (README), and the others at 0. */
static void test_every_error_kind(void **state)
{
    (void)state;
    static const struct {
        const char *fixture;
        double counts[HP_ERRORS];   /* client-timo socket-timo connrefused connreset fd-unavail addrunavail ftab-full other */
        int unexpected_errno;
    } runs[] = {
        {"connrefused", {0, 0, 50, 0, 0, 0, 0, 0}, 0},
        {"fork-overload", {2870, 0, 0, 0, 4105, 0, 0, 0}, 0},
        {"socket-timo", {5, 15, 0, 0, 0, 0, 0, 0}, 0},
        {"connreset", {0, 0, 20, 40, 0, 0, 0, 0}, 0},
        {"other-unreach", {0, 0, 0, 0, 0, 0, 0, 20}, 101},        /* ENETUNREACH */
        {"port-exhaustion", {0, 0, 0, 0, 0, 0, 0, 315}, 99},      /* EADDRNOTAVAIL: httperf counts it as other */
        {"edited-addrunavail", {0, 0, 0, 0, 0, 315, 0, 0}, 0},
        {"edited-ftab-full", {0, 0, 0, 0, 0, 0, 315, 0}, 0},
    };
    int provoked[HP_ERRORS] = {0};
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        struct hp_report r;
        parses(runs[i].fixture, &r);
        for (int e = 0; e < HP_ERRORS; e++) {
            if (r.errors[e] != runs[i].counts[e])
                fail_msg("%s: %s %.0f, expected %.0f", runs[i].fixture, hp_error_name(e), r.errors[e],
                         runs[i].counts[e]);
            provoked[e] += r.errors[e] > 0;
        }
        assert_int_equal(r.unexpected_errno, runs[i].unexpected_errno);
    }
    for (int e = 0; e < HP_ERRORS; e++)
        if (!provoked[e])
            fail_msg("no fixture has a %s error", hp_error_name(e));
}

static void test_overloaded_server(void **state)
{
    (void)state;
    struct hp_report r;
    parses("fork-overload", &r);
    assert_true(r.connections == 3695 && r.replies == 825 && r.max_concurrent == 1020);
    assert_true(r.errors_total == 6975 && r.duration_s == 4.0);
}

static void test_broken_reports(void **state)
{
    (void)state;
    fails_with("killed", "no report at all");
    fails_with("edited-truncated", "no 'Reply status: 1xx=' line: the report is cut short");
    fails_with("edited-bad-number", "line 6 does not parse: 'Connection rate: -nan conn/s");
    fails_with("edited-inconsistent", "'Errors: total 6974' is not the sum of the kinds (6975)");
}

/* Built from a real report: a repeated line, a stranger on stdout or stderr, a line cut in the middle. */
static void test_strictness(void **state)
{
    (void)state;
    struct hp_report r;
    char *out = fixture("ok", "out"), *err = fixture("ok", "err");
    size_t n = strlen(out);
    char *twice = malloc(2 * n + 1);
    assert_non_null(twice);
    memcpy(twice, out, n);
    memcpy(twice + n, out, n + 1);
    assert_int_equal(hp_parse(twice, err, &r, why, sizeof why), -1);
    assert_non_null(strstr(why, "repeats 'Maximum connect burst length: 6'"));
    snprintf(twice, 2 * n + 1, "%sSomething else: 1\n", out);
    assert_int_equal(hp_parse(twice, err, &r, why, sizeof why), -1);
    assert_non_null(strstr(why, "is not httperf's: 'Something else: 1'"));
    assert_int_equal(hp_parse(out, "httperf: failed to connect\n", &r, why, sizeof why), -1);
    assert_non_null(strstr(why, "stderr: 'httperf: failed to connect'"));
    char *cut = strstr(out, "Errors: fd-unavail");
    assert_non_null(cut);
    strcpy(cut + strlen("Errors: fd-unavail 0 addr"), "\n");
    assert_int_equal(hp_parse(out, err, &r, why, sizeof why), -1);
    assert_non_null(strstr(why, "line 23 does not parse: 'Errors: fd-unavail 0 addr'"));
    free(twice);
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_run),
        cmocka_unit_test(test_every_error_kind),
        cmocka_unit_test(test_overloaded_server),
        cmocka_unit_test(test_broken_reports),
        cmocka_unit_test(test_strictness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
