/* atomicfile.c: writing a results file whole or not at all (a temporary file in the same directory, fsync, rename). */
#include "atomicfile.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* rename is atomic only within one file system: hence a temporary file in
 * the same directory, not in $TMPDIR. fsync before the rename, so that after
 * a crash the name never points at a file whose data never reached the disk. */
int atomic_write(const char *path, int (*fill)(FILE *f, const void *ctx), const void *ctx)
{
    char tmp[PATH_MAX];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(tmp);          /* unique, so concurrent writers never share one */
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int saved = errno;
        close(fd);
        unlink(tmp);
        errno = saved;
        return -1;
    }
    errno = 0;
    /* 0644: mkstemp makes the file 0600, and results are meant to be shared. */
    int ok = fill(f, ctx) == 0 && fflush(f) == 0 && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
    int err = ok ? 0 : errno ? errno : EIO;
    if (fclose(f) != 0 && !err)
        err = errno;
    if (!err && rename(tmp, path) != 0)
        err = errno;
    if (!err)
        return 0;
    unlink(tmp);
    errno = err;
    return -1;
}

static int print_json(FILE *f, const void *doc)
{
    char *text = cJSON_Print(doc);
    int rc = text && fputs(text, f) >= 0 && fputc('\n', f) != EOF ? 0 : -1;
    if (!text)
        errno = ENOMEM;
    cJSON_free(text);
    return rc;
}

int atomic_write_json(const char *path, const cJSON *doc)
{
    return atomic_write(path, print_json, doc);
}
