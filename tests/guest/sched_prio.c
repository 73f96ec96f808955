/*
 * sched_prio.c — scheduling and process attributes: nice values round-trip through
 * setpriority/getpriority, policies and parameters, priority ranges, the round-robin interval,
 * sched_getattr, CPU affinity narrowed and restored, capget, personality, membarrier, mincore
 * residency, credentials changed in a child (set*id with a second thread that must follow, as
 * glibc's setxid round makes it, setgroups, chroot: as root these succeed, otherwise EPERM is
 * checked), unshare, clock_settime refusals and adjtimex reading, pidfds (a signal to this
 * process through its own pidfd reaches the handler with the sender's siginfo, one to a child
 * kills it, pidfd_getfd/kcmp agree on a duplicated descriptor). Prints deterministic lines only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KCMP_FILE 0
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED 8
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED 16

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "FAIL");
}

static int child_status(int (*fn)(void), int *st)
{
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid == 0)
        _exit(fn());
    waitpid(pid, st, 0);
    return WIFEXITED(*st) ? WEXITSTATUS(*st) : 100 + WTERMSIG(*st);
}

static void test_sched(void)
{
    int old = getpriority(PRIO_PROCESS, 0);
    struct sched_param sp = {.sched_priority = 5};
    struct timespec rr;
    cpu_set_t set, one, back;
    uint32_t attr[14];
    int first = -1;

    errno = 0;
    check("setpriority +1, getpriority round trip", setpriority(PRIO_PROCESS, 0, old + 1) == 0 &&
                                                        getpriority(PRIO_PROCESS, 0) == old + 1 &&
                                                        errno == 0);
    check("getpriority of our pid by number", getpriority(PRIO_PROCESS, getpid()) == old + 1);
    errno = 0;
    check("getpriority bad which: EINVAL", getpriority(42, 0) == -1 && errno == EINVAL);
    check("sched_getscheduler: SCHED_OTHER", sched_getscheduler(0) == SCHED_OTHER);
    check("sched_getparam: priority 0", sched_getparam(0, &sp) == 0 && sp.sched_priority == 0);
    check("SCHED_FIFO priorities 1..99",
          sched_get_priority_min(SCHED_FIFO) == 1 && sched_get_priority_max(SCHED_FIFO) == 99);
    check("SCHED_OTHER priorities 0..0",
          sched_get_priority_min(SCHED_OTHER) == 0 && sched_get_priority_max(SCHED_OTHER) == 0);
    errno = 0;
    check("bad policy: EINVAL", sched_get_priority_max(42) == -1 && errno == EINVAL);
    check("SCHED_BATCH and back",
          sched_setscheduler(0, SCHED_BATCH, &sp) == 0 && sched_getscheduler(0) == SCHED_BATCH &&
              sched_setscheduler(0, SCHED_OTHER, &sp) == 0 && sched_getscheduler(0) == SCHED_OTHER);
    errno = 0;
    sp.sched_priority = 5;
    check("SCHED_OTHER with priority 5: EINVAL",
          sched_setscheduler(0, SCHED_OTHER, &sp) < 0 && errno == EINVAL);
    check("sched_rr_get_interval", sched_rr_get_interval(0, &rr) == 0 && rr.tv_sec >= 0 &&
                                       rr.tv_nsec >= 0 && rr.tv_nsec < 1000000000);
    memset(attr, 0xff, sizeof(attr));
    check("sched_getattr: size 56, SCHED_OTHER, nice",
          syscall(SYS_sched_getattr, 0, attr, 56, 0) == 0 && attr[0] == 56 && attr[1] == 0 &&
              (int32_t)attr[4] == old + 1);

    CPU_ZERO(&set);
    check("sched_getaffinity", sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0);
    for (int i = 0; i < CPU_SETSIZE && first < 0; i++)
        if (CPU_ISSET(i, &set))
            first = i;
    CPU_ZERO(&one);
    CPU_SET(first, &one);
    CPU_ZERO(&back);
    check("sched_setaffinity to one CPU", sched_setaffinity(0, sizeof(one), &one) == 0 &&
                                              sched_getaffinity(0, sizeof(back), &back) == 0 &&
                                              CPU_COUNT(&back) == 1 && CPU_ISSET(first, &back));
    check("  and back to all", sched_setaffinity(0, sizeof(set), &set) == 0 &&
                                   sched_getaffinity(0, sizeof(back), &back) == 0 &&
                                   CPU_EQUAL(&set, &back));
}

static void test_misc(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    long page = sysconf(_SC_PAGESIZE);
    unsigned char vec[4];
    struct timeval tv;
    struct timespec ts;
    struct timex tx;
    int mb;
    char *m;

    check("capget v3",
          syscall(SYS_capget, &hdr, data) == 0 && (data[0].effective & ~data[0].permitted) == 0);
    hdr.version = 0x12345678;
    errno = 0;
    check("capget bad version: EINVAL, version written back",
          syscall(SYS_capget, &hdr, data) < 0 && errno == EINVAL &&
              hdr.version == _LINUX_CAPABILITY_VERSION_3);
    check("personality query: PER_LINUX", (personality(0xffffffff) & PER_MASK) == PER_LINUX);

    mb = syscall(SYS_membarrier, 0, 0, 0);
    check("membarrier QUERY has PRIVATE_EXPEDITED",
          mb > 0 && (mb & MEMBARRIER_CMD_PRIVATE_EXPEDITED));
    errno = 0;
    check("  unregistered PRIVATE_EXPEDITED: EPERM",
          syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) < 0 && errno == EPERM);
    check("  registered, then it works",
          syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0 &&
              syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0);

    m = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m[0] = 1;
    m[2 * page] = 1;
    check("mincore: touched pages resident, others not", mincore(m, 4 * page, vec) == 0 &&
                                                             (vec[0] & 1) && !(vec[1] & 1) &&
                                                             (vec[2] & 1) && !(vec[3] & 1));
    errno = 0;
    check("mincore unaligned: EINVAL", mincore(m + 1, page, vec) < 0 && errno == EINVAL);
    munmap(m + page, page);
    errno = 0;
    check("mincore over a hole: ENOMEM", mincore(m, 4 * page, vec) < 0 && errno == ENOMEM);
    check("mlock/munlock a page", mlock(m, page) == 0 && munlock(m, page) == 0);

    clock_gettime(CLOCK_MONOTONIC, &ts);
    errno = 0;
    check("clock_settime(CLOCK_MONOTONIC): EINVAL",
          clock_settime(CLOCK_MONOTONIC, &ts) < 0 && errno == EINVAL);
    ts.tv_nsec = 2000000000;
    errno = 0;
    check("clock_settime bad nsec: EINVAL",
          clock_settime(CLOCK_REALTIME, &ts) < 0 && errno == EINVAL);
    memset(&tx, 0, sizeof(tx));
    gettimeofday(&tv, NULL);
    check("adjtimex read-only: state, tick, time",
          adjtimex(&tx) >= 0 && tx.tick > 0 && tx.time.tv_sec >= tv.tv_sec);
}

/* ---- credentials, in children ---- */

static uid_t target_uid(void)
{
    return getuid() == 0 ? 65534 : getuid();
}

static int fds[2];

static void *follower(void *arg)
{
    uid_t r, e, s;
    char c;

    read(fds[0], &c, 1);
    /* The raw call reads this thread's own credentials. */
    syscall(SYS_getresuid, &r, &e, &s);
    return (void *)(uintptr_t)(r == target_uid() && e == target_uid() && s == target_uid());
}

static int child_setuid(void)
{
    uid_t t = target_uid();
    pthread_t th;
    void *ok;

    pipe(fds);
    pthread_create(&th, NULL, follower, NULL);
    if (setresgid(getgid(), getgid(), getgid()) != 0 || setresuid(t, t, t) != 0)
        return 1;
    if (getuid() != t || geteuid() != t)
        return 2;
    write(fds[1], "x", 1);
    pthread_join(th, &ok);
    return ok ? 0 : 3;
}

static int child_setgroups(void)
{
    gid_t g[4] = {0};

    if (getuid() != 0)
        return setgroups(1, g) < 0 && errno == EPERM ? 0 : 1;
    g[0] = 1234;
    g[1] = 5678;
    if (setgroups(2, g) != 0)
        return 2;
    memset(g, 0, sizeof(g));
    return getgroups(4, g) == 2 && g[0] == 1234 && g[1] == 5678 ? 0 : 3;
}

static int child_setfsuid(void)
{
    uid_t prev = setfsuid(-1);
    return prev == geteuid() ? 0 : 1;
}

static int child_chroot(void)
{
    if (getuid() != 0)
        return chroot("/") < 0 && errno == EPERM ? 0 : 1;
    return chroot("/") == 0 && chdir("/") == 0 ? 0 : 2;
}

static int child_unshare(void)
{
    errno = 0;
    if (unshare(0) != 0 || unshare(CLONE_FILES) != 0)
        return 1;
    return unshare(0x1) < 0 && errno == EINVAL ? 0 : 2;
}

static void test_creds(void)
{
    int st;

    check("setresuid in a child, a second thread follows", child_status(child_setuid, &st) == 0);
    check("setgroups/getgroups in a child", child_status(child_setgroups, &st) == 0);
    check("setfsuid(-1) reports the fsuid", child_status(child_setfsuid, &st) == 0);
    check("chroot in a child", child_status(child_chroot, &st) == 0);
    check("unshare(0), unshare(CLONE_FILES), bad flag", child_status(child_unshare, &st) == 0);
}

/* ---- pidfds ---- */

static volatile sig_atomic_t got_sig, got_code, got_pid, got_val;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    got_sig = sig;
    got_code = si->si_code;
    got_pid = si->si_pid;
    got_val = si->si_value.sival_int;
}

static void test_pidfd(void)
{
    int self = syscall(SYS_pidfd_open, getpid(), 0), child, dup, st;
    struct sigaction sa;
    siginfo_t si;
    struct stat a, b;
    pid_t pid;

    check("pidfd_open(self)", self >= 0);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    check("pidfd_send_signal(self, SIGUSR1)",
          syscall(SYS_pidfd_send_signal, self, SIGUSR1, NULL, 0) == 0);
    check("  handler ran: SI_USER from us",
          got_sig == SIGUSR1 && got_code == SI_USER && got_pid == getpid());
    memset(&si, 0, sizeof(si));
    si.si_signo = SIGUSR1;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = 42;
    got_sig = 0;
    check("pidfd_send_signal with siginfo",
          syscall(SYS_pidfd_send_signal, self, SIGUSR1, &si, 0) == 0);
    check("  handler ran: SI_QUEUE, value 42",
          got_sig == SIGUSR1 && got_code == SI_QUEUE && got_val == 42);
    si.si_signo = SIGUSR2;
    errno = 0;
    check("siginfo for another signal: EINVAL",
          syscall(SYS_pidfd_send_signal, self, SIGUSR1, &si, 0) < 0 && errno == EINVAL);
    errno = 0;
    check("flags 0x80: EINVAL",
          syscall(SYS_pidfd_send_signal, self, SIGUSR1, NULL, 0x80) < 0 && errno == EINVAL);

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    child = syscall(SYS_pidfd_open, pid, 0);
    si.si_signo = SIGTERM;
    si.si_code = SI_USER;
    errno = 0;
    check("forged SI_USER to another process: EPERM",
          syscall(SYS_pidfd_send_signal, child, SIGTERM, &si, 0) < 0 && errno == EPERM);
    check("pidfd_send_signal(child, SIGTERM)",
          syscall(SYS_pidfd_send_signal, child, SIGTERM, NULL, 0) == 0);
    waitpid(pid, &st, 0);
    check("  the child died of SIGTERM", WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    errno = 0;
    check("  signal to the reaped child: ESRCH",
          syscall(SYS_pidfd_send_signal, child, SIGTERM, NULL, 0) < 0 && errno == ESRCH);

    dup = syscall(SYS_pidfd_getfd, self, 1, 0);
    check("pidfd_getfd(self, 1)", dup >= 0 && fstat(1, &a) == 0 && fstat(dup, &b) == 0 &&
                                      a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    check("kcmp: same file for 1 and the copy",
          syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE, 1, dup) == 0);
    check("kcmp: 1 and the pidfd differ",
          syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE, 1, self) > 0);
    close(dup);
    close(child);
    close(self);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_sched();
    test_misc();
    test_creds();
    test_pidfd();
    return 0;
}
