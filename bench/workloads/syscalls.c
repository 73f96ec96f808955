/*
 * syscalls.c — a system-call-heavy loop: getppid, write of a small buffer to /dev/null,
 * clock_gettime(CLOCK_MONOTONIC), getpid and a 0-byte read, over and over. The checksum counts
 * successful calls and monotonic clock readings (never their values), so it is the same on
 * every host. Usage: syscalls [scale]. Single-threaded.
 */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

int main(int argc, char **argv)
{
    long units = bench_units(argc > 1 ? argv[1] : NULL, 20000);
    int fd = open("/dev/null", O_RDWR);
    if (fd < 0) {
        printf("syscalls: cannot open /dev/null\n");
        return 1;
    }
    char buf[64] = "syscall benchmark payload";
    struct timespec prev = {0, 0};
    uint64_t ok = 0, monotonic = 0;
    for (long u = 0; u < units; u++) {
        for (int i = 0; i < 100; i++) {
            ok += getppid() > 0;
            ok += write(fd, buf, 16 + (size_t)(i & 15)) == (ssize_t)(16 + (i & 15));
            struct timespec now;
            ok += clock_gettime(CLOCK_MONOTONIC, &now) == 0;
            monotonic += now.tv_sec > prev.tv_sec ||
                         (now.tv_sec == prev.tv_sec && now.tv_nsec >= prev.tv_nsec);
            prev = now;
            ok += getpid() > 0;
            ok += read(fd, buf, 0) == 0;
        }
    }
    close(fd);
    bench_report("syscalls", units, bench_mix(ok, monotonic));
    return 0;
}
