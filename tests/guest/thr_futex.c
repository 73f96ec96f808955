/*
 * thr_futex.c — the futex syscall itself, raw: WAIT value mismatch, relative and absolute
 * timeouts (CLOCK_MONOTONIC and FUTEX_CLOCK_REALTIME), WAIT/WAKE between threads, REQUEUE and
 * CMP_REQUEUE (with a mismatch), WAIT_BITSET/WAKE_BITSET selecting one waiter, shared and
 * private variants, and CLONE_CHILD_CLEARTID clearing and waking the tid word when a raw clone
 * thread exits. Every waiter is counted into place by retrying, so output is deterministic.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout_or_val2,
                  uint32_t *uaddr2, uint32_t val3)
{
    long r = syscall(SYS_futex, uaddr, op, val, timeout_or_val2, uaddr2, val3);
    return r < 0 ? -errno : r;
}

static void check(const char *what, int ok)
{
    printf("%-48s %s\n", what, ok ? "ok" : "FAIL");
}

static uint32_t word, word2;
static int woke_count;
static uint32_t which_woke;

struct waiter {
    uint32_t *addr;
    uint32_t val;
    uint32_t bitset; /* 0: plain FUTEX_WAIT */
    int private_op;
    long result;
};

static void *wait_thread(void *arg)
{
    struct waiter *w = arg;
    int priv = w->private_op ? FUTEX_PRIVATE_FLAG : 0;
    do {
        if (w->bitset)
            w->result = futex(w->addr, FUTEX_WAIT_BITSET | priv, w->val, NULL, NULL, w->bitset);
        else
            w->result = futex(w->addr, FUTEX_WAIT | priv, w->val, NULL, NULL, 0);
        /* A wake-up with the value unchanged and no release is spurious (EINTR): wait again. */
    } while (w->result == -EINTR);
    __atomic_fetch_add(&woke_count, 1, __ATOMIC_SEQ_CST);
    if (w->bitset)
        __atomic_fetch_or(&which_woke, w->bitset, __ATOMIC_SEQ_CST);
    return NULL;
}

/* Wake (with op) until n waiters have been woken in total; returns the total. */
static long wake_until(uint32_t *addr, int op, int n, uint32_t bitset)
{
    long total = 0;
    for (int tries = 0; total < n && tries < 200000; tries++) {
        long r = futex(addr, op, (uint32_t)(n - total), NULL, NULL, bitset);
        if (r < 0)
            return r;
        total += r;
        if (total < n)
            sched_yield();
    }
    return total;
}

static int raw_child(void *arg)
{
    *(volatile int *)arg = 42;
    return 0;
}

int main(void)
{
    struct timespec rel = {0, 20 * 1000 * 1000}, t0, t1, abs;
    pthread_t th[3];
    struct waiter w[3];
    long r;

    word = 1;
    check("WAIT with a different value: EAGAIN",
          futex(&word, FUTEX_WAIT, 2, NULL, NULL, 0) == -EAGAIN);
    check("WAIT_PRIVATE with a different value: EAGAIN",
          futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0) == -EAGAIN);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = futex(&word, FUTEX_WAIT, 1, &rel, NULL, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    check("WAIT relative 20 ms: ETIMEDOUT", r == -ETIMEDOUT);
    check("WAIT relative 20 ms: waited at least 19 ms", ms >= 19);

    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += 20 * 1000 * 1000;
    if (abs.tv_nsec >= 1000000000) {
        abs.tv_sec++;
        abs.tv_nsec -= 1000000000;
    }
    r = futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 1, &abs, NULL, FUTEX_BITSET_MATCH_ANY);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    check("WAIT_BITSET absolute monotonic: ETIMEDOUT", r == -ETIMEDOUT);
    check("WAIT_BITSET absolute monotonic: deadline reached",
          t1.tv_sec > abs.tv_sec || (t1.tv_sec == abs.tv_sec && t1.tv_nsec >= abs.tv_nsec));

    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_nsec += 10 * 1000 * 1000;
    if (abs.tv_nsec >= 1000000000) {
        abs.tv_sec++;
        abs.tv_nsec -= 1000000000;
    }
    r = futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, &abs, NULL,
              FUTEX_BITSET_MATCH_ANY);
    check("WAIT_BITSET absolute realtime: ETIMEDOUT", r == -ETIMEDOUT);
    abs.tv_sec -= 10;
    r = futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, &abs, NULL,
              FUTEX_BITSET_MATCH_ANY);
    check("WAIT_BITSET absolute deadline in the past", r == -ETIMEDOUT);
    check("WAKE with no waiters: 0", futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0) == 0);
    check("WAIT_BITSET with bitset 0: EINVAL",
          futex(&word, FUTEX_WAIT_BITSET, 1, NULL, NULL, 0) == -EINVAL);

    /* WAIT/WAKE between threads, shared and private. */
    for (int priv = 0; priv < 2; priv++) {
        word = 7;
        woke_count = 0;
        w[0] = (struct waiter){&word, 7, 0, priv, 99};
        pthread_create(&th[0], NULL, wait_thread, &w[0]);
        r = wake_until(&word, priv ? FUTEX_WAKE_PRIVATE : FUTEX_WAKE, 1, 0);
        pthread_join(th[0], NULL);
        check(priv ? "WAKE_PRIVATE wakes the private waiter" : "WAKE wakes the waiter",
              r == 1 && w[0].result == 0 && woke_count == 1);
    }

    /* REQUEUE: three waiters on word move to word2, then are woken there. */
    word = 3;
    word2 = 0;
    woke_count = 0;
    for (int i = 0; i < 3; i++) {
        w[i] = (struct waiter){&word, 3, 0, 1, 99};
        pthread_create(&th[i], NULL, wait_thread, &w[i]);
    }
    long moved = 0;
    for (int tries = 0; moved < 3 && tries < 200000; tries++) {
        r = futex(&word, FUTEX_REQUEUE_PRIVATE, 0, (void *)(uintptr_t)3, &word2, 0);
        if (r < 0)
            break;
        moved += r;
        if (moved < 3)
            sched_yield();
    }
    check("REQUEUE moves all three waiters", moved == 3);
    check("nobody woke from the requeue itself", woke_count == 0);
    check("CMP_REQUEUE with a stale value: EAGAIN",
          futex(&word2, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(uintptr_t)1, &word, 12345) ==
              -EAGAIN);
    r = futex(&word2, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)(uintptr_t)5, &word, 0);
    check("CMP_REQUEUE wakes one, requeues two (returns 3)", r == 3);
    r = wake_until(&word, FUTEX_WAKE_PRIVATE, 2, 0);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    check("the two requeued waiters wake on the target word", r == 2 && woke_count == 3);

    /* WAKE_BITSET: only the waiter whose bitset intersects the mask wakes. */
    word = 5;
    woke_count = 0;
    which_woke = 0;
    w[0] = (struct waiter){&word, 5, 1, 0, 99};
    w[1] = (struct waiter){&word, 5, 2, 0, 99};
    pthread_create(&th[0], NULL, wait_thread, &w[0]);
    pthread_create(&th[1], NULL, wait_thread, &w[1]);
    r = wake_until(&word, FUTEX_WAKE_BITSET, 1, 2);
    pthread_join(th[1], NULL);
    check("WAKE_BITSET mask 2 wakes the bitset-2 waiter", r == 1 && which_woke == 2);
    check("the bitset-1 waiter still sleeps", woke_count == 1);
    r = wake_until(&word, FUTEX_WAKE_BITSET, 1, 1);
    pthread_join(th[0], NULL);
    check("WAKE_BITSET mask 1 wakes the other", r == 1 && which_woke == 3);

    /* CLONE_CHILD_CLEARTID: the kernel zeroes and wakes the tid word at thread exit. */
    static char stack[64 * 1024] __attribute__((aligned(16)));
    static volatile int child_ran;
    static uint32_t ctid = 0xffffffff;
    pid_t ptid = 0;
    int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    int tid = clone(raw_child, stack + sizeof(stack), flags, (void *)&child_ran, &ptid, NULL,
                    &ctid);
    check("raw clone thread: returns a tid", tid > 0);
    check("CLONE_PARENT_SETTID stores it", ptid == tid);
    uint32_t seen;
    while ((seen = __atomic_load_n(&ctid, __ATOMIC_SEQ_CST)) != 0)
        futex(&ctid, FUTEX_WAIT, seen, NULL, NULL, 0);
    check("child tid word cleared at exit", ctid == 0 && child_ran == 42);
    return 0;
}
