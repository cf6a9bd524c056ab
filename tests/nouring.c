/* nouring.c: runs a command on a stand-in for a machine without io_uring:
 *
 *   nouring ENOSYS|EPERM COMMAND [ARG...]
 *
 * A seccomp filter makes io_uring_setup fail with ENOSYS (what a kernel
 * older than 5.1, or one built without io_uring, answers) or EPERM (what
 * kernel.io_uring_disabled=2 answers, and =1 outside io_uring_group), then
 * COMMAND is executed under it; every other system call is allowed. The
 * filter is inherited across execve and cannot be removed, and it needs
 * no privilege once no_new_privs is set. io_uring_setup has the same
 * number on every architecture (it came after the numbers were unified),
 * so the filter does not look at the architecture. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int deny(int err)
{
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((unsigned)err & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof code / sizeof *code, code };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    int err = argc < 3 ? 0 : strcmp(argv[1], "ENOSYS") == 0 ? ENOSYS : strcmp(argv[1], "EPERM") == 0 ? EPERM : 0;
    if (err == 0) {
        fprintf(stderr, "usage: nouring ENOSYS|EPERM COMMAND [ARG...]\n");
        return 2;
    }
    if (deny(err) < 0) {
        perror("nouring: seccomp");
        return 1;
    }
    execvp(argv[2], argv + 2);
    fprintf(stderr, "nouring: %s: %s\n", argv[2], strerror(errno));
    return 127;
}
