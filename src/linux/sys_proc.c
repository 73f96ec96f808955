/*
 * sys_proc.c — process identity, limits, exit, fork/exec/wait, futex, and the riscv-specific
 * queries (uname machine, riscv_hwprobe).
 *
 * Guest pids and tids are host pids and tids. RLIMIT_STACK, RLIMIT_AS and RLIMIT_DATA are the
 * guest's own (linux_proc.guest_rlim): the stack limit describes the guest stack plume built,
 * and AS/DATA are enforced by mem/ on the guest's mappings, so a guest cannot shrink the limits
 * plume itself runs under (its 2^38-byte reservation would break) yet sees mmap/brk fail past
 * them as on Linux; everything else passes through. A fork child inherits them (same memory);
 * an execve'd program starts from the host's again.
 *
 * fork (clone without CLONE_VM, and vfork, which becomes a fork as in qemu-user) is a host fork
 * bracketed by the plugin fork hooks; thread creation is in thread.c. execve re-runs plume on
 * riscv64 ELF files (plume's own options are kept, argv[0] is passed with -0) and hands
 * anything else (scripts, host programs) to the host's execve. execveat resolves its dirfd and
 * path into a host path (/proc/self/fd/<dirfd>/<path>, or /proc/self/fd/<fd> with
 * AT_EMPTY_PATH) and continues as execve; a non-riscv64 file opened at fd goes to the host's
 * execveat(fd, "", AT_EMPTY_PATH) so close-on-exec scripts fail as on Linux.
 *
 * futex_waitv's waiters are rebuilt with host addresses of their words; a word the guest cannot
 * read becomes an address the host cannot either (EFAULT, as on Linux).
 *
 * Threading: any vCPU thread; linux_proc fields used here are read-only or under lx->lock.
 */
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../exec/config.h"
#include "../exec/exec.h"
#include "../loader/loader.h"
#include "../plugin/hooks.h"
#include "../util/log.h"
#include "linux.h"
#include "syscall.h"

int64_t sys_exit(struct vcpu *cpu, const uint64_t *a)
{
    lx_thread_exit(cpu, (int)a[0] & 0xff);
}

int64_t sys_exit_group(struct vcpu *cpu, const uint64_t *a)
{
    proc_exit(cpu, (int)a[0] & 0xff);
}

int64_t sys_set_tid_address(struct vcpu *cpu, const uint64_t *a)
{
    cpu->lx->clear_child_tid = a[0];
    return cpu->tid;
}

int64_t sys_set_robust_list(struct vcpu *cpu, const uint64_t *a)
{
    /* sizeof(struct robust_list_head) on riscv64 */
    if (a[1] != 24)
        return -EINVAL;
    cpu->lx->robust_list = a[0];
    cpu->lx->robust_len = a[1];
    return 0;
}

int64_t sys_get_robust_list(struct vcpu *cpu, const uint64_t *a)
{
    uint64_t head = cpu->lx->robust_list, len = 24;

    if ((int)a[0] != 0 && (int)a[0] != cpu->tid)
        return -EPERM;
    if (mem_copy_to_guest(lx_mem(cpu), a[1], &head, 8) ||
        mem_copy_to_guest(lx_mem(cpu), a[2], &len, 8))
        return -EFAULT;
    return 0;
}

int64_t sys_getpid(struct vcpu *cpu, const uint64_t *a)
{
    return getpid();
}

int64_t sys_getppid(struct vcpu *cpu, const uint64_t *a)
{
    return getppid();
}

int64_t sys_gettid(struct vcpu *cpu, const uint64_t *a)
{
    return cpu->tid;
}

int64_t sys_getuid(struct vcpu *cpu, const uint64_t *a)
{
    return getuid();
}

int64_t sys_geteuid(struct vcpu *cpu, const uint64_t *a)
{
    return geteuid();
}

int64_t sys_getgid(struct vcpu *cpu, const uint64_t *a)
{
    return getgid();
}

int64_t sys_getegid(struct vcpu *cpu, const uint64_t *a)
{
    return getegid();
}

static int64_t put_ids(struct vcpu *cpu, const uint64_t *a, const uint32_t ids[3])
{
    for (int i = 0; i < 3; i++) {
        if (mem_copy_to_guest(lx_mem(cpu), a[i], &ids[i], 4))
            return -EFAULT;
    }
    return 0;
}

int64_t sys_getresuid(struct vcpu *cpu, const uint64_t *a)
{
    uid_t r, e, s;

    if (getresuid(&r, &e, &s))
        return -errno;
    return put_ids(cpu, a, (const uint32_t[3]){r, e, s});
}

int64_t sys_getresgid(struct vcpu *cpu, const uint64_t *a)
{
    gid_t r, e, s;

    if (getresgid(&r, &e, &s))
        return -errno;
    return put_ids(cpu, a, (const uint32_t[3]){r, e, s});
}

int64_t sys_getgroups(struct vcpu *cpu, const uint64_t *a)
{
    int n = (int)a[0];
    gid_t *list = NULL;

    if (n < 0)
        return -EINVAL;
    if (n > 0) {
        list = mem_lock(lx_mem(cpu), a[1], (size_t)n * sizeof(gid_t), PAGE_WRITE);
        if (!list)
            return -EFAULT;
    }
    return lx_err(getgroups(n, list));
}

int64_t sys_setpgid(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(setpgid((pid_t)a[0], (pid_t)a[1]));
}

int64_t sys_getpgid(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(getpgid((pid_t)a[0]));
}

int64_t sys_getsid(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(getsid((pid_t)a[0]));
}

int64_t sys_setsid(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(setsid());
}

int64_t sys_uname(struct vcpu *cpu, const uint64_t *a)
{
    struct utsname u;

    if (uname(&u))
        return -errno;
    snprintf(u.machine, sizeof(u.machine), "riscv64");
    return mem_copy_to_guest(lx_mem(cpu), a[0], &u, sizeof(u));
}

int64_t sys_sysinfo(struct vcpu *cpu, const uint64_t *a)
{
    struct sysinfo si;

    if (sysinfo(&si))
        return -errno;
    return mem_copy_to_guest(lx_mem(cpu), a[0], &si, sizeof(si));
}

int64_t sys_getrusage(struct vcpu *cpu, const uint64_t *a)
{
    struct rusage ru;

    if (getrusage((int)a[0], &ru))
        return -errno;
    return mem_copy_to_guest(lx_mem(cpu), a[1], &ru, sizeof(ru));
}

/* The guest-held limit slot of resource res, or -1 if the host's limit is the guest's. */
static int guest_rlim_slot(int res)
{
    switch (res) {
    case RLIMIT_STACK: return LX_RLIM_STACK;
    case RLIMIT_AS: return LX_RLIM_AS;
    case RLIMIT_DATA: return LX_RLIM_DATA;
    default: return -1;
    }
}

/* getrlimit/setrlimit/prlimit64 on this process: RLIMIT_STACK, AS and DATA are the guest's own,
 * checked as Linux's do_prlimit does (the new value is EINVAL if cur > max, raising max needs
 * CAP_SYS_RESOURCE: EPERM); AS and DATA go to mem/, which enforces them. */
static int64_t rlimit_self(struct vcpu *cpu, int res, const struct rlimit *nv, struct rlimit *ov)
{
    struct linux_proc *lx = lx_proc(cpu);
    int slot = guest_rlim_slot(res);
    struct rlimit *g;
    int64_t r = 0;

    if (slot < 0) {
        if (ov && getrlimit(res, ov))
            return -errno;
        if (nv && setrlimit(res, nv))
            return -errno;
        return 0;
    }
    g = &lx->guest_rlim[slot];
    pthread_mutex_lock(&lx->lock);
    if (nv && nv->rlim_cur > nv->rlim_max)
        r = -EINVAL;
    else if (nv && nv->rlim_max > g->rlim_max && !mem_has_cap(CAP_SYS_RESOURCE))
        r = -EPERM;
    if (r == 0 && ov)
        *ov = *g;
    if (r == 0 && nv) {
        *g = *nv;
        mem_set_limits(lx_mem(cpu), lx->guest_rlim[LX_RLIM_AS].rlim_cur,
                       lx->guest_rlim[LX_RLIM_DATA].rlim_cur);
    }
    pthread_mutex_unlock(&lx->lock);
    return r;
}

int64_t sys_getrlimit(struct vcpu *cpu, const uint64_t *a)
{
    struct rlimit r;
    int64_t e = rlimit_self(cpu, (int)a[0], NULL, &r);

    if (e < 0)
        return e;
    return mem_copy_to_guest(lx_mem(cpu), a[1], &r, sizeof(r));
}

int64_t sys_setrlimit(struct vcpu *cpu, const uint64_t *a)
{
    struct rlimit r;

    if (mem_copy_from_guest(lx_mem(cpu), &r, a[1], sizeof(r)))
        return -EFAULT;
    return rlimit_self(cpu, (int)a[0], &r, NULL);
}

int64_t sys_prlimit64(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    struct rlimit nv, ov;
    pid_t pid = (pid_t)a[0];
    int64_t r;

    if (a[2] && mem_copy_from_guest(m, &nv, a[2], sizeof(nv)))
        return -EFAULT;
    if (pid == 0 || pid == lx_proc(cpu)->pid)
        r = rlimit_self(cpu, (int)a[1], a[2] ? &nv : NULL, a[3] ? &ov : NULL);
    else
        r = lx_err(prlimit(pid, (int)a[1], a[2] ? &nv : NULL, a[3] ? &ov : NULL));
    if (r == 0 && a[3] && mem_copy_to_guest(m, a[3], &ov, sizeof(ov)))
        return -EFAULT;
    return r;
}

int64_t sys_prctl(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    int option = (int)a[0];
    void *p;

    switch (option) {
    case PR_SET_NAME:
    case PR_GET_NAME:
        p = mem_lock(m, a[1], 16, option == PR_SET_NAME ? PAGE_READ : PAGE_WRITE);
        return p ? lx_err(prctl(option, p, 0, 0, 0)) : -EFAULT;
    case PR_GET_PDEATHSIG:
        p = mem_lock(m, a[1], sizeof(int), PAGE_WRITE);
        return p ? lx_err(prctl(option, p, 0, 0, 0)) : -EFAULT;
    case PR_SET_PDEATHSIG:
    case PR_GET_DUMPABLE:
    case PR_SET_DUMPABLE:
    case PR_GET_KEEPCAPS:
    case PR_SET_KEEPCAPS:
    case PR_CAPBSET_READ:
    case PR_SET_CHILD_SUBREAPER:
    case PR_SET_NO_NEW_PRIVS:
    case PR_GET_NO_NEW_PRIVS:
    case PR_GET_TIMERSLACK:
    case PR_SET_TIMERSLACK:
        return lx_err(prctl(option, (unsigned long)a[1], (unsigned long)a[2],
                            (unsigned long)a[3], (unsigned long)a[4]));
    default:
        /* Includes PR_SET_VMA (anonymous mapping names) and seccomp: not emulated. */
        if (log_enabled(LOG_UNIMP))
            log_printf("Unsupported prctl: %d\n", option);
        return -EINVAL;
    }
}

int64_t sys_getcpu(struct vcpu *cpu, const uint64_t *a)
{
    unsigned c, n;

    if (getcpu(&c, &n))
        return -errno;
    if (a[0] && mem_copy_to_guest(lx_mem(cpu), a[0], &c, sizeof(c)))
        return -EFAULT;
    if (a[1] && mem_copy_to_guest(lx_mem(cpu), a[1], &n, sizeof(n)))
        return -EFAULT;
    return 0;
}

int64_t sys_sched_getaffinity(struct vcpu *cpu, const uint64_t *a)
{
    void *mask = mem_lock(lx_mem(cpu), a[2], a[1], PAGE_WRITE);

    if (!mask)
        return -EFAULT;
    return lx_err(syscall(SYS_sched_getaffinity, (pid_t)a[0], (size_t)a[1], mask));
}

int64_t sys_sched_yield(struct vcpu *cpu, const uint64_t *a)
{
    sched_yield();
    return 0;
}

int64_t sys_getrandom(struct vcpu *cpu, const uint64_t *a)
{
    void *buf = mem_lock(lx_mem(cpu), a[0], a[1], PAGE_WRITE);

    if (!buf)
        return -EFAULT;
    return lx_blocking(cpu, true, SYS_getrandom,
                       (uint64_t[6]){(uintptr_t)buf, a[1], (unsigned)a[2]});
}

/* Value of one riscv_hwprobe key, or false for keys plume does not know. */
static bool hwprobe_value(int64_t key, uint64_t *v)
{
    switch (key) {
    case TARGET_HWPROBE_KEY_MVENDORID:
    case TARGET_HWPROBE_KEY_MARCHID:
    case TARGET_HWPROBE_KEY_MIMPID:
        *v = 0;
        return true;
    case TARGET_HWPROBE_KEY_BASE_BEHAVIOR:
        *v = TARGET_HWPROBE_BASE_BEHAVIOR_IMA;
        return true;
    case TARGET_HWPROBE_KEY_IMA_EXT_0:
        *v = TARGET_HWPROBE_IMA_FD | TARGET_HWPROBE_IMA_C | TARGET_HWPROBE_EXT_ZBA |
             TARGET_HWPROBE_EXT_ZBB | TARGET_HWPROBE_EXT_ZBS;
        return true;
    case TARGET_HWPROBE_KEY_CPUPERF_0:
        *v = TARGET_HWPROBE_MISALIGNED_EMULATED;
        return true;
    default:
        return false;
    }
}

int64_t sys_riscv_hwprobe(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    uint64_t n = a[1];

    if (a[4] != 0)
        return -EINVAL;
    if (n > (1ull << 20))
        return -EINVAL;
    if (!mem_range_ok(m, a[0], n * sizeof(struct target_hwprobe), PAGE_READ | PAGE_WRITE))
        return -EFAULT;
    /* Every hart is the same, so the cpu set does not matter. The guest may place the pairs at
     * any alignment: each is copied in and out, as the kernel's get_user/put_user do. */
    for (uint64_t i = 0; i < n; i++) {
        gaddr_t g = a[0] + i * sizeof(struct target_hwprobe);
        struct target_hwprobe pair;
        uint64_t v;

        if (mem_copy_from_guest(m, &pair, g, sizeof(pair)))
            return -EFAULT;
        if (hwprobe_value(pair.key, &v)) {
            pair.value = v;
        } else {
            pair.key = -1;
            pair.value = 0;
        }
        if (mem_copy_to_guest(m, g, &pair, sizeof(pair)))
            return -EFAULT;
    }
    return 0;
}

/* ---- futex ---- */

int64_t sys_futex(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    int op = (int)a[1], cmd = op & FUTEX_CMD_MASK;
    uint32_t *uaddr = mem_lock(m, a[0], 4, PAGE_READ);
    uint32_t *uaddr2 = NULL;
    struct timespec ts, *tsp = NULL;
    unsigned long val2 = 0;
    bool blocking = false;
    int64_t r;

    if (!uaddr)
        return -EFAULT;
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI:
        blocking = true;
        if (a[3]) {
            if (mem_copy_from_guest(m, &ts, a[3], sizeof(ts)))
                return -EFAULT;
            tsp = &ts;
        }
        break;
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
    case FUTEX_CMP_REQUEUE_PI:
        val2 = (unsigned long)a[3];
        break;
    default:
        break;
    }
    if (cmd == FUTEX_REQUEUE || cmd == FUTEX_CMP_REQUEUE || cmd == FUTEX_WAKE_OP ||
        cmd == FUTEX_CMP_REQUEUE_PI || cmd == FUTEX_WAIT_REQUEUE_PI) {
        uaddr2 = mem_lock(m, a[4], 4, PAGE_READ | PAGE_WRITE);
        if (!uaddr2)
            return -EFAULT;
    }
    if (!blocking)
        return lx_err(syscall(SYS_futex, uaddr, op, (uint32_t)a[2], val2, uaddr2,
                              (uint32_t)a[5]));
    if (cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET) /* restartable; absolute timeouts */
        return lx_blocking(cpu, true, SYS_futex,
                           (uint64_t[6]){(uintptr_t)uaddr, op, (uint32_t)a[2], (uintptr_t)tsp,
                                         (uintptr_t)uaddr2, (uint32_t)a[5]});
    /* A wait the guest does not see interrupted goes on with the time left (FUTEX_WAIT's
     * timeout is relative, FUTEX_WAIT_BITSET's absolute), re-checking the word as the kernel's
     * restart does; a guest signal ends it with -EINTR. */
    struct timespec end = {0, 0};
    if (tsp && cmd == FUTEX_WAIT)
        end = lx_deadline(tsp);
    do {
        if (tsp && cmd == FUTEX_WAIT)
            ts = lx_time_left(&end);
        r = lx_blocking(cpu, false, SYS_futex,
                        (uint64_t[6]){(uintptr_t)uaddr, op, (uint32_t)a[2], (uintptr_t)tsp,
                                      (uintptr_t)uaddr2, (uint32_t)a[5]});
    } while (lx_wait_again(cpu, &r));
    return r;
}

/* The guest's struct futex_waitv (uaddr a guest address); the host's has the same layout. */
struct target_futex_waitv {
    uint64_t val;
    uint64_t uaddr;
    uint32_t flags;
    uint32_t reserved;
};
_Static_assert(sizeof(struct target_futex_waitv) == sizeof(struct futex_waitv), "futex_waitv");

#define FUTEX_WAITV_MAX_WAITERS 128

int64_t sys_futex_waitv(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    unsigned n = (unsigned)a[1];
    struct futex_waitv w[FUTEX_WAITV_MAX_WAITERS];
    struct target_futex_waitv t;
    struct timespec ts, *tsp = NULL;

    /* The kernel's order: arguments, clock, timeout, then the waiters. */
    if (a[2] || !a[0] || n == 0 || a[1] > FUTEX_WAITV_MAX_WAITERS)
        return -EINVAL;
    if (a[3]) {
        if ((int)a[4] != CLOCK_MONOTONIC && (int)a[4] != CLOCK_REALTIME)
            return -EINVAL;
        if (mem_copy_from_guest(m, &ts, a[3], sizeof(ts)))
            return -EFAULT;
        tsp = &ts;
    }
    for (unsigned i = 0; i < n; i++) {
        void *h;
        if (mem_copy_from_guest(m, &t, a[0] + (uint64_t)i * sizeof(t), sizeof(t)))
            return -EFAULT;
        /* A word the guest cannot read gets a host address the kernel cannot either. */
        h = mem_lock(m, t.uaddr, 4, PAGE_READ);
        w[i].val = t.val;
        w[i].uaddr = h ? (uintptr_t)h : UINT64_MAX & ~3ull;
        w[i].flags = t.flags;
        w[i].__reserved = t.reserved;
    }
    /* The timeout is absolute: a restarted wait keeps it. */
    return lx_blocking(cpu, true, SYS_futex_waitv,
                       (uint64_t[6]){(uintptr_t)w, n, 0, (uintptr_t)tsp, (int)a[4]});
}

/* ---- fork, exec, wait ---- */

int64_t sys_clone(struct vcpu *cpu, const uint64_t *a)
{
    /* riscv64 argument order: flags, newsp, parent_tid, tls, child_tid. */
    uint64_t flags = a[0];
    struct mem_space *m = lx_mem(cpu);
    sigset_t all, old;
    pid_t pid;

    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
        return lx_clone_thread(cpu, a);
    if (flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_FILES | CLONE_FS | CLONE_NEWNS |
                 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_PIDFD))
        return -EINVAL;
    if (plg_active)
        plg_fork_prepare();
    /* Host signals wait until the child has reset its signal state (sig_fork_child), so one
     * sent to the new pid right away is not lost. */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    /* The vCPU list is not in the middle of a change when the child copies it. */
    pthread_mutex_lock(&cpu->proc->cpu_lock);
    pid = fork();
    pthread_mutex_unlock(&cpu->proc->cpu_lock);
    if (pid == 0) {
        if (plg_active)
            plg_fork_child();
        /* Only the forking thread exists in the child: it is the only live vCPU, and locks
         * other threads held at the fork are reset. */
        exec_fork_child(cpu);
        lx_proc(cpu)->live_threads = 1;
        cpu->tid = gettid();
        lx_proc(cpu)->pid = getpid();
        lx_proc(cpu)->signal_tid = cpu->tid;
        sig_fork_child(cpu);
        lx_aio_fork_child(lx_proc(cpu));
        /* mlockall(MCL_FUTURE) is not inherited (Linux's mm_init drops def_flags). */
        mem_set_lock_future(m, 0);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (a[1])
            cpu->x[2] = a[1];
        if (flags & CLONE_SETTLS)
            cpu->x[4] = a[3];
        if (flags & CLONE_CHILD_SETTID)
            mem_copy_to_guest(m, a[4], &cpu->tid, sizeof(int));
        if (flags & CLONE_CHILD_CLEARTID)
            cpu->lx->clear_child_tid = a[4];
        return 0;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (plg_active)
        plg_fork_parent();
    if (pid < 0)
        return -errno;
    if (flags & CLONE_PARENT_SETTID)
        mem_copy_to_guest(m, a[2], &pid, sizeof(int));
    return pid;
}

/* Copy a NULL-terminated guest array of string pointers into a malloc'd, NULL-terminated
 * vector; *n gets the count. NULL with *err on failure. */
static char **get_strv(struct vcpu *cpu, gaddr_t g, int *n, int *err)
{
    struct mem_space *m = lx_mem(cpu);
    size_t cap = 16, cnt = 0;
    char **v = xcalloc(cap + 1, sizeof(char *));

    for (; g; g += 8) {
        uint64_t p;
        if (mem_copy_from_guest(m, &p, g, 8)) {
            *err = -EFAULT;
            goto fail;
        }
        if (!p)
            break;
        if (cnt == cap) {
            cap *= 2;
            v = xrealloc(v, (cap + 1) * sizeof(char *));
        }
        v[cnt] = mem_strdup_from_guest(m, p, 128 * 1024, err);
        if (!v[cnt]) {
            if (*err == -ENAMETOOLONG)
                *err = -E2BIG;
            goto fail;
        }
        cnt++;
    }
    v[cnt] = NULL;
    *n = (int)cnt;
    return v;
fail:
    for (size_t i = 0; i < cnt; i++)
        free(v[i]);
    free(v);
    return NULL;
}

static void free_strv(char **v)
{
    for (int i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

/* argv for re-running plume on path: plume's own options (without -0 and -g), -0 <guest argv[0]>,
 * the path, then the guest's argv[1..]. The strings are borrowed. */
static char **plume_argv_for(const struct config *cfg, char *path, char **argv, int argc)
{
    char **v = xcalloc((size_t)cfg->prog_index + (size_t)argc + 4, sizeof(char *));
    int k = 0;

    for (int i = 0; i < cfg->prog_index; i++) {
        /* Dropped with their argument: the old argv[0] override, and the gdb stub (the debugger
         * stays with the process that started it; the new image runs free). */
        const char *o = cfg->plume_argv[i];
        if (i > 0 && (!strcmp(o, "-0") || !strcmp(o, "-g") || !strcmp(o, "--g"))) {
            i++;
            continue;
        }
        v[k++] = cfg->plume_argv[i];
    }
    v[k++] = (char *)"-0";
    v[k++] = argc > 0 ? argv[0] : path;
    v[k++] = path;
    for (int i = 1; i < argc; i++)
        v[k++] = argv[i];
    v[k] = NULL;
    return v;
}

/* Run a new image for the guest: the host file path (owned: freed here) with the guest argv
 * and envp arrays at gargv and genvp. A riscv64 program re-runs plume on path; anything else
 * goes to the host's execve, or with fd >= 0 to its execveat(fd, "", AT_EMPTY_PATH), so a
 * script opened close-on-exec fails as on Linux. Returns only on failure (-errno). */
static int64_t exec_image(struct vcpu *cpu, char *path, gaddr_t gargv, gaddr_t genvp, int fd)
{
    const struct config *cfg = cpu->proc->cfg;
    int err, argc, envc;
    char **argv, **envp;
    sigset_t old, set;
    int64_t r;

    if (access(path, F_OK)) {
        r = -errno;
        free(path);
        return r;
    }
    envp = get_strv(cpu, genvp, &envc, &err);
    if (!envp) {
        free(path);
        return err;
    }
    argv = get_strv(cpu, gargv, &argc, &err);
    if (!argv) {
        free_strv(envp);
        free(path);
        return err;
    }
    /* The new image starts with the guest's current mask (execve keeps it). */
    sigemptyset(&set);
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        if ((cpu->lx->sigmask & TARGET_SIGBIT(sig)) && sig != SIGSEGV && sig != SIGBUS)
            sigaddset(&set, sig);
    }
    sigprocmask(SIG_SETMASK, &set, &old);
    if (cfg && cfg->plume_argv && !loader_check_file(path)) {
        char **nargv = plume_argv_for(cfg, path, argv, argc);
        char fdpath[32];
        int keep = -1;
        /* plume opens the program after the exec: a close-on-exec descriptor is reopened
         * through a copy the new image inherits (Linux runs such an ELF file). */
        if (fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC)) {
            keep = fcntl(fd, F_DUPFD, 3);
            snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", keep);
            for (int i = 0; nargv[i]; i++) {
                if (nargv[i] == path)
                    nargv[i] = fdpath;
            }
        }
        execve("/proc/self/exe", nargv, envp);
        r = -errno;
        if (keep >= 0)
            close(keep);
        free(nargv);
    } else {
        if (fd >= 0)
            syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
        else
            execve(path, argv, envp);
        r = -errno;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    free_strv(argv);
    free_strv(envp);
    free(path);
    return r;
}

int64_t sys_execve(struct vcpu *cpu, const uint64_t *a)
{
    int err;
    char *path = lx_path_arg(cpu, a[0], &err);

    return path ? exec_image(cpu, path, a[1], a[2], -1) : err;
}

int64_t sys_execveat(struct vcpu *cpu, const uint64_t *a)
{
    int dirfd = (int)a[0], flags = (int)a[4], err;
    char *name, *path;
    struct stat st;

    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    name = lx_get_path(cpu, a[1], &err);
    if (!name)
        return err;
    if (name[0] == 0 && !(flags & AT_EMPTY_PATH)) {
        free(name);
        return -ENOENT;
    }
    if (name[0] != '/' && dirfd != AT_FDCWD &&
        (lx_own_fd(lx_proc(cpu), dirfd) || fcntl(dirfd, F_GETFD) < 0)) {
        free(name);
        return -EBADF;
    }
    if ((flags & AT_SYMLINK_NOFOLLOW) && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode)) {
        free(name);
        return -ELOOP;
    }
    if (name[0] == 0) {
        /* The file open at dirfd itself (fexecve). */
        path = xmalloc(32);
        snprintf(path, 32, "/proc/self/fd/%d", dirfd);
        free(name);
        return exec_image(cpu, path, a[2], a[3], dirfd);
    }
    if (name[0] == '/' || dirfd == AT_FDCWD)
        return exec_image(cpu, lx_host_path(lx_proc(cpu), name), a[2], a[3], -1);
    path = xmalloc(strlen(name) + 32);
    sprintf(path, "/proc/self/fd/%d/%s", dirfd, name);
    free(name);
    return exec_image(cpu, path, a[2], a[3], -1);
}

/* Copies a reaped child's status (len bytes at info) and rusage to those of the guest addresses
 * ginfo and gru that are not 0; -EFAULT if a copy fails, else 0. */
static int64_t put_wait_result(struct vcpu *cpu, gaddr_t ginfo, const void *info, size_t len,
                               gaddr_t gru, const struct rusage *ru)
{
    struct mem_space *m = lx_mem(cpu);

    if (ginfo && mem_copy_to_guest(m, ginfo, info, len))
        return -EFAULT;
    if (gru && mem_copy_to_guest(m, gru, ru, sizeof(*ru)))
        return -EFAULT;
    return 0;
}

int64_t sys_wait4(struct vcpu *cpu, const uint64_t *a)
{
    int status;
    struct rusage ru;
    int64_t r;

    r = lx_blocking(cpu, true, SYS_wait4,
                    (uint64_t[6]){(pid_t)a[0], (uintptr_t)&status, (int)a[2],
                                  (uintptr_t)(a[3] ? &ru : NULL)});
    if (r > 0 && put_wait_result(cpu, a[1], &status, sizeof(status), a[3], &ru))
        return -EFAULT;
    return r;
}

int64_t sys_waitid(struct vcpu *cpu, const uint64_t *a)
{
    siginfo_t si;
    struct rusage ru;
    int64_t r;

    memset(&si, 0, sizeof(si));
    r = lx_blocking(cpu, true, SYS_waitid,
                    (uint64_t[6]){(int)a[0], (pid_t)a[1], (uintptr_t)&si, (int)a[3],
                                  (uintptr_t)(a[4] ? &ru : NULL)});
    /* siginfo_t: same 128-byte layout as the guest's. */
    if (r == 0 && put_wait_result(cpu, a[2], &si, sizeof(si), a[4], &ru))
        return -EFAULT;
    return r;
}
