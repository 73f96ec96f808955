/*
 * sig_threads.c — signals in a multi-threaded process: kill() to the process while the main
 * thread blocks the signal is handled by the one worker that does not block it (even while
 * that worker sleeps in a futex wait, in nanosleep or computes); pthread_kill/tgkill reaches
 * exactly the named thread, including one blocked in read(); a worker blocked in sigwait()
 * receives a process-directed signal every thread blocks; pthread_sigqueue carries a value;
 * handlers record gettid(); output is deterministic.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile pid_t handled_by, worker_tid;
static volatile int handled_count, handled_value, stop;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int pipefd[2];

static void check(const char *what, int ok)
{
    printf("%-56s %s\n", what, ok ? "ok" : "FAIL");
}

static void handler(int sig, siginfo_t *si, void *uc)
{
    handled_by = gettid();
    handled_value = si->si_value.sival_int;
    __atomic_fetch_add(&handled_count, 1, __ATOMIC_SEQ_CST);
}

static void wait_handled(int n)
{
    for (int i = 0; i < 5000 && __atomic_load_n(&handled_count, __ATOMIC_SEQ_CST) < n; i++)
        usleep(1000);
}

static void unblock(int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
}

/* Modes: 0 waits on a condition variable (futex), 1 sleeps, 2 computes. */
static void *taker(void *arg)
{
    long mode = (long)arg;
    unblock(SIGUSR1);
    worker_tid = gettid();
    if (mode == 0) {
        pthread_mutex_lock(&mu);
        while (!stop)
            pthread_cond_wait(&cv, &mu);
        pthread_mutex_unlock(&mu);
    } else if (mode == 1) {
        while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) {
            struct timespec ts = {1, 0};
            nanosleep(&ts, NULL);
        }
    } else {
        volatile unsigned long x = 1;
        while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST))
            x = x * 3 + 1;
    }
    return NULL;
}

static void *reader(void *arg)
{
    char c;
    worker_tid = gettid();
    ssize_t r = read(pipefd[0], &c, 1);
    return (void *)(long)(r == -1 && errno == EINTR ? 1 : r == 1 ? 2 : 0);
}

static void *waiter(void *arg)
{
    sigset_t s;
    siginfo_t si;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    worker_tid = gettid();
    int sig = sigwaitinfo(&s, &si);
    return (void *)(long)(sig == SIGUSR2 && si.si_value.sival_int == 5 ? 1 : 0);
}

static void *idle(void *arg)
{
    while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST))
        usleep(500);
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    sigset_t s;
    pthread_t t, other;
    void *res;
    static const char *const modes[] = {"futex wait", "nanosleep", "compute loop"};

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s, NULL);

    for (long mode = 0; mode < 3; mode++) {
        stop = 0;
        worker_tid = 0;
        handled_count = 0;
        pthread_create(&other, NULL, idle, NULL); /* blocks SIGUSR1 too (inherited mask) */
        pthread_create(&t, NULL, taker, (void *)mode);
        while (!worker_tid)
            usleep(100);
        usleep(20000);
        kill(getpid(), SIGUSR1);
        wait_handled(1);
        char what[80];
        snprintf(what, sizeof(what), "process signal handled by the unblocked worker (%s)",
                 modes[mode]);
        check(what, handled_count == 1 && handled_by == worker_tid);
        pthread_mutex_lock(&mu);
        stop = 1;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
        pthread_join(t, NULL);
        pthread_join(other, NULL);
    }

    /* pthread_kill reaches the named thread even though it blocks in read(). */
    unblock(SIGUSR1);
    if (pipe(pipefd))
        return 1;
    worker_tid = 0;
    handled_count = 0;
    sa.sa_flags = SA_SIGINFO; /* no restart: read fails with EINTR */
    sigaction(SIGUSR1, &sa, NULL);
    pthread_create(&t, NULL, reader, NULL);
    while (!worker_tid)
        usleep(100);
    usleep(20000);
    pthread_kill(t, SIGUSR1);
    pthread_join(t, &res);
    check("pthread_kill runs the handler on that thread", handled_by == worker_tid);
    check("its blocking read fails with EINTR", res == (void *)1);

    /* sigwaitinfo in a worker takes a process-directed signal that every thread blocks. */
    worker_tid = 0;
    pthread_create(&t, NULL, waiter, NULL);
    while (!worker_tid)
        usleep(100);
    usleep(20000);
    sigqueue(getpid(), SIGUSR2, (union sigval){.sival_int = 5});
    pthread_join(t, &res);
    check("sigwaitinfo in a worker takes the process signal", res == (void *)1);

    /* pthread_sigqueue to a running worker carries the value. */
    stop = 0;
    worker_tid = 0;
    handled_count = 0;
    pthread_create(&t, NULL, taker, (void *)2);
    while (!worker_tid)
        usleep(100);
    pthread_sigqueue(t, SIGUSR1, (union sigval){.sival_int = 31});
    wait_handled(1);
    check("pthread_sigqueue value reaches the worker",
          handled_by == worker_tid && handled_value == 31);
    stop = 1;
    pthread_join(t, NULL);

    return 0;
}
