/*
 * sys_process.c — process syscalls: fork + wait4 + exit status, kill of a child, a child's
 * fatal fault, pipes across fork, execve errors, rlimits, uname machine, ids, /proc/self files.
 * Prints deterministic lines only. (execve of a riscv64 program and RLIMIT_STACK round trips
 * are left out: qemu-riscv64 7.2 without binfmt_misc cannot do the first and passes the second
 * to the host, so the outputs could not be compared.)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static void check(const char *what, int ok)
{
    printf("%-44s %s\n", what, ok ? "ok" : "FAIL");
}

static ssize_t slurp(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    ssize_t n, total = 0;

    if (fd < 0)
        return -1;
    while (total < (ssize_t)size - 1 && (n = read(fd, buf + total, size - 1 - total)) > 0)
        total += n;
    buf[total] = 0;
    close(fd);
    return total;
}

int main(int argc, char **argv, char **envp)
{
    /* fork + _exit status */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    int st = 0;
    pid_t w = waitpid(pid, &st, 0);
    check("fork/waitpid: exit status 7", w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7);

    /* child killed by a signal */
    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    kill(pid, SIGTERM);
    w = waitpid(pid, &st, 0);
    check("child killed by SIGTERM", w == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);

    /* child dying of its own segfault */
    pid = fork();
    if (pid == 0) {
        volatile int *volatile bad = (int *)16;
        *bad = 1;
        _exit(0);
    }
    w = waitpid(pid, &st, 0);
    check("child dies of SIGSEGV", w == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);

    /* pipe across fork */
    int p[2];
    pipe(p);
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        write(p[1], "hello", 5);
        _exit(0);
    }
    close(p[1]);
    char buf[4096];
    ssize_t n = read(p[0], buf, sizeof(buf));
    close(p[0]);
    waitpid(pid, &st, 0);
    check("pipe between parent and child", n == 5 && memcmp(buf, "hello", 5) == 0);

    /* execve failure */
    char *nargv[] = {"nope", NULL};
    check("execve of a missing file: ENOENT",
          execve("/nonexistent/prog", nargv, envp) == -1 && errno == ENOENT);

    /* waitpid with no children */
    check("wait without children: ECHILD", waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);

    /* ids */
    check("getpid == gettid", getpid() == (pid_t)syscall(SYS_gettid));
    check("getppid differs", getppid() != getpid());

    struct utsname u;
    uname(&u);
    check("uname machine riscv64", strcmp(u.machine, "riscv64") == 0);

    /* rlimits */
    struct rlimit rl;
    check("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 2);
    check("getrlimit STACK", getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur >= 4096);

    /* /proc/self */
    n = slurp("/proc/self/maps", buf, sizeof(buf));
    check("/proc/self/maps has [stack]", n > 0 && strstr(buf, "[stack]") != NULL);
    n = slurp("/proc/self/cmdline", buf, sizeof(buf));
    check("/proc/self/cmdline is argv", n > 0 && strcmp(buf, argv[0]) == 0 &&
                                             (size_t)n == strlen(argv[0]) + 1);
    unsigned long av[64];
    n = slurp("/proc/self/auxv", (char *)av, sizeof(av));
    int found = 0;
    for (ssize_t i = 0; i + 1 < n / 8; i += 2) {
        if (av[i] == AT_PAGESZ && av[i + 1] == 4096)
            found = 1;
    }
    check("/proc/self/auxv has AT_PAGESZ 4096", found);
    check("getauxval(AT_PAGESZ)", getauxval(AT_PAGESZ) == 4096);
    char link[4096];
    n = readlink("/proc/self/exe", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = 0;
    check("/proc/self/exe names this program", n > 0 && strstr(link, "sys_process") != NULL);

    fflush(stdout);
    return 3;
}
