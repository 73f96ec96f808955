/*
 * sys_paths.c — the one- and two-path syscalls through raw syscall(2), in a temp dir: mkdirat,
 * mknodat (FIFO), symlinkat, linkat, renameat2 (RENAME_NOREPLACE), faccessat, faccessat2 with
 * and without flags, fchmodat, fchownat, statfs/fstatfs, truncate, newfstatat, statx, chdir,
 * unlinkat; each also with a bad path pointer (either path of the two-path calls) or a bad
 * result buffer, which must give EFAULT. Prints deterministic lines only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "raw_syscall.h"

int main(void)
{
    char dir[] = "/tmp/plume-paths-XXXXXX";
    const char *names[] = {"f", "fifo", "sl", "hl4"};
    struct statfs sf;
    struct stat st;
    char sx[256];
    int fd;

    if (!mkdtemp(dir) || chdir(dir) != 0)
        return 1;
    show("mkdirat", syscall(SYS_mkdirat, AT_FDCWD, "sub", 0755));
    show("mkdirat bad", syscall(SYS_mkdirat, AT_FDCWD, BAD, 0755));
    show("mknodat fifo", syscall(SYS_mknodat, AT_FDCWD, "fifo", S_IFIFO | 0600, 0));
    show("mknodat bad", syscall(SYS_mknodat, AT_FDCWD, BAD, S_IFIFO | 0600, 0));
    show("symlinkat", syscall(SYS_symlinkat, "fifo", AT_FDCWD, "sl"));
    show("symlinkat bad target", syscall(SYS_symlinkat, BAD, AT_FDCWD, "sl2"));
    show("symlinkat bad path", syscall(SYS_symlinkat, "fifo", AT_FDCWD, BAD));
    show("symlinkat exists", syscall(SYS_symlinkat, "x", AT_FDCWD, "sl"));
    show("linkat", syscall(SYS_linkat, AT_FDCWD, "fifo", AT_FDCWD, "hl", 0));
    show("linkat bad from", syscall(SYS_linkat, AT_FDCWD, BAD, AT_FDCWD, "hl2", 0));
    show("linkat bad to", syscall(SYS_linkat, AT_FDCWD, "fifo", AT_FDCWD, BAD, 0));
    show("linkat missing", syscall(SYS_linkat, AT_FDCWD, "nope", AT_FDCWD, "hl3", 0));
    show("renameat2", syscall(SYS_renameat2, AT_FDCWD, "hl", AT_FDCWD, "hl4", 0));
    show("renameat2 noreplace", syscall(SYS_renameat2, AT_FDCWD, "hl4", AT_FDCWD, "sl", 1));
    show("renameat2 bad from", syscall(SYS_renameat2, AT_FDCWD, BAD, AT_FDCWD, "x", 0));
    show("renameat2 bad to", syscall(SYS_renameat2, AT_FDCWD, "hl4", AT_FDCWD, BAD, 0));
    show("faccessat", syscall(SYS_faccessat, AT_FDCWD, "fifo", R_OK));
    show("faccessat2 0", syscall(SYS_faccessat2, AT_FDCWD, "fifo", R_OK, 0));
    show("faccessat2 eaccess", syscall(SYS_faccessat2, AT_FDCWD, "fifo", R_OK, AT_EACCESS));
    show("faccessat2 nofollow", syscall(SYS_faccessat2, AT_FDCWD, "sl", F_OK, AT_SYMLINK_NOFOLLOW));
    show("faccessat2 bad", syscall(SYS_faccessat2, AT_FDCWD, BAD, R_OK, 0));
    show("faccessat2 bad flag", syscall(SYS_faccessat2, AT_FDCWD, "fifo", R_OK, 0x40000));
    show("fchmodat", syscall(SYS_fchmodat, AT_FDCWD, "fifo", 0644));
    show("fchmodat bad", syscall(SYS_fchmodat, AT_FDCWD, BAD, 0644));
    show("fchownat", syscall(SYS_fchownat, AT_FDCWD, "fifo", -1, -1, 0));
    show("fchownat bad", syscall(SYS_fchownat, AT_FDCWD, BAD, -1, -1, 0));
    show("statfs", syscall(SYS_statfs, ".", &sf));
    show("statfs bad buf", syscall(SYS_statfs, ".", BAD));
    show("statfs bad path", syscall(SYS_statfs, BAD, &sf));
    show("fstatfs bad buf", syscall(SYS_fstatfs, 0, BAD));
    fd = open("f", O_CREAT | O_WRONLY, 0600);
    show("truncate", syscall(SYS_truncate, "f", 100));
    show("truncate bad", syscall(SYS_truncate, BAD, 100));
    show("newfstatat", syscall(SYS_newfstatat, AT_FDCWD, "f", &st, 0));
    printf("size %ld\n", (long)st.st_size);
    show("newfstatat bad buf", syscall(SYS_newfstatat, AT_FDCWD, "f", BAD, 0));
    show("newfstatat bad path", syscall(SYS_newfstatat, AT_FDCWD, BAD, &st, 0));
    show("statx", syscall(SYS_statx, AT_FDCWD, "f", 0, 0x7ff, sx));
    show("statx bad buf", syscall(SYS_statx, AT_FDCWD, "f", 0, 0x7ff, BAD));
    show("statx bad path", syscall(SYS_statx, AT_FDCWD, BAD, 0, 0x7ff, sx));
    show("chdir bad", syscall(SYS_chdir, BAD));
    show("unlinkat bad", syscall(SYS_unlinkat, AT_FDCWD, BAD, 0));
    close(fd);
    for (int i = 0; i < 4; i++)
        show(names[i], syscall(SYS_unlinkat, AT_FDCWD, names[i], 0));
    show("unlinkat dir", syscall(SYS_unlinkat, AT_FDCWD, "sub", AT_REMOVEDIR));
    show("chdir", syscall(SYS_chdir, "/"));
    show("rmdir", rmdir(dir));
    return 0;
}
