/* sig_timer_orphan.c — a process-directed POSIX timer (SIGEV_SIGNAL) keeps firing after the
 * thread that created it, the main thread, has exited: its expiries go to the threads left.
 *
 * main creates a 5 ms periodic CLOCK_MONOTONIC timer whose signal SIGUSR1 every thread blocks,
 * starts a worker, and ends with pthread_exit. The worker collects 20 expiries with sigtimedwait
 * (each with si_code SI_TIMER and the timer's si_value), deletes the timer and exits the
 * process. An emulator that aims the expiries at the main thread only loses them all. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WANTED 20

static timer_t timer;

static void *worker(void *arg)
{
    sigset_t set;
    siginfo_t si;
    struct timespec limit = {5, 0};
    int got = 0, good = 0;

    (void)arg;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    while (got < WANTED) {
        if (sigtimedwait(&set, &si, &limit) != SIGUSR1)
            break;
        got++;
        good += si.si_code == SI_TIMER && si.si_value.sival_int == 4242;
    }
    timer_delete(timer);
    printf("expiries after main exited: %d of %d, with SI_TIMER and value: %d\n", got, WANTED,
           good);
    fflush(stdout);
    exit(got == WANTED && good == WANTED ? 0 : 1);
}

int main(void)
{
    sigset_t set;
    struct sigevent ev;
    struct itimerspec its = {{0, 5000000}, {0, 5000000}};
    pthread_t th;

    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    ev.sigev_value.sival_int = 4242;
    if (timer_create(CLOCK_MONOTONIC, &ev, &timer))
        return 2;
    pthread_create(&th, NULL, worker, NULL);
    /* Let the worker start waiting; arm the timer and leave at once (the first expiry is due
     * 5 ms later). */
    usleep(20000);
    timer_settime(timer, 0, &its, NULL);
    pthread_exit(NULL);
}
