/*
 * fib.c — guest for t_bundled_callgraph.sh: recursive fib(15) from main (1973 calls of fib:
 * fib(n) makes 2 * F(n + 1) - 1 calls), then, with an argument T, T threads each running
 * worker(), which calls fib(12) (465 calls). Built -O0 so that every call is a real call.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

long fib(long n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

void *worker(void *arg)
{
    *(long *)arg = fib(12);
    return NULL;
}

int main(int argc, char **argv)
{
    int nt = argc > 1 ? atoi(argv[1]) : 0;
    pthread_t th[16];
    long res[16];
    printf("fib(15) = %ld\n", fib(15));
    for (int i = 0; i < nt && i < 16; i++)
        pthread_create(&th[i], NULL, worker, &res[i]);
    for (int i = 0; i < nt && i < 16; i++) {
        pthread_join(th[i], NULL);
        printf("worker %d: %ld\n", i, res[i]);
    }
    return 0;
}
