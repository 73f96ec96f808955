/*
 * sys_time.c — clocks, sleeps and interval timers, passed through to the host.
 *
 * struct timespec, timeval, tms and itimerval have the same layout on riscv64 and x86-64, and
 * clock ids (including the per-process/thread CPU clocks encoded from pids) are the same, so
 * these are copies through mem_copy_* around the host call. Sleeps are blocking syscalls: an
 * interrupted sleep returns -EINTR (with the remaining time) when a guest handler will run,
 * and continues with the remaining time when the interruption is invisible to the guest.
 *
 * Threading: any vCPU thread; no state.
 */
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "linux.h"

int64_t sys_clock_gettime(struct vcpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    int64_t r = lx_err(clock_gettime((clockid_t)a[0], &ts));

    if (r == 0 && mem_copy_to_guest(lx_mem(cpu), a[1], &ts, sizeof(ts)))
        return -EFAULT;
    return r;
}

int64_t sys_clock_getres(struct vcpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    int64_t r = lx_err(clock_getres((clockid_t)a[0], &ts));

    if (r == 0 && a[1] && mem_copy_to_guest(lx_mem(cpu), a[1], &ts, sizeof(ts)))
        return -EFAULT;
    return r;
}

int64_t sys_gettimeofday(struct vcpu *cpu, const uint64_t *a)
{
    struct timeval tv;
    struct timezone tz;
    int64_t r = lx_err(syscall(SYS_gettimeofday, &tv, &tz));

    if (r < 0)
        return r;
    if (a[0] && mem_copy_to_guest(lx_mem(cpu), a[0], &tv, sizeof(tv)))
        return -EFAULT;
    if (a[1] && mem_copy_to_guest(lx_mem(cpu), a[1], &tz, sizeof(tz)))
        return -EFAULT;
    return 0;
}

static int64_t sleep_common(struct vcpu *cpu, clockid_t clk, int flags, gaddr_t req,
                            gaddr_t rem)
{
    struct timespec rq, rm;
    int64_t r;

    if (mem_copy_from_guest(lx_mem(cpu), &rq, req, sizeof(rq)))
        return -EFAULT;
    /* A host signal the guest does not see (a blocked one, a wake-up) continues the sleep
     * with the time left, as the kernel's restart block does; restarting the ecall would
     * sleep the whole duration again and never end under a fast periodic timer. */
    do {
        rm = rq; /* what is left if the call does not start */
        r = lx_blocking(cpu, false, SYS_clock_nanosleep,
                        (uint64_t[6]){clk, flags, (uintptr_t)&rq, (uintptr_t)&rm});
        if (!(flags & TIMER_ABSTIME))
            rq = rm;
    } while (lx_wait_again(cpu, &r));
    if (r == -EINTR && rem && !(flags & TIMER_ABSTIME) &&
        mem_copy_to_guest(lx_mem(cpu), rem, &rm, sizeof(rm)))
        return -EFAULT;
    return r;
}

int64_t sys_nanosleep(struct vcpu *cpu, const uint64_t *a)
{
    return sleep_common(cpu, CLOCK_MONOTONIC, 0, a[0], a[1]);
}

int64_t sys_clock_nanosleep(struct vcpu *cpu, const uint64_t *a)
{
    return sleep_common(cpu, (clockid_t)a[0], (int)a[1], a[2], a[3]);
}

int64_t sys_times(struct vcpu *cpu, const uint64_t *a)
{
    struct tms t;
    clock_t r = times(&t);

    if (r == (clock_t)-1)
        return -errno;
    if (a[0] && mem_copy_to_guest(lx_mem(cpu), a[0], &t, sizeof(t)))
        return -EFAULT;
    return (int64_t)r;
}

int64_t sys_getitimer(struct vcpu *cpu, const uint64_t *a)
{
    struct itimerval v;
    int64_t r = lx_err(getitimer((int)a[0], &v));

    if (r == 0 && mem_copy_to_guest(lx_mem(cpu), a[1], &v, sizeof(v)))
        return -EFAULT;
    return r;
}

int64_t sys_setitimer(struct vcpu *cpu, const uint64_t *a)
{
    struct itimerval nv = {{0, 0}, {0, 0}}, ov;
    int64_t r;

    if (a[1] && mem_copy_from_guest(lx_mem(cpu), &nv, a[1], sizeof(nv)))
        return -EFAULT;
    r = lx_err(setitimer((int)a[0], &nv, &ov));
    if (r == 0 && a[2] && mem_copy_to_guest(lx_mem(cpu), a[2], &ov, sizeof(ov)))
        return -EFAULT;
    return r;
}
