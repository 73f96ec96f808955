/*
 * plume_only.c — syscalls qemu-riscv64 7.2 does not implement (it returns ENOSYS for
 * process_vm_readv/writev, mlock2 and mq_notify) or implements differently from Linux (a
 * setxattr value larger than the kernel's 64 KiB limit is E2BIG on Linux before the value is
 * read; qemu reads it first and gives EFAULT; msgrcv with a size beyond msgmax into a buffer
 * mapped only as far as the message reaches works on Linux, qemu gives EFAULT, and so does
 * mq_receive with a length beyond the mapping; a syscall argument that plume itself reads or
 * writes (capget's header, a signal mask, a sigaction, a timespec, uname's buffer) on a file
 * page beyond end of file is EFAULT on Linux, qemu dies of SIGBUS; signalfd4 with a mask size
 * other than 8 is EINVAL on Linux, qemu accepts 4; a SysV shm attach is "/SYSV<key> (deleted)"
 * in Linux's /proc/self/maps, qemu shows it anonymous), checked against
 * Linux's behaviour by
 * t_syscalls_extra.sh: process_vm_readv/writev on this process and on a forked child (whose
 * memory differs after the fork), a target outside the guest space, mlock2, mlockall/munlockall,
 * mq_notify delivering SIGEV_SIGNAL with its siginfo and SIGEV_THREAD through glibc's helper
 * thread, and the setxattr size limit. Prints deterministic lines only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "FAIL");
}

static char area[64] = "0123456789abcdefghijklmnopqrstuv";

static void test_process_vm(void)
{
    char a[8] = {0}, b[8] = {0}, c[16];
    struct iovec local[2] = {{a, 5}, {b, 5}}, remote = {area + 10, 10};
    struct iovec out = {c, 4}, dst = {area, 4};
    struct iovec far = {(void *)(1ul << 45), 8};
    int p[2], q[2], st;
    ssize_t n;
    pid_t pid;

    n = process_vm_readv(getpid(), local, 2, &remote, 1, 0);
    check("process_vm_readv self: 10 bytes over 2 iovecs",
          n == 10 && memcmp(a, "abcde", 5) == 0 && memcmp(b, "fghij", 5) == 0);
    memcpy(c, "WXYZ", 4);
    n = process_vm_writev(getpid(), &out, 1, &dst, 1, 0);
    check("process_vm_writev self", n == 4 && memcmp(area, "WXYZ456789", 10) == 0);
    errno = 0;
    check("remote beyond the address space: EFAULT",
          process_vm_readv(getpid(), local, 1, &far, 1, 0) < 0 && errno == EFAULT);
    errno = 0;
    check("flags 1: EINVAL",
          process_vm_readv(getpid(), local, 1, &remote, 1, 1) < 0 && errno == EINVAL);

    /* A forked child changes its copy and waits; the parent reads and writes the child's. */
    pipe(p);
    pipe(q);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        char ch;
        memcpy(area, "child's copy", 12);
        write(p[1], "r", 1);
        read(q[0], &ch, 1);
        _exit(memcmp(area, "CHILD", 5) == 0 ? 0 : 1);
    }
    read(p[0], c, 1);
    memset(c, 0, sizeof(c));
    out.iov_len = 12;
    dst.iov_len = 12;
    n = process_vm_readv(pid, &out, 1, &dst, 1, 0);
    check("process_vm_readv of a fork child sees its copy",
          n == 12 && memcmp(c, "child's copy", 12) == 0 && memcmp(area, "WXYZ", 4) == 0);
    memcpy(c, "CHILD", 5);
    out.iov_len = 5;
    dst.iov_len = 5;
    n = process_vm_writev(pid, &out, 1, &dst, 1, 0);
    write(q[1], "w", 1);
    waitpid(pid, &st, 0);
    check("process_vm_writev into the child", n == 5 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    errno = 0;
    n = process_vm_readv(1, local, 1, &remote, 1, 0);
    check("init's memory: EFAULT (root) or EPERM", n < 0 && (errno == EFAULT || errno == EPERM));
}

static void test_mlock(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int r;

    check("mlock2 MLOCK_ONFAULT",
          syscall(SYS_mlock2, m, 2 * page, 1) == 0 && munlock(m, 2 * page) == 0);
    errno = 0;
    check("mlock2 bad flags: EINVAL", syscall(SYS_mlock2, m, page, 2) < 0 && errno == EINVAL);
    munmap(m + page, page);
    errno = 0;
    check("mlock2 over a hole: ENOMEM", syscall(SYS_mlock2, m, 2 * page, 0) < 0 && errno == ENOMEM);
    errno = 0;
    r = mlockall(MCL_CURRENT);
    check("mlockall(MCL_CURRENT): 0, or ENOMEM over the limit", r == 0 || errno == ENOMEM);
    check("munlockall", munlockall() == 0);
    errno = 0;
    check("mlockall(0): EINVAL", mlockall(0) < 0 && errno == EINVAL);
    errno = 0;
    check("mlockall(MCL_FUTURE) and munlockall", mlockall(MCL_FUTURE) == 0 && munlockall() == 0);
}

static volatile sig_atomic_t sig_seen, sig_code, sig_val, sig_pid;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    sig_seen = sig;
    sig_code = si->si_code;
    sig_val = si->si_value.sival_int;
    sig_pid = si->si_pid;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int thread_val;

static void on_thread(union sigval v)
{
    pthread_mutex_lock(&lock);
    thread_val = v.sival_int;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
}

static void test_mq_notify(void)
{
    char name[64], buf[64];
    struct mq_attr attr = {.mq_maxmsg = 2, .mq_msgsize = 16};
    struct sigevent ev;
    struct sigaction sa;
    struct timespec ts;
    mqd_t q;
    sigset_t set;

    snprintf(name, sizeof(name), "/plume-notify-%d", (int)getpid());
    q = mq_open(name, O_CREAT | O_RDWR, 0600, &attr);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    ev.sigev_value.sival_int = 7;
    check("mq_notify SIGEV_SIGNAL", mq_notify(q, &ev) == 0);
    errno = 0;
    check("  a second registration: EBUSY", mq_notify(q, &ev) < 0 && errno == EBUSY);
    mq_send(q, "x", 1, 0);
    sigemptyset(&set);
    for (int i = 0; i < 500 && !sig_seen; i++)
        usleep(10000);
    check("  a message on the empty queue signals",
          sig_seen == SIGUSR1 && sig_code == SI_MESGQ && sig_val == 7 && sig_pid == getpid());
    mq_receive(q, buf, sizeof(buf), NULL);

    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_thread;
    ev.sigev_value.sival_int = 99;
    check("mq_notify SIGEV_THREAD", mq_notify(q, &ev) == 0);
    mq_send(q, "y", 1, 0);
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 10;
    pthread_mutex_lock(&lock);
    while (thread_val == 0 && pthread_cond_timedwait(&cond, &lock, &ts) == 0)
        continue;
    pthread_mutex_unlock(&lock);
    check("  the notification thread runs with the value", thread_val == 99);
    check("mq_notify(NULL) with none registered", mq_notify(q, NULL) == 0);
    mq_close(q);
    mq_unlink(name);
}

static void test_xattr_limit(void)
{
    static char small[256];
    volatile size_t big = 70000;
    char file[64];
    int fd, r;

    snprintf(file, sizeof(file), "/tmp/plume-only-%d", (int)getpid());
    fd = open(file, O_CREAT | O_RDWR, 0600);
    errno = 0;
    r = setxattr(file, "user.big", small, big, 0);
    check("setxattr 70000 bytes from a 256-byte buffer: E2BIG", r < 0 && errno == E2BIG);
    close(fd);
    unlink(file);
}

static void test_msgrcv_size(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct {
        long type;
        char text[8];
    } msg = {1, "hi"};
    char *buf = m + page - 64;
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    ssize_t n;

    munmap(m + page, page);
    msgsnd(q, &msg, 2, 0);
    n = msgrcv(q, buf, 1 << 20, 0, 0);
    check("msgrcv size 1 MiB, buffer mapped for 64 bytes", n == 2 && memcmp(buf + 8, "hi", 2) == 0);
    msgctl(q, IPC_RMID, NULL);

    struct mq_attr attr = {.mq_maxmsg = 2, .mq_msgsize = 128};
    char name[64];
    mqd_t mq;
    unsigned prio = 0;

    snprintf(name, sizeof(name), "/plume-size-%d", (int)getpid());
    mq = mq_open(name, O_CREAT | O_RDWR, 0600, &attr);
    mq_send(mq, "short", 5, 4);
    n = mq_receive(mq, buf, 1 << 20, &prio);
    check("mq_receive length 1 MiB, buffer mapped for 64 bytes",
          n == 5 && memcmp(buf, "short", 5) == 0 && prio == 4);
    mq_close(mq);
    mq_unlink(name);
}

/* Pages of a file mapping beyond end of file: every syscall gives EFAULT, none raises SIGBUS. */
static void test_beyond_eof(void)
{
    char path[] = "/tmp/plume-eof-XXXXXX";
    long pg = sysconf(_SC_PAGESIZE);
    int fd = mkstemp(path);
    char *m, *beyond;

    if (fd < 0 || write(fd, "x", 1) != 1)
        return;
    m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    unlink(path);
    close(fd);
    beyond = m + pg;
    check("beyond EOF: capget header EFAULT",
          syscall(SYS_capget, beyond, NULL) < 0 && errno == EFAULT);
    check("beyond EOF: rt_sigprocmask set EFAULT",
          syscall(SYS_rt_sigprocmask, SIG_BLOCK, beyond, NULL, 8) < 0 && errno == EFAULT);
    check("beyond EOF: rt_sigaction act EFAULT",
          syscall(SYS_rt_sigaction, SIGUSR1, beyond, NULL, 8) < 0 && errno == EFAULT);
    check("beyond EOF: clock_gettime EFAULT",
          syscall(SYS_clock_gettime, CLOCK_MONOTONIC, beyond) < 0 && errno == EFAULT);
    check("beyond EOF: nanosleep EFAULT", syscall(SYS_nanosleep, beyond, NULL) < 0 && errno == EFAULT);
    check("beyond EOF: uname EFAULT", syscall(SYS_uname, beyond) < 0 && errno == EFAULT);
    check("beyond EOF: write from it EFAULT", syscall(SYS_write, 1, beyond, 1) < 0 && errno == EFAULT);
    check("in the file's page: capget works", syscall(SYS_capget, m, NULL) == 0);
    munmap(m, 2 * pg);
}

/* The maps line of a SysV shm attach at a: its text after the address range, or "". */
static void shm_maps_line(const void *a, char *out, size_t n)
{
    char line[512], want[32];
    FILE *f = fopen("/proc/self/maps", "r");

    out[0] = 0;
    snprintf(want, sizeof(want), "%08lx-", (unsigned long)a);
    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, want, strlen(want)) == 0)
            snprintf(out, n, "%s", strchr(line, ' ') + 1);
    if (f)
        fclose(f);
}

/* Linux names a SysV shm attach "/SYSV<key, 8 hex digits> (deleted)" with the segment id as
 * its inode (ipc/shm.c); qemu-riscv64 7.2 shows an anonymous shared mapping. */
static void test_shm_maps(void)
{
    int id = shmget(0x5ca1ab1e, 8192, IPC_CREAT | 0600), id2 = shmget(IPC_PRIVATE, 4096, 0600);
    char *a = shmat(id, NULL, 0), *b = shmat(id2, NULL, SHM_RDONLY), got[512], want[512];

    shm_maps_line(a, got, sizeof(got));
    snprintf(want, sizeof(want), "rw-s 00000000 00:01 %d", id);
    check("shm attach in maps: rw-s, offset 0, inode = shmid",
          strncmp(got, want, strlen(want)) == 0 && got[strlen(want)] == ' ');
    check("  named /SYSV5ca1ab1e (deleted)", strstr(got, " /SYSV5ca1ab1e (deleted)\n") != NULL);
    shm_maps_line(b, got, sizeof(got));
    snprintf(want, sizeof(want), "r--s 00000000 00:01 %d", id2);
    check("read-only IPC_PRIVATE attach: r--s, /SYSV00000000 (deleted)",
          strncmp(got, want, strlen(want)) == 0 && strstr(got, " /SYSV00000000 (deleted)\n"));
    shmdt(a);
    shmdt(b);
    shm_maps_line(a, got, sizeof(got));
    check("  gone after shmdt", got[0] == 0);
    shmctl(id, IPC_RMID, NULL);
    shmctl(id2, IPC_RMID, NULL);
}

/* Linux's signalfd4 wants sizemask 8 (sizeof(sigset_t)); qemu-riscv64 7.2 takes 4 too. */
static void test_signalfd_size(void)
{
    unsigned long mask = 1ul << (SIGUSR1 - 1);

    errno = 0;
    check("signalfd4 with a 4-byte mask: EINVAL",
          syscall(SYS_signalfd4, -1, &mask, 4, 0) < 0 && errno == EINVAL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_process_vm();
    test_mlock();
    test_mq_notify();
    test_xattr_limit();
    test_msgrcv_size();
    test_beyond_eof();
    test_signalfd_size();
    test_shm_maps();
    return 0;
}
