/*
 * sig_plume.c — signal behaviour checked under plume alone (t_signals.sh), where QEMU 7.2
 * differs from Linux or the outcome depends on timing. Modes (argv[1]):
 *   overrun   a periodic POSIX timer whose real-time signal is blocked leaves one instance
 *             pending, with si_overrun counting the other expiries (QEMU queues every one);
 *   esrch     tgkill of a thread that has been joined fails with ESRCH;
 *   external  prints "ready", then waits for SIGINT and SIGTERM sent from outside while the
 *             main thread blocks SIGTERM and two workers spin in compute loops: SIGTERM must
 *             be handled by a worker, SIGINT by anyone; prints what happened;
 *   spin      prints "ready" and spins in several threads until killed (default actions).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile pid_t int_by, term_by;
static volatile int got_int, got_term, stop;

static void *spin(void *arg)
{
    volatile unsigned long x = 1;
    while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST))
        x = x * 5 + 3;
    return NULL;
}

static void *record_tid(void *arg)
{
    *(pid_t *)arg = gettid();
    return NULL;
}

static void on_sig(int sig)
{
    if (sig == SIGINT) {
        int_by = gettid();
        got_int = 1;
    } else {
        term_by = gettid();
        got_term = 1;
    }
}

static int overrun(void)
{
    struct sigevent ev;
    timer_t tm;
    sigset_t s;
    siginfo_t si;
    struct timespec zero = {0, 0};
    struct itimerspec fast = {{0, 2000000}, {0, 2000000}}, off = {{0, 0}, {0, 0}};

    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN + 1;
    ev.sigev_value.sival_int = 9;
    if (timer_create(CLOCK_MONOTONIC, &ev, &tm))
        return 1;
    timer_settime(tm, 0, &fast, NULL);
    usleep(60000);
    timer_settime(tm, 0, &off, NULL);
    int first = sigtimedwait(&s, &si, &zero);
    int ov = si.si_overrun;
    int again = sigtimedwait(&s, &si, &zero);
    printf("first %s, overrun %s, second %s\n", first == SIGRTMIN + 1 ? "ok" : "none",
           ov > 5 ? "counted" : "missing", again == -1 ? "none" : "queued");
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    pthread_t t[3];

    if (strcmp(mode, "overrun") == 0)
        return overrun();
    if (strcmp(mode, "esrch") == 0) {
        int bad = 0;
        for (int i = 0; i < 20; i++) {
            pid_t tid = 0;
            pthread_create(&t[0], NULL, record_tid, &tid);
            pthread_join(t[0], NULL);
            errno = 0;
            if (syscall(SYS_tgkill, getpid(), tid, SIGUSR1) != -1 || errno != ESRCH)
                bad++;
        }
        printf("tgkill after join: %s\n", bad ? "delivered" : "ESRCH");
        return 0;
    }
    if (strcmp(mode, "external") == 0) {
        sigset_t s;
        signal(SIGINT, on_sig);
        signal(SIGTERM, on_sig);
        for (int i = 0; i < 2; i++)
            pthread_create(&t[i], NULL, spin, NULL);
        sigemptyset(&s);
        sigaddset(&s, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &s, NULL);
        printf("ready\n");
        fflush(stdout);
        for (int i = 0; i < 5000 && !(got_int && got_term); i++)
            usleep(1000);
        stop = 1;
        for (int i = 0; i < 2; i++)
            pthread_join(t[i], NULL);
        printf("SIGINT %s, SIGTERM %s\n", got_int ? "handled" : "lost",
               !got_term ? "lost" : term_by == getpid() ? "on the blocking main thread"
                                                        : "on a worker");
        return 0;
    }
    if (strcmp(mode, "spin") == 0) {
        for (int i = 0; i < 3; i++)
            pthread_create(&t[i], NULL, spin, NULL);
        printf("ready\n");
        fflush(stdout);
        spin(NULL);
    }
    return 2;
}
