/*
 * sys_splice.c — moving data between descriptors in the kernel (splice, tee, vmsplice,
 * copy_file_range) and the page-cache hints and syncs (fadvise64, readahead,
 * sync_file_range, syncfs).
 *
 * All are host calls on host fds. The loff_t offsets of splice and copy_file_range are locked
 * guest words the host kernel reads and updates in place; vmsplice's iovecs become host iovecs
 * over locked guest buffers, read when the descriptor is a pipe's write end and written when it
 * is a read end (as the kernel decides from the descriptor's mode). riscv64's fadvise advice
 * values are the generic ones, as x86-64's. Calls that may wait on a pipe or a slow file are
 * bracketed as blocking and restart under SA_RESTART as they do on Linux.
 *
 * Threading: any vCPU thread; no state.
 */
#include <fcntl.h>

#include "sys_extra.h"

/* Host pointer for a guest loff_t the kernel reads and writes back, NULL for a NULL guest
 * pointer; false if the guest word is not accessible. */
static bool lock_off(struct vcpu *cpu, gaddr_t g, void **h)
{
    *h = g ? mem_lock(lx_mem(cpu), g, sizeof(int64_t), PAGE_READ | PAGE_WRITE) : NULL;
    return !g || *h;
}

/* splice (nr SYS_splice) and copy_file_range (SYS_copy_file_range): the same argument shape,
 * fd_in, off_in *, fd_out, off_out *, len, flags. */
static int64_t transfer(struct vcpu *cpu, const uint64_t *a, long nr)
{
    void *off_in, *off_out;

    if (!lock_off(cpu, a[1], &off_in) || !lock_off(cpu, a[3], &off_out))
        return -EFAULT;
    return lx_blocking(
        cpu, true, nr,
        (uint64_t[6]){a[0], (uintptr_t)off_in, a[2], (uintptr_t)off_out, a[4], a[5]});
}

int64_t sys_splice(struct vcpu *cpu, const uint64_t *a)
{
    return transfer(cpu, a, SYS_splice);
}

int64_t sys_copy_file_range(struct vcpu *cpu, const uint64_t *a)
{
    return transfer(cpu, a, SYS_copy_file_range);
}

int64_t sys_tee(struct vcpu *cpu, const uint64_t *a)
{
    return lx_blocking(cpu, true, SYS_tee, (uint64_t[6]){a[0], a[1], a[2], a[3]});
}

int64_t sys_vmsplice(struct vcpu *cpu, const uint64_t *a)
{
    int fl = fcntl((int)a[0], F_GETFL);
    struct iovec *v;
    int err;
    int64_t r;

    if (fl < 0)
        return -EBADF;
    /* A pipe's read end fills the guest buffers; its write end takes them. */
    v = lx_lock_iovec(cpu, a[1], (int64_t)a[2], (fl & O_ACCMODE) == O_RDONLY, &err);
    if (!v)
        return err;
    r = lx_blocking(cpu, true, SYS_vmsplice, (uint64_t[6]){a[0], (uintptr_t)v, a[2], a[3]});
    free(v);
    return r;
}

int64_t sys_fadvise64(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_fadvise64, (int)a[0], (off_t)a[1], (off_t)a[2], (int)a[3]));
}

int64_t sys_readahead(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_readahead, (int)a[0], (off_t)a[1], (size_t)a[2]));
}

int64_t sys_sync_file_range(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(
        syscall(SYS_sync_file_range, (int)a[0], (off_t)a[1], (off_t)a[2], (unsigned)a[3]));
}

int64_t sys_syncfs(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_syncfs, (int)a[0]));
}
