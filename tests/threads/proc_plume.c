/*
 * proc_plume.c — process behaviour checked under plume alone (t_proc.sh), where QEMU 7.2
 * cannot run it or aborts. Modes (argv[1]):
 *   exec         execve of this riscv64 program (plume runs it again) with argv[0] "renamed";
 *                the new image reports argc/argv, its machine and whether /proc/self/maps
 *                names the program rather than the emulator;
 *   forkthreads  a parent with a running thread forks; the child creates and joins threads;
 *   cpuinfo      /proc/cpuinfo has one riscv64 hart entry per online CPU;
 *   robust       a robust mutex whose owner thread exits gives EOWNERDEAD to the next
 *                locker, then works normally after pthread_mutex_consistent; the same for a
 *                process-shared robust mutex whose owner process exits, and for one held by
 *                a thread that is still running when another thread of its process calls exit
 *                (exit_group releases the robust futexes of every thread).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t robust;

static void *hold_and_exit(void *arg)
{
    pthread_mutex_lock(&robust);
    return NULL;
}

/* Lock the process-shared robust mutex arg, report it on the pipe, and keep running. */
static int locked_pipe[2];
static void *hold_and_run(void *arg)
{
    pthread_mutex_lock(arg);
    if (write(locked_pipe[1], "L", 1) != 1)
        _exit(3);
    for (;;)
        pause();
    return NULL;
}

static void *sleep_a_bit(void *arg)
{
    usleep(20000);
    return arg;
}

static void init_robust(pthread_mutex_t *m, int pshared)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    if (pshared)
        pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(m, &a);
}

static const char *lock_result(pthread_mutex_t *m)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 3;
    int r = pthread_mutex_timedlock(m, &ts);
    if (r == EOWNERDEAD) {
        pthread_mutex_consistent(m);
        pthread_mutex_unlock(m);
        r = pthread_mutex_lock(m);
        pthread_mutex_unlock(m);
        return r == 0 ? "EOWNERDEAD, then consistent" : "EOWNERDEAD, then broken";
    }
    return r == ETIMEDOUT ? "hangs (ETIMEDOUT)"
           : r == 0       ? "acquired (owner death ignored)"
                          : "error";
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";

    if (strcmp(mode, "exec") == 0) {
        char *nargv[] = {"renamed", "execed", "x y", NULL};
        fflush(stdout);
        execv("/proc/self/exe", nargv);
        perror("execv");
        return 1;
    }
    if (strcmp(mode, "execed") == 0) {
        struct utsname u;
        char line[512];
        int names_prog = 0, names_plume = 0;
        FILE *f = fopen("/proc/self/maps", "r");
        while (f && fgets(line, sizeof(line), f)) {
            names_prog |= strstr(line, "proc_plume") != NULL;
            names_plume |= strstr(line, "/plume\n") != NULL;
        }
        uname(&u);
        printf("argc %d argv0 %s argv2 '%s' machine %s maps %s\n", argc, argv[0], argv[2],
               u.machine, names_prog && !names_plume ? "guest" : "host");
        return 0;
    }
    if (strcmp(mode, "forkthreads") == 0) {
        pthread_t t;
        int st;
        pthread_create(&t, NULL, sleep_a_bit, NULL);
        pid_t pid = fork();
        if (pid == 0) {
            pthread_t t2[4];
            long sum = 0;
            void *r;
            for (long i = 0; i < 4; i++)
                pthread_create(&t2[i], NULL, sleep_a_bit, (void *)i);
            for (int i = 0; i < 4; i++) {
                pthread_join(t2[i], &r);
                sum += (long)r;
            }
            _exit(sum == 6 ? 13 : 1);
        }
        waitpid(pid, &st, 0);
        pthread_join(t, NULL);
        printf("fork while threaded: child status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        return 0;
    }
    if (strcmp(mode, "cpuinfo") == 0) {
        FILE *f = fopen("/proc/cpuinfo", "r");
        char line[256];
        int procs = 0, harts = 0, isa = 0, mmu = 0;
        while (f && fgets(line, sizeof(line), f)) {
            procs += strncmp(line, "processor\t: ", 12) == 0;
            harts += strncmp(line, "hart\t\t: ", 8) == 0;
            isa += strncmp(line, "isa\t\t: rv64imafdc", 17) == 0;
            mmu += strcmp(line, "mmu\t\t: sv39\n") == 0;
        }
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        printf("cpuinfo %s\n", procs == n && harts == n && isa == n && mmu == n ? "ok" : "bad");
        return 0;
    }
    if (strcmp(mode, "robust") == 0) {
        pthread_t t;
        init_robust(&robust, 0);
        pthread_create(&t, NULL, hold_and_exit, NULL);
        pthread_join(t, NULL);
        printf("thread owner died: %s\n", lock_result(&robust));
        pthread_mutex_t *shm =
            mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        init_robust(shm, 1);
        pid_t pid = fork();
        if (pid == 0) {
            pthread_mutex_lock(shm);
            _exit(0);
        }
        waitpid(pid, NULL, 0);
        printf("process owner died: %s\n", lock_result(shm));
        if (pipe(locked_pipe))
            return 2;
        fflush(stdout);
        pid = fork();
        if (pid == 0) {
            pthread_t holder;
            char c;
            pthread_create(&holder, NULL, hold_and_run, shm);
            if (read(locked_pipe[0], &c, 1) != 1)
                _exit(3);
            exit(0);
        }
        waitpid(pid, NULL, 0);
        printf("owner thread running at exit_group: %s\n", lock_result(shm));
        return 0;
    }
    return 2;
}
