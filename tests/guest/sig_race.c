/* sig_race.c — a signal sent to a thread just as it enters a blocking syscall must interrupt
 * that syscall (EINTR), never be slept through.
 *
 * Thread A announces "about to block" and at once reads an empty pipe; thread B waits for the
 * announcement and sends A a SIGUSR1, whose handler (no SA_RESTART) writes a byte into the pipe.
 * Whether the signal comes before the read (the read returns the byte) or during it (EINTR), the
 * read ends. Repeated many times, B's signal often arrives after A's last look at its signals but
 * before the host read started: an emulator without a safe-syscall path then sleeps in the read
 * with the handler not run, forever (the test times out). The same for a futex wait (the handler
 * changes the word) and poll. */
#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ROUNDS 20000

static atomic_int ready, done, handled;
static int pipe_fds[2];
static pid_t a_tid;
static int futex_word;

static void on_usr1(int sig)
{
    (void)sig;
    atomic_fetch_add(&handled, 1);
    futex_word = 1;
    if (write(pipe_fds[1], "x", 1) != 1)
        _exit(2);
}

/* Empty the pipe (the handler's bytes of this round). */
static void drain(void)
{
    int n = 0;
    char buf[64];

    if (ioctl(pipe_fds[0], FIONREAD, &n) == 0 && n > 0 && read(pipe_fds[0], buf, n) != n)
        _exit(3);
}

static long blocking_call(int kind)
{
    switch (kind) {
    case 0: {
        char c;
        return read(pipe_fds[0], &c, 1);
    }
    case 1:
        return syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    default: {
        struct pollfd p = {.fd = pipe_fds[0], .events = POLLIN};
        return poll(&p, 1, -1);
    }
    }
}

static void *sender(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3 * ROUNDS; i++) {
        while (atomic_load(&ready) != i + 1)
            continue;
        syscall(SYS_tgkill, getpid(), a_tid, SIGUSR1);
        while (atomic_load(&done) != i + 1)
            continue;
    }
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    pthread_t th;
    int ended = 0, other = 0;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    if (pipe(pipe_fds))
        return 1;
    a_tid = (pid_t)syscall(SYS_gettid);
    pthread_create(&th, NULL, sender, NULL);
    for (int i = 0; i < 3 * ROUNDS; i++) {
        int kind = i / ROUNDS;
        futex_word = 0;
        atomic_store(&ready, i + 1);
        long r = blocking_call(kind);
        /* EINTR (signal during the call), or the handler's byte / changed word (before it). */
        if ((r == -1 && (errno == EINTR || errno == EAGAIN)) || r == 1)
            ended++;
        else
            other++;
        while (atomic_load(&handled) != i + 1)
            continue;
        drain();
        atomic_store(&done, i + 1);
    }
    pthread_join(th, NULL);
    printf("rounds %d, ended %d, other %d, handled %d\n", 3 * ROUNDS, ended, other,
           atomic_load(&handled));
    return ended == 3 * ROUNDS && atomic_load(&handled) == 3 * ROUNDS ? 0 : 1;
}
