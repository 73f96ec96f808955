/*
 * ipc_mq.c — POSIX message queues through the host kernel: attributes at creation, priority
 * order, EMSGSIZE for a short buffer, an absolute timeout, O_NONBLOCK through mq_setattr, a
 * receive blocking across fork, unlink. (mq_notify is in t_syscalls_extra.sh: qemu-riscv64 7.2
 * does not implement it.) Prints deterministic lines only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "FAIL");
}

int main(void)
{
    char name[64], buf[128];
    struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 64}, got;
    struct timespec ts;
    unsigned prio = 0;
    ssize_t n;
    mqd_t q;
    pid_t pid;
    int st;

    setvbuf(stdout, NULL, _IOLBF, 0);
    snprintf(name, sizeof(name), "/plume-mq-%d", (int)getpid());
    q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
    check("mq_open O_CREAT with attributes", q >= 0);
    check("mq_getattr: 4 x 64, empty", mq_getattr(q, &got) == 0 && got.mq_maxmsg == 4 &&
                                           got.mq_msgsize == 64 && got.mq_curmsgs == 0);
    errno = 0;
    check("O_EXCL on an existing queue: EEXIST",
          mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr) < 0 && errno == EEXIST);
    check("send low(1), high(9), mid(5)", mq_send(q, "low", 3, 1) == 0 &&
                                              mq_send(q, "high", 4, 9) == 0 &&
                                              mq_send(q, "mid", 3, 5) == 0);
    mq_getattr(q, &got);
    check("  mq_curmsgs 3", got.mq_curmsgs == 3);
    errno = 0;
    check("receive into 10 bytes: EMSGSIZE", mq_receive(q, buf, 10, NULL) < 0 && errno == EMSGSIZE);
    n = mq_receive(q, buf, sizeof(buf), &prio);
    check("receive: high, prio 9", n == 4 && memcmp(buf, "high", 4) == 0 && prio == 9);
    n = mq_receive(q, buf, sizeof(buf), &prio);
    check("receive: mid, prio 5", n == 3 && memcmp(buf, "mid", 3) == 0 && prio == 5);
    n = mq_receive(q, buf, sizeof(buf), &prio);
    check("receive: low, prio 1", n == 3 && memcmp(buf, "low", 3) == 0 && prio == 1);

    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 50000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    errno = 0;
    check("mq_timedreceive on empty: ETIMEDOUT",
          mq_timedreceive(q, buf, sizeof(buf), NULL, &ts) < 0 && errno == ETIMEDOUT);

    attr.mq_flags = O_NONBLOCK;
    check("mq_setattr O_NONBLOCK", mq_setattr(q, &attr, &got) == 0 && got.mq_flags == 0);
    mq_getattr(q, &got);
    check("  mq_getattr shows it", got.mq_flags == O_NONBLOCK);
    errno = 0;
    check("nonblocking receive on empty: EAGAIN",
          mq_receive(q, buf, sizeof(buf), NULL) < 0 && errno == EAGAIN);
    attr.mq_flags = 0;
    mq_setattr(q, &attr, NULL);

    /* A child blocks in mq_receive until the parent sends. */
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        n = mq_receive(q, buf, sizeof(buf), &prio);
        _exit(n == 5 && memcmp(buf, "wake!", 5) == 0 && prio == 3 ? 0 : 1);
    }
    usleep(20000);
    mq_send(q, "wake!", 5, 3);
    waitpid(pid, &st, 0);
    check("blocking receive across fork", WIFEXITED(st) && WEXITSTATUS(st) == 0);

    check("mq_close, mq_unlink", mq_close(q) == 0 && mq_unlink(name) == 0);
    errno = 0;
    check("open after unlink: ENOENT", mq_open(name, O_RDWR) < 0 && errno == ENOENT);
    errno = 0;
    check("unlink again: ENOENT", mq_unlink(name) < 0 && errno == ENOENT);
    return 0;
}
