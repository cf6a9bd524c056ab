/* exec_target.c: the tiny program fork_latency execs; it exits at once with status 0. */
int main(void)
{
    return 0;
}
