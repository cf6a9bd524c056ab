/* tmptree.h: a unit test's scratch directory tree (test_index.c, test_freeze.c). */
#ifndef TMPTREE_H
#define TMPTREE_H

/* Deletes dir and everything below it; symlinks themselves, never what they
 * point to. Returns 0, or -1 as nftw. */
int remove_tree(const char *dir);

#endif
