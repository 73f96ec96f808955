/*
 * ownfd_plugin.c — a guest that goes after the plugin core's /proc/self/mem descriptor. Run
 * under the memread test plugin: syscall 500 makes the plugin read a PROT_NONE page (which the
 * core can only do through /proc/self/mem). The guest then finds that descriptor in
 * /proc/self/fd, tries close and dup3 onto it, closes everything above 2 with close_range and
 * asks the plugin to read again, which must still work. Prints one line per step.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
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

int main(void)
{
    char link[256], want[64];
    int memfd = -1;
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (page == MAP_FAILED)
        return 2;
    strcpy(page, "guest bytes");
    mprotect(page, 4096, PROT_NONE);
    fflush(stdout);
    syscall(500, page, 11);
    snprintf(want, sizeof(want), "/proc/%d/mem", (int)getpid());
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char p[300];
        snprintf(p, sizeof(p), "/proc/self/fd/%s", e->d_name);
        ssize_t n = readlink(p, link, sizeof(link) - 1);
        if (n > 0 && e->d_name[0] != '.') {
            link[n] = 0;
            if (!strcmp(link, want))
                memfd = atoi(e->d_name);
        }
    }
    if (d)
        closedir(d);
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
