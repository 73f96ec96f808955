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

/* capget and capset: the header and the data array are copied through plume's own buffers
 * (guarded copies: a file page beyond end of file gives EFAULT, as on Linux, not a host SIGBUS).
 * The data array has one entry for version 1 and two for versions 2 and 3; for an unknown
 * version the kernel writes its preferred version into the header and fails with EINVAL, so the
 * header is copied back only when the kernel changed it (a read-only header is then EFAULT, as
 * on Linux). capget(hdr, NULL) is the version probe. */
static int64_t caps(struct vcpu *cpu, const uint64_t *a, long nr, bool set)
{
    struct mem_space *m = lx_mem(cpu);
    uint32_t hdr[2], version, data[2 * CAP_DATA_SIZE / 4];
    size_t bytes;
    int64_t r;

    if (mem_copy_from_guest(m, hdr, a[0], sizeof(hdr)))
        return -EFAULT;
    version = hdr[0];
    if (version == LINUX_CAPABILITY_VERSION_1)
        bytes = CAP_DATA_SIZE;
    else if (version == LINUX_CAPABILITY_VERSION_2 || version == LINUX_CAPABILITY_VERSION_3)
        bytes = 2 * CAP_DATA_SIZE;
    else
        bytes = 0;
    if (a[1] && bytes &&
        (set ? mem_copy_from_guest(m, data, a[1], bytes) != 0
             : !mem_range_ok(m, a[1], bytes, PAGE_WRITE)))
        return -EFAULT;
    r = lx_err(syscall(nr, hdr, a[1] ? data : NULL));
    if (hdr[0] != version && mem_copy_to_guest(m, a[0], hdr, sizeof(hdr[0])))
        return -EFAULT;
    if (r == 0 && !set && a[1] && bytes && mem_copy_to_guest(m, a[1], data, bytes))
        return -EFAULT;
    return r;
}

int64_t sys_capget(struct vcpu *cpu, const uint64_t *a)
{
    return caps(cpu, a, SYS_capget, false);
}

int64_t sys_capset(struct vcpu *cpu, const uint64_t *a)
{
    return caps(cpu, a, SYS_capset, true);
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
