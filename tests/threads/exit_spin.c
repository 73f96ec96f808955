/*
 * exit_spin.c — exit_group from one thread while others spin in pure compute loops (no
 * syscalls, no memory traffic the others wait on). argv[1] picks who exits: "main" (main thread
 * calls exit(3) while N workers spin), "worker" (a worker calls _exit(4) while main and the
 * others spin), "group" (the raw exit_group syscall, status 5, from a worker while main is
 * blocked in pthread_join). argv[2] is the number of spinning threads (default 8). The process
 * must end at once with that status: t_exit_spin.sh checks status and elapsed time.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int started;
static char mode_char;

static unsigned long spin_forever(unsigned long x)
{
    for (;;) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        x ^= x >> 29;
        asm volatile("" : "+r"(x));
    }
    return x;
}

static void *spinner(void *arg)
{
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    spin_forever((unsigned long)arg);
    return NULL;
}

static void *exiter(void *arg)
{
    int n = (int)(long)arg;
    while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < n)
        continue;
    if (mode_char == 'g')
        syscall(SYS_exit_group, 5);
    _exit(4);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "main";
    int n = argc > 2 ? atoi(argv[2]) : 8;
    pthread_t t;

    for (long i = 0; i < n; i++)
        pthread_create(&t, NULL, spinner, (void *)i);
    if (strcmp(mode, "main") == 0) {
        while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < n)
            continue;
        exit(3);
    }
    mode_char = mode[0];
    pthread_create(&t, NULL, exiter, (void *)(long)n);
    if (strcmp(mode, "group") == 0)
        pthread_join(t, NULL);
    spin_forever(1);
    return 0;
}
