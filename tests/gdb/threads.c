/* threads.c — guest for the gdb stub tests: a second thread stops at a breakpoint while the
 * main thread waits for it in pthread_join. */
#include <pthread.h>
#include <stdio.h>

volatile int shared;

void __attribute__((noinline)) worker_mark(int v)
{
    shared = v;
}

static void *worker(void *arg)
{
    worker_mark(42);
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    printf("shared=%d\n", shared);
    return 0;
}
