/* scratch.c: scratch directories and files for the fuzz targets that read files (fuzz.h). */
#include "fuzz.h"

#include <fcntl.h>
#include <ftw.h>
#include <string.h>
#include <unistd.h>

char *scratch_dir(const char *name)
{
    const char *tmp = getenv("TMPDIR");
    char *path;
    CHECK(asprintf(&path, "%s/fuzz-%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", name) > 0);
    CHECK(mkdtemp(path) != NULL);
    return path;
}

void write_file(const char *dir, const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, data, len) == (ssize_t)len);
    CHECK(close(fd) == 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

void remove_tree(const char *path)
{
    /* FTW_DEPTH: the contents before their directory. */
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
