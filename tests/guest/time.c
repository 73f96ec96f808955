/*
 * time.c — clocks and sleeping, printed as booleans only (no real times in stdout):
 * CLOCK_MONOTONIC never goes backwards over many reads, nanosleep of 10 ms takes at least 10 ms
 * on the monotonic clock (and less than 2 s), clock_nanosleep relative, gettimeofday and
 * CLOCK_REALTIME agree with time() and are after 2020, clock_getres succeeds, the CPU-time clocks
 * advance, times() works; localtime_r/gmtime_r/mktime/strftime of a fixed time_t with TZ=UTC.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

static long long ns_of(const struct timespec *t)
{
    return t->tv_sec * 1000000000ll + t->tv_nsec;
}

int main(void)
{
    struct timespec a, b, r;
    int mono_ok = 1;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ns_of(&b) < ns_of(&a))
            mono_ok = 0;
        a = b;
    }
    printf("monotonic nondecreasing: %d\n", mono_ok);

    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec req = {0, 10 * 1000 * 1000}, rem = {0, 0};
    int rc = nanosleep(&req, &rem);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long d = ns_of(&b) - ns_of(&a);
    printf("nanosleep rc %d, >= 10 ms: %d, < 2 s: %d\n", rc, d >= 10000000, d < 2000000000);

    clock_gettime(CLOCK_MONOTONIC, &a);
    req.tv_nsec = 5 * 1000 * 1000;
    rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("clock_nanosleep rc %d, >= 5 ms: %d\n", rc, ns_of(&b) - ns_of(&a) >= 5000000);

    struct timeval tv;
    rc = gettimeofday(&tv, NULL);
    time_t now = time(NULL);
    clock_gettime(CLOCK_REALTIME, &r);
    printf("gettimeofday rc %d, after 2020: %d, usec in range: %d\n", rc, tv.tv_sec > 1577836800,
           tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    printf("time() close to gettimeofday: %d, realtime close: %d\n",
           now - tv.tv_sec >= 0 && now - tv.tv_sec <= 2, r.tv_sec - tv.tv_sec <= 2);

    printf("clock_getres monotonic rc %d positive %d\n", clock_getres(CLOCK_MONOTONIC, &r),
           ns_of(&r) > 0 && ns_of(&r) <= 1000000);
    printf("clock_getres realtime rc %d\n", clock_getres(CLOCK_REALTIME, &r));

    struct timespec c1, c2;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    volatile unsigned long spin = 0;
    for (unsigned long i = 0; i < 3000000; i++)
        spin += i;
    rc = clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c2);
    printf("process cputime rc %d advanced %d\n", rc, ns_of(&c2) > ns_of(&c1));
    printf("thread cputime rc %d\n", clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c2));
    printf("boottime rc %d coarse rc %d\n", clock_gettime(CLOCK_BOOTTIME, &c2),
           clock_gettime(CLOCK_MONOTONIC_COARSE, &c2));
    struct tms t;
    printf("times ok %d\n", times(&t) != (clock_t)-1);

    setenv("TZ", "UTC", 1);
    tzset();
    time_t fixed = 1700000000;
    struct tm tm;
    localtime_r(&fixed, &tm);
    printf("localtime fields ok: %d\n", tm.tm_year == 123 && tm.tm_mon == 10 &&
           tm.tm_mday == 14 && tm.tm_hour == 22 && tm.tm_min == 13 && tm.tm_sec == 20 &&
           tm.tm_wday == 2 && tm.tm_yday == 317);
    char buf[64];
    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a %b %j", &tm);
    printf("strftime ok: %d\n", !strcmp(buf, "2023-11-14 22:13:20 Tue Nov 318"));
    struct tm g;
    gmtime_r(&fixed, &g);
    printf("gmtime equals localtime: %d\n", !memcmp(&g, &tm, offsetof(struct tm, tm_isdst)));
    printf("mktime round trip: %d\n", mktime(&tm) == fixed);
    return 0;
}
