/*
 * auxv.c — the auxiliary vector as glibc's getauxval sees it: AT_PAGESZ, AT_HWCAP masked to the
 * IMAFDC letters (0x112d), and booleans for AT_RANDOM (non-null, 16 readable bytes), AT_ENTRY,
 * AT_PHDR, AT_PHENT, AT_PHNUM, AT_UID/AT_EUID/AT_GID/AT_EGID matching the process, AT_SECURE,
 * AT_CLKTCK matching sysconf, AT_EXECFN naming this program, and AT_BASE (the interpreter, only
 * for dynamic executables).
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
    printf("AT_HWCAP & 0x112d = %#lx\n", getauxval(AT_HWCAP) & 0x112d);
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    unsigned x = 0;
    for (int i = 0; rnd && i < 16; i++)
        x |= rnd[i];
    printf("AT_RANDOM non-null %d (bytes readable %d)\n", rnd != NULL, rnd != NULL && x != 0);
    printf("AT_ENTRY non-zero %d\n", getauxval(AT_ENTRY) != 0);
    printf("AT_PHDR non-zero %d AT_PHENT %lu AT_PHNUM non-zero %d\n", getauxval(AT_PHDR) != 0,
           getauxval(AT_PHENT), getauxval(AT_PHNUM) != 0);
    printf("ids match %d %d %d %d\n", getauxval(AT_UID) == getuid(),
           getauxval(AT_EUID) == geteuid(), getauxval(AT_GID) == getgid(),
           getauxval(AT_EGID) == getegid());
    printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
    printf("AT_CLKTCK matches sysconf %d\n",
           (long)getauxval(AT_CLKTCK) == sysconf(_SC_CLK_TCK));
    const char *fn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN equals argv[0] %d\n", fn && !strcmp(fn, argv[0]));
    printf("AT_BASE non-zero %d\n", getauxval(AT_BASE) != 0);
    return argc < 1;
}
