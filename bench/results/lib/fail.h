/* fail.h: the one-line error convention of every results program: "prog: what: why" on stderr. */
#ifndef FAIL_H
#define FAIL_H

/* Prints the program's name, ": ", the message and a newline on stderr;
 * returns status, for `return fail(2, "...")`. */
int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "prog: what: strerror(errno)"; returns status. */
int fail_errno(int status, const char *what);

#endif
