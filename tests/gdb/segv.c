/* segv.c — guest for the gdb stub tests: a store through a null pointer (SIGSEGV), optionally
 * caught by a handler that exits with status 3. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void on_segv(int sig)
{
    static const char msg[] = "caught SIGSEGV\n";
    write(1, msg, sizeof msg - 1);
    _exit(3);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        signal(SIGSEGV, on_segv);
    printf("before\n");
    fflush(stdout);
    *(volatile int *)0 = 1;
    printf("after\n");
    return 0;
}
