/*
 * threads_lastexit.c — guest for t_last_exit.sh: the two remaining threads (main and one
 * pthread) call exit(2) at the same moment. Exactly one of them is the last thread, whose exit
 * ends the process (exit status 0) with the plugin exit sequence: atexit callbacks run once.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t bar;

static void *second(void *arg)
{
    pthread_barrier_wait(&bar);
    syscall(SYS_exit, 0);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_barrier_init(&bar, NULL, 2);
    pthread_create(&t, NULL, second, NULL);
    pthread_barrier_wait(&bar);
    syscall(SYS_exit, 0);
}
