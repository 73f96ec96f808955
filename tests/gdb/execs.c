/* execs.c — for t_options' execve case: without arguments, print and exec itself with "child";
 * the child prints and exits 7. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1) {
        printf("child runs\n");
        return 7;
    }
    printf("parent execs\n");
    fflush(stdout);
    execl(argv[0], argv[0], "child", (char *)NULL);
    perror("execl");
    return 1;
}
