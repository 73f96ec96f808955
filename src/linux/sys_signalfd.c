/*
 * sys_signalfd.c — signalfd4: guest signals read from a file descriptor.
 *
 * Guest signals live in plume's pending sets (signal.c), not in the host kernel, so a host
 * signalfd cannot see them. A guest signalfd is a host eventfd (created with the guest's
 * SFD_NONBLOCK / SFD_CLOEXEC, which equal EFD_NONBLOCK / EFD_CLOEXEC) that plume keeps readable
 * exactly while a signal of its mask is pending in the process's set or in any thread's: every
 * change of a pending set updates it under sigq_lock (signal.c, also from host handlers), so
 * poll, select and epoll work on it through the host kernel. read and readv on it are plume's:
 * they take signals of the mask off the caller's thread set, then off the process's (lowest
 * number first, as Linux's dequeue_signal), as struct signalfd_siginfo records filled the way
 * Linux's signalfd_copyinfo fills them for the siginfo layout of each signal; with none pending
 * a non-blocking descriptor gives EAGAIN and a blocking one waits as sigtimedwait does (the
 * caller's `waiting` set routes process-directed signals to it). write/writev give EINVAL, as
 * a signalfd has no write.
 *
 * A signal the guest leaves at SIG_DFL whose default is to ignore it (SIGCHLD, SIGURG,
 * SIGWINCH) is still queued while blocked on Linux; while a signalfd watches it, the host
 * disposition is plume's handler (with SA_RESTART) instead of SIG_DFL so that it arrives.
 *
 * The table (linux_proc.sigfds) maps guest descriptors to signalfds: close, close_range and
 * dup3 over a descriptor drop it, dup, dup3 and fcntl(F_DUPFD) add the copy. A fork child gets
 * fresh eventfds at the same numbers, so parent and child do not share readiness.
 *
 * Differences from Linux: readiness is per process, not per polling thread (a signal pending
 * for one blocked thread makes the descriptor readable to all, where Linux shows it to that
 * thread only); the descriptor shows as an eventfd in /proc/self/fd and fdinfo; it does not
 * survive execve as a signalfd, nor pass to another process (SCM_RIGHTS) as one.
 *
 * Threading: table changes take lx->sigq_lock; lookups are lock-free atomic loads (a read racing
 * with a close of the same descriptor is the guest's own race). Reads run on the owning vCPU.
 */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>

#include "sys_extra.h"

#define TARGET_SFD_CLOEXEC 02000000
#define TARGET_SFD_NONBLOCK 04000
#define SIGFD_RECORD ((uint64_t)sizeof(struct target_signalfd_siginfo))
/* Records one read returns at most (Linux has no such limit; a larger read returns fewer). */
#define SIGFD_MAX_RECORDS 64

void lx_sigfd_init(struct linux_proc *lx)
{
    for (int i = 0; i < LX_MAX_SIGFDS; i++)
        for (int j = 0; j < LX_SIGFD_FDS; j++)
            lx->sigfds[i].fds[j] = -1;
}

int lx_sigfd_find(struct linux_proc *lx, int fd)
{
    if (fd < 0 || !__atomic_load_n(&lx->n_sigfds, __ATOMIC_ACQUIRE))
        return -1;
    for (int i = 0; i < LX_MAX_SIGFDS; i++)
        for (int j = 0; j < LX_SIGFD_FDS; j++) {
            int f = __atomic_load_n(&lx->sigfds[i].fds[j], __ATOMIC_ACQUIRE);
            if (f < 0)
                break;
            if (f == fd)
                return i;
        }
    return -1;
}

/* Recompute sigfd_watch from the masks (lock held); the old value is returned. */
static uint64_t sigfd_watch_locked(struct linux_proc *lx)
{
    uint64_t w = 0;

    for (int i = 0; i < LX_MAX_SIGFDS; i++)
        if (lx->sigfds[i].fds[0] >= 0)
            w |= lx->sigfds[i].mask;
    return __atomic_exchange_n(&lx->sigfd_watch, w, __ATOMIC_ACQ_REL);
}

/* After sigfd_watch changed from old: the host dispositions of the default-ignored signals
 * whose watch bit changed follow it (sig_sync_host_action), and the eventfds their state. */
static void sigfd_watch_changed(struct linux_proc *lx, uint64_t old)
{
    uint64_t diff = old ^ __atomic_load_n(&lx->sigfd_watch, __ATOMIC_ACQUIRE);

    if (diff) {
        pthread_mutex_lock(&lx->lock);
        for (int sig = 1; sig < 32; sig++)
            if (diff & TARGET_SIGBIT(sig))
                sig_sync_host_action(lx, sig);
        pthread_mutex_unlock(&lx->lock);
    }
    sig_fd_sync(lx);
}

/* Drop descriptor fd from slot i, freeing the slot after its last one (lock held). */
static void sigfd_drop_locked(struct linux_proc *lx, int i, int fd)
{
    struct lx_sigfd *f = &lx->sigfds[i];
    int j = 0, k = 0;

    for (; j < LX_SIGFD_FDS && f->fds[j] >= 0; j++)
        if (f->fds[j] != fd)
            __atomic_store_n(&f->fds[k++], f->fds[j], __ATOMIC_RELEASE);
    while (k < j)
        __atomic_store_n(&f->fds[k++], -1, __ATOMIC_RELEASE);
    if (f->fds[0] < 0) {
        f->armed = false;
        f->mask = 0;
        __atomic_fetch_sub(&lx->n_sigfds, 1, __ATOMIC_ACQ_REL);
    }
}

void lx_sigfd_closed(struct linux_proc *lx, int first, int last)
{
    uint64_t old;
    sigset_t mask;
    bool any = false;

    if (!__atomic_load_n(&lx->n_sigfds, __ATOMIC_ACQUIRE))
        return;
    sigq_lock(lx, &mask);
    for (int i = 0; i < LX_MAX_SIGFDS; i++)
        for (int j = 0; j < LX_SIGFD_FDS && lx->sigfds[i].fds[j] >= 0;) {
            int fd = lx->sigfds[i].fds[j];
            if (fd >= first && fd <= last) {
                sigfd_drop_locked(lx, i, fd);
                any = true;
            } else {
                j++;
            }
        }
    old = sigfd_watch_locked(lx);
    sigq_unlock(lx, &mask);
    if (any)
        sigfd_watch_changed(lx, old);
}

void lx_sigfd_dup(struct linux_proc *lx, int oldfd, int newfd)
{
    int i = lx_sigfd_find(lx, oldfd);
    sigset_t mask;

    if (i < 0 || newfd < 0)
        return;
    sigq_lock(lx, &mask);
    for (int j = 0; j < LX_SIGFD_FDS; j++)
        if (lx->sigfds[i].fds[j] < 0) {
            __atomic_store_n(&lx->sigfds[i].fds[j], newfd, __ATOMIC_RELEASE);
            break;
        }
    sigq_unlock(lx, &mask);
}

void sig_fd_fork_child(struct linux_proc *lx)
{
    for (int i = 0; i < LX_MAX_SIGFDS; i++) {
        struct lx_sigfd *f = &lx->sigfds[i];
        int fl, efd;

        f->armed = false;
        if (f->fds[0] < 0)
            continue;
        fl = fcntl(f->fds[0], F_GETFL);
        efd = eventfd(0, fl >= 0 && (fl & O_NONBLOCK) ? EFD_NONBLOCK : 0);
        if (efd < 0)
            continue;
        for (int j = 0; j < LX_SIGFD_FDS && f->fds[j] >= 0; j++) {
            int fdfl = fcntl(f->fds[j], F_GETFD);
            dup3(efd, f->fds[j], fdfl >= 0 && (fdfl & FD_CLOEXEC) ? O_CLOEXEC : 0);
        }
        close(efd);
    }
}

/* Highest kernel si_code of each signal with its own siginfo layout (NSIGILL, NSIGFPE, ...). */
static const uint8_t sigfd_code_limit[32] = {
    [SIGILL] = 11, [SIGFPE] = 15, [SIGSEGV] = 10, [SIGBUS] = 5,
    [SIGTRAP] = 6, [SIGCHLD] = 6, [SIGPOLL] = 6,  [SIGSYS] = 2,
};

/* struct signalfd_siginfo for info, as Linux's signalfd_copyinfo fills it for the layout
 * siginfo_layout gives. The union of target_siginfo is read at the generic offsets (raw starts
 * at si_pid / si_addr / si_band / si_call_addr). */
static void sigfd_record(const struct target_siginfo *info, struct target_signalfd_siginfo *r)
{
    int sig = info->si_signo, code = info->si_code;
    const uint8_t *u = info->raw;
    int layout = 0; /* 0 kill, else the signal whose layout applies */
    int32_t id[2];
    uint64_t w[3];

    memset(r, 0, sizeof(*r));
    r->ssi_signo = (uint32_t)sig;
    r->ssi_errno = info->si_errno;
    r->ssi_code = code;
    memcpy(id, u, sizeof(id));
    memcpy(w, u + 8, sizeof(w));
    if (code > SI_USER && code < SI_KERNEL)
        layout = sig < 32 && code <= sigfd_code_limit[sig] ? sig : code <= 6 ? SIGPOLL : 0;
    else if (code == SI_SIGIO)
        layout = SIGPOLL;
    else if (code == SI_TIMER)
        layout = -1;
    else if (code < 0)
        layout = -2;
    switch (layout) {
    case SIGILL:
    case SIGFPE:
    case SIGSEGV:
    case SIGBUS:
    case SIGTRAP:
        memcpy(&r->ssi_addr, u, 8);
        if (sig == SIGBUS && (code == BUS_MCEERR_AR || code == BUS_MCEERR_AO))
            memcpy(&r->ssi_addr_lsb, u + 8, 2);
        break;
    case SIGPOLL:
        memcpy(&r->ssi_band, u, 4);
        memcpy(&r->ssi_fd, u + 8, 4);
        break;
    case SIGSYS:
        memcpy(&r->ssi_call_addr, u, 8);
        memcpy(&r->ssi_syscall, u + 8, 4);
        memcpy(&r->ssi_arch, u + 12, 4);
        break;
    case -1: /* SI_TIMER */
        r->ssi_tid = (uint32_t)id[0];
        r->ssi_overrun = (uint32_t)id[1];
        r->ssi_ptr = w[0];
        r->ssi_int = (int32_t)w[0];
        break;
    case SIGCHLD:
        r->ssi_status = (int32_t)w[0];
        r->ssi_utime = w[1];
        r->ssi_stime = w[2];
        r->ssi_pid = (uint32_t)id[0];
        r->ssi_uid = (uint32_t)id[1];
        break;
    case -2: /* queued: sigqueue, tkill, mq_notify */
        r->ssi_ptr = w[0];
        r->ssi_int = (int32_t)w[0];
        r->ssi_pid = (uint32_t)id[0];
        r->ssi_uid = (uint32_t)id[1];
        break;
    default:
        r->ssi_pid = (uint32_t)id[0];
        r->ssi_uid = (uint32_t)id[1];
        break;
    }
}

/* signalfd may stop waiting: a signal of its mask is pending for cpu, or a handler must run. */
static bool sigfd_ready(struct vcpu *cpu, uint64_t mask)
{
    return (sig_pending_set(cpu) & mask) || sig_has_deliverable(cpu);
}

/* Up to max records for the signalfd in slot into out: their count, or -errno (EAGAIN for a
 * non-blocking descriptor with nothing pending; an interrupted wait as lx_interrupted). */
static int64_t sigfd_take(struct vcpu *cpu, int slot, int fd, struct target_signalfd_siginfo *out,
                          uint64_t max)
{
    struct linux_thread *t = cpu->lx;
    uint64_t mask = __atomic_load_n(&lx_proc(cpu)->sigfds[slot].mask, __ATOMIC_ACQUIRE);
    int fl = fcntl(fd, F_GETFL);
    struct target_siginfo info;
    int64_t n = 0;

    if (fl < 0)
        return -errno;
    __atomic_store_n(&t->waiting, mask, __ATOMIC_RELAXED);
    for (;;) {
        while ((uint64_t)n < max && sig_take_masked(cpu, mask, &info))
            sigfd_record(&info, &out[n++]);
        if (n)
            break;
        if (sig_has_deliverable(cpu)) {
            n = lx_interrupted(cpu, true);
            break;
        }
        if (fl & O_NONBLOCK) {
            n = -EAGAIN;
            break;
        }
        sig_wait_event(cpu, sigfd_ready, mask, NULL);
    }
    __atomic_store_n(&t->waiting, 0, __ATOMIC_RELAXED);
    return n;
}

int64_t lx_sigfd_read(struct vcpu *cpu, int slot, int fd, gaddr_t g, uint64_t len, bool iov)
{
    struct mem_space *m = lx_mem(cpu);
    struct target_signalfd_siginfo recs[SIGFD_MAX_RECORDS];
    uint64_t vec[2], total = 0, done = 0;
    int64_t n;

    if (!iov) {
        total = len;
    } else {
        if (len > 1024)
            return -EINVAL;
        for (uint64_t i = 0; i < len; i++) {
            if (mem_copy_from_guest(m, vec, g + 16 * i, sizeof(vec)))
                return -EFAULT;
            if (vec[1] > INT64_MAX - total)
                return -EINVAL;
            total += vec[1];
        }
    }
    if (total < SIGFD_RECORD)
        return -EINVAL;
    if (!iov && !mem_lock(m, g, SIGFD_RECORD, PAGE_WRITE))
        return -EFAULT;
    n = sigfd_take(cpu, slot, fd, recs,
                   total / SIGFD_RECORD < SIGFD_MAX_RECORDS ? total / SIGFD_RECORD
                                                            : SIGFD_MAX_RECORDS);
    if (n <= 0)
        return n;
    total = (uint64_t)n * SIGFD_RECORD;
    /* Scatter over the buffer or the iovecs; a fault midway returns what was copied, as
     * copy_to_iter leaves it (the signals taken are gone, as on Linux). */
    for (uint64_t i = 0; done < total; i++) {
        uint64_t piece;
        if (!iov) {
            vec[0] = g;
            vec[1] = total;
        } else if (mem_copy_from_guest(m, vec, g + 16 * i, sizeof(vec))) {
            break;
        }
        piece = vec[1] < total - done ? vec[1] : total - done;
        if (piece && mem_copy_to_guest(m, vec[0], (uint8_t *)recs + done, piece))
            break;
        done += piece;
    }
    return done ? (int64_t)done : -EFAULT;
}

int64_t sys_signalfd4(struct vcpu *cpu, const uint64_t *a)
{
    struct linux_proc *lx = lx_proc(cpu);
    int fd = (int)a[0], flags = (int)a[3], slot = -1, efd;
    uint64_t mask, old;
    sigset_t hmask;

    if (flags & ~(TARGET_SFD_CLOEXEC | TARGET_SFD_NONBLOCK))
        return -EINVAL;
    if (a[2] != sizeof(mask))
        return -EINVAL;
    if (mem_copy_from_guest(lx_mem(cpu), &mask, a[1], sizeof(mask)))
        return -EFAULT;
    mask &= ~(TARGET_SIGBIT(SIGKILL) | TARGET_SIGBIT(SIGSTOP));
    if (fd != -1) {
        slot = lx_sigfd_find(lx, fd);
        if (slot < 0)
            return lx_own_fd(lx, fd) || fcntl(fd, F_GETFD) < 0 ? -EBADF : -EINVAL;
        sigq_lock(lx, &hmask);
        __atomic_store_n(&lx->sigfds[slot].mask, mask, __ATOMIC_RELEASE);
        old = sigfd_watch_locked(lx);
        sigq_unlock(lx, &hmask);
        sigfd_watch_changed(lx, old);
        return fd;
    }
    efd = eventfd(0, (flags & TARGET_SFD_CLOEXEC ? EFD_CLOEXEC : 0) |
                         (flags & TARGET_SFD_NONBLOCK ? EFD_NONBLOCK : 0));
    if (efd < 0)
        return -errno;
    sigq_lock(lx, &hmask);
    for (int i = 0; i < LX_MAX_SIGFDS && slot < 0; i++)
        if (lx->sigfds[i].fds[0] < 0)
            slot = i;
    if (slot >= 0) {
        lx->sigfds[slot].mask = mask;
        lx->sigfds[slot].armed = false;
        __atomic_store_n(&lx->sigfds[slot].fds[0], efd, __ATOMIC_RELEASE);
        __atomic_fetch_add(&lx->n_sigfds, 1, __ATOMIC_ACQ_REL);
    }
    old = sigfd_watch_locked(lx);
    sigq_unlock(lx, &hmask);
    if (slot < 0) {
        close(efd);
        return -EMFILE;
    }
    sigfd_watch_changed(lx, old);
    return efd;
}
