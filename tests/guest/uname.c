/*
 * uname.c — what the guest learns about the machine: uname() machine is riscv64 and sysname
 * Linux (release/version non-empty, printed as booleans), sysconf page size, and the hwcap-free
 * facts glibc derives (sizeof long, pointer, long double; byte order).
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
    struct utsname u;
    int rc = uname(&u);
    printf("uname rc %d sysname %s machine %s\n", rc, u.sysname, u.machine);
    printf("release non-empty %d version non-empty %d nodename non-empty %d\n",
           u.release[0] != 0, u.version[0] != 0, u.nodename[0] != 0);
    printf("page size %ld\n", sysconf(_SC_PAGESIZE));
    unsigned int one = 1;
    printf("sizeof long %zu pointer %zu long double %zu little endian %d\n", sizeof(long),
           sizeof(void *), sizeof(long double), *(unsigned char *)&one == 1);
    return 0;
}
