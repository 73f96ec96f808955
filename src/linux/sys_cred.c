/*
 * sys_cred.c — credentials and process attributes: the set*id family, supplementary groups,
 * capabilities, personality, unshare and chroot.
 *
 * Guest threads are host threads, and the Linux credential calls act on the calling thread
 * only: a guest libc's setuid() makes the raw call on every one of its threads itself (the
 * SIGSETXID round), as it does on Linux. So each call here is the raw host syscall on the
 * calling thread, never the host libc wrapper (which would change every thread of plume's
 * process at once). Permission checks, and refusals for an unprivileged user (setuid to
 * another user, capset raising capabilities, chroot, unshare of namespaces the host does not
 * allow), are the host kernel's. The capability structures (header {u32 version; int pid}, and
 * one {effective, permitted, inheritable} triple per 32 capabilities) and gid arrays (u32) are
 * the same on both sides. personality changes the host process's persona too, which is what
 * the guest's later execve (a new plume) inherits.
 *
 * Threading: any vCPU thread; no state.
 */
#include "sys_extra.h"

#define LINUX_CAPABILITY_VERSION_1 0x19980330u
#define LINUX_CAPABILITY_VERSION_2 0x20071026u
#define LINUX_CAPABILITY_VERSION_3 0x20080522u
#define CAP_DATA_SIZE 12

int64_t sys_setuid(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_setuid, (uint32_t)a[0]));
}

int64_t sys_setgid(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_setgid, (uint32_t)a[0]));
}

int64_t sys_setreuid(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_setreuid, (uint32_t)a[0], (uint32_t)a[1]));
}

int64_t sys_setregid(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_setregid, (uint32_t)a[0], (uint32_t)a[1]));
}

int64_t sys_setresuid(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_setresuid, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]));
}

int64_t sys_setresgid(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_setresgid, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]));
}

int64_t sys_setfsuid(struct vcpu *cpu, const uint64_t *a)
{
    return syscall(SYS_setfsuid, (uint32_t)a[0]);
}

int64_t sys_setfsgid(struct vcpu *cpu, const uint64_t *a)
{
    return syscall(SYS_setfsgid, (uint32_t)a[0]);
}

int64_t sys_setgroups(struct vcpu *cpu, const uint64_t *a)
{
    size_t n = (size_t)(int)a[0];
    void *list = (int)a[0] > 0 ? sx_buf_or_null(cpu, a[1], n * sizeof(uint32_t), PAGE_READ) : NULL;

    return lx_err(syscall(SYS_setgroups, (int)a[0], list));
}

/* capget (data written) and capset (data read): the header is read and may be written back
 * (the kernel reports its preferred version there); the data array has one entry for version
 * 1 and two for versions 2 and 3, and is not touched for other versions. */
static int64_t caps(struct vcpu *cpu, const uint64_t *a, long nr, unsigned data_prot)
{
    /* Read-only lock: the kernel writes the header only to report an unknown version, and a
     * header in read-only memory then gives EFAULT as on Linux. */
    uint32_t *hdr = mem_lock(lx_mem(cpu), a[0], 8, PAGE_READ);
    void *data = NULL;
    int n;

    if (!hdr)
        return -EFAULT;
    if (hdr[0] == LINUX_CAPABILITY_VERSION_1)
        n = 1;
    else if (hdr[0] == LINUX_CAPABILITY_VERSION_2 || hdr[0] == LINUX_CAPABILITY_VERSION_3)
        n = 2;
    else
        n = 0;
    if (n && a[1]) {
        data = mem_lock(lx_mem(cpu), a[1], (size_t)n * CAP_DATA_SIZE, data_prot);
        if (!data)
            return -EFAULT;
    } else if (a[1]) {
        /* Unknown version: the kernel fails with EINVAL before touching data, but only when
         * data is not NULL (capget(hdr, NULL) is the version probe and succeeds). */
        data = hdr;
    }
    return lx_err(syscall(nr, hdr, data));
}

int64_t sys_capget(struct vcpu *cpu, const uint64_t *a)
{
    return caps(cpu, a, SYS_capget, PAGE_WRITE);
}

int64_t sys_capset(struct vcpu *cpu, const uint64_t *a)
{
    return caps(cpu, a, SYS_capset, PAGE_READ);
}

int64_t sys_personality(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_personality, (unsigned)a[0]));
}

int64_t sys_unshare(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_unshare, (int)a[0]));
}

static int64_t do_chroot(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(syscall(SYS_chroot, path));
}

int64_t sys_chroot(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 0, lx_path_arg, do_chroot);
}
