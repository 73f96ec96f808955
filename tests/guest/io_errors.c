/*
 * io_errors.c — read, write, pread64, pwrite64, readv, writev, getsockname and getpeername
 * through raw syscall(2), each also with a bad buffer, iovec array or length pointer (EFAULT), a
 * negative iovec count (EINVAL), a read-only fd (EBADF) and an unconnected socket (ENOTCONN).
 * Prints deterministic lines only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "raw_syscall.h"

int main(void)
{
    char path[] = "/tmp/plume-io-XXXXXX", b[16];
    struct iovec v[2] = {{b, 2}, {b + 2, 2}};
    struct sockaddr_in sa = {.sin_family = AF_INET};
    socklen_t len = sizeof(sa);
    int p[2], fd, s;

    if (pipe(p) != 0)
        return 1;
    show("write", syscall(SYS_write, p[1], "abc", 3));
    show("write bad", syscall(SYS_write, p[1], BAD, 3));
    show("read bad", syscall(SYS_read, p[0], BAD, 3));
    show("read", syscall(SYS_read, p[0], b, 3));
    show("writev", syscall(SYS_writev, p[1], v, 2));
    show("writev bad", syscall(SYS_writev, p[1], BAD, 2));
    show("readv", syscall(SYS_readv, p[0], v, 2));
    show("readv negative", syscall(SYS_readv, p[0], v, -1));

    fd = mkstemp(path);
    if (fd < 0 || write(fd, "0123456789", 10) != 10)
        return 1;
    close(fd);
    fd = open(path, O_RDONLY);
    show("pread64", syscall(SYS_pread64, fd, b, 4, 2));
    printf("%.4s\n", b);
    show("pread64 bad", syscall(SYS_pread64, fd, BAD, 4, 2));
    show("pwrite64 read-only fd", syscall(SYS_pwrite64, fd, b, 4, 2));
    show("pwrite64 bad", syscall(SYS_pwrite64, fd, BAD, 4, 2));
    close(fd);
    unlink(path);

    s = socket(AF_INET, SOCK_STREAM, 0);
    bind(s, (struct sockaddr *)&sa, sizeof(sa));
    show("getsockname", syscall(SYS_getsockname, s, &sa, &len));
    show("getsockname no length", syscall(SYS_getsockname, s, &sa, 0));
    show("getsockname bad address", syscall(SYS_getsockname, s, BAD, &len));
    show("getpeername", syscall(SYS_getpeername, s, &sa, &len));
    show("getpeername no length", syscall(SYS_getpeername, s, &sa, 0));
    close(s);
    return 0;
}
