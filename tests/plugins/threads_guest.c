/*
 * threads_guest.c — guest for threads.c (t_threads.sh): a known amount of work on N pthreads.
 *
 * Usage: threads_guest N ITER SEQ
 *  phase 1: N threads start and meet main at a barrier (all N+1 alive), then each runs ITER
 *           iterations of a small arithmetic loop with a getppid syscall every 64 iterations;
 *           main issues the marker syscall 4096 while every thread is alive (the plugin checks
 *           vcpu_for_each and the live set there), then all meet again and main joins them;
 *  phase 2: main issues marker 4097, then runs SEQ threads one after the other (create, join);
 *  end:     prints one deterministic line and returns from main (exit_group).
 * Output is the same under plume and qemu-riscv64 (markers return ENOSYS without a plugin).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MARK_ALL_ALIVE 4096
#define MARK_SEQUENTIAL 4097

struct job {
    pthread_barrier_t *bar;
    long iter;
    unsigned long result;
};

static unsigned long work(long iter, unsigned long seed)
{
    unsigned long x = seed;
    for (long i = 0; i < iter; i++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        if ((i & 63) == 0)
            x += (unsigned long)syscall(SYS_getppid) != 0;
    }
    return x;
}

static void *worker(void *arg)
{
    struct job *j = arg;
    pthread_barrier_wait(j->bar);
    j->result = work(j->iter, (unsigned long)j->result);
    pthread_barrier_wait(j->bar);
    return NULL;
}

static void *short_lived(void *arg)
{
    struct job *j = arg;
    j->result = work(j->iter, j->result);
    return NULL;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 2;
    long iter = argc > 2 ? atol(argv[2]) : 1000;
    int seq = argc > 3 ? atoi(argv[3]) : 0;
    pthread_barrier_t bar;
    pthread_t *th = calloc((size_t)n + 1, sizeof(*th));
    struct job *jobs = calloc((size_t)n + 1, sizeof(*jobs));
    unsigned long sum = 0;

    pthread_barrier_init(&bar, NULL, (unsigned)n + 1);
    for (int i = 0; i < n; i++) {
        jobs[i] = (struct job){&bar, iter, (unsigned long)i + 1};
        if (pthread_create(&th[i], NULL, worker, &jobs[i])) {
            perror("pthread_create");
            return 1;
        }
    }
    pthread_barrier_wait(&bar);
    syscall(MARK_ALL_ALIVE);
    pthread_barrier_wait(&bar);
    for (int i = 0; i < n; i++) {
        pthread_join(th[i], NULL);
        sum += jobs[i].result;
    }
    syscall(MARK_SEQUENTIAL);
    for (int i = 0; i < seq; i++) {
        struct job j = {NULL, iter, (unsigned long)i + 1000};
        pthread_t t;
        if (pthread_create(&t, NULL, short_lived, &j) || pthread_join(t, NULL)) {
            perror("pthread");
            return 1;
        }
        sum += j.result;
    }
    printf("threads %d iter %ld seq %d: sum %lx\n", n, iter, seq, sum);
    free(jobs);
    free(th);
    return 0;
}
