/*
 * sys_xattr.c — file metadata beyond stat: extended attributes (the get/set/list/remove
 * families on a path, following or not a final symlink, and on a descriptor) and file handles
 * (name_to_handle_at, open_by_handle_at).
 *
 * All go to the host kernel, which owns the attributes. Attribute names are read from the guest
 * as the kernel does (at most XATTR_NAME_MAX bytes: longer or empty names are ERANGE); values
 * and name lists are passed as locked guest buffers, at most the 64 KiB the kernel moves (an
 * unreadable or unwritable buffer gives EFAULT, size 0 asks for the size and needs no buffer).
 * Paths that are only looked up (get, list) go through the sysroot like stat; paths whose
 * attributes change (set, remove) do not, like chmod (sys_fs.c's rule: a guest does not change
 * the sysroot by accident).
 *
 * struct file_handle {u32 handle_bytes; int handle_type; u8 f_handle[]} is the same on both
 * sides: it is locked in guest memory at the size its handle_bytes announces (at most
 * MAX_HANDLE_SZ; the kernel rejects more and writes the needed size back on EOVERFLOW).
 *
 * Threading: any vCPU thread; no state.
 */
#include <sys/xattr.h>

#include "sys_extra.h"

#define XATTR_NAME_MAX 255
/* Largest value and name list the kernel moves: a set beyond it is E2BIG before the value is
 * read, and a get or list copies at most that much. */
#define XATTR_SIZE_MAX 65536

/* The attribute name at guest address g into a malloc'd string; NULL with *err on failure. */
static char *get_name(struct vcpu *cpu, gaddr_t g, int *err)
{
    char *name = mem_strdup_from_guest(lx_mem(cpu), g, XATTR_NAME_MAX + 1, err);

    if (!name) {
        if (*err == -ENAMETOOLONG)
            *err = -ERANGE;
        return NULL;
    }
    if (!name[0]) {
        free(name);
        *err = -ERANGE;
        return NULL;
    }
    return name;
}

/* The attribute operations; the L forms do not follow a final symlink. */
enum xattr_op { XA_SET, XA_LSET, XA_GET, XA_LGET, XA_REMOVE, XA_LREMOVE, XA_LIST, XA_LLIST };

/* The host side of one call: on path, or on fd when path is NULL (name NULL for the lists). */
static int64_t do_xattr(enum xattr_op op, const char *path, int fd, const char *name, void *val,
                        size_t size, int flags)
{
    switch (op) {
    case XA_SET:
        return lx_err(path ? setxattr(path, name, val, size, flags)
                           : fsetxattr(fd, name, val, size, flags));
    case XA_LSET: return lx_err(lsetxattr(path, name, val, size, flags));
    case XA_GET:
        return lx_err(path ? getxattr(path, name, val, size) : fgetxattr(fd, name, val, size));
    case XA_LGET: return lx_err(lgetxattr(path, name, val, size));
    case XA_REMOVE: return lx_err(path ? removexattr(path, name) : fremovexattr(fd, name));
    case XA_LREMOVE: return lx_err(lremovexattr(path, name));
    case XA_LIST: return lx_err(path ? listxattr(path, val, size) : flistxattr(fd, val, size));
    case XA_LLIST: return lx_err(llistxattr(path, val, size));
    }
    return -EINVAL;
}

/*
 * One attribute call: a[0] is a path (by_path) or an fd; for the named operations a[1] is the
 * name, a[2]/a[3] the value buffer and its size (get/set), a[4] the set flags; for the lists
 * a[1]/a[2] are the list buffer and its size. A buffer is locked for reading (set) or writing
 * (get, list), at most the 64 KiB the kernel moves; a set beyond that is left to the host to
 * reject (E2BIG) before its value is read.
 */
static int64_t xattr_call(struct vcpu *cpu, const uint64_t *a, enum xattr_op op, bool by_path)
{
    bool is_list = op == XA_LIST || op == XA_LLIST;
    bool fills = is_list || op == XA_GET || op == XA_LGET;
    bool has_value = op != XA_REMOVE && op != XA_LREMOVE;
    gaddr_t buf = is_list ? a[1] : a[2];
    uint64_t size = has_value ? (is_list ? a[2] : a[3]) : 0;
    char *path = NULL, *name = NULL;
    void *val = NULL;
    int err;
    int64_t r;

    if (by_path) {
        path = fills ? lx_path_arg(cpu, a[0], &err) : lx_get_path(cpu, a[0], &err);
        if (!path)
            return err;
    }
    if (!is_list && !(name = get_name(cpu, a[1], &err))) {
        free(path);
        return err;
    }
    if (size && (fills || size <= XATTR_SIZE_MAX)) {
        val = mem_lock(lx_mem(cpu), buf, size < XATTR_SIZE_MAX ? size : XATTR_SIZE_MAX,
                       fills ? PAGE_WRITE : PAGE_READ);
        if (!val) {
            r = -EFAULT;
            goto out;
        }
    }
    r = do_xattr(op, path, (int)a[0], name, val, size, (int)a[4]);
out:
    free(name);
    free(path);
    return r;
}

/* The twelve entry points: handler name, operation, path (or descriptor) argument. */
#define XATTR_SYSCALL(fn, op, by_path)                                                             \
    int64_t fn(struct vcpu *cpu, const uint64_t *a)                                                \
    {                                                                                              \
        return xattr_call(cpu, a, op, by_path);                                                    \
    }
XATTR_SYSCALL(sys_setxattr, XA_SET, true)
XATTR_SYSCALL(sys_lsetxattr, XA_LSET, true)
XATTR_SYSCALL(sys_fsetxattr, XA_SET, false)
XATTR_SYSCALL(sys_getxattr, XA_GET, true)
XATTR_SYSCALL(sys_lgetxattr, XA_LGET, true)
XATTR_SYSCALL(sys_fgetxattr, XA_GET, false)
XATTR_SYSCALL(sys_removexattr, XA_REMOVE, true)
XATTR_SYSCALL(sys_lremovexattr, XA_LREMOVE, true)
XATTR_SYSCALL(sys_fremovexattr, XA_REMOVE, false)
XATTR_SYSCALL(sys_listxattr, XA_LIST, true)
XATTR_SYSCALL(sys_llistxattr, XA_LLIST, true)
XATTR_SYSCALL(sys_flistxattr, XA_LIST, false)
#undef XATTR_SYSCALL

/* ---- file handles ---- */

#define MAX_HANDLE_SZ 128
#define FILE_HANDLE_HEADER 8

/* Lock the guest struct file_handle at g (header + f_handle as its handle_bytes says, capped at
 * MAX_HANDLE_SZ so an oversized count reaches the kernel, which rejects it). NULL: not
 * accessible. */
static void *lock_handle(struct vcpu *cpu, gaddr_t g, unsigned prot)
{
    uint32_t bytes;

    if (mem_copy_from_guest(lx_mem(cpu), &bytes, g, sizeof(bytes)))
        return NULL;
    if (bytes > MAX_HANDLE_SZ)
        bytes = MAX_HANDLE_SZ;
    return mem_lock(lx_mem(cpu), g, FILE_HANDLE_HEADER + bytes, prot);
}

static int64_t do_name_to_handle_at(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    void *handle = lock_handle(cpu, a[2], PAGE_READ | PAGE_WRITE);
    void *mount_id = mem_lock(lx_mem(cpu), a[3], sizeof(int), PAGE_WRITE);

    if (!handle || !mount_id)
        return -EFAULT;
    return lx_err(syscall(SYS_name_to_handle_at, (int)a[0], path, handle, mount_id, (int)a[4]));
}

int64_t sys_name_to_handle_at(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, lx_path_arg, do_name_to_handle_at);
}

int64_t sys_open_by_handle_at(struct vcpu *cpu, const uint64_t *a)
{
    void *handle = lock_handle(cpu, a[1], PAGE_READ);

    if (!handle)
        return -EFAULT;
    return lx_err(syscall(SYS_open_by_handle_at, (int)a[0], handle, (int)a[2]));
}
