/* test_results.c: the results library's files, paths and number formats (bench/results/lib):
 * what a reader accepts, what a writer leaves behind, how numbers read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "format.h"
#include "jsonfile.h"
#include "jsonpath.h"

/* A fresh directory for each test, and dir/name in path. */
static char dir[64], path[128];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/results-test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    char file[400];
    while (d && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.') {
            snprintf(file, sizeof file, "%s/%s", dir, e->d_name);
            unlink(file);
        }
    if (d)
        closedir(d);
    return rmdir(dir);
}

static void write_text(const char *name, const char *text)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int entries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    while (d && readdir(d))
        n++;
    closedir(d);
    return n - 2;   /* . and .. */
}

/* ---- jsonfile ---- */

static void test_load_reads_one_document(void **state)
{
    (void)state;
    write_text("a.json", "{\"schema\": \"searchbench.runs\", \"version\": 1}\n");
    cJSON *doc = json_load_schema(path, &(struct schema){"searchbench.runs", 1, 0}, NULL);
    assert_non_null(doc);
    cJSON_Delete(doc);
}

static void test_load_refuses_trailing_bytes(void **state)
{
    (void)state;
    write_text("a.json", "{\"a\": 1} trailing");
    assert_null(json_load(path, NULL));
}

static void test_load_missing_is_quiet_when_asked(void **state)
{
    (void)state;
    bool missing = false;
    snprintf(path, sizeof path, "%s/absent.json", dir);
    assert_null(json_load(path, &missing));
    assert_true(missing);
    write_text("bad.json", "{");
    assert_null(json_load(path, &missing));
    assert_false(missing);
}

static void test_schema_check_refuses_other_versions_and_names(void **state)
{
    (void)state;
    static const struct schema runs = {"searchbench.runs", 1, 0};
    const char *docs[] = {
        "{\"schema\": \"searchbench.runs\", \"version\": 3}",
        "{\"schema\": \"searchbench.runs\", \"version\": \"1\"}",
        "{\"schema\": \"searchbench.runs\"}",
        "{\"schema\": \"searchbench.env\", \"version\": 1}",
        "[1]",
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        cJSON *doc = cJSON_Parse(docs[i]);
        assert_non_null(doc);
        assert_int_equal(schema_check(doc, "x.json", &runs), -1);
        cJSON_Delete(doc);
    }
}

/* runs.json version 2 readers read version 1 too, and nothing else. */
static void test_schema_check_accepts_a_range(void **state)
{
    (void)state;
    static const struct schema runs = {"searchbench.runs", 2, 1};
    static const char *const versions[] = {"0", "1", "1.5", "2", "3"};
    static const int ok[] = {-1, 0, -1, 0, -1};
    for (size_t i = 0; i < sizeof versions / sizeof *versions; i++) {
        char text[64];
        snprintf(text, sizeof text, "{\"schema\": \"searchbench.runs\", \"version\": %s}", versions[i]);
        cJSON *doc = cJSON_Parse(text);
        assert_non_null(doc);
        assert_int_equal(schema_check(doc, "x.json", &runs), ok[i]);
        cJSON_Delete(doc);
    }
}

static void test_file_read_keeps_every_byte(void **state)
{
    (void)state;
    char big[10000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    write_text("big.txt", big);
    size_t len;
    char *text = file_read(path, &len);
    assert_non_null(text);
    assert_int_equal(len, sizeof big - 1);
    assert_string_equal(text, big);
    free(text);
    assert_null(file_read(dir, &len));   /* a directory is not a file */
}

/* ---- jsonpath ---- */

static void test_paths_reach_members_and_items(void **state)
{
    (void)state;
    cJSON *doc = cJSON_Parse("{\"a\": [10, {\"b\": \"x\"}], \"n\": null, \"ab\": 2, \"t\": true}");
    char buf[32];
    assert_ptr_equal(json_at(doc, ""), doc);
    assert_int_equal((int)json_number(doc, "a.0", -1), 10);
    assert_string_equal(json_text(doc, "a.1.b", buf, sizeof buf), "x");
    assert_null(json_at(doc, "a.2"));
    assert_null(json_at(doc, "a.x"));
    assert_null(json_at(doc, "a.1.b.c"));
    assert_null(json_at(doc, "a"  ".-1"));
    assert_int_equal((int)json_number(doc, "ab", -1), 2);      /* "a" is not a prefix match */
    assert_int_equal((int)json_number(doc, "n", -1), -1);      /* null is no number */
    assert_string_equal(json_text(doc, "n", buf, sizeof buf), "-");
    assert_string_equal(json_text(doc, "t", buf, sizeof buf), "true");
    assert_string_equal(json_text(doc, "a.0", buf, sizeof buf), "10");
    assert_null(json_at(NULL, "a"));
    cJSON_Delete(doc);
}

/* ---- atomicfile ---- */

static int fill_text(FILE *f, const void *ctx)
{
    return fputs(ctx, f) >= 0 ? 0 : -1;
}

static int fill_then_give_up(FILE *f, const void *ctx)
{
    fputs(ctx, f);
    errno = EINVAL;
    return -1;
}

static void test_atomic_write_replaces_whole(void **state)
{
    (void)state;
    struct stat st;
    write_text("f.json", "old");
    assert_int_equal(atomic_write(path, fill_text, "new\n"), 0);
    size_t len;
    char *text = file_read(path, &len);
    assert_string_equal(text, "new\n");
    free(text);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_int_equal(entries(), 1);     /* no temporary file left */
}

static void test_atomic_write_failure_keeps_old_file(void **state)
{
    (void)state;
    write_text("f.json", "old");
    assert_int_equal(atomic_write(path, fill_then_give_up, "half"), -1);
    assert_int_equal(errno, EINVAL);
    size_t len;
    char *text = file_read(path, &len);
    assert_string_equal(text, "old");
    free(text);
    assert_int_equal(entries(), 1);
    snprintf(path, sizeof path, "%s/no/such/dir/f.json", dir);
    assert_int_equal(atomic_write_json(path, NULL), -1);
    assert_int_equal(errno, ENOENT);
}

/* ---- format ---- */

static void test_formats(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(format_count(buf, sizeof buf, 14812.3), "14,812");
    assert_string_equal(format_count(buf, sizeof buf, 1234567), "1,234,567");
    assert_string_equal(format_count(buf, sizeof buf, 999), "999");
    assert_string_equal(format_count(buf, sizeof buf, -1234), "-1,234");
    assert_string_equal(format_round2(buf, sizeof buf, 1000 / 0.26), "3,800");
    assert_string_equal(format_round2(buf, sizeof buf, 1e6 / 171), "5,800");
    assert_string_equal(format_round2(buf, sizeof buf, 26315.8), "26,000");
    assert_string_equal(format_round2(buf, sizeof buf, 1234567), "1,200,000");
    assert_string_equal(format_round2(buf, sizeof buf, 133.4), "130");
    assert_string_equal(format_round2(buf, sizeof buf, 42.6), "43");
    assert_string_equal(format_round2(buf, sizeof buf, -5), "0");
    assert_string_equal(format_us(buf, sizeof buf, 812.4), "812 us");
    assert_string_equal(format_us(buf, sizeof buf, 4100), "4.1 ms");
    assert_string_equal(format_us(buf, sizeof buf, 59000), "59 ms");
    assert_string_equal(format_us(buf, sizeof buf, 2031000), "2.03 s");
    assert_string_equal(format_scaled(buf, sizeof buf, 5620), "5.620k");
    assert_string_equal(format_scaled(buf, sizeof buf, 134000), "134.0k");
    assert_string_equal(format_scaled(buf, sizeof buf, 90), "90.00");
    assert_string_equal(format_scaled(buf, sizeof buf, 2.5e6), "2.500M");
    assert_string_equal(format_count(buf, 6, 1234567), "1,23");     /* cut short to fit, still a string */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_load_reads_one_document, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_load_refuses_trailing_bytes, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_load_missing_is_quiet_when_asked, make_dir, remove_dir),
        cmocka_unit_test(test_schema_check_refuses_other_versions_and_names),
        cmocka_unit_test(test_schema_check_accepts_a_range),
        cmocka_unit_test_setup_teardown(test_file_read_keeps_every_byte, make_dir, remove_dir),
        cmocka_unit_test(test_paths_reach_members_and_items),
        cmocka_unit_test_setup_teardown(test_atomic_write_replaces_whole, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_atomic_write_failure_keeps_old_file, make_dir, remove_dir),
        cmocka_unit_test(test_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
