/* tmptree.c: deletes a unit test's scratch directory tree. */
#include "tmptree.h"

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

int remove_tree(const char *dir)
{
    /* FTW_PHYS: delete the symlinks themselves, never what they point to. */
    return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
