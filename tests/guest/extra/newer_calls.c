/*
 * newer_calls.c — syscalls qemu-riscv64 7.2 does not implement (ENOSYS there) or implements
 * differently from Linux (recvmmsg ignores its timeout), each checked against Linux's own
 * results: the program prints one "ok"/"FAIL" line per check, and t_newer_calls.sh runs it under
 * plume (static and dynamic) and natively on x86-64, where every line but the riscv64-only ones
 * (prefixed "riscv64:") must come out the same.
 *
 *   Linux AIO      io_setup, io_submit (PREAD, PWRITE, PREADV, PWRITEV, FSYNC, POLL), a bad
 *                  buffer failing in its completion, IOCB_FLAG_RESFD, a completion reaped by
 *                  another thread, io_getevents with a timeout, io_cancel, io_pgetevents with
 *                  a signal mask, io_destroy
 *   openat2        struct open_how size rules, RESOLVE_BENEATH / IN_ROOT / NO_SYMLINKS
 *   epoll_pwait2   a nanosecond timeout, readiness, bad timespec
 *   futex_waitv    woken on the second of two words, EAGAIN, absolute timeout, bad arguments
 *   execveat       AT_EMPTY_PATH on the program itself (close-on-exec fd) and on a script,
 *                  dirfd-relative, AT_SYMLINK_NOFOLLOW, flags
 *   recvmmsg/sendmmsg with MSG_WAITFORONE, MSG_DONTWAIT and a timeout, over UDP loopback
 *   NUMA policy, process_madvise, remap_file_pages, memfd_secret, landlock, keys, fanotify,
 *   syslog's buffer, quotactl's special path
 *   privileged calls made by an unprivileged child (EPERM): they never change anything even if
 *   they succeeded (the host name set to itself, the clock to the time it already has)
 *   riscv64 only: the calls plume refuses, with the error riscv64 Linux gives (sys_refused.c)
 *
 * With the argument "ns" (root only, see t_newer_calls.sh) it instead checks sethostname,
 * setdomainname, setns and the mount API inside private namespaces of forked children.
 * Run with "exec-child" by its own execveat test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/fanotify.h>
#include <linux/futex.h>
#include <linux/keyctl.h>
#include <linux/landlock.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

static void check(const char *what, int ok)
{
    printf("%-60s %s\n", what, ok ? "ok" : "FAIL");
    fflush(stdout);
}

/* Result of a raw call: the value, errno in *e (0 on success). */
static long sc(int *e, long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    long r;

    errno = 0;
    r = syscall(nr, a0, a1, a2, a3, a4, a5);
    *e = r < 0 ? errno : 0;
    return r;
}

static char dir[64];

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- Linux AIO ---- */

static void prep(struct iocb *cb, int op, int fd, void *buf, uint64_t n, int64_t off, uint64_t tag)
{
    memset(cb, 0, sizeof(*cb));
    cb->aio_lio_opcode = (uint16_t)op;
    cb->aio_fildes = (uint32_t)fd;
    cb->aio_buf = (uintptr_t)buf;
    cb->aio_nbytes = n;
    cb->aio_offset = off;
    cb->aio_data = tag;
}

/* Another thread reaps what the main thread submits. */
struct reaper {
    aio_context_t ctx;
    struct io_event ev;
    long n;
};

static void *reap_one(void *arg)
{
    struct reaper *rp = arg;
    struct timespec tmo = {5, 0};
    int e;

    rp->n = sc(&e, SYS_io_getevents, (long)rp->ctx, 1, 1, (long)&rp->ev, (long)&tmo, 0);
    return NULL;
}

static void test_aio(void)
{
    aio_context_t ctx = 0, bad = 1;
    struct iocb w1, w2, r1, r2, fs, pl, bf, *list[4];
    struct io_event ev[8];
    struct iovec wv[2] = {{"vec", 3}, {"tor", 3}}, rv[2];
    char path[96], a[16] = {0}, b1[4] = {0}, b2[4] = {0};
    struct timespec tmo = {1, 0}, zero = {0, 0}, short_tmo = {0, 60 * 1000 * 1000};
    int e, fd, p[2], got;
    long r;
    double t0;

    check("io_setup", sc(&e, SYS_io_setup, 8, (long)&ctx, 0, 0, 0, 0) == 0 && ctx != 0);
    /* libaio reads a ring header at the id before some io_getevents calls. */
    check("the context id is readable memory", ctx && *(volatile uint32_t *)ctx + 1 != 0);
    check("io_setup with *ctxp not 0: EINVAL",
          sc(&e, SYS_io_setup, 8, (long)&bad, 0, 0, 0, 0) < 0 && e == EINVAL);
    snprintf(path, sizeof(path), "%s/aio", dir);
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

    prep(&w1, IOCB_CMD_PWRITE, fd, "hello aio", 9, 0, 11);
    prep(&w2, IOCB_CMD_PWRITEV, fd, wv, 2, 9, 12);
    list[0] = &w1;
    list[1] = &w2;
    r = sc(&e, SYS_io_submit, (long)ctx, 2, (long)list, 0, 0, 0);
    check("io_submit PWRITE + PWRITEV: 2", r == 2);
    got = 0;
    while (got < 2) {
        r = sc(&e, SYS_io_getevents, (long)ctx, 1, 8, (long)(ev + got), (long)&tmo, 0);
        if (r <= 0)
            break;
        got += (int)r;
    }
    check("io_getevents: both writes complete",
          got == 2 &&
              ((ev[0].data == 11 && ev[0].obj == (uintptr_t)&w1 && ev[0].res == 9 &&
                ev[1].data == 12 && ev[1].obj == (uintptr_t)&w2 && ev[1].res == 6) ||
               (ev[1].data == 11 && ev[1].obj == (uintptr_t)&w1 && ev[1].res == 9 &&
                ev[0].data == 12 && ev[0].obj == (uintptr_t)&w2 && ev[0].res == 6)));

    prep(&fs, IOCB_CMD_FSYNC, fd, NULL, 0, 0, 13);
    prep(&r1, IOCB_CMD_PREAD, fd, a, 9, 0, 14);
    rv[0] = (struct iovec){b1, 3};
    rv[1] = (struct iovec){b2, 3};
    prep(&r2, IOCB_CMD_PREADV, fd, rv, 2, 9, 15);
    list[0] = &fs;
    list[1] = &r1;
    list[2] = &r2;
    r = sc(&e, SYS_io_submit, (long)ctx, 3, (long)list, 0, 0, 0);
    got = 0;
    while (r == 3 && got < 3) {
        long n = sc(&e, SYS_io_getevents, (long)ctx, 1, 8, (long)(ev + got), (long)&tmo, 0);
        if (n <= 0)
            break;
        got += (int)n;
    }
    int fs_ok = 0, r1_ok = 0, r2_ok = 0;
    for (int i = 0; i < got; i++) {
        fs_ok |= ev[i].obj == (uintptr_t)&fs && ev[i].res == 0;
        r1_ok |= ev[i].obj == (uintptr_t)&r1 && ev[i].res == 9;
        r2_ok |= ev[i].obj == (uintptr_t)&r2 && ev[i].res == 6;
    }
    check("io_submit FSYNC + PREAD + PREADV: 3 completions", r == 3 && got == 3);
    check("FSYNC res 0, PREAD and PREADV read back the data",
          fs_ok && r1_ok && r2_ok && memcmp(a, "hello aio", 9) == 0 &&
              memcmp(b1, "vec", 3) == 0 && memcmp(b2, "tor", 3) == 0);

    /* A buffer in no mapping: submitted, then the completion says EFAULT. */
    void *hole = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole, 4096);
    prep(&bf, IOCB_CMD_PREAD, fd, hole, 9, 0, 16);
    list[0] = &bf;
    r = sc(&e, SYS_io_submit, (long)ctx, 1, (long)list, 0, 0, 0);
    long n = r == 1 ? sc(&e, SYS_io_getevents, (long)ctx, 1, 1, (long)ev, (long)&tmo, 0) : -1;
    check("PREAD into an unmapped buffer: completion res -EFAULT",
          r == 1 && n == 1 && ev[0].obj == (uintptr_t)&bf && ev[0].res == -EFAULT);

    /* IOCB_FLAG_RESFD: the completion also counts on an eventfd. */
    int efd = eventfd(0, 0);
    uint64_t count = 0;
    prep(&r1, IOCB_CMD_PREAD, fd, a, 5, 0, 19);
    r1.aio_flags = IOCB_FLAG_RESFD;
    r1.aio_resfd = (uint32_t)efd;
    list[0] = &r1;
    r = sc(&e, SYS_io_submit, (long)ctx, 1, (long)list, 0, 0, 0);
    n = r == 1 ? sc(&e, SYS_io_getevents, (long)ctx, 1, 1, (long)ev, (long)&tmo, 0) : -1;
    check("IOCB_FLAG_RESFD: completion and an eventfd count of 1",
          n == 1 && ev[0].res == 5 && read(efd, &count, 8) == 8 && count == 1);
    close(efd);

    struct reaper rp = {ctx, {0}, -1};
    pthread_t th;
    pthread_create(&th, NULL, reap_one, &rp);
    usleep(20000);
    prep(&w1, IOCB_CMD_PWRITE, fd, "threads", 7, 40, 20);
    list[0] = &w1;
    r = sc(&e, SYS_io_submit, (long)ctx, 1, (long)list, 0, 0, 0);
    pthread_join(th, NULL);
    check("a completion reaped by another thread names the submitted iocb",
          r == 1 && rp.n == 1 && rp.ev.obj == (uintptr_t)&w1 && rp.ev.data == 20 &&
              rp.ev.res == 7);

    /* A vectored read whose second buffer is inaccessible: submitted, and the completion
     * reports what the first one took. */
    char *guard = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(b1, 0, sizeof(b1));
    rv[0] = (struct iovec){b1, 3};
    rv[1] = (struct iovec){guard, 3};
    prep(&r2, IOCB_CMD_PREADV, fd, rv, 2, 0, 21);
    list[0] = &r2;
    r = sc(&e, SYS_io_submit, (long)ctx, 1, (long)list, 0, 0, 0);
    n = r == 1 ? sc(&e, SYS_io_getevents, (long)ctx, 1, 1, (long)ev, (long)&tmo, 0) : -1;
    check("PREADV with an inaccessible second buffer: submitted, completes short",
          r == 1 && n == 1 && ev[0].obj == (uintptr_t)&r2 && ev[0].res == 3 &&
              memcmp(b1, "hel", 3) == 0);
    prep(&r2, IOCB_CMD_PREADV, fd, guard, 2, 0, 22);
    check("PREADV with an unreadable iovec array: EFAULT at submission",
          sc(&e, SYS_io_submit, (long)ctx, 1, (long)list, 0, 0, 0) < 0 && e == EFAULT);
    munmap(guard, 4096);

    t0 = now_ms();
    r = sc(&e, SYS_io_getevents, (long)ctx, 1, 8, (long)ev, (long)&short_tmo, 0);
    double dt = now_ms() - t0;
    check("io_getevents with nothing pending: 0 after its 60 ms timeout",
          r == 0 && dt >= 50 && dt < 2000);
    check("io_getevents with a zero timeout: 0",
          sc(&e, SYS_io_getevents, (long)ctx, 0, 8, (long)ev, (long)&zero, 0) == 0);
    check("io_getevents min_nr > nr: EINVAL",
          sc(&e, SYS_io_getevents, (long)ctx, 3, 2, (long)ev, (long)&zero, 0) < 0 &&
              e == EINVAL);

    /* A POLL request on an empty pipe stays pending until cancelled. */
    pipe(p);
    prep(&pl, IOCB_CMD_POLL, p[0], (void *)(uintptr_t)POLLIN, 0, 0, 17);
    pl.aio_buf = POLLIN;
    list[0] = &pl;
    r = sc(&e, SYS_io_submit, (long)ctx, 1, (long)list, 0, 0, 0);
    check("io_submit POLL on an empty pipe", r == 1);
    check("  nothing completes yet",
          sc(&e, SYS_io_getevents, (long)ctx, 0, 8, (long)ev, (long)&zero, 0) == 0);
    struct io_event res;
    r = sc(&e, SYS_io_cancel, (long)ctx, (long)&pl, (long)&res, 0, 0, 0);
    check("io_cancel of the POLL: EINPROGRESS", r < 0 && e == EINPROGRESS);
    n = sc(&e, SYS_io_getevents, (long)ctx, 1, 8, (long)ev, (long)&tmo, 0);
    check("  its completion arrives, for that iocb",
          n == 1 && ev[0].obj == (uintptr_t)&pl && ev[0].data == 17);
    check("io_cancel of an iocb not in flight: EINVAL",
          sc(&e, SYS_io_cancel, (long)ctx, (long)&pl, (long)&res, 0, 0, 0) < 0 && e == EINVAL);

    /* io_pgetevents: a signal mask for the wait. */
    uint64_t mask = 1ull << (SIGUSR1 - 1);
    struct {
        const void *sigmask;
        size_t size;
    } usig = {&mask, 8}, badsig = {&mask, 4};
    write(p[1], "x", 1);
    prep(&pl, IOCB_CMD_POLL, p[0], NULL, 0, 0, 18);
    pl.aio_buf = POLLIN;
    list[0] = &pl;
    r = sc(&e, SYS_io_submit, (long)ctx, 1, (long)list, 0, 0, 0);
    n = sc(&e, SYS_io_pgetevents, (long)ctx, 1, 8, (long)ev, (long)&tmo, (long)&usig);
    check("io_pgetevents with a mask: the ready POLL completes",
          r == 1 && n == 1 && ev[0].data == 18 && (ev[0].res & POLLIN));
    check("io_pgetevents with sigsetsize 4: EINVAL",
          sc(&e, SYS_io_pgetevents, (long)ctx, 0, 8, (long)ev, (long)&zero, (long)&badsig) < 0 &&
              e == EINVAL);

    check("io_destroy", sc(&e, SYS_io_destroy, (long)ctx, 0, 0, 0, 0, 0) == 0);
    check("io_destroy again: EINVAL", sc(&e, SYS_io_destroy, (long)ctx, 0, 0, 0, 0, 0) < 0 &&
                                          e == EINVAL);
    list[0] = &w1;
    check("io_submit on a destroyed context: EINVAL",
          sc(&e, SYS_io_submit, (long)ctx, 1, (long)list, 0, 0, 0) < 0 && e == EINVAL);
    close(p[0]);
    close(p[1]);
    close(fd);
    unlink(path);
}

/* ---- openat2 ---- */

static long openat2_(int dfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve,
                     size_t size, int *e)
{
    struct {
        struct open_how how;
        uint64_t extra;
    } h = {{flags, mode, resolve}, 0};
    return sc(e, SYS_openat2, dfd, (long)path, (long)&h, (long)size, 0, 0);
}

static void test_openat2(void)
{
    char path[96];
    struct stat st;
    int e, dfd = open(dir, O_RDONLY | O_DIRECTORY);
    long fd;

    snprintf(path, sizeof(path), "%s/o2", dir);
    fd = openat2_(AT_FDCWD, path, O_CREAT | O_WRONLY, 0640, 0, sizeof(struct open_how), &e);
    check("openat2 O_CREAT mode 0640",
          fd >= 0 && fstat((int)fd, &st) == 0 && (st.st_mode & 0777) == (0640 & ~022));
    close((int)fd);
    check("openat2 size 8: EINVAL", openat2_(dfd, "o2", O_RDONLY, 0, 0, 8, &e) < 0 && e == EINVAL);
    check("openat2 size 4097: E2BIG",
          openat2_(dfd, "o2", O_RDONLY, 0, 0, 4097, &e) < 0 && e == E2BIG);
    {
        struct {
            struct open_how how;
            uint64_t extra;
        } h = {{O_RDONLY, 0, 0}, 1};
        check("openat2 size 32 with a non-zero tail: E2BIG",
              sc(&e, SYS_openat2, dfd, (long)"o2", (long)&h, 32, 0, 0) < 0 && e == E2BIG);
    }
    check("openat2 mode without O_CREAT: EINVAL",
          openat2_(dfd, "o2", O_RDONLY, 0600, 0, sizeof(struct open_how), &e) < 0 && e == EINVAL);
    check("openat2 RESOLVE_BENEATH ../: EXDEV",
          openat2_(dfd, "../tmp", O_RDONLY, 0, RESOLVE_BENEATH, sizeof(struct open_how), &e) < 0 &&
              e == EXDEV);
    check("openat2 RESOLVE_BENEATH absolute: EXDEV",
          openat2_(dfd, path, O_RDONLY, 0, RESOLVE_BENEATH, sizeof(struct open_how), &e) < 0 &&
              e == EXDEV);
    fd = openat2_(dfd, "/o2", O_RDONLY, 0, RESOLVE_IN_ROOT, sizeof(struct open_how), &e);
    check("openat2 RESOLVE_IN_ROOT /o2 opens <dir>/o2", fd >= 0);
    close((int)fd);
    symlinkat("o2", dfd, "o2link");
    check("openat2 RESOLVE_NO_SYMLINKS through a symlink: ELOOP",
          openat2_(dfd, "o2link", O_RDONLY, 0, RESOLVE_NO_SYMLINKS, sizeof(struct open_how), &e) <
                  0 &&
              e == ELOOP);
    fd = openat2_(dfd, "o2link", O_RDONLY, 0, 0, sizeof(struct open_how), &e);
    check("openat2 without RESOLVE_ flags follows it", fd >= 0);
    close((int)fd);
    check("openat2 unknown resolve bit: EINVAL",
          openat2_(dfd, "o2", O_RDONLY, 0, 1ull << 40, sizeof(struct open_how), &e) < 0 &&
              e == EINVAL);
    unlinkat(dfd, "o2link", 0);
    unlinkat(dfd, "o2", 0);
    close(dfd);
}

/* ---- epoll_pwait2 ---- */

static void test_epoll_pwait2(void)
{
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull}, out[4];
    struct timespec t30 = {0, 30 * 1000 * 1000}, t1 = {0, 1}, bad = {0, 1000000000};
    int e, ep = epoll_create1(0), p[2];
    long r;
    double t0;

    pipe(p);
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    t0 = now_ms();
    r = sc(&e, SYS_epoll_pwait2, ep, (long)out, 4, (long)&t30, 0, 8);
    double dt = now_ms() - t0;
    check("epoll_pwait2 30 ms timeout, nothing ready: 0 after >= 30 ms",
          r == 0 && dt >= 25 && dt < 2000);
    t0 = now_ms();
    r = sc(&e, SYS_epoll_pwait2, ep, (long)out, 4, (long)&t1, 0, 8);
    check("epoll_pwait2 1 ns timeout: 0 at once", r == 0 && now_ms() - t0 < 500);
    write(p[1], "x", 1);
    r = sc(&e, SYS_epoll_pwait2, ep, (long)out, 4, 0, 0, 8);
    check("epoll_pwait2 no timeout, pipe readable: its event",
          r == 1 && out[0].events == EPOLLIN && out[0].data.u64 == 0x1122334455667788ull);
    check("epoll_pwait2 tv_nsec 1e9: EINVAL",
          sc(&e, SYS_epoll_pwait2, ep, (long)out, 4, (long)&bad, 0, 8) < 0 && e == EINVAL);
    close(p[0]);
    close(p[1]);
    close(ep);
}

/* ---- futex_waitv ---- */

static uint32_t words[2];

static void *waker(void *arg)
{
    usleep(30000);
    __atomic_store_n(&words[1], 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &words[1], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    return arg;
}

static void test_futex_waitv(void)
{
    struct futex_waitv w[2] = {
        {.val = 0, .uaddr = (uintptr_t)&words[0], .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG},
        {.val = 0, .uaddr = (uintptr_t)&words[1], .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG},
    };
    struct timespec ts;
    pthread_t t;
    long r = -1;
    int e = 0;

    pthread_create(&t, NULL, waker, NULL);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += 5;
    /* A spurious return (the word already 1: EAGAIN) is retried. */
    for (int i = 0; i < 100; i++) {
        r = sc(&e, SYS_futex_waitv, (long)w, 2, 0, (long)&ts, CLOCK_MONOTONIC, 0);
        if (r >= 0 || e != EAGAIN || __atomic_load_n(&words[1], __ATOMIC_SEQ_CST))
            break;
    }
    pthread_join(t, NULL);
    check("futex_waitv woken through the second word: index 1",
          r == 1 || (r < 0 && e == EAGAIN && words[1] == 1));
    check("futex_waitv value differs: EAGAIN",
          sc(&e, SYS_futex_waitv, (long)w, 2, 0, 0, 0, 0) < 0 && e == EAGAIN);
    words[1] = 0;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += 20 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    check("futex_waitv absolute timeout: ETIMEDOUT",
          sc(&e, SYS_futex_waitv, (long)w, 2, 0, (long)&ts, CLOCK_MONOTONIC, 0) < 0 &&
              e == ETIMEDOUT);
    check("futex_waitv nr 0: EINVAL", sc(&e, SYS_futex_waitv, (long)w, 0, 0, 0, 0, 0) < 0 &&
                                          e == EINVAL);
    check("futex_waitv flags 1: EINVAL", sc(&e, SYS_futex_waitv, (long)w, 2, 1, 0, 0, 0) < 0 &&
                                             e == EINVAL);
    check("futex_waitv bad clock: EINVAL",
          sc(&e, SYS_futex_waitv, (long)w, 2, 0, (long)&ts, CLOCK_PROCESS_CPUTIME_ID, 0) < 0 &&
              e == EINVAL);
    w[0].uaddr = 4096;
    check("futex_waitv unreadable word: EFAULT",
          sc(&e, SYS_futex_waitv, (long)w, 2, 0, 0, 0, 0) < 0 && e == EFAULT);
}

/* ---- execveat ---- */

/* Fork, run fn in the child, return the child's exit status (-1 if it did not exit). */
static int in_child(void (*fn)(void *), void *arg)
{
    int st;
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        fn(arg);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

struct exec_case {
    int fd;
    const char *path;
    int flags;
};

static void do_execveat(void *arg)
{
    struct exec_case *c = arg;
    char *argv[] = {"newer_calls", "exec-child", NULL}, *envp[] = {"PLUME_T=1", NULL};

    syscall(SYS_execveat, c->fd, c->path, argv, envp, c->flags);
    _exit(100 + errno);
}

static void test_execveat(void)
{
    char path[96];
    struct exec_case c;
    int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), dfd, sfd, e;

    c = (struct exec_case){self, "", AT_EMPTY_PATH};
    check("execveat(close-on-exec fd of itself, \"\", AT_EMPTY_PATH) runs it",
          in_child(do_execveat, &c) == 7);
    snprintf(path, sizeof(path), "%s/s.sh", dir);
    FILE *f = fopen(path, "w");
    fputs("#!/bin/sh\nexit 5\n", f);
    fclose(f);
    chmod(path, 0755);
    sfd = open(path, O_RDONLY);
    c = (struct exec_case){sfd, "", AT_EMPTY_PATH};
    check("execveat(fd of a script, AT_EMPTY_PATH) runs it", in_child(do_execveat, &c) == 5);
    close(sfd);
    sfd = open(path, O_RDONLY | O_CLOEXEC);
    c = (struct exec_case){sfd, "", AT_EMPTY_PATH};
    check("  a close-on-exec script fd: ENOENT", in_child(do_execveat, &c) == 100 + ENOENT);
    close(sfd);
    dfd = open(dir, O_RDONLY | O_DIRECTORY);
    c = (struct exec_case){dfd, "s.sh", 0};
    check("execveat(dirfd, \"s.sh\") runs the script", in_child(do_execveat, &c) == 5);
    symlinkat("s.sh", dfd, "s.link");
    c = (struct exec_case){dfd, "s.link", AT_SYMLINK_NOFOLLOW};
    check("execveat of a symlink with AT_SYMLINK_NOFOLLOW: ELOOP",
          in_child(do_execveat, &c) == 100 + ELOOP);
    check("execveat \"\" without AT_EMPTY_PATH: ENOENT",
          sc(&e, SYS_execveat, self, (long)"", 0, 0, 0, 0) < 0 && e == ENOENT);
    check("execveat flags 1: EINVAL",
          sc(&e, SYS_execveat, dfd, (long)"s.sh", 0, 0, 1, 0) < 0 && e == EINVAL);
    check("execveat bad dirfd: EBADF",
          sc(&e, SYS_execveat, 999, (long)"s.sh", 0, 0, 0, 0) < 0 && e == EBADF);
    unlinkat(dfd, "s.link", 0);
    unlinkat(dfd, "s.sh", 0);
    close(dfd);
    close(self);
}

/* ---- recvmmsg / sendmmsg ---- */

static void test_mmsg(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(sa);
    int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0), e;
    char out[3][8] = {"one", "three", "fifteen"}, in[4][16];
    struct iovec oiov[3], iiov[4];
    struct mmsghdr om[3], im[4];
    struct timespec zero = {0, 0};
    long r;

    bind(rx, (struct sockaddr *)&sa, sizeof(sa));
    getsockname(rx, (struct sockaddr *)&sa, &len);
    connect(tx, (struct sockaddr *)&sa, sizeof(sa));
    memset(om, 0, sizeof(om));
    for (int i = 0; i < 3; i++) {
        oiov[i] = (struct iovec){out[i], strlen(out[i])};
        om[i].msg_hdr.msg_iov = &oiov[i];
        om[i].msg_hdr.msg_iovlen = 1;
    }
    r = sc(&e, SYS_sendmmsg, tx, (long)om, 3, 0, 0, 0);
    check("sendmmsg 3 datagrams over UDP: 3, msg_len set",
          r == 3 && om[0].msg_len == 3 && om[1].msg_len == 5 && om[2].msg_len == 7);
    memset(im, 0, sizeof(im));
    memset(in, 0, sizeof(in));
    for (int i = 0; i < 4; i++) {
        iiov[i] = (struct iovec){in[i], sizeof(in[i])};
        im[i].msg_hdr.msg_iov = &iiov[i];
        im[i].msg_hdr.msg_iovlen = 1;
    }
    /* Timeout 0: the kernel looks at it after each datagram, so it stops after the first. */
    r = sc(&e, SYS_recvmmsg, rx, (long)im, 4, 0, (long)&zero, 0);
    check("recvmmsg with a zero timeout: the first datagram only",
          r == 1 && im[0].msg_len == 3 && strcmp(in[0], "one") == 0);
    r = sc(&e, SYS_recvmmsg, rx, (long)im, 4, MSG_WAITFORONE, 0, 0);
    check("recvmmsg MSG_WAITFORONE: the other two",
          r == 2 && im[0].msg_len == 5 && strcmp(in[0], "three") == 0 && im[1].msg_len == 7 &&
              strcmp(in[1], "fifteen") == 0);
    check("recvmmsg MSG_DONTWAIT on an empty socket: EAGAIN",
          sc(&e, SYS_recvmmsg, rx, (long)im, 4, MSG_DONTWAIT, 0, 0) < 0 && e == EAGAIN);
    om[1].msg_hdr.msg_iov = (struct iovec *)8;
    r = sc(&e, SYS_sendmmsg, tx, (long)om, 3, 0, 0, 0);
    check("sendmmsg with a bad second message: 1", r == 1);
    om[0].msg_hdr.msg_iov = (struct iovec *)8;
    check("sendmmsg with a bad first message: EFAULT",
          sc(&e, SYS_sendmmsg, tx, (long)om, 3, 0, 0, 0) < 0 && e == EFAULT);
    close(rx);
    close(tx);
}

/* ---- memory policy, process_madvise, remap_file_pages, memfd_secret ---- */

static void test_memory(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned long node0 = 1, got_mask = 0;
    int mode = -1, e, status = -7;
    void *pages[1] = {m};
    long r;

    check("get_mempolicy: MPOL_DEFAULT",
          sc(&e, SYS_get_mempolicy, (long)&mode, 0, 0, 0, 0, 0) == 0 && mode == 0);
    r = sc(&e, SYS_mbind, (long)m, 2 * page, 2 /* MPOL_BIND */, (long)&node0, 2, 0);
    check("mbind MPOL_BIND to node 0", r == 0);
    r = sc(&e, SYS_get_mempolicy, (long)&mode, (long)&got_mask, 64, (long)m, 2 /* MPOL_F_ADDR */,
           0);
    check("get_mempolicy MPOL_F_ADDR: MPOL_BIND, node 0", r == 0 && mode == 2 && got_mask == 1);
    check("set_mempolicy_home_node on the bound range",
          sc(&e, SYS_set_mempolicy_home_node, (long)m, 2 * page, 0, 0, 0, 0) == 0);
    munmap(m + 3 * page, page);
    check("mbind unaligned: EINVAL",
          sc(&e, SYS_mbind, (long)m + 1, page, 0, 0, 0, 0) < 0 && e == EINVAL);
    check("set_mempolicy MPOL_DEFAULT", sc(&e, SYS_set_mempolicy, 0, 0, 0, 0, 0, 0) == 0);
    m[0] = 1;
    r = sc(&e, SYS_move_pages, 0, 1, (long)pages, 0, (long)&status, 0);
    check("move_pages query: the touched page is on node 0", r == 0 && status == 0);
    pages[0] = m + 3 * page;
    r = sc(&e, SYS_move_pages, 0, 1, (long)pages, 0, (long)&status, 0);
    check("move_pages of an unmapped page: status -EFAULT", r == 0 && status == -EFAULT);
    check("migrate_pages node 0 to node 0: 0",
          sc(&e, SYS_migrate_pages, 0, 2, (long)&node0, (long)&node0, 0, 0) == 0);

    int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    struct iovec iov = {m, 2 * page};
    r = sc(&e, SYS_process_madvise, pidfd, (long)&iov, 1, MADV_COLD, 0, 0);
    check("process_madvise(self, MADV_COLD): 2 pages", r == 2 * page);
    check("process_madvise bad advice: EINVAL",
          sc(&e, SYS_process_madvise, pidfd, (long)&iov, 1, 12345, 0, 0) < 0 && e == EINVAL);
    close(pidfd);
    munmap(m, 3 * page);

    char path[96];
    snprintf(path, sizeof(path), "%s/rfp", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    char *buf = malloc(2 * page);
    memset(buf, 'A', page);
    memset(buf + page, 'B', page);
    write(fd, buf, 2 * page);
    free(buf);
    char *f = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    r = sc(&e, SYS_remap_file_pages, (long)f, page, 0, 1, 0, 0);
    check("remap_file_pages: page 0 now shows file page 1",
          r == 0 && f[0] == 'B' && f[page] == 'B');
    check("remap_file_pages prot 1: EINVAL",
          sc(&e, SYS_remap_file_pages, (long)f, page, 1, 0, 0, 0) < 0 && e == EINVAL);
    munmap(f, 2 * page);
    close(fd);
    unlink(path);

    fd = (int)sc(&e, SYS_memfd_secret, 0, 0, 0, 0, 0, 0);
    int secret_ok = 0;
    if (fd >= 0 && ftruncate(fd, page) == 0) {
        char *s = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (s != MAP_FAILED) {
            strcpy(s, "secret");
            secret_ok = strcmp(s, "secret") == 0;
            munmap(s, page);
        }
        close(fd);
    }
    check("memfd_secret: a mappable secret area, or ENOSYS (no secretmem)",
          secret_ok || (fd < 0 && e == ENOSYS));
}

/* ---- landlock ---- */

static void landlock_child(void *arg)
{
    struct landlock_ruleset_attr ra = {.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE};
    struct landlock_path_beneath_attr pb = {.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE};
    char path[96];
    int rs = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof(ra), 0), fd;

    if (rs < 0)
        _exit(10);
    pb.parent_fd = open(dir, O_PATH);
    if (syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0))
        _exit(11);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (syscall(SYS_landlock_restrict_self, rs, 0))
        _exit(12);
    snprintf(path, sizeof(path), "%s/ll", dir);
    fd = open(path, O_RDONLY);
    if (fd < 0)
        _exit(13);
    if (open("/etc/passwd", O_RDONLY) >= 0 || errno != EACCES)
        _exit(14);
    _exit(0);
}

static void test_landlock(void)
{
    char path[96];
    int e;
    long abi = sc(&e, SYS_landlock_create_ruleset, 0, 0, LANDLOCK_CREATE_RULESET_VERSION, 0, 0, 0);

    check("landlock ABI version >= 1 (or Landlock disabled: EOPNOTSUPP)",
          abi >= 1 || (abi < 0 && e == EOPNOTSUPP));
    if (abi < 1) {
        check("landlock: reads confined to one directory (skipped)", 1);
        return;
    }
    snprintf(path, sizeof(path), "%s/ll", dir);
    close(open(path, O_WRONLY | O_CREAT, 0600));
    check("landlock: reads confined to one directory", in_child(landlock_child, NULL) == 0);
    struct landlock_ruleset_attr ra = {.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE};
    int rs = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof(ra), 0);
    check("landlock_add_rule bad rule type: EINVAL",
          sc(&e, SYS_landlock_add_rule, rs, 99, (long)&ra, 0, 0, 0) < 0 && e == EINVAL);
    check("landlock_add_rule on a non-ruleset fd: EBADFD",
          sc(&e, SYS_landlock_add_rule, 0, LANDLOCK_RULE_PATH_BENEATH, (long)&ra, 0, 0, 0) < 0 &&
              e == EBADFD);
    close(rs);
    unlink(path);
}

/* ---- keys ---- */

static void test_keys(void)
{
    char buf[64] = {0};
    int e;
    long id = sc(&e, SYS_add_key, (long)"user", (long)"plume:newer_calls", (long)"payload", 7,
                 KEY_SPEC_PROCESS_KEYRING, 0);

    check("add_key user key in the process keyring", id > 0);
    check("keyctl READ: the payload",
          sc(&e, SYS_keyctl, KEYCTL_READ, id, (long)buf, sizeof(buf), 0, 0) == 7 &&
              memcmp(buf, "payload", 7) == 0);
    check("keyctl DESCRIBE: user;...",
          sc(&e, SYS_keyctl, KEYCTL_DESCRIBE, id, (long)buf, sizeof(buf), 0, 0) > 0 &&
              strncmp(buf, "user;", 5) == 0 && strstr(buf, "plume:newer_calls") != NULL);
    check("request_key finds it",
          sc(&e, SYS_request_key, (long)"user", (long)"plume:newer_calls", 0, 0, 0, 0) == id);
    check("keyctl UPDATE then READ",
          sc(&e, SYS_keyctl, KEYCTL_UPDATE, id, (long)"second", 6, 0, 0) == 0 &&
              sc(&e, SYS_keyctl, KEYCTL_READ, id, (long)buf, sizeof(buf), 0, 0) == 6 &&
              memcmp(buf, "second", 6) == 0);
    memset(buf, 0, sizeof(buf));
    check("keyctl READ, buffer length far beyond the buffer: copies the key",
          sc(&e, SYS_keyctl, KEYCTL_READ, id, (long)buf, 1l << 30, 0, 0) == 6 &&
              memcmp(buf, "second", 6) == 0);
    check("keyctl READ into an unmapped buffer: EFAULT",
          sc(&e, SYS_keyctl, KEYCTL_READ, id, 8, 64, 0, 0) < 0 && e == EFAULT);
    check("keyctl SEARCH of the process keyring",
          sc(&e, SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, (long)"user",
             (long)"plume:newer_calls", 0, 0) == id);
    check("keyctl REVOKE, then READ: EKEYREVOKED",
          sc(&e, SYS_keyctl, KEYCTL_REVOKE, id, 0, 0, 0, 0) == 0 &&
              sc(&e, SYS_keyctl, KEYCTL_READ, id, (long)buf, sizeof(buf), 0, 0) < 0 &&
              e == EKEYREVOKED);
    check("keyctl unknown command: EOPNOTSUPP",
          sc(&e, SYS_keyctl, 9999, 0, 0, 0, 0, 0) < 0 && e == EOPNOTSUPP);
}

/* ---- fanotify ---- */

static void test_fanotify(void)
{
    char path[96], buf[4096];
    int e, fd = (int)sc(&e, SYS_fanotify_init, FAN_CLASS_NOTIF, O_RDONLY, 0, 0, 0, 0);

    if (fd < 0) {
        check("fanotify_init: a group, or EPERM without CAP_SYS_ADMIN", e == EPERM);
        check("fanotify: FAN_CLOSE_WRITE reported (not permitted)", e == EPERM);
        return;
    }
    check("fanotify_init: a group, or EPERM without CAP_SYS_ADMIN", 1);
    long r = sc(&e, SYS_fanotify_mark, fd, FAN_MARK_ADD, FAN_CLOSE_WRITE | FAN_EVENT_ON_CHILD,
                AT_FDCWD, (long)dir, 0);
    snprintf(path, sizeof(path), "%s/fan", dir);
    close(open(path, O_WRONLY | O_CREAT, 0600));
    struct fanotify_event_metadata *md = (void *)buf;
    ssize_t n = r == 0 ? read(fd, buf, sizeof(buf)) : -1;
    check("fanotify: FAN_CLOSE_WRITE reported (not permitted)",
          n >= (ssize_t)sizeof(*md) && md->vers == FANOTIFY_METADATA_VERSION &&
              (md->mask & FAN_CLOSE_WRITE) && md->pid == getpid() && md->fd >= 0);
    if (n > 0 && md->fd >= 0)
        close(md->fd);
    close(fd);
    unlink(path);
}

/* ---- syslog, quotactl ---- */

static void test_admin_reads(void)
{
    char buf[64];
    unsigned fmt;
    int e;
    long r = sc(&e, SYS_syslog, 10 /* SYSLOG_ACTION_SIZE_BUFFER */, 0, 0, 0, 0, 0);

    check("syslog SIZE_BUFFER: a size (or EPERM: dmesg_restrict)", r > 0 || e == EPERM);
    r = sc(&e, SYS_syslog, 3 /* SYSLOG_ACTION_READ_ALL */, (long)buf, sizeof(buf), 0, 0, 0);
    check("syslog READ_ALL into 64 bytes: at most 64 (or EPERM)",
          (r >= 0 && r <= 64) || e == EPERM);
    /* The kernel faults only when it has something to copy. */
    long had = r;
    r = sc(&e, SYS_syslog, 3, 8, 64, 0, 0, 0);
    check("syslog READ_ALL into an unmapped buffer: EFAULT, 0 if the log is empty",
          (had > 0 && r < 0 && e == EFAULT) || (had == 0 && r == 0) || (had < 0 && e == EPERM));
    check("quotactl Q_GETFMT of a missing device: ENOENT",
          sc(&e, SYS_quotactl, 0x800004 << 8, (long)"/dev/plume-no-such-device", 0, (long)&fmt,
             0, 0) < 0 &&
              e == ENOENT);
}

/* ---- privileged calls, unprivileged ---- */

static void unprivileged_child(void *arg)
{
    struct utsname u;
    struct timeval tv;
    int e, bad = 0, uts;

    if (geteuid() == 0 && (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
                           setresuid(65534, 65534, 65534)))
        _exit(90);
    /* Safety: nothing below may run with privileges. */
    if (geteuid() == 0 || getuid() == 0)
        _exit(91);
    uname(&u);
    gettimeofday(&tv, NULL);
    uts = open("/proc/self/ns/uts", O_RDONLY);
#define MUST_EPERM(n, call)                                                                       \
    do {                                                                                          \
        if (!(call < 0 && e == EPERM))                                                            \
            bad |= 1 << (n);                                                                      \
    } while (0)
    MUST_EPERM(0, sc(&e, SYS_sethostname, (long)u.nodename, strlen(u.nodename), 0, 0, 0, 0));
    MUST_EPERM(1, sc(&e, SYS_setdomainname, (long)u.domainname, strlen(u.domainname), 0, 0, 0, 0));
    MUST_EPERM(2, sc(&e, SYS_settimeofday, (long)&tv, 0, 0, 0, 0, 0));
    MUST_EPERM(3, sc(&e, SYS_mount, (long)"none", (long)dir, (long)"tmpfs", 0, 0, 0));
    MUST_EPERM(4, sc(&e, SYS_umount2, (long)"/tmp", 0, 0, 0, 0, 0));
    MUST_EPERM(5, sc(&e, SYS_pivot_root, (long)"/nonexistent-plume", (long)"/nonexistent-plume",
                     0, 0, 0, 0));
    MUST_EPERM(6, sc(&e, SYS_swapon, (long)"/nonexistent-plume", 0, 0, 0, 0, 0));
    MUST_EPERM(7, sc(&e, SYS_swapoff, (long)"/nonexistent-plume", 0, 0, 0, 0, 0));
    MUST_EPERM(8, sc(&e, SYS_acct, (long)"/nonexistent-plume", 0, 0, 0, 0, 0));
    MUST_EPERM(9, sc(&e, SYS_syslog, 5 /* SYSLOG_ACTION_CLEAR */, 0, 0, 0, 0, 0));
    MUST_EPERM(10, sc(&e, SYS_vhangup, 0, 0, 0, 0, 0, 0));
    MUST_EPERM(11, sc(&e, SYS_setns, uts, 0x04000000 /* CLONE_NEWUTS */, 0, 0, 0, 0));
    MUST_EPERM(12, sc(&e, SYS_fsopen, (long)"tmpfs", 0, 0, 0, 0, 0));
    MUST_EPERM(13, sc(&e, SYS_open_tree, AT_FDCWD, (long)"/tmp", OPEN_TREE_CLONE, 0, 0, 0));
    MUST_EPERM(14, sc(&e, SYS_fspick, AT_FDCWD, (long)"/tmp", 0, 0, 0, 0));
    _exit(bad ? 1 : 0);
}

static void test_unprivileged(void)
{
    int st = in_child(unprivileged_child, NULL);

    check("as an unprivileged user: sethostname, setdomainname, settimeofday,", st == 0);
    check("  mount, umount2, pivot_root, swapon, swapoff, acct, syslog clear,", st == 0);
    check("  vhangup, setns, fsopen, open_tree, fspick all EPERM", st == 0);
}

/* ---- riscv64 only: what plume refuses ---- */

#ifdef __riscv
static void test_refused(void)
{
    int e, seen = 0;
    long r;
    static const struct {
        const char *name;
        long nr;
        long a0, a1, a2, a3;
        int err;
    } calls[] = {
        {"seccomp", SYS_seccomp, 1, 0, 0, 0, ENOSYS},
        {"bpf", SYS_bpf, 0, 0, 0, 0, ENOSYS},
        {"perf_event_open", SYS_perf_event_open, 0, 0, -1, -1, ENOSYS},
        {"userfaultfd", SYS_userfaultfd, 0, 0, 0, 0, ENOSYS},
        {"io_uring_setup", SYS_io_uring_setup, 1, 0, 0, 0, ENOSYS},
        {"io_uring_enter", SYS_io_uring_enter, -1, 0, 0, 0, ENOSYS},
        {"io_uring_register", SYS_io_uring_register, -1, 0, 0, 0, ENOSYS},
        {"pkey_alloc", SYS_pkey_alloc, 0, 0, 0, 0, ENOSYS},
        {"pkey_free", SYS_pkey_free, 0, 0, 0, 0, ENOSYS},
        {"pkey_mprotect", SYS_pkey_mprotect, 0, 0, 0, -1, ENOSYS},
        {"lookup_dcookie", 18, 0, 0, 0, 0, ENOSYS},
        {"nfsservctl", 42, 0, 0, 0, 0, ENOSYS},
        {"ptrace", SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0, EPERM},
        /* Arguments Linux would refuse anyway (bad magic, no segments, no such module). */
        {"reboot", SYS_reboot, 0, 0, 0, 0, EPERM},
        {"kexec_load", SYS_kexec_load, 0, 1000000, 0, 0, EPERM},
        {"kexec_file_load", SYS_kexec_file_load, -1, -1, 0, 0, EPERM},
        {"init_module", SYS_init_module, 0, 0, 0, 0, EPERM},
        {"finit_module", SYS_finit_module, -1, 0, 0, 0, EPERM},
        {"delete_module", SYS_delete_module, (long)"plume-no-such-module", O_NONBLOCK, 0, 0,
         EPERM},
        {"restart_syscall", SYS_restart_syscall, 0, 0, 0, 0, EINTR},
    };

    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
        char what[80];
        r = sc(&e, calls[i].nr, calls[i].a0, calls[i].a1, calls[i].a2, calls[i].a3, 0, 0);
        snprintf(what, sizeof(what), "riscv64: %s: %s", calls[i].name, strerror(calls[i].err));
        check(what, r == -1 && e == calls[i].err);
        seen++;
    }
    check("riscv64: prctl(PR_SET_SECCOMP): EINVAL",
          prctl(PR_SET_SECCOMP, 1, 0, 0, 0) < 0 && errno == EINVAL && seen > 0);
}
#endif

/* ---- namespaces (root only) ---- */

static void uts_child(void *arg)
{
    struct utsname u;
    const char *orig = arg;
    int old = open("/proc/self/ns/uts", O_RDONLY);

    if (unshare(0x04000000 /* CLONE_NEWUTS */))
        _exit(10);
    if (syscall(SYS_sethostname, "plume-ns-test", 13) || syscall(SYS_setdomainname, "plume-dom", 9))
        _exit(11);
    uname(&u);
    if (strcmp(u.nodename, "plume-ns-test") || strcmp(u.domainname, "plume-dom"))
        _exit(12);
    if (syscall(SYS_setns, old, 0x04000000))
        _exit(13);
    uname(&u);
    if (strcmp(u.nodename, orig))
        _exit(14);
    _exit(0);
}

static int is_tmpfs(const char *path)
{
    struct statfs s;
    return statfs(path, &s) == 0 && s.f_type == 0x01021994;
}

static void mount_child(void *arg)
{
    char mnt[96], file[128];
    int e;

    snprintf(mnt, sizeof(mnt), "%s/mnt", dir);
    snprintf(file, sizeof(file), "%s/f", mnt);
    if (unshare(0x00020000 /* CLONE_NEWNS */))
        _exit(10);
    /* Nothing done here may propagate back to the host's namespace. */
    if (syscall(SYS_mount, 0, "/", 0, MS_REC | MS_PRIVATE, 0))
        _exit(11);
    if (syscall(SYS_mount, "plume", mnt, "tmpfs", 0, "size=64k,mode=700") || !is_tmpfs(mnt))
        _exit(12);
    close(open(file, O_WRONLY | O_CREAT, 0600));
    if (access(file, F_OK) || syscall(SYS_umount2, mnt, 0) || access(file, F_OK) == 0)
        _exit(13);
    /* The new mount API: fsopen, fsconfig, fsmount, move_mount, fspick, mount_setattr,
     * open_tree. */
    int fs = (int)sc(&e, SYS_fsopen, (long)"tmpfs", FSOPEN_CLOEXEC, 0, 0, 0, 0);
    if (fs < 0 || sc(&e, SYS_fsconfig, fs, FSCONFIG_SET_STRING, (long)"size", (long)"64k", 0, 0) ||
        sc(&e, SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, 0, 0, 0, 0))
        _exit(14);
    int mfd = (int)sc(&e, SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0, 0, 0, 0);
    if (mfd < 0 || sc(&e, SYS_move_mount, mfd, (long)"", AT_FDCWD, (long)mnt,
                      MOVE_MOUNT_F_EMPTY_PATH, 0) ||
        !is_tmpfs(mnt))
        _exit(15);
    struct mount_attr ma = {.attr_set = MOUNT_ATTR_RDONLY};
    if (sc(&e, SYS_mount_setattr, AT_FDCWD, (long)mnt, 0, (long)&ma, sizeof(ma), 0) ||
        open(file, O_WRONLY | O_CREAT, 0600) >= 0 || errno != EROFS)
        _exit(16);
    int pick = (int)sc(&e, SYS_fspick, AT_FDCWD, (long)mnt, FSPICK_CLOEXEC, 0, 0, 0);
    if (pick < 0 || sc(&e, SYS_fsconfig, pick, FSCONFIG_SET_STRING, (long)"size", (long)"128k", 0,
                       0) ||
        sc(&e, SYS_fsconfig, pick, FSCONFIG_CMD_RECONFIGURE, 0, 0, 0, 0))
        _exit(17);
    int tree = (int)sc(&e, SYS_open_tree, AT_FDCWD, (long)mnt, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC,
                       0, 0, 0);
    if (tree < 0)
        _exit(18);
    if (sc(&e, SYS_umount2, (long)mnt, 2 /* MNT_DETACH */, 0, 0, 0, 0) || is_tmpfs(mnt))
        _exit(19);
    _exit(0);
}

static void test_namespaces(void)
{
    struct utsname u;
    char mnt[96];

    uname(&u);
    check("sethostname/setdomainname in a new UTS namespace, setns back",
          in_child(uts_child, u.nodename) == 0);
    snprintf(mnt, sizeof(mnt), "%s/mnt", dir);
    mkdir(mnt, 0700);
    check("mount/umount2 and the fsopen..open_tree API in a new mount namespace",
          in_child(mount_child, NULL) == 0);
    check("  nothing is left mounted outside it", !is_tmpfs(mnt));
    rmdir(mnt);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exec-child") == 0)
        return getenv("PLUME_T") ? 7 : 8;
    strcpy(dir, "/tmp/plume-newer-XXXXXX");
    if (!mkdtemp(dir))
        return 2;
    chmod(dir, 0755);
    if (argc > 1 && strcmp(argv[1], "ns") == 0) {
        test_namespaces();
    } else {
        test_aio();
        test_openat2();
        test_epoll_pwait2();
        test_futex_waitv();
        test_execveat();
        test_mmsg();
        test_memory();
        test_landlock();
        test_keys();
        test_fanotify();
        test_admin_reads();
        test_unprivileged();
#ifdef __riscv
        test_refused();
#endif
    }
    rmdir(dir);
    return 0;
}
