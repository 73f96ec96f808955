/*
 * proc_exe.c — /proc/self/exe as the guest sees it: readlink gives a path whose basename is this
 * program's (only the basename is printed, and whether it equals basename(argv[0])), opening it
 * yields the guest ELF (magic, ELFCLASS64, e_machine EM_RISCV) rather than the emulator, and
 * realpath agrees with readlink. Also /proc/self/cmdline holds argv, and /proc/self/fd lists
 * the stdio descriptors (printed as booleans).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *base_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
    char link[PATH_MAX] = {0};
    ssize_t n = readlink("/proc/self/exe", link, sizeof(link) - 1);
    printf("readlink ok %d absolute %d\n", n > 0, link[0] == '/');
    printf("basename %s matches argv[0] %d\n", base_of(link), !strcmp(base_of(link),
                                                                        base_of(argv[0])));
    char *real = realpath("/proc/self/exe", NULL);
    printf("realpath agrees %d\n", real && !strcmp(real, link));
    free(real);

    int fd = open("/proc/self/exe", O_RDONLY);
    Elf64_Ehdr eh;
    memset(&eh, 0, sizeof(eh));
    ssize_t got = fd >= 0 ? read(fd, &eh, sizeof(eh)) : -1;
    printf("open ok %d read full header %d\n", fd >= 0, got == (ssize_t)sizeof(eh));
    printf("magic ok %d class64 %d machine %d (riscv %d) type exec-or-dyn %d\n",
           !memcmp(eh.e_ident, ELFMAG, SELFMAG), eh.e_ident[EI_CLASS] == ELFCLASS64,
           eh.e_machine, eh.e_machine == EM_RISCV, eh.e_type == ET_EXEC || eh.e_type == ET_DYN);
    if (fd >= 0)
        close(fd);

    char cmd[4096];
    fd = open("/proc/self/cmdline", O_RDONLY);
    n = fd >= 0 ? read(fd, cmd, sizeof(cmd)) : -1;
    int args = 0, ok = 1;
    for (ssize_t off = 0; off < n; off += strlen(cmd + off) + 1) {
        if (args < argc && strcmp(cmd + off, argv[args]) != 0)
            ok = 0;
        args++;
    }
    printf("cmdline has %d args (argc %d), all equal %d\n", args, argc, ok);
    if (fd >= 0)
        close(fd);
    printf("fd 0 1 2 present %d %d %d\n", access("/proc/self/fd/0", F_OK) == 0,
           access("/proc/self/fd/1", F_OK) == 0, access("/proc/self/fd/2", F_OK) == 0);
    return 0;
}
