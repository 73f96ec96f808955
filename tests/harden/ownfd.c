/*
 * ownfd.c — a guest that goes after descriptors it did not open (as daemons and test harnesses
 * do). Prints one line per step.
 *
 * `ownfd LOGFILE`: LOGFILE is plume's -D log. The guest finds that file's descriptor in
 * /proc/self/fd, tries close, dup, dup3 onto it and fcntl on it, closes everything above 2 with
 * close_range, then opens a file (which must get descriptor 3) and makes one more system call
 * (getppid) that the log must still show.
 *
 * `ownfd --plugin`, under the memread test plugin: syscall 500 makes the plugin read a PROT_NONE
 * page (which the plugin core can only do through /proc/self/mem); the guest then finds that
 * descriptor, tries close and dup3 onto it, closes everything above 2 and asks the plugin to
 * read again, which must still work.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *err(long r)
{
    return r < 0 ? strerror(errno) : "ok";
}

/* The descriptor whose /proc/self/fd link reads target, or -1. */
static int fd_of(const char *target)
{
    char link[PATH_MAX];
    int found = -1;
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;

    while (d && (e = readdir(d))) {
        char p[300];
        snprintf(p, sizeof(p), "/proc/self/fd/%s", e->d_name);
        ssize_t n = readlink(p, link, sizeof(link) - 1);
        if (n > 0 && e->d_name[0] != '.') {
            link[n] = 0;
            if (!strcmp(link, target))
                found = atoi(e->d_name);
        }
    }
    if (d)
        closedir(d);
    return found;
}

static int plugin_fd(void)
{
    char want[64];
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (page == MAP_FAILED)
        return 2;
    strcpy(page, "guest bytes");
    mprotect(page, 4096, PROT_NONE);
    fflush(stdout);
    syscall(500, page, 11);
    snprintf(want, sizeof(want), "/proc/%d/mem", (int)getpid());
    int memfd = fd_of(want);
    printf("plugin descriptor above 2: %s\n", memfd > 2 ? "yes" : "no");
    if (memfd > 2) {
        printf("close: %s\n", err(close(memfd)));
        printf("dup3 onto: %s\n", err(dup3(1, memfd, 0)));
    }
    printf("close_range(3, ~0): %s\n", err(syscall(SYS_close_range, 3, ~0u, 0)));
    fflush(stdout);
    syscall(500, page, 11);
    return 0;
}

int main(int argc, char **argv)
{
    char full[PATH_MAX];

    if (argc == 2 && !strcmp(argv[1], "--plugin"))
        return plugin_fd();
    if (argc != 2 || !realpath(argv[1], full))
        return 2;
    int logfd = fd_of(full);
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
