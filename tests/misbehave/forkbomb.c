/*
 * forkbomb.c — a fork bomb bounded by RLIMIT_NPROC.
 *
 * Usage: forkbomb limit [flat|tree]
 * Sets RLIMIT_NPROC to limit, then forks until fork fails. flat: only the first process forks;
 * tree: every child forks too (the classic bomb), so the whole tree races for the same limit.
 * Every child closes its copy of the "hold" pipe's write end and blocks reading it; once the
 * first process has stopped forking it closes its own write end, which lets every child see
 * EOF, reap its own children and exit. Each process reports over the "count" pipe: one byte
 * when it is born, one when it stops forking (a fork error, or at once for flat children). The
 * first process releases the tree only when every process has stopped forking, so all of them
 * exist at once and their number is what RLIMIT_NPROC allowed. It prints:
 *   forkbomb: processes within the limit, fork errors: EAGAIN only; all reaped
 * and, on stderr, the counts.
 * Root ignores RLIMIT_NPROC: run it as an ordinary user.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
    MARK_FORKED = 'f',
    MARK_EAGAIN = 'a',
    MARK_OTHER = 'x',
    MARK_DONE = 'd',
    MARK_UNREAPED = 'u'
};

static int hold[2], count[2];

/*
 * Fork until failure (or max_children); returns how many children this process has. A new child
 * reports itself ('f') before it acknowledges its birth to the parent over a fresh pipe, and the
 * parent waits for that acknowledgement before going on, so a process's fork-error mark always
 * follows the 'f' marks of all its children.
 */
static int fork_until_failure(int tree, int max_children)
{
    int children = 0;
    char mark;

    while (children < max_children) {
        int ack[2];
        if (pipe(ack) != 0) {
            mark = MARK_OTHER;
            write(count[1], &mark, 1);
            break;
        }
        pid_t pid = fork();
        if (pid == 0) {
            mark = MARK_FORKED;
            write(count[1], &mark, 1);
            write(ack[1], &mark, 1);
            close(ack[0]);
            close(ack[1]);
            close(hold[1]);
            children = 0;
            if (!tree) {
                mark = MARK_DONE;
                write(count[1], &mark, 1);
                return 0;
            }
            continue;
        }
        close(ack[1]);
        if (pid > 0)
            read(ack[0], &mark, 1);
        close(ack[0]);
        if (pid < 0) {
            mark = errno == EAGAIN ? MARK_EAGAIN : MARK_OTHER;
            if (mark == MARK_OTHER)
                fprintf(stderr, "forkbomb: fork failed: %s\n", strerror(errno));
            write(count[1], &mark, 1);
            break;
        }
        children++;
    }
    return children;
}

/* Wait for every child; report any that cannot be reaped. */
static void reap(int children)
{
    char mark = MARK_UNREAPED;
    for (int i = 0; i < children; i++) {
        if (wait(NULL) < 0)
            write(count[1], &mark, 1);
    }
}

int main(int argc, char **argv)
{
    int limit = argc > 1 ? atoi(argv[1]) : 20;
    int tree = argc > 2 && strcmp(argv[2], "tree") == 0;
    struct rlimit rl = {limit, limit};

    if (setrlimit(RLIMIT_NPROC, &rl) != 0) {
        perror("setrlimit");
        return 2;
    }
    if (pipe(hold) || pipe(count)) {
        perror("pipe");
        return 2;
    }
    pid_t self = getpid();
    int children = fork_until_failure(tree, 4 * limit);
    if (getpid() != self) {
        char c;
        while (read(hold[0], &c, 1) > 0)
            ;
        reap(children);
        _exit(0);
    }
    /* Every process writes one fork-error mark when it stops forking: once there are as many
     * as processes, the whole tree is alive at once and nobody forks any more. */
    long forked = 0, eagain = 0, other = 0, done = 0, late = 0, unreaped = 0;
    char buf[256];
    ssize_t n;
    while (done < forked + 1 && (n = read(count[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            forked += buf[i] == MARK_FORKED;
            eagain += buf[i] == MARK_EAGAIN;
            other += buf[i] == MARK_OTHER;
            done += buf[i] == MARK_EAGAIN || buf[i] == MARK_OTHER || buf[i] == MARK_DONE;
        }
    }
    close(hold[1]);
    reap(children);
    close(count[1]);
    while ((n = read(count[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            late += buf[i] != MARK_UNREAPED;
            unreaped += buf[i] == MARK_UNREAPED;
        }
    }
    printf("forkbomb: processes %s, fork errors: %s; %s\n",
           forked + 1 <= limit && late == 0 ? "within the limit" : "OVER THE LIMIT",
           eagain > 0 && other == 0 ? "EAGAIN only" : "UNEXPECTED",
           unreaped == 0 ? "all reaped" : "SOME NOT REAPED");
    fprintf(stderr,
            "forkbomb: %ld processes, %ld EAGAIN, %ld other errors, %ld late, %ld unreaped\n",
            forked + 1, eagain, other, late, unreaped);
    return 0;
}
