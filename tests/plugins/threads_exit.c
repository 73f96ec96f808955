/*
 * threads_exit.c — guest for threads.c (t_threads.sh): exit_group from a thread other than main
 * while every other thread spins in a tight loop without syscalls.
 *
 * Usage: threads_exit SPINNERS ENDERS. main starts SPINNERS threads that spin forever, waits
 * until all of them run, then starts ENDERS threads that call exit_group(3) at the same moment
 * (two enders race to end the process) once every ender is running, and spins itself. The process must end with status 3
 * without hanging, the plugin's atexit running exactly once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static int started, ready, go;

static void *spinner(void *arg)
{
    volatile unsigned long n = 0;
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    for (;;)
        n++;
    return NULL;
}

static void *ender(void *arg)
{
    __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&go, __ATOMIC_SEQ_CST))
        continue;
    syscall(SYS_exit_group, 3);
    return NULL;
}

int main(int argc, char **argv)
{
    int spinners = argc > 1 ? atoi(argv[1]) : 4;
    int enders = argc > 2 ? atoi(argv[2]) : 1;
    pthread_t t;
    volatile unsigned long n = 0;

    for (int i = 0; i < spinners; i++)
        pthread_create(&t, NULL, spinner, NULL);
    while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < spinners)
        continue;
    for (int i = 0; i < enders; i++)
        pthread_create(&t, NULL, ender, NULL);
    /* Every ender runs guest code (so its vcpu_init is done) before any of them may end. */
    while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < enders)
        continue;
    __atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
    for (;;)
        n++;
}
