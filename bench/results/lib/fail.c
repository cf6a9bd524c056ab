/* fail.c: the one-line error convention of every results program: "prog: what: why" on stderr. */
#include "fail.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* The name the program was started as: its messages read "plotdata: ...". */
    fprintf(stderr, "%s: ", program_invocation_short_name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return status;
}

int fail_errno(int status, const char *what)
{
    return fail(status, "%s: %s", what, strerror(errno));
}
