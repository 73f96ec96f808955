/*
 * sys_notify.c — inotify and fanotify: instances, watches or marks, and their events.
 *
 * An inotify instance is a host inotify descriptor (guest fds are host fds). Its events are
 * read with plain read(2) (sys_io.c) and need no conversion: struct inotify_event {int wd;
 * u32 mask, cookie, len; char name[]} and every IN_* value are the same on riscv64 and x86-64,
 * as are IN_NONBLOCK/IN_CLOEXEC (O_NONBLOCK/O_CLOEXEC). Watched paths are looked up like stat's
 * (through the sysroot for absolute paths, see sys_fs.c).
 *
 * A fanotify group is a host fanotify descriptor too: its events (struct
 * fanotify_event_metadata and the info records after it: fixed-size integers, descriptors of
 * the host, which are the guest's) and the permission responses written back have one layout
 * on both architectures. The host kernel decides who may create a group (CAP_SYS_ADMIN, or
 * FAN_REPORT_FID groups for unprivileged users on recent kernels).
 *
 * Threading: any vCPU thread; no state.
 */
#include <sys/inotify.h>

#include "sys_extra.h"

_Static_assert(sizeof(struct inotify_event) == 16, "inotify_event");

int64_t sys_inotify_init1(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(inotify_init1((int)a[0]));
}

static int64_t do_add_watch(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(inotify_add_watch((int)a[0], path, (uint32_t)a[2]));
}

int64_t sys_inotify_add_watch(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, lx_path_arg, do_add_watch);
}

int64_t sys_inotify_rm_watch(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(inotify_rm_watch((int)a[0], (int)a[1]));
}

/* ---- fanotify ---- */

int64_t sys_fanotify_init(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_fanotify_init, (unsigned)a[0], (unsigned)a[1]));
}

int64_t sys_fanotify_mark(struct vcpu *cpu, const uint64_t *a)
{
    int err;
    char *path = NULL;
    int64_t r;

    if (a[4]) {
        path = lx_path_arg(cpu, a[4], &err);
        if (!path)
            return err;
    }
    r = lx_err(syscall(SYS_fanotify_mark, (int)a[0], (unsigned)a[1], a[2], (int)a[3], path));
    free(path);
    return r;
}
