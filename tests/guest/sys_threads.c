/*
 * sys_threads.c — guest threads: pthread create/join with results, TLS, mutex + condition
 * variable (futex), a barrier across several threads, pthread_kill to a specific thread,
 * detached threads, and many short-lived threads in sequence. Deterministic output only.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static __thread int tls_value = 5;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int counter, turn;
static pthread_barrier_t barrier;
static volatile sig_atomic_t got_usr1;
static volatile pthread_t usr1_thread;

static void check(const char *what, int ok)
{
    printf("%-44s %s\n", what, ok ? "ok" : "FAIL");
}

static void *add_many(void *arg)
{
    tls_value = (int)(long)arg;
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&mu);
        counter++;
        pthread_mutex_unlock(&mu);
    }
    return (void *)(long)(tls_value * 2);
}

static void *ping(void *arg)
{
    int me = (int)(long)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&mu);
        while (turn != me)
            pthread_cond_wait(&cv, &mu);
        turn = 1 - me;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

static void *at_barrier(void *arg)
{
    pthread_barrier_wait(&barrier);
    return arg;
}

static void on_usr1(int sig)
{
    got_usr1 = 1;
    usr1_thread = pthread_self();
}

static void *wait_for_usr1(void *arg)
{
    while (!got_usr1)
        usleep(1000);
    return NULL;
}

static void *nothing(void *arg)
{
    return arg;
}

int main(void)
{
    pthread_t t[4];
    void *ret;
    long sum = 0;

    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, add_many, (void *)(i + 1));
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], &ret);
        sum += (long)ret;
    }
    check("mutex counter 40000", counter == 40000);
    check("join results", sum == 2 * (1 + 2 + 3 + 4));
    check("main thread TLS untouched", tls_value == 5);

    pthread_create(&t[0], NULL, ping, (void *)0L);
    pthread_create(&t[1], NULL, ping, (void *)1L);
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    check("condvar ping-pong", turn == 0);

    pthread_barrier_init(&barrier, NULL, 4);
    for (long i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, at_barrier, (void *)i);
    pthread_barrier_wait(&barrier);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    check("barrier of 4", 1);

    signal(SIGUSR1, on_usr1);
    pthread_create(&t[0], NULL, wait_for_usr1, NULL);
    pthread_kill(t[0], SIGUSR1);
    pthread_join(t[0], NULL);
    check("pthread_kill reaches the thread", got_usr1 && pthread_equal(usr1_thread, t[0]));

    int ok = 1;
    for (long i = 0; i < 50; i++) {
        if (pthread_create(&t[0], NULL, nothing, (void *)i) || pthread_join(t[0], &ret) ||
            (long)ret != i)
            ok = 0;
    }
    check("50 sequential threads", ok);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    check("detached thread", pthread_create(&t[0], &attr, nothing, NULL) == 0);
    fflush(stdout);
    return 0;
}
