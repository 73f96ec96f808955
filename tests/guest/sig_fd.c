/*
 * sig_fd.c — signalfd: blocked signals read as struct signalfd_siginfo records (kill to self,
 * sigqueue with a value, a child's exit as SIGCHLD, queued real-time instances in order), poll,
 * select and epoll readiness (also woken by another thread's tgkill), a blocking read woken by
 * another thread, SFD_NONBLOCK / SFD_CLOEXEC, updating the mask through the existing
 * descriptor, dup, errors (short buffer, bad flags (a mask size other than 8 is in
 * extra/plume_only.c: qemu-riscv64 7.2 accepts it), a descriptor that is not a signalfd,
 * write), and a closed signalfd's number reused by a pipe. Prints deterministic lines only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void check(const char *what, int ok)
{
    printf("%-56s %s\n", what, ok ? "ok" : "FAIL");
}

static int readable(int fd, int ms)
{
    struct pollfd p = {fd, POLLIN, 0};

    return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static pid_t main_tid;

/* Thread body: after 100 ms, tgkill the main thread with the signal in arg. */
static void *kill_main_later(void *arg)
{
    struct timespec d = {0, 100 * 1000 * 1000};

    nanosleep(&d, NULL);
    syscall(SYS_tgkill, getpid(), main_tid, (int)(long)arg);
    return NULL;
}

int main(void)
{
    struct signalfd_siginfo si[4];
    sigset_t mask, pend;
    union sigval val;
    pthread_t th;
    int fd, fd2, r, st, ep;
    pid_t child;

    setvbuf(stdout, NULL, _IOLBF, 0);
    main_tid = gettid();
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGUSR2);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &mask, NULL);

    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    check("signalfd(SIGUSR1, SFD_NONBLOCK | SFD_CLOEXEC)", fd >= 0);
    check("  close-on-exec set", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    check("  non-blocking", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    errno = 0;
    check("  read with nothing pending: EAGAIN",
          read(fd, si, sizeof(si[0])) < 0 && errno == EAGAIN);
    check("  not readable", !readable(fd, 0));

    kill(getpid(), SIGUSR1);
    check("kill(self, SIGUSR1): readable", readable(fd, 1000));
    errno = 0;
    check("  read of 100 bytes: EINVAL", read(fd, si, 100) < 0 && errno == EINVAL);
    r = read(fd, si, sizeof(si));
    check("  read returns one 128-byte record", r == 128);
    check("  ssi_signo SIGUSR1, SI_USER, our pid and uid",
          si[0].ssi_signo == SIGUSR1 && si[0].ssi_code == SI_USER &&
              si[0].ssi_pid == (uint32_t)getpid() && si[0].ssi_uid == getuid());
    sigpending(&pend);
    check("  the signal is consumed", !sigismember(&pend, SIGUSR1) && !readable(fd, 0));

    kill(getpid(), SIGUSR2);
    errno = 0;
    check("SIGUSR2 (not in the mask): still EAGAIN",
          read(fd, si, sizeof(si)) < 0 && errno == EAGAIN);
    sigpending(&pend);
    check("  and still pending", sigismember(&pend, SIGUSR2));

    val.sival_int = 42;
    sigqueue(getpid(), SIGUSR1, val);
    r = read(fd, si, sizeof(si));
    check("sigqueue(SIGUSR1, 42): SI_QUEUE with ssi_int 42",
          r == 128 && si[0].ssi_code == SI_QUEUE && si[0].ssi_int == 42 && si[0].ssi_ptr == 42);

    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGRTMIN);
    check("mask updated through the descriptor", signalfd(fd, &mask, 0) == fd);
    check("  flags unchanged by the update", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    fflush(stdout);
    child = fork();
    if (child == 0)
        _exit(7);
    check("child exit: readable", readable(fd, 5000));
    r = read(fd, si, sizeof(si));
    check("  SIGCHLD, CLD_EXITED, status 7, the child's pid",
          r == 128 && si[0].ssi_signo == SIGCHLD && si[0].ssi_code == CLD_EXITED &&
              si[0].ssi_status == 7 && si[0].ssi_pid == (uint32_t)child);
    waitpid(child, &st, 0);

    val.sival_int = 1;
    sigqueue(getpid(), SIGRTMIN, val);
    val.sival_int = 2;
    sigqueue(getpid(), SIGRTMIN, val);
    kill(getpid(), SIGUSR1);
    r = read(fd, si, sizeof(si));
    check("three pending: one read returns 3 records", r == 3 * 128);
    check("  SIGUSR1 first, then SIGRTMIN 1 and 2 in order",
          si[0].ssi_signo == SIGUSR1 && si[1].ssi_signo == (uint32_t)SIGRTMIN &&
              si[1].ssi_int == 1 && si[2].ssi_signo == (uint32_t)SIGRTMIN && si[2].ssi_int == 2);

    kill(getpid(), SIGUSR1);
    {
        struct signalfd_siginfo a, b;
        struct iovec v[2] = {{&a, 64}, {&b, 64}};
        r = readv(fd, v, 2);
        check("readv over two halves of one record", r == 128 && a.ssi_signo == SIGUSR1);
    }
    errno = 0;
    check("write: EINVAL", write(fd, si, sizeof(si[0])) < 0 && errno == EINVAL);

    {
        fd_set rs;
        struct timeval tv = {5, 0};
        FD_ZERO(&rs);
        FD_SET(fd, &rs);
        pthread_create(&th, NULL, kill_main_later, (void *)(long)SIGUSR1);
        r = select(fd + 1, &rs, NULL, NULL, &tv);
        pthread_join(th, NULL);
        check("select woken by another thread's tgkill", r == 1 && FD_ISSET(fd, &rs));
        r = read(fd, si, sizeof(si));
        check("  read: SIGUSR1, SI_TKILL", r == 128 && si[0].ssi_code == SI_TKILL);
    }

    ep = epoll_create1(EPOLL_CLOEXEC);
    {
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 77}, out;
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        check("epoll: nothing yet", epoll_wait(ep, &out, 1, 0) == 0);
        pthread_create(&th, NULL, kill_main_later, (void *)(long)SIGUSR1);
        r = epoll_wait(ep, &out, 1, 5000);
        pthread_join(th, NULL);
        check("epoll_wait woken by another thread's tgkill",
              r == 1 && (out.events & EPOLLIN) && out.data.u32 == 77);
        read(fd, si, sizeof(si));
        check("  after the read: nothing", epoll_wait(ep, &out, 1, 0) == 0);
    }
    close(ep);

    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR2);
    fd2 = signalfd(-1, &mask, 0);
    r = read(fd2, si, sizeof(si));
    check("blocking signalfd: the pending SIGUSR2 at once", r == 128 && si[0].ssi_signo == SIGUSR2);
    pthread_create(&th, NULL, kill_main_later, (void *)(long)SIGUSR2);
    r = read(fd2, si, sizeof(si));
    pthread_join(th, NULL);
    check("blocking read woken by another thread's tgkill", r == 128 && si[0].ssi_signo == SIGUSR2);
    {
        int d = dup(fd2);
        kill(getpid(), SIGUSR2);
        r = read(d, si, sizeof(si));
        check("a dup of the signalfd reads the same way", r == 128 && si[0].ssi_signo == SIGUSR2);
        close(d);
    }

    errno = 0;
    check("signalfd with bad flags: EINVAL", signalfd(-1, &mask, 1) < 0 && errno == EINVAL);
    {
        int p[2];
        pipe(p);
        errno = 0;
        check("signalfd over a pipe: EINVAL", signalfd(p[0], &mask, 0) < 0 && errno == EINVAL);
        close(p[0]);
        close(p[1]);
    }
    errno = 0;
    check("signalfd over a closed descriptor: EBADF",
          signalfd(999, &mask, 0) < 0 && errno == EBADF);

    close(fd2);
    {
        int p[2];
        char c = 0;
        pipe(p);
        r = write(p[1], "z", 1);
        check("a pipe reusing a closed signalfd's number reads as a pipe",
              (p[0] == fd2 || p[1] == fd2) && r == 1 && read(p[0], &c, 1) == 1 && c == 'z');
        close(p[0]);
        close(p[1]);
    }
    close(fd);
    return 0;
}
