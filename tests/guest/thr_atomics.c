/*
 * thr_atomics.c — shared counters under real parallelism: N threads (argv[1], default 8, at most
 * 64) each do K rounds (argv[2], default 2000) of AMO adds (amoadd.d/amoadd.w), LR/SC loops,
 * C11 atomics, a pthread mutex, a rwlock (writers count, readers check a two-word invariant),
 * a spinlock, a condition-variable ticket hand-off and barrier phases. Every total is exact,
 * so the output is deterministic for any scheduling.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 64

static int nthreads = 8, rounds = 2000;
static uint64_t amo_d;
static uint32_t amo_w;
static uint64_t lrsc_d;
static uint32_t lrsc_w;
static atomic_long c11_add, c11_cas;
static long mutex_count;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long rw_a, rw_b, rw_bad;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long spin_count;
static pthread_spinlock_t spin;
static long ticket_now, ticket_sum;
static pthread_mutex_t tmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tcv = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t bar;
static atomic_long phase_sum[4];
static atomic_long amo_max = -1;
static atomic_long amo_min = 1L << 40;

static void amo_add_d(uint64_t *p, uint64_t v)
{
    asm volatile("amoadd.d zero, %1, (%0)" : : "r"(p), "r"(v) : "memory");
}

static void amo_add_w(uint32_t *p, uint32_t v)
{
    asm volatile("amoadd.w.aqrl zero, %1, (%0)" : : "r"(p), "r"(v) : "memory");
}

static void lrsc_add_d(uint64_t *p, uint64_t v)
{
    uint64_t old, fail;
    asm volatile("1: lr.d %0, (%2)\n"
                 "   add %1, %0, %3\n"
                 "   sc.d %1, %1, (%2)\n"
                 "   bnez %1, 1b\n"
                 : "=&r"(old), "=&r"(fail)
                 : "r"(p), "r"(v)
                 : "memory");
}

static void lrsc_add_w(uint32_t *p, uint32_t v)
{
    uint32_t old, fail;
    asm volatile("1: lr.w.aq %0, (%2)\n"
                 "   addw %1, %0, %3\n"
                 "   sc.w.rl %1, %1, (%2)\n"
                 "   bnez %1, 1b\n"
                 : "=&r"(old), "=&r"(fail)
                 : "r"(p), "r"(v)
                 : "memory");
}

static void *worker(void *arg)
{
    long id = (long)arg;

    for (int i = 0; i < rounds; i++) {
        amo_add_d(&amo_d, 3);
        amo_add_w(&amo_w, 1);
        lrsc_add_d(&lrsc_d, 2);
        lrsc_add_w(&lrsc_w, 1);
        atomic_fetch_add(&c11_add, 1);
        long v = atomic_load(&c11_cas);
        while (!atomic_compare_exchange_weak(&c11_cas, &v, v + 5))
            continue;
        pthread_mutex_lock(&mu);
        mutex_count++;
        pthread_mutex_unlock(&mu);
        if (i % 4 == 0) {
            pthread_rwlock_wrlock(&rw);
            rw_a++;
            rw_b--;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            if (rw_a + rw_b != 0)
                __atomic_fetch_add(&rw_bad, 1, __ATOMIC_RELAXED);
            pthread_rwlock_unlock(&rw);
        }
        pthread_spin_lock(&spin);
        spin_count++;
        pthread_spin_unlock(&spin);
    }
    /* amomax/amomin through C11 loops the compiler turns into LR/SC or AMOs. */
    long m = atomic_load(&amo_max);
    while (m < id && !atomic_compare_exchange_weak(&amo_max, &m, id))
        continue;
    m = atomic_load(&amo_min);
    while (m > id && !atomic_compare_exchange_weak(&amo_min, &m, id))
        continue;
    /* Ticket hand-off: thread id waits for its turn, 3 laps. */
    for (int lap = 0; lap < 3; lap++) {
        pthread_mutex_lock(&tmu);
        while (ticket_now % nthreads != id)
            pthread_cond_wait(&tcv, &tmu);
        ticket_sum += id;
        ticket_now++;
        pthread_cond_broadcast(&tcv);
        pthread_mutex_unlock(&tmu);
    }
    /* Barrier phases: every thread adds before anyone reads. */
    for (int ph = 0; ph < 4; ph++) {
        atomic_fetch_add(&phase_sum[ph], id + 1);
        pthread_barrier_wait(&bar);
        if (atomic_load(&phase_sum[ph]) != (long)nthreads * (nthreads + 1) / 2)
            __atomic_fetch_add(&rw_bad, 1000, __ATOMIC_RELAXED);
        pthread_barrier_wait(&bar);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[MAX_THREADS];

    if (argc > 1)
        nthreads = atoi(argv[1]);
    if (argc > 2)
        rounds = atoi(argv[2]);
    if (nthreads < 1 || nthreads > MAX_THREADS)
        nthreads = 8;
    pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
    pthread_barrier_init(&bar, NULL, (unsigned)nthreads);
    for (long i = 0; i < nthreads; i++) {
        if (pthread_create(&t[i], NULL, worker, (void *)i)) {
            printf("pthread_create failed\n");
            return 1;
        }
    }
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    long n = (long)nthreads * rounds;
    int ok = 1;
#define CHECK(name, got, want)                                                                  \
    do {                                                                                        \
        long g_ = (long)(got), w_ = (long)(want);                                               \
        printf("%-12s %ld %s\n", name, g_, g_ == w_ ? "ok" : "FAIL");                           \
        ok &= g_ == w_;                                                                         \
    } while (0)
    printf("threads %d rounds %d\n", nthreads, rounds);
    CHECK("amoadd.d", amo_d, 3 * n);
    CHECK("amoadd.w", amo_w, n);
    CHECK("lr/sc.d", lrsc_d, 2 * n);
    CHECK("lr/sc.w", lrsc_w, n);
    CHECK("c11 add", atomic_load(&c11_add), n);
    CHECK("c11 cas", atomic_load(&c11_cas), 5 * n);
    CHECK("mutex", mutex_count, n);
    CHECK("rwlock", rw_a, (long)nthreads * ((rounds + 3) / 4));
    CHECK("rw invariant", rw_bad, 0);
    CHECK("spinlock", spin_count, n);
    CHECK("max id", atomic_load(&amo_max), nthreads - 1);
    CHECK("min id", atomic_load(&amo_min), 0);
    CHECK("tickets", ticket_sum, 3L * nthreads * (nthreads - 1) / 2);
    return ok ? 0 : 1;
}
