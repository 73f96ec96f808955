/*
 * sig_timer.c — timer signals: alarm() delivering SIGALRM to a handler, a periodic
 * ITIMER_REAL counted to three, POSIX timers from timer_create: SIGEV_SIGNAL with a
 * real-time signal and a value (si_code SI_TIMER, si_value), timer_gettime of an armed
 * timer, SIGEV_THREAD (glibc's helper thread waits for its internal signal) running a
 * callback, SIGEV_THREAD_ID aimed at one worker thread, and timer_delete. Deterministic
 * output only (overruns of a blocked timer: tests/threads/t_signals.sh; QEMU 7.2 queues every
 * expiry).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms, ticks, rt_hits, rt_value, rt_code, cb_runs, cb_value;
static volatile pid_t thread_hit, worker_tid;
static volatile int worker_stop;

static void check(const char *what, int ok)
{
    printf("%-56s %s\n", what, ok ? "ok" : "FAIL");
}

static void on_alarm(int sig)
{
    alarms++;
}

static void on_tick(int sig)
{
    ticks++;
}

static void on_rt(int sig, siginfo_t *si, void *uc)
{
    rt_hits++;
    rt_value = si->si_value.sival_int;
    rt_code = si->si_code;
    thread_hit = gettid();
}

static void callback(union sigval v)
{
    cb_value = v.sival_int;
    __atomic_fetch_add(&cb_runs, 1, __ATOMIC_SEQ_CST);
}

static void *worker(void *arg)
{
    worker_tid = gettid();
    while (!worker_stop)
        usleep(1000);
    return NULL;
}

static void wait_for(volatile int *v, int n)
{
    for (int i = 0; i < 3000 && __atomic_load_n(v, __ATOMIC_SEQ_CST) < n; i++)
        usleep(1000);
}

int main(void)
{
    struct sigaction sa;

    signal(SIGALRM, on_alarm);
    alarm(1);
    pause();
    check("alarm(1) delivers SIGALRM", alarms == 1);

    signal(SIGALRM, on_tick);
    struct itimerval it = {{0, 5000}, {0, 5000}}, off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &it, NULL);
    while (ticks < 3)
        pause();
    setitimer(ITIMER_REAL, &off, NULL);
    check("periodic ITIMER_REAL ticks three times", ticks >= 3);

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGRTMIN + 2, &sa, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN + 2;
    ev.sigev_value.sival_int = 4242;
    timer_t tm;
    check("timer_create SIGEV_SIGNAL", timer_create(CLOCK_MONOTONIC, &ev, &tm) == 0);
    struct itimerspec its = {{0, 0}, {0, 20 * 1000 * 1000}}, cur;
    timer_settime(tm, 0, &its, NULL);
    timer_gettime(tm, &cur);
    check("timer_gettime of the armed timer", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0);
    wait_for(&rt_hits, 1);
    check("SIGEV_SIGNAL: SI_TIMER with the value",
          rt_hits == 1 && rt_value == 4242 && rt_code == SI_TIMER);

    check("timer_delete", timer_delete(tm) == 0);
    errno = 0;
    check("timer_settime on a deleted timer: EINVAL",
          timer_settime(tm, 0, &its, NULL) == -1 && errno == EINVAL);

    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = callback;
    ev.sigev_value.sival_int = 77;
    check("timer_create SIGEV_THREAD", timer_create(CLOCK_REALTIME, &ev, &tm) == 0);
    struct itimerspec rep = {{0, 5 * 1000 * 1000}, {0, 5 * 1000 * 1000}};
    timer_settime(tm, 0, &rep, NULL);
    wait_for(&cb_runs, 2);
    timer_delete(tm);
    check("SIGEV_THREAD callback runs repeatedly with the value", cb_runs >= 2 && cb_value == 77);

    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!worker_tid)
        usleep(100);
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = SIGRTMIN + 2;
    ev.sigev_value.sival_int = 5;
    ev._sigev_un._tid = worker_tid;
    rt_hits = 0;
    check("timer_create SIGEV_THREAD_ID", timer_create(CLOCK_MONOTONIC, &ev, &tm) == 0);
    timer_settime(tm, 0, &its, NULL);
    wait_for(&rt_hits, 1);
    check("SIGEV_THREAD_ID: the handler runs on that thread",
          rt_hits == 1 && thread_hit == worker_tid && rt_value == 5);
    timer_delete(tm);
    worker_stop = 1;
    pthread_join(t, NULL);
    return 0;
}
