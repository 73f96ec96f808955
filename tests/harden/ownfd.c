/*
 * ownfd.c — a guest that goes after descriptors it did not open (as daemons and test harnesses
 * do): argv[1] names plume's -D log file. The guest finds that file's descriptor in
 * /proc/self/fd, tries close, dup, dup3 onto it and fcntl on it, closes everything above 2 with
 * close_range, then opens a file (which must get descriptor 3) and makes one more system call
 * (getppid) that the log must still show. Prints one line per step.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *err(long r)
{
    return r < 0 ? strerror(errno) : "ok";
}

int main(int argc, char **argv)
{
    char link[PATH_MAX], full[PATH_MAX];
    int logfd = -1;

    if (argc != 2 || !realpath(argv[1], full))
        return 2;
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char p[300];
        snprintf(p, sizeof(p), "/proc/self/fd/%s", e->d_name);
        ssize_t n = readlink(p, link, sizeof(link) - 1);
        if (n > 0 && e->d_name[0] != '.') {
            link[n] = 0;
            if (!strcmp(link, full))
                logfd = atoi(e->d_name);
        }
    }
    if (d)
        closedir(d);
    printf("log descriptor above 2: %s\n", logfd > 2 ? "yes" : "no");
    if (logfd > 2) {
        printf("close: %s\n", err(close(logfd)));
        printf("dup: %s\n", err(dup(logfd)));
        printf("dup3 onto: %s\n", err(dup3(1, logfd, 0)));
        printf("dup3 from: %s\n", err(dup3(logfd, 10, 0)));
        printf("fcntl F_GETFD: %s\n", err(fcntl(logfd, F_GETFD)));
        printf("fcntl F_SETFD: %s\n", err(fcntl(logfd, F_SETFD, 0)));
    }
    printf("close_range(3, ~0): %s\n", err(syscall(SYS_close_range, 3, ~0u, 0)));
    printf("close_range(3, 3) of a closed descriptor: %s\n",
           err(syscall(SYS_close_range, 3, 3, 0)));
    printf("close_range(5, 4): %s\n", err(syscall(SYS_close_range, 5, 4, 0)));
    int fd = open("/dev/null", O_RDONLY);
    printf("next open: %d\n", fd);
    fflush(stdout);
    getppid();
    return 0;
}
