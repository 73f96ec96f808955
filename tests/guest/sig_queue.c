/*
 * sig_queue.c — sigqueue values and queueing: while blocked, three instances of SIGRTMIN+1
 * with values 10, 20, 30 and one of SIGRTMIN+3 queue; unblocking delivers all of them, lower
 * number first, each instance in order with its si_value and si_code SI_QUEUE. Two SIGUSR1
 * sent while blocked coalesce into one. sigtimedwait takes queued instances one by one (with
 * values), times out with EAGAIN, and rt_tgsigqueueinfo to the calling thread delivers a
 * thread-directed instance. sigpending reports blocked pending signals.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int log_sig[16], log_val[16], log_code[16], nlog;

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "FAIL");
}

static void handler(int sig, siginfo_t *si, void *uc)
{
    if (nlog < 16) {
        log_sig[nlog] = sig;
        log_val[nlog] = si->si_value.sival_int;
        log_code[nlog] = si->si_code;
        nlog++;
    }
}

int main(void)
{
    struct sigaction sa;
    sigset_t set, pend;
    int rt1 = SIGRTMIN + 1, rt3 = SIGRTMIN + 3;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(rt1, &sa, NULL);
    sigaction(rt3, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);

    sigemptyset(&set);
    sigaddset(&set, rt1);
    sigaddset(&set, rt3);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    sigqueue(getpid(), rt3, (union sigval){.sival_int = 99});
    for (int v = 10; v <= 30; v += 10)
        sigqueue(getpid(), rt1, (union sigval){.sival_int = v});
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    check("nothing delivered while blocked", nlog == 0);
    sigpending(&pend);
    check("sigpending shows the three numbers",
          sigismember(&pend, rt1) && sigismember(&pend, rt3) && sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    check("five deliveries (SIGUSR1 coalesced, RT queued)", nlog == 5);
    /* Unblocking pushes one frame per number at once (the last pushed runs first), so only
     * the order within one real-time number is fixed. */
    int usr1 = 0, rt3_ok = 0, rt1_vals = 0, codes_ok = 1;
    for (int i = 0; i < nlog; i++) {
        if (log_sig[i] == SIGUSR1) {
            usr1++;
            codes_ok &= log_code[i] == SI_USER;
        } else if (log_sig[i] == rt3) {
            rt3_ok = log_val[i] == 99;
            codes_ok &= log_code[i] == SI_QUEUE;
        } else if (log_sig[i] == rt1) {
            rt1_vals = rt1_vals * 100 + log_val[i];
            codes_ok &= log_code[i] == SI_QUEUE;
        }
    }
    check("SIGUSR1 once, rt3 with its value", usr1 == 1 && rt3_ok);
    check("rt1 instances in queue order with values", rt1_vals == 102030);
    check("si_code SI_QUEUE for sigqueue, SI_USER for kill", codes_ok);

    sigprocmask(SIG_BLOCK, &set, NULL);
    for (int v = 1; v <= 3; v++)
        sigqueue(getpid(), rt1, (union sigval){.sival_int = v});
    siginfo_t si;
    struct timespec zero = {0, 0}, short_wait = {0, 20 * 1000 * 1000};
    int got = 0, vals = 0;
    for (;;) {
        int s = sigtimedwait(&set, &si, &zero);
        if (s < 0)
            break;
        got++;
        vals = vals * 10 + si.si_value.sival_int;
    }
    check("sigtimedwait takes the three instances in order", got == 3 && vals == 123);
    errno = 0;
    check("sigtimedwait times out with EAGAIN",
          sigtimedwait(&set, &si, &short_wait) == -1 && errno == EAGAIN);

    siginfo_t qi;
    memset(&qi, 0, sizeof(qi));
    qi.si_signo = rt3;
    qi.si_code = SI_QUEUE;
    qi.si_pid = getpid();
    qi.si_uid = getuid();
    qi.si_value.sival_int = 77;
    long r = syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), rt3, &qi);
    int s = sigwaitinfo(&set, &si);
    check("rt_tgsigqueueinfo to self, taken by sigwaitinfo",
          r == 0 && s == rt3 && si.si_value.sival_int == 77 && si.si_code == SI_QUEUE);
    errno = 0;
    qi.si_code = SI_USER;
    r = syscall(SYS_rt_sigqueueinfo, getppid(), SIGUSR1, &qi);
    check("rt_sigqueueinfo forging SI_USER for another process: EPERM",
          r == -1 && errno == EPERM);
    return 0;
}
