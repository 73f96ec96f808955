/*
 * sys_clock.c — setting and tuning clocks: clock_settime, settimeofday, adjtimex, clock_adjtime.
 *
 * All go to the host kernel, which keeps the one system clock: an unprivileged guest gets the
 * host's EPERM for any change, and adjtimex/clock_adjtime with modes 0 read the kernel's clock
 * state. struct timespec, struct timeval, struct timezone and struct timex (the 64-bit
 * __kernel_timex, 208 bytes) are the same on riscv64 and x86-64; the timex is locked in guest
 * memory, read and written back by the host.
 *
 * Threading: any vCPU thread; no state.
 */
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>

#include "sys_extra.h"

_Static_assert(sizeof(struct timex) == 208, "timex");

int64_t sys_clock_settime(struct vcpu *cpu, const uint64_t *a)
{
    struct timespec ts;

    if (mem_copy_from_guest(lx_mem(cpu), &ts, a[1], sizeof(ts)))
        return -EFAULT;
    return lx_err(syscall(SYS_clock_settime, (clockid_t)a[0], &ts));
}

int64_t sys_adjtimex(struct vcpu *cpu, const uint64_t *a)
{
    void *tx = mem_lock(lx_mem(cpu), a[0], sizeof(struct timex), PAGE_READ | PAGE_WRITE);

    return tx ? lx_err(syscall(SYS_adjtimex, tx)) : -EFAULT;
}

int64_t sys_clock_adjtime(struct vcpu *cpu, const uint64_t *a)
{
    void *tx = mem_lock(lx_mem(cpu), a[1], sizeof(struct timex), PAGE_READ | PAGE_WRITE);

    return tx ? lx_err(syscall(SYS_clock_adjtime, (clockid_t)a[0], tx)) : -EFAULT;
}

int64_t sys_settimeofday(struct vcpu *cpu, const uint64_t *a)
{
    struct timeval tv;
    struct timezone tz;

    if (a[0] && mem_copy_from_guest(lx_mem(cpu), &tv, a[0], sizeof(tv)))
        return -EFAULT;
    if (a[1] && mem_copy_from_guest(lx_mem(cpu), &tz, a[1], sizeof(tz)))
        return -EFAULT;
    return lx_err(syscall(SYS_settimeofday, a[0] ? &tv : NULL, a[1] ? &tz : NULL));
}
