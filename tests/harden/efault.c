/*
 * efault.c — system calls whose buffers lie on a file-backed page beyond end of file.
 *
 * Linux gives EFAULT when the kernel's copy_to_user/copy_from_user hits such a page; only a
 * user-mode access raises SIGBUS. plume must answer the same whether the copy is made by the
 * host kernel (a host pointer passed to the host call) or by plume itself (converted structs,
 * strings, emulated results), and survive. One line per case; the expected text is the same
 * natively on x86-64 (riscv-only cases are skipped there), in tests/harden/efault.expected.
 * Cases that need a signal run in a forked child and report how it ended.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *beyond; /* a page of a file mapping, wholly beyond end of file */
static char *beyond_shared;

static void report(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, errno == EFAULT ? "EFAULT" : strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

/* Run fn in a child; print how the child ended. */
static void in_child(const char *what, void (*fn)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    if (WIFSIGNALED(st))
        printf("%s: killed by %s\n", what, strsignal(WTERMSIG(st)));
    else
        printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

static volatile int got_sig, got_code;
static sigjmp_buf jb;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
    got_sig = sig;
    got_code = si->si_code;
    siglongjmp(jb, 1);
}

static void user_load(void)
{
    struct sigaction sa = {.sa_sigaction = on_bus, .sa_flags = SA_SIGINFO};
    sigaction(SIGBUS, &sa, NULL);
    if (!sigsetjmp(jb, 1))
        got_sig = *(volatile char *)beyond;
    printf("user-mode load: %s %s\n", strsignal(got_sig),
           got_sig == SIGBUS && got_code == BUS_ADRERR ? "BUS_ADRERR" : "?");
    fflush(stdout);
}

static void on_usr1(int sig) {}

static void frame_beyond(void)
{
    stack_t ss = {.ss_sp = beyond, .ss_size = 4096};
    struct sigaction sa = {.sa_handler = on_usr1, .sa_flags = SA_ONSTACK};
    sigaltstack(&ss, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
}

int main(void)
{
    char path[] = "/tmp/plume-efault-XXXXXX";
    int fd = mkstemp(path);
    int pfd[2];

    if (fd < 0 || write(fd, "0123456789", 10) != 10 || pipe(pfd))
        return 2;
    beyond = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    beyond_shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (beyond == MAP_FAILED || beyond_shared == MAP_FAILED)
        return 2;
    beyond += 4096;
    beyond_shared += 4096;

    /* Copies made by the host kernel on a host pointer. */
    report("write from", write(pfd[1], beyond, 16));
    report("write from (shared)", write(pfd[1], beyond_shared, 16));
    if (write(pfd[1], "abc", 3) != 3)
        return 2;
    report("read into", read(pfd[0], beyond, 3));
    report("read into (shared)", read(pfd[0], beyond_shared, 3));
    struct iovec iov = {beyond, 8};
    report("writev from", writev(pfd[1], &iov, 1));
    report("getrandom into", syscall(SYS_getrandom, beyond, 8, 0));
    report("getcwd into", syscall(SYS_getcwd, beyond, 256));
    report("futex wait", syscall(SYS_futex, beyond, 0 /* FUTEX_WAIT */, 0, NULL, NULL, 0));

    /* Copies made by the emulator (converted or emulated results, strings, structs). */
    report("fstat into", syscall(SYS_fstat, fd, beyond));
    report("fstat into (shared)", syscall(SYS_fstat, fd, beyond_shared));
    report("gettimeofday into", syscall(SYS_gettimeofday, beyond, NULL));
    report("clock_gettime into", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, beyond));
    report("uname into", syscall(SYS_uname, beyond));
    report("openat path", syscall(SYS_openat, AT_FDCWD, beyond, O_RDONLY));
    report("openat path (shared)", syscall(SYS_openat, AT_FDCWD, beyond_shared, O_RDONLY));
    report("readlinkat into", syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", beyond, 64));
    report("rt_sigaction from", syscall(SYS_rt_sigaction, SIGUSR2, beyond, NULL, 8));
    report("rt_sigaction into", syscall(SYS_rt_sigaction, SIGUSR2, NULL, beyond, 8));
    report("rt_sigprocmask into", syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, beyond, 8));
    report("nanosleep from", syscall(SYS_nanosleep, beyond, NULL));
    report("prctl PR_GET_NAME into", prctl(PR_GET_NAME, beyond, 0, 0, 0));
    report("pipe2 into", syscall(SYS_pipe2, beyond, 0));
    report("getrlimit into", syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, beyond));
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLOUT};
    epoll_ctl(ep, EPOLL_CTL_ADD, pfd[1], &ev);
    report("epoll_pwait into", syscall(SYS_epoll_pwait, ep, beyond, 4, 0, NULL, 8));
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    report("getsockname len from", syscall(SYS_getsockname, s, beyond + 64, beyond));
#ifdef __riscv
    report("riscv_hwprobe pairs", syscall(258, beyond, 1, 0, NULL, 0));
#else
    report("riscv_hwprobe pairs", (errno = EFAULT, -1));
#endif

    /* Signals: a user-mode access raises SIGBUS; a frame that cannot be written kills. */
    in_child("user-mode load child", user_load);
    in_child("signal frame beyond EOF", frame_beyond);

    unlink(path);
    printf("survived\n");
    return 0;
}
