/*
 * sig_restart.c — EINTR versus SA_RESTART as Linux does it, plus SA_NODEFER, SA_RESETHAND and
 * SA_ONSTACK. A one-shot ITIMER_REAL interrupts a blocking read from an empty pipe; the SIGALRM
 * handler writes one byte into the pipe. Without SA_RESTART the read fails with EINTR (the byte
 * stays in the pipe); with SA_RESTART the read is restarted and returns the byte. nanosleep is
 * never restarted (EINTR with the remaining time); sigsuspend always returns EINTR. A handler
 * with SA_NODEFER can nest itself; SA_RESETHAND resets to the default action after one
 * delivery (a second raise kills, checked in a child); SA_ONSTACK runs on the sigaltstack.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static volatile int alarms, depth, max_depth, calls, on_alt;
static char altstack[64 * 1024];

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "FAIL");
}

static void on_alarm(int sig)
{
    alarms++;
    if (write(fds[1], "z", 1) != 1)
        _exit(9);
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void arm(long usec)
{
    struct itimerval it = {{0, 0}, {0, usec}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static void on_usr1_nested(int sig)
{
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (++calls < 3)
        raise(SIGUSR1);
    depth--;
}

static void on_usr2_alt(int sig)
{
    char here;
    on_alt = (uintptr_t)&here >= (uintptr_t)altstack &&
             (uintptr_t)&here < (uintptr_t)altstack + sizeof(altstack);
}

int main(void)
{
    char c = 0;
    ssize_t r;

    if (pipe(fds))
        return 1;
    set_handler(SIGALRM, on_alarm, 0);
    arm(20000);
    errno = 0;
    r = read(fds[0], &c, 1);
    check("read without SA_RESTART: EINTR", r == -1 && errno == EINTR && alarms == 1);
    r = read(fds[0], &c, 1);
    check("the handler's byte is still in the pipe", r == 1 && c == 'z');

    set_handler(SIGALRM, on_alarm, SA_RESTART);
    arm(20000);
    c = 0;
    r = read(fds[0], &c, 1);
    check("read with SA_RESTART: restarted, returns the byte", r == 1 && c == 'z' && alarms == 2);

    arm(20000);
    struct timespec req = {5, 0}, rem = {0, 0};
    errno = 0;
    int n = nanosleep(&req, &rem);
    check("nanosleep with SA_RESTART: EINTR anyway", n == -1 && errno == EINTR);
    check("nanosleep reports the remaining time", rem.tv_sec >= 3 && rem.tv_sec <= 5);
    r = read(fds[0], &c, 1);

    sigset_t block, empty;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, NULL);
    arm(20000);
    sigemptyset(&empty);
    n = sigsuspend(&empty);
    check("sigsuspend returns EINTR after the handler", n == -1 && errno == EINTR && alarms == 4);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    check("sigsuspend restores the blocked mask", sigismember(&now, SIGALRM));
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    r = read(fds[0], &c, 1);

    set_handler(SIGUSR1, on_usr1_nested, SA_NODEFER);
    raise(SIGUSR1);
    check("SA_NODEFER handler nests three deep", max_depth == 3 && depth == 0 && calls == 3);
    max_depth = 0;
    calls = 0;
    set_handler(SIGUSR1, on_usr1_nested, 0);
    raise(SIGUSR1);
    check("without SA_NODEFER the re-raise waits (no nesting)", max_depth == 1 && calls == 3);

    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0};
    sigaltstack(&ss, NULL);
    set_handler(SIGUSR2, on_usr2_alt, SA_ONSTACK);
    raise(SIGUSR2);
    check("SA_ONSTACK handler runs on the alternate stack", on_alt);
    set_handler(SIGUSR2, on_usr2_alt, 0);
    raise(SIGUSR2);
    check("without SA_ONSTACK it runs on the normal stack", !on_alt);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        set_handler(SIGUSR2, on_usr2_alt, SA_RESETHAND);
        raise(SIGUSR2);
        struct sigaction cur;
        sigaction(SIGUSR2, NULL, &cur);
        if (cur.sa_handler != SIG_DFL)
            _exit(3);
        raise(SIGUSR2);
        _exit(4);
    }
    int st;
    waitpid(pid, &st, 0);
    check("SA_RESETHAND: second SIGUSR2 kills", WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR2);
    return 0;
}
