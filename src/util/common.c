/*
 * common.c — error reporting and allocation helpers that die on failure.
 *
 * Every user-facing error is one line "plume: <what was wrong>" on stderr; fatal ones exit with
 * status 1 through die(). Thread-safe (stdio locks each call). Also the placement of plume's
 * own long-lived descriptors (fd_move_high).
 */
#include "common.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* plume's own descriptors are placed this far below the soft RLIMIT_NOFILE. */
#define OWN_FD_GAP 16

const char *plume_progname = "plume";

static void vmessage(const char *fmt, va_list ap)
{
    char buf[1024];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    fprintf(stderr, "%s: %s\n", plume_progname, buf);
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(fmt, ap);
    va_end(ap);
    exit(1);
}

void warn_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(fmt, ap);
    va_end(ap);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory (%zu bytes)", n);
    return p;
}

void *xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p)
        die("out of memory (%zu x %zu bytes)", n, m);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory (%zu bytes)", n);
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

int fd_move_high(int fd)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < 2 * OWN_FD_GAP)
        return fd;
    rlim_t top = rl.rlim_cur < (1u << 20) ? rl.rlim_cur : 1u << 20;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, (int)(top - OWN_FD_GAP));
    if (high < 0)
        return fd;
    close(fd);
    return high;
}
