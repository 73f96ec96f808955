/*
 * thr_c11.c — C11 <threads.h> under plume: thrd_create/join with results, mtx_t (plain,
 * recursive, timed), cnd_t signalling in order, tss_t with destructors run at thread exit,
 * call_once, thread_local, thrd_sleep and thrd_yield. Deterministic output.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <threads.h>
#include <time.h>

#define N 6

static mtx_t mu, rmu;
static cnd_t cv;
static int turn, order[N * 3], norder;
static long total;
static tss_t key;
static atomic_int dtor_runs, once_runs;
static once_flag once = ONCE_FLAG_INIT;
static thread_local int tl = 100;

static void dtor(void *p)
{
    atomic_fetch_add(&dtor_runs, *(int *)p == 1 ? 1 : 0);
}

static void init_once(void)
{
    atomic_fetch_add(&once_runs, 1);
}

static int worker(void *arg)
{
    int id = (int)(long)arg;
    static int one = 1;

    call_once(&once, init_once);
    tss_set(key, &one);
    tl += id;
    for (int i = 0; i < 1000; i++) {
        mtx_lock(&rmu);
        mtx_lock(&rmu);
        total += id;
        mtx_unlock(&rmu);
        mtx_unlock(&rmu);
    }
    for (int lap = 0; lap < 3; lap++) {
        mtx_lock(&mu);
        while (turn % N != id)
            cnd_wait(&cv, &mu);
        order[norder++] = id;
        turn++;
        cnd_broadcast(&cv);
        mtx_unlock(&mu);
        thrd_yield();
    }
    return tl;
}

int main(void)
{
    thrd_t t[N];
    int res, ok = 1;
    long want = 0;

    mtx_init(&mu, mtx_plain);
    mtx_init(&rmu, mtx_recursive | mtx_plain);
    cnd_init(&cv);
    tss_create(&key, dtor);
    for (long i = 0; i < N; i++)
        thrd_create(&t[i], worker, (void *)i);
    for (int i = 0; i < N; i++) {
        thrd_join(t[i], &res);
        ok &= res == 100 + i;
        want += 1000L * i;
    }
    printf("results %s\n", ok ? "ok" : "FAIL");
    printf("recursive mutex total %ld %s\n", total, total == want ? "ok" : "FAIL");
    ok = norder == N * 3;
    for (int i = 0; i < norder; i++)
        ok &= order[i] == i % N;
    printf("condition order %s\n", ok ? "ok" : "FAIL");
    printf("tss destructors %d, call_once %d, main thread_local %d\n", atomic_load(&dtor_runs),
           atomic_load(&once_runs), tl);

    mtx_t tm;
    struct timespec ts;
    mtx_init(&tm, mtx_timed);
    mtx_lock(&tm);
    timespec_get(&ts, TIME_UTC);
    ts.tv_nsec += 10 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    printf("mtx_trylock on held timed mutex: %s\n", mtx_trylock(&tm) == thrd_busy ? "busy" : "?");
    mtx_unlock(&tm);
    printf("mtx_timedlock on free mutex: %s\n",
           mtx_timedlock(&tm, &ts) == thrd_success ? "success" : "?");
    mtx_unlock(&tm);
    struct timespec nap = {0, 1000 * 1000};
    printf("thrd_sleep: %d\n", thrd_sleep(&nap, NULL));
    printf("thrd_equal(self, self): %d\n", thrd_equal(thrd_current(), thrd_current()) != 0);
    mtx_destroy(&tm);
    mtx_destroy(&mu);
    mtx_destroy(&rmu);
    cnd_destroy(&cv);
    tss_delete(key);
    return 0;
}
