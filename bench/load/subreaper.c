/* subreaper.c: runs a command as a child subreaper, so that the orphans it
 * leaves (the double-fork server's grandchildren) are adopted and reaped
 * here, as a well-behaved init would do. In a container whose PID 1 never
 * calls wait, they would otherwise stay zombies until PIDs run out.
 *   usage: subreaper COMMAND [ARGS...]
 * SIGTERM and SIGINT are passed on to COMMAND; the exit status is COMMAND's,
 * once every adopted orphan has been reaped too. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t command_pid;

static void forward(int sig)
{
    if (command_pid > 0)
        kill(command_pid, sig);
}

static void install_forwarding(void)
{
    struct sigaction sa = { .sa_handler = forward, .sa_flags = SA_RESTART };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: subreaper COMMAND [ARGS...]\n");
        return 2;
    }
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
        perror("subreaper: prctl");
        return 1;
    }
    install_forwarding();
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        fprintf(stderr, "subreaper: %s: %s\n", argv[1], strerror(errno));
        _exit(127);
    }
    command_pid = pid;
    int status, exit_status = 1;
    pid_t done;
    /* wait() returns for the command and for every orphan we adopted; it
     * fails with ECHILD only when no descendant is left. */
    while ((done = wait(&status)) > 0 || errno == EINTR)
        if (done == pid)
            exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_status;
}
