/*
 * sys_sched.c — scheduling: policies and parameters, CPU affinity, round-robin interval, nice
 * values (getpriority/setpriority) and I/O priorities.
 *
 * Guest threads are host threads with the same tids, so every call goes to the host kernel for
 * the same target and means the same thing there. struct sched_param (one int), struct
 * sched_attr (size-versioned, u32 size first) and the CPU mask are the same on both sides.
 * getpriority returns the kernel's raw 20 - nice (1..40), which the guest's libc converts, so
 * it is made as a raw host syscall, not through the host libc's wrapper.
 *
 * Threading: any vCPU thread; no state.
 */
#include <sched.h>

#include "sys_extra.h"

/* Oldest struct sched_attr size (SCHED_ATTR_SIZE_VER0) and the largest the kernel reads. */
#define SCHED_ATTR_SIZE_VER0 48
#define SCHED_ATTR_SIZE_MAX 4096

int64_t sys_sched_setparam(struct vcpu *cpu, const uint64_t *a)
{
    int prio;

    if (!a[1] || (pid_t)a[0] < 0)
        return -EINVAL;
    if (mem_copy_from_guest(lx_mem(cpu), &prio, a[1], sizeof(prio)))
        return -EFAULT;
    return lx_err(syscall(SYS_sched_setparam, (pid_t)a[0], &prio));
}

int64_t sys_sched_getparam(struct vcpu *cpu, const uint64_t *a)
{
    int prio;
    int64_t r;

    if (!a[1] || (pid_t)a[0] < 0)
        return -EINVAL;
    r = lx_err(syscall(SYS_sched_getparam, (pid_t)a[0], &prio));
    if (r == 0 && mem_copy_to_guest(lx_mem(cpu), a[1], &prio, sizeof(prio)))
        return -EFAULT;
    return r;
}

int64_t sys_sched_setscheduler(struct vcpu *cpu, const uint64_t *a)
{
    int prio;

    if (!a[2] || (int)a[1] < 0 || (pid_t)a[0] < 0)
        return -EINVAL;
    if (mem_copy_from_guest(lx_mem(cpu), &prio, a[2], sizeof(prio)))
        return -EFAULT;
    return lx_err(syscall(SYS_sched_setscheduler, (pid_t)a[0], (int)a[1], &prio));
}

int64_t sys_sched_getscheduler(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_sched_getscheduler, (pid_t)a[0]));
}

int64_t sys_sched_setaffinity(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_sched_setaffinity, (pid_t)a[0], (size_t)a[1],
                          sx_buf_or_null(cpu, a[2], a[1], PAGE_READ)));
}

int64_t sys_sched_get_priority_max(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_sched_get_priority_max, (int)a[0]));
}

int64_t sys_sched_get_priority_min(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_sched_get_priority_min, (int)a[0]));
}

int64_t sys_sched_rr_get_interval(struct vcpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    int64_t r = lx_err(syscall(SYS_sched_rr_get_interval, (pid_t)a[0], &ts));

    if (r == 0 && mem_copy_to_guest(lx_mem(cpu), a[1], &ts, sizeof(ts)))
        return -EFAULT;
    return r;
}

int64_t sys_sched_setattr(struct vcpu *cpu, const uint64_t *a)
{
    uint32_t size;
    void *attr = NULL;

    /* The kernel reads size bytes (0 means the first version) and writes the size it expects
     * back when it is unsupported. */
    if (a[1]) {
        if (mem_copy_from_guest(lx_mem(cpu), &size, a[1], sizeof(size)))
            return -EFAULT;
        if (size < SCHED_ATTR_SIZE_VER0)
            size = SCHED_ATTR_SIZE_VER0;
        if (size > SCHED_ATTR_SIZE_MAX)
            size = SCHED_ATTR_SIZE_MAX;
        attr = mem_lock(lx_mem(cpu), a[1], size, PAGE_READ | PAGE_WRITE);
        if (!attr)
            return -EFAULT;
    }
    return lx_err(syscall(SYS_sched_setattr, (pid_t)a[0], attr, (unsigned)a[2]));
}

int64_t sys_sched_getattr(struct vcpu *cpu, const uint64_t *a)
{
    void *attr = NULL;

    if (a[1] && a[2] >= SCHED_ATTR_SIZE_VER0 && a[2] <= SCHED_ATTR_SIZE_MAX) {
        attr = mem_lock(lx_mem(cpu), a[1], a[2], PAGE_WRITE);
        if (!attr)
            return -EFAULT;
    }
    return lx_err(syscall(SYS_sched_getattr, (pid_t)a[0], attr, (unsigned)a[2], (unsigned)a[3]));
}

int64_t sys_getpriority(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_getpriority, (int)a[0], (int)a[1]));
}

int64_t sys_setpriority(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_setpriority, (int)a[0], (int)a[1], (int)a[2]));
}

int64_t sys_ioprio_set(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_ioprio_set, (int)a[0], (int)a[1], (int)a[2]));
}

int64_t sys_ioprio_get(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_ioprio_get, (int)a[0], (int)a[1]));
}
