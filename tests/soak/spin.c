/*
 * spin.c — the long-run guest: a long integer loop with periodic "service" work.
 *
 * Usage: spin iterations [service-interval [min-seconds]]
 * The loop runs xorshift64 and a multiply-xor accumulator for `iterations` rounds (a fixed
 * handful of instructions each) and prints the rounds done and a checksum that a native build
 * of this file reproduces for that many rounds. With min-seconds (and a service interval) it
 * goes on, a service interval at a time, until that much wall time (CLOCK_MONOTONIC) has passed
 * as well, so that a run lasts long enough to be sampled whatever the emulator's speed. With a
 * service interval (in iterations, 0 = none), every interval it also does what long-running
 * programs do and what could leak inside an emulator over time: malloc/free
 * (small and mmap-sized), anonymous mmap/munmap, open/close of /dev/null, clock_gettime, a
 * short-lived thread (create, join) and, throughout, a 5 ms interval timer whose SIGALRM handler
 * counts ticks. The last line reports the service counts; the checksum does not depend on them.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;

static void on_alarm(int sig)
{
    (void)sig;
    ticks++;
}

static void *thread_work(void *arg)
{
    uint64_t v = (uintptr_t)arg;
    for (int i = 0; i < 1000; i++)
        v = v * 6364136223846793005ull + 1442695040888963407ull;
    return (void *)(uintptr_t)v;
}

/* One round of service work; returns 0 on success. */
static int service(uint64_t seed)
{
    size_t small = 16 + (seed & 1023), large = (256 << 10) + (seed & 0xffff);
    char *a = malloc(small), *b = malloc(large);
    if (!a || !b)
        return 1;
    memset(a, 1, small);
    memset(b, 2, large);
    free(a);
    free(b);
    char *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return 1;
    m[seed & 0xfffff] = 1;
    munmap(m, 1 << 20);
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0 || write(fd, "x", 1) != 1)
        return 1;
    close(fd);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    pthread_t t;
    void *r;
    if (pthread_create(&t, NULL, thread_work, (void *)(uintptr_t)seed) != 0)
        return 1;
    pthread_join(t, &r);
    return 0;
}

/* Whether less than secs seconds have passed since t0 (never, when secs is 0). */
static int more_time(const struct timespec *t0, double secs)
{
    struct timespec t;
    if (secs <= 0)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) * 1e-9 < secs;
}

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 1000000;
    uint64_t interval = argc > 2 ? strtoull(argv[2], NULL, 0) : 0;
    double min_secs = argc > 3 && interval ? strtod(argv[3], NULL) : 0;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t x = 0x9e3779b97f4a7c15ull, acc = 0, services = 0, service_errors = 0;

    if (interval) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;
        sa.sa_flags = SA_RESTART;
        sigaction(SIGALRM, &sa, NULL);
        struct itimerval it = {{0, 5000}, {0, 5000}};
        setitimer(ITIMER_REAL, &it, NULL);
    }
    uint64_t i = 0;
    while (i < n || more_time(&t0, min_secs)) {
        uint64_t stop = interval && (i >= n || n - i > interval) ? i + interval : n;
        for (; i < stop; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            acc = (acc ^ x) * 0x100000001b3ull;
        }
        if (interval && (i < n || more_time(&t0, min_secs))) {
            service_errors += service(x) != 0;
            services++;
        }
    }
    if (interval) {
        struct itimerval off = {{0, 0}, {0, 0}};
        setitimer(ITIMER_REAL, &off, NULL);
    }
    printf("spin: %llu iterations, checksum %016llx\n", (unsigned long long)i,
           (unsigned long long)acc);
    if (interval)
        printf("spin: %llu services, %llu failed, %s\n", (unsigned long long)services,
               (unsigned long long)service_errors, ticks > 0 ? "timer ticks seen" : "NO TICKS");
    return service_errors != 0;
}
