/* fork_latency.c: how long it takes to create a process and wait for it, four ways. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fail.h"
#include "microrun.h"

extern char **environ;

static char target[PATH_MAX];     /* exec_target, next to this binary */
static char *const target_argv[] = {"exec_target", NULL};

static int reap(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return errno;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : MICRO_CHILD_FAILED;
}

static int run_fork(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    return pid < 0 ? errno : reap(pid);
}

/* The child borrows the parent's memory and the parent sleeps until it
 * exits, so nothing is copied however large the parent is. */
static int run_vfork(void)
{
    pid_t pid = vfork();
    if (pid == 0)
        _exit(0);
    return pid < 0 ? errno : reap(pid);
}

static int run_fork_exec(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        execve(target, target_argv, environ);
        _exit(127);
    }
    return pid < 0 ? errno : reap(pid);
}

/* glibc's posix_spawn uses clone(CLONE_VM | CLONE_VFORK): vfork-like cost. */
static int run_posix_spawn(void)
{
    pid_t pid;
    int err = posix_spawn(&pid, target, NULL, NULL, target_argv, environ);
    return err ? err : reap(pid);
}

/* Finds exec_target in the directory of /proc/self/exe, so a sanitizer
 * build execs its own copy. */
static int find_target(void)
{
    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len < 0)
        return fail_errno(-1, "/proc/self/exe");
    self[len] = '\0';
    snprintf(target, sizeof target, "%s/exec_target", dirname(self));
    return access(target, X_OK) == 0 ? 0 : fail_errno(-1, target);
}

/* In the order of the figures: the cheap ways first, then the two that start a program. */
static const struct micro_op ops[] = {
    {"fork", "fork", "fork", "fork + child _exit(0) + parent waitpid", NULL, run_fork},
    {"vfork", "vfork", "vfork", "vfork + child _exit(0) + parent waitpid", NULL, run_vfork},
    {"posix-spawn", "posix_spawn", "spawn", "posix_spawn of exec_target + waitpid", find_target, run_posix_spawn},
    {"fork-exec", "fork+exec", "fork+exec", "fork + execve of exec_target + waitpid", find_target, run_fork_exec},
};

int main(int argc, char **argv)
{
    static const struct micro_program prog = {"fork_latency", ops, sizeof ops / sizeof *ops};
    return micro_main(argc, argv, &prog);
}
