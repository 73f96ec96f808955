/* sig_wait_timeout.c — timed waits interrupted by signals the waiting thread does not take
 * still end when their timeout expires.
 *
 * The main thread blocks SIGALRM and waits with a 150 ms timeout in futex, poll (ppoll),
 * select (pselect6), epoll_wait and nanosleep, while a 1 ms interval timer sends SIGALRM to the
 * process, handled by a second thread. The host delivers those signals to whichever thread it
 * likes, the waiting one included; an emulator that restarts an interrupted wait with its whole
 * timeout never finishes it. Each wait must report a timeout (never EINTR: the waiter blocks the
 * signal) after at least its full duration. A watchdog ends the test after 30 s. */
#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 150

static atomic_int ticks;
static int futex_word;

static void on_alarm(int sig)
{
    (void)sig;
    atomic_fetch_add(&ticks, 1);
}

static void *handler_thread(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static void *watchdog(void *arg)
{
    (void)arg;
    sleep(30);
    printf("stuck in a wait\n");
    fflush(stdout);
    _exit(1);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Run one wait; it must return result `want` (errno wanted_errno if want is -1) and last at
 * least WAIT_MS. */
static int check(const char *name, long r, long want, int wanted_errno, double t0)
{
    double ms = now_ms() - t0;
    int ok = r == want && (want != -1 || errno == wanted_errno) && ms >= WAIT_MS - 1;

    printf("%-10s %s\n", name, ok ? "timed out" : "WRONG");
    if (!ok)
        fprintf(stderr, "%s: r=%ld errno=%d after %.1f ms\n", name, r, errno, ms);
    return ok;
}

int main(void)
{
    sigset_t set;
    pthread_t th, wd;
    struct sigaction sa;
    struct itimerval it = {{0, 1000}, {0, 1000}};
    int ok = 1, p[2], ep;
    double t0;

    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    if (pipe(p))
        return 2;
    ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = p[0]};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    pthread_create(&wd, NULL, watchdog, NULL);
    /* The handler thread unblocks SIGALRM; the main thread keeps it blocked. */
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    pthread_create(&th, NULL, handler_thread, NULL);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    setitimer(ITIMER_REAL, &it, NULL);

    struct timespec ts = {0, WAIT_MS * 1000000L};
    t0 = now_ms();
    ok &= check("futex", syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0),
                -1, ETIMEDOUT, t0);

    struct pollfd pfd = {.fd = p[0], .events = POLLIN};
    t0 = now_ms();
    ok &= check("poll", poll(&pfd, 1, WAIT_MS), 0, 0, t0);

    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    struct timeval tv = {0, WAIT_MS * 1000};
    t0 = now_ms();
    ok &= check("select", select(p[0] + 1, &rd, NULL, NULL, &tv), 0, 0, t0);

    struct epoll_event out;
    t0 = now_ms();
    ok &= check("epoll_wait", epoll_wait(ep, &out, 1, WAIT_MS), 0, 0, t0);

    ts.tv_nsec = WAIT_MS * 1000000L;
    t0 = now_ms();
    ok &= check("nanosleep", nanosleep(&ts, NULL), 0, 0, t0);

    it.it_value.tv_usec = 0;
    it.it_interval.tv_usec = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    printf("alarms handled: %s\n", atomic_load(&ticks) > 0 ? "yes" : "no");
    return ok ? 0 : 1;
}
