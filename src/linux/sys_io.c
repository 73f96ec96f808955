/*
 * sys_io.c — file-descriptor I/O: read/write families, fcntl, ioctl, pipes, polling, epoll,
 * eventfd/timerfd/memfd.
 *
 * Guest fds are host fds, except plume's own -D log descriptor (linux_proc.log_fd, a high
 * number): close, close_range, dup, dup3 (either side) and fcntl treat it as not open (EBADF;
 * close_range skips it), so a guest that closes every descriptor it does not know does not end
 * plume's logging, and cannot make a file of its own take that number. Buffers are locked whole
 * with mem_lock before the host call (a bad or short buffer gives -EFAULT, as qemu-user does), so
 * the host kernel reads and writes guest memory directly. Structures are passed through where the
 * layouts agree (pollfd, fd_set, flock, kernel termios, winsize, itimerspec, timespec); epoll_event
 * is converted (packed on x86-64, not on riscv64). Calls that can block go through lx_blocking
 * (exclusive sections do not wait for them, a signal arriving just before them is not slept
 * through, interrupted calls restart per SA_RESTART); the waits ppoll, pselect6, epoll_pwait and
 * epoll_pwait2 go on with the time left after an interruption the guest does not see.
 *
 * Threading: any vCPU thread; no shared state.
 */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#include "../util/log.h"
#include "linux.h"

/* Size of the kernel's struct termios (asm-generic: 4 tcflag_t, c_line, 19 cc) on both sides. */
#define KERNEL_TERMIOS_SIZE 36

/* read/readv (a[1], a[2]: buffer and size, or iovec array and count) and write/writev (nr) on a
 * guest signalfd: plume's own (sys_signalfd.c; a signalfd has no write: EINVAL). False if a[0]
 * is no signalfd or nr another call (pread on it is ESPIPE from the host, as on Linux). */
static bool signalfd_io(struct vcpu *cpu, const uint64_t *a, long nr, int64_t *r)
{
    int slot = lx_sigfd_find(lx_proc(cpu), (int)a[0]);

    if (slot < 0)
        return false;
    if (nr == SYS_read || nr == SYS_readv)
        *r = lx_sigfd_read(cpu, slot, (int)a[0], a[1], a[2], nr == SYS_readv);
    else if (nr == SYS_write || nr == SYS_writev)
        *r = -EINVAL;
    else
        return false;
    return true;
}

/* Locks the guest buffer a[1] of a[2] bytes (prot: PAGE_WRITE when the call fills it) and runs
 * host syscall nr on it as a restartable blocking call: the shape of read, write, pread64 and
 * pwrite64 (a[3] is the offset of the last two). */
static int64_t blocking_buf_io(struct vcpu *cpu, const uint64_t *a, unsigned prot, long nr)
{
    void *buf;
    int64_t r;

    if (signalfd_io(cpu, a, nr, &r))
        return r;
    buf = mem_lock(lx_mem(cpu), a[1], a[2], prot);
    if (!buf)
        return -EFAULT;
    return lx_blocking(cpu, true, nr, (uint64_t[6]){a[0], (uintptr_t)buf, a[2], a[3]});
}

int64_t sys_read(struct vcpu *cpu, const uint64_t *a)
{
    return blocking_buf_io(cpu, a, PAGE_WRITE, SYS_read);
}

int64_t sys_write(struct vcpu *cpu, const uint64_t *a)
{
    return blocking_buf_io(cpu, a, PAGE_READ, SYS_write);
}

int64_t sys_pread64(struct vcpu *cpu, const uint64_t *a)
{
    return blocking_buf_io(cpu, a, PAGE_WRITE, SYS_pread64);
}

int64_t sys_pwrite64(struct vcpu *cpu, const uint64_t *a)
{
    return blocking_buf_io(cpu, a, PAGE_READ, SYS_pwrite64);
}

struct iovec *lx_lock_iovec(struct vcpu *cpu, gaddr_t g, int64_t n, bool to_guest, int *err)
{
    struct mem_space *m = lx_mem(cpu);
    struct target_iovec *tv;
    struct iovec *hv;

    if (n < 0 || n > IOV_MAX) {
        *err = -EINVAL;
        return NULL;
    }
    tv = xmalloc(sizeof(*tv) * (size_t)(n ? n : 1));
    hv = xmalloc(sizeof(*hv) * (size_t)(n ? n : 1));
    if (mem_copy_from_guest(m, tv, g, sizeof(*tv) * (size_t)n)) {
        *err = -EFAULT;
        goto fail;
    }
    for (int64_t i = 0; i < n; i++) {
        if ((int64_t)tv[i].len < 0) {
            *err = -EINVAL;
            goto fail;
        }
        hv[i].iov_len = tv[i].len;
        hv[i].iov_base = mem_lock(m, tv[i].base, tv[i].len, to_guest ? PAGE_WRITE : PAGE_READ);
        if (!hv[i].iov_base && tv[i].len) {
            *err = -EFAULT;
            goto fail;
        }
    }
    free(tv);
    return hv;
fail:
    free(tv);
    free(hv);
    return NULL;
}

/* readv (to_guest) or writev on the guest iovec array a[1] of a[2] entries, a restartable
 * blocking call; nr is the host syscall, with a[3..5] passed on (preadv2's offset and flags). */
static int64_t blocking_iov_io(struct vcpu *cpu, const uint64_t *a, bool to_guest, long nr)
{
    int err;
    struct iovec *v;
    int64_t r;

    if (signalfd_io(cpu, a, nr, &r))
        return r;
    v = lx_lock_iovec(cpu, a[1], (int64_t)(int)a[2], to_guest, &err);
    if (!v)
        return err;
    r = lx_blocking(cpu, true, nr, (uint64_t[6]){a[0], (uintptr_t)v, a[2], a[3], a[4], a[5]});
    free(v);
    return r;
}

/* The vector calls: handler, whether the call fills the buffers, host syscall. The position
 * arguments (pos_l, pos_h) of the p forms have the same meaning on both 64-bit ABIs. */
#define IOV_SYSCALL(fn, to_guest, nr)                                                              \
    int64_t fn(struct vcpu *cpu, const uint64_t *a)                                                \
    {                                                                                              \
        return blocking_iov_io(cpu, a, to_guest, nr);                                              \
    }
IOV_SYSCALL(sys_readv, true, SYS_readv)
IOV_SYSCALL(sys_writev, false, SYS_writev)
IOV_SYSCALL(sys_preadv, true, SYS_preadv)
IOV_SYSCALL(sys_pwritev, false, SYS_pwritev)
IOV_SYSCALL(sys_preadv2, true, SYS_preadv2)
IOV_SYSCALL(sys_pwritev2, false, SYS_pwritev2)
#undef IOV_SYSCALL

int64_t sys_lseek(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(lseek((int)a[0], (off_t)a[1], (int)a[2]));
}

int64_t sys_close(struct vcpu *cpu, const uint64_t *a)
{
    int64_t r;

    if (lx_own_fd(lx_proc(cpu), (int)a[0]))
        return -EBADF;
    r = lx_err(close((int)a[0]));
    if (r == 0)
        lx_sigfd_closed(lx_proc(cpu), (int)a[0], (int)a[0]);
    return r;
}

/* close_range without plume's own descriptors. */
static int64_t close_range_guest(struct vcpu *cpu, const uint64_t *a)
{
    unsigned first = (unsigned)a[0], last = (unsigned)a[1], flags = (unsigned)a[2];
    int own[2] = {lx_proc(cpu)->log_fd, plg_own_fd()};
    int64_t r;

    if (first > last)
        return -EINVAL;
    if (own[0] > own[1]) {
        int t = own[0];
        own[0] = own[1];
        own[1] = t;
    }
    /* plume's own descriptors in the range: close the parts around them, in order. */
    for (int i = 0; i < 2; i++) {
        if (own[i] < 0 || (unsigned)own[i] < first || (unsigned)own[i] > last)
            continue;
        if ((unsigned)own[i] > first) {
            r = lx_err(syscall(SYS_close_range, first, (unsigned)own[i] - 1, flags));
            if (r < 0)
                return r;
        }
        if ((unsigned)own[i] == last)
            return 0;
        first = (unsigned)own[i] + 1;
    }
    return lx_err(syscall(SYS_close_range, first, last, flags));
}

int64_t sys_close_range(struct vcpu *cpu, const uint64_t *a)
{
    int64_t r = close_range_guest(cpu, a);

    if (r == 0 && !(a[2] & CLOSE_RANGE_CLOEXEC))
        lx_sigfd_closed(lx_proc(cpu), (int)(a[0] > INT32_MAX ? INT32_MAX : a[0]),
                        (int)(a[1] > INT32_MAX ? INT32_MAX : a[1]));
    return r;
}

int64_t sys_dup(struct vcpu *cpu, const uint64_t *a)
{
    int64_t r;

    if (lx_own_fd(lx_proc(cpu), (int)a[0]))
        return -EBADF;
    r = lx_err(dup((int)a[0]));
    lx_sigfd_dup(lx_proc(cpu), (int)a[0], (int)r);
    return r;
}

int64_t sys_dup3(struct vcpu *cpu, const uint64_t *a)
{
    int64_t r;

    if (lx_own_fd(lx_proc(cpu), (int)a[0]) || lx_own_fd(lx_proc(cpu), (int)a[1]))
        return -EBADF;
    r = lx_err(dup3((int)a[0], (int)a[1], (int)a[2]));
    if (r >= 0) {
        lx_sigfd_closed(lx_proc(cpu), (int)r, (int)r);
        lx_sigfd_dup(lx_proc(cpu), (int)a[0], (int)r);
    }
    return r;
}

int64_t sys_pipe2(struct vcpu *cpu, const uint64_t *a)
{
    int fds[2];
    int64_t r = lx_err(pipe2(fds, (int)a[1]));

    if (r < 0)
        return r;
    if (mem_copy_to_guest(lx_mem(cpu), a[0], fds, sizeof(fds))) {
        close(fds[0]);
        close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

int64_t sys_fcntl(struct vcpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0], cmd = (int)a[1];
    void *p;

    if (lx_own_fd(lx_proc(cpu), (int)a[0]))
        return -EBADF;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
        int64_t r = lx_err(fcntl(fd, cmd, (long)a[2]));
        lx_sigfd_dup(lx_proc(cpu), fd, (int)r);
        return r;
    }
    case F_GETFD:
    case F_SETFD:
    case F_GETFL:
    case F_SETFL:
    case F_GETOWN:
    case F_SETOWN:
    case F_GETSIG:
    case F_SETSIG:
    case F_GETLEASE:
    case F_SETLEASE:
    case F_NOTIFY:
    case F_GETPIPE_SZ:
    case F_SETPIPE_SZ:
    case F_ADD_SEALS:
    case F_GET_SEALS:
        return lx_err(fcntl(fd, cmd, (long)a[2]));
    case F_GETLK:
    case F_SETLK:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
        /* struct flock: same 32-byte layout on riscv64 and x86-64. */
        p = mem_lock(lx_mem(cpu), a[2], sizeof(struct flock), PAGE_READ | PAGE_WRITE);
        return p ? lx_err(fcntl(fd, cmd, p)) : -EFAULT;
    case F_SETLKW:
    case F_OFD_SETLKW:
        p = mem_lock(lx_mem(cpu), a[2], sizeof(struct flock), PAGE_READ);
        if (!p)
            return -EFAULT;
        return lx_blocking(cpu, true, SYS_fcntl, (uint64_t[6]){fd, cmd, (uintptr_t)p});
    case F_GETOWN_EX:
    case F_SETOWN_EX:
        p = mem_lock(lx_mem(cpu), a[2], sizeof(struct f_owner_ex), PAGE_READ | PAGE_WRITE);
        return p ? lx_err(fcntl(fd, cmd, p)) : -EFAULT;
    default:
        return -EINVAL;
    }
}

int64_t sys_flock(struct vcpu *cpu, const uint64_t *a)
{
    return lx_blocking(cpu, true, SYS_flock, (uint64_t[6]){(int)a[0], (int)a[1]});
}

/* ioctls whose argument is a pointer to `size` bytes with the same layout on both sides. */
struct ioctl_row {
    unsigned long req;
    unsigned size;
    unsigned prot; /* PAGE_READ: the kernel reads it; PAGE_WRITE: the kernel fills it */
};

static const struct ioctl_row ioctl_rows[] = {
    {TCGETS, KERNEL_TERMIOS_SIZE, PAGE_WRITE},
    {TCSETS, KERNEL_TERMIOS_SIZE, PAGE_READ},
    {TCSETSW, KERNEL_TERMIOS_SIZE, PAGE_READ},
    {TCSETSF, KERNEL_TERMIOS_SIZE, PAGE_READ},
    {TIOCGWINSZ, sizeof(struct winsize), PAGE_WRITE},
    {TIOCSWINSZ, sizeof(struct winsize), PAGE_READ},
    {FIONREAD, sizeof(int), PAGE_WRITE},
    {TIOCOUTQ, sizeof(int), PAGE_WRITE},
    {FIONBIO, sizeof(int), PAGE_READ},
    {FIOASYNC, sizeof(int), PAGE_READ},
    {TIOCGPGRP, sizeof(pid_t), PAGE_WRITE},
    {TIOCSPGRP, sizeof(pid_t), PAGE_READ},
    {TIOCGSID, sizeof(pid_t), PAGE_WRITE},
    {TIOCGPTN, sizeof(unsigned), PAGE_WRITE},
    {TIOCSPTLCK, sizeof(int), PAGE_READ},
};

int64_t sys_ioctl(struct vcpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0];
    unsigned long req = (unsigned)a[1];

    for (size_t i = 0; i < ARRAY_SIZE(ioctl_rows); i++) {
        if (ioctl_rows[i].req != req)
            continue;
        void *p = mem_lock(lx_mem(cpu), a[2], ioctl_rows[i].size, ioctl_rows[i].prot);
        if (!p)
            return -EFAULT;
        return lx_err(syscall(SYS_ioctl, fd, req, p));
    }
    switch (req) {
    case FIOCLEX:
    case FIONCLEX:
    case TIOCNOTTY:
    case TIOCSCTTY:
    case TCFLSH:
    case TCXONC:
    case TCSBRK:
        /* Integer or no argument. */
        return lx_err(syscall(SYS_ioctl, fd, req, (unsigned long)a[2]));
    default:
        if (log_enabled(LOG_UNIMP))
            log_printf("Unsupported ioctl: cmd=%#lx\n", req);
        return -ENOTTY;
    }
}

int64_t sys_sendfile(struct vcpu *cpu, const uint64_t *a)
{
    off_t *off = NULL;

    if (a[2]) {
        off = mem_lock(lx_mem(cpu), a[2], sizeof(*off), PAGE_READ | PAGE_WRITE);
        if (!off)
            return -EFAULT;
    }
    return lx_blocking(cpu, true, SYS_sendfile,
                       (uint64_t[6]){(int)a[0], (int)a[1], (uintptr_t)off, a[3]});
}

/* ---- polling ---- */

/* Read the optional sigmask argument of ppoll/pselect6/epoll_pwait and install it for the
 * duration of the call (sig_mask_temp). Returns 0 or -errno. */
static int64_t temp_mask(struct vcpu *cpu, gaddr_t g, uint64_t size, bool *installed)
{
    uint64_t mask;

    *installed = false;
    if (!g)
        return 0;
    if (size != 8)
        return -EINVAL;
    if (mem_copy_from_guest(lx_mem(cpu), &mask, g, 8))
        return -EFAULT;
    sig_mask_temp(cpu, mask);
    *installed = true;
    return 0;
}

int64_t sys_ppoll(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    uint64_t n = a[1];
    struct pollfd *fds;
    struct timespec ts, *tsp = NULL;
    bool masked;
    int64_t r;

    if (n > (uint64_t)INT_MAX / sizeof(*fds))
        return -EINVAL;
    fds = mem_lock(m, a[0], n * sizeof(*fds), PAGE_READ | PAGE_WRITE);
    if (!fds)
        return -EFAULT;
    if (a[2]) {
        if (mem_copy_from_guest(m, &ts, a[2], sizeof(ts)))
            return -EFAULT;
        tsp = &ts;
    }
    r = temp_mask(cpu, a[3], a[4], &masked);
    if (r < 0)
        return r;
    /* The kernel leaves the time left in ts: a round interrupted by a signal the guest does
     * not see goes on with it. */
    do {
        r = lx_blocking(cpu, false, SYS_ppoll, (uint64_t[6]){(uintptr_t)fds, n, (uintptr_t)tsp});
    } while (lx_wait_again(cpu, &r));
    if (masked)
        sig_mask_temp_end(cpu, r == -EINTR);
    if (tsp && r != -EFAULT)
        mem_copy_to_guest(m, a[2], tsp, sizeof(ts));
    return r;
}

int64_t sys_pselect6(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    int n = (int)a[0];
    size_t bytes;
    fd_set *sets[3] = {NULL, NULL, NULL};
    struct timespec ts, *tsp = NULL;
    uint64_t sigarg[2] = {0, 0};
    bool masked;
    int64_t r;

    if (n < 0 || n > FD_SETSIZE)
        return -EINVAL;
    bytes = ((size_t)n + 63) / 64 * 8;
    for (int i = 0; i < 3; i++) {
        if (!a[1 + i])
            continue;
        /* fd_set is a bit array of 64-bit words on both sides; the host reads only n bits. */
        sets[i] = mem_lock(m, a[1 + i], bytes, PAGE_READ | PAGE_WRITE);
        if (!sets[i])
            return -EFAULT;
    }
    if (a[4]) {
        if (mem_copy_from_guest(m, &ts, a[4], sizeof(ts)))
            return -EFAULT;
        tsp = &ts;
    }
    if (a[5] && mem_copy_from_guest(m, sigarg, a[5], sizeof(sigarg)))
        return -EFAULT;
    r = temp_mask(cpu, sigarg[0], sigarg[1], &masked);
    if (r < 0)
        return r;
    /* As ppoll: the kernel leaves the time left in ts, which the guest sees too. */
    do {
        r = lx_blocking(cpu, false, SYS_pselect6,
                        (uint64_t[6]){n, (uintptr_t)sets[0], (uintptr_t)sets[1],
                                      (uintptr_t)sets[2], (uintptr_t)tsp});
    } while (lx_wait_again(cpu, &r));
    if (masked)
        sig_mask_temp_end(cpu, r == -EINTR);
    if (tsp && (r >= 0 || r == -EINTR))
        mem_copy_to_guest(m, a[4], tsp, sizeof(ts));
    return r;
}

int64_t sys_epoll_create1(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(epoll_create1((int)a[0]));
}

int64_t sys_epoll_ctl(struct vcpu *cpu, const uint64_t *a)
{
    struct target_epoll_event te;
    struct epoll_event he, *hp = NULL;

    if (a[3]) {
        if (mem_copy_from_guest(lx_mem(cpu), &te, a[3], sizeof(te)))
            return -EFAULT;
        he.events = te.events;
        he.data.u64 = te.data;
        hp = &he;
    }
    return lx_err(epoll_ctl((int)a[0], (int)a[1], (int)a[2], hp));
}

/* Copy n host epoll events to the guest array at g, event by event (the guest's array may
 * have any alignment): n, or -EFAULT. */
static int64_t put_epoll_events(struct vcpu *cpu, gaddr_t g, const struct epoll_event *he,
                                int64_t n)
{
    struct target_epoll_event te;

    for (int64_t i = 0; i < n; i++) {
        te.events = he[i].events;
        te.pad = 0;
        te.data = he[i].data.u64;
        if (mem_copy_to_guest(lx_mem(cpu), g + (uint64_t)i * sizeof(te), &te, sizeof(te)))
            return -EFAULT;
    }
    return n;
}

/* epoll_pwait (a[3]: timeout in ms, negative for none) and epoll_pwait2 (pwait2; a[3]: guest
 * timespec, NULL for none). */
static int64_t epoll_wait_common(struct vcpu *cpu, const uint64_t *a, bool pwait2)
{
    struct mem_space *m = lx_mem(cpu);
    int maxevents = (int)a[2];
    struct epoll_event *he;
    struct timespec ts = {0, 0}, end, *tsp = NULL;
    bool masked;
    int ms = -1;
    int64_t r;

    if (maxevents <= 0 || maxevents > INT_MAX / (int)sizeof(struct target_epoll_event))
        return -EINVAL;
    if (!mem_lock(m, a[1], (size_t)maxevents * sizeof(struct target_epoll_event), PAGE_WRITE))
        return -EFAULT;
    if (pwait2 && a[3]) {
        if (mem_copy_from_guest(m, &ts, a[3], sizeof(ts)))
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
            return -EINVAL;
        tsp = &ts;
    } else if (!pwait2) {
        ms = (int)a[3];
        ts = (struct timespec){ms / 1000, (long)(ms % 1000) * 1000000L};
    }
    r = temp_mask(cpu, a[4], a[5], &masked);
    if (r < 0)
        return r;
    he = xmalloc((size_t)maxevents * sizeof(*he));
    end = lx_deadline(&ts);
    /* A round interrupted by a signal the guest does not see goes on with the time left. */
    do {
        if (tsp)
            ts = lx_time_left(&end);
        if (ms > 0) {
            struct timespec left = lx_time_left(&end);
            ms = (int)(left.tv_sec * 1000 + (left.tv_nsec + 999999) / 1000000);
        }
        if (pwait2)
            r = lx_blocking(cpu, false, SYS_epoll_pwait2,
                            (uint64_t[6]){(int)a[0], (uintptr_t)he, maxevents, (uintptr_t)tsp});
        else
            r = lx_blocking(cpu, false, SYS_epoll_wait,
                            (uint64_t[6]){(int)a[0], (uintptr_t)he, maxevents, ms});
    } while (lx_wait_again(cpu, &r));
    if (masked)
        sig_mask_temp_end(cpu, r == -EINTR);
    if (r > 0)
        r = put_epoll_events(cpu, a[1], he, r);
    free(he);
    return r;
}

int64_t sys_epoll_pwait(struct vcpu *cpu, const uint64_t *a)
{
    return epoll_wait_common(cpu, a, false);
}

int64_t sys_epoll_pwait2(struct vcpu *cpu, const uint64_t *a)
{
    return epoll_wait_common(cpu, a, true);
}

/* ---- special fds ---- */

int64_t sys_eventfd2(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(eventfd((unsigned)a[0], (int)a[1]));
}

int64_t sys_timerfd_create(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(timerfd_create((int)a[0], (int)a[1]));
}

int64_t sys_timerfd_settime(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    struct itimerspec nv, ov;
    int64_t r;

    if (mem_copy_from_guest(m, &nv, a[2], sizeof(nv)))
        return -EFAULT;
    r = lx_err(timerfd_settime((int)a[0], (int)a[1], &nv, a[3] ? &ov : NULL));
    if (r == 0 && a[3] && mem_copy_to_guest(m, a[3], &ov, sizeof(ov)))
        return -EFAULT;
    return r;
}

int64_t sys_timerfd_gettime(struct vcpu *cpu, const uint64_t *a)
{
    struct itimerspec cur;
    int64_t r = lx_err(timerfd_gettime((int)a[0], &cur));

    if (r == 0 && mem_copy_to_guest(lx_mem(cpu), a[1], &cur, sizeof(cur)))
        return -EFAULT;
    return r;
}

int64_t sys_memfd_create(struct vcpu *cpu, const uint64_t *a)
{
    int err;
    char *name = mem_strdup_from_guest(lx_mem(cpu), a[0], 256, &err);
    int64_t r;

    if (!name)
        return err == -ENAMETOOLONG ? -EINVAL : err;
    r = lx_err(memfd_create(name, (unsigned)a[1]));
    free(name);
    return r;
}
