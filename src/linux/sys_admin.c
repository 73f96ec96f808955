/*
 * sys_admin.c — system administration calls that go to the host kernel unchanged in meaning:
 * the mount API (mount, umount2, pivot_root, open_tree, move_mount, fsopen, fsconfig, fsmount,
 * fspick, mount_setattr), namespaces (setns), host and domain names, the kernel log (syslog),
 * process accounting (acct), quotas (quotactl, quotactl_fd), swap (swapon, swapoff) and
 * vhangup.
 *
 * plume runs them for the guest with the guest's credentials, so the host kernel makes every
 * permission decision: an unprivileged guest gets Linux's EPERM, and a guest inside namespaces
 * it created (unshare) changes only those, as on Linux. Paths are the guest's own, never looked
 * up in the sysroot (they name the real file system being changed). Every structure these
 * calls take (struct mount_attr, the quota blocks, syslog's and the names' byte buffers) has
 * the same layout on riscv64 and x86-64, so buffers are locked and passed through; only the
 * strings are copied.
 *
 * Threading: any vCPU thread; no state.
 */
#include <linux/mount.h>
#include <string.h>
#include <sys/syscall.h>

#include "sys_extra.h"

/* Kernel limits: mount's data page, fsconfig's string and binary values, names. */
#define MOUNT_DATA_MAX 4096
#define FSCONFIG_STRING_MAX 256
#define FSCONFIG_BINARY_MAX (1024 * 1024)
#define HOST_NAME_LEN 64

/* A guest string (NULL stays NULL) copied into *out; 0 or -errno. */
static int opt_string(struct vcpu *cpu, gaddr_t g, size_t max, char **out)
{
    int err = 0;

    *out = NULL;
    if (!g)
        return 0;
    *out = mem_strdup_from_guest(lx_mem(cpu), g, max, &err);
    return *out ? 0 : err;
}

/* Host pointer to the readable prefix of at most max bytes at g (the kernel copies mount's data
 * page up to the first fault), or NULL if even its first byte is unreadable. */
static const void *readable_prefix(struct vcpu *cpu, gaddr_t g, size_t max)
{
    struct mem_space *m = lx_mem(cpu);
    size_t len = 0;

    while (len < max) {
        size_t step = 4096 - ((g + len) & 4095);
        if (step > max - len)
            step = max - len;
        if (!mem_range_ok(m, g + len, step, PAGE_READ))
            break;
        len += step;
    }
    return len ? mem_lock(m, g, len, PAGE_READ) : NULL;
}

int64_t sys_mount(struct vcpu *cpu, const uint64_t *a)
{
    char *src, *target = NULL, *type = NULL;
    const void *data = NULL;
    int64_t r = opt_string(cpu, a[0], LX_PATH_MAX, &src);

    if (!r)
        r = opt_string(cpu, a[1], LX_PATH_MAX, &target);
    if (!r)
        r = opt_string(cpu, a[2], 4096, &type);
    if (!r && a[4]) {
        data = readable_prefix(cpu, a[4], MOUNT_DATA_MAX);
        if (!data)
            r = -EFAULT;
    }
    if (!r)
        r = lx_err(syscall(SYS_mount, src, target, type, (unsigned long)a[3], data));
    free(src);
    free(target);
    free(type);
    return r;
}

static int64_t do_umount2(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(syscall(SYS_umount2, path, (int)a[1]));
}

int64_t sys_umount2(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 0, lx_get_path, do_umount2);
}

int64_t sys_pivot_root(struct vcpu *cpu, const uint64_t *a)
{
    char *new_root, *put_old = NULL;
    int64_t r = opt_string(cpu, a[0], LX_PATH_MAX, &new_root);

    if (!r)
        r = opt_string(cpu, a[1], LX_PATH_MAX, &put_old);
    if (!r)
        r = lx_err(syscall(SYS_pivot_root, new_root, put_old));
    free(new_root);
    free(put_old);
    return r;
}

static int64_t do_open_tree(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(syscall(SYS_open_tree, (int)a[0], path, (unsigned)a[2]));
}

int64_t sys_open_tree(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, lx_get_path, do_open_tree);
}

int64_t sys_move_mount(struct vcpu *cpu, const uint64_t *a)
{
    char *from, *to = NULL;
    int64_t r = opt_string(cpu, a[1], LX_PATH_MAX, &from);

    if (!r)
        r = opt_string(cpu, a[3], LX_PATH_MAX, &to);
    if (!r)
        r = lx_err(syscall(SYS_move_mount, (int)a[0], from, (int)a[2], to, (unsigned)a[4]));
    free(from);
    free(to);
    return r;
}

int64_t sys_fsopen(struct vcpu *cpu, const uint64_t *a)
{
    char *name;
    int64_t r = opt_string(cpu, a[0], 4096, &name);

    if (!r)
        r = lx_err(syscall(SYS_fsopen, name, (unsigned)a[1]));
    free(name);
    return r;
}

int64_t sys_fsconfig(struct vcpu *cpu, const uint64_t *a)
{
    unsigned cmd = (unsigned)a[1];
    char *key, *str = NULL;
    const void *value = NULL;
    int64_t r = opt_string(cpu, a[2], FSCONFIG_STRING_MAX, &key);

    if (r)
        return r;
    switch (cmd) {
    case FSCONFIG_SET_STRING:
        r = opt_string(cpu, a[3], FSCONFIG_STRING_MAX, &str);
        value = str;
        break;
    case FSCONFIG_SET_PATH:
    case FSCONFIG_SET_PATH_EMPTY:
        r = opt_string(cpu, a[3], LX_PATH_MAX, &str);
        value = str;
        break;
    case FSCONFIG_SET_BINARY:
        /* The kernel checks the size before it reads the value. */
        if (a[3] && (int)a[4] > 0 && (int)a[4] <= FSCONFIG_BINARY_MAX) {
            value = mem_lock(lx_mem(cpu), a[3], (size_t)(int)a[4], PAGE_READ);
            if (!value)
                r = -EFAULT;
        }
        break;
    default:
        /* Commands without a value: the kernel wants it NULL and says EINVAL otherwise. */
        value = a[3] ? (const void *)(uintptr_t)1 : NULL;
        break;
    }
    if (!r)
        r = lx_err(syscall(SYS_fsconfig, (int)a[0], cmd, key, value, (int)a[4]));
    free(key);
    free(str);
    return r;
}

int64_t sys_fsmount(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_fsmount, (int)a[0], (unsigned)a[1], (unsigned)a[2]));
}

static int64_t do_fspick(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(syscall(SYS_fspick, (int)a[0], path, (unsigned)a[2]));
}

int64_t sys_fspick(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, lx_get_path, do_fspick);
}

static int64_t do_mount_setattr(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    /* The kernel checks the size (at most a page) before it reads the structure. */
    void *attr = a[4] <= 4096 ? sx_buf_or_null(cpu, a[3], a[4], PAGE_READ) : NULL;

    if (a[3] && a[4] <= 4096 && a[4] && !attr)
        return -EFAULT;
    return lx_err(syscall(SYS_mount_setattr, (int)a[0], path, (unsigned)a[2], attr, a[4]));
}

int64_t sys_mount_setattr(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, lx_get_path, do_mount_setattr);
}

int64_t sys_setns(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(setns((int)a[0], (int)a[1]));
}

/* sethostname / setdomainname (nr): the kernel checks the length before reading the name. */
static int64_t set_name(struct vcpu *cpu, const uint64_t *a, long nr)
{
    const void *name = NULL;

    if (a[1] <= HOST_NAME_LEN) {
        name = sx_buf_or_null(cpu, a[0], a[1], PAGE_READ);
        if (a[0] && !name)
            return -EFAULT;
    }
    return lx_err(syscall(nr, name, a[1]));
}

int64_t sys_sethostname(struct vcpu *cpu, const uint64_t *a)
{
    return set_name(cpu, a, SYS_sethostname);
}

int64_t sys_setdomainname(struct vcpu *cpu, const uint64_t *a)
{
    return set_name(cpu, a, SYS_setdomainname);
}

int64_t sys_syslog(struct vcpu *cpu, const uint64_t *a)
{
    int type = (int)a[0], len = (int)a[2];
    void *buf = NULL;

    /* SYSLOG_ACTION_READ, READ_ALL and READ_CLEAR fill the buffer, and fault only if there
     * is something to copy. */
    if ((type == 2 || type == 3 || type == 4) && len > 0 && a[1])
        buf = sx_buf_lazy(cpu, a[1], (size_t)len, PAGE_WRITE);
    return lx_err(syscall(SYS_syslog, type, buf, len));
}

int64_t sys_acct(struct vcpu *cpu, const uint64_t *a)
{
    char *path;
    int64_t r = opt_string(cpu, a[0], LX_PATH_MAX, &path);

    if (!r)
        r = lx_err(syscall(SYS_acct, path));
    free(path);
    return r;
}

static int64_t do_swapon(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(syscall(SYS_swapon, path, (int)a[1]));
}

int64_t sys_swapon(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 0, lx_get_path, do_swapon);
}

static int64_t do_swapoff(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(syscall(SYS_swapoff, path));
}

int64_t sys_swapoff(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 0, lx_get_path, do_swapoff);
}

int64_t sys_vhangup(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_vhangup));
}

/* ---- quotas ---- */

/* quotactl subcommands (cmd >> 8) and the structure each one reads or writes at addr. */
enum { QUOTA_NONE, QUOTA_IN, QUOTA_OUT, QUOTA_INOUT, QUOTA_PATH, QUOTA_UNKNOWN };

static int quota_arg(unsigned sub, size_t *size)
{
    *size = 0;
    switch (sub) {
    case 0x800001: /* Q_SYNC */
    case 0x800003: /* Q_QUOTAOFF */
    case 0x5807:   /* Q_XQUOTASYNC */
        return QUOTA_NONE;
    case 0x800002: /* Q_QUOTAON: the quota file's path */
        return QUOTA_PATH;
    case 0x800004: /* Q_GETFMT: u32 */
        *size = 4;
        return QUOTA_OUT;
    case 0x800005: /* Q_GETINFO: struct if_dqinfo */
        *size = 24;
        return QUOTA_OUT;
    case 0x800006: /* Q_SETINFO */
        *size = 24;
        return QUOTA_IN;
    case 0x800007: /* Q_GETQUOTA: struct if_dqblk */
    case 0x800009: /* Q_GETNEXTQUOTA: struct if_nextdqblk */
        *size = 72;
        return QUOTA_OUT;
    case 0x800008: /* Q_SETQUOTA */
        *size = 72;
        return QUOTA_IN;
    case 0x5801: /* Q_XQUOTAON, Q_XQUOTAOFF, Q_XQUOTARM: u32 flags */
    case 0x5802:
    case 0x5806:
        *size = 4;
        return QUOTA_IN;
    case 0x5803: /* Q_XGETQUOTA, Q_XGETNEXTQUOTA: struct fs_disk_quota */
    case 0x5809:
        *size = 112;
        return QUOTA_OUT;
    case 0x5804: /* Q_XSETQLIM */
        *size = 112;
        return QUOTA_IN;
    case 0x5805: /* Q_XGETQSTAT: struct fs_quota_stat */
        *size = 80;
        return QUOTA_OUT;
    case 0x5808: /* Q_XGETQSTATV: struct fs_quota_statv (its version is read) */
        *size = 160;
        return QUOTA_INOUT;
    default:
        return QUOTA_UNKNOWN;
    }
}

/* The host address argument of quotactl command cmd for guest address g, in *out (the path
 * for Q_QUOTAON, malloc'd into *path); 0 or -EFAULT. Unknown commands get NULL: the kernel
 * rejects them before it looks at the address. */
static int quota_addr(struct vcpu *cpu, unsigned cmd, gaddr_t g, void **out, char **path)
{
    size_t size;
    int kind = quota_arg(cmd >> 8, &size), err = 0;
    unsigned prot = kind == QUOTA_IN ? PAGE_READ : PAGE_READ | PAGE_WRITE;

    *out = NULL;
    *path = NULL;
    if (!g || kind == QUOTA_NONE || kind == QUOTA_UNKNOWN)
        return 0;
    if (kind == QUOTA_PATH) {
        *path = lx_get_path(cpu, g, &err);
        *out = *path;
        return *path ? 0 : err;
    }
    if (kind == QUOTA_OUT)
        prot = PAGE_WRITE;
    *out = mem_lock(lx_mem(cpu), g, size, prot);
    return *out ? 0 : -EFAULT;
}

int64_t sys_quotactl(struct vcpu *cpu, const uint64_t *a)
{
    unsigned cmd = (unsigned)a[0];
    char *special, *path = NULL;
    void *addr;
    int64_t r = opt_string(cpu, a[1], LX_PATH_MAX, &special);

    if (!r)
        r = quota_addr(cpu, cmd, a[3], &addr, &path);
    if (!r)
        r = lx_err(syscall(SYS_quotactl, cmd, special, (int)a[2], addr));
    free(special);
    free(path);
    return r;
}

int64_t sys_quotactl_fd(struct vcpu *cpu, const uint64_t *a)
{
    unsigned cmd = (unsigned)a[1];
    char *path;
    void *addr;
    int64_t r = quota_addr(cpu, cmd, a[3], &addr, &path);

    if (!r)
        r = lx_err(syscall(SYS_quotactl_fd, (unsigned)a[0], cmd, (int)a[2], addr));
    free(path);
    return r;
}
