/*
 * sys_fs.c — path and file-metadata syscalls, and the /proc files plume emulates.
 *
 * Guest paths are used as the host's, except: absolute paths are looked up under the sysroot
 * (-L) first, like qemu-user ("/lib/libc.so.6" → "/usr/riscv64-linux-gnu/lib/libc.so.6" when that
 * exists; "/" itself never is), for the calls that read or stat a path (not for those that
 * create, remove or rename, so a guest cannot damage the sysroot by accident); /proc/self/exe
 * names the guest executable; /proc/self/{maps,auxv,cmdline} are generated from the guest's view
 * into a memfd, and /proc/cpuinfo describes one riscv64 hart per online host CPU. Guest memory
 * is reached only through mem_lock/mem_copy_*: bad pointers give -EFAULT. openat2 does the same
 * when its struct open_how (one layout on both architectures, passed through) has no RESOLVE_*
 * flag; with one the path goes to the host as given, since the kernel's resolution rules
 * (RESOLVE_IN_ROOT, RESOLVE_BENEATH, ...) are about that very path.
 *
 * Threading: any vCPU thread; no shared state besides read-only linux_proc fields.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux.h"

char *lx_get_path(struct vcpu *cpu, gaddr_t a, int *err)
{
    return mem_strdup_from_guest(lx_mem(cpu), a, LX_PATH_MAX, err);
}

/* True if path is /proc/self/<leaf>, /proc/thread-self/<leaf> or /proc/<our pid>/<leaf>. */
static bool is_proc_self(const struct linux_proc *lx, const char *path, const char *leaf)
{
    const char *rest;
    char pid[32];

    if (strncmp(path, "/proc/", 6) != 0)
        return false;
    rest = path + 6;
    snprintf(pid, sizeof(pid), "%d/", (int)lx->pid);
    if (strncmp(rest, "self/", 5) == 0)
        rest += 5;
    else if (strncmp(rest, "thread-self/", 12) == 0)
        rest += 12;
    else if (strncmp(rest, pid, strlen(pid)) == 0)
        rest += strlen(pid);
    else
        return false;
    return strcmp(rest, leaf) == 0;
}

char *lx_host_path(struct linux_proc *lx, char *path)
{
    if (is_proc_self(lx, path, "exe") && lx->proc->exe_path) {
        free(path);
        return xstrdup(lx->proc->exe_path);
    }
    if (path[0] == '/' && path[1] != 0 && lx->sysroot[0]) {
        size_t n = strlen(lx->sysroot) + strlen(path) + 1;
        char *p = xmalloc(n);
        struct stat st;
        snprintf(p, n, "%s%s", lx->sysroot, path);
        if (fstatat(AT_FDCWD, p, &st, AT_SYMLINK_NOFOLLOW) == 0) {
            free(path);
            return p;
        }
        free(p);
    }
    return path;
}

char *lx_path_arg(struct vcpu *cpu, gaddr_t a, int *err)
{
    char *p = lx_get_path(cpu, a, err);
    return p ? lx_host_path(lx_proc(cpu), p) : NULL;
}

/* Path syscalls that create/remove entries: no sysroot lookup (see the file comment). */
static char *plain_path(struct vcpu *cpu, gaddr_t g, int *err)
{
    return lx_get_path(cpu, g, err);
}

/* The host side of a syscall taking two paths. */
typedef int64_t path2_call(const uint64_t *a, const char *p1, const char *p2);

int64_t lx_with_path(struct vcpu *cpu, const uint64_t *a, int i, lx_path_getter *get,
                     lx_path_call *call)
{
    int err;
    char *path = get(cpu, a[i], &err);
    int64_t r;

    if (!path)
        return err;
    r = call(cpu, a, path);
    free(path);
    return r;
}

/* lx_with_path for two paths, a[i] (fetched first) and a[j]. */
static int64_t with_two_paths(struct vcpu *cpu, const uint64_t *a, int i, lx_path_getter *get_i,
                              int j, lx_path_getter *get_j, path2_call *call)
{
    int err;
    char *p1 = get_i(cpu, a[i], &err), *p2;
    int64_t r;

    if (!p1)
        return err;
    p2 = get_j(cpu, a[j], &err);
    r = p2 ? call(a, p1, p2) : err;
    free(p1);
    free(p2);
    return r;
}

/* A memfd holding len bytes of data, positioned at 0. */
static int memfd_with(const void *data, size_t len, int flags)
{
    int fd = memfd_create("plume-proc", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    const char *p = data;

    if (fd < 0)
        return -errno;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            int e = errno;
            close(fd);
            return -e;
        }
        p += n;
        len -= (size_t)n;
    }
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* /proc/cpuinfo as riscv64 Linux prints it: one hart per online host CPU, each with the ISA
 * plume implements (malloc'd). */
static char *cpuinfo_text(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    size_t cap = 512 * (size_t)(n > 0 ? n : 1), len = 0;
    char *buf = xmalloc(cap);

    for (long i = 0; i < (n > 0 ? n : 1); i++) {
        len += (size_t)snprintf(buf + len, cap - len,
                                "processor\t: %ld\n"
                                "hart\t\t: %ld\n"
                                "isa\t\t: rv64imafdc_zba_zbb_zbs\n"
                                "mmu\t\t: sv39\n"
                                "uarch\t\t: plume\n"
                                "mvendorid\t: 0x0\n"
                                "marchid\t\t: 0x0\n"
                                "mimpid\t\t: 0x0\n"
                                "\n",
                                i, i);
    }
    return buf;
}

int lx_open_special(struct vcpu *cpu, const char *path, int flags, bool *handled)
{
    struct linux_proc *lx = lx_proc(cpu);
    struct proc *p = cpu->proc;

    *handled = true;
    if (is_proc_self(lx, path, "maps")) {
        size_t len;
        char *text = mem_format_maps(p->mem, &len);
        int fd = memfd_with(text, len, flags);
        free(text);
        return fd;
    }
    if (is_proc_self(lx, path, "auxv") && p->auxv_end > p->auxv) {
        size_t len = p->auxv_end - p->auxv;
        void *buf = xmalloc(len);
        int fd = mem_copy_from_guest(p->mem, buf, p->auxv, len);
        if (fd == 0)
            fd = memfd_with(buf, len, flags);
        free(buf);
        return fd;
    }
    if (is_proc_self(lx, path, "cmdline") && p->argv) {
        size_t len = 0;
        for (int i = 0; i < p->argc; i++)
            len += strlen(p->argv[i]) + 1;
        char *buf = xmalloc(len + 1), *q = buf;
        for (int i = 0; i < p->argc; i++) {
            size_t n = strlen(p->argv[i]) + 1;
            memcpy(q, p->argv[i], n);
            q += n;
        }
        int fd = memfd_with(buf, len, flags);
        free(buf);
        return fd;
    }
    if (strcmp(path, "/proc/cpuinfo") == 0) {
        char *text = cpuinfo_text();
        int fd = memfd_with(text, strlen(text), flags);
        free(text);
        return fd;
    }
    *handled = false;
    return 0;
}

int64_t sys_openat(struct vcpu *cpu, const uint64_t *a)
{
    int err, flags = (int)a[2];
    bool handled;
    char *path = lx_get_path(cpu, a[1], &err);
    int64_t r;

    if (!path)
        return err;
    r = lx_open_special(cpu, path, flags, &handled);
    if (handled) {
        free(path);
        return r;
    }
    path = lx_host_path(lx_proc(cpu), path);
    /* Opening a FIFO blocks. */
    r = lx_blocking(cpu, true, SYS_openat,
                    (uint64_t[6]){(int)a[0], (uintptr_t)path, flags, (mode_t)a[3]});
    free(path);
    return r;
}

int64_t sys_openat2(struct vcpu *cpu, const uint64_t *a)
{
    struct open_how *how;
    int err;
    bool handled;
    char *path;
    int64_t r;

    /* The kernel's order: the structure's size, then its contents, then the path. */
    if (a[3] < sizeof(struct open_how))
        return -EINVAL;
    if (a[3] > 4096)
        return -E2BIG;
    how = mem_lock(lx_mem(cpu), a[2], a[3], PAGE_READ);
    if (!how)
        return -EFAULT;
    path = lx_get_path(cpu, a[1], &err);
    if (!path)
        return err;
    if (how->resolve == 0) {
        r = lx_open_special(cpu, path, (int)how->flags, &handled);
        if (handled) {
            free(path);
            return r;
        }
        path = lx_host_path(lx_proc(cpu), path);
    }
    r = lx_blocking(cpu, true, SYS_openat2,
                    (uint64_t[6]){(int)a[0], (uintptr_t)path, (uintptr_t)how, a[3]});
    free(path);
    return r;
}

static int64_t put_stat(struct vcpu *cpu, gaddr_t dst, const struct stat *h)
{
    struct target_stat t;

    abi_stat_to_target(&t, h);
    return mem_copy_to_guest(lx_mem(cpu), dst, &t, sizeof(t));
}

static int64_t do_newfstatat(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    struct stat st;
    int64_t r = lx_err(fstatat((int)a[0], path, &st, (int)a[3]));

    return r < 0 ? r : put_stat(cpu, a[2], &st);
}

int64_t sys_newfstatat(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, lx_path_arg, do_newfstatat);
}

int64_t sys_fstat(struct vcpu *cpu, const uint64_t *a)
{
    struct stat st;
    int64_t r = lx_err(fstat((int)a[0], &st));

    return r < 0 ? r : put_stat(cpu, a[1], &st);
}

static int64_t do_statx(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    void *buf = mem_lock(lx_mem(cpu), a[4], 256, PAGE_WRITE);

    return buf ? lx_err(syscall(SYS_statx, (int)a[0], path, (int)a[2], (unsigned)a[3], buf))
               : -EFAULT;
}

int64_t sys_statx(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, lx_path_arg, do_statx);
}

int64_t sys_readlinkat(struct vcpu *cpu, const uint64_t *a)
{
    struct linux_proc *lx = lx_proc(cpu);
    int err;
    char *path = lx_get_path(cpu, a[1], &err);
    int64_t r;

    if (!path)
        return err;
    if ((int64_t)a[3] <= 0) {
        free(path);
        return -EINVAL;
    }
    char *buf = mem_lock(lx_mem(cpu), a[2], a[3], PAGE_WRITE);
    if (!buf) {
        r = -EFAULT;
    } else if (is_proc_self(lx, path, "exe") && cpu->proc->exe_path) {
        size_t n = strlen(cpu->proc->exe_path);
        r = (int64_t)(n < a[3] ? n : a[3]);
        if (mem_copy_to_guest(lx_mem(cpu), a[2], cpu->proc->exe_path, (size_t)r))
            r = -EFAULT;
    } else {
        path = lx_host_path(lx, path);
        r = lx_err(readlinkat((int)a[0], path, buf, a[3]));
    }
    free(path);
    return r;
}

int64_t sys_getcwd(struct vcpu *cpu, const uint64_t *a)
{
    char *buf = mem_lock(lx_mem(cpu), a[0], a[1], PAGE_WRITE);

    if (!buf)
        return -EFAULT;
    return lx_err(syscall(SYS_getcwd, buf, (size_t)a[1]));
}

int64_t sys_getdents64(struct vcpu *cpu, const uint64_t *a)
{
    /* struct linux_dirent64 has the same layout on both sides. */
    void *buf = mem_lock(lx_mem(cpu), a[1], (unsigned)a[2], PAGE_WRITE);

    if (!buf)
        return -EFAULT;
    return lx_err(syscall(SYS_getdents64, (int)a[0], buf, (unsigned)a[2]));
}

static int64_t do_mkdirat(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(mkdirat((int)a[0], path, (mode_t)a[2]));
}

int64_t sys_mkdirat(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, plain_path, do_mkdirat);
}

static int64_t do_mknodat(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(mknodat((int)a[0], path, (mode_t)a[2], (dev_t)(unsigned)a[3]));
}

int64_t sys_mknodat(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, plain_path, do_mknodat);
}

static int64_t do_unlinkat(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(unlinkat((int)a[0], path, (int)a[2]));
}

int64_t sys_unlinkat(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, plain_path, do_unlinkat);
}

static int64_t do_symlinkat(const uint64_t *a, const char *target, const char *path)
{
    return lx_err(symlinkat(target, (int)a[1], path));
}

int64_t sys_symlinkat(struct vcpu *cpu, const uint64_t *a)
{
    /* The target is stored as given, never resolved. */
    return with_two_paths(cpu, a, 0, plain_path, 2, plain_path, do_symlinkat);
}

static int64_t do_linkat(const uint64_t *a, const char *from, const char *to)
{
    return lx_err(linkat((int)a[0], from, (int)a[2], to, (int)a[4]));
}

int64_t sys_linkat(struct vcpu *cpu, const uint64_t *a)
{
    return with_two_paths(cpu, a, 1, lx_path_arg, 3, plain_path, do_linkat);
}

static int64_t do_renameat2(const uint64_t *a, const char *from, const char *to)
{
    return lx_err(syscall(SYS_renameat2, (int)a[0], from, (int)a[2], to, (unsigned)a[4]));
}

int64_t sys_renameat2(struct vcpu *cpu, const uint64_t *a)
{
    return with_two_paths(cpu, a, 1, plain_path, 3, plain_path, do_renameat2);
}

static int64_t do_faccessat(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(syscall(SYS_faccessat, (int)a[0], path, (int)a[2]));
}

int64_t sys_faccessat(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, lx_path_arg, do_faccessat);
}

/* faccessat2 without flags is served by the host's faccessat. */
static int64_t do_faccessat2(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    if ((int)a[3] == 0)
        return do_faccessat(cpu, a, path);
    return lx_err(syscall(SYS_faccessat2, (int)a[0], path, (int)a[2], (int)a[3]));
}

int64_t sys_faccessat2(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, lx_path_arg, do_faccessat2);
}

static int64_t do_chdir(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(chdir(path));
}

int64_t sys_chdir(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 0, lx_path_arg, do_chdir);
}

int64_t sys_fchdir(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(fchdir((int)a[0]));
}

int64_t sys_fchmod(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(fchmod((int)a[0], (mode_t)a[1]));
}

static int64_t do_fchmodat(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(syscall(SYS_fchmodat, (int)a[0], path, (mode_t)a[2]));
}

int64_t sys_fchmodat(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, plain_path, do_fchmodat);
}

int64_t sys_fchown(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(fchown((int)a[0], (uid_t)a[1], (gid_t)a[2]));
}

static int64_t do_fchownat(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(fchownat((int)a[0], path, (uid_t)a[2], (gid_t)a[3], (int)a[4]));
}

int64_t sys_fchownat(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 1, plain_path, do_fchownat);
}

int64_t sys_utimensat(struct vcpu *cpu, const uint64_t *a)
{
    struct timespec ts[2];
    char *path = NULL;
    int err;
    int64_t r;

    if (a[2] && mem_copy_from_guest(lx_mem(cpu), ts, a[2], sizeof(ts)))
        return -EFAULT;
    if (a[1]) {
        path = plain_path(cpu, a[1], &err);
        if (!path)
            return err;
    }
    r = lx_err(syscall(SYS_utimensat, (int)a[0], path, a[2] ? ts : NULL, (int)a[3]));
    free(path);
    return r;
}

/* A statfs result (r from the host call) to the guest's a[1]. */
static int64_t put_statfs(struct vcpu *cpu, const uint64_t *a, int64_t r, const struct statfs *st)
{
    /* struct statfs: asm-generic 64-bit layout equals x86-64's (120 bytes). */
    return r < 0 ? r : mem_copy_to_guest(lx_mem(cpu), a[1], st, sizeof(*st));
}

static int64_t do_statfs(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    struct statfs st;

    return put_statfs(cpu, a, lx_err(statfs(path, &st)), &st);
}

int64_t sys_statfs(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 0, lx_path_arg, do_statfs);
}

int64_t sys_fstatfs(struct vcpu *cpu, const uint64_t *a)
{
    struct statfs st;

    return put_statfs(cpu, a, lx_err(fstatfs((int)a[0], &st)), &st);
}

static int64_t do_truncate(struct vcpu *cpu, const uint64_t *a, const char *path)
{
    return lx_err(truncate(path, (off_t)a[1]));
}

int64_t sys_truncate(struct vcpu *cpu, const uint64_t *a)
{
    return lx_with_path(cpu, a, 0, plain_path, do_truncate);
}

int64_t sys_ftruncate(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(ftruncate((int)a[0], (off_t)a[1]));
}

int64_t sys_fallocate(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(fallocate((int)a[0], (int)a[1], (off_t)a[2], (off_t)a[3]));
}

int64_t sys_umask(struct vcpu *cpu, const uint64_t *a)
{
    return umask((mode_t)a[0] & 0777);
}

int64_t sys_sync(struct vcpu *cpu, const uint64_t *a)
{
    sync();
    return 0;
}

int64_t sys_fsync(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(fsync((int)a[0]));
}

int64_t sys_fdatasync(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(fdatasync((int)a[0]));
}
